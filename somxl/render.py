"""Human-readable text for reports and results (the CLI prints what these return)."""

from __future__ import annotations

from somxl.console import MAX_SHOWN, clean
from somxl.numbers import counted
from somxl.report import Report

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


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain text table with columns padded to their widest cell. Cells often hold text
    from a file (a sheet name, a department): each is cleaned and cut (``console.clean``)."""
    cols = [[clean(c, 4 * MAX_SHOWN) for c in r] for r in (header, *rows)]
    header, rows = cols[0], cols[1:]
    widths = [max(len(str(r[i])) for r in cols) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def render_report(report: Report, lang: str = "da") -> str:
    """The report as a table of severity, sheet, cell, field and message, with a verdict line."""
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
        [sev.get(i.severity, i.severity), i.code, i.sheet or "", i.cell or "", i.field or i.path or "", i.message(lang)]
        for i in report.issues
    ]
    verdict = f"{'valid' if report.valid else 'INVALID'}: {counts(report, 'en')}" if lang == "en" else \
        f"{'gyldig' if report.valid else 'UGYLDIG'}: {counts(report, 'da')}"
    head = f"{name}: {verdict}" if name else verdict
    return head + "\n" + table(rows, header)


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
    return "\n".join([*head, table(rows, header), "", *lines])


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
