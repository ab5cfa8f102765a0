"""somxl validate / export / fill through click's CliRunner: exit codes and exact messages."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from readback import edit, fill, sample
from somxl.cli import cli


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    layout = fill(d / "ok.xlsx")
    edit(d / "ok.xlsx", d / "warn.xlsx", layout, {"costs[1].amount": "1.234,50"})
    edit(d / "ok.xlsx", d / "bad.xlsx", layout, {"costs[2].amount": "1.234"})
    (d / "notes.xlsx").write_text("år;beløb\n2026;100\n", encoding="utf-8")
    (d / "case.json").write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    return d


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_valid_file_exits_0(files):
    r = run("validate", files / "ok.xlsx")
    assert r.exit_code == 0 and r.output == f"{files / 'ok.xlsx'}: gyldig, ingen fund\n"


def test_warnings_exit_0_unless_strict(files):
    assert run("validate", files / "warn.xlsx").exit_code == 0
    r = run("validate", files / "warn.xlsx", "--strict", "--lang", "en")
    assert r.exit_code == 1 and r.output.startswith(f"{files / 'warn.xlsx'}: INVALID: 0 errors, 1 warning\n")


def test_invalid_file_exits_1_with_the_message(files):
    r = run("validate", files / "bad.xlsx")
    assert r.exit_code == 1
    assert r.output.splitlines()[0] == f"{files / 'bad.xlsx'}: UGYLDIG: 1 fejl, 0 advarsler"
    assert ("FEJL    R002  3 Omkostninger  G25    Beløb (kr.), linje 3  «1.234» kan læses både som 1234 og som "
            "1,234; skilletegnet kan være tusindtals- eller decimaltegn. Skriv tallet uden "
            "tusindtalsskilletegn: 1234 eller 1,234.") in r.output


def test_json_output_one_object_and_a_list(files):
    one = json.loads(run("validate", files / "bad.xlsx", "--json", "--lang", "en").output)
    assert one == {"file": str(files / "bad.xlsx"), "valid": False, "issues": [{
        "code": "R002", "severity": "error", "sheet": "3 Omkostninger", "cell": "G25",
        "field": "Beløb (kr.), linje 3", "path": "costs[2].amount", "value": "1.234",
        "message": "«1.234» can be read both as 1234 and as 1.234; the separator may mark thousands or "
                   "decimals. Enter the number without a thousands separator: 1234 or 1.234."}]}
    r = run("validate", files / "ok.xlsx", files / "notes.xlsx", "--json")
    assert r.exit_code == 2
    many = json.loads(r.output)
    assert [(d["valid"], [i["code"] for i in d["issues"]]) for d in many] == [(True, []), (False, ["F009"])]


def test_unreadable_exits_2_and_usage_errors_exit_2(files):
    r = run("validate", files / "notes.xlsx", "--lang", "en")
    assert r.exit_code == 2
    assert "The file is a text file (e.g. CSV, HTML or XML), not an Excel workbook" in r.output
    r = run("validate", files / "ok.xlsx", files / "bad.xlsx", "--annotate", files / "a.xlsx", "--lang", "en")
    assert r.exit_code == 2 and "Error: --annotate takes one file only" in r.output


def test_export_writes_the_case_or_refuses(files, tmp_path):
    r = run("export", files / "ok.xlsx")
    assert r.exit_code == 0 and json.loads(r.output) == sample()
    r = run("export", files / "bad.xlsx", "-o", tmp_path / "x.json")
    assert r.exit_code == 1 and not (tmp_path / "x.json").exists()
    r = run("export", files / "bad.xlsx", "--partial", "-o", tmp_path / "x.json")
    assert r.exit_code == 1 and json.loads((tmp_path / "x.json").read_text("utf-8"))["costs"][2]["amount"] is None
    r = run("export", files / "ok.xlsx", "-o", tmp_path / "x.json", "--lang", "en")
    assert r.exit_code == 2 and r.output.endswith(f"Error: {tmp_path / 'x.json'} exists (use --force to overwrite)\n")


def test_fill_renders_a_case_into_a_workbook(files, tmp_path):
    out = tmp_path / "filled.xlsx"
    r = run("fill", files / "case.json", "-o", out)
    assert r.exit_code == 0 and r.output == f"Skrev {out}\n"
    assert json.loads(run("export", out).output) == sample()
    assert run("fill", files / "case.json", "-o", out).exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**sample(), "settings": {"start_year": 2026}}), encoding="utf-8")
    r = run("fill", bad, "-o", tmp_path / "b.xlsx", "--lang", "en")
    assert r.exit_code == 1 and "C005" in r.output and not (tmp_path / "b.xlsx").exists()


def test_case_files_validate_too(files, tmp_path):
    assert run("validate", files / "case.json").exit_code == 0
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": ', encoding="utf-8")
    r = run("validate", broken, "--lang", "en")
    assert r.exit_code == 2
    assert (f"ERROR     C007                      {broken} is not valid JSON (line 1, column 12: "
            "Expecting value). Fix the file") in r.output
    bad = sample()
    bad["effect"]["success_rate"] = 1.5
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    r = run("validate", invalid, "--json")
    assert r.exit_code == 1
    assert [(i["code"], i["path"]) for i in json.loads(r.output)["issues"]] == [("V026", "effect.success_rate")]
