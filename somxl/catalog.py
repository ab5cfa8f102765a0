"""The catalogue: values offered in the workbook's open dropdown lists, and consequence prices.

The shipped catalogue (templates/catalog.yaml) holds SØM's public target-group and domain
names with their source; a user's own catalogue (CSV or .xlsx, docs/catalog.md) is merged
into it. A malformed user catalogue raises InputError whose report names every bad row and
column (issue codes K…)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from somxl.errors import FileError, InputError
from somxl.paths import templates_dir
from somxl.report import Report

PAYERS = ("kommune", "region", "stat")
# type column values (English and Danish) → Catalog attribute
TYPES = {
    "target_group": "target_groups", "målgruppe": "target_groups", "maalgruppe": "target_groups",
    "domain": "domains", "område": "domains", "omraade": "domains",
    "unit": "units", "enhed": "units",
    "category": "categories", "kategori": "categories",
    "committee": "committees", "udvalg": "committees",
    "consequence": "consequences", "konsekvens": "consequences",
}
COLUMNS = ("type", "name", "domain", "unit", "kind", "price_kommune", "price_region",
           "price_stat", "price_year", "source")
KINDS = {"expense": "expense", "udgift": "expense", "revenue": "revenue", "indtægt": "revenue",
         "indtaegt": "revenue"}
LIST_ATTRS = ("target_groups", "domains", "units", "categories", "committees")


@dataclass(frozen=True)
class Entry:
    """A value of an open list, with where it comes from."""

    name: str
    source: str | None = None
    illustrative: bool = False


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

    @property
    def has_prices(self) -> bool:
        return any(v is not None for v in self.prices.values())


@dataclass
class Catalog:
    """Open-list values (lists of Entry) and consequences with their prices."""

    target_groups: list[Entry] = field(default_factory=list)
    domains: list[Entry] = field(default_factory=list)
    units: list[Entry] = field(default_factory=list)
    categories: list[Entry] = field(default_factory=list)
    committees: list[Entry] = field(default_factory=list)
    consequences: list[Consequence] = field(default_factory=list)

    def values(self, attr: str) -> list[str]:
        """The names offered by the open list whose spec ``catalog`` attribute is ``attr``."""
        return [e.name for e in getattr(self, attr)]

    def consequence(self, name: str) -> Consequence | None:
        wanted = name.strip().casefold()
        return next((c for c in self.consequences if c.name.casefold() == wanted), None)

    def merged(self, other: Catalog) -> Catalog:
        """This catalogue with ``other``'s values added; a consequence of ``other`` replaces one
        of the same name (case-insensitive), so a user's own prices win."""
        out = Catalog()
        for attr in (*LIST_ATTRS, "consequences"):
            seen: dict[str, Any] = {}
            for item in [*getattr(self, attr), *getattr(other, attr)]:
                key = item.name.casefold()
                if key not in seen or attr == "consequences":
                    seen[key] = item
            setattr(out, attr, list(seen.values()))
        return out

    @property
    def statuses(self) -> list[Any]:
        """The question statuses (a closed list of the template spec, shown for reference)."""
        from somxl.spec import load_spec

        return list(load_spec().lists_by_key["status"].items)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {attr: [asdict(e) for e in getattr(self, attr)] for attr in (*LIST_ATTRS, "consequences")}
        out["statuses"] = [asdict(i) for i in self.statuses]
        return out


HEADINGS = {"target_groups": ("Målgrupper", "Target groups"), "domains": ("Områder", "Domains"),
            "units": ("Enheder", "Units"), "categories": ("Omkostningskategorier", "Cost categories"),
            "committees": ("Udvalg (eksempler)", "Committees (examples)")}


def render_catalog(cat: Catalog, lang: str = "da") -> str:
    """The catalogue as text: one section per list, consequences as a table with prices."""
    from somxl.render import table

    en = lang == "en"
    mark = " (illustrative)" if en else " (illustrativ)"
    parts = []
    for attr, (da, eng) in HEADINGS.items():
        names = [e.name + (mark if e.illustrative else "") for e in getattr(cat, attr)]
        parts.append(f"{eng if en else da}:\n  " + "\n  ".join(names))
    parts.append(("Question statuses" if en else "Status på spørgsmål") + ":\n  "
                 + "\n  ".join(f"{i.text(lang)} ({i.code})" for i in cat.statuses))
    header = (["Consequence", "Domain", "Unit", "Kind", "Municipality", "Region", "State", "Price year"] if en
              else ["Konsekvens", "Område", "Enhed", "Art", "Kommune", "Region", "Stat", "Prisår"])
    kinds = {"expense": "expense" if en else "udgift", "revenue": "revenue" if en else "indtægt"}
    rows = [[c.name, c.domain or "", c.unit or "", kinds.get(c.kind or "", ""),
             *("" if c.prices.get(p) is None else f"{c.prices[p]:g}" for p in PAYERS),
             "" if c.price_year is None else str(c.price_year)] for c in cat.consequences]
    parts.append(("Consequences" if en else "Konsekvenser") + ":\n" + table(rows, header))
    return "\n\n".join(parts)


def _shipped() -> Catalog:
    import yaml

    # libyaml's loader when PyYAML has it: the pure-Python one costs ~0.1 s at every start.
    raw = yaml.load((templates_dir() / "catalog.yaml").read_text(encoding="utf-8"),
                    Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    sources = raw.get("sources", {})

    def entry(e: dict[str, Any]) -> Entry:
        return Entry(e["name"], sources.get(e.get("source"), e.get("source")), bool(e.get("illustrative")))

    cat = Catalog(**{attr: [entry(e) for e in raw.get(key, [])] for attr, key in
                     [("target_groups", "target_groups"), ("domains", "domains"), ("units", "units"),
                      ("categories", "cost_categories"), ("committees", "committees")]})
    for c in raw.get("consequences", []):
        prices = c.get("prices") or {}
        cat.consequences.append(Consequence(
            c["name"], c.get("domain"), c.get("unit"), c.get("kind"),
            {p: (float(prices[p]) if p in prices else None) for p in PAYERS},
            c.get("price_year"), sources.get(c.get("source"), c.get("source")),
            bool(c.get("illustrative"))))
    return cat


def load_catalog(path: Path | str | None = None) -> Catalog:
    """The shipped catalogue, merged with the user's catalogue at ``path`` when given.

    Raises FileError when the file is missing and InputError (with a report naming each
    bad row and column) when its content is malformed."""
    shipped = _shipped()
    if path is None:
        return shipped
    return shipped.merged(read_user_catalog(Path(path)))


def read_user_catalog(path: Path) -> Catalog:
    """A user's catalogue file alone (CSV or .xlsx, decided from the content)."""
    if not path.is_file():
        raise FileError(f"katalogfilen {path} findes ikke", en=f"the catalogue file {path} does not exist")
    data = path.read_bytes()
    report = Report(file=str(path))
    rows = _xlsx_rows(data, report) if data[:2] == b"PK" else _csv_rows(data, report)
    cat = _parse(rows, report) if rows is not None else Catalog()
    if not report.valid:
        raise InputError(f"kataloget {path} har fejl", en=f"the catalogue {path} has errors", report=report)
    return cat


def _csv_rows(data: bytes, report: Report) -> list[list[Any]] | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.add("K001", params={"detail": f"ikke UTF-8 (byte {exc.start}) / not UTF-8"})
        return None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _xlsx_rows(data: bytes, report: Report) -> list[list[Any]] | None:
    import zipfile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        report.add("K001", params={"detail": type(exc).__name__})
        return None
    try:
        return [list(r) for r in wb.worksheets[0].iter_rows(values_only=True)]
    finally:
        wb.close()


def _col_letter(i: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(i)


def _parse(rows: list[list[Any]], report: Report) -> Catalog:
    cat = Catalog()
    if not rows:
        report.add("K002", params={"column": "type"})
        return cat
    header = [str(h).strip().casefold() if h is not None else "" for h in rows[0]]
    for i, h in enumerate(header):
        if h and h not in COLUMNS:
            report.add("K003", cell=f"{_col_letter(i)}1", value=h, params={"allowed": ", ".join(COLUMNS)})
    for required in ("type", "name"):
        if required not in header:
            report.add("K002", params={"column": required})
    if not report.valid:
        return cat
    pos = {h: i for i, h in enumerate(header) if h}
    missing_columns: set[str] = set()
    for r, row in enumerate(rows[1:], start=2):
        values = {h: _clean(row[i]) if i < len(row) else None for h, i in pos.items()}
        if all(v is None for v in values.values()):
            continue

        def where(col: str) -> dict[str, Any]:
            return {"cell": f"{_col_letter(pos[col])}{r}", "field": col}

        attr = TYPES.get(str(values["type"] or "").casefold())
        if attr is None:
            report.add("K004", value=values["type"], params={"allowed": ", ".join(TYPES)}, **where("type"))
            continue
        if values["name"] is None:
            report.add("K005", params={"column": "name", "type": values["type"]}, **where("name"))
            continue
        if attr != "consequences":
            getattr(cat, attr).append(Entry(str(values["name"]), _str(values.get("source"))))
            continue
        missing = [c for c in ("domain", "unit", "kind") if values.get(c) is None]
        for col in missing:
            if col in pos:
                report.add("K005", params={"column": col, "type": values["type"]}, **where(col))
            elif col not in missing_columns:  # once per column, not once per consequence line
                missing_columns.add(col)
                report.add("K009", params={"column": col, "type": values["type"]})
        kind = KINDS.get(str(values.get("kind") or "").casefold())
        if values.get("kind") is not None and kind is None:
            report.add("K007", value=values["kind"], **where("kind"))
        prices: dict[str, float | None] = {}
        for payer in PAYERS:
            col = f"price_{payer}"
            prices[payer] = _number(values.get(col))
            if values.get(col) is not None and prices[payer] is None:
                report.add("K006", value=values[col], params={"column": col}, **where(col))
        year = _number(values.get("price_year"))
        if values.get("price_year") is not None and (year is None or not year.is_integer() or not 1990 <= year <= 2100):
            report.add("K008", value=values["price_year"], **where("price_year"))
            year = None
        cat.consequences.append(Consequence(
            str(values["name"]), _str(values.get("domain")), _str(values.get("unit")), kind,
            prices, int(year) if year is not None else None, _str(values.get("source"))))
    return cat


def _clean(v: Any) -> Any:
    if isinstance(v, str):
        v = " ".join(v.replace("\u00a0", " ").split())
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
    other, and a price silently off by a factor of 1000 is worse than an error."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v) if v >= 0 else None
    s = str(v).replace(" ", "")
    if re.fullmatch(r"\d{1,3}[.,]\d{3}", s):
        return None
    if _PLAIN.match(s):
        return float(s.replace(",", "."))
    if _THOUSANDS_DA.match(s):
        return float(s.replace(".", "").replace(",", "."))
    if _THOUSANDS_EN.match(s):
        return float(s.replace(",", ""))
    return None
