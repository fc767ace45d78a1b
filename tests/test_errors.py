"""The error family's helpers: one-line printable problems, bounded "did you mean" hints."""

from __future__ import annotations

from cpg_score.errors import Problem, Suggestions

MANY = [f"obj-{k}" for k in range(5000)] + ["fraude", "transport-sanitaire"]


def test_a_hint_among_few_candidates_is_difflib_closest() -> None:
    expected = "; did you mean 'fraude'?"
    assert expected == Suggestions(["fraude", "transport"]).hint("fraudes")


def test_no_hint_when_nothing_is_close() -> None:
    expected = ""
    assert expected == Suggestions(["fraude", "transport"]).hint("zzz")


def test_a_hint_among_many_candidates_finds_the_close_one() -> None:
    suggestions = Suggestions(MANY)
    expected = [
        "; did you mean 'fraude'?",
        "; did you mean 'transport-sanitaire'?",
        "; did you mean 'obj-4321'?",
    ]
    assert expected == [suggestions.hint(w) for w in ("fraudes", "transport-sanitair", "obj-4321x")]


def test_hints_stop_after_the_limit() -> None:
    suggestions = Suggestions(["fraude"], limit=2)
    expected = ["; did you mean 'fraude'?", "; did you mean 'fraude'?", ""]
    assert expected == [suggestions.hint("fraudes") for _ in range(3)]


def test_a_problem_escapes_a_control_character_of_its_file_name() -> None:
    expected = "a\\x1bb.yaml:1:2: m @ $"
    assert expected == str(Problem(message="m", file="a\x1bb.yaml", line=1, column=2))


def test_a_problem_keeps_tabs_and_printable_unicode() -> None:
    expected = "f: got 'é\tx' « » @ $"
    assert expected == str(Problem(message="got 'é\tx' « »", file="f"))
