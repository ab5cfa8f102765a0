"""From the catalogue's knowledge to a workbook's prefilled inputs (``somxl new --target-group``).

``prefill(catalog, name)`` finds the target group (an unknown name raises InputError whose
report is one K020 naming the closest names) and returns a ``Prefill``: a partial case dict
(step 2: the group's name, success measure and definition as the answer to question 2.1;
step 5: one consequence line per consequence estimate, with its profile, domain, unit, kind,
prices, price year and a source saying which knowledge file it came from) and the effect
sizes found for the group, which step 4 shows as hints, not inputs. The prefilled values are
ordinary inputs: the department edits, deletes or adds to them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from somxl.model.catalog import Catalog, EffectSize, Estimate, Price, TargetGroup
from somxl.base.errors import InputError
from somxl.base.report import Issue, Report
from somxl.base.vocab import PAYERS


@dataclass(frozen=True)
class Prefill:
    """What a workbook made for one target group starts with."""

    group: TargetGroup
    case: dict[str, Any] = field(default_factory=dict)  # a partial case dict (canonical keys)
    effects: tuple[EffectSize, ...] = ()


def unknown_group(catalog: Catalog, name: str, **where: Any) -> Issue:
    """K020 for a target-group name the catalogue does not have, with the closest names."""
    closest = catalog.closest_target_groups(name)
    return Issue("K020", value=name, params={"closest": ", ".join(f"«{c}»" for c in closest) or "-"}, **where)


def find_group(catalog: Catalog, name: str) -> TargetGroup:
    """The target group called ``name`` (case and spacing ignored); InputError (K020) if none."""
    group = catalog.target_group(name)
    if group is None:
        report = Report(issues=[unknown_group(catalog, name)])
        raise InputError.of("E032", report=report, name=name)
    return group


def origin_text(row: Any) -> str:
    """'vidensdatabase: FILE' for a row: the knowledge file it came from, and whether it is
    illustrative."""
    text = f"vidensdatabase: {row.origin or '-'}"
    return text + (" (illustrativ)" if row.illustrative else "")


def line_source(estimate: Estimate, price: Price | None) -> str:
    """The source of a prefilled consequence line: where the estimate and the price came from."""
    parts = [origin_text(estimate) + (f": {estimate.source}" if estimate.source else "")]
    if price is not None:
        parts.append("pris: " + (origin_text(price) + (f": {price.source}" if price.source else "")))
    return "; ".join(parts)


def consequence_line(catalog: Catalog, estimate: Estimate) -> dict[str, Any]:
    """One step-5 line (the case's consequence keys) from an estimate and its price."""
    price = catalog.price(estimate.name)
    prices = dict(price.prices) if price is not None else dict.fromkeys(PAYERS)
    return {"name": estimate.name, "domain": estimate.domain, "unit": estimate.unit, "kind": estimate.kind,
            "committee": None, "prices": {p: prices.get(p) for p in PAYERS},
            "price_year": price.price_year if price is not None else None,
            "changes": list(estimate.changes), "source": line_source(estimate, price)}


def prefill(catalog: Catalog, name: str) -> Prefill:
    """The prefilled inputs for target group ``name`` (see the module docstring)."""
    group = find_group(catalog, name)
    case: dict[str, Any] = {"target_group": {"name": group.name, "success_measure": group.success_measure}}
    if group.definition:
        case["answers"] = {"2.1": {"answer": group.definition, "status": None, "source": origin_text(group)
                                   + (f": {group.source}" if group.source else "")}}
    case["consequences"] = [consequence_line(catalog, e) for e in catalog.estimates_for(group.name)]
    return Prefill(group, case, tuple(catalog.effects_for(group.name)))
