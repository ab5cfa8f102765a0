"""The engine: the worked check of docs/method.md number for number, and edge rules."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from fixtures import WORKED, case_of
from helpers import assert_issues
from somxl.model.case import parse_case
from somxl.model.engine import NO_COMMITTEE, _convolve, calculate, figures



def run(data: dict) -> dict:
    return calculate(case_of(data)).to_dict()


def variant(**changes) -> dict:
    """The worked case with dotted-path changes, e.g. variant(**{"settings.discount_rate": 0.1})."""
    data = copy.deepcopy(WORKED)
    for path, value in changes.items():
        *parents, last = path.split(".")
        target = data
        for p in parents:
            target = target[int(p)] if isinstance(target, list) else target[p]
        target[last] = value
    return data


def test_worked_check_number_for_number():
    r = run(WORKED)
    zeros = [0.0] * 4
    assert r["schema"] == "somxl/result@1"
    assert r["years"] == [2026, 2027, 2028, 2029]
    assert r["by_year"] == {
        "gains": {"kommune": [1000, 1500, 500, 0], "region": zeros, "stat": [500, 750, 250, 0],
                  "total": [1500, 2250, 750, 0]},
        "costs": {"kommune": [1000, 1000, 0, 0], "region": zeros, "stat": zeros,
                  "total": [1000, 1000, 0, 0]},
        "replaced_costs": {"kommune": zeros, "region": zeros, "stat": zeros, "total": zeros},
        "net": {"kommune": [0, 500, 500, 0], "region": zeros, "stat": [500, 750, 250, 0],
                "total": [500, 1250, 750, 0]},
        "cumulative_net": {"kommune": [0, 500, 1000, 1000], "region": zeros,
                           "stat": [500, 1250, 1500, 1500], "total": [500, 1750, 2500, 2500]},
    }
    s = r["summary"]
    assert s == {
        "pv_gains": {"kommune": 3000, "region": 0, "stat": 1500, "total": 4500},
        "pv_net_costs": {"kommune": 2000, "region": 0, "stat": 0, "total": 2000},
        "pv_net": {"kommune": 1000, "region": 0, "stat": 1500, "total": 2500},
        "break_even_year": {"kommune": 2026, "region": None, "stat": 2026, "total": 2026},
        "return_per_krone": {"kommune": 1.5, "region": None, "stat": None, "total": 2.25},
        "break_even_success_rate": pytest.approx(2000 / 9000),
        "participants": 20, "completers": 20, "successes": 10,
        "net_per_participant": 125.0, "gain_per_success": 450.0,
    }
    assert r["by_domain"] == {"Sociale serviceydelser, voksne": {"kommune": 3000, "region": 0, "stat": 1500, "total": 4500}}
    assert r["by_committee"] == {}
    assert r["monte_carlo"] is None


def test_intermediate_arrays_of_worked_check():
    res = calculate(case_of(WORKED))
    assert res.successes.tolist() == [5, 5, 0, 0]
    assert res.quantities.tolist() == [[-10, -15, -5, 0]]
    assert res.price_factors.tolist() == [1.0]
    assert res.discount.tolist() == [1, 1, 1, 1]


def test_rule_4_shifts_the_cohorts():
    # a change in year τ after success meets the cohorts of every later year: row τ is S shifted by τ
    s = [1.0, 2.0, 3.0]
    shifted = [_convolve([1.0 if t == tau else 0.0 for t in range(3)], s, s)[0] for tau in range(3)]
    assert shifted == [[1, 2, 3], [0, 1, 2], [0, 0, 1]]


def test_course_length_delays_completion_and_cuts_at_horizon():
    res = calculate(case_of(variant(**{"intervention.duration_years": 2, "intervention.completion_rate": 0.5})))
    # C[t] = c × N[t − L + 1]: starters of 2026 complete in 2027.
    assert res.completers.tolist() == [0, 5, 5, 0]
    assert res.quantities.tolist() == [[0, -5, -7.5, -2.5]]


def test_price_index_converts_to_the_calculation_price_year():
    data = variant(**{"settings.price_index": {"2024": 100.0, "2026": 104.1}})
    data["consequences"][0]["price_year"] = 2024
    data["costs"][0]["price_year"] = 2024
    res = calculate(case_of(data))
    assert res.price_factors.tolist() == [pytest.approx(1.041)]
    assert res.cost_factors.tolist() == [pytest.approx(1.041), 1.0]
    assert res.gains[0].tolist() == pytest.approx([1041, 1561.5, 520.5, 0])
    assert res.costs[0].tolist() == pytest.approx([1041, 1000, 0, 0])


def test_discounting_and_break_even_never_positive():
    r = run(variant(**{"settings.discount_rate": 0.1, "effect.success_rate": 0.05}))
    d = [1, 1 / 1.1, 1 / 1.21, 1 / 1.331]
    net = [100 + 50 - 1000, 150 + 75 - 1000, 50 + 25, 0]
    assert r["by_year"]["cumulative_net"]["total"] == pytest.approx(np.cumsum(np.multiply(d, net)).tolist())
    assert r["summary"]["break_even_year"]["total"] is None
    assert r["summary"]["pv_net"]["total"] == pytest.approx(float(np.dot(d, net)))


def test_break_even_after_a_dip():
    data = variant()
    data["costs"].append({"item": "Opfølgning", "payer": "stat", "year": 2028, "amount": 1400})
    r = run(data)
    # Stat: cumulative 500, 1250, 1250 + 250 - 1400 = 100, 100: never below 0 → 2026.
    assert r["summary"]["break_even_year"]["stat"] == 2026
    data["costs"][-1]["amount"] = 1600
    r = run(data)
    # Stat cumulative: 500, 1250, -100 (2028), 2029: -100 → ends below 0: None.
    assert r["by_year"]["cumulative_net"]["stat"] == [500, 1250, -100, -100]
    assert r["summary"]["break_even_year"]["stat"] is None


def test_replaced_costs_optimism_bias_and_revenue():
    data = variant(**{"optimism_bias": {"gains": 0.2, "costs": 0.1}})
    data["replaced_costs"] = [{"item": "Gammel indsats", "payer": "kommune", "year": 2026, "amount": 300,
                               "per_participant": True}]
    data["consequences"].append({"name": "Skat", "domain": "Skat af indkomst", "unit": "kr.",
                                 "kind": "revenue", "prices": {"stat": 1}, "changes": [10]})
    r = run(data)
    # Gains × 0.8, intervention costs × 1.1, replaced costs untouched (300 × 10 starters).
    assert r["by_year"]["gains"]["kommune"] == pytest.approx([800, 1200, 400, 0])
    assert r["by_year"]["gains"]["stat"] == pytest.approx([400 + 40, 600 + 40, 200, 0])
    assert r["by_year"]["costs"]["kommune"] == pytest.approx([1100, 1100, 0, 0])
    assert r["by_year"]["replaced_costs"]["kommune"] == [3000, 0, 0, 0]
    assert r["by_year"]["net"]["kommune"] == pytest.approx([800 - 1100 + 3000, 1200 - 1100, 400, 0])
    assert r["summary"]["return_per_krone"]["kommune"] is None  # net cost ≤ 0


def test_by_domain_and_by_committee():
    data = variant()
    data["consequences"][0]["committee"] = "Socialudvalget"
    data["costs"][1]["committee"] = "Socialudvalget"
    r = run(data)
    assert r["by_committee"] == {
        "Socialudvalget": {"kommune": 3000 - 1000, "region": 0, "stat": 1500, "total": 3500},
        NO_COMMITTEE: {"kommune": -1000, "region": 0, "stat": 0, "total": -1000},
    }


def test_participants_outside_the_period_are_not_counted():
    data = variant()
    data["participants"].append({"year": 2031, "starting": 99})
    case, issues = parse_case(data)
    assert_issues(issues, [("V008", "participants[2].year")])
    assert calculate(case).to_dict()["summary"]["participants"] == 20


def test_sensitivity_shapes_and_values():
    s = run(WORKED)["sensitivity"]
    assert [e["factor"] for e in s["success_rate"]] == [0.5, 0.75, 1.0, 1.25, 1.5]
    assert [e["success_rate"] for e in s["success_rate"]] == [0.25, 0.375, 0.5, 0.625, 0.75]
    assert [e["pv_net"]["total"] for e in s["success_rate"]] == [250, 1375, 2500, 3625, 4750]
    assert [(e["factor"], e["pv_net"]["total"]) for e in s["costs"]] == [(0.75, 3000), (1.0, 2500), (1.25, 2000)]
    assert s["consequences"] == [{
        "name": "Dage på herberg", "domain": "Sociale serviceydelser, voksne",
        "contribution": {"kommune": 3000, "region": 0, "stat": 1500, "total": 4500},
        "pv_net_without": {"kommune": -2000, "region": 0, "stat": 0, "total": -2000},
    }]


def test_sensitivity_caps_success_rate_and_sorts_tornado():
    data = variant(**{"effect.success_rate": 0.8})
    data["consequences"].insert(0, {"name": "Lille", "domain": "Sundhed", "unit": "besøg", "kind": "expense",
                                    "prices": {"region": 1}, "changes": [-1]})
    s = run(data)["sensitivity"]
    assert [e["success_rate"] for e in s["success_rate"]] == [0.4, 0.6000000000000001, 0.8, 1.0, 1.0]
    assert [e["name"] for e in s["consequences"]] == ["Dage på herberg", "Lille"]


def test_monte_carlo_is_reproducible_and_bounded():
    data = variant(**{"uncertainty": {"draws": 2000, "seed": 7, "success_rate": [0.1, 0.6],
                                      "costs": [0.8, 1.5], "consequences": {"Dage på herberg": [0.5, 1.1]}}})
    a, b = run(data)["monte_carlo"], run(data)["monte_carlo"]
    assert a == b
    assert a["draws"] == 2000 and a["seed"] == 7
    assert a["p10"]["total"] < a["p50"]["total"] < a["p90"]["total"]
    assert 0 < a["p_positive"]["total"] < 1
    assert a["p_positive"]["region"] == 0.0  # region has nothing: PV net 0 is not > 0
    data["uncertainty"]["seed"] = 8
    assert run(data)["monte_carlo"]["p50"] != a["p50"]


@pytest.mark.parametrize("name", ["housing-first", "ips-employment", "recidivism"])
def test_figures_and_calculate_give_the_same_numbers_bit_for_bit(name):
    # collect's workers use figures (lists, no numpy); the writers calculate (numpy arrays)
    import json
    from pathlib import Path

    data = json.loads((Path(__file__).resolve().parents[1] / "samples" / f"{name}.json").read_text(encoding="utf-8"))
    data["consequences"][0]["committee"] = "Socialudvalget"  # by_committee too
    case = case_of(data)
    plain, arrays = figures(case), calculate(case, analyses=False)
    assert repr(plain.to_dict()) == repr(arrays.to_dict())
    assert isinstance(plain.gains, list) and arrays.gains.shape == (4, case.settings.horizon_years)
    assert repr(plain.pv_unit_gains) == repr(arrays.pv_unit_gains.tolist())


def test_a_case_without_lines_keeps_the_arrays_shapes():
    data = copy.deepcopy(WORKED)
    data["consequences"], data["costs"] = [], []
    r = calculate(case_of(data))
    t = r.years.size
    assert (r.profiles.shape, r.unit_quantities.shape, r.gains_by_consequence.shape, r.pv_unit_gains.shape,
            r.cost_lines.shape) == ((0, t), (0, t), (0, 4, t), (0, 4), (0, t))
