"""Sensitivity and Monte Carlo on a calculated ``Result`` (beyond SØM; docs/method.md).

Both use that the PV net is linear in its inputs: gains are linear in the success rate r
and in each consequence's multiplier, and the intervention's costs in the cost
multiplier. So PV net[a] = r · Σ_k m_k · A[k, a] − m_c · PV(K)[a] + PV(R)[a], with A the
PV of each consequence's gains at r = 1. No full recalculation per scenario or draw."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from somxl.base.vocab import PAYER_ROWS as ROWS

if TYPE_CHECKING:  # engine imports this module to run the analyses
    from somxl.model.engine import Result

SUCCESS_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5)
COST_FACTORS = (0.75, 1.0, 1.25)
PERCENTILES = (10, 50, 90)


def _rows(values: Any) -> dict[str, float]:
    return {name: float(v) for name, v in zip(ROWS, values)}


def sensitivity(r: Result) -> dict[str, list[dict[str, Any]]]:
    """One-way sensitivity: the success rate at 50-150 % of its value (capped at 1), the
    intervention's costs at ±25 %, and each consequence left out in turn (a tornado,
    largest absolute contribution to PV net total first)."""
    unit = r.pv_unit_gains.sum(axis=0) if len(r.pv_unit_gains) else np.zeros(4)
    rate = [
        {"factor": f, "success_rate": min(1.0, f * r.success_rate),
         "pv_net": _rows(min(1.0, f * r.success_rate) * unit - r.pv_costs + r.pv_replaced_costs)}
        for f in SUCCESS_FACTORS
    ]
    costs = [
        {"factor": f, "pv_net": _rows(r.pv_gains - f * r.pv_costs + r.pv_replaced_costs)}
        for f in COST_FACTORS
    ]
    contributions = r.gains_by_consequence @ r.discount if len(r.gains_by_consequence) else []
    tornado = [
        {"name": c.name, "domain": c.domain, "contribution": _rows(v), "pv_net_without": _rows(r.pv_net - v)}
        for c, v in zip(r.case.consequences, contributions)
    ]
    tornado.sort(key=lambda e: -abs(e["contribution"]["total"]))  # stable: ties keep case order
    return {"success_rate": rate, "costs": costs, "consequences": tornado}


def _triangular(rng: np.random.Generator, bounds: tuple[float, float] | None, mode: float,
                n: int) -> np.ndarray:
    # numpy refuses left == right; a degenerate range is simply the mode.
    if bounds is None or bounds[0] == bounds[1]:
        return np.full(n, float(mode))
    return rng.triangular(bounds[0], mode, bounds[1], size=n)


def monte_carlo(r: Result) -> dict[str, Any]:
    """Triangular draws of the success rate, the cost multiplier and each consequence's
    multiplier (the entered value as mode); the PV net of every draw per payer."""
    u = r.case.uncertainty
    assert u is not None
    rng = np.random.default_rng(u.seed)
    n = u.draws
    # Draw order is fixed (success rate, costs, consequences in case order) so a seed
    # always reproduces the same result.
    rate = _triangular(rng, u.success_rate, r.success_rate, n)
    cost_mult = _triangular(rng, u.costs, 1.0, n)
    mults = np.column_stack(
        [_triangular(rng, u.consequences.get(c.name), 1.0, n) for c in r.case.consequences]
    ) if r.case.consequences else np.zeros((n, 0))
    pv_net = (rate[:, None] * (mults @ r.pv_unit_gains)
              - cost_mult[:, None] * r.pv_costs + r.pv_replaced_costs)  # (n, 4)
    q = np.percentile(pv_net, PERCENTILES, axis=0)
    return {
        "draws": n,
        "seed": u.seed,
        "p_positive": _rows((pv_net > 0).mean(axis=0)),
        "mean": _rows(pv_net.mean(axis=0)),
        **{f"p{p}": _rows(row) for p, row in zip(PERCENTILES, q)},
    }
