"""collect at scale: honest statuses with a manifest, the portfolio, the tidy long table and the
progress bar. Every file is built here: distributed copies filled with the samples, an invalid
one, answers that cannot be read (a CSV, an .xls, a truncated workbook) under the names
distribute wrote, a renamed copy, a copy returned twice, a recipient who never answers."""

from __future__ import annotations

import csv
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from readback import CREATED, edit, fill, sample
from somxl.cli import cli
from somxl.loop.collect import MEASURES, collect, find_files, frame, to_json, write_overview, write_table
from somxl.loop.distribute import distribute
from somxl.model.engine import NO_COMMITTEE, calculate
from somxl.workbook_in.validate import validate_file
from somxl.base.vocab import PAYER_ROWS
from xlsx_build import build_ole

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def returned(tmp_path_factory):
    """Eight departments; what came back in svar/ and what each file is."""
    d = tmp_path_factory.mktemp("portfolio")
    depts = ["Social", "Jobcenter", "Skole", "Sundhed", "Kultur", "Teknik", "Miljø", "Ældre"]
    (d / "modtagere.csv").write_text("afdeling;modtager\n" + "".join(f"{x};{x[:2]}\n" for x in depts),
                                     encoding="utf-8")
    sent = distribute(d / "modtagere.csv", d / "ud", deadline="2027-01-15", created=CREATED)
    rec = {r.department: r for r in sent.copies}
    back = d / "svar"
    back.mkdir()

    def answer(name, case_name, dept, committee=None):
        case = sample(case_name)
        case["meta"]["department"] = dept
        if committee:
            for line in case["consequences"]:
                line["committee"] = committee
        return fill(back / name, case, recipient=rec[dept].recipient, submission_id=rec[dept].submission_id)

    answer(rec["Social"].file, "housing-first", "Social", committee="Socialudvalget")      # valid
    layout = answer("tmp.xlsx", "ips-employment", "Jobcenter")
    edit(back / "tmp.xlsx", back / rec["Jobcenter"].file, layout,  # invalid: two errors
         {"costs[0].amount": "1.234", "costs[1].amount": "2.345"})
    (back / "tmp.xlsx").unlink()
    (back / rec["Skole"].file).write_text("afdeling;beløb\nSkole;12\n", encoding="utf-8")       # a CSV
    build_ole(back / rec["Sundhed"].file, ["Workbook"])                                          # an .xls
    answer("full.xlsx", "recidivism", "Kultur")
    data = (back / "full.xlsx").read_bytes()
    (back / rec["Kultur"].file).write_bytes(data[: len(data) // 2])                             # truncated
    (back / "full.xlsx").unlink()
    answer("Svar fra teknik (endelig).xlsx", "recidivism", "Teknik")                           # renamed, stamped
    answer(rec["Miljø"].file, "ips-employment", "Miljø", committee="Miljøudvalget")            # twice:
    answer("Miljø - kopi.xlsx", "ips-employment", "Miljø", committee="Miljøudvalget")
    c = collect(find_files([back]), manifest=sent.manifest, parallel=False)
    return d, sent, rec, c


def by_name(c):
    return {f.path.name: f for f in c.files}


def test_statuses_with_a_manifest(returned):
    d, sent, rec, c = returned
    files = by_name(c)
    got = {name: (f.status, f.recipient.department if f.recipient else None, f.left_out)
           for name, f in files.items()}
    assert got == {
        rec["Social"].file: ("received", "Social", None),
        rec["Jobcenter"].file: ("received_invalid", "Jobcenter", "invalid"),
        rec["Skole"].file: ("received_unreadable", "Skole", "unreadable"),
        rec["Sundhed"].file: ("received_unreadable", "Sundhed", "unreadable"),
        rec["Kultur"].file: ("received_unreadable", "Kultur", "unreadable"),
        "Svar fra teknik (endelig).xlsx": ("received", "Teknik", None),
        "Miljø - kopi.xlsx": ("twice", "Miljø", None),
        rec["Miljø"].file: ("twice", "Miljø", "duplicate"),
    }
    assert [r.department for r in c.missing] == ["Ældre"]  # the unreadable answers are not chased
    assert [i.code for i in files[rec["Skole"].file].validation.report.issues] == ["F009"]
    assert [i.code for i in files[rec["Sundhed"].file].validation.report.issues] == ["F007"]
    assert files[rec["Miljø"].file].duplicate_of == "Miljø - kopi.xlsx"


def test_statuses_and_reasons_in_the_overview_json_and_terminal(returned, tmp_path):
    d, sent, rec, c = returned
    write_overview(tmp_path / "o.xlsx", c)
    ws = openpyxl.load_workbook(tmp_path / "o.xlsx")["Udsendelse"]
    rows = {r[1]: (r[0], r[7]) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["Skole"][0] == "modtaget – ulæselig" and rows["Skole"][1].startswith("F009 ")
    assert rows["Sundhed"][0] == "modtaget – ulæselig" and rows["Sundhed"][1].startswith("F007 ")
    assert rows["Kultur"][0] == "modtaget – ulæselig" and rows["Kultur"][1].startswith("F005 ")
    assert rows["Jobcenter"][0] == "modtaget – ugyldig" and rows["Jobcenter"][1].startswith("R002 ")
    assert rows["Teknik"] == ("modtaget", None) and rows["Social"] == ("modtaget", None)
    assert rows["Miljø"][0] == "modtaget flere gange" and rows["Ældre"] == ("mangler", None)
    doc = to_json(c, "en")
    status = {Path(f["file"]).name: (f["status"], f["included"], f["reason"] and f["reason"][:4])
              for f in doc["files"]}
    assert status[rec["Sundhed"].file] == ("received_unreadable", False, "F007")
    assert [m["department"] for m in doc["missing"]] == ["Ældre"]

    r = CliRunner().invoke(cli, ["collect", str(d / "svar"), "--manifest", str(sent.manifest), "--json", "-"])
    assert r.exit_code == 2  # unreadable files
    text = r.stderr
    reasons = text.split("Ulæselige og ugyldige filer:\n")[1].split("\n\n")[0].splitlines()
    assert [line.split(": ", 1)[0].strip() for line in reasons] == [
        rec["Jobcenter"].file, rec["Kultur"].file, rec["Skole"].file, rec["Sundhed"].file]
    assert reasons[0].split(": ", 1)[1].startswith("R002 ark '3 Omkostninger', celle G23")
    assert reasons[0].endswith(" (+1 fund)") and reasons[3].split(": ", 1)[1].startswith("F007 ")
    assert "Mangler svar fra: 1 af 8 modtagere\n  Ældre (Æl)" in text
    assert json.loads(r.stdout)["portfolio"]["files"] == sorted(
        [rec["Social"].file, "Svar fra teknik (endelig).xlsx", "Miljø - kopi.xlsx"], key=str.casefold)


def independent(path):
    """The file's result calculated here, from the workbook, without collect."""
    v = validate_file(path)
    assert v.case is not None
    return calculate(v.case)


def test_portfolio_equals_the_sum_of_the_included_files(returned):
    d, sent, rec, c = returned
    included = sorted([rec["Social"].file, "Svar fra teknik (endelig).xlsx", "Miljø - kopi.xlsx"], key=str.casefold)
    assert c.portfolio.files == included
    assert {f: why for f, why, _ in c.portfolio.left_out} == {
        rec["Jobcenter"].file: "invalid", rec["Skole"].file: "unreadable", rec["Sundhed"].file: "unreadable",
        rec["Kultur"].file: "unreadable", rec["Miljø"].file: "duplicate"}
    results = [independent(d / "svar" / name) for name in included]
    p = c.portfolio.to_dict()
    close = lambda a, b: math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)  # noqa: E731
    for key in ("pv_gains", "pv_net_costs", "pv_net"):
        for j, payer in enumerate(PAYER_ROWS):
            assert close(p[key][payer], sum(float(getattr(r, key)[j]) for r in results)), (key, payer)
    years = sorted({int(y) for r in results for y in r.years})
    assert p["net_by_year"]["years"] == years
    for j, payer in enumerate(PAYER_ROWS):
        expected = [sum(float(r.net[j][list(r.years).index(y)]) for r in results if y in r.years) for y in years]
        assert all(close(a, b) for a, b in zip(p["net_by_year"][payer], expected))
    assert p["participants"] == sum(r.summary()["participants"] for r in results)
    assert close(p["successes"], sum(r.summary()["successes"] for r in results))
    committees = [r.by_committee or {NO_COMMITTEE: r.pv_net} for r in results]  # none named: all in one
    assert {"Socialudvalget", "Miljøudvalget"} <= set(p["by_committee"]) == {k for x in committees for k in x}
    for key in p["by_committee"]:
        assert close(p["by_committee"][key]["total"], sum(float(x[key][3]) for x in committees if key in x))
    assert close(sum(v["total"] for v in p["by_committee"].values()), p["pv_net"]["total"])
    assert close(sum(v["total"] for v in p["by_domain"].values()), p["pv_gains"]["total"])


def test_portfolio_sheet(returned, tmp_path):
    d, sent, rec, c = returned
    write_overview(tmp_path / "o.xlsx", c)
    ws = openpyxl.load_workbook(tmp_path / "o.xlsx")["Portefølje"]
    rows = [r for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "Nutidsværdier pr. betaler"
    assert rows[1][:4] == ("Betaler", "Gevinster", "Nettoomkostninger", "Nettoresultat")
    assert rows[5][0] == "i alt" and math.isclose(rows[5][3], c.portfolio.pv_net[3], rel_tol=1e-12)
    titles = [r[0] for r in rows if r[0] in ("Filer i porteføljen", "Filer uden for porteføljen")]
    assert titles == ["Filer i porteføljen", "Filer uden for porteføljen"]
    out = [r for r in rows[[r[0] for r in rows].index("Filer uden for porteføljen") + 2:] if r[0]]
    assert [(r[0], r[1]) for r in out] == [(f, {"invalid": "ugyldig", "unreadable": "ulæselig",
                                                 "duplicate": "dublet"}[why]) for f, why, _ in c.portfolio.left_out]


def test_tidy_table_has_one_row_per_file_payer_year_measure(returned, tmp_path):
    d, sent, rec, c = returned
    rows = list(c.table_rows())
    calculated = [f for f in c.files if f.summary is not None]
    results = {f.path.name: independent(f.path) for f in calculated}
    assert len(rows) == sum(len(r.years) * len(PAYER_ROWS) * len(MEASURES) for r in results.values())
    keys = {(r[0], r[3], r[4], r[5]) for r in rows}
    assert len(keys) == len(rows)  # one row per file × payer × year × measure
    arrays = {"gains": "gains", "net_costs": "net_costs", "net": "net"}
    for file, dept, sid, payer, year, measure, value, included in rows:
        r = results[file]
        expected = getattr(r, arrays[measure])[PAYER_ROWS.index(payer)][list(r.years).index(year)]
        assert math.isclose(value, float(expected), rel_tol=1e-12, abs_tol=1e-9)
        f = by_name(c)[file]
        assert (dept, sid, included) == (f.department, f.submission_id, f.included)

    df = frame(c)
    assert list(df.columns) == ["file", "department", "submission_id", "payer", "year", "measure", "value", "included"]
    assert len(df) == len(rows)
    net = df[df.included & (df.measure == "net")].groupby("payer").value.sum()
    p = c.portfolio.to_dict()["net_by_year"]
    for payer in PAYER_ROWS:
        assert math.isclose(net[payer], sum(p[payer]), rel_tol=1e-9)

    write_table(tmp_path / "t.csv", c)
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    lines = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    assert lines[0] == ["Fil", "Afdeling", "Indsendelses-id", "Betaler", "År", "Mål", "Værdi", "I porteføljen"]
    assert len(lines) == len(rows) + 1
    assert float(lines[1][6].replace(",", ".")) == rows[0][6] and lines[1][7] in ("ja", "NEJ")
    # people read payer and measure in Danish (a pivot table of "net_costs" and "total" was English
    # inside a Danish table); frame() above keeps the contract's keys
    assert [line[3:6:2] for line in lines[1:]] == [[SHOWN_DA[r[3]], SHOWN_DA[r[5]]] for r in rows]
    assert {"i alt", "nettoomkostninger"} <= {cell for line in lines for cell in line}

    ws = openpyxl.load_workbook(tmp_path / "o.xlsx" if (tmp_path / "o.xlsx").exists() else _overview(c, tmp_path))
    table = list(ws["Tabel"].iter_rows(min_row=2, values_only=True))
    assert [t[:6] for t in table] == [(*r[:3], SHOWN_DA[r[3]], r[4], SHOWN_DA[r[5]]) for r in rows]
    assert [t[6] for t in table] == pytest.approx([r[6] for r in rows], rel=1e-15)  # 17 digits in the XML


SHOWN_DA = {"kommune": "kommune", "region": "region", "stat": "stat", "total": "i alt", "gains": "gevinster",
            "net_costs": "nettoomkostninger", "net": "nettoresultat"}
SHOWN_EN = {"kommune": "municipality", "region": "region", "stat": "state", "total": "total", "gains": "gains",
            "net_costs": "net costs", "net": "net result"}


def test_table_sheet_is_cut_with_a_note_and_the_csv_has_every_row(returned, tmp_path, monkeypatch):
    """Past TABLE_SHEET_ROWS the Tabel sheet ends with a note pointing to --table; the CSV is whole."""
    from somxl.loop import collect as collect_module

    d, sent, rec, c = returned
    rows = list(c.table_rows())
    monkeypatch.setattr(collect_module, "TABLE_SHEET_ROWS", 5)
    write_overview(tmp_path / "cut.xlsx", c, "en")
    table = list(openpyxl.load_workbook(tmp_path / "cut.xlsx")["Table"].iter_rows(min_row=2, values_only=True))
    assert [r[:7] for r in table[:5]] == [(*r[:3], SHOWN_EN[r[3]], r[4], SHOWN_EN[r[5]], r[6]) for r in rows[:5]]
    assert table[5][0] == "The table is cut after 5 rows; the whole table: somxl collect --table FILE.csv"
    assert len(table) == 6 and len(rows) > 5
    write_table(tmp_path / "whole.csv", c)
    assert len((tmp_path / "whole.csv").read_text(encoding="utf-8-sig").splitlines()) == len(rows) + 1


def test_the_parent_keeps_a_short_record_per_file_and_reads_the_rest_back(returned):
    """What each file's report, summary and detail hold is on disk, read back when asked for: the
    record in memory is the same few keys for a file with one issue or with many."""
    d, sent, rec, c = returned
    for f in c.files:
        assert f._validation is None and f._summary is None and f.detail is None
        assert len(f._keys) == 6
    valid = next(f for f in c.files if f.summary is not None)
    assert valid.validation.report.valid and valid.stored_detail() is not None
    marked = [f for f in c.files if f._added]  # D010-D012 and X002 added while reconciling
    assert marked
    for f in marked:
        first = f.validation.report.issues
        assert first[:len(f._added)] == f._added and f.validation.report.issues == first  # not added twice


def test_json_written_file_by_file_is_the_whole_document(returned):
    """The JSON streamed one file at a time is exactly the document dumped whole."""
    import json

    from somxl.loop.collect import Collection, json_chunks

    d, sent, rec, c = returned
    for collection in (c, Collection()):
        whole = json.dumps(to_json(collection, "en"), ensure_ascii=False, indent=2) + "\n"
        assert "".join(json_chunks(collection, "en")) == whole


def _overview(c, tmp_path):
    write_overview(tmp_path / "o.xlsx", c)
    return tmp_path / "o.xlsx"


def test_frame_of_a_folder_and_json_without_output(returned, tmp_path):
    d, sent, rec, c = returned
    df = frame(d / "svar", parallel=False)
    assert len(df) == len(list(c.table_rows()))
    r = CliRunner().invoke(cli, ["collect", str(d / "svar" / rec["Social"].file), "--json", "-", "--lang", "en"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.stdout)
    assert doc["portfolio"]["files"] == [rec["Social"].file]
    assert doc["portfolio"]["pv_net"] == doc["files"][0]["summary"]["pv_net"]
    assert "Wrote" not in r.stderr and "1 file: 1 valid" in r.stderr


def test_no_progress_bar_when_not_a_terminal(returned, tmp_path):
    d, sent, rec, c = returned
    r = CliRunner().invoke(cli, ["collect", str(d / "svar"), "-o", str(tmp_path / "o.xlsx")])
    assert "\r" not in r.output and "filer/s" not in r.output
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "somxl", "collect", str(d / "svar"), "--json", "-"],
                          capture_output=True, env=env, timeout=300)
    assert done.returncode == 2
    assert b"\r" not in done.stderr and b"filer/s" not in done.stderr
    json.loads(done.stdout)


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_progress_bar_on_a_terminal_and_quiet(returned, tmp_path):
    import pty

    d, sent, rec, c = returned
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run(*extra):
        main, child = pty.openpty()
        proc = subprocess.Popen([sys.executable, "-m", "somxl", "collect", str(d / "svar"), "--json", "-", *extra],
                                stdout=subprocess.PIPE, stderr=child, env=env)
        os.close(child)
        err = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        out = proc.communicate(timeout=300)[0]
        os.close(main)
        return out, err

    out, err = run()
    assert b"8/8 filer" in err and b"filer/s" in err and b"\r" in err
    assert b"filer/s" not in out
    json.loads(out)
    out, err = run("--quiet")
    assert b"filer/s" not in err
