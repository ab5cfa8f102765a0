"""The demo's round: the three samples as three departments answering one distribution, their
answers collected against the manifest and compared, every figure agreeing with the samples'
own results."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from somxl.loop.demo import run_demo, sample_paths
from somxl.workbook_in.validate import validate_file


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "demo-out"
    return run_demo(out), out


def test_each_answer_carries_its_copys_submission_id_and_every_one_is_received(demo):
    summary, out = demo
    with open(out / "udsendelse" / "udsendelse.csv", encoding="utf-8-sig", newline="") as fh:
        manifest = list(csv.DictReader(fh, delimiter=";"))
    assert len(manifest) == len(sample_paths()) == summary.round.copies == 3
    listed = (out / "modtagere.csv").read_text(encoding="utf-8-sig").splitlines()
    assert listed[0] == "afdeling" and sorted(listed[1:]) == sorted(r["afdeling"] for r in manifest)
    for row in manifest:
        assert (out / "udsendelse" / row["fil"]).is_file()
    # each answer is read back with the id of one copy: the department filled its own copy
    answered = sorted(validate_file(c.filled).case.meta.submission_id for c in summary.cases)
    assert answered == sorted(r["indsendelsesid"] for r in manifest)
    ws = openpyxl.load_workbook(summary.round.overview, read_only=True)["Udsendelse"]
    statuses = [row[0] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]]
    assert statuses == ["modtaget"] * 3
    assert summary.round.received == summary.round.valid == 3


def test_the_portfolio_is_the_sum_of_the_three_results_and_the_comparison_has_all_three(demo):
    summary, out = demo
    totals = [json.loads(c.result_json.read_text(encoding="utf-8"))["summary"]["pv_net"]["total"]
              for c in summary.cases]
    assert summary.round.portfolio_net == pytest.approx(sum(totals), abs=1e-6)
    sheet = openpyxl.load_workbook(summary.round.comparison, read_only=True)["Sammenligning"]
    files = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Fil")
    assert sorted(files[1:4]) == sorted(c.filled.name for c in summary.cases)


def test_the_demo_refuses_to_overwrite_a_departments_copy_without_force(demo, tmp_path):
    from somxl.base.errors import OutputError

    out = tmp_path / "d"
    run_demo(out)
    copy = next((out / "udsendelse").glob("Social*.xlsx"))
    copy.write_bytes(b"edited by the department")
    with pytest.raises(OutputError):
        run_demo(out)
    assert copy.read_bytes() == b"edited by the department"
    run_demo(out, force=True)
    assert copy.read_bytes()[:2] == b"PK"
