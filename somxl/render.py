"""Human-readable text for reports and results (the CLI prints what these return)."""

from __future__ import annotations

from somxl.report import Report

_SEV = {
    "da": {"error": "FEJL", "warning": "ADVARSEL", "info": "INFO"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"},
}


def table(rows: list[list[str]], header: list[str]) -> str:
    """A plain text table with columns padded to their widest cell."""
    cols = [header, *rows]
    widths = [max(len(str(r[i])) for r in cols) for i in range(len(header))]
    line = lambda r: "  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip()  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def render_report(report: Report, lang: str = "da") -> str:
    """The report as a table of severity, sheet, cell, field and message, with a verdict line."""
    sev = _SEV["en" if lang == "en" else "da"]
    name = report.file or ""
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
    n_err, n_warn = len(report.errors), len(report.warnings)
    if lang == "en":
        verdict = f"{'valid' if report.valid else 'INVALID'}: {n_err} error(s), {n_warn} warning(s)"
    else:
        verdict = f"{'gyldig' if report.valid else 'UGYLDIG'}: {n_err} fejl, {n_warn} advarsler"
    head = f"{name}: {verdict}" if name else verdict
    return head + "\n" + table(rows, header)
