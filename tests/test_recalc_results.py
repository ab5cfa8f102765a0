"""LibreOffice recalculates result workbooks and must reproduce every cached value (the
engine's) of every formula cell; after an input is changed in a copy, the recalculated
results must equal the engine's on the changed case. LibreOffice is slow to start, so each
test converts all its workbooks in ONE call."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from fixtures import case_of, close, knowledge_case, mismatches
from readback import edit_named
from somxl.model.case import case_to_dict, load_case
from somxl.model.engine import ROWS, calculate
from somxl.recalc import convert
from somxl.workbooks_out.results import SHEET_NAMES, write_result_workbook

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.json"))
RESULT_SHEETS = {name for pair in SHEET_NAMES.values() for name in pair}


# --- changing inputs in a copy -------------------------------------------------------------
# (defined name, row in the named range, column in it, value in the workbook, change to the case)
Change = tuple[str, int, int, object, Callable[[dict], None]]


def _set(*path: object, value: object) -> Callable[[dict], None]:
    def apply(d: dict) -> None:
        for key in path[:-1]:
            d = d[key]
        d[path[-1]] = value
    return apply


CHANGES: dict[str, list[Change]] = {
    "housing-first": [
        ("Effekt_Succesrate", 0, 0, 0.08, _set("effect", "success_rate", value=0.08)),
        ("Kons_PrisKommune", 1, 0, 777, _set("consequences", 1, "prices", "kommune", value=777)),
        ("Kons_Prisaar", 2, 0, 2024, _set("consequences", 2, "price_year", value=2024)),
    ],
    "ips-employment": [
        ("Omk_Beloeb", 0, 0, 12345.5, _set("costs", 0, "amount", value=12345.5)),
        ("Omk_Betaler", 0, 0, "stat", _set("costs", 0, "payer", value="stat")),
        ("Deltagere_Antal", 1, 0, 33, _set("participants", 1, "starting", value=33)),
        ("Indsats_Varighed", 0, 0, 1, _set("intervention", "duration_years", value=1)),
        ("Erst_PrDeltager", 0, 0, "Nej", _set("replaced_costs", 0, "per_participant", value=False)),
    ],
    "recidivism": [
        ("Indst_Diskonteringsrente", 0, 0, 0.04, _set("settings", "discount_rate", value=0.04)),
        ("Indst_OptimismeGevinster", 0, 0, 0.2, _set("optimism_bias", "gains", value=0.2)),
        ("Kons_Art", 0, 0, "indtægt", _set("consequences", 0, "kind", value="revenue")),
        ("Kons_Aendringer", 0, 2, -7, lambda d: d["consequences"][0]["changes"].__setitem__(2, -7)),
    ],
}


@pytest.fixture(scope="module")
def converted(soffice, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name → (workbook written by somxl, LibreOffice's recalculated copy), in one convert call."""
    tmp = tmp_path_factory.mktemp("recalc")
    books: dict[str, Path] = {}
    for sample in SAMPLES:
        case = load_case(sample)
        books[sample.stem] = tmp / f"{sample.stem}.xlsx"
        write_result_workbook(books[sample.stem], case)
        changes = CHANGES[sample.stem]
        books[f"{sample.stem}-edited"] = tmp / f"{sample.stem}-edited.xlsx"
        edit_named(books[sample.stem], books[f"{sample.stem}-edited"], changes)
        data = case_to_dict(case)
        for *_, apply in changes:
            apply(data)
        books[f"{sample.stem}-expected"] = tmp / f"{sample.stem}-expected.xlsx"  # engine on the changed case
        write_result_workbook(books[f"{sample.stem}-expected"], case_of(data))
    books["housing-first-en"] = tmp / "housing-first-en.xlsx"
    write_result_workbook(books["housing-first-en"], load_case(SAMPLES[0]), lang="en")
    books["knowledge"] = tmp / "knowledge.xlsx"  # every status, confidence and missing source
    write_result_workbook(books["knowledge"], knowledge_case())
    todo = [k for k in books if not k.endswith("-expected")]
    outputs = convert([books[k] for k in todo], tmp / "out")
    return {k: (books[k], out) for k, out in zip(todo, outputs)} | {
        k: (books[k], books[k]) for k in books if k.endswith("-expected")}


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES] + ["housing-first-en", "knowledge"])
def test_libreoffice_reproduces_every_cached_value(converted, name):
    written, recalculated = converted[name]
    n, bad = mismatches(written, recalculated)
    assert n > 1000
    assert bad == []
    # the summary's figures and knowledge counts (cached: the engine's values and the case's
    # counts, tests/test_summary.py) are formulas LibreOffice computes to the same
    n, bad = mismatches(written, recalculated, {"Sammenfatning", "Summary"})
    assert n > 70 and bad == []


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES])
def test_changed_inputs_move_the_results_to_the_engines(converted, name):
    expected, _ = converted[f"{name}-expected"]
    _, recalculated = converted[f"{name}-edited"]
    n, bad = mismatches(expected, recalculated, RESULT_SHEETS - {"Følsomhed", "Sensitivity"})
    assert n > 1000
    assert bad == []
    # and the change did move them: the unedited workbook differs
    _, unchanged = converted[name]
    assert mismatches(expected, unchanged, {"Resultat"})[1]


def sensitivity_cells(path: Path, data_only: bool) -> dict[tuple, object]:
    """The Følsomhed sheet's PV-net cells by meaning: ("success_rate", factor, payer),
    ("costs", factor, payer), ("contribution", name, payer), ("without", name, "total"),
    plus ("rate", factor) for the capped success rate."""
    ws = openpyxl.load_workbook(path, data_only=data_only)["Følsomhed"]
    faktor = [c.row for c in ws["A"] if c.value == "Faktor"]
    konsekvens = next(c.row for c in ws["A"] if c.value == "Konsekvens")
    out: dict[tuple, object] = {}
    for kind, head, n in (("success_rate", faktor[0], 5), ("costs", faktor[1], 3)):
        for row in range(head + 1, head + 1 + n):
            factor = ws.cell(row, 1).value  # a plain number either way
            for j, payer in enumerate(ROWS):
                out[(kind, factor, payer)] = ws.cell(row, 3 + j).value
            if kind == "success_rate":
                out[("rate", factor)] = ws.cell(row, 2).value
    row = konsekvens + 1
    while ws.cell(row, 1).value:
        name = ws.cell(row, 1).value
        for j, payer in enumerate(ROWS):
            out[("contribution", name, payer)] = ws.cell(row, 3 + j).value
        out[("without", name, "total")] = ws.cell(row, 7).value
        row += 1
    return out


@pytest.mark.parametrize("name", [p.stem for p in SAMPLES])
def test_sensitivity_tables_are_formulas_that_follow_an_edited_input(converted, name):
    written, _ = converted[name]
    formulas = sensitivity_cells(written, data_only=False)
    assert len(formulas) > 30
    assert all(isinstance(v, str) and v.startswith("=") for v in formulas.values()), formulas
    # the engine's sensitivity on the changed case, against LibreOffice's recalculation
    data = case_to_dict(load_case(next(p for p in SAMPLES if p.stem == name)))
    for *_, apply in CHANGES[name]:
        apply(data)
    sens = calculate(case_of(data)).sensitivity
    want: dict[tuple, object] = {}
    for e in sens["success_rate"]:
        want[("rate", e["factor"])] = e["success_rate"]
        want |= {("success_rate", e["factor"], p): v for p, v in e["pv_net"].items()}
    for e in sens["costs"]:
        want |= {("costs", e["factor"], p): v for p, v in e["pv_net"].items()}
    for e in sens["consequences"]:
        want |= {("contribution", e["name"], p): v for p, v in e["contribution"].items()}
        want[("without", e["name"], "total")] = e["pv_net_without"]["total"]
    got = sensitivity_cells(converted[f"{name}-edited"][1], data_only=True)
    assert got.keys() == want.keys()
    assert [k for k in want if not close(got[k], want[k])] == []
    # and the edit moved them
    before = sensitivity_cells(written, data_only=True)
    assert [k for k in want if k[0] == "success_rate" and not close(before[k], want[k])]


# --- generated cases ---------------------------------------------------------------------------
START = 2026
money = st.floats(0, 1e6, allow_nan=False).map(lambda x: round(x, 2))
texts = st.sampled_from(["Sundhed", "=SUM(1)", "Beskæftigelse * ?", "<Børn>", "Sundhed"])


@st.composite
def cases(draw) -> dict:
    horizon = draw(st.integers(1, 9))
    years = list(range(START, START + horizon))
    price_years = st.sampled_from([None, START, 2024, 2025])
    committee = st.sampled_from([None, None, "Socialudvalget", "=Udvalg"])

    def lines(n_max: int) -> list[dict]:
        return [{"item": draw(texts), "payer": draw(st.sampled_from(["kommune", "region", "stat"])),
                 "committee": draw(committee), "year": draw(st.sampled_from([*years, START + horizon])),
                 "amount": draw(money), "per_participant": draw(st.booleans()), "price_year": draw(price_years)}
                for _ in range(draw(st.integers(0, n_max)))]

    effect = draw(st.sampled_from(["rate", "with", "both"]))
    rate = draw(st.sampled_from([0.0, 0.1, 0.33, 1.0]))
    return {
        "schema": "somxl/case@1",
        "settings": {"start_year": START, "horizon_years": horizon, "price_year": START,
                     "discount_rate": draw(st.sampled_from([0.0, 0.035, 0.1])),
                     "price_index": {"2024": 100.0, "2025": 102.3, str(START): 104.1}},
        "intervention": {"name": draw(texts), "duration_years": draw(st.integers(1, 3)),
                         "completion_rate": draw(st.sampled_from([1.0, 0.8, 0.35]))},
        "target_group": {"name": "Y"},
        "participants": [{"year": y, "starting": draw(st.sampled_from([0, 1, 12.5, 40]))} for y in years[:-1]]
        + [{"year": years[-1], "starting": 5}],
        "effect": {"success_rate": rate if effect != "with" else None,
                   "rate_with": rate / 2 + 0.2 if effect != "rate" else None,
                   "rate_without": 0.2 if effect != "rate" else None},
        "costs": lines(3),
        "replaced_costs": lines(2),
        "consequences": [
            {"name": f"K{k}", "domain": draw(texts), "unit": "enheder",
             "kind": draw(st.sampled_from(["expense", "revenue"])), "committee": draw(committee),
             "prices": {"kommune": draw(money), "region": draw(money), "stat": draw(money)},
             "price_year": draw(price_years),
             "changes": draw(st.lists(st.floats(-40, 40, allow_nan=False).map(lambda x: round(x, 2)),
                                      min_size=0, max_size=11))}
            for k in range(draw(st.integers(0, 3)))],
        "optimism_bias": {"gains": draw(st.sampled_from([0.0, 0.1])), "costs": draw(st.sampled_from([0.0, 0.25]))},
        "assumptions": [{"id": "A1", "text": "generated"}],
    }


@settings(max_examples=1, deadline=None, phases=[Phase.explicit, Phase.generate], database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(cases(), min_size=6, max_size=6))
def test_libreoffice_reproduces_generated_cases(soffice, tmp_path, batch):
    # One example holding six cases: one LibreOffice start for all of them; no shrinking
    # phase, which would start LibreOffice again and again.
    books = []
    for i, data in enumerate(batch):
        books.append(tmp_path / f"gen{i}.xlsx")
        write_result_workbook(books[-1], case_of(copy.deepcopy(data)), force=True)
    outputs = convert(books, tmp_path / "out")
    for data, book, out in zip(batch, books, outputs):
        n, bad = mismatches(book, out)
        assert bad == [], data


def test_workbooks_prefilled_from_the_knowledge_calculate_with_parity(soffice, tmp_path):
    """`new --target-group` for each sample's group, read back; the department's other inputs
    (the sample's) added; the result workbook recalculated by LibreOffice equals the engine."""
    from somxl.model.catalog import load_catalog
    from somxl.workbooks_out.generate import NewOptions, write_input_workbook
    from somxl.model.knowledge import prefill
    from somxl.workbook_in.validate import validate_file

    cat = load_catalog()
    books, cases = [], []
    for sample in SAMPLES:
        data = case_to_dict(load_case(sample))
        blank = tmp_path / f"{sample.stem}-ny.xlsx"
        write_input_workbook(blank, options=NewOptions(prefill=prefill(cat, data["target_group"]["name"])))
        read = validate_file(blank).case_dict
        data["target_group"], data["consequences"] = read["target_group"], read["consequences"]
        data["uncertainty"] = None  # the sample's bounds name its own consequences
        case = case_of(data)
        assert [c.source.startswith("vidensdatabase: ") for c in case.consequences] == [True] * len(case.consequences)
        books.append(tmp_path / f"{sample.stem}-resultat.xlsx")
        cases.append(case)
        write_result_workbook(books[-1], case)
    assert any(calculate(c).pv_gains[3] != 0 for c in cases)  # the prison days have a price: gains
    for book, out in zip(books, convert(books, tmp_path / "out")):
        n, bad = mismatches(book, out)
        assert n > 1000 and bad == []
