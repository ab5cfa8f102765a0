"""The case: everything one SØM calculation needs (schema ``somxl/case@2``), checked strictly.

``parse_case`` turns a JSON-like dict into a ``Case`` and reports every problem at once,
each located by its JSON path (``consequences[3].prices.region``). The cross-field rules
work on values, not on JSON, so the workbook reader gets the same checks. ``case_to_dict``
gives the canonical dict (every key of the contract, in contract order) that workbooks are
written from and compared against.

Schema history: ``somxl/case@2`` added ``scenarios`` (named variants of the case, see
``somxl.scenarios``), the target group's ``match`` (how well it matches a knowledge-base group:
status and text) and a ``domain`` and ``source`` on cost and replaced-cost lines, all optional;
a ``somxl/case@1`` case is read unchanged (``MIGRATIONS``: it has none of them)."""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from somxl.errors import FileError, InputError
from somxl.report import Issue, Percent, Report

SCHEMA = "somxl/case@2"
PAYERS = ("kommune", "region", "stat")
KINDS = ("expense", "revenue")
STATUSES = ("answered", "partly", "missing", "not_relevant")
MATCH_STATUSES = ("good", "partial", "poor")  # how well a target group matches the knowledge's
CONFIDENCES = ("low", "medium", "high")
MAX_CHANGES = 50
MAX_HORIZON = 50
YEARS = (1990, 2100)  # plausible calendar years: catches 26 for 2026 and 20266 typos
# Bounds far beyond any real case; they stop a pasted garbage number from overflowing.
MAX_AMOUNT = 1e12
MAX_CHANGE = 1e9

# Old schema id -> function turning such a dict into the next schema's dict. Applied in a
# loop before parsing, so a chain of migrations brings any old case up to SCHEMA.
MIGRATIONS: dict[str, Callable[[dict], dict]] = {
    # @2 added the optional list "scenarios", target_group.match and the cost lines' domain and
    # source; everything of @1 means the same in @2.
    "somxl/case@1": lambda d: {**d, "schema": "somxl/case@2"},
}


@dataclass
class Meta:
    title: str | None = None
    organisation: str | None = None
    department: str | None = None
    author: str | None = None
    submission_id: str | None = None


@dataclass
class Settings:
    start_year: int
    horizon_years: int
    price_year: int
    discount_rate: float = 0.0
    price_index: dict[int, float] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.start_year + self.horizon_years))


@dataclass
class Intervention:
    name: str
    description: str | None = None
    duration_years: int = 1
    completion_rate: float = 1.0


@dataclass
class Match:
    """How well the target group and success measure match the knowledge base's group whose
    consequence estimates are used (SØM asks for this judgement for its register-based groups)."""

    status: str | None = None  # one of MATCH_STATUSES
    text: str | None = None


@dataclass
class TargetGroup:
    name: str
    success_measure: str | None = None
    match: Match | None = None


@dataclass
class Participants:
    year: int
    starting: float


@dataclass
class Effect:
    success_rate: float | None = None
    rate_with: float | None = None
    rate_without: float | None = None
    source: str | None = None

    @property
    def rate(self) -> float:
        """The success rate used: ``success_rate`` when given (it wins), else with − without."""
        if self.success_rate is not None:
            return self.success_rate
        return (self.rate_with or 0.0) - (self.rate_without or 0.0)


@dataclass
class CostLine:
    item: str
    payer: str
    year: int
    amount: float
    category: str | None = None
    committee: str | None = None
    per_participant: bool = False
    price_year: int | None = None
    domain: str | None = None
    source: str | None = None


@dataclass
class Consequence:
    name: str
    domain: str
    unit: str
    kind: str
    prices: dict[str, float]
    changes: list[float]
    committee: str | None = None
    price_year: int | None = None
    source: str | None = None


@dataclass
class Uncertainty:
    draws: int = 10000
    seed: int = 1
    success_rate: tuple[float, float] | None = None
    costs: tuple[float, float] | None = None
    consequences: dict[str, tuple[float, float]] = field(default_factory=dict)


@dataclass
class OptimismBias:
    gains: float = 0.0
    costs: float = 0.0


@dataclass
class Answer:
    answer: str | None = None
    status: str | None = None
    source: str | None = None


@dataclass
class Assumption:
    id: str
    text: str
    step: int | None = None
    value: str | None = None
    source: str | None = None
    confidence: str | None = None
    owner: str | None = None
    date: str | None = None


@dataclass
class Scenario:
    """A named variant of the case (``somxl.scenarios``): each override that is not None
    replaces or scales the case's value; ``leave_out`` names consequences left out."""

    name: str
    description: str | None = None
    success_rate: float | None = None
    cost_factor: float | None = None
    gain_factor: float | None = None
    horizon_years: int | None = None
    discount_rate: float | None = None
    leave_out: list[str] = field(default_factory=list)


@dataclass
class Case:
    settings: Settings
    intervention: Intervention
    target_group: TargetGroup
    participants: list[Participants]
    effect: Effect
    consequences: list[Consequence]
    costs: list[CostLine] = field(default_factory=list)
    replaced_costs: list[CostLine] = field(default_factory=list)
    meta: Meta = field(default_factory=Meta)
    uncertainty: Uncertainty | None = None
    optimism_bias: OptimismBias = field(default_factory=OptimismBias)
    answers: dict[str, Answer] = field(default_factory=dict)
    assumptions: list[Assumption] = field(default_factory=list)
    scenarios: list[Scenario] = field(default_factory=list)
    schema: str = SCHEMA


# --- the contract's keys, in contract order (also the canonical order) -------------------
# key -> required. A required key that is absent or null is an error (C005).
_KEYS: dict[str, dict[str, bool]] = {
    "case": {
        "schema": True, "meta": False, "settings": True, "intervention": True,
        "target_group": True, "participants": True, "effect": True, "costs": False,
        "replaced_costs": False, "consequences": True, "uncertainty": False,
        "optimism_bias": False, "answers": False, "assumptions": False, "scenarios": False,
    },
    "meta": dict.fromkeys(("title", "organisation", "department", "author", "submission_id"), False),
    "settings": {"start_year": True, "horizon_years": True, "price_year": False,
                 "discount_rate": False, "price_index": False},
    "intervention": {"name": True, "description": False, "duration_years": False,
                     "completion_rate": False},
    "target_group": {"name": True, "success_measure": False, "match": False},
    "match": {"status": False, "text": False},
    "participants": {"year": True, "starting": True},
    "effect": {"success_rate": False, "rate_with": False, "rate_without": False, "source": False},
    "cost": {"item": True, "category": False, "payer": True, "committee": False, "year": True,
             "amount": True, "per_participant": False, "price_year": False, "domain": False, "source": False},
    "consequence": {"name": True, "domain": True, "unit": True, "kind": True, "committee": False,
                    "prices": True, "price_year": False, "changes": True, "source": False},
    "prices": dict.fromkeys(PAYERS, False),
    "uncertainty": {"draws": False, "seed": False, "success_rate": False, "costs": False,
                    "consequences": False},
    "optimism_bias": {"gains": False, "costs": False},
    "answer": {"answer": False, "status": False, "source": False},
    "assumption": {"id": True, "step": False, "text": True, "value": False, "source": False,
                   "confidence": False, "owner": False, "date": False},
    "scenario": {"name": True, "description": False, "success_rate": False, "cost_factor": False,
                 "gain_factor": False, "horizon_years": False, "discount_rate": False, "leave_out": False},
}
MAX_FACTOR = 10.0  # a scenario's cost or gain factor: far beyond any real what-if

_TYPE_WORDS = {
    "number": ("et tal", "a number"),
    "integer": ("et helt tal", "a whole number"),
    "text": ("en tekst", "a text"),
    "bool": ("sand eller falsk (true/false)", "true or false"),
    "object": ("et objekt { … }", "an object { … }"),
    "list": ("en liste [ … ]", "a list [ … ]"),
    "pair": ("en liste med to tal [lav, høj]", "a list of two numbers [low, high]"),
}

_QUESTION_ID = re.compile(r"^\d+\.\d+$")
_MISSING = object()


def _join(base: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else str(key)


def _is_number(v: Any) -> bool:
    # Python's json accepts NaN and Infinity; neither is a usable amount. An int is finite however
    # long (math.isfinite would overflow on 10**400); the range checks refuse the huge ones.
    if isinstance(v, float):
        return math.isfinite(v)
    return isinstance(v, int) and not isinstance(v, bool)


MAX_TEXT = 32767  # Excel's limit for the text of one cell


class _Checker:
    """Collects issues while reading values; each getter returns the converted value or None."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, code: str, path: str, value: Any = None, **params: Any) -> None:
        self.issues.append(Issue(code, path=path, value=value, params=params))

    def wrong_type(self, path: str, value: Any, expected: str) -> None:
        da, en = _TYPE_WORDS[expected]
        if isinstance(value, (dict, list)):  # shown in the message: keep it short
            value = json.dumps(value, ensure_ascii=False)[:60]
        self.add("C006", path, value, expected_da=da, expected_en=en)

    def obj(self, data: Any, path: str, keys: str) -> dict | None:
        """Check that ``data`` is an object with only known keys and every required key."""
        if not isinstance(data, dict):
            self.wrong_type(path, data, "object")
            return None
        spec = _KEYS[keys]
        for key in data:
            if key in spec:
                continue
            close = difflib.get_close_matches(str(key), list(spec), n=1, cutoff=0.6)
            if close:
                self.add("C004", _join(path, key), None, key=key, suggestion=close[0])
            else:
                self.add("C003", _join(path, key), None, key=key, allowed=", ".join(spec))
        for key, required in spec.items():
            if required and data.get(key) is None:
                self.add("C005", _join(path, key))
        return data

    def get(self, data: dict | None, key: str) -> Any:
        if data is None or data.get(key) is None:
            return _MISSING
        return data[key]

    def number(self, data: dict | None, key: str, path: str, default: Any = None, *,
               low: float | None = 0.0, high: float | None = MAX_AMOUNT, rate: bool = False) -> Any:
        v = self.get(data, key)
        path = _join(path, key)
        if v is _MISSING:
            return default
        if not _is_number(v):
            self.wrong_type(path, v, "number")
            return None
        return self._range(path, v, low, high, rate)

    def _range(self, path: str, v: float, low: float | None, high: float | None, rate: bool) -> Any:
        # A rate above 1: 25 is most likely 25 % written as a whole number (V003, "write 0,25");
        # 1,5 is what a percent cell showing 150 % holds, and 120 is no percentage at all, so
        # both are said in percent against 0-100 % (V026).
        if rate and 10 < v <= 100:
            self.add("V003", path, v, suggested_da=f"{v / 100:g}".replace(".", ","),
                     suggested_en=f"{v / 100:g}")
            return None
        if rate and v > 1:
            self.add("V026", path, v, pct=Percent(v))
            return None
        if low == 0.0 and not rate and v < 0:
            self.add("V002", path, v)
            return None
        if (low is not None and v < low) or (high is not None and v > high):
            # a one-sided range is said as such ("at least 1"), never "between 1 and ∞"
            if high is None:
                self.add("V020", path, v, low=low)
            elif low is None:
                self.add("V021", path, v, high=high)
            else:
                self.add("V001", path, v, low=low, high=high)
            return None
        return v

    def integer(self, data: dict | None, key: str, path: str, default: Any = None, *,
                low: int | None = None, high: int | None = None) -> Any:
        v = self.get(data, key)
        path = _join(path, key)
        if v is _MISSING:
            return default
        if not _is_number(v) or (isinstance(v, float) and not v.is_integer()):
            self.wrong_type(path, v, "integer")
            return None
        return self._range(path, int(v), low, high, False)

    def year(self, data: dict | None, key: str, path: str, default: Any = None) -> Any:
        return self.integer(data, key, path, default, low=YEARS[0], high=YEARS[1])

    def text(self, data: dict | None, key: str, path: str, default: Any = None) -> Any:
        v = self.get(data, key)
        if v is _MISSING:
            return default
        if not isinstance(v, str):
            self.wrong_type(_join(path, key), v, "text")
            return None
        if len(v) > MAX_TEXT:  # it could not be written into a workbook cell
            self.add("V019", _join(path, key), v[:40] + "…", length=len(v), limit=MAX_TEXT)
        return v

    def choice(self, data: dict | None, key: str, path: str, allowed: Iterable[str]) -> Any:
        v = self.text(data, key, path)
        if v is not None and v not in allowed:
            self.add("V004", _join(path, key), v, allowed=", ".join(allowed))
            return None
        return v

    def boolean(self, data: dict | None, key: str, path: str, default: bool = False) -> Any:
        v = self.get(data, key)
        if v is _MISSING:
            return default
        if not isinstance(v, bool):
            self.wrong_type(_join(path, key), v, "bool")
            return None
        return v

    def items(self, data: dict | None, key: str, path: str) -> list[tuple[str, Any]]:
        """(path, element) for each element of a list field; an absent list is empty."""
        v = self.get(data, key)
        if v is _MISSING:
            return []
        if not isinstance(v, list):
            self.wrong_type(_join(path, key), v, "list")
            return []
        return [(_join(_join(path, key), i), x) for i, x in enumerate(v)]

    def pair(self, data: dict | None, key: str, path: str, low: float, high: float | None) -> Any:
        v = self.get(data, key)
        path = _join(path, key)
        if v is _MISSING:
            return None
        if not (isinstance(v, list) and len(v) == 2 and all(_is_number(x) for x in v)):
            self.wrong_type(path, v, "pair")
            return None
        out = [self._range(_join(path, i), x, low, high, high == 1.0) for i, x in enumerate(v)]
        return None if None in out else (float(out[0]), float(out[1]))


# --- parsing -----------------------------------------------------------------------------


def migrate(data: dict) -> tuple[dict, list[Issue]]:
    """Bring an older case up to ``SCHEMA``; an unknown or newer schema is an issue."""
    seen: set[str] = set()
    while isinstance(data.get("schema"), str) and data["schema"] in MIGRATIONS:
        if data["schema"] in seen:  # a migration that does not advance the schema
            break
        seen.add(data["schema"])
        data = MIGRATIONS[data["schema"]](dict(data))
    schema = data.get("schema")
    if schema is None or schema == SCHEMA:
        return data, []
    if not isinstance(schema, str):
        return data, [Issue("C001", path="schema", value=schema, params={"supported": SCHEMA})]
    m = re.fullmatch(r"somxl/case@(\d+)", schema)
    current = int(SCHEMA.rsplit("@", 1)[1])
    if m and int(m.group(1)) > current:
        return data, [Issue("C002", path="schema", value=schema, params={"supported": SCHEMA})]
    return data, [Issue("C001", path="schema", value=schema, params={"supported": SCHEMA})]


def parse_case(data: Any, catalog: Any = None) -> tuple[Case | None, list[Issue]]:
    """Check ``data`` against the case contract and build a ``Case``.

    Returns every issue found (structure, types, ranges, cross-field rules and, when a
    ``catalog`` with sets ``target_groups``, ``domains``, ``units``, ``categories`` is
    given, warnings for values outside it). The case is None when there is any error."""
    ck = _Checker()
    if not isinstance(data, dict):
        ck.wrong_type("", data, "object")
        return None, ck.issues
    data, schema_issues = migrate(data)
    if schema_issues:  # checking a foreign or newer schema against ours would only add noise
        return None, schema_issues
    top = ck.obj(data, "", "case")
    parts = _read_parts(ck, top)
    _cross_checks(ck, parts)
    if catalog is not None:
        _catalog_checks(ck, parts, catalog)
    if any(i.severity == "error" for i in ck.issues):
        return None, ck.issues
    return Case(**parts), ck.issues


def _read_parts(ck: _Checker, top: dict | None) -> dict[str, Any]:
    g = ck.get
    meta_d = ck.obj(g(top, "meta"), "meta", "meta") if g(top, "meta") is not _MISSING else {}
    meta = Meta(**{k: ck.text(meta_d, k, "meta") for k in _KEYS["meta"]})

    s_d = ck.obj(g(top, "settings"), "settings", "settings") if g(top, "settings") is not _MISSING else None
    start = ck.year(s_d, "start_year", "settings")
    index: dict[int, float] = {}
    idx = g(s_d, "price_index")
    if idx is not _MISSING:
        if not isinstance(idx, dict):
            ck.wrong_type("settings.price_index", idx, "object")
        else:
            for key, value in idx.items():
                path = _join("settings.price_index", key)
                if not (isinstance(key, str) and key.isdigit() and YEARS[0] <= int(key) <= YEARS[1]):
                    ck.add("V001", path, key, low=YEARS[0], high=YEARS[1])
                    continue
                v = ck.number(idx, key, "settings.price_index")
                if v is not None and v <= 0:
                    ck.add("V022", path, v)
                elif v is not None:
                    index[int(key)] = float(v)
    settings = Settings(
        start_year=start,
        horizon_years=ck.integer(s_d, "horizon_years", "settings", low=1, high=MAX_HORIZON),
        price_year=ck.year(s_d, "price_year", "settings", default=start),
        discount_rate=ck.number(s_d, "discount_rate", "settings", 0.0, high=1.0, rate=True),
        price_index=dict(sorted(index.items())),
    )

    i_d = ck.obj(g(top, "intervention"), "intervention", "intervention") if g(top, "intervention") is not _MISSING else None
    intervention = Intervention(
        name=ck.text(i_d, "name", "intervention"),
        description=ck.text(i_d, "description", "intervention"),
        duration_years=ck.integer(i_d, "duration_years", "intervention", 1, low=1, high=MAX_HORIZON),
        completion_rate=ck.number(i_d, "completion_rate", "intervention", 1.0, high=1.0, rate=True),
    )

    t_d = ck.obj(g(top, "target_group"), "target_group", "target_group") if g(top, "target_group") is not _MISSING else None
    target = TargetGroup(ck.text(t_d, "name", "target_group"), ck.text(t_d, "success_measure", "target_group"))
    m_raw = ck.get(t_d, "match")
    if m_raw is not _MISSING:
        m_d = ck.obj(m_raw, "target_group.match", "match")
        match = Match(ck.choice(m_d, "status", "target_group.match", MATCH_STATUSES),
                      ck.text(m_d, "text", "target_group.match"))
        target.match = match if (match.status, match.text) != (None, None) else None

    participants = []
    for path, item in ck.items(top, "participants", ""):
        d = ck.obj(item, path, "participants")
        participants.append(Participants(ck.year(d, "year", path), ck.number(d, "starting", path)))

    e_d = ck.obj(g(top, "effect"), "effect", "effect") if g(top, "effect") is not _MISSING else None
    effect = Effect(*(ck.number(e_d, k, "effect", high=1.0, rate=True)
                      for k in ("success_rate", "rate_with", "rate_without")),
                    source=ck.text(e_d, "source", "effect"))

    costs = [_cost(ck, path, item) for path, item in ck.items(top, "costs", "")]
    replaced = [_cost(ck, path, item) for path, item in ck.items(top, "replaced_costs", "")]
    consequences = [_consequence(ck, path, item) for path, item in ck.items(top, "consequences", "")]

    uncertainty = None
    u_raw = g(top, "uncertainty")
    if u_raw is not _MISSING:
        u_d = ck.obj(u_raw, "uncertainty", "uncertainty")
        bounds: dict[str, tuple[float, float]] = {}
        c_raw = g(u_d, "consequences")
        if c_raw is not _MISSING and not isinstance(c_raw, dict):
            ck.wrong_type("uncertainty.consequences", c_raw, "object")
        elif c_raw is not _MISSING:
            for name in c_raw:
                b = ck.pair(c_raw, name, "uncertainty.consequences", 0.0, 100.0)
                if b is not None:
                    bounds[name] = b
        uncertainty = Uncertainty(
            draws=ck.integer(u_d, "draws", "uncertainty", 10000, low=1, high=1_000_000),
            seed=ck.integer(u_d, "seed", "uncertainty", 1, low=0, high=2**63 - 1),
            success_rate=ck.pair(u_d, "success_rate", "uncertainty", 0.0, 1.0),
            costs=ck.pair(u_d, "costs", "uncertainty", 0.0, 100.0),
            consequences=bounds,
        )

    ob_d = ck.obj(g(top, "optimism_bias"), "optimism_bias", "optimism_bias") if g(top, "optimism_bias") is not _MISSING else {}
    optimism = OptimismBias(ck.number(ob_d, "gains", "optimism_bias", 0.0, high=1.0, rate=True),
                            ck.number(ob_d, "costs", "optimism_bias", 0.0, high=10.0))

    answers: dict[str, Answer] = {}
    a_raw = g(top, "answers")
    if a_raw is not _MISSING and not isinstance(a_raw, dict):
        ck.wrong_type("answers", a_raw, "object")
    elif a_raw is not _MISSING:
        for qid, item in a_raw.items():
            path = _join("answers", qid)
            if not _QUESTION_ID.match(str(qid)):
                ck.add("V017", path, qid)
            d = ck.obj(item, path, "answer")
            answers[qid] = Answer(ck.text(d, "answer", path), ck.choice(d, "status", path, STATUSES),
                                  ck.text(d, "source", path))

    assumptions = []
    for path, item in ck.items(top, "assumptions", ""):
        d = ck.obj(item, path, "assumption")
        a = Assumption(
            id=ck.text(d, "id", path), text=ck.text(d, "text", path),
            step=ck.integer(d, "step", path, low=1, high=5), value=ck.text(d, "value", path),
            source=ck.text(d, "source", path), confidence=ck.choice(d, "confidence", path, CONFIDENCES),
            owner=ck.text(d, "owner", path), date=ck.text(d, "date", path),
        )
        if a.date is not None:
            try:
                _dt.date.fromisoformat(a.date)
            except ValueError:
                ck.add("V018", _join(path, "date"), a.date)
        assumptions.append(a)

    scenarios = [_scenario(ck, path, item) for path, item in ck.items(top, "scenarios", "")]

    return dict(
        schema=SCHEMA, meta=meta, settings=settings, intervention=intervention,
        target_group=target, participants=participants, effect=effect, costs=costs,
        replaced_costs=replaced, consequences=consequences, uncertainty=uncertainty,
        optimism_bias=optimism, answers=answers, assumptions=assumptions, scenarios=scenarios,
    )


def _scenario(ck: _Checker, path: str, item: Any) -> Scenario:
    d = ck.obj(item, path, "scenario")
    leave_out = []
    for n_path, v in ck.items(d, "leave_out", path):
        if isinstance(v, str):
            leave_out.append(v)
        else:
            ck.wrong_type(n_path, v, "text")
    return Scenario(
        name=ck.text(d, "name", path), description=ck.text(d, "description", path),
        success_rate=ck.number(d, "success_rate", path, high=1.0, rate=True),
        cost_factor=ck.number(d, "cost_factor", path, high=MAX_FACTOR),
        gain_factor=ck.number(d, "gain_factor", path, high=MAX_FACTOR),
        horizon_years=ck.integer(d, "horizon_years", path, low=1, high=MAX_HORIZON),
        discount_rate=ck.number(d, "discount_rate", path, high=1.0, rate=True),
        leave_out=leave_out,
    )


def _cost(ck: _Checker, path: str, item: Any) -> CostLine:
    d = ck.obj(item, path, "cost")
    return CostLine(
        item=ck.text(d, "item", path), category=ck.text(d, "category", path),
        payer=ck.choice(d, "payer", path, PAYERS), committee=ck.text(d, "committee", path),
        year=ck.year(d, "year", path), amount=ck.number(d, "amount", path),
        per_participant=ck.boolean(d, "per_participant", path),
        price_year=ck.year(d, "price_year", path), domain=ck.text(d, "domain", path),
        source=ck.text(d, "source", path),
    )


def _consequence(ck: _Checker, path: str, item: Any) -> Consequence:
    d = ck.obj(item, path, "consequence")
    prices: dict[str, float] = dict.fromkeys(PAYERS, 0.0)
    p_raw = ck.get(d, "prices")
    if p_raw is not _MISSING:
        p_d = ck.obj(p_raw, _join(path, "prices"), "prices")
        for payer in PAYERS:
            prices[payer] = ck.number(p_d, payer, _join(path, "prices"), 0.0)
    changes: list[float] = []
    elements = ck.items(d, "changes", path)
    if len(elements) > MAX_CHANGES:
        ck.add("V012", _join(path, "changes"), None, count=len(elements), max=MAX_CHANGES)
    for c_path, v in elements:
        if _is_number(v):
            if ck._range(c_path, v, -MAX_CHANGE, MAX_CHANGE, False) is not None:
                changes.append(v)
        else:
            ck.wrong_type(c_path, v, "number")
    return Consequence(
        name=ck.text(d, "name", path), domain=ck.text(d, "domain", path),
        unit=ck.text(d, "unit", path), kind=ck.choice(d, "kind", path, KINDS),
        committee=ck.text(d, "committee", path), prices=prices,
        price_year=ck.year(d, "price_year", path), changes=changes,
        source=ck.text(d, "source", path),
    )


def _cross_checks(ck: _Checker, p: dict[str, Any]) -> None:
    """Rules between fields. They use values only, so they apply to workbooks as well."""
    s: Settings = p["settings"]
    e: Effect = p["effect"]
    if e.success_rate is None and (e.rate_with is None or e.rate_without is None):
        if not any(i.path and i.path.split(".")[0] == "effect" for i in ck.issues):
            ck.add("V005", "effect.success_rate")
    if e.rate_with is not None and e.rate_without is not None:
        net = e.rate_with - e.rate_without
        if net < 0:
            ck.add("V006", "effect.rate_with", e.rate_with, rate_without=e.rate_without)
        elif e.success_rate is not None and e.rate_without > 0 and e.success_rate == e.rate_with:
            ck.add("W001", "effect.success_rate", e.success_rate, rate=Percent(e.success_rate),
                   rate_without=Percent(e.rate_without), net=Percent(net))
        elif e.success_rate is not None and abs(e.success_rate - net) > 1e-9:
            ck.add("W002", "effect.success_rate", e.success_rate, rate=Percent(e.success_rate), net=Percent(net))

    period_ok = s.start_year is not None and s.horizon_years is not None
    first, last = (s.start_year, s.start_year + s.horizon_years - 1) if period_ok else (None, None)

    def outside(year: int | None, path: str) -> bool:
        if period_ok and year is not None and not first <= year <= last:
            ck.add("V008", path, year, first=first, last=last)
            return True
        return False

    seen_years: dict[int, str] = {}
    counted = 0.0
    for n, part in enumerate(p["participants"]):
        path = f"participants[{n}].year"
        if part.year in seen_years:
            ck.add("V014", path, part.year, first=seen_years[part.year])
        elif part.year is not None:
            seen_years[part.year] = path
        if not outside(part.year, path) and part.starting is not None:
            counted += part.starting
    participants_broken = any(i.path and i.path.startswith("participants") and i.severity == "error"
                              for i in ck.issues)
    if counted <= 0 and not participants_broken and period_ok:
        ck.add("V009", "participants")

    if period_ok and p["intervention"].duration_years is not None and p["intervention"].duration_years > s.horizon_years:
        ck.add("W006", "intervention.duration_years", p["intervention"].duration_years,
               horizon=s.horizon_years)

    def price_year(year: int | None, path: str) -> None:
        if year is None or s.price_year is None or year == s.price_year:
            return
        # a year whose index was given but refused (0, text) has its own issue: not "missing" too
        given = {i.path.rpartition(".")[2] for i in ck.issues if (i.path or "").startswith("settings.price_index.")}
        missing = [y for y in (year, s.price_year) if y not in s.price_index and str(y) not in given]
        if missing:
            ck.add("V007", path, year, price_year=s.price_year,
                   missing=", ".join(str(y) for y in missing))

    for key in ("costs", "replaced_costs"):
        for n, line in enumerate(p[key]):
            outside(line.year, f"{key}[{n}].year")
            price_year(line.price_year, f"{key}[{n}].price_year")

    names: dict[str, str] = {}
    for n, c in enumerate(p["consequences"]):
        path = f"consequences[{n}]"
        if c.name in names:
            ck.add("V010", f"{path}.name", c.name, first=names[c.name])
        elif c.name is not None:
            names[c.name] = f"{path}.name"
        price_year(c.price_year, f"{path}.price_year")
        if any(c.changes) and all(v == 0 for v in c.prices.values() if v is not None):
            ck.add("W003", f"{path}.prices", None)
    if not p["consequences"] and not any(i.path == "consequences" for i in ck.issues):
        ck.add("W005", "consequences")

    u: Uncertainty | None = p["uncertainty"]
    if u is not None:
        known = e.success_rate is not None or (e.rate_with is not None and e.rate_without is not None)
        rate = e.rate if known and e.rate >= 0 else None
        checks = [("uncertainty.success_rate", u.success_rate, rate), ("uncertainty.costs", u.costs, 1.0)]
        for name, bounds in u.consequences.items():
            if name not in names:
                ck.add("V011", _join("uncertainty.consequences", name), name)
            checks.append((_join("uncertainty.consequences", name), bounds, 1.0))
        for path, bounds, mode in checks:
            if bounds is not None and mode is not None and not bounds[0] <= mode <= bounds[1]:
                ck.add("V013", path, None, low=bounds[0], high=bounds[1], mode=mode)

    seen_scenarios: dict[str, str] = {}
    for n, sc in enumerate(p["scenarios"]):
        path = f"scenarios[{n}]"
        if sc.name is not None and sc.name.casefold() in seen_scenarios:
            ck.add("V023", f"{path}.name", sc.name, first=seen_scenarios[sc.name.casefold()])
        elif sc.name is not None:
            seen_scenarios[sc.name.casefold()] = f"{path}.name"
        if period_ok and sc.horizon_years is not None and sc.horizon_years > s.horizon_years:
            ck.add("V024", f"{path}.horizon_years", sc.horizon_years, horizon=s.horizon_years)
        for j, name in enumerate(sc.leave_out):
            if name not in names:
                ck.add("V025", f"{path}.leave_out[{j}]", name)

    seen_ids: dict[str, str] = {}
    for n, a in enumerate(p["assumptions"]):
        if a.id in seen_ids:
            ck.add("V016", f"assumptions[{n}].id", a.id, first=seen_ids[a.id])
        elif a.id is not None:
            seen_ids[a.id] = f"assumptions[{n}].id"
    if not p["assumptions"]:
        ck.add("W004", "assumptions")


def _catalog_checks(ck: _Checker, p: dict[str, Any], catalog: Any) -> None:
    def names(attr: str) -> Any:
        # a somxl.catalog.Catalog holds entries (name, source); anything else, sets of names
        if hasattr(catalog, "values") and callable(catalog.values):
            return set(catalog.values(attr))
        return getattr(catalog, attr, None)

    def check(values: Any, value: str | None, path: str) -> None:
        if values and value is not None and value not in values:
            ck.add("V015", path, value)

    check(names("target_groups"), p["target_group"].name, "target_group.name")
    domains, units, categories = names("domains"), names("units"), names("categories")
    for n, c in enumerate(p["consequences"]):
        check(domains, c.domain, f"consequences[{n}].domain")
        check(units, c.unit, f"consequences[{n}].unit")
    for key in ("costs", "replaced_costs"):
        for n, line in enumerate(p[key]):
            check(categories, line.category, f"{key}[{n}].category")
            check(domains, line.domain, f"{key}[{n}].domain")



# --- canonical dict and files ------------------------------------------------------------


def _pair(b: tuple[float, float] | None) -> list[float] | None:
    return None if b is None else [b[0], b[1]]


def _cost_dict(c: CostLine) -> dict[str, Any]:
    return {"item": c.item, "category": c.category, "payer": c.payer, "committee": c.committee,
            "year": c.year, "amount": c.amount, "per_participant": c.per_participant,
            "price_year": c.price_year, "domain": c.domain, "source": c.source}


def case_to_dict(case: Case) -> dict[str, Any]:
    """The canonical dict: every key of the contract present (optional ones null, [] or {}),
    in contract order. Workbooks are written from it and round trips compare it."""
    s, u = case.settings, case.uncertainty
    return {
        "schema": SCHEMA,
        "meta": {k: getattr(case.meta, k) for k in _KEYS["meta"]},
        "settings": {
            "start_year": s.start_year, "horizon_years": s.horizon_years,
            "price_year": s.price_year, "discount_rate": s.discount_rate,
            "price_index": {str(y): v for y, v in sorted(s.price_index.items())},
        },
        "intervention": {
            "name": case.intervention.name, "description": case.intervention.description,
            "duration_years": case.intervention.duration_years,
            "completion_rate": case.intervention.completion_rate,
        },
        "target_group": {"name": case.target_group.name,
                         "success_measure": case.target_group.success_measure,
                         "match": None if case.target_group.match is None else {
                             "status": case.target_group.match.status, "text": case.target_group.match.text}},
        "participants": [{"year": p.year, "starting": p.starting} for p in case.participants],
        "effect": {"success_rate": case.effect.success_rate, "rate_with": case.effect.rate_with,
                   "rate_without": case.effect.rate_without, "source": case.effect.source},
        "costs": [_cost_dict(c) for c in case.costs],
        "replaced_costs": [_cost_dict(c) for c in case.replaced_costs],
        "consequences": [
            {"name": c.name, "domain": c.domain, "unit": c.unit, "kind": c.kind,
             "committee": c.committee, "prices": {k: c.prices.get(k, 0.0) for k in PAYERS},
             "price_year": c.price_year, "changes": list(c.changes), "source": c.source}
            for c in case.consequences
        ],
        "uncertainty": None if u is None else {
            "draws": u.draws, "seed": u.seed, "success_rate": _pair(u.success_rate),
            "costs": _pair(u.costs),
            "consequences": {k: _pair(v) for k, v in u.consequences.items()},
        },
        "optimism_bias": {"gains": case.optimism_bias.gains, "costs": case.optimism_bias.costs},
        "answers": {k: {"answer": a.answer, "status": a.status, "source": a.source}
                    for k, a in case.answers.items()},
        "assumptions": [
            {"id": a.id, "step": a.step, "text": a.text, "value": a.value, "source": a.source,
             "confidence": a.confidence, "owner": a.owner, "date": a.date}
            for a in case.assumptions
        ],
        "scenarios": [
            {"name": sc.name, "description": sc.description, "success_rate": sc.success_rate,
             "cost_factor": sc.cost_factor, "gain_factor": sc.gain_factor, "horizon_years": sc.horizon_years,
             "discount_rate": sc.discount_rate, "leave_out": list(sc.leave_out)}
            for sc in case.scenarios
        ],
    }


def read_case(path: Path | str, catalog: Any = None) -> tuple[Case | None, Report]:
    """Read and check a case file; the report holds every issue (warnings too).

    The file passes the safety gate of every input (``safety.read_input``: exists, regular,
    bounded size); text that is not UTF-8 is named by its encoding, JSON nested deeper than
    ``Limits.max_depth`` is refused, and a key repeated in one object is C008 (JSON readers
    disagree on which value wins)."""
    from somxl.safety import DEFAULT_LIMITS, is_package, read_input

    path = Path(path)
    raw = read_input(path)
    if is_package(raw):
        raise FileError(f"{path} er en projektmappe, ikke en sag (JSON)",
                        en=f"{path} is a workbook, not a case (JSON)")
    encoding = _utf16_or_32(raw)
    if encoding:
        raise FileError(f"{path} er {encoding}-tekst; gem sagen som UTF-8",
                        en=f"{path} is {encoding} text; save the case as UTF-8")
    try:
        text = raw.decode("utf-8-sig")  # -sig: Notepad on Windows adds a BOM
    except UnicodeDecodeError:
        raise FileError(f"{path} er ikke UTF-8-tekst; gem sagen som UTF-8",
                        en=f"{path} is not UTF-8 text; save the case as UTF-8") from None
    too_deep = FileError(f"{path} er indlejret mere end {DEFAULT_LIMITS.max_depth} niveauer dybt; en sag har 5",
                         en=f"{path} is nested more than {DEFAULT_LIMITS.max_depth} levels deep; a case has 5")
    try:
        data = json.loads(text, object_pairs_hook=_Object.from_pairs)
    except RecursionError:
        raise too_deep from None
    except json.JSONDecodeError as exc:
        raise FileError(
            f"{path} er ikke gyldig JSON (linje {exc.lineno}, kolonne {exc.colno}: {exc.msg})",
            en=f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
        ) from None
    except ValueError:  # an integer of more than 4300 digits: Python refuses to convert it
        raise FileError(f"{path} indeholder et tal med tusindvis af cifre; ret tallet",
                        en=f"{path} contains a number with thousands of digits; correct the number") from None
    duplicates, depth = _walk(data)
    if depth > DEFAULT_LIMITS.max_depth:
        raise too_deep
    bad = _surrogate(data)
    if bad is not None:  # json reads "\ud800" without its pair; no workbook or file can hold it
        raise FileError(f"{path} indeholder tegnet U+{bad:04X} (en halv \\u-escape), som ikke kan gemmes; "
                        "ret eller fjern det",
                        en=f"{path} contains the character U+{bad:04X} (half a \\u escape), which cannot be saved; "
                           "correct or remove it")
    case, issues = parse_case(data, catalog)
    dups = [Issue("C008", path=p, params={"key": key}) for p, key in duplicates]
    return (None if dups else case), Report(file=str(path), issues=dups + issues)


class _Object(dict):
    """A JSON object that remembers the keys it saw more than once (json keeps the last)."""

    duplicates: tuple[str, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, Any]]) -> dict:
        obj = cls(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            obj.duplicates = tuple(dict.fromkeys(k for k, _ in pairs if k in seen or seen.add(k)))
        return obj


def _walk(data: Any) -> tuple[list[tuple[str, str]], int]:
    """(case path, key) of every repeated key, and the nesting depth; without recursion, so a
    file nested a thousand levels deep cannot exhaust the stack."""
    duplicates: list[tuple[str, str]] = []
    deepest = 0
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            duplicates += [(_join(path, k), k) for k in getattr(value, "duplicates", ())]
            stack += [(v, _join(path, k), depth + 1) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(v, _join(path, i), depth + 1) for i, v in enumerate(value)]
    return sorted(duplicates), deepest


def _utf16_or_32(raw: bytes) -> str | None:
    """'UTF-16' or 'UTF-32' when the bytes are text in one of those (by a BOM, or the NUL bytes
    every ASCII character has in them), else None."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:64]:
        return "UTF-32" if b"\x00\x00\x00" in raw[:64] else "UTF-16"
    return None


def _surrogate(data: Any) -> int | None:
    """The code of the first lone surrogate in the strings (keys too) of a JSON value, else None."""
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        return ord(exc.object[exc.start])
    return None


def load_case_checked(path: Path | str, catalog: Any = None) -> tuple[Case, Report]:
    """The case in ``path`` and its report (warnings only); raises InputError with the
    whole report when the case has errors."""
    case, report = read_case(path, catalog)
    if case is None:
        n = len(report.errors)
        raise InputError(f"sagen {path} har {n} fejl og kan ikke beregnes",
                         en=f"the case {path} has {n} error{'' if n == 1 else 's'} and cannot be calculated",
                         report=report)
    return case, report


def load_case(path: Path | str, catalog: Any = None) -> Case:
    """The case in ``path``; raises InputError (with the whole report) when it has errors."""
    return load_case_checked(path, catalog)[0]


def save_case(case: Case, path: Path | str) -> None:
    """Write the canonical case as UTF-8 JSON, atomically."""
    from somxl.fileio import write_text

    write_text(path, json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n")
