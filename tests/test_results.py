"""The result workbook without LibreOffice: sheets, formulas with the engine's cached values,
strings that stay strings, protection, charts, languages, overwrite rules, and that its input
sheets validate and give back the same case."""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fixtures import WORKED, case_of
from somxl.model.case import case_to_dict, load_case
from somxl.model.engine import ROWS, calculate
from somxl.base.errors import OutputError
from somxl.base.report import Issue
from somxl.workbooks_out.results import write_result_workbook

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.json"))
FORBIDDEN = ("OFFSET(", "INDIRECT(", "TODAY(", "NOW(", "RAND(", "RANDBETWEEN(", "XLOOKUP(", "LET(",
             "FILTER(", "SEQUENCE(", "UNIQUE(", "CELL(", "INFO(")


def formulas(path: Path) -> dict[tuple[str, str], str]:
    wb = openpyxl.load_workbook(path)
    return {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if c.data_type == "f"}


@pytest.fixture(scope="module")
def worked(tmp_path_factory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("res") / "worked.xlsx"
    case = case_of(WORKED)
    write_result_workbook(path, case)
    return path, calculate(case)


def test_sheets_in_order_summary_first_and_active(worked):
    path, _ = worked
    wb = openpyxl.load_workbook(path)
    names = wb.sheetnames
    assert names[:7] == ["Sammenfatning", "Resultat", "Pr. år", "Fordeling", "Følsomhed", "Validering", "Beregning"]
    assert {"1 Indsats", "4 Effekt", "5 Konsekvenser", "Indstillinger", "Antagelser"} <= set(names)
    assert wb.active.title == "Sammenfatning"


def test_summary_cells_are_formulas_with_the_engine_values(worked):
    path, result = worked
    f = formulas(path)
    values = openpyxl.load_workbook(path, data_only=True)
    ws = values["Resultat"]
    summary = result.to_dict()["summary"]
    payer_rows = {ws.cell(r, 1).value: r for r in range(6, 10)}
    assert list(payer_rows) == ["Kommune", "Region", "Stat", "I alt"]
    for label, payer in zip(payer_rows, ROWS):
        r = payer_rows[label]
        for col, key in enumerate(("pv_gains", "pv_net_costs", "pv_net", "break_even_year", "return_per_krone"), 2):
            assert ("Resultat", ws.cell(r, col).coordinate) in f
            want = summary[key][payer]
            assert ws.cell(r, col).value == ("-" if want is None else pytest.approx(want, rel=1e-12))
    # the worked check of docs/method.md
    assert ws["B9"].value == 4500 and ws["C9"].value == 2000 and ws["D9"].value == 2500
    assert ws["E9"].value == 2026 and ws["F9"].value == 2.25 and ws["E7"].value == "-"
    figures = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(11, 17)}
    assert figures == {"Nødvendig succesrate": pytest.approx(2000 / 9000), "Deltagere": 20, "Gennemførte": 20,
                       "Succeser": 10, "Nettoresultat pr. deltager": 125, "Gevinst pr. succes": 450}
    assert all(("Resultat", f"B{r}") in f for r in range(11, 17))


def test_per_year_table_is_formulas_reading_the_calculation_sheet(worked):
    path, result = worked
    f = formulas(path)
    ws = openpyxl.load_workbook(path, data_only=True)["Pr. år"]
    by_year = result.to_dict()["by_year"]
    labels = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert [ws.cell(4, 2 + t).value for t in range(4)] == [2026, 2027, 2028, 2029]
    for key, title in (("gains", "Gevinster"), ("costs", "Omkostninger"), ("replaced_costs", "Erstattede omkostninger"),
                       ("net", "Nettoresultat"), ("cumulative_net", "Kumuleret nettoresultat")):
        top = labels.index(title) + 2
        for a, payer in enumerate(ROWS):
            for t in range(4):
                cell = ws.cell(top + a, 2 + t)
                assert f[("Pr. år", cell.coordinate)].startswith("='Beregning'!")
                assert cell.value == pytest.approx(by_year[key][payer][t], abs=1e-9)
    assert by_year["cumulative_net"]["total"] == [500, 1750, 2500, 2500]


def test_calculation_refers_to_inputs_by_defined_names_and_avoids_pitfalls(worked):
    path, _ = worked
    f = formulas(path)
    calc = {k: v for k, v in f.items() if k[0] == "Beregning"}
    text = "\n".join(calc.values())
    for name in ("Effekt_Succesrate", "Effekt_RateMed", "Indsats_Varighed", "Indsats_Gennemfoerelse",
                 "Deltagere_Antal", "Deltagere_Aar", "Kons_Aendringer", "Kons_PrisKommune", "Kons_Art",
                 "Kons_Prisaar", "Prisindeks_Indeks", "Omk_Beloeb", "Omk_Aar", "Omk_Betaler", "Omk_PrDeltager",
                 "Indst_Diskonteringsrente", "Indst_OptimismeGevinster", "Indst_OptimismeOmkostninger"):
        assert name in text, name
    for v in f.values():
        assert not any(bad in v.upper() for bad in FORBIDDEN), v
        assert ";" not in re.sub(r'"[^"]*"', "", v), v  # comma separators only
        assert "_xlfn" not in v and "@" not in v
    # the convolution of rule 4 written out: the 4th year has four S[e] × Δq terms
    conv = [v for v in calc.values() if v.count("*") == 4 and "+" in v and "INDEX" not in v]
    assert conv, "no written-out convolution in Beregning"


def test_every_formula_has_a_cached_value(worked):
    path, _ = worked
    seen = 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                xml = z.read(name).decode()
                cells = re.findall(r"<c [^>]*>(<f>.*?</f>)(<v>.*?</v>)?</c>", xml, re.S)  # a value may break a line
                seen += len(cells)
                assert all(v for _, v in cells), (name, [c for c in cells if not c[1]][:3])
    assert seen == len(formulas(path)) > 300


def test_user_text_starting_with_equals_stays_a_string(tmp_path):
    data = copy.deepcopy(WORKED)
    data["intervention"]["name"] = "=HYPERLINK(\"http://x\",\"klik\")"
    data["consequences"][0]["name"] = "=1+1"
    data["consequences"][0]["domain"] = "=SUM(A1:A9)*"
    data["costs"][0]["item"] = "=cmd|' /C calc'!A0"
    data["meta"] = {"title": "@SUM(1)"}
    path = tmp_path / "eq.xlsx"
    write_result_workbook(path, case_of(data))
    wb = openpyxl.load_workbook(path)
    texts = {(ws.title, c.coordinate): c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.data_type == "s" and isinstance(c.value, str)}
    for payload in ("=1+1", "=SUM(A1:A9)*", "=cmd|' /C calc'!A0", "@SUM(1)"):
        assert payload in texts.values(), payload
    assert ("Resultat", "A1") in texts and texts[("Resultat", "A1")] == "@SUM(1)"
    for v in formulas(path).values():
        assert "HYPERLINK" not in v and "cmd|" not in v and "=1+1" not in v
    # the domain table matches the odd domain exactly (EXACT, not SUMIF criteria)
    ws = openpyxl.load_workbook(path, data_only=True)["Fordeling"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "=SUM(A1:A9)*")
    assert ws.cell(row, 5).value == 4500


def test_english_sheet_names_and_labels(tmp_path):
    path = tmp_path / "en.xlsx"
    write_result_workbook(path, case_of(WORKED), lang="en")
    wb = openpyxl.load_workbook(path, data_only=True)
    assert wb.sheetnames[:7] == ["Summary", "Results", "By year", "Breakdown", "Sensitivity", "Validation",
                                 "Calculation"]
    assert "4 Effect" in wb.sheetnames
    ws = wb["Results"]
    assert [ws.cell(r, 1).value for r in range(6, 10)] == ["Municipality", "Region", "State", "Total"]
    assert ws["B11"].value == pytest.approx(2000 / 9000)
    assert ws["A11"].value == "Break-even success rate"
    assert wb["Validation"]["A4"].value == "No warnings."


def test_warnings_are_listed_on_the_validation_sheet(tmp_path):
    path = tmp_path / "w.xlsx"
    issue = Issue("W004", sheet="Antagelser", cell="B6", field="Antagelser", path="assumptions")
    write_result_workbook(path, case_of(WORKED), warnings=[issue])
    ws = openpyxl.load_workbook(path)["Validering"]
    assert [c.value for c in ws[4]][:4] == ["Kode", "Ark", "Celle", "Felt"]
    row = [c.value for c in ws[5]]
    assert row[:4] == ["W004", "Antagelser", "B6", "Antagelser"]
    assert row[4] == issue.message("da")
    path2 = tmp_path / "none.xlsx"
    write_result_workbook(path2, case_of(WORKED))
    assert openpyxl.load_workbook(path2)["Validering"]["A4"].value == "Ingen advarsler."


def test_result_sheets_protected_input_cells_unlocked(worked):
    path, _ = worked
    wb = openpyxl.load_workbook(path)
    for name in ("Resultat", "Pr. år", "Fordeling", "Følsomhed", "Validering", "Beregning", "4 Effekt"):
        assert wb[name].protection.sheet, name
    (sheet, ref), = wb.defined_names["Effekt_Succesrate"].destinations
    assert wb[sheet][ref.replace("$", "")].protection.locked is False
    assert wb["Resultat"]["B6"].protection.locked is not False


def test_charts_are_native(worked):
    path, _ = worked
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert any("<c:lineChart>" in c for c in charts)  # cumulative net per payer
    assert sum("<c:barChart>" in c for c in charts) == 2  # domains and the tornado
    line = next(c for c in charts if "<c:lineChart>" in c)
    assert line.count("<c:ser>") == 4 and "'Pr. år'!$B$" in line


def test_committee_table_only_when_a_line_names_one(tmp_path):
    plain = tmp_path / "plain.xlsx"
    write_result_workbook(plain, case_of(WORKED))
    col = [c.value for c in openpyxl.load_workbook(plain)["Fordeling"]["A"]]
    assert "Ingen linjer har et udvalg, så der er ingen fordeling på udvalg." in col
    data = copy.deepcopy(WORKED)
    data["costs"][0]["committee"] = "Socialudvalget"
    case = case_of(data)
    path = tmp_path / "committee.xlsx"
    write_result_workbook(path, case)
    ws = openpyxl.load_workbook(path, data_only=True)["Fordeling"]
    by_committee = calculate(case).to_dict()["by_committee"]
    for key, values in by_committee.items():
        row = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == key)
        assert [ws.cell(row, 2 + a).value for a in range(4)] == pytest.approx([values[p] for p in ROWS])


def test_refuses_to_overwrite_without_force_and_leaves_no_temp_file(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"old")
    with pytest.raises(OutputError):
        write_result_workbook(path, case_of(WORKED))
    assert path.read_bytes() == b"old"
    write_result_workbook(path, case_of(WORKED), force=True)
    assert zipfile.is_zipfile(path)
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_input_sheets_validate_and_export_the_same_case(tmp_path, sample):
    from somxl.workbook_in.validate import validate_file

    case = load_case(sample)
    path = tmp_path / f"{sample.stem}.xlsx"
    write_result_workbook(path, case)
    v = validate_file(path)
    assert v.report.errors == []
    assert case_to_dict(v.case) == case_to_dict(case)
