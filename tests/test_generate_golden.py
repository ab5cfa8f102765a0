"""The generated workbook compared with a stored golden copy as normalized XML, not bytes.

A deliberate change to the layout updates the golden file:

    SOMXL_UPDATE_GOLDEN=1 python -m pytest tests/test_generate_golden.py

then review the diff of tests/golden/ like any other change and commit it."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import zipfile
from pathlib import Path

import defusedxml.minidom
import pytest

from somxl import __version__
from somxl.workbooks_out.generate import NewOptions, write_input_workbook

GOLDEN = Path(__file__).parent / "golden"
# core.xml holds the creation time XlsxWriter stamps; nothing else in it is ours.
VOLATILE_PARTS = {"docProps/core.xml"}
CREATED = dt.datetime(2026, 1, 15, 9, 30)


def normalized_xml(path: Path) -> str:
    """Every XML part of the workbook, pretty-printed, in name order, without volatile values
    (creation time and the somxl version, so a release does not rewrite the golden files)."""
    out = []
    with zipfile.ZipFile(path) as zf:
        for name in sorted(zf.namelist()):
            if name in VOLATILE_PARTS:
                continue
            text = defusedxml.minidom.parseString(zf.read(name)).toprettyxml(indent=" ")
            text = text.replace(CREATED.isoformat(), "<created>").replace(f">{__version__}<", "><somxl-version><")
            text = re.sub(r"\n\s*\n", "\n", text)
            out.append(f"===== {name} =====\n{text.strip()}\n")
    return "".join(out)


@pytest.mark.parametrize("lang", ["da"])  # the English texts are pinned by test_generate.py
def test_blank_workbook_matches_golden(tmp_path: Path, lang: str):
    path = tmp_path / f"blank_{lang}.xlsx"
    write_input_workbook(path, lang=lang, options=NewOptions(
        contact="Ida Jensen, tlf. 1234 5678", deadline="2026-03-01", recipient="Jobcenteret",
        submission_id="2026-01", created=CREATED))
    got = normalized_xml(path)
    golden = GOLDEN / f"input_{lang}.xml.txt"
    if os.environ.get("SOMXL_UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(got, encoding="utf-8", newline="\n")
    want = golden.read_text(encoding="utf-8")
    if got != want:
        diff = "".join(list(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                                 "golden", "generated", n=2))[:80])
        pytest.fail(f"{golden.name} differs (SOMXL_UPDATE_GOLDEN=1 to accept a deliberate change):\n{diff}")
