"""The knowledge file (docs/knowledge.md): every kind of row from .xlsx (one sheet per kind) and
from CSV in the three encodings Danish Excel saves, every K code at once, the merge over the
shipped example knowledge base, and that every shipped knowledge row has a source."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from somxl.model.catalog import EffectSize, Estimate, Price, TargetGroup, load_catalog, read_user_catalog
from somxl.base.errors import InputError

# One table holding a row of every kind; the CSV files carry it as it is, the .xlsx splits it
# into one sheet per kind (below).
HEADER = ["type", "name", "target_group", "definition", "success_measure", "register_based", "domain", "unit",
          "kind", "price_kommune", "price_region", "price_stat", "price_year", "År 1", "År 2", "År 3",
          "success_rate", "rate_with", "rate_without", "low", "high", "study", "source", "illustrative"]
ROWS = [
    ["målgruppe", "Unge med angst", "", "Unge 15-25 år med angst", "I uddannelse efter et år", "nej",
     *[""] * 16, "Egen analyse", "ja"],
    ["område", "Eget område", *[""] * 20, "Egen", ""],
    ["enhed", "sessioner", *[""] * 22],
    ["kategori", "husleje", *[""] * 22],
    ["udvalg", "Social- og Sundhedsudvalget", *[""] * 22],
    ["konsekvens", "Sessioner i psykiatrien", "", "", "", "", "Sundhed", "sessioner", "udgift", "0", "1.250,50",
     "0", "2024", *[""] * 9, "Egne tal", ""],
    ["konsekvensestimat", "Sessioner i psykiatrien", "Unge med angst", "", "", "", "Sundhed", "sessioner",
     "udgift", "", "", "", "", "-2,5", "–1", "0", *[""] * 6, "SØM-udtræk 2025", ""],
    ["pris", "Uger på kontanthjælp", "", "", "", "", "", "", "", "1234,5", "0", "2500", "2025",
     *[""] * 9, "Egne priser", ""],
    ["effekt", "Angstkursus", "Unge med angst", *[""] * 13, "", "40 %", "0,25", "0,1", "0,2", "RCT 2022",
     "Studie", ""],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str) -> Path:
    text = "\r\n".join(";".join(r) for r in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v not in ("", None):
                    ws.write(r, c, v)
    wb.close()
    return path


def check_every_kind(cat) -> None:
    group = next(g for g in cat.target_groups if g.name == "Unge med angst")
    assert group == TargetGroup("Unge med angst", "Egen analyse", True, "Unge 15-25 år med angst",
                                "I uddannelse efter et år", False, group.origin)
    assert cat.domains[-1].name == "Eget område" and cat.units[-1].name == "sessioner"
    assert cat.categories[-1].name == "husleje" and cat.committees[-1].name == "Social- og Sundhedsudvalget"
    con = cat.consequence("sessioner i psykiatrien")
    assert (con.domain, con.unit, con.kind, con.prices, con.price_year) == (
        "Sundhed", "sessioner", "expense", {"kommune": 0.0, "region": 1250.5, "stat": 0.0}, 2024)
    assert cat.estimates_for("unge med angst") == [Estimate(
        "Unge med angst", "Sessioner i psykiatrien", "Sundhed", "sessioner", "expense", (-2.5, -1.0, 0.0),
        "SØM-udtræk 2025", False, cat.estimates_for("Unge med angst")[0].origin)]
    price = cat.price("Uger på kontanthjælp")
    assert (price.prices, price.price_year, price.source) == (
        {"kommune": 1234.5, "region": 0.0, "stat": 2500.0}, 2025, "Egne priser")
    # the price row reaches the consequence of that name (its hints and the list sheet)
    assert cat.consequence("Uger på kontanthjælp").prices == price.prices
    effect, = cat.effects_for("Unge med angst")
    assert effect == EffectSize("Angstkursus", "Unge med angst", None, 0.4, 0.25, 0.1, 0.2, "RCT 2022", "Studie",
                                False, effect.origin)
    assert effect.rate == pytest.approx(0.15)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-8"])
def test_every_kind_of_row_from_csv(tmp_path: Path, encoding: str):
    path = write_csv(tmp_path / f"viden-{encoding}.csv", [HEADER, *ROWS], encoding)
    cat = load_catalog(path)
    check_every_kind(cat)
    assert {e.origin for e in cat.estimates_for("Unge med angst")} == {path.name}


def test_every_kind_of_row_from_xlsx_one_sheet_per_kind(tmp_path: Path):
    lists = [["type", "name", "source", "illustrative"], ["område", "Eget område", "Egen"], ["enhed", "sessioner"],
             ["kategori", "husleje"], ["udvalg", "Social- og Sundhedsudvalget"],
             ["konsekvens", "Sessioner i psykiatrien"]]
    path = write_xlsx(tmp_path / "viden.xlsx", {
        "Målgrupper": [["Navn", "Definition", "Succesmål", "Registerbaseret", "Kilde", "Illustrativ"],
                       ["Unge med angst", "Unge 15-25 år med angst", "I uddannelse efter et år", "nej",
                        "Egen analyse", True]],
        # a mixed sheet with a type column, as today's catalogue
        "Katalog": [[*lists[0][:2], "domain", "unit", "kind", "price_kommune", "price_region", "price_stat",
                     "price_year"], *[r[:2] for r in lists[1:-1]],
                    ["konsekvens", "Sessioner i psykiatrien", "Sundhed", "sessioner", "udgift", 0, 1250.5, 0, 2024]],
        "Konsekvenser": [["Målgruppe", "Konsekvens", "Område", "Enhed", "Art", "år_1", "år_2", "år_3", "Kilde"],
                         ["Unge med angst", "Sessioner i psykiatrien", "Sundhed", "sessioner", "udgift", -2.5, -1, 0,
                          "SØM-udtræk 2025"]],
        "Priser": [["Konsekvens", "Pris kommune", "Pris region", "Pris stat", "Prisår", "Kilde"],
                   ["Uger på kontanthjælp", 1234.5, 0, 2500, 2025, "Egne priser"]],
        "Effekter": [["Indsats", "Målgruppe", "Andel med", "Andel uden", "Lav", "Høj", "Studie", "Kilde"],
                     ["Angstkursus", "Unge med angst", 0.4, 0.25, 0.1, 0.2, "RCT 2022", "Studie"]],
    })
    cat = load_catalog(path)
    check_every_kind(cat)
    # the domain of the Katalog sheet kept its source; the bare ones have none
    assert [e.source for e in cat.domains if e.name == "Eget område"] == [None]


BAD = [
    ["type", "name", "target_group", "register_based", "domain", "unit", "kind", "price_kommune", "price_year",
     "year_1", "year_2", "year_3", "success_rate", "rate_with", "rate_without", "low", "high", "source"],
    ["fisk", "x", *[""] * 16],                                                     # 3: K004 A
    ["målgruppe", "G", "", "måske", *[""] * 14],                                   # 4: K015 D
    ["konsekvens", "K", "", "", "Sundhed", "dage", "måske", "1.234", "20", *[""] * 9],  # 5: K007 G, K006 H, K008 I
    ["konsekvens", "K2", "", "", "", "dage", "udgift", *[""] * 11],                # 6: K005 E
    ["enhed", "dage", "", "", "", "", "", "", "", "3", *[""] * 8],                   # 7: K012 J
    ["konsekvensestimat", "E", "G", "", "Sundhed", "dage", "udgift", "", "", "-1", "", "x", *[""] * 6],  # 8: K013, K014
    ["konsekvensestimat", "E", "G", "", "Sundhed", "dage", "udgift", "", "", "-1", *[""] * 8],  # 9: K019 B
    ["effekt", "I", "G", *[""] * 9, "150", "", "", "", "", ""],                     # 10: K016 M
    ["effekt", "I2", "G", *[""] * 15],                                              # 11: K017 M
    ["effekt", "I3", "G", *[""] * 10, "0,1", "0,3", "", "", ""],                    # 12: K018 N
    ["effekt", "I4", "G", *[""] * 9, "0,3", "", "", "0,5", "0,2", ""],                            # 13: K018 Q
    ["pris", "P", *[""] * 16],                                                      # 14: K005 H
]


def test_every_k_code_at_once_csv(tmp_path: Path):
    rows = [BAD[0], ["målgruppe", "ok", *[""] * 16], *BAD[1:]]
    path = write_csv(tmp_path / "bad.csv", rows, "cp1252")
    with pytest.raises(InputError) as exc:
        load_catalog(path)
    assert exc.value.report.flatten(["code", "cell", "field"]) == [
        ["K004", "A3", "type"],
        ["K015", "D4", "register_based"],
        ["K007", "G5", "kind"], ["K006", "H5", "price_kommune"], ["K008", "I5", "price_year"],
        ["K005", "E6", "domain"],
        ["K012", "J7", "year_1"],
        ["K013", "K8", "year_2"], ["K014", "L8", "year_3"],
        ["K019", "B9", "name"],
        ["K016", "M10", "success_rate"],
        ["K017", "M11", "success_rate"],
        ["K018", "N12", "rate_with"],
        ["K018", "Q13", "high"],
        ["K005", "H14", "price_kommune"],
    ]


def test_header_codes_and_sheet_names_in_xlsx(tmp_path: Path):
    path = write_xlsx(tmp_path / "bad.xlsx", {
        "Målgrupper": [["Navn", "navn", "Farve"], ["A", "", ""]],       # K010 B1, K003 C1
        "Noter": [["Hvad", "Hvem"], ["x", "y"]],                          # K011: no kind, no type column
        "Priser": [["Konsekvens", "Pris stat", "type"], ["P", "5", "målgruppe"]],  # K004: not a price row
        "Konsekvenser": [["Målgruppe", "Konsekvens", "Område", "Enhed", "Art", "År 1"],
                         ["G", "C", "Sundhed", "dage", "udgift", "-1"]],     # a good sheet: no issue
    })
    with pytest.raises(InputError) as exc:
        read_user_catalog(path)
    assert exc.value.report.flatten(["code", "sheet", "cell"]) == [
        ["K010", "Målgrupper", "B1"], ["K003", "Målgrupper", "C1"],
        ["K011", "Noter", None],
        ["K004", "Priser", "C2"],
    ]


def test_missing_column_for_a_kind_once(tmp_path: Path):
    path = write_csv(tmp_path / "c.csv", [["type", "name", "domain"], ["konsekvens", "A", "Sundhed"],
                                          ["konsekvens", "B", "Sundhed"]], "utf-8")
    with pytest.raises(InputError) as exc:
        load_catalog(path)
    assert exc.value.report.flatten(["code", "params"]) == [
        ["K009", {"column": "unit", "type": "konsekvens"}], ["K009", {"column": "kind", "type": "konsekvens"}]]


def test_user_knowledge_merges_over_the_shipped(tmp_path: Path):
    shipped = load_catalog()
    path = write_csv(tmp_path / "mine.csv", [
        ["type", "target_group", "name", "domain", "unit", "kind", "year_1", "year_2", "source"],
        ["konsekvensestimat", "Indsatte/løsladte", "Domme", "Politi, retsvæsen og kriminalforsorg", "domme",
         "udgift", "-0,4", "-0,2", "Udtræk fra SØM's regneark"],
        ["målgruppe", "", "Indsatte/løsladte", "", "", "", "", "", ""]], "utf-8-sig")
    cat = load_catalog(path)
    # the user's estimates for a group replace the shipped ones for that group only
    assert [e.name for e in cat.estimates_for("Indsatte/løsladte")] == ["Domme"]
    assert cat.estimates_for("Voksne i hjemløshed") == shipped.estimates_for("Voksne i hjemløshed")
    # a bare repeated target-group name keeps the shipped row with its definition
    assert cat.target_group("Indsatte/løsladte") == shipped.target_group("Indsatte/løsladte")
    # a user's consequence with prices replaces the shipped price row of the same name
    path2 = write_csv(tmp_path / "p.csv", [["type", "name", "domain", "unit", "kind", "price_stat"],
                                           ["konsekvens", "Fængselsdage", "Politi, retsvæsen og kriminalforsorg",
                                            "dage", "udgift", "2000"]], "utf-8")
    assert load_catalog(path2).price("Fængselsdage").prices == {"kommune": None, "region": None, "stat": 2000.0}


def test_the_shipped_knowledge_has_a_source_on_every_row_and_covers_the_samples():
    import json

    from somxl.base.paths import samples_dir

    cat = load_catalog()
    rows = [*cat.target_groups, *cat.domains, *cat.units, *cat.consequences, *cat.estimates, *cat.prices,
            *cat.effects]
    # illustrative examples we made up (committees, cost categories) say so instead of a source
    assert [r for r in rows if not r.source and not r.illustrative] == []
    assert all(r.source for r in [*cat.estimates, *cat.prices, *cat.effects])
    for sample in sorted(samples_dir().glob("*.json")):
        group = json.loads(sample.read_text(encoding="utf-8"))["target_group"]["name"]
        found = cat.target_group(group)
        assert found is not None and found.success_measure and found.source, sample.name
        assert cat.estimates_for(group) and cat.effects_for(group), sample.name
    # a derived or split figure says it is illustrative
    assert cat.price("Fængselsdage").illustrative and "1.500" in cat.price("Fængselsdage").source
    assert isinstance(cat.price("Fængselsdage"), Price)
