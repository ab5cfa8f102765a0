"""The safety gate: each defective file is built here, named after its defect, and must give
exactly one clear issue (fatal: FileError with a one-issue report; otherwise a warning)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from somxl.base.errors import FileError
from somxl.base.safety import Limits, inspect_file
from somxl.base.xlsxread import open_workbook
from xlsx_build import XLSB_TYPE, XLSM_TYPE, build_ole, build_xlsx

ONE_SHEET = [("Ark1", '<row r="1"><c r="A1"><v>1</v></c></row>')]


def fatal_code(path: Path, **kw) -> str:
    """The code of the one issue a FileError carries; fails if the file passes the gate."""
    with pytest.raises(FileError) as caught:
        open_workbook(path, **kw)
    err = caught.value
    assert err.exit_code == 2
    assert len(err.report.issues) == 1
    issue = err.report.issues[0]
    # The message reads in both languages without unfilled parameters.
    for lang in ("da", "en"):
        assert "{" not in issue.text(lang), issue.text(lang)
        assert err.text(lang)
    return issue.code


def xlsxwriter_file(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet("Ark1").write("A1", 1)
    wb.close()
    return path


def test_a_normal_workbook_passes_without_issues(tmp_path):
    info = inspect_file(xlsxwriter_file(tmp_path / "ok.xlsx"))
    assert (info.kind, info.issues, info.has_macros) == ("xlsx", [], False)
    assert "xl/workbook.xml" in info.parts


def test_missing_file(tmp_path):
    assert fatal_code(tmp_path / "missing.xlsx") == "F001"


def test_a_folder_is_not_a_file(tmp_path):
    assert fatal_code(tmp_path) == "F021"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "pipe.xlsx"
    os.mkfifo(fifo)  # opening it would block for ever
    assert fatal_code(fifo) == "F021"


def test_empty_file(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert fatal_code(tmp_path / "empty.xlsx") == "F002"


def test_too_large_file(tmp_path):
    path = xlsxwriter_file(tmp_path / "too_large.xlsx")
    assert fatal_code(path, limits=Limits(max_file_bytes=1000)) == "F003"


@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
    bytes(range(256)) * 4,
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
], ids=["pdf", "random_bytes", "png"])
def test_not_a_spreadsheet(tmp_path, content):
    (tmp_path / "not_a_zip.xlsx").write_bytes(content)
    assert fatal_code(tmp_path / "not_a_zip.xlsx") == "F004"


@pytest.mark.parametrize("content", [
    "Navn;Beløb\nIndsats;1.234,50\n".encode("cp1252"),
    "Navn;Beløb\nIndsats;1.234,50\n".encode("utf-8-sig"),
    "Navn\tBeløb\n".encode("utf-16"),
    b"<html><body><table><tr><td>1</td></tr></table></body></html>",
], ids=["csv_cp1252", "csv_utf8", "text_utf16", "html_saved_as_xls"])
def test_text_file_with_a_workbook_extension(tmp_path, content):
    (tmp_path / "csv_as.xlsx").write_bytes(content)
    assert fatal_code(tmp_path / "csv_as.xlsx") == "F009"


def test_truncated_zip(tmp_path):
    data = xlsxwriter_file(tmp_path / "ok.xlsx").read_bytes()
    (tmp_path / "truncated.xlsx").write_bytes(data[: len(data) // 2])
    assert fatal_code(tmp_path / "truncated.xlsx") == "F005"


def test_damaged_part_data_is_found_when_the_sheet_is_read(tmp_path):
    path = tmp_path / "damaged_member.xlsx"
    build_xlsx(path, [("Ark1", '<row r="1"><c r="A1"><v>1</v></c></row>' * 50)])
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 5, start + 15):  # scramble the compressed sheet data, keep the directory
        data[i] ^= 0x55
    path.write_bytes(bytes(data))
    book = open_workbook(path)  # the structure is intact
    with pytest.raises(FileError) as caught:
        book.cells("Ark1")
    assert [i.code for i in caught.value.report.issues] == ["F005"]


def test_encrypted_workbook_is_an_ole_file_with_encryption_streams(tmp_path):
    path = build_ole(tmp_path / "encrypted.xlsx", ["EncryptionInfo", "EncryptedPackage"])
    assert fatal_code(path) == "F006"
    with pytest.raises(FileError) as caught:
        inspect_file(path)
    assert "adgangskode" in caught.value.report.issues[0].text("da")
    assert "password" in caught.value.report.issues[0].text("en")


def test_legacy_xls(tmp_path):
    assert fatal_code(build_ole(tmp_path / "legacy.xls", ["Workbook", "\x05SummaryInformation"])) == "F007"


def test_legacy_xls_renamed_to_xlsx(tmp_path):
    assert fatal_code(build_ole(tmp_path / "legacy_renamed.xlsx", ["Workbook"])) == "F007"


def test_other_ole_file_is_not_a_spreadsheet(tmp_path):
    assert fatal_code(build_ole(tmp_path / "word_97.xlsx", ["WordDocument"])) == "F004"


def test_ods(tmp_path):
    path = tmp_path / "opendocument.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<office:document-content/>")
    assert fatal_code(path) == "F008"


def test_xlsb(tmp_path):
    assert fatal_code(build_xlsx(tmp_path / "binary.xlsx", ONE_SHEET, main_type=XLSB_TYPE)) == "F010"


def test_a_content_types_part_seen_before_gives_the_same_verdict(tmp_path):
    """The gate keeps what a [Content_Types].xml named, by its bytes, for the next copy of the same
    template: a second file with the same part passes or is refused exactly as the first, and a
    part that is no XML (never kept) is refused again."""
    ok = build_xlsx(tmp_path / "ok.xlsx", ONE_SHEET)
    assert [inspect_file(ok).kind for _ in range(2)] == ["xlsx", "xlsx"]
    binary = build_xlsx(tmp_path / "binary.xlsx", ONE_SHEET, main_type=XLSB_TYPE)
    assert [fatal_code(binary) for _ in range(2)] == ["F010", "F010"]
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(ok) as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info, data.replace(b"<Types", b"<Types <") if info.filename == "[Content_Types].xml" else data)
    assert [fatal_code(broken) for _ in range(2)] == ["F017", "F017"]
    assert inspect_file(ok).kind == "xlsx"


def test_zip_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "word_document.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                    'content-types"><Override PartName="/word/document.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    assert fatal_code(path) == "F015"
    with zipfile.ZipFile(tmp_path / "plain.zip", "w") as zf:
        zf.writestr("notes.txt", "hello")
    assert fatal_code(tmp_path / "plain.zip") == "F015"


def test_too_many_parts(tmp_path):
    extra = {f"xl/media/image{i}.png": b"x" for i in range(20)}
    path = build_xlsx(tmp_path / "many_parts.xlsx", ONE_SHEET, extra=extra)
    assert fatal_code(path, limits=Limits(max_parts=10)) == "F011"


def test_total_uncompressed_size(tmp_path):
    path = build_xlsx(tmp_path / "large_unpacked.xlsx", ONE_SHEET, extra={"xl/media/a.bin": bytes(300_000)})
    assert fatal_code(path, limits=Limits(max_total_uncompressed=200_000)) == "F012"


def test_zip_bomb_part_with_default_limits(tmp_path):
    # 4 MB of zeros deflate about 1000 times: above the default limit of 100 on parts >= 2 MB.
    path = tmp_path / "zip_bomb.xlsx"
    build_xlsx(path, ONE_SHEET)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("xl/worksheets/sheet2.xml", "w") as fh:
            chunk = bytes(1 << 20)
            for _ in range(4):
                fh.write(chunk)
    assert fatal_code(path) == "F013"


def test_real_workbook_ratio_stays_far_below_the_limit(tmp_path):
    # A large, repetitive sheet (the kind that compresses best) must pass the default limits.
    path = tmp_path / "repetitive.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Ark1")
    fmt = wb.add_format({"num_format": "#,##0", "bg_color": "#FFF2CC"})
    for row in range(17_000):
        ws.write_number(row, 0, 0, fmt)
        ws.write_blank(row, 1, None, fmt)
        ws.write_formula(row, 2, f"=A{row + 1}*2", fmt, 0)
    wb.close()
    with zipfile.ZipFile(path) as zf:
        sheet = zf.getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size >= Limits().ratio_min_part_bytes  # so the ratio is judged
    assert sheet.file_size / sheet.compress_size < 15  # about 10x, as the docs say
    assert inspect_file(path).kind == "xlsx"


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/evil.xml", "xl\\..\\evil.xml", "C:/evil.xml",
                                  "xl/worksheets/SHEET1.xml"])
def test_unsafe_or_duplicate_part_name(tmp_path, name):
    path = build_xlsx(tmp_path / "path_traversal.xlsx", ONE_SHEET, extra={name: b"<x/>"})
    assert fatal_code(path) == "F014"


def test_zip_level_encryption_flag(tmp_path):
    path = build_xlsx(tmp_path / "zip_encrypted.xlsx", ONE_SHEET)
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/secret.bin", b"data")
    # zipfile cannot write encrypted members: set the "encrypted" flag bit in the central
    # directory entry (flags at offset 8 of the entry) by hand.
    data = bytearray(path.read_bytes())
    entry = data.rfind(b"PK\x01\x02")
    assert data[entry + 46: entry + 46 + 13] == b"xl/secret.bin"
    data[entry + 8] |= 0x1
    path.write_bytes(bytes(data))
    assert fatal_code(path) == "F006"


def test_macro_workbook_renamed_to_xlsx_is_found_by_content(tmp_path):
    path = build_xlsx(tmp_path / "macros_renamed.xlsx", ONE_SHEET, main_type=XLSM_TYPE,
                      extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not really vba"})
    book = open_workbook(path)
    assert book.info.kind == "xlsm"
    assert [i.code for i in book.issues] == ["F101"]
    assert book.cell("Ark1", "A1").value == 1


def test_vba_part_in_a_plain_xlsx_is_a_macro_warning(tmp_path):
    path = build_xlsx(tmp_path / "vba_in_xlsx.xlsx", ONE_SHEET, extra={"xl/vbaProject.bin": b"vba"})
    assert [i.code for i in inspect_file(path).issues] == ["F101"]


def test_external_links_and_embedded_objects_are_warnings(tmp_path):
    path = build_xlsx(tmp_path / "links_and_objects.xlsx", ONE_SHEET, extra={
        "xl/externalLinks/externalLink1.xml": b"<externalLink/>",
        "xl/embeddings/oleObject1.bin": b"ole",
    })
    info = inspect_file(path)
    assert [i.code for i in info.issues] == ["F102", "F103"]
    assert all(i.severity == "warning" for i in info.issues)


def test_content_decides_not_the_extension(tmp_path):
    path = xlsxwriter_file(tmp_path / "really_xlsx.csv")
    assert inspect_file(path).kind == "xlsx"


def test_the_content_types_kept_follow_the_files_read_not_the_first(tmp_path, monkeypatch):
    """A worker whose first files each carry another [Content_Types].xml (here: another number of
    sheets) still keeps the one the files after them share."""
    from somxl.base import safety

    monkeypatch.setattr(safety, "_KINDS", {})
    for n in range(safety._KINDS_KEPT + 1):
        inspect_file(build_xlsx(tmp_path / f"anden{n}.xlsx", [(f"Ark{i}", "") for i in range(n + 2)]))
    common = build_xlsx(tmp_path / "skabelon.xlsx", [("Ark", "")])
    inspect_file(common)
    with zipfile.ZipFile(common) as zf:
        assert zf.read("[Content_Types].xml") in safety._KINDS


def test_a_list_is_read_strictly_and_a_broken_quote_names_its_row(tmp_path):
    """An unclosed quote would take the rest of the list into one cell, text after a closing quote
    would be glued on: both are F028 with the row being read. A quote inside an unquoted cell is
    text, as Excel reads it."""
    from somxl.base.safety import csv_rows

    path = tmp_path / "liste.csv"
    assert csv_rows(path, 'afdeling;modtager\r\nSocial "Nord";Kim\r\n"A;B";Lis\r\n') == [
        (1, {0: "afdeling", 1: "modtager"}), (2, {0: 'Social "Nord"', 1: "Kim"}), (3, {0: "A;B", 1: "Lis"})]
    for text in ('afdeling;modtager\r\nJob;Kim\r\n"Jobcenter;Kim\r\nÆldre;Lis\r\n',
                 'afdeling;modtager\r\nJob;Kim\r\n"Jobcenter" Nord;Kim\r\n'):
        with pytest.raises(FileError) as err:
            csv_rows(path, text)
        [issue] = err.value.report.issues
        assert (issue.code, issue.params["row"]) == ("F028", 3)
