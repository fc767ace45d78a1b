"""Where the text of an input comes from: a path, YAML text or bytes, read within limits; and
the paths a data file may name (a totals file's `tree`, a scenario's `base`)."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from cpg_score._args import expect
from cpg_score.errors import InputError, Problem, ProblemCode
from cpg_score.io.marked import Limits, too_large

__all__ = ["Source", "read_source", "referenced_path"]

#: What the loaders accept: a path, YAML text, or bytes.
Source = str | bytes | os.PathLike[str]


def read_source(source: Source, limits: Limits | None = None) -> tuple[str | bytes, str]:
    """Return the content and the display name of a source.

    A `Path` (any `os.PathLike`) is a file. A `str` on one line is a file path when it names
    an existing file or folder, or when it ends in `.yaml` / `.yml` and holds no `": "` (which
    would make it a YAML mapping): `"grids/2019.yml"` names a file, even a missing one (then
    "no such file"). Any other `str` is YAML text; `bytes` are YAML content.

    Raises:
        TypeError: `source` is not a path, text or bytes, or `limits` is not a `Limits`.
        InputError: The file cannot be read, or is larger than `limits.max_bytes`.
    """
    expect("source", source, (str, bytes, os.PathLike), "a path, YAML text or bytes")
    expect("limits", limits, (Limits, type(None)), "a Limits or None")
    limits = limits or Limits()
    if isinstance(source, bytes):
        return source, "<bytes>"
    if isinstance(source, str) and not _names_a_file(source):
        return source, "<string>"
    name = os.fsdecode(source) if not isinstance(source, str) else source
    if "\x00" in name:
        raise InputError(
            [Problem(message="a file name cannot hold a NUL character", file=name, code=ProblemCode.BAD_PATH)]
        )
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise InputError([_too_large(size, limits, name)])
        data = _read_bounded(path, limits.max_bytes)
        if len(data) > limits.max_bytes:
            raise InputError([_too_large(len(data), limits, name)])
        return data, name
    except FileNotFoundError:
        raise InputError(
            [Problem(message="no such file", file=name, code=ProblemCode.NO_SUCH_FILE)]
        ) from None
    except IsADirectoryError:
        raise InputError(
            [Problem(message="is a directory, not a file", file=name, code=ProblemCode.NOT_A_FILE)]
        ) from None
    except OSError as exc:
        raise InputError(
            [Problem(message=f"cannot read file: {exc.strerror}", file=name, code=ProblemCode.UNREADABLE)]
        ) from None


def _too_large(size: int, limits: Limits, name: str) -> Problem:
    return Problem(message=too_large(size, limits), file=name, line=1, column=1, code=ProblemCode.TOO_LARGE)


#: Files are read by pieces of this size: memory follows the file, not the limit.
_PIECE = 1 << 20


def _read_bounded(path: Path, max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of a file, a device or a pipe, without waiting for a writer.

    A named pipe is opened non-blocking (opening one for reading would otherwise wait, forever,
    for a writer), then read as usual: with no writer it reads as empty; `/dev/stdin` fed by a
    pipe reads what it is given.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        pieces: list[bytes] = []
        size = 0
        while size <= max_bytes:
            piece = os.read(fd, min(_PIECE, max_bytes + 1 - size))
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
        return b"".join(pieces)
    finally:
        os.close(fd)


def _names_a_file(text: str) -> bool:
    """Whether a `str` source is a path rather than YAML text (see `read_source`)."""
    if "\n" in text or "\r" in text:
        return False
    if text.lower().endswith((".yaml", ".yml")) and ": " not in text:
        return True
    try:
        return os.path.exists(text)
    except (OSError, ValueError):  # a NUL, a name too long: not a file
        return False


#: The suffixes a file referenced from another file may have.
_YAML_SUFFIXES = (".yaml", ".yml")


def referenced_path(value: str, referrer: str) -> str:
    """Check a path written in a data file (a totals file's `tree`) and resolve it.

    A data file may only make cpg-score read another YAML file near it, never a device, a pipe
    or a file elsewhere. The rule: the path is relative, with no control character; it is
    resolved from the folder of the file that names it (the current folder for YAML text);
    it ends in `.yaml` or `.yml`; once links are resolved it stays within the folder two
    levels above the referring file's folder (the current folder itself for YAML text), so
    `../../entities/tree.yaml` from `objectives/results/2019/totals.yaml` is fine; and it names
    an existing regular file (checked with `stat`, the file is not opened). YAML text given
    directly (not read from a file) was written by the program that passes it, which may name
    an absolute path: then only the suffix and the regular file are checked.

    Args:
        value: The path as written.
        referrer: The display name of the referring file (`<string>` or `<bytes>` for text).

    Returns:
        The resolved path (relative to the current folder when the referrer's name is).

    Raises:
        ValueError: The path breaks the rule; the message says how, to follow the key's name
            (`must name a .yaml or .yml file, got 'tree.txt'`).
    """
    text = referrer in ("<string>", "<bytes>")
    folder = "." if text else os.path.dirname(referrer) or "."
    control = CONTROLS.search(value)
    if control is not None:
        raise ValueError(control_message("", value, control.group()).lstrip())
    absolute = os.path.isabs(value)
    if (absolute and not text) or value.startswith("~"):
        raise ValueError(f"must be a path relative to the folder of this file, got {value!r}")
    if not value.lower().endswith(_YAML_SUFFIXES):
        raise ValueError(f"must name a .yaml or .yml file, got {value!r}")
    resolved = os.path.normpath(os.path.join(folder, value))
    bound = os.path.realpath(folder if text else os.path.join(folder, os.pardir, os.pardir))
    real = os.path.realpath(resolved)
    if not absolute and not _within(real, bound):
        where = (
            "the current folder"
            if text
            else f"{os.path.relpath(bound)!r} (two levels above the folder of this file)"
        )
        raise ValueError(f"must stay within {where}, got {value!r}")
    try:
        mode = os.stat(resolved).st_mode
    except OSError:
        raise ValueError(f"names no file: {resolved!r} does not exist") from None
    if not stat.S_ISREG(mode):
        raise ValueError(f"must name a regular file, {resolved!r} is {_file_kind(mode)}")
    return resolved


def _within(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([folder, path]) == folder
    except ValueError:  # another drive (Windows)
        return False


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


#: Terminal control characters (C0, DEL, C1): refused in ids and text (ESC, CR, BS... would
#: drive the terminal a report is printed on). Text may hold several lines: tab and line feed
#: are allowed there.
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")


def control_message(what: str, text: str, char: str) -> str:
    shown = repr(text) if len(text) <= 60 else repr(text[:57]) + "..."
    return f"{what} must not hold a control character (U+{ord(char):04X}), got {shown}"
