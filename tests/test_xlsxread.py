"""The one-pass cell reader: values, kinds, formulas, names and properties, from files written
by XlsxWriter and from hand-built packages that mimic other writers or carry a defect."""

from __future__ import annotations

import datetime
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from somxl.base.errors import FileError
from somxl.base.numbers import read_cell
from somxl.base.report import Issue
from somxl.base.xlsxread import (
    Cell, a1_to_rowcol, col_to_letters, is_date_format, letters_to_col, open_workbook,
    parse_defined_name, parse_range, rowcol_to_a1, shift_formula,
)
from xlsx_build import DECL, MAIN_NS, build_xlsx

# --- a workbook as the generator would write it -------------------------------------------


@pytest.fixture(scope="module")
def som_book(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xlsxread") / "som.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    indsats = wb.add_worksheet("1 Indsats")
    maal = wb.add_worksheet("2 Målgruppe")
    lists = wb.add_worksheet("Lister")
    meta = wb.add_worksheet("Meta")
    lists.hide()
    meta.very_hidden()
    indsats.write("A1", "Indsats")
    indsats.write("C5", 1234.5)
    indsats.write("C6", "1.234,50")
    indsats.write_formula("C7", "=C5*2", None, 2469)
    indsats.write_formula("C8", '=C5&" kr."', None, "1234.5 kr.")
    indsats.write_boolean("C9", True)
    indsats.write_formula("C10", "=1/0", None, "#DIV/0!")
    indsats.write_datetime("C11", datetime.date(2025, 1, 1), wb.add_format({"num_format": "dd-mm-yyyy"}))
    indsats.write_rich_string("C12", "fed ", wb.add_format({"bold": True}), "tekst", " her")
    indsats.write_number("C13", 0.25, wb.add_format({"num_format": "0.0%"}))
    indsats.write_number("C14", 5000, wb.add_format({"num_format": '#,##0 "kr."'}))
    indsats.write_blank("C15", None, wb.add_format({"bg_color": "#FFF2CC"}))
    maal.write("C5", 120)
    lists.write_column("A1", ["kommune", "region", "stat"])
    meta.write("A1", "template_version")
    wb.define_name("Indsats_tabel", "='1 Indsats'!$C$5:$C$15")
    wb.define_name("Deltagere", "='2 Målgruppe'!$C$5")
    wb.define_name("Betalere", "=Lister!$A$1:$A$3")
    wb.define_name("'2 Målgruppe'!Lokal", "='2 Målgruppe'!$C$5")
    wb.define_name("Slettet", "=#REF!")
    wb.define_name("Diskonto", "=0.035")
    wb.set_custom_property("template_id", "som-input")
    wb.set_custom_property("template_version", 3)
    wb.set_custom_property("distributed", True)
    wb.close()
    return path


def test_sheets_in_order_with_state(som_book):
    book = open_workbook(som_book)
    assert book.sheet_names == ["1 Indsats", "2 Målgruppe", "Lister", "Meta"]
    assert [s.state for s in book.sheets] == ["visible", "visible", "hidden", "veryHidden"]
    assert book.sheet("2 MÅLGRUPPE").name == "2 Målgruppe"  # Excel's sheet names ignore case
    with pytest.raises(KeyError):
        book.sheet("3 Omkostninger")


def test_cells_values_kinds_and_formulas(som_book):
    book = open_workbook(som_book)
    got = [(c.ref, c.value, c.kind, c.formula) if c else None
           for [c] in book.range_values("1 Indsats", "C5:C15")]
    assert got == [
        ("C5", 1234.5, "number", None),
        ("C6", "1.234,50", "shared_string", None),
        ("C7", 2469, "number", "C5*2"),
        ("C8", "1234.5 kr.", "formula_string", 'C5&" kr."'),
        ("C9", True, "boolean", None),
        ("C10", "#DIV/0!", "error", "1/0"),
        ("C11", 45658, "date", None),
        ("C12", "fed tekst her", "shared_string", None),
        ("C13", 0.25, "number", None),
        ("C14", 5000, "number", None),
        None,  # a styled blank is no cell
    ]
    assert book.cell("1 Indsats", "$A$1").value == "Indsats"
    assert book.cell("1 Indsats", "Z99") is None


def test_defined_names_resolve_quoted_sheet_names(som_book):
    book = open_workbook(som_book)
    names = {n: (d.sheet, d.ref, d.status) for n, d in book.defined_names.items()}
    assert names == {
        "Indsats_tabel": ("1 Indsats", "C5:C15", "range"),
        "Deltagere": ("2 Målgruppe", "C5", "range"),
        "Betalere": ("Lister", "A1:A3", "range"),
        "Slettet": (None, None, "ref_error"),
        "Diskonto": (None, None, "other"),
    }
    assert book.local_names[("2 Målgruppe", "Lokal")].ref == "C5"
    assert book.defined_name("deltagere").sheet == "2 Målgruppe"
    assert book.defined_name("Lokal") is None
    assert book.defined_name("lokal", sheet="2 Målgruppe").sheet == "2 Målgruppe"
    assert [[c.value for c in row] for row in book.read_name("Betalere")] == [["kommune"], ["region"], ["stat"]]
    assert book.read_name("Slettet") is None and book.read_name("Findes ikke") is None
    assert [(i.code, i.params) for i in book.issues] == [("R011", {"name": "Slettet"})]


def test_custom_properties(som_book):
    assert open_workbook(som_book).custom_properties == {
        "template_id": "som-input", "template_version": 3, "distributed": True}


@pytest.mark.parametrize("text,expected", [
    ("'1 Indsats'!$C$5:$C$54", ("1 Indsats", "C5:C54", "range")),
    ("='2 Målgruppe'!$C$5", ("2 Målgruppe", "C5", "range")),
    ("Målgruppe!$C$5", ("Målgruppe", "C5", "range")),
    ("'Bob''s ark'!A1", ("Bob's ark", "A1", "range")),
    ("'Ark'!$E$9:$C$5", ("Ark", "C5:E9", "range")),
    ("'Ark'!#REF!", (None, None, "ref_error")),
    ("[1]Ark1!$A$1", (None, None, "external")),
    ("'[Budget.xlsx]Ark1'!$A$1", (None, None, "external")),
    ("Ark1!$A$1,Ark1!$B$2", (None, None, "other")),
    ("Ark1!$A:$A", (None, None, "other")),
    ("0.035", (None, None, "other")),
    ("SUM(Ark1!A1:A3)", (None, None, "other")),
    ("'Ark'!$C$5:$C$5", ("Ark", "C5", "range")),
    ("'Ark'!$C$05", ("Ark", "C5", "range")),
    ("'Ark'!$XFD$1048576", ("Ark", "XFD1048576", "range")),
    ("'Ark'!$XFE$1", (None, None, "other")),
    ("'Ark'!$A$1048577", (None, None, "other")),
    ("'Ark'!$C$9:$A$1", ("Ark", "A1:C9", "range")),
    ("'[x]Ark'!$A$1", (None, None, "external")),
])
def test_parse_defined_name(text, expected):
    dn = parse_defined_name("N", text)
    assert (dn.sheet, dn.ref, dn.status) == expected


# --- formulas with and without cached values ------------------------------------------------


def strip_cached_value(path: Path, ref: str) -> None:
    """Rewrite sheet1 so the formula cell ``ref`` keeps its formula but loses its <v>, as a
    program that does not calculate would save it."""
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    xml, n = re.subn(rf'(<c r="{ref}"[^>]*>(?:<f>[^<]*</f>))<v>[^<]*</v>', r"\1", xml)
    assert n == 1
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_formula_with_and_without_cached_value(tmp_path):
    path = tmp_path / "formula_without_value.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Ark1")
    ws.write("A1", 10)
    ws.write_formula("B1", "=A1*2", None, 20)
    ws.write_formula("B2", "=A1*3", None, 30)
    wb.close()
    strip_cached_value(path, "B2")
    book = open_workbook(path)
    with_value, without = book.cell("Ark1", "B1"), book.cell("Ark1", "B2")
    assert (with_value.value, with_value.has_cached_value, with_value.formula) == (20, True, "A1*2")
    assert (without.value, without.has_cached_value, without.kind, without.formula) == (None, False, "blank", "A1*3")
    parsed = read_cell(without, "amount")
    assert (parsed.value, parsed.code) == (None, "R004")
    message = Issue(parsed.code, sheet="Ark1", cell="B2", params=parsed.params).text("da")
    assert message.startswith("ark 'Ark1', celle B2: Cellen har formlen =A1*3, men ingen gemt værdi")


# --- other writers ------------------------------------------------------------------------


def test_google_sheets_like_export(tmp_path):
    # x: prefixes, absolute targets, rows and cells without r, inline strings, no custom properties.
    rows = ('<row><c t="inlineStr"><is><t>Beløb</t></is></c><c><v>1500</v></c></row>'
            '<row><c t="s"><v>0</v></c><c t="str"><f>B1*2</f><v>3000</v></c></row>'
            '<row r="5"><c r="C5" t="b"><v>0</v></c></row>')
    path = build_xlsx(tmp_path / "google_export.xlsx", [("Ark 1", rows)], shared=["Æblegrød"], prefix="x",
                      absolute_targets=True, names=[("Beløb", "'Ark 1'!$B$1", None)])
    book = open_workbook(path)
    cells = {c.ref: (c.value, c.kind, c.formula) for c in book.cells("Ark 1").values()}
    assert cells == {
        "A1": ("Beløb", "inline_string", None), "B1": (1500, "number", None),
        "A2": ("Æblegrød", "shared_string", None), "B2": ("3000", "formula_string", "B1*2"),
        "C5": (False, "boolean", None),
    }
    assert book.read_name("Beløb")[0][0].value == 1500
    assert book.custom_properties == {}


def test_strict_ooxml_namespaces(tmp_path):
    path = build_xlsx(tmp_path / "strict.xlsx", [("Ark1", '<row r="2"><c r="B2"><v>7</v></c></row>')],
                      strict=True, names=[("Syv", "Ark1!$B$2", None)])
    book = open_workbook(path)
    assert book.read_name("Syv")[0][0].value == 7


def test_rich_text_phonetic_runs_and_escapes_in_shared_strings(tmp_path):
    sst = (DECL + f'<sst xmlns="{MAIN_NS}"><si><r><rPr><b/></rPr><t>Fed</t></r><r><t xml:space="preserve"> og '
           'tynd</t></r><rPh sb="0" eb="1"><t>IGNORED</t></rPh></si><si><t>linje1_x000D_</t></si></sst>')
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    book = open_workbook(build_xlsx(tmp_path / "rich_text.xlsx", [("Ark1", rows)], shared_xml=sst))
    assert [c.value for c in book.cells("Ark1").values()] == ["Fed og tynd", "linje1\r"]


def test_date_formats_from_styles(tmp_path):
    styles = (DECL + f'<styleSheet xmlns="{MAIN_NS}"><numFmts>'
              '<numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
              '<numFmt numFmtId="165" formatCode="[$kr.-406]\\ #,##0"/>'
              '<numFmt numFmtId="166" formatCode="#,##0 &quot;dage&quot;"/></numFmts>'
              '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
              '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/>'
              '<xf numFmtId="166"/><xf numFmtId="10"/></cellXfs></styleSheet>')
    rows = "".join(f'<c r="{col}1" s="{s}"><v>45000</v></c>' for s, col in enumerate("ABCDEF"))
    book = open_workbook(build_xlsx(tmp_path / "dates.xlsx", [("Ark1", f'<row r="1">{rows}</row>')],
                                    styles_xml=styles))
    assert [c.kind for c in book.cells("Ark1").values()] == ["number", "date", "date", "number", "number", "number"]


@pytest.mark.parametrize("code,is_date", [
    ("dd-mm-yyyy", True), ("[h]:mm", True), ("d. mmmm yyyy", True), ("[Red]0.0", False),
    ('0 "dage"', False), ("#,##0", False), ("0.0%", False), ("General", False), ("_-* #,##0_-", False),
    ("0.00E+00", False), ("[$-406]d/m/yyyy", True),
])
def test_is_date_format(code, is_date):
    assert is_date_format(code) is is_date


def test_shared_formulas_are_expanded_like_openpyxl(tmp_path):
    from openpyxl.formula.translate import Translator

    master = 'A1*$B$1+SUM(A$1:A1)+\'Ark 2\'!C3&"A1"+LOG10(A1)'
    rows = (f'<row r="1"><c r="C1"><f t="shared" ref="C1:D3" si="0">{master.replace("&", "&amp;")}</f><v>1</v></c>'
            '<c r="D1"><f t="shared" si="0"/><v>2</v></c></row>'
            '<row r="3"><c r="D3"><f t="shared" si="0"/><v>3</v></c></row>')
    book = open_workbook(build_xlsx(tmp_path / "shared_formulas.xlsx", [("Ark1", rows)]))
    for ref in ("C1", "D1", "D3"):
        expected = Translator("=" + master, origin="C1").translate_formula(ref)[1:]
        assert book.cell("Ark1", ref).formula == expected
    assert shift_formula("A1", -1, 0) == "#REF!"


def test_chartsheet_has_no_cells(tmp_path):
    path = tmp_path / "chartsheet.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Data")
    ws.write_column("A1", [1, 2, 3])
    chart = wb.add_chart({"type": "line"})
    chart.add_series({"values": "=Data!$A$1:$A$3"})
    wb.add_chartsheet("Graf").set_chart(chart)
    wb.close()
    book = open_workbook(path)
    assert [(s.name, s.type) for s in book.sheets] == [("Data", "worksheet"), ("Graf", "chartsheet")]
    assert book.cells("Graf") == {}


# --- defects ------------------------------------------------------------------------------

BILLION_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                            for i in range(1, 10))
                  + "]>")


def fatal(call) -> str:
    with pytest.raises(FileError) as caught:
        call()
    assert len(caught.value.report.issues) == 1
    issue = caught.value.report.issues[0]
    assert "{" not in issue.text("da") and "{" not in issue.text("en")
    return issue.code + ":" + str(issue.params.get("part", ""))


def test_entity_bomb_in_shared_strings(tmp_path):
    sst = DECL + BILLION_LAUGHS + f'<sst xmlns="{MAIN_NS}"><si><t>&lol9;</t></si></sst>'
    path = build_xlsx(tmp_path / "entity_bomb_strings.xlsx", [("Ark1", '<row r="1"><c r="A1" t="s"><v>0</v></c></row>')],
                      shared_xml=sst)
    book = open_workbook(path)  # shared strings are read with the first sheet
    assert fatal(lambda: book.cells("Ark1")) == "F016:xl/sharedStrings.xml"


def test_entity_bomb_in_workbook(tmp_path):
    path = build_xlsx(tmp_path / "entity_bomb_workbook.xlsx", [("Ark1", "")], workbook_doctype=BILLION_LAUGHS)
    assert fatal(lambda: open_workbook(path)) == "F016:xl/workbook.xml"


def test_external_entity_xxe(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("hemmeligt")
    xxe = f'<!DOCTYPE workbook [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    path = build_xlsx(tmp_path / "xxe.xlsx", [("Ark1", "")], workbook_doctype=xxe)
    assert fatal(lambda: open_workbook(path)) == "F016:xl/workbook.xml"


def test_invalid_xml_in_one_sheet_does_not_stop_reading_another(tmp_path):
    path = build_xlsx(tmp_path / "invalid_sheet_xml.xlsx",
                      [("God", '<row r="1"><c r="A1"><v>1</v></c></row>'), ("Dårlig", '<row r="1"><c r="A1"><v>1</c>')])
    book = open_workbook(path)
    assert book.cell("God", "A1").value == 1
    assert fatal(lambda: book.cells("Dårlig")) == "F017:xl/worksheets/sheet2.xml"


@pytest.mark.parametrize("cell", ['<c r="A1" t="s"><v>7</v></c>', '<c r="A1" t="s"><v>-1</v></c>',
                                  '<c r="A1" t="s"><v>0.5</v></c>', '<c r="A1"><v>tekst</v></c>',
                                  '<c r="A1"><v>1_0</v></c>', '<c r="A1"><v>١٢</v></c>',
                                  '<c r="XFE1"><v>1</v></c>', '<c r="A1048577"><v>1</v></c>'],
                         ids=["shared_string_index_out_of_range", "negative_shared_string_index",
                              "shared_string_index_not_whole", "number_that_is_not", "number_with_underscore",
                              "arabic_digits", "column_beyond_xfd", "row_beyond_1048576"])
def test_damaged_cell_data_is_damaged_content(tmp_path, cell):
    # well-formed XML holding what the format does not allow: F022 (1_0 is not read as 10)
    path = build_xlsx(tmp_path / "damaged_cell.xlsx", [("Ark1", f'<row r="1">{cell}</row>')], shared=["a"])
    assert fatal(lambda: open_workbook(path).cells("Ark1")) == "F022:xl/worksheets/sheet1.xml"


def test_a_bad_cell_reference_is_invalid_xml(tmp_path):
    path = build_xlsx(tmp_path / "damaged_ref.xlsx", [("Ark1", '<row r="1"><c r="1A"><v>1</v></c></row>')])
    assert fatal(lambda: open_workbook(path).cells("Ark1")) == "F017:xl/worksheets/sheet1.xml"


def test_missing_sheet_part(tmp_path):
    path = build_xlsx(tmp_path / "missing_sheet.xlsx", [("Ark1", "")])
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist() if "sheet1" not in i.filename}
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    book = open_workbook(path)
    assert fatal(lambda: book.cells("Ark1")) == "F018:xl/worksheets/sheet1.xml"


# --- A1 helpers -----------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=1_048_576), st.integers(min_value=1, max_value=16_384))
def test_a1_round_trip(row, col):
    assert a1_to_rowcol(rowcol_to_a1(row, col)) == (row, col)
    assert letters_to_col(col_to_letters(col)) == col


def test_a1_helpers():
    assert a1_to_rowcol("$C$5") == (5, 3)
    assert rowcol_to_a1(54, 27) == "AA54"
    assert parse_range("E54:C5") == ((5, 3), (54, 5))
    with pytest.raises(ValueError):
        a1_to_rowcol("C")
    assert Cell(5, 3, 1, "number").ref == "C5"


def test_sheet_without_a_relationship_is_a_missing_part(tmp_path):
    path = build_xlsx(tmp_path / "sheet_without_rel.xlsx", [("Ark1", "")])
    with zipfile.ZipFile(path) as zf:
        parts = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'r:id="rId1"', b'r:id="rId9"')
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    book = open_workbook(path)
    assert book.sheet_names == ["Ark1"]
    assert fatal(lambda: book.cells("Ark1")) == "F018:'Ark1'"
