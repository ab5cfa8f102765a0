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

from somxl.model.case import Case, Effect, Scenario, Settings
from somxl.model.engine import calculate

__all__ = ["apply", "calculate_scenarios", "ScenarioResult"]


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
    out = []
    for scenario in case.scenarios:
        variant = apply(case, scenario)
        out.append(ScenarioResult(scenario, variant, calculate(variant)))
    return out


