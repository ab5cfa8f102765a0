"""Cases side by side: competing interventions, or versions and scenarios of one.

``compare_files(paths)`` reads two or more cases (workbooks or case JSON) with the chain of
``diff.load_version``, calculates every valid one with the engine and returns a
``Comparison``: per case its key figures (``Result.summary()``: PV of gains, net costs and
net result per payer, break-even year, return per krone, break-even success rate) with the
success rate used and the cumulative net result per calendar year; and the inputs that differ
between the cases, listed. A case with scenarios (``somxl.model.scenarios``) brings a column for each
scenario too ("sag.xlsx: forsigtig"), so one case's scenarios compare side by side.

The inputs are lined up by path, with the lines of a table named by their key instead of their
row (``consequences «Akutte indlæggelser».prices.kommune``, see ``diff.LINE_KEYS``), so two
cases whose lines sit in different rows still compare line by line; lines that share a key are
told apart by what differs among them, in every case alike (``costs «Løn» 2027``, see
``diff.line_names``), ``#2``, ``#3`` where nothing does. Only the inputs whose values are not all equal are listed, each
named from the template spec in the language asked for (``Spec.input_name``), for a case file
as for a workbook; a line that not every case has is one row (the line, or none), not a row
per field of it.

``write_comparison`` writes the comparison workbook through ``xlsxout``: Sammenligning (the
figures, a column per case), Pr. år (the cumulative net result in total per year, and one line
chart of it for all cases) and Forskelle i input. Its numbers are the engine's values, not
formulas: the cases' inputs live in other files (each case's result workbook, from
``somxl calc``, has the live formulas).

A case with errors is listed with its inputs and without figures (X001); a file that cannot be
read at all raises ``FileError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from somxl.loop.diff import LINE_KEYS, LINE_PATH, Version, line_names, load_version, show_value
from somxl.base.report import Issue, say
from somxl.base.vocab import NEEDED_RATE, PAYER_LABELS, PAYER_ROWS, texts

__all__ = ["Compared", "InputRow", "Comparison", "compare_files", "compare_versions", "flatten_inputs",
           "line_text", "write_comparison", "to_json"]

@dataclass
class Compared:
    """One case of the comparison: its label (the file name), the version read, and the
    engine's summary and cumulative net result in total per year (None when it has errors)."""

    label: str
    version: Version
    summary: dict[str, Any] | None = None
    success_rate: float | None = None
    years: list[int] = field(default_factory=list)
    cumulative_net: list[float] = field(default_factory=list)  # total, discounted, per year


@dataclass(frozen=True)
class InputRow:
    """One input whose values differ: its key (the case path with table lines named by their key),
    the case path it has in the first case that holds it (``path``, which names it from the
    template) and the value in each case (None: absent or empty). ``line``: a table line that is
    not in every case, one row for the whole line (its values the lines, None where it is missing)."""

    key: str
    path: str
    values: tuple[Any, ...]
    line: bool = False

    def label(self, lang: str = "da") -> str:
        """The input as the template names it in ``lang``: a field's label, a table column's (the
        line is named in the key), a line's table with "the line is not in every case"."""
        from somxl.model.spec import load_spec

        name = load_spec().input_name(self.path)
        if name is None:
            return ""
        if self.line:
            return f"{name.label(lang)}: {texts(LABELS, lang)['line_only']}"
        return name.label(lang)


@dataclass
class Comparison:
    cases: list[Compared]
    inputs: list[InputRow]
    notes: list[Issue] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        """Every calendar year of any case, in order (cases may start in different years)."""
        return sorted({y for c in self.cases for y in c.years})


def compare_files(paths: list[Path | str], catalog: Any = None) -> Comparison:
    """Read, calculate and line up the cases of ``paths`` (two or more)."""
    return compare_versions([load_version(p, catalog) for p in paths])


def compare_versions(versions: list[Version]) -> Comparison:
    from somxl.model.engine import calculate

    from somxl.model.case import case_to_dict
    from somxl.model.scenarios import calculate_scenarios

    cases = []
    notes = []
    for v in versions:
        item = Compared(_label(v, versions), v)
        cases.append(item)
        if v.case is None:
            notes.append(Issue("X001", value=Path(v.path).name, params={"count": len(v.report.errors)}))
            continue
        _fill(item, calculate(v.case))
        for sr in calculate_scenarios(v.case):  # a case's scenarios are columns of their own
            data = case_to_dict(sr.case)
            data["scenarios"] = v.data.get("scenarios")  # the list is the case's, not a difference
            version = Version(v.path, data, sr.case, v.report, v.sources)
            cases.append(_fill(Compared(f"{item.label}: {sr.scenario.name}", version), sr.result))
    alike = [c.version.data for c in cases]  # a line is named alike in every case (2027's line by its year)
    return Comparison(cases, _differing([flatten_inputs(c.version.data, alike) for c in cases]), notes)


def _fill(item: Compared, r: Any) -> Compared:
    item.summary, item.success_rate = r.summary(), float(r.success_rate)
    item.years = [int(y) for y in r.years]
    item.cumulative_net = [float(x) for x in r.cumulative_net[3]]
    return item


def _label(v: Version, versions: list[Version]) -> str:
    """The file name; the path when two files share a name."""
    name = Path(v.path).name
    return v.path if sum(Path(o.path).name == name for o in versions) > 1 else name


def flatten_inputs(data: dict[str, Any], alike: list[dict[str, Any]] = ()) -> dict[str, tuple[Any, str]]:
    """Every input of a case dict as key -> (value, case path); a table's lines named by
    ``diff.line_names`` (their key, where lines share it the year or what else tells them apart),
    named alike with the lines of the cases ``alike``, each line itself too (its value the whole
    line), just before its fields."""
    out: dict[str, tuple[Any, str]] = {}

    def walk(value: Any, key: str, path: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if key or k != "schema":
                    walk(v, f"{key}.{k}" if key else k, f"{path}.{k}" if path else k)
        elif isinstance(value, list) and path in LINE_KEYS:
            names = line_names(path, [value, *(d.get(path) for d in alike if isinstance(d, dict))])[0]
            for n, (line, name) in enumerate(zip(value, names)):
                out[f"{key} {name}"] = (line, f"{path}[{n}]")
                walk(line, f"{key} {name}", f"{path}[{n}]")
        elif isinstance(value, list):
            for n, v in enumerate(value):
                walk(v, f"{key}[{n}]", f"{path}[{n}]")
        else:
            out[key] = (value, path)

    walk(data, "", "")
    return out


def _merged_keys(flat: list[dict[str, tuple[Any, str]]]) -> dict[str, str]:
    """Every key of every case -> its path in the first case that has it, part by part of the case
    contract (settings, ..., costs, replaced costs, consequences, ...), in the cases' order within
    a part: the cost lines of two interventions stand together, not the second's below every
    answer of the first."""
    from somxl.model.case import Case, contract

    rank = {part: n for n, part in enumerate(contract(Case))}
    keys: dict[str, str] = {}
    for f in flat:
        for key, (_, path) in f.items():
            keys.setdefault(key, path)
    return dict(sorted(keys.items(), key=lambda kv: rank.get(_PART_OF.match(kv[1])[0], len(rank))))


_PART_OF = re.compile(r"[^.\[]*")


def _differing(flat: list[dict[str, tuple[Any, str]]]) -> list[InputRow]:
    """The inputs whose values are not all the same. A line that some cases lack is one row, not
    a row per field with the other cases empty: a case has the line or it has not."""
    from somxl.loop.diff import same_value

    keys = _merged_keys(flat)
    rows = []
    partial: list[str] = []  # the keys of lines not in every case: their fields are not listed
    for key, path in keys.items():
        m = LINE_PATH.fullmatch(path)
        if m and m[1] in LINE_KEYS:
            if not all(key in f for f in flat):
                partial.append(key)
                rows.append(InputRow(key, path, tuple(f[key][0] if key in f else None for f in flat), line=True))
            continue
        if partial and any(key.startswith(f"{p}.") for p in partial):
            continue
        values = tuple(f.get(key, (None, None))[0] for f in flat)
        if all(same_value(values[0], v) for v in values[1:]):
            continue
        rows.append(InputRow(key, path, values))
    return rows


# --- output -----------------------------------------------------------------------------------

LABELS = {
    "sheet": ("Sammenligning", "Comparison"), "by_year": ("Pr. år", "Per year"),
    "inputs": ("Forskelle i input", "Inputs that differ"),
    "title": ("Sammenligning af sager", "Cases compared"),
    "note": ("Nutidsværdier i kr. i hver sags prisår, beregnet af somxl (tal, ikke formler: sagernes input "
             "står i deres egne filer; somxl calc giver hver sag et resultatark med levende formler).",
             "Present values in DKK at each case's price level, calculated by somxl (numbers, not formulas: "
             "the cases' inputs are in their own files; somxl calc gives each case a result workbook with "
             "live formulas)."),
    "file": ("Fil", "File"), "intervention": ("Indsats", "Intervention"),
    "target_group": ("Målgruppe", "Target group"), "period": ("Periode", "Period"),
    "price_year": ("Prisår", "Price year"), "discount_rate": ("Diskonteringsrente", "Discount rate"),
    "success_rate": ("Succesrate", "Success rate"), "pv_gains": ("Gevinster", "Gains"),
    "pv_net_costs": ("Nettoomkostninger", "Net costs"), "pv_net": ("Nettoresultat", "Net result"),
    "break_even_year": ("Tilbagebetalingsår", "Break-even year"),
    "return_per_krone": ("Afkast pr. krone", "Return per krone"),
    "break_even_success_rate": NEEDED_RATE,
    **PAYER_LABELS, "not_calculated": ("ikke beregnet (fejl)", "not calculated (errors)"),
    "year": ("År", "Year"), "cumulative": ("Kumuleret nettoresultat i alt", "Cumulative net result, total"),
    "chart": ("Kumuleret nettoresultat i alt pr. sag", "Cumulative net result in total per case"),
    # the case contract's key of the input (as in --json and diff), beside its label as printed
    "input": ("Sti i sagen", "Case path"), "field": ("Felt", "Field"),
    "line_only": ("linjen findes ikke i alle sager", "the line is not in every case"),
    "no_line": ("(ingen linje)", "(no line)"),
}
_FIGURES = [(f, PAYER_ROWS) for f in ("pv_gains", "pv_net_costs", "pv_net", "break_even_year", "return_per_krone")]
_KIND = {"pv_gains": "kr", "pv_net_costs": "kr", "pv_net": "kr", "break_even_year": "year",
         "return_per_krone": "ratio"}
_MAX_TEXT = 32767  # an Excel cell
MAX_SERIES = 255  # an Excel chart's series: the chart draws the first cases, the table has them all


def figure_rows(c: Comparison, lang: str = "da") -> list[tuple[str, str, list[Any]]]:
    """The Sammenligning table: (label, kind, a value per case); kinds: text, rate, year, kr, ratio."""
    t = texts(LABELS, lang)
    out: list[tuple[str, str, list[Any]]] = []

    def case_value(item: Compared, get) -> Any:
        return get(item) if item.version.case is not None else None

    def setting(item: Compared, name: str) -> Any:
        return getattr(item.version.case.settings, name)

    out.append((t["intervention"], "text", [case_value(i, lambda i: i.version.case.intervention.name) for i in c.cases]))
    out.append((t["target_group"], "text", [case_value(i, lambda i: i.version.case.target_group.name) for i in c.cases]))
    out.append((t["period"], "text", [case_value(i, lambda i: f"{i.years[0]}-{i.years[-1]}") for i in c.cases]))
    out.append((t["price_year"], "year", [case_value(i, lambda i: setting(i, "price_year")) for i in c.cases]))
    out.append((t["discount_rate"], "rate", [case_value(i, lambda i: setting(i, "discount_rate")) for i in c.cases]))
    out.append((t["success_rate"], "rate", [i.success_rate for i in c.cases]))
    for figure, payers in _FIGURES:
        for p in payers:
            out.append((f"{t[figure]}, {t[p]}", _KIND[figure],
                        [i.summary[figure][p] if i.summary else None for i in c.cases]))
    out.append((t["break_even_success_rate"], "rate",
                [i.summary["break_even_success_rate"] if i.summary else None for i in c.cases]))
    return out


def to_json(c: Comparison, lang: str = "da") -> dict[str, Any]:
    return {
        "cases": [{"file": i.version.path, "label": i.label, "valid": i.version.case is not None,
                   "success_rate": i.success_rate, "summary": i.summary, "years": i.years,
                   "cumulative_net_total": i.cumulative_net} for i in c.cases],
        "inputs_that_differ": [{"input": r.key, "field": r.label(lang), "line": r.line, "values": list(r.values)}
                               for r in c.inputs],
        "notes": [n.to_dict(lang) for n in c.notes],
    }


def write_comparison(path: Path | str, c: Comparison, lang: str = "da", *, force: bool = False,
                     inputs: tuple[Path, ...] = ()) -> None:
    """The comparison workbook (three sheets, see the module docstring), written atomically."""
    from somxl.base.fileio import check_target
    from somxl.workbooks_out.xlsxout import DEFAULT_WIDTH, chart_rows, open_workbook, page_setup

    path = Path(path)
    check_target(path, force, inputs)
    t = texts(LABELS, lang)
    with open_workbook(path, strings_to_numbers=False) as wb:
        fmt = _formats(wb)
        n = len(c.cases)
        ws, last, height = _figures_sheet(wb, c, lang, t, fmt)
        ys = _years_sheet(wb, c, t, fmt)
        xs = _inputs_sheet(wb, c, lang, t, fmt)
        # the chart on the by-year sheet sits right of the table: 760 pixels ≈ 12 default columns
        # by the height too: at 100 % three cases' 34 figures ran two rows onto a second page
        page_setup(ws, lang, [34] + [22] * n, last, height=height, must_fit=False, repeat_rows=(3, 3),
                   repeat_cols=(0, 0))
        page_setup(ys, lang, [10] + [22] * n + [DEFAULT_WIDTH] * 13, max(2 + len(c.years), 2 + chart_rows(340)),
                   repeat_rows=(2, 2), repeat_cols=(0, 0))
        page_setup(xs, lang, [48, 30] + [30] * n, max(len(c.inputs), 1), repeat_rows=(0, 0), repeat_cols=(0, 1))
        ws.activate()


def _formats(wb: Any) -> dict[str, Any]:
    """The comparison workbook's formats: head, title, note, and one per kind of value."""
    from somxl.workbooks_out.xlsxout import BODY, HEADING_WRAP, NOTE, NUM_FORMATS, TITLE, Formats

    new = Formats(wb, **BODY)
    fmt = {"head": new(**HEADING_WRAP), "text": new(text_wrap=True, valign="top"),
           "rate": new(num_format=NUM_FORMATS["rate"]), "year": new(num_format=NUM_FORMATS["year"], align="right"),
           "kr": new(num_format=NUM_FORMATS["kr"]), "ratio": new(num_format=NUM_FORMATS["ratio"], align="right")}
    return fmt | {"title": new(**TITLE), "note": new(**NOTE), "wrapped_note": new(**NOTE, text_wrap=True, valign="top"),
                  "top": new(valign="top")}


def _put(ws: Any, row: int, col: int, value: Any, fmt: Any, none_fmt: Any) -> None:
    """A figure: a number, a text, or "-" for none."""
    if value is None:
        ws.write_string(row, col, "-", none_fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value)[:_MAX_TEXT], fmt)


def _figures_sheet(wb: Any, c: Comparison, lang: str, t: dict[str, str], fmt: dict[str, Any]) -> tuple[Any, int, float]:
    """Sammenligning: a row per key figure, a column per case; returns the sheet, its last row and
    the height of its rows (points), by which the print takes the orientation of fewest pages."""
    from somxl.workbooks_out.xlsxout import fit_row, long_note

    ws = wb.add_worksheet(t["sheet"])
    ws.write_string(0, 0, t["title"], fmt["title"])
    height = 2 * 15 + long_note(ws, 1, t["note"], fmt["wrapped_note"], [34] + [22] * len(c.cases))
    ws.write_string(3, 0, t["file"], fmt["head"])
    for j, item in enumerate(c.cases, start=1):
        ws.write_string(3, j, item.label, fmt["head"])
    # a file name wraps in its 22-wide heading (bold: counted as 13 points), the row tall enough
    height += fit_row(ws, 3, [(item.label, 22, 13) for item in c.cases])
    row = 4
    for label, kind, values in figure_rows(c, lang):
        ws.write_string(row, 0, label, fmt["top"])  # level with a wrapped text beside it
        for j, v in enumerate(values, start=1):
            _put(ws, row, j, v, fmt[kind], fmt["year"])
        # a text figure (intervention, target group) wraps in its 22-wide column: the row fits it
        height += fit_row(ws, row, [(str(v)[:_MAX_TEXT], 22, 11) for v in values if isinstance(v, str)])
        row += 1
    for j, item in enumerate(c.cases, start=1):
        if item.summary is None:
            ws.write_string(row, j, t["not_calculated"], fmt["note"])
    ws.set_column(0, 0, 34)
    ws.set_column(1, len(c.cases), 22)
    ws.freeze_panes(4, 1)
    return ws, row, height + 15


def _years_sheet(wb: Any, c: Comparison, t: dict[str, str], fmt: dict[str, Any]) -> Any:
    """Pr. år: the cumulative net result in total per year for every case, and its line chart."""
    from somxl.workbooks_out.xlsxout import MONEY_AXIS_GRID, chart

    n, years = len(c.cases), c.years
    ys = wb.add_worksheet(t["by_year"])
    ys.write_string(0, 0, t["cumulative"], fmt["title"])
    ys.write_string(2, 0, t["year"], fmt["head"])
    for j, item in enumerate(c.cases, start=1):
        ys.write_string(2, j, item.label, fmt["head"])
    for i, year in enumerate(years, start=3):
        ys.write_number(i, 0, year, fmt["year"])
        for j, item in enumerate(c.cases, start=1):
            if year in item.years:
                ys.write_number(i, j, item.cumulative_net[item.years.index(year)], fmt["kr"])
    ys.set_column(0, 0, 10)
    ys.set_column(1, n, 22)
    if years and any(item.summary for item in c.cases):
        ch = chart(wb, "line", t["chart"], x_axis={"label_position": "low"}, y_axis=MONEY_AXIS_GRID)
        last = 2 + len(years)
        for j in [j for j, item in enumerate(c.cases, start=1) if item.summary is not None][:MAX_SERIES]:
            ch.add_series({"name": [t["by_year"], 2, j], "categories": [t["by_year"], 3, 0, last, 0],
                           "values": [t["by_year"], 3, j, last, j], "marker": {"type": "none"}})
        ch.show_blanks_as("gap")
        ys.insert_chart(2, n + 2, ch)
    return ys


def input_format(path: str) -> str:
    """The number format of the input at a case path (``settings.discount_rate``,
    ``costs[2].amount``, ``consequences[0].changes[2]``): the template's for the field or table
    column, General for a path the template does not know."""
    from somxl.model.spec import load_spec
    from somxl.workbooks_out.inputsheets import NUMBER_FORMATS

    found = load_spec().input_field(path)
    if found is None:
        return "General"
    return getattr(found, "format", None) or NUMBER_FORMATS.get(found.type, "General")


def line_text(line: Any, path: str, lang: str = "da") -> str:
    """A table line as one text: its filled inputs in the template's column order, a code as the
    workbook shows it, a number as its cell shows it ("Løn; drift; kommune; 2026; 400.000; ja")."""
    from somxl.loop.diff import show_input
    from somxl.model.spec import get_path, load_spec

    name = load_spec().input_name(path)
    if not isinstance(line, dict) or name is None or name.table is None:
        return show_value(line, lang)
    parts = []
    for col in name.table.input_columns:
        v = get_path(line, col.key)
        if v is not None and v != []:
            parts.append(show_input(f"{path}.{col.key}", v, lang))
    return "; ".join(parts)


def _inputs_sheet(wb: Any, c: Comparison, lang: str, t: dict[str, str], fmt: dict[str, Any]) -> Any:
    """Forskelle i input: a row per input whose values differ, a column per case."""
    from somxl.loop.diff import code_display
    from somxl.workbooks_out.xlsxout import fit_row

    xs = wb.add_worksheet(t["inputs"])
    for j, h in enumerate([t["input"], t["field"], *(item.label for item in c.cases)]):
        xs.write_string(0, j, h, fmt["head"])
    if not c.inputs:
        xs.write_string(1, 0, say("B015", lang))
    number_formats: dict[str, Any] = {}
    for i, r in enumerate(c.inputs, start=1):
        label = r.label(lang)[:_MAX_TEXT]
        xs.write_string(i, 0, r.key[:_MAX_TEXT], fmt["text"])
        xs.write_string(i, 1, label, fmt["text"])
        shown = [(r.key[:_MAX_TEXT], 48, 11), (label, 30, 11)]
        for j, v in enumerate(r.values, start=2):
            if r.line:  # the line's inputs in the template's column order, or: no such line
                text = (line_text(v, r.path, lang) if v is not None else t["no_line"])[:_MAX_TEXT]
                xs.write_string(i, j, text, fmt["text"])
                shown.append((text, 30, 11))
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                # as the input sheet shows it: 400.000 kr., 3,5 %, the year 2026 (was 400000, 0,035)
                nf = input_format(r.path)
                if nf not in number_formats:
                    number_formats[nf] = wb.add_format({"num_format": nf, "valign": "top"})
                xs.write_number(i, j, v, number_formats[nf])
            elif v is not None:  # a code as the workbook shows it (besvaret, kommune, ja)
                text = (code_display(r.path, v, lang) or str(v))[:_MAX_TEXT]
                xs.write_string(i, j, text, fmt["text"])
                shown.append((text, 30, 11))
        fit_row(xs, i, shown)  # every text whole: a long answer was cut at the row's height
    xs.set_column(0, 0, 48)
    xs.set_column(1, 1, 30)
    xs.set_column(2, 1 + len(c.cases), 30)
    xs.freeze_panes(1, 2)
    return xs
