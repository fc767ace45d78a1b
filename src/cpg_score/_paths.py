"""JSON paths into an input file (`$.results.taux`), shared by the readers and the engine."""

from __future__ import annotations

import re

__all__ = ["child_path"]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def child_path(path: str, key: str) -> str:
    """The path of `key` below `path`: `$.axes` for a name, `$['odd key']` for any other key.

    Args:
        path: The parent's path (`$`, `$.results`...).
        key: The key below it.

    Returns:
        The child's path.
    """
    return f"{path}.{key}" if _NAME.fullmatch(key) else f"{path}[{key!r}]"
