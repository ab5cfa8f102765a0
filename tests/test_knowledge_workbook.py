"""The knowledge in the workbook: `new --target-group` prefills steps 2, 4 and 5 (read back
equal to the knowledge rows), a distribute list can name a target group per copy, consequence
hints, and one catalogue everywhere (a value from the workbook's own list is trusted)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from somxl.model.case import case_to_dict, load_case
from somxl.model.catalog import load_catalog
from somxl.cli import cli
from somxl.workbooks_out.generate import NewOptions, write_input_workbook
from somxl.model.knowledge import line_source, origin_text, prefill
from somxl.base.paths import samples_dir
from somxl.workbook_in.validate import validate_file

SAMPLES = sorted(samples_dir().glob("*.json"))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def sample_group(sample: Path) -> str:
    return json.loads(sample.read_text(encoding="utf-8"))["target_group"]["name"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_new_target_group_then_export_partial_gives_the_knowledge_rows(tmp_path: Path, sample: Path):
    group = sample_group(sample)
    out = tmp_path / "ny.xlsx"
    r = run("new", out, "--target-group", group.upper())  # case is ignored
    assert r.exit_code == 0, r.output
    assert r.output.startswith(f"Forudfyldt for «{group}»:")
    r = run("export", out, "--partial", "-o", tmp_path / "sag.json")
    assert r.exit_code == 1  # a blank workbook apart from the prefill: errors, written anyway
    case = json.loads((tmp_path / "sag.json").read_text(encoding="utf-8"))
    cat = load_catalog()
    known = cat.target_group(group)
    assert case["target_group"] == {"name": known.name, "success_measure": known.success_measure, "match": None}
    if known.definition:
        assert case["answers"]["2.1"] == {"answer": known.definition, "status": None,
                                          "source": origin_text(known) + f": {known.source}"}
    want = []
    for e in cat.estimates_for(group):
        price = cat.price(e.name)
        prices = price.prices if price else {"kommune": None, "region": None, "stat": None}
        want.append({"name": e.name, "domain": e.domain, "unit": e.unit, "kind": e.kind, "committee": None,
                     "prices": prices, "price_year": price.price_year if price else None,
                     "changes": list(e.changes), "source": line_source(e, price)})
    assert want and case["consequences"] == want
    assert all(line["source"].startswith("vidensdatabase: somxl-eksempel") for line in want)
    # step 4 shows the effect sizes as hints, which are not inputs
    assert case["effect"] == {"success_rate": None, "rate_with": None, "rate_without": None, "source": None}
    ws = openpyxl.load_workbook(out)["4 Effekt"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    for e in cat.effects_for(group):
        row = next(c.row for col in ws.iter_cols() for c in col if c.value == e.intervention)
        assert [ws.cell(row, k).value for k in (3, 4, 5)] == [pytest.approx(e.rate), e.rate_with, e.rate_without]
        assert ws.cell(row, 2).protection.locked and ws.cell(row, 9).value.startswith("vidensdatabase: ")
    assert any(t.startswith("Effektstørrelser i vidensdatabasen for") for t in texts)


def test_the_fixed_source_text_of_a_line():
    cat = load_catalog()
    e, = cat.estimates_for("Indsatte/løsladte")
    assert line_source(e, cat.price("Fængselsdage")) == (
        f"vidensdatabase: somxl-eksempel (illustrativ): {e.source}; "
        f"pris: vidensdatabase: somxl-eksempel (illustrativ): {cat.price('Fængselsdage').source}")


def test_unknown_target_group_names_the_closest(tmp_path: Path):
    r = run("new", tmp_path / "x.xlsx", "--target-group", "Voksne i hjemløs")
    assert r.exit_code == 2
    assert "K020" in r.output and "Nærmeste: «Voksne i hjemløshed»" in r.output
    assert not (tmp_path / "x.xlsx").exists()
    r = run("new", tmp_path / "x.xlsx", "--target-group", "zzz", "--lang", "en")
    assert r.exit_code == 2 and "The target group «zzz» is not in the catalogue. Closest: -." in r.output


def test_a_users_target_group_prefills_from_the_users_file(tmp_path: Path):
    know = tmp_path / "viden.csv"
    know.write_bytes("type;målgruppe;navn;område;enhed;art;år 1;år 2;pris kommune;kilde\n"
                     "målgruppe;;Unge med angst;;;;;;;Egen analyse\n"
                     "konsekvensestimat;Unge med angst;Kontakter i psykiatrien;Sundhed;kontakter;udgift;-2,5;-1;;Udtræk\n"
                     "pris;;Kontakter i psykiatrien;;;;;;800;Takst 2025\n".encode("cp1252"))
    out = tmp_path / "ny.xlsx"
    assert run("new", out, "--catalog", know, "--target-group", "unge med angst").exit_code == 0
    case = json.loads(_export(out, know))
    line, = case["consequences"]
    assert (line["changes"], line["prices"], line["source"]) == (
        [-2.5, -1], {"kommune": 800, "region": None, "stat": None},
        "vidensdatabase: viden.csv: Udtræk; pris: vidensdatabase: viden.csv: Takst 2025")


def test_the_prefill_line_counts_in_words_with_the_right_plural(tmp_path: Path):
    """'1 konsekvenslinje', '2 konsekvenslinjer', not 'konsekvenslinje(r)'."""
    know = tmp_path / "viden.csv"
    know.write_bytes("type;målgruppe;navn;område;enhed;art;år 1;kilde\n"
                     "konsekvensestimat;Unge med angst;Kontakter i psykiatrien;Sundhed;kontakter;udgift;-2;Udtræk\n"
                     "konsekvensestimat;Unge med angst;Skadestuebesøg;Sundhed;besøg;udgift;-1;Udtræk\n".encode("cp1252"))
    r = run("new", tmp_path / "a.xlsx", "--catalog", know, "--target-group", "Unge med angst")
    assert r.output.startswith("Forudfyldt for «Unge med angst»: 2 konsekvenslinjer; 0 effektstørrelser vist som hjælp\n")
    r = run("new", tmp_path / "b.xlsx", "--target-group", "Indsatte/løsladte", "--lang", "en")
    assert r.output.startswith("Prefilled for «Indsatte/løsladte»: 1 consequence line; 1 effect size shown as hints\n")


def _export(path: Path, catalog: Path) -> str:
    from somxl.workbook_in.validate import export_case

    return export_case(path, partial=True, catalog=load_catalog(catalog))[1]


def test_consequence_hints_show_unit_kind_and_domain(tmp_path: Path):
    path = tmp_path / "p.xlsx"
    layout = write_input_workbook(path, options=NewOptions(prefill=prefill(load_catalog(), "Indsatte/løsladte")))
    tl = layout.tables["consequences"]
    ws = openpyxl.load_workbook(path, data_only=True)[tl.sheet]
    got = [ws.cell(tl.first_row + 1, tl.columns[k][0] + 1).value
           for k in ("catalog_stat", "catalog_domain", "catalog_unit", "catalog_kind")]
    assert got == [1500, "Politi, retsvæsen og kriminalforsorg", "dage", "udgift"]
    formula = openpyxl.load_workbook(path)[tl.sheet].cell(tl.first_row + 1, tl.columns["catalog_kind"][0] + 1).value
    assert formula.startswith("=IF(") and "Katalog_Art" in formula


def test_distribute_prefills_per_target_group_and_refuses_an_unknown_one(tmp_path: Path):
    from somxl.loop.distribute import distribute
    from somxl.base.errors import InputError

    (tmp_path / "m.csv").write_bytes("afdeling;målgruppe\nJobcenter;Voksne med psykiske lidelser uden job eller "
                                     "uddannelse\nSocial;\n".encode("cp1252"))
    d = distribute(tmp_path / "m.csv", tmp_path / "ud")
    by_dept = {r.department: r for r in d.copies}
    job = validate_file(tmp_path / "ud" / by_dept["Jobcenter"].file).case_dict
    assert [c["name"] for c in job["consequences"]] == ["Uger på kontanthjælp", "Skat af indkomst"]
    assert job["meta"]["department"] == "Jobcenter"
    assert validate_file(tmp_path / "ud" / by_dept["Social"].file).case_dict["consequences"] == []
    (tmp_path / "bad.csv").write_text("afdeling;målgruppe\nA;Indsatte\nB;Voksne i hjemløshed\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        distribute(tmp_path / "bad.csv", tmp_path / "ud2")
    assert exc.value.report.flatten(["code", "cell", "field"]) == [["K020", "B2", "målgruppe"]]
    assert "«Indsatte/løsladte»" in exc.value.report.issues[0].message("da")
    assert not (tmp_path / "ud2").exists() or not any((tmp_path / "ud2").iterdir())


def test_a_value_from_the_workbooks_own_list_is_trusted_without_catalog(tmp_path: Path):
    know = tmp_path / "priser.csv"
    know.write_text("type;name;domain;unit;kind;price_kommune\nmålgruppe;Unge med angst;;;;\n"
                    "område;Eget område;;;;\nkonsekvens;Egen konsekvens;Eget område;sessioner;udgift;100\n",
                    encoding="utf-8")
    data = case_to_dict(load_case(SAMPLES[0]))
    data["target_group"]["name"] = "Unge med angst"
    data["consequences"][0]["domain"] = "Eget område"
    data["consequences"][1]["domain"] = "Ikke i nogen liste"  # typed, not picked: still a warning
    path = tmp_path / "svar.xlsx"
    write_input_workbook(path, case=data, catalog=load_catalog(know))
    warnings = [(i.code, i.path) for i in validate_file(path).report.issues]
    assert warnings == [("V015", "consequences[1].domain")]
    # calc (now with --catalog too) puts no false warning on the committee's Validering sheet
    r = run("calc", path, "-o", tmp_path / "r.xlsx")
    assert r.exit_code == 0 and r.output.count("V015") == 1
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx")["Validering"]
    codes = [ws.cell(row, 1).value for row in range(5, ws.max_row + 1)]
    assert codes == ["V015"]
    assert run("calc", path, "--catalog", know, "--json", "-").exit_code == 0
    assert run("fill", tmp_path / "r.xlsx", "-o", tmp_path / "igen.xlsx", "--catalog", know).exit_code == 0


def _step2_caution(path: Path, data_only: bool = True) -> object:
    ws = openpyxl.load_workbook(path, data_only=data_only)["2 Målgruppe"]
    return next(c.value for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and (c.value.startswith("=IF(") and "Katalog_Registerbaseret" in c.value
                                                 or c.value.startswith("SØM: målgruppen er registerbaseret")))


def test_register_based_group_shows_the_caution_and_asks_for_the_match(tmp_path: Path):
    from somxl.model.case import parse_case
    from somxl.workbooks_out.results import write_result_workbook

    cat = load_catalog()
    path = tmp_path / "r.xlsx"
    write_input_workbook(path, options=NewOptions(prefill=prefill(cat, "Indsatte/løsladte")))
    assert _step2_caution(path, data_only=False).startswith('=IF(Maalgruppe_Navn="","",IF(SUMPRODUCT(--EXACT(')
    assert _step2_caution(path).startswith("SØM: målgruppen er registerbaseret")
    other = tmp_path / "o.xlsx"
    write_input_workbook(other, options=NewOptions(prefill=prefill(cat, "Voksne med psykiske lidelser uden job "
                                                                       "eller uddannelse")))
    ws = openpyxl.load_workbook(other, data_only=True)["2 Målgruppe"]
    assert not any(isinstance(c.value, str) and c.value.startswith("SØM: målgruppen") for r in ws.iter_rows() for c in r)
    # returned without an assessment: W007 at the status cell, from the workbook's own list
    data = case_to_dict(load_case(SAMPLES[2]))  # recidivism: Indsatte/løsladte, assessed
    assert data["target_group"]["match"]["status"] == "good"
    data["target_group"]["match"] = None
    unassessed = tmp_path / "u.xlsx"
    write_input_workbook(unassessed, case=data)
    issues = validate_file(unassessed).report.issues
    assert [(i.code, i.sheet, i.field) for i in issues] == [("W007", "2 Målgruppe", "Match med vidensdatabasen")]
    # assessed: read back (status and text), into the result workbook's input sheet
    data["target_group"]["match"] = {"status": "partial", "text": "Kun løsladte fra åbne fængsler"}
    assessed = tmp_path / "a.xlsx"
    write_input_workbook(assessed, case=data)
    v = validate_file(assessed)
    assert v.report.issues == [] and v.case.target_group.match.status == "partial"
    assert v.case_dict["target_group"]["match"] == {"status": "partial", "text": "Kun løsladte fra åbne fængsler"}
    write_result_workbook(tmp_path / "res.xlsx", v.case)
    back = validate_file(tmp_path / "res.xlsx")
    assert case_to_dict(back.case)["target_group"] == case_to_dict(parse_case(data)[0])["target_group"]


def test_cost_lines_have_a_source_and_a_domain_and_the_split_shows_costs_beside_gains(tmp_path: Path):
    from somxl.model.engine import calculate
    from somxl.workbooks_out.results import write_result_workbook

    case = load_case(SAMPLES[0])  # housing-first: every cost line in "Sociale serviceydelser, voksne"
    assert {(c.domain, c.source) for c in case.costs} == {("Sociale serviceydelser, voksne",
                                                            "Illustrativt budget (svar 3.1)")}
    data = case_to_dict(case)
    data["costs"][0]["domain"] = None  # one line without a domain
    from somxl.model.case import parse_case

    case = parse_case(data)[0]
    r = calculate(case)
    write_result_workbook(tmp_path / "r.xlsx", case, r)
    ws = openpyxl.load_workbook(tmp_path / "r.xlsx", data_only=True)["Fordeling"]
    head = next(c.row for c in ws["F"] if c.value == "Nettoomkostninger, i alt")
    table = {}
    row = head + 1
    while ws.cell(row, 1).value:
        table[ws.cell(row, 1).value] = (ws.cell(row, 5).value, ws.cell(row, 6).value, ws.cell(row, 7).value)
        row += 1
    assert list(table) == [*r.by_domain, "(uden område)"]
    # the net costs of the domains add up to the whole; each net result is gains minus net costs
    total_net_costs = float(r.pv_net_costs[3])
    assert sum(v[1] for v in table.values()) == pytest.approx(total_net_costs)
    assert table["(uden område)"][1] == pytest.approx(float(r.cost_lines[0] @ r.discount))
    assert sum(v[2] for v in table.values()) == pytest.approx(float(r.pv_net[3]))
    assert all(v[2] == pytest.approx(v[0] - v[1]) for v in table.values())
    # read back from the workbook: the cost source and domain are ordinary inputs
    back = validate_file(tmp_path / "r.xlsx").case
    assert [(c.domain, c.source) for c in back.costs] == [(c.domain, c.source) for c in case.costs]
