"""Reading a returned workbook: names and their fallbacks, sheets renamed or deleted, rows
inserted, a LibreOffice re-save, and files the safety gate must refuse with one clear issue."""

from __future__ import annotations

import re
import zipfile

import pytest

from readback import edit, fill, sample
from somxl.model.case import case_to_dict
from somxl.workbook_in.read import read_workbook
from somxl.recalc import convert
from somxl.workbook_in.validate import validate_file
from xlsx_build import build_ole, edit_copy


@pytest.fixture(scope="module")
def base(filled_book):
    return filled_book


def _case(path):
    v = validate_file(path)
    return v, (case_to_dict(v.case) if v.case else None)


def test_values_come_with_sheet_cell_and_label(base):
    read = read_workbook(base[0])
    assert read.lang == "da" and read.stamp["template_id"] == "som-input"
    assert read.locate("consequences[1].prices.region") == read.sources["consequences[1].prices.region"]
    src = read.sources["consequences[1].prices.region"]
    assert (src.sheet, src.cell, src.field) == ("5 Konsekvenser", "H19", "Pris region (kr.), linje 2")
    assert read.locate("uncertainty.consequences.Døgn på herberg/forsorgshjem (§ 110)[1]").cell == "T18"
    assert read.case == sample()


def test_libreoffice_resave_still_validates_with_the_same_case(base, tmp_path, soffice):
    [resaved] = convert([base[0]], tmp_path, recalc=False)
    v, case = _case(resaved)
    assert v.report.errors == [] and case == sample()


def test_renamed_sheet_found_by_position(base, tmp_path):
    path = edit_copy(base[0], tmp_path / "renamed.xlsx", {},
                     replace={"xl/workbook.xml": ('name="4 Effekt"', 'name="Effekt"')})
    v, case = _case(path)
    assert v.report.flatten(["sheet", "code"]) == [["Effekt", "R013"]]
    assert case == sample()


def test_renamed_sheet_as_excel_does_it_names_follow(base, tmp_path):
    src = base[0]
    with zipfile.ZipFile(src) as z:
        wb = z.read("xl/workbook.xml").decode()
    renamed = wb.replace('name="4 Effekt"', 'name="Min effekt"').replace("'4 Effekt'!", "'Min effekt'!")
    path = edit_copy(src, tmp_path / "renamed2.xlsx", {}, replace={"xl/workbook.xml": (wb, renamed)})
    v, case = _case(path)
    assert [i.text("en") for i in v.report.issues] == [
        "sheet 'Min effekt': The sheet «4 Effekt» has been renamed to «Min effekt»; the inputs were found "
        "anyway. Give the sheet its original name again."]
    assert case == sample()


def test_deleted_sheet_says_what_is_missing(base, tmp_path):
    path = edit(base[0], tmp_path / "deleted.xlsx", base[1], {}, fn=lambda wb: wb.remove(wb["4 Effekt"]))
    report = validate_file(path).report
    assert [i.text("da") for i in report.issues] == [
        "Arket «4 Effekt» mangler i projektmappen, så disse input kan ikke læses: Succesrate, Andel med "
        "indsatsen, Andel uden indsatsen, Kilde til effekten, Succesrate, lav, Succesrate, høj, spørgsmål "
        "4.1–4.5. Slet og omdøb ikke arkene. Udfyld de manglende input i en ny kopi (somxl fill laver en med "
        "det, der er læst)."]


def test_lost_defined_names_are_found_via_the_metadata_sheet(base, tmp_path):
    src = base[0]
    with zipfile.ZipFile(src) as z:
        wb = z.read("xl/workbook.xml").decode()
    names = re.search(r"<definedNames>.*</definedNames>", wb).group(0)
    path = edit_copy(src, tmp_path / "nonames.xlsx", {}, replace={"xl/workbook.xml": (names, "")})
    v, case = _case(path)
    assert [i.code for i in v.report.issues] == ["R014"]
    assert case == sample()


def test_the_metadata_name_table_is_read_only_when_a_name_needs_it(base, tmp_path):
    """Some 210 rows that repeat the defined names: a file whose names are intact never reads them."""
    from somxl.workbook_in.read import _Reader
    from somxl.model.spec import load_spec
    from somxl.base.xlsxread import open_workbook

    intact = _Reader(open_workbook(base[0]), load_spec())
    assert intact.read().case == sample() and "name_table" not in vars(intact)
    with zipfile.ZipFile(base[0]) as z:
        wb = z.read("xl/workbook.xml").decode()
    one = re.search(r'<definedName name="Omk_Beloeb">[^<]*</definedName>', wb).group(0)
    lost = _Reader(open_workbook(edit_copy(base[0], tmp_path / "lost.xlsx", {}, replace={"xl/workbook.xml": (one, "")})),
                   load_spec())
    result = lost.read()
    assert result.case == sample() and [i.code for i in result.issues] == ["R014"]
    assert lost.name_table["Omk_Beloeb"][0] == "3 Omkostninger"


def _insert_rows(wb, sheet: str, at: int, n: int) -> None:
    """What Excel does when rows are inserted: cells move down and names covering them grow."""
    wb[sheet].insert_rows(at, n)

    def shift(m):
        row = int(m.group(2))
        return f"{m.group(1)}{row + n if row >= at else row}"

    for name, dn in list(wb.defined_names.items()):
        if f"'{sheet}'!" in dn.attr_text:
            dn.attr_text = re.sub(r"(\$[A-Z]+\$)(\d+)", shift, dn.attr_text)


def test_rows_inserted_in_a_table_still_read(base, tmp_path):
    src, layout = base
    tl = layout.tables["costs"]
    at = tl.first_row + 3  # 1-based row of the third cost line: insert two rows before it
    path = edit(src, tmp_path / "inserted.xlsx", layout, {},
                fn=lambda wb: _insert_rows(wb, tl.sheet, at, 2))
    edit(path, tmp_path / "inserted2.xlsx", layout, {(tl.sheet, f"B{at}"): "Ny linje", (tl.sheet, f"D{at}"): "stat",
                                                     (tl.sheet, f"F{at}"): 2027, (tl.sheet, f"G{at}"): 5000})
    v, case = _case(tmp_path / "inserted2.xlsx")
    assert v.report.issues == []
    expected = sample()
    new_line = {"item": "Ny linje", "category": None, "payer": "stat", "committee": None, "year": 2027,
                "amount": 5000, "per_participant": False, "price_year": None, "domain": None,
                "source": None}
    expected["costs"].insert(2, new_line)
    assert case == expected
    assert read_workbook(tmp_path / "inserted2.xlsx").sources["costs[3].amount"].cell == f"G{at + 2}"


def test_a_workbook_in_english_reads_the_same(tmp_path):
    fill(tmp_path / "en.xlsx", lang="en")
    v, case = _case(tmp_path / "en.xlsx")
    assert v.report.issues == [] and case == sample()


@pytest.mark.parametrize("defect", ["encrypted", "truncated", "zip_bomb", "entity_bomb", "not_somxl"])
def test_unreadable_files_give_one_clear_issue(base, tmp_path, defect):
    src = base[0]
    path = tmp_path / f"{defect}.xlsx"
    if defect == "encrypted":
        build_ole(path, ["EncryptionInfo", "EncryptedPackage"])
    elif defect == "truncated":
        path.write_bytes(src.read_bytes()[: src.stat().st_size // 2])
    elif defect == "zip_bomb":
        edit_copy(src, path, {})
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/media/bomb.bin", bytes(20 * 1024**2))
    elif defect == "entity_bomb":
        with zipfile.ZipFile(src) as z:
            strings = z.read("xl/sharedStrings.xml").decode()
        head = strings[: strings.index("<sst")]
        bomb = '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        edit_copy(src, path, {}, replace={"xl/sharedStrings.xml": (head, head + bomb)})
    else:
        import xlsxwriter

        wb = xlsxwriter.Workbook(str(path))
        wb.add_worksheet("Budget").write("A1", 1)
        wb.close()
    v = validate_file(path)
    code = {"encrypted": "F006", "truncated": "F005", "zip_bomb": "F013", "entity_bomb": "F016",
            "not_somxl": "R028"}[defect]
    assert [i.code for i in v.report.errors] == [code]
    assert v.unreadable and v.case is None


def test_macro_workbook_renamed_to_xlsx_is_read_with_a_warning(base, tmp_path):
    path = edit_copy(base[0], tmp_path / "macro.xlsx", {})
    with zipfile.ZipFile(path, "a") as z:
        z.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really vba")
    v, case = _case(path)
    assert [i.code for i in v.report.issues] == ["F101"]
    assert case == sample()


def test_a_logical_value_in_a_text_input_is_refused_where_it_is(base, tmp_path):
    """Danish Excel makes a typed 'sand' the logical value SAND: a text input holding one was read as
    the name 'True'. As a department or catalogue name (D016, K022), it is refused, shown as Excel
    shows it, with its cell."""
    path, layout = base
    name, author = layout.fields["intervention.name"], layout.fields["meta.author"]
    edited = edit_copy(path, tmp_path / "logical.xlsx", {(name.sheet, name.a1): ("b", "1"),
                                                         (author.sheet, author.a1): ("b", "0")})
    v = validate_file(edited)
    bad = [i for i in v.report.issues if i.code == "R029"]
    assert [(i.sheet, i.cell, i.path) for i in bad] == [
        (author.sheet, author.a1, "meta.author"), (name.sheet, name.a1, "intervention.name")]
    assert not v.report.valid and "«True»" not in v.report.issues[0].text("da")
    assert bad[1].text("da").startswith(f"ark '{name.sheet}', celle {name.a1}")
    assert "Cellen holder sandhedsværdien SAND; feltet er en tekst." in bad[1].text("da")
    assert "The cell holds the logical value FALSE; the field is a text." in bad[0].text("en")
