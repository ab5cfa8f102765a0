"""Builders for the read-back tests: a filled workbook made from a sample case, and edited COPIES
of it (openpyxl on a copy, as a user's program would save it; never a hand-edited binary)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

from somxl.model.case import case_to_dict, parse_case
from somxl.workbooks_out.generate import Layout, NewOptions, write_input_workbook
from somxl.base.paths import templates_dir
from somxl.model.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
CREATED = dt.datetime(2026, 1, 1, 12, 0, 0)


def sample(name: str = "housing-first") -> dict:
    """A sample case, canonical, with every question answered (so only edits raise R026)."""
    data = json.loads((ROOT / "samples" / f"{name}.json").read_text(encoding="utf-8"))
    case, issues = parse_case(data)
    assert case is not None, issues
    out = case_to_dict(case)
    for q in load_spec().questions:
        out["answers"].setdefault(q.id, {"answer": f"Svar på {q.id}", "status": "answered", "source": None})
    return out


def fill(path: Path, case: dict | None = None, *, lang: str = "da", **options: Any) -> Layout:
    return write_input_workbook(path, lang=lang, case=copy.deepcopy(case) if case is not None else sample(),
                                options=NewOptions(created=CREATED, **options))


def cell_of(layout: Layout, path: str) -> tuple[str, str]:
    """(sheet, A1) of a case path in a generated workbook: ``effect.rate_with``,
    ``costs[1].amount``, ``consequences[0].changes[3]``, ``answers.1.9.status``."""
    from xlsxwriter.utility import xl_rowcol_to_cell

    if path in layout.fields:
        return layout.fields[path].sheet, layout.fields[path].a1
    if path.startswith("answers."):
        _, qid_part = path.split(".", 1)
        qid, part = qid_part.rsplit(".", 1)
        ref = layout.questions[qid][part]
        return ref.sheet, ref.a1
    table, _, rest = path.partition("[")
    index, _, key = rest.partition("].")
    tl = layout.tables[table]
    j = 0
    if key.endswith("]"):
        key, _, j_text = key[:-1].partition("[")
        j = int(j_text)
    return tl.sheet, xl_rowcol_to_cell(tl.first_row + int(index), tl.columns[key][j])


def edit(src: Path, dst: Path, layout: Layout | None, changes: dict[str, Any], fn=None) -> Path:
    """Copy ``src`` to ``dst`` and set case paths (or ``("sheet", "A1")`` keys) with openpyxl.
    ``None`` clears a cell; a string starting with '=' becomes a formula without a cached value."""
    import openpyxl

    shutil.copy(src, dst)
    wb = openpyxl.load_workbook(dst)
    for where, value in changes.items():
        sheet, ref = where if isinstance(where, tuple) else cell_of(layout, where)
        wb[sheet][ref].value = value
    if fn is not None:
        fn(wb)
    wb.save(dst)
    return dst


def edit_named(src: Path, dst: Path, changes: list[tuple]) -> Path:
    """Copy ``src`` to ``dst`` and set cells found by their defined name with openpyxl:
    ``(name, row, col, value, ...)`` sets the cell ``row`` rows and ``col`` columns into the
    named range (a result workbook has no Layout, only the names); ``None`` clears it."""

    def apply(wb: Any) -> None:
        for name, row, col, value, *_ in changes:
            (sheet, ref), = wb.defined_names[name].destinations
            wb[sheet][ref.replace("$", "").split(":")[0]].offset(row=row, column=col).value = value

    return edit(src, dst, None, {}, apply)


__all__ = ["sample", "fill", "cell_of", "edit", "edit_named", "templates_dir"]
