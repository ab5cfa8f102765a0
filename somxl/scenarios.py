"""Scenarios: named variants of one case ("forsigtig", "forventet", "optimistisk"), calculated by
the same engine as the case itself.

A scenario (``case.Scenario``, the list ``scenarios`` of ``somxl/case@2``, the sheet Scenarier of
the input workbook) holds overrides; each one left empty means "as in the case". ``apply``
returns the case a scenario describes, as a new ``Case`` (the case given is not changed), and
``calculate_scenarios`` calculates each of them. Pure: no I/O.

The rules (docs/compare.md):

1. ``success_rate`` replaces the effect's success rate (also one given as rate with − without).
2. ``cost_factor`` multiplies every cost line of the intervention (``costs``), after the
   optimism bias as before. The replaced costs are another intervention's and are not scaled.
3. ``gain_factor`` multiplies every consequence's prices, so every gain.
4. ``horizon_years`` shortens the period (it cannot lengthen it: V024); amounts in the years
   cut off are not counted.
5. ``discount_rate`` replaces the case's discount rate.
6. ``leave_out`` names consequences the scenario does not count (each must exist: V025).

A scenario is calculated without Monte Carlo (its uncertainty bounds belong to the case's own
success rate and consequences); the sensitivity analysis is calculated as for any case.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any

from somxl.case import Case, Effect, Scenario, Settings

__all__ = ["apply", "calculate_scenarios", "ScenarioResult", "render_scenarios"]


@dataclass
class ScenarioResult:
    """A scenario, the case it describes, and the engine's result for it."""

    scenario: Scenario
    case: Case
    result: Any  # engine.Result (not imported here: this module stays light)


def apply(case: Case, scenario: Scenario) -> Case:
    """The case ``scenario`` describes (rules 1-6)."""
    out = copy.deepcopy(case)
    out.scenarios = []
    out.uncertainty = None
    if scenario.success_rate is not None:
        out.effect = Effect(success_rate=scenario.success_rate, source=case.effect.source)
    if scenario.cost_factor is not None:
        for line in out.costs:
            line.amount = line.amount * scenario.cost_factor
    left_out = set(scenario.leave_out)
    out.consequences = [c for c in out.consequences if c.name not in left_out]
    if scenario.gain_factor is not None:
        for c in out.consequences:
            c.prices = {payer: price * scenario.gain_factor for payer, price in c.prices.items()}
    s: Settings = out.settings
    out.settings = replace(
        s, horizon_years=scenario.horizon_years if scenario.horizon_years is not None else s.horizon_years,
        discount_rate=scenario.discount_rate if scenario.discount_rate is not None else s.discount_rate)
    return out


def calculate_scenarios(case: Case) -> list[ScenarioResult]:
    """Every scenario of ``case``, in order, with its result."""
    from somxl.engine import calculate

    out = []
    for scenario in case.scenarios:
        variant = apply(case, scenario)
        out.append(ScenarioResult(scenario, variant, calculate(variant)))
    return out


def render_scenarios(base: Any, scenarios: list[ScenarioResult], lang: str = "da") -> str:
    """The case and its scenarios side by side: net result per payer, break-even year, return per krone."""
    from somxl.numbers import fmt_percent
    from somxl.render import fmt_decimal, fmt_kroner, table

    en = lang == "en"
    payers = (("kommune", "Municipality" if en else "Kommune"), ("region", "Region"),
              ("stat", "State" if en else "Stat"), ("total", "Total" if en else "I alt"))
    columns = [("Case" if en else "Sagen", base), *((sr.scenario.name, sr.result) for sr in scenarios)]
    summaries = [(name, r.summary(), r.success_rate) for name, r in columns]
    rows = [["Success rate" if en else "Succesrate", *(fmt_percent(rate, lang) for _, _, rate in summaries)]]
    rows += [[f"{'Net result' if en else 'Nettoresultat'}, {label.lower()}",
              *(fmt_kroner(s["pv_net"][p], lang) for _, s, _ in summaries)] for p, label in payers]
    rows.append(["Break-even year, total" if en else "Tilbagebetalingsår, i alt",
                 *(str(s["break_even_year"]["total"] or "-") for _, s, _ in summaries)])
    rows.append(["Return per krone, total" if en else "Afkast pr. krone, i alt",
                 *(fmt_decimal(s["return_per_krone"]["total"], lang) for _, s, _ in summaries)])
    title = "Scenarios:" if en else "Scenarier:"
    from somxl.console import short_text

    return title + "\n" + table(rows, ["", *(short_text(name) for name, _, _ in summaries)])
