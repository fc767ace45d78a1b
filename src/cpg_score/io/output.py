"""Writing output: standard output, or a file replaced atomically (a temporary file beside the
target, then a rename), and only when the target is a new path or a regular file.

A write that fails (a full disk, a closed standard output...) raises `CpgScoreError` with a
one-line message naming where it was writing; the command line prints it and exits 2.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from cpg_score.errors import CpgScoreError

__all__ = ["emit", "flush_stdout", "output_target", "write_atomic", "write_stdout"]

#: What a path that is not a regular file is, by its `st_mode`, for messages.
_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def output_target(path: str | os.PathLike[str]) -> Path:
    """The file to write for `path`: `path` itself when new or a regular file; the file a symbolic
    link names when it names a regular file.

    Raises:
        CpgScoreError: `path` is a directory, a device, a named pipe, a socket, or a symbolic
            link to one of them (or to nothing): writing must never replace such a thing.
    """
    target = Path(path)
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return target
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise CpgScoreError(f"{target}: cannot write: {_reason(exc)}") from None
    if stat.S_ISREG(mode):
        return target
    if stat.S_ISLNK(mode):
        try:
            linked = os.stat(target).st_mode
        except OSError:
            raise CpgScoreError(
                f"{target}: refusing to write through a symbolic link to nothing: give a regular file"
            ) from None
        if stat.S_ISREG(linked):
            return Path(os.path.realpath(target))
        raise CpgScoreError(
            f"{target}: refusing to write through a symbolic link to {_kind(linked)}: "
            "the output goes to a new or regular file"
        )
    raise CpgScoreError(
        f"{target}: refusing to replace {_kind(mode)}: the output goes to a new or regular file"
    )


def _check_inputs(target: Path, inputs: Iterable[str | os.PathLike[str]]) -> None:
    for source in inputs:
        try:
            if Path(source).exists() and target.exists() and os.path.samefile(source, target):
                raise CpgScoreError(f"{target}: refusing to overwrite an input file with the output")
        except (OSError, ValueError):
            continue


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """Write `data` to `path` so that `path` is either the old file or the complete new one.

    A symbolic link to a regular file is followed (the file it names is replaced, the link kept).

    Args:
        path: The file to write: a new path, a regular file, or a link to one.
        data: Text (written as UTF-8) or bytes.
        inputs: Files the run reads; writing over one of them is refused.

    Raises:
        CpgScoreError: `path` is one of the inputs, is not a regular file (a device, a named
            pipe, a directory...), or cannot be written (the message names the path and why).
    """
    target = output_target(path)
    _check_inputs(target, inputs)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except (OSError, ValueError) as exc:
        raise CpgScoreError(f"{path}: cannot write: {_reason(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            os.chmod(temp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise CpgScoreError(f"{path}: cannot write: {_reason(exc)}") from None
        raise


def _reason(exc: Exception) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or str(exc)


def write_stdout(text: str) -> None:
    """Write `text` to standard output.

    Raises:
        BrokenPipeError: The reader went away (the command line stays quiet about it).
        CpgScoreError: Standard output is closed or cannot be written (a full disk...).
    """
    stream = sys.stdout
    if stream is None:
        raise CpgScoreError("cannot write to standard output: it is closed")
    try:
        stream.write(text)
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:
        raise CpgScoreError(f"cannot write to standard output: {_reason(exc)}") from None


def flush_stdout() -> None:
    """Flush standard output (when open), so a failed write is reported before the exit.

    Raises:
        BrokenPipeError: The reader went away.
        CpgScoreError: Standard output cannot be written (a full disk...).
    """
    stream = sys.stdout
    if stream is None or stream.closed:
        return
    try:
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise CpgScoreError(f"cannot write to standard output: {_reason(exc)}") from None


def emit(
    text: str, output: str | os.PathLike[str] | None, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """Write a command's text output: to standard output when `output` is None or `-`, else
    atomically to that file (refusing to overwrite one of `inputs`, or anything not a regular file).

    Raises:
        CpgScoreError: The output cannot be written (see `write_atomic` and `write_stdout`).
    """
    if output is None or str(output) == "-":
        write_stdout(text)
    else:
        write_atomic(output, text, inputs)
