"""Scenarios: named variants of a case (somxl/case@2), checked like the rest, read from the sheet
Scenarier, calculated by the engine as the case with the overrides applied."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from fixtures import WORKED
from helpers import assert_issues
from readback import fill, sample
from somxl.model.case import case_to_dict, parse_case
from somxl.cli import cli
from somxl.loop.compare import compare_files
from somxl.model.engine import calculate
from somxl.model.scenarios import apply, calculate_scenarios
from somxl.workbook_in.validate import validate_file

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SCENARIOS = [
    {"name": "forsigtig", "description": "Halv effekt, dyrere drift", "success_rate": 0.05, "cost_factor": 1.2,
     "gain_factor": 0.8, "horizon_years": 8, "discount_rate": 0.04,
     "leave_out": ["Somatiske skadestuebesøg"]},
    {"name": "optimistisk", "description": None, "success_rate": 0.15, "cost_factor": None, "gain_factor": None,
     "horizon_years": None, "discount_rate": None, "leave_out": []},
]


def with_scenarios() -> dict:
    case = sample()
    case["scenarios"] = copy.deepcopy(SCENARIOS)
    return case


def test_a_scenario_equals_the_case_with_the_same_overrides_by_hand():
    data = with_scenarios()
    names = [c["name"] for c in data["consequences"]]
    assert "Somatiske skadestuebesøg" in names
    case, issues = parse_case(data)
    assert case is not None, issues
    by_hand = sample()
    by_hand["effect"] = {"success_rate": 0.05, "rate_with": None, "rate_without": None,
                         "source": by_hand["effect"]["source"]}
    by_hand["uncertainty"] = None
    for line in by_hand["costs"]:
        line["amount"] *= 1.2
    by_hand["consequences"] = [c for c in by_hand["consequences"] if c["name"] != "Somatiske skadestuebesøg"]
    for c in by_hand["consequences"]:
        c["prices"] = {p: v * 0.8 for p, v in c["prices"].items()}
    by_hand["settings"]["horizon_years"] = 8
    by_hand["settings"]["discount_rate"] = 0.04
    expected, issues = parse_case(by_hand)
    assert expected is not None, issues
    forsigtig, optimistisk = calculate_scenarios(case)
    assert forsigtig.result.to_dict() == calculate(expected).to_dict()
    assert case_to_dict(forsigtig.case) == case_to_dict(expected)
    rate_only = copy.deepcopy(case)
    rate_only.effect.success_rate, rate_only.uncertainty = 0.15, None
    assert optimistisk.result.to_dict() == calculate(rate_only).to_dict()
    assert calculate(case).to_dict() == calculate(parse_case(sample())[0]).to_dict()  # the case itself is untouched


def test_scenario_rules_are_checked_with_their_paths():
    data = with_scenarios()
    data["scenarios"] += [
        {"name": "Forsigtig", "horizon_years": 11, "leave_out": ["Findes ikke"], "cost_factor": 20,
         "discount_rate": 4},
        {"gain_factor": -1, "leave_out": "A; B", "tilfaeldig": 1},
    ]
    _, issues = parse_case(data)
    assert_issues(issues, [
        ("V001", "scenarios[2].cost_factor"), ("V026", "scenarios[2].discount_rate"),
        ("V023", "scenarios[2].name"), ("V024", "scenarios[2].horizon_years"), ("V025", "scenarios[2].leave_out[0]"),
        ("C003", "scenarios[3].tilfaeldig"), ("C005", "scenarios[3].name"), ("V002", "scenarios[3].gain_factor"),
        ("C006", "scenarios[3].leave_out"),
    ], ordered=False)
    v020 = next(i for i in issues if i.code == "V023")
    assert v020.message("en").startswith("The scenario «Forsigtig» also exists at scenarios[0].name;")


@pytest.mark.parametrize("name", ["housing-first.json", "ips-employment.json", "recidivism.json"])
def test_the_migration_reads_every_old_case_unchanged(name):
    sample = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    assert sample["schema"] == "somxl/case@2"
    # the sample as somxl/case@1 had it: without @2's scenarios, match and cost domain/source
    old = {k: v for k, v in sample.items() if k != "scenarios"} | {"schema": "somxl/case@1"}
    old["target_group"] = {k: v for k, v in sample["target_group"].items() if k != "match"}
    for key in ("costs", "replaced_costs"):
        old[key] = [{k: v for k, v in line.items() if k not in ("domain", "source")} for line in sample[key]]
    case, issues = parse_case(old)
    assert issues == [] and case.scenarios == []
    expected = {**old, "schema": "somxl/case@2", "scenarios": [],
                "target_group": {**old["target_group"], "match": None}}
    for key in ("costs", "replaced_costs"):
        expected[key] = [{**line, "domain": None, "source": None} for line in old[key]]
    assert case_to_dict(case) == expected
    assert parse_case({**WORKED, "schema": "somxl/case@1"})[0] == parse_case({**WORKED, "schema": "somxl/case@2"})[0]


def test_scenarios_round_trip_through_the_workbook(tmp_path):
    data = with_scenarios()
    layout = fill(tmp_path / "s.xlsx", data)
    v = validate_file(tmp_path / "s.xlsx")
    assert v.report.issues == []
    assert case_to_dict(v.case)["scenarios"] == SCENARIOS
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["Scenarier"]
    first = layout.tables["scenarios"].first_row + 1
    assert ws.cell(first, layout.tables["scenarios"].columns["leave_out"][0] + 1).value == "Somatiske skadestuebesøg"


def test_a_workbook_without_the_scenario_sheet_reads_as_no_scenarios(tmp_path):
    fill(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    del wb["Scenarier"]  # a copy of the template before the sheet existed
    wb.save(tmp_path / "old.xlsx")
    v = validate_file(tmp_path / "old.xlsx")
    assert v.report.errors == [] and v.case.scenarios == []
    assert [i.code for i in v.report.issues if i.code.startswith("R01")] == []


def test_a_scenario_cell_that_breaks_a_rule_is_named_by_its_cell(tmp_path):
    data = with_scenarios()
    data["scenarios"][0]["leave_out"] = ["Findes ikke"]
    layout = fill(tmp_path / "s.xlsx", data)
    v = validate_file(tmp_path / "s.xlsx")
    assert [(i.code, i.sheet) for i in v.report.issues] == [("V025", "Scenarier")]
    tl = layout.tables["scenarios"]
    from xlsxwriter.utility import xl_rowcol_to_cell
    assert v.report.issues[0].cell == xl_rowcol_to_cell(tl.first_row, tl.columns["leave_out"][0])


def test_calc_prints_the_scenarios_and_compare_shows_them_as_columns(tmp_path):
    path = tmp_path / "sag.json"
    path.write_text(json.dumps(with_scenarios(), ensure_ascii=False), encoding="utf-8")
    res = CliRunner().invoke(cli, ["calc", str(path)])
    assert res.exit_code == 0, res.output
    case = parse_case(with_scenarios())[0]
    forsigtig = calculate(apply(case, case.scenarios[0])).summary()
    assert "Scenarier:\n" in res.stdout
    line = next(x for x in res.stdout.splitlines() if x.startswith("Nettoresultat, i alt"))
    assert line.split() == ["Nettoresultat,", "i", "alt", "-3.325.260",
                            f"{round(forsigtig['pv_net']['total']):,}".replace(",", "."),
                            f"{round(calculate(apply(case, case.scenarios[1])).summary()['pv_net']['total']):,}".replace(",", ".")]
    c = compare_files([path])
    assert [i.label for i in c.cases] == ["sag.json", "sag.json: forsigtig", "sag.json: optimistisk"]
    assert c.cases[1].summary == forsigtig
    assert ("effect.success_rate", (None, 0.05, 0.15)) in [(r.key, r.values) for r in c.inputs]


def table_columns(path: Path) -> dict[str, dict[str, object]]:
    """The side-by-side table of Scenarieresultat as {column heading: {row label: value}}."""
    ws = openpyxl.load_workbook(path, data_only=True)["Scenarieresultat"]
    rows = list(ws.iter_rows(min_row=4, max_row=25, values_only=True))
    heads = rows[0]
    return {heads[j]: {r[0]: r[j] for r in rows[1:]} for j in range(1, len(heads)) if heads[j]}


def engine_column(result) -> dict[str, object]:
    s = result.summary()
    names = {"pv_gains": "Gevinster", "pv_net_costs": "Nettoomkostninger", "pv_net": "Nettoresultat",
             "break_even_year": "Tilbagebetalingsår", "return_per_krone": "Afkast pr. krone"}
    payers = {"kommune": "kommune", "region": "region", "stat": "stat", "total": "i alt"}
    out = {"Succesrate": result.success_rate}
    for key, label in names.items():
        for p, shown in payers.items():
            out[f"{label}, {shown}"] = "-" if s[key][p] is None else s[key][p]
    return out


def assert_close(got: dict, want: dict) -> None:
    assert got.keys() == want.keys()
    for k in want:
        if isinstance(want[k], str):
            assert got[k] == want[k], k
        else:
            assert got[k] == pytest.approx(want[k], rel=1e-9, abs=1e-6), k


def test_the_result_workbook_shows_the_scenarios_side_by_side_as_live_formulas(tmp_path, soffice):
    from somxl.recalc import convert
    from somxl.workbooks_out.results import write_result_workbook
    from fixtures import mismatches
    from readback import edit_named

    case = parse_case(with_scenarios())[0]
    out = tmp_path / "resultat.xlsx"
    write_result_workbook(out, case)
    cols = table_columns(out)
    assert list(cols) == ["Sagen", "forsigtig", "optimistisk"]
    assert_close(cols["Sagen"], engine_column(calculate(case)))
    for sr in calculate_scenarios(case):
        assert_close(cols[sr.scenario.name], engine_column(sr.result))
    # an edited copy: the cautious scenario keeps every consequence and has 8 % success
    edit_named(out, tmp_path / "rettet.xlsx", [("Scen_Succesrate", 0, 0, 0.08, None), ("Scen_Udelad", 0, 0, None, None),
                                              ("Scen_Horisont", 1, 0, 6, None)])
    back, edited = convert([out, tmp_path / "rettet.xlsx"], tmp_path / "lo")
    n, bad = mismatches(out, back)
    assert bad == [] and n > 2000
    changed = with_scenarios()
    changed["scenarios"][0].update(success_rate=0.08, leave_out=[])
    changed["scenarios"][1]["horizon_years"] = 6
    again = parse_case(changed)[0]
    cols = table_columns(edited)
    for sr in calculate_scenarios(again):
        assert_close(cols[sr.scenario.name], engine_column(sr.result))


def test_compare_takes_one_case_when_it_has_scenarios(tmp_path):
    path = tmp_path / "sag.json"
    path.write_text(json.dumps(with_scenarios(), ensure_ascii=False), encoding="utf-8")
    res = CliRunner().invoke(cli, ["compare", str(path), "-o", str(tmp_path / "c.xlsx")])
    assert res.exit_code == 0, res.output
    assert openpyxl.load_workbook(tmp_path / "c.xlsx")["Sammenligning"]["D4"].value == "sag.json: optimistisk"
