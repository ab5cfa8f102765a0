"""The demo: the whole somxl loop on the shipped sample cases, in one folder.

The three sample cases are three departments of one municipality answering one round. The demo
writes the blank workbook that would be sent out and the recipient list of the three
departments; distributes a copy to each (a folder with the copies and the manifest); fills each
department's answer from its sample case, under the submission id its copy got, as the
department would; validates each answer and calculates its result workbook and result JSON
from what was read back; collects the three answers against the manifest into one overview;
and compares the three cases side by side. Only files named by the demo are written in the
output folder; existing ones are replaced only with ``force`` (an edited result sheet is not
lost to a second run), and all are checked before the first is written."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from somxl.base.errors import OutputError
from somxl.base.paths import samples_dir
from somxl.base.vocab import PAYER_ROWS, pick

_NAMES = {
    "da": {"blank": "tom-skabelon.xlsx", "filled": "{stem}-udfyldt.xlsx",
           "result": "{stem}-resultat.xlsx", "json": "{stem}-resultat.json", "recipients": "modtagere.csv",
           "round": "udsendelse", "overview": "oversigt.xlsx", "comparison": "sammenligning.xlsx"},
    "en": {"blank": "blank-template.xlsx", "filled": "{stem}-filled.xlsx",
           "result": "{stem}-result.xlsx", "json": "{stem}-result.json", "recipients": "recipients.csv",
           "round": "distribution", "overview": "overview.xlsx", "comparison": "comparison.xlsx"},
}


@dataclass
class DemoCase:
    """What the demo did with one sample case."""

    name: str
    title: str
    filled: Path
    result: Path | None
    result_json: Path | None
    valid: bool
    errors: int
    warnings: int
    pv_net_total: float | None
    break_even_year: int | None


@dataclass
class DemoRound:
    """The round around the samples: the recipient list, the folder of copies with its manifest,
    the overview of the answers collected against it and the comparison of the cases."""

    recipients: Path
    folder: Path
    manifest: Path
    copies: int
    overview: Path
    received: int
    valid: int
    portfolio_net: float | None
    comparison: Path


@dataclass
class DemoSummary:
    outdir: Path
    blank: Path
    cases: list[DemoCase] = field(default_factory=list)
    round: DemoRound | None = None


def sample_paths() -> list[Path]:
    """The shipped sample cases, by name."""
    return sorted(samples_dir().glob("*.json"))


def run_demo(outdir: Path | str, lang: str = "da", force: bool = False) -> DemoSummary:
    """Run the loop on every shipped sample; return what was written and what came out. Refuses
    (OutputError, nothing written) when a file it would write exists, unless ``force``."""
    from somxl.model.case import load_case
    from somxl.base.fileio import check_outputs
    from somxl.loop.distribute import MANIFEST_NAMES, Recipient, file_names
    from somxl.workbooks_out.generate import NewOptions, write_input_workbook

    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError.of("E013", path=outdir)
    names = pick(lang, _NAMES["da"], _NAMES["en"])
    samples = [(p, load_case(p)) for p in sample_paths()]
    # one recipient per sample, by its department: the file names distribute will give, checked first
    recipients = [Recipient(department=case.meta.department) for _, case in samples]
    folder = outdir / names["round"]
    targets = [outdir / names[k] for k in ("blank", "recipients", "overview", "comparison")]
    targets += [folder / n for n in (*file_names(recipients), MANIFEST_NAMES[lang])]
    targets += [outdir / names[k].format(stem=p.stem) for p, _ in samples for k in ("filled", "result", "json")]
    if outdir.exists():
        if folder.exists() and not folder.is_dir():
            raise OutputError.of("E014", path=folder)
        check_outputs(targets, sample_paths(), force)
    outdir.mkdir(parents=True, exist_ok=True)

    blank = outdir / names["blank"]
    write_input_workbook(blank, lang=lang, options=NewOptions(force=True))
    summary = DemoSummary(outdir=outdir, blank=blank)
    round_ = _distribute(outdir, names, recipients, samples, lang)
    # each department answers under the submission id its copy got (the list's rows, in order)
    for (sample, case), rec in zip(samples, round_.copies):
        summary.cases.append(_answer(outdir, names, sample.stem, case, rec.submission_id, lang))
    summary.round = _collect_and_compare(outdir, names, round_, [c.filled for c in summary.cases], lang)
    return summary


def _distribute(outdir: Path, names: dict[str, str], recipients: list, samples: list, lang: str) -> Any:
    """The recipient list (one department a row, as an economist would type it in Danish Excel)
    and one copy for each department, from the organisation the samples share."""
    import csv

    from somxl.base.fileio import atomic_write
    from somxl.loop.distribute import distribute

    listed = outdir / names["recipients"]
    with atomic_write(listed, "w", encoding="utf-8-sig") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow([pick(lang, "afdeling", "department")])
        w.writerows([r.department] for r in recipients)
    organisation = samples[0][1].meta.organisation
    return distribute(listed, outdir / names["round"], lang=lang, organisation=organisation, force=True)


def _answer(outdir: Path, names: dict[str, str], stem: str, case: Any, submission_id: str, lang: str) -> DemoCase:
    """A department's answer, filled from its sample case under its copy's submission id, then
    validated and calculated from what the workbook gives back, as with a returned workbook."""
    from somxl.model.case import case_to_dict
    from somxl.model.engine import calculate
    from somxl.base.fileio import write_text
    from somxl.workbooks_out.generate import NewOptions, write_input_workbook
    from somxl.workbooks_out.results import write_result_workbook
    from somxl.workbook_in.validate import validate_file

    data = case_to_dict(case)
    data["meta"]["submission_id"] = submission_id
    filled = outdir / names["filled"].format(stem=stem)
    write_input_workbook(filled, lang=lang, case=data, options=NewOptions(force=True, submission_id=submission_id))
    validation = validate_file(filled)
    report = validation.report
    entry = DemoCase(name=stem, title=case.meta.title or stem, filled=filled, result=None,
                     result_json=None, valid=report.valid, errors=len(report.errors),
                     warnings=len(report.warnings), pv_net_total=None, break_even_year=None)
    if validation.case is not None:
        result = calculate(validation.case)
        entry.result = outdir / names["result"].format(stem=stem)
        write_result_workbook(entry.result, validation.case, result, lang=lang,
                              warnings=report.warnings, force=True)
        entry.result_json = outdir / names["json"].format(stem=stem)
        write_text(entry.result_json, json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        data = result.to_dict()["summary"]
        entry.pv_net_total = data["pv_net"]["total"]
        entry.break_even_year = data["break_even_year"]["total"]
    return entry


def _collect_and_compare(outdir: Path, names: dict[str, str], sent: Any, answers: list[Path], lang: str) -> DemoRound:
    """The answers collected against the manifest into one overview, and compared side by side.
    Three files are read one after another here: worker processes would cost more than they save."""
    from somxl.loop.collect import collect, write_overview
    from somxl.loop.compare import compare_files, write_comparison

    collection = collect(answers, manifest=sent.manifest, parallel=False)
    overview = outdir / names["overview"]
    write_overview(overview, collection, lang, force=True)
    comparison = outdir / names["comparison"]
    write_comparison(comparison, compare_files(answers), lang, force=True)
    received = [f for f in collection.files if f.status in ("received", "received_invalid")]
    portfolio = collection.portfolio
    return DemoRound(recipients=outdir / names["recipients"], folder=sent.outdir, manifest=sent.manifest,
                     copies=len(sent.copies), overview=overview, received=len(received),
                     valid=len(portfolio.files), portfolio_net=portfolio.pv_net[PAYER_ROWS.index("total")],
                     comparison=comparison)
