"""somxl collect: distribute → fill some copies → collect into one overview workbook."""

from __future__ import annotations

import hashlib
import json
import multiprocessing

import openpyxl
import pytest
from click.testing import CliRunner

from readback import CREATED, edit, fill, sample
from somxl.cli import cli
from somxl.loop.collect import collect, find_files, write_overview
from somxl.loop.distribute import distribute


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def digest(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    """Four departments get a copy; Social answers (and sends it twice), Jobcenter answers with an
    error, Børn & Unge and Ældre do not answer; one file with an id nobody was sent."""
    d = tmp_path_factory.mktemp("collect")
    (d / "modtagere.csv").write_text(
        "afdeling;modtager;email\nSocial;Anna;a@k.dk\nJobcenter;Kim;\nBørn & Unge;Bo;\nÆldre;Mads;\n", encoding="utf-8")
    sent = distribute(d / "modtagere.csv", d / "ud", deadline="2027-01-15", created=CREATED)
    copies = {r.department: r for r in sent.copies}
    back = d / "svar"
    back.mkdir()

    def answer(name, case_name, dept, **changes):
        case = sample(case_name)
        case["meta"]["department"] = dept if dept != "Social" else "=Social og Sundhed"  # '=' stays text
        rec = copies[dept]
        layout = fill(back / name, case, recipient=rec.recipient, submission_id=rec.submission_id)
        return layout

    answer("Social.xlsx", "housing-first", "Social")
    answer("Social - kopi.xlsx", "housing-first", "Social")
    layout = answer("jobcenter-ok.xlsx", "ips-employment", "Jobcenter")
    edit(back / "jobcenter-ok.xlsx", back / "Jobcenter.xlsx", layout, {"costs[0].amount": "1.234"})
    (back / "jobcenter-ok.xlsx").unlink()
    fill(back / "andet.xlsx", sample("recidivism"), submission_id="FREMMED-1")
    before = digest(back)
    c = collect(find_files([back]), manifest=sent.manifest, context=multiprocessing.get_context("spawn"))
    write_overview(d / "oversigt.xlsx", c)
    return d, sent, c, before


def test_files_are_sorted_and_never_modified(loop):
    d, _, c, before = loop
    assert [f.path.name for f in c.files] == ["andet.xlsx", "Jobcenter.xlsx", "Social - kopi.xlsx", "Social.xlsx"]
    assert digest(d / "svar") == before


def test_overview_rows(loop):
    d, sent, _, _ = loop
    ws = openpyxl.load_workbook(d / "oversigt.xlsx")["Oversigt"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:10] == ("Fil", "Afdeling", "Modtager", "Indsendelses-id", "Gyldig", "Fejl", "Advarsler",
                            "Indsats", "Målgruppe", "Deltagere")
    assert rows[0][10:] == ("Gevinster, kommune", "Gevinster, region", "Gevinster, stat", "Gevinster, i alt",
                            "Nettoomkostninger, kommune", "Nettoomkostninger, region", "Nettoomkostninger, stat",
                            "Nettoomkostninger, i alt", "Nettoresultat, kommune", "Nettoresultat, region",
                            "Nettoresultat, stat", "Nettoresultat, i alt", "Tilbagebetalingsår, i alt",
                            "Afkast pr. krone, i alt", "I porteføljen", "Årsag", "Runde",
                            "Match med vidensdatabasen", "Vurdering af match")
    social_id = next(r.submission_id for r in sent.copies if r.department == "Social")
    social = rows[4]
    assert social[:10] == ("Social.xlsx", "=Social og Sundhed", "Anna", social_id, "ja", 0, 1,
                           "Housing First (ICM-bostøtte)", "Voksne i hjemløshed", 60)
    assert round(social[21]) == -3325260 and social[22] is None  # the README's demo figure, no break-even
    assert ws["B5"].data_type == "s"  # a text starting with '=' is written as text, not a formula
    assert rows[2][:7] == ("Jobcenter.xlsx", "Jobcenter", "Kim",
                           next(r.submission_id for r in sent.copies if r.department == "Jobcenter"), "NEJ", 1, 0)
    assert rows[2][9:24] == (None,) * 15
    assert rows[2][24] == "NEJ" and rows[2][25].startswith("R002 ark '3 Omkostninger', celle G23") \
        and not rows[2][25].endswith("fund)")  # the only issue: no count
    assert rows[2][26] == 1  # the round
    assert [r[24:26] for r in (rows[1], rows[3], rows[4])] == [("ja", None), ("ja", None),
                                                               ("NEJ", "dublet: Social - kopi.xlsx")]
    assert rows[2][27:] == (None, None)  # the IPS group is not register-based: no match
    assert social[-2] == "delvis" and social[-1].startswith("Delvis: vores målgruppe")  # the department's match
    assert ws["V2"].number_format == "#,##0" and ws["W2"].number_format == "0" and ws["X2"].number_format == "0.00"
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:AC5"


def test_issues_sheet_lists_every_issue(loop):
    d, _, c, _ = loop
    ws = openpyxl.load_workbook(d / "oversigt.xlsx")["Fund"]
    rows = [r[:6] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert rows == [
        ("andet.xlsx", "ADVARSEL", "D010", None, None, None),
        ("Jobcenter.xlsx", "FEJL", "R002", "3 Omkostninger", "G23", "Beløb (kr.), linje 1"),
        ("Social - kopi.xlsx", "ADVARSEL", "D011", None, None, None),
        ("Social.xlsx", "ADVARSEL", "D011", None, None, None),
    ]
    assert ws["G4"].value.startswith("Indsendelses-id'et «SOM-") and "findes også i Social.xlsx;" in ws["G4"].value


def test_distribution_sheet_shows_missing_and_unknown(loop):
    d, _, c, _ = loop
    ws = openpyxl.load_workbook(d / "oversigt.xlsx")["Udsendelse"]
    rows = [(r[0], r[1], r[6]) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert rows == [("modtaget flere gange", "Social", "Social - kopi.xlsx, Social.xlsx"),
                    ("modtaget – ugyldig", "Jobcenter", "Jobcenter.xlsx"), ("mangler", "Børn & Unge", None),
                    ("mangler", "Ældre", None), ("ukendt id", "Social- og Beskæftigelsesforvaltningen", "andet.xlsx")]
    assert [r.department for r in c.missing] == ["Børn & Unge", "Ældre"]


def test_overview_is_reproducible(loop, tmp_path):
    d, sent, _, _ = loop
    again = collect(find_files([d / "svar"]), manifest=sent.manifest, parallel=False)
    write_overview(tmp_path / "again.xlsx", again)
    a, b = (openpyxl.load_workbook(p) for p in (d / "oversigt.xlsx", tmp_path / "again.xlsx"))
    for name in ("Oversigt", "Fund", "Udsendelse", "Tabel"):
        assert list(a[name].iter_rows(values_only=True)) == list(b[name].iter_rows(values_only=True))


def test_cli_danish_summary_and_exit_1_for_an_invalid_file(loop, tmp_path):
    d, sent, _, before = loop
    r = run("collect", d / "svar", "-o", tmp_path / "o.xlsx", "--manifest", sent.manifest, "--json", tmp_path / "o.json")
    assert r.exit_code == 1, r.output
    lines = r.output.splitlines()
    assert lines[0].split() == ["Fil", "Afdeling", "Gyldig", "Fejl", "Advarsler", "Nettoresultat,", "i", "alt",
                                "Tilbagebetalingsår"]
    assert lines[-6:] == ["4 filer: 3 gyldige, 1 ugyldig, 0 ulæselige", "Mangler svar fra: 2 af 4 modtagere",
                          "  Børn & Unge (Bo)", "  Ældre (Mads)", f"Skrev {tmp_path / 'o.xlsx'}",
                          f"Skrev {tmp_path / 'o.json'}"]
    doc = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert [(f["valid"], [i["code"] for i in f["issues"]]) for f in doc["files"]] == [
        (True, ["D010"]), (False, ["R002"]), (True, ["D011"]), (True, ["D011"])]
    assert [m["department"] for m in doc["missing"]] == ["Børn & Unge", "Ældre"]
    assert digest(d / "svar") == before
    refused = run("collect", d / "svar", "-o", tmp_path / "o.xlsx", "--lang", "en")
    assert refused.exit_code == 2 and refused.output == f"Error: {tmp_path / 'o.xlsx'} exists (use --force to overwrite)\n"


def test_cli_english_all_valid_exit_0_and_strict(loop, tmp_path):
    d, sent, _, _ = loop
    files = [d / "svar" / "Social.xlsx", d / "svar" / "andet.xlsx"]
    r = run("collect", *files, "-o", tmp_path / "o.xlsx", "--lang", "en", "--manifest", sent.manifest)
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[-6:] == ["2 files: 2 valid, 0 invalid, 0 unreadable",
                                          "Not returned yet: 3 of 4 recipients", "  Jobcenter (Kim)",
                                          "  Børn & Unge (Bo)", "  Ældre (Mads)", f"Wrote {tmp_path / 'o.xlsx'}"]
    assert openpyxl.load_workbook(tmp_path / "o.xlsx").sheetnames == ["Overview", "Portfolio", "Issues", "Distribution",
                                                                               "Table"]
    strict = run("collect", *files, "-o", tmp_path / "s.xlsx", "--manifest", sent.manifest, "--strict")
    assert strict.exit_code == 1  # D010 (unknown id) is a warning: --strict makes andet.xlsx invalid
    assert "2 filer: 1 gyldig, 1 ugyldig, 0 ulæselige" in strict.output


def test_cli_unreadable_file_exits_2_and_json_case(loop, tmp_path):
    d, _, _, _ = loop
    (tmp_path / "noter.xlsx").write_text("år;beløb\n2026;100\n", encoding="utf-8")
    (tmp_path / "sag.json").write_text(json.dumps(sample("recidivism"), ensure_ascii=False), encoding="utf-8")
    (tmp_path / "~$sag.xlsx").write_bytes(b"lock")  # Excel's lock file is not a returned file
    r = run("collect", tmp_path, "-o", tmp_path / "o.xlsx", "--json", "-", "--timeout", "60")
    assert r.exit_code == 2
    doc = json.loads(r.stdout)
    assert [(f["file"].rsplit("/", 1)[-1].rsplit("\\", 1)[-1], f["unreadable"], f["summary"] is not None)
            for f in doc["files"]] == [("noter.xlsx", True, False), ("sag.json", False, True)]
    assert "2 filer: 1 gyldig, 0 ugyldige, 1 ulæselig" in r.stderr


def test_nothing_to_collect_and_missing_path(tmp_path):
    r = run("collect", tmp_path, "-o", tmp_path / "o.xlsx")
    assert r.exit_code == 2
    assert r.output == f"Fejl: ingen projektmapper (.xlsx, .xlsm) eller sager (.json) fundet i {tmp_path}\n"
    r = run("collect", tmp_path / "nope", "-o", tmp_path / "o.xlsx", "--lang", "en")
    assert r.exit_code == 2 and r.output == f"Error: {tmp_path / 'nope'} does not exist\n"


def test_a_collection_closes_its_spool_when_it_is_let_go(loop):
    """The spool (a temporary file holding each file's report) closes with its collection: no
    open file left behind, no ResourceWarning, in a notebook that collects again and again."""
    import gc
    import warnings

    d, *_ = loop
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        c = collect(find_files([d / "svar"]), parallel=False)
        fh = c._spool._fh
        assert not fh.closed and c.files[0].validation.report is not None
        del c
        gc.collect()
    assert fh.closed
    assert not [w for w in caught if issubclass(w.category, ResourceWarning)]


def test_one_copy_returned_many_times_names_five_others_per_file(tmp_path):
    # D011 on each of 8 copies of one answer: the other files by name, the first five, then '…'
    # (every file listing every other grew with the square of the copies, 3.3 s for 2,000)
    import shutil

    fill(tmp_path / "svar.xlsx", submission_id="SOM-DUP")
    for i in range(8):
        shutil.copyfile(tmp_path / "svar.xlsx", tmp_path / f"kopi {i}.xlsx")
    (tmp_path / "svar.xlsx").unlink()
    c = collect(find_files([tmp_path]), parallel=False)
    others = {f.path.name: next(i for i in f.validation.report.issues if i.code == "D011").params["others"]
              for f in c.files}
    assert others["kopi 0.xlsx"] == "kopi 1.xlsx, kopi 2.xlsx, kopi 3.xlsx, kopi 4.xlsx, kopi 5.xlsx, …"
    assert others["kopi 3.xlsx"] == "kopi 0.xlsx, kopi 1.xlsx, kopi 2.xlsx, kopi 4.xlsx, kopi 5.xlsx, …"
    assert others["kopi 7.xlsx"] == "kopi 0.xlsx, kopi 1.xlsx, kopi 2.xlsx, kopi 3.xlsx, kopi 4.xlsx, …"
    assert [f.status for f in c.files] == [None] * 8  # no manifest: no statuses


def test_two_copies_name_each_other_without_an_ellipsis(tmp_path):
    import shutil

    fill(tmp_path / "a.xlsx", submission_id="SOM-TWO")
    shutil.copyfile(tmp_path / "a.xlsx", tmp_path / "b.xlsx")
    c = collect(find_files([tmp_path]), parallel=False)
    assert [next(i for i in f.validation.report.issues if i.code == "D011").params["others"] for f in c.files] == [
        "b.xlsx", "a.xlsx"]


def test_no_text_cell_of_the_overview_touches_the_number_before_it(loop):
    # a count right-aligned against a text left-aligned prints '0 Housing First' and '1 delvis'
    # (Advarsler | Indsats, Runde | Match): every text cell after a number column keeps a space
    d, _, _, _ = loop
    for name in ("Oversigt", "Fund", "Udsendelse", "Tabel"):
        ws = openpyxl.load_workbook(d / "oversigt.xlsx")[name]
        for row in ws.iter_rows(min_row=2):
            for before, cell in zip(row, row[1:]):
                if isinstance(before.value, (int, float)) and isinstance(cell.value, str):
                    # Excel and LibreOffice indent only a cell aligned left, not one of 'general'
                    assert cell.alignment.indent >= 1 and cell.alignment.horizontal == "left", (
                        name, cell.coordinate, before.value, cell.value)
        heads = [c for c in next(ws.iter_rows(max_row=1))]
        assert all(c.alignment.indent >= 1 and c.alignment.horizontal == "left" for c in heads), name
