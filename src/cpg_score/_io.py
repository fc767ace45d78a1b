"""Writing files atomically: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from .errors import CpgScoreError

__all__ = ["emit", "write_atomic"]


def write_atomic(
    path: str | os.PathLike[str], data: str | bytes, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """Write `data` to `path` so that `path` is either the old file or the complete new one.

    Args:
        path: The file to write.
        data: Text (written as UTF-8) or bytes.
        inputs: Files the run reads; writing over one of them is refused.

    Raises:
        CpgScoreError: `path` is one of the inputs, or cannot be written.
    """
    target = Path(path)
    for source in inputs:
        try:
            if Path(source).exists() and target.exists() and os.path.samefile(source, target):
                raise CpgScoreError(f"{target}: refusing to overwrite an input file with the output")
        except OSError:
            continue
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise CpgScoreError(f"{target}: cannot write: {exc.strerror}") from None
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
            raise CpgScoreError(f"{target}: cannot write: {exc.strerror}") from None
        raise


def emit(
    text: str, output: str | os.PathLike[str] | None, inputs: Iterable[str | os.PathLike[str]] = ()
) -> None:
    """Write a command's text output: to standard output when `output` is None or `-`, else
    atomically to that file (refusing to overwrite one of `inputs`)."""
    if output is None or str(output) == "-":
        sys.stdout.write(text)
    else:
        write_atomic(output, text, inputs)
