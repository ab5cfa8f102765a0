"""Test data and checks that more than one test module uses, so no test module imports another
(tests/test_layout.py checks it): the worked case of docs/method.md, a case with every knowledge
status, the promises every validation keeps (``check_validation``) and the comparison of a
result workbook's cached values with LibreOffice's recalculation (``mismatches``)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from string import Formatter
from typing import Any

import openpyxl
import pytest

from hostile import digest
from somxl.model.case import parse_case
from somxl.base.issuecodes import CATALOGUE
from somxl.workbook_in.validate import validate_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# Issues about the file or workbook as a whole: no cell to point at.
FILE_LEVEL = {"R011", "R012", "R014", "R015", "R019", "R020", "R021", "R022", "R023", "R024", "R028"}

# The worked check of docs/method.md (section "Worked check").
WORKED = {
    "schema": "somxl/case@1",
    "settings": {"start_year": 2026, "horizon_years": 4, "price_year": 2026, "discount_rate": 0.0},
    "intervention": {"name": "Test", "duration_years": 1, "completion_rate": 1.0},
    "target_group": {"name": "Voksne i hjemløshed"},
    "participants": [{"year": 2026, "starting": 10}, {"year": 2027, "starting": 10}],
    "effect": {"success_rate": 0.5},
    "costs": [
        {"item": "Drift", "payer": "kommune", "year": 2026, "amount": 1000},
        {"item": "Drift", "payer": "kommune", "year": 2027, "amount": 1000},
    ],
    "consequences": [
        {"name": "Dage på herberg", "domain": "Sociale serviceydelser, voksne", "unit": "dage",
         "kind": "expense", "prices": {"kommune": 100, "region": 0, "stat": 50}, "changes": [-2, -1]},
    ],
    "assumptions": [{"id": "A1", "text": "Worked check"}],
}


def knowledge_case():
    """ips-employment with every kind of status, confidence and missing source."""
    data = json.loads((SAMPLES / "ips-employment.json").read_text(encoding="utf-8"))
    data["answers"]["2.1"]["status"] = "missing"
    data["answers"]["4.2"]["status"] = "missing"
    data["answers"]["2.2"]["status"] = "not_relevant"
    del data["answers"]["3.1"]
    data["answers"]["3.2"]["status"] = None
    data["assumptions"][0]["confidence"] = "low"
    data["assumptions"][2]["confidence"] = "low"
    data["assumptions"][1]["confidence"] = None
    data["assumptions"][3]["source"] = None
    data["consequences"][0]["source"] = None
    data["effect"]["source"] = None
    data["target_group"]["match"] = {"status": "partial", "text": "Alderen passer; vores succesmål er bredere."}
    return case_of(data)


def case_of(data: dict):
    """The Case of a case dict that must be valid (a copy is parsed; the errors show otherwise)."""
    case, issues = parse_case(copy.deepcopy(data))
    assert case is not None, [(i.code, i.path) for i in issues if i.severity == "error"]
    return case


def check_validation(path: Path, tmp: Path, *, outputs: bool = True) -> Any:
    """Validate ``path`` and check the promises: a report, never an exception; known codes that
    read in both languages; a place for every cell-level issue; strict JSON from export. With
    ``outputs``: a valid verdict means the case calculates and writes a result workbook, and the
    annotated copy is written and readable."""
    from somxl.workbooks_out.annotate import write_annotated
    from somxl.model.engine import calculate
    from somxl.workbooks_out.results import write_result_workbook
    from somxl.render import render_validations
    from somxl.workbook_in.validate import export_case

    before = digest(path)
    v = validate_file(path)
    for issue in v.report.issues:
        assert issue.code in CATALOGUE and issue.code != "internal", issue
        for lang in ("da", "en"):
            assert issue.text(lang)
            for part in ("message", "fix"):  # every placeholder of the message has its parameter
                wanted = {name for _, name, _, _ in Formatter().parse(issue.definition.text(lang, part)) if name}
                assert wanted <= {"value", "field", *issue.params}, (issue, lang, part)
        if issue.code[0] in "RVW" and issue.code not in FILE_LEVEL and issue.severity != "info":
            assert issue.sheet and issue.cell, issue
    assert v.report.valid == (v.case is not None)
    for lang in ("da", "en"):
        render_validations([v], lang)
        render_validations([v], lang, as_json=True)
    _, partial = export_case(path, partial=True)
    if partial is not None:  # strict JSON: no NaN or Infinity, whatever the cells held
        json.loads(partial, parse_constant=lambda c: pytest.fail(f"{c} in exported JSON"))
    if outputs:
        if v.case is not None:
            out = tmp / "result.xlsx"
            out.unlink(missing_ok=True)
            write_result_workbook(out, v.case, calculate(v.case), warnings=v.report.warnings, inputs=(path,))
            assert out.stat().st_size > 0
        annotated = tmp / "annotated.xlsx"
        annotated.unlink(missing_ok=True)
        write_annotated(v, annotated, inputs=(path,))
        again = validate_file(annotated)
        assert not again.unreadable, again.report.issues
    assert digest(path) == before
    return v


def close(a, b) -> bool:
    """Equal within 1e-9 relative, or 1e-6 absolute near zero; texts and blanks exactly."""
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))
    if numbers:
        return abs(a - b) <= max(1e-9 * max(abs(a), abs(b)), 1e-6)
    return (a in ("", None) and b in ("", None)) or a == b


def mismatches(cached: Path, recalculated: Path, sheets: set[str] | None = None) -> tuple[int, list]:
    """Every formula cell of ``cached`` whose cached value differs from ``recalculated``'s."""
    formulas = openpyxl.load_workbook(cached)
    want = openpyxl.load_workbook(cached, data_only=True)
    got = openpyxl.load_workbook(recalculated, data_only=True)
    n, bad = 0, []
    for ws in formulas.worksheets:
        if sheets is not None and ws.title not in sheets:
            continue
        for row in ws.iter_rows():
            for c in row:
                if c.data_type != "f":
                    continue
                n += 1
                a, b = want[ws.title][c.coordinate].value, got[ws.title][c.coordinate].value
                if not close(a, b):
                    bad.append((ws.title, c.coordinate, c.value[:90], a, b))
    return n, bad
