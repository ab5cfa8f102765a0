"""somxl distribute: a recipient list → one stamped workbook per department and a manifest."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from click.testing import CliRunner

from readback import CREATED
from somxl.cli import cli
from somxl.loop.distribute import (distribute, file_names, read_recipients, safe_file_stem, submission_id_for,
                              Recipient)
from somxl.base.errors import FileError, InputError
from somxl.workbook_in.validate import validate_file

LIST_DA = ("Afdeling;Modtager;E-mail;Telefon\r\n"
           "Socialforvaltningen;Anna Ærø;anna@kommune.dk;1234\r\n"
           'Børn & Unge: "Vest"/Øst;Bo Ågård;;\r\n'
           "socialforvaltningen;Carl;carl@kommune.dk;\r\n")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    d = tmp_path_factory.mktemp("distribute")
    (d / "modtagere.csv").write_text(LIST_DA, encoding="cp1252")  # as Danish Excel saves "CSV (semikolonsepareret)"
    return distribute(d / "modtagere.csv", d / "ud", deadline="2027-01-15", contact="Eva Økonom",
                      organisation="Eksempel Kommune", created=CREATED)


def test_one_copy_per_recipient_with_safe_unique_names(sent):
    assert [r.file for r in sent.copies] == ["Socialforvaltningen.xlsx", "Børn & Unge_ _Vest__Øst.xlsx",
                                             "socialforvaltningen (2).xlsx"]
    assert sorted(p.name for p in sent.outdir.iterdir()) == sorted([r.file for r in sent.copies] + ["udsendelse.csv"])
    assert [(i.code, i.cell, i.value) for i in sent.warnings.issues] == [("D003", "D1", "Telefon")]


def test_each_copy_is_stamped_and_prefilled(sent):
    for rec in sent.copies:
        v = validate_file(sent.outdir / rec.file)
        assert v.stamp["recipient"] == rec.recipient and v.stamp["deadline"] == "2027-01-15"
        assert v.case_dict["meta"]["submission_id"] == rec.submission_id
        assert v.case_dict["meta"]["department"] == rec.department
        assert v.case_dict["meta"]["organisation"] == "Eksempel Kommune"
    import openpyxl

    wb = openpyxl.load_workbook(sent.outdir / sent.copies[1].file)
    guide = {r[1]: r[2] for r in wb["Vejledning"].iter_rows(values_only=True) if r[1] in ("Modtager", "Frist", "Kontakt")}
    assert guide == {"Modtager": "Bo Ågård", "Frist": "2027-01-15", "Kontakt": "Eva Økonom"}
    assert wb.custom_doc_props["somxl_submission_id"].value == sent.copies[1].submission_id


def test_manifest_opens_in_danish_excel(sent):
    data = sent.manifest.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, not cp1252
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["fil", "afdeling", "modtager", "email", "indsendelsesid", "frist"]
    assert rows[2] == ["Børn & Unge_ _Vest__Øst.xlsx", 'Børn & Unge: "Vest"/Øst', "Bo Ågård", "",
                       submission_id_for('Børn & Unge: "Vest"/Øst', "Bo Ågård", None), "2027-01-15"]
    again, _ = read_recipients(sent.manifest)  # collect --manifest reads it with the same reader
    assert [(r.file, r.submission_id) for r in again] == [(r.file, r.submission_id) for r in sent.copies]


def test_generated_ids_are_stable_and_distinct():
    a = submission_id_for("Socialforvaltningen", "Anna", "a@k.dk")
    assert a == submission_id_for(" socialforvaltningen ", "ANNA", "a@k.dk") and a.startswith("SOM-") and len(a) == 12
    assert a != submission_id_for("Socialforvaltningen", "Anna", None)


def test_given_ids_and_english_xlsx_headings(tmp_path):
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(tmp_path / "list.xlsx"))
    ws = wb.add_worksheet()
    date = wb.add_format({"num_format": "dd-mm-yyyy"})
    for r, row in enumerate([["Department", "Recipient", "Submission ID", "Deadline"],
                             ["Jobcenter", "Kim", 17, dt.date(2027, 2, 1)], ["Ældreområdet", None, "ÆLD-2", None]]):
        for c, v in enumerate(row):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date)
            elif v is not None:
                ws.write(r, c, v)
    wb.close()
    recs, report = read_recipients(tmp_path / "list.xlsx")
    assert report.issues == []
    assert [(r.department, r.recipient, r.submission_id, r.deadline, r.row) for r in recs] == [
        ("Jobcenter", "Kim", "17", "2027-02-01", 2), ("Ældreområdet", None, "ÆLD-2", None, 3)]


@pytest.mark.parametrize("text, expected", [
    ("Børn/Unge", "Børn_Unge"), ('a<b>c:d"e\\f|g?h*i', "a_b_c_d_e_f_g_h_i"), ("Ældre. ", "Ældre"),
    ("CON", "_CON"), ("nul.txt", "_nul.txt"), ("Tab\there", "Tab here"), ("", "_"), ("x" * 300, "x" * 243),
    ("漢" * 100, "漢" * 81), ("😀" * 100, "😀" * 60), (".X", "_.X"), ("~$X", "_~$X"), ("../../x", "_.._.._x"),
    ("COM¹", "_COM¹"), ("lpt³.txt", "_lpt³.txt"), ("COM0", "_COM0"), ("LPT0", "_LPT0"), ("COM10", "COM10"),
    ("a\x1b[2Jb\x9bc\u202ed", "a_[2Jb_c_d"),
    ("O\u0308konomi", "Økonomi".replace("Ø", "Ö")),  # decomposed (macOS) letters become one character
])
def test_safe_file_stem(text, expected):
    assert safe_file_stem(text) == expected


def test_duplicate_names_ignore_case_like_windows():
    recs = [Recipient(d) for d in ("Jobcenter", "JOBCENTER", "Job/center", "Job_center")]
    assert file_names(recs) == ["Jobcenter.xlsx", "JOBCENTER (2).xlsx", "Job_center.xlsx", "Job_center (2).xlsx"]


BAD = ("afdeling;modtager;id\n"
       "Jobcenter;Kim;A1\n"
       ";Lis;A2\n"
       "Ældre;Mads;a1\n")


def test_bad_list_names_row_and_column_in_danish_and_english(tmp_path):
    (tmp_path / "bad.csv").write_text(BAD, encoding="utf-8")
    r = run("distribute", tmp_path / "bad.csv", "-o", tmp_path / "ud")
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert r.output.splitlines()[0] == f"{tmp_path / 'bad.csv'}: UGYLDIG: 2 fejl, 0 advarsler"
    assert ("FEJL    D004       A3     afdeling  Rækken har ingen afdeling; hvert eksemplar får sit filnavn og sin "
            "forudfyldte afdeling herfra. Udfyld afdelingen, eller slet rækken.") in r.output
    assert "FEJL    D005       C4     id        Indsendelses-id'et «a1» er også brugt i række 2;" in r.output
    assert r.output.endswith(f"Fejl: modtagerlisten {tmp_path / 'bad.csv'} har fejl\n")
    assert not (tmp_path / "ud").exists()
    en = run("distribute", tmp_path / "bad.csv", "-o", tmp_path / "ud", "--lang", "en")
    assert en.exit_code == 2 and en.output.endswith(f"Error: the recipient list {tmp_path / 'bad.csv'} has errors\n")
    assert "ERROR     D004         A3    afdeling  The row has no department;" in en.output


@pytest.mark.parametrize("content, error, code", [
    ("navn;email\nKim;k@k.dk\n", InputError, "D002"), ("afdeling;modtager\n", InputError, "D006"),
    (b"PK\x03\x04 not a zip", FileError, "F005"),  # an .xlsx list passes the returned files' safety gate
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), FileError, "F004"),
])
def test_unusable_lists(tmp_path, content, error, code):
    path = tmp_path / "list.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(error) as err:
        read_recipients(path)
    assert [i.code for i in err.value.report.issues] == [code]


def test_existing_files_refused_without_force(tmp_path):
    (tmp_path / "l.csv").write_text("afdeling\nJobcenter\nÆldre\n", encoding="utf-8")
    (tmp_path / "ud").mkdir()
    (tmp_path / "ud" / "Ældre.xlsx").write_bytes(b"keep")
    r = run("distribute", tmp_path / "l.csv", "-o", tmp_path / "ud", "--lang", "en")
    assert r.exit_code == 2
    assert r.output == f"Error: {tmp_path / 'ud' / 'Ældre.xlsx'} exists (use --force to overwrite)\n"
    assert sorted(p.name for p in (tmp_path / "ud").iterdir()) == ["Ældre.xlsx"]  # nothing written
    r = run("distribute", tmp_path / "l.csv", "-o", tmp_path / "ud", "--force")
    assert r.exit_code == 0, r.output
    assert r.output.endswith(f"Skrev 2 projektmapper og udsendelseslisten {tmp_path / 'ud' / 'udsendelse.csv'}\n")
    assert (tmp_path / "ud" / "Ældre.xlsx").read_bytes()[:2] == b"PK"


def test_missing_list_is_a_clear_error(tmp_path):
    r = run("distribute", tmp_path / "none.csv", "-o", tmp_path / "ud")
    assert r.exit_code == 2 and "F001" in r.output
    assert r.output.endswith(f"Fejl: modtagerlisten {tmp_path / 'none.csv'}: Filen none.csv findes ikke.\n")


def test_english_manifest_and_locked_settings(tmp_path):
    (tmp_path / "l.csv").write_text("department,recipient\nJobcenter,Kim\n", encoding="utf-8")
    (tmp_path / "s.json").write_text('{"start_year": 2026, "horizon_years": 10}', encoding="utf-8")
    r = run("distribute", tmp_path / "l.csv", "-o", tmp_path / "out", "--lang", "en", "--settings", tmp_path / "s.json")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "out" / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()[0] == \
        "file;department;recipient;email;submission_id;deadline"
    v = validate_file(tmp_path / "out" / "Jobcenter.xlsx")
    assert v.lang == "en" and v.case_dict["settings"]["start_year"] == 2026


def test_a_department_that_looks_like_a_formula_stays_text_in_the_manifest(tmp_path):
    (tmp_path / "liste.csv").write_text('Afdeling;Modtager\r\n"=HYPERLINK(""x"")";-Bo\r\n', encoding="utf-8")
    d = distribute(tmp_path / "liste.csv", tmp_path / "ud", created=CREATED)
    rows = list(csv.reader(io.StringIO(d.manifest.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[1][1:3] == ["'=HYPERLINK(\"x\")", "'-Bo"]  # Excel shows these as text
    again, _ = read_recipients(d.manifest)
    assert (again[0].department, again[0].recipient) == ('=HYPERLINK("x")', "-Bo")
