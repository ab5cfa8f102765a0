"""`somxl compare`: cases side by side with the engine's figures, one chart for all, the inputs that
differ, and the exit codes (0 all calculated, 1 a case with errors, 2 unreadable or usage)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from readback import edit, fill
from somxl.model.case import load_case
from somxl.cli import cli
from somxl.loop.compare import compare_files
from somxl.model.engine import calculate

SAMPLES = [Path(__file__).resolve().parent.parent / "samples" / f"{n}.json"
           for n in ("housing-first", "ips-employment", "recidivism")]
FIGURES = ("pv_gains", "pv_net_costs", "pv_net", "break_even_year", "return_per_krone")
PAYERS = ("kommune", "region", "stat", "total")


def run(*args):
    return CliRunner().invoke(cli, ["compare", *map(str, args)])


@pytest.fixture(scope="module")
def three(tmp_path_factory):
    out = tmp_path_factory.mktemp("compare")
    res = run(*SAMPLES, "-o", out / "sammenligning.xlsx", "--json", out / "sammenligning.json")
    assert res.exit_code == 0, res.output
    return out, res


def test_the_three_samples_have_the_figures_of_calc(three):
    out, _ = three
    doc = json.loads((out / "sammenligning.json").read_text(encoding="utf-8"))
    assert [c["label"] for c in doc["cases"]] == [p.name for p in SAMPLES]
    for path, item in zip(SAMPLES, doc["cases"]):
        r = calculate(load_case(path))
        assert item["summary"] == json.loads(json.dumps(r.summary()))
        assert item["success_rate"] == r.success_rate
        assert item["cumulative_net_total"] == r.cumulative_net[3].tolist()


def test_the_workbook_shows_each_case_s_figures_in_its_column(three):
    out, _ = three
    wb = openpyxl.load_workbook(out / "sammenligning.xlsx")
    assert wb.sheetnames == ["Sammenligning", "Pr. år", "Forskelle i input"]
    ws = wb["Sammenligning"]
    labels = {ws.cell(r, 1).value: r for r in range(5, ws.max_row + 1)}
    names = {"pv_gains": "Gevinster", "pv_net_costs": "Nettoomkostninger", "pv_net": "Nettoresultat",
             "break_even_year": "Tilbagebetalingsår", "return_per_krone": "Afkast pr. krone"}
    payers = {"kommune": "kommune", "region": "region", "stat": "stat", "total": "i alt"}
    for col, path in enumerate(SAMPLES, start=2):
        assert ws.cell(4, col).value == path.name
        s = calculate(load_case(path)).summary()
        for figure in FIGURES:
            for p in PAYERS:
                cell = ws.cell(labels[f"{names[figure]}, {payers[p]}"], col).value
                assert cell == ("-" if s[figure][p] is None else pytest.approx(s[figure][p], abs=1e-6)), (figure, p)
        assert ws.cell(labels["Succesrate"], col).value == pytest.approx(calculate(load_case(path)).success_rate)


def test_one_chart_with_a_line_per_case(three):
    out, _ = three
    with zipfile.ZipFile(out / "sammenligning.xlsx") as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        assert z.read(charts[0]).decode().count("<c:ser>") == 3
    ws = openpyxl.load_workbook(out / "sammenligning.xlsx")["Pr. år"]
    assert [c.value for c in ws[3]][:4] == ["År", *(p.name for p in SAMPLES)]
    assert ws.cell(4, 1).value == 2026


def test_the_inputs_that_differ_are_listed_and_only_those(tmp_path):
    layout = fill(tmp_path / "a.xlsx")
    edit(tmp_path / "a.xlsx", tmp_path / "b.xlsx", layout, {"costs[0].amount": 123, "effect.rate_with": 0.13})
    c = compare_files([tmp_path / "a.xlsx", tmp_path / "b.xlsx"])
    rows = [(r.key, r.field, r.values) for r in c.inputs]
    assert rows == [("effect.rate_with", "Andel med indsatsen", (0.12, 0.13)),
                    ("costs «Opstart og metodeuddannelse».amount", "Beløb (kr.)", (400000, 123))]


def test_an_input_that_differs_shows_as_its_input_sheet_shows_it(three):
    """400.000 kr. and 3,5 % as the input sheets show them, not 400000 and 0,035."""
    out, _ = three
    ws = openpyxl.load_workbook(out / "sammenligning.xlsx")["Forskelle i input"]
    assert ws["A1"].value == "Sti i sagen"
    formats = {row[0].value: row[2].number_format for row in ws.iter_rows(min_row=2)
               if isinstance(row[2].value, (int, float))}
    assert formats["settings.discount_rate"] == "0.0%"
    assert formats["settings.horizon_years"] == "0"
    assert {f for k, f in formats.items() if k.startswith("costs «") and k.endswith(".amount")} == {"#,##0"}
    assert {f for k, f in formats.items() if ".prices." in k} == {"#,##0.00"}


def test_a_case_with_errors_is_listed_without_figures_and_exits_1(tmp_path):
    layout = fill(tmp_path / "a.xlsx")
    edit(tmp_path / "a.xlsx", tmp_path / "b.xlsx", layout, {"settings.start_year": "tyve"})
    res = run(tmp_path / "a.xlsx", tmp_path / "b.xlsx", "-o", tmp_path / "c.xlsx", "--json", "-")
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    assert [c["valid"] for c in doc["cases"]] == [True, False]
    assert doc["cases"][1]["summary"] is None
    assert [n["code"] for n in doc["notes"]] == ["X001"]
    assert "b.xlsx har 1 fejl og kan ikke beregnes" in res.stderr


def test_usage_and_unreadable_files_exit_2(tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"garbage")
    assert run(SAMPLES[0], "-o", tmp_path / "c.xlsx").exit_code == 2
    res = run(SAMPLES[0], junk, "-o", tmp_path / "c.xlsx")
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert not (tmp_path / "c.xlsx").exists()
    (tmp_path / "c.xlsx").write_bytes(b"old")
    res = run(*SAMPLES[:2], "-o", tmp_path / "c.xlsx")
    assert res.exit_code == 2 and "findes allerede" in res.stderr
    assert (tmp_path / "c.xlsx").read_bytes() == b"old"
    assert run(*SAMPLES[:2], "-o", SAMPLES[0]).exit_code == 2


def test_libreoffice_opens_the_comparison(three, soffice, tmp_path):
    from somxl.recalc import convert

    out, _ = three
    back, = convert([out / "sammenligning.xlsx"], tmp_path, recalc=False)
    wb = openpyxl.load_workbook(back)
    assert wb.sheetnames == ["Sammenligning", "Pr. år", "Forskelle i input"]
    assert wb["Sammenligning"]["B4"].value == "housing-first.json"
