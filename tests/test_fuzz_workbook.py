"""Strange values in a filled workbook: Hypothesis puts text, huge and odd numbers, booleans,
error values, dates, formulas without values and broken shared-string indices into input cells
of a COPY (by editing the sheet XML, as close to what users send as a test can get) and checks
that validation never raises, that every issue is a known code that reads in both languages
and says where it is, and that a valid verdict means the case calculates and writes a result
workbook. The input file is never changed. SOMXL_FUZZ_EXAMPLES raises the example count for a
long local run."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures import check_validation
from readback import fill
from somxl.base.xlsxread import col_to_letters
from xlsx_build import edit_copy, sheet_parts

EXAMPLES = int(os.environ.get("SOMXL_FUZZ_EXAMPLES", "40"))


# --- strategies -----------------------------------------------------------------------------------

STRANGE_TEXT = [
    "abc", "1.234", "1 234,5", "1\u00a0234,50", "25 %", "−3", "-3", "1e308", "1E3", "NaN", "inf", "-inf", "", " ",
    "x" * 40_000, "=SUM(A1)", "\u0001\u0007\u001f", "_x0000_", "_x001F_", "_xD800_", "x_xDFFF__xFFFF_",
    "(1.234,00)", "kr. 1.234,50", "1,234.50", "0,250", "12,5 %", "2026", "2026.0", "20266", "Ja", "Nej", "yes",
    "kommune", "Kommune", "KOMMUNE", "ukendt", "1.5", "  12  ", "1,-", "DKK", "%", "-", "—5", "١٢٣", "１２３",
    "1_000", "0x10", "True", "#REF!", "'123", "∞", "1 2 3", "+5", "++5", "5-", "2026-01-01", "01-01-2026",
    "Øre 5", "æøå", "\t7\t", "1.234.567,89", "9" * 400,
]
NUMBERS = [
    "0", "-0", "1", "-1", "0.5", "1.5", "25", "100", "101", "-0.0001", "2026", "1989", "2101", "1e308", "1e-308",
    "-1e308", "9007199254740993", "123456789012345678901234567890", "1E+300", "NaN", "INF", "-INF", "4.9E-324",
    "1.7976931348623157e308", "1" + "0" * 400, "3.000000000001", "49", "50", "51", "1000000", "0.999",
]

values = st.one_of(
    st.tuples(st.just("inline"), st.sampled_from(STRANGE_TEXT)),
    st.tuples(st.just("inline"), st.text(max_size=30)),
    st.tuples(st.just("n"), st.sampled_from(NUMBERS)),
    st.tuples(st.just("n"), st.floats(allow_nan=False, allow_infinity=False).map(repr)),
    st.tuples(st.just("n"), st.integers(min_value=-10**20, max_value=10**20).map(str)),
    st.tuples(st.just("s"), st.sampled_from(["0", "5", "-1", "99999", "1.5", "abc", ""])),
    st.tuples(st.just("b"), st.sampled_from(["0", "1", "true", "2", ""])),
    st.tuples(st.just("e"), st.sampled_from(["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", ""])),
    st.tuples(st.just("f"), st.sampled_from(["SUM(A1)", "1+1", "NOW()", "'x'!A1", ""])),
    st.tuples(st.just("fv"), st.tuples(st.just("1+1"), st.sampled_from(["2", "0", "-5", "1e308"]))),
    st.tuples(st.just("d"), st.sampled_from(["2026-01-01", "2026-01-01T10:00:00Z", "1900-01-01", "9999-12-31",
                                              "0001-01-01", "not a date", "", "2026-13-45"])),
    st.tuples(st.just("date"), st.tuples(st.sampled_from(["46023", "0", "-1", "1e10", "2958466", "0.5", "1e308"]),
                                         st.just("DATE_STYLE"))),
    st.none(),
)


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> tuple[Path, list[tuple[str, str]], dict[str, str], str]:
    d = tmp_path_factory.mktemp("fuzz")
    path = d / "filled.xlsx"
    layout = fill(path)
    cells: set[tuple[str, str]] = {(r.sheet, r.a1) for r in layout.fields.values()}
    cells |= {(r.sheet, r.a1) for parts in layout.questions.values() for r in parts.values()}
    cells |= {(layout.sheets["meta"], f"B{row}") for row in range(2, 12)}  # the stamp: a user's cells too
    for t in layout.tables.values():
        for key, cols in t.columns.items():
            for col in cols[:4]:  # the first change years are enough; all 50 are in strange-files tests
                for row in (t.first_row, t.first_row + 1, t.first_row + 2, t.last_row):
                    cells.add((t.sheet, f"{col_to_letters(col + 1)}{row + 1}"))
    from somxl.base.xlsxread import open_workbook

    book = open_workbook(path)
    date_style = str(min(book._date_styles)) if book._date_styles else "0"
    return path, sorted(cells), sheet_parts(path), date_style


def strange_copy(filled: tuple, tmp_path: Path, data: Any, most: int) -> Path:
    src, cells, parts, date_style = filled
    picked = data.draw(st.lists(st.sampled_from(cells), min_size=1, max_size=most, unique=True))
    edits = {}
    for where in picked:
        value = data.draw(values)
        if value is not None and value[0] == "date":
            value = ("date", (value[1][0], date_style))
        edits[where] = value
    return edit_copy(src, tmp_path / "strange.xlsx", edits, parts)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_strange_values_never_break_validation(filled, tmp_path, data):
    check_validation(strange_copy(filled, tmp_path, data, 12), tmp_path, outputs=False)


@settings(max_examples=max(8, EXAMPLES // 5), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_strange_values_then_calc_and_annotate(filled, tmp_path, data):
    check_validation(strange_copy(filled, tmp_path, data, 4), tmp_path)
