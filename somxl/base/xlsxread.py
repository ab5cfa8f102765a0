"""A small, safe reader of the parts of an .xlsx that validation needs.

Why not a library: openpyxl gives either cached values (``data_only=True``) or formulas, so
a reader that must tell "a formula with no cached value" from "zero" loads the file twice,
and both loads parse every sheet; python-calamine is fast but gives neither formulas nor
defined names. This module reads, in one pass per sheet and only for the sheets asked for,
each cell's cached value, type and formula text, plus sheet names and states, defined
names and custom document properties. It does not read formatting beyond "is this number
formatted as a date" and never writes anything.

Safety: ``open_workbook`` runs the gate in ``somxl.base.safety`` first (zip bombs, encrypted or
legacy files, macros...) and reads on through the package the gate opened (``open_package``):
the zip is opened once per file. Every XML part is checked by expat with DTDs refused as
defusedxml refuses them, so an entity bomb or an external entity is a ``FileError`` (F016) at
once, never a hang; invalid XML, a damaged zip member or a missing part is a ``FileError``
(F017, F005, F018) with one clear issue in its report, never a traceback. Structure parts this
process has already checked and built, byte for byte, are not parsed again (``XlsxBook._built``); a
workbook part that differs is checked whole, but the defined names it shares with one built before are
not built again (``_workbook_structure``).

Files written by Excel, LibreOffice, openpyxl, XlsxWriter and Google Sheets are read alike:
elements are matched by local name (any prefix such as ``x:``, transitional or Strict
namespaces); in the workbook part, the styles, sheets and shared strings only SpreadsheetML's own
elements count (an ``<o:c>`` of another namespace is no cell, on the fast path as on the streaming
one, and an extension's ``<o:sheet>``, ``<o:definedName>`` or ``<o:xf>`` no sheet, name or style), and
in the package's own parts only OPC's (an extension's ``<o:Relationship>``, ``<o:Override>`` or
``<o:property>``, or an ``o:id`` on a sheet, points no sheet at another part); part
paths are resolved through the relationship parts (absolute or relative targets), cells and
rows without an ``r`` attribute are numbered by position, and shared formulas are expanded for
every cell they cover.

Dates stay serial numbers (``Cell.kind == "date"`` when the cell's number format is a date
format; ``XlsxBook.date1904`` tells the epoch). Absent cells and cells with neither value
nor formula (styled blanks) are not in ``cells()``, a read-only mapping; a sheet read whole makes
each of its ``Cell``s when it is first looked up (a returned workbook's case looks at a small
part of them), every cell having been checked as the sheet was read.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import posixpath
import re
import time
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
import math
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Iterator, NamedTuple

from somxl.base import safety
from somxl.base.report import Issue

__all__ = [
    "Cell", "SheetInfo", "DefinedName", "XlsxBook", "open_workbook",
    "a1_to_rowcol", "rowcol_to_a1", "col_to_letters", "letters_to_col", "parse_range",
    "parse_defined_name", "shift_formula", "is_date_format", "iter_cells", "first_sheet_rows", "side_value",
]

# --- A1 helpers ----------------------------------------------------------------------------

_A1 = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's sheet: a reference beyond is damage, not a cell
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]+)")


def col_to_letters(col: int) -> str:
    """1 → 'A', 27 → 'AA'."""
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def letters_to_col(letters: str) -> int:
    """'A' → 1, 'aa' → 27."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col


def a1_to_rowcol(ref: str) -> tuple[int, int]:
    """'C5' or '$C$5' → (5, 3). Raises ValueError for anything else, also for a cell outside
    Excel's sheet (row 1-1048576, column A-XFD)."""
    m = _A1.fullmatch(ref.strip())
    if not m:
        raise ValueError(f"not an A1 cell reference: {ref[:40]!r}")
    row, col = int(m.group(2)), letters_to_col(m.group(1))
    if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COL):
        raise ValueError(f"outside the sheet: {ref[:40]!r}")
    return row, col


def rowcol_to_a1(row: int, col: int) -> str:
    """(5, 3) → 'C5'."""
    return f"{col_to_letters(col)}{row}"


@functools.lru_cache(maxsize=8192)  # a worker reads the same template's names file after file
def parse_range(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """'C5:E54' → ((5, 3), (54, 5)); a single cell 'C5' → ((5, 3), (5, 3)). Corners are sorted."""
    first, _, last = ref.partition(":")
    (r1, c1), (r2, c2) = a1_to_rowcol(first), a1_to_rowcol(last or first)
    return (min(r1, r2), min(c1, c2)), (max(r1, r2), max(c1, c2))


# --- result objects --------------------------------------------------------------------------

CELL_KINDS = ("number", "date", "shared_string", "inline_string", "formula_string",
              "boolean", "error", "blank")


class Cell(NamedTuple):
    """One cell as saved. ``value`` is the cached value: int/float for numbers and date
    serials, str for the three string kinds and for errors ('#REF!'), bool, or None when a
    formula has no cached value (``kind == 'blank'``). ``formula`` is the formula text
    without '=' or None. A named tuple (immutable, compared by value): a returned sheet holds
    thousands, and a tuple is made in a fraction of a frozen dataclass's time."""

    row: int
    col: int
    value: int | float | str | bool | None
    kind: str
    formula: str | None = None

    @property
    def ref(self) -> str:
        return rowcol_to_a1(self.row, self.col)

    @property
    def has_cached_value(self) -> bool:
        return self.value is not None

    @property
    def is_text(self) -> bool:
        return self.kind in ("shared_string", "inline_string", "formula_string")

    @property
    def is_date(self) -> bool:
        return self.kind == "date"


_new_cell = tuple.__new__  # Cell's fields in order, without NamedTuple's Python-level __new__


@dataclass(frozen=True)
class SheetInfo:
    """A sheet in workbook order. ``state``: visible, hidden or veryHidden; ``type``:
    worksheet, chartsheet, dialogsheet or macrosheet; ``part``: its zip member name."""

    name: str
    state: str
    type: str
    part: str | None


@dataclass(frozen=True)
class DefinedName:
    """A defined name. ``scope`` is None for a workbook-level name, else the sheet it is local
    to. ``status``: 'range' (``sheet`` and ``ref`` set, ``ref`` like 'C5' or 'C5:C54' without
    '$'), 'ref_error' (points at deleted cells: #REF!), 'external' (another file) or 'other'
    (a constant, a formula, several areas, whole rows or columns)."""

    name: str
    text: str
    scope: str | None = None
    hidden: bool = False
    sheet: str | None = None
    ref: str | None = None
    status: str = "other"


_NAME_TARGET = re.compile(
    r"(?:'((?:[^']|'')+)'|([^'!\s\[][^'!]*))!"
    r"(\$?[A-Za-z]{1,3}\$?[0-9]+(?::\$?[A-Za-z]{1,3}\$?[0-9]+)?)"
)


# 'Sheet'!$C$5 or 'Sheet'!$C$5:$C$54 with rows written without leading zeros
_ANCHORED_TARGET = re.compile(r"'((?:[^'\[]|'')(?:[^']|'')*)'!\$([A-Z]{1,3})\$([1-9][0-9]{0,6})"
                              r"(?::\$([A-Z]{1,3})\$([1-9][0-9]{0,6}))?")
_COLUMNS = {col_to_letters(c): c for c in range(1, 703)}  # A .. ZZ


@functools.lru_cache(maxsize=8192)  # a worker reads the same template's names file after file
def parse_defined_name(name: str, text: str, scope: str | None = None, hidden: bool = False) -> DefinedName:
    """Classify a defined name's formula text, resolving quoted sheet names ('1 Indsats'!$C$5)."""
    body = text.strip().removeprefix("=")
    if "#REF!" in body.upper():
        return DefinedName(name, text, scope, hidden, status="ref_error")
    if body.startswith("[") or re.match(r"'?\[", body):
        return DefinedName(name, text, scope, hidden, status="external")
    m = _ANCHORED_TARGET.fullmatch(body)
    if m is not None:  # what Excel and XlsxWriter write: built without parsing the corners again
        sheet, l1, d1, l2, d2 = m.groups()
        c1, r1 = _COLUMNS.get(l1) or letters_to_col(l1), int(d1)
        c2, r2 = (_COLUMNS.get(l2) or letters_to_col(l2), int(d2)) if l2 else (c1, r1)
        if c1 <= c2 <= MAX_COL and r1 <= r2 <= MAX_ROW:
            ref = f"{l1}{d1}" if (r1, c1) == (r2, c2) else f"{l1}{d1}:{l2}{d2}"
            return DefinedName(name, text, scope, hidden, sheet.replace("''", "'"), ref, "range")
    m = _NAME_TARGET.fullmatch(body)
    if not m:
        return DefinedName(name, text, scope, hidden, status="other")
    sheet = m.group(1).replace("''", "'") if m.group(1) is not None else m.group(2)
    try:
        (r1, c1), (r2, c2) = parse_range(m.group(3))
    except ValueError:  # a row of 5,000 digits, a column beyond XFD: no range Excel could hold
        return DefinedName(name, text, scope, hidden, status="other")
    ref = rowcol_to_a1(r1, c1) if (r1, c1) == (r2, c2) else f"{rowcol_to_a1(r1, c1)}:{rowcol_to_a1(r2, c2)}"
    return DefinedName(name, text, scope, hidden, sheet, ref, "range")


# --- the workbook --------------------------------------------------------------------------


class XlsxBook:
    """An opened workbook. Build it with ``open_workbook``; sheets are parsed on first use.

    ``issues`` holds the gate's warnings (macros, external links, embedded objects) and the
    reader's (R011: a defined name pointing at #REF!)."""

    def __init__(self, path: Path, info: safety.FileInfo, limits: safety.Limits = safety.DEFAULT_LIMITS):
        self.path = path
        self.info = info
        self.limits = limits
        self._held = 0  # cells and shared strings held so far, against limits.max_cells
        self._spent = 0.0  # seconds spent parsing parts, against limits.max_seconds
        self.issues: list[Issue] = list(info.issues)
        self.sheets: list[SheetInfo] = []
        self.defined_names: dict[str, DefinedName] = {}
        self.local_names: dict[tuple[str, str], DefinedName] = {}
        self.custom_properties: dict[str, Any] = {}
        self.date1904 = False
        self._parts = {n.lower(): n for n in info.parts}
        self._strings_part: str | None = None
        self._strings: list[str] | None = None
        self._date_styles: frozenset[int] = frozenset()
        self._cells: dict[str, Mapping[tuple[int, int], Cell]] = {}
        self._open: zipfile.ZipFile | None = None  # the package, from the gate to the end of ``held_open``
        self._holding = 0  # ``held_open`` blocks entered and not yet left
        self._name_index: dict[tuple[str | None, str], DefinedName] | None = None

    @property
    def sheet_names(self) -> list[str]:
        """Sheet names in workbook order (see ``sheets`` for their state and type)."""
        return [s.name for s in self.sheets]

    def sheet(self, name: str) -> SheetInfo:
        """The sheet of this name; like Excel, an exact match first, then ignoring case."""
        for s in self.sheets:
            if s.name == name:
                return s
        for s in self.sheets:
            if s.name.casefold() == name.casefold():
                return s
        raise KeyError(name)

    def cells(self, sheet: str) -> Mapping[tuple[int, int], Cell]:
        """Every cell with a value or a formula, keyed by (row, col) in the order written. Parsed
        (and checked) once, then cached; a mapping like a read-only dict, whose Cells are made as
        they are looked up (most of a sheet's never are)."""
        info = self.sheet(sheet)
        if info.name not in self._cells:
            if info.type == "worksheet" and info.part is None:
                raise safety.missing_part(self.path, f"'{info.name}'")
            if info.type != "worksheet":
                self._cells[info.name] = {}
            else:
                with self._zip() as zf:
                    cells = self._sheet_cells(zf, info.part)
                self._cells[info.name] = cells
        return self._cells[info.name]

    def cell(self, sheet: str, ref: str) -> Cell | None:
        """The cell at A1 ``ref`` ('C5' or '$C$5'), or None if it is empty."""
        return self.cells(sheet).get(a1_to_rowcol(ref))

    def range_values(self, sheet: str, ref: str) -> list[list[Cell | None]]:
        """The cells of an A1 range ('C5:E54') as rows of columns; None where empty."""
        (r1, c1), (r2, c2) = parse_range(ref)
        cells = self.cells(sheet)
        return [[cells.get((r, c)) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    def defined_name(self, name: str, sheet: str | None = None) -> DefinedName | None:
        """Look a name up like Excel: ignoring case, a name local to ``sheet`` before a
        workbook-level one."""
        if self._name_index is None:
            self._name_index = _name_index(self.defined_names, self.local_names)
        key = name.casefold()
        if sheet is not None and (sheet.casefold(), key) in self._name_index:
            return self._name_index[(sheet.casefold(), key)]
        return self._name_index.get((None, key))

    def read_name(self, name: str, sheet: str | None = None) -> list[list[Cell | None]] | None:
        """The cells a defined name covers, or None if the name is missing, broken, not a
        range, or names a sheet that is not in the workbook."""
        dn = self.defined_name(name, sheet)
        if dn is None or dn.status != "range" or dn.sheet is None or dn.ref is None:
            return None
        try:
            self.sheet(dn.sheet)
        except KeyError:
            return None
        return self.range_values(dn.sheet, dn.ref)

    # --- loading ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def held_open(self) -> Iterator[None]:
        """Keep the package open while several sheets are read (each would open it again: its
        central directory read once per sheet); closed at the end of the outermost block. A book
        from ``open_workbook`` is still open from the gate, so its first block reads on with the
        central directory the gate checked."""
        if self._open is None:
            self._open = self._zip()
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1
            if not self._holding:
                self.close()

    def close(self) -> None:
        """Close the package (a sheet read later opens it again)."""
        if self._open is not None:
            self._open.close()
            self._open = None

    def __enter__(self) -> XlsxBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _zip(self) -> Any:
        if self._open is not None:
            return contextlib.nullcontext(self._open)
        try:
            return zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
            raise safety.fail(self.path, "F005", params={"detail": str(exc)}) from None

    def _member(self, part: str) -> str | None:
        return self._parts.get(part.lower())

    def _xml(self, zf: zipfile.ZipFile, part: str, required: bool = True):
        member = self._member(part)
        if member is None:
            if required:
                raise safety.missing_part(self.path, part)
            return None
        return self._tree(member, safety.read_part(self.path, zf, member))

    def _built(self, zf: zipfile.ZipFile, part: str, build: Any, *given: Any) -> Any:
        """``build(checked, *given)`` of a structure part (None when the part is missing), ``checked``
        being the part as expat has checked it (``_Checked``): what a part gives depends only on its
        bytes and ``given``, so a part this process has already checked and built, byte for byte, is
        not checked and built again (``_STRUCTURE``). The part is read every time (its data checked
        against its CRC as before); one that is refused is never kept, so it is refused again, with
        the same issue, in every file that holds it."""
        member = self._member(part)
        if member is None:
            return None
        data = safety.read_part(self.path, zf, member)
        return safety.kept(_STRUCTURE, (build, given, data),
                           lambda: build(_Checked(self.path, member, data, self._check_xml(member, data)), *given),
                           most=_STRUCTURE_ENTRIES, keep=len(data) <= _STRUCTURE_PART_BYTES)

    def _tree(self, member: str, data: bytes):
        return _Checked(self.path, member, data, self._check_xml(member, data)).tree()

    def _rels(self, zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type suffix, resolved part name) of ``part``; external ones skipped."""
        folder, base = posixpath.split(part)
        rels = self._built(zf, posixpath.join(folder, "_rels", base + ".rels"), _relationships, folder)
        return dict(rels or ())

    def _load(self) -> None:
        with self._zip() as zf:
            root_rels = self._rels(zf, "")
            wb_part = next((t for kind, t in root_rels.values() if kind == "officeDocument"), None)
            wb_part = wb_part or self._main_part_from_types(zf)
            structure = self._built(zf, wb_part, _workbook_structure)
            if structure is None:
                raise safety.missing_part(self.path, wb_part)
            rels = self._rels(zf, wb_part)
            self._take_structure(structure, rels)
            for kind, target in rels.values():
                if kind == "sharedStrings":
                    self._strings_part = target
                elif kind == "styles":
                    self._date_styles = self._built(zf, target, _date_styles) or frozenset()
            custom = next((t for kind, t in root_rels.values() if kind == "custom-properties"),
                          "docProps/custom.xml")
            self.custom_properties = dict(self._built(zf, custom, _custom_properties) or ())

    def _main_part_from_types(self, zf: zipfile.ZipFile) -> str:
        types = self._xml(zf, "[Content_Types].xml")
        for el in types:
            if el.tag == safety.CONTENT_OVERRIDE and el.get("ContentType") in safety.WORKBOOK_TYPES:
                return el.get("PartName", "").lstrip("/")
        raise safety.missing_part(self.path, "xl/workbook.xml")

    def _take_structure(self, structure: _Structure, rels: dict[str, tuple[str, str]]) -> None:
        self.date1904 = structure.date1904
        for name, state, rid in structure.sheets:
            kind, part = rels.get(rid, ("worksheet", None))  # no part: F018 when read
            sheet_type = {"chartsheet": "chartsheet", "dialogsheet": "dialogsheet",
                          "xlMacrosheet": "macrosheet"}.get(kind, "worksheet")
            self.sheets.append(SheetInfo(name, state, sheet_type, part))
        # the structure is shared by the copies of a template: the book's own dicts, its index
        self.defined_names, self.local_names = dict(structure.defined_names), dict(structure.local_names)
        self._name_index = structure.name_index
        for dn in structure.ref_errors:
            self.issues.append(Issue("R011", sheet=dn.scope, params={"name": dn.name}))

    def _shared_strings(self, zf: zipfile.ZipFile) -> list[str]:
        """The shared strings. A part of up to ``FAST_PART_BYTES`` is read whole, checked by expat
        (as a sheet is) and, when every string is one plain <t>, split apart in one pass; any other
        part streams through ``_StringsTarget`` (rich and phonetic runs, other encodings)."""
        if self._strings is None:
            strings: list[str] | None = None
            member = self._member(self._strings_part) if self._strings_part else None
            data = None
            if member is not None and zf.getinfo(member).file_size <= FAST_PART_BYTES:
                started = time.monotonic()
                try:
                    data = safety.read_part(self.path, zf, member)
                    self._check_xml(member, data)
                    strings = _fast_strings(data, self.limits.max_cells - self._held)
                finally:
                    self._spent += time.monotonic() - started
                if strings is not None:
                    self._check_budget(member, _HeldStrings(strings, len(data) > self.limits.max_text), 0.0)
            if strings is None:
                target = _StringsTarget()
                if member is not None:
                    self._stream(zf, self._strings_part, target, data)
                strings = target.strings
            self._held += len(strings)
            self._strings = strings
        return self._strings

    def _sheet_cells(self, zf: zipfile.ZipFile, part: str) -> Mapping[tuple[int, int], Cell]:
        """The cells of one worksheet part. A part of up to ``FAST_PART_BYTES`` is read whole,
        checked by expat through defusedxml (well-formed, no DTD) without a Python call per
        element, and its cells with content are picked out by ``_fast_cells`` under the same
        budgets; a larger part, or one in a shape that path does not take, streams through
        ``_SheetTarget``."""
        strings = self._shared_strings(zf)
        member = self._member(part)
        data = None
        if member is not None and zf.getinfo(member).file_size <= FAST_PART_BYTES:
            started = time.monotonic()
            try:
                data = safety.read_part(self.path, zf, member)
                shape = self._check_xml(member, data)
                moved: list[int] = []
                cells = _fast_cells(data, strings, self._date_styles, self.date1904,
                                    self.limits.max_cells - self._held, shape, moved)
            except _Damaged as exc:
                raise safety.damaged(self.path, member, str(exc)) from None
            except (ValueError, IndexError) as exc:
                raise safety.bad_xml(self.path, member, exc) from None
            finally:
                self._spent += time.monotonic() - started
            if cells is not None:
                # a text longer than the part can only come from a shared string (bounded where the
                # strings are read) or a shared formula moved to a far cell ('A1' → 'XFD1048576')
                long = len(data) > self.limits.max_text or bool(moved)
                self._check_budget(member, _Held(cells, long, self.limits.max_text), 0.0)
                self._held += len(cells)  # read whole only when no cell is written twice
                return cells
        target = _SheetTarget(strings, self._date_styles, self.date1904)
        self._stream(zf, part, target, data)
        self._held += target.held()
        return target.cells

    def _check_xml(self, member: str, data: bytes) -> _Shape:
        """Parse ``data`` with expat, namespaces resolved as ElementTree does, a DTD refused as
        defusedxml refuses it (and with it every entity declaration and external reference), and
        no element handlers: C speed, nothing built. Raises the reader's FileError (F016 unsafe,
        F017 not well-formed). Used directly rather than through defusedxml's ElementTree layer,
        which costs a third more on every part and adds nothing when no tree is built. Returns
        what the string scans of the fast paths need to know, seen on the way (``_Shape``)."""
        import pyexpat

        px = pyexpat.ParserCreate(None, "}")
        px.StartDoctypeDeclHandler = px.EntityDeclHandler = px.UnparsedEntityDeclHandler = _refuse
        px.ExternalEntityRefHandler = _refuse
        shape = _Shape([], [])
        # called only when a part holds what they are for: never for a plain part's cells
        px.CommentHandler = px.ProcessingInstructionHandler = px.StartCdataSectionHandler = (
            lambda *args: shape.marked.append(px.CurrentByteIndex))
        px.StartNamespaceDeclHandler = lambda *args: shape.declared.append(px.CurrentByteIndex)
        try:
            px.Parse(data, True)
            return shape
        except _Unsafe:
            raise safety.unsafe_xml(self.path, member) from None
        except (pyexpat.ExpatError, SyntaxError, ValueError, LookupError) as exc:
            raise safety.bad_xml(self.path, member, exc) from None

    def _stream(self, zf: zipfile.ZipFile, part: str, target: Any, data: bytes | None = None) -> None:
        """Feed one part (or its ``data``, already read) through a defusedxml parser into
        ``target`` in chunks (bounded memory)."""
        import xml.etree.ElementTree as ET

        import defusedxml
        import defusedxml.ElementTree as DET

        member = self._member(part)
        if member is None:
            raise safety.missing_part(self.path, part)
        # defusedxml configures the expat parser (DTDs, entity declarations and external
        # references raise). Its ElementTree layer would then turn every element into two
        # Python calls and a name fix-up; the sheet targets take expat's own callbacks instead
        # (tags as 'namespace}local', attributes as a flat list), which reads sheets ~2x faster.
        parser = DET.DefusedXMLParser(target=target, forbid_dtd=True)
        parser.parser.StartElementHandler = target.start
        parser.parser.EndElementHandler = target.end
        started = time.monotonic()
        try:
            chunks = (data[i:i + (1 << 16)] for i in range(0, len(data), 1 << 16)) if data is not None else None
            with contextlib.nullcontext() if data is not None else zf.open(member) as fh:
                while chunk := (next(chunks, b"") if fh is None else fh.read(1 << 16)):
                    parser.feed(chunk)
                    # The budgets, checked per 64 kB chunk rather than per element (the hot path)
                    self._check_budget(member, target, time.monotonic() - started)
            parser.close()
        except defusedxml.DefusedXmlException:
            raise safety.unsafe_xml(self.path, member) from None
        except _Damaged as exc:
            raise safety.damaged(self.path, member, str(exc)) from None
        except (DET.ParseError, ET.ParseError, SyntaxError, ValueError, IndexError, LookupError) as exc:
            # LookupError: an encoding= in the XML declaration that Python does not know
            raise safety.bad_xml(self.path, member, exc) from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError) as exc:
            raise safety.fail(self.path, "F005", params={"detail": str(exc) or type(exc).__name__}) from None
        finally:
            self._spent += time.monotonic() - started

    def _check_budget(self, member: str, target: Any, seconds: float) -> None:
        """Refuse a part that would hold more cells, a longer text or take longer than
        ``self.limits`` allow (F023, F025, F024): a small file can still hold millions of cells."""
        limits = self.limits
        if self._held + target.held() > limits.max_cells:
            raise safety.fail(self.path, "F023", params={"part": member, "limit": limits.max_cells})
        if target.pending() > limits.max_text:
            raise safety.fail(self.path, "F025", params={"part": member, "limit": limits.max_text})
        if self._spent + seconds > limits.max_seconds:
            raise safety.fail(self.path, "F024", params={"part": member, "seconds": limits.max_seconds})


# Structure parts already checked and built in this process, by their bytes (``XlsxBook._built``):
# the copies of one template that ``collect`` reads file after file share their workbook part
# (sheets, ~200 defined names), relationships and styles byte for byte. Bounded in entries and in
# the size of a part kept, so a worker never holds more than a few MB of them.
_STRUCTURE: dict[tuple[Any, tuple, bytes], Any] = {}
_STRUCTURE_ENTRIES = 64
_STRUCTURE_PART_BYTES = 256 * 1024
# The defined names of workbook parts that differ (``_workbook_structure``), apart from the parts:
# copies whose parts all differ add a part used once for every file, which must not push out the
# names they share.
_NAMES: dict[tuple[Any, tuple, bytes], Any] = {}
_NAMES_ENTRIES = 16


class _Checked(NamedTuple):
    """A structure part that expat has checked (well-formed, no DTD: ``XlsxBook._check_xml``), with
    what it saw in it (``_Shape``); what the part's builders get."""

    path: Path
    member: str
    data: bytes
    shape: _Shape

    def tree(self, data: bytes | None = None) -> Any:
        """The part, or ``data`` made from it, as a tree: once expat has checked the part it is safe for
        the C parser (defusedxml's own tree builder makes a Python call per element)."""
        import xml.etree.ElementTree as ET

        try:
            return ET.fromstring(self.data if data is None else data)
        except (ET.ParseError, ValueError, LookupError) as exc:
            raise safety.bad_xml(self.path, self.member, exc) from None


class _Structure(NamedTuple):
    """What the workbook part gives: the epoch, the sheets in order (name, state, relationship
    id), the workbook-level and local defined names, the index ``XlsxBook.defined_name`` looks
    them up in, and the names pointing at #REF! other than Excel's own (R011). Kept per worker
    (``_STRUCTURE``) and never changed."""

    date1904: bool
    sheets: tuple[tuple[str, str, str], ...]
    defined_names: dict[str, DefinedName]
    local_names: dict[tuple[str, str], DefinedName]
    name_index: dict[tuple[str | None, str], DefinedName]
    ref_errors: tuple[DefinedName, ...]


def _workbook_structure(part: _Checked) -> _Structure:
    """The workbook part's ``_Structure``. Its defined names (~210 in a SØM workbook, most of the part)
    are the same in the copies of a template even where the rest is not (Excel writes the folder a
    copy was saved in, its window and a document id there), so a worker keeps what it made of them by
    the text of ``<definedNames>`` and the sheets they may be local to; the rest is made into a tree
    without them. Any part where that cut is not plain is built from its whole tree."""
    cut = _names_cut(part.data, part.shape)
    if cut is not None:
        rest, names_xml = cut
        tree = part.tree(rest)
        date1904, sheets, others = _walk(tree)
        scopes = tuple(name for name, _, _ in sheets)
        # the names inherit the namespace of the <definedNames> they were cut from: SpreadsheetML's,
        # or an extension's (whose names are none of the workbook's: the whole tree says so)
        spreadsheetml = any(_in_main(el.tag) for el in tree.iter() if el.get(_CUT_MARK) is not None)
        names = None if others or not spreadsheetml else safety.kept(_NAMES, (_names_of, scopes, names_xml),
                                                lambda: _names_of(names_xml, scopes), most=_NAMES_ENTRIES,
                                                keep=len(names_xml) <= _STRUCTURE_PART_BYTES)
        if names is not None:
            return _Structure(date1904, sheets, *names)
    date1904, sheets, found = _walk(part.tree())
    return _Structure(date1904, sheets, *_names(found, tuple(name for name, _, _ in sheets)))


_RawName = tuple[str, str, "str | None", bool]  # name, text, localSheetId, hidden: as written


def _walk(wb) -> tuple[bool, tuple[tuple[str, str, str], ...], list[_RawName]]:
    """The epoch, the sheets in order (name, state, relationship id) and the defined names as written,
    of a workbook part's tree."""
    date1904 = False
    sheets: list[tuple[str, str, str]] = []
    found: list[_RawName] = []
    for el in wb.iter():
        if not _in_main(el.tag):
            # SpreadsheetML's own elements only: an extension's <sheet> is no sheet, its <definedName>
            # no name, and Excel 2013's <x15:workbookPr> (chart tracking, written at the end) has no
            # date1904 and must not turn a 1904 workbook's dates into 1900 ones
            continue
        tag = _local(el.tag)
        if tag == "workbookPr":
            date1904 = el.get("date1904", "0").lower() in ("1", "true")
        elif tag == "sheet":
            rid = next((el.get(k) for k in _REL_ID if k in el.attrib), "")
            sheets.append((el.get("name", ""), el.get("state", "visible"), rid))
        elif tag == "definedName":
            found.append(_raw_name(el))
    return date1904, tuple(sheets), found


def _raw_name(el) -> _RawName:
    return el.get("name", ""), el.text or "", el.get("localSheetId"), el.get("hidden", "0") in ("1", "true")


def _names(found: list[_RawName], scopes: tuple[str, ...]) -> tuple[
        dict[str, DefinedName], dict[tuple[str, str], DefinedName],
        dict[tuple[str | None, str], DefinedName], tuple[DefinedName, ...]]:
    """``_Structure``'s names from the names as written, local ones to the sheet of their index in
    ``scopes`` (the sheet names in order)."""
    names = []
    for name, text, local_id, hidden in found:
        scope = None
        if local_id is not None and _is_index(local_id) and int(local_id) < len(scopes):
            scope = scopes[int(local_id)]
        names.append(parse_defined_name(name, text, scope, hidden))
    defined = {dn.name: dn for dn in names if dn.scope is None}
    local = {(dn.scope, dn.name): dn for dn in names if dn.scope is not None}
    ref_errors = tuple(dn for dn in names if dn.status == "ref_error" and not dn.name.lower().startswith("_xlnm."))
    return defined, local, _name_index(defined, local), ref_errors


def _names_cut(data: bytes, shape: _Shape) -> tuple[bytes, bytes] | None:
    """The workbook part with its ``<definedNames>`` element left empty, and that element's text, when
    it can be cut out by its bytes: the part is UTF-8 and holds no comment, CDATA or processing
    instruction (so every '<' is a tag: '<' stands in no attribute value nor text), and one unprefixed
    ``<definedNames>`` start tag without attributes and one end tag. Else None."""
    start = data.find(b"<definedNames>")
    if shape.marked or start == -1 or not _declared_utf8(data):
        return None
    if data.count(b"<definedNames") != 1 or data.count(b"</definedNames") != 1:
        return None
    end = data.find(b"</definedNames>", start)
    if end == -1:
        return None  # '</definedNames >': well-formed, not cut
    end += len(b"</definedNames>")
    # left marked, so the walk of the rest sees which namespace the element is in
    return data[:start] + b'<definedNames ' + _CUT_MARK.encode() + b'=""/>' + data[end:], data[start:end]


_CUT_MARK = "somxl-cut"  # an attribute no part has (its name has no prefix, so no namespace either)


def _names_of(names_xml: bytes, scopes: tuple[str, ...]) -> Any:
    """``_names`` of a ``<definedNames>`` element cut out of its part, when it stands alone as the same
    names: no prefix declared outside it (it would not parse) and nothing but names in it that the
    whole part's walk would take (a sheet, the workbook's properties). Else None."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(names_xml)
    except (ET.ParseError, ValueError, LookupError):
        return None
    found = []
    for el in root.iter():
        # cut out, an element without a namespace has the one of <definedNames> (SpreadsheetML's: the
        # caller checks); one that declares another is an extension's, as in the whole part's walk
        if el.tag.startswith("{") and not _in_main(el.tag):
            continue
        tag = _local(el.tag)
        if tag == "definedName":
            found.append(_raw_name(el))
        elif tag in ("sheet", "workbookPr"):
            return None
    return _names(found, scopes)


def _name_index(defined: dict[str, DefinedName],
                local: dict[tuple[str, str], DefinedName]) -> dict[tuple[str | None, str], DefinedName]:
    """Defined names by (scope, name), both casefolded (scope None: workbook level)."""
    index: dict[tuple[str | None, str], DefinedName] = {(None, n.casefold()): dn for n, dn in defined.items()}
    index.update({(scope.casefold(), n.casefold()): dn for (scope, n), dn in local.items()})
    return index


def _relationships(part: _Checked, folder: str) -> tuple[tuple[str, tuple[str, str]], ...]:
    """Id → (type, resolved target) of a relationship part's OPC <Relationship> elements: an
    extension's element of that name, or an Id given again by one, points no sheet or workbook at
    another part (Excel and LibreOffice ignore it). The type is the name after a base we know
    (``_REL_BASES``), else ''. An Id given twice by OPC's own elements (the format allows one) is
    damaged (F022): which of the two a program takes decides which part a sheet shows."""
    rels: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()
    for el in part.tree():
        if el.tag != _RELATIONSHIP:
            continue
        rid = el.get("Id", "")
        if rid in seen:
            raise safety.damaged(part.path, part.member, f"relationship id {rid[:40]!r} twice")
        seen.add(rid)
        if el.get("TargetMode", "").lower() == "external":
            continue
        base, _, kind = el.get("Type", "").rpartition("/")
        rels[rid] = (kind if base + "/" in _REL_BASES else "", _resolve(folder, el.get("Target", "")))
    return tuple(rels.items())


# The package's own vocabulary (OPC, ECMA-376 Part 2, one namespace for transitional and Strict) and
# the relationship ids and types of the office document's (transitional, Strict, and Microsoft's for
# a macro sheet): matched by namespace, as the workbook part's elements are.
_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_BASES = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
              "http://purl.oclc.org/ooxml/officeDocument/relationships/",
              "http://schemas.microsoft.com/office/2006/relationships/")
_REL_ID = tuple("{" + base.rstrip("/") + "}id" for base in _REL_BASES[:2])
_PROPERTY = ("{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}property",
             "{http://purl.oclc.org/ooxml/officeDocument/customProperties}property")
_VTYPES = ("http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
           "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes")


class _Shape(NamedTuple):
    """What expat saw in a part besides elements, attributes and text, as byte offsets: where it
    holds a comment, a processing instruction or a CDATA section (``marked``), and the start tags
    that declare namespaces (``declared``)."""

    marked: list[int]
    declared: list[int]


class _Unsafe(Exception):
    """A DTD, an entity declaration or an external reference in a part (F016)."""


def _refuse(*args: Any) -> None:
    raise _Unsafe()


class _Damaged(Exception):
    """A value the file format does not allow (a shared-string index 2.5, a number '1_0', a cell
    beyond XFD1048576): the XML is well-formed, the content is damaged (F022)."""


def open_workbook(path: Path | str, limits: safety.Limits = safety.DEFAULT_LIMITS) -> XlsxBook:
    """Run the safety gate, then read the workbook's structure (sheets, names, properties).

    The package stays open, as the gate opened it, until the end of the book's first
    ``held_open`` block, ``close()`` or a ``with`` block on the book (or until the book is
    dropped); a sheet read after that opens it again. Raises ``FileError`` (with a one-issue
    report) if the file cannot be read."""
    path = Path(path)
    info, zf = safety.open_package(path, limits)
    book = XlsxBook(path, info, limits)
    book._open = zf
    try:
        book._load()
    except BaseException:
        book.close()
        raise
    return book


def first_sheet_rows(path: Path | str, limits: safety.Limits = safety.DEFAULT_LIMITS) -> list[tuple[int, dict[int, Any]]]:
    """The first visible worksheet of a side input (a recipient list, a catalogue) as (row number,
    {column index from 0: value}) for the rows that have cells, through the whole gate and the
    reader's budgets. Sparse on purpose: one cell at XFD1048576 is one row of one cell, not a grid.
    A date cell becomes a ``DayText``, its day as ISO text ('2027-01-15'), or a ``BadDate`` when its
    serial is no date."""
    with open_workbook(path, limits) as book:
        # the first the user sees: a hidden sheet before it (an old list, a lookup) is not the list
        worksheets = [s for s in book.sheets if s.type == "worksheet"]
        sheet = next((s.name for s in worksheets if s.state == "visible"),
                     worksheets[0].name if worksheets else None)
        cells = book.cells(sheet) if sheet else {}
    rows: dict[int, dict[int, Any]] = {}
    for (r, c), cell in sorted(cells.items()):
        rows.setdefault(r, {})[c - 1] = side_value(cell, book.date1904)
    return list(rows.items())


def side_value(cell: Cell, date1904: bool = False) -> Any:
    """A cell of a side input (a recipient list, a catalogue) as both read it: a date cell as a
    ``DayText`` (so a name column can tell it from a typed text, and a deadline reads it as text),
    or a ``BadDate`` when its serial is no day; any other cell as its value."""
    value = cell.value
    if cell.is_date and isinstance(value, (int, float)):
        day = serial_to_date(value, date1904)
        return DayText(day.isoformat()) if day is not None else BadDate(value)
    return value


class BadDate(float):
    """A number formatted as a date whose serial is no day Excel can show (1E10, -700000, NaN)."""


class DayText(str):
    """The day of a date cell as ISO text ('2027-01-15'): a text where a date is wanted (a deadline),
    and known as a date where a name is (a department)."""


# Excel's General format shows a whole number of up to 11 digits whole (from 12, 1,23457E+11): a name
# may be a number such as a cost centre 4200, never one the user does not see as typed.
NAME_DIGITS = 11


def not_a_name(v: Any) -> dict[str, str] | None:
    """What a cell that names something (a department, a target group) holds when it is neither a
    text nor a whole number of at most ``NAME_DIGITS`` digits: a logical value (once the name
    'True'), a date, a fraction or 1E+308 (a 309-digit name), as the parameters ``shown_da`` and
    ``shown_en`` of its issue (D016, K022); None for a name. A CSV's cells are all text."""
    if isinstance(v, bool):
        return {"shown_da": f"sandhedsværdien {'SAND' if v else 'FALSK'}",
                "shown_en": f"the logical value {'TRUE' if v else 'FALSE'}"}
    if isinstance(v, DayText):
        return {"shown_da": f"datoen {v}", "shown_en": f"the date {v}"}
    if not isinstance(v, (int, float)):
        return None
    if not isinstance(v, BadDate) and math.isfinite(v) and float(v).is_integer() and 0 <= v < 10 ** NAME_DIGITS:
        return None
    shown = str(int(v)) if isinstance(v, int) or (math.isfinite(v) and v.is_integer() and abs(v) < 1e15) else repr(v)
    return {"shown_da": f"tallet {shown.replace('.', ',')}", "shown_en": f"the number {shown}"}


def serial_to_date(serial: float, date1904: bool = False) -> date | None:
    """The day of an Excel date serial; None outside 1900-01-01 ... 9999-12-31 (Excel's range)."""
    if not isinstance(serial, (int, float)) or not math.isfinite(serial):
        return None
    days = int(serial)
    if not (0 <= days + (1462 if date1904 else 0) <= 2_958_465):
        return None
    return (date(1904, 1, 1) if date1904 else date(1899, 12, 30)) + timedelta(days=days)


# --- XML helpers ---------------------------------------------------------------------------


def _is_index(text: str) -> bool:
    """ASCII digits only, at most 9: str.isdigit() is also True for '²', which int() refuses."""
    return 0 < len(text) <= 9 and text.isascii() and text.isdigit()


def _local(tag: str) -> str:
    return tag[tag.rfind("}") + 1:]


def _in_main(tag: str) -> bool:
    """An element of SpreadsheetML's main namespace, transitional or Strict (as ElementTree writes
    its tag, '{namespace}local')."""
    return tag.startswith("{") and tag[1:tag.find("}")] in _MAIN_NS


class _Names(dict):
    """Memo of expat tag → local name of a spreadsheet element ('http://...main}c' → 'c', the
    Strict namespace alike; 'x:c' style never occurs because expat resolves prefixes). An element
    of any other namespace, or of none, is '' and matches nothing: an ``<o:c>`` is no cell, as the
    fast path's string scans, which see only the main namespace, do not take it for one."""

    def __missing__(self, tag: str) -> str:
        ns, _, local = tag.rpartition("}")
        local = self[tag] = local if ns in _MAIN_NS else ""
        return local


def _root_text(tag: str) -> str:
    """F022's detail for a sheet part whose root element is no SpreadsheetML worksheet: the element
    as '<worksheet>' (no namespace) or '<{urn:other}worksheet>' (expat writes 'urn:other}worksheet')."""
    name = f"{{{tag[:80]}" if "}" in tag else tag[:80]
    return f"root element <{name}>, not a SpreadsheetML worksheet"


def _resolve(folder: str, target: str) -> str:
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(folder, target))


_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes characters XML cannot hold as _xHHHH_ (e.g. _x000D_). A surrogate code
    (_xD800_) is no character: decoded, it could not be written to any output, so it stays text."""
    return _ESCAPE.sub(_escaped_char, text) if "_x" in text else text


def _escaped_char(m: re.Match) -> str:
    code = int(m.group(1), 16)
    return m.group(0) if 0xD800 <= code <= 0xDFFF else chr(code)


_BUILTIN_DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|_.|\*.|\[(?![hms]+\])[^\]]*\]', re.IGNORECASE)


def is_date_format(code: str) -> bool:
    """True if an Excel number format code shows a date or time (quoted text, colours,
    locales, padding and escapes do not count)."""
    return bool(re.search(r"[dmyhs]", _FORMAT_NOISE.sub("", code), re.IGNORECASE))


def _date_styles(part: _Checked) -> frozenset[int]:
    """The indexes of the cell styles whose number format is a date's. SpreadsheetML's own elements
    only, as in the workbook part: an extension's element among the <xf> would shift every index
    after it, and its <numFmts> would give a format Excel does not use."""
    custom: dict[int, str] = {}
    dates: set[int] = set()
    for el in part.tree():
        tag = _local(el.tag) if _in_main(el.tag) else ""
        if tag == "numFmts":
            for fmt in el:
                if _in_main(fmt.tag) and _is_index(fmt.get("numFmtId", "")):
                    custom[int(fmt.get("numFmtId"))] = fmt.get("formatCode", "")
        elif tag == "cellXfs":
            for index, xf in enumerate(xf for xf in el if _in_main(xf.tag)):
                fmt_id = int(xf.get("numFmtId", "0")) if _is_index(xf.get("numFmtId", "0")) else 0
                if fmt_id in custom:
                    is_date = is_date_format(custom[fmt_id])
                else:
                    is_date = fmt_id in _BUILTIN_DATE_FORMATS
                if is_date:
                    dates.add(index)
    return frozenset(dates)


def _custom_properties(part: _Checked) -> tuple[tuple[str, Any], ...]:
    props: dict[str, Any] = {}
    for prop in part.tree():
        # the custom properties' and variant types' own elements: an extension's <o:property> stamps
        # no submission id
        if prop.tag not in _PROPERTY or not len(prop) or prop[0].tag[1:prop[0].tag.find("}")] not in _VTYPES:
            continue
        value_el = prop[0]
        vtype, text = _local(value_el.tag), value_el.text or ""
        value: Any = text
        try:
            if vtype in ("i1", "i2", "i4", "i8", "int", "ui1", "ui2", "ui4", "ui8", "uint"):
                value = int(text)
            elif vtype in ("r4", "r8", "decimal"):
                value = float(text)
            elif vtype == "bool":
                value = text.strip().lower() in ("1", "true")
        except ValueError:
            value = text
        props[prop.get("name", "")] = value
    return tuple(props.items())


def _iso_to_serial(text: str, date1904: bool) -> float | None:
    try:
        moment = datetime.fromisoformat(text.rstrip("Z"))
    except ValueError:
        return None
    epoch = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    return (moment.replace(tzinfo=None) - epoch).total_seconds() / 86400


# An xsd:double as a cell's <v> holds it (INF, -INF and NaN included: the numbers module refuses
# them with a message); int() and float() would also take '1_0' (as 10), 'nan', 'infinity' and
# non-ASCII digits.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,4})?|-?INF|NaN")
_INT = re.compile(r"[+-]?[0-9]{1,18}")
_V_NUMBER = re.compile(f"<v>(?:{_NUMBER.pattern})</v>")  # a <v> whose text _NUMBER takes


def _number(text: str) -> int | float:
    text = text.strip()
    if _INT.fullmatch(text):
        return int(text)
    if _NUMBER.fullmatch(text):
        return float(text)
    raise _Damaged(f"number {text[:40]!r}")


class _StringsTarget:
    """Parser target for sharedStrings.xml: one string per <si>, rich runs joined, phonetic
    runs (<rPh>) left out."""

    def __init__(self) -> None:
        self.strings: list[str] = []
        self._names = _Names()
        self._parts: list[str] = []
        self._in_t = False
        self._in_rph = False
        self._longest = 0  # of the strings read: the budget is checked per chunk, not per string

    def start(self, tag: str, attrs: list[str]) -> None:
        local = self._names[tag]
        if local == "si":
            self._parts = []
        elif local == "t":
            self._in_t = not self._in_rph
        elif local == "rPh":
            self._in_rph = True

    def end(self, tag: str) -> None:
        local = self._names[tag]
        if local == "si":
            text = _unescape("".join(self._parts))
            self.strings.append(text)
            if len(text) > self._longest:
                self._longest = len(text)
        elif local == "t":
            self._in_t = False
        elif local == "rPh":
            self._in_rph = False

    def data(self, text: str) -> None:
        if self._in_t:
            self._parts.append(text)

    def close(self) -> None:
        return None

    def held(self) -> int:
        return len(self.strings)

    def pending(self) -> int:
        """Characters of the longest string read or being read (a <t> of 300 million characters
        is refused as it streams; one of 40,000 that ends, and another begins, between two checks
        is refused too, as the strings read whole are, whatever the size of the sheet using it)."""
        return max(self._longest, sum(map(len, self._parts)))


class _SheetTarget:
    """Parser target for a worksheet: builds ``cells`` from <sheetData> as the XML streams by."""

    def __init__(self, strings: list[str], date_styles: frozenset[int], date1904: bool) -> None:
        self.cells: dict[tuple[int, int], Cell] = {}
        self._strings = strings
        self._date_styles = date_styles
        self._date1904 = date1904
        self._in_data = False
        self._root = False  # seen the root element (a worksheet of the main namespace, or refused)
        self._row = 0
        self._col = 0
        self._attrs: dict[str, str] = {}
        self._text: list[str] | None = None  # collecting character data of <v>, <f> or <t>
        self._v: str | None = None
        self._f: str | None = None
        self._f_attrs: dict[str, str] = {}
        self._inline: list[str] | None = None
        self._in_rph = False
        self._shared: dict[str, tuple[int, int, str]] = {}  # si → (row, col, master formula)
        self._names = _Names()
        self._cols: dict[str, int] = {}
        self._longest = 0  # text value or formula of the cells read, as ``_Held`` measures a sheet read whole
        self.written = 0  # cells with content as written: the budget's count (one written twice is read twice)

    def start(self, tag: str, flat: list[str]) -> None:
        local = self._names[tag]
        if not self._in_data:
            if not self._root:
                self._root = True
                if local != "worksheet":
                    raise _Damaged(_root_text(tag))
            self._in_data = local == "sheetData"
        elif local == "c":
            # c, row and f attributes are unprefixed in every dialect, so no name fix-up.
            self._attrs = attrib = dict(zip(flat[::2], flat[1::2]))
            ref = attrib.get("r")
            if ref:
                self._row, self._col = self._ref(ref)
            else:
                self._col += 1
            self._v = self._f = self._inline = None
            self._f_attrs = {}
        elif local == "v":
            self._text = []
        elif local == "row":
            r = dict(zip(flat[::2], flat[1::2])).get("r")
            self._row = int(r) if r else self._row + 1
            self._col = 0
        elif local == "f":
            self._text = []
            self._f_attrs = dict(zip(flat[::2], flat[1::2]))
        elif local == "is":
            self._inline = []
        elif local == "rPh":
            self._in_rph = True
        elif local == "t" and self._inline is not None and not self._in_rph:
            self._text = []

    def _ref(self, ref: str) -> tuple[int, int]:
        m = _CELL_REF.fullmatch(ref)
        if m is None:
            return a1_to_rowcol(ref)  # lower case or '$': rare; raises ValueError if invalid
        letters, digits = m.groups()
        col = self._cols.get(letters)
        if col is None:
            col = self._cols[letters] = letters_to_col(letters)
        return int(digits), col

    def end(self, tag: str) -> None:
        if not self._in_data:
            return
        local = self._names[tag]
        if local == "v":
            self._v, self._text = "".join(self._text or ()), None
        elif local == "f":
            self._f, self._text = "".join(self._text or ()), None
        elif local == "t" and self._text is not None and self._inline is not None:
            self._inline.append("".join(self._text))
            self._text = None
        elif local == "rPh":
            self._in_rph = False
        elif local == "c":
            cell = self._make_cell()
            if cell is not None:
                self.cells[(cell.row, cell.col)] = cell
                self.written += 1
                # the budget is checked per chunk: a long text that ends, and another cell begins,
                # between two checks must not slip past it
                value, formula = cell.value, cell.formula
                if type(value) is str and len(value) > self._longest:
                    self._longest = len(value)
                if formula is not None and len(formula) > self._longest:
                    self._longest = len(formula)
        elif local == "sheetData":
            self._in_data = False

    def data(self, text: str) -> None:
        if self._text is not None:
            self._text.append(text)

    def close(self) -> None:
        return None

    def held(self) -> int:
        return self.written

    def pending(self) -> int:
        """Characters of the longest text value or formula of the cells read, or of the value,
        formula or inline text being read."""
        return max(self._longest, sum(map(len, self._text or ())) + sum(map(len, self._inline or ())))

    def _formula(self) -> str | None:
        if self._f is None:
            return None
        si = self._f_attrs.get("si")
        if self._f_attrs.get("t") == "shared" and si is not None:
            if self._f:
                self._shared[si] = (self._row, self._col, self._f)
            elif si in self._shared:
                row, col, master = self._shared[si]
                return shift_formula(master, self._row - row, self._col - col)
        return self._f

    def _make_cell(self) -> Cell | None:
        inline = "".join(self._inline) if self._inline is not None else None
        return _make_cell(self._row, self._col, self._attrs, self._v, self._formula(), inline,
                          self._strings, self._date_styles, self._date1904)


def _make_cell(row: int, col: int, attrs: dict[str, str], v: str | None, formula: str | None,
               inline: str | None, strings: list[str], date_styles: frozenset[int], date1904: bool) -> Cell | None:
    """A cell from its attributes, <v> text, formula and inline string (None when it holds
    neither a value nor a formula). Raises _Damaged for content the format does not allow."""
    t = attrs.get("t", "n")
    value: Any = None
    kind = "blank"
    if t == "inlineStr" and inline is not None:
        value, kind = _unescape(inline), "inline_string"
    elif v is None:
        pass
    elif t == "s":
        if not _is_index(v) or int(v) >= len(strings):
            raise _Damaged(f"shared string index {v[:40]!r} of {len(strings)}")
        value, kind = strings[int(v)], "shared_string"
    elif t == "str":
        value, kind = _unescape(v), "formula_string"
    elif t == "b":
        value, kind = v.strip().lower() in ("1", "true"), "boolean"
    elif t == "e":
        value, kind = v, "error"
    elif t == "d":
        value, kind = _iso_to_serial(v, date1904), "date"
    elif v.strip():
        style = attrs.get("s", "0")
        value = _number(v)
        kind = "date" if _is_index(style) and int(style) in date_styles else "number"
    if value is None and formula is None:
        return None
    if row > MAX_ROW or col > MAX_COL or row < 1:
        raise _Damaged(f"cell {rowcol_to_a1(row, col)[:40]} outside the sheet")
    return Cell(row, col, value, kind if value is not None else "blank", formula)


# --- the fast path for a whole worksheet part -------------------------------------------------

FAST_PART_BYTES = 8 * 1024**2  # larger sheet parts stream (bounded memory)
_MAIN_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main")
_DECLARATION = re.compile(r"<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']+)[\"']")
# A cell in the shape most programs write, up to its end tag: reference, style, type, formula, value.
# A styled blank (<c r="E12" s="10"/>, most of a returned sheet) is passed over at the look-ahead,
# which sees its start tag end in '/>' in one scan (12 % faster than failing at '/' after reading its
# attributes); possessive, nothing backtracks, which made the scan 40 % faster. No match is lost:
# a plain cell's start tag ends in '">', and no shorter choice could pass.
_PLAIN_CELL = re.compile(r'<c r="(?=[^>]*+(?<!/)>)([A-Z]{1,3}+[0-9]++)"(?: s="([0-9]++)")?+(?: t="([a-zA-Z]++)")?+>'
                         r"(<f>[^<]*+</f>)?+(<v>[^<]*+</v>)?+</c>")
_AFTER_NAME = (" ", ">", "\t", "\n", "\r")  # what may follow '<c' in a cell's start tag
_SPACED_END = re.compile(r"</[^>\s]+\s+>")
_ATTR = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_CHILD = re.compile(r"<(v|f|is)((?:\s[^>]*?)?)(?:/>|>(.*?)</\1>)", re.S)
# '>' may stand unescaped in an attribute value, where the patterns above would cut the tag
_GT_IN_ATTR = re.compile(r"=\s*(?:\"[^\"<]*>|'[^'<]*>)")
_INLINE_T = re.compile(r"<t(?:\s[^>]*)?(?:/>|>(.*?)</t>)", re.S)
_RPH = re.compile(r"<rPh\b.*?</rPh>", re.S)
_ENTITY = re.compile(r"&(#x[0-9A-Fa-f]+|#[0-9]+|lt|gt|amp|quot|apos);")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


_VALUE, _FORMULA = operator.itemgetter(2), operator.itemgetter(4)  # of a Cell
_IS_STR = functools.partial(type.__instancecheck__, str)


class _Held:
    """The budget's view of a sheet read whole: its cells, and its longest text (looked for only
    when the part is longer than the longest text allowed, ``limit``)."""

    def __init__(self, cells: Mapping[tuple[int, int], Cell], may_hold_long_text: bool, limit: int) -> None:
        self.cells, self.long, self.limit = cells, may_hold_long_text, limit

    def held(self) -> int:
        return len(self.cells)

    def pending(self) -> int:
        if not self.long:
            return 0
        cells = self.cells
        if isinstance(cells, _Cells):
            bound = cells.longest_text_bound()
            if bound <= self.limit:  # no cell needs to be made to know none is too long
                return bound
            cells = cells._made()
        return _longest_text(list(cells.values()))


def _longest_text(cells: list[Cell]) -> int:
    """Characters of the longest text value or formula of ``cells``, iterated in C (a sheet holds
    thousands)."""
    texts = filter(_IS_STR, map(_VALUE, cells))
    return max(max(map(len, texts), default=0), max(map(len, filter(None, map(_FORMULA, cells))), default=0))


class _HeldStrings:
    """The budget's view of shared strings read whole."""

    def __init__(self, strings: list[str], may_hold_long_text: bool) -> None:
        self.strings, self.long = strings, may_hold_long_text

    def held(self) -> int:
        return len(self.strings)

    def pending(self) -> int:
        return max(map(len, self.strings), default=0) if self.long else 0


_PLAIN_SI = re.compile(r'<si><t(?: xml:space="preserve")?+(?:>([^<]*+)</t>|/>)</si>')


def _utf8_text(data: bytes) -> str | None:
    """The text of a part that expat has found well-formed, when it is UTF-8 (with or without a
    BOM, and declared so if declared at all); None for any other encoding (the part then streams)."""
    if not _declared_utf8(data):
        return None
    return data.decode("utf-8-sig")


def _declared_utf8(data: bytes) -> bool:
    """A part is UTF-8: no UTF-16 byte order mark, and declared UTF-8 if declared at all."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    m = _DECLARATION.match(data[:200].decode("ascii", "replace"))
    return not m or m.group(1).lower().replace("_", "-") in ("utf-8", "utf8")


def _main_ns_only(text: str) -> bool:
    """True when ``text`` declares one namespace, the spreadsheet main one, as the default, and
    names it nowhere else: then no element can carry a prefix the string scans would miss."""
    ns = next((u for u in _MAIN_NS if u in text), None)
    return ns is not None and text.count(ns) == 1 and text.count("xmlns=") == 1 and f'xmlns="{ns}"' in text


def _fast_strings(data: bytes, budget: int) -> list[str] | None:
    """The strings of a sharedStrings part that expat has found well-formed and free of DTDs, when
    each is one plain <t> (no rich or phonetic runs) in the plain shape of ``_fast_cells``; None
    otherwise (the part then streams)."""
    text = _utf8_text(data)
    if text is None:
        return None
    if "<!--" in text or "<![CDATA[" in text or text.find("<?", 2) != -1:
        return None
    if not _main_ns_only(text):
        return None
    n_items = text.count("<si")  # '<' stands in no text nor attribute: every one is an element
    if n_items > budget:
        return None
    found = _PLAIN_SI.findall(text)
    if len(found) != n_items:
        return None
    if "&" not in text and "_x" not in text and "\r" not in text:
        return found  # nothing to resolve in any string: each is its text as written
    return [_unescape(_text(t)) if ("&" in t or "_x" in t or "\r" in t) else t for t in found]


def _entity(m: re.Match) -> str:
    name = m.group(1)
    if name[0] == "#":
        return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
    return _ENTITIES[name]


def _text(raw: str) -> str:
    """Character data as an XML parser gives it: line ends normalised, then references resolved."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return _ENTITY.sub(_entity, raw) if "&" in raw else raw


def _attrs(raw: str) -> dict[str, str]:
    return {m[0]: _text(m[1] or m[2]) for m in _ATTR.findall(raw)} if raw else {}


def _fast_cells(data: bytes, strings: list[str], date_styles: frozenset[int], date1904: bool, budget: int,
                shape: _Shape | None = None, moved: list[int] | None = None) -> Mapping[tuple[int, int], Cell] | None:
    """The cells with content of a worksheet part that expat has already found well-formed and
    free of DTDs, picked out with string operations instead of three Python calls for every
    element (a returned SØM sheet has ~4 empty formatted cells for each one with a value).

    Only the plain shape is taken: UTF-8, the main namespace as the one default namespace and
    nowhere a prefix, no comments, CDATA or processing instructions, no '>' in an attribute, no
    space inside an end tag, every cell with content carrying its reference. Anything else
    returns None and the sheet streams through ``_SheetTarget``, which reads every shape; tests
    compare the two paths cell for cell. ``shape``: what expat saw while checking the part; it
    spares scanning the sheet's body again for comments, CDATA, processing instructions and
    namespace declarations (without it the body is scanned for them). ``moved``, when given, receives
    the length of each formula moved from a shared formula's master, the one text of a cell that can
    be longer than the part it is written in."""
    text = _utf8_text(data)
    if text is None:
        return None
    # Only what comes before <sheetData> and within it matters, each scanned once: the head
    # declares the main namespace as the one default and holds no comment (which could hide a
    # '<sheetData'); the body holds no comment, CDATA, processing instruction or declaration.
    start = text.find("<sheetData")
    head = text if start == -1 else text[:start]
    if "<!" in head or head.find("<?", 2) != -1 or not _main_ns_only(head):
        return None
    root = head.find("<", head.find("?>") + 2 if head.startswith("<?") else 0)  # no comment nor PI before it
    if not head.startswith("worksheet", root + 1) or head[root + 10:root + 11] not in _AFTER_NAME + ("/",):
        return None  # the streaming reader refuses it (F022)
    end = text.find("</sheetData>", start)
    if start == -1 or end == -1:
        return {}  # no sheetData, or <sheetData/>: expat has checked there is no other
    body = text[start:end]
    if shape is None:
        if "<!" in body or "<?" in body or "xmlns" in body:
            return None
    else:  # what expat saw, by where it stands: offsets in the same bytes
        b_start = data.find(b"<sheetData")
        b_end = data.find(b"</sheetData>", b_start)
        if any(at < b_end for at in shape.marked) or any(b_start <= at < b_end for at in shape.declared):
            return None
    # a cell with content ends with '</c>' (or '</c >', which expat takes too); a styled blank is <c .../>
    n_ends = body.count("</c")
    if n_ends > budget:
        return None  # more cells than the budget allows: the streaming reader refuses it (F023) as it goes
    # '<' stands in no attribute value nor text, so every match is a real cell, and each holds one
    # '</c', its end: as many matches as ends, and every cell with content is plain
    found = _PLAIN_CELL.findall(body)
    if len(found) == n_ends:
        cells = _plain_cells(found, strings, date_styles, date1904)
        # a cell written twice (outside any row, say) is read again each time, so it counts each time:
        # the streaming reader counts what is written, as it goes (F023 at the budget)
        return cells if cells.written == len(cells) else None
    if _GT_IN_ATTR.search(body) or _SPACED_END.search(body):
        return None
    return _mixed_cells(body.split("</c>")[:-1], strings, date_styles, date1904, moved)


def _plain_cells(found: list[tuple[str, ...]], strings: list[str], date_styles: frozenset[int],
                 date1904: bool) -> _Cells:
    """Cells from ``_PLAIN_CELL``'s groups: reference, style, type, then '<f>..</f>' and '<v>..</v>'
    whole ('' when absent, so an empty <v></v> stays a value). Every cell is checked here as
    ``_make_cell`` would check it (a damaged one raises now, not when it is looked up), but the
    cells most sheets are made of (a shared string, a number, a formula without a cached value)
    are kept as their groups and made on first look-up (``_Cells``): a file's case looks at a
    fraction of the ~2,200 cells its sheets hold. ``written`` of the result: the cells with content
    as written, more than it holds when one is written twice."""
    cells: dict[tuple[int, int], Any] = {}
    keys, indices, number = _KEYS, _string_indices(len(strings)), _V_NUMBER.fullmatch
    n_strings = len(strings)
    empty = 0  # cells without content, counted where they are passed over (rare)
    for groups in found:
        ref, style, kind, f, v = groups
        key = keys.get(ref) or _new_key(ref)
        if key is not None:
            if kind == "s":
                index = indices.get(v)  # an index written otherwise ('007') goes through _make_cell
                if index is not None and index < n_strings:
                    cells[key] = groups
                    continue
            elif not kind:
                if v == "<v></v>":  # a formula without a cached value (XlsxWriter's), or nothing
                    if f:
                        cells[key] = groups
                    else:
                        empty += 1
                    continue
                if number(v):
                    cells[key] = groups
                    continue
        row, col = _row_col(ref)
        cell = _make_cell(row, col, _plain_attrs(style, kind), _text(v[3:-4]) if v else None,
                          _text(f[3:-4]) if f else None, None, strings, date_styles, date1904)
        if cell is not None:
            cells[(row, col)] = cell
        else:
            empty += 1
    return _Cells(cells, strings, date_styles, len(found) - empty)


class _Cells(Mapping):
    """A sheet's cells read whole, keyed by (row, col) in the order written, each made into a
    ``Cell`` when first looked up (``get``, ``[]``, ``items``, ``values``); ``in``, ``len`` and
    iterating the keys make none. What ``_plain_cells`` keeps of a cell it has checked is its
    regular-expression groups, so making it later can no longer fail: the same cell as the
    streaming reader's, only later."""

    __slots__ = ("_map", "_strings", "_date_styles", "_all_made", "written")

    def __init__(self, cells: dict[tuple[int, int], Any], strings: list[str], date_styles: frozenset[int],
                 written: int = 0) -> None:
        self._map, self._strings, self._date_styles = cells, strings, date_styles
        self._all_made = False
        self.written = written

    def get(self, key: Any, default: Any = None) -> Any:
        cell = self._map.get(key, default)
        if type(cell) is tuple and cell is not default:  # groups, not yet a Cell (a subclass)
            cell = self._map[key] = self._make(key, cell)
        return cell

    def __getitem__(self, key: Any) -> Cell:
        cell = self._map[key]
        if type(cell) is tuple:
            cell = self._map[key] = self._make(key, cell)
        return cell

    def __contains__(self, key: object) -> bool:
        return key in self._map

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._map)

    def __len__(self) -> int:
        return len(self._map)

    def keys(self) -> Any:
        return self._map.keys()

    def items(self) -> Any:
        return self._made().items()

    def values(self) -> Any:
        return self._made().values()

    def __eq__(self, other: object) -> bool:
        return self._made() == (other._made() if isinstance(other, _Cells) else other)

    def __repr__(self) -> str:
        return repr(self._made())

    def _made(self) -> dict[tuple[int, int], Cell]:
        """Every cell made: the underlying dict, a plain dict of Cells from here on."""
        if not self._all_made:
            cells = self._map
            for key, cell in cells.items():
                if type(cell) is tuple:
                    cells[key] = self._make(key, cell)  # the same keys: the dict's size does not change
            self._all_made = True
        return self._map

    def _make(self, key: tuple[int, int], groups: tuple[str, ...]) -> Cell:
        row, col = key
        _, style, kind, f, v = groups
        formula = _text(f[3:-4]) if f else None
        if kind == "s":
            return _new_cell(Cell, (row, col, self._strings[_V_INDEX[v]], "shared_string", formula))
        text = v[3:-4]
        if not text:
            return _new_cell(Cell, (row, col, None, "blank", formula))
        value = int(text) if _INT.fullmatch(text) else float(text)
        date = bool(style) and len(style) <= 9 and int(style) in self._date_styles
        return _new_cell(Cell, (row, col, value, "date" if date else "number", formula))

    def longest_text_bound(self) -> int:
        """At least the characters of the longest text value or formula. The budget compares this
        first and makes every cell to measure exactly only when it is over the limit. Measured in C
        over made cells and groups alike, position by position: a Cell's value (2) and formula (4)
        are its texts; a cell's groups hold its type (2: 's' or ''), its formula as written (3: longer
        than the formula read) and its '<v>..</v>' (4), and its value, if it is a shared string, is
        no longer than the longest of them."""
        cells = list(self._map.values())
        longest = max(_longest_text(cells), max(map(len, map(_GROUP_F, cells)), default=0))
        if "s" in map(_VALUE, cells):
            longest = max(longest, max(map(len, self._strings), default=0))
        return longest


_GROUP_F = operator.itemgetter(3)  # the formula of _PLAIN_CELL's groups
# A cell's key by its reference ('B3' → (3, 2)), for the references inside Excel's sheet; kept for
# the next sheet and file (the copies of a template hold the same few thousand), up to a bound.
# Emptied when full and filled again, so it holds what the files being read use, not what the first
# files did (a first file with 16,384 other references would otherwise keep it from every later one).
_KEYS: dict[str, tuple[int, int]] = {}
_KEYS_KEPT = 1 << 14  # ~3 MB at most; a SØM workbook's sheets hold ~3,000 references


def _new_key(ref: str) -> tuple[int, int] | None:
    """The key of a reference ``_KEYS`` lacks, kept there; None for a cell outside the sheet."""
    key = _row_col(ref)
    if not (0 < key[0] <= MAX_ROW and key[1] <= MAX_COL):
        return None
    if len(_KEYS) >= _KEYS_KEPT:
        _KEYS.clear()
    _KEYS[ref] = key
    return key


def _row_col(ref: str) -> tuple[int, int]:
    """(row, col) of a reference in ``_PLAIN_CELL``'s shape ('B3', also 'A0' or 'ZZZ1')."""
    letters, digits = _CELL_REF.fullmatch(ref).groups()
    return int(digits), _COLUMNS.get(letters) or letters_to_col(letters)


# A shared string's index as a cell writes it ('<v>17</v>' → 17), for the indexes of the largest
# table read so far, up to a bound; a larger index goes through _make_cell.
_V_INDEX: dict[str, int] = {}
_V_INDEX_KEPT = 1 << 14  # ~2 MB at most; a SØM workbook holds ~800 strings


def _string_indices(n: int) -> dict[str, int]:
    have, want = len(_V_INDEX), min(n, _V_INDEX_KEPT)
    if have < want:
        _V_INDEX.update(zip(map("<v>{}</v>".format, range(have, want)), range(have, want)))
    return _V_INDEX


def _plain_attrs(style: str | None, kind: str | None) -> dict[str, str]:
    attrs = {}
    if style:
        attrs["s"] = style
    if kind:
        attrs["t"] = kind
    return attrs


def _mixed_cells(pieces: list[str], strings: list[str], date_styles: frozenset[int],
                 date1904: bool, moved: list[int] | None = None) -> dict[tuple[int, int], Cell] | None:
    """Cells of a sheet where some cell is not in the plain shape (each piece: the text up to a
    cell's '</c>'): attributes in any order or quoting, inline strings, shared formulas. None when
    a cell with content has no reference (the sheet then streams). ``moved``: as ``_fast_cells``'s."""
    cells: dict[tuple[int, int], Cell] = {}
    shared: dict[str, tuple[int, int, str]] = {}
    cols: dict[str, int] = {}
    written = 0
    for piece in pieces:
        k = piece.rfind("<c")
        while k != -1 and piece[k + 2:k + 3] not in _AFTER_NAME:
            k = piece.rfind("<c", 0, k)
        if k == -1:
            return None
        raw = piece[k:]
        m = _PLAIN_CELL.fullmatch(raw + "</c>")
        if m is not None:  # <c r="B3" s="4" t="s"><f>..</f><v>..</v>: Excel's, LibreOffice's, XlsxWriter's
            one = _plain_cells([m.groups("")], strings, date_styles, date1904)
            cells.update(one)
            written += one.written
            continue
        gt = raw.find(">")
        attrs = _attrs(raw[2:gt])
        ref = attrs.get("r")
        m = _CELL_REF.fullmatch(ref) if ref is not None else None
        if ref is None:
            return None
        if m is None:
            row, col = a1_to_rowcol(ref)
            letters, digits = rowcol_to_a1(row, col)[:-len(str(row))], str(row)
        else:
            letters, digits = m.groups()
        v = f = inline = None
        f_attrs: dict[str, str] = {}
        for tag, child_attrs, body in _CHILD.findall(raw, gt + 1):
            if tag == "v":
                v = _text(body)
            elif tag == "f":
                f, f_attrs = _text(body), _attrs(child_attrs)
            else:
                inline = "".join(_text(t) for t in _INLINE_T.findall(_RPH.sub("", body)))
        si = f_attrs.get("si")
        if f is not None and f_attrs.get("t") == "shared" and si is not None:
            if f:
                shared[si] = (int(digits), letters_to_col(letters), f)
            elif si in shared:
                r0, c0, master = shared[si]
                f = shift_formula(master, int(digits) - r0, letters_to_col(letters) - c0)
                if moved is not None:
                    moved.append(len(f))
        col = cols.get(letters)
        if col is None:
            col = cols[letters] = letters_to_col(letters)
        cell = _make_cell(int(digits), col, attrs, v, f, inline, strings, date_styles, date1904)
        if cell is not None:
            cells[(cell.row, col)] = cell
            written += 1
    return cells if written == len(cells) else None  # a cell written twice: streamed, and counted twice

# --- shared formulas -------------------------------------------------------------------------

_FORMULA_TOKEN = re.compile(
    r'"(?:[^"]|"")*"'                              # a string literal: left alone
    r"|'(?:[^']|'')*'!"                            # a quoted sheet prefix: left alone
    r"|(?<![A-Za-z0-9_.\\])(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)(?![A-Za-z0-9_(])"  # an A1 reference
)


def shift_formula(formula: str, rows: int, cols: int) -> str:
    """Move the relative references of a shared formula's master to a cell ``rows`` down and
    ``cols`` right, as Excel does when it expands a shared formula ($-anchored parts stay)."""

    def move(m: re.Match) -> str:
        if m.group(2) is None:
            return m.group(0)
        col_abs, letters, row_abs, digits = m.groups()
        col = letters_to_col(letters) + (0 if col_abs else cols)
        row = int(digits) + (0 if row_abs else rows)
        if col < 1 or row < 1 or col > 16384:
            return "#REF!"
        return f"{col_abs}{col_to_letters(col)}{row_abs}{row}"

    return _FORMULA_TOKEN.sub(move, formula)


def iter_cells(cells: dict[tuple[int, int], Cell]) -> Iterator[Cell]:
    """The cells of a sheet in reading order (row by row, left to right)."""
    for key in sorted(cells):
        yield cells[key]
