"""The SØM calculation (rules 1-13 of docs/method.md): a case in, a ``Result`` out. No I/O.

Everything is an array over the years t = 1..T (index 0..T-1). Payer arrays have four
rows, in ``ROWS`` order: kommune, region, stat and their total. The Result keeps every
intermediate array, because the result workbook's Excel formulas must reproduce them
cell by cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from somxl.case import Case, CostLine
from somxl.vocab import PAYER_ROWS as ROWS, PAYERS  # ROWS: a result's payer arrays, each payer then the total

NO_COMMITTEE = "(uden udvalg)"  # committee key for lines without one (see docs/method.md)
NO_DOMAIN = "(uden område)"  # domain of a cost line without one, in the split by domain
RESULT_SCHEMA = "somxl/result@1"


def _with_total(x: np.ndarray) -> np.ndarray:
    """Append the total over payers (axis -2) as a fourth row."""
    return np.concatenate([x, x.sum(axis=-2, keepdims=True)], axis=-2)


def _by_row(values: Any) -> dict[str, Any]:
    return {name: _plain(v) for name, v in zip(ROWS, values)}


def _plain(v: Any) -> Any:
    """numpy scalars and arrays as plain Python values (None stays None)."""
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    return v


def _count(v: Any) -> int | float:
    """A head count as an int when whole (the contract shows 20, not 20.0)."""
    v = float(v)
    return int(v) if v.is_integer() else v


@dataclass
class Result:
    """The calculation with its intermediate arrays. Shapes: T years, K consequences,
    payer arrays (4, T) in ``ROWS`` order, per-consequence gains (K, 4, T)."""

    case: Case
    years: np.ndarray  # (T,) calendar years
    participants: np.ndarray  # N[t]
    completers: np.ndarray  # C[t] (rule 2)
    successes: np.ndarray  # S[t] (rule 3)
    success_rate: float  # r used (effect.rate)
    profiles: np.ndarray  # (K, T) Δq_k[τ], zero-padded or cut to T
    quantities: np.ndarray  # (K, T) ΔQ_k[t] (rule 4)
    signs: np.ndarray  # (K,) -1 expense, +1 revenue
    prices: np.ndarray  # (K, 3) prices as entered, per payer
    price_factors: np.ndarray  # (K,) I[P] / I[y_k] (rule 1)
    gains_by_consequence: np.ndarray  # (K, 4, T) after optimism bias (rule 5)
    unit_gains_by_consequence: np.ndarray  # (K, 4, T) the same at r = 1
    cost_factors: np.ndarray  # (L,) price factor of each cost line
    cost_lines: np.ndarray  # (L, T) each cost line's cost per year, after optimism bias
    replaced_factors: np.ndarray  # (M,)
    replaced_lines: np.ndarray  # (M, T)
    gains: np.ndarray  # (4, T) G_a[t]
    costs: np.ndarray  # (4, T) K_a[t]
    replaced_costs: np.ndarray  # (4, T) R_a[t]
    net_costs: np.ndarray  # (4, T) NK_a[t] (rule 6)
    net: np.ndarray  # (4, T) NR_a[t] (rule 7)
    discount: np.ndarray  # (T,) d[t] (rule 8)
    cumulative_net: np.ndarray  # (4, T) CNR_a[t]
    pv_gains: np.ndarray  # (4,)
    pv_costs: np.ndarray  # (4,)
    pv_replaced_costs: np.ndarray  # (4,)
    pv_net_costs: np.ndarray  # (4,)
    pv_net: np.ndarray  # (4,)
    pv_unit_gains: np.ndarray  # (K, 4) PV of each consequence's gains at r = 1
    break_even_year: list[int | None]  # rule 9, per row
    return_per_krone: list[float | None]  # rule 10, per row
    break_even_success_rate: float | None  # rule 11
    net_per_participant: float | None  # rule 12
    gain_per_success: float | None
    by_domain: dict[str, np.ndarray] = field(default_factory=dict)  # domain -> (4,) PV gains
    by_committee: dict[str, np.ndarray] = field(default_factory=dict)  # committee -> (4,) PV net
    sensitivity: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    monte_carlo: dict[str, Any] | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "pv_gains": _by_row(self.pv_gains),
            "pv_net_costs": _by_row(self.pv_net_costs),
            "pv_net": _by_row(self.pv_net),
            "break_even_year": _by_row(self.break_even_year),
            "return_per_krone": _by_row(self.return_per_krone),
            "break_even_success_rate": self.break_even_success_rate,
            "participants": _count(self.participants.sum()),
            "completers": _count(self.completers.sum()),
            "successes": _count(self.successes.sum()),
            "net_per_participant": self.net_per_participant,
            "gain_per_success": self.gain_per_success,
        }

    def to_dict(self) -> dict[str, Any]:
        """The result file of the contract (schema somxl/result@1), numbers unrounded."""
        by_year = {
            name: _by_row(getattr(self, name))
            for name in ("gains", "costs", "replaced_costs", "net", "cumulative_net")
        }
        return {
            "schema": RESULT_SCHEMA,
            "years": self.years.tolist(),
            "by_year": by_year,
            "summary": self.summary(),
            "by_domain": {k: _by_row(v) for k, v in self.by_domain.items()},
            "by_committee": {k: _by_row(v) for k, v in self.by_committee.items()},
            "sensitivity": self.sensitivity,
            "monte_carlo": self.monte_carlo,
        }


def price_factor(case: Case, year: int | None) -> float:
    """Rule 1: I[P] / I[y]; 1 when the amount is already in the calculation's price year."""
    p = case.settings.price_year
    if year is None or year == p:
        return 1.0
    index = case.settings.price_index
    return index[p] / index[year]


def convolution_matrix(s: np.ndarray) -> np.ndarray:
    """(T, T) matrix M with M[τ, t] = s[t − τ] (0 when t < τ), so profiles @ M applies rule 4
    to every consequence at once: ΔQ_k[t] = Σ_e s[e] Δq_k[t − e]."""
    t = np.arange(s.size)
    lag = t[None, :] - t[:, None]
    return np.where(lag >= 0, s[np.clip(lag, 0, None)], 0.0)


def _cost_matrix(case: Case, lines: list[CostLine], n: np.ndarray, uplift: float
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rule 6 per line: (factors (L,), per-line costs (L, T), per-payer costs (4, T))."""
    start, horizon = case.settings.start_year, case.settings.horizon_years
    factors = np.array([price_factor(case, c.price_year) for c in lines], dtype=float)
    per_line = np.zeros((len(lines), horizon))
    payer = np.zeros((len(lines), len(PAYERS)))
    for j, line in enumerate(lines):
        payer[j, PAYERS.index(line.payer)] = 1.0
        t = line.year - start
        if 0 <= t < horizon:  # years outside the period are not counted (warning V008)
            per_line[j, t] = line.amount * factors[j] * uplift * (n[t] if line.per_participant else 1.0)
    return factors, per_line, _with_total(payer.T @ per_line)


def _break_even(start: int, cumulative: np.ndarray, active: bool) -> int | None:
    """Rule 9: the first year from which the cumulative net stays ≥ 0; None when it ends
    below 0 or when the payer has no amounts at all (nothing to break even)."""
    if not active:
        return None
    # Sums of exact-looking amounts can land a hair below 0 (e.g. -1e-13): treat as 0.
    tol = 1e-9 * max(1.0, float(np.abs(cumulative).max()))
    negative = np.flatnonzero(cumulative < -tol)
    if negative.size and negative[-1] == cumulative.size - 1:
        return None
    return start + (int(negative[-1]) + 1 if negative.size else 0)


def calculate(case: Case, *, analyses: bool = True) -> Result:
    """Apply rules 1-13 (and optimism bias, sensitivity, Monte Carlo) to a checked case.

    ``analyses=False`` leaves ``sensitivity`` and ``monte_carlo`` empty: ``collect`` shows
    neither, and they are a tenth of the time of a file there. Each step returns the arrays
    of ``Result`` it makes, and the next step is given what it needs of them."""
    people = _people(case)
    gains = _gains(case, people["completers"], people["successes"])
    money = _money(case, people["participants"], gains["gains"])
    figures = _key_figures(case, people, gains, money)
    result = Result(case=case, **people, **gains, **money, **figures)
    result.by_domain = _group([c.domain for c in case.consequences],
                              gains["gains_by_consequence"] @ money["discount"] if case.consequences
                              else np.zeros((0, 4)))
    result.by_committee = _committees(case, result)
    if analyses:
        # imported here: collect's workers calculate without the analyses and need not load them
        from somxl.analysis import monte_carlo, sensitivity

        result.sensitivity = sensitivity(result)
        result.monte_carlo = monte_carlo(result) if case.uncertainty is not None else None
    return result


def _people(case: Case) -> dict[str, Any]:
    """Rules 2-3: participants starting N[t], completers C[t], the success rate r, successes S[t]."""
    s = case.settings
    horizon, start = s.horizon_years, s.start_year
    n = np.zeros(horizon)
    for p in case.participants:
        if start <= p.year < start + horizon:
            n[p.year - start] += p.starting
    lag = case.intervention.duration_years - 1
    completers = np.zeros(horizon)  # rule 2
    if lag < horizon:
        completers[lag:] = case.intervention.completion_rate * n[: horizon - lag]
    r = case.effect.rate
    return {"years": np.arange(start, start + horizon), "participants": n, "completers": completers,
            "successes": r * completers, "success_rate": r}  # rule 3


def _gains(case: Case, completers: np.ndarray, successes: np.ndarray) -> dict[str, Any]:
    """Rules 1, 4 and 5: each consequence's change in quantity and its gain per payer and year
    (after optimism bias), also at r = 100 % (per completer), and the gains summed."""
    horizon, cons = case.settings.horizon_years, case.consequences
    k = len(cons)
    profiles = np.zeros((k, horizon))
    for j, c in enumerate(cons):
        m = min(len(c.changes), horizon)  # years after T are cut off
        profiles[j, :m] = c.changes[:m]
    quantities = profiles @ convolution_matrix(successes)  # rule 4
    unit_quantities = profiles @ convolution_matrix(completers)
    signs = np.array([1.0 if c.kind == "revenue" else -1.0 for c in cons])
    prices = np.array([[c.prices.get(a, 0.0) for a in PAYERS] for c in cons], dtype=float).reshape(k, 3)
    factors = np.array([price_factor(case, c.price_year) for c in cons], dtype=float)
    value = (1.0 - case.optimism_bias.gains) * signs * factors  # (K,)
    unit_price = value[:, None] * prices  # (K, 3): gain per unit of change, per payer
    gains_k = _with_total(unit_price[:, :, None] * quantities[:, None, :])  # rule 5
    unit_gains_k = _with_total(unit_price[:, :, None] * unit_quantities[:, None, :])
    return {"profiles": profiles, "quantities": quantities, "signs": signs, "prices": prices,
            "price_factors": factors, "gains_by_consequence": gains_k, "unit_gains_by_consequence": unit_gains_k,
            "gains": gains_k.sum(axis=0) if k else np.zeros((4, horizon))}


def _money(case: Case, n: np.ndarray, gains: np.ndarray) -> dict[str, Any]:
    """Rules 6-8: costs per line and payer, net costs, the net result, the discount factors, the
    cumulative discounted net result and the present values."""
    cost_f, cost_lines, costs = _cost_matrix(case, case.costs, n, 1.0 + case.optimism_bias.costs)
    repl_f, repl_lines, replaced = _cost_matrix(case, case.replaced_costs, n, 1.0)
    net_costs = costs - replaced  # rule 6
    net = gains - net_costs  # rule 7
    discount = (1.0 + case.settings.discount_rate) ** -np.arange(case.settings.horizon_years, dtype=float)  # rule 8
    return {"cost_factors": cost_f, "cost_lines": cost_lines, "replaced_factors": repl_f,
            "replaced_lines": repl_lines, "costs": costs, "replaced_costs": replaced, "net_costs": net_costs,
            "net": net, "discount": discount, "cumulative_net": np.cumsum(net * discount, axis=1),
            "pv_gains": gains @ discount, "pv_costs": costs @ discount, "pv_replaced_costs": replaced @ discount,
            "pv_net_costs": net_costs @ discount, "pv_net": net @ discount}


def _key_figures(case: Case, people: dict[str, Any], gains: dict[str, Any], money: dict[str, Any]) -> dict[str, Any]:
    """Rules 9-12: break-even year, return per krone, break-even success rate r*, and the net
    result per participant and gain per success."""
    k = len(case.consequences)
    pv_unit = gains["unit_gains_by_consequence"] @ money["discount"] if k else np.zeros((0, 4))
    pv_gains, pv_net_costs, pv_net = money["pv_gains"], money["pv_net_costs"], money["pv_net"]
    active = (np.abs(gains["gains"]) + np.abs(money["costs"]) + np.abs(money["replaced_costs"])).sum(axis=1) > 0
    start = case.settings.start_year
    a_total = float(pv_unit[:, 3].sum()) if k else 0.0  # rule 11: PV(NR_total) = r·A − B
    b_total = float(pv_net_costs[3])
    n_total, s_total = float(people["participants"].sum()), float(people["successes"].sum())
    return {
        "pv_unit_gains": pv_unit,
        "break_even_year": [_break_even(start, money["cumulative_net"][a], bool(active[a])) for a in range(4)],
        "return_per_krone": [float(pv_gains[a] / pv_net_costs[a]) if pv_net_costs[a] > 0 else None
                             for a in range(4)],
        "break_even_success_rate": b_total / a_total if a_total > 0 else None,
        "net_per_participant": float(pv_net[3]) / n_total if n_total > 0 else None,
        "gain_per_success": float(pv_gains[3]) / s_total if s_total > 0 else None,
    }


def _group(keys: list[str], values: np.ndarray) -> dict[str, np.ndarray]:
    """Sum rows of ``values`` (n, 4) by key, keys in order of first appearance."""
    out: dict[str, np.ndarray] = {}
    for key, v in zip(keys, values):
        out[key] = out.get(key, 0.0) + v
    return out


def _committees(case: Case, r: Result) -> dict[str, np.ndarray]:
    """PV net per committee: its consequences' gains minus its cost lines plus its replaced
    costs. Empty when no line names a committee; otherwise lines without one are grouped
    under NO_COMMITTEE so the committees add up to the total PV net."""
    lines = [*case.consequences, *case.costs, *case.replaced_costs]
    if all(x.committee is None for x in lines):
        return {}
    pv = lambda x: x @ r.discount  # noqa: E731

    def lines_pv(items: list[CostLine], per_line: np.ndarray) -> np.ndarray:
        payer = np.zeros((len(items), 3))
        for j, line in enumerate(items):
            payer[j, PAYERS.index(line.payer)] = 1.0
        by_payer = payer * pv(per_line)[:, None]
        return np.column_stack([by_payer, by_payer.sum(axis=1)])

    keys = [x.committee or NO_COMMITTEE for x in lines]
    values = np.concatenate([
        pv(r.gains_by_consequence).reshape(-1, 4),
        -lines_pv(case.costs, r.cost_lines),
        lines_pv(case.replaced_costs, r.replaced_lines),
    ])
    return _group(keys, values)
