"""Read a returned SØM input workbook into a case dict, keeping where every value came from.

``read_workbook(path)`` runs the safety gate and the cell reader (``somxl.base.xlsxread``), finds
every input of the template spec by its defined name, falls back to the name table on the
Metadata sheet and to the sheet names (in either language) when a program lost or broke
names, and applies the round-trip rules of docs/template.md. It returns a ``ReadResult``:
the case dict as read (the canonical shape of ``case.case_to_dict``, unchecked), the
``Source`` (sheet, A1 cell, field label as printed) of every case path, the stamp, and the
reader's own issues (numbers typed as text, formulas without values, missing sheets...).
Checking the values is ``case.parse_case``'s job; ``somxl.workbook_in.validate`` joins the two.

Older templates: ``TEMPLATE_MIGRATIONS`` maps an old template version to a function that turns
the case dict read from such a workbook into the next version's. It is empty while the
template is at version 1; docs/reading.md says how to add one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from somxl import __version__
from somxl.model.case import SCHEMA, Answer, Case, contract
from somxl.base.numbers import read_cell
from somxl.base.report import Issue, locate
from somxl.base.safety import DEFAULT_LIMITS, Limits
from somxl.model.spec import LINE_WORD, PART_WORDS, Column, Field, ListDef, Spec, Table, load_spec
from somxl.base.vocab import LANGS, pick
from somxl.base.xlsxread import Cell, XlsxBook, not_a_name, open_workbook, parse_range, rowcol_to_a1

__all__ = ["Source", "ReadResult", "read_workbook", "read_book", "TEMPLATE_MIGRATIONS", "set_path", "locate"]

# template version → function(case dict read from that version) → case dict of version + 1
TEMPLATE_MIGRATIONS: dict[int, Callable[[dict], dict]] = {}

CASE_ORDER = tuple(contract(Case))  # the case dict's keys in contract order
ANSWER_ORDER = tuple(contract(Answer))
_NUMBER_KINDS = {"int": "int", "year": "year", "amount": "amount", "number": "number", "rate": "rate"}
# The sheet somxl adds to an annotated or next-round copy (annotate.SHEET, a writer this stage does
# not import): never a template sheet under another name.
ANNOTATION_SHEETS = ("Validering", "Validation")
# the template's words for a table's line and a question's parts, as diff and compare name them
_ROW = {lang: LINE_WORD(lang) for lang in LANGS}
_PART = {lang: {part: word(lang) for part, word in PART_WORDS.items()} for lang in LANGS}


@dataclass(frozen=True)
class Source:
    """Where a case value lives: sheet name, A1 cell, the field label as printed in the workbook.
    ``row``/``col`` are 1-based (for sorting); ``cell`` is None when the sheet is missing."""

    sheet: str
    cell: str | None
    field: str
    row: int = 0
    col: int = 0
    missing: bool = False


@dataclass
class ReadResult:
    case: dict[str, Any]
    sources: dict[str, Source]
    issues: list[Issue]
    lang: str
    stamp: dict[str, Any]
    sheets: list[str]  # sheet names in workbook order
    error_paths: set[str] = field(default_factory=set)  # paths where the reader reported an error
    missing_sheets: list[str] = field(default_factory=list)  # spec sheet keys not found
    # the workbook's own open lists: catalogue attr → values (empty when ``lists_needed`` said no)
    lists: dict[str, list[str]] = field(default_factory=dict)

    def locate(self, path: str | None) -> Source | None:
        """The source of ``path`` or of its nearest enclosing path (``a.b[2].c`` → ``a.b[2]`` → ``a.b``)."""
        return locate(self.sources, path)


def read_workbook(path: Path | str, *, spec: Spec | None = None, limits: Limits = DEFAULT_LIMITS,
                  lists_needed: Callable[[dict], bool] | None = None) -> ReadResult:
    """Read a returned workbook. Raises ``FileError`` (one F issue in its report) when the file
    cannot be read at all; everything else is an issue in the result. ``lists_needed(case dict)``:
    whether the caller has a use for the workbook's own lists (``ReadResult.lists``) in this case;
    when it says no, the list sheet is not read at all and ``lists`` is empty."""
    return read_book(open_workbook(path, limits), spec=spec, lists_needed=lists_needed)


def read_book(book: XlsxBook, *, spec: Spec | None = None,
              lists_needed: Callable[[dict], bool] | None = None) -> ReadResult:
    with book.held_open():
        return _Reader(book, spec or load_spec()).read(lists_needed)


@functools.lru_cache(maxsize=4096)  # the spec's paths and table keys, file after file
def _path_parts(path: str) -> tuple[str | int, ...]:
    """``a.b[1]`` → ('a', 'b', 1): a list index as an int."""
    return tuple(int(p[1:-1]) if p.startswith("[") else p for p in re.findall(r"[^.\[\]]+|\[\d+\]", path))


def set_path(obj: dict, path: str, value: Any) -> None:
    """Set ``a.b`` or ``a.b[1]`` in nested dicts (lists of the pair paths are made 2 long)."""
    parts = _path_parts(path)
    for i in range(len(parts) - 1):
        part = parts[i]
        if isinstance(part, int):
            obj = obj[part]
            continue
        if obj.get(part) is None:
            obj[part] = [None, None] if isinstance(parts[i + 1], int) else {}
        obj = obj[part]
    obj[parts[-1]] = value


# A template's input cells and labels are the same file after file: their Sources (immutable) are
# made once per process and shared, instead of some 370 dataclasses built for every file.
_SOURCES: dict[tuple[str, int, int, str], Source] = {}
_SOURCES_MAX = 1 << 15


_PLANS: dict[tuple[int, str], tuple[Spec, Any]] = {}  # (id(spec), lang) → (spec, its answer plan)


def _answer_plan(spec: Spec, lang: str) -> tuple[tuple[str, str, tuple[tuple[str, str, str, str, str], ...]], ...]:
    """Per question: its id, its case path, and per part (part, defined name, case path, label,
    step sheet key): the same for every file of a template, so made once per spec and language."""
    got = _PLANS.get((id(spec), lang))
    if got is None or got[0] is not spec:
        words = _PART[lang]
        plan = tuple((q.id, f"answers.{q.id}",
                      tuple((part, name, f"answers.{q.id}.{part}", f"{q.id} {words[part]}", f"step{q.step}")
                            for part, name in q.names.items()))
                     for q in spec.questions)
        if len(_PLANS) > 8:
            _PLANS.clear()
        got = _PLANS[(id(spec), lang)] = (spec, plan)
    return got[1]


def _blank(cell: Cell | None) -> bool:
    if cell is None:
        return True
    if cell.formula is not None:
        return False
    return cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


class _Reader:
    def __init__(self, book: XlsxBook, spec: Spec) -> None:
        self.book, self.spec = book, spec
        self.issues: list[Issue] = list(book.issues)
        self._sheet_names = set(book.sheet_names)  # the sheets do not change while a book is read
        self._cells_by: dict[str, Mapping[tuple[int, int], Cell]] = {}
        self.sources: dict[str, Source] = {}
        self.error_paths: set[str] = set()
        self.recovered: list[str] = []
        self.meta_sheet = self._find_meta_sheet()
        self._name_rows: list[int] = []  # the Metadata sheet's rows below its name table's header
        self.stamp = self._read_meta()
        self.lang = self._lang()
        self.sheet_map: dict[str, str | None] = {}
        self.missing: list[str] = []
        self.absent_optional: list[str] = []  # optional spec sheets the workbook lacks
        self.not_som = False
        self._row_index: dict[str, dict[int, list[int]]] = {}

    # --- structure --------------------------------------------------------------------------
    def _find_meta_sheet(self) -> str | None:
        for lang in LANGS:
            try:
                return self.book.sheet(self.spec.sheet_name("meta", lang)).name
            except KeyError:
                pass
        for s in self.book.sheets:
            if s.state == "veryHidden" and s.type == "worksheet":
                first = self.book.cells(s.name).get((1, 1))
                if first is not None and first.value == "key":
                    return s.name
        return None

    def _read_meta(self) -> dict[str, Any]:
        """The stamp (key → value rows above the name table) of the Metadata sheet; the custom
        document properties fill in stamp keys the sheet lacks."""
        stamp: dict[str, Any] = {}
        if self.meta_sheet is not None:
            cells = self.book.cells(self.meta_sheet)
            rows = sorted({r for r, _ in cells})
            for n, r in enumerate(rows):
                a, b = cells.get((r, 1)), cells.get((r, 2))
                key = a.value if a is not None else None
                if not isinstance(key, str):
                    continue
                if key == "name" and b is not None and b.value == "sheet":
                    self._name_rows = rows[n + 1:]
                    break
                if "." not in key and key != "key" and b is not None:
                    stamp[key] = b.value
        for key, value in self.book.custom_properties.items():
            if key.startswith("somxl_"):
                stamp.setdefault(key[6:], value)
        return stamp

    @functools.cached_property
    def name_table(self) -> dict[str, tuple[str, str]]:
        """The Metadata sheet's name table (name → sheet, range): ~210 rows that repeat the
        defined names, read only when a name is lost or broken (or no step sheet is found)."""
        cells = self.book.cells(self.meta_sheet) if self._name_rows else {}
        names: dict[str, tuple[str, str]] = {}
        for r in self._name_rows:
            a, b, c = cells.get((r, 1)), cells.get((r, 2)), cells.get((r, 3))
            if a is not None and isinstance(a.value, str) and b is not None and c is not None \
                    and not (a.value == "name" and b.value == "sheet"):  # the header, once more
                names[a.value] = (str(b.value), str(c.value))
        return names

    def _lang(self) -> str:
        if self.stamp.get("lang") in LANGS:
            return self.stamp["lang"]
        names = {n.casefold() for n in self.book.sheet_names}
        hits = {lang: sum(s.name(lang).casefold() in names for s in self.spec.sheets) for lang in LANGS}
        return "en" if hits["en"] > hits["da"] else "da"

    def _resolve_sheets(self) -> None:
        """Spec sheet key → actual sheet name: by name in either language; else a sheet the
        key's defined names now point to (Excel renames names with the sheet); else the one
        unknown sheet when exactly one sheet is missing (never somxl's own Validering sheet)."""
        known = {}
        for s in self.spec.sheets:
            for lang in (self.lang, "da", "en"):
                try:
                    known[s.key] = self.book.sheet(s.name(lang)).name
                    break
                except KeyError:
                    continue
        taken = set(known.values())
        for s in self.spec.sheets:
            if s.key in known or s.key in ("lists", "meta"):
                continue
            for name in self._names_of_sheet(s.key):
                dn = self.book.defined_name(name)
                if dn is not None and dn.sheet and dn.sheet in self.book.sheet_names and dn.sheet not in taken:
                    known[s.key] = dn.sheet
                    taken.add(dn.sheet)
                    break
        missing = [s.key for s in self.spec.sheets if s.key not in known and s.key not in ("lists", "meta")]
        # an optional sheet an older copy lacks is no missing sheet: its tables read as empty
        self.absent_optional = [s.key for s in self.spec.sheets if s.optional and s.key in missing]
        missing = [key for key in missing if key not in self.absent_optional]
        unknown = [s.name for s in self.book.sheets if s.name not in taken and s.state == "visible"
                   and s.type == "worksheet" and s.name not in ANNOTATION_SHEETS]
        if len(missing) == 1 and len(unknown) == 1:
            known[missing[0]] = unknown[0]
            missing = []
        for s in self.spec.sheets:
            actual = known.get(s.key)
            expected = s.name(self.lang)
            if actual is not None and actual.casefold() not in (s.name("da").casefold(), s.name("en").casefold()):
                self.issues.append(Issue("R013", sheet=actual, params={"expected": expected, "sheet_name": actual}))
        self.sheet_map = {s.key: known.get(s.key) for s in self.spec.sheets}
        self.sheet_map["meta"] = self.meta_sheet
        self.missing = missing
        # No step sheet and no name table to find one by: not a SØM workbook (R028), one issue
        # instead of a missing sheet each. Otherwise every missing sheet is named, however many.
        self.not_som = not any(known.get(s.key) for s in self.spec.sheets if s.kind == "step") and not self.name_table
        if not self.not_som:
            for key in missing:
                self.issues.append(Issue("R012", params={"sheet_name": self.spec.sheet_name(key, self.lang),
                                                         "inputs": self._inputs_of(key)}))

    def _inputs_of(self, key: str) -> str:
        """What a missing sheet held, as the user reads it: labels, tables and question numbers."""
        lang = self.lang
        parts = [f.label(lang) for f in self.spec.fields_of(key)] + [t.label(lang) for t in self.spec.tables_of(key)]
        questions = self.spec.questions_of(self.spec.sheets_by_key[key].step or 0)
        if questions:
            word = pick(lang, "spørgsmål", "questions")
            parts.append(f"{word} {questions[0].id}–{questions[-1].id}")
        return ", ".join(parts)

    def _names_of_sheet(self, key: str) -> list[str]:
        out = [f.name for f in self.spec.fields_of(key)]
        out += [c.name for t in self.spec.tables_of(key) for c in t.input_columns]
        sheet = self.spec.sheets_by_key[key]
        out += [n for q in self.spec.questions_of(sheet.step or 0) for n in q.names.values()]
        return out

    def _sheet_key(self, name: str) -> str | None:
        for s in self.spec.sheets:
            if name.casefold() in (s.name("da").casefold(), s.name("en").casefold()):
                return s.key
        return None

    def _actual(self, sheet: str) -> str | None:
        """An existing sheet for a sheet name found in a name or the metadata."""
        if sheet in self._sheet_names:
            return sheet
        key = self._sheet_key(sheet)
        return self.sheet_map.get(key) if key else None

    def locate(self, name: str) -> tuple[str, int, int, int, int] | None:
        """Sheet and 1-based corners (r1, c1, r2, c2) of a defined name, with the fallbacks."""
        dn = self.book.defined_name(name)
        if dn is not None and dn.status == "range" and dn.sheet and dn.ref:
            sheet = self._actual(dn.sheet)
            if sheet is not None:
                (r1, c1), (r2, c2) = parse_range(dn.ref)
                return sheet, r1, c1, r2, c2
        if name in self.name_table:
            listed_sheet, rng = self.name_table[name]
            sheet = self._actual(listed_sheet)
            if sheet is not None:
                try:
                    (r1, c1), (r2, c2) = parse_range(rng.replace("$", ""))
                except ValueError:
                    return None
                self.recovered.append(name)
                return sheet, r1, c1, r2, c2
        return None

    # --- reading ----------------------------------------------------------------------------
    def read(self, lists_needed: Callable[[dict], bool] | None = None) -> ReadResult:
        self._resolve_sheets()
        if self.not_som:
            self.issues.append(Issue("R028"))
        self._stamp_checks()
        case: dict[str, Any] = {"schema": SCHEMA}
        uncertainty: dict[str, Any] = {"draws": None, "seed": None, "success_rate": None, "costs": None,
                                       "consequences": {}}
        pairs: dict[str, list[tuple[Any, str]]] = {}
        for f in self.spec.fields:
            value, path = self._field(f), f.path
            if path.startswith("uncertainty."):
                m = re.fullmatch(r"uncertainty\.(\w+)\[(\d)\]", path)
                if m:
                    pairs.setdefault(m.group(1), [(None, ""), (None, "")])[int(m.group(2))] = (value, path)
                else:
                    uncertainty[path.split(".", 1)[1]] = value
            else:
                set_path(case, path, value)
        match = (case.get("target_group") or {}).get("match")
        if isinstance(match, dict) and all(v is None for v in match.values()):
            case["target_group"]["match"] = None  # not assessed, as a case without it has it
        for key, halves in pairs.items():
            uncertainty[key] = self._pair(halves)
            low = self.sources.get(halves[0][1])
            if low is not None:  # a rule about the pair as a whole (V013) points at its low cell
                self.sources[f"uncertainty.{key}"] = low
        for t in self.spec.tables:
            rows = self._table(t)
            if t.path == "settings.price_index":
                case["settings"]["price_index"] = rows
            elif t.path == "consequences":
                case["consequences"] = self._consequence_bounds(rows, uncertainty["consequences"])
            else:
                set_path(case, t.path, rows)
        case["answers"] = self._answers()
        has_uncertainty = any(v is not None for k, v in uncertainty.items() if k != "consequences") \
            or bool(uncertainty["consequences"]) or any("uncertainty" in p for p in self.error_paths)
        case["uncertainty"] = uncertainty if has_uncertainty else None
        case = {k: case.get(k) for k in CASE_ORDER}
        case = self._migrate(case)
        if self.recovered:
            names = sorted(set(self.recovered))
            shown = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
            self.issues.append(Issue("R014", params={"count": len(names), "names": shown}))
        lists = self._own_lists() if lists_needed is None or lists_needed(case) else {}
        return ReadResult(case=case, sources=self.sources, issues=self.issues, lang=self.lang, stamp=self.stamp,
                          sheets=self.book.sheet_names, error_paths=self.error_paths, missing_sheets=self.missing,
                          lists=lists)

    def _source(self, path: str, sheet: str, row: int, col: int, label: str) -> Source:
        key = (sheet, row, col, label)
        src = _SOURCES.get(key)
        if src is None:
            if len(_SOURCES) >= _SOURCES_MAX:
                _SOURCES.clear()
            src = _SOURCES[key] = Source(sheet, rowcol_to_a1(row, col), label, row, col)
        self.sources[path] = src
        return src

    def _missing_source(self, path: str, sheet_key: str, label: str) -> None:
        self.sources[path] = Source(self.spec.sheet_name(sheet_key, self.lang), None, label, missing=True)

    def _issue(self, code: str, src: Source | None, path: str, value: Any = None, **params: Any) -> None:
        issue = Issue(code, sheet=src.sheet if src else None, cell=src.cell if src else None,
                      field=src.field if src else None, path=path, value=value, params=params)
        self.issues.append(issue)
        if issue.severity == "error":
            self.error_paths.add(path)

    def _cells(self, sheet: str) -> Mapping[tuple[int, int], Cell]:
        """The book's cells of ``sheet``, kept here by the name asked for (the book finds a sheet
        by walking its list, and a file asks some thousand times)."""
        cells = self._cells_by.get(sheet)
        if cells is None:
            cells = self._cells_by[sheet] = self.book.cells(sheet)
        return cells

    def _cell(self, sheet: str, row: int, col: int) -> Cell | None:
        return self._cells(sheet).get((row, col))

    def _filled(self, sheet: str) -> dict[int, list[int]]:
        """Row → sorted columns of the cells a sheet holds. Tables are read through it, not by
        walking their range: a name stretched to whole rows or columns ($A$1:$XFD$1048576) would
        otherwise mean billions of look-ups."""
        index = self._row_index.get(sheet)
        if index is None:
            index = self._row_index[sheet] = {}
            for r, c in self._cells(sheet):
                cols = index.get(r)
                if cols is None:
                    index[r] = [c]
                else:
                    cols.append(c)
            for cols in index.values():
                cols.sort()  # a sheet's cells come in its order, which a program may not keep
        return index

    def _field(self, f: Field) -> Any:
        label = f.label(self.lang)
        loc = self.locate(f.name)
        if loc is None:
            if f.sheet == "meta":  # a program that drops very hidden sheets: nothing to report
                return None
            if f.sheet in self.missing:
                self._missing_source(f.path, f.sheet, label)
            else:
                self._issue("R015", None, f.path, name=f.name)
                self.sources[f.path] = Source(self.spec.sheet_name(f.sheet, self.lang), None, label)
            return None
        sheet, r1, c1, _, _ = loc
        src = self._source(f.path, sheet, r1, c1, label)
        return self._value(self._cell(sheet, r1, c1), f.type, self.spec.list_for(f.list), src, f.path)

    def _value(self, cell: Cell | None, type_: str, list_def: ListDef | None, src: Source, path: str) -> Any:
        """One cell as the case value of ``type_``; issues go to the report, None when unusable."""
        if _blank(cell):  # most of a returned workbook's input cells are empty
            return None
        if cell.formula is not None and not cell.has_cached_value:
            self._issue("R004", src, path, formula="=" + cell.formula)
            return None
        if cell.kind == "error":
            self._issue("R005", src, path, cell.value)
            return None
        if type_ in _NUMBER_KINDS:
            parsed = read_cell(cell, _NUMBER_KINDS[type_])
            if parsed.status in ("ambiguous", "invalid"):
                self._issue(parsed.code or "R003", src, path, parsed.raw, **parsed.params)
                return None
            if parsed.status == "converted":
                self._issue("R001", src, path, parsed.raw, **parsed.params)
            value = parsed.value
            if type_ in ("amount", "number") and isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
                value = int(value)
            return value
        if type_ == "date":
            if cell.kind in ("date", "number") and isinstance(cell.value, (int, float)):
                epoch = dt.date(1904, 1, 1) if self.book.date1904 else dt.date(1899, 12, 30)
                try:
                    return (epoch + dt.timedelta(days=int(cell.value))).isoformat()
                except (OverflowError, ValueError):  # far beyond the calendar, or NaN
                    return _as_text(cell.value)
            return _as_text(cell.value).strip()
        if type_ == "bool" or (list_def is not None and list_def.closed):
            code = list_def.code_for(cell.value) if list_def else None
            if code is None:
                allowed = ", ".join(list_def.texts(self.lang)) if list_def else ""
                self._issue("R016", src, path, _as_text(cell.value), allowed=allowed)
                return None
            return code
        if isinstance(cell.value, bool):
            # Danish Excel makes a typed 'sand' the logical value SAND: the word or a yes? Refused
            # where it is, shown as Excel shows it, as a logical value in a name is (D016, K022).
            self._issue("R029", src, path, **not_a_name(cell.value))
            return None
        return _as_text(cell.value)

    def _pair(self, halves: list[tuple[Any, str]]) -> list[Any] | None:
        (lo, lo_path), (hi, hi_path) = halves
        if lo is None and hi is None:
            return None
        if lo is None or hi is None:
            blank = lo_path if lo is None else hi_path
            if blank not in self.error_paths:
                self._issue("R018", self.sources.get(blank), blank)
            return None
        return [lo, hi]

    def _table(self, t: Table) -> Any:
        if t.sheet in self.absent_optional:
            return []
        columns: list[tuple[Column, tuple[str, int, int, int, int]]] = []
        for c in t.input_columns:
            loc = self.locate(c.name)
            if loc is None:
                if t.sheet not in self.missing:
                    self._issue("R015", None, t.path, name=c.name)
                continue
            columns.append((c, loc))
        table_label = t.label(self.lang)
        if not columns:
            if t.sheet in self.missing:
                self._missing_source(t.path, t.sheet, table_label)
            return {} if t.path == "settings.price_index" else []
        sheet = columns[0][1][0]
        first_row = min(loc[1] for _, loc in columns)
        last_row = max(loc[3] for _, loc in columns)
        self._source(t.path, sheet, first_row, columns[0][1][2], table_label)
        cells = self._cells(sheet)
        word = _ROW[self.lang]
        plan = [(c, c1, c2, c.label(self.lang), self.spec.list_for(c.list), "." in c.key or "[" in c.key)
                for c, (_, _, c1, _, c2) in columns]
        rows: list[dict[str, Any]] = []
        for r in self._input_rows(sheet, [(loc[2], loc[4]) for _, loc in columns if loc[0] == sheet],
                                  first_row, last_row):
            base = f"{t.path}[{len(rows)}]"
            shown = r - first_row + 1
            self._source(base, sheet, r, columns[0][1][2], f"{table_label}, {word} {shown}")
            row: dict[str, Any] = {}
            for c, c1, c2, column_label, list_def, nested in plan:
                label = f"{column_label}, {word} {shown}"
                if c.repeat > 1:
                    set_path(row, c.key, self._repeat(cells, sheet, r, c, c1, c2, base, label))
                    continue
                path = f"{base}.{c.key}"
                src = self._source(path, sheet, r, c1, label)
                cell = cells.get((r, c1))
                value = None if cell is None else self._value(cell, c.type, list_def, src, path)
                if value is None and c.default is not None and path not in self.error_paths:
                    value = c.default
                if nested:
                    set_path(row, c.key, value)
                else:
                    row[c.key] = value
            rows.append(row)
        if t.path == "settings.price_index":
            return self._price_index(rows)
        if t.path == "scenarios":
            for row in rows:  # one cell holds the names left out: "A; B" → ["A", "B"]
                text = row.get("leave_out")
                row["leave_out"] = [n.strip() for n in text.split(";") if n.strip()] if isinstance(text, str) else []
        return rows

    def _input_rows(self, sheet: str, spans: list[tuple[int, int]], first_row: int, last_row: int) -> list[int]:
        """The rows from ``first_row`` to ``last_row`` where a cell within the column ``spans``
        (first, last) holds a value, in order."""
        cells, filled = self._cells(sheet), self._filled(sheet)
        wide = sum(b - a + 1 for a, b in spans) > 1024  # a name stretched to whole rows
        in_spans = set() if wide else {col for a, b in spans for col in range(a, b + 1)}
        rows = []
        for r in sorted(r for r in filled if first_row <= r <= last_row):
            for col in filled[r]:
                if (any(a <= col <= b for a, b in spans) if wide else col in in_spans) and not _blank(cells[r, col]):
                    rows.append(r)
                    break
        return rows

    def _repeat(self, cells: dict, sheet: str, r: int, c: Column, c1: int, c2: int, base: str, label: str) -> list:
        path = f"{base}.{c.key}"
        self._source(path, sheet, r, c1, label)
        filled = [col for col in self._filled(sheet).get(r, ()) if c1 <= col <= c2 and not _blank(cells.get((r, col)))]
        values: list[Any] = []
        for j, col in enumerate(range(c1, (filled[-1] + 1) if filled else c1)):
            p = f"{path}[{j}]"
            src = self._source(p, sheet, r, col, f"{c.label(self.lang)} {j + 1}, {label.split(', ')[-1]}")
            cell = cells.get((r, col))
            if _blank(cell):
                self._issue("R017", src, p)
                values.append(0)
            else:
                values.append(self._value(cell, c.type, None, src, p))
        return values

    def _price_index(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        index: dict[str, Any] = {}
        for n, row in enumerate(rows):
            base = f"settings.price_index[{n}]"
            year = row.get("year")
            if year is None:
                if f"{base}.year" not in self.error_paths:
                    self._issue("C005", self.sources.get(f"{base}.year"), f"{base}.year")
                continue
            key = str(year)
            self.sources[f"settings.price_index.{key}"] = self.sources[f"{base}.index"]
            index[key] = row.get("index")
            if f"{base}.index" in self.error_paths:
                self.error_paths.add(f"settings.price_index.{key}")
        return dict(sorted(index.items()))

    def _consequence_bounds(self, rows: list[dict[str, Any]], bounds: dict[str, Any]) -> list[dict[str, Any]]:
        for n, row in enumerate(rows):
            low, high = row.pop("uncertainty_low", None), row.pop("uncertainty_high", None)
            base = f"consequences[{n}]"
            pair = self._pair([(low, f"{base}.uncertainty_low"), (high, f"{base}.uncertainty_high")])
            name = row.get("name")
            if pair is not None and isinstance(name, str) and f"{base}.uncertainty_high" in self.sources:
                path = f"uncertainty.consequences.{name}"
                bounds[name] = pair
                self.sources[path] = self.sources[f"{base}.uncertainty_low"]
                self.sources[f"{path}[0]"] = self.sources[f"{base}.uncertainty_low"]
                self.sources[f"{path}[1]"] = self.sources[f"{base}.uncertainty_high"]
            if row.get("changes") is None:
                row["changes"] = []
        return rows

    def _own_lists(self) -> dict[str, list[str]]:
        """The values of the open dropdown lists the workbook carries (its list sheet): a value
        picked from them was offered by whoever made the workbook, so it is not 'outside the
        catalogue'. Read from the sheet's cells within each list's range, never by walking the
        range (a name stretched to whole columns would mean a million look-ups): one pass over a
        sheet's cells for all its lists, each list's values in the order of the cells."""
        wanted = [(li.catalog, li.name) for li in self.spec.lists if not li.closed and li.catalog]
        wanted.append(("register_based", "Katalog_Registerbaseret"))  # for the match rule (W007)
        texts: list[list[str]] = [[] for _ in wanted]
        Spans = list[tuple[int, int, int, int, int]]
        by_sheet: dict[str, tuple[dict[int, Spans], Spans]] = {}  # sheet → (column → its lists, lists wider)
        for i, (_, name) in enumerate(wanted):
            loc = self.locate(name)
            if loc is None:
                continue
            sheet, r1, c1, r2, c2 = loc
            by_col, wide = by_sheet.setdefault(sheet, ({}, []))
            if c2 - c1 < 64:  # a list is a column: found by the cell's column
                for c in range(c1, c2 + 1):
                    by_col.setdefault(c, []).append((i, r1, c1, r2, c2))
            else:
                wide.append((i, r1, c1, r2, c2))
        for sheet, (by_col, wide) in by_sheet.items():
            for spans in by_col.values():
                spans += wide
            cells = self._cells(sheet)
            for r, c in cells:  # by position first: a cell outside every list is never looked at
                for i, r1, c1, r2, c2 in by_col.get(c, wide):
                    if r1 <= r <= r2 and c1 <= c <= c2:
                        value = cells[r, c].value
                        if isinstance(value, str) and value.strip():
                            texts[i].append(" ".join(value.split()))
        out: dict[str, list[str]] = {}
        for (attr, _), values in zip(wanted, texts):
            out[attr] = values
        return out

    def _answers(self) -> dict[str, Any]:
        status = self.spec.lists_by_key["status"]
        answers: dict[str, Any] = {}
        for qid, answer_path, parts in _answer_plan(self.spec, self.lang):
            given: dict[str, Any] = {}
            for part, name, path, label, sheet_key in parts:
                loc = self.locate(name)
                if loc is None:
                    if sheet_key in self.missing:
                        self._missing_source(path, sheet_key, label)
                    given[part] = None
                    continue
                sheet, r1, c1, _, _ = loc
                src = self._source(path, sheet, r1, c1, label)
                if part == "answer":
                    self.sources[answer_path] = src
                cell = self._cell(sheet, r1, c1)
                if part == "status":
                    given[part] = self._value(cell, "choice", status, src, path)
                else:
                    given[part] = self._value(cell, "longtext", None, src, path)
            if any(v is not None for v in given.values()):
                answers[qid] = {k: given.get(k) for k in ANSWER_ORDER}
        return answers

    # --- the stamp ---------------------------------------------------------------------------
    def _stamp_checks(self) -> None:
        st, spec = self.stamp, self.spec
        if not st.get("template_id"):
            self.issues.append(Issue("R019"))
            return
        if st["template_id"] != spec.id:
            self.issues.append(Issue("R020", value=st["template_id"], params={"expected": spec.id}))
            return
        try:
            version = int(st.get("template_version"))
        except (TypeError, ValueError, OverflowError):  # OverflowError: a version cell of 1E+400
            version = spec.version
        params = {"supported": spec.version, "version": __version__, "made_by": st.get("somxl_version", "?")}
        if version > spec.version:
            self.issues.append(Issue("R021", value=version, params=params))
        elif version < spec.version:
            chain = all(v in TEMPLATE_MIGRATIONS for v in range(version, spec.version))
            self.issues.append(Issue("R022" if chain else "R023", value=version, params=params))
        elif st.get("spec_hash") and st["spec_hash"] != spec.hash:
            self.issues.append(Issue("R024", value=version))
        self.version = version
        stamped = self.book.custom_properties.get("somxl_submission_id")
        if stamped:
            self._submission = stamped

    def _migrate(self, case: dict[str, Any]) -> dict[str, Any]:
        version = getattr(self, "version", self.spec.version)
        while version < self.spec.version and version in TEMPLATE_MIGRATIONS:
            case = TEMPLATE_MIGRATIONS[version](case)
            version += 1
        stamped = getattr(self, "_submission", None)
        actual = (case.get("meta") or {}).get("submission_id")
        src = self.sources.get("meta.submission_id")
        if stamped and src is None and isinstance(case.get("meta"), dict):
            # the Metadata sheet is gone (a program dropped the very hidden sheet): nothing was
            # changed, the document properties still hold the id
            case["meta"]["submission_id"] = stamped
        elif stamped and actual != stamped:
            self.issues.append(Issue("R025", sheet=src.sheet if src else None, cell=src.cell if src else None,
                                     field=src.field if src else None, path="meta.submission_id",
                                     value=actual or "", params={"expected": stamped}))
        return case
