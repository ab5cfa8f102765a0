"""The sheet Scenarieresultat of the result workbook: the case and each of its scenarios side by
side, as live formulas over the Beregning sheet and the input sheet Scenarier.

A scenario (``somxl.model.scenarios``, rules 1-6) changes only factors, the period and the discount of
quantities Beregning already has, so its figures are written as formulas over those rows
instead of a second Beregning per scenario:

- gains, payer p, year t = gain factor × success rate × Σ_k kept_k · (kr. per unit)_k,p · ΔQ¹_k[t]
  (ΔQ¹ is Beregning's change per completer at r = 100 %, kept_k is 0 for a consequence the
  scenario leaves out, found by FIND of ";name;" in the cell of names left out);
- costs = cost factor × Beregning's costs; replaced costs as Beregning's;
- the scenario's discount factor d_s[t] = 1 / (1 + rate)^(t − 1) for t ≤ its horizon, else 0,
  so present values and the cumulative result stop at the horizon;
- break-even year and return per krone by the rules of Beregning (rules 9-10).

An empty scenario cell means "as in the case": the formulas fall back to the case's cells.
Every formula is written with its value computed here from the engine's arrays as the cached
result; tests recalculate the workbook in LibreOffice and compare every cell, and compare the
scenario columns with ``scenarios.calculate_scenarios``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from xlsxwriter.utility import xl_col_to_name

from somxl.model.engine import ROWS
from somxl.workbooks_out.formulas import NONE, YEAR_COL
from somxl.base.vocab import PAYER_LABELS, PAYERS
from somxl.workbooks_out.xlsxout import HEADING

__all__ = ["SHEET_NAME", "ScenarioSheet"]

SHEET_NAME = ("Scenarieresultat", "Scenario results")
FIGURES = (("pv_gains", "Gevinster", "Gains", "kr"), ("pv_net_costs", "Nettoomkostninger", "Net costs", "kr"),
           ("pv_net", "Nettoresultat", "Net result", "kr"),
           ("break_even_year", "Tilbagebetalingsår", "Break-even year", "year"),
           ("return_per_krone", "Afkast pr. krone", "Return per krone", "ratio"))


@dataclass(frozen=True)
class _Parameters:
    """A scenario's parameters as written: their cells (absolute, by key r, cf, gf, h, rho) and
    the values the cells hold."""

    cells: dict[str, str]
    rate: float
    cost_factor: float
    gain_factor: float
    horizon: int
    discount_rate: float


class ScenarioSheet:
    """Writes the sheet. ``book`` is results._ResultBook (workbook, formats, formula writer,
    language, case, result, calculation refs)."""

    def __init__(self, book: Any, ws: Any) -> None:
        self.b, self.ws = book, ws
        self.tx, self.fmt, self.case, self.r = book.tx, book.fmt, book.case, book.r
        self.calc = book.calc
        self.T = int(self.r.years.size)
        self.K = len(self.case.consequences)
        self.row = 0

    def f(self, row: int, col: int, formula: str, value: Any, kind: str = "kr", **extra: Any) -> None:
        self.b.f(self.ws, row, col, formula, value, kind, **extra)

    def ycol(self, t: int) -> str:
        return xl_col_to_name(YEAR_COL + t)

    def yrange(self, row: int) -> str:
        return f"${self.ycol(0)}${row + 1}:${self.ycol(self.T - 1)}${row + 1}"

    # --- the sheet ---------------------------------------------------------------------
    def write(self) -> int:
        """Write the sheet; returns its last row (for the page setup)."""
        tx, ws = self.tx, self.ws
        ws.write_string(0, 0, tx("Scenarier side om side", "Scenarios side by side"), self.fmt("title"))
        ws.write_string(1, 0, tx(
            "Nutidsværdier i kr. Sagen og hvert scenarie fra arket Scenarier; et tomt felt dér betyder som i sagen. "
            "Alle tal er formler over arket Beregning (beregningen af scenarierne står under tabellen).",
            "Present values in DKK. The case and each scenario of the Scenarios sheet; a blank cell there means as in "
            "the case. Every number is a formula over the Calculation sheet (the scenarios' calculation is below "
            "the table)."), self.fmt("note"))
        n = len(self.case.scenarios)
        head = 3
        ws.write_string(head, 0, tx("Nøgletal", "Key figure"), self.fmt("head"))
        ws.write_string(head, 1, tx("Sagen", "The case"), self.fmt("head"))
        self.table_row = head + 1
        self.row = self.table_row + 1 + len(FIGURES) * len(ROWS) + 2
        self.t_row = self.row
        self._years()
        self._unit_block()
        columns = [self._case_column()]
        for i, scenario in enumerate(self.case.scenarios, start=1):
            self.f(head, 1 + i, f'INDEX(Scen_Navn,{i})&""', scenario.name, "text", **self._head_extra())
            columns.append(self._scenario_block(i, scenario))
        self._table(columns)
        ws.set_column(0, 0, 46)
        ws.set_column(1, 1 + n, 16)
        ws.set_column(YEAR_COL, YEAR_COL + self.T - 1, 12)
        ws.freeze_panes(head + 1, 1)
        return self.row

    def _head_extra(self) -> dict[str, Any]:
        return HEADING

    def _table(self, columns: list[dict[str, tuple[str, Any]]]) -> None:
        """The side-by-side table: a row per figure and payer, a column for the case and each scenario."""
        row = self.table_row
        self.ws.write_string(row, 0, self.tx("Succesrate", "Success rate"), self.fmt("label"))
        for j, col in enumerate(columns):
            self.f(row, 1 + j, *col["success_rate"], "rate")
        row += 1
        for key, da, en, kind in FIGURES:
            for payer in ROWS:
                bold = payer == "total"
                self.ws.write_string(row, 0, f"{self.tx(da, en)}, {self.tx(*PAYER_LABELS[payer])}",
                                     self.fmt("label", bold=bold))
                for j, col in enumerate(columns):
                    self.f(row, 1 + j, *col[f"{key}.{payer}"], kind, bold=bold)
                row += 1

    def _case_column(self) -> dict[str, tuple[str, Any]]:
        c, s = self.calc.cells, self.r.summary()
        out = {"success_rate": (c["success_rate"], self.r.success_rate)}
        for key, *_ in FIGURES:
            for payer in ROWS:
                out[f"{key}.{payer}"] = (c[f"{key}.{payer}"], s[key][payer])
        return out

    def _label(self, row: int, da: str, en: str, bold: bool = False) -> None:
        self.ws.write_string(row, 0, self.tx(da, en), self.fmt("label", bold=bold))

    def _years(self) -> None:
        self.row += 1
        self._label(self.row, "Beregning af scenarierne", "Calculation of the scenarios", bold=True)
        self.row += 1
        self.t_row = self.row
        self._label(self.t_row, "Årnummer t", "Year number t")
        for t in range(self.T):
            self.ws.write_number(self.t_row, YEAR_COL + t, t + 1, self.fmt("int"))
        self.row += 1

    def _unit_block(self) -> None:
        """ΔQ¹ of every consequence, one row each in the order of the consequence table, so a
        scenario's gains are one SUMPRODUCT per payer and year."""
        r = self.r
        self.unit_q = r.unit_quantities
        self.u_first = self.row
        for k, con in enumerate(self.case.consequences):
            self.ws.write_string(self.row, 0, f"ΔQ¹ {k + 1}. {con.name}", self.fmt("label"))
            for t in range(self.T):
                self.f(self.row, YEAR_COL + t, self.calc.ref(self.calc.unit_rows[k], YEAR_COL + t),
                       self.unit_q[k, t], "qty")
            self.row += 1
        self.u_last = self.row - 1

    def _scenario_block(self, i: int, scenario: Any) -> dict[str, tuple[str, Any]]:
        """The calculation of scenario ``i``: its parameters, discount factors, the consequences
        it keeps and its rows per year; returns its column of the side-by-side table."""
        r, T = self.r, self.T
        self.row += 1
        self.ws.write_string(self.row, 0, f"{i}. {scenario.name}", self.fmt("label", bold=True))
        self.row += 1
        p = self._parameters(i, scenario)
        d_row, d = self._discount_row(p)
        kept, unit, w_first, w_last = self._kept_rows(i, scenario)
        gains = np.zeros((4, T))
        for a in range(3):
            weighted = (kept[:, None] * unit[:, a:a + 1]) * self.unit_q
            gains[a] = p.gain_factor * p.rate * weighted.sum(axis=0) if self.K else 0.0
        gains[3] = gains[:3].sum(axis=0)
        costs, replaced = p.cost_factor * r.costs, r.replaced_costs
        net = gains - (costs - replaced)
        cum = np.cumsum(net * d, axis=1)
        rows = self._year_rows(p.cells, d_row, d, (w_first, w_last), gains, costs, replaced, net, cum)
        return self._key_figures(i, p.cells, rows, d_row, gains, costs, replaced, net, cum, d, p.horizon, p.rate)

    def _parameters(self, i: int, scenario: Any) -> _Parameters:
        """A row per parameter of scenario ``i``: its cell on Scenarier, or the case's when empty."""
        c, s, r = self.calc.cells, self.case.settings, self.r
        rate = scenario.success_rate if scenario.success_rate is not None else r.success_rate
        cf = scenario.cost_factor if scenario.cost_factor is not None else 1.0
        gf = scenario.gain_factor if scenario.gain_factor is not None else 1.0
        horizon = min(scenario.horizon_years, s.horizon_years) if scenario.horizon_years is not None else s.horizon_years
        disc = scenario.discount_rate if scenario.discount_rate is not None else s.discount_rate
        cells = {}
        for key, da, en, formula, value, kind in (
            ("r", "Succesrate", "Success rate",
             f"IF(ISNUMBER(INDEX(Scen_Succesrate,{i})),INDEX(Scen_Succesrate,{i}),{c['success_rate']})", rate, "rate"),
            ("cf", "Omkostninger (faktor)", "Costs (multiplier)",
             f"IF(ISNUMBER(INDEX(Scen_OmkFaktor,{i})),INDEX(Scen_OmkFaktor,{i}),1)", cf, "factor"),
            ("gf", "Gevinster (faktor)", "Gains (multiplier)",
             f"IF(ISNUMBER(INDEX(Scen_GevFaktor,{i})),INDEX(Scen_GevFaktor,{i}),1)", gf, "factor"),
            ("h", "Tidshorisont (år)", "Horizon (years)",
             f"IF(ISNUMBER(INDEX(Scen_Horisont,{i})),MIN(INDEX(Scen_Horisont,{i}),Indst_Horisont),Indst_Horisont)",
             horizon, "int"),
            ("rho", "Diskonteringsrente", "Discount rate",
             f"IF(ISNUMBER(INDEX(Scen_Rente,{i})),INDEX(Scen_Rente,{i}),Indst_Diskonteringsrente)", disc, "rate"),
        ):
            self._label(self.row, da, en)
            self.f(self.row, 2, formula, value, kind)
            cells[key] = f"$C${self.row + 1}"
            self.row += 1
        return _Parameters(cells, rate, cf, gf, horizon, disc)

    def _discount_row(self, p: _Parameters) -> tuple[int, np.ndarray]:
        """The scenario's discount factor per year, 0 after its horizon; returns its row and values."""
        t_ref = lambda t: f"{self.ycol(t)}${self.t_row + 1}"  # noqa: E731
        d = np.array([(1.0 + p.discount_rate) ** -t if t < p.horizon else 0.0 for t in range(self.T)])
        d_row = self.row
        self._label(d_row, "Diskonteringsfaktor d[t] (0 efter horisonten)", "Discount factor d[t] (0 after the horizon)")
        for t in range(self.T):
            self.f(d_row, YEAR_COL + t, f"IF({t_ref(t)}<={p.cells['h']},1/(1+{p.cells['rho']})^({t_ref(t)}-1),0)",
                   d[t], "factor")
        self.row += 1
        return d_row, d

    def _kept_rows(self, i: int, scenario: Any) -> tuple[np.ndarray, np.ndarray, int, int]:
        """A row per consequence: kept (B, 0 when the scenario leaves it out) and kr. per unit
        kept per payer (C-E). Returns kept, the kr. per unit, and the first and last row."""
        case, r = self.case, self.r
        left = set(scenario.leave_out)
        kept = np.array([0.0 if con.name in left else 1.0 for con in case.consequences])
        unit = np.zeros((self.K, 3))
        w_first = self.row
        for k, con in enumerate(case.consequences):
            self.ws.write_string(self.row, 0, f"{k + 1}. {con.name}", self.fmt("label"))
            names = f'SUBSTITUTE(SUBSTITUTE(TRIM(INDEX(Scen_Udelad,{i})&"")," ;",";"),"; ",";")'
            self.f(self.row, 1, f'IF(ISNUMBER(FIND(";"&INDEX(Kons_Navn,{k + 1})&";",";"&{names}&";")),0,1)',
                   int(kept[k]), "int")
            for a, payer in enumerate(PAYERS):
                gain_row = self.calc.gains_rows[k][payer]
                unit[k, a] = (1.0 - case.optimism_bias.gains) * r.signs[k] * r.price_factors[k] * r.prices[k, a]
                self.f(self.row, 2 + a, f"$B{self.row + 1}*{self.calc.ref(gain_row, 3)}", kept[k] * unit[k, a], "qty")
            self.row += 1
        return kept, unit, w_first, self.row - 1

    def _year_rows(self, params: dict[str, str], d_row: int, d: np.ndarray, kept_rows: tuple[int, int],
                   gains: np.ndarray, costs: np.ndarray, replaced: np.ndarray, net: np.ndarray,
                   cum: np.ndarray) -> dict[tuple[str, str], int]:
        """Gains, costs, replaced costs, net and cumulative net result per payer and year, with
        present values; returns the row of each (quantity, payer)."""
        tx, T = self.tx, self.T
        w_first, w_last = kept_rows
        rows: dict[tuple[str, str], int] = {}

        def year_rows(quantity: str, da: str, en: str, values: np.ndarray, formula: Any, pv: bool = True) -> None:
            for a, payer in enumerate(ROWS):
                row, bold = self.row, payer == "total"
                rows[(quantity, payer)] = row  # the cumulative row refers to itself (the year before)
                self.ws.write_string(row, 0, f"{tx(da, en)}, {tx(*PAYER_LABELS[payer])}", self.fmt("label", bold=bold))
                if payer != "total":
                    self.ws.write_string(row, 1, payer, self.fmt("key"))
                for t in range(T):
                    self.f(row, YEAR_COL + t, formula(payer, t, self.ycol(t)), values[a, t], bold=bold)
                if pv:
                    self.f(row, 5, f"SUMPRODUCT({self.yrange(d_row)},{self.yrange(row)})",
                           float(values[a] @ d), bold=bold)
                self.row += 1

        def total_or(fn: Any, quantity: str) -> Any:
            def formula(payer: str, t: int, col: str) -> str:
                if payer == "total":
                    first = rows[(quantity, "kommune")] + 1
                    return f"SUM({col}{first}:{col}{first + 2})"
                return fn(payer, t, col)
            return formula

        w_cols = {p: xl_col_to_name(2 + a) for a, p in enumerate(PAYERS)}
        u_range = lambda col: f"{col}${self.u_first + 1}:{col}${self.u_last + 1}"  # noqa: E731
        w_range = lambda p: f"${w_cols[p]}${w_first + 1}:${w_cols[p]}${w_last + 1}"  # noqa: E731
        gain_formula = (lambda p, t, col: f"{params['gf']}*{params['r']}*SUMPRODUCT({w_range(p)},{u_range(col)})"
                        if self.K else "0")
        year_rows("gains", "Gevinster", "Gains", gains, total_or(gain_formula, "gains"))
        year_rows("costs", "Omkostninger", "Costs", costs, lambda p, t, col: (
            f"{params['cf']}*{self.calc.ref(self.calc.rows[('costs', p)], YEAR_COL + t)}"))
        year_rows("replaced_costs", "Erstattede omkostninger", "Replaced costs", replaced, lambda p, t, col: (
            self.calc.ref(self.calc.rows[("replaced_costs", p)], YEAR_COL + t)))
        year_rows("net", "Nettoresultat", "Net result", net, lambda p, t, col: (
            f"{col}{rows[('gains', p)] + 1}-({col}{rows[('costs', p)] + 1}-{col}{rows[('replaced_costs', p)] + 1})"))
        year_rows("cumulative_net", "Kumuleret nettoresultat", "Cumulative net result", cum, lambda p, t, col: (
            ("" if t == 0 else f"{self.ycol(t - 1)}{rows[('cumulative_net', p)] + 1}+")
            + f"{col}${d_row + 1}*{col}{rows[('net', p)] + 1}"), pv=False)
        return rows

    def _key_figures(self, i: int, params: dict[str, str], rows: dict, d_row: int, gains: np.ndarray,
                     costs: np.ndarray, replaced: np.ndarray, net: np.ndarray, cum: np.ndarray, d: np.ndarray,
                     horizon: int, rate: float) -> dict[str, tuple[str, Any]]:
        """Rules 9-10 for one scenario: a row per payer with tolerance (C), has amounts (D), last
        year below zero (E) and the years below zero; the figures the side-by-side table shows."""
        tx, T = self.tx, self.T
        out: dict[str, tuple[str, Any]] = {"success_rate": (params["r"], rate)}
        t_ref = lambda t: f"{self.ycol(t)}${self.t_row + 1}"  # noqa: E731
        for a, payer in enumerate(ROWS):
            row, crow = self.row, rows[("cumulative_net", payer)]
            self.ws.write_string(row, 0, f"{tx('Under nul', 'Below zero')}, {tx(*PAYER_LABELS[payer])}",
                                 self.fmt("label"))
            # after the horizon the cumulative result stays put, so its extremes are the scenario's own
            tol = 1e-9 * max(1.0, float(np.abs(cum[a]).max()))
            self.f(row, 2, f"1E-9*MAX(1,MAX({self.yrange(crow)}),-MIN({self.yrange(crow)}))", tol, "qty")
            active = bool(((np.abs(gains[a]) + np.abs(costs[a]) + np.abs(replaced[a])) * (d > 0)).sum() > 0)
            self.f(row, 3, "SUMPRODUCT((ABS({g})+ABS({k})+ABS({rr}))*({d}>0))>0".format(
                g=self.yrange(rows[("gains", payer)]), k=self.yrange(rows[("costs", payer)]),
                rr=self.yrange(rows[("replaced_costs", payer)]), d=self.yrange(d_row)), active, "key")
            flags = [t + 1 if t < horizon and cum[a, t] < -tol else 0 for t in range(T)]
            for t in range(T):
                col = self.ycol(t)
                self.f(row, YEAR_COL + t, f"IF(AND({t_ref(t)}<={params['h']},{col}{crow + 1}<-$C${row + 1}),"
                                          f"{t_ref(t)},0)", flags[t], "int")
            last = max(flags)
            self.f(row, 4, f"MAX({self.yrange(row)})", last, "int")
            be = None if not active or last >= horizon else self.case.settings.start_year + last
            out[f"break_even_year.{payer}"] = (
                f'IF(NOT($D${row + 1}),"{NONE}",IF($E${row + 1}>={params["h"]},"{NONE}",Indst_Startaar+$E${row + 1}))',
                be)
            g_pv, k_pv = f"$F${rows[('gains', payer)] + 1}", f"$F${rows[('costs', payer)] + 1}"
            r_pv, n_pv = f"$F${rows[('replaced_costs', payer)] + 1}", f"$F${rows[('net', payer)] + 1}"
            pv_g, pv_nk = float(gains[a] @ d), float(costs[a] @ d - replaced[a] @ d)
            out[f"pv_gains.{payer}"] = (g_pv, pv_g)
            out[f"pv_net_costs.{payer}"] = (f"{k_pv}-{r_pv}", pv_nk)
            out[f"pv_net.{payer}"] = (n_pv, float(net[a] @ d))
            out[f"return_per_krone.{payer}"] = (f'IF(({k_pv}-{r_pv})>0,{g_pv}/({k_pv}-{r_pv}),"{NONE}")',
                                                pv_g / pv_nk if pv_nk > 0 else None)
            self.row += 1
        return out
