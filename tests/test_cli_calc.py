"""`somxl calc` through click's CliRunner: exit codes, the summary table, the JSON contract."""

from __future__ import annotations

import copy
import json

from click.testing import CliRunner

from fixtures import WORKED
from somxl.cli import cli


def write(tmp_path, data, name="case.json"):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def calc(*args):
    return CliRunner().invoke(cli, ["calc", *map(str, args)])


def test_summary_in_danish(tmp_path):
    res = calc(write(tmp_path, WORKED))
    assert res.exit_code == 0, res.output
    assert res.stderr == ""
    assert res.stdout == """\
Test: Voksne i hjemløshed
Kr., 2026-priser, udiskonteret, 2026-2029

Betaler  Gevinster  Nettoomkostninger  Nettoresultat  Tilbagebetalingsår  Afkast pr. krone
-------  ---------  -----------------  -------------  ------------------  ----------------
Kommune  3.000      2.000              1.000          2026                1,50
Region   0          0                  0              -                   -
Stat     1.500      0                  1.500          2026                -
I alt    4.500      2.000              2.500          2026                2,25
Om -: Region: ingen beløb for denne betaler; Stat: ingen nettoomkostninger, så intet afkast pr. krone.

Nødvendig succesrate        22,2 %
Deltagere                   20
Gennemførte                 20
Succeser                    10
Nettoresultat pr. deltager  125
Gevinst pr. succes          450
"""


def test_summary_in_english_with_thousands(tmp_path):
    data = copy.deepcopy(WORKED)
    for line in data["costs"]:
        line["amount"] = 1_234_567
    res = calc(write(tmp_path, data), "--lang", "en")
    assert res.exit_code == 0
    assert "Municipality  3,000  2,469,134  -2,466,134  -                0.00\n" in res.stdout
    assert "Break-even success rate     27,434.8 %\n" in res.stdout


def test_json_to_stdout_is_the_result_contract(tmp_path):
    res = calc(write(tmp_path, WORKED), "--json", "-")
    assert res.exit_code == 0
    out = json.loads(res.stdout)
    assert list(out) == ["schema", "years", "by_year", "summary", "by_domain", "by_committee",
                         "sensitivity", "monte_carlo"]
    assert out["summary"]["pv_net"]["total"] == 2500


def test_json_to_file_refuses_to_overwrite_without_force(tmp_path):
    case = write(tmp_path, WORKED)
    out = tmp_path / "result.json"
    assert calc(case, "--json", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["years"] == [2026, 2027, 2028, 2029]
    res = calc(case, "--json", out)
    assert res.exit_code == 2
    assert res.stderr == f"Fejl: {out} findes allerede (brug --force for at overskrive)\n"
    assert calc(case, "--json", out, "--force").exit_code == 0
    res = calc(case, "--json", case, "--force")
    assert res.exit_code == 2 and "somxl overskriver aldrig en fil, den læser" in res.stderr


def test_bad_case_lists_every_problem_and_exits_1(tmp_path):
    # an invalid case is exit 1 (common contract: 1 invalid, 2 unreadable), with no output written
    data = copy.deepcopy(WORKED)
    data["effect"] = {"success_rate": 25}
    data["costs"][0]["payr"] = "kommune"
    path = write(tmp_path, data)
    res = calc(path)
    assert res.exit_code == 1
    assert res.stdout == ""
    lines = res.stderr.splitlines()
    assert lines[0] == f"{path}: UGYLDIG: 2 fejl, 0 advarsler"
    assert lines[3] == ("FEJL    V003              effect.success_rate  Værdien 25 er over 1, men andele "
                        "angives som brøk: 25 % er 0,25. Skriv 25 % som 0,25.")
    assert lines[4] == ("FEJL    C004              costs[0].payr        Feltet «payr» kendes ikke; mente du "
                        "«payer»? Ukendte felter er en fejl, så en stavefejl ikke overses. Ret navnet til «payer».")
    assert lines[-1] == f"Fejl: sagen {path} har 2 fejl og kan ikke beregnes"
    assert "Traceback" not in res.output

    res = calc(path, "--lang", "en")
    assert res.exit_code == 1
    assert res.stderr.splitlines()[0] == f"{path}: INVALID: 2 errors, 0 warnings"
    assert "The value 25 is above 1, but rates are fractions: 25 % is 0.25. Enter 25 % as 0.25." in res.stderr
    assert res.stderr.splitlines()[-1] == f"Error: the case {path} has 2 errors and cannot be calculated"


def test_unreadable_case_exits_2(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    res = calc(path)
    assert res.exit_code == 2
    assert res.stderr == f"Fejl: {path} er ikke gyldig JSON (linje 1, kolonne 2: Expecting property name enclosed in double quotes)\n"
    res = calc(tmp_path / "none.json", "--lang", "en")
    assert res.exit_code == 2
    assert res.stderr == f"Error: {tmp_path / 'none.json'} does not exist\n"


def test_warnings_go_to_stderr_and_the_calculation_runs(tmp_path):
    data = {k: v for k, v in WORKED.items() if k != "assumptions"}
    res = calc(write(tmp_path, data), "--json", "-")
    assert res.exit_code == 0
    assert json.loads(res.stdout)["summary"]["successes"] == 10
    assert "W004" in res.stderr and "gyldig: 0 fejl, 1 advarsel" in res.stderr
