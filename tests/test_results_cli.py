"""`somxl calc FILE -o RESULT.xlsx`: from a filled workbook and from a JSON case, errors stop
before any file is written, warnings reach stderr and the Validering sheet, --force."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from fixtures import WORKED
from somxl.model.case import case_to_dict, load_case
from somxl.cli import cli
from somxl.workbooks_out.generate import write_input_workbook

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "housing-first.json"


def calc(*args):
    return CliRunner().invoke(cli, ["calc", *map(str, args)])


def write_json(tmp_path: Path, data: dict, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_calc_of_a_filled_workbook_writes_result_workbook_and_json(tmp_path):
    filled = tmp_path / "udfyldt.xlsx"
    case = case_to_dict(load_case(SAMPLE))
    del case["answers"]["5.5"]  # an unanswered question: a warning, shown and listed
    write_input_workbook(filled, case=case)
    out, js = tmp_path / "resultat.xlsx", tmp_path / "resultat.json"
    res = calc(filled, "-o", out, "--json", js)
    assert res.exit_code == 0, res.output
    assert res.stdout == f"Skrev {out}\n"
    assert "R026" in res.stderr
    wb = openpyxl.load_workbook(out, data_only=True)
    total = json.loads(js.read_text(encoding="utf-8"))["summary"]["pv_net"]["total"]
    assert wb["Resultat"]["D9"].value == total
    codes = [c.value for c in wb["Validering"]["A"]][4:]
    assert "R026" in codes


def test_calc_of_a_json_case_prints_the_summary_and_writes_the_workbook(tmp_path):
    out = tmp_path / "r.xlsx"
    res = calc(write_json(tmp_path, WORKED), "-o", out, "--lang", "en")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("Test: Voksne i hjemløshed\n")
    assert res.stdout.endswith(f"Wrote {out}\n")
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["Summary", "Results"]


def test_json_to_stdout_keeps_stdout_clean(tmp_path):
    out = tmp_path / "r.xlsx"
    res = calc(write_json(tmp_path, WORKED), "-o", out, "--json", "-")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["schema"] == "somxl/result@1"
    assert res.stderr == f"Skrev {out}\n"


def test_errors_exit_1_with_the_report_and_no_file(tmp_path):
    data = copy.deepcopy(WORKED)
    data["effect"] = {"success_rate": 25}
    out, js = tmp_path / "r.xlsx", tmp_path / "r.json"
    res = calc(write_json(tmp_path, data), "-o", out, "--json", js)
    assert res.exit_code == 1
    assert "V003" in res.stderr and res.stdout == ""
    assert not out.exists() and not js.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.json"]


def test_errors_in_a_workbook_exit_1_and_no_file(tmp_path):
    data = case_to_dict(load_case(SAMPLE))
    data["consequences"][0]["prices"]["kommune"] = -5  # an error the reader passes on to the checks
    filled = tmp_path / "udfyldt.xlsx"
    write_input_workbook(filled, case=data)
    out = tmp_path / "r.xlsx"
    res = calc(filled, "-o", out)
    assert res.exit_code == 1, res.output
    assert "UGYLDIG" in res.stderr and "5 Konsekvenser" in res.stderr
    assert not out.exists()


def test_force_and_never_the_input(tmp_path):
    case = write_json(tmp_path, WORKED)
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"old")
    res = calc(case, "-o", out)
    assert res.exit_code == 2
    assert "--force" in res.stderr and out.read_bytes() == b"old"
    assert calc(case, "-o", out, "--force").exit_code == 0
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["Sammenfatning", "Resultat"]
    res = calc(out, "-o", out, "--force")  # the result workbook is a valid input, but not its own output
    assert res.exit_code == 2
    assert "inputfilerne" in res.stderr


def test_a_result_workbook_is_a_valid_input_again(tmp_path):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.json"
    assert calc(write_json(tmp_path, WORKED), "-o", first).exit_code == 0
    res = calc(first, "--json", second)
    assert res.exit_code == 0, res.output
    assert json.loads(second.read_text(encoding="utf-8"))["summary"]["pv_net"]["total"] == 2500
