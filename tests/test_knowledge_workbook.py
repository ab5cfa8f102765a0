"""The knowledge in the workbook: `new --target-group` prefills steps 2, 4 and 5 (read back
equal to the knowledge rows), a distribute list can name a target group per copy, consequence
hints, and one catalogue everywhere (a value from the workbook's own list is trusted)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from somxl.case import case_to_dict, load_case
from somxl.catalog import load_catalog
from somxl.cli import cli
from somxl.generate import NewOptions, write_input_workbook
from somxl.knowledge import line_source, origin_text, prefill
from somxl.paths import samples_dir
from somxl.validate import validate_file

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
    assert case["target_group"] == {"name": known.name, "success_measure": known.success_measure}
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


def _export(path: Path, catalog: Path) -> str:
    from somxl.validate import export_case

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
    from somxl.distribute import distribute
    from somxl.errors import InputError

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
