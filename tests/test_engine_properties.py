"""Engine invariants over generated cases (Hypothesis)."""

from __future__ import annotations

import copy
import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from somxl.model.case import parse_case
from somxl.model.engine import calculate, price_factor

START = 2026
money = st.floats(0, 1e5, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def cases(draw) -> dict:
    horizon = draw(st.integers(1, 12))
    years = list(range(START, START + horizon))
    starting = draw(st.lists(st.integers(0, 80), min_size=horizon, max_size=horizon))
    starting[0] = max(starting[0], 1)
    consequences = [
        {"name": f"K{k}", "domain": draw(st.sampled_from(["Sundhed", "Overførselsindkomster"])),
         "unit": "enheder", "kind": draw(st.sampled_from(["expense", "revenue"])),
         "prices": {"kommune": draw(money), "region": draw(money), "stat": draw(money)},
         "changes": draw(st.lists(st.floats(-40, 40, allow_nan=False).map(lambda x: round(x, 2)),
                                  min_size=1, max_size=12))}
        for k in range(draw(st.integers(1, 4)))
    ]

    def lines(n_max: int) -> list[dict]:
        return [{"item": f"L{j}", "payer": draw(st.sampled_from(["kommune", "region", "stat"])),
                 "year": draw(st.sampled_from(years)), "amount": draw(money),
                 "per_participant": draw(st.booleans())} for j in range(draw(st.integers(0, n_max)))]

    return {
        "schema": "somxl/case@1",
        "settings": {"start_year": START, "horizon_years": horizon, "price_year": START,
                     "discount_rate": draw(st.sampled_from([0.0, 0.035, 0.1]))},
        "intervention": {"name": "X", "duration_years": draw(st.integers(1, 3)),
                         "completion_rate": draw(st.sampled_from([1.0, 0.8, 0.35]))},
        "target_group": {"name": "Y"},
        "participants": [{"year": y, "starting": n} for y, n in zip(years, starting)],
        "effect": {"success_rate": draw(st.sampled_from([0.0, 0.1, 0.25, 0.5, 1.0]))},
        "costs": lines(3),
        "replaced_costs": lines(2),
        "consequences": consequences,
        "assumptions": [{"id": "A1", "text": "generated"}],
    }


def calc(data: dict):
    case, issues = parse_case(data)
    assert case is not None, [(i.code, i.path) for i in issues if i.severity == "error"]
    return calculate(case)


def close(a, b) -> bool:
    return np.allclose(a, b, rtol=1e-9, atol=1e-6)


@settings(max_examples=40, deadline=None)
@given(cases())
def test_payers_sum_to_total(data):
    r = calc(data)
    for arr in (r.gains, r.costs, r.replaced_costs, r.net, r.cumulative_net):
        assert close(arr[:3].sum(axis=0), arr[3])
    for pv in (r.pv_gains, r.pv_net_costs, r.pv_net):
        assert close(pv[:3].sum(), pv[3])


@settings(max_examples=30, deadline=None)
@given(cases(), st.sampled_from([0.1, 0.3, 0.7]))
def test_gains_linear_in_success_rate(data, rate):
    one = copy.deepcopy(data)
    one["effect"]["success_rate"] = 1.0
    data["effect"]["success_rate"] = rate
    assert close(calc(data).gains, rate * calc(one).gains)


@settings(max_examples=30, deadline=None)
@given(cases())
def test_break_even_success_rate_gives_zero_net(data):
    r_star = calc(data).break_even_success_rate
    if r_star is None or not 0 <= r_star <= 1:
        return
    data["effect"]["success_rate"] = r_star
    r = calc(data)
    assert math.isclose(r.pv_net[3], 0.0, abs_tol=1e-6 * max(1.0, abs(r.pv_costs[3]), abs(r.pv_gains[3])))


@settings(max_examples=20, deadline=None)
@given(cases())
def test_zero_success_rate_gives_zero_gains(data):
    data["effect"]["success_rate"] = 0.0
    r = calc(data)
    assert not r.gains.any() and not r.successes.any()


@settings(max_examples=20, deadline=None)
@given(cases())
def test_undiscounted_cumulative_net_is_running_sum(data):
    data["settings"]["discount_rate"] = 0.0
    r = calc(data)
    assert close(r.cumulative_net, np.cumsum(r.net, axis=1))
    assert close(r.pv_net, r.net.sum(axis=1))


@settings(max_examples=20, deadline=None)
@given(cases(), st.floats(50, 150))
def test_price_year_equal_to_calculation_gives_factor_one(data, index):
    data["settings"]["price_index"] = {str(START): index, "2020": 90.0}
    for c in data["consequences"]:
        c["price_year"] = START
    case, _ = parse_case(data)
    assert price_factor(case, START) == 1.0
    assert calculate(case).price_factors.tolist() == [1.0] * len(case.consequences)


@settings(max_examples=20, deadline=None)
@given(cases())
def test_per_participant_costs_scale_with_participants(data):
    base = calc(data)
    for p in data["participants"]:
        p["starting"] *= 3
    tripled = calc(data)
    per = np.array([line["per_participant"] for line in data["costs"]], dtype=bool)
    assert close(tripled.cost_lines[per], 3 * base.cost_lines[per])
    assert close(tripled.cost_lines[~per], base.cost_lines[~per])


@settings(max_examples=20, deadline=None)
@given(cases())
def test_monte_carlo_with_degenerate_bounds_equals_deterministic(data):
    rate = data["effect"]["success_rate"]
    data["uncertainty"] = {"draws": 50, "seed": 3, "success_rate": [rate, rate], "costs": [1, 1],
                           "consequences": {c["name"]: [1, 1] for c in data["consequences"]}}
    r = calc(data)
    mc = r.monte_carlo
    for q in ("p10", "p50", "p90", "mean"):
        assert close(list(mc[q].values()), r.pv_net)
    assert [mc["p_positive"][k] for k in ("kommune", "region", "stat", "total")] == \
        [float(v > 0) for v in mc["p50"].values()]
