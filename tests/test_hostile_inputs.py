"""Hostile and odd inputs (issue 8, points 4 and 9): every one is answered with an exit code and
an issue code, never a traceback, and no input changes. Each input is built here, from a filled
workbook or a few bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hostile import digests, somxl, unchanged
from readback import sample
from somxl.model.case import read_case
from somxl.loop.distribute import submission_id_for
from xlsx_build import DECL, MAIN_NS, build_xlsx, edit_copy, part


@pytest.fixture(scope="module")
def src(filled_book) -> Path:
    return filled_book[0]


def first_name(src: Path) -> str:
    return re.search(r"<definedName [^>]*>[^<]*</definedName>", part(src, "xl/workbook.xml")).group(0)


# --- point 4: no traceback, ever -----------------------------------------------------------------

def _long_row(src):
    name = first_name(src)
    return {"xl/workbook.xml": (name, re.sub(r"\$(\d+)<", "$" + "9" * 5000 + "<", name))}


def _local_sheet_id(src):
    return {"xl/workbook.xml": ("</definedNames>", '<definedName name="X" localSheetId="²">\'Metadata\'!$A$1'
                                                   "</definedName></definedNames>")}


def _num_fmt_id(src):
    xf = re.search(r'<xf numFmtId="0" fontId="1"[^>]*>', part(src, "xl/styles.xml")).group(0)
    return {"xl/styles.xml": (xf, xf.replace('numFmtId="0"', 'numFmtId="²"'))}


def _encoding(src):
    return {"xl/styles.xml": ('encoding="UTF-8"', 'encoding="x-no-such-codec"')}


@pytest.mark.parametrize("edit, code, exit_code", [
    (_long_row, "R014", 0),  # the name is broken; the Metadata name table finds the input
    (_local_sheet_id, None, 0),  # '²'.isdigit() is True, int('²') raises: not a sheet index
    (_num_fmt_id, None, 0),
    (_encoding, "F017", 2),
], ids=["defined_name_row_of_5000_digits", "local_sheet_id_superscript", "num_fmt_id_superscript",
        "unknown_xml_encoding"])
def test_odd_workbook_parts_are_answered(src, tmp_path, edit, code, exit_code):
    path = edit_copy(src, tmp_path / "odd.xlsx", {}, replace=edit(src))
    run = unchanged([path], "validate", path, "--json")
    found = [i["code"] for i in json.loads(run.out)["issues"]]
    assert run.code == exit_code and (code in found if code else found == []), run.text


def recipient_xlsx(path: Path, deadline: str) -> Path:
    """A recipient list whose deadline cell is a number formatted as a date (numFmtId 14)."""
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>afdeling</t></is></c><c r="B1" t="inlineStr"><is><t>frist'
            '</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Jobcenter</t></is></c>'
            f'<c r="B2" s="1"><v>{deadline}</v></c></row>')
    styles = DECL + f'<styleSheet xmlns="{MAIN_NS}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
    return build_xlsx(path, [("Ark1", rows)], styles_xml=styles)


@pytest.mark.parametrize("deadline, code", [("1E10", "D008"), ("-700000", "D008"), ("NaN", "D008"),
                                            ("46402", None), ("4_6402", "F022")])
def test_recipient_deadline_serials(tmp_path, deadline, code):
    lst = recipient_xlsx(tmp_path / "liste.xlsx", deadline)
    run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud")
    if code is None:
        assert run.code == 0 and "2027-01-15" in (tmp_path / "ud" / "udsendelse.csv").read_text("utf-8-sig")
    else:
        assert run.code == 2 and code in run.text and not (tmp_path / "ud" / "udsendelse.csv").exists()


def test_case_json_nested_100000_deep(tmp_path):
    path = tmp_path / "dyb.json"
    path.write_text('{"schema": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    run = unchanged([path], "validate", path)
    assert run.code == 2 and "C007" in run.text and "niveauer" in run.text
    run = unchanged([path], "calc", path, "--lang", "en")
    assert run.code == 2 and "nested more than 100 levels" in run.err


@pytest.mark.parametrize("command", ["distribute", "collect"])
def test_utf16_list_cut_at_an_odd_byte(src, tmp_path, command):
    lst = tmp_path / "liste.csv"
    lst.write_bytes("afdeling\tmodtager\r\nJobcenter\tKim\r\n".encode("utf-16")[:-1])
    if command == "distribute":
        run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud")
    else:  # the manifest of collect is read like a recipient list
        run = unchanged([lst, src], "collect", src, "--manifest", lst, "-o", tmp_path / "o.xlsx")
    assert run.code == 2 and "D007" in run.text and not (tmp_path / "o.xlsx").exists()


def test_a_crash_inside_collect_reads_as_a_crash_of_somxl(src, tmp_path, monkeypatch):
    import multiprocessing as mp

    from somxl.workbook_in import validate
    from somxl.loop.collect import collect
    from somxl.render import render_collection

    if "fork" not in mp.get_all_start_methods():
        pytest.skip("the bug is planted in forked workers")

    def bug(*args, **kwargs):
        raise ZeroDivisionError("a planted bug")

    monkeypatch.setattr(validate, "validate_file", bug)
    c = collect([src], context=mp.get_context("fork"))
    [issue] = c.files[0].validation.report.issues
    assert issue.code == "internal" and "ZeroDivisionError" in issue.message("da")
    assert "ikke en fejl i filen" in issue.message("da")
    text = render_collection(c, "da")
    assert "somxl-fejl" in text and text.endswith("0 ulæselige, 1 som somxl fejlede på")


# --- point 9: smaller items ----------------------------------------------------------------------

def test_duplicate_keys_in_a_case_are_an_error_with_their_path(tmp_path):
    path = tmp_path / "dobbelt.json"
    text = json.dumps(sample(), ensure_ascii=False)
    path.write_text(text.replace('"title": ', '"title": "første", "title": ', 1), encoding="utf-8")
    case, report = read_case(path)
    assert case is None and report.flatten(["code", "path"])[0] == ["C008", "meta.title"]
    run = unchanged([path], "calc", path)
    assert run.code == 1 and "C008" in run.err


def test_utf16_case_is_told_its_encoding(tmp_path):
    path = tmp_path / "sag.json"
    path.write_bytes(json.dumps(sample(), ensure_ascii=False).encode("utf-16"))
    run = unchanged([path], "validate", path, "--lang", "en")
    assert run.code == 2 and "C007" in run.out and "UTF-16 text; save the case as UTF-8" in run.out


def test_a_shared_string_index_of_2_5_and_a_number_1_0_are_damaged(src, tmp_path):
    for value, name in ((("s", "2.5"), "sst.xlsx"), (("n", "1_0"), "num.xlsx")):
        path = edit_copy(src, tmp_path / name, {("4 Effekt", "C14"): value})
        run = unchanged([path], "validate", path)
        assert run.code == 2 and "F022" in run.out, run.text


def test_a_fifo_as_list_or_catalogue_is_not_a_regular_file(tmp_path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "F021" in somxl("distribute", fifo, "-o", tmp_path / "ud").text
    assert "F021" in somxl("catalog", "--catalog", fifo).text
    assert "F021" in somxl("new", tmp_path / "n.xlsx", "--settings", fifo).text


def test_strasse_and_strasse_get_two_ids():
    assert submission_id_for("Straße", None, None) != submission_id_for("Strasse", None, None)
    assert submission_id_for("Jobcenter", "Kim", None) == submission_id_for("JOBCENTER", "kim", None)


def test_a_price_index_of_0_is_not_also_missing_and_ranges_have_no_infinity():
    from somxl.model.case import parse_case

    data = sample()
    data["settings"]["price_index"] = {"2024": 0, "2026": 104.1}
    data["costs"][0]["price_year"] = 2024
    data["effect"]["rate_without"] = -1
    _, issues = parse_case(data)
    codes = [(i.code, i.path) for i in issues if i.severity == "error"]
    assert ("V022", "settings.price_index.2024") in codes and not any(c == "V007" for c, _ in codes)
    assert not any("∞" in i.message(lang) for i in issues for lang in ("da", "en"))


def test_hostile_inputs_leave_every_file_as_it_was(src, tmp_path):
    before = digests([src])
    somxl("validate", src)
    assert digests([src]) == before


# Bytes no program saves a list, a case or settings as: a PNG header and control characters.
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(1, 32)) * 4


@pytest.mark.parametrize("role", ["recipients", "manifest", "catalogue", "settings"])
def test_binary_side_input_is_refused_by_the_gate(src, tmp_path, role):
    """Every text input passes the gate's text check: binary bytes are F027 (exit 2), never read
    as a list whose 'columns' are raw bytes, nor a Python codec message."""
    junk = tmp_path / ("junk.json" if role == "settings" else "junk.csv")
    junk.write_bytes(BINARY.replace(b"\x00", b"") if role != "settings" else BINARY)
    args = {"recipients": ("distribute", junk, "-o", tmp_path / "ud"),
            "manifest": ("collect", src, "--manifest", junk, "-o", tmp_path / "o.xlsx"),
            "catalogue": ("validate", src, "--catalog", junk),
            "settings": ("new", tmp_path / "o.xlsx", "--settings", junk)}[role]
    run = unchanged([junk, src], *args)
    assert run.code == 2 and "er hverken tekst eller et regneark" in run.text, run.text
    assert "PNG" not in run.text and "IHDR" not in run.text and "codec" not in run.text
    assert not (tmp_path / "ud").exists() and not (tmp_path / "o.xlsx").exists()


def test_settings_not_utf8_named_in_danish_and_english(tmp_path):
    path = tmp_path / "indstillinger.json"
    path.write_bytes('{"prisår": 2025}'.encode("cp1252"))
    run = unchanged([path], "new", tmp_path / "o.xlsx", "--settings", path)
    assert run.code == 2 and "er ikke UTF-8-tekst (byte 6); gem den som UTF-8" in run.err, run.err
    run = unchanged([path], "new", tmp_path / "o.xlsx", "--settings", path, "--lang", "en")
    assert run.code == 2 and "is not UTF-8 text (byte 6); save it as UTF-8" in run.err and "codec" not in run.err
    book = tmp_path / "b.xlsx"
    book.write_bytes(b"PK\x03\x04" + bytes(30))
    run = unchanged([book], "new", tmp_path / "o.xlsx", "--settings", book)
    assert run.code == 2 and "er en projektmappe; indstillinger er en JSON- eller YAML-fil" in run.err, run.err


@pytest.mark.parametrize("content", [
    "afdeling\tmodtager\r\nJobcenter\tKim\r\n".encode("utf-16")[:-1],  # UTF-16 cut at an odd byte
    b"afdeling;modtager\r\nJob\x81center;Kim\r\n",  # 0x81: neither UTF-8 nor Windows-1252
], ids=["utf16-cut", "byte-not-in-cp1252"])
def test_lists_and_catalogues_decoded_alike(src, tmp_path, content):
    """Recipient lists and catalogues read text by one rule (safety.list_text): an undecodable
    list is D007, an undecodable catalogue K001, both naming the byte; nothing is guessed."""
    lst = tmp_path / "liste.csv"
    lst.write_bytes(content)
    run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud")
    assert run.code == 2 and "D007" in run.text and not (tmp_path / "ud").exists()
    run = unchanged([lst, src], "validate", src, "--catalog", lst)
    assert run.code == 2 and "K001" in run.text and "byte" in run.text, run.text
