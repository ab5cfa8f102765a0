"""Recalculate .xlsx files with LibreOffice, for tests and checks only (never needed at run time).

LibreOffice keeps the cached values of an .xlsx it opens by default; a private profile with
``OOXMLRecalcMode = 0`` (always recalculate) forces every formula to be computed again on load,
so a converted copy holds LibreOffice's own results. Read them back with
``openpyxl.load_workbook(path, data_only=True)``."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>{mode}</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>{mode}</value></prop></item>
{locale}</oor:items>
"""
# The locale LibreOffice formats numbers and dates with (1.234,5 and 30-11-2026 in da-DK), as a
# Danish user's Excel shows them; without it the machine's (often en-US: 1,234.5).
_LOCALE = """<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>{0}</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>{0}</value></prop></item>
"""


def find_soffice() -> str | None:
    """The LibreOffice executable, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in (
        Path(os.environ.get("PROGRAMFILES", "C:/Program Files")) / "LibreOffice/program/soffice.exe",
        Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
    ):
        if candidate.is_file():
            return str(candidate)
    return None


def convert(files: list[Path], outdir: Path, *, recalc: bool = True, to: str = "xlsx",
            timeout: float = 300, locale: str | None = None) -> list[Path]:
    """Open ``files`` in headless LibreOffice and save them as ``to`` in ``outdir``.

    With ``recalc`` every formula is recalculated on load; ``locale`` (e.g. "da-DK") is the one
    numbers and dates are shown in, as in a PDF. Returns the output paths; raises
    RuntimeError when LibreOffice is missing or a file produced no output (LibreOffice exits 0
    even when it could not load a file, so every output is checked)."""
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="somxl-lo-profile-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(
            _PROFILE.format(mode=0 if recalc else 1, locale=_LOCALE.format(locale) if locale else ""), encoding="utf-8"
        )
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
               "--calc", "--convert-to", to, "--outdir", str(outdir), *map(str, files)]
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, text=True)
    outputs = [outdir / f"{Path(f).stem}.{to}" for f in files]
    missing = [str(f) for f, o in zip(files, outputs) if not o.is_file() or o.stat().st_size == 0]
    if missing:
        raise RuntimeError(f"LibreOffice produced no output for {missing}: {proc.stderr.strip()}")
    return outputs
