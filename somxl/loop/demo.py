"""The demo: the whole somxl loop on the shipped sample cases, in one folder.

For each sample case it does what an economist does with a returned workbook: fill a
workbook (as a department would), validate it, and calculate the result workbook and the
result JSON from what was read back. It also writes the blank workbook that would be sent
out. Only files named by the demo are written in the output folder; existing ones are replaced
only with ``force`` (an edited result sheet is not lost to a second run)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from somxl.base.errors import OutputError
from somxl.base.paths import samples_dir
from somxl.base.vocab import pick

_NAMES = {
    "da": {"blank": "tom-skabelon.xlsx", "filled": "{stem}-udfyldt.xlsx",
           "result": "{stem}-resultat.xlsx", "json": "{stem}-resultat.json"},
    "en": {"blank": "blank-template.xlsx", "filled": "{stem}-filled.xlsx",
           "result": "{stem}-result.xlsx", "json": "{stem}-result.json"},
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
class DemoSummary:
    outdir: Path
    blank: Path
    cases: list[DemoCase] = field(default_factory=list)


def sample_paths() -> list[Path]:
    """The shipped sample cases, by name."""
    return sorted(samples_dir().glob("*.json"))


def run_demo(outdir: Path | str, lang: str = "da", force: bool = False) -> DemoSummary:
    """Run the loop on every shipped sample; return what was written and what came out. Refuses
    (OutputError, nothing written) when a file it would write exists, unless ``force``."""
    from somxl.model.case import case_to_dict, load_case
    from somxl.model.engine import calculate
    from somxl.base.fileio import check_outputs, write_text
    from somxl.workbooks_out.generate import NewOptions, write_input_workbook
    from somxl.workbooks_out.results import write_result_workbook
    from somxl.workbook_in.validate import validate_file

    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError.of("E013", path=outdir)
    names = pick(lang, _NAMES["da"], _NAMES["en"])
    targets = [outdir / names["blank"]] + [outdir / names[k].format(stem=p.stem)
                                           for p in sample_paths() for k in ("filled", "result", "json")]
    if outdir.exists():
        check_outputs(targets, sample_paths(), force)
    outdir.mkdir(parents=True, exist_ok=True)

    blank = outdir / names["blank"]
    write_input_workbook(blank, lang=lang, options=NewOptions(force=True))
    summary = DemoSummary(outdir=outdir, blank=blank)

    for sample in sample_paths():
        stem = sample.stem
        case = load_case(sample)
        filled = outdir / names["filled"].format(stem=stem)
        write_input_workbook(filled, lang=lang, case=case_to_dict(case),
                             options=NewOptions(force=True, submission_id=case.meta.submission_id))
        # Calculate from what the workbook gives back, as with a returned workbook.
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
            write_text(entry.result_json,
                       json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
            data = result.to_dict()["summary"]
            entry.pv_net_total = data["pv_net"]["total"]
            entry.break_even_year = data["break_even_year"]["total"]
        summary.cases.append(entry)
    return summary
