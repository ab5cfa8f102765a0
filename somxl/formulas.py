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

from somxl.engine import ROWS, Result, convolution_matrix
from somxl.spec import load_spec
from somxl.xlsxout import quote_sheet

PAYERS = ROWS[:3]
PAYER_LABELS = {"kommune": ("kommune", "municipality"), "region": ("region", "region"),
                "stat": ("stat", "state"), "total": ("i alt", "total")}
YEAR_COL = 6  # column G: the first year; A label, B key, C-E helper values, F present value
PV_COL, SUM_COL = 5, 4
NONE = "-"  # what a formula shows where the result file has null
FMT = {"kr": "#,##0", "rate": "0.0%", "year": "0", "factor": "0.0000", "qty": "#,##0.00",
       "count": "#,##0.0", "whole": "#,##0", "int": "0", "ratio": "0.00", "text": "@"}


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
    formulas: int = 0

    def ref(self, row: int, col: int) -> str:
        return f"{quote_sheet(self.sheet)}!{xl_rowcol_to_cell(row, col, True, True)}"

    def year_ref(self, quantity: str, payer: str, t: int) -> str:
        return self.ref(self.rows[(quantity, payer)], YEAR_COL + t)

    def pv_ref(self, quantity: str, payer: str) -> str:
        return self.ref(self.rows[(quantity, payer)], PV_COL)


class CalcSheet:
    """Writes the Beregning sheet. ``fmt(kind, **extra)`` gives cell formats (kinds of FMT plus
    label, head, key, title, note); ``text(da, en)`` the label in the workbook's language."""

    def __init__(self, ws: Any, name: str, result: Result, fmt: Any, text: Any) -> None:
        self.ws, self.r, self.fmt, self.tx = ws, result, fmt, text
        self.case = result.case
        self.T = int(result.years.size)
        self.refs = CalcRefs(sheet=name)
        self.row = 0

    # --- cell helpers ------------------------------------------------------------------
    def f(self, row: int, col: int, formula: str, value: Any, kind: str = "kr", **extra: Any) -> None:
        self.ws.write_formula(row, col, "=" + formula, self.fmt(kind, **extra), cached(value))
        self.refs.formulas += 1

    def label(self, row: int, text: str, bold: bool = False, col: int = 0) -> None:
        self.ws.write_string(row, col, text, self.fmt("label", bold=bold))

    def ycol(self, t: int) -> str:
        return xl_col_to_name(YEAR_COL + t)

    def yrange(self, row: int) -> str:
        """The year cells of a row, e.g. G12:P12."""
        return f"{self.ycol(0)}{row + 1}:{self.ycol(self.T - 1)}{row + 1}"

    def year_row(self, label: str, key: str | None, formula: Any, values: Any, kind: str = "kr",
                 total: bool = True, pv: bool = True, bold: bool = False) -> int:
        """One row over the years: ``formula(t, col)`` gives each year's formula."""
        row = self.row
        self.label(row, label, bold)
        if key:
            self.ws.write_string(row, 1, key, self.fmt("key"))
        for t in range(self.T):
            self.f(row, YEAR_COL + t, formula(t, self.ycol(t)), values[t], kind, bold=bold)
        if total:
            self.f(row, SUM_COL, f"SUM({self.yrange(row)})", float(np.sum(values)), kind, bold=bold)
        if pv:
            self.f(row, PV_COL, f"SUMPRODUCT({self.yrange(self.d_row)},{self.yrange(row)})",
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
        tx, ws, r = self.tx, self.ws, self.r
        ws.write_string(0, 0, tx("Beregning trin for trin", "The calculation step by step"), self.fmt("title"))
        ws.write_string(1, 0, tx(
            "Alle tal er formler, der henter inputcellerne via deres navne (fx Effekt_Succesrate). "
            "Ret et input, og resultatet følger med. Antallet af år, konsekvenser og omkostningslinjer "
            "er dem, arket blev lavet med: tilføjer du linjer, så kør somxl calc igen.",
            "Every number is a formula that reads the input cells by their names (e.g. "
            "Effekt_Succesrate). Change an input and the result follows. The number of years, "
            "consequences and cost lines is the one the workbook was made with: after adding lines, "
            "run somxl calc again."), self.fmt("note"))
        self.t_row, self.y_row = 3, 4
        self.refs.year_row = self.y_row
        self.label(self.t_row, tx("Årnummer t", "Year number t"))
        self.label(self.y_row, tx("År", "Year"), bold=True)
        ws.write_string(self.y_row, SUM_COL, tx("I alt", "Sum"), self.fmt("head"))
        ws.write_string(self.y_row, PV_COL, tx("Nutidsværdi", "Present value"), self.fmt("head"))
        for t in range(self.T):
            ws.write_number(self.t_row, YEAR_COL + t, t + 1, self.fmt("int"))
            self.f(self.y_row, YEAR_COL + t, f"Indst_Startaar+{self.ycol(t)}${self.t_row + 1}-1",
                   int(r.years[t]), "year", bold=True)
        self.row = 5
        self.d_row = 0  # set in _people; year_row needs it for the PV column
        self._people()
        self._consequences()
        self.cost_first = self.row
        self.refs.cost_rows = self._lines("costs", self.case.costs, r.cost_factors, r.cost_lines, True)
        self.refs.replaced_rows = self._lines("replaced_costs", self.case.replaced_costs, r.replaced_factors,
                                              r.replaced_lines, False)
        self._totals()
        self._key_figures()
        ws.set_column(0, 0, 58)
        ws.set_column(1, 1, 9)
        ws.set_column(2, 4, 12)
        ws.set_column(5, 5, 14)
        ws.set_column(YEAR_COL, YEAR_COL + self.T - 1, 12)
        ws.freeze_panes(self.y_row + 1, 1)
        return self.refs

    def _people(self) -> None:
        tx, r, c = self.tx, self.r, self.refs.cells
        self.section("Deltagere, gennemførte og succeser (regel 2-3)", "Participants, completers and successes (rules 2-3)")
        self.label(self.row, tx("Succesrate r: Effekt_Succesrate, ellers rate med − rate uden",
                                "Success rate r: Effekt_Succesrate, else rate with − rate without"))
        self.f(self.row, 2, "IF(ISNUMBER(Effekt_Succesrate),Effekt_Succesrate,Effekt_RateMed-Effekt_RateUden)",
               r.success_rate, "rate")
        self.r_cell = xl_rowcol_to_cell(self.row, 2, True, True)
        c["success_rate"] = self.refs.ref(self.row, 2)
        self.row += 1
        # The discount row comes first in the file but PV formulas only need its address.
        self.d_row = self.row + 3
        n = self.year_row(tx("Deltagere, der starter, N[t] (SUMIFS over deltagertabellen)",
                             "Participants starting, N[t] (SUMIFS over the participants table)"), None,
                          lambda t, col: f"SUMIFS(Deltagere_Antal,Deltagere_Aar,{col}${self.y_row + 1})",
                          r.participants, "count", pv=False)
        self.n_row = n
        nr = f"${self.ycol(0)}${n + 1}:${self.ycol(self.T - 1)}${n + 1}"
        self.c_row = self.year_row(
            tx("Gennemførte C[t] = gennemførelsesrate × N[t − varighed + 1]",
               "Completers C[t] = completion rate × N[t − duration + 1]"), None,
            lambda t, col: (f"IF({col}${self.t_row + 1}-Indsats_Varighed+1>=1,Indsats_Gennemfoerelse*"
                            f"INDEX({nr},{col}${self.t_row + 1}-Indsats_Varighed+1),0)"),
            r.completers, "count", pv=False)
        self.s_row = self.year_row(tx("Succeser S[t] = r × C[t]", "Successes S[t] = r × C[t]"), None,
                                   lambda t, col: f"{self.r_cell}*{col}{self.c_row + 1}", r.successes, "count", pv=False)
        self.year_row(tx("Diskonteringsfaktor d[t] = 1 / (1 + rente)^(t − 1) (regel 8)",
                         "Discount factor d[t] = 1 / (1 + rate)^(t − 1) (rule 8)"), None,
                      lambda t, col: f"1/(1+Indst_Diskonteringsrente)^({col}${self.t_row + 1}-1)",
                      r.discount, "factor", total=False, pv=False)
        for key, row in (("participants", n), ("completers", self.c_row), ("successes", self.s_row)):
            c[key] = self.refs.ref(row, SUM_COL)
        self.label(self.row, tx("Prisindeks i beregningens prisår, I[P] (regel 1)",
                                "Price index in the calculation's price year, I[P] (rule 1)"))
        index = self.case.settings.price_index.get(self.case.settings.price_year)
        self.f(self.row, 2, "IFERROR(INDEX(Prisindeks_Indeks,MATCH(Indst_Prisaar,Prisindeks_Aar,0)),\"\")",
               "" if index is None else index, "qty")
        self.ip_cell = xl_rowcol_to_cell(self.row, 2, True, True)
        self.row += 1

    def _price(self, row: int, year_expr: str, year: int | None, factor: float) -> None:
        """Price year used (C) and factor I[P] / I[y] (D) of one consequence or cost line."""
        p = self.case.settings.price_year
        self.f(row, 2, f'IF({year_expr}="",Indst_Prisaar,{year_expr})', year or p, "year")
        self.f(row, 3, f"IF(C{row + 1}=Indst_Prisaar,1,{self.ip_cell}/INDEX(Prisindeks_Indeks,"
                       f"MATCH(C{row + 1},Prisindeks_Aar,0)))", factor, "factor")

    def _consequences(self) -> None:
        tx, r = self.tx, self.r
        self.section("Konsekvenser: mængder og gevinster (regel 4-5)", "Consequences: quantities and gains (rules 4-5)")
        unit_q = r.profiles @ convolution_matrix(r.completers) if len(r.profiles) else r.profiles
        ob = self.case.optimism_bias.gains
        self.unit_cells: list[str] = []
        self.unit_rows: list[int] = []  # per consequence: the ΔQ¹ row (its F is the PV per unit price)
        self.cons_first = self.row
        for k, con in enumerate(self.case.consequences):
            i = k + 1
            head = self.row
            self.label(head, f"{i}. {con.name}", bold=True)
            for col, (da, en) in {2: ("Prisår", "Price year"), 3: ("Prisfaktor", "Price factor"),
                                  4: ("Fortegn", "Sign")}.items():
                self.ws.write_string(head, col, tx(da, en), self.fmt("head"))
            row = head + 1
            self.label(row, tx("Prisår, prisfaktor I[P]/I[y] og fortegn (udgift −1, indtægt +1)",
                               "Price year, price factor I[P]/I[y] and sign (expense −1, revenue +1)"))
            self._price(row, f"INDEX(Kons_Prisaar,{i})", con.price_year, r.price_factors[k])
            self.f(row, 4, f"IF({texts_formula(f'INDEX(Kons_Art,{i})', 'kind', 'revenue')},1,-1)",
                   r.signs[k], "int")
            pf = f"$D${row + 1}"
            sign = f"$E${row + 1}"
            self.row = row + 1
            prof = self.year_row(tx("Ændring pr. succes i år τ efter gennemførelse, Δq[τ] (τ = t)",
                                    "Change per success in year τ after completion, Δq[τ] (τ = t)"), None,
                                 lambda t, col: f"INDEX(Kons_Aendringer,{i},{col}${self.t_row + 1})",
                                 r.profiles[k], "qty", total=False, pv=False)

            def conv(src: int) -> Any:
                return lambda t, col: "+".join(f"{self.ycol(e)}{src + 1}*{self.ycol(t - e)}{prof + 1}"
                                               for e in range(t + 1))

            unit_row = self.year_row(tx("Ændring pr. gennemført (r = 100 %), ΔQ¹[t] = Σ C[e]·Δq[t − e + 1]",
                                        "Change per completer (r = 100 %), ΔQ¹[t] = Σ C[e]·Δq[t − e + 1]"),
                                     None, conv(self.c_row), unit_q[k], "qty")
            q_row = self.year_row(tx("Ændring i mængde, ΔQ[t] = Σ S[e]·Δq[t − e + 1]",
                                     "Change in quantity, ΔQ[t] = Σ S[e]·Δq[t − e + 1]"),
                                  None, conv(self.s_row), r.quantities[k], "qty", pv=False)
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
                self.f(row, 3, f"(1-Indst_OptimismeGevinster)*{sign}*{pf}*C{row + 1}", unit, "qty")
                rows[payer] = self.year_row(tx("Gevinst, ", "Gain, ") + tx(*PAYER_LABELS[payer]),
                                            payer, lambda t, col: f"$D${row + 1}*{col}{q_row + 1}",
                                            r.gains_by_consequence[k, a])
            first, last = rows["kommune"] + 1, rows["stat"] + 1
            row = self.row
            self.f(row, 3, f"SUM(D{first}:D{last})", float(sum(
                (1.0 - ob) * r.signs[k] * r.price_factors[k] * r.prices[k, a] for a in range(3))), "qty")
            rows["total"] = self.year_row(tx("Gevinst i alt", "Gain, total"), None,
                                          lambda t, col: f"SUM({col}{first}:{col}{last})",
                                          r.gains_by_consequence[k, 3], bold=True)
            self.label(self.row, tx("Nutidsværdi af gevinsten ved r = 100 % (til break-even-succesraten)",
                                    "Present value of the gain at r = 100 % (for the break-even success rate)"))
            self.f(self.row, PV_COL, f"D{rows['total'] + 1}*F{unit_row + 1}", r.pv_unit_gains[k, 3])
            self.unit_cells.append(f"F{self.row + 1}")
            self.unit_rows.append(unit_row)
            self.refs.unit_rows.append(unit_row)
            self.refs.gains_rows.append(rows)
            self.row += 2
        self.cons_last = max(self.row - 1, self.cons_first)

    def _lines(self, key: str, lines: list, factors: np.ndarray, values: np.ndarray, uplift: bool) -> list[int]:
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
        self.line_first = self.row
        for j, line in enumerate(lines):
            i, row = j + 1, self.row
            self.f(row, 1, code_formula(f"INDEX({prefix}_Betaler,{i})", "payer"), line.payer, "key")
            self._price(row, f"INDEX({prefix}_Prisaar,{i})", line.price_year, factors[j])
            self.f(row, 4, texts_formula(f"INDEX({prefix}_PrDeltager,{i})", "yesno", True), line.per_participant, "key")
            self.ws.write_string(row, 0, f"{i}. {line.item}", self.fmt("label"))
            for t in range(self.T):
                col = self.ycol(t)
                self.f(row, YEAR_COL + t,
                       f"IF(INDEX({prefix}_Aar,{i})={col}${self.y_row + 1},INDEX({prefix}_Beloeb,{i})*$D${row + 1}"
                       f"{up}*IF($E${row + 1},{col}${self.n_row + 1},1),0)", values[j, t])
            self.f(row, PV_COL, f"SUMPRODUCT({self.yrange(self.d_row)},{self.yrange(row)})",
                   float(values[j] @ self.r.discount))
            rows.append(row)
            self.row += 1
        if not lines:
            self.label(self.row, tx("(ingen linjer)", "(no lines)"))
            self.row += 1
        return rows

    def _by_payer(self, quantity: str, da: str, en: str, formula: Any, values: np.ndarray) -> None:
        for a, payer in enumerate(ROWS):
            if payer == "total":
                first = self.refs.rows[(quantity, "kommune")] + 1
                fn = lambda t, col, first=first: f"SUM({col}{first}:{col}{first + 2})"  # noqa: E731
            else:
                fn = lambda t, col, payer=payer: formula(payer, t, col)  # noqa: E731
            self.refs.rows[(quantity, payer)] = self.year_row(
                f"{self.tx(da, en)}, {self.tx(*PAYER_LABELS[payer])}", payer if payer != "total" else None,
                fn, values[a], bold=payer == "total")

    def _totals(self) -> None:
        r = self.r
        self.section("Resultat pr. betaler og år (regel 5-8)", "Result per payer and year (rules 5-8)")

        def sumif(first: int, last: int) -> Any:
            if last < first:
                return lambda payer, t, col: "0"
            return lambda payer, t, col: f'SUMIF($B${first + 1}:$B${last + 1},"{payer}",{col}${first + 1}:{col}${last + 1})'

        cr, rr = self.refs.cost_rows, self.refs.replaced_rows
        self._by_payer("gains", "Gevinster G", "Gains G", sumif(self.cons_first, self.cons_last), r.gains)
        self._by_payer("costs", "Omkostninger K", "Costs K",
                       sumif(cr[0], cr[-1]) if cr else sumif(1, 0), r.costs)
        self._by_payer("replaced_costs", "Erstattede omkostninger R", "Replaced costs R",
                       sumif(rr[0], rr[-1]) if rr else sumif(1, 0), r.replaced_costs)
        rows = self.refs.rows
        self._by_payer("net_costs", "Nettoomkostninger NK = K − R", "Net costs NK = K − R",
                       lambda p, t, col: f"{col}{rows[('costs', p)] + 1}-{col}{rows[('replaced_costs', p)] + 1}",
                       r.net_costs)
        self._by_payer("net", "Nettoresultat NR = G − NK", "Net result NR = G − NK",
                       lambda p, t, col: f"{col}{rows[('gains', p)] + 1}-{col}{rows[('net_costs', p)] + 1}", r.net)

        def cumulative(p: str, t: int, col: str) -> str:
            here = f"{col}${self.d_row + 1}*{col}{rows[('net', p)] + 1}"
            return here if t == 0 else f"{self.ycol(t - 1)}{rows[('cumulative_net', p)] + 1}+{here}"

        for a, payer in enumerate(ROWS):  # the total too: Σ d × NR_total, as the engine does
            self.refs.rows[("cumulative_net", payer)] = self.row
            self.year_row(self.tx("Kumuleret nettoresultat (diskonteret), ", "Cumulative net result (discounted), ")
                          + self.tx(*PAYER_LABELS[payer]),
                          None, lambda t, col, p=payer: cumulative(p, t, col), r.cumulative_net[a],
                          total=False, pv=False, bold=payer == "total")
        self._break_even_helpers()

    def _break_even_helpers(self) -> None:
        """Rule 9 in cells: C tolerance, D 'has amounts', each year t when the cumulative net
        is below −tolerance (else 0); E the last such t."""
        r, rows = self.r, self.refs.rows
        self.section("Break-even (regel 9): år med kumuleret nettoresultat under nul",
                     "Break-even (rule 9): years with a cumulative net result below zero",
                     {2: ("Tolerance", "Tolerance"), 3: ("Har beløb", "Has amounts"), 4: ("Sidste t", "Last t")})
        self.be_rows: dict[str, int] = {}
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
            self.refs.cells[f"has_amounts.{payer}"] = self.refs.ref(row, 3)
            flags = [t + 1 if cum[t] < -tol else 0 for t in range(self.T)]
            for t in range(self.T):
                col = self.ycol(t)
                self.f(row, YEAR_COL + t, f"IF({col}{crow + 1}<-$C${row + 1},{col}${self.t_row + 1},0)",
                       flags[t], "int")
            self.f(row, 4, f"MAX({self.yrange(row)})", max(flags), "int")
            self.be_rows[payer] = row
            self.row += 1

    def _key_figures(self) -> None:
        r, tx, rows, c = self.r, self.tx, self.refs.rows, self.refs.cells
        self.section("Nøgletal (regel 8-12)", "Key figures (rules 8-12)",
                                  {2 + a: PAYER_LABELS[p] for a, p in enumerate(ROWS)})
        last_t = f"${self.ycol(self.T - 1)}${self.t_row + 1}"
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
             lambda p: (f'IF(NOT($D${self.be_rows[p] + 1}),"{NONE}",IF($E${self.be_rows[p] + 1}>={last_t},"{NONE}",'
                        f"Indst_Startaar+$E${self.be_rows[p] + 1}))"), r.break_even_year),
            # The sensitivity to the success rate scales this, so it never divides by r (r may be 0).
            ("pv_unit_gains", "Nutidsværdi af gevinster ved r = 100 % (til følsomheden)",
             "Present value of gains at r = 100 % (for the sensitivity)", "kr",
             lambda p: "+".join(f"$D${rows_k[p] + 1}*$F${u + 1}" for rows_k, u in
                                zip(self.refs.gains_rows, self.unit_rows)) or "0",
             r.pv_unit_gains.sum(axis=0) if len(r.pv_unit_gains) else np.zeros(4)),
        ]
        key_rows: dict[str, int] = {}
        for key, da, en, kind, formula, values in lines:
            row = self.row
            self.label(row, tx(da, en))
            for a, payer in enumerate(ROWS):
                self.f(row, 2 + a, formula(payer), values[a], kind)
                c[f"{key}.{payer}"] = self.refs.ref(row, 2 + a)
            key_rows[key] = row
            self.row += 1
        row = self.row
        self.label(row, tx("Afkast pr. krone = nutidsværdi af gevinster / nettoomkostninger (når de er > 0)",
                           "Return per krone = present value of gains / net costs (when they are > 0)"))
        for a, payer in enumerate(ROWS):
            col = xl_col_to_name(2 + a)
            g, nk = f"{col}{key_rows['pv_gains'] + 1}", f"{col}{key_rows['pv_net_costs'] + 1}"
            self.f(row, 2 + a, f'IF({nk}>0,{g}/{nk},"{NONE}")', r.return_per_krone[a], "ratio")
            c[f"return_per_krone.{payer}"] = self.refs.ref(row, 2 + a)
        self.row += 2
        a_total = float(r.pv_unit_gains[:, 3].sum()) if len(r.pv_unit_gains) else 0.0
        scalars = [
            ("unit_pv", "A = nutidsværdi af gevinster ved r = 100 %", "A = present value of gains at r = 100 %",
             "kr", "+".join(self.unit_cells) or "0", a_total),
            ("b", "B = nutidsværdi af nettoomkostninger, i alt", "B = present value of net costs, total", "kr",
             f"F{key_rows['pv_net_costs'] + 1}", r.pv_net_costs[3]),
        ]
        for key, da, en, kind, formula, value in scalars:
            self.label(self.row, tx(da, en))
            self.f(self.row, 2, formula, value, kind)
            c[key] = self.refs.ref(self.row, 2)
            self.row += 1
        a_cell, b_cell = f"C{self.row - 1}", f"C{self.row}"
        n, s = (c["participants"].split("!")[1], c["successes"].split("!")[1])
        pv_net_total = f"F{key_rows['pv_net'] + 1}"
        pv_gains_total = f"F{key_rows['pv_gains'] + 1}"
        more = [
            ("break_even_success_rate", "Break-even-succesrate r* = B / A (regel 11)",
             "Break-even success rate r* = B / A (rule 11)", "rate",
             f'IF({a_cell}>0,{b_cell}/{a_cell},"{NONE}")', r.break_even_success_rate),
            ("net_per_participant", "Nettoresultat pr. deltager (regel 12)", "Net result per participant (rule 12)",
             "kr", f'IF({n}>0,{pv_net_total}/{n},"{NONE}")', r.net_per_participant),
            ("gain_per_success", "Gevinst pr. succes (regel 12)", "Gain per success (rule 12)", "kr",
             f'IF({s}>0,{pv_gains_total}/{s},"{NONE}")', r.gain_per_success),
        ]
        for key, da, en, kind, formula, value in more:
            self.label(self.row, tx(da, en))
            self.f(self.row, 2, formula, value, kind)
            c[key] = self.refs.ref(self.row, 2)
            self.row += 1
