"""The template spec: templates/som.yaml loaded into frozen dataclasses, checked on load.

Every stage reads the workbook through this one spec: the generator lays it out, the reader
finds each input by the defined name given here, the validator uses types, ranges and lists,
and the result workbook refers to the same names. docs/template.md describes the contract.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from somxl.base.errors import SomxlError
from somxl.base.paths import templates_dir
from somxl.base.vocab import LANGS, PAYER_LABELS, PAYERS, YEARS, pick

TYPES = ("text", "longtext", "int", "year", "amount", "rate", "number", "date", "choice", "bool")
SHEET_KINDS = ("guide", "step", "settings", "assumptions", "lists", "meta")
VISIBILITY = ("visible", "hidden", "very_hidden")
# Excel limits on data-validation texts: a longer help text would make a corrupt file.
MAX_HELP = 255
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# A defined name must not read as a cell reference (A1, XFD1048576) or an R1C1 reference.
_CELLREF_RE = re.compile(r"^([A-Za-z]{1,3}[0-9]+|[Rr][0-9]*([Cc][0-9]*)?|[Cc][0-9]*)$")


class SpecError(SomxlError):
    """The template spec itself is broken (a developer's mistake, not a user's)."""


@dataclass(frozen=True)
class Text:
    """A text in Danish and English."""

    da: str
    en: str

    def __call__(self, lang: str = "da") -> str:
        return pick(lang, self.da, self.en)


@dataclass(frozen=True)
class ListItem(Text):
    """A value of a closed list: its text in Danish and English, and its code."""

    code: Any = None  # the value in the case: a string, or True/False for yes/no

    text = Text.__call__


@dataclass(frozen=True)
class ListDef:
    """A dropdown list. Closed lists carry codes; open ones take their values from the catalogue
    attribute named by ``catalog`` (a user may type other values)."""

    key: str
    name: str  # defined name of the list range on the hidden list sheet
    closed: bool
    items: tuple[ListItem, ...] = ()
    catalog: str | None = None

    def display(self, code: Any, lang: str = "da") -> str | None:
        """The text shown in the workbook for a case code (None when the code is unknown)."""
        for item in self.items:
            if item.code == code and type(item.code) is type(code):
                return item.text(lang)
        return None

    def code_for(self, text: Any) -> Any:
        """The case code for a text typed or picked in a workbook: either language's display
        text or the code itself, case-insensitively and ignoring surrounding blanks.
        Returns None when nothing matches."""
        if text is None:
            return None
        if isinstance(text, bool):
            return text if any(i.code is text for i in self.items) else None
        return self._codes.get(" ".join(str(text).split()).casefold())

    @cached_property
    def _codes(self) -> dict[str, Any]:
        """Each text a code is known by (casefolded) → the code; the first item's when two share one."""
        codes: dict[str, Any] = {}
        for item in self.items:
            for text in (item.da, item.en, str(item.code)):
                codes.setdefault(text.casefold(), item.code)
        return codes

    def texts(self, lang: str = "da") -> list[str]:
        return [i.text(lang) for i in self.items]


@dataclass(frozen=True)
class Sheet:
    key: str
    kind: str
    name: Text
    step: int | None = None
    title: Text | None = None
    intro: Text | None = None
    visibility: str = "visible"
    optional: bool = False  # a workbook without this sheet (an older copy) reads as if it were empty


@dataclass(frozen=True)
class Question:
    id: str  # "1.1"
    step: int
    text: Text

    @property
    def names(self) -> dict[str, str]:
        """Defined names of the answer, status and source cells."""
        base = "Spm_" + self.id.replace(".", "_")
        return {"answer": f"{base}_Svar", "status": f"{base}_Status", "source": f"{base}_Kilde"}


@dataclass(frozen=True)
class Field:
    """A scalar input: one cell."""

    key: str
    path: str  # where the value lives in the case, e.g. "effect.success_rate", "uncertainty.costs[0]"
    name: str  # defined name
    sheet: str  # sheet key
    type: str
    label: Text
    help: Text
    unit: Text | None = None
    min: float | None = None
    max: float | None = None
    list: str | None = None
    required: bool = False
    default: Any = None
    editable: bool = True  # False: set by the sender (e.g. submission id), locked in the workbook
    format: str | None = None  # Excel number format; None: the type's default (inputsheets.NUMBER_FORMATS)


@dataclass(frozen=True)
class Column:
    """A column of an input table. ``key`` is the field inside a case row (dots for nested
    keys, e.g. ``prices.kommune``); ``repeat`` > 1 expands it into that many columns whose
    values form a list. A column with ``hint`` is a locked catalogue look-up, not an input."""

    key: str
    type: str
    label: Text
    name: str | None = None
    help: Text | None = None
    unit: Text | None = None
    min: float | None = None
    max: float | None = None
    list: str | None = None
    required: bool = False
    default: Any = None
    width: float = 12
    repeat: int = 1
    range: str | None = None  # "horizon": years must lie within the calculation's years
    hint: str | None = None
    format: str | None = None

    @property
    def is_input(self) -> bool:
        return self.hint is None


@dataclass(frozen=True)
class Table:
    key: str
    path: str
    name: str  # defined name of the body (every input column, every row)
    sheet: str
    rows: int
    label: Text
    help: Text
    columns: tuple[Column, ...]
    # The greyed example line above the body: column key → value ({da, en} for a text, a list
    # code for a closed list, a list for a repeated column). Outside the named body: never read.
    example: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def input_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_input)

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


@dataclass(frozen=True)
class Spec:
    id: str
    version: int
    sheets: tuple[Sheet, ...]
    lists: tuple[ListDef, ...]
    questions: tuple[Question, ...]
    fields: tuple[Field, ...]
    tables: tuple[Table, ...]
    guide: dict[str, Any]
    hash: str
    fields_by_path: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)
    tables_by_path: dict[str, Table] = field(default_factory=dict, compare=False, repr=False)
    lists_by_key: dict[str, ListDef] = field(default_factory=dict, compare=False, repr=False)
    sheets_by_key: dict[str, Sheet] = field(default_factory=dict, compare=False, repr=False)

    def sheet_name(self, key: str, lang: str = "da") -> str:
        return self.sheets_by_key[key].name(lang)

    def questions_of(self, step: int) -> list[Question]:
        return [q for q in self.questions if q.step == step]

    def fields_of(self, sheet: str) -> list[Field]:
        return [f for f in self.fields if f.sheet == sheet]

    def tables_of(self, sheet: str) -> list[Table]:
        return [t for t in self.tables if t.sheet == sheet]

    def list_for(self, key: str | None) -> ListDef | None:
        return self.lists_by_key.get(key) if key else None

    def input_name(self, path: str) -> InputName | None:
        """The input at a case path as the template names it (``InputName``); None for a path the
        template has no place for. A table's cell is its column (``costs[2].amount``), a line
        the table (``costs[2]``); a price index year and a consequence's uncertainty bounds name
        their line by its key (``settings.price_index.2025``,
        ``uncertainty.consequences.<name>[0]``), as the case holds them."""
        found = self.fields_by_path.get(path)
        if found is not None:
            return InputName(found.sheet, found.label)
        pair = [self.fields_by_path.get(f"{path}[{i}]") for i in (0, 1)]
        if all(pair):  # a [low, high] pair given or cleared as a whole
            return InputName(pair[0].sheet, _joined(pair[0].label, pair[1].label))
        m = _ANSWER.fullmatch(path)
        if m:
            q = next((q for q in self.questions if q.id == m[1]), None)
            if q is None:
                return None
            word = PART_WORDS.get(m[2] or "", _QUESTION_WORD)
            return InputName(f"step{q.step}", Text(f"{q.id} {word.da}" if m[2] else f"{word.da} {q.id}",
                                                    f"{q.id} {word.en}" if m[2] else f"{word.en} {q.id}"))
        return self._table_input(path)

    def input_field(self, path: str) -> Field | Column | None:
        """The template's field or table column of the input at a case path, whose type and number
        format say how its cell shows a value; None for a question's part, a whole line or a path
        the template does not know."""
        found = self.fields_by_path.get(path)
        if found is not None:
            return found
        name = self.input_name(path)
        return name.column if name is not None else None

    def _table_input(self, path: str) -> InputName | None:
        m = _BOUNDS.fullmatch(path)
        if m:  # a consequence's uncertainty bounds, kept in the case by the consequence's name
            t = self.tables_by_path["consequences"]
            low, high = t.column("uncertainty_low"), t.column("uncertainty_high")
            label = _joined(low.label, high.label) if m[2] is None else (low, high)[int(m[2])].label
            return InputName(t.sheet, label, t, None if m[2] is None else (low, high)[int(m[2])], key=m[1])
        m = _INDEX_YEAR.fullmatch(path)
        if m:
            t = self.tables_by_path["settings.price_index"]
            return InputName(t.sheet, t.column("index").label, t, t.column("index"), key=m[1])
        for t in self.tables:
            if path == t.path:
                return InputName(t.sheet, t.label, t)
            if not path.startswith(t.path + "["):
                continue
            m = _LINE.fullmatch(path, len(t.path))
            if m is None:
                return None
            if m[2] is None:
                return InputName(t.sheet, t.label, t, line=int(m[1]))
            c = next((c for c in t.input_columns if c.key == m[2]), None)
            if c is None:
                return None
            label = c.label if m[3] is None or c.repeat == 1 else Text(f"{c.label.da} {int(m[3]) + 1}",
                                                                       f"{c.label.en} {int(m[3]) + 1}")
            return InputName(t.sheet, label, t, c, int(m[1]))
        return None

    def input_names(self) -> dict[str, str]:
        """Every defined name of an input → what it is (``field:<path>``, ``question:<id>:<part>``,
        ``table:<path>``, ``column:<path>:<key>``). Lists are not included."""
        out: dict[str, str] = {}
        for f in self.fields:
            out[f.name] = f"field:{f.path}"
        for q in self.questions:
            for part, name in q.names.items():
                out[name] = f"question:{q.id}:{part}"
        for t in self.tables:
            out[t.name] = f"table:{t.path}"
            for c in t.input_columns:
                out[c.name] = f"column:{t.path}:{c.key}"
        return out


# How the template names a question's parts, a question, and a table's line ("Beløb (kr.), linje 3"); the
# reader labels a workbook's cells with the same words
PART_WORDS = {"answer": Text("svar", "answer"), "status": Text("status", "status"), "source": Text("kilde", "source")}
_QUESTION_WORD = Text("Spørgsmål", "Question")
LINE_WORD = Text("linje", "row")
_ANSWER = re.compile(r"answers\.(\d+\.\d+)(?:\.(answer|status|source))?")
_BOUNDS = re.compile(r"uncertainty\.consequences\.(.+?)(?:\[([01])\])?")
_INDEX_YEAR = re.compile(r"settings\.price_index\.(\d+)")
_LINE = re.compile(r"\[(\d+)\](?:\.([^\[\]]+)(?:\[(\d+)\])?)?")


def _joined(a: Text, b: Text) -> Text:
    return Text(f"{a.da} / {b.da}", f"{a.en} / {b.en}")


@dataclass(frozen=True)
class InputName:
    """An input of a case as the department knows it from the workbook: the spec key of its sheet
    and its label (a field's, a question part's, a table column's; a table's for a whole line).
    For a table's cell or line also the table, the column (None for a whole line), the line's
    position in the case's list (``line``, 0-based) or, where the case keys the line, its key
    (``key``: a price index year, a consequence's name)."""

    sheet: str
    label: Text
    table: Table | None = None
    column: Column | None = None
    line: int | None = None
    key: str | None = None

    def text(self, lang: str = "da", line_no: int | None = None) -> str:
        """The label in ``lang``; for a table's line or cell with the line where the department
        sees it (``line_no``, the table's row number, 1 for its first row): "Beløb (kr.), linje 3",
        else by its key: "Indeks «2025»"."""
        label = self.label(lang)
        if self.table is None or (self.line is None and self.key is None):
            return label
        if line_no is not None:
            return f"{label}, {LINE_WORD(lang)} {line_no}"
        return f"{label} «{self.key}»" if self.key is not None else f"{label}, {LINE_WORD(lang)} {self.line + 1}"


def _text(raw: Any, where: str, required: bool = True) -> Text | None:
    if raw is None and not required:
        return None
    # Exactly da and en: an unquoted comma in a YAML flow mapping ({da: a, b, en: c}) silently
    # cuts a label short and adds a stray key, so extra keys are an error.
    if (not isinstance(raw, dict) or set(raw) != {"da", "en"}
            or not all(isinstance(raw.get(k), str) and raw.get(k) for k in ("da", "en"))):
        raise SpecError(f"skabelonen: {where} skal have tekst på dansk og engelsk (da, en)",
                        en=f"template spec: {where} needs a Danish and an English text (da, en)")
    return Text(raw["da"], raw["en"])


def _fail(da: str, en: str) -> None:
    raise SpecError("skabelonen er ugyldig: " + da, en="template spec is invalid: " + en)


def _build(raw: dict[str, Any], digest: str) -> Spec:
    sheets = tuple(
        Sheet(key=s["key"], kind=s["kind"], name=_text(s.get("name"), f"sheet {s['key']}"),
              step=s.get("step"), title=_text(s.get("title"), f"sheet {s['key']}.title", False),
              intro=_text(s.get("intro"), f"sheet {s['key']}.intro", False),
              visibility=s.get("visibility", "visible"), optional=bool(s.get("optional", False)))
        for s in raw["sheets"]
    )
    lists = tuple(
        ListDef(key=li["key"], name=li["name"], closed=bool(li["closed"]),
                items=tuple(ListItem(i["da"], i["en"], i["code"]) for i in li.get("items", ())),
                catalog=li.get("catalog"))
        for li in raw["lists"]
    )
    questions = tuple(
        Question(id=q["id"], step=int(q["id"].split(".")[0]), text=_text({k: v for k, v in q.items() if k != "id"}, f"question {q['id']}"))
        for q in raw["questions"]
    )
    fields = tuple(
        Field(key=f["key"], path=f["path"], name=f["name"], sheet=f["sheet"], type=f["type"],
              label=_text(f.get("label"), f"field {f['path']}.label"),
              help=_text(f.get("help"), f"field {f['path']}.help"),
              unit=_text(f.get("unit"), f"field {f['path']}.unit", False),
              min=f.get("min"), max=f.get("max"), list=f.get("list"),
              required=bool(f.get("required", False)), default=f.get("default"),
              editable=bool(f.get("editable", True)), format=f.get("format"))
        for f in raw["fields"]
    )
    tables = []
    for t in raw["tables"]:
        cols = tuple(
            Column(key=c["key"], type=c["type"], name=c.get("name"),
                   label=_text(c.get("label"), f"column {t['path']}.{c['key']}.label"),
                   help=_text(c.get("help"), f"column {t['path']}.{c['key']}.help", "hint" not in c),
                   unit=_text(c.get("unit"), f"column {t['path']}.{c['key']}.unit", False),
                   min=c.get("min"), max=c.get("max"), list=c.get("list"),
                   required=bool(c.get("required", False)), default=c.get("default"),
                   width=float(c.get("width", 12)), repeat=int(c.get("repeat", 1)),
                   range=c.get("range"), hint=c.get("hint"), format=c.get("format"))
            for c in t["columns"]
        )
        tables.append(Table(key=t["key"], path=t["path"], name=t["name"], sheet=t["sheet"],
                            rows=int(t["rows"]), label=_text(t.get("label"), f"table {t['path']}"),
                            help=_text(t.get("help"), f"table {t['path']}.help"), columns=cols,
                            example=dict(t.get("example") or {})))
    spec = Spec(
        id=raw["template"]["id"], version=int(raw["template"]["version"]), sheets=sheets,
        lists=lists, questions=questions, fields=fields, tables=tuple(tables),
        guide=raw.get("guide", {}), hash=digest,
        fields_by_path={f.path: f for f in fields},
        tables_by_path={t.path: t for t in tables},
        lists_by_key={li.key: li for li in lists},
        sheets_by_key={s.key: s for s in sheets},
    )
    _check(spec)
    return spec


def _check(spec: Spec) -> None:
    """Catch a broken spec at load time rather than as a corrupt workbook later: every rule of
    the spec in turn, with one register of the defined names every part claims."""
    names: dict[str, str] = {}  # casefolded defined name → what claimed it
    _check_sheets(spec)
    _check_lists(spec, names)
    _check_questions(spec, names)
    _check_fields(spec, names)


def _claim(names: dict[str, str], name: str | None, what: str) -> None:
    """A defined name that Excel accepts and no other part of the spec uses."""
    if not name or not _NAME_RE.match(name) or _CELLREF_RE.match(name) or len(name) > 255:
        _fail(f"{what}: ugyldigt navn {name!r} (kun ASCII-bogstaver, tal og _)",
              f"{what}: invalid defined name {name!r} (ASCII letters, digits and _ only)")
    if name.casefold() in names:
        _fail(f"navnet {name} bruges af både {names[name.casefold()]} og {what}",
              f"name {name} is used by both {names[name.casefold()]} and {what}")
    names[name.casefold()] = what


def _check_sheets(spec: Spec) -> None:
    for t in spec.tables:
        unknown = set(t.example) - {c.key for c in t.columns}
        if unknown:
            _fail(f"tabellen {t.path} har eksempler på ukendte kolonner: {sorted(unknown)}",
                  f"table {t.path} has examples for unknown columns: {sorted(unknown)}")
    if [s.key for s in spec.sheets if s.kind == "step"] != [f"step{i}" for i in range(1, 6)]:
        _fail("der skal være fem trin-ark step1..step5", "there must be five step sheets step1..step5")
    for s in spec.sheets:
        if s.kind not in SHEET_KINDS or s.visibility not in VISIBILITY:
            _fail(f"ark {s.key}: ukendt art eller synlighed", f"sheet {s.key}: unknown kind or visibility")
        for lang in LANGS:
            if len(s.name(lang)) > 31 or any(ch in s.name(lang) for ch in "[]:*?/\\"):
                _fail(f"arknavnet {s.name(lang)!r} er ugyldigt i Excel", f"sheet name {s.name(lang)!r} is invalid in Excel")


def _check_lists(spec: Spec, names: dict[str, str]) -> None:
    for li in spec.lists:
        _claim(names, li.name, f"list {li.key}")
        if li.closed and not li.items:
            _fail(f"den lukkede liste {li.key} har ingen værdier", f"closed list {li.key} has no items")
        for lang in LANGS:
            texts = [t.casefold() for t in li.texts(lang)]
            if len(set(texts)) != len(texts):
                _fail(f"liste {li.key}: gentagne tekster", f"list {li.key}: repeated texts")
    # The payers' dropdown is data here (hashed into every workbook) and words in vocab.py: one vocabulary.
    payer = spec.lists_by_key.get("payer")
    if payer is None or [(i.code, i.da, i.en) for i in payer.items] != [(p, *PAYER_LABELS[p]) for p in PAYERS]:
        _fail("listen payer skal være vocab.PAYERS med deres PAYER_LABELS",
              "the list payer must be vocab.PAYERS with their PAYER_LABELS")


def _check_questions(spec: Spec, names: dict[str, str]) -> None:
    ids = [q.id for q in spec.questions]
    if len(set(ids)) != len(ids) or not all(re.fullmatch(r"[1-5]\.[0-9]+", i) for i in ids):
        _fail("spørgsmålenes id skal være entydige og hedde trin.nr", "question ids must be unique step.n")
    for q in spec.questions:
        for part, name in q.names.items():
            _claim(names, name, f"question {q.id} {part}")


def _check_input(spec: Spec, what: str, type_: str, list_key: str | None, help_: Text | None,
                 bounds: tuple[float | None, float | None]) -> None:
    if type_ not in TYPES:
        _fail(f"{what}: ukendt type {type_}", f"{what}: unknown type {type_}")
    if (type_ in ("choice", "bool")) != bool(list_key) or (list_key and list_key not in spec.lists_by_key):
        _fail(f"{what}: valg og ja/nej kræver en kendt liste", f"{what}: choice and bool need a known list")
    if help_ and max(len(help_.da), len(help_.en)) > MAX_HELP:
        _fail(f"{what}: hjælpeteksten er over {MAX_HELP} tegn", f"{what}: help text longer than {MAX_HELP}")
    # The bounds are data here (the spec's hash is stamped into every workbook) but one range
    # for the whole of somxl: a year field that says otherwise is a mistake.
    if type_ == "year" and bounds != YEARS:
        _fail(f"{what}: et år skal have min {YEARS[0]} og max {YEARS[1]} (vocab.YEARS)",
              f"{what}: a year needs min {YEARS[0]} and max {YEARS[1]} (vocab.YEARS)")


def _check_fields(spec: Spec, names: dict[str, str]) -> None:
    """The scalar fields and the tables: names, types, lists, help and paths, each path once."""
    paths: set[str] = set()
    for f in spec.fields:
        _claim(names, f.name, f"field {f.path}")
        _check_input(spec, f"field {f.path}", f.type, f.list, f.help, (f.min, f.max))
        if f.sheet not in spec.sheets_by_key or f.path in paths:
            _fail(f"felt {f.path}: ukendt ark eller gentaget sti", f"field {f.path}: unknown sheet or repeated path")
        paths.add(f.path)
    for t in spec.tables:
        _claim(names, t.name, f"table {t.path}")
        if t.sheet not in spec.sheets_by_key or t.path in paths or not 1 <= t.rows <= 1000:
            _fail(f"tabel {t.path}: ukendt ark, gentaget sti eller forkert antal rækker",
                  f"table {t.path}: unknown sheet, repeated path or bad row count")
        paths.add(t.path)
        for c in t.columns:
            if c.is_input:
                _claim(names, c.name, f"column {t.path}.{c.key}")
                _check_input(spec, f"column {t.path}.{c.key}", c.type, c.list, c.help, (c.min, c.max))
            if c.repeat < 1 or len({k.key for k in t.columns}) != len(t.columns):
                _fail(f"tabel {t.path}: gentagne kolonner", f"table {t.path}: repeated columns")


def _canonical(raw: Any) -> str:
    return json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


@lru_cache(maxsize=4)
def _load(path: Path) -> Spec:
    import yaml

    try:
        # libyaml's safe loader when PyYAML has it (the pure-Python one costs ~0.1 s a start).
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError) as exc:
        raise SpecError(f"kan ikke læse skabelonen {path}: {exc}",
                        en=f"cannot read the template spec {path}: {exc}") from exc
    import hashlib  # here: a worker gets the spec from its parent and never hashes it

    digest = hashlib.sha256(_canonical(raw).encode("utf-8")).hexdigest()
    try:
        return _build(raw, digest)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SpecError(f"skabelonen {path} mangler eller har en forkert nøgle: {exc!r}",
                        en=f"template spec {path} lacks or has a wrong key: {exc!r}") from exc


_PRIMED: list[Spec] = []  # the shipped spec as a parent process sent it (prime_spec)


def load_spec(path: Path | None = None) -> Spec:
    """The template spec (templates/som.yaml unless ``path``), cached and checked on load.

    Raises SpecError (a SomxlError) naming what is wrong."""
    if path is None and _PRIMED:
        return _PRIMED[0]
    return _load(Path(path) if path else templates_dir() / "som.yaml")


def prime_spec(spec: Spec) -> None:
    """Use ``spec`` as the shipped spec in this process: a worker process gets its parent's
    (unpickling it takes ~1 ms, reading the YAML ~0.1 s)."""
    _PRIMED[:] = [spec]


def spec_hash(path: Path | None = None) -> str:
    """sha256 (hex) of the canonical JSON of the spec: stamped into every generated workbook so a
    reader can tell which spec a returned file was made from."""
    return load_spec(path).hash


def round_of(stamp: dict | None) -> int:
    """The round a returned file answers: the stamp's round (a copy sent back for corrections),
    1 for a first copy or a stamp without a usable round. Here, with the template whose Metadata
    sheet carries the stamp, so that collect's parent knows a file's round without loading the
    annotated-copy writer (~40 ms)."""
    value = (stamp or {}).get("round")
    if isinstance(value, bool):
        return 1
    try:
        n = int(float(value))
    except (TypeError, ValueError, OverflowError):
        return 1
    return n if 1 <= n <= 999 else 1


def get_path(obj: Any, path: str) -> Any:
    """The value at a case path (``a.b``, ``a.b[0]``), None when any part is missing or null."""
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if obj is None:
            return None
        if part.startswith("["):
            i = int(part[1:-1])
            obj = obj[i] if isinstance(obj, (list, tuple)) and i < len(obj) else None
        else:
            obj = obj.get(part) if isinstance(obj, dict) else None
    return obj
