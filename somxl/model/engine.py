"""The SØM calculation (rules 1-13 of docs/method.md): a case in, a ``Result`` out. No I/O.

Everything is a row over the years t = 1..T (index 0..T-1). Payer rows come four at a time, in
``ROWS`` order: kommune, region, stat and their total. The Result keeps every intermediate
row, because the result workbook's Excel formulas must reproduce them cell by cell.

The arithmetic is plain Python floats, not numpy: a case's rows hold a few dozen numbers, and
every sum runs in one fixed order (years, lines and payers as they come, left to right), so a
figure is the same on every machine. numpy's matrix products went through the BLAS, whose
order and fused multiply-adds depend on the CPU (the 200 bench files gave 224 different
figures of 54,786 under OpenBLAS's Haswell kernels, 5,091 under its Sandybridge ones), and a
collect worker no longer loads numpy (~50-75 ms of CPU each). ``figures`` gives the rows as
lists; ``calculate`` gives them as numpy arrays (the same numbers) for the writers and the
analyses, which index and multiply them as matrices."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from functools import reduce
from itertools import accumulate
from operator import add
from typing import Any

from somxl.model.case import Case, CostLine
from somxl.base.vocab import PAYER_ROWS as ROWS, PAYERS  # ROWS: a result's payer arrays, each payer then the total

NO_COMMITTEE = "(uden udvalg)"  # committee key for lines without one (see docs/method.md)
NO_DOMAIN = "(uden område)"  # domain of a cost line without one, in the split by domain
RESULT_SCHEMA = "somxl/result@1"


def _sum(xs: Any) -> float:
    """Left to right from 0.0, as numpy adds a few numbers (so -0.0 + -0.0 is 0.0). Not the
    builtin sum(), which compensates from Python 3.12 on: a figure must not depend on the
    Python version either."""
    return reduce(add, xs, 0.0)


def _dot(xs: Any, ys: Any) -> float:
    """Σ x·y left to right from 0.0 (a loop: the fastest exact way in Python 3.11)."""
    total = 0.0
    for x, y in zip(xs, ys):
        total += x * y
    return total


def _column_sums(rows: list[list[float]], width: int) -> list[float]:
    """Rows added element by element (``width`` zeros for no rows)."""
    return [_sum(col) for col in zip(*rows)] if rows else [0.0] * width


def _with_total(rows: list[list[float]]) -> list[list[float]]:
    """The three payers' rows (one value per year) and their total as a fourth row (from 0.0,
    as ``_sum``)."""
    return [*rows, [0.0 + a + b + c for a, b, c in zip(*rows)]]


def _by_row(values: Any) -> dict[str, Any]:
    return {name: _plain(v) for name, v in zip(ROWS, values)}


def _plain(v: Any) -> Any:
    """A figure as plain Python values: lists stay, numpy arrays and scalars become lists and
    floats (None stays None)."""
    return v.tolist() if hasattr(v, "tolist") else v


def _count(v: Any) -> int | float:
    """A head count as an int when whole (the contract shows 20, not 20.0)."""
    v = float(v)
    return int(v) if v.is_integer() else v


@dataclass
class Result:
    """The calculation with its intermediate rows. Shapes: T years, K consequences, payer rows
    (4, T) in ``ROWS`` order, per-consequence gains (K, 4, T). Lists from ``figures``, numpy
    arrays of the same numbers from ``calculate``."""

    case: Case
    years: Any  # (T,) calendar years
    participants: Any  # N[t]
    completers: Any  # C[t] (rule 2)
    successes: Any  # S[t] (rule 3)
    success_rate: float  # r used (effect.rate)
    profiles: Any  # (K, T) Δq_k[τ], zero-padded or cut to T
    quantities: Any  # (K, T) ΔQ_k[t] (rule 4)
    unit_quantities: Any  # (K, T) the same with completers (r = 1): the writers' ΔQ¹ rows
    signs: Any  # (K,) -1 expense, +1 revenue
    prices: Any  # (K, 3) prices as entered, per payer
    price_factors: Any  # (K,) I[P] / I[y_k] (rule 1)
    gains_by_consequence: Any  # (K, 4, T) after optimism bias (rule 5)
    unit_gains_by_consequence: Any  # (K, 4, T) the same at r = 1
    cost_factors: Any  # (L,) price factor of each cost line
    cost_lines: Any  # (L, T) each cost line's cost per year, after optimism bias
    replaced_factors: Any  # (M,)
    replaced_lines: Any  # (M, T)
    gains: Any  # (4, T) G_a[t]
    costs: Any  # (4, T) K_a[t]
    replaced_costs: Any  # (4, T) R_a[t]
    net_costs: Any  # (4, T) NK_a[t] (rule 6)
    net: Any  # (4, T) NR_a[t] (rule 7)
    discount: Any  # (T,) d[t] (rule 8)
    cumulative_net: Any  # (4, T) CNR_a[t]
    pv_gains: Any  # (4,)
    pv_costs: Any  # (4,)
    pv_replaced_costs: Any  # (4,)
    pv_net_costs: Any  # (4,)
    pv_net: Any  # (4,)
    pv_unit_gains: Any  # (K, 4) PV of each consequence's gains at r = 1
    break_even_year: list[int | None]  # rule 9, per row
    return_per_krone: list[float | None]  # rule 10, per row
    break_even_success_rate: float | None  # rule 11
    net_per_participant: float | None  # rule 12
    gain_per_success: float | None
    participants_total: float = 0.0  # ΣN[t], ΣC[t], ΣS[t]
    completers_total: float = 0.0
    successes_total: float = 0.0
    by_domain: dict[str, Any] = field(default_factory=dict)  # domain -> (4,) PV gains
    by_committee: dict[str, Any] = field(default_factory=dict)  # committee -> (4,) PV net
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
            "participants": _count(self.participants_total),
            "completers": _count(self.completers_total),
            "successes": _count(self.successes_total),
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
            "years": _plain(self.years),
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


def _convolve(profile: list[float], successes: list[float], completers: list[float]
              ) -> tuple[list[float], list[float]]:
    """Rule 4 for one consequence, with successes and (for the gains at r = 1) with completers:
    ΔQ[t] = Σ_τ≤t Δq[τ] · S[t − τ], each sum from τ = 0 up. Both in one loop: this is most of
    the engine's time on a large case."""
    back_s, back_c, last = successes[::-1], completers[::-1], len(successes) - 1
    quantities, unit_quantities = [], []
    for t in range(len(successes)):
        q = u = 0.0
        for change, s, c in zip(profile[: t + 1], back_s[last - t:], back_c[last - t:]):
            q += change * s
            u += change * c
        quantities.append(q)
        unit_quantities.append(u)
    return quantities, unit_quantities


def _cost_matrix(case: Case, lines: list[CostLine], n: list[float], uplift: float
                 ) -> tuple[list[float], list[list[float]], list[list[float]]]:
    """Rule 6 per line: (factors (L,), per-line costs (L, T), per-payer costs (4, T))."""
    start, horizon = case.settings.start_year, case.settings.horizon_years
    factors = [price_factor(case, c.price_year) for c in lines]
    per_line = []
    for j, line in enumerate(lines):
        row = [0.0] * horizon
        t = line.year - start
        if 0 <= t < horizon:  # years outside the period are not counted (warning V008)
            row[t] = line.amount * factors[j] * uplift * (n[t] if line.per_participant else 1.0)
        per_line.append(row)
    by_payer = []
    for payer in PAYERS:
        row = [0.0] * horizon
        for line, costs in zip(lines, per_line):
            if line.payer == payer:
                row = [a + b for a, b in zip(row, costs)]
        by_payer.append(row)
    return factors, per_line, _with_total(by_payer)


def _break_even(start: int, cumulative: list[float], active: bool) -> int | None:
    """Rule 9: the first year from which the cumulative net stays ≥ 0; None when it ends
    below 0 or when the payer has no amounts at all (nothing to break even)."""
    if not active:
        return None
    # Sums of exact-looking amounts can land a hair below 0 (e.g. -1e-13): treat as 0.
    tol = 1e-9 * max(1.0, max(map(abs, cumulative), default=0.0))
    negative = [t for t, x in enumerate(cumulative) if x < -tol]
    if negative and negative[-1] == len(cumulative) - 1:
        return None
    return start + (negative[-1] + 1 if negative else 0)


def figures(case: Case) -> Result:
    """Apply rules 1-13 (and optimism bias) to a checked case: the Result with plain lists, no
    analyses and no numpy (``collect``'s workers). Each step returns the rows of ``Result`` it
    makes, and the next step is given what it needs of them."""
    people = _people(case)
    gains = _gains(case, people["completers"], people["successes"])
    money = _money(case, people["participants"], gains["gains"])
    result = Result(case=case, **people, **gains, **money, **_key_figures(case, people, gains, money))
    pv_by_consequence = [[_dot(row, money["discount"]) for row in g] for g in gains["gains_by_consequence"]]
    result.by_domain = _group([c.domain for c in case.consequences], pv_by_consequence)
    result.by_committee = _committees(case, result, pv_by_consequence)
    return result


# The trailing shape of a row that may hold no lines (no consequences, no cost lines), so
# that calculate's arrays keep their dimensions: (0, T), not (0,).
_LINE_SHAPES = {"profiles": ("T",), "quantities": ("T",), "unit_quantities": ("T",), "gains_by_consequence": (4, "T"),
                "unit_gains_by_consequence": (4, "T"), "pv_unit_gains": (4,), "prices": (3,), "cost_lines": ("T",),
                "replaced_lines": ("T",)}
_SCALARS = ("case", "success_rate", "break_even_year", "return_per_krone", "break_even_success_rate",
            "net_per_participant", "gain_per_success", "participants_total", "completers_total", "successes_total",
            "by_domain", "by_committee", "sensitivity", "monte_carlo")


def calculate(case: Case, *, analyses: bool = True) -> Result:
    """``figures`` with every row as a numpy array (the same numbers), and the sensitivity and
    Monte Carlo analyses unless ``analyses=False``."""
    import numpy as np

    r = figures(case)
    horizon = case.settings.horizon_years
    arrays = {}
    for f in fields(r):
        if f.name in _SCALARS:
            continue
        a = np.array(getattr(r, f.name), dtype=int if f.name == "years" else float)
        if a.size == 0 and f.name in _LINE_SHAPES:
            a = a.reshape((0, *(horizon if d == "T" else d for d in _LINE_SHAPES[f.name])))
        arrays[f.name] = a
    r = replace(r, **arrays, by_domain={k: np.array(v) for k, v in r.by_domain.items()},
                by_committee={k: np.array(v) for k, v in r.by_committee.items()})
    if analyses:
        # imported here: figures and calculate without analyses need no analysis
        from somxl.model.analysis import monte_carlo, sensitivity

        r.sensitivity = sensitivity(r)
        r.monte_carlo = monte_carlo(r) if case.uncertainty is not None else None
    return r


def _people(case: Case) -> dict[str, Any]:
    """Rules 2-3: participants starting N[t], completers C[t], the success rate r, successes S[t]."""
    s = case.settings
    horizon, start = s.horizon_years, s.start_year
    n = [0.0] * horizon
    for p in case.participants:
        if start <= p.year < start + horizon:
            n[p.year - start] += p.starting
    lag = case.intervention.duration_years - 1
    rate = case.intervention.completion_rate
    completers = [rate * n[t - lag] if t >= lag else 0.0 for t in range(horizon)]  # rule 2
    r = case.effect.rate
    successes = [r * c for c in completers]  # rule 3
    return {"years": list(range(start, start + horizon)), "participants": n, "completers": completers,
            "successes": successes, "success_rate": r,
            "participants_total": _sum(n), "completers_total": _sum(completers), "successes_total": _sum(successes)}


def _gains(case: Case, completers: list[float], successes: list[float]) -> dict[str, Any]:
    """Rules 1, 4 and 5: each consequence's change in quantity and its gain per payer and year
    (after optimism bias), also at r = 100 % (per completer), and the gains summed."""
    horizon, cons = case.settings.horizon_years, case.consequences
    profiles = [[float(x) for x in c.changes[:horizon]] + [0.0] * max(0, horizon - len(c.changes)) for c in cons]
    quantities, unit_quantities = [], []
    for profile in profiles:  # rule 4
        q, u = _convolve(profile, successes, completers)
        quantities.append(q)
        unit_quantities.append(u)
    signs = [1.0 if c.kind == "revenue" else -1.0 for c in cons]
    prices = [[float(c.prices.get(a, 0.0)) for a in PAYERS] for c in cons]
    factors = [price_factor(case, c.price_year) for c in cons]
    keep = 1.0 - case.optimism_bias.gains
    gains_k, unit_gains_k = [], []
    for sign, factor, price, q, unit_q in zip(signs, factors, prices, quantities, unit_quantities):
        unit_price = [keep * sign * factor * p for p in price]  # gain per unit of change, per payer
        gains_k.append(_with_total([[u * x for x in q] for u in unit_price]))  # rule 5
        unit_gains_k.append(_with_total([[u * x for x in unit_q] for u in unit_price]))
    gains = [_column_sums([g[a] for g in gains_k], horizon) for a in range(4)]
    return {"profiles": profiles, "quantities": quantities, "unit_quantities": unit_quantities, "signs": signs,
            "prices": prices,
            "price_factors": factors, "gains_by_consequence": gains_k, "unit_gains_by_consequence": unit_gains_k,
            "gains": gains}


def _money(case: Case, n: list[float], gains: list[list[float]]) -> dict[str, Any]:
    """Rules 6-8: costs per line and payer, net costs, the net result, the discount factors, the
    cumulative discounted net result and the present values."""
    cost_f, cost_lines, costs = _cost_matrix(case, case.costs, n, 1.0 + case.optimism_bias.costs)
    repl_f, repl_lines, replaced = _cost_matrix(case, case.replaced_costs, n, 1.0)
    net_costs = [[a - b for a, b in zip(x, y)] for x, y in zip(costs, replaced)]  # rule 6
    net = [[a - b for a, b in zip(x, y)] for x, y in zip(gains, net_costs)]  # rule 7
    base = 1.0 + case.settings.discount_rate
    discount = [base ** -float(t) for t in range(case.settings.horizon_years)]  # rule 8
    pv = lambda rows: [_dot(row, discount) for row in rows]  # noqa: E731
    return {"cost_factors": cost_f, "cost_lines": cost_lines, "replaced_factors": repl_f,
            "replaced_lines": repl_lines, "costs": costs, "replaced_costs": replaced, "net_costs": net_costs,
            "net": net, "discount": discount,
            "cumulative_net": [list(accumulate(x * d for x, d in zip(row, discount))) for row in net],
            "pv_gains": pv(gains), "pv_costs": pv(costs), "pv_replaced_costs": pv(replaced),
            "pv_net_costs": pv(net_costs), "pv_net": pv(net)}


def _key_figures(case: Case, people: dict[str, Any], gains: dict[str, Any], money: dict[str, Any]) -> dict[str, Any]:
    """Rules 9-12: break-even year, return per krone, break-even success rate r*, and the net
    result per participant and gain per success."""
    pv_unit = [[_dot(row, money["discount"]) for row in g] for g in gains["unit_gains_by_consequence"]]
    pv_gains, pv_net_costs, pv_net = money["pv_gains"], money["pv_net_costs"], money["pv_net"]
    active = [any(g or c or r for g, c, r in zip(*rows))  # the amounts are finite (case checks)
              for rows in zip(gains["gains"], money["costs"], money["replaced_costs"])]
    start = case.settings.start_year
    a_total = _sum(p[3] for p in pv_unit)  # rule 11: PV(NR_total) = r·A − B
    b_total = pv_net_costs[3]
    n_total, s_total = people["participants_total"], people["successes_total"]
    return {
        "pv_unit_gains": pv_unit,
        "break_even_year": [_break_even(start, money["cumulative_net"][a], active[a]) for a in range(4)],
        "return_per_krone": [pv_gains[a] / pv_net_costs[a] if pv_net_costs[a] > 0 else None for a in range(4)],
        "break_even_success_rate": b_total / a_total if a_total > 0 else None,
        "net_per_participant": pv_net[3] / n_total if n_total > 0 else None,
        "gain_per_success": pv_gains[3] / s_total if s_total > 0 else None,
    }


def _group(keys: list[str], values: list[list[float]]) -> dict[str, list[float]]:
    """Sum rows of ``values`` (n, 4) by key, keys in order of first appearance."""
    out: dict[str, list[float]] = {}
    for key, v in zip(keys, values):
        out[key] = [a + b for a, b in zip(out.get(key, (0.0,) * 4), v)]
    return out


def _committees(case: Case, r: Result, pv_by_consequence: list[list[float]]) -> dict[str, list[float]]:
    """PV net per committee: its consequences' gains minus its cost lines plus its replaced
    costs. Empty when no line names a committee; otherwise lines without one are grouped
    under NO_COMMITTEE so the committees add up to the total PV net."""
    lines = [*case.consequences, *case.costs, *case.replaced_costs]
    if all(x.committee is None for x in lines):
        return {}

    def lines_pv(items: list[CostLine], per_line: list[list[float]], sign: float) -> list[list[float]]:
        out = []
        for line, row in zip(items, per_line):
            pv = _dot(row, r.discount)
            out.append([sign * (pv if line.payer == payer else 0.0) for payer in PAYERS] + [sign * pv])
        return out

    keys = [x.committee or NO_COMMITTEE for x in lines]
    values = [*pv_by_consequence, *lines_pv(case.costs, r.cost_lines, -1.0),
              *lines_pv(case.replaced_costs, r.replaced_lines, 1.0)]
    return _group(keys, values)
