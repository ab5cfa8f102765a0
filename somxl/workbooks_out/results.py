"""The result workbook: the input sheets regenerated from the case, plus the result sheets
(Resultat, Pr. år, Fordeling, Følsomhed, Validering, Beregning) whose numbers are live
Excel formulas over the input cells, each written with the engine's value as its cached
result. ``write_result_workbook`` is the one entry point; docs/results.md describes the sheets."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from somxl.model.case import Case, case_to_dict
from somxl.model.engine import NO_COMMITTEE, NO_DOMAIN, ROWS, Result, calculate
from somxl.base.fileio import check_target
from somxl.workbooks_out.formulas import PV_COL, YEAR_COL, CalcRefs, CalcSheet, cached
from somxl.workbooks_out.inputsheets import add_input_sheets
from somxl.base.report import Issue, group_issues, say
from somxl.workbooks_out.summary import WIDTHS, SummarySheet
from somxl.base.vocab import ISSUE_HEADINGS, NEEDED_RATE, PAYER_LABELS, pick
from somxl.workbooks_out.xlsxout import (BODY, HEADING, HEADING_WRAP, HINT_COLOUR, MONEY_AXIS, MONEY_AXIS_GRID, NOTE,
                           NUM_FORMATS, TITLE, Formats, chart, chart_rows, fit_row, long_note, open_workbook, page_setup,
                           payer_fill, payer_line, protect, set_widths)

SHEET_NAMES = {  # key → (Danish, English); result sheets come first in the workbook
    "summary": ("Sammenfatning", "Summary"),
    "result": ("Resultat", "Results"),
    "by_year": ("Pr. år", "By year"),
    "breakdown": ("Fordeling", "Breakdown"),
    "sensitivity": ("Følsomhed", "Sensitivity"),
    "validation": ("Validering", "Validation"),
    "calc": ("Beregning", "Calculation"),
}
RESULT_WIDTHS = [30] + [17] * 5  # Resultat: the label, then gains, net costs, net result, year, return
SENSITIVITY_WIDTHS = [34, 26, 15, 15, 15, 15, 15]
QUANTITIES = (  # the by_year keys of the result file, with their labels
    ("gains", "Gevinster", "Gains"),
    ("costs", "Omkostninger", "Costs"),
    ("replaced_costs", "Erstattede omkostninger", "Replaced costs"),
    ("net", "Nettoresultat", "Net result"),
    ("cumulative_net", "Kumuleret nettoresultat", "Cumulative net result"),
)


def write_result_workbook(path: Path | str, case: Case, result: Result | None = None, *, lang: str = "da",
                          warnings: Iterable[Issue] = (), force: bool = False,
                          inputs: tuple[Path, ...] = (), catalog: Any = None) -> None:
    """Write the result workbook for ``case`` to ``path`` atomically (refusing to overwrite an
    existing file unless ``force``, and never one of ``inputs``). ``result`` is calculated when
    not given; ``warnings`` are listed on the Validering sheet; ``catalog`` (default: the shipped
    one) gives the input sheets their dropdowns and hints."""
    path = Path(path)
    check_target(path, force, inputs)
    result = result if result is not None else calculate(case)
    with open_workbook(path) as wb:
        _ResultBook(wb, case, result, lang, list(warnings), catalog).build()


class _ResultBook:
    def __init__(self, wb: Any, case: Case, result: Result, lang: str, warnings: list[Issue],
                 catalog: Any = None) -> None:
        self.catalog = catalog
        self.wb, self.case, self.r, self.lang, self.warnings = wb, case, result, lang, warnings
        self.tx = functools.partial(pick, lang)  # the Danish or English of a text written here
        self.T = int(result.years.size)
        self._formats = Formats(wb, **BODY)
        self.prints: dict[str, dict[str, Any]] = {}  # sheet key → page_setup's arguments

    def fmt(self, kind: str, **extra: Any) -> Any:
        """The format of a kind of cell (a number format of xlsxout.NUM_FORMATS, or title, note, head,
        key, label), with ``extra`` properties."""
        props: dict[str, Any] = {}
        if kind in NUM_FORMATS and kind != "text":
            props["num_format"] = NUM_FORMATS[kind]
        if kind in ("year", "ratio"):  # "-" (none) lines up with the numbers
            props["align"] = "right"
        props.update({
            "title": TITLE,
            "note": NOTE,
            "head": HEADING_WRAP,
            "key": {"font_color": HINT_COLOUR},
        }.get(kind, {}))
        return self._formats(**{**props, **extra})

    @staticmethod
    def count_kind(value: Any) -> str:
        """A count of people shows without decimals when it is whole (20, not 20,0)."""
        return "whole" if isinstance(value, (int, float)) and float(value).is_integer() else "count"

    def f(self, ws: Any, row: int, col: int, formula: str, value: Any, kind: str = "kr", **extra: Any) -> None:
        ws.write_formula(row, col, "=" + formula, self.fmt(kind, **extra), cached(value))

    # --- the workbook ------------------------------------------------------------------
    def build(self) -> None:
        self.names = {k: self.tx(*v) for k, v in SHEET_NAMES.items()}
        self.ws = {k: self.wb.add_worksheet(name) for k, name in self.names.items()}
        if self.case.scenarios:  # the case and its scenarios side by side, after Beregning
            from somxl.workbooks_out.scenariosheet import SHEET_NAME

            self.ws["scenarios"] = self.wb.add_worksheet(self.tx(*SHEET_NAME))
        self.layout = add_input_sheets(self.wb, lang=self.lang, case=case_to_dict(self.case), catalog=self.catalog)
        calc_sheet = CalcSheet(self.ws["calc"], self.names["calc"], self.r, self.fmt, self.tx)
        self.calc: CalcRefs = calc_sheet.write()
        # the widths CalcSheet.write sets: label, key, three helpers, present value, the years
        self.prints["calc"] = {"widths": [58, 9, 12, 12, 12, 14] + [12] * self.T, "last_row": calc_sheet.row,
                               "repeat_rows": (self.calc.year_row, self.calc.year_row), "repeat_cols": (0, 0)}
        self._by_year()
        self._result()
        self._breakdown()
        self._sensitivity()
        self._validation()
        if "scenarios" in self.ws:
            from somxl.workbooks_out.scenariosheet import ScenarioSheet

            last = ScenarioSheet(self, self.ws["scenarios"]).write()
            n = len(self.case.scenarios)
            widths = [46] + [16] * (n + 1)
            widths += [12] * (max(len(widths), YEAR_COL + self.T) - len(widths))
            self.prints["scenarios"] = {"widths": widths, "last_row": last, "repeat_cols": (0, 0)}
        summary = SummarySheet(self, self.ws["summary"])
        height = summary.write()
        self.prints["summary"] = {"widths": list(WIDTHS), "last_row": summary.last_row, "height": height}
        for key, ws in self.ws.items():
            page_setup(ws, self.lang, **self.prints[key])
            protect(ws)
        self.ws["summary"].activate()
        self.wb.set_properties({"title": self.case.meta.title or self.case.intervention.name,
                                "author": "somxl", "comments": self.tx("SØM-resultat", "SØM result")})

    def columns(self, key: str, widths: list[float]) -> None:
        """Set the column widths of a sheet, and remember them for its page setup."""
        set_widths(self.ws[key], widths)
        self.prints[key] = {"widths": widths}

    def calc_ref(self, quantity: str, payer: str, t: int) -> str:
        return self.calc.year_ref(quantity, payer, t)

    def _title(self, ws: Any, da: str, en: str, note: tuple[str, str] | None = None,
               widths: list[float] | None = None) -> None:
        """The sheet's title and note; a note longer than the printed width needs ``widths``."""
        ws.write_string(0, 0, self.tx(da, en), self.fmt("title"))
        if note and widths:
            long_note(ws, 1, self.tx(*note), self.fmt("note", text_wrap=True, valign="top"), widths)
        elif note:
            ws.write_string(1, 0, self.tx(*note), self.fmt("note"))

    # --- Pr. år ------------------------------------------------------------------------
    def _by_year(self) -> None:
        ws, r = self.ws["by_year"], self.r
        self._title(ws, "Resultat pr. år", "Result per year",
                    ("Kr. i beregningens prisår. Formler, der henter arket Beregning. Det kumulerede "
                     "resultat er diskonteret, når diskonteringsrenten er over 0.",
                     "DKK at the calculation's price level. Formulas reading the Calculation sheet. The "
                     "cumulative result is discounted when the discount rate is above 0."))
        head = 3
        ws.write_string(head, 0, self.tx("År", "Year"), self.fmt("head"))
        for t in range(self.T):
            self.f(ws, head, 1 + t, self.calc.ref(self.calc.year_row, 6 + t), int(r.years[t]), "year",
                   **HEADING)
        row = head + 1
        self.by_year_rows: dict[tuple[str, str], int] = {}
        for key, da, en in QUANTITIES:
            row += 1
            ws.write_string(row, 0, self.tx(da, en), self.fmt("label", bold=True))
            row += 1
            values = getattr(r, key)
            for a, payer in enumerate(ROWS):
                bold = payer == "total"
                ws.write_string(row, 0, self.tx(*PAYER_LABELS[payer]).capitalize(), self.fmt("label", bold=bold))
                for t in range(self.T):
                    self.f(ws, row, 1 + t, self.calc_ref(key, payer, t), values[a, t], bold=bold)
                self.by_year_rows[(key, payer)] = row
                row += 1
        self.by_year_head = head
        self.columns("by_year", [30] + [12] * self.T)
        self.prints["by_year"].update(last_row=row - 1, repeat_rows=(head, head), repeat_cols=(0, 0))
        ws.freeze_panes(head + 1, 1)

    # --- Resultat ----------------------------------------------------------------------
    def _result(self) -> None:
        ws, r, c = self.ws["result"], self.r, self.calc.cells
        case, s = self.case, self.case.settings
        ws.write_string(0, 0, case.meta.title or case.intervention.name, self.fmt("title"))
        ws.write_string(1, 0, f"{case.intervention.name}: {case.target_group.name}", self.fmt("label"))
        tall = long_note(ws, 2, self.tx(
            f"Kr. i {s.price_year}-priser, {s.start_year}-{s.start_year + s.horizon_years - 1}. Nutidsværdier "
            "med diskonteringsrenten på arket Indstillinger (0 % = udiskonteret). Alle tal er formler: ret et "
            "input, og de følger med (se arket Beregning).",
            f"DKK at {s.price_year} prices, {s.start_year}-{s.start_year + s.horizon_years - 1}. Present values "
            "at the discount rate on the Settings sheet (0 % = undiscounted). Every number is a formula: change "
            "an input and they follow (see the Calculation sheet)."), self.fmt("note", text_wrap=True, valign="top"),
            RESULT_WIDTHS)
        head = 4
        cols = [("pv_gains", "Gevinster", "Gains", "kr"),
                ("pv_net_costs", "Nettoomkostninger", "Net costs", "kr"),
                ("pv_net", "Nettoresultat", "Net result", "kr"),
                ("break_even_year", "Tilbagebetalingsår", "Break-even year", "year"),
                ("return_per_krone", "Afkast pr. krone", "Return per krone", "ratio")]
        ws.write_string(head, 0, self.tx("Betaler", "Payer"), self.fmt("head"))
        for j, (_, da, en, _) in enumerate(cols):
            ws.write_string(head, 1 + j, self.tx(da, en), self.fmt("head"))
        summary = r.summary()
        for a, payer in enumerate(ROWS):
            row, bold = head + 1 + a, payer == "total"
            ws.write_string(row, 0, self.tx(*PAYER_LABELS[payer]).capitalize(), self.fmt("label", bold=bold))
            for j, (key, _, _, kind) in enumerate(cols):
                self.f(ws, row, 1 + j, c[f"{key}.{payer}"], summary[key][payer], kind, bold=bold)
        row = head + 6
        figures = [
            ("break_even_success_rate", *NEEDED_RATE, "rate"),
            ("participants", "Deltagere", "Participants", "count"),
            ("completers", "Gennemførte", "Completers", "count"),
            ("successes", "Succeser", "Successes", "count"),
            ("net_per_participant", "Nettoresultat pr. deltager", "Net result per participant", "kr"),
            ("gain_per_success", "Gevinst pr. succes", "Gain per success", "kr"),
        ]
        for key, da, en, kind in figures:
            ws.write_string(row, 0, self.tx(da, en), self.fmt("label"))
            self.f(ws, row, 1, c[key], summary[key], self.count_kind(summary[key]) if kind == "count" else kind)
            row += 1
        tall += long_note(ws, row + 1, self.tx(
            "Tilbagebetalingsår: det første år, hvorefter det kumulerede nettoresultat holder sig på 0 eller derover. "
            "- betyder: ingen (resultatet ender under 0, eller betaleren har ingen beløb).",
            "Break-even year: the first year after which the cumulative net result stays at 0 or above. "
            "- means none (the result ends below 0, or the payer has no amounts)."),
            self.fmt("note", text_wrap=True, valign="top"), RESULT_WIDTHS)
        ws.insert_chart(row + 3, 0, self.cumulative_chart())
        self.columns("result", RESULT_WIDTHS)
        # one page: the rows (the two notes at their wrapped height) and the chart, fitted
        self.prints["result"].update(last_row=row + 3 + chart_rows(340), height=15 * (row + 1) + tall + 8 + 340 * 0.75)

    def cumulative_chart(self, width: int = 760, height: int = 340) -> Any:
        """The cumulative net result per payer over the years, from the Pr. år sheet."""
        c = chart(self.wb, "line", self.tx("Kumuleret nettoresultat pr. betaler", "Cumulative net result per payer"),
                  width=width, height=height, x_axis={"label_position": "low"}, y_axis=MONEY_AXIS_GRID)
        sheet = self.names["by_year"]
        for payer in ROWS:
            line = self.by_year_rows[("cumulative_net", payer)]
            c.add_series({"name": [sheet, line, 0],
                          "categories": [sheet, self.by_year_head, 1, self.by_year_head, self.T],
                          "values": [sheet, line, 1, line, self.T], **payer_line(payer)})
        return c

    # --- Fordeling ---------------------------------------------------------------------
    def _breakdown(self) -> None:
        ws, r = self.ws["breakdown"], self.r
        self._title(ws, "Fordeling på områder og udvalg", "Split by domain and committee",
                    ("Nutidsværdier i kr. Formler over arket Beregning; grupperingen er den, arket blev lavet med.",
                     "Present values in DKK. Formulas over the Calculation sheet; the grouping is the one the "
                     "workbook was made with."))
        head = 3
        heads = [("Type", "Type"), ("Navn", "Name"), ("Område", "Domain"), ("Udvalg", "Committee")]
        heads += [tuple(x.capitalize() for x in PAYER_LABELS[p]) for p in ROWS]
        ws.write_string(head - 1, 0, self.tx("Pr. konsekvens og omkostningslinje", "Per consequence and cost line"),
                        self.fmt("label", bold=True))
        for j, (da, en) in enumerate(heads):
            ws.write_string(head, j, self.tx(da, en), self.fmt("head"))
        first = head + 1
        cons_last, last, net_costs = self._breakdown_lines(ws, first)
        row = self._group_tables(ws, last + 2, first, cons_last, last, net_costs)
        if r.by_domain:
            row = self._domain_chart(ws, row)
        # F and G hold the domain table's "Nettoomkostninger, i alt" and "Nettoresultat, i alt"
        self.columns("breakdown", [24, 30, 30, 30, 14, 19, 19, 14])
        self.prints["breakdown"].update(last_row=row, repeat_rows=(head, head))
        ws.freeze_panes(head + 1, 0)

    def _breakdown_lines(self, ws: Any, first: int) -> tuple[int, int, dict[str, float]]:
        """A row per consequence, then per cost and replaced-cost line, from row ``first``:
        domain, committee and present value per payer. Returns the last consequence row, the
        last row, and the PV of the net costs per domain."""
        r, case, calc = self.r, self.case, self.calc
        row = first
        committee = lambda name, i, none=NO_COMMITTEE: f'IF(INDEX({name},{i})="","{none}",INDEX({name},{i}))'  # noqa: E731
        net_costs: dict[str, float] = {}  # domain → PV of the net costs of the lines naming it
        pv_k = r.gains_by_consequence @ r.discount if len(r.gains_by_consequence) else []
        for k, con in enumerate(case.consequences):
            ws.write_string(row, 0, self.tx("Konsekvens", "Consequence"))
            self._name(ws, row, con.name)
            self.f(ws, row, 2, f"INDEX(Kons_Omraade,{k + 1})", con.domain, "text")
            self.f(ws, row, 3, committee("Kons_Udvalg", k + 1), con.committee or NO_COMMITTEE, "text")
            for a, payer in enumerate(ROWS):
                self.f(ws, row, 4 + a, calc.ref(calc.gains_rows[k][payer], PV_COL), pv_k[k][a])
            row += 1
        cons_last = row - 1
        for key, lines, sign, values, rows in (
                ("costs", case.costs, -1.0, r.cost_lines, calc.cost_rows),
                ("replaced_costs", case.replaced_costs, 1.0, r.replaced_lines, calc.replaced_rows)):
            name = "Omk_Udvalg" if key == "costs" else "Erst_Udvalg"
            domain = "Omk_Omraade" if key == "costs" else "Erst_Omraade"
            for j, line in enumerate(lines):
                ws.write_string(row, 0, self.tx("Omkostning", "Cost") if key == "costs"
                                else self.tx("Erstattet omkostning", "Replaced cost"))
                self._name(ws, row, line.item)
                self.f(ws, row, 2, committee(domain, j + 1, NO_DOMAIN), line.domain or NO_DOMAIN, "text")
                self.f(ws, row, 3, committee(name, j + 1), line.committee or NO_COMMITTEE, "text")
                pv = float(values[j] @ r.discount)
                net_costs[line.domain or NO_DOMAIN] = net_costs.get(line.domain or NO_DOMAIN, 0.0) - sign * pv
                pv_ref, payer_ref = calc.ref(rows[j], PV_COL), calc.ref(rows[j], 1)
                op = "-" if sign < 0 else ""
                for a, payer in enumerate(ROWS[:3]):
                    self.f(ws, row, 4 + a, f'IF({payer_ref}="{payer}",{op}{pv_ref},0)',
                           sign * pv if line.payer == payer else 0.0)
                self.f(ws, row, 7, f"{op}{pv_ref}", sign * pv)
                row += 1
        return cons_last, row - 1, net_costs

    def _name(self, ws: Any, row: int, name: str) -> None:
        """A line's name in column B (30 wide), wrapped: the domain beside it would cut it off."""
        ws.write_string(row, 1, name, self.fmt("label", text_wrap=True))
        fit_row(ws, row, [(name, 30, 11)])

    def _group_tables(self, ws: Any, row: int, first: int, cons_last: int, last: int,
                      net_costs: dict[str, float]) -> int:
        """The tables per domain (gains per payer, net costs, net result) and per committee
        under the lines; returns the row after them."""
        r = self.r
        col_range = lambda col, a, b: f"${xl_col_to_name(col)}${a + 1}:${xl_col_to_name(col)}${b + 1}"  # noqa: E731
        # every domain of a consequence or a cost line: gains per payer, and beside them the net
        # costs of the cost lines naming the domain (SØM documents costs like effects)
        domains = {**r.by_domain, **{d: [0.0] * 4 for d in net_costs if d not in r.by_domain}}
        self.domain_rows = self._group_table(
            ws, row, self.tx("Nutidsværdi af gevinster og omkostninger pr. område",
                             "Present value of gains and costs per domain"),
            self.tx("Område", "Domain"), domains, 2, first, cons_last, col_range)
        top = self.domain_rows
        ws.write_string(top - 1, 5, self.tx("Nettoomkostninger, i alt", "Net costs, total"), self.fmt("head"))
        ws.write_string(top - 1, 6, self.tx("Nettoresultat, i alt", "Net result, total"), self.fmt("head"))
        ws.set_row(top - 1, 30)  # both wrap onto two lines
        for i, key in enumerate(domains):
            cost = net_costs.get(key, 0.0)
            formula = (f"-SUMPRODUCT(--EXACT({col_range(2, cons_last + 1, last)},$A${top + i + 1}),"
                       f"{col_range(7, cons_last + 1, last)})") if last > cons_last else "0"
            self.f(ws, top + i, 5, formula, cost)
            self.f(ws, top + i, 6, f"E{top + i + 1}-F{top + i + 1}", float(domains[key][3]) - cost)
        row += len(domains) + 3
        if r.by_committee:
            self._group_table(ws, row, self.tx("Nutidsværdi af nettoresultat pr. udvalg",
                                               "Present value of net result per committee"),
                              self.tx("Udvalg", "Committee"), r.by_committee, 3, first, last, col_range)
            row += len(r.by_committee) + 3
        else:
            ws.write_string(row, 0, say("B016", self.lang), self.fmt("note"))
            row += 2
        return row

    def _domain_chart(self, ws: Any, row: int) -> int:
        """The stacked bars of the gains per domain and payer at ``row``; returns the row after."""
        top, n = self.domain_rows, len(self.r.by_domain)
        bars = chart(self.wb, "bar", self.tx("Gevinster pr. område og betaler", "Gains per domain and payer"),
                     subtype="stacked", height=120 + 40 * n, x_axis=MONEY_AXIS, y_axis={"reverse": True})
        sheet = self.names["breakdown"]
        for a, payer in enumerate(ROWS[:3]):
            bars.add_series({"name": [sheet, top - 1, 1 + a], "categories": [sheet, top, 0, top + n - 1, 0],
                             "values": [sheet, top, 1 + a, top + n - 1, 1 + a], **payer_fill(payer)})
        ws.insert_chart(row, 0, bars)
        return row + chart_rows(120 + 40 * n)

    def _group_table(self, ws: Any, row: int, title: str, key_label: str, groups: dict, key_col: int,
                     first: int, last: int, col_range: Any) -> int:
        """A table of groups (domains or committees) × payers: SUMPRODUCT of EXACT matches (not
        SUMIF, whose criteria would read * ? < = in a user's text as operators)."""
        ws.write_string(row, 0, title, self.fmt("label", bold=True))
        ws.write_string(row + 1, 0, key_label, self.fmt("head"))
        for a, payer in enumerate(ROWS):
            ws.write_string(row + 1, 1 + a, self.tx(*PAYER_LABELS[payer]).capitalize(), self.fmt("head"))
        top = row + 2
        for i, (key, values) in enumerate(groups.items()):
            ws.write_string(top + i, 0, key, self.fmt("label", text_wrap=True))  # 24 wide: a domain can be longer
            fit_row(ws, top + i, [(key, 24, 11)])
            for a in range(4):
                formula = (f"SUMPRODUCT(--EXACT({col_range(key_col, first, last)},"
                           f"$A${top + i + 1}),{col_range(4 + a, first, last)})") if last >= first else "0"
                self.f(ws, top + i, 1 + a, formula, values[a])
        return top

    # --- Følsomhed ---------------------------------------------------------------------
    def _sensitivity(self) -> None:
        """The one-way sensitivity as formulas over Beregning, using that PV net is linear
        (docs/method.md): r' × A − PV(K) + PV(R), PV(G) − f × PV(K) + PV(R), PV(NR) − PV(G_k)."""
        ws, r = self.ws["sensitivity"], self.r
        self._title(ws, "Følsomhed og usikkerhed", "Sensitivity and uncertainty",
                    ("Følsomhedstabellerne er formler over arket Beregning: ret et input, og de følger med. "
                     "Konsekvensernes rækkefølge er den, arket blev lavet med. Monte Carlo-tallene er faste tal "
                     "beregnet af somxl: kør somxl calc igen efter en ændring.",
                     "The sensitivity tables are formulas over the Calculation sheet: change an input and they "
                     "follow. The order of the consequences is the one the workbook was made with. The Monte "
                     "Carlo numbers are fixed values computed by somxl: run somxl calc again after a change."),
                    SENSITIVITY_WIDTHS)
        head = self.fmt("head")
        payers = [self.tx(*PAYER_LABELS[p]).capitalize() for p in ROWS]

        def header(row: int, first: list[str]) -> None:
            for j, text in enumerate([*first, *payers]):
                ws.write_string(row, j, text, head)

        row = self._factor_tables(ws, 3, header)
        row, top = self._tornado_table(ws, row, header)
        if r.monte_carlo:
            row = self._monte_carlo(ws, row, header)
        tornado = r.sensitivity.get("consequences", [])
        if tornado:
            bars = chart(self.wb, "bar", self.tx("Konsekvensernes bidrag (tornado)",
                                                 "Contributions of the consequences (tornado)"),
                         legend=None, height=120 + 36 * len(tornado), x_axis=MONEY_AXIS, y_axis={"reverse": True})
            sheet = self.names["sensitivity"]
            bars.add_series({"name": self.tx("Bidrag, i alt", "Contribution, total"),
                             "categories": [sheet, top, 0, top + len(tornado) - 1, 0],
                             "values": [sheet, top, 5, top + len(tornado) - 1, 5],
                             **payer_fill("kommune"), "invert_if_negative": False})
            ws.insert_chart(row + 1, 0, bars)
            row += 1 + chart_rows(120 + 36 * len(tornado))
        self.columns("sensitivity", SENSITIVITY_WIDTHS)
        self.prints["sensitivity"]["last_row"] = row

    def _factor_tables(self, ws: Any, row: int, header: Any) -> int:
        """The PV net result with another success rate, and with other costs, per payer, from
        ``row``; returns the row after them."""
        sens, c = self.r.sensitivity, self.calc.cells
        ws.write_string(row, 0, self.tx("Nutidsværdi af nettoresultat ved ændret succesrate (højst 100 %)",
                                        "Present value of net result with another success rate (at most 100 %)"),
                        self.fmt("label", bold=True))
        header(row + 1, [self.tx("Faktor", "Factor"), self.tx("Succesrate", "Success rate")])
        row += 2
        for e in sens.get("success_rate", []):
            ws.write_number(row, 0, e["factor"], self.fmt("rate"))
            self.f(ws, row, 1, f"MIN(1,A{row + 1}*{c['success_rate']})", e["success_rate"], "rate")
            for a, p in enumerate(ROWS):
                self.f(ws, row, 2 + a, f"B{row + 1}*{c[f'pv_unit_gains.{p}']}-{c[f'pv_costs.{p}']}"
                       f"+{c[f'pv_replaced_costs.{p}']}", e["pv_net"][p])
            row += 1
        row += 1
        ws.write_string(row, 0, self.tx("Nutidsværdi af nettoresultat ved ændrede omkostninger (indsatsens, ±25 %)",
                                        "Present value of net result with other costs (the intervention's, ±25 %)"),
                        self.fmt("label", bold=True))
        header(row + 1, [self.tx("Faktor", "Factor"), ""])
        row += 2
        for e in sens.get("costs", []):
            ws.write_number(row, 0, e["factor"], self.fmt("rate"))
            for a, p in enumerate(ROWS):
                self.f(ws, row, 2 + a, f"{c[f'pv_gains.{p}']}-A{row + 1}*{c[f'pv_costs.{p}']}"
                       f"+{c[f'pv_replaced_costs.{p}']}", e["pv_net"][p])
            row += 1
        return row + 1

    def _tornado_table(self, ws: Any, row: int, header: Any) -> tuple[int, int]:
        """Each consequence's contribution per payer and the net result without it, from
        ``row``; returns the row after the table and its first data row (for the chart)."""
        c, calc = self.calc.cells, self.calc
        head = self.fmt("head")
        ws.write_string(row, 0, self.tx("Hver konsekvens' bidrag til nettoresultatet (tornado; største først, "
                                        "da arket blev lavet)",
                                        "Each consequence's contribution to the net result (tornado; largest "
                                        "first when the workbook was made)"), self.fmt("label", bold=True))
        header(row + 1, [self.tx("Konsekvens", "Consequence"), self.tx("Område", "Domain")])
        ws.write_string(row + 1, 6, self.tx("Nettoresultat uden den, i alt", "Net result without it, total"), head)
        ws.set_row(row + 1, 30)  # the last heading wraps onto two lines
        row += 2
        top = row
        tornado = self.r.sensitivity.get("consequences", [])
        for k, e in zip(self.tornado_order(), tornado):
            ws.write_string(row, 0, e["name"], self.fmt("label", text_wrap=True))
            ws.write_string(row, 1, e["domain"], self.fmt("label", text_wrap=True))
            fit_row(ws, row, [(e["name"], SENSITIVITY_WIDTHS[0], 11), (e["domain"], SENSITIVITY_WIDTHS[1], 11)])
            for a, p in enumerate(ROWS):
                self.f(ws, row, 2 + a, calc.ref(calc.gains_rows[k][p], PV_COL), e["contribution"][p])
            self.f(ws, row, 6, f"{c['pv_net.total']}-F{row + 1}", e["pv_net_without"]["total"])
            row += 1
        return row + 1, top

    def tornado_order(self) -> list[int]:
        """The consequences' indices in the engine's tornado order (largest absolute total
        contribution first, ties in case order), so each row's formulas read its own block."""
        r = self.r
        pv_k = r.gains_by_consequence @ r.discount if len(r.gains_by_consequence) else []
        return sorted(range(len(pv_k)), key=lambda k: -abs(float(pv_k[k][3])))

    def _monte_carlo(self, ws: Any, row: int, header: Any) -> int:
        mc = self.r.monte_carlo
        ws.write_string(row, 0, self.tx(
            f"Usikkerhed (Monte Carlo): {mc['draws']} trækninger, startværdi {mc['seed']} "
            "(faste tal beregnet af somxl; følger ikke et ændret input)",
            f"Uncertainty (Monte Carlo): {mc['draws']} draws, seed {mc['seed']} "
            "(fixed values computed by somxl; they do not follow a changed input)"), self.fmt("label", bold=True))
        header(row + 1, [self.tx("Nøgletal", "Figure"), ""])
        row += 2
        lines = [("p_positive", "Sandsynlighed for nettoresultat > 0", "Probability of net result > 0", "rate"),
                 ("mean", "Gennemsnit", "Mean", "kr"), ("p10", "10 %-fraktil", "10th percentile", "kr"),
                 ("p50", "Median", "Median", "kr"), ("p90", "90 %-fraktil", "90th percentile", "kr")]
        for key, da, en, kind in lines:
            ws.write_string(row, 0, self.tx(da, en))
            for a, p in enumerate(ROWS):
                ws.write_number(row, 2 + a, mc[key][p], self.fmt(kind))
            row += 1
        return row + 1

    # --- Validering --------------------------------------------------------------------
    def _validation(self) -> None:
        ws = self.ws["validation"]
        self._title(ws, "Validering", "Validation",
                    ("Advarsler fra valideringen af input. Fejl stopper beregningen, så her er kun advarsler.",
                     "Warnings from validating the input. Errors stop the calculation, so only warnings are here."))
        if not self.warnings:
            ws.write_string(3, 0, say("B011", self.lang))
        else:
            for j, (da, en) in enumerate(ISSUE_HEADINGS[1:]):  # all warnings: no severity column
                ws.write_string(3, j, self.tx(da, en), self.fmt("head"))
            wrap = self.fmt("label", text_wrap=True, valign="top")
            for i, g in enumerate(group_issues(self.warnings)):
                for j, text in enumerate((g.first.code, g.sheet, g.cells, g.field, g.message(self.lang))):
                    ws.write_string(4 + i, j, text, wrap)
                fit_row(ws, 4 + i, [(g.field, 30, 11), (g.message(self.lang), 100, 11), (g.cells, 8, 11)])
            ws.freeze_panes(4, 0)
        self.columns("validation", [8, 18, 8, 30, 100])
        self.prints["validation"].update(last_row=max(3, 3 + len(group_issues(self.warnings))),
                                         repeat_rows=(3, 3) if self.warnings else None)


__all__ = ["SHEET_NAMES", "write_result_workbook"]
