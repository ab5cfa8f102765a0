"""A sheet read in part (``XlsxBook.cells(sheet, rows=)``): only the first rows' cells are built
when every cell past them is a plain shared string (a SØM Metadata sheet's name table), the rest
still counts against the budgets and is still checked, so a part is refused exactly as when read
whole; anything else past them gives every cell. The reader builds the name table only when a
defined name needs it."""

from __future__ import annotations

import re
import zipfile

import pytest

from somxl import read, safety, xlsxread
from somxl.errors import FileError
from somxl.xlsxread import open_workbook
from xlsx_build import build_xlsx, edit_copy

SHARED = ["key", "value", "name", "sheet", "range", "Ark1", "$B$2"]


def _rows(tail: str) -> str:
    """Two stamp-like rows with every kind of cell, a header row, then ``tail``."""
    return ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
            '<row r="2"><c r="A2" t="str"><f>1&amp;"x"</f><v>1x</v></c><c r="B2"><v>2.5</v></c>'
            '<c r="C2" t="b"><v>1</v></c><c r="D2"><f>A1</f><v></v></c><c r="E2" s="1"/></row>'
            '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>3</v></c><c r="C3" t="s"><v>4</v></c></row>'
            + tail)


def _table(first: int, n: int) -> str:
    return "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>{r % 7}</v></c><c r="B{r}" t="s"><v>5</v></c>'
                   f'<c r="C{r}" t="s"><v>6</v></c></row>' for r in range(first, first + n))


def _book(tmp_path, tail: str, limits: safety.Limits = safety.DEFAULT_LIMITS):
    path = build_xlsx(tmp_path / "m.xlsx", [("Ark1", _rows(tail)), ("Ark2", _table(1, 4))], shared=SHARED)
    return open_workbook(path, limits)


def _whole(tmp_path, tail: str, limits: safety.Limits = safety.DEFAULT_LIMITS):
    book = _book(tmp_path, tail, limits)
    return book, book.cells("Ark1")


def test_first_rows_are_the_whole_sheets_first_rows_and_the_rest_counts(tmp_path):
    tail = _table(4, 40) + _table(44, 1)  # a repeated row: counted once, as the whole read keeps one
    whole_book, whole = _whole(tmp_path, tail)
    book = _book(tmp_path, tail)
    first = book.cells("Ark1", 3)
    assert isinstance(first, xlsxread._FirstRows)
    assert first == {k: c for k, c in whole.items() if k[0] <= 3}
    assert book._held == whole_book._held
    book.cells("Ark2")
    whole_book.cells("Ark2")
    assert book._held == whole_book._held
    assert book.cells("Ark1") == whole and book._held == whole_book._held  # read whole later: counted once


@pytest.mark.parametrize("tail", [
    '<row r="9"><c r="A9"><v>4</v></c></row>',  # a number
    '<row r="9"><c r="A9" t="s"><f>X1</f><v>0</v></c></row>',  # a formula
    '<row r="9"><c r="A9" t="str"><v>x</v></c></row>',  # a formula's text
    '<row r="9"><c r="A9" t="e"><v>#REF!</v></c></row>',  # an error
    '<row r="9"><c r="A9"><f>1</f><v></v></c></row>',  # a formula without a value
], ids=["number", "formula", "str", "error", "no_value"])
def test_anything_but_a_plain_shared_string_past_them_gives_every_cell(tmp_path, tail):
    _, whole = _whole(tmp_path, _table(4, 5) + tail)
    cells = _book(tmp_path, _table(4, 5) + tail).cells("Ark1", 3)
    assert not isinstance(cells, xlsxread._FirstRows) and cells == whole


@pytest.mark.parametrize("tail, code", [
    ('<row r="9"><c r="A9" t="s"><v>99</v></c></row>', "F022"),  # no such shared string
    ('<row r="9"><c r="A9" t="s"><v>007</v></c></row>', "F022"),  # an index written otherwise
    ('<row r="1048577"><c r="A1048577" t="s"><v>0</v></c></row>', "F022"),  # outside the sheet
    ('<row r="9"><c r="XFE9" t="s"><v>0</v></c></row>', "F022"),
])
def test_damage_past_the_first_rows_is_refused_as_when_read_whole(tmp_path, tail, code):
    with pytest.raises(FileError) as whole:
        _whole(tmp_path, _table(4, 5) + tail)
    with pytest.raises(FileError) as first:
        _book(tmp_path, _table(4, 5) + tail).cells("Ark1", 3)
    assert first.value.code == whole.value.code == code


@pytest.mark.parametrize("max_cells", [7 + 10, 7 + 13 + 3 * 40 - 1, 7 + 13 + 3 * 40, 7 + 13 + 3 * 40 + 12])
def test_the_cells_not_built_count_against_the_cell_budget(tmp_path, max_cells):
    """7 shared strings, 13 cells in the first rows, 120 in the table, 12 on Ark2."""
    limits = safety.Limits(max_cells=max_cells)

    def outcome(first_rows: bool):
        book = _book(tmp_path, _table(4, 40), limits)
        try:
            book.cells("Ark1", 3 if first_rows else None)
            book.cells("Ark2")
        except FileError as exc:
            return exc.code
        return book._held

    assert outcome(True) == outcome(False)


@pytest.mark.parametrize("length", [40, 80])
def test_a_long_text_past_the_first_rows_is_refused_as_when_read_whole(tmp_path, length):
    limits = safety.Limits(max_text=60)
    long_tail = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>7</v></c></row>' for r in range(4, 12))
    path = build_xlsx(tmp_path / "m.xlsx", [("Ark1", _rows(long_tail))], shared=SHARED + ["x" * length])
    results = []
    for rows in (None, 3):
        try:
            open_workbook(path, limits).cells("Ark1", rows)
            results.append("read")
        except FileError as exc:
            results.append(exc.code)
    assert results == (["read", "read"] if length < 60 else ["F025", "F025"])


def _spy_whole_reads(monkeypatch) -> list[str]:
    whole: list[str] = []
    cells = xlsxread.XlsxBook.cells

    def spy(self, sheet, rows=None):
        if rows is None:
            whole.append(sheet)
        return cells(self, sheet, rows)

    monkeypatch.setattr(xlsxread.XlsxBook, "cells", spy)
    return whole


def test_the_name_table_is_read_only_when_a_name_needs_it(filled_book, tmp_path, monkeypatch):
    src = filled_book[0]
    whole = _spy_whole_reads(monkeypatch)
    result = read.read_workbook(src)
    assert "Metadata" not in whole and result.stamp["template_id"] and not result.issues
    with zipfile.ZipFile(src) as z:
        names = re.search(r"<definedNames>.*</definedNames>", z.read("xl/workbook.xml").decode()).group(0)
    path = edit_copy(src, tmp_path / "nonames.xlsx", {}, replace={"xl/workbook.xml": (names, "")})
    whole.clear()
    lost = read.read_workbook(path)
    assert "Metadata" in whole and [i.code for i in lost.issues] == ["R014"]
    assert lost.case == result.case and lost.stamp == result.stamp and lost.sources == result.sources
