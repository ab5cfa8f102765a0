"""Time the engine on a large case: 50 consequences x 30 years x 5 cohorts.

Prints the time per deterministic calculation (target <= 5 ms, sensitivity included) and
the time of a 10 000-draw Monte Carlo. Run: python benchmarks/bench_engine.py"""

from __future__ import annotations

import time

from somxl.model.analysis import monte_carlo
from somxl.model.case import parse_case
from somxl.model.engine import calculate

START, HORIZON, COHORTS, CONSEQUENCES = 2026, 30, 5, 50


def big_case(draws: int | None = None) -> dict:
    consequences = [
        {"name": f"Konsekvens {k}", "domain": f"Område {k % 8}", "unit": "enheder",
         "kind": "revenue" if k % 5 == 0 else "expense", "committee": f"Udvalg {k % 3}",
         "prices": {"kommune": 100.0 + k, "region": 10.0 * (k % 4), "stat": 50.0},
         "price_year": 2024 if k % 2 else None, "changes": [-(k % 7 + 1) / (t + 1) for t in range(30)]}
        for k in range(CONSEQUENCES)
    ]
    costs = [{"item": f"Drift {y}", "payer": "kommune", "year": y, "amount": 25_000.0,
              "per_participant": True} for y in range(START, START + COHORTS)]
    case = {
        "schema": "somxl/case@1",
        "settings": {"start_year": START, "horizon_years": HORIZON, "price_year": START,
                     "discount_rate": 0.035, "price_index": {"2024": 100.0, "2026": 104.1}},
        "intervention": {"name": "Benchmark", "duration_years": 2, "completion_rate": 0.9},
        "target_group": {"name": "Benchmark"},
        "participants": [{"year": START + c, "starting": 40} for c in range(COHORTS)],
        "effect": {"success_rate": 0.2},
        "costs": costs,
        "consequences": consequences,
        "assumptions": [{"id": "A1", "text": "benchmark"}],
    }
    if draws:
        case["uncertainty"] = {"draws": draws, "seed": 1, "success_rate": [0.1, 0.3], "costs": [0.9, 1.3],
                               "consequences": {c["name"]: [0.7, 1.2] for c in consequences}}
    return case


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    case, issues = parse_case(big_case())
    assert case is not None, issues
    calculate(case)  # warm up imports
    per_calc = best_of(lambda: calculate(case), 50)
    print(f"deterministic calculation ({CONSEQUENCES} consequences x {HORIZON} years x {COHORTS} cohorts, "
          f"with sensitivity): {per_calc * 1000:.2f} ms (target <= 5 ms)")

    mc_case, _ = parse_case(big_case(draws=10_000))
    result = calculate(mc_case)
    mc = best_of(lambda: monte_carlo(result), 5)
    print(f"Monte Carlo, 10 000 draws: {mc * 1000:.1f} ms "
          f"(P(PV net > 0) total = {result.monte_carlo['p_positive']['total']:.3f})")
    parse = best_of(lambda: parse_case(big_case()), 20)
    print(f"parse_case of the same case: {parse * 1000:.2f} ms")


if __name__ == "__main__":
    main()
