"""Strange files through the library and the CLI: workbooks other programs have reshaped (sheets
deleted, renamed, reordered or added, names lost or broken, properties dropped), files that are
not SØM workbooks, paths and targets that must be handled or refused. Each gives the right exit
code (0 valid, 1 invalid, 2 unreadable), never a traceback, and no input file changes."""

from __future__ import annotations

import json
import os
import re
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from fixtures import check_validation
from hostile import digest
from somxl.cli import cli
from somxl.workbook_in.validate import validate_file
from xlsx_build import edit_copy, part, sheet_parts


@pytest.fixture(scope="module")
def src(filled_book) -> Path:
    return filled_book[0]


def run(*args) -> tuple[int, str]:
    """Run the CLI; the exit code and all output. Never a traceback, never an uncaught exception."""
    res = CliRunner().invoke(cli, [str(a) for a in args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    assert "Traceback" not in res.output
    return res.exit_code, res.output


def run_unchanged(files: list[Path], *args) -> tuple[int, str]:
    """``run`` and check that none of ``files`` changed."""
    before = [digest(f) for f in files]
    result = run(*args)
    assert [digest(f) for f in files] == before
    return result


def codes(path: Path) -> list[str]:
    return [i.code for i in validate_file(path).report.issues]


# --- workbooks other programs have reshaped ----------------------------------------------------

def test_metadata_sheet_dropped_still_valid_with_its_submission_id(src, tmp_path):
    wb = part(src, "xl/workbook.xml")
    meta = re.search(r'<sheet name="Metadata"[^>]*/>', wb).group(0)
    path = edit_copy(src, tmp_path / "nometa.xlsx", {}, replace={"xl/workbook.xml": (meta, "")},
                     drop={sheet_parts(src)["Metadata"]})
    v = check_validation(path, tmp_path)
    assert v.report.issues == [] and v.case.meta.submission_id == "SAMPLE-HF-01"
    assert run_unchanged([path], "export", path)[0] == 0


def test_defined_names_lost_found_through_the_metadata(src, tmp_path):
    names = re.search(r"<definedNames>.*</definedNames>", part(src, "xl/workbook.xml")).group(0)
    path = edit_copy(src, tmp_path / "nonames.xlsx", {}, replace={"xl/workbook.xml": (names, "")})
    assert [i.code for i in check_validation(path, tmp_path).report.issues] == ["R014"]


def test_every_sheet_renamed_names_each_missing_sheet(src, tmp_path):
    wb = part(src, "xl/workbook.xml")
    renamed = re.sub(r'<sheet name="([^"]+)"', r'<sheet name="Kopi af \1"', wb)
    path = edit_copy(src, tmp_path / "renamed.xlsx", {}, replace={"xl/workbook.xml": (wb, renamed)})
    v = check_validation(path, tmp_path)
    assert v.case is None and codes(path) == ["R012"] * 8
    assert {i.params["sheet_name"] for i in v.report.issues} >= {"1 Indsats", "5 Konsekvenser", "Antagelser"}
    code, out = run_unchanged([path], "validate", path)
    assert code == 1 and "«4 Effekt»" in out


def test_sheets_reordered_and_a_sheet_added(src, tmp_path):
    wb = part(src, "xl/workbook.xml")
    sheets = re.search(r"<sheets>(.*)</sheets>", wb).group(1)
    items = re.findall(r"<sheet [^>]*/>", sheets)
    added = '<sheet name="Ark1" sheetId="99" r:id="rId99"/>'  # as Numbers adds one
    rel = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'worksheet" Target="worksheets/extra.xml"/>')
    types = '<Override PartName="/xl/worksheets/extra.xml" ContentType="application/vnd.openxmlformats-' \
            'officedocument.spreadsheetml.worksheet+xml"/>'
    extra = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>noter</t></is></c></row></sheetData></worksheet>')
    path = edit_copy(src, tmp_path / "reordered.xlsx", {}, add={"xl/worksheets/extra.xml": extra}, replace={
        "xl/workbook.xml": (sheets, added + "".join(reversed(items))),
        "xl/_rels/workbook.xml.rels": ("</Relationships>", rel + "</Relationships>"),
        "[Content_Types].xml": ("</Types>", types + "</Types>")})
    assert check_validation(path, tmp_path).report.issues == []


def test_google_sheets_export_without_custom_properties(src, tmp_path):
    path = edit_copy(src, tmp_path / "nocustom.xlsx", {}, drop={"docProps/custom.xml"})
    assert check_validation(path, tmp_path).report.issues == []


def test_names_pointing_at_ref_errors(src, tmp_path):
    wb = part(src, "xl/workbook.xml")
    broken = re.sub(r'(<definedName name="[^"]+"[^>]*>)[^<]*', r"\1#REF!", wb)
    path = edit_copy(src, tmp_path / "refs.xlsx", {}, replace={"xl/workbook.xml": (wb, broken)})
    v = check_validation(path, tmp_path)
    assert v.report.valid and {i.code for i in v.report.issues} == {"R011", "R014"}


def test_names_stretched_over_the_whole_sheet_do_not_hang(src, tmp_path):
    wb = part(src, "xl/workbook.xml")
    whole = re.sub(r'(<definedName name="(?:Kons_Aendringer|Deltagere_Antal|Omk_Aar)"[^>]*>)\'([^\']+)\'![^<]*',
                   r"\1'\2'!$A$1:$XFD$1048576", wb)
    assert whole.count("$XFD$1048576") == 3
    path = edit_copy(src, tmp_path / "whole.xlsx", {("2 Målgruppe", "XFD1048576"): ("n", "1")},
                     replace={"xl/workbook.xml": (wb, whole)})
    t0 = time.perf_counter()
    v = check_validation(path, tmp_path)
    assert time.perf_counter() - t0 < 20  # it took forever before the reader walked only filled cells
    assert not v.report.valid and not v.unreadable


def test_a_cell_in_the_last_row_and_column_is_harmless(src, tmp_path):
    path = edit_copy(src, tmp_path / "far.xlsx", {("5 Konsekvenser", "XFD1048576"): ("inline", "x"),
                                                  ("2 Målgruppe", "XFD1048576"): ("n", "7")})
    assert check_validation(path, tmp_path).report.issues == []


def test_a_huge_shared_string_table(src, tmp_path):
    many = "".join(f"<si><t>tekst nummer {n} æøå</t></si>" for n in range(100_000))
    path = edit_copy(src, tmp_path / "sst.xlsx", {}, replace={"xl/sharedStrings.xml": ("</sst>", many + "</sst>")})
    assert check_validation(path, tmp_path).report.issues == []


def test_a_shared_string_index_out_of_range_is_unreadable(src, tmp_path):
    path = edit_copy(src, tmp_path / "sst_range.xlsx", {("4 Effekt", "C14"): ("s", "99999")})
    assert codes(path) == ["F022"]
    assert run_unchanged([path], "calc", path, "-o", tmp_path / "r.xlsx")[0] == 2
    assert not (tmp_path / "r.xlsx").exists()


def test_libreoffice_resave_of_edited_cells_keeps_the_verdicts(src, tmp_path, soffice):
    from somxl.recalc import convert

    edits = {("4 Effekt", "C14"): ("inline", "25 %"), ("2 Målgruppe", "C28"): ("inline", "1 234,5"),
             ("1 Indsats", "C18"): ("inline", "=SUM(A1)")}
    edited = edit_copy(src, tmp_path / "edited.xlsx", edits)
    [resaved] = convert([edited], tmp_path / "lo", recalc=False)
    assert [(i.code, i.cell) for i in check_validation(resaved, tmp_path).report.issues] == \
        [(i.code, i.cell) for i in validate_file(edited).report.issues]


# --- files that are not SØM workbooks ------------------------------------------------------------

def test_zero_sheets_is_not_a_som_workbook(src, tmp_path):
    wb = part(src, "xl/workbook.xml")
    both = re.search(r"<sheets>.*</definedNames>", wb).group(0)
    path = edit_copy(src, tmp_path / "zero.xlsx", {}, replace={"xl/workbook.xml": (both, "<sheets/>")})
    assert codes(path) == ["R028"]
    assert run_unchanged([path], "validate", path)[0] == 2
    assert run_unchanged([path], "calc", path)[0] == 2
    assert run_unchanged([path], "export", path)[0] == 2


def test_a_plain_workbook_with_data(tmp_path):
    import xlsxwriter

    path = tmp_path / "budget.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Budget")
    ws.write_row(0, 0, ["År", "Beløb"])
    ws.write_row(1, 0, [2026, 1000])
    wb.define_name("Beloeb", "=Budget!$B$2")
    wb.close()
    assert [i.code for i in validate_file(path).report.issues] == ["R028", "R019"]
    for args in (["validate", path], ["validate", "--json", path], ["export", path], ["calc", path]):
        assert run_unchanged([path], *args)[0] == 2


@pytest.mark.parametrize("content", [b"\x00" * 100, b"PK\x03\x04" + os.urandom(200), b"%PDF-1.4\n" + bytes(range(256))])
def test_garbage_is_unreadable_everywhere(tmp_path, content):
    path = tmp_path / "garbage.xlsx"
    path.write_bytes(content)
    for args in (["validate", path], ["export", path], ["calc", path, "-o", tmp_path / "r.xlsx"],
                 ["validate", path, "--annotate", tmp_path / "a.xlsx"]):
        code, out = run_unchanged([path], *args)
        assert code == 2 and re.search(r"F00[45]", out), out
    assert not (tmp_path / "r.xlsx").exists()


# --- paths and targets ----------------------------------------------------------------------------

def test_danish_path_with_spaces_read_only(src, tmp_path):
    folder = tmp_path / "Økonomi og Social æøå"
    folder.mkdir()
    path = folder / "Retur fra afdeling å.xlsx"
    path.write_bytes(src.read_bytes())
    path.chmod(stat.S_IREAD)
    try:
        assert run_unchanged([path], "validate", path)[0] == 0
        code, out = run_unchanged([path], "calc", path, "-o", folder / "Resultat æøå.xlsx")
        assert code == 0 and (folder / "Resultat æøå.xlsx").exists()
        assert run_unchanged([path], "export", path, "-o", folder / "sag æøå.json")[0] == 0
        case = folder / "sag æøå.json"
        assert json.loads(case.read_text(encoding="utf-8"))["meta"]["submission_id"] == "SAMPLE-HF-01"
        assert run_unchanged([case], "fill", case, "-o", folder / "ny æøå.xlsx")[0] == 0
        assert validate_file(folder / "ny æøå.xlsx").report.issues == []
    finally:
        path.chmod(stat.S_IREAD | stat.S_IWRITE)


def test_a_folder_is_refused(tmp_path):
    for args in (["validate", tmp_path], ["export", tmp_path], ["calc", tmp_path], ["fill", tmp_path, "-o", "x"]):
        assert run(*args)[0] == 2
    assert validate_file(tmp_path).unreadable


def test_the_same_file_twice(src):
    code, out = run_unchanged([src], "validate", src, src)
    assert code == 0 and out.count("gyldig, ingen fund") == 2


def test_an_output_never_overwrites_its_input(src, tmp_path):
    path = tmp_path / "retur.xlsx"
    path.write_bytes(src.read_bytes())
    case = tmp_path / "sag.json"
    assert run("export", path, "-o", case)[0] == 0
    other_spelling = tmp_path / "." / "retur.xlsx"
    refusals = [
        ["calc", path, "-o", path], ["calc", path, "-o", other_spelling, "--force"],
        ["calc", path, "--json", path, "--force"],
        ["validate", path, "--annotate", path, "--force"], ["validate", path, "--annotate", other_spelling],
        ["export", path, "-o", path, "--force"], ["fill", case, "-o", case, "--force"],
    ]
    for args in refusals:
        code, out = run_unchanged([path, case], *args)
        assert code == 2 and ("never overwrites" in out or "overskriver aldrig" in out), (args, out)


def test_half_a_surrogate_pair_never_reaches_an_output(src, tmp_path):
    # a JSON "\ud800" without its pair, and a cell escape _xD800_, cannot be written to any workbook
    case = tmp_path / "sag.json"
    assert run("export", src, "-o", case)[0] == 0
    text = case.read_text(encoding="utf-8").replace('"Housing First', '"Housing \\ud800First', 1)
    assert "\\ud800" in text
    case.write_text(text, encoding="utf-8")
    for args in (["fill", case, "-o", tmp_path / "ny.xlsx"], ["calc", case, "-o", tmp_path / "r.xlsx"],
                 ["validate", case], ["validate", case, "--json"]):
        code, out = run_unchanged([case], *args)
        assert code == 2 and "U+D800" in out, (args, out)
    cell = edit_copy(src, tmp_path / "escape.xlsx", {("1 Indsats", "C18"): ("inline", "Bolig _xD800_ først")})
    v = check_validation(cell, tmp_path)
    assert v.case.intervention.name == "Bolig _xD800_ først"


def test_numbers_beyond_any_float(src, tmp_path):
    # 400 typed nines read as infinity (exported as Infinity, not JSON); a NaN date serial raised
    edits = {("4 Effekt", "C14"): ("inline", "9" * 400), ("2 Målgruppe", "C28"): ("n", "1" + "0" * 400),
             ("Antagelser", "I6"): ("n", "NaN")}
    v = check_validation(edit_copy(src, tmp_path / "huge.xlsx", edits), tmp_path)
    assert [(i.code, i.cell) for i in v.report.issues] == [("R003", "C28"), ("R003", "C14"), ("V018", "I6")]
    case = tmp_path / "sag.json"
    assert run("export", src, "-o", case)[0] == 0
    data = json.loads(case.read_text(encoding="utf-8"))
    data["participants"][0]["starting"] = 10**400  # math.isfinite overflowed on it
    case.write_text(json.dumps(data), encoding="utf-8")
    code, out = run_unchanged([case], "calc", case)
    assert code == 1 and "V001" in out
    case.write_text('{"schema": ' + "1" * 5000 + "}", encoding="utf-8")  # beyond Python's int limit
    code, out = run_unchanged([case], "calc", case, "--lang", "en")
    assert code == 2 and "thousands of digits" in out


@pytest.mark.parametrize("edits, codes_", [
    ({("Metadata", "B3"): ("n", "1e400")}, []),  # an infinite template version raised OverflowError
    ({("Metadata", "B8"): ("b", "1"), ("Metadata", "B9"): ("n", "1e300"), ("Metadata", "B10"): ("e", "#REF!")}, []),
    ({("Metadata", "B3"): ("n", "2")}, ["R021"]),
])
def test_strange_values_in_the_stamp(src, tmp_path, edits, codes_):
    # the stamp feeds the annotated copy (recipient TRUE crashed XlsxWriter); check_validation annotates
    v = check_validation(edit_copy(src, tmp_path / "stamp.xlsx", edits), tmp_path)
    assert [i.code for i in v.report.issues] == codes_


def test_fill_takes_a_workbook_as_the_docs_say(src, tmp_path):
    # it read every input as JSON: "er ikke UTF-8-tekst; gem sagen som UTF-8" for any workbook
    out = tmp_path / "ny.xlsx"
    assert run_unchanged([src], "fill", src, "-o", out)[0] == 0
    assert validate_file(out).case == validate_file(src).case
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK\x03\x04" + bytes(100))
    code, out_text = run_unchanged([garbage], "fill", garbage, "-o", tmp_path / "g.xlsx")
    assert code == 2 and "F005" in out_text and not (tmp_path / "g.xlsx").exists()
