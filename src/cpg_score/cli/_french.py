"""The command line in French: the language asked, and a catalogue that translates our English
texts (help, messages) at print time.

The library words its messages in English (a `Problem` keeps its English `message`: JSON output
and programs see the same text whatever the language); the command line renders them in the
language of `--lang` when it prints them. A catalogue entry is an English template and its French
form, with `{name}` placeholders standing for the variable parts (an id, a value as written);
a placeholder whose name starts with `msg` holds a message that is itself translated (a prefix
such as `indicator 'x': {msg}`). A text no entry matches is printed as it is, in English.

The language: `--lang fr|en` anywhere on the command line, else the environment variable
`CPG_SCORE_LANG`, else French.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Iterable, Mapping, Sequence

__all__ = ["DEFAULT_LANG", "ENV_LANG", "Catalogue", "lang_of"]

#: The language when neither `--lang` nor the environment says.
DEFAULT_LANG = "fr"
#: The environment variable that sets the default language.
ENV_LANG = "CPG_SCORE_LANG"

_LANGS = ("fr", "en")


def lang_of(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language a command line asks for: its last `--lang X` (or `--lang=X`), else
    `CPG_SCORE_LANG`, else French. An unknown value is left to the parser to refuse."""
    env = os.environ if environ is None else environ
    found: str | None = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif arg.startswith("--lang="):
            found = arg[len("--lang=") :]
    if found in _LANGS:
        return str(found)
    wanted = env.get(ENV_LANG, "").strip().lower()
    return wanted if wanted in _LANGS else DEFAULT_LANG


def _pattern(template: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The regular expression of an English template, and its placeholders in order."""
    parts: list[str] = []
    names: list[str] = []
    for literal, name, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            if name in names:
                parts.append(f"(?P={name})")
            else:
                parts.append(f"(?P<{name}>.+?)")
                names.append(name)
    return re.compile("".join(parts), re.DOTALL), tuple(names)


class Catalogue:
    """English templates and their French forms, tried in order (the first that matches the
    whole text wins).

    Args:
        entries: English template -> French template, both with the same `{name}` placeholders.
    """

    def __init__(self, entries: Mapping[str, str]) -> None:
        self.entries = dict(entries)
        self._compiled = [(english, *_pattern(english), french) for english, french in self.entries.items()]

    def match(self, text: str) -> str | None:
        """The English template that matches `text` (None when none does)."""
        for english, pattern, _, _ in self._compiled:
            if pattern.fullmatch(text):
                return english
        return None

    def french(self, text: str) -> str | None:
        """`text` in French, or None when no entry matches it (or a part it quotes as a message)."""
        for _, pattern, names, french in self._compiled:
            found = pattern.fullmatch(text)
            if found is None:
                continue
            values = {}
            for name in names:
                value = found.group(name)
                if name.startswith("msg"):
                    inner = self.french(value)
                    if inner is None:
                        break
                    value = inner
                values[name] = value
            else:
                return french.format(**values)
        return None

    def translate(self, text: str, lang: str) -> str:
        """`text` in `lang`: French when an entry matches, else as it is."""
        if lang != "fr":
            return text
        found = self.french(text)
        return text if found is None else found

    def used(self, texts: Iterable[str]) -> set[str]:
        """The English templates used to translate `texts` (recursively): to find dead entries."""
        seen: set[str] = set()
        for text in texts:
            self._mark(text, seen)
        return seen

    def _mark(self, text: str, seen: set[str]) -> None:
        for english, pattern, names, _ in self._compiled:
            found = pattern.fullmatch(text)
            if found is None:
                continue
            inner = [found.group(name) for name in names if name.startswith("msg")]
            if all(self.french(value) is not None for value in inner):
                seen.add(english)
                for value in inner:
                    self._mark(value, seen)
                return
