"""The catalogue and SØM's knowledge: dropdown values, target groups, consequence estimates,
prices and effect sizes (docs/knowledge.md is the file format, docs/catalog.md the lists).

The shipped catalogue (templates/catalog.yaml) holds SØM's public names and an example
knowledge base built only from sourced public figures; a user's knowledge file (CSV as Danish
Excel saves it, or .xlsx with one sheet per kind) is merged over it by ``load_catalog``. A
malformed file raises InputError whose report names every bad row and column at once (issue
codes K…); a file that is not a spreadsheet or CSV at all raises FileError from the safety
gate. Every row keeps its ``origin`` (the file it came from), so a value prefilled into a
workbook can say where it came from."""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from somxl.base.errors import InputError
from somxl.base.numbers import fmt_number, parse_number
from somxl.base.paths import templates_dir
from somxl.base.report import Issue, Report, Whole
from somxl.base.vocab import PAYERS, YEARS
from somxl.base.xlsxread import DayText, not_a_name, side_value

SHIPPED = "somxl-eksempel"  # the origin of the shipped rows, as shown in a prefilled source
MAX_YEARS = 50  # year columns year_1 .. year_50, as the workbook's År 1 .. År 50
# Problems reported of one knowledge file before its reading stops: 30,000 bad rows printed 9 MB.
MAX_ISSUES = 500
# type column values (English and Danish) → Catalog attribute
TYPES = {
    "target_group": "target_groups", "målgruppe": "target_groups", "maalgruppe": "target_groups",
    "domain": "domains", "område": "domains", "omraade": "domains",
    "unit": "units", "enhed": "units",
    "category": "categories", "kategori": "categories",
    "committee": "committees", "udvalg": "committees",
    "consequence": "consequences", "konsekvens": "consequences",
    "estimate": "estimates", "konsekvensestimat": "estimates", "estimat": "estimates",
    "price": "prices", "pris": "prices",
    "effect": "effects", "effekt": "effects", "effektstørrelse": "effects", "effektstoerrelse": "effects",
}
# .xlsx sheet name (case-insensitive) → the kind of every row on it (no type column needed).
# A sheet with another name needs a type column, like a CSV file.
SHEETS = {
    "målgrupper": "target_groups", "maalgrupper": "target_groups", "target_groups": "target_groups",
    "target groups": "target_groups",
    "konsekvenser": "estimates", "konsekvensestimater": "estimates", "estimates": "estimates",
    "consequence estimates": "estimates", "consequence_estimates": "estimates",
    "priser": "prices", "prices": "prices",
    "effekter": "effects", "effektstørrelser": "effects", "effects": "effects", "effect sizes": "effects",
    "effect_sizes": "effects",
}
# heading (normalized: case-folded, spaces and '-' as '_') → column key
ALIASES = {
    "type": "type", "name": "name", "navn": "name",
    "target_group": "target_group", "målgruppe": "target_group", "maalgruppe": "target_group",
    "consequence": "consequence", "konsekvens": "consequence",
    "intervention": "intervention", "indsats": "intervention",
    "definition": "definition",
    "success_measure": "success_measure", "succesmål": "success_measure", "succesmaal": "success_measure",
    "register_based": "register_based", "registerbaseret": "register_based",
    "domain": "domain", "område": "domain", "omraade": "domain",
    "unit": "unit", "enhed": "unit", "kind": "kind", "art": "kind",
    "price_kommune": "price_kommune", "pris_kommune": "price_kommune",
    "price_region": "price_region", "pris_region": "price_region",
    "price_stat": "price_stat", "pris_stat": "price_stat",
    "price_year": "price_year", "prisår": "price_year", "prisaar": "price_year",
    "success_rate": "success_rate", "succesrate": "success_rate",
    "rate_with": "rate_with", "andel_med": "rate_with",
    "rate_without": "rate_without", "andel_uden": "rate_without",
    "low": "low", "lav": "low", "high": "high", "høj": "high", "hoej": "high",
    "study": "study", "studie": "study",
    "source": "source", "kilde": "source",
    "illustrative": "illustrative", "illustrativ": "illustrative",
}
COLUMNS = tuple(dict.fromkeys(ALIASES.values()))
_YEAR_HEADING = re.compile(r"^(?:year|år|aar)_?(\d+)$")
_PRICE_COLUMNS = tuple(f"price_{p}" for p in PAYERS)
_SHARES = ("success_rate", "rate_with", "rate_without", "low", "high")
# columns that name something (a row, or the row it refers to): a text, or a short whole number (K022)
_NAME_COLUMNS = ("name", "target_group", "consequence", "intervention", "domain", "unit")
_COMMON = ("source", "illustrative")
# kind → (the column naming the row, required columns, further columns it may fill)
KIND_COLUMNS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "target_groups": ("name", (), ("definition", "success_measure", "register_based")),
    "domains": ("name", (), ()), "units": ("name", (), ()), "categories": ("name", (), ()),
    "committees": ("name", (), ()),
    "consequences": ("name", ("domain", "unit", "kind"), (*_PRICE_COLUMNS, "price_year")),
    "estimates": ("consequence", ("target_group", "domain", "unit", "kind"), ("year",)),
    "prices": ("consequence", (), (*_PRICE_COLUMNS, "price_year")),
    "effects": ("intervention", ("target_group",), (*_SHARES, "study")),
}
KINDS = {"expense": "expense", "udgift": "expense", "revenue": "revenue", "indtægt": "revenue",
         "indtaegt": "revenue"}
YES_NO = {"ja": True, "j": True, "yes": True, "y": True, "true": True, "sand": True, "x": True, "1": True,
          "nej": False, "n": False, "no": False, "false": False, "falsk": False, "0": False}
LIST_ATTRS = ("target_groups", "domains", "units", "categories", "committees")
KNOWLEDGE_ATTRS = ("estimates", "prices", "effects")


@dataclass(frozen=True)
class Entry:
    """A value of an open list, with where it comes from."""

    name: str
    source: str | None = None
    illustrative: bool = False


@dataclass(frozen=True)
class TargetGroup(Entry):
    """A target group: SØM's (register-based: its estimates describe the register population)
    or a user's own."""

    definition: str | None = None
    success_measure: str | None = None
    register_based: bool | None = None
    origin: str | None = None


@dataclass(frozen=True)
class Consequence:
    name: str
    domain: str | None
    unit: str | None
    kind: str | None  # "expense" | "revenue"
    prices: dict[str, float | None] = field(default_factory=dict)  # payer → price per unit
    price_year: int | None = None
    source: str | None = None
    illustrative: bool = False
    origin: str | None = None

    @property
    def has_prices(self) -> bool:
        return any(v is not None for v in self.prices.values())


@dataclass(frozen=True)
class Estimate:
    """A consequence estimate: how much one consequence changes per successful participant of a
    target group in year 1, 2, ... after completion (a decrease is negative)."""

    target_group: str
    name: str  # the consequence
    domain: str
    unit: str
    kind: str
    changes: tuple[float, ...] = ()
    source: str | None = None
    illustrative: bool = False
    origin: str | None = None


@dataclass(frozen=True)
class Price:
    """The price of one unit of a consequence for each payer, after reimbursement."""

    name: str  # the consequence
    prices: dict[str, float | None] = field(default_factory=dict)
    price_year: int | None = None
    source: str | None = None
    illustrative: bool = False
    origin: str | None = None


@dataclass(frozen=True)
class EffectSize:
    """An effect size found for a target group: the success rate, or the rates with and without."""

    intervention: str
    target_group: str
    success_rate: float | None = None
    rate_with: float | None = None
    rate_without: float | None = None
    low: float | None = None
    high: float | None = None
    study: str | None = None
    source: str | None = None
    illustrative: bool = False
    origin: str | None = None

    @property
    def rate(self) -> float | None:
        """The success rate: given, or with − without."""
        if self.success_rate is not None:
            return self.success_rate
        if self.rate_with is not None and self.rate_without is not None:
            return self.rate_with - self.rate_without
        return None


def _key(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


@dataclass
class Catalog:
    """Open-list values (lists of Entry; target groups as TargetGroup), consequences with
    their prices, and the knowledge: consequence estimates, prices and effect sizes."""

    target_groups: list[Entry] = field(default_factory=list)
    domains: list[Entry] = field(default_factory=list)
    units: list[Entry] = field(default_factory=list)
    categories: list[Entry] = field(default_factory=list)
    committees: list[Entry] = field(default_factory=list)
    consequences: list[Consequence] = field(default_factory=list)
    estimates: list[Estimate] = field(default_factory=list)
    prices: list[Price] = field(default_factory=list)
    effects: list[EffectSize] = field(default_factory=list)

    def values(self, attr: str) -> list[str]:
        """The names offered by the open list whose spec ``catalog`` attribute is ``attr``."""
        return [e.name for e in getattr(self, attr)]

    def consequence(self, name: str) -> Consequence | None:
        wanted = _key(name)
        return next((c for c in self.consequences if _key(c.name) == wanted), None)

    def target_group(self, name: str) -> TargetGroup | None:
        """The target group of this name (case and spacing ignored), as a TargetGroup."""
        wanted = _key(name)
        e = next((e for e in self.target_groups if _key(e.name) == wanted), None)
        if e is None or isinstance(e, TargetGroup):
            return e
        return TargetGroup(e.name, e.source, e.illustrative)

    def closest_target_groups(self, name: str, n: int = 3) -> list[str]:
        """The target-group names most like ``name``, best first (for 'did you mean')."""
        names = self.values("target_groups")
        by_key = {_key(x): x for x in names}
        close = difflib.get_close_matches(_key(name), list(by_key), n=n, cutoff=0.4)
        words = set(_key(name).split())
        close += [k for k in by_key if k not in close and words & set(k.split())]
        return [by_key[k] for k in close[:n]]

    def estimates_for(self, target_group: str) -> list[Estimate]:
        wanted = _key(target_group)
        return [e for e in self.estimates if _key(e.target_group) == wanted]

    def effects_for(self, target_group: str) -> list[EffectSize]:
        wanted = _key(target_group)
        return [e for e in self.effects if _key(e.target_group) == wanted]

    def price(self, name: str) -> Price | None:
        """The consequence's prices: a price row, else the prices on its consequence row."""
        wanted = _key(name)
        found = next((p for p in self.prices if _key(p.name) == wanted), None)
        if found is not None:
            return found
        c = self.consequence(name)
        if c is not None and c.has_prices:
            return Price(c.name, dict(c.prices), c.price_year, c.source, c.illustrative, c.origin)
        return None

    def register_based(self) -> list[str]:
        """Names of the register-based target groups."""
        return [e.name for e in self.target_groups if getattr(e, "register_based", None)]

    def merged(self, other: Catalog) -> Catalog:
        """This catalogue with ``other``'s rows merged over it (docs/knowledge.md):

        - list values and target groups: a new name is added; a repeated name (case-insensitive)
          is replaced by ``other``'s row unless that row holds nothing but the name;
        - consequences and prices: ``other``'s row of the same name replaces this one's, and a
          consequence of ``other`` with prices also replaces this one's price row;
        - estimates and effect sizes: a target group that ``other`` has any for gets ``other``'s
          only (an extract copied from SØM's tool is that group's whole set)."""
        out = Catalog()
        for attr in (*LIST_ATTRS, "consequences"):
            seen: dict[str, Any] = {}
            for item in getattr(self, attr):
                seen.setdefault(_key(item.name), item)
            for item in getattr(other, attr):
                key = _key(item.name)
                if key not in seen or attr == "consequences" or not _bare(item):
                    seen[key] = item
            setattr(out, attr, list(seen.values()))
        priced = {_key(c.name) for c in other.consequences if c.has_prices}
        ours = {_key(p.name): p for p in self.prices if _key(p.name) not in priced}
        out.prices = list({**ours, **{_key(p.name): p for p in other.prices}}.values())
        for attr in ("estimates", "effects"):
            groups = {_key(e.target_group) for e in getattr(other, attr)}
            setattr(out, attr, [e for e in getattr(self, attr) if _key(e.target_group) not in groups]
                    + list(getattr(other, attr)))
        return out

    def resolved(self) -> Catalog:
        """Every name the knowledge uses, in the dropdown lists too: the consequences of the
        estimates and price rows (with their prices) and the target groups they name."""
        out = dataclasses.replace(self, consequences=list(self.consequences),
                                  target_groups=list(self.target_groups))
        known = {_key(c.name) for c in out.consequences}
        for e in self.estimates:
            if _key(e.name) not in known:
                known.add(_key(e.name))
                out.consequences.append(Consequence(e.name, e.domain, e.unit, e.kind, dict.fromkeys(PAYERS),
                                                    None, e.source, e.illustrative, e.origin))
        for p in self.prices:
            c = out.consequence(p.name)
            if c is None:
                out.consequences.append(Consequence(p.name, None, None, None, dict(p.prices), p.price_year,
                                                    p.source, p.illustrative, p.origin))
            else:
                out.consequences[out.consequences.index(c)] = dataclasses.replace(
                    c, prices=dict(p.prices), price_year=p.price_year)
        groups = {_key(e.name) for e in out.target_groups}
        for row in (*self.estimates, *self.effects):
            if _key(row.target_group) not in groups:
                groups.add(_key(row.target_group))
                out.target_groups.append(TargetGroup(row.target_group, origin=row.origin))
        return out

    @property
    def statuses(self) -> list[Any]:
        """The question statuses (a closed list of the template spec, shown for reference)."""
        from somxl.model.spec import load_spec

        return list(load_spec().lists_by_key["status"].items)

    def to_dict(self) -> dict[str, Any]:
        attrs = (*LIST_ATTRS, "consequences", *KNOWLEDGE_ATTRS)
        out: dict[str, Any] = {attr: [asdict(e) for e in getattr(self, attr)] for attr in attrs}
        out["statuses"] = [{"code": i.code, "da": i.da, "en": i.en} for i in self.statuses]
        return out


def _bare(item: Any) -> bool:
    """True when a row holds nothing but its name (a plain list value)."""
    return all(v in (None, False) for k, v in asdict(item).items() if k not in ("name", "origin"))


def _shipped() -> Catalog:
    import yaml

    # libyaml's loader when PyYAML has it: the pure-Python one costs ~0.1 s at every start.
    raw = yaml.load((templates_dir() / "catalog.yaml").read_text(encoding="utf-8"),
                    Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    sources = raw.get("sources", {})

    def src(e: dict[str, Any]) -> str | None:
        return sources.get(e.get("source"), e.get("source"))

    def entry(e: dict[str, Any]) -> Entry:
        return Entry(e["name"], src(e), bool(e.get("illustrative")))

    cat = Catalog(**{attr: [entry(e) for e in raw.get(key, [])] for attr, key in
                     [("domains", "domains"), ("units", "units"),
                      ("categories", "cost_categories"), ("committees", "committees")]})
    cat.target_groups = [TargetGroup(e["name"], src(e), bool(e.get("illustrative")), e.get("definition"),
                                     e.get("success_measure"), e.get("register_based"), SHIPPED)
                         for e in raw.get("target_groups", [])]
    for c in raw.get("consequences", []):
        prices = c.get("prices") or {}
        cat.consequences.append(Consequence(
            c["name"], c.get("domain"), c.get("unit"), c.get("kind"),
            {p: (float(prices[p]) if p in prices else None) for p in PAYERS},
            c.get("price_year"), src(c), bool(c.get("illustrative")), SHIPPED))
    for e in raw.get("estimates", []):
        cat.estimates.append(Estimate(e["target_group"], e["name"], e["domain"], e["unit"], e["kind"],
                                      tuple(float(v) for v in e.get("changes") or ()), src(e),
                                      bool(e.get("illustrative")), SHIPPED))
    for p in raw.get("prices", []):
        given = p.get("prices") or {}
        cat.prices.append(Price(p["name"], {a: (float(given[a]) if a in given else None) for a in PAYERS},
                                p.get("price_year"), src(p), bool(p.get("illustrative")), SHIPPED))
    for e in raw.get("effects", []):
        cat.effects.append(EffectSize(e["intervention"], e["target_group"], e.get("success_rate"),
                                      e.get("rate_with"), e.get("rate_without"), e.get("low"), e.get("high"),
                                      e.get("study"), src(e), bool(e.get("illustrative")), SHIPPED))
    return cat


def load_catalog(path: Path | str | None = None) -> Catalog:
    """The shipped catalogue, with the user's knowledge file at ``path`` merged over it.

    Raises FileError when the file is missing or not a spreadsheet/CSV (the safety gate) and
    InputError (with a report naming each bad row and column) when its content is malformed."""
    shipped = _shipped()
    if path is None:
        return shipped.resolved()
    return shipped.merged(read_user_catalog(Path(path))).resolved()


# --- reading a user's knowledge file ------------------------------------------------------


def read_user_catalog(path: Path) -> Catalog:
    """A user's knowledge file alone (CSV or .xlsx, decided from the content), its rows marked
    with the file's name as their origin."""
    from somxl.base.safety import is_package, read_input, reading
    from somxl.base.xlsxread import open_workbook

    report = Report(file=str(path))
    tables: list[tuple[str | None, list[tuple[int, _SparseRow]]]] = []
    with reading(path, "E022"):
        data = read_input(path)  # the checks of every input: exists, regular, bounded, text or a package
        if is_package(data):
            book = open_workbook(path)  # the safety gate of every returned workbook, and its reader
            tables = [(s.name, _sheet_rows(book, s.name)) for s in book.sheets if s.type == "worksheet"]
        else:
            rows = _csv_rows(path, data, report)
            if rows is not None:
                tables.append((None, rows))
    cat = Catalog()
    for sheet, rows in tables:
        _parse(rows, report, sheet, path.name, cat)
    if not report.valid:
        raise InputError.of("E011", report=report, path=path)
    return cat


def _csv_rows(path: Path, data: bytes, report: Report) -> list[tuple[int, _SparseRow]] | None:
    from somxl.base.safety import csv_rows, list_text

    try:
        text = list_text(data)
    except UnicodeDecodeError as exc:
        report.add("K001", params={"detail": f"hverken UTF-8, UTF-16 eller Windows-1252 (byte {exc.start}) / "
                                             f"neither UTF-8, UTF-16 nor Windows-1252 (byte {exc.start})"})
        return None
    # through the cell budget of the gate: a few megabytes of ';' are millions of empty cells
    return [(n, _SparseRow(row)) for n, row in csv_rows(path, text)]


class _SparseRow(Sequence):
    """A sheet row as a sequence of its columns (None where empty) that holds only its cells:
    one cell at XFD1048576 must not become a grid of 17 billion Nones. ``filled()`` gives its cells
    by column, which is what reading it costs: a text at XFD is one value, not 16,384."""

    def __init__(self, cells: dict[int, Any]) -> None:
        self._cells = cells
        self._width = max(cells, default=-1) + 1

    def __len__(self) -> int:
        return self._width

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self._cells.get(j) for j in range(*i.indices(self._width))]
        if i < 0:
            i += self._width
        if not 0 <= i < self._width:
            raise IndexError(i)
        return self._cells.get(i)

    def filled(self) -> list[tuple[int, Any]]:
        return sorted(self._cells.items())


_NO_CELLS = _SparseRow({})


def _sheet_rows(book: Any, sheet: str) -> list[tuple[int, _SparseRow]]:
    """(row number, row) of the rows that hold cells, in order: a text in row 1,048,576 is one row
    to read, not a million."""
    by_row: dict[int, dict[int, Any]] = {}
    for (r, c), cell in book.cells(sheet).items():  # 1-based, as in A1
        # a date as a recipient list reads it: no name (K022), no price (K006), where it was its serial
        by_row.setdefault(r, {})[c - 1] = None if cell.kind == "error" else side_value(cell, book.date1904)
    return [(r, _SparseRow(by_row[r])) for r in sorted(by_row)]


def _col_letter(i: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(i)


def _heading(h: Any) -> str:
    text = _clean(str(h)) if h is not None else None
    return re.sub(r"[\s\-]+", "_", text.casefold()) if text else ""


def _parse(rows: list[tuple[int, _SparseRow]], report: Report, sheet: str | None, origin: str, cat: Catalog) -> None:
    """Add the rows of one table (a CSV file or a sheet: (row number, row) of its rows that hold
    cells, the headings in row 1) to ``cat``; problems go to ``report``."""
    fixed = SHEETS.get((_clean(sheet) or "").casefold()) if sheet else None
    table = _Table(rows, report, sheet, origin, fixed)
    if table.stopped("A1") or not table.read_header():
        return
    for r, row in rows:
        if r == 1:
            continue
        if table.stopped(f"A{r}"):
            break
        table.row(r, row, cat)


class _Table:
    """One table of a knowledge file: its header, and the checks of each row by kind."""

    def __init__(self, rows: list[tuple[int, _SparseRow]], report: Report, sheet: str | None, origin: str,
                 fixed: str | None) -> None:
        self.rows, self.report, self.sheet, self.origin, self.fixed = rows, report, sheet, origin, fixed
        self.header = rows[0][1] if rows and rows[0][0] == 1 else _NO_CELLS
        self.pos: dict[str, int] = {}
        self.years: dict[int, int] = {}  # year n → column index
        self.written: dict[str, str] = {}  # column key → heading as written
        self.missing_columns: set[tuple[str, str]] = set()
        self.seen: dict[tuple, int] = {}
        self.keep = True  # whether the row being read is added (False: a required value is missing)

    def add(self, code: str, **kw: Any) -> None:
        self.report.issues.append(Issue(code, sheet=self.sheet, **kw))

    def stopped(self, cell: str) -> bool:
        """Whether the file has given ``MAX_ISSUES`` problems, in any table: thousands of bad rows,
        headings or sheets are enough to go on, and the rest is not read. K021 the first time, at
        ``cell`` (where reading stopped)."""
        if len(self.report.issues) < MAX_ISSUES:
            return False
        if not any(i.code == "K021" for i in self.report.issues):
            self.add("K021", cell=cell, params={"count": MAX_ISSUES})
        return True

    def read_header(self) -> bool:
        if not any(_clean(v) for _, row in self.rows for _, v in row.filled() if v is not None):
            return False  # an empty sheet (a CSV file is never empty: the gate refuses that)
        errors_before = len(self.report.errors)
        header = self.header.filled()
        if self.sheet is not None and self.fixed is None and "type" not in (_heading(h) for _, h in header):
            # a sheet that is not knowledge at all: its headings are not worth a report each
            self.add("K011", params={"sheets": ", ".join(sorted(k for k in SHEETS if "_" not in k))})
            return False
        for i, h in header:
            key = _heading(h)
            if not key:
                continue
            if self.stopped(f"{_col_letter(i)}1"):
                return False
            m = _YEAR_HEADING.match(key)
            if m and 1 <= int(m.group(1)) <= MAX_YEARS:
                n = int(m.group(1))
                if n in self.years:
                    self.add("K010", cell=f"{_col_letter(i)}1", value=_clean(str(h)))
                self.written[f"year_{n}"] = _clean(str(h))
                self.years.setdefault(n, i)
                continue
            col = ALIASES.get(key)
            if col is None:
                self.add("K003", cell=f"{_col_letter(i)}1", value=_clean(str(h)),
                         params={"allowed": Whole(", ".join(COLUMNS) + ", year_1 … year_50")})
            elif col in self.pos:
                self.add("K010", cell=f"{_col_letter(i)}1", value=_clean(str(h)))
            else:
                self.pos[col] = i
                self.written[col] = _clean(str(h))
        if self.fixed is None and "type" not in self.pos:
            self.add("K002", params={"column": "type"})
        return len(self.report.errors) == errors_before

    def where(self, col: str, r: int) -> dict[str, Any]:
        i = self.years[int(col[5:])] if col.startswith("year_") else self.pos[col]
        heading = self.header[i] if i < len(self.header) else None
        return {"cell": f"{_col_letter(i)}{r}", "field": _clean(str(heading)) if heading is not None else col}

    def row(self, r: int, row: list[Any], cat: Catalog) -> None:
        values = {k: _clean(row[i]) if i < len(row) else None for k, i in self.pos.items()}
        changes_raw = {n: _clean(row[i]) if i < len(row) else None for n, i in self.years.items()}
        if all(v is None for v in values.values()) and all(v is None for v in changes_raw.values()):
            return
        if self.fixed is not None:
            attr = self.fixed
            if values.get("type") is not None and TYPES.get(str(values["type"]).casefold()) != attr:
                self.add("K004", value=values["type"], params={"allowed": Whole(self._type_names(attr))},
                         **self.where("type", r))
                return
        else:
            attr = TYPES.get(str(values.get("type") or "").casefold())
            if attr is None:
                self.add("K004", value=values.get("type"), params={"allowed": Whole(", ".join(TYPES))},
                         **self.where("type", r))
                return
        odd = [(col, shown) for col in _NAME_COLUMNS if (shown := not_a_name(values.get(col))) is not None]
        for col, shown in odd:
            self.add("K022", params=shown, **self.where(col, r))
        if odd:
            return
        type_text = str(values.get("type") or attr)
        key_col, required, extra = KIND_COLUMNS[attr]
        allowed = {"type", key_col, "name", *required, *extra, *_COMMON}
        for col, v in values.items():
            if v is not None and col not in allowed:
                self.add("K012", value=v, params={"type": type_text}, **self.where(col, r))
        if "year" not in extra and any(v is not None for v in changes_raw.values()):
            n = min(k for k, v in changes_raw.items() if v is not None)
            self.add("K012", value=changes_raw[n], params={"type": type_text}, **self.where(f"year_{n}", r))
        key = values.get(key_col) if key_col != "name" else None
        if key is not None and values.get("name") is not None:
            self.add("K012", value=values["name"], params={"type": type_text}, **self.where("name", r))
        key = key if key is not None else values.get("name")
        missing = [col for col in required if values.get(col) is None]
        if key is None:
            self._missing(key_col if key_col in self.pos or "name" not in self.pos else "name", r, type_text)
        for col in missing:
            self._missing(col, r, type_text)
        # a row with a required value missing is still checked, so every problem shows at once
        self.keep = key is not None and not missing
        getattr(self, f"_{attr}", self._entry)(attr, str(key or ""), values, changes_raw, r, cat)

    def append(self, items: list[Any], item: Any) -> None:
        if self.keep:
            items.append(item)

    def _type_names(self, attr: str) -> str:
        return ", ".join(k for k, v in TYPES.items() if v == attr)

    def _missing(self, col: str, r: int, type_text: str) -> None:
        if col in self.pos:
            self.add("K005", params={"column": self.written.get(col, col), "type": type_text}, **self.where(col, r))
        elif (col, type_text) not in self.missing_columns:  # once per column, not once per row
            self.missing_columns.add((col, type_text))
            self.add("K009", params={"column": col, "type": type_text})

    def _duplicate(self, key: tuple, r: int, col: str, value: Any) -> bool:
        first = self.seen.setdefault(key, r)
        if first != r:
            self.add("K019", value=value, params={"first": first}, **self.where(col, r))
            return True
        return False

    # --- the kinds ------------------------------------------------------------------------
    def _common(self, values: dict[str, Any], r: int) -> tuple[str | None, bool]:
        return _str(values.get("source")), bool(self._yes_no(values, "illustrative", r))

    def _yes_no(self, values: dict[str, Any], col: str, r: int) -> bool | None:
        v = values.get(col)
        if v is None:
            return None
        if isinstance(v, bool):
            return v
        found = YES_NO.get(_clean(str(v)).casefold())
        if found is None:
            self.add("K015", value=v, **self.where(col, r))
        return found

    def _entry(self, attr: str, name: str, values: dict, changes: dict, r: int, cat: Catalog) -> None:
        source, illustrative = self._common(values, r)
        self.append(getattr(cat, attr), Entry(name, source, illustrative))

    def _target_groups(self, attr: str, name: str, values: dict, changes: dict, r: int, cat: Catalog) -> None:
        source, illustrative = self._common(values, r)
        self.append(cat.target_groups, TargetGroup(
            name, source, illustrative, _str(values.get("definition")), _str(values.get("success_measure")),
            self._yes_no(values, "register_based", r), self.origin))

    def _kind(self, values: dict, r: int) -> str | None:
        kind = KINDS.get(str(values.get("kind") or "").casefold())
        if values.get("kind") is not None and kind is None:
            self.add("K007", value=values["kind"], **self.where("kind", r))
        return kind

    def _price_values(self, values: dict, r: int) -> tuple[dict[str, float | None], int | None]:
        prices: dict[str, float | None] = {}
        for payer in PAYERS:
            col = f"price_{payer}"
            prices[payer] = _number(values.get(col))
            if values.get(col) is not None and prices[payer] is None:
                self.add("K006", value=values[col], params={"column": self.written.get(col, col)},
                         **self.where(col, r))
        year = _number(values.get("price_year"))
        if values.get("price_year") is not None and (year is None or not year.is_integer()
                                                     or not YEARS[0] <= year <= YEARS[1]):
            self.add("K008", value=values["price_year"], **self.where("price_year", r))
            year = None
        return prices, int(year) if year is not None else None

    def _consequences(self, attr: str, name: str, values: dict, changes: dict, r: int, cat: Catalog) -> None:
        source, illustrative = self._common(values, r)
        kind = self._kind(values, r)
        prices, year = self._price_values(values, r)
        self.append(cat.consequences, Consequence(name, _str(values.get("domain")), _str(values.get("unit")), kind, prices,
                                            year, source, illustrative, self.origin))

    def _estimates(self, attr: str, name: str, values: dict, changes: dict, r: int, cat: Catalog) -> None:

        source, illustrative = self._common(values, r)
        kind = self._kind(values, r)
        group = str(values.get("target_group"))
        col = "consequence" if "consequence" in self.pos and values.get("consequence") is not None else "name"
        duplicate = self._duplicate(("estimate", _key(group), _key(name)), r, col, name)
        filled = [n for n, v in changes.items() if v is not None]
        out: list[float] = []
        for n in range(1, max(filled, default=0) + 1):
            v = changes.get(n)
            if v is None:
                where = self.where(f"year_{n}", r) if n in self.years else {"field": f"year_{n}"}
                self.add("K013", params={"year": n}, **where)
                continue
            parsed = parse_number(v, "number")
            if parsed.value is None or abs(parsed.value) > 1e9:
                self.add("K014", value=v, **self.where(f"year_{n}", r))
                continue
            out.append(float(parsed.value))
        if kind is not None and not duplicate:
            self.append(cat.estimates, Estimate(group, name, str(values.get("domain")), str(values.get("unit")), kind,
                                          tuple(out), source, illustrative, self.origin))

    def _prices(self, attr: str, name: str, values: dict, changes: dict, r: int, cat: Catalog) -> None:
        source, illustrative = self._common(values, r)
        col = "consequence" if "consequence" in self.pos and values.get("consequence") is not None else "name"
        duplicate = self._duplicate(("price", _key(name)), r, col, name)
        prices, year = self._price_values(values, r)
        if all(values.get(c) is None for c in _PRICE_COLUMNS):
            self._missing("price_kommune", r, str(values.get("type") or attr))
        elif not duplicate:
            self.append(cat.prices, Price(name, prices, year, source, illustrative, self.origin))

    def _effects(self, attr: str, name: str, values: dict, changes: dict, r: int, cat: Catalog) -> None:

        source, illustrative = self._common(values, r)
        group = str(values.get("target_group"))
        col = "intervention" if "intervention" in self.pos and values.get("intervention") is not None else "name"
        duplicate = self._duplicate(("effect", _key(group), _key(name)), r, col, name)
        shares: dict[str, float | None] = {}
        for c in _SHARES:
            v = values.get(c)
            shares[c] = None
            if v is None:
                continue
            parsed = parse_number(v, "rate")
            if parsed.value is None or parsed.status == "suspect" or not 0 <= parsed.value <= 1:
                self.add("K016", value=v, **self.where(c, r))
            else:
                shares[c] = float(parsed.value)
        bad = any(values.get(c) is not None and shares[c] is None for c in _SHARES)
        if not bad:
            if shares["success_rate"] is None and (shares["rate_with"] is None or shares["rate_without"] is None):
                target = "success_rate" if "success_rate" in self.pos else None
                self.add("K017", **(self.where(target, r) if target else {"cell": f"A{r}"}))
                bad = True
            elif (shares["rate_with"] is not None and shares["rate_without"] is not None
                  and shares["rate_with"] < shares["rate_without"]):
                self.add("K018", value=fmt_number(shares["rate_with"], "en"),
                         params={"low_col": self.written.get("rate_without", "rate_without"),
                                 "high_col": self.written.get("rate_with", "rate_with")},
                         **self.where("rate_with", r))
                bad = True
            elif shares["low"] is not None and shares["high"] is not None and shares["low"] > shares["high"]:
                self.add("K018", value=fmt_number(shares["high"], "en"),
                         params={"low_col": self.written.get("low", "low"),
                                 "high_col": self.written.get("high", "high")}, **self.where("high", r))
                bad = True
        if not bad and not duplicate:
            self.append(cat.effects, EffectSize(name, group, shares["success_rate"], shares["rate_with"],
                                          shares["rate_without"], shares["low"], shares["high"],
                                          _str(values.get("study")), source, illustrative, self.origin))



_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _clean(v: Any) -> Any:
    """A cell's text as NFC (macOS writes a decomposed 'ø'), single spaces, no control characters
    (an escape sequence from a file must never reach the terminal); None when blank."""
    if isinstance(v, DayText):  # already clean, and K022 must still know it for a date
        return v
    if isinstance(v, str):
        v = " ".join(_CONTROL.sub(" ", unicodedata.normalize("NFC", v).replace("\u00a0", " ")).split())
        return v or None
    return v


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


_PLAIN = re.compile(r"^\d+([.,]\d+)?$")
_THOUSANDS_DA = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$")
_THOUSANDS_EN = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")


def _number(v: Any) -> float | None:
    """A non-negative number from a cell; None when it is not unambiguously one.

    ``1.234`` and ``1,234`` are refused: they read as 1234 in one convention and 1.234 in the
    other, and a price silently off by a factor of 1000 is worse than an error. A number too large
    for a float (400 digits: infinity, which no workbook cell holds) is None too."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return _finite(v) if v >= 0 else None
    s = str(v).replace(" ", "")
    if re.fullmatch(r"\d{1,3}[.,]\d{3}", s):
        return None
    if _PLAIN.match(s):
        return _finite(s.replace(",", "."))
    if _THOUSANDS_DA.match(s):
        return _finite(s.replace(".", "").replace(",", "."))
    if _THOUSANDS_EN.match(s):
        return _finite(s.replace(",", ""))
    return None


def _finite(v: Any) -> float | None:
    try:
        x = float(v)
    except (OverflowError, ValueError):  # an int of 400 digits; a text of 5000 (Python's limit)
        return None
    return x if math.isfinite(x) else None
