"""The one vocabulary (somxl/base/vocab.py): every stage takes payers, severities, the year range and
the choice of language from there, so they agree."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import somxl
from somxl.model.case import parse_case
from somxl.model.engine import ROWS
from somxl.base.errors import FileError
from somxl.base.issuecodes import CATALOGUE
from somxl.base.numbers import parse_number
from somxl.base.report import say
from somxl.base.safety import inspect_file
from somxl.base.vocab import PAYER_LABELS, PAYER_ROWS, PAYERS, SEVERITIES, SEVERITY_LABELS, YEARS, pick, texts
from tests.helpers import assert_issues


def test_pick_is_danish_unless_english():
    assert [pick(lang, "da", "en") for lang in ("da", "en", "de", "")] == ["da", "en", "da", "da"]
    assert texts({"a": ("ja", "yes")}, "en") == {"a": "yes"}


def test_every_payer_and_severity_has_a_label_in_both_languages():
    assert ROWS == PAYER_ROWS == (*PAYERS, "total")
    assert set(PAYER_LABELS) == set(PAYER_ROWS) and set(SEVERITY_LABELS) == set(SEVERITIES)
    assert all(len(pair) == 2 and all(pair) for pair in (*PAYER_LABELS.values(), *SEVERITY_LABELS.values()))
    assert {d.severity for d in CATALOGUE.values()} <= set(SEVERITIES)


@pytest.mark.parametrize("year, ok", [(YEARS[0] - 1, False), (YEARS[0], True), (YEARS[1], True), (YEARS[1] + 1, False)])
def test_one_year_range_for_the_reader_and_the_case(year: int, ok: bool):
    parsed = parse_number(year, "year")
    assert (parsed.value == year) is ok and (parsed.code is None) is ok
    if not ok:
        assert parsed.code == "R008" and f"between {YEARS[0]} and {YEARS[1]}" in CATALOGUE["R008"].message_en
    case = {"schema": "somxl/case@2", "meta": {}, "intervention": {"name": "x"},
            "target_group": {"name": "y"}, "settings": {"start_year": year, "horizon_years": 1, "price_year": 2026}}
    rows = [] if ok else [("V001", "settings.start_year")]
    assert_issues([i for i in parse_case(case)[1] if i.path == "settings.start_year"], rows)


# --- every sentence in the catalogue ---------------------------------------------------------

PACKAGE = Path(somxl.__file__).parent
CODE = re.compile(r"^(internal|[A-Z]\d{3})$")


def _calls(tree: ast.AST):
    return (n for n in ast.walk(tree) if isinstance(n, ast.Call))


def test_every_code_in_the_source_is_in_the_catalogue_and_every_b_e_and_m_code_is_used():
    used = set()
    for path in PACKAGE.rglob("*.py"):
        if path.name == "issuecodes.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CODE.match(node.value):
                used.add(node.value)
    assert not used - CATALOGUE.keys(), f"codes used but not in the catalogue: {sorted(used - CATALOGUE.keys())}"
    unused = sorted(c for c in CATALOGUE if c[0] in "BEM" and c not in used)
    assert not unused, f"B, E and M codes no module says: {unused}"


def test_no_message_is_written_outside_the_catalogue():
    # SomxlError(da, en=...) is left to the template spec's own (a developer's) errors
    inline = [f"{path.name}:{node.lineno}" for path in PACKAGE.rglob("*.py") if path.name not in ("spec.py", "errors.py")
              for node in _calls(ast.parse(path.read_text(encoding="utf-8")))
              if any(k.arg == "en" for k in node.keywords)]
    assert not inline, f"a Danish/English message written inline instead of in the catalogue: {inline}"


def test_an_error_says_its_catalogue_sentence_in_both_languages(tmp_path: Path):
    err = FileError.of("E018", path=tmp_path / "x.xlsx")
    assert (err.code, str(err)) == ("E018", f"{tmp_path / 'x.xlsx'} findes allerede (brug --force for at overskrive)")
    assert err.text("en") == f"{tmp_path / 'x.xlsx'} exists (use --force to overwrite)"
    assert say("M001", "en", {"path": "a\x1bb.xlsx"}) == "Wrote a\\u001bb.xlsx"  # never an escape sequence raw


def test_a_refused_file_ends_with_the_headline_of_its_f_code(tmp_path: Path):
    empty = tmp_path / "tom.xlsx"
    empty.write_bytes(b"")
    with pytest.raises(FileError) as caught:
        inspect_file(empty)
    assert (caught.value.text("da"), caught.value.text("en")) == ("Filen tom.xlsx er tom.", "The file tom.xlsx is empty.")
    assert_issues(caught.value, [("F002", None)])
