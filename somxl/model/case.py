"""The case: everything one SØM calculation needs (schema ``somxl/case@2``), checked strictly.

``parse_case`` turns a JSON-like dict into a ``Case`` and reports every problem at once,
each located by its JSON path (``consequences[3].prices.region``). The cross-field rules
(``CROSS_CHECKS``: small functions run in order, each naming the codes it raises) work on
values, not on JSON, so the workbook reader gets the same checks. ``case_to_dict`` gives the
canonical dict (every key of the contract, in contract order) that workbooks are written from
and compared against.

The contract's keys are declared once, as the fields of the dataclasses below (``_key``: required
or not, how the value is read and checked, how it is written); ``contract(cls)``, the object
checks, the reading, ``case_to_dict`` and ``read.CASE_ORDER`` are derived from them.

Schema history: ``somxl/case@2`` added ``scenarios`` (named variants of the case, see
``somxl.model.scenarios``), the target group's ``match`` (how well it matches a knowledge-base group:
status and text) and a ``domain`` and ``source`` on cost and replaced-cost lines, all optional;
a ``somxl/case@1`` case is read unchanged (``MIGRATIONS``: it has none of them)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from somxl.base.errors import FileError, InputError
from somxl.base.fileio import write_text
from somxl.base.report import Issue, Percent, Report, Whole, severity_count
from somxl.base.safety import DEFAULT_LIMITS, is_package, read_input
from somxl.base.vocab import PAYERS, YEARS

SCHEMA = "somxl/case@2"
KINDS = ("expense", "revenue")
STATUSES = ("answered", "partly", "missing", "not_relevant")
MATCH_STATUSES = ("good", "partial", "poor")  # how well a target group matches the knowledge's
CONFIDENCES = ("low", "medium", "high")
MAX_CHANGES = 50
# Lines of one table of a case, and scenarios (each a whole calculation). A SØM case has tens; the
# template's tables have 50 rows (scenarios 10) and grow with a case. 8 MB of JSON held 20,000
# consequence lines, which took 310 s and 3.2 GB to calculate.
MAX_LINES = 500
MAX_SCENARIOS = 50
# Entries of one object or list of a case file; its widest parts are tables of MAX_LINES lines.
# 400,000 unknown fields (5.5 MB) were an issue each: 41 s, 690 MB and 92 MB of output.
MAX_ENTRIES = 1000
MAX_HORIZON = 50
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


# --- the contract, declared once ---------------------------------------------------------
# Each dataclass below is one object of the contract and its fields are the object's keys, in
# contract order (the canonical order of ``case_to_dict``, of the workbook reader's case dict
# and of the "allowed keys" in C003). ``_key`` says, beside each key, whether the contract
# requires it (absent or null is C005) and how its value is read and checked from JSON.
# The dataclasses are keyword-only, so the order of the keys is the contract's, not Python's.

Reader = Callable[["_Checker", "dict | None", str, str, dict], Any]


def _key(read: Reader, *, required: bool = False, out: Callable[[Any], Any] | None = None,
         early: bool = False, **default: Any) -> Any:
    """A key of the contract: ``read(ck, obj, key, path, done)`` reads and checks its value
    (``done``: the keys of the same object read before it); ``required``: C005 when absent;
    ``out``: how ``case_to_dict`` writes the value, when not as it is; ``early``: read before
    the object's other keys, which keeps the order a case file's issues have always been
    reported in; ``default`` or ``default_factory`` as for ``dataclasses.field``."""
    return field(metadata={"required": required, "read": read, "out": out, "early": early}, **default)


def _text(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> Any:
    return ck.text(d, key, path)


def _year(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> Any:
    return ck.year(d, key, path)


def _boolean(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> Any:
    return ck.boolean(d, key, path)


def _number(default: Any = None, *, high: float | None = None, rate: bool = False) -> Reader:
    """A number from 0 up to ``high`` (MAX_AMOUNT when None); ``rate``: a fraction (V003, V026)."""
    limit = MAX_AMOUNT if high is None else high
    return lambda ck, d, key, path, done: ck.number(d, key, path, default, high=limit, rate=rate)


def _rate(default: Any = None) -> Reader:
    return _number(default, high=1.0, rate=True)


def _integer(default: Any = None, *, low: int | None = None, high: int | None = None) -> Reader:
    return lambda ck, d, key, path, done: ck.integer(d, key, path, default, low=low, high=high)


def _choice(allowed: tuple[str, ...]) -> Reader:
    return lambda ck, d, key, path, done: ck.choice(d, key, path, allowed)


def _pair(low: float, high: float | None) -> Reader:
    return lambda ck, d, key, path, done: ck.pair(d, key, path, low, high)


def _part(cls: type, *, absent: str = "empty") -> Reader:
    """A nested object of type ``cls``; when absent, ``cls`` with its defaults (``absent="none"``:
    None)."""
    def read(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> Any:
        raw, sub = ck.get(d, key), _join(path, key)
        if raw is _MISSING:
            return None if absent == "none" else _build(ck, cls, None, sub)
        return _build(ck, cls, ck.obj(raw, sub, contract(cls)), sub)
    return read


def _lines(cls: type, most: int = MAX_LINES) -> Reader:
    """A list of objects of type ``cls``, at most ``most`` (V027: the lines beyond are not read,
    so their issues cannot run into thousands); absent is empty."""
    def read(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> list:
        elements = ck.items(d, key, path)
        if len(elements) > most:
            ck.add("V027", _join(path, key), None, count=len(elements), max=most)
        return [_build(ck, cls, ck.obj(item, p, contract(cls)), p) for p, item in elements[:most]]
    return read


def _schema(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> str:
    return SCHEMA  # parse_case has migrated the case, or refused its schema


def _price_year_or_start(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> Any:
    return ck.year(d, key, path, default=done["start_year"])


def year_key(key: Any) -> int | None:
    """The year a price index's key names (ASCII digits, within YEARS), else None. '²' and '٢٠٢٤'
    are digits to str.isdigit too, and int('²') raises."""
    if not (isinstance(key, str) and key.isascii() and key.isdigit() and len(key) <= 4):
        return None
    return int(key) if YEARS[0] <= int(key) <= YEARS[1] else None


def _price_index(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> dict[int, float]:
    """Year (as text, the JSON key) → index; a year outside YEARS is V001, an index ≤ 0 V022."""
    index: dict[int, float] = {}
    idx, base = ck.get(d, key), _join(path, key)
    if idx is _MISSING:
        return index
    if not isinstance(idx, dict):
        ck.wrong_type(base, idx, "object")
        return index
    for year, value in idx.items():
        if year_key(year) is None:
            ck.add("V001", _join(base, year), year, low=YEARS[0], high=YEARS[1])
            continue
        v = ck.number(idx, year, base)
        if v is not None and v <= 0:
            ck.add("V022", _join(base, year), v)
        elif v is not None:
            index[int(year)] = float(v)
    return dict(sorted(index.items()))


def _match(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> Match | None:
    """The target group's match; None when absent or when it says nothing."""
    match = _part(Match, absent="none")(ck, d, key, path, done)
    return None if match is None or (match.status, match.text) == (None, None) else match


def _prices(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> dict[str, float]:
    """A consequence's price per payer; a payer not given is 0."""
    prices: dict[str, float] = dict.fromkeys(PAYERS, 0.0)
    raw, base = ck.get(d, key), _join(path, key)
    if raw is not _MISSING:
        p_d = ck.obj(raw, base, _PRICE_KEYS)
        for payer in PAYERS:
            prices[payer] = ck.number(p_d, payer, base, 0.0)
    return prices


def _changes(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> list[float]:
    """A consequence's change per year: at most MAX_CHANGES (V012), each within ±MAX_CHANGE."""
    changes: list[float] = []
    elements = ck.items(d, key, path)
    if len(elements) > MAX_CHANGES:
        ck.add("V012", _join(path, key), None, count=len(elements), max=MAX_CHANGES)
    for c_path, v in elements:
        if _is_number(v):
            if ck._range(c_path, v, -MAX_CHANGE, MAX_CHANGE, False) is not None:
                changes.append(v)
        else:
            ck.wrong_type(c_path, v, "number")
    return changes


def _bounds(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> dict[str, tuple[float, float]]:
    """Consequence name → (low, high) factors of the Monte Carlo simulation."""
    bounds: dict[str, tuple[float, float]] = {}
    raw, base = ck.get(d, key), _join(path, key)
    if raw is not _MISSING and not isinstance(raw, dict):
        ck.wrong_type(base, raw, "object")
    elif raw is not _MISSING:
        for name in raw:
            b = ck.pair(raw, name, base, 0.0, 100.0)
            if b is not None:
                bounds[name] = b
    return bounds


def _answers(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> dict[str, Answer]:
    """Question id (``2.5``; anything else is V017) → answer."""
    answers: dict[str, Answer] = {}
    raw = ck.get(d, key)
    if raw is not _MISSING and not isinstance(raw, dict):
        ck.wrong_type(_join(path, key), raw, "object")
    elif raw is not _MISSING:
        for qid, item in raw.items():
            q_path = _join(_join(path, key), qid)
            if not _QUESTION_ID.match(str(qid)):
                ck.add("V017", q_path, qid)
            answers[qid] = _build(ck, Answer, ck.obj(item, q_path, contract(Answer)), q_path)
    return answers


def _iso_date(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> Any:
    """A date as text; one that is not YYYY-MM-DD is V018 (and kept as written)."""
    text = ck.text(d, key, path)
    if text is not None:
        try:
            _dt.date.fromisoformat(text)
        except ValueError:
            ck.add("V018", _join(path, key), text)
    return text


def _names(ck: _Checker, d: dict | None, key: str, path: str, done: dict) -> list[str]:
    names = []
    for n_path, v in ck.items(d, key, path):
        if isinstance(v, str):
            names.append(v)
        else:
            ck.wrong_type(n_path, v, "text")
    return names


def _pair_list(b: tuple[float, float] | None) -> list[float] | None:
    return None if b is None else [b[0], b[1]]


@dataclass(kw_only=True)
class Meta:
    title: str | None = _key(_text, default=None)
    organisation: str | None = _key(_text, default=None)
    department: str | None = _key(_text, default=None)
    author: str | None = _key(_text, default=None)
    submission_id: str | None = _key(_text, default=None)


@dataclass(kw_only=True)
class Settings:
    start_year: int = _key(_year, required=True, early=True)
    horizon_years: int = _key(_integer(low=1, high=MAX_HORIZON), required=True)
    price_year: int = _key(_price_year_or_start)
    discount_rate: float = _key(_rate(0.0), default=0.0)
    price_index: dict[int, float] = _key(_price_index, default_factory=dict, early=True,
                                         out=lambda d: {str(y): v for y, v in sorted(d.items())})

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.start_year + self.horizon_years))


@dataclass(kw_only=True)
class Intervention:
    name: str = _key(_text, required=True)
    description: str | None = _key(_text, default=None)
    duration_years: int = _key(_integer(1, low=1, high=MAX_HORIZON), default=1)
    completion_rate: float = _key(_rate(1.0), default=1.0)


@dataclass(kw_only=True)
class Match:
    """How well the target group and success measure match the knowledge base's group whose
    consequence estimates are used (SØM asks for this judgement for its register-based groups)."""

    status: str | None = _key(_choice(MATCH_STATUSES), default=None)
    text: str | None = _key(_text, default=None)


@dataclass(kw_only=True)
class TargetGroup:
    name: str = _key(_text, required=True)
    success_measure: str | None = _key(_text, default=None)
    match: Match | None = _key(_match, default=None)


@dataclass(kw_only=True)
class Participants:
    year: int = _key(_year, required=True)
    starting: float = _key(_number(), required=True)


@dataclass(kw_only=True)
class Effect:
    success_rate: float | None = _key(_rate(), default=None)
    rate_with: float | None = _key(_rate(), default=None)
    rate_without: float | None = _key(_rate(), default=None)
    source: str | None = _key(_text, default=None)

    @property
    def rate(self) -> float:
        """The success rate used: ``success_rate`` when given (it wins), else with − without."""
        if self.success_rate is not None:
            return self.success_rate
        return (self.rate_with or 0.0) - (self.rate_without or 0.0)


@dataclass(kw_only=True)
class CostLine:
    item: str = _key(_text, required=True)
    category: str | None = _key(_text, default=None)
    payer: str = _key(_choice(PAYERS), required=True)
    committee: str | None = _key(_text, default=None)
    year: int = _key(_year, required=True)
    amount: float = _key(_number(), required=True)
    per_participant: bool = _key(_boolean, default=False)
    price_year: int | None = _key(_year, default=None)
    domain: str | None = _key(_text, default=None)
    source: str | None = _key(_text, default=None)


@dataclass(kw_only=True)
class Consequence:
    name: str = _key(_text, required=True)
    domain: str = _key(_text, required=True)
    unit: str = _key(_text, required=True)
    kind: str = _key(_choice(KINDS), required=True)
    committee: str | None = _key(_text, default=None)
    prices: dict[str, float] = _key(_prices, required=True, early=True,
                                    out=lambda p: {k: p.get(k, 0.0) for k in PAYERS})
    price_year: int | None = _key(_year, default=None)
    changes: list[float] = _key(_changes, required=True, early=True)
    source: str | None = _key(_text, default=None)


@dataclass(kw_only=True)
class Uncertainty:
    draws: int = _key(_integer(10000, low=1, high=1_000_000), default=10000)
    seed: int = _key(_integer(1, low=0, high=2**63 - 1), default=1)
    success_rate: tuple[float, float] | None = _key(_pair(0.0, 1.0), default=None, out=_pair_list)
    costs: tuple[float, float] | None = _key(_pair(0.0, 100.0), default=None, out=_pair_list)
    consequences: dict[str, tuple[float, float]] = _key(_bounds, default_factory=dict, early=True,
                                                        out=lambda b: {k: _pair_list(v) for k, v in b.items()})


@dataclass(kw_only=True)
class OptimismBias:
    gains: float = _key(_rate(0.0), default=0.0)
    costs: float = _key(_number(0.0, high=10.0), default=0.0)


@dataclass(kw_only=True)
class Answer:
    answer: str | None = _key(_text, default=None)
    status: str | None = _key(_choice(STATUSES), default=None)
    source: str | None = _key(_text, default=None)


@dataclass(kw_only=True)
class Assumption:
    id: str = _key(_text, required=True, early=True)
    step: int | None = _key(_integer(low=1, high=5), default=None)
    text: str = _key(_text, required=True, early=True)
    value: str | None = _key(_text, default=None)
    source: str | None = _key(_text, default=None)
    confidence: str | None = _key(_choice(CONFIDENCES), default=None)
    owner: str | None = _key(_text, default=None)
    date: str | None = _key(_iso_date, default=None)


MAX_FACTOR = 10.0  # a scenario's cost or gain factor: far beyond any real what-if


@dataclass(kw_only=True)
class Scenario:
    """A named variant of the case (``somxl.model.scenarios``): each override that is not None
    replaces or scales the case's value; ``leave_out`` names consequences left out."""

    name: str = _key(_text, required=True)
    description: str | None = _key(_text, default=None)
    success_rate: float | None = _key(_rate(), default=None)
    cost_factor: float | None = _key(_number(high=MAX_FACTOR), default=None)
    gain_factor: float | None = _key(_number(high=MAX_FACTOR), default=None)
    horizon_years: int | None = _key(_integer(low=1, high=MAX_HORIZON), default=None)
    discount_rate: float | None = _key(_rate(), default=None)
    leave_out: list[str] = _key(_names, default_factory=list, early=True)


@dataclass(kw_only=True)
class Case:
    schema: str = _key(_schema, required=True, default=SCHEMA, out=lambda _: SCHEMA)
    meta: Meta = _key(_part(Meta), default_factory=Meta)
    settings: Settings = _key(_part(Settings), required=True)
    intervention: Intervention = _key(_part(Intervention), required=True)
    target_group: TargetGroup = _key(_part(TargetGroup), required=True)
    participants: list[Participants] = _key(_lines(Participants), required=True)
    effect: Effect = _key(_part(Effect), required=True)
    costs: list[CostLine] = _key(_lines(CostLine), default_factory=list)
    replaced_costs: list[CostLine] = _key(_lines(CostLine), default_factory=list)
    consequences: list[Consequence] = _key(_lines(Consequence), required=True)
    uncertainty: Uncertainty | None = _key(_part(Uncertainty, absent="none"), default=None)
    optimism_bias: OptimismBias = _key(_part(OptimismBias), default_factory=OptimismBias)
    answers: dict[str, Answer] = _key(_answers, default_factory=dict)
    assumptions: list[Assumption] = _key(_lines(Assumption), default_factory=list)
    scenarios: list[Scenario] = _key(_lines(Scenario, MAX_SCENARIOS), default_factory=list)


_PRICE_KEYS = dict.fromkeys(PAYERS, False)  # consequence.prices: a key per payer, none required


@functools.cache
def contract(cls: type) -> Mapping[str, bool]:
    """The keys of one object of the contract, in contract order, each with whether it is required
    (read-only: it is shared by every caller)."""
    return MappingProxyType({f.name: f.metadata["required"] for f in dataclasses.fields(cls)})


def _build(ck: _Checker, cls: type, d: dict | None, path: str) -> Any:
    """An object of ``cls`` from the JSON object ``d`` (None: absent or not an object), every
    key read and checked by its reader: the early keys first, then the others, each group in
    contract order."""
    done: dict[str, Any] = {}
    for name, read in _reading_order(cls):
        done[name] = read(ck, d, name, path, done)
    return cls(**done)


@functools.cache
def _reading_order(cls: type) -> tuple[tuple[str, Callable[..., Any]], ...]:
    """``_build``'s order of a class's keys with their readers, found once per class (a case
    builds some sixty objects)."""
    fields = sorted(dataclasses.fields(cls), key=lambda f: not f.metadata["early"])
    return tuple((f.name, f.metadata["read"]) for f in fields)


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


class _Unbounded(float):
    """A number of a case file that no float holds, with its text as written: a JSON number beyond
    about 1.8e308 (json makes 1e999 infinity) or Python's NaN, Infinity and -Infinity, which JSON
    does not have and json accepts. Never a valid value (``_is_number``): C009 names it as written."""

    def __new__(cls, text: str) -> "_Unbounded":
        number = super().__new__(cls, text)
        number.text = text
        return number

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


def _json_float(text: str) -> float:
    number = float(text)
    return number if math.isfinite(number) else _Unbounded(text)


def _is_unbounded(v: Any) -> bool:
    return isinstance(v, float) and not math.isfinite(v)


def _written(v: float) -> str:
    return v.text if isinstance(v, _Unbounded) else repr(v)


MAX_TEXT = 32767  # Excel's limit for the text of one cell


class _Checker:
    """Collects issues while reading values; each getter returns the converted value or None."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []

    def add(self, code: str, path: str, value: Any = None, **params: Any) -> None:
        self.issues.append(Issue(code, path=path, value=value, params=params))

    def wrong_type(self, path: str, value: Any, expected: str) -> None:
        if expected in ("number", "integer", "pair") and self._not_finite(path, value):
            return
        da, en = _TYPE_WORDS[expected]
        if isinstance(value, (dict, list)):  # shown in the message: keep it short
            value = json.dumps(value, ensure_ascii=False)[:60]
        self.add("C006", path, value, expected_da=da, expected_en=en)

    def _not_finite(self, path: str, value: Any) -> bool:
        """C009 for a number no float holds where a number is expected (also in a [low, high] pair),
        named as written: 1e999 was 'the value inf has the wrong type'."""
        if isinstance(value, list) and len(value) == 2 and all(_is_number(x) or _is_unbounded(x) for x in value):
            found = [(i, x) for i, x in enumerate(value) if _is_unbounded(x)]
            for i, x in found:
                self.add("C009", _join(path, i), _written(x))
            return bool(found)
        if _is_unbounded(value):
            self.add("C009", path, _written(value))
            return True
        return False

    def obj(self, data: Any, path: str, spec: Mapping[str, bool]) -> dict | None:
        """Check that ``data`` is an object with only the keys of ``spec`` (key → required; see
        ``contract``) and every required key."""
        if not isinstance(data, dict):
            self.wrong_type(path, data, "object")
            return None
        for key in data:
            if key in spec:
                continue
            import difflib  # here: only a key outside the contract needs it

            close = difflib.get_close_matches(str(key), list(spec), n=1, cutoff=0.6)
            if close:
                self.add("C004", _join(path, key), None, key=key, suggestion=close[0])
            else:
                self.add("C003", _join(path, key), None, key=key, allowed=Whole(", ".join(spec)))
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
            self.add("V004", _join(path, key), v, allowed=Whole(", ".join(allowed)))
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
    case = _build(ck, Case, ck.obj(data, "", contract(Case)), "")
    _cross_checks(ck, case)
    if catalog is not None:
        _catalog_checks(ck, case, catalog)
    if any(i.severity == "error" for i in ck.issues):
        return None, ck.issues
    return case, ck.issues


# --- rules between fields ----------------------------------------------------------------
# Each rule is a small function that reads the built case (values, not JSON, so the workbook
# reader gets the same checks) and adds its issues; ``_rule`` names the codes it can raise
# (tests/test_case.py checks each rule adds no other). They run in the order of CROSS_CHECKS,
# which is the order their issues are reported in.


def _rule(*codes: str) -> Callable[[Callable[[_Checker, Case], None]], Callable[[_Checker, Case], None]]:
    def mark(rule: Callable[[_Checker, Case], None]) -> Callable[[_Checker, Case], None]:
        rule.codes = codes  # type: ignore[attr-defined]
        return rule
    return mark


def _period(c: Case) -> tuple[int, int] | None:
    """The first and last year of the horizon; None when either setting is unusable."""
    s = c.settings
    if s.start_year is None or s.horizon_years is None:
        return None
    return s.start_year, s.start_year + s.horizon_years - 1


def _outside(ck: _Checker, c: Case, year: int | None, path: str) -> bool:
    """V008 when ``year`` lies outside the horizon."""
    period = _period(c)
    if period is not None and year is not None and not period[0] <= year <= period[1]:
        ck.add("V008", path, year, first=period[0], last=period[1])
        return True
    return False


def _price_year_known(ck: _Checker, c: Case, year: int | None, path: str) -> None:
    """V007 when an amount priced in another year than the case's lacks an index for either."""
    s = c.settings
    if year is None or s.price_year is None or year == s.price_year:
        return
    # a year whose index was given but refused (0, text) has its own issue: not "missing" too
    given = {i.path.rpartition(".")[2] for i in ck.issues if (i.path or "").startswith("settings.price_index.")}
    missing = [y for y in (year, s.price_year) if y not in s.price_index and str(y) not in given]
    if missing:
        ck.add("V007", path, year, price_year=s.price_year, missing=", ".join(str(y) for y in missing))


@_rule("V005", "V006", "W001", "W002")
def _effect_given(ck: _Checker, c: Case) -> None:
    """A success rate, or both rates with and without; with − without not negative, and agreeing
    with a success rate given beside them."""
    e = c.effect
    if e.success_rate is None and (e.rate_with is None or e.rate_without is None):
        if not any(i.path and i.path.split(".")[0] == "effect" for i in ck.issues):
            ck.add("V005", "effect.success_rate")
    if e.rate_with is None or e.rate_without is None:
        return
    net = e.rate_with - e.rate_without
    if net < 0:
        ck.add("V006", "effect.rate_with", e.rate_with, rate_without=e.rate_without)
    elif e.success_rate is not None and e.rate_without > 0 and e.success_rate == e.rate_with:
        ck.add("W001", "effect.success_rate", e.success_rate, rate=Percent(e.success_rate),
               rate_without=Percent(e.rate_without), net=Percent(net))
    elif e.success_rate is not None and abs(e.success_rate - net) > 1e-9:
        ck.add("W002", "effect.success_rate", e.success_rate, rate=Percent(e.success_rate), net=Percent(net))


@_rule("V014", "V008", "V009")
def _participants_counted(ck: _Checker, c: Case) -> None:
    """One line per year, within the horizon, and someone starting in it."""
    seen: dict[int, str] = {}
    counted = 0.0
    for n, part in enumerate(c.participants):
        path = f"participants[{n}].year"
        if part.year in seen:
            ck.add("V014", path, part.year, first=seen[part.year])
        elif part.year is not None:
            seen[part.year] = path
        if not _outside(ck, c, part.year, path) and part.starting is not None:
            counted += part.starting
    broken = any(i.path and i.path.startswith("participants") and i.severity == "error" for i in ck.issues)
    if counted <= 0 and not broken and _period(c) is not None:
        ck.add("V009", "participants")


@_rule("W006")
def _duration_within_horizon(ck: _Checker, c: Case) -> None:
    duration = c.intervention.duration_years
    if _period(c) is not None and duration is not None and duration > c.settings.horizon_years:
        ck.add("W006", "intervention.duration_years", duration, horizon=c.settings.horizon_years)


@_rule("V008", "V007")
def _cost_years(ck: _Checker, c: Case) -> None:
    """Cost lines within the horizon, priced in a year the price index knows."""
    for key in ("costs", "replaced_costs"):
        for n, line in enumerate(getattr(c, key)):
            _outside(ck, c, line.year, f"{key}[{n}].year")
            _price_year_known(ck, c, line.price_year, f"{key}[{n}].price_year")


@_rule("V010", "V007", "W003", "W005")
def _consequence_lines(ck: _Checker, c: Case) -> None:
    """Consequences with distinct names, priced in a year the index knows, with a price when they
    change something; and at least one."""
    seen: dict[str, str] = {}
    for n, line in enumerate(c.consequences):
        path = f"consequences[{n}]"
        if line.name in seen:
            ck.add("V010", f"{path}.name", line.name, first=seen[line.name])
        elif line.name is not None:
            seen[line.name] = f"{path}.name"
        _price_year_known(ck, c, line.price_year, f"{path}.price_year")
        if any(line.changes) and all(v == 0 for v in line.prices.values() if v is not None):
            ck.add("W003", f"{path}.prices", None)
    if not c.consequences and not any(i.path == "consequences" for i in ck.issues):
        ck.add("W005", "consequences")


@_rule("V011", "V013")
def _uncertainty_bounds(ck: _Checker, c: Case) -> None:
    """Bounds for consequences the case has, each around its most likely value."""
    u, e = c.uncertainty, c.effect
    if u is None:
        return
    names = {line.name for line in c.consequences}
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


@_rule("V023", "V024", "V025")
def _scenario_lines(ck: _Checker, c: Case) -> None:
    """Scenarios with distinct names (case aside), within the case's horizon, leaving out
    consequences the case has."""
    names = {line.name for line in c.consequences}
    seen: dict[str, str] = {}
    for n, sc in enumerate(c.scenarios):
        path = f"scenarios[{n}]"
        if sc.name is not None and sc.name.casefold() in seen:
            ck.add("V023", f"{path}.name", sc.name, first=seen[sc.name.casefold()])
        elif sc.name is not None:
            seen[sc.name.casefold()] = f"{path}.name"
        if _period(c) is not None and sc.horizon_years is not None and sc.horizon_years > c.settings.horizon_years:
            ck.add("V024", f"{path}.horizon_years", sc.horizon_years, horizon=c.settings.horizon_years)
        for j, name in enumerate(sc.leave_out):
            if name not in names:
                ck.add("V025", f"{path}.leave_out[{j}]", name)


@_rule("V016", "W004")
def _assumption_log(ck: _Checker, c: Case) -> None:
    """Assumptions with distinct ids, and at least one."""
    seen: dict[str, str] = {}
    for n, a in enumerate(c.assumptions):
        if a.id in seen:
            ck.add("V016", f"assumptions[{n}].id", a.id, first=seen[a.id])
        elif a.id is not None:
            seen[a.id] = f"assumptions[{n}].id"
    if not c.assumptions:
        ck.add("W004", "assumptions")


CROSS_CHECKS = (_effect_given, _participants_counted, _duration_within_horizon, _cost_years,
                _consequence_lines, _uncertainty_bounds, _scenario_lines, _assumption_log)


def _cross_checks(ck: _Checker, case: Case) -> None:
    for rule in CROSS_CHECKS:
        rule(ck, case)


def _catalog_checks(ck: _Checker, case: Case, catalog: Any) -> None:
    def names(attr: str) -> Any:
        # a somxl.model.catalog.Catalog holds entries (name, source); anything else, sets of names
        if hasattr(catalog, "values") and callable(catalog.values):
            return set(catalog.values(attr))
        return getattr(catalog, attr, None)

    def check(values: Any, value: str | None, path: str) -> None:
        if values and value is not None and value not in values:
            ck.add("V015", path, value)

    check(names("target_groups"), case.target_group.name, "target_group.name")
    domains, units, categories = names("domains"), names("units"), names("categories")
    for n, c in enumerate(case.consequences):
        check(domains, c.domain, f"consequences[{n}].domain")
        check(units, c.unit, f"consequences[{n}].unit")
    for key in ("costs", "replaced_costs"):
        for n, line in enumerate(getattr(case, key)):
            check(categories, line.category, f"{key}[{n}].category")
            check(domains, line.domain, f"{key}[{n}].domain")



# --- canonical dict and files ------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A value of the case as JSON: an object of the contract as a dict of its keys in contract
    order (each written by its key's ``out`` when it has one), tuples as lists."""
    if dataclasses.is_dataclass(value):
        return {f.name: (f.metadata["out"] or _plain)(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def case_to_dict(case: Case) -> dict[str, Any]:
    """The canonical dict: every key of the contract present (optional ones null, [] or {}),
    in contract order. Workbooks are written from it and round trips compare it."""
    return _plain(case)


def read_case(path: Path | str, catalog: Any = None) -> tuple[Case | None, Report]:
    """Read and check a case file; the report holds every issue (warnings too).

    The file passes the safety gate of every input (``safety.read_input``: exists, regular,
    bounded size); text that is not UTF-8 is named by its encoding, JSON nested deeper than
    ``Limits.max_depth`` is refused, and a key repeated in one object is C008 (JSON readers
    disagree on which value wins)."""
    path = Path(path)
    raw = read_input(path)
    if is_package(raw):
        raise FileError.of("E003", path=path)
    encoding = _utf16_or_32(raw)
    if encoding:
        raise FileError.of("E004", path=path, encoding=encoding)
    try:
        text = raw.decode("utf-8-sig")  # -sig: Notepad on Windows adds a BOM
    except UnicodeDecodeError:
        raise FileError.of("E005", path=path) from None
    too_deep = FileError.of("E006", path=path, depth=DEFAULT_LIMITS.max_depth)
    try:
        data = json.loads(text, object_pairs_hook=_Object.from_pairs, parse_float=_json_float,
                          parse_constant=_Unbounded)
    except RecursionError:
        raise too_deep from None
    except json.JSONDecodeError as exc:
        raise FileError.of("E007", path=path, line=exc.lineno, column=exc.colno, detail=exc.msg) from None
    except ValueError:  # an integer of more than 4300 digits: Python refuses to convert it
        raise FileError.of("E008", path=path) from None
    duplicates, depth, widest = _walk(data)
    if depth > DEFAULT_LIMITS.max_depth:
        raise too_deep
    if widest is not None:  # an issue per entry would be millions of lines and gigabytes
        raise FileError.of("E039", path=path, where=widest[0] or "{…}", count=widest[1], limit=MAX_ENTRIES)
    bad = _surrogate(data)
    if bad is not None:  # json reads "\ud800" without its pair; no workbook or file can hold it
        raise FileError.of("E009", path=path, char=f"{bad:04X}")
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


def _walk(data: Any) -> tuple[list[tuple[str, str]], int, tuple[str, int] | None]:
    """(case path, key) of every repeated key, the nesting depth, and (path, size) of an object or
    list of more than MAX_ENTRIES entries (None if none); without recursion, so a file nested a
    thousand levels deep cannot exhaust the stack."""
    duplicates: list[tuple[str, str]] = []
    deepest = 0
    widest = None
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    while stack:
        value, path, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, (dict, list)) and len(value) > MAX_ENTRIES and widest is None:
            widest = (path, len(value))
        if isinstance(value, dict):
            duplicates += [(_join(path, k), k) for k in getattr(value, "duplicates", ())]
            stack += [(v, _join(path, k), depth + 1) for k, v in value.items()]
        elif isinstance(value, list):
            stack += [(v, _join(path, i), depth + 1) for i, v in enumerate(value)]
    return sorted(duplicates), deepest, widest


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
        raise InputError.of("E010", report=report, path=path, count=n, errors=severity_count(n, "error", "en"))
    return case, report


def load_case(path: Path | str, catalog: Any = None) -> Case:
    """The case in ``path``; raises InputError (with the whole report) when it has errors."""
    return load_case_checked(path, catalog)[0]


def save_case(case: Case, path: Path | str) -> None:
    """Write the canonical case as UTF-8 JSON, atomically."""
    write_text(path, json.dumps(case_to_dict(case), ensure_ascii=False, indent=2) + "\n")
