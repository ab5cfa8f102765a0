"""``validate --annotate``: a NEW workbook with what was read, a Validering sheet and comments.

A returned file is never opened and saved again (openpyxl would drop data validations and
more). Instead the case as read is rendered into a fresh input workbook of the current
template (``inputsheets.add_input_sheets``), in the returned workbook's language, and every issue
is placed at the cell its value now occupies: listed on a Validering sheet with a link to the
cell, and written as a comment on the cell. Issues of the file as a whole (a missing sheet, the
stamp) are listed without a link."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

from somxl.base.fileio import check_target
from somxl.workbooks_out.inputsheets import Layout, NewOptions, add_input_sheets
from somxl.base.report import Issue, counts, group_issues, locate
from somxl.model.spec import get_path, round_of
from somxl.base.vocab import ISSUE_HEADINGS, LANGS, SEVERITY_LABELS, pick
from somxl.workbooks_out.xlsxout import (HEADING, LINK_COLOUR, UNREAD_BORDER, UNREAD_FILL, Formats, fit_row, open_workbook,
                           page_setup, quote_sheet, set_widths)

__all__ = ["write_annotated", "layout_sources"]

SHEET = {"da": "Validering", "en": "Validation"}


def write_annotated(validation: Any, out: Path | str, *, force: bool = False, inputs: tuple[Path, ...] = (),
                    catalog: Any = None, next_round: bool = False, deadline: str | None = None,
                    contact: str | None = None) -> Path:
    """Write the annotated workbook for a ``validate.Validation`` to ``out`` (atomically).

    ``next_round``: the copy goes back to its department for corrections: the same recipient
    and submission id, the round after the returned file's (``round_of``) in the stamp, and
    ``deadline``/``contact`` instead of the returned file's when given."""
    out = Path(out)
    check_target(out, force, inputs)
    lang = validation.lang if validation.lang in LANGS else "da"
    case = fillable(validation.case_dict)
    stamp = validation.stamp or {}
    options = NewOptions(recipient=_stamp_text(stamp, "recipient"),
                         deadline=deadline or _stamp_text(stamp, "deadline"),
                         contact=contact or _stamp_text(stamp, "contact"),
                         round=round_of(stamp) + 1 if next_round else None,
                         submission_id=_submission(case, stamp))
    with open_workbook(out) as wb:
        layout = add_input_sheets(wb, lang=lang, case=case, options=options, catalog=catalog)
        _annotate(wb, layout, validation.report, layout_sources(layout, case), lang, case)
    return out


def _submission(case: dict | None, stamp: dict) -> str | None:
    meta = (case or {}).get("meta") if isinstance(case, dict) else None
    value = meta.get("submission_id") if isinstance(meta, dict) else None
    return _stamp_text({"id": value}, "id") or _stamp_text(stamp, "submission_id")


def _stamp_text(stamp: dict, key: str) -> str | None:
    """A stamp value as the text the generator writes; the Metadata sheet is a user's too, so a
    cell may hold a number, TRUE or an error value instead."""
    value = stamp.get(key)
    if value is None or value == "" or isinstance(value, bool):
        return None
    return str(value)


def fillable(case: dict | None) -> dict | None:
    """The case as read, cut to what the template has room for: the 50 yearly changes of a
    consequence (tables grow to fit their rows, so rows inserted in a returned workbook stay)."""
    if case is None:
        return None
    case = copy.deepcopy(case)
    for row in case.get("consequences") or []:
        if isinstance(row.get("changes"), list):
            row["changes"] = row["changes"][:50]
    return case


def layout_sources(layout: Layout, case: dict | None) -> dict[str, tuple[str, int, int]]:
    """Case path → (sheet, 0-based row, col) of a workbook generated with ``layout`` from ``case``."""
    out: dict[str, tuple[str, int, int]] = {}
    for path, ref in layout.fields.items():
        out[path] = (ref.sheet, ref.row, ref.col)
    for qid, parts in layout.questions.items():
        for part, ref in parts.items():
            out[f"answers.{qid}.{part}"] = (ref.sheet, ref.row, ref.col)
        out[f"answers.{qid}"] = out[f"answers.{qid}.answer"]
    for path, tl in layout.tables.items():
        out[path] = (tl.sheet, tl.first_row, tl.first_col)
        rows = _rows(case, path)
        for i, row in enumerate(rows):
            r = tl.first_row + i
            out[f"{path}[{i}]"] = (tl.sheet, r, tl.first_col)
            for key, cols in tl.columns.items():
                out[f"{path}[{i}].{key}"] = (tl.sheet, r, cols[0])
                if len(cols) > 1:
                    for j, c in enumerate(cols):
                        out[f"{path}[{i}].{key}[{j}]"] = (tl.sheet, r, c)
            if path == "settings.price_index":
                out[f"settings.price_index.{row.get('year')}"] = (tl.sheet, r, tl.columns["index"][0])
            if path == "consequences" and isinstance(row.get("name"), str):
                low, high = tl.columns["uncertainty_low"][0], tl.columns["uncertainty_high"][0]
                base = f"uncertainty.consequences.{row['name']}"
                out[base] = out[f"{base}[0]"] = (tl.sheet, r, low)
                out[f"{base}[1]"] = (tl.sheet, r, high)
    return out


def _rows(case: dict | None, path: str) -> list[dict]:
    if not case:
        return []
    if path == "settings.price_index":
        index = (case.get("settings") or {}).get("price_index") or {}
        return [{"year": y} for y in sorted(index, key=lambda y: int(y) if str(y).isdigit() else 0)]
    rows = case.get(path)
    return rows if isinstance(rows, list) else []


def _annotate(wb: Any, layout: Layout, report: Any, sources: dict, lang: str, case: dict | None) -> None:
    from xlsxwriter.utility import xl_rowcol_to_cell

    hidden = {layout.sheets.get("lists"), layout.sheets.get("meta")}
    ws = wb.add_worksheet(SHEET[lang])
    fmt = Formats(wb)
    bold = fmt(bold=True)
    head = fmt(**HEADING)
    wrap = fmt(text_wrap=True, valign="top")
    top = fmt(valign="top")
    link = fmt(font_color=LINK_COLOUR, underline=1, valign="top")
    # the file's name, not the folder it was checked in: the copy goes back to a department
    title = f"{Path(str(report.file)).name}: {counts(report, lang)}"
    ws.write_string(0, 0, title, bold)
    for col, text in enumerate(pick(lang, *h) for h in ISSUE_HEADINGS):
        ws.write_string(2, col, text, head)
    comments: dict[tuple[str, int, int], list[str]] = {}
    placed: list[Issue] = []  # each issue at its cell in this copy, for the list and the comments
    linked: set[int] = set()  # ids of the placed issues whose cell can be linked to
    for issue in report.issues:
        place = locate(sources, issue.path) if issue.path else None
        if place:
            issue = dataclasses.replace(issue, sheet=place[0], cell=xl_rowcol_to_cell(place[1], place[2]))
            if place[0] not in hidden:
                comments.setdefault(place, []).append(_comment(issue, lang))
                linked.add(id(issue))
        placed.append(issue)
    groups = group_issues(placed)
    for n, g in enumerate(groups, start=3):
        first = g.first
        ws.write_string(n, 0, _severity(first.severity, lang), top)
        ws.write_string(n, 1, first.code, top)
        ws.write_string(n, 2, g.sheet, top)
        if id(first) in linked:  # a group links to its first cell; each cell has its comment
            ws.write_url(n, 3, f"internal:{quote_sheet(first.sheet)}!{first.cell}", link, string=g.cells)
        else:
            ws.write_string(n, 3, g.cells, top)
        ws.write_string(n, 4, g.field, wrap)
        ws.write_string(n, 5, g.message(lang), wrap)
        fit_row(ws, n, [(g.field, 30, 11), (g.message(lang), 100, 11), (g.cells, 8, 11)])
    for (sheet, row, col), texts in comments.items():
        wb.get_worksheet_by_name(sheet).write_comment(row, col, "\n\n".join(texts), {"x_scale": 3, "y_scale": 2})
    # A value that could not be read (an ambiguous number, a text in a number cell) is not in the
    # case, so its cell would come out blank: show what the sender wrote, marked, for them to fix.
    unread = fmt(bg_color=UNREAD_FILL, border=1, border_color=UNREAD_BORDER, locked=False, valign="top")
    for issue in report.errors:
        place = locate(sources, issue.path) if issue.path else None
        if place and place[0] not in hidden and issue.value not in (None, "") and _value_at(case, issue.path) is None:
            wb.get_worksheet_by_name(place[0]).write_string(place[1], place[2], str(issue.value), unread)
    widths = [10, 7, 16, 8, 30, 100]
    set_widths(ws, widths)
    page_setup(ws, lang, widths, max(2 + len(groups), 3), repeat_rows=(2, 2))
    ws.freeze_panes(3, 0)
    ws.activate()


def _comment(issue: Issue, lang: str) -> str:
    return f"{_severity(issue.severity, lang)} {issue.code}: {issue.message(lang)}"


def _severity(severity: str, lang: str) -> str:
    return pick(lang, *SEVERITY_LABELS[severity]).capitalize()


def _value_at(case: dict | None, path: str) -> Any:
    try:
        return get_path(case or {}, path)
    except (KeyError, IndexError, TypeError, ValueError):
        return None
