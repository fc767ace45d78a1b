"""A closed set of words: the base of the enums whose values are written in files, JSON and text."""

from __future__ import annotations

import enum

__all__ = ["Words"]


class Words(str, enum.Enum):
    """A closed set of words: a member equals, and prints as, its value (`objective`)."""

    def __str__(self) -> str:
        return str(self.value)
