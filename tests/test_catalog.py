"""The catalogue: shipped values, a user's CSV/xlsx merged in, malformed files reported by cell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner

from somxl.model.catalog import load_catalog
from somxl.cli import cli
from somxl.base.errors import FileError, InputError


def test_shipped_catalogue_has_public_names_with_sources():
    cat = load_catalog()
    assert "Voksne i hjemløshed" in cat.values("target_groups")
    assert "Voksne med ADHD (18-65 år)" in cat.values("target_groups")
    assert "Politi, retsvæsen og kriminalforsorg" in cat.values("domains")
    assert all(e.source for e in cat.target_groups + cat.domains)
    # examples we made up say so
    assert cat.committees and all(e.illustrative for e in cat.committees + cat.categories)
    gp = cat.consequence("kontakt til sygesikring (0-17 år)")
    assert (gp.prices, gp.price_year, "refud.dk" in gp.source) == (
        {"kommune": 110.0, "region": 352.0, "stat": 0.0}, 2022, True)
    # every consequence's domain and unit are themselves in the catalogue
    assert {c.domain for c in cat.consequences} <= set(cat.values("domains"))
    assert {c.unit for c in cat.consequences} <= set(cat.values("units"))
    assert [i.code for i in cat.statuses] == ["answered", "partly", "missing", "not_relevant"]


def test_csv_with_bom_and_semicolons_is_merged(tmp_path: Path):
    path = tmp_path / "mit.csv"
    path.write_bytes(
        "type;name;domain;unit;kind;price_kommune;price_region;price_stat;price_year;source\n"
        "målgruppe;Unge med angst;;;;;;;;egen\n"
        "konsekvens;Fængselsdage;Politi, retsvæsen og kriminalforsorg;dage;udgift;0;0;2.150,50;2024;Egne tal\n"
        ";;;;;;;;;\n"
        "udvalg;Socialudvalget;;;;;;;;\n".encode("utf-8-sig"))
    cat = load_catalog(path)
    assert cat.values("target_groups")[-1] == "Unge med angst"
    assert cat.values("committees").count("Socialudvalget") == 1
    prison = cat.consequence("Fængselsdage")
    assert (prison.prices, prison.price_year, prison.kind, prison.source) == (
        {"kommune": 0.0, "region": 0.0, "stat": 2150.5}, 2024, "expense", "Egne tal")
    # the user's consequence replaced the shipped one, in place
    assert cat.values("consequences").count("Fængselsdage") == 1


def test_csv_with_commas(tmp_path: Path):
    path = tmp_path / "c.csv"
    path.write_text("name,type,domain,unit,kind,price_stat\nSkat,consequence,Skat af indkomst,kr.,revenue,0.37\n",
                    encoding="utf-8")
    assert load_catalog(path).consequence("Skat").prices == {"kommune": None, "region": None, "stat": 0.37}


def test_xlsx_catalogue(tmp_path: Path):
    path = tmp_path / "k.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet()
    for r, row in enumerate([["type", "name", "domain", "unit", "kind", "price_kommune", "price_year"],
                             ["consequence", "Uger i job", "Skat af indkomst", "uger", "indtægt", 512.5, 2025],
                             ["domain", "Eget område"]]):
        ws.write_row(r, 0, row)
    wb.close()
    cat = load_catalog(path)
    assert cat.consequence("Uger i job").prices["kommune"] == 512.5
    assert cat.consequence("Uger i job").kind == "revenue"
    assert cat.values("domains")[-1] == "Eget område"


def test_malformed_catalogue_names_every_row_and_column(tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "type;name;domain;unit;kind;price_kommune;price_year\n"
        "konsekvens;A;Sundhed;dage;måske;1.234;20\n"
        "fisk;B;;;;;\n"
        "konsekvens;C;;dage;udgift;-5;2024\n"
        "målgruppe;;;;;;\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_catalog(path)
    assert exc.value.report.flatten(["code", "cell", "field"]) == [
        ["K007", "E2", "kind"], ["K006", "F2", "price_kommune"], ["K008", "G2", "price_year"],
        ["K004", "A3", "type"],
        ["K005", "C4", "domain"], ["K006", "F4", "price_kommune"],
        ["K005", "B5", "name"],
    ]


def test_unknown_and_missing_columns(tmp_path: Path):
    path = tmp_path / "bad.csv"
    path.write_text("navn;pris\nx;1\n", encoding="utf-8")  # navn is name's Danish heading
    with pytest.raises(InputError) as exc:
        load_catalog(path)
    assert exc.value.report.flatten(["code", "cell", "value"]) == [["K003", "B1", "pris"], ["K002", None, None]]


def test_windows_1252_read_undecodable_refused_and_missing_file(tmp_path: Path):
    path = tmp_path / "cp1252.csv"
    path.write_bytes("type;name\nenhed;døgn\n".encode("cp1252"))  # Danish Excel's "CSV (semikolonsepareret)"
    assert "døgn" in load_catalog(path).values("units")
    path.write_bytes(b"type;name\nenhed;d\x81gn\n")  # 0x81 is neither UTF-8 nor Windows-1252
    with pytest.raises(InputError) as exc:
        load_catalog(path)
    assert [i.code for i in exc.value.report.issues] == ["K001"]
    with pytest.raises(FileError):
        load_catalog(tmp_path / "none.csv")


def test_cli_catalog_json_and_text(tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(cli, ["catalog", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert "Voksne i hjemløshed" in [e["name"] for e in data["target_groups"]]
    assert data["statuses"][0] == {"code": "answered", "da": "besvaret", "en": "answered"}
    text = runner.invoke(cli, ["catalog", "--lang", "en"]).output
    assert "Target groups:" in text and "Kontakt til sygesikring (0-17 år)" in text
    bad = tmp_path / "bad.csv"
    bad.write_text("type;name\nfisk;x\n", encoding="utf-8")
    result = runner.invoke(cli, ["catalog", "--catalog", str(bad)])
    assert result.exit_code == 2 and "K004" in result.output
