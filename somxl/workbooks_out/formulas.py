"""The Beregning (calculation) sheet of the result workbook: rules 1-13 of docs/method.md as
live Excel formulas that refer to the input cells by their defined names.

The sheet's *structure* (the number of year columns, one block per consequence and one row
per cost line) follows the case it was written from; every *value* is a formula, so changing
an input cell (a rate, a price, an amount, a year, a payer) moves the result. Each formula is
written with the engine's value as its cached result. docs/results.md describes the layout.

Formulas use English function names and comma separators, nothing volatile (no OFFSET,
INDIRECT, TODAY), nothing LibreOffice lacks (no XLOOKUP, LET, dynamic arrays) and no IF
inside SUMPRODUCT (legacy Excel would need it array-entered)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from somxl.model.engine import ROWS, Result
from somxl.model.spec import load_spec
from somxl.base.vocab import PAYER_LABELS, PAYERS
from somxl.workbooks_out.xlsxout import fit_row, long_note, quote_sheet

LABEL_WIDTH = 58  # column A, the rows' descriptions
YEAR_COL = 6  # column G: the first year; A label, B key, C-E helper values, F present value
PV_COL, SUM_COL = 5, 4
NONE = "-"  # what a formula shows where the result file has null


def cached(v: Any) -> Any:
    """A value as XlsxWriter's cached formula result (None shows as NONE, like the formula)."""
    if v is None:
        return NONE
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    return str(v)


def code_formula(expr: str, list_key: str, codes: tuple[str, ...] | None = None) -> str:
    """A formula giving the case code of a closed-list cell, accepting either language's display
    text or the code (as the reader does): IF(OR(TRIM(x)="kommune",TRIM(x)="municipality"),..."""
    items = [i for i in load_spec().lists_by_key[list_key].items if codes is None or i.code in codes]
    out = '"?"'
    for item in reversed(items):
        texts = sorted({item.da, item.en, str(item.code)})
        cond = ",".join(f'TRIM({expr})="{_q(t)}"' for t in texts)
        out = f'IF(OR({cond}),"{_q(str(item.code))}",{out})'
    return out


def texts_formula(expr: str, list_key: str, code: Any) -> str:
    """A condition true when the closed-list cell shows ``code`` in either language."""
    item = next(i for i in load_spec().lists_by_key[list_key].items if i.code == code)
    texts = sorted({item.da, item.en, str(item.code)})
    return "OR(" + ",".join(f'TRIM({expr})="{_q(t)}"' for t in texts) + ")"


def _q(text: str) -> str:
    return text.replace('"', '""')


def sheet_ref(sheet: str, row: int, col: int) -> str:
    """An absolute reference with its sheet: 'Beregning'!$C$9."""
    return f"{quote_sheet(sheet)}!{xl_rowcol_to_cell(row, col, True, True)}"


@dataclass
class CalcRefs:
    """Where the calculation put things, for the other result sheets (all absolute, with sheet)."""

    sheet: str
    year_row: int = 0  # 0-based row of the calendar years
    rows: dict[tuple[str, str], int] = field(default_factory=dict)  # (quantity, payer) → 0-based row
    cells: dict[str, str] = field(default_factory=dict)  # key → 'Beregning'!$C$9
    gains_rows: list[dict[str, int]] = field(default_factory=list)  # per consequence: payer/total → row
    cost_rows: list[int] = field(default_factory=list)
    replaced_rows: list[int] = field(default_factory=list)
    unit_rows: list[int] = field(default_factory=list)  # per consequence: its ΔQ¹ row (r = 100 %)

    def ref(self, row: int, col: int) -> str:
        return sheet_ref(self.sheet, row, col)

    def year_ref(self, quantity: str, payer: str, t: int) -> str:
        return self.ref(self.rows[(quantity, payer)], YEAR_COL + t)

    def pv_ref(self, quantity: str, payer: str) -> str:
        return self.ref(self.rows[(quantity, payer)], PV_COL)


# What each section of the sheet put where, handed to the sections after it (0-based rows).
# A section reads only the records it is given, so the order of the sections is visible in
# ``CalcSheet.write`` and a section can be written again for another variant of the case.

@dataclass(frozen=True)
class Years:
    """The rows above every section: the year numbers t (1, 2, ...) and the calendar years."""

    t_row: int
    y_row: int


@dataclass(frozen=True)
class People:
    """Rules 2-3 and 8: the success rate, participants N, completers C, successes S, the discount
    factors d and the price index in the calculation's price year (rule 1)."""

    rate_row: int  # the success rate is in column C
    n_row: int
    c_row: int
    s_row: int
    d_row: int
    index_row: int  # the price index is in column C

    @property
    def rate_cell(self) -> str:
        return xl_rowcol_to_cell(self.rate_row, 2, True, True)

    @property
    def index_cell(self) -> str:
        return xl_rowcol_to_cell(self.index_row, 2, True, True)


@dataclass(frozen=True)
class Block:
    """One consequence's block: its gain rows (payer and total), its ΔQ¹ row (r = 100 %) and the
    cell with the present value of its gain at r = 100 %."""

    gains_rows: dict[str, int]
    unit_row: int
    unit_cell: str


@dataclass(frozen=True)
class Consequences:
    """Every consequence's block, and the rows they span (what the totals add up by payer)."""

    blocks: tuple[Block, ...]
    first: int
    last: int


@dataclass(frozen=True)
class Totals:
    """Rules 5-9: (quantity, payer) → row for gains, costs, replaced costs, net costs, net and the
    cumulative net; the break-even helper row per payer and its 'has amounts' cell."""

    rows: dict[tuple[str, str], int]
    break_even_rows: dict[str, int]
    has_amounts: dict[str, str]  # payer → absolute cell with sheet


class CalcSheet:
    """Writes the Beregning sheet. ``fmt(kind, **extra)`` gives cell formats (kinds of
    xlsxout.NUM_FORMATS plus label, head, key, title, note); ``text(da, en)`` the label in the
    workbook's language.

    ``write`` runs the sections in order, each returning a frozen record of where it put things
    for the sections after it; the only state kept between them is ``row``, the next free row."""

    def __init__(self, ws: Any, name: str, result: Result, fmt: Any, text: Any) -> None:
        self.ws, self.name, self.r, self.fmt, self.tx = ws, name, result, fmt, text
        self.case = result.case
        self.T = int(result.years.size)
        self.row = 0

    # --- cell helpers ------------------------------------------------------------------
    def f(self, row: int, col: int, formula: str, value: Any, kind: str = "kr", **extra: Any) -> None:
        self.ws.write_formula(row, col, "=" + formula, self.fmt(kind, **extra), cached(value))

    def label(self, row: int, text: str, bold: bool = False, col: int = 0) -> None:
        if col == 0 and len(text) > LABEL_WIDTH * 1.2:  # wrapped, or the cells beside it would cut it off
            self.ws.write_string(row, col, text, self.fmt("label", bold=bold, text_wrap=True, valign="top"))
            fit_row(self.ws, row, [(text, LABEL_WIDTH, 11)])
            return
        self.ws.write_string(row, col, text, self.fmt("label", bold=bold))

    def ref(self, row: int, col: int) -> str:
        return sheet_ref(self.name, row, col)

    def ycol(self, t: int) -> str:
        return xl_col_to_name(YEAR_COL + t)

    def yrange(self, row: int) -> str:
        """The year cells of a row, e.g. G12:P12."""
        return f"{self.ycol(0)}{row + 1}:{self.ycol(self.T - 1)}{row + 1}"

    def year_row(self, label: str, key: str | None, formula: Any, values: Any, kind: str = "kr",
                 total: bool = True, discount: int | None = None, bold: bool = False) -> int:
        """One row over the years: ``formula(t, col)`` gives each year's formula; with the row of
        the ``discount`` factors, the present value in column F."""
        row = self.row
        self.label(row, label, bold)
        if key:
            self.ws.write_string(row, 1, key, self.fmt("key"))
        for t in range(self.T):
            self.f(row, YEAR_COL + t, formula(t, self.ycol(t)), values[t], kind, bold=bold)
        if total:
            self.f(row, SUM_COL, f"SUM({self.yrange(row)})", float(np.sum(values)), kind, bold=bold)
        if discount is not None:
            self.f(row, PV_COL, f"SUMPRODUCT({self.yrange(discount)},{self.yrange(row)})",
                   float(np.dot(values, self.r.discount)), kind, bold=bold)
        self.row += 1
        return row

    def section(self, da: str, en: str, heads: dict[int, tuple[str, str]] | None = None) -> None:
        self.row += 1
        self.label(self.row, self.tx(da, en), bold=True)
        for col, (hda, hen) in (heads or {}).items():
            self.ws.write_string(self.row, col, self.tx(hda, hen), self.fmt("head"))
        self.row += 1

    # --- the sheet ---------------------------------------------------------------------
    def write(self) -> CalcRefs:
        r = self.r
        years = self._years()
        people = self._people(years)
        cons = self._consequences(years, people)
        cost_rows = self._lines("costs", self.case.costs, r.cost_factors, r.cost_lines, True, years, people)
        replaced_rows = self._lines("replaced_costs", self.case.replaced_costs, r.replaced_factors,
                                    r.replaced_lines, False, years, people)
        totals = self._totals(years, people, cons, cost_rows, replaced_rows)
        key_cells = self._key_figures(years, people, cons, totals)
        self._widths(years)
        cells = {"success_rate": self.ref(people.rate_row, 2)}
        cells.update((key, self.ref(row, SUM_COL)) for key, row in
                     (("participants", people.n_row), ("completers", people.c_row), ("successes", people.s_row)))
        cells.update((f"has_amounts.{payer}", cell) for payer, cell in totals.has_amounts.items())
        cells.update(key_cells)
        return CalcRefs(sheet=self.name, year_row=years.y_row, rows=totals.rows, cells=cells,
                        gains_rows=[b.gains_rows for b in cons.blocks], cost_rows=cost_rows,
                        replaced_rows=replaced_rows, unit_rows=[b.unit_row for b in cons.blocks])

    def _widths(self, years: Years) -> None:
        ws = self.ws
        ws.set_column(0, 0, LABEL_WIDTH)
        ws.set_column(1, 1, 9)
        ws.set_column(2, 4, 12)
        ws.set_column(5, 5, 14)
        ws.set_column(YEAR_COL, YEAR_COL + self.T - 1, 12)
        ws.freeze_panes(years.y_row + 1, 1)

    def _years(self) -> Years:
        """The title, the note and the two rows of years (t and calendar years)."""
        tx, ws, r = self.tx, self.ws, self.r
        ws.write_string(0, 0, tx("Beregning trin for trin", "The calculation step by step"), self.fmt("title"))
        long_note(ws, 1, tx(
            "Alle tal er formler, der henter inputcellerne via deres navne (fx Effekt_Succesrate). "
            "Ret et input, og resultatet følger med. Antallet af år, konsekvenser og omkostningslinjer "
            "er dem, arket blev lavet med: tilføjer du linjer, så kør somxl calc igen.",
            "Every number is a formula that reads the input cells by their names (e.g. "
            "Effekt_Succesrate). Change an input and the result follows. The number of years, "
            "consequences and cost lines is the one the workbook was made with: after adding lines, "
            "run somxl calc again."), self.fmt("note", text_wrap=True, valign="top"), [LABEL_WIDTH, 9, 12, 12, 12, 14])
        years = Years(t_row=3, y_row=4)
        self.label(years.t_row, tx("Årnummer t", "Year number t"))
        self.label(years.y_row, tx("År", "Year"), bold=True)
        ws.write_string(years.y_row, SUM_COL, tx("I alt", "Sum"), self.fmt("head"))
        ws.write_string(years.y_row, PV_COL, tx("Nutidsværdi", "Present value"), self.fmt("head"))
        for t in range(self.T):
            ws.write_number(years.t_row, YEAR_COL + t, t + 1, self.fmt("int"))
            self.f(years.y_row, YEAR_COL + t, f"Indst_Startaar+{self.ycol(t)}${years.t_row + 1}-1",
                   int(r.years[t]), "year", bold=True)
        self.row = 5
        return years

    def _people(self, years: Years) -> People:
        tx, r = self.tx, self.r
        self.section("Deltagere, gennemførte og succeser (regel 2-3)", "Participants, completers and successes (rules 2-3)")
        self.label(self.row, tx("Succesrate r: Effekt_Succesrate, ellers rate med − rate uden",
                                "Success rate r: Effekt_Succesrate, else rate with − rate without"))
        self.f(self.row, 2, "IF(ISNUMBER(Effekt_Succesrate),Effekt_Succesrate,Effekt_RateMed-Effekt_RateUden)",
               r.success_rate, "rate")
        rate_row = self.row
        rate_cell = xl_rowcol_to_cell(rate_row, 2, True, True)
        self.row += 1
        n = self.year_row(tx("Deltagere, der starter, N[t] (SUMIFS over deltagertabellen)",
                             "Participants starting, N[t] (SUMIFS over the participants table)"), None,
                          lambda t, col: f"SUMIFS(Deltagere_Antal,Deltagere_Aar,{col}${years.y_row + 1})",
                          r.participants, "count")
        nr = f"${self.ycol(0)}${n + 1}:${self.ycol(self.T - 1)}${n + 1}"
        c_row = self.year_row(
            tx("Gennemførte C[t] = gennemførelsesrate × N[t − varighed + 1]",
               "Completers C[t] = completion rate × N[t − duration + 1]"), None,
            lambda t, col: (f"IF({col}${years.t_row + 1}-Indsats_Varighed+1>=1,Indsats_Gennemfoerelse*"
                            f"INDEX({nr},{col}${years.t_row + 1}-Indsats_Varighed+1),0)"),
            r.completers, "count")
        s_row = self.year_row(tx("Succeser S[t] = r × C[t]", "Successes S[t] = r × C[t]"), None,
                              lambda t, col: f"{rate_cell}*{col}{c_row + 1}", r.successes, "count")
        d_row = self.year_row(tx("Diskonteringsfaktor d[t] = 1 / (1 + rente)^(t − 1) (regel 8)",
                                 "Discount factor d[t] = 1 / (1 + rate)^(t − 1) (rule 8)"), None,
                              lambda t, col: f"1/(1+Indst_Diskonteringsrente)^({col}${years.t_row + 1}-1)",
                              r.discount, "factor", total=False)
        self.label(self.row, tx("Prisindeks i beregningens prisår, I[P] (regel 1)",
                                "Price index in the calculation's price year, I[P] (rule 1)"))
        index = self.case.settings.price_index.get(self.case.settings.price_year)
        self.f(self.row, 2, "IFERROR(INDEX(Prisindeks_Indeks,MATCH(Indst_Prisaar,Prisindeks_Aar,0)),\"\")",
               "" if index is None else index, "qty")
        index_row = self.row
        self.row += 1
        return People(rate_row, n, c_row, s_row, d_row, index_row)

    def _price(self, row: int, year_expr: str, year: int | None, factor: float, people: People) -> None:
        """Price year used (C) and factor I[P] / I[y] (D) of one consequence or cost line."""
        p = self.case.settings.price_year
        self.f(row, 2, f'IF({year_expr}="",Indst_Prisaar,{year_expr})', year or p, "year")
        self.f(row, 3, f"IF(C{row + 1}=Indst_Prisaar,1,{people.index_cell}/INDEX(Prisindeks_Indeks,"
                       f"MATCH(C{row + 1},Prisindeks_Aar,0)))", factor, "factor")

    def _consequences(self, years: Years, people: People) -> Consequences:
        r = self.r
        self.section("Konsekvenser: mængder og gevinster (regel 4-5)", "Consequences: quantities and gains (rules 4-5)")
        unit_q = r.unit_quantities
        first = self.row
        blocks = tuple(self._consequence(k, con, unit_q[k], years, people)
                       for k, con in enumerate(self.case.consequences))
        return Consequences(blocks, first, max(self.row - 1, first))

    def _consequence(self, k: int, con: Any, unit_q: np.ndarray, years: Years, people: People) -> Block:
        """One consequence's block: its price year, factor and sign; its change per success, per
        completer (r = 100 %) and in quantity; its gain per payer and in total (rules 4-5)."""
        tx, r, i = self.tx, self.r, k + 1
        head = self.row
        self.label(head, f"{i}. {con.name}", bold=True)
        for col, (da, en) in {2: ("Prisår", "Price year"), 3: ("Prisfaktor", "Price factor"),
                              4: ("Fortegn", "Sign")}.items():
            self.ws.write_string(head, col, tx(da, en), self.fmt("head"))
        row = head + 1
        self.label(row, tx("Prisår, prisfaktor I[P]/I[y] og fortegn (udgift −1, indtægt +1)",
                           "Price year, price factor I[P]/I[y] and sign (expense −1, revenue +1)"))
        self._price(row, f"INDEX(Kons_Prisaar,{i})", con.price_year, r.price_factors[k], people)
        self.f(row, 4, f"IF({texts_formula(f'INDEX(Kons_Art,{i})', 'kind', 'revenue')},1,-1)", r.signs[k], "int")
        factors = row  # D: the price factor, E: the sign
        self.row = row + 1
        prof = self.year_row(tx("Ændring pr. succes i år τ efter gennemførelse, Δq[τ] (τ = t)",
                                "Change per success in year τ after completion, Δq[τ] (τ = t)"), None,
                             lambda t, col: f"INDEX(Kons_Aendringer,{i},{col}${years.t_row + 1})",
                             r.profiles[k], "qty", total=False)

        def conv(src: int) -> Any:
            return lambda t, col: "+".join(f"{self.ycol(e)}{src + 1}*{self.ycol(t - e)}{prof + 1}"
                                           for e in range(t + 1))

        unit_row = self.year_row(tx("Ændring pr. gennemført (r = 100 %), ΔQ¹[t] = Σ C[e]·Δq[t − e + 1]",
                                    "Change per completer (r = 100 %), ΔQ¹[t] = Σ C[e]·Δq[t − e + 1]"),
                                 None, conv(people.c_row), unit_q, "qty", discount=people.d_row)
        q_row = self.year_row(tx("Ændring i mængde, ΔQ[t] = Σ S[e]·Δq[t − e + 1]",
                                 "Change in quantity, ΔQ[t] = Σ S[e]·Δq[t − e + 1]"),
                              None, conv(people.s_row), r.quantities[k], "qty")
        rows = self._gains(k, i, factors, q_row, people)
        self.label(self.row, tx("Nutidsværdi af gevinsten ved r = 100 % (til den nødvendige succesrate)",
                                "Present value of the gain at r = 100 % (for the break-even success rate)"))
        self.f(self.row, PV_COL, f"D{rows['total'] + 1}*F{unit_row + 1}", r.pv_unit_gains[k, 3])
        unit_cell = f"F{self.row + 1}"
        self.row += 2
        return Block(rows, unit_row, unit_cell)

    def _gains(self, k: int, i: int, factors: int, q_row: int, people: People) -> dict[str, int]:
        """The gain rows of consequence ``k``: per payer (price, kroner per unit, gain per year)
        and in total; payer/total → row."""
        tx, r = self.tx, self.r
        ob = self.case.optimism_bias.gains
        self.ws.write_string(self.row, 2, tx("Pris", "Price"), self.fmt("head"))
        self.ws.write_string(self.row, 3, tx("Kr. pr. enhed", "DKK per unit"), self.fmt("head"))
        self.label(self.row, tx("Gevinst = kr. pr. enhed × ΔQ[t]; kr. pr. enhed = (1 − optimisme) × "
                                "fortegn × prisfaktor × pris",
                                "Gain = DKK per unit × ΔQ[t]; DKK per unit = (1 − optimism) × sign × "
                                "price factor × price"))
        self.row += 1
        rows: dict[str, int] = {}
        for a, payer in enumerate(PAYERS):
            row = self.row
            unit = (1.0 - ob) * r.signs[k] * r.price_factors[k] * r.prices[k, a]
            self.f(row, 2, f"INDEX(Kons_Pris{payer.capitalize()},{i})", r.prices[k, a], "qty")
            self.f(row, 3, f"(1-Indst_OptimismeGevinster)*$E${factors + 1}*$D${factors + 1}*C{row + 1}", unit, "qty")
            rows[payer] = self.year_row(tx("Gevinst, ", "Gain, ") + tx(*PAYER_LABELS[payer]),
                                        payer, lambda t, col: f"$D${row + 1}*{col}{q_row + 1}",
                                        r.gains_by_consequence[k, a], discount=people.d_row)
        first, last = rows["kommune"] + 1, rows["stat"] + 1
        self.f(self.row, 3, f"SUM(D{first}:D{last})", float(sum(
            (1.0 - ob) * r.signs[k] * r.price_factors[k] * r.prices[k, a] for a in range(3))), "qty")
        rows["total"] = self.year_row(tx("Gevinst i alt", "Gain, total"), None,
                                      lambda t, col: f"SUM({col}{first}:{col}{last})",
                                      r.gains_by_consequence[k, 3], discount=people.d_row, bold=True)
        return rows

    def _lines(self, key: str, lines: list, factors: np.ndarray, values: np.ndarray, uplift: bool,
               years: Years, people: People) -> list[int]:
        """One row per cost line: payer code (B), price year (C), factor (D), per participant
        (E), present value (F), then amount × factor × (1 + optimism) × N[t] or 1 in its year."""
        tx = self.tx
        cost = key == "costs"
        prefix = "Omk" if cost else "Erst"
        if cost:
            self.section("Omkostninger pr. linje (regel 6)", "Costs per line (rule 6)",
                         {1: ("Betaler", "Payer"), 2: ("Prisår", "Price year"), 3: ("Prisfaktor", "Price factor"),
                          4: ("Pr. deltager", "Per participant"), 5: ("Nutidsværdi", "Present value")})
        else:
            self.section("Erstattede omkostninger pr. linje (regel 6)", "Replaced costs per line (rule 6)")
        rows = []
        up = "*(1+Indst_OptimismeOmkostninger)" if uplift else ""
        for j, line in enumerate(lines):
            i, row = j + 1, self.row
            self.f(row, 1, code_formula(f"INDEX({prefix}_Betaler,{i})", "payer"), line.payer, "key")
            self._price(row, f"INDEX({prefix}_Prisaar,{i})", line.price_year, factors[j], people)
            self.f(row, 4, texts_formula(f"INDEX({prefix}_PrDeltager,{i})", "yesno", True), line.per_participant, "key")
            self.ws.write_string(row, 0, f"{i}. {line.item}", self.fmt("label"))
            for t in range(self.T):
                col = self.ycol(t)
                self.f(row, YEAR_COL + t,
                       f"IF(INDEX({prefix}_Aar,{i})={col}${years.y_row + 1},INDEX({prefix}_Beloeb,{i})*$D${row + 1}"
                       f"{up}*IF($E${row + 1},{col}${people.n_row + 1},1),0)", values[j, t])
            self.f(row, PV_COL, f"SUMPRODUCT({self.yrange(people.d_row)},{self.yrange(row)})",
                   float(values[j] @ self.r.discount))
            rows.append(row)
            self.row += 1
        if not lines:
            self.label(self.row, tx("(ingen linjer)", "(no lines)"))
            self.row += 1
        return rows

    def _by_payer(self, rows: dict[tuple[str, str], int], quantity: str, da: str, en: str, formula: Any,
                  values: np.ndarray, people: People) -> None:
        """Four rows of ``quantity`` (each payer, then the total as their sum) into ``rows``."""
        for a, payer in enumerate(ROWS):
            if payer == "total":
                first = rows[(quantity, "kommune")] + 1
                fn = lambda t, col, first=first: f"SUM({col}{first}:{col}{first + 2})"  # noqa: E731
            else:
                fn = lambda t, col, payer=payer: formula(payer, t, col)  # noqa: E731
            rows[(quantity, payer)] = self.year_row(
                f"{self.tx(da, en)}, {self.tx(*PAYER_LABELS[payer])}", payer if payer != "total" else None,
                fn, values[a], discount=people.d_row, bold=payer == "total")

    def _totals(self, years: Years, people: People, cons: Consequences, cost_rows: list[int],
                replaced_rows: list[int]) -> Totals:
        r = self.r
        self.section("Resultat pr. betaler og år (regel 5-8)", "Result per payer and year (rules 5-8)")

        def sumif(first: int, last: int) -> Any:
            if last < first:
                return lambda payer, t, col: "0"
            return lambda payer, t, col: f'SUMIF($B${first + 1}:$B${last + 1},"{payer}",{col}${first + 1}:{col}${last + 1})'

        rows: dict[tuple[str, str], int] = {}
        self._by_payer(rows, "gains", "Gevinster G", "Gains G",
                       sumif(cons.first, cons.last), r.gains, people)
        self._by_payer(rows, "costs", "Omkostninger K", "Costs K",
                       sumif(cost_rows[0], cost_rows[-1]) if cost_rows else sumif(1, 0), r.costs, people)
        self._by_payer(rows, "replaced_costs", "Erstattede omkostninger R", "Replaced costs R",
                       sumif(replaced_rows[0], replaced_rows[-1]) if replaced_rows else sumif(1, 0),
                       r.replaced_costs, people)
        self._by_payer(rows, "net_costs", "Nettoomkostninger NK = K − R", "Net costs NK = K − R",
                       lambda p, t, col: f"{col}{rows[('costs', p)] + 1}-{col}{rows[('replaced_costs', p)] + 1}",
                       r.net_costs, people)
        self._by_payer(rows, "net", "Nettoresultat NR = G − NK", "Net result NR = G − NK",
                       lambda p, t, col: f"{col}{rows[('gains', p)] + 1}-{col}{rows[('net_costs', p)] + 1}",
                       r.net, people)

        def cumulative(p: str, t: int, col: str) -> str:
            here = f"{col}${people.d_row + 1}*{col}{rows[('net', p)] + 1}"
            return here if t == 0 else f"{self.ycol(t - 1)}{rows[('cumulative_net', p)] + 1}+{here}"

        for a, payer in enumerate(ROWS):  # the total too: Σ d × NR_total, as the engine does
            rows[("cumulative_net", payer)] = self.row
            self.year_row(self.tx("Kumuleret nettoresultat (diskonteret), ", "Cumulative net result (discounted), ")
                          + self.tx(*PAYER_LABELS[payer]),
                          None, lambda t, col, p=payer: cumulative(p, t, col), r.cumulative_net[a],
                          total=False, bold=payer == "total")
        break_even_rows, has_amounts = self._break_even_helpers(years, rows)
        return Totals(rows, break_even_rows, has_amounts)

    def _break_even_helpers(self, years: Years, rows: dict[tuple[str, str], int]) -> tuple[dict[str, int], dict[str, str]]:
        """Rule 9 in cells: C tolerance, D 'has amounts', each year t when the cumulative net
        is below −tolerance (else 0); E the last such t. Payer → row, and payer → D cell."""
        r = self.r
        self.section("Tilbagebetaling (regel 9): år med kumuleret nettoresultat under nul",
                     "Break-even (rule 9): years with a cumulative net result below zero",
                     {2: ("Tolerance", "Tolerance"), 3: ("Har beløb", "Has amounts"), 4: ("Sidste t", "Last t")})
        be_rows: dict[str, int] = {}
        has_amounts: dict[str, str] = {}
        for a, payer in enumerate(ROWS):
            row, cum = self.row, r.cumulative_net[a]
            crow = rows[("cumulative_net", payer)]
            tol = 1e-9 * max(1.0, float(np.abs(cum).max()))
            self.label(row, self.tx("Under nul, ", "Below zero, ") + self.tx(*PAYER_LABELS[payer]))
            self.f(row, 2, f"1E-9*MAX(1,MAX({self.yrange(crow)}),-MIN({self.yrange(crow)}))", tol, "qty")
            active = bool((np.abs(r.gains[a]) + np.abs(r.costs[a]) + np.abs(r.replaced_costs[a])).sum() > 0)
            self.f(row, 3, "SUMPRODUCT(ABS({g})+ABS({k})+ABS({rr}))>0".format(
                g=self.yrange(rows[("gains", payer)]), k=self.yrange(rows[("costs", payer)]),
                rr=self.yrange(rows[("replaced_costs", payer)])), active, "key")
            has_amounts[payer] = self.ref(row, 3)
            flags = [t + 1 if cum[t] < -tol else 0 for t in range(self.T)]
            for t in range(self.T):
                col = self.ycol(t)
                self.f(row, YEAR_COL + t, f"IF({col}{crow + 1}<-$C${row + 1},{col}${years.t_row + 1},0)",
                       flags[t], "int")
            self.f(row, 4, f"MAX({self.yrange(row)})", max(flags), "int")
            be_rows[payer] = row
            self.row += 1
        return be_rows, has_amounts

    def _key_figures(self, years: Years, people: People, cons: Consequences, totals: Totals) -> dict[str, str]:
        """Rules 8-12: the present values per payer, the break-even year, the return per krone,
        then r* and the figures per participant and per success. Key → absolute cell."""
        self.section("Nøgletal (regel 8-12)", "Key figures (rules 8-12)",
                     {2 + a: PAYER_LABELS[p] for a, p in enumerate(ROWS)})
        cells: dict[str, str] = {}
        key_rows = self._per_payer_figures(years, cons, totals, cells)
        self._return_per_krone(key_rows, cells)
        self._scalar_figures(people, cons, key_rows, cells)
        return cells

    def _per_payer_figures(self, years: Years, cons: Consequences, totals: Totals,
                           cells: dict[str, str]) -> dict[str, int]:
        r, rows, be = self.r, totals.rows, totals.break_even_rows
        last_t = f"${self.ycol(self.T - 1)}${years.t_row + 1}"
        lines = [
            ("pv_gains", "Nutidsværdi af gevinster", "Present value of gains", "kr",
             lambda p: f"F{rows[('gains', p)] + 1}", r.pv_gains),
            ("pv_costs", "Nutidsværdi af omkostninger", "Present value of costs", "kr",
             lambda p: f"F{rows[('costs', p)] + 1}", r.pv_costs),
            ("pv_replaced_costs", "Nutidsværdi af erstattede omkostninger", "Present value of replaced costs", "kr",
             lambda p: f"F{rows[('replaced_costs', p)] + 1}", r.pv_replaced_costs),
            ("pv_net_costs", "Nutidsværdi af nettoomkostninger", "Present value of net costs", "kr",
             lambda p: f"F{rows[('net_costs', p)] + 1}", r.pv_net_costs),
            ("pv_net", "Nutidsværdi af nettoresultat", "Present value of net result", "kr",
             lambda p: f"F{rows[('net', p)] + 1}", r.pv_net),
            ("break_even_year", "Tilbagebetalingsår (første år, hvorefter det kumulerede resultat holder sig ≥ 0)",
             "Break-even year (first year after which the cumulative result stays ≥ 0)", "year",
             lambda p: (f'IF(NOT($D${be[p] + 1}),"{NONE}",IF($E${be[p] + 1}>={last_t},"{NONE}",'
                        f"Indst_Startaar+$E${be[p] + 1}))"), r.break_even_year),
            # The sensitivity to the success rate scales this, so it never divides by r (r may be 0).
            ("pv_unit_gains", "Nutidsværdi af gevinster ved r = 100 % (til følsomheden)",
             "Present value of gains at r = 100 % (for the sensitivity)", "kr",
             lambda p: "+".join(f"$D${b.gains_rows[p] + 1}*$F${b.unit_row + 1}" for b in cons.blocks) or "0",
             r.pv_unit_gains.sum(axis=0) if len(r.pv_unit_gains) else np.zeros(4)),
        ]
        key_rows: dict[str, int] = {}
        for key, da, en, kind, formula, values in lines:
            row = self.row
            self.label(row, self.tx(da, en))
            for a, payer in enumerate(ROWS):
                self.f(row, 2 + a, formula(payer), values[a], kind)
                cells[f"{key}.{payer}"] = self.ref(row, 2 + a)
            key_rows[key] = row
            self.row += 1
        return key_rows

    def _return_per_krone(self, key_rows: dict[str, int], cells: dict[str, str]) -> None:
        row = self.row
        self.label(row, self.tx("Afkast pr. krone = nutidsværdi af gevinster / nettoomkostninger (når de er > 0)",
                                "Return per krone = present value of gains / net costs (when they are > 0)"))
        for a, payer in enumerate(ROWS):
            col = xl_col_to_name(2 + a)
            g, nk = f"{col}{key_rows['pv_gains'] + 1}", f"{col}{key_rows['pv_net_costs'] + 1}"
            self.f(row, 2 + a, f'IF({nk}>0,{g}/{nk},"{NONE}")', self.r.return_per_krone[a], "ratio")
            cells[f"return_per_krone.{payer}"] = self.ref(row, 2 + a)
        self.row += 2

    def _scalar_figures(self, people: People, cons: Consequences, key_rows: dict[str, int],
                        cells: dict[str, str]) -> None:
        """A and B, then r* = B / A (rule 11) and the figures per participant and success (rule 12)."""
        r = self.r
        a_total = float(r.pv_unit_gains[:, 3].sum()) if len(r.pv_unit_gains) else 0.0
        a_row, b_row = self.row, self.row + 1
        n, s = (xl_rowcol_to_cell(people.n_row, SUM_COL, True, True), xl_rowcol_to_cell(people.s_row, SUM_COL, True, True))
        pv_net_total, pv_gains_total = f"F{key_rows['pv_net'] + 1}", f"F{key_rows['pv_gains'] + 1}"
        a_cell, b_cell = f"C{a_row + 1}", f"C{b_row + 1}"
        figures = [
            ("unit_pv", "A = nutidsværdi af gevinster ved r = 100 %", "A = present value of gains at r = 100 %",
             "kr", "+".join(b.unit_cell for b in cons.blocks) or "0", a_total),
            ("b", "B = nutidsværdi af nettoomkostninger, i alt", "B = present value of net costs, total", "kr",
             f"F{key_rows['pv_net_costs'] + 1}", r.pv_net_costs[3]),
            ("break_even_success_rate", "Nødvendig succesrate r* = B / A (regel 11)",
             "Break-even success rate r* = B / A (rule 11)", "rate",
             f'IF({a_cell}>0,{b_cell}/{a_cell},"{NONE}")', r.break_even_success_rate),
            ("net_per_participant", "Nettoresultat pr. deltager (regel 12)", "Net result per participant (rule 12)",
             "kr", f'IF({n}>0,{pv_net_total}/{n},"{NONE}")', r.net_per_participant),
            ("gain_per_success", "Gevinst pr. succes (regel 12)", "Gain per success (rule 12)", "kr",
             f'IF({s}>0,{pv_gains_total}/{s},"{NONE}")', r.gain_per_success),
        ]
        for key, da, en, kind, formula, value in figures:
            self.label(self.row, self.tx(da, en))
            self.f(self.row, 2, formula, value, kind)
            cells[key] = self.ref(self.row, 2)
            self.row += 1

