"""A second round out: `fill --next-round` sends a returned workbook back for corrections (same
recipient and submission id, a new deadline, the issues on a Validering sheet, the round in the
stamp), and `collect` keeps the latest round of each submission."""

from __future__ import annotations

import multiprocessing

import openpyxl
import pytest
from click.testing import CliRunner

from readback import edit, fill
from somxl.cli import cli
from somxl.loop.collect import collect, overview_rows, to_json
from somxl.loop.distribute import distribute
from somxl.workbook_in.read import read_workbook
from somxl.workbook_in.validate import validate_file


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    """Social gets a copy, returns it with an error; it goes back as round 2 and comes back corrected."""
    d = tmp_path_factory.mktemp("rounds")
    (d / "modtagere.csv").write_text("afdeling;modtager\nSocial;Anna\n", encoding="utf-8")
    sent = distribute(d / "modtagere.csv", d / "ud", deadline="2027-01-15")
    rec = sent.copies[0]
    back = d / "svar"
    back.mkdir()
    layout = fill(d / "ok.xlsx", recipient=rec.recipient, submission_id=rec.submission_id, deadline=rec.deadline)
    edit(d / "ok.xlsx", back / "Social.xlsx", layout, {"settings.start_year": "tyve"})
    res = run("fill", back / "Social.xlsx", "-o", d / "Social runde 2.xlsx", "--next-round", "--deadline", "2027-02-01")
    assert res.exit_code == 0, res.output
    assert res.stdout == f"Skrev {d / 'Social runde 2.xlsx'} (runde 2, 1 fejl og 0 advarsler at rette)\n"
    return d, sent, back, rec


def test_the_second_round_copy_keeps_recipient_and_submission_id_and_shows_the_issues(rounds):
    d, _, _, rec = rounds
    read = read_workbook(d / "Social runde 2.xlsx")
    assert read.case["meta"]["submission_id"] == rec.submission_id
    assert (read.stamp["recipient"], read.stamp["deadline"], int(read.stamp["round"])) == ("Anna", "2027-02-01", 2)
    assert not [i for i in read.issues if i.code == "R025"]  # the id matches the stamped one
    wb = openpyxl.load_workbook(d / "Social runde 2.xlsx")
    assert wb.sheetnames[-1] == "Validering"
    rows = [[c.value for c in row] for row in wb["Validering"].iter_rows(min_row=4)]
    assert [(r[1], r[2], r[3]) for r in rows] == [("R003", "Indstillinger", "C4")]
    assert wb["Indstillinger"]["C4"].value == "tyve"  # what they wrote, marked, for them to correct
    guide = [[c.value for c in row] for row in wb["Vejledning"].iter_rows()]
    assert any(r[1] == "Runde" and str(r[2]).startswith("2: jeres svar fra sidste runde") for r in guide)
    assert ["Frist", "2027-02-01"] in [r[1:3] for r in guide]


def test_collect_keeps_the_latest_round(rounds):
    d, sent, back, _ = rounds
    fixed = back / "Social runde 2 rettet.xlsx"
    edit(d / "Social runde 2.xlsx", fixed, None, {("Indstillinger", "C4"): 2026})
    assert validate_file(fixed).report.valid
    c = collect([back / "Social.xlsx", fixed], manifest=sent.manifest, context=multiprocessing.get_context("spawn"))
    old, new = c.files
    assert (old.round, new.round) == (1, 2)
    assert old.superseded_by is new and new.superseded_by is None
    assert [i.code for i in old.validation.report.issues][:1] == ["X002"]
    assert "D011" not in [i.code for f in c.files for i in f.validation.report.issues]
    assert c.missing == []
    _, rows = overview_rows(c)
    assert [r[-3] for r in rows] == ["1, erstattet af Social runde 2 rettet.xlsx", 2]  # then the match columns
    doc = to_json(c)
    assert [(f["round"], f["superseded_by"]) for f in doc["files"]] == [(1, str(fixed)), (2, None)]
    # the portfolio counts the latest round only
    assert c.portfolio.files == [fixed.name] and [(f, why) for f, why, _ in c.portfolio.left_out] == [
        ("Social.xlsx", "invalid")]  # round 1 had an error; a valid earlier round would be superseded_round
    assert [f.status for f in c.files] == ["superseded", "received"]


def test_a_third_round_follows_the_second(rounds, tmp_path):
    d, _, _, rec = rounds
    res = run("fill", d / "Social runde 2.xlsx", "-o", tmp_path / "r3.xlsx", "--next-round", "--lang", "en")
    assert res.exit_code == 0
    read = read_workbook(tmp_path / "r3.xlsx")
    assert int(read.stamp["round"]) == 3 and read.stamp["deadline"] == "2027-02-01"
    assert read.case["meta"]["submission_id"] == rec.submission_id


def test_an_unreadable_file_cannot_go_back(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"garbage")
    res = run("fill", junk, "-o", tmp_path / "out.xlsx", "--next-round")
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert not (tmp_path / "out.xlsx").exists()


def test_a_case_file_with_errors_cannot_go_back(tmp_path):
    bad = tmp_path / "sag.json"
    bad.write_text('{"schema": "somxl/case@2", "settings": {"start_year": 26}}', encoding="utf-8")
    res = run("fill", bad, "-o", tmp_path / "out.xlsx", "--next-round")
    assert res.exit_code == 1 and "UGYLDIG" in res.stderr
    assert not (tmp_path / "out.xlsx").exists()
