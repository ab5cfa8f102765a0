"""What changed between two versions of a case, input by input, and what it did to the results.

``diff_files(old, new)`` reads two versions (workbooks or case JSON, in any mix) with the same
chain as ``validate`` and compares their case dicts by path (the canonical dict of
``case.case_to_dict`` when a version is valid, the dict as read when it has errors). It
returns a ``Diff``: the list of ``Change`` records (the case path, its sheet, cell and field
label in NEW, the old and the new value) and, when both versions can be
calculated, the key results side by side (``ResultChange``: PV net, break-even year and
return per krone per payer; old, new, change).

Rules of the comparison:

1. Values are compared exactly (the reader gives numbers as numbers; ``3 == 3.0``). A key
   missing on one side counts as null there.
2. The lines of a table (participants, costs, replaced costs, consequences, assumptions,
   scenarios) are matched by content, not by row: first identical lines, then lines with the
   same key and the same ``LINE_TELLERS`` (a cost's item, year and payer), then lines with the
   same key (participants by year, costs by item, consequences, scenarios by name, assumptions by id), then
   lines that share at least half of their fields. A whole line is named by its key, told
   apart from the lines sharing it by what differs among them (``line_names``: "«Løn» 2027"). An inserted line is one addition and
   the lines under it are unchanged; a line moved to another row is no change (the order
   of lines does not enter the calculation). A matched line that differs gives one change
   per field.
3. Other lists (a consequence's changes per year, a pair of bounds) are compared position by
   position.
4. A change is named as the department knows the input, from the template spec in the
   language asked for (``Spec.input_name``: sheet and label; a table's cell by its column and
   its line's number in the table), for a workbook and a case file alike, and placed at its
   cell in NEW (in OLD for a removed line): a workbook's own cell (the reader's provenance,
   ``read.Source``), a case file's the cell ``somxl fill`` writes it to (``input_cells``).

5. A value is shown as its input cell shows it (``show_input``: the template's type of the field or
   column gives "60 %", "38.300", "2026"); ``Diff.to_dict`` keeps the values as the case holds them.

``diff_files`` raises ``FileError`` when a file cannot be read at all (the CLI exits 2);
a version with errors is still compared input by input, and its results are left out
(issue X001 says why).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from somxl.base.console import short_text
from somxl.base.errors import FileError
from somxl.base.report import Issue, Report
from somxl.base.vocab import PAYER_LABELS, PAYER_ROWS, pick, texts

__all__ = ["Version", "Change", "ResultChange", "Diff", "load_version", "diff_cases", "diff_files",
           "input_cells", "result_changes", "LINE_KEYS", "LINE_PATH", "LINE_TELLERS", "line_names", "show_value", "show_input", "code_display",
           "same_value"]

# table path -> the field that identifies a line (rule 2)
LINE_KEYS = {"participants": "year", "costs": "item", "replaced_costs": "item", "consequences": "name",
             "assumptions": "id", "scenarios": "name"}
# table path -> the columns, in order, that tell apart lines sharing a key, as a user reads a line
# (``line_names``): a cost is one line per item, year and payer (the template's help for the table);
# a consequence named twice is one of another domain or unit. A year twice in participants, an id
# twice in assumptions and a scenario's name twice (V023) have nothing a reader would go by: #2
LINE_TELLERS = {"costs": ("year", "payer"), "replaced_costs": ("year", "payer"),
                "consequences": ("domain", "unit")}
_SKIP = {"schema"}  # the schema id is the file format, not an input
FIGURES = ("pv_net", "break_even_year", "return_per_krone")


@dataclass
class Version:
    """One version of a case as read: its file, the case dict compared, the validated case
    (None when it has errors), the report and the provenance of every path (empty for JSON)."""

    path: str
    data: dict[str, Any]
    case: Any
    report: Report
    sources: dict[str, Any] = field(default_factory=dict)

    _cells: dict[str, tuple[str, int]] | None = field(default=None, repr=False, compare=False)

    def cells(self, catalog: Any = None) -> dict[str, tuple[str, int]]:
        """``input_cells`` of this version, made once."""
        if self._cells is None:
            self._cells = input_cells(self, catalog)
        return self._cells


@dataclass(frozen=True)
class Change:
    """One input that differs. ``kind``: changed, added (a line or value only in NEW) or removed
    (only in OLD; its place is then OLD's)."""

    path: str
    kind: str
    old: Any
    new: Any
    sheet: str | None = None
    cell: str | None = None
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "sheet": self.sheet, "cell": self.cell,
                "field": self.field, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class ResultChange:
    """One key result in both versions: ``figure`` (pv_net, break_even_year, return_per_krone),
    ``payer`` (kommune, region, stat, total); ``change`` is new − old (None if either is None)."""

    figure: str
    payer: str
    old: float | int | None
    new: float | int | None

    @property
    def change(self) -> float | int | None:
        return None if self.old is None or self.new is None else self.new - self.old

    def to_dict(self) -> dict[str, Any]:
        return {"figure": self.figure, "payer": self.payer, "old": self.old, "new": self.new,
                "change": self.change}


@dataclass
class Diff:
    old: Version
    new: Version
    changes: list[Change]
    results: list[ResultChange] | None = None
    notes: list[Issue] = field(default_factory=list)
    _names: dict[str, list[list[str]]] = field(default_factory=dict, repr=False, compare=False)

    @property
    def same(self) -> bool:
        """No input differs (the results then cannot differ either)."""
        return not self.changes

    def line_name(self, change: Change) -> str | None:
        """The name of the whole line an added or removed change carries (``line_names``, among the
        lines of its table in both versions: "«IPS-konsulent, hele forløbet» 2026"); None for a
        change of one input."""
        m = LINE_PATH.fullmatch(change.path)
        if change.kind == "changed" or m is None or m[1] not in LINE_KEYS:
            return None
        if m[1] not in self._names:  # once a table: a table of many added lines is named in one pass
            tables = [v.data.get(m[1]) if isinstance(v.data, dict) else None for v in (self.old, self.new)]
            self._names[m[1]] = line_names(m[1], tables)
        names = self._names[m[1]][0 if change.kind == "removed" else 1]
        return names[int(m[2])] if int(m[2]) < len(names) else None

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "old": self.old.path, "new": self.new.path, "same": self.same,
            "changes": [c.to_dict() for c in self.changes],
            "results": None if self.results is None else [r.to_dict() for r in self.results],
            "notes": [i.to_dict(lang) for i in self.notes],
        }


# --- reading -------------------------------------------------------------------------------------

def load_version(path: Path | str, catalog: Any = None) -> Version:
    """Read one version (workbook or case JSON). Raises FileError when it cannot be read at all."""
    from somxl.model.case import case_to_dict
    from somxl.workbook_in.validate import validate_file

    path = Path(path)
    if not path.exists():
        raise FileError.of("E001", path=path)
    v = validate_file(path, catalog=catalog, keep_sources=True)
    if v.unreadable or any(i.code == "C001" for i in v.report.errors):  # C001: another schema, not a case
        raise FileError.of("E002", report=v.report, path=path)
    if v.case is not None:
        data = case_to_dict(v.case)
    elif v.case_dict is not None:
        data = v.case_dict
    else:  # a case file with errors: compare what it holds (read_case parsed it, through the gate)
        from somxl.base.safety import read_input

        data = json.loads(read_input(path).decode("utf-8-sig"))
        if not isinstance(data, dict):
            data = {}
    return Version(str(path), data, v.case, v.report, v.sources or {})


def diff_files(old: Path | str, new: Path | str, catalog: Any = None, lang: str = "da") -> Diff:
    """Compare two versions of a case: inputs (named in ``lang``), and the key results when both
    can be calculated."""
    a, b = load_version(old, catalog), load_version(new, catalog)
    d = Diff(a, b, diff_cases(a.data, b.data, a, b, lang, catalog))
    broken = [v for v in (a, b) if v.case is None]
    for v in broken:
        d.notes.append(Issue("X001", value=Path(v.path).name, params={"count": len(v.report.errors)}))
    if not broken:
        from somxl.model.engine import calculate

        d.results = result_changes(calculate(a.case).summary(), calculate(b.case).summary())
    return d


def result_changes(old: dict[str, Any], new: dict[str, Any]) -> list[ResultChange]:
    """The key figures of two result summaries (``Result.summary()``), figure by figure and payer by payer."""
    return [ResultChange(f, p, old[f][p], new[f][p]) for f in FIGURES for p in PAYER_ROWS]


# --- comparing ------------------------------------------------------------------------------------

def _join(base: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else str(key)


def same_value(a: Any, b: Any) -> bool:
    """Two input values are the same (rule 1): exact, but a bool is never equal to a number."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (type(a) is type(b) and a == b)
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def diff_cases(old: dict[str, Any], new: dict[str, Any], old_version: Version | None = None,
               new_version: Version | None = None, lang: str = "da", catalog: Any = None) -> list[Change]:
    """The changes between two case dicts (rules 1-3), named and placed (rule 4) in ``lang``."""
    from somxl.model.spec import load_spec

    raw: list[tuple[str, str, Any, Any, str | None]] = []  # (path, kind, old, new, path in OLD)
    _walk(old, new, "", "", raw)
    spec = load_spec()
    out = []
    for path, kind, a, b, old_path in raw:
        version, where = (old_version, old_path or path) if kind == "removed" else (new_version, path)
        cells = version.cells(catalog) if version is not None else {}
        out.append(Change(path, kind, a, b, *_place(spec, where, cells, lang)))
    return out


def input_cells(version: Version, catalog: Any = None) -> dict[str, tuple[str, int]]:
    """Case path -> (A1 cell, row) of a version's inputs (rule 4): a workbook's own cells, from the
    reader's provenance; a case file's, the cells ``somxl fill`` writes it to. A case file with
    errors cannot be filled: its fields and answers are at the template's cells, its table lines
    have none (a table longer than the template's room would move the lines below it)."""
    if version.sources:
        return {p: (s.cell, s.row) for p, s in version.sources.items() if s.cell}
    from somxl.base.xlsxread import rowcol_to_a1
    from somxl.workbooks_out.annotate import layout_sources
    from somxl.workbooks_out.generate import fill_layout

    case = version.data if version.case is not None else None  # the canonical dict fill writes
    cells = layout_sources(fill_layout(case, catalog), case)
    return {p: (rowcol_to_a1(r + 1, c + 1), r + 1) for p, (_, r, c) in cells.items()}


def _place(spec: Any, path: str, cells: dict[str, tuple[str, int]],
           lang: str) -> tuple[str | None, str | None, str | None]:
    """(sheet, cell, field) of the input at ``path``: the template's sheet and label in ``lang``, a
    table's line by its row number in the table, and the cell where the version has it."""
    name = spec.input_name(path)
    found = _cell(spec, path, cells)
    cell = found[0] if found else None
    if name is None:
        return None, cell, None
    line_no = None
    first = cells.get(name.table.path) if name.table is not None else None
    if found and first and (name.line is not None or name.key is not None):
        line_no = found[1] - first[1] + 1
    return spec.sheet_name(name.sheet, lang), cell, name.text(lang, line_no)


def _cell(spec: Any, path: str, cells: dict[str, tuple[str, int]]) -> tuple[str, int] | None:
    """The cell of ``path``, else of the nearest enclosing path (a list in one cell, the names a
    scenario leaves out), but never a table's first cell for one of its lines. A [low, high] pair
    given as a whole is at its low bound's cell."""
    if path not in cells and f"{path}[0]" in cells:
        return cells[f"{path}[0]"]
    while path not in cells:
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return None
        path = path[:cut]
        if path in spec.tables_by_path:
            return None
    return cells[path]


# the case path of a whole table line: its table and its position ("costs[2]")
LINE_PATH = re.compile(r"(\w+)\[(\d+)\]")


def line_names(path: str, tables: list[Any]) -> list[list[str]]:
    """The names of the lines of the table at ``path`` in several versions or cases of it, list by
    list: a line's key ("«IPS-konsulent, hele forløbet»"); where lines of one list share a key, the
    values of the first of ``LINE_TELLERS`` that differ among them ("«...» 2027"; a payer too where
    one item has two lines a year), named alike in every list, so a line lines up with the same
    year's line of a list that has the item once; "#2", "#3" where nothing tells lines apart, and
    the line's number for a line without a key."""
    key = LINE_KEYS[path]
    # (key shown, line) of every line that has its key, list by list
    keyed = [[(show_value(line[key]), line) for line in t if isinstance(line, dict) and line.get(key) is not None]
             for t in tables if isinstance(t, list)]
    chosen: dict[str, list[str]] = {}  # key shown -> the columns that tell its lines apart
    for col in LINE_TELLERS.get(path, ()):
        for lines in keyed:
            clash: dict[tuple, set[str]] = {}  # lines not yet told apart -> their values in col
            for name, line in lines:
                told = tuple(show_value(line.get(c)) for c in chosen.get(name, ()))
                clash.setdefault((name, told), set()).add(show_value(line.get(col)))
            for (name, _), values in clash.items():
                if len(values) > 1 and col not in chosen.setdefault(name, []):
                    chosen[name].append(col)
    out = []
    for t in tables:
        seen: dict[str, int] = {}
        names = []
        for n, line in enumerate(t if isinstance(t, list) else []):
            if isinstance(line, dict) and line.get(key) is not None:
                name = show_value(line[key])
                name = f"«{name}»" + "".join(f" {show_value(line.get(c))}" for c in chosen.get(name, ()))
            else:
                name = f"«{n + 1}»"
            seen[name] = seen.get(name, 0) + 1
            names.append(f"{name} #{seen[name]}" if seen[name] > 1 else name)
        out.append(names)
    return out


def _walk(a: Any, b: Any, path: str, old_path: str, out: list) -> None:
    given = b if a is None else a
    if (a is None) != (b is None) and (isinstance(given, dict) or path in LINE_KEYS and isinstance(given, list)):
        # a part filled in or cleared as a whole (a first answer to a question, a first table line):
        # its values one by one, each named and placed, not one change holding them all
        a, b = (a, type(a)()) if b is None else (type(b)(), b)
    if isinstance(a, dict) and isinstance(b, dict):
        for key in [*a, *(k for k in b if k not in a)]:
            if not path and key in _SKIP:
                continue
            _walk(a.get(key), b.get(key), _join(path, key), _join(old_path, key), out)  # absent = null
    elif isinstance(a, list) and isinstance(b, list) and path in LINE_KEYS:
        _lines(a, b, path, LINE_KEYS[path], out)
    elif isinstance(a, list) and isinstance(b, list):
        for n in range(max(len(a), len(b))):
            if n >= len(a):
                out.append((_join(path, n), "added", None, b[n], None))
            elif n >= len(b):
                out.append((_join(old_path, n), "removed", a[n], None, _join(old_path, n)))
            else:
                _walk(a[n], b[n], _join(path, n), _join(old_path, n), out)
    elif not same_value(a, b):
        # a value filled in or cleared is a change of its cell in NEW; only lines are added or removed
        out.append((path, "changed", a, b, old_path))


def _similar(a: Any, b: Any) -> float:
    """The share of fields two lines have in common (0 for lines that are not objects)."""
    if not (isinstance(a, dict) and isinstance(b, dict)):
        return 0.0
    keys = set(a) | set(b)
    return sum(same_value(a.get(k), b.get(k)) for k in keys) / len(keys) if keys else 1.0


def _lines(a: list, b: list, path: str, key: str, out: list) -> None:
    """Rule 2: match the lines of two tables by content; report added, removed and changed lines."""
    pair: dict[int, int] = {}  # new index -> old index
    free = set(range(len(a)))

    def match(test) -> None:
        for j, line in enumerate(b):
            if j in pair:
                continue
            for i in sorted(free, key=lambda i: abs(i - j)):  # the nearest row first
                if test(a[i], line):
                    pair[j] = i
                    free.discard(i)
                    break

    def same_key(x: Any, y: Any) -> bool:
        return (isinstance(x, dict) and isinstance(y, dict) and x.get(key) is not None
                and same_value(x.get(key), y.get(key)))

    match(lambda x, y: json.dumps(x, sort_keys=True, default=str) == json.dumps(y, sort_keys=True, default=str))
    # the same item in the same year (and payer) before the same item in the nearest row
    match(lambda x, y: same_key(x, y) and all(same_value(x.get(c), y.get(c)) for c in LINE_TELLERS.get(path, ())))
    match(same_key)
    match(lambda x, y: _similar(x, y) >= 0.5)
    for i in sorted(free):
        out.append((_join(path, i), "removed", a[i], None, _join(path, i)))
    for j, line in enumerate(b):
        if j in pair:
            _walk(a[pair[j]], line, _join(path, j), _join(path, pair[j]), out)
        else:
            out.append((_join(path, j), "added", None, line, None))


# --- text -----------------------------------------------------------------------------------------

LABELS = {
    "results": ("Virkning på nøgletallene:", "Effect on the key results:"),
    "kind": ("Ændring", "Change"), "sheet": ("Ark", "Sheet"), "cell": ("Celle", "Cell"),
    "field": ("Felt", "Field"), "old": ("Før", "Old"), "new": ("Nu", "New"),
    "figure": ("Nøgletal", "Key figure"), "diff": ("Ændring", "Change"),
    "changed": ("ændret", "changed"), "added": ("tilføjet", "added"), "removed": ("fjernet", "removed"),
    "pv_net": ("Nettoresultat", "Net result"), "break_even_year": ("Tilbagebetalingsår", "Break-even year"),
    "return_per_krone": ("Afkast pr. krone", "Return per krone"),
    **PAYER_LABELS, "empty": ("(tom)", "(empty)"), "line": ("linje", "line"),
}


def show_value(value: Any, lang: str = "da") -> str:
    """An input value as short text for a table: numbers in the language's form, a line by its key."""
    from somxl.base.numbers import fmt_number

    t = texts(LABELS, lang)
    if value is None:
        return t["empty"]
    if isinstance(value, bool):
        return pick(lang, *(("ja", "yes") if value else ("nej", "no")))
    if isinstance(value, (int, float)):
        return fmt_number(value, lang)
    if isinstance(value, dict):
        label = next((value.get(k) for k in ("name", "item", "id", "year") if value.get(k) is not None), None)
        return f"{t['line']} «{short_text(show_value(label, lang))}»" if label is not None else short_text(
            json.dumps(value, ensure_ascii=False))
    if isinstance(value, list):
        return short_text("[" + "; ".join(show_value(v, lang) for v in value) + "]")
    return short_text(str(value))


def show_input(path: str, value: Any, lang: str = "da") -> str:
    """The value of the input at ``path`` as short text, as its input cell shows it: a code as the
    workbook's list words it, a number in the form of its field's type (``numbers.fmt_input``:
    "60 %", "38.300", "600,00", "2026"), a list element by element; else ``show_value``. Diff's
    and compare's text both show values through here."""
    from somxl.base.numbers import KINDS, fmt_input
    from somxl.model.spec import load_spec

    coded = code_display(path, value, lang)
    if coded is not None:
        return short_text(coded)
    if isinstance(value, list):
        return short_text("[" + "; ".join(show_input(f"{path}[{n}]", v, lang) for n, v in enumerate(value)) + "]")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        found = load_spec().input_field(path)
        if found is not None and found.type in KINDS:
            return fmt_input(value, found.type, lang, _decimals(found.format))
    return show_value(value, lang)


def _decimals(number_format: str | None) -> int:
    """The decimals an Excel number format shows: 2 for '#,##0.00', 0 for none."""
    return len(re.match(r"0*", (number_format or "").partition(".")[2])[0])


def code_display(path: str, value: Any, lang: str = "da") -> str | None:
    """A coded value (status, payer, kind, confidence, yes/no) as the workbook shows it; None
    when the value at ``path`` is not a known code."""
    from somxl.model.spec import load_spec

    last = path.rsplit(".", 1)[-1]
    key = "yesno" if isinstance(value, bool) else last if last in _CODED else None
    if path.endswith("match.status"):  # the target group's match (god/delvis/ringe), not a question's status
        key = "match"
    return load_spec().list_for(key).display(value, lang) if key and value is not None else None


_CODED = ("status", "payer", "kind", "confidence")


