"""The summary sheet (Sammenfatning) without LibreOffice: its figures are formulas cached with
the engine's values, its knowledge-status counts and listings are the case's, "-" says why,
counts of people are whole, SØM's caveats are there in both languages. (LibreOffice's
recalculation of the same cells: tests/test_recalc_results.py.)"""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from fixtures import knowledge_case
from somxl.model.case import case_to_dict, load_case, parse_case
from somxl.model.engine import ROWS, calculate
from somxl.workbooks_out.results import write_result_workbook
from somxl.model.spec import load_spec
from somxl.workbooks_out.summary import CAVEATS

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def rows_by_label(ws) -> dict[str, tuple]:
    """Label → the values from the label's cell to the end of its row (first occurrence; a
    label is any text, so the facts in column D are found too)."""
    out: dict[str, tuple] = {}
    for row in ws.iter_rows(values_only=True):
        for j, v in enumerate(row):
            if isinstance(v, str) and v not in out:
                out[v] = row[j:]
    return out


@pytest.fixture(scope="module")
def knowledge_book(tmp_path_factory):
    case = knowledge_case()
    path = tmp_path_factory.mktemp("summary") / "k.xlsx"
    write_result_workbook(path, case)
    return path, case


def test_knowledge_counts_are_the_cases(knowledge_book):
    path, case = knowledge_book
    ws = openpyxl.load_workbook(path, data_only=True)["Sammenfatning"]
    got = rows_by_label(ws)
    spec = load_spec()
    for step in range(1, 6):
        statuses = Counter((case.answers[q.id].status if q.id in case.answers else None)
                           for q in spec.questions_of(step))
        want = (statuses["answered"], statuses["partly"], statuses["missing"], statuses["not_relevant"],
                statuses[None], sum(statuses.values()))
        assert got[spec.sheet_name(f"step{step}")][1:7] == want, step
    assert got["Alle trin"][1:7] == tuple(sum(got[spec.sheet_name(f"step{s}")][j] for s in range(1, 6))
                                          for j in range(1, 7))
    conf = Counter(a.confidence for a in case.assumptions)
    assert got["Antal i logbogen"][1:7] == (conf["high"], conf["medium"], conf["low"], conf[None], 1,
                                            len(case.assumptions))
    assert got["Kilde til effekten"][1] == "mangler"
    # the label spans D:E; "af 4" is the total's number format, so both counts stay numbers
    assert got["Konsekvenser med kilde"][1:4] == (None, len(case.consequences) - 1, len(case.consequences))
    assert got["Konsekvenser uden kilde"][1] == case.consequences[0].name
    assert got["Antagelser med lav sikkerhed"][1] == ", ".join(
        a.id for a in case.assumptions if a.confidence == "low")
    assert got["Antagelser uden kilde"][1] == case.assumptions[3].id
    missing = [q.id for step in range(1, 6) for q in spec.questions_of(step)
               if q.id in case.answers and case.answers[q.id].status == "missing"]
    assert {"2.1", "4.2"} <= set(missing)
    assert got["Spørgsmål, der mangler viden"][1] == ", ".join(missing)
    assert got["Match med SØM"][1] == "delvis: Alderen passer; vores succesmål er bredere."
    assert rows_by_label(openpyxl.load_workbook(path)["Sammenfatning"])["Match med SØM"][1].startswith(
        "=IF(LEN(TRIM(Maalgruppe_MatchTekst))=0")


def test_a_match_text_opening_with_its_status_shows_it_once(tmp_path):
    # housing-first's text opens "Delvis: vores målgruppe ...": not "delvis: Delvis: vores ..."
    case = load_case(SAMPLES / "housing-first.json")
    assert case.target_group.match.status == "partial" and case.target_group.match.text.startswith("Delvis:")
    path = tmp_path / "h.xlsx"
    write_result_workbook(path, case)
    got = rows_by_label(openpyxl.load_workbook(path, data_only=True)["Sammenfatning"])
    assert got["Match med SØM"][1] == case.target_group.match.text[:300]


def test_without_a_match_assessment_question_2_5_says_it(tmp_path):
    case = load_case(SAMPLES / "ips-employment.json")
    assert case.target_group.match is None
    path = tmp_path / "m.xlsx"
    write_result_workbook(path, case)
    got = rows_by_label(openpyxl.load_workbook(path, data_only=True)["Sammenfatning"])
    assert got["Match med SØM (2.5)"][1] == case.answers["2.5"].answer
    assert got["Match med SØM (2.5)"][1:] and "Match med SØM" not in got


def test_knowledge_cells_are_formulas(knowledge_book):
    path, _ = knowledge_book
    ws = openpyxl.load_workbook(path)["Sammenfatning"]
    got = rows_by_label(ws)
    for label in ("1 Indsats", "Antal i logbogen", "Konsekvenser uden kilde", "Antagelser med lav sikkerhed",
                  "Spørgsmål, der mangler viden"):
        assert str(got[label][1]).startswith("="), label


def test_key_figures_are_formulas_with_the_engine_values(tmp_path):
    case = load_case(SAMPLES / "recidivism.json")
    path = tmp_path / "r.xlsx"
    write_result_workbook(path, case)
    summary = calculate(case).summary()
    values = rows_by_label(openpyxl.load_workbook(path, data_only=True)["Sammenfatning"])
    formulas = rows_by_label(openpyxl.load_workbook(path)["Sammenfatning"])
    for payer, label in zip(ROWS, ("Kommune", "Region", "Stat", "I alt")):
        assert values[label][1:4] == pytest.approx(
            (summary["pv_gains"][payer], summary["pv_net_costs"][payer], summary["pv_net"][payer]))
        assert all(str(f).startswith("='Beregning'!") for f in formulas[label][1:4])
    assert values["I alt"][4] == summary["break_even_year"]["total"] == 2029
    # the labels on the right span D:E (a long label is not cut off), their values are in F
    assert values["Diskonteringsrente"][2] == case.settings.discount_rate
    assert formulas["Diskonteringsrente"][2] == "=Indst_Diskonteringsrente"
    assert values["Prisår"][2] == case.settings.price_year
    assert values["Nødvendig succesrate"][2] == pytest.approx(summary["break_even_success_rate"])
    assert values["Horisont"][1] == f"{case.settings.start_year}–{case.settings.years[-1]} " \
                                     f"({case.settings.horizon_years} år)"


def test_a_dash_says_why(tmp_path):
    # housing-first does not pay back in total; here region has no amounts at all, and stat
    # gains without net costs
    data = json.loads((SAMPLES / "housing-first.json").read_text(encoding="utf-8"))
    for c in data["consequences"]:
        c["prices"]["region"] = 0
    case, _ = parse_case(data)
    path = tmp_path / "h.xlsx"
    write_result_workbook(path, case)
    values = rows_by_label(openpyxl.load_workbook(path, data_only=True)["Sammenfatning"])
    summary = calculate(case).summary()
    assert summary["break_even_year"]["total"] is None and summary["break_even_year"]["region"] is None
    assert values["I alt"][4] == "betaler sig ikke hjem inden for horisonten"
    assert values["Region"][4] == values["Region"][6] == "ingen beløb for denne betaler"
    assert values["Stat"][6] == "ingen netto-\nomkostninger"  # broken where the narrow column can take it
    assert values["Stat"][4] == summary["break_even_year"]["stat"]


def test_whole_counts_of_people_have_no_decimals(tmp_path):
    case = load_case(SAMPLES / "ips-employment.json")
    path = tmp_path / "i.xlsx"
    write_result_workbook(path, case)
    wb = openpyxl.load_workbook(path)
    for sheet in ("Sammenfatning", "Resultat"):
        ws = wb[sheet]
        cell = next(c for row in ws.iter_rows() for c in row if c.value in ("Deltagere",))
        number = ws.cell(cell.row, cell.column + 1)
        assert number.number_format == "#,##0", sheet
    summary = calculate(case).summary()
    assert float(summary["participants"]).is_integer()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_caveats_in_the_workbooks_language(tmp_path, lang):
    path = tmp_path / f"{lang}.xlsx"
    write_result_workbook(path, load_case(SAMPLES / "ips-employment.json"), lang=lang)
    ws = openpyxl.load_workbook(path)["Sammenfatning" if lang == "da" else "Summary"]
    texts = {c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for da, en in CAVEATS:
        assert "• " + (da if lang == "da" else en) in texts
    assert any("Social- og Boligstyrelsen" in t for t in texts)


def test_summary_is_one_portrait_page_at_a_readable_scale(knowledge_book):
    path, _ = knowledge_book
    ws = openpyxl.load_workbook(path)["Sammenfatning"]
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert 60 <= int(ws.page_setup.scale) <= 100
    assert ws.print_area == "'Sammenfatning'!$A$1:$G$%d" % ws.max_row or ws.print_area.startswith("Sammenfatning!")


def test_five_largest_contributions_name_their_assumptions(tmp_path):
    data = case_to_dict(load_case(SAMPLES / "ips-employment.json"))
    data = copy.deepcopy(data)
    name = data["consequences"][0]["name"]
    data["assumptions"][0]["text"] = f"Antaget fald i {name.lower()} som i forsøget."
    case, _ = parse_case(data)
    path = tmp_path / "d.xlsx"
    write_result_workbook(path, case)
    values = rows_by_label(openpyxl.load_workbook(path, data_only=True)["Sammenfatning"])
    tornado = calculate(case).sensitivity["consequences"][:5]
    for e in tornado:
        assert values[e["name"]][3] == pytest.approx(e["contribution"]["total"])
    assert values[name][4] == data["assumptions"][0]["id"]
