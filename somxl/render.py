"""Human-readable text for reports and results: every ``render_*`` the CLI prints is here.

One module renders for the terminal, so a change to how somxl talks to people (a label, a
column, a number format) is made in one place: a validation report (``render_report``,
``render_validations``), a calculation (``render_result``, ``render_scenarios``), the demo, the
catalogue, a distribution, a collection, a diff and a comparison. Each takes the result object
its library call returns and gives text; none prints. Text from a file passes
``console.one_line`` (``console.clean``, on one line; ``console.table`` does so for every cell).

People read a report line by line, so ``report.group_issues`` gathers the warnings (and infos)
of one code in one table into one line listing the cells; errors stay one line each. Machines
read ``Report.to_dict``: one issue per cell, never grouped. ``table(..., width=N)`` wraps the
last column so no line is wider than N characters.

Its stage is the CLI's (README, "Module map"): it reads the result objects of every stage, and
no library module imports it. The text primitives it shares with the workbook writers live
lower down: ``console.table``, ``numbers.fmt_kroner``/``fmt_decimal``, ``report.group_issues``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from somxl.model.catalog import Catalog
from somxl.loop.collect import LABELS as _COLLECT_TEXTS, Collection, file_reason, valid_text
from somxl.loop.compare import LABELS as _COMPARE_TEXTS, Comparison, figure_rows
from somxl.base.console import one_line, side_by_side, short_text, table
from somxl.loop.diff import LABELS as _DIFF_TEXTS, Diff, show_input
from somxl.loop.distribute import Distribution
from somxl.base.numbers import counted, fmt_decimal, fmt_kroner, fmt_number, fmt_percent
from somxl.base.report import Report, counts, group_issues, say
from somxl.workbook_in.validate import Validation
from somxl.base.vocab import ISSUE_HEADINGS, NEEDED_RATE, PAYER_LABELS, PAYER_ROWS, PAYERS, SEVERITY_LABELS, pick, texts

if TYPE_CHECKING:  # only named: importing scenarios loads the engine and numpy, which no report needs
    from somxl.model.scenarios import ScenarioResult


def _bare_number(v: float | None, lang: str) -> str:
    """A catalogue number as typed (no thousands separators), empty when there is none."""
    return "" if v is None else fmt_number(v, lang)


def render_report(report: Report, lang: str = "da", width: int | None = None) -> str:
    """The report as a table of severity, sheet, cell, field and message (warnings of one code
    in one table grouped on one line), with a verdict line; ``width``: see ``table``."""
    sev = {k: pick(lang, *v).upper() for k, v in SEVERITY_LABELS.items()}
    name = one_line(report.file or "")
    if not report.issues:
        return (f"{name}: " if name else "") + say("M010", lang)
    header = [pick(lang, *h) for h in ISSUE_HEADINGS]
    rows = [
        [sev.get(g.first.severity, g.first.severity), g.first.code, g.sheet, g.cells, g.field, g.message(lang)]
        for g in group_issues(report.issues)
    ]
    verdict = pick(lang, *(("gyldig", "valid") if report.valid else ("UGYLDIG", "INVALID")))
    verdict = f"{verdict}: {counts(report, lang)}"
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

def _fmt_count(value: float, lang: str) -> str:
    return fmt_kroner(value, lang) if float(value).is_integer() else fmt_decimal(value, lang, 1)


def render_result(result, lang: str = "da") -> str:
    """A calculation's summary as text: a table per payer, then the key figures.

    ``result`` is an ``engine.Result`` (not imported here, so this module stays light)."""
    tx = functools.partial(pick, lang)
    case, summary = result.case, result.summary()
    s = case.settings
    last = s.start_year + s.horizon_years - 1
    if s.discount_rate:
        rate = fmt_decimal(s.discount_rate * 100, lang, 1)
        disc = tx(f"nutidsværdier, diskonteret med {rate} %", f"present values at {rate} %")
    else:
        disc = tx("udiskonteret", "undiscounted")
    title = case.meta.title or case.intervention.name
    head = [
        one_line(f"{title}: {case.target_group.name}"),
        tx(f"Kr., {s.price_year}-priser, {disc}, {s.start_year}-{last}",
           f"DKK, {s.price_year} prices, {disc}, {s.start_year}-{last}"),
        "",
    ]
    header = tx(["Betaler", "Gevinster", "Nettoomkostninger", "Nettoresultat", "Tilbagebetalingsår",
                 "Afkast pr. krone"],
                ["Payer", "Gains", "Net costs", "Net result", "Break-even year", "Return per krone"])
    labels = {k: tx(*v).capitalize() for k, v in PAYER_LABELS.items()}
    rows = [
        [labels[p], fmt_kroner(summary["pv_gains"][p], lang), fmt_kroner(summary["pv_net_costs"][p], lang),
         fmt_kroner(summary["pv_net"][p], lang), str(summary["break_even_year"][p] or "-"),
         fmt_decimal(summary["return_per_krone"][p], lang)]
        for p in labels
    ]
    dashes = _dashes(result, summary, labels, lang)
    r_star = summary["break_even_success_rate"]
    key_figures = [
        [tx(*NEEDED_RATE),
         "-" if r_star is None else fmt_decimal(r_star * 100, lang, 1) + " %"],
        [tx("Deltagere", "Participants"), _fmt_count(summary["participants"], lang)],
        [tx("Gennemførte", "Completers"), _fmt_count(summary["completers"], lang)],
        [tx("Succeser", "Successes"), _fmt_count(summary["successes"], lang)],
        [tx("Nettoresultat pr. deltager", "Net result per participant"),
         fmt_kroner(summary["net_per_participant"], lang)],
        [tx("Gevinst pr. succes", "Gain per success"), fmt_kroner(summary["gain_per_success"], lang)],
    ]
    width = max(len(k) for k, _ in key_figures)
    lines = [f"{k.ljust(width)}  {v}" for k, v in key_figures]
    return "\n".join([*head, table(rows, header), *dashes, "", *lines])


def _dashes(result, summary: dict, labels: dict[str, str], lang: str) -> list[str]:
    """Why a break-even year or a return per krone is "-": the payer has no amounts, the
    result does not pay back within the horizon, or there are no net costs to divide by."""
    parts = []
    for a, p in enumerate(labels):
        active = bool(abs(result.gains[a]).sum() + abs(result.costs[a]).sum() + abs(result.replaced_costs[a]).sum())
        if not active:
            parts.append(say("M012", lang, {"payer": labels[p]}))
            continue
        if summary["break_even_year"][p] is None:
            parts.append(say("M013", lang, {"payer": labels[p]}))
        if summary["return_per_krone"][p] is None:
            parts.append(say("M014", lang, {"payer": labels[p]}))
    if not parts:
        return []
    return [say("M015", lang, {"reasons": "; ".join(parts)})]


def render_demo(summary, lang: str = "da") -> str:
    """What the demo wrote and what each sample case came to."""
    header = pick(lang, ["Eksempel", "Gyldig", "Advarsler", "Nettoresultat i alt", "Tilbagebetaling", "Resultatark"],
                  ["Sample", "Valid", "Warnings", "PV net, total", "Break-even", "Result workbook"])
    yes, no = pick(lang, ("ja", "NEJ"), ("yes", "NO"))
    rows = [
        [c.name, yes if c.valid else no, str(c.warnings), fmt_kroner(c.pv_net_total, lang),
         str(c.break_even_year) if c.break_even_year else "-", c.result.name if c.result else "-"]
        for c in summary.cases
    ]
    intro = say("M016", lang, {"path": summary.outdir, "blank": summary.blank.name}) + "\n"
    outro = "\n" + say("M017", lang)
    return intro + "\n" + table(rows, header) + "\n" + _demo_round(summary.round, lang) + outro


def _demo_round(r: Any, lang: str) -> str:
    """The round around the samples: the list, the copies, the overview and the comparison."""
    if r is None:
        return ""
    return "\n" + say("M024", lang, {
        "recipients": r.recipients.name, "folder": r.folder.name, "manifest": r.manifest.name,
        "departments": counted(r.copies, *pick(lang, ("afdeling", "afdelinger"), ("department", "departments"))),
        "overview": r.overview.name, "received": r.received, "copies": r.copies,
        "valid": counted(r.valid, *pick(lang, ("gyldig", "gyldige"), ("valid", "valid"))),
        "net": fmt_kroner(r.portfolio_net, lang), "comparison": r.comparison.name}) + "\n"


# --- the scenarios, the catalogue and the flows ----------------------------------------

def render_scenarios(base: Any, scenarios: list[ScenarioResult], lang: str = "da", width: int | None = None) -> str:
    """The case and its scenarios side by side: net result per payer, break-even year, return per krone."""
    tx = functools.partial(pick, lang)
    columns = [(tx("Sagen", "Case"), base), *((sr.scenario.name, sr.result) for sr in scenarios)]
    summaries = [(name, r.summary(), r.success_rate) for name, r in columns]
    rows = [[tx("Succesrate", "Success rate"), *(fmt_percent(rate, lang) for _, _, rate in summaries)]]
    rows += [[f"{tx('Nettoresultat', 'Net result')}, {tx(*PAYER_LABELS[p])}",
              *(fmt_kroner(s["pv_net"][p], lang) for _, s, _ in summaries)] for p in PAYER_ROWS]
    rows.append([tx("Tilbagebetalingsår, i alt", "Break-even year, total"),
                 *(str(s["break_even_year"]["total"] or "-") for _, s, _ in summaries)])
    rows.append([tx("Afkast pr. krone, i alt", "Return per krone, total"),
                 *(fmt_decimal(s["return_per_krone"]["total"], lang) for _, s, _ in summaries)])
    title = tx("Scenarier:", "Scenarios:")

    return title + "\n" + side_by_side(rows, ["", *(short_text(name) for name, _, _ in summaries)], width)


_CATALOG_HEADINGS = {"target_groups": ("Målgrupper", "Target groups"), "domains": ("Områder", "Domains"),
                     "units": ("Enheder", "Units"), "categories": ("Omkostningskategorier", "Cost categories"),
                     "committees": ("Udvalg (eksempler)", "Committees (examples)")}


def _pct(v: float | None, lang: str) -> str:
    return "" if v is None else _bare_number(round(v * 100, 6), lang) + " %"


def _short(text: str | None, n: int = 60) -> str:
    text = text or ""
    return text if len(text) <= n else text[: n - 1] + "…"


def render_catalog(cat: Catalog, lang: str = "da") -> str:
    """The catalogue as text: one section per list, then the consequences with their prices and
    the knowledge (target groups, estimates, effect sizes) as tables with their sources."""
    tx = functools.partial(pick, lang)
    mark = tx(" (illustrativ)", " (illustrative)")
    parts = []
    for attr, (da, eng) in _CATALOG_HEADINGS.items():
        names = [one_line(e.name) + (mark if e.illustrative else "") for e in getattr(cat, attr)]
        parts.append(f"{tx(da, eng)}:\n  " + "\n  ".join(names))
    parts.append(tx("Status på spørgsmål", "Question statuses") + ":\n  "
                 + "\n  ".join(f"{i.text(lang)} ({i.code})" for i in cat.statuses))
    kinds = {"expense": tx("udgift", "expense"), "revenue": tx("indtægt", "revenue")}
    header = [tx("Konsekvens", "Consequence"), tx("Område", "Domain"), tx("Enhed", "Unit"), tx("Art", "Kind"),
              *(tx(*PAYER_LABELS[a]).capitalize() for a in PAYERS), tx("Prisår", "Price year")]
    rows = []
    for c in cat.consequences:
        p = cat.price(c.name)
        prices = p.prices if p else {}
        rows.append([c.name, c.domain or "", c.unit or "", kinds.get(c.kind or "", ""),
                     *(_bare_number(prices.get(a), lang) for a in PAYERS),
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
                 _short("; ".join(_bare_number(v, lang) for v in e.changes), 40) or "-", _short(e.source, 40)]
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

    header = pick(lang, ["Fil", "Afdeling", "Modtager", "Indsendelses-id"],
                  ["File", "Department", "Recipient", "Submission id"])
    rows = [[r.file or "", r.department, r.recipient or r.email or "-", r.submission_id] for r in d.copies]
    copies = counted(len(d.copies), *pick(lang, ("projektmappe", "projektmapper"), ("workbook", "workbooks")))
    tail = say("M009", lang, {"copies": copies, "path": d.manifest})
    return table(rows, header) + "\n" + tail


def render_collection(c: Collection, lang: str = "da") -> str:
    """What the command prints: one line per file; the reason of every unreadable or invalid file
    (its first issue and how many there are); the portfolio; the totals and who is missing."""
    tx = texts(_COLLECT_TEXTS, lang)
    header = [tx[k] for k in ("file", "department", "valid", "errors", "warnings")] + [
        f"{tx['pv_net']}, {tx['total']}", tx["break_even"]]
    rows = []
    for f in c.files:
        s = f.summary
        rows.append([f.path.name, f.department or "-", valid_text(f, tx), str(len(f.validation.report.errors)),
                     str(len(f.validation.report.warnings)), fmt_kroner(s["pv_net"]["total"], lang) if s else "-",
                     str(s["break_even_year"]["total"] or "-") if s else "-"])
    parts = [table(rows, header)]
    bad = [f for f in c.files if f.first_issue() is not None]
    if bad:
        parts.append(f"{tx['reasons']}:\n" + "\n".join(f"  {one_line(f.path.name)}: {one_line(file_reason(f, lang), None)}"
                                                       for f in bad))
    p = c.portfolio
    n_valid = sum(1 for f in c.files if f.validation.report.valid)
    n_crash = sum(1 for f in c.files if valid_text(f, tx) == tx["crash"])
    n_unread = sum(1 for f in c.files if f.validation.unreadable) - n_crash
    n_bad = len(c.files) - n_valid - n_unread - n_crash
    missing = "".join(f"\n  {one_line(r.department)} ({one_line(r.recipient or r.email or r.submission_id)})"
                      for r in c.missing)
    # Danish adjectives take the number ("1 gyldig", "2 gyldige"), English ones do not
    words = pick(lang, {"files": ("fil", "filer"), "valid": ("gyldig", "gyldige"), "invalid": ("ugyldig", "ugyldige"),
                        "unreadable": ("ulæselig", "ulæselige"), "recipients": ("modtager", "modtagere")},
                 {"files": ("file", "files"), "valid": ("valid", "valid"), "invalid": ("invalid", "invalid"),
                  "unreadable": ("unreadable", "unreadable"), "recipients": ("recipient", "recipients")})
    files = counted(len(c.files), *words["files"])
    lines = [say("M018", lang, {"included": len(p.files), "files": files, "net": fmt_kroner(p.pv_net[3], lang),
                                "gains": fmt_kroner(p.pv_gains[3], lang), "costs": fmt_kroner(p.pv_net_costs[3], lang)}),
             say("M019", lang, {"files": files, "valid": counted(n_valid, *words["valid"]),
                                "invalid": counted(n_bad, *words["invalid"]),
                                "unreadable": counted(n_unread, *words["unreadable"])})
             + (say("M020", lang, {"count": n_crash}) if n_crash else "")]
    if c.manifest is not None:
        lines.append(say("M021", lang, {"count": len(c.missing),
                                        "recipients": counted(len(c.manifest), *words["recipients"])}) + missing)
    return "\n\n".join(parts) + "\n\n" + "\n".join(lines)


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

    t = texts(_DIFF_TEXTS, lang)
    old, new = Path(d.old.path).name, Path(d.new.path).name
    if d.same:
        parts = [say("M022", lang, {"old": old, "new": new})]
    else:
        rows = []
        for c in d.changes:
            line = d.line_name(c)  # a whole line added or removed is shown by its name
            rows.append([t[c.kind], c.sheet or "", c.cell or "", short_text(c.field or c.path),
                         *(show_input(c.path, v, lang) if line is None or v is None
                           else f"{t['line']} {short_text(line)}" for v in (c.old, c.new))])
        inputs = counted(len(d.changes), *pick(lang, ("input", "input"), ("input", "inputs")))
        parts = [say("M023", lang, {"inputs": inputs, "old": old, "new": new}),
                 table(rows, [t[k] for k in ("kind", "sheet", "cell", "field", "old", "new")])]
    if d.results is not None and not d.same:
        rows = [[f"{t[r.figure]}, {t[r.payer]}", _show_result(r.figure, r.old, lang),
                 _show_result(r.figure, r.new, lang), _show_result(r.figure, r.change, lang, change=True)]
                for r in d.results]
        parts += ["", t["results"], table(rows, [t["figure"], t["old"], t["new"], t["diff"]])]
    for note in d.notes:
        parts += ["", note.text(lang)]
    return "\n".join(parts)


def render_comparison(c: Comparison, lang: str = "da", width: int | None = None) -> str:
    """The key figures as a text table: a row per figure, a column per case (in blocks that fit
    ``width``, a terminal's)."""
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

    t = texts(_COMPARE_TEXTS, lang)
    keep = {f"{t[f]}, {t['total']}" for f in ("pv_gains", "pv_net_costs", "pv_net", "break_even_year",
                                                "return_per_krone")}
    keep |= {f"{t['pv_net']}, {t[p]}" for p in PAYER_ROWS} | {t["intervention"], t["success_rate"], t["period"]}
    rows = [[label, *(shown(kind, v) for v in values)] for label, kind, values in figure_rows(c, lang)
            if label in keep]
    parts = [side_by_side(rows, ["", *(short_text(i.label) for i in c.cases)], width)]
    parts += ["", f"{t['inputs']}: {len(c.inputs)}"]
    parts += [f"\n{n.text(lang)}" for n in c.notes]
    return "\n".join(parts)
