"""Human-readable text for reports and results (the CLI prints what these return).

People read a report line by line, so ``group_issues`` gathers the warnings (and infos) of
one code in one table, or of one code without a table, into one line listing the cells; errors
stay one line each. Machines read ``Report.to_dict``: one issue per cell, never grouped.
``table(..., width=N)`` wraps the last column so no line is wider than N characters."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass

from somxl.console import MAX_SHOWN, clean
from somxl.numbers import counted
from somxl.report import Issue, Report

_SEV = {
    "da": {"error": "FEJL", "warning": "ADVARSEL", "info": "INFO"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"},
}


def counts(report: Report, lang: str = "da") -> str:
    """'2 fejl, 1 advarsel' / '2 errors, 1 warning'."""
    n_err, n_warn = len(report.errors), len(report.warnings)
    if lang == "en":
        return f"{counted(n_err, 'error', 'errors')}, {counted(n_warn, 'warning', 'warnings')}"
    return f"{counted(n_err, 'fejl', 'fejl')}, {counted(n_warn, 'advarsel', 'advarsler')}"


MIN_LAST = 20  # the last column keeps at least this many characters when a table wraps


def table(rows: list[list[str]], header: list[str], width: int | None = None) -> str:
    """A plain text table with columns padded to their widest cell. Cells often hold text
    from a file (a sheet name, a department): each is cleaned and cut (``console.clean``).
    With ``width`` (a terminal's), the last column wraps so lines fit, its continuation lines
    indented under it."""
    cols = [[clean(c, 4 * MAX_SHOWN) for c in r] for r in (header, *rows)]
    header, rows = cols[0], cols[1:]
    widths = [max(len(str(r[i])) for r in cols) for i in range(len(header))]
    indent = sum(widths[:-1]) + 2 * (len(widths) - 1)
    room = max(MIN_LAST, (width or 0) - indent - 1)
    wrap = width is not None and indent + widths[-1] >= width
    if wrap:
        widths[-1] = min(widths[-1], room)

    def line(r: list[str]) -> str:
        head = "  ".join(str(c).ljust(w) for c, w in zip(r[:-1], widths))
        last = str(r[-1]) if r else ""
        parts = textwrap.wrap(last, room, break_long_words=True, break_on_hyphens=False) if wrap and last else [last]
        first = (head + "  " + parts[0]).rstrip() if len(r) > 1 else parts[0]
        return "\n".join([first, *(" " * indent + p for p in parts[1:])])

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


@dataclass
class IssueGroup:
    """One line of a human report: one issue, or several of one code in one table."""

    issues: list[Issue]

    @property
    def first(self) -> Issue:
        return self.issues[0]

    @property
    def sheet(self) -> str:
        sheets = list(dict.fromkeys(i.sheet or "" for i in self.issues))
        return sheets[0] if len(sheets) == 1 else ", ".join(s for s in sheets if s)

    @property
    def cells(self) -> str:
        """The cells, runs of neighbours as ranges (G24:G27, R18:W18); across sheets each cell
        with its sheet."""
        if len(self.issues) == 1:
            return self.first.cell or ""
        if len({i.sheet for i in self.issues}) > 1:
            return ", ".join(f"{i.sheet}!{i.cell}" if i.cell else (i.sheet or "") for i in self.issues)
        return _ranges([i.cell for i in self.issues if i.cell])

    @property
    def field(self) -> str:
        if len(self.issues) == 1:
            return self.first.field or self.first.path or ""
        fields = list(dict.fromkeys(_LINE.sub("", i.field or i.path or "") for i in self.issues))
        return fields[0] if len(fields) == 1 else ", ".join(fields[:3]) + (" …" if len(fields) > 3 else "")

    def message(self, lang: str = "da") -> str:
        if len(self.issues) == 1:
            return self.first.message(lang)
        d, n = self.first.definition, len(self.issues)
        title = d.title_en if lang == "en" else d.title_da
        example = f"{self.first.sheet}!{self.first.cell}" if self.first.cell else self.first.field or ""
        if lang == "en":
            return f"{title} in {n} cells. E.g. {example}: {self.first.message(lang)}"
        return f"{title} i {n} celler. Fx {example}: {self.first.message(lang)}"


_LINE = re.compile(r", (linje|line) \d+$")
_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _ranges(cells: list[str]) -> str:
    """'G24, G25, G26, H30' → 'G24:G26, H30'; runs along a row or down a column."""
    parsed = [(m.group(1), int(m.group(2))) if (m := _CELL.match(c)) else (c, None) for c in cells]
    out: list[str] = []
    i = 0
    while i < len(parsed):
        col, row = parsed[i]
        j = i
        if row is not None:
            while j + 1 < len(parsed) and parsed[j + 1][1] is not None and (
                    (parsed[j + 1][0] == col and parsed[j + 1][1] == parsed[j][1] + 1)
                    or (parsed[j + 1][1] == row and _col_number(parsed[j + 1][0]) == _col_number(parsed[j][0]) + 1)):
                j += 1
        end = parsed[j]
        out.append(f"{col}{row}:{end[0]}{end[1]}" if j > i else (f"{col}{row}" if row is not None else col))
        i = j + 1
    return ", ".join(out)


def group_issues(issues: list[Issue]) -> list[IssueGroup]:
    """Warnings and infos of one code in one table (the case path before its first "[", e.g.
    costs or consequences), or of one code on a path without a table, become one group, in
    the order of their first issue; errors and issues without a path stay alone."""
    groups: list[IssueGroup] = []
    by_key: dict[tuple, IssueGroup] = {}
    for issue in issues:
        if issue.severity == "error" or not issue.path:
            groups.append(IssueGroup([issue]))
            continue
        key = (issue.severity, issue.code, issue.path.split("[", 1)[0] if "[" in issue.path else issue.path)
        if key in by_key:
            by_key[key].issues.append(issue)
        else:
            by_key[key] = IssueGroup([issue])
            groups.append(by_key[key])
    return groups


def render_report(report: Report, lang: str = "da", width: int | None = None) -> str:
    """The report as a table of severity, sheet, cell, field and message (warnings of one code
    in one table grouped on one line), with a verdict line; ``width``: see ``table``."""
    sev = _SEV["en" if lang == "en" else "da"]
    name = clean(report.file or "")
    if not report.issues:
        return (f"{name}: " if name else "") + ("gyldig, ingen fund" if lang != "en" else "valid, no issues")
    header = (
        ["Niveau", "Kode", "Ark", "Celle", "Felt", "Besked"]
        if lang != "en"
        else ["Severity", "Code", "Sheet", "Cell", "Field", "Message"]
    )
    rows = [
        [sev.get(g.first.severity, g.first.severity), g.first.code, g.sheet, g.cells, g.field, g.message(lang)]
        for g in group_issues(report.issues)
    ]
    verdict = f"{'valid' if report.valid else 'INVALID'}: {counts(report, 'en')}" if lang == "en" else \
        f"{'gyldig' if report.valid else 'UGYLDIG'}: {counts(report, 'da')}"
    head = f"{name}: {verdict}" if name else verdict
    return head + "\n" + table(rows, header, width)


# --- calculation results -----------------------------------------------------------------

_PAYER_LABELS = {
    "da": {"kommune": "Kommune", "region": "Region", "stat": "Stat", "total": "I alt"},
    "en": {"kommune": "Municipality", "region": "Region", "stat": "State", "total": "Total"},
}


def fmt_kroner(value: float | None, lang: str = "da") -> str:
    """Whole kroner with thousands separators: 1.234.567 (Danish) or 1,234,567 (English)."""
    if value is None:
        return "-"
    # Half away from zero, as Excel's ROUND does (Python's round() goes to even).
    whole = int(abs(value) + 0.5) * (1 if value >= 0 else -1)
    text = f"{whole:,}"
    return text.replace(",", ".") if lang != "en" else text


def fmt_decimal(value: float | None, lang: str = "da", digits: int = 2) -> str:
    """A decimal number with a decimal comma in Danish: 2,25."""
    if value is None:
        return "-"
    text = f"{value:,.{digits}f}"
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _fmt_count(value: float, lang: str) -> str:
    return fmt_kroner(value, lang) if float(value).is_integer() else fmt_decimal(value, lang, 1)


def render_result(result, lang: str = "da") -> str:
    """A calculation's summary as text: a table per payer, then the key figures.

    ``result`` is an ``engine.Result`` (not imported here, so this module stays light)."""
    en = lang == "en"
    case, summary = result.case, result.summary()
    s = case.settings
    last = s.start_year + s.horizon_years - 1
    if s.discount_rate:
        rate = fmt_decimal(s.discount_rate * 100, lang, 1)
        disc = f"present values at {rate} %" if en else f"nutidsværdier, diskonteret med {rate} %"
    else:
        disc = "undiscounted" if en else "udiskonteret"
    title = case.meta.title or case.intervention.name
    head = [
        clean(f"{title}: {case.target_group.name}"),
        (f"DKK, {s.price_year} prices, {disc}, {s.start_year}-{last}" if en
         else f"Kr., {s.price_year}-priser, {disc}, {s.start_year}-{last}"),
        "",
    ]
    header = (["Payer", "Gains", "Net costs", "Net result", "Break-even year", "Return per krone"] if en
              else ["Betaler", "Gevinster", "Nettoomkostninger", "Nettoresultat", "Tilbagebetalingsår",
                    "Afkast pr. krone"])
    labels = _PAYER_LABELS["en" if en else "da"]
    rows = [
        [labels[p], fmt_kroner(summary["pv_gains"][p], lang), fmt_kroner(summary["pv_net_costs"][p], lang),
         fmt_kroner(summary["pv_net"][p], lang), str(summary["break_even_year"][p] or "-"),
         fmt_decimal(summary["return_per_krone"][p], lang)]
        for p in labels
    ]
    dashes = _dashes(result, summary, labels, en)
    r_star = summary["break_even_success_rate"]
    key_figures = [
        ["Break-even success rate" if en else "Break-even-succesrate",
         "-" if r_star is None else fmt_decimal(r_star * 100, lang, 1) + " %"],
        ["Participants" if en else "Deltagere", _fmt_count(summary["participants"], lang)],
        ["Completers" if en else "Gennemførte", _fmt_count(summary["completers"], lang)],
        ["Successes" if en else "Succeser", _fmt_count(summary["successes"], lang)],
        ["Net result per participant" if en else "Nettoresultat pr. deltager",
         fmt_kroner(summary["net_per_participant"], lang)],
        ["Gain per success" if en else "Gevinst pr. succes", fmt_kroner(summary["gain_per_success"], lang)],
    ]
    width = max(len(k) for k, _ in key_figures)
    lines = [f"{k.ljust(width)}  {v}" for k, v in key_figures]
    return "\n".join([*head, table(rows, header), *dashes, "", *lines])


def _dashes(result, summary: dict, labels: dict[str, str], en: bool) -> list[str]:
    """Why a break-even year or a return per krone is "-": the payer has no amounts, the
    result does not pay back within the horizon, or there are no net costs to divide by."""
    parts = []
    for a, p in enumerate(labels):
        active = bool(abs(result.gains[a]).sum() + abs(result.costs[a]).sum() + abs(result.replaced_costs[a]).sum())
        if not active:
            parts.append(f"{labels[p]}: " + ("no amounts for this payer" if en else "ingen beløb for denne betaler"))
            continue
        if summary["break_even_year"][p] is None:
            parts.append(f"{labels[p]}: " + ("does not pay back within the horizon" if en
                                             else "betaler sig ikke hjem inden for horisonten"))
        if summary["return_per_krone"][p] is None:
            parts.append(f"{labels[p]}: " + ("no net costs, so no return per krone" if en
                                             else "ingen nettoomkostninger, så intet afkast pr. krone"))
    if not parts:
        return []
    return [("About -: " if en else "Om -: ") + "; ".join(parts) + "."]


def render_demo(summary, lang: str = "da") -> str:
    """What the demo wrote and what each sample case came to."""
    en = lang == "en"
    header = (["Sample", "Valid", "Warnings", "PV net, total", "Break-even", "Result workbook"] if en
              else ["Eksempel", "Gyldig", "Advarsler", "Nettoresultat i alt", "Tilbagebetaling", "Resultatark"])
    yes, no = ("yes", "NO") if en else ("ja", "NEJ")
    rows = [
        [c.name, yes if c.valid else no, str(c.warnings), fmt_kroner(c.pv_net_total, lang),
         str(c.break_even_year) if c.break_even_year else "-", c.result.name if c.result else "-"]
        for c in summary.cases
    ]
    intro = (f"Demo written to {summary.outdir}/\n"
             f"Blank workbook to send out: {summary.blank.name}\n"
             "Each sample was filled into a workbook, read back, validated and calculated:\n"
             if en else
             f"Demoen er skrevet i {summary.outdir}/\n"
             f"Tom arbejdsbog til at sende ud: {summary.blank.name}\n"
             "Hvert eksempel er udfyldt i en arbejdsbog, læst igen, valideret og beregnet:\n")
    outro = ("\nOpen a result workbook in Excel: change an input (e.g. the success rate on "
             "'4 Effect') and the results follow." if en else
             "\nÅbn et resultatark i Excel: ret et input (fx succesraten på '4 Effekt'), "
             "og resultaterne følger med.")
    return intro + "\n" + table(rows, header) + "\n" + outro
