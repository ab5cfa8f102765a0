"""The reader against other programs: openpyxl as the reference on random XlsxWriter workbooks,
and a real LibreOffice re-save (skipped without LibreOffice locally, failing in CI)."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from somxl.recalc import convert
from somxl.base.xlsxread import col_to_letters, open_workbook

texts = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x17F, blacklist_characters="_"),
                min_size=1, max_size=12).filter(lambda t: t.strip() == t and not t.startswith(("=", "{")))
values = st.one_of(
    st.integers(min_value=-10**9, max_value=10**9),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).filter(lambda f: f == 0 or abs(f) > 1e-9),
    texts,
    st.booleans(),
)
cell = st.tuples(st.integers(0, 30), st.integers(0, 6), values, st.booleans())


def write_random(path: Path, cells: list) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Ark 1")
    for row, col, value, as_formula in cells:
        if as_formula and isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_formula(row, col, f"=ROUND({value!r},0)+0", None, value)
        elif isinstance(value, bool):
            ws.write_boolean(row, col, value)
        elif isinstance(value, str):
            ws.write_string(row, col, value)
        else:
            ws.write_number(row, col, value)
    wb.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(cell, max_size=40))
def test_same_values_and_formulas_as_openpyxl(tmp_path, cells):
    path = tmp_path / "random.xlsx"
    write_random(path, cells)
    ours = {(c.row, c.col): c for c in open_workbook(path).cells("Ark 1").values()}
    values_wb = openpyxl.load_workbook(path, data_only=True)["Ark 1"]
    formulas_wb = openpyxl.load_workbook(path)["Ark 1"]
    theirs = {}
    for row in values_wb.iter_rows():
        for c in row:
            if c.value is not None:
                formula = formulas_wb.cell(c.row, c.column).value
                theirs[(c.row, c.column)] = (c.value, formula[1:] if isinstance(formula, str)
                                             and formula.startswith("=") else None)
    assert set(ours) == set(theirs)
    for key, (value, formula) in theirs.items():
        assert ours[key].formula == formula
        if isinstance(value, float):
            assert math.isclose(ours[key].value, value, rel_tol=0, abs_tol=0)
        else:
            assert ours[key].value == value and type(ours[key].value) is type(value)


def test_libreoffice_resave(tmp_path, soffice):
    source = tmp_path / "generated.xlsx"
    wb = xlsxwriter.Workbook(str(source))
    ws = wb.add_worksheet("1 Indsats")
    maal = wb.add_worksheet("2 Målgruppe")
    hidden = wb.add_worksheet("Lister")
    hidden.hide()
    ws.write("A1", "Beløb")
    ws.write("C5", 1234.5)
    ws.write("C6", "1.234,50")
    ws.write_formula("C7", "=C5*2", None, 2469)
    ws.write_formula("C8", "=C5*3", None, 3703.5)
    maal.write("C5", 120)
    hidden.write_column("A1", ["kommune", "region", "stat"])
    wb.define_name("Beløb", "='1 Indsats'!$C$5:$C$8")
    wb.define_name("Deltagere", "='2 Målgruppe'!$C$5")
    wb.define_name("Betalere", "=Lister!$A$1:$A$3")
    wb.set_custom_property("template_id", "som-input")
    wb.close()

    (resaved,) = convert([source], tmp_path / "lo", recalc=False)
    book = open_workbook(resaved)
    assert book.sheet_names == ["1 Indsats", "2 Målgruppe", "Lister"]
    assert [s.state for s in book.sheets] == ["visible", "visible", "hidden"]
    column = [(c.value, c.kind, c.formula) for [c] in book.read_name("Beløb")]
    assert column == [(1234.5, "number", None), ("1.234,50", "shared_string", None),
                      (2469, "number", "C5*2"), (3703.5, "number", "C5*3")]
    assert book.read_name("Deltagere")[0][0].value == 120
    assert [c.value for [c] in book.read_name("Betalere")] == ["kommune", "region", "stat"]
    assert book.custom_properties.get("template_id") == "som-input"
    assert book.issues == []


def test_letters_cover_the_columns_openpyxl_knows():
    from openpyxl.utils import get_column_letter

    assert all(col_to_letters(c) == get_column_letter(c) for c in (1, 26, 27, 52, 702, 703, 16384))


@pytest.mark.parametrize("value", [1e-5, 123456789.125, -0.5, 2**53])
def test_number_text_round_trip_matches_openpyxl(tmp_path, value):
    path = tmp_path / "numbers.xlsx"
    write_random(path, [(0, 0, value, False)])
    assert open_workbook(path).cell("Ark 1", "A1").value == openpyxl.load_workbook(path)["Ark 1"]["A1"].value
