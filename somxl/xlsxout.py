"""The one door for writing workbooks: every .xlsx somxl writes (input, result, annotated copy,
collect overview) is opened, formatted, set up for print and closed here.

Contract:
- ``open_workbook(path)`` is a context manager yielding an XlsxWriter workbook with our
  options (a user's text is never turned into a formula, a URL or a number); the file appears
  at ``path`` only when the block succeeds (fileio.atomic_path), and is closed on an error too
  so no half-written temporary file lingers.
- ``Formats`` is the one format cache: equal properties give the same format object.
- ``page_setup`` is where print settings are written, once for every sheet.
- The colours, ``quote_sheet``, ``fit_row`` and the chart helpers are shared by every writer,
  so no writer imports another writer for them.

Importing this module does not import xlsxwriter (the CLI's start-up stays light)."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from somxl.fileio import atomic_path

INPUT_FILL = "#FFF2CC"  # the one colour of every input cell
LOCKED_FILL = "#E7E6E6"  # a value set by the sender, locked
HEADER_FILL = "#DDEBF7"
BORDER = "#BFBFBF"
NOTE_COLOUR = "#595959"
HINT_COLOUR = "#7F7F7F"
LINK_COLOUR = "#0563C1"
UNREAD_FILL, UNREAD_BORDER = "#F8CBAD", "#C00000"  # a value the reader could not use, shown to fix
GRIDLINE_COLOUR = "#D9D9D9"
CHART_COLOURS = {"kommune": "#2F5597", "region": "#70AD47", "stat": "#ED7D31", "total": "#404040"}

# A user's text stays text: XlsxWriter would otherwise write "=..." as a formula and
# "http://..." as a link (and, where asked, "12" as a number).
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}
A4 = 9  # XlsxWriter's paper code


@contextlib.contextmanager
def open_workbook(path: Path | str, **options: Any) -> Iterator[Any]:
    """Yield a new XlsxWriter workbook that becomes ``path`` atomically when the block ends
    without an error. ``options`` add to (or override) WORKBOOK_OPTIONS."""
    import xlsxwriter

    with atomic_path(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {**WORKBOOK_OPTIONS, **options})
        try:
            yield wb
        finally:
            wb.close()  # also on an error, so no half-written workbook lingers; atomic_path removes it


class Formats:
    """One cache of cell formats for a workbook: ``formats(bold=True)`` twice is one format.
    ``base`` properties go into every format made through the cache."""

    def __init__(self, wb: Any, **base: Any) -> None:
        self.wb, self.base = wb, base
        self._cache: dict[tuple, Any] = {}

    def __call__(self, **props: Any) -> Any:
        merged = {**self.base, **props}
        key = tuple(sorted(merged.items()))
        if key not in self._cache:
            self._cache[key] = self.wb.add_format(merged)
        return self._cache[key]


def page_setup(ws: Any) -> None:
    """Print settings of a generated sheet: A4 landscape, as wide as one page."""
    ws.set_landscape()
    ws.set_paper(A4)
    ws.fit_to_pages(1, 0)


def quote_sheet(name: str) -> str:
    """A sheet name as a formula reference needs it: 'Name' with inner quotes doubled."""
    return "'" + name.replace("'", "''") + "'"


def fit_row(ws: Any, row: int, texts: list[tuple[str, float, int]], minimum: float = 15) -> None:
    """Set a row tall enough for wrapped texts, given as (text, column width, font size).

    Neither XlsxWriter nor LibreOffice fits the height of a row with wrapped text when a
    file is opened, so long texts would overlap the next row; this estimates the lines."""
    height = minimum
    for text, col_width, size in texts:
        per_line = max(1.0, col_width * 11 / size * 1.1)  # characters per line, roughly
        lines = sum(max(1, -(-len(part) // int(per_line))) for part in (text or "").split("\n"))
        height = max(height, lines * size * 1.35)
    if height > 15:  # 15 points is the default row height
        ws.set_row(row, height)


# --- charts ------------------------------------------------------------------------------
def chart(wb: Any, kind: str, title: str, *, width: int = 760, height: int = 340, subtype: str | None = None,
          legend: str | None = "bottom", x_axis: dict | None = None, y_axis: dict | None = None) -> Any:
    """A chart in our house style: a title, the legend at the bottom (or none), our size."""
    c = wb.add_chart({"type": kind, **({"subtype": subtype} if subtype else {})})
    c.set_title({"name": title})
    if x_axis is not None:
        c.set_x_axis(copy.deepcopy(x_axis))  # the shared axis dicts stay as they are
    if y_axis is not None:
        c.set_y_axis(copy.deepcopy(y_axis))
    c.set_legend({"position": legend} if legend else {"none": True})
    c.set_size({"width": width, "height": height})
    return c


def payer_line(payer: str) -> dict[str, Any]:
    """The line style of a payer's series; the total is thicker and dashed."""
    total = payer == "total"
    return {"line": {"color": CHART_COLOURS[payer], "width": 2.75 if total else 2,
                     **({"dash_type": "dash"} if total else {})},
            "marker": {"type": "none"}}


def payer_fill(payer: str) -> dict[str, Any]:
    """The fill of a payer's bars."""
    return {"fill": {"color": CHART_COLOURS[payer]}}


MONEY_AXIS = {"num_format": "#,##0"}
MONEY_AXIS_GRID = {"num_format": "#,##0", "major_gridlines": {"visible": True, "line": {"color": GRIDLINE_COLOUR}}}
