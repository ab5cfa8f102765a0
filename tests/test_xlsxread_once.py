"""The package is opened once per file: the gate (``safety.open_package``) hands its open zip to the
reader, which reads the structure and every sheet through it. A part reached through that one open
package is refused exactly as before (unsafe XML F016, bad XML F017, damaged data F005, damaged
content F022), and the package is closed at the end of the reading."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from somxl.base.errors import FileError
from somxl.workbook_in.read import read_workbook
from somxl.base.xlsxread import open_workbook
from xlsx_build import DECL, MAIN_NS, build_xlsx

GOOD = ("God", '<row r="1"><c r="A1"><v>1</v></c></row>')
DOCTYPE = '<!DOCTYPE x [<!ENTITY e "e">]>'


@pytest.fixture
def opens(monkeypatch):
    """The zip packages opened for reading while the test runs (not those the test writes)."""
    made: list[zipfile.ZipFile] = []
    real = zipfile.ZipFile

    class Counted(real):
        def __init__(self, *args, **kw):
            super().__init__(*args, **kw)
            if self.mode == "r":
                made.append(self)

    monkeypatch.setattr(zipfile, "ZipFile", Counted)
    return made


def code_of(call) -> str:
    with pytest.raises(FileError) as caught:
        call()
    assert len(caught.value.report.issues) == 1
    issue = caught.value.report.issues[0]
    return f"{issue.code}:{issue.params.get('part', '')}"


def test_a_returned_workbook_is_opened_once_and_closed_after(filled_book, opens):
    read_workbook(filled_book[0])
    assert len(opens) == 1
    assert opens[0].fp is None  # closed at the end of the reading


def test_the_book_reads_on_through_the_package_the_gate_opened(tmp_path, opens):
    path = build_xlsx(tmp_path / "two.xlsx", [GOOD, ("Andet", '<row r="2"><c r="B2"><v>2</v></c></row>')])
    book = open_workbook(path)
    with book.held_open():
        with book.held_open():  # nested: the inner block leaves the package open
            assert book.cells("God")[(1, 1)].value == 1
        assert book.cells("Andet")[(2, 2)].value == 2
    assert len(opens) == 1 and book._open is None
    # a sheet asked for after the package was closed opens it again, through the same checks
    book._cells.clear()
    assert book.cells("God")[(1, 1)].value == 1 and len(opens) == 2


def test_with_closes_the_package(tmp_path, opens):
    path = build_xlsx(tmp_path / "with.xlsx", [GOOD])
    with open_workbook(path) as book:
        assert book.cells("God")[(1, 1)].value == 1
    assert opens[0].fp is None and len(opens) == 1


def test_a_file_the_gate_refuses_leaves_no_package_open(tmp_path, opens):
    path = build_xlsx(tmp_path / "bad_workbook.xlsx", [GOOD], workbook_doctype=DOCTYPE)
    assert code_of(lambda: open_workbook(path)) == "F016:xl/workbook.xml"
    assert opens and all(z.fp is None for z in opens)


@pytest.mark.parametrize("sheet, expected", [
    (DECL + DOCTYPE + f'<worksheet xmlns="{MAIN_NS}"><sheetData/></worksheet>', "F016"),
    (DECL + f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c></sheetData></worksheet>',
     "F017"),
    (DECL + f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1"><v>1_0</v></c></row></sheetData>'
     "</worksheet>", "F022"),
])
def test_a_sheet_read_through_the_one_open_package_is_refused_as_before(tmp_path, opens, sheet, expected):
    path = build_xlsx(tmp_path / "sheet.xlsx", [GOOD, ("Dårlig", "")],
                      extra={"xl/worksheets/sheet2.xml": sheet.encode()})
    book = open_workbook(path)
    with book.held_open():
        assert book.cells("God")[(1, 1)].value == 1
        assert code_of(lambda: book.cells("Dårlig")) == f"{expected}:xl/worksheets/sheet2.xml"
    assert len(opens) == 1


def test_damaged_data_read_through_the_one_open_package_is_f005(tmp_path, opens):
    path = build_xlsx(tmp_path / "damaged.xlsx", [("Ark1", '<row r="1"><c r="A1"><v>1</v></c></row>' * 50)])
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    opens.clear()
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 5, start + 15):  # scramble the compressed sheet data, keep the directory
        data[i] ^= 0x55
    path.write_bytes(bytes(data))
    book = open_workbook(path)
    with book.held_open():
        assert code_of(lambda: book.cells("Ark1")) == "F005:"
    assert len(opens) == 1 and book._open is None


# --- structure parts built once per process ---------------------------------------------------

NAMES = [("Rigtig", "'God'!$A$1", None), ("Brudt", "#REF!", None)]
STYLES = (DECL + f'<styleSheet xmlns="{MAIN_NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
          '</numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>')


def scramble(path, member: str) -> None:
    """Damage ``member``'s compressed data, keeping the central directory (size, CRC) as it was."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 2, start + min(12, info.compress_size)):
        data[i] ^= 0x55
    path.write_bytes(bytes(data))


def test_a_copy_of_a_template_gives_the_same_structure_built_once(tmp_path, monkeypatch):
    from somxl.base import xlsxread

    monkeypatch.setattr(xlsxread, "_STRUCTURE", {})
    checked: list[str] = []
    real = xlsxread.XlsxBook._check_xml

    def spy(self, member, data):
        checked.append(member)
        return real(self, member, data)

    monkeypatch.setattr(xlsxread.XlsxBook, "_check_xml", spy)
    first = build_xlsx(tmp_path / "a.xlsx", [GOOD], names=NAMES, styles_xml=STYLES)
    second = build_xlsx(tmp_path / "b.xlsx", [GOOD], names=NAMES, styles_xml=STYLES)
    books = [open_workbook(first), open_workbook(second)]
    assert "xl/workbook.xml" in checked and checked.count("xl/workbook.xml") == 1
    a, b = books
    assert (a.sheets, a.defined_names, a.local_names, a.date1904, a._date_styles) == (
        b.sheets, b.defined_names, b.local_names, b.date1904, b._date_styles)
    assert [i.code for i in b.issues] == [i.code for i in a.issues] == ["R011"]  # each file reports its own
    assert b.issues[0] is not a.issues[0]
    assert a._date_styles == {1, 2} and b.cells("God")[(1, 1)].value == 1


@pytest.mark.parametrize("member", ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"])
def test_a_damaged_copy_of_a_part_built_before_is_still_f005(tmp_path, member):
    good = build_xlsx(tmp_path / "good.xlsx", [GOOD], names=NAMES, styles_xml=STYLES)
    open_workbook(good)  # its structure parts are now kept
    bad = build_xlsx(tmp_path / "bad.xlsx", [GOOD], names=NAMES, styles_xml=STYLES)
    scramble(bad, member)
    assert code_of(lambda: open_workbook(bad)) == "F005:"


def test_an_unsafe_part_is_refused_in_every_file_that_holds_it(tmp_path):
    good = build_xlsx(tmp_path / "good.xlsx", [GOOD], names=NAMES)
    open_workbook(good)
    for n in range(2):  # a refused part is never kept: the second file is refused as the first
        bad = build_xlsx(tmp_path / f"bad{n}.xlsx", [GOOD], names=NAMES, workbook_doctype=DOCTYPE)
        assert code_of(lambda: open_workbook(bad)) == "F016:xl/workbook.xml"


# --- a workbook part that differs, its defined names kept -------------------------------------

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEETS = '<sheets><sheet name="God" sheetId="1" r:id="rId1"/><sheet name="Anden" sheetId="2" state="hidden" r:id="rId2"/></sheets>'
NAMES_XML = ('<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">Anden!$A$1:$B$9'
             "</definedName><definedName name=\"Rigtig\">'God'!$A$1</definedName><definedName name=\"Brudt\">#REF!"
             "</definedName><definedName name=\"Lokal\" localSheetId=\"1\">&apos;Anden&apos;!$C$5:$C$54</definedName>"
             '<definedName name="Langt" localSheetId="7">God!$A:$A</definedName></definedNames>')


def workbook_part(body: str, head: str = DECL, root: str = "") -> bytes:
    return (head + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL}"{root}>{body}</workbook>').encode("utf-8")


EXCEL = workbook_part(
    '<fileVersion appName="xl"/><workbookPr date1904="1"/><mc:AlternateContent><mc:Choice Requires="x15">'
    '<x15ac:absPath xmlns:x15ac="urn:ac" url="C:\\Users\\a\\"/></mc:Choice></mc:AlternateContent>'
    f'<bookViews><workbookView xWindow="-120"/></bookViews>{SHEETS}{NAMES_XML}<calcPr calcId="191029"/>'
    '<extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDB9C}" xmlns:x15="urn:x15">'
    '<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>',
    root=' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15"')
ODD_PARTS = {  # name → (part, its names cut out and kept)
    "as XlsxWriter writes it": (workbook_part(SHEETS + NAMES_XML), True),
    "as Excel saves it": (EXCEL, True),
    "a BOM, no declaration": (workbook_part(SHEETS + NAMES_XML, head="\ufeff"), True),
    "no names": (workbook_part(SHEETS), False),
    "a comment": (workbook_part(SHEETS + "<!-- <definedNames> -->" + NAMES_XML), False),
    "a processing instruction": (workbook_part(SHEETS + NAMES_XML + "<?pi x?>"), False),
    "a name outside <definedNames>": (workbook_part(
        '<definedName name="Foer">God!$B$2</definedName>' + SHEETS + NAMES_XML), False),
    "a sheet inside <definedNames>": (workbook_part(
        SHEETS + NAMES_XML.replace("</definedNames>", '<sheet name="Inde" r:id="rId3"/></definedNames>')), False),
    "a prefix declared outside": (workbook_part(
        SHEETS + NAMES_XML.replace("<definedName ", "<x:definedName ").replace("</definedName>", "</x:definedName>"),
        root=f' xmlns:x="{MAIN_NS}"'), False),
    "an end tag with a space": (workbook_part(SHEETS + NAMES_XML.replace("</definedNames>", "</definedNames >")), False),
    "<definedNames> nested": (workbook_part(
        SHEETS + NAMES_XML.replace("</definedNames>", '<definedNames a="1"><definedName name="Inde">God!$A$2'
                                   "</definedName></definedNames></definedNames>")), False),
    "declared Latin-1": (workbook_part(SHEETS + NAMES_XML.replace("Rigtig", "R\u00f8d"),
                                       head='<?xml version="1.0" encoding="ISO-8859-1"?>').decode("utf-8")
                         .encode("latin-1"), False),
    "prefixed everywhere (Google Sheets)": (
        (DECL + f'<x:workbook xmlns:x="{MAIN_NS}" xmlns:r="{REL}">'
         + re.sub(r"<(/?)(?=[a-zA-Z])", r"<\1x:", SHEETS + NAMES_XML) + "</x:workbook>").encode("utf-8"), False),
}


@pytest.mark.parametrize("odd", ODD_PARTS)
def test_a_workbook_part_built_with_its_names_cut_out_is_the_same_as_built_whole(odd, monkeypatch):
    """The names of a workbook part are kept by their text (a copy's part that differs elsewhere, as
    Excel saves it, shares them); what that builds is what the part's whole tree builds, and a part
    whose names cannot be cut out by their bytes (a comment, a prefix, another encoding) is built whole."""
    from somxl.base import safety, xlsxread

    data, cut = ODD_PARTS[odd]
    monkeypatch.setattr(xlsxread, "_NAMES", {})
    book = xlsxread.XlsxBook(Path("x.xlsx"), safety.FileInfo(Path("x.xlsx"), 1, "xlsx"))
    part = xlsxread._Checked(book.path, "xl/workbook.xml", data, book._check_xml("xl/workbook.xml", data))
    built = xlsxread._workbook_structure(part)
    assert any(kept is not None for kept in xlsxread._NAMES.values()) == cut
    monkeypatch.setattr(xlsxread, "_names_cut", lambda data, shape: None)
    assert built == xlsxread._workbook_structure(part)
    assert built.sheets[:2] == (("God", "visible", "rId1"), ("Anden", "hidden", "rId2"))
    assert built.date1904 == (odd == "as Excel saves it")  # its own workbookPr, not Excel's x15 one after it


def test_copies_whose_workbook_parts_differ_build_their_shared_names_once(tmp_path, monkeypatch):
    """Two copies saved on two machines (another window, another folder): their workbook parts differ,
    their names do not, and are made once; every other copy's part, used once, does not push them out."""
    from somxl.base import xlsxread

    made: list[bytes] = []
    real = xlsxread._names_of
    monkeypatch.setattr(xlsxread, "_names_of", lambda names_xml, scopes: made.append(names_xml) or real(names_xml, scopes))
    monkeypatch.setattr(xlsxread, "_NAMES", {})
    monkeypatch.setattr(xlsxread, "_STRUCTURE", {})
    with zipfile.ZipFile(build_xlsx(tmp_path / "skabelon.xlsx", [GOOD, ("Anden", "")])) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    books = []
    for i in range(xlsxread._STRUCTURE_ENTRIES + 2):
        path = tmp_path / f"kopi{i}.xlsx"
        with zipfile.ZipFile(path, "w") as zf:
            for name, data in parts.items():
                zf.writestr(name, EXCEL.replace(b'xWindow="-120"', f'xWindow="{i}"'.encode()) if name == "xl/workbook.xml" else data)
        books.append(open_workbook(path))
    assert len(made) == 1
    first, last = books[0], books[-1]
    assert (first.defined_names, first.local_names, first.date1904) == (last.defined_names, last.local_names, True)
    assert last.defined_name("lokal", "Anden").ref == "C5:C54" and [i.code for i in last.issues] == ["R011"]


def test_the_key_table_follows_the_files_read_not_the_first(tmp_path, monkeypatch):
    """A worker's first file with more references than the table holds does not keep the references
    of every later file out of it."""
    from somxl.base import xlsxread

    monkeypatch.setattr(xlsxread, "_KEYS", {})
    monkeypatch.setattr(xlsxread, "_KEYS_KEPT", 8)
    many = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(100, 120))
    open_workbook(build_xlsx(tmp_path / "mange.xlsx", [("God", many)])).cells("God")
    open_workbook(build_xlsx(tmp_path / "faa.xlsx", [GOOD])).cells("God")
    assert xlsxread._KEYS.get("A1") == (1, 1)
