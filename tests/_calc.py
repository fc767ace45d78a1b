"""Recalculate a workbook with a real spreadsheet engine: LibreOffice Calc, headless.

`recalculate(xlsx)` converts the workbook xlsx -> xlsx with `soffice --headless --convert-to`, in a
private user profile whose settings force "always recalculate on load" for OOXML files (so a
formula's cached value written by the producer is never trusted), then reads the converted copy
with openpyxl (`data_only=True`: the values LibreOffice computed). One soffice run per workbook,
however many sheets it has: batch many cases into one workbook.

`displayed(xlsx)` gives every sheet's cells as LibreOffice displays them (number formats applied),
through a CSV export "as shown".

`require_soffice()` is the module-level guard: it skips the calling test module when soffice is
not installed, except under CI (`CI=true`), where a missing soffice fails: CI installs it.
"""

from __future__ import annotations

import atexit
import csv
import io
import os
import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

import pytest

#: The binary; `CPG_SOFFICE` overrides it (a path or a name on PATH).
SOFFICE_NAME = os.environ.get("CPG_SOFFICE", "soffice")

#: Settings of the private profile: recalculate OOXML and ODF files always (0) on load.
_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

_PROFILE: list[Path] = []


def soffice() -> str | None:
    """The soffice executable's path, or None when it is not installed."""
    return shutil.which(SOFFICE_NAME)


def require_soffice() -> str:
    """Skip the caller when soffice is missing (fail instead when `CI=true`); return its path.

    Use it at module level (`SOFFICE = require_soffice()`) to skip a whole test module, or in a
    fixture.
    """
    path = soffice()
    if path is not None:
        return path
    reason = f"LibreOffice not found ({SOFFICE_NAME!r}; apt-get install libreoffice-calc-nogui)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must have LibreOffice: {reason}", pytrace=False)
    pytest.skip(reason, allow_module_level=True)
    raise AssertionError("unreachable")  # pragma: no cover - pytest.skip raises


def _profile() -> Path:
    """The private profile directory of this process, made once and removed at exit."""
    if not _PROFILE:
        root = Path(tempfile.mkdtemp(prefix="cpg-calc-profile-"))
        atexit.register(shutil.rmtree, root, True)
        (root / "user").mkdir()
        (root / "user" / "registrymodifications.xcu").write_text(_SETTINGS, encoding="utf-8")
        _PROFILE.append(root)
    return _PROFILE[0]


def _soffice(xlsx: bytes, target: str, timeout: float) -> dict[str, bytes]:
    """Run soffice once: convert the workbook to `target` (`--convert-to` text); the files written."""
    binary = soffice()
    if binary is None:
        raise RuntimeError(f"LibreOffice not found ({SOFFICE_NAME!r})")
    profile = _profile()
    with tempfile.TemporaryDirectory(prefix="cpg-calc-") as work:
        source = Path(work) / "in" / "book.xlsx"
        source.parent.mkdir()
        source.write_bytes(xlsx)
        out = Path(work) / "out"
        command = [
            binary,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(source),
        ]
        env = {**os.environ, "HOME": str(profile)}
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)
        written = {path.name: path.read_bytes() for path in sorted(out.glob("*"))} if out.is_dir() else {}
        if done.returncode != 0 or not written:
            raise RuntimeError(
                f"soffice failed (exit {done.returncode}): {done.stdout.strip()} {done.stderr.strip()}"
            )
        return written


def convert(xlsx: bytes, *, timeout: float = 300) -> bytes:
    """The workbook as LibreOffice saves it after loading (and so recalculating) it.

    Raises:
        RuntimeError: soffice is missing, failed or wrote nothing (its output in the message).
    """
    return _soffice(xlsx, "xlsx:Calc MS Excel 2007 XML", timeout)["book.xlsx"]


#: CSV export options: comma, double quotes, UTF-8 (76), from line 1, default cell formats,
#: language en-US (0: decimal point), numbers not quoted, detect special numbers, cells saved
#: AS SHOWN (their number format applied), no formulas, no BOM, every sheet (-1: one file each).
_CSV_AS_SHOWN = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"


def displayed(xlsx: bytes, *, timeout: float = 300) -> dict[str, list[list[str]]]:
    """Every sheet's cells as LibreOffice displays them after recalculating: sheet -> rows of texts.

    Number formats are applied as on screen (`"98.38%"`, `"113.14"`; decimal point, en-US), so a
    test sees what a pilot reads, e.g. a percent format rounding a double that lies just below a
    tie. One soffice run for all the sheets.
    """
    openpyxl = pytest.importorskip("openpyxl", reason="reading the sheet names needs openpyxl")
    book = openpyxl.load_workbook(BytesIO(xlsx), read_only=True)
    try:
        names = list(book.sheetnames)
    finally:
        book.close()
    files = _soffice(xlsx, _CSV_AS_SHOWN, timeout)
    out = {}
    for name in names:
        data = files.get(f"book-{name}.csv", files.get("book.csv") if len(names) == 1 else None)
        if data is None:
            raise RuntimeError(f"soffice wrote no CSV for sheet {name!r}: {sorted(files)}")
        out[name] = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    return out


def recalculate(xlsx: bytes, *, timeout: float = 300) -> dict[str, dict[str, object]]:
    """Every non-empty cell's value after LibreOffice recalculated the workbook: sheet -> cell -> value.

    Cells are named as in Excel (`"B7"`); a formula's value is what LibreOffice computed (numbers as
    int or float, texts, booleans, error texts such as `"#VALUE!"`).
    """
    openpyxl = pytest.importorskip("openpyxl", reason="reading the recalculated workbook needs openpyxl")
    book = openpyxl.load_workbook(BytesIO(convert(xlsx, timeout=timeout)), data_only=True)
    try:
        return {
            sheet.title: {
                cell.coordinate: cell.value
                for row in sheet.iter_rows()
                for cell in row
                if cell.value is not None
            }
            for sheet in book.worksheets
        }
    finally:
        book.close()
