"""The input sheets from the template spec, blank or filled with a case: the writers' base.

``add_input_sheets`` lays the spec out on an open XlsxWriter workbook and returns a ``Layout``
(where every defined name, scalar and table ended up), so every workbook that carries the inputs
writes them through here: the template (``generate.write_input_workbook``), the result workbook
(``results``) and the annotated copy (``annotate``), each then adding its own sheets and referring
to the inputs by the layout. With xlsxout this module is the writers' base (README, module map):
writers import the base, never one another. docs/template.md describes the layout and the
conventions."""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass, field
from typing import Any

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from somxl import __version__
from somxl.model.case import MAX_HORIZON, Settings, contract, year_key
from somxl.model.catalog import Catalog, load_catalog
from somxl.base.errors import InputError
from somxl.model.knowledge import origin_text
from somxl.base.numbers import local_separators
from somxl.base.report import say
from somxl.model.spec import Column, Field, ListDef, Sheet, Spec, Table, Text, get_path, load_spec
from somxl.base.vocab import YEARS, pick
from somxl.workbooks_out.xlsxout import (BODY, BORDER, CAUTION_COLOUR, DEFAULT_WIDTH, EXAMPLE_FILL, HEADING, HEADING_WRAP,
                           HINT_COLOUR, INPUT_FILL, LOCKED_FILL, NOTE, NOTE_COLOUR, ROW_NUMBER_COLOUR, SUBTITLE, TITLE,
                           Formats, fit_row, page_setup, print_parts, protect, quote_sheet, word_width)

SETTINGS_KEYS = tuple(contract(Settings))  # the case contract's settings
NUMBER_FORMATS = {"int": "0", "year": "0", "amount": "#,##0", "rate": "0.0%", "number": "General",
                  "date": "yyyy-mm-dd"}
# Names of the catalogue's consequence columns on the list sheet, used by the hint formulas.
HINT_NAMES = {"prices.kommune": "Katalog_PrisKommune", "prices.region": "Katalog_PrisRegion",
              "prices.stat": "Katalog_PrisStat", "price_year": "Katalog_Prisaar",
              "domain": "Katalog_Omraade", "unit": "Katalog_Enhed", "kind": "Katalog_Art"}
REGISTER_NAME = "Katalog_Registerbaseret"  # the register-based target groups on the list sheet
_W = {"A": 6, "B": 40, "C": 40, "D": 16, "E": 32}  # step-sheet column widths
# The question columns (question, answer, status, source) at least, on a step sheet whose table
# is wider than them: there the table's narrower widths rule, so the sheet prints on fewer pages.
_W_NARROW = {"A": 6, "B": 28, "C": 22, "D": 14, "E": 14}
EXAMPLE_FORMAT = {"bg_color": EXAMPLE_FILL, "font_color": HINT_COLOUR, "italic": True, "border": 1,
                  "border_color": BORDER, "locked": True, "valign": "top"}
WIDEST_WORD = 30  # a column is widened to a filled line's longest word up to this (a URL may be longer)
PRINT_ROOM = 5  # empty table rows printed below the filled ones, room to write by hand
PRINT_YEARS = 10  # year columns printed without a horizon: SØM follows consequences 10 years


@dataclass
class NewOptions:
    """What the sender sets when generating a workbook to hand out."""

    organisation: str | None = None
    department: str | None = None
    contact: str | None = None
    deadline: str | None = None
    recipient: str | None = None
    submission_id: str | None = None
    settings: dict[str, Any] | None = None  # prefilled and locked: keys of SETTINGS_KEYS
    password: str | None = None  # sheet protection password; None: protected without one
    force: bool = False
    created: dt.datetime | None = None  # the stamp's time; None: now (tests fix it)
    round: int | None = None  # a copy sent back for corrections: 2, 3 ... (stamped; None: the first)
    prefill: Any = None  # a knowledge.Prefill: a target group's inputs (editable) and effect hints


@dataclass(frozen=True)
class CellRef:
    """A cell: sheet name and 0-based row and column (XlsxWriter's convention)."""

    sheet: str
    row: int
    col: int

    @property
    def a1(self) -> str:
        return xl_rowcol_to_cell(self.row, self.col)


@dataclass
class TableLayout:
    """Where a table is: 0-based rows of the header and the data, and for every column key the
    0-based column indices it occupies (one, or ``repeat`` of them for e.g. ``changes``)."""

    path: str
    sheet: str
    header_row: int
    first_row: int
    last_row: int
    first_col: int
    last_col: int
    columns: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Layout:
    """Everything a reader or the result writer needs to find the inputs."""

    lang: str
    sheets: dict[str, str] = field(default_factory=dict)  # spec sheet key → sheet name
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # defined name → (sheet, "$C$5" / "$B$10:$B$59")
    fields: dict[str, CellRef] = field(default_factory=dict)  # case path → cell
    questions: dict[str, dict[str, CellRef]] = field(default_factory=dict)  # "1.1" → answer/status/source
    tables: dict[str, TableLayout] = field(default_factory=dict)  # case path → table

    def ref(self, name: str) -> str:
        """The formula reference of a defined name's range, e.g. ``'4 Effekt'!$C$9``."""
        sheet, rng = self.names[name]
        return f"{quote_sheet(sheet)}!{rng}"


def add_input_sheets(wb: Any, *, lang: str = "da", case: dict | None = None,
                     options: NewOptions | None = None, catalog: Catalog | None = None) -> Layout:
    """Add the input sheets (and the list and metadata sheets, names, properties) to ``wb``."""
    return _Builder(wb, load_spec(), lang, case, options or NewOptions(),
                    catalog or load_catalog()).build()


def check_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Check prefilled settings (from --settings); raise InputError naming the bad key."""
    from somxl.base.console import clean

    bad = clean(", ".join(str(k) for k in settings if k not in SETTINGS_KEYS))  # text from a file: cut
    if bad:
        raise InputError.of("E027", keys=bad, allowed=", ".join(SETTINGS_KEYS))
    rules = {"start_year": (*YEARS, True), "horizon_years": (1, MAX_HORIZON, True),
             "price_year": (*YEARS, True), "discount_rate": (0, 1, False)}
    for key, (lo, hi, whole) in rules.items():
        v = settings.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi
                              or (whole and v != int(v))):
            raise InputError.of("E028" if whole else "E029", key=key, low=lo, high=hi, got=clean(repr(v)))
    index = settings.get("price_index")
    if index is not None:
        # a year or an index the workbook cannot hold (infinity) or would itself call invalid
        if not isinstance(index, dict) or not all(
                year_key(str(y)) is not None and isinstance(v, (int, float)) and not isinstance(v, bool)
                and math.isfinite(v) and v > 0 for y, v in index.items()):
            raise InputError.of("E030", low=YEARS[0], high=YEARS[1])
    return settings


class _Builder:
    def __init__(self, wb: Any, spec: Spec, lang: str, case: dict | None, options: NewOptions,
                 catalog: Catalog) -> None:
        self.wb, self.spec, self.lang, self.case, self.opt, self.cat = wb, spec, lang, case, options, catalog
        self.tx = functools.partial(pick, lang)  # the Danish or English of a text written here
        # a target group's knowledge, prefilled as ordinary (editable) inputs of a blank workbook
        self.prefilled: dict[str, Any] = options.prefill.case if options.prefill is not None and case is None else {}
        self.locked_settings = check_settings(dict(options.settings or {}))
        self.layout = Layout(lang=lang)
        self.ws: dict[str, Any] = {}
        self.widths: dict[str, dict[int, float]] = {}
        self.fmt = Formats(wb, **BODY)
        self.used: dict[str, int] = {}  # sheet key → last row to print
        self.print_cols: dict[str, int] = {}  # sheet key → last column to print, when not the last one
        self.frozen: dict[str, tuple[int, int]] = {}  # sheet key → frozen rows, columns (repeated in print)
        self.heights: dict[str, dict[int, float]] = {}  # sheet key → row → height set (points)
        self.unprinted: dict[str, list[tuple[int, int]]] = {}  # sheet key → a table's empty rows, another below
        self.wide: set[str] = set()  # step sheets whose table is wider than their questions

    def t(self, text: Text | None) -> str:
        return text(self.lang) if text else ""

    # --- formats -----------------------------------------------------------------------
    def input_fmt(self, type_: str, fmt: str | None = None, locked: bool = False, wrap: bool = False) -> Any:
        props: dict[str, Any] = {"bg_color": LOCKED_FILL if locked else INPUT_FILL, "locked": locked,
                                 "border": 1, "border_color": BORDER, "valign": "top"}
        num = fmt or NUMBER_FORMATS.get(type_)
        if num:
            props["num_format"] = num
        if type_ == "longtext" or wrap:
            props["text_wrap"] = True
        return self.fmt(**props)

    # --- the whole workbook ------------------------------------------------------------
    def build(self) -> Layout:
        for sheet in self.spec.sheets:
            name = sheet.name(self.lang)
            ws = self.wb.add_worksheet(name)
            self.ws[sheet.key] = ws
            self.widths[sheet.key] = {}
            self.heights[sheet.key] = {}
            self.layout.sheets[sheet.key] = name
        self._lists()
        for sheet in self.spec.sheets:
            getattr(self, f"_sheet_{sheet.kind}")(sheet)
        self._meta()
        for sheet in self.spec.sheets:
            self._finish(sheet)
        self._properties()
        return self.layout

    def _finish(self, sheet: Sheet) -> None:
        ws = self.ws[sheet.key]
        widths = self.widths[sheet.key]
        for col, width in widths.items():
            ws.set_column(col, col, width)
        if sheet.visibility == "visible":
            last_col = self.print_cols.get(sheet.key, max(widths, default=0))
            rows, cols = self.frozen.get(sheet.key, (0, 0))
            last_row = self.used.get(sheet.key, 0)
            skip = self.unprinted.get(sheet.key, [])
            # each part on one page when it is readable so; the guide is read first and whole: one page always
            height = max(sum(self.heights[sheet.key].get(r, 15.0) for r in range(a, b + 1))
                         for a, b in print_parts(last_row, skip))
            page_setup(ws, self.lang, [widths.get(c, DEFAULT_WIDTH) for c in range(last_col + 1)], last_row,
                       height=height, must_fit=sheet.kind == "guide", repeat_rows=(0, rows - 1) if rows else None,
                       repeat_cols=(0, cols - 1) if cols else None, skip=skip, wb=self.wb)
        protect(ws, self.opt.password or "")
        if sheet.visibility == "hidden":
            ws.hide()
        elif sheet.visibility == "very_hidden":
            ws.very_hidden()

    def use(self, sheet: str, row: int) -> None:
        """Note that ``row`` is in use on ``sheet``: its print area reaches it."""
        self.used[sheet] = max(self.used.get(sheet, 0), row)

    def tall(self, sheet: str, row: int, height: float) -> None:
        """Set a row's height and remember it (the guide is planned to fit one page)."""
        self.ws[sheet].set_row(row, height)
        self.heights[sheet][row] = height

    def freeze(self, sheet: str, rows: int, cols: int) -> None:
        """Freeze the top rows and left columns; print repeats them on every page."""
        self.ws[sheet].freeze_panes(rows, cols)
        self.frozen[sheet] = (rows, cols)

    def width(self, sheet: str, col: int, w: float) -> None:
        self.widths[sheet][col] = max(self.widths[sheet].get(col, 0), w)

    def define(self, name: str, sheet_key: str, r1: int, c1: int, r2: int | None = None, c2: int | None = None) -> None:
        sheet = self.layout.sheets[sheet_key]
        rng = xl_rowcol_to_cell(r1, c1, True, True)
        if r2 is not None and (r2, c2) != (r1, c1):
            rng += ":" + xl_rowcol_to_cell(r2, c2, True, True)
        self.wb.define_name(name, f"={quote_sheet(sheet)}!{rng}")
        self.layout.names[name] = (sheet, rng)

    def heading(self, sheet: Sheet, row: int) -> int:
        ws = self.ws[sheet.key]
        ws.write_string(row, 0, self.t(sheet.title), self.fmt(**TITLE))
        if sheet.intro:
            ws.write_string(row + 1, 0, self.t(sheet.intro), self.fmt(**NOTE))
        return row + 3

    # --- sheets ------------------------------------------------------------------------
    def _sheet_guide(self, sheet: Sheet) -> None:
        ws, g = self.ws[sheet.key], self.spec.guide
        for col, w in enumerate((4, 34, 60, 14, 30)):
            self.width(sheet.key, col, w)
        ws.write_string(0, 0, self.t(Text(**g["title"])), self.fmt(**TITLE))
        para = self.fmt(text_wrap=True, valign="top")
        ws.merge_range(2, 1, 2, 4, self.t(Text(**g["purpose"])), para)
        self.tall(sheet.key, 2, 48)
        bold = self.fmt(bold=True)
        ws.write_string(4, 1, self.tx("Sådan udfylder du arket", "How to fill in the workbook"), bold)
        row = 5
        for i, step in enumerate(g["steps"], start=1):
            ws.write_string(row, 0, f"{i}.", self.fmt(align="right", valign="top"))
            ws.merge_range(row, 1, row, 4, self.t(Text(**step)), para)
            self.tall(sheet.key, row, 30)
            row += 1
        row += 1
        ws.write_string(row, 1, self.tx("Farver", "Colours"), bold)
        for fill, text in ((INPUT_FILL, g["legend_input"]), (LOCKED_FILL, g["legend_locked"]), (None, g["legend_text"])):
            row += 1
            sample = self.fmt(bg_color=fill, border=1, border_color=BORDER) if fill else self.fmt(border=1, border_color=BORDER)
            ws.write_blank(row, 1, None, sample)
            ws.write_string(row, 2, self.t(Text(**text)))
        row += 1
        ws.write_string(row, 2, self.tx("* skal udfyldes", "* required"))
        row += 1
        ws.write_blank(row, 1, None, self.fmt(**EXAMPLE_FORMAT))
        ws.write_string(row, 2, self.t(Text(**g["legend_example"])))
        row += 2
        ws.write_string(row, 1, self.tx("Ordliste", "Glossary"), bold)
        for entry in g["glossary"]:
            row += 1
            term, text = self.t(Text(**entry["term"])), self.t(Text(**entry["text"]))
            ws.write_string(row, 1, term, self.fmt(valign="top"))
            ws.merge_range(row, 2, row, 4, text, para)
            self.tall(sheet.key, row, fit_row(ws, row, [(text, 60 + 14 + 30, 11)]))
        row += 2
        ws.write_string(row, 1, self.tx("Om udsendelsen", "About this copy"), bold)
        facts = [(self.tx("Kontakt", "Contact"), self.opt.contact),
                 (self.tx("Frist", "Deadline"), self.opt.deadline),
                 (self.tx("Modtager", "Recipient"), self.opt.recipient),
                 (self.tx("Skabelon", "Template"), f"{self.spec.id} version {self.spec.version}")]
        if self.opt.round:
            facts.insert(0, (self.tx("Runde", "Round"), self.tx(
                f"{self.opt.round}: jeres svar fra sidste runde er udfyldt; ret dem, arket Validering viser hvad",
                f"{self.opt.round}: your answers from the last round are filled in; correct them, the Validation "
                "sheet shows what")))
        for label, value in facts:
            row += 1
            ws.write_string(row, 1, label)
            ws.write_string(row, 2, value or "-")
        row += 2
        ws.write_string(row, 1, self.tx("Om beregningen", "About the calculation"), bold)
        self.use(sheet.key, self._fields(sheet, row + 1, label_col=1) - 2)

    def _sheet_step(self, sheet: Sheet) -> None:
        tables = self.spec.tables_of(sheet.key)
        wide = any(sum(c.repeat for c in t.columns) > len(_W) - 1 for t in tables)
        if wide:
            self.wide.add(sheet.key)
        for t in tables if wide else []:  # known before the questions, whose heights depend on them
            widths = [c.width for c in t.columns for _ in range(c.repeat)]
            for col, w in enumerate(widths, start=1):
                self.width(sheet.key, col, w)
        for col, w in enumerate((_W_NARROW if wide else _W).values()):
            self.width(sheet.key, col, w)
        row = self.heading(sheet, 0)
        row = self._questions(sheet, row)
        self.use(sheet.key, row - 2)
        if self.spec.fields_of(sheet.key):
            row = self._fields(sheet, row + 1, label_col=1, title=self.tx("Oplysninger", "Facts"))
            self.use(sheet.key, row - 2)
        if sheet.step == 2:
            self._register_caution(sheet, row - 1)
            self.use(sheet.key, row - 1)
        if sheet.step == 4 and self.opt.prefill is not None and self.opt.prefill.effects:
            row = self._effect_hints(sheet, row + 1)
            self.use(sheet.key, row - 2)
        for table in self.spec.tables_of(sheet.key):
            row = self._table(table, row + 1)
        self.freeze(sheet.key, 1, 2 if self.spec.tables_of(sheet.key) else 0)

    def _register_caution(self, sheet: Sheet, row: int) -> None:
        """SØM's caution, shown (a formula) when the chosen target group is one of the catalogue's
        register-based groups, in the blank row below step 2's fields."""
        name = self.spec.fields_by_path["target_group.name"].name
        text = self.tx(
            "SØM: målgruppen er registerbaseret. Dens konsekvensestimater beskriver registerpopulationen og passer "
            "kun så godt, som jeres målgruppe og succesmål svarer til den: vurdér matchet ovenfor.",
            "SØM: this target group is register-based. Its consequence estimates describe the register population "
            "and fit only as well as your target group and success measure match it: assess the match above.")
        chosen = get_path(self.case if self.case is not None else self.prefilled, "target_group.name")
        shown = text if chosen is not None and chosen in self.cat.register_based() else ""
        formula = (f'=IF({name}="","",IF(SUMPRODUCT(--EXACT({REGISTER_NAME},{name}))>0,'
                   f'"{text.replace(chr(34), chr(34) * 2)}",""))')
        # merged over B:E and wrapped, the row tall enough for it: in one cell it ran past the printed page
        fmt = self.fmt(italic=True, bold=True, font_color=CAUTION_COLOUR, text_wrap=True, valign="top")
        ws = self.ws[sheet.key]
        ws.merge_range(row, 1, row, 4, "", fmt)
        ws.write_formula(row, 1, formula, fmt, shown)
        width = sum(self.widths[sheet.key].get(c, DEFAULT_WIDTH) for c in range(1, 5))
        self.heights[sheet.key][row] = fit_row(ws, row, [(text, width, 13)])  # 13: bold is wider

    def _effect_hints(self, sheet: Sheet, row: int) -> int:
        """The effect sizes the knowledge has for the prefilled target group, with their sources:
        locked text and numbers (hints for the success rate, not inputs)."""
        ws, group = self.ws[sheet.key], self.opt.prefill.group
        ws.write_string(row, 1, self.tx(f"Effektstørrelser i vidensdatabasen for «{group.name}»",
                                        f"Effect sizes in the knowledge base for «{group.name}»"),
                        self.fmt(**SUBTITLE))
        ws.write_string(row + 1, 1, self.tx("Til hjælp, ikke input: overfør selv succesraten ovenfor, og skriv "
                                            "kilden.", "A help, not an input: carry the success rate over "
                                            "yourselves and give the source."),
                        self.fmt(italic=True, font_color=NOTE_COLOUR))
        heads = [("Indsats", "Intervention"), ("Succesrate", "Success rate"), ("Andel med", "Rate with"),
                 ("Andel uden", "Rate without"), ("Lav", "Low"), ("Høj", "High"), ("Studie", "Study"),
                 ("Kilde", "Source")]
        head = self.fmt(**HEADING_WRAP)
        for j, (da, en) in enumerate(heads):
            ws.write_string(row + 2, 1 + j, self.tx(da, en), head)
        text = self.fmt(font_color=HINT_COLOUR, italic=True, text_wrap=True, valign="top")
        rate = self.fmt(font_color=HINT_COLOUR, italic=True, num_format=NUMBER_FORMATS["rate"], valign="top")
        row += 3
        for e in self.opt.prefill.effects:
            ws.write_string(row, 1, e.intervention, text)
            for j, v in enumerate((e.rate, e.rate_with, e.rate_without, e.low, e.high)):
                if v is not None:
                    ws.write_number(row, 2 + j, v, rate)
            ws.write_string(row, 7, e.study or "", text)
            ws.write_string(row, 8, origin_text(e) + (f": {e.source}" if e.source else ""), text)
            self.heights[sheet.key][row] = fit_row(ws, row, [(e.intervention, _W["B"], 11), (e.study or "", 30, 11),
                                                             (e.source or "", 40, 11)])
            row += 1
        for col, w in ((5, 12), (6, 12), (7, 30), (8, 40)):
            self.width(sheet.key, col, w)
        return row + 1

    def _sheet_settings(self, sheet: Sheet) -> None:
        for col, w in enumerate((6, 36, 16, 14, 60)):
            self.width(sheet.key, col, w)
        row = self.heading(sheet, 0)
        row = self._fields(sheet, row, label_col=1)
        self.use(sheet.key, row - 2)
        for table in self.spec.tables_of(sheet.key):
            row = self._table(table, row + 1)
        self.freeze(sheet.key, 1, 0)

    def _sheet_assumptions(self, sheet: Sheet) -> None:
        self.width(sheet.key, 0, 6)
        row = self.heading(sheet, 0)
        for table in self.spec.tables_of(sheet.key):
            self._table(table, row, title=False)
            self.freeze(sheet.key, row + 1, 2)

    def _sheet_lists(self, sheet: Sheet) -> None:
        pass  # filled by _lists before the other sheets refer to it

    def _sheet_meta(self, sheet: Sheet) -> None:
        pass  # filled by _meta once every name is known

    # --- blocks ------------------------------------------------------------------------
    def _questions(self, sheet: Sheet, row: int) -> int:
        ws = self.ws[sheet.key]
        header = self.fmt(**HEADING, text_wrap=True)
        ws.write_string(row, 1, self.tx("Spørgsmål", "Questions"), self.fmt(**SUBTITLE))
        row += 1
        for col, (da, en) in enumerate((("Nr.", "No."), ("Spørgsmål", "Question"), ("Svar", "Answer"),
                                        ("Status", "Status"), ("Kilde", "Source"))):
            ws.write_string(row, col, self.tx(da, en), header)
        status = self.spec.lists_by_key["status"]
        answers = (self.case or self.prefilled).get("answers") or {}
        qfmt = self.fmt(text_wrap=True, valign="top")
        for col, part in ((2, "answer"), (4, "source")):  # a word is never broken inside: see _fit_lines
            words = [word_width(v, bold=False) for q in self.spec.questions_of(sheet.step or 0)
                     for v in [(answers.get(q.id) or {}).get(part)] if isinstance(v, str)]
            if words:
                self.width(sheet.key, col, min(max(words), WIDEST_WORD))
        for q in self.spec.questions_of(sheet.step or 0):
            row += 1
            ws.write_string(row, 0, q.id, self.fmt(valign="top"))
            ws.write_string(row, 1, self.t(q.text), qfmt)
            given = answers.get(q.id) or {}
            widths = self.widths[sheet.key]
            self.heights[sheet.key][row] = fit_row(ws, row, [(self.t(q.text), widths[1], 11),
                                                             (str(given.get("answer") or ""), widths[2], 11),
                                                             (str(given.get("source") or ""), widths[4], 11),
                                                             (status.display(given.get("status"), self.lang) or "",
                                                              widths[3], 11)])
            refs = {}
            for col, part in ((2, "answer"), (3, "status"), (4, "source")):
                spec_type, list_def = ("choice", status) if part == "status" else ("longtext", None)
                # the status wraps too: "mangler viden" is wider than a narrow status column
                self._value(ws, row, col, given.get(part), spec_type, list_def, self.input_fmt(spec_type, wrap=True))
                name = q.names[part]
                self.define(name, sheet.key, row, col)
                refs[part] = CellRef(self.layout.sheets[sheet.key], row, col)
                label = f"{q.id} {self.tx({'answer': 'Svar', 'status': 'Status', 'source': 'Kilde'}[part], part.capitalize())}"
                help_ = {"answer": Text("Skriv jeres svar på spørgsmålet.", "Write your answer to the question."),
                         "status": Text("Hvor langt er I med spørgsmålet? Vælg på listen.", "How far are you with the question? Pick from the list."),
                         "source": Text("Hvor svaret bygger på: data, rapport, skøn.", "What the answer rests on: data, report, estimate.")}[part]
                self._validate(ws, row, col, row, col, spec_type, status if part == "status" else None,
                               label, help_, None, None)
            self.layout.questions[q.id] = refs
        return row + 2

    def _fields(self, sheet: Sheet, row: int, label_col: int, title: str | None = None) -> int:
        ws = self.ws[sheet.key]
        if title:
            ws.write_string(row, label_col, title, self.fmt(**SUBTITLE))
            row += 1
        help_fmt = self.fmt(text_wrap=True, valign="top", font_color=NOTE_COLOUR, font_size=9)
        for f in self.spec.fields_of(sheet.key):
            value, locked = self._field_value(f)
            ws.write_string(row, label_col, self.t(f.label) + (" *" if f.required else ""), self.fmt(valign="top"))
            cell_fmt = self.input_fmt(f.type, f.format, locked=locked)
            self._value(ws, row, label_col + 1, value, f.type, self.spec.list_for(f.list), cell_fmt)
            if f.unit:
                ws.write_string(row, label_col + 2, self.t(f.unit), self.fmt(valign="top"))
            widths = self.widths[sheet.key]
            help_width = widths.get(label_col + 3, _W["E"])
            if sheet.key in self.wide:  # the help spans the columns the wide table gives it
                last = max(widths)
                help_width = sum(widths[c] for c in range(label_col + 3, last + 1))
                ws.merge_range(row, label_col + 3, row, last, self.t(f.help), help_fmt)
            else:
                ws.write_string(row, label_col + 3, self.t(f.help), help_fmt)
            shown = str(value) if f.type in ("text", "longtext") and value else ""
            self.heights[sheet.key][row] = fit_row(ws, row, [(self.t(f.help), help_width, 9),
                                   (self.t(f.label), widths.get(label_col, _W["B"]), 11),
                                   (shown, widths.get(label_col + 1, _W["C"]), 11)],
                         minimum=45 if f.type == "longtext" else 15)
            self._validate(ws, row, label_col + 1, row, label_col + 1, f.type, self.spec.list_for(f.list),
                           self.t(f.label), f.help, f.min, f.max)
            self.define(f.name, sheet.key, row, label_col + 1)
            self.layout.fields[f.path] = CellRef(self.layout.sheets[sheet.key], row, label_col + 1)
            row += 1
        return row + 1

    def _field_value(self, f: Field) -> tuple[Any, bool]:
        """The value to show and whether it is locked (prefilled by the sender)."""
        if f.path.startswith("settings.") and f.key in self.locked_settings:
            return self.locked_settings[f.key], True
        if f.path == "meta.submission_id" and self.opt.submission_id:
            return self.opt.submission_id, True
        if self.case is not None:
            return get_path(self.case, f.path), not f.editable
        if get_path(self.prefilled, f.path) is not None:
            return get_path(self.prefilled, f.path), False
        prefill = {"meta.organisation": self.opt.organisation, "meta.department": self.opt.department}
        if prefill.get(f.path):
            return prefill[f.path], False
        return f.default, not f.editable

    def _table(self, table: Table, row: int, title: bool = True) -> int:
        sheet_key = table.sheet
        ws = self.ws[sheet_key]
        if title:
            ws.write_string(row, 1, self.t(table.label), self.fmt(**SUBTITLE))
            ws.write_string(row + 1, 1, self.t(table.help), self.fmt(**NOTE))
            row += 2
        header = self.fmt(**HEADING_WRAP)
        ws.write_string(row, 0, self.tx("Nr.", "No."), header)
        rows = self._table_rows(table)
        # A case with more lines than the template's room (a JSON case, rows inserted in a returned
        # workbook) gets a longer table: the names cover it, so readers and formulas follow.
        capacity = max(table.rows, len(rows))
        # the greyed example line sits between the heading and the named body: never read
        header_row, example_row = row, (row + 1 if table.example else None)
        first = row + (2 if table.example else 1)
        last = first + capacity - 1
        locked = table.path == "settings.price_index" and "price_index" in self.locked_settings
        tl = TableLayout(table.path, self.layout.sheets[sheet_key], header_row, first, last, 1, 1)
        col = 1
        for c in table.columns:
            cols = list(range(col, col + c.repeat))
            tl.columns[c.key] = cols
            col += c.repeat
            for i, cc in enumerate(cols):
                label = self.t(c.label) + (f" {i + 1}" if c.repeat > 1 else "") + (" *" if c.required else "")
                ws.write_string(header_row, cc, label, header)
                self.width(sheet_key, cc, max(c.width, word_width(label)))
            if c.is_input:
                self._column(ws, table, c, cols, rows, first, last, locked)
            else:
                self._hints(ws, c, cols[0], rows, first, last, tl)
        tl.last_col = col - 1
        self._fit_lines(ws, table, rows, first, [tl.columns[c.key][0] for c in table.columns])
        if example_row is not None:
            self._example(ws, table, tl, example_row)
        shown = first + min(capacity, len(rows) + PRINT_ROOM)
        self.use(sheet_key, shown - 1)
        if shown <= last:  # printed only if more comes below (page_setup drops a run past the end)
            self.unprinted.setdefault(sheet_key, []).append((shown, last + 1))
        last_print = self._print_last_col(table, tl, rows)
        if last_print is not None:
            self.print_cols[sheet_key] = last_print
        number = self.fmt(font_color=ROW_NUMBER_COLOUR, align="right")
        for i in range(capacity):
            ws.write_number(first + i, 0, i + 1, number)
        # headings wrap in narrow columns: tall enough for the longest
        labels = [(self.t(c.label) + (" 50" if c.repeat > 1 else "") + (" *" if c.required else ""), c.width, 11)
                  for c in table.columns]
        self.tall(sheet_key, header_row, fit_row(ws, header_row, labels, minimum=30))
        self.define(table.name, sheet_key, first, 1, last, tl.last_col)
        self.layout.tables[table.path] = tl
        return last + 2

    def _fit_lines(self, ws: Any, table: Table, rows: list[dict], first: int, cols: list[int]) -> None:
        """Each filled line's row tall enough for its longest text, wrapped in its column: at the
        default height a second line is hidden, or printed over the line below."""
        for i, values in enumerate(rows):
            texts = [(value, c.width, 11) for c in table.columns if c.repeat == 1
                     for value in [self._shown(c, values)] if isinstance(value, str)]
            if texts:
                self.heights[table.sheet][first + i] = fit_row(ws, first + i, texts)
        # a word wider than its column is broken anywhere ("Beskæftigelses/udvalget"): such a
        # column is widened to its longest word, up to WIDEST_WORD
        for j, c in enumerate(table.columns):
            words = [word_width(v, bold=False) for r in rows for v in [self._shown(c, r)] if isinstance(v, str)]
            if c.repeat == 1 and words:
                self.width(table.sheet, cols[j], min(max(words), WIDEST_WORD))

    def _shown(self, c: Column, values: dict) -> Any:
        """What a filled line shows in column ``c``: its value, or the catalogue's for a hint."""
        if c.is_input:
            return get_path(values, c.key)
        known = self.cat.consequence(values["name"]) if isinstance(values.get("name"), str) else None
        return self._hint_value(known, c.hint) if known else None

    def _example(self, ws: Any, table: Table, tl: TableLayout, row: int) -> None:
        """The example line: locked, grey and italic, labelled in the number column."""
        fmt = self.fmt(**EXAMPLE_FORMAT)
        ws.write_string(row, 0, self.tx("Eks.", "Ex."), self.fmt(**EXAMPLE_FORMAT, align="right"))
        for c in table.columns:
            value = table.example.get(c.key)
            values = list(value) if isinstance(value, list) else [value]
            for cc, v in zip(tl.columns[c.key], values + [None] * len(tl.columns[c.key])):
                list_def = self.spec.list_for(c.list)
                if isinstance(v, dict):
                    v = self.t(Text(**v))
                elif list_def is not None and list_def.closed and v is not None:
                    v = list_def.display(v, self.lang)
                num = c.format or NUMBER_FORMATS.get(c.type)
                cell = self.fmt(**EXAMPLE_FORMAT, **({"num_format": num} if num else {}))
                if v is None:
                    ws.write_blank(row, cc, None, fmt)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(row, cc, v, cell)
                else:
                    ws.write_string(row, cc, str(v), cell)

    def _print_last_col(self, table: Table, tl: TableLayout, rows: list[dict]) -> int | None:
        """The last column to print when a table ends in repeated columns (a consequence's yearly
        changes): those of the horizon when it is set (the years past it are never used), else
        of the longest row, at least PRINT_YEARS. None when every column prints."""
        c = table.columns[-1]
        cols = tl.columns[c.key]
        if c.repeat <= 1:
            return None
        horizon = self.locked_settings.get("horizon_years") or get_path(self.case or {}, "settings.horizon_years")
        if isinstance(horizon, int) and not isinstance(horizon, bool):
            return cols[min(len(cols), max(horizon, 1)) - 1]  # years past it are never used: not printed
        longest = max((len(get_path(r, c.key) or []) for r in rows), default=0)
        return cols[min(len(cols), max(PRINT_YEARS, longest)) - 1]

    def _column(self, ws: Any, table: Table, c: Column, cols: list[int], rows: list[dict], first: int,
                last: int, locked: bool) -> None:
        list_def = self.spec.list_for(c.list)
        cell_fmt = self.input_fmt(c.type, c.format, locked=locked)
        # Yearly changes beyond a horizon the sender locked are never used: locked and grey.
        horizon = self.locked_settings.get("horizon_years") if c.repeat > 1 else None
        beyond = self.input_fmt(c.type, c.format, locked=True)
        filled_fmt = self.input_fmt(c.type, c.format, locked=locked, wrap=True)
        fmts = [beyond if horizon is not None and j >= horizon else cell_fmt for j in range(len(cols))]
        for i in range(len(rows), last - first + 1):  # blank input cells keep the fill and are unlocked
            for cc, fmt in zip(cols, fmts):
                ws.write_blank(first + i, cc, None, fmt)
        for i, values in enumerate(rows):
            value = get_path(values, c.key)
            if c.repeat > 1:
                value = list(value or [])
                if len(value) > c.repeat:
                    raise InputError.of("E031", table=table.path, row=i + 1, key=c.key, count=len(value),
                                        limit=c.repeat)
                for j, cc in enumerate(cols):
                    self._value(ws, first + i, cc, value[j] if j < len(value) else None, c.type, list_def, fmts[j])
            else:  # a filled line's text wraps (its row is made tall enough): the next cell would cut it
                self._value(ws, first + i, cols[0], value, c.type, list_def, filled_fmt)
        lo, hi = c.min, c.max
        if c.range == "horizon" and {"start_year", "horizon_years"} <= self.locked_settings.keys():
            lo = self.locked_settings["start_year"]
            hi = lo + self.locked_settings["horizon_years"] - 1
        self._validate(ws, first, cols[0], last, cols[-1], c.type, list_def, self.t(c.label), c.help, lo, hi)
        self.define(c.name, table.sheet, first, cols[0], last, cols[-1])

    def _hints(self, ws: Any, c: Column, col: int, rows: list[dict], first: int, last: int, tl: TableLayout) -> None:
        """Locked look-ups of the catalogue's value for the consequence named in the row."""
        name_col = xl_col_to_name(tl.columns["name"][0])
        source = HINT_NAMES[c.hint]
        hint_fmt = self.fmt(num_format=c.format or NUMBER_FORMATS.get(c.type, "General"), font_color=HINT_COLOUR,
                            italic=True, text_wrap=True, valign="top")  # "Politi, retsvæsen og kriminalforsorg"
        for i in range(last - first + 1):
            key = f"${name_col}{first + i + 1}"
            look = f"INDEX({source},MATCH({key},{self.spec.lists_by_key['consequence'].name},0))"
            formula = f'=IF({key}="","",IFERROR(IF({look}="","",{look}),""))'
            value: Any = ""
            if i < len(rows) and isinstance(rows[i].get("name"), str):
                known = self.cat.consequence(rows[i]["name"])
                value = self._hint_value(known, c.hint) if known else None
                value = "" if value is None else value
            ws.write_formula(first + i, col, formula, hint_fmt, value)

    def _table_rows(self, table: Table) -> list[dict]:
        case = self.case if self.case is not None else self.prefilled
        if not case and not (table.path == "settings.price_index" and "price_index" in self.locked_settings):
            return []
        if table.path == "settings.price_index":
            index = self.locked_settings.get("price_index", get_path(case, table.path)) or {}
            return [{"year": int(y), "index": v} for y, v in sorted(index.items(), key=lambda kv: int(kv[0]))]
        rows = [dict(r) for r in (get_path(case, table.path) or [])]
        if table.path == "scenarios":  # the names left out share one cell, as the reader splits them
            for r in rows:
                r["leave_out"] = "; ".join(r.get("leave_out") or []) or None
        if table.path == "consequences":
            bounds = get_path(case, "uncertainty.consequences") or {}
            for r in rows:
                low_high = bounds.get(r.get("name")) or [None, None]
                r["uncertainty_low"], r["uncertainty_high"] = low_high[0], low_high[1]
        return rows

    # --- cells -------------------------------------------------------------------------
    def _value(self, ws: Any, row: int, col: int, value: Any, type_: str, list_def: ListDef | None, fmt: Any) -> None:
        """Write one input value. A user's text is always a string cell, never a formula."""
        if value is None:
            ws.write_blank(row, col, None, fmt)
        elif list_def is not None and list_def.closed:
            shown = list_def.display(value, self.lang)
            ws.write_string(row, col, shown if shown is not None else str(value), fmt)
        elif type_ == "date" and isinstance(value, str):
            try:
                ws.write_datetime(row, col, dt.datetime.fromisoformat(value), fmt)
            except ValueError:
                ws.write_string(row, col, value, fmt)
        elif isinstance(value, (dt.date, dt.datetime)):
            ws.write_datetime(row, col, value, fmt)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_number(row, col, value, fmt)
        else:
            ws.write_string(row, col, str(value), fmt)

    def _validate(self, ws: Any, r1: int, c1: int, r2: int, c2: int, type_: str, list_def: ListDef | None,
                  label: str, help_: Text | None, lo: float | None, hi: float | None) -> None:
        """A data validation on every input: a dropdown from a named list, or a type and range,
        with the help text as the input message and a Danish or English error message."""
        opts: dict[str, Any] = {"input_title": label[:32], "input_message": self.t(help_)[:255],
                                "error_title": say("B001", self.lang)[:32],
                                "ignore_blank": True}
        if list_def is not None:
            opts.update(validate="list", source=f"={list_def.name}",
                        error_type="stop" if list_def.closed else "warning")
            opts["error_message"] = say("B002" if list_def.closed else "B003", self.lang)
        elif type_ in ("text", "longtext"):
            limit = 255 if type_ == "text" else 32767
            opts.update(validate="length", criteria="<=", value=limit,
                        error_message=say("B004", self.lang, {"limit": limit}))
        elif type_ == "date":
            opts.update(validate="date", criteria="between", minimum=dt.date(YEARS[0], 1, 1),
                        maximum=dt.date(YEARS[1], 12, 31), error_message=say("B005", self.lang))
        else:
            whole = type_ in ("int", "year")
            lo = lo if lo is not None else (0 if type_ in ("amount", "rate", "int") else -1e12)
            hi = hi if hi is not None else (1 if type_ == "rate" else 1e12)
            opts.update(validate="integer" if whole else "decimal", criteria="between", minimum=lo, maximum=hi)
            opts["error_message"] = self._range_message(type_, lo, hi)
        ws.data_validation(r1, c1, r2, c2, opts)

    def _range_message(self, type_: str, lo: float, hi: float) -> str:
        if type_ == "rate":
            return say("B006", self.lang, {"low": self._num(lo * 100), "high": self._num(hi * 100)})
        if hi >= 1e12 and lo <= -1e12:
            return say("B007", self.lang)
        if hi >= 1e12:
            return say("B008", self.lang, {"low": self._num(lo)})
        year = type_ == "year"
        return say("B009" if type_ in ("int", "year") else "B010", self.lang,
                   {"low": self._num(lo, year), "high": self._num(hi, year)})

    def _num(self, v: float, year: bool = False) -> str:
        text = f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"
        if year:
            text = text.replace(",", "")
        return local_separators(text, self.lang)

    # --- the list sheet, the metadata stamp, properties -------------------------------
    def _lists(self) -> None:
        key = "lists"
        ws = self.ws[key]
        header = self.fmt(bold=True)
        col = 0
        for li in self.spec.lists:
            items = li.texts(self.lang) if li.closed else self.cat.values(li.catalog or "")
            ws.write_string(0, col, li.key, header)
            for i, text in enumerate(items, start=1):
                ws.write_string(i, col, text)
            self.define(li.name, key, 1, col, max(len(items), 1), col)
            self.width(key, col, max([len(s) for s in items] + [12]) + 2)
            col += 1
        # the register-based target groups, for step 2's caution
        ws.write_string(0, col, REGISTER_NAME, header)
        register = self.cat.register_based()
        for i, name in enumerate(register, start=1):
            ws.write_string(i, col, name)
        self.define(REGISTER_NAME, key, 1, col, max(len(register), 1), col)
        col += 1
        # the catalogue's consequence prices, domains, units and kinds, in the order of
        # Liste_Konsekvens, for the hints
        for path, name in HINT_NAMES.items():
            ws.write_string(0, col, name, header)
            for i, c in enumerate(self.cat.consequences, start=1):
                value = self._hint_value(c, path)
                if isinstance(value, str):
                    ws.write_string(i, col, value)
                elif value is not None:
                    ws.write_number(i, col, value)
            self.define(name, key, 1, col, max(len(self.cat.consequences), 1), col)
            col += 1

    def _hint_value(self, c: Any, path: str) -> Any:
        """The catalogue's value for a hint column: a price, the price year, or the domain, unit
        or kind (as the workbook shows a kind: udgift/indtægt)."""
        kind = self.spec.lists_by_key["kind"].display(c.kind, self.lang) if c.kind else None
        return get_path({"prices": c.prices, "price_year": c.price_year, "domain": c.domain, "unit": c.unit,
                         "kind": kind}, path)

    def _meta(self) -> None:
        key = "meta"
        ws = self.ws[key]
        bold = self.fmt(bold=True)
        created = (self.opt.created or dt.datetime.now().replace(microsecond=0)).isoformat()
        ws.write_string(0, 0, "key", bold)
        ws.write_string(0, 1, "value", bold)
        row = 1
        for k, v in self.stamp(created).items():
            ws.write_string(row, 0, k)
            self._value(ws, row, 1, v, "text", None, None)
            row += 1
        for f in self.spec.fields_of(key):
            value, _ = self._field_value(f)
            ws.write_string(row, 0, f.path)
            self._value(ws, row, 1, value, f.type, None, self.fmt(locked=True))
            self.define(f.name, key, row, 1)
            self.layout.fields[f.path] = CellRef(self.layout.sheets[key], row, 1)
            row += 1
        row += 1
        # the layout, so a reader can find the inputs even when defined names were lost
        for col, head in enumerate(("name", "sheet", "range")):
            ws.write_string(row, col, head, bold)
        for name, (sheet, rng) in sorted(self.layout.names.items()):
            row += 1
            ws.write_string(row, 0, name)
            ws.write_string(row, 1, sheet)
            ws.write_string(row, 2, rng)
        self.width(key, 0, 30)
        self.width(key, 1, 66)
        self.width(key, 2, 16)

    def stamp(self, created: str) -> dict[str, Any]:
        return {"template_id": self.spec.id, "template_version": self.spec.version,
                "spec_hash": self.spec.hash, "lang": self.lang, "somxl_version": __version__,
                "created": created, "recipient": self.opt.recipient, "deadline": self.opt.deadline,
                "contact": self.opt.contact, **({"round": self.opt.round} if self.opt.round else {})}

    def _properties(self) -> None:
        created = self.opt.created or dt.datetime.now().replace(microsecond=0)
        title = get_path(self.case, "meta.title") if self.case else None
        self.wb.set_properties({"title": title or self.t(Text(**self.spec.guide["title"])),
                                "author": "somxl", "created": created,
                                "comments": f"{self.spec.id} v{self.spec.version}"})
        submission = self.opt.submission_id or get_path(self.case, "meta.submission_id")
        props = {**self.stamp(created.isoformat()), "submission_id": submission}
        for k, v in props.items():
            if v is not None and v != "":
                if isinstance(v, str) and len(v) > 255:  # Excel's limit for a text property
                    v = v[:254] + "…"
                self.wb.set_custom_property(f"somxl_{k}", v)
