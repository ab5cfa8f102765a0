"""`somxl diff`: changes input by input with their cells, lines matched by content, the effect on
the key results, and the exit codes (0 same, 1 differ, 2 unreadable)."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from readback import cell_of, edit, fill, sample
from somxl.model.case import parse_case
from somxl.cli import cli
from somxl.loop.diff import diff_cases, diff_files
from somxl.model.engine import calculate


def run(*args):
    return CliRunner().invoke(cli, ["diff", *map(str, args)])


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("diff") / "svar.xlsx"
    return path, fill(path)


def test_a_workbook_against_itself_is_no_change(base):
    path, _ = base
    res = run(path, path)
    assert res.exit_code == 0, res.output
    assert res.stdout == "Ingen forskelle i input: svar.xlsx og svar.xlsx er samme sag.\n"


def test_a_workbook_and_the_case_it_was_filled_from_are_the_same(base, tmp_path):
    path, _ = base
    case = tmp_path / "sag.json"
    case.write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    assert run(case, path).exit_code == 0
    assert diff_files(path, case).changes == []


def test_one_edited_cell_is_one_change_with_its_cell(base, tmp_path):
    path, layout = base
    copy_ = edit(path, tmp_path / "ny.xlsx", layout, {"consequences[1].prices.kommune": 999})
    d = diff_files(path, copy_)
    sheet, a1 = cell_of(layout, "consequences[1].prices.kommune")
    assert [(c.kind, c.path, c.sheet, c.cell, c.field, c.old, c.new) for c in d.changes] == [
        ("changed", "consequences[1].prices.kommune", sheet, a1, "Pris kommune (kr.), linje 2", 450, 999)]
    res = run(path, copy_, "--lang", "en")  # a Danish workbook, named in the language chosen
    assert res.exit_code == 1
    assert res.stdout.startswith("1 input changed from svar.xlsx to ny.xlsx:\n")  # no 'input(s)' 
    assert f"changed  5 Consequences  {a1}   Municipal price (DKK), row 2  450.00  999.00\n" in res.stdout


def test_answers_and_statuses_are_inputs_too(base, tmp_path):
    path, layout = base
    copy_ = edit(path, tmp_path / "ny.xlsx", layout, {"answers.2.1.status": "mangler viden", "answers.1.1.answer": "Nyt svar"})
    d = diff_files(path, copy_)
    assert [(c.path, c.cell, c.old, c.new) for c in d.changes] == [
        ("answers.1.1.answer", cell_of(layout, "answers.1.1.answer")[1], sample()["answers"]["1.1"]["answer"],
         "Nyt svar"),
        ("answers.2.1.status", cell_of(layout, "answers.2.1.status")[1], "answered", "missing"),
    ]
    assert all(r.old == r.new for r in d.results)  # answers do not enter the calculation


def test_an_inserted_consequence_line_is_one_addition(base, tmp_path):
    path, _ = base
    case = sample()
    case["consequences"].insert(1, dict(copy.deepcopy(case["consequences"][0]), name="Færre skadestuebesøg"))
    layout = fill(tmp_path / "ny.xlsx", case)
    d = diff_files(path, tmp_path / "ny.xlsx")
    sheet, a1 = cell_of(layout, "consequences[1].name")
    assert [(c.kind, c.path, c.sheet, c.cell, c.old) for c in d.changes] == [
        ("added", "consequences[1]", sheet, a1, None)]
    assert d.changes[0].new["name"] == "Færre skadestuebesøg"


def test_a_removed_line_is_placed_in_old_and_a_moved_line_is_no_change():
    old = sample()
    new = copy.deepcopy(old)
    new["costs"].reverse()
    gone = new["consequences"].pop(0)
    changes = diff_cases(old, new)
    assert [(c.kind, c.path, c.old, c.new) for c in changes] == [("removed", "consequences[0]", gone, None)]


def test_a_line_with_an_edited_key_is_a_change_of_that_field():
    old = sample("recidivism")
    new = copy.deepcopy(old)
    new["consequences"][0]["name"] = "Nyt navn"
    assert [(c.kind, c.path) for c in diff_cases(old, new)] == [("changed", "consequences[0].name")]


def test_the_effect_on_the_key_results_is_calc_of_each(base, tmp_path):
    path, layout = base
    copy_ = edit(path, tmp_path / "ny.xlsx", layout, {"effect.rate_with": 0.14})
    d = diff_files(path, copy_)
    before = calculate(parse_case(sample())[0]).summary()
    case = sample()
    case["effect"]["rate_with"] = 0.14
    after = calculate(parse_case(case)[0]).summary()
    for r in d.results:
        assert (r.old, r.new) == (before[r.figure][r.payer], after[r.figure][r.payer])
    total = next(r for r in d.results if (r.figure, r.payer) == ("pv_net", "total"))
    assert total.change == pytest.approx(after["pv_net"]["total"] - before["pv_net"]["total"])


def test_json_output(base, tmp_path):
    path, layout = base
    copy_ = edit(path, tmp_path / "ny.xlsx", layout, {"settings.discount_rate": 0.04})
    res = run(path, copy_, "--json")
    assert res.exit_code == 1
    doc = json.loads(res.stdout)
    assert doc["same"] is False and doc["notes"] == []
    assert doc["changes"] == [{"path": "settings.discount_rate", "kind": "changed", "sheet": "Indstillinger",
                               "cell": cell_of(layout, "settings.discount_rate")[1], "field": "Diskonteringsrente",
                               "old": 0.0, "new": 0.04}]
    assert {(r["figure"], r["payer"]) for r in doc["results"]} >= {("pv_net", "kommune"), ("break_even_year", "total")}


def test_a_version_with_errors_is_compared_by_input_only(base, tmp_path):
    path, layout = base
    copy_ = edit(path, tmp_path / "ny.xlsx", layout, {"settings.start_year": "tyve"})
    d = diff_files(path, copy_)
    assert d.results is None
    assert [(i.code, i.value) for i in d.notes] == [("X001", "ny.xlsx")]
    assert [c.path for c in d.changes] == ["settings.start_year"]
    res = run(path, copy_)
    assert res.exit_code == 1
    assert "ny.xlsx har 1 fejl og kan ikke beregnes, så kun input er sammenlignet." in res.stdout


def test_an_unreadable_file_exits_2_and_a_missing_one_too(base, tmp_path):
    path, _ = base
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a zip at all")
    res = run(path, junk)
    assert res.exit_code == 2
    assert "Fejl: " in res.stderr and "Traceback" not in res.output
    assert run(path, tmp_path / "findes-ikke.xlsx").exit_code == 2
    bad_json = tmp_path / "sag.json"
    bad_json.write_text("{ not json", encoding="utf-8")
    assert run(bad_json, path).exit_code == 2
    result = tmp_path / "resultat.json"  # a result file is no version of a case: not compared key by key
    result.write_text('{"schema": "somxl/result@1", "years": [2026], "sensitivity": {}}', encoding="utf-8")
    res = run(path, result)
    assert res.exit_code == 2 and "C001" in res.output and "sensitivity" not in res.output, res.output


def test_texts_from_a_file_are_shown_short_and_without_control_characters(tmp_path):
    old, new = sample(), sample()
    new["intervention"]["description"] = "a\x1b[31mb" + "x" * 200
    for name, case in (("old.json", old), ("new.json", new)):
        (tmp_path / name).write_text(json.dumps(case), encoding="utf-8")
    res = run(tmp_path / "old.json", tmp_path / "new.json")
    assert "\x1b" not in res.stdout
    assert "a\\u001b[31mbxxx" in res.stdout and "x" * 100 not in res.stdout


def test_scenarios_are_lines_matched_by_name():
    old = sample()
    old["scenarios"] = [{"name": "forsigtig", "description": None, "success_rate": 0.05, "cost_factor": None,
                         "gain_factor": None, "horizon_years": None, "discount_rate": None, "leave_out": []}]
    new = copy.deepcopy(old)
    new["scenarios"].insert(0, dict(old["scenarios"][0], name="optimistisk", success_rate=0.2))
    new["scenarios"][1]["leave_out"] = ["Somatiske skadestuebesøg"]
    assert [(c.kind, c.path, c.old, c.new) for c in diff_cases(old, new)] == [
        ("added", "scenarios[0]", None, new["scenarios"][0]),
        ("added", "scenarios[1].leave_out[0]", None, "Somatiske skadestuebesøg")]


# --- every input named as the department knows it, for a case file as for a workbook -----------

def _two_cases(tmp_path):
    """Two versions of a case as case files: the rate with the intervention 0,6 -> 0,55, the first
    cost's amount, a status, and a consequence line added."""
    old = sample("ips-employment")
    new = copy.deepcopy(old)
    new["effect"]["rate_with"] = 0.55
    new["costs"][0]["amount"] = 40000
    new["answers"]["4.2"]["status"] = "partly"
    new["consequences"].append(dict(copy.deepcopy(new["consequences"][0]), name="Færre skadestuebesøg"))
    for name, case in (("a.json", old), ("b.json", new)):
        (tmp_path / name).write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    return new


def test_two_case_files_name_each_change_by_sheet_cell_and_label(tmp_path):
    """A Danish economist diffing two case files sees '4 Effekt', C15, 'Andel med indsatsen', not an
    empty sheet and cell and the contract key effect.rate_with; in English the English names. The
    cell is the one `somxl fill` writes the input to."""
    new = _two_cases(tmp_path)
    layout = fill(tmp_path / "b.xlsx", new)
    rate, amount = cell_of(layout, "effect.rate_with")[1], cell_of(layout, "costs[0].amount")[1]
    res = run(tmp_path / "a.json", tmp_path / "b.json")
    assert res.exit_code == 1, res.output
    lines = res.stdout.splitlines()
    assert any(line.split() == ["ændret", "4", "Effekt", rate, "Andel", "med", "indsatsen", "60", "%", "55", "%"]
               for line in lines), res.stdout
    assert f"3 Omkostninger  {amount}" in res.stdout and "Beløb (kr.), linje 1" in res.stdout
    assert "effect.rate_with" not in res.stdout and "costs[0]" not in res.stdout
    res = run(tmp_path / "a.json", tmp_path / "b.json", "--lang", "en")
    assert any(line.split() == ["changed", "4", "Effect", rate, "Rate", "with", "the", "intervention", "60%", "55%"]
               for line in res.stdout.splitlines()), res.stdout
    assert "Amount (DKK), row 1" in res.stdout and "4.2 status" in res.stdout
    doc = json.loads(run(tmp_path / "a.json", tmp_path / "b.json", "--json", "--lang", "en").stdout)
    assert doc["changes"][0] == {"path": "effect.rate_with", "kind": "changed", "sheet": "4 Effect", "cell": rate,
                                 "field": "Rate with the intervention", "old": 0.6, "new": 0.55}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_case_file_is_named_as_the_workbook_filled_from_it(tmp_path, lang):
    """The same two versions as case files and as the workbooks `somxl fill` makes of them: every
    change has the same sheet, cell and label (the workbooks' language is not the one chosen)."""
    new = _two_cases(tmp_path)
    fill(tmp_path / "a.xlsx", json.loads((tmp_path / "a.json").read_text(encoding="utf-8")),
         lang="en" if lang == "da" else "da")
    fill(tmp_path / "b.xlsx", new, lang="en" if lang == "da" else "da")
    placed = [(c.kind, c.path, c.sheet, c.cell, c.field)
              for c in diff_files(tmp_path / "a.json", tmp_path / "b.json", lang=lang).changes]
    assert placed == [(c.kind, c.path, c.sheet, c.cell, c.field)
                      for c in diff_files(tmp_path / "a.xlsx", tmp_path / "b.xlsx", lang=lang).changes]
    assert len(placed) == 4 and all(sheet and cell and field for _, _, sheet, cell, field in placed), placed
    added, = [c for c in placed if c[0] == "added"]
    assert added[:3] == ("added", "consequences[4]", "5 Konsekvenser" if lang == "da" else "5 Consequences")
    assert added[4] == ("Konsekvenser pr. succesfuld deltager, linje 5" if lang == "da"
                        else "Consequences per successful participant, row 5")


def test_a_case_file_with_errors_names_its_lines_without_a_cell(tmp_path):
    """A case with errors cannot be filled, so its table lines have no row to point to (a longer
    table would move the ones below); its fields are at the template's cells all the same."""
    old = sample()
    new = copy.deepcopy(old)
    new["settings"]["start_year"] = "tyve"
    new["costs"][1]["amount"] = 5
    for name, case in (("a.json", old), ("b.json", new)):
        (tmp_path / name).write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    layout = fill(tmp_path / "a.xlsx")
    d = diff_files(tmp_path / "a.json", tmp_path / "b.json")
    assert d.results is None
    assert [(c.path, c.sheet, c.cell, c.field) for c in d.changes] == [
        ("settings.start_year", "Indstillinger", cell_of(layout, "settings.start_year")[1], "Startår"),
        ("costs[1].amount", "3 Omkostninger", None, "Beløb (kr.), linje 2")]


@pytest.mark.parametrize("lang", ["da", "en"])
def test_the_template_names_every_input_as_the_workbook_labels_it(tmp_path, lang):
    """The one naming of an input (spec.input_name) gives, for every cell the reader finds in a filled
    workbook, the sheet and the label the reader reports it by (a [low, high] pair as a whole and a
    whole answer, which the reader labels by their first cell, aside)."""
    from somxl.loop.diff import _place, load_version
    from somxl.model.spec import load_spec

    fill(tmp_path / "sag.xlsx", sample("recidivism"), lang=lang)
    v = load_version(tmp_path / "sag.xlsx")
    spec, checked = load_spec(), 0
    for path, src in v.sources.items():
        if src.cell is None or path in ("uncertainty.costs", "uncertainty.success_rate") or (
                path.startswith("answers.") and path.count(".") == 2):
            continue
        assert _place(spec, path, v.cells(), lang) == (src.sheet, src.cell, src.field), path
        checked += 1
    assert checked > 300


def test_a_first_answer_is_a_change_of_each_of_its_cells(tmp_path):
    """A question answered in NEW only is its answer, status and source, each at its cell, not one
    change holding the three as a text."""
    old, new = sample(), sample()
    del old["answers"]["1.1"]
    new["answers"]["1.1"] = {"answer": "Nyt svar", "status": "partly", "source": None}
    for name, case in (("a.json", old), ("b.json", new)):
        (tmp_path / name).write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    layout = fill(tmp_path / "b.xlsx", new)
    assert [(c.path, c.sheet, c.cell, c.field, c.old, c.new)
            for c in diff_files(tmp_path / "a.json", tmp_path / "b.json").changes] == [
        ("answers.1.1.answer", "1 Indsats", cell_of(layout, "answers.1.1.answer")[1], "1.1 svar", None, "Nyt svar"),
        ("answers.1.1.status", "1 Indsats", cell_of(layout, "answers.1.1.status")[1], "1.1 status", None, "partly")]


@pytest.mark.parametrize("lang, rows", [
    ("da", ["ændret Indstillinger C7 Diskonteringsrente 0 % 3,5 %",
            "ændret 2 Målgruppe C28 Antal der starter, linje 1 20 20,5",
            "ændret 4 Effekt C15 Andel med indsatsen 12 % 13 %",
            "ændret 3 Omkostninger G23 Beløb (kr.), linje 1 400.000 1.234.567,5",
            "ændret 3 Omkostninger I23 Prisår, linje 1 (tom) 2024",
            "ændret 5 Konsekvenser G18 Pris kommune (kr.), linje 1 600,00 1.250,50"]),
    ("en", ["changed Settings C7 Discount rate 0% 3.5%",
            "changed 4 Effect C15 Rate with the intervention 12% 13%",
            "changed 3 Costs G23 Amount (DKK), row 1 400,000 1,234,567.5",
            "changed 5 Consequences G18 Municipal price (DKK), row 1 600.00 1,250.50"])])
def test_a_value_shows_as_its_input_cell_shows_it(tmp_path, lang, rows):
    """A rate as a percentage, an amount with thousands separators (a price with its two decimals),
    a year and a count as written: 0,13 and 400000 were nothing the workbook shows. --json keeps
    the values as the case holds them."""
    old = sample()
    new = copy.deepcopy(old)
    new["effect"]["rate_with"] = 0.13
    new["settings"]["discount_rate"] = 0.035
    new["participants"][0]["starting"] = 20.5
    new["costs"][0].update(amount=1234567.5, price_year=2024)
    new["consequences"][0]["prices"]["kommune"] = 1250.5
    for name, case in (("a.json", old), ("b.json", new)):
        (tmp_path / name).write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    res = run(tmp_path / "a.json", tmp_path / "b.json", "--lang", lang)
    assert res.exit_code == 1, res.output
    shown = [" ".join(line.split()) for line in res.stdout.splitlines()]
    assert [r for r in rows if r not in shown] == [], res.stdout
    data = json.loads(run(tmp_path / "a.json", tmp_path / "b.json", "--json").stdout)
    assert {(c["path"], c["old"], c["new"]) for c in data["changes"]} == {
        ("effect.rate_with", 0.12, 0.13), ("settings.discount_rate", 0.0, 0.035),
        ("participants[0].starting", 20, 20.5), ("costs[0].amount", 400000, 1234567.5),
        ("costs[0].price_year", None, 2024), ("consequences[0].prices.kommune", 600, 1250.5)}


def test_a_line_of_one_item_is_matched_and_named_by_its_year(tmp_path):
    """The cost lines repeat one item a year. The line of 2026 removed and the amount of 2027's
    changed is that, not 2026's line turned into 2027's and 2027's removed; the removed line is
    named by its year ('linje «IPS-konsulent, hele forløbet» 2026'), in --json as the case holds it."""
    old = sample("ips-employment")
    new = copy.deepcopy(old)
    new["costs"][1]["amount"] = 40000
    del new["costs"][0]
    d = diff_cases(old, new)
    assert [(c.kind, c.path, c.old, c.new) for c in d] == [
        ("removed", "costs[0]", old["costs"][0], None), ("changed", "costs[0].amount", 38300, 40000)]
    for name, case in (("a.json", old), ("b.json", new)):
        (tmp_path / name).write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    res = run(tmp_path / "a.json", tmp_path / "b.json")
    assert "linje «IPS-konsulent, hele forløbet» 2026  (tom)" in res.stdout, res.stdout
    res = run(tmp_path / "a.json", tmp_path / "b.json", "--lang", "en")
    assert "line «IPS-konsulent, hele forløbet» 2026  (empty)" in res.stdout, res.stdout


def test_the_count_of_changes_has_its_plural(base, tmp_path):
    path, layout = base
    copy_ = edit(path, tmp_path / "to.xlsx", layout, {"consequences[1].prices.kommune": 999,
                                                       "consequences[1].prices.stat": 998})
    assert run(path, copy_, "--lang", "en").stdout.startswith("2 inputs changed from svar.xlsx to to.xlsx:\n")
    assert run(path, copy_).stdout.startswith("2 input er ændret fra svar.xlsx til to.xlsx:\n")
