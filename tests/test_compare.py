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
from somxl.loop.compare import compare_files, flatten_inputs, line_text, write_comparison
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
    rows = [(r.key, r.label(), r.values) for r in c.inputs]
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


def test_an_amount_and_a_price_that_differ_show_as_their_input_sheet_shows_them(tmp_path):
    """The samples share no cost or consequence line (each such line is one row of its own), so two
    versions of one case: 400.000 and 450,00 in the template's formats."""
    layout = fill(tmp_path / "a.xlsx")
    edit(tmp_path / "a.xlsx", tmp_path / "b.xlsx", layout, {"costs[0].amount": 123,
                                                             "consequences[1].prices.kommune": 999})
    write_comparison(tmp_path / "c.xlsx", compare_files([tmp_path / "a.xlsx", tmp_path / "b.xlsx"]))
    ws = openpyxl.load_workbook(tmp_path / "c.xlsx")["Forskelle i input"]
    formats = {row[0].value.rsplit(".", 1)[-1]: row[2].number_format for row in ws.iter_rows(min_row=2)}
    assert formats == {"amount": "#,##0", "kommune": "#,##0.00"}


def _inputs_sheet(path: Path, lang: str = "da") -> list[tuple]:
    return list(openpyxl.load_workbook(path)["Forskelle i input" if lang == "da" else "Inputs that differ"]
                .iter_rows(min_row=2, values_only=True))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_two_case_files_name_every_input_that_differs_in_the_language_chosen(tmp_path, lang):
    """Case files have no labels of their own: every row's Felt is the template's label in the
    language chosen, and Sti i sagen stays the case contract's key."""
    res = run(*SAMPLES[:2], "-o", tmp_path / "c.xlsx", "--json", tmp_path / "c.json", "--lang", lang)
    assert res.exit_code == 0, res.output
    rows = _inputs_sheet(tmp_path / "c.xlsx", lang)
    assert len(rows) > 50 and all(r[1] for r in rows), [r[0] for r in rows if not r[1]]
    named = {r[0]: r[1] for r in rows}
    english = lang == "en"
    assert named["effect.rate_with"] == ("Rate with the intervention" if english else "Andel med indsatsen")
    assert named["settings.horizon_years"] == ("Horizon" if english else "Tidshorisont")
    assert named["answers.1.1.answer"] == ("1.1 answer" if english else "1.1 svar")
    # a table's cell by its column (the line is in the key); a line only one case has by its table
    assert named["participants «2026».starting"] == ("Number starting" if english else "Antal der starter")
    assert named["costs «Opstart og metodeuddannelse»"] == (
        "Costs of the intervention: the line is not in every case" if english
        else "Indsatsens omkostninger: linjen findes ikke i alle sager")
    doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert {d["input"]: d["field"] for d in doc["inputs_that_differ"]} == named
    # the second case's cost lines stand with the first's, not below every answer
    costs = [n for n, r in enumerate(rows) if r[0].startswith("costs «")]
    assert len(costs) == 7 and costs == list(range(costs[0], costs[0] + 7))


def test_a_danish_workbook_compared_in_english_is_named_in_english(tmp_path):
    layout = fill(tmp_path / "a.xlsx")
    edit(tmp_path / "a.xlsx", tmp_path / "b.xlsx", layout, {"costs[0].amount": 123, "effect.rate_with": 0.13})
    assert run(tmp_path / "a.xlsx", tmp_path / "b.xlsx", "-o", tmp_path / "c.xlsx", "--lang", "en").exit_code == 0
    assert [r[:2] for r in _inputs_sheet(tmp_path / "c.xlsx", "en")] == [
        ("effect.rate_with", "Rate with the intervention"),
        ("costs «Opstart og metodeuddannelse».amount", "Amount (DKK)")]


def test_a_line_only_one_case_has_is_one_row(tmp_path):
    """A cost line in one case only is one row (the line, or 'no line'), not a row for each of its
    nine fields with the other case empty."""
    old = json.loads(SAMPLES[0].read_text(encoding="utf-8"))
    new = json.loads(SAMPLES[0].read_text(encoding="utf-8"))
    line = {"item": "Supervision", "category": "drift", "payer": "kommune", "committee": None, "year": 2026,
            "amount": 25000, "per_participant": False, "price_year": None, "domain": None, "source": "Budget"}
    new["costs"].append(line)
    for name, case in (("a.json", old), ("b.json", new)):
        (tmp_path / name).write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    res = run(tmp_path / "a.json", tmp_path / "b.json", "-o", tmp_path / "c.xlsx", "--json", tmp_path / "c.json")
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    lines = [d for d in doc["inputs_that_differ"] if d["input"].startswith("costs «Supervision»")]
    assert lines == [{"input": "costs «Supervision»", "line": True, "values": [None, line],
                      "field": "Indsatsens omkostninger: linjen findes ikke i alle sager"}]
    assert [r for r in _inputs_sheet(tmp_path / "c.xlsx") if r[0].startswith("costs «Supervision»")] == [
        ("costs «Supervision»", "Indsatsens omkostninger: linjen findes ikke i alle sager", "(ingen linje)",
         "Supervision; drift; kommune; 2026; 25.000; Nej; Budget")]
    # the amount as its input cell shows it, in the language chosen; the year without separators
    assert "; 2026; 25,000; No; Budget" in line_text(line, "costs[3]", "en")


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


def _cases(tmp_path, *cases) -> list[Path]:
    paths = []
    for n, case in enumerate(cases):
        paths.append(tmp_path / f"{'abc'[n]}.json")
        paths[-1].write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return paths


def test_cost_lines_of_one_item_are_told_apart_by_their_year(tmp_path):
    """The samples' cost lines repeat one item a year: the line of 2027 is '«IPS-konsulent, hele
    forløbet» 2027', not '#2', and lines up with the same year's line in the other case even
    where that case has the item in fewer years (here not 2026: one row, the line of 2026)."""
    old = json.loads(SAMPLES[1].read_text(encoding="utf-8"))
    new = json.loads(SAMPLES[1].read_text(encoding="utf-8"))
    new["costs"][1]["amount"] = 40000
    del new["costs"][0]
    c = compare_files(_cases(tmp_path, old, new))
    costs = [(r.key, r.line, r.values if not r.line else [v is not None for v in r.values])
             for r in c.inputs if r.key.startswith("costs")]
    assert costs == [("costs «IPS-konsulent, hele forløbet» 2026", True, [True, False]),
                     ("costs «IPS-konsulent, hele forløbet» 2027.amount", False, (38300, 40000))]


def test_lines_nothing_tells_apart_are_numbered(tmp_path):
    """Two cost lines of the same item, year and payer: the second is '#2'; a payer tells apart
    lines of the same year, and only the columns needed are named."""
    case = json.loads(SAMPLES[0].read_text(encoding="utf-8"))
    twin = dict(case["costs"][0], amount=1)
    other = dict(case["costs"][0], amount=2, payer="stat")
    case["costs"] += [twin, other]
    keys = [k for k, (v, _) in flatten_inputs(case).items() if k.startswith("costs «") and isinstance(v, dict)]
    assert keys == ["costs «Opstart og metodeuddannelse» kommune", "costs «Intensiv bostøtte, hele forløbet» 2026",
                    "costs «Intensiv bostøtte, hele forløbet» 2027", "costs «Intensiv bostøtte, hele forløbet» 2028",
                    "costs «Opstart og metodeuddannelse» kommune #2", "costs «Opstart og metodeuddannelse» stat"]
