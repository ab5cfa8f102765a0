"""Human-readable text for reports and results: every ``render_*`` the CLI prints is here.

One module renders for the terminal, so a change to how somxl talks to people (a label, a
column, a number format) is made in one place: a validation report (``render_report``,
``render_validations``), a calculation (``render_result``, ``render_scenarios``), the demo, the
catalogue, a distribution, a collection, a diff and a comparison. Each takes the result object
its library call returns and gives text; none prints. Text from a file passes
``console.clean`` (``console.table`` cleans every cell).

People read a report line by line, so ``report.group_issues`` gathers the warnings (and infos)
of one code in one table into one line listing the cells; errors stay one line each. Machines
read ``Report.to_dict``: one issue per cell, never grouped. ``table(..., width=N)`` wraps the
last column so no line is wider than N characters.

Its stage is the CLI's (README, "Module map"): it reads the result objects of every stage, and
no library module imports it. The text primitives it shares with the workbook writers live
lower down: ``console.table``, ``numbers.fmt_kroner``/``fmt_decimal``, ``report.group_issues``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from somxl.catalog import PAYERS, Catalog, _num
from somxl.collect import Collection, _reason, _tx, _valid_text
from somxl.compare import ROWS, Comparison, _T as _COMPARE_T, figure_rows
from somxl.console import clean, short_text, table
from somxl.diff import Diff, _T as _DIFF_T, code_display, show_value
from somxl.distribute import Distribution
from somxl.numbers import counted, fmt_decimal, fmt_kroner, fmt_percent
from somxl.report import Report, counts, group_issues
from somxl.validate import Validation

if TYPE_CHECKING:  # only named: importing scenarios loads the engine and numpy, which no report needs
    from somxl.scenarios import ScenarioResult

_SEV = {
    "da": {"error": "FEJL", "warning": "ADVARSEL", "info": "INFO"},
    "en": {"error": "ERROR", "warning": "WARNING", "info": "INFO"},
}


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


_JSON_KEYS = ("code", "severity", "sheet", "cell", "field", "path", "value", "message")  # path: the case field (JSON path)


def render_validations(results: list[Validation], lang: str = "da", *, as_json: bool = False,
                       width: int | None = None) -> str:
    """Human text (a table per file and a verdict, lines wrapped to ``width``) or the JSON of
    issue #4: one object for one file, a list for several, one issue per cell."""
    if as_json:
        docs = []
        for v in results:
            d = v.report.to_dict(lang)
            d["issues"] = [{k: i[k] for k in _JSON_KEYS} for i in d["issues"]]
            docs.append(d)
        return json.dumps(docs[0] if len(docs) == 1 else docs, ensure_ascii=False, indent=2)
    return "\n\n".join(render_report(v.report, lang, width) for v in results)


# --- calculation results -----------------------------------------------------------------

_PAYER_LABELS = {
    "da": {"kommune": "Kommune", "region": "Region", "stat": "Stat", "total": "I alt"},
    "en": {"kommune": "Municipality", "region": "Region", "stat": "State", "total": "Total"},
}


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


# --- the scenarios, the catalogue and the flows ----------------------------------------

def render_scenarios(base: Any, scenarios: list[ScenarioResult], lang: str = "da") -> str:
    """The case and its scenarios side by side: net result per payer, break-even year, return per krone."""
    en = lang == "en"
    payers = (("kommune", "Municipality" if en else "Kommune"), ("region", "Region"),
              ("stat", "State" if en else "Stat"), ("total", "Total" if en else "I alt"))
    columns = [("Case" if en else "Sagen", base), *((sr.scenario.name, sr.result) for sr in scenarios)]
    summaries = [(name, r.summary(), r.success_rate) for name, r in columns]
    rows = [["Success rate" if en else "Succesrate", *(fmt_percent(rate, lang) for _, _, rate in summaries)]]
    rows += [[f"{'Net result' if en else 'Nettoresultat'}, {label.lower()}",
              *(fmt_kroner(s["pv_net"][p], lang) for _, s, _ in summaries)] for p, label in payers]
    rows.append(["Break-even year, total" if en else "Tilbagebetalingsår, i alt",
                 *(str(s["break_even_year"]["total"] or "-") for _, s, _ in summaries)])
    rows.append(["Return per krone, total" if en else "Afkast pr. krone, i alt",
                 *(fmt_decimal(s["return_per_krone"]["total"], lang) for _, s, _ in summaries)])
    title = "Scenarios:" if en else "Scenarier:"

    return title + "\n" + table(rows, ["", *(short_text(name) for name, _, _ in summaries)])


_CATALOG_HEADINGS = {"target_groups": ("Målgrupper", "Target groups"), "domains": ("Områder", "Domains"),
                     "units": ("Enheder", "Units"), "categories": ("Omkostningskategorier", "Cost categories"),
                     "committees": ("Udvalg (eksempler)", "Committees (examples)")}


def _pct(v: float | None, lang: str) -> str:
    return "" if v is None else _num(round(v * 100, 6), lang) + " %"


def _short(text: str | None, n: int = 60) -> str:
    text = text or ""
    return text if len(text) <= n else text[: n - 1] + "…"


def render_catalog(cat: Catalog, lang: str = "da") -> str:
    """The catalogue as text: one section per list, then the consequences with their prices and
    the knowledge (target groups, estimates, effect sizes) as tables with their sources."""
    en = lang == "en"
    mark = " (illustrative)" if en else " (illustrativ)"
    tx = (lambda da, eng: eng if en else da)  # noqa: E731
    parts = []
    for attr, (da, eng) in _CATALOG_HEADINGS.items():
        names = [clean(e.name) + (mark if e.illustrative else "") for e in getattr(cat, attr)]
        parts.append(f"{tx(da, eng)}:\n  " + "\n  ".join(names))
    parts.append(tx("Status på spørgsmål", "Question statuses") + ":\n  "
                 + "\n  ".join(f"{i.text(lang)} ({i.code})" for i in cat.statuses))
    kinds = {"expense": tx("udgift", "expense"), "revenue": tx("indtægt", "revenue")}
    header = [tx("Konsekvens", "Consequence"), tx("Område", "Domain"), tx("Enhed", "Unit"), tx("Art", "Kind"),
              tx("Kommune", "Municipality"), "Region", tx("Stat", "State"), tx("Prisår", "Price year")]
    rows = []
    for c in cat.consequences:
        p = cat.price(c.name)
        prices = p.prices if p else {}
        rows.append([c.name, c.domain or "", c.unit or "", kinds.get(c.kind or "", ""),
                     *(_num(prices.get(a), lang) for a in PAYERS),
                     "" if p is None or p.price_year is None else str(p.price_year)])
    parts.append(tx("Konsekvenser", "Consequences") + ":\n" + table(rows, header))
    yes_no = {True: tx("ja", "yes"), False: tx("nej", "no"), None: ""}
    groups = [cat.target_group(e.name) for e in cat.target_groups]
    described = [g for g in groups if g and (g.definition or g.success_measure or g.register_based is not None)]
    if described:
        rows = [[g.name + (mark if g.illustrative else ""), yes_no[g.register_based], _short(g.success_measure, 50),
                 _short(g.source)] for g in described]
        parts.append(tx("Vidensdatabase, målgrupper", "Knowledge, target groups") + ":\n" + table(
            rows, [tx("Målgruppe", "Target group"), tx("Registerbaseret", "Register-based"),
                   tx("Succesmål", "Success measure"), tx("Kilde", "Source")]))
    if cat.estimates:
        rows = [[e.target_group, e.name + (mark if e.illustrative else ""), e.unit, kinds.get(e.kind, e.kind),
                 _short("; ".join(_num(v, lang) for v in e.changes), 40) or "-", _short(e.source, 40)]
                for e in cat.estimates]
        parts.append(tx("Vidensdatabase, konsekvensestimater pr. succesfuld deltager (år 1; 2; ...)",
                        "Knowledge, consequence estimates per successful participant (year 1; 2; ...)")
                     + ":\n" + table(rows, [tx("Målgruppe", "Target group"), tx("Konsekvens", "Consequence"),
                                            tx("Enhed", "Unit"), tx("Art", "Kind"), tx("Ændring", "Change"),
                                            tx("Kilde", "Source")]))
    if cat.effects:
        rows = [[e.target_group, e.intervention + (mark if e.illustrative else ""), _pct(e.rate, lang),
                 _pct(e.rate_with, lang), _pct(e.rate_without, lang), _short(e.study, 30), _short(e.source, 40)]
                for e in cat.effects]
        parts.append(tx("Vidensdatabase, effektstørrelser", "Knowledge, effect sizes") + ":\n" + table(
            rows, [tx("Målgruppe", "Target group"), tx("Indsats", "Intervention"), tx("Succesrate", "Success rate"),
                   tx("Med", "With"), tx("Uden", "Without"), tx("Studie", "Study"), tx("Kilde", "Source")]))
    return "\n\n".join(parts)


def render_distribution(d: Distribution, lang: str = "da") -> str:
    """The copies written, as a table, and where the manifest is."""

    en = lang == "en"
    header = (["File", "Department", "Recipient", "Submission id"] if en
              else ["Fil", "Afdeling", "Modtager", "Indsendelses-id"])
    rows = [[r.file or "", r.department, r.recipient or r.email or "-", r.submission_id] for r in d.copies]
    tail = (f"Wrote {counted(len(d.copies), 'workbook', 'workbooks')} and the manifest {d.manifest}" if en
            else f"Skrev {counted(len(d.copies), 'arbejdsbog', 'arbejdsbøger')} og udsendelseslisten {d.manifest}")
    return table(rows, header) + "\n" + tail


def render_collection(c: Collection, lang: str = "da") -> str:
    """What the command prints: one line per file; the reason of every unreadable or invalid file
    (its first issue and how many there are); the portfolio; the totals and who is missing."""
    tx = _tx(lang)
    header = [tx[k] for k in ("file", "department", "valid", "errors", "warnings")] + [
        f"{tx['pv_net']}, {tx['total']}", tx["break_even"]]
    rows = []
    for f in c.files:
        s = f.summary
        rows.append([f.path.name, f.department or "-", _valid_text(f, tx), str(len(f.validation.report.errors)),
                     str(len(f.validation.report.warnings)), fmt_kroner(s["pv_net"]["total"], lang) if s else "-",
                     str(s["break_even_year"]["total"] or "-") if s else "-"])
    parts = [table(rows, header)]
    bad = [f for f in c.files if f.first_issue() is not None]
    if bad:
        parts.append(f"{tx['reasons']}:\n" + "\n".join(f"  {clean(f.path.name)}: {clean(_reason(f, lang), None)}"
                                                       for f in bad))
    p = c.portfolio
    n_valid = sum(1 for f in c.files if f.validation.report.valid)
    n_crash = sum(1 for f in c.files if _valid_text(f, tx) == tx["crash"])
    n_unread = sum(1 for f in c.files if f.validation.unreadable) - n_crash
    n_bad = len(c.files) - n_valid - n_unread - n_crash
    missing = "".join(f"\n  {clean(r.department)} ({clean(r.recipient or r.email or r.submission_id)})"
                      for r in c.missing)
    if lang == "en":
        lines = [f"Portfolio ({len(p.files)} of {counted(len(c.files), 'file', 'files')}): net result "
                 f"{fmt_kroner(p.pv_net[3], lang)}, gains {fmt_kroner(p.pv_gains[3], lang)}, net costs "
                 f"{fmt_kroner(p.pv_net_costs[3], lang)} (present values, total)",
                 f"{counted(len(c.files), 'file', 'files')}: {n_valid} valid, {n_bad} invalid, {n_unread} unreadable"
                 + (f", {n_crash} on which somxl failed" if n_crash else "")]
        if c.manifest is not None:
            lines.append(f"Not returned yet: {len(c.missing)} of {counted(len(c.manifest), 'recipient', 'recipients')}"
                         + missing)
    else:
        lines = [f"Portefølje ({len(p.files)} af {counted(len(c.files), 'fil', 'filer')}): nettoresultat "
                 f"{fmt_kroner(p.pv_net[3], lang)}, gevinster {fmt_kroner(p.pv_gains[3], lang)}, nettoomkostninger "
                 f"{fmt_kroner(p.pv_net_costs[3], lang)} (nutidsværdier, i alt)",
                 f"{counted(len(c.files), 'fil', 'filer')}: {counted(n_valid, 'gyldig', 'gyldige')}, "
                 f"{counted(n_bad, 'ugyldig', 'ugyldige')}, {counted(n_unread, 'ulæselig', 'ulæselige')}"
                 + (f", {n_crash} som somxl fejlede på" if n_crash else "")]
        if c.manifest is not None:
            lines.append(f"Mangler svar fra: {len(c.missing)} af {counted(len(c.manifest), 'modtager', 'modtagere')}"
                         + missing)
    return "\n\n".join(parts) + "\n\n" + "\n".join(lines)


def _shown_code(path: str, value: Any, lang: str) -> str:
    shown = code_display(path, value, lang)
    return short_text(shown) if shown is not None else show_value(value, lang)


def _show_result(figure: str, value: Any, lang: str, change: bool = False) -> str:

    if value is None:
        return "-"
    if figure == "pv_net":
        text = fmt_kroner(value, lang)
    elif figure == "return_per_krone":
        text = fmt_decimal(value, lang)
    else:
        text = str(value)
    return f"+{text}" if change and value > 0 else text


def render_diff(d: Diff, lang: str = "da") -> str:
    """The changes as a table (kind, sheet, cell, field, old, new), then the key results."""

    t = _DIFF_T["en" if lang == "en" else "da"]
    old, new = Path(d.old.path).name, Path(d.new.path).name
    if d.same:
        parts = [t["same"].format(old=old, new=new)]
    else:
        rows = [[t[c.kind], c.sheet or "", c.cell or "", short_text(c.field or c.path),
                 _shown_code(c.path, c.old, lang), _shown_code(c.path, c.new, lang)] for c in d.changes]
        parts = [t["differ"].format(n=len(d.changes), old=old, new=new),
                 table(rows, [t[k] for k in ("kind", "sheet", "cell", "field", "old", "new")])]
    if d.results is not None and not d.same:
        rows = [[f"{t[r.figure]}, {t[r.payer]}", _show_result(r.figure, r.old, lang),
                 _show_result(r.figure, r.new, lang), _show_result(r.figure, r.change, lang, change=True)]
                for r in d.results]
        parts += ["", t["results"], table(rows, [t["figure"], t["old"], t["new"], t["diff"]])]
    for note in d.notes:
        parts += ["", note.text(lang)]
    return "\n".join(parts)


def render_comparison(c: Comparison, lang: str = "da") -> str:
    """The key figures as a text table: a row per figure, a column per case."""
    def shown(kind: str, v: Any) -> str:
        if v is None:
            return "-"
        if kind == "kr":
            return fmt_kroner(v, lang)
        if kind == "ratio":
            return fmt_decimal(v, lang)
        if kind == "rate":
            return fmt_percent(v, lang)
        return short_text(str(v))

    t = _COMPARE_T["en" if lang == "en" else "da"]
    keep = {f"{t[f]}, {t['total']}" for f in ("pv_gains", "pv_net_costs", "pv_net", "break_even_year",
                                                "return_per_krone")}
    keep |= {f"{t['pv_net']}, {t[p]}" for p in ROWS} | {t["intervention"], t["success_rate"], t["period"]}
    rows = [[label, *(shown(kind, v) for v in values)] for label, kind, values in figure_rows(c, lang)
            if label in keep]
    parts = [table(rows, ["", *(short_text(i.label) for i in c.cases)])]
    parts += ["", f"{t['inputs']}: {len(c.inputs)}"]
    parts += [f"\n{n.text(lang)}" for n in c.notes]
    return "\n".join(parts)
