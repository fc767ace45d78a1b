"""Safe YAML reading into a marked tree: every node keeps its line and column.

PyYAML is used only to *compose* the node graph (its safe loader, the C one when present);
nothing is constructed from tags, so no Python object can be built from a file and no scalar
goes through a float. This module turns the node graph into [`Scalar`][], [`Mapping`][] and
[`Sequence`][] values, and reports what PyYAML lets pass silently:

- duplicate keys in a mapping (PyYAML keeps the last one);
- tags other than YAML's standard ones (`!!python/object/apply:os.system`, `!custom`...);
- alias expansion beyond a node budget ("billion laughs"), nesting beyond a depth limit;
- several documents in one file, an empty file, bytes that are not UTF-8, tabs in indentation;
- characters YAML does not allow (NUL, ESC and the other control characters, U+FFFE...), found
  before PyYAML reads the text, at their own line and column.

Every message is one line: a message of PyYAML's own is folded onto one line.
"""

from __future__ import annotations

import codecs
import contextlib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Union

import yaml
from attrs import field, frozen

from cpg_score.errors import Problem, ProblemCode, child_path, limit_hint

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "Limits",
    "Mapping",
    "Node",
    "Scalar",
    "Sequence",
    "YamlProblems",
    "child_path",
    "one_line",
    "parse_yaml",
    "too_large",
]

try:  # pragma: no cover - depends on how PyYAML was built
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {
    _STD + "str": "str",
    _STD + "int": "int",
    _STD + "float": "float",
    _STD + "bool": "bool",
    _STD + "null": "null",
    _STD + "timestamp": "str",
    _STD + "merge": "merge",
}
_MAP_TAG = _STD + "map"
_SEQ_TAG = _STD + "seq"


def _positive(instance: Any, attribute: Any, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a whole number >= 1, got {value!r}")


def _depth(instance: Any, attribute: Any, value: int) -> None:
    _positive(instance, attribute, value)
    # The reader recurses once per level: past a few hundred levels Python's own stack (and
    # libyaml's composer, which is recursive C) would give out before the limit does.
    if value > MAX_DEPTH:
        raise ValueError(f"{attribute.name} must be at most {MAX_DEPTH}, got {value}")


#: The largest `max_depth` accepted (deeper nesting could exhaust the interpreter's stack).
MAX_DEPTH = 200
#: The largest `max_bytes` accepted (1 GiB: a grid or results file is a few kilobytes).
MAX_BYTES = 1 << 30
#: The largest `max_nodes` accepted.
MAX_NODES = 100_000_000


def _bounded(maximum: int) -> Any:
    def check(instance: Any, attribute: Any, value: int) -> None:
        _positive(instance, attribute, value)
        if value > maximum:
            raise ValueError(f"{attribute.name} must be at most {maximum}, got {value}")

    return check


@frozen
class Limits:
    """Bounds on what a file may make the reader do.

    Attributes:
        max_bytes: Largest file accepted, in bytes (10 MiB by default).
        max_nodes: Most nodes visited, aliases expanded (guards against alias bombs).
        max_depth: Deepest nesting of mappings and sequences (at most `MAX_DEPTH`).

    The command line sets them with `--max-bytes`, `--max-nodes` and `--max-depth`; a file
    beyond a limit is refused with a message naming the limit.

    Raises:
        ValueError: A limit is not a whole number >= 1, or exceeds `MAX_BYTES`, `MAX_NODES` or
            `MAX_DEPTH`.
    """

    max_bytes: int = field(default=10 * 1024 * 1024, validator=_bounded(MAX_BYTES))
    max_nodes: int = field(default=200_000, validator=_bounded(MAX_NODES))
    max_depth: int = field(default=64, validator=_depth)


@frozen(eq=False)
class Scalar:
    """A scalar node: its text as written, its resolved kind and where it stands.

    `kind` is one of `str`, `int`, `float`, `bool`, `null` (YAML 1.1 implicit resolution of
    plain scalars; quoted scalars are always `str`).
    """

    text: str
    kind: str
    line: int
    column: int


@frozen(eq=False)
class Mapping:
    """A mapping node: its entries in order, keys as scalars."""

    entries: tuple[tuple[Scalar, Node], ...]
    line: int
    column: int

    def get(self, key: str) -> Node | None:
        """Return the value for `key`, or None."""
        for k, v in self.entries:
            if k.text == key:
                return v
        return None

    def keys(self) -> list[str]:
        """Return the keys, in order."""
        return [k.text for k, _ in self.entries]


@frozen(eq=False)
class Sequence:
    """A sequence node."""

    items: tuple[Node, ...]
    line: int
    column: int


Node = Union[Scalar, Mapping, Sequence]  # noqa: UP007 (a runtime alias, Python 3.10)


class YamlProblems(Exception):
    """Raised by [`parse_yaml`][] with every problem found; the loader turns it into its error."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def _decode(data: bytes, file: str) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblems(
            [
                Problem(
                    message=f"file is not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded "
                    "(save the file as UTF-8)",
                    file=file,
                    line=line,
                    column=column,
                    code=ProblemCode.NOT_TEXT,
                )
            ]
        ) from None


def _tab_problem(text: str, file: str) -> Problem | None:
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip():
            return Problem(
                message="tab character used for indentation; YAML indents with spaces only",
                file=file,
                line=number,
                column=indent.index("\t") + 1,
                code=ProblemCode.SYNTAX,
            )
    return None


def parse_yaml(source: str | bytes, file: str = "<string>", limits: Limits | None = None) -> Node:
    """Read one YAML document safely into a marked tree.

    Args:
        source: The document, as text or as bytes (UTF-8, a byte-order mark is accepted).
        file: The name to report in problems.
        limits: Size, node and depth bounds (defaults: [`Limits`][]()).

    Returns:
        The root node.

    Raises:
        YamlProblems: The text is not a single well-formed YAML document within the limits;
            every problem found is carried.
    """
    limits = limits or Limits()
    size = len(source) if isinstance(source, bytes) else len(source.encode("utf-8", "replace"))
    if size > limits.max_bytes:
        raise YamlProblems([_at_start(too_large(size, limits), file, ProblemCode.TOO_LARGE)])
    text = _decode(source, file) if isinstance(source, bytes) else source.lstrip("\ufeff")
    _check_characters(text, file)
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise YamlProblems([_at_start(_EMPTY, file, ProblemCode.EMPTY)])
    try:
        _check_depth(text, file, limits)
        documents = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        raise _malformed(exc, text, file) from None
    except yaml.YAMLError as exc:
        message = f"malformed YAML: {one_line(str(exc))}"
        raise YamlProblems([_at_start(message, file, ProblemCode.SYNTAX)]) from None
    documents = [d for d in documents if d is not None]
    if not documents:
        raise YamlProblems([_at_start(_EMPTY, file, ProblemCode.EMPTY)])
    if len(documents) > 1:
        second = documents[1]
        raise YamlProblems(
            [
                Problem(
                    message=f"several YAML documents in one file ({len(documents)}); "
                    "put each in its own file",
                    file=file,
                    line=second.start_mark.line + 1,
                    column=second.start_mark.column + 1,
                    code=ProblemCode.SYNTAX,
                )
            ]
        )
    converter = _Converter(file, limits)
    root = converter.convert(documents[0], 0)
    if converter.problems:
        raise YamlProblems(converter.problems)
    return root


#: What YAML 1.1 and 1.2 allow in a stream (`c-printable`): tab, line breaks, printable
#: characters. Anything else (NUL, ESC, DEL, C1 controls, surrogates, U+FFFE, U+FFFF) is refused.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: What YAML counts as a line break (as libyaml marks lines).
_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_LINE_BREAKS = re.compile(r"\s*[\r\n\x85\u2028\u2029]\s*")


def one_line(message: str) -> str:
    """A message on one line: line breaks (and the blanks around them) become one space."""
    return _LINE_BREAKS.sub(" ", message).strip()


def _check_characters(text: str, file: str) -> None:
    """Refuse a character YAML does not allow, at its own line and column (a C scan, linear).

    PyYAML refuses them too, but with a message on two lines pinned at the start of the file.
    """
    found = _NOT_PRINTABLE.search(text)
    if found is None:
        return
    index = found.start()
    char = found.group()
    breaks = [m.end() for m in _YAML_BREAK.finditer(text, 0, index)]
    line = len(breaks) + 1
    column = index - (breaks[-1] if breaks else 0) + 1
    what = "control character" if unicodedata.category(char) == "Cc" else "character"
    message = f"{what} U+{ord(char):04X} is not allowed in a YAML file (remove it)"
    raise YamlProblems(
        [Problem(message=message, file=file, line=line, column=column, code=ProblemCode.NOT_TEXT)]
    )


def _malformed(exc: yaml.MarkedYAMLError, text: str, file: str) -> YamlProblems:
    """PyYAML's error as our one problem: its message on one line, at its mark."""
    tab = _tab_problem(text, file)
    if tab is not None:
        return YamlProblems([tab])
    mark = exc.problem_mark or exc.context_mark
    context = exc.context
    where = exc.context_mark
    if context and where is not None and mark is not None and where.line != mark.line:
        context += f" (started at line {where.line + 1}, column {where.column + 1})"
    message = one_line(" ".join(x for x in (context, exc.problem) if x)) or "malformed YAML"
    if mark is not None and "sequence entries are not allowed" in (exc.problem or ""):
        line_text = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
        if line_text[mark.column :].strip() == "-":
            message += ' (a lone - marks a list item; write "-" in quotes for a result not scored)'
    return YamlProblems(
        [
            Problem(
                message=f"malformed YAML: {message}",
                file=file,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
                code=ProblemCode.SYNTAX,
            )
        ]
    )


def too_large(size: int, limits: Limits) -> str:
    """The message for a file of `size` bytes beyond `limits.max_bytes`."""
    hint = limit_hint(ProblemCode.TOO_LARGE)
    return f"file too large: {size} bytes, more than max_bytes = {limits.max_bytes} ({hint})"


def _check_depth(text: str, file: str, limits: Limits) -> None:
    """Refuse nesting beyond `max_depth`, and more than `max_nodes` nodes, before composing.

    libyaml's composer is recursive: a few hundred thousand nested `[` would overflow the C
    stack (a crash, not an exception), so the depth is bounded here, on the parser's events,
    which come from an iterative state machine. Nodes are counted on the same events, so a
    file of millions of values is refused after `max_nodes` of them, not once composed.

    Recent libyaml builds refuse 1000 levels of nesting themselves, with their own message. So
    when the C parser fails where that bound could have been reached, the same events are
    read again by PyYAML's pure-Python parser (which has no such bound, and is stopped by ours
    after at most `max_depth` levels or `max_nodes` nodes): our limit, message and location
    win whatever libyaml version is installed.
    """
    try:
        _walk_events(yaml.parse(text, Loader=_Loader), file, limits)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is None or not _maybe_libyaml_nesting(text, mark.line, mark.column):
            raise
        end = _line_end(text, mark.line)
        with contextlib.suppress(yaml.YAMLError):  # not ours to report: libyaml's error stands
            _walk_events(yaml.parse(text[:end], Loader=yaml.SafeLoader), file, limits)
        raise exc from None


#: libyaml (0.2.5 as built into PyYAML 6.0.3 and later) refuses 1000 levels of flow or block
#: nesting. Below half of that, an error cannot be libyaml's own bound (`MAX_DEPTH` is 200).
_LIBYAML_SUSPECT = 500


def _maybe_libyaml_nesting(text: str, line: int, column: int) -> bool:
    """Whether a parse error at (line, column) could be libyaml's own nesting bound."""
    if column >= _LIBYAML_SUSPECT:
        return True
    before = text[: _line_end(text, line)]
    # The open brackets not closed before the error (quotes aside: an overestimate only costs a
    # second reading, which stops at `max_depth` or `max_nodes`).
    depth = before.count("[") + before.count("{") - before.count("]") - before.count("}")
    return depth >= _LIBYAML_SUSPECT


def _line_end(text: str, line: int) -> int:
    """The index just past 0-based `line` of `text` (its length when there is no such line)."""
    index = -1
    for _ in range(line + 1):
        index = text.find("\n", index + 1)
        if index < 0:
            return len(text)
    return index + 1


def _walk_events(events: Iterable[yaml.Event], file: str, limits: Limits) -> None:
    """Follow the event stream; raise at the first node beyond the depth or node limits."""
    # One entry per open collection: [is_mapping, children seen, last key]. The path of a node
    # is only built for a message (building it for every node made long files slow).
    stack: list[list[Any]] = []
    count = 0
    for event in events:
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        count += 1
        if stack:
            top = stack[-1]
            if top[0] and top[1] % 2 == 0 and isinstance(event, yaml.ScalarEvent):
                top[2] = event.value
            top[1] += 1
        if count > limits.max_nodes:
            raise YamlProblems([_limit(_too_many(limits), ProblemCode.TOO_MANY_NODES, file, event, stack)])
        if isinstance(event, yaml.CollectionStartEvent):
            if len(stack) >= limits.max_depth:
                raise YamlProblems([_limit(_too_deep(limits), ProblemCode.TOO_DEEP, file, event, stack)])
            stack.append([isinstance(event, yaml.MappingStartEvent), 0, ""])


def _stack_path(stack: list[list[Any]]) -> str:
    """The (shortened) path of the node just counted in the innermost open collection."""
    path = "$"
    for is_mapping, seen, key in stack:
        path = child_path(path, str(key)) if is_mapping else f"{path}[{seen - 1}]"
        if len(path) > 60:
            break
    return _short(path)


def _limit(message: str, code: ProblemCode, file: str, event: yaml.Event, stack: list[list[Any]]) -> Problem:
    line, column = _place(event)
    return Problem(message=message, file=file, line=line, column=column, path=_stack_path(stack), code=code)


_EMPTY = "file is empty: expected a YAML mapping"


def _at_start(message: str, file: str, code: ProblemCode) -> Problem:
    """A problem of the whole file, placed at its start."""
    return Problem(message=message, file=file, line=1, column=1, code=code)


def _place(event: yaml.Event) -> tuple[int | None, int | None]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


def _too_many(limits: Limits) -> str:
    hint = limit_hint(ProblemCode.TOO_MANY_NODES)
    return f"document too large: more than max_nodes = {limits.max_nodes} nodes ({hint})"


def _too_deep(limits: Limits) -> str:
    return (
        f"document nested too deeply: more than max_depth = {limits.max_depth} levels "
        f"({limit_hint(ProblemCode.TOO_DEEP)})"
    )


class _Converter:
    def __init__(self, file: str, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.count = 0
        self.problems: list[Problem] = []

    def _fatal(self, message: str, node: yaml.Node, path: str, code: ProblemCode) -> YamlProblems:
        mark = node.start_mark
        return YamlProblems(
            [
                Problem(
                    message=message,
                    file=self.file,
                    line=mark.line + 1,
                    column=mark.column + 1,
                    path=_short(path),
                    code=code,
                )
            ]
        )

    def _problem(self, message: str, line: int, column: int, path: str, code: ProblemCode) -> None:
        self.problems.append(
            Problem(message=message, file=self.file, line=line, column=column, path=path, code=code)
        )

    def _bad_tag(self, tag: str, line: int, column: int, path: str) -> None:
        message = f"tag {_tag_name(tag)} is not allowed: a file holds plain values only, no tags"
        self._problem(message, line, column, path, ProblemCode.BAD_TAG)

    def convert(self, node: yaml.Node, depth: int, path: str = "$") -> Node:
        self.count += 1
        if self.count > self.limits.max_nodes:
            raise self._fatal(
                "document too large once aliases are expanded (an alias bomb?): more than "
                f"max_nodes = {self.limits.max_nodes} nodes ({limit_hint(ProblemCode.TOO_MANY_NODES)})",
                node,
                path,
                ProblemCode.TOO_MANY_NODES,
            )
        if depth > self.limits.max_depth:
            raise self._fatal(_too_deep(self.limits), node, path, ProblemCode.TOO_DEEP)
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if isinstance(node, yaml.ScalarNode):
            kind = _SCALAR_TAGS.get(node.tag)
            if kind is None:
                self._bad_tag(node.tag, line, column, path)
                kind = "str"
            return Scalar(node.value, kind, line, column)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                self._bad_tag(node.tag, line, column, path)
            items = tuple(self.convert(n, depth + 1, f"{path}[{i}]") for i, n in enumerate(node.value))
            return Sequence(items, line, column)
        assert isinstance(node, yaml.MappingNode)
        if node.tag != _MAP_TAG:
            self._bad_tag(node.tag, line, column, path)
        entries: list[tuple[Scalar, Node]] = []
        seen: dict[str, Scalar] = {}
        for key_node, value_node in node.value:
            key = self.convert(key_node, depth + 1, path)
            if not isinstance(key, Scalar):
                self._problem(
                    "a mapping key must be a plain value", key.line, key.column, path, ProblemCode.WRONG_TYPE
                )
                continue
            value = self.convert(value_node, depth + 1, child_path(path, key.text))
            if key.kind == "merge":
                self._problem(
                    "merge keys (<<) are not supported", key.line, key.column, path, ProblemCode.SYNTAX
                )
                continue
            if key.text in seen:
                self._problem(
                    f"duplicate key {key.text!r} (first at line {seen[key.text].line}); "
                    "a key may appear only once",
                    key.line,
                    key.column,
                    child_path(path, key.text),
                    ProblemCode.DUPLICATE_KEY,
                )
                continue
            seen[key.text] = key
            entries.append((key, value))
        return Mapping(tuple(entries), line, column)


def _short(path: str) -> str:
    """A path cut to 60 characters: deep (or recursive) nesting repeats itself."""
    return path if len(path) <= 60 else path[:57] + "..."


def _tag_name(tag: str) -> str:
    """A tag as written: `!!python/object` for YAML's own prefix, else as is."""
    return "!!" + tag[len(_STD) :] if tag.startswith(_STD) else tag
