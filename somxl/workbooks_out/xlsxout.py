"""The one door for writing workbooks: every .xlsx somxl writes (input, result, annotated copy,
collect overview) is opened, formatted, set up for print and closed here.

Contract:
- ``open_workbook(path)`` is a context manager yielding an XlsxWriter workbook with our
  options (a user's text is never turned into a formula, a URL or a number); the file appears
  at ``path`` only when the block succeeds (fileio.atomic_path), and is closed on an error too
  so no half-written temporary file lingers.
- ``Formats`` is the one format cache: equal properties give the same format object.
- ``page_setup`` is where print settings are written, once for every sheet: A4, print area,
  repeated headings, footer, and an orientation and scale from ``plan_print`` (never below
  MIN_SCALE: a table too wide for one page prints across pages).
- The colours, the house formats (BODY, TITLE, SUBTITLE, NOTE, HEADING, the number formats of
  NUM_FORMATS), ``set_widths``, ``protect``, ``quote_sheet``, ``fit_row`` and the chart helpers
  are shared by every writer, so no writer imports another writer for them.

Importing this module does not import xlsxwriter (the CLI's start-up stays light)."""

from __future__ import annotations

import contextlib
import copy
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from somxl.base.fileio import atomic_path
from somxl.base.vocab import pick

INPUT_FILL = "#FFF2CC"  # the one colour of every input cell
LOCKED_FILL = "#E7E6E6"  # a value set by the sender, locked
EXAMPLE_FILL = "#F2F2F2"  # the greyed example line of an input table, never read
HEADER_FILL = "#DDEBF7"
BORDER = "#BFBFBF"
NOTE_COLOUR = "#595959"
HINT_COLOUR = "#7F7F7F"
LINK_COLOUR = "#0563C1"
CAUTION_COLOUR = "#C00000"  # a text the sender must not miss (SØM's caution on a register-based group)
ROW_NUMBER_COLOUR = "#808080"  # the numbers beside the rows of an input table
UNREAD_FILL, UNREAD_BORDER = "#F8CBAD", CAUTION_COLOUR  # a value the reader could not use, shown to fix
GRIDLINE_COLOUR = "#D9D9D9"
CHART_COLOURS = {"kommune": "#2F5597", "region": "#70AD47", "stat": "#ED7D31", "total": "#404040"}

# The house formats, as properties for Formats: the body font of the input, result and comparison
# workbooks, a sheet's title and note, and a table's heading (wrapped where headings are long).
BODY = {"font_name": "Calibri", "font_size": 11}
TITLE = {"bold": True, "font_size": 15}
SUBTITLE = {"bold": True, "font_size": 12}  # a section or table title within a sheet
NOTE = {"italic": True, "font_color": NOTE_COLOUR}
HEADING = {"bold": True, "bg_color": HEADER_FILL, "border": 1, "border_color": BORDER}
HEADING_WRAP = {**HEADING, "text_wrap": True, "valign": "top"}
# The number formats of the result and comparison sheets, by kind of value.
NUM_FORMATS = {"kr": "#,##0", "rate": "0.0%", "year": "0", "factor": "0.0000", "qty": "#,##0.00",
               "count": "#,##0.0", "whole": "#,##0", "int": "0", "ratio": "0.00", "text": "@"}

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


def scratch_workbook() -> Any:
    """A new XlsxWriter workbook in memory that is never written: sheets laid out on it only to
    learn where they put things (``generate.fill_layout``), then dropped."""
    import io

    import xlsxwriter

    return xlsxwriter.Workbook(io.BytesIO(), {**WORKBOOK_OPTIONS, "in_memory": True})


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


# A4 in points, and our margins in inches (narrow at the sides, room for the footer below).
A4_POINTS = (595.3, 841.9)
MARGINS = {"left": 0.3, "right": 0.3, "top": 0.5, "bottom": 0.6}
MIN_SCALE = 60  # below this a printed page is hard to read
ROWS_FILL = 0.95  # rows are not split across pages: a page holds a little less than its height
DEFAULT_WIDTH = 8.43  # Excel's default column width in characters
FOOTER = {"da": "&L&8&F, &A&C&8Side &P af &N&R&8&D", "en": "&L&8&F, &A&C&8Page &P of &N&R&8&D"}


def column_points(width: float) -> float:
    """The printed width of a column of ``width`` characters, in points at 100 %.

    Excel prints a column of p pixels (its width rule: 7 per character plus 5) as 0.75·p
    points; LibreOffice prints it about 4/3 as wide, as p points (measured with its PDF
    export: 30 columns of 26 pixels fill a landscape A4 page with our margins, 31 do not).
    That is LibreOffice without Calibri or its metric twin Carlito, sizing columns by the
    wider fallback font (DejaVu Sans), as on the test machine; with Carlito 38 such columns
    fit (Excel: 40). We plan for the wider, so a page that fits in LibreOffice
    fits in Excel too, and the print tests measure the harder case."""
    return float(int(width * 7 + 5 + 0.5) if width >= 1 else int(width * 12 + 0.5))


@dataclass(frozen=True)
class Print:
    """How a sheet is printed: the orientation and scale page_setup chose, and the number of
    pages across that gives (1 unless a table is too wide for a page at MIN_SCALE)."""

    landscape: bool
    scale: int
    across: int


def _pages_across(columns: list[float], wide: float, repeat: int) -> int:
    """Pages a row of ``columns`` (points) needs on pages ``wide`` points wide, when the first
    ``repeat`` columns print again on every page after the first (columns are never split)."""
    pages, used = 1, 0.0
    again = sum(columns[:repeat])
    for i, w in enumerate(columns):
        if used + w > wide and i > repeat:
            pages, used = pages + 1, again
        used += w
    return pages


def plan_print(widths: list[float], *, height: float | None = None, must_fit: bool = True, repeat: int = 0,
               landscape: bool | None = None) -> Print:
    """Pick orientation and scale for a sheet whose columns have ``widths`` (characters).

    The orientation with the larger scale wins (portrait on a tie), the scale as large as fits,
    at most 100 %. With ``height`` (points) and ``must_fit`` the scale fits the height too, so
    the sheet prints on one page whatever the scale. With ``height`` and not ``must_fit`` the
    orientation and scale (MIN_SCALE or more) are those that print the fewest pages, across
    times down, and the largest scale that does. Without ``height`` a sheet too wide for a page
    at MIN_SCALE prints landscape across pages, at the largest scale that needs no more pages
    than MIN_SCALE would. Across pages, the first ``repeat`` columns repeat on every page."""
    columns = [column_points(w) for w in widths]
    content = max(sum(columns), 1.0)

    def printable(land: bool) -> tuple[float, float]:
        page_w, page_h = (A4_POINTS[1], A4_POINTS[0]) if land else A4_POINTS
        return page_w - 72 * (MARGINS["left"] + MARGINS["right"]), page_h - 72 * (MARGINS["top"] + MARGINS["bottom"])

    def scale(land: bool, tall: float | None) -> int:
        wide, high = printable(land)
        fit = min(wide / content, high / tall if tall else 1.0)
        return min(100, int(fit * 99))  # 1 % to spare for rounding

    choices = (False, True) if landscape is None else (landscape,)
    if height and not must_fit:
        def fewest(land: bool) -> tuple[int, int, int]:
            """(pages, -scale, pages across) at the scale needing the fewest pages, the largest such."""
            wide, high = printable(land)
            return min((_pages_across(columns, wide * 0.99 * 100 / s, repeat)
                        * math.ceil(height * s / 100 / (high * ROWS_FILL)), -s,
                        _pages_across(columns, wide * 0.99 * 100 / s, repeat))
                       for s in range(100, MIN_SCALE - 1, -1))
        land = min(choices, key=lambda x: (fewest(x)[:2], x))  # portrait on a tie
        _, neg, across = fewest(land)
        return Print(land, -neg, across)
    land = max(choices, key=lambda x: (scale(x, height), not x))
    if scale(land, height) >= MIN_SCALE or height:
        return Print(land, max(10, scale(land, height)), 1)  # one page is the point of a height: tests check the scale
    land = True if landscape is None else landscape
    wide = printable(land)[0] * 0.99
    fewest = _pages_across(columns, wide * 100 / MIN_SCALE, repeat)
    best = next(s for s in range(100, MIN_SCALE - 1, -1) if _pages_across(columns, wide * 100 / s, repeat) <= fewest)
    return Print(land, best, fewest)


def page_setup(ws: Any, lang: str, widths: list[float], last_row: int, *, height: float | None = None,
               must_fit: bool = True, repeat_rows: tuple[int, int] | None = None, repeat_cols: tuple[int, int] | None = None,
               landscape: bool | None = None, skip: list[tuple[int, int]] | None = None, wb: Any = None) -> Print:
    """Print settings of a generated sheet, written here only: A4, the print area (columns of
    ``widths``, rows up to ``last_row``), headings repeated on every page, a footer with file
    name, sheet, "Side x af y" and date, and the orientation and scale of plan_print.

    ``skip`` lists runs of rows (first, last) left out of the print area, such as the empty body
    of a table with another table below it: the parts between print each from a new page (as
    Excel and LibreOffice print a print area of several ranges). Such an area is a defined name
    of the workbook, so ``wb`` is needed with ``skip``."""
    plan = plan_print(widths, height=height, must_fit=must_fit, repeat=repeat_cols[1] + 1 if repeat_cols else 0, landscape=landscape)
    ws.set_paper(A4)
    if plan.landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_margins(**MARGINS)
    ws.set_print_scale(plan.scale)
    last_col = max(len(widths) - 1, 0)
    parts = print_parts(max(last_row, 0), skip or [])
    if len(parts) == 1:
        ws.print_area(0, 0, max(last_row, 0), last_col)
    else:
        from xlsxwriter.utility import xl_range_abs

        area = ",".join(f"{quote_sheet(ws.name)}!{xl_range_abs(a, 0, b, last_col)}" for a, b in parts)
        wb.define_name(f"{quote_sheet(ws.name)}!_xlnm.Print_Area", "=" + area)
    if repeat_rows is not None:
        ws.repeat_rows(*repeat_rows)
    if repeat_cols is not None and plan.across > 1:
        ws.repeat_columns(*repeat_cols)
    ws.set_footer(pick(lang, FOOTER["da"], FOOTER["en"]))
    ws.print_across()  # a wide table's pages follow each other left to right, then down
    return plan


def print_parts(last_row: int, skip: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The runs of rows (first, last) from row 0 to ``last_row`` that print, without ``skip``'s."""
    parts, start = [], 0
    for a, b in sorted(skip):
        if a > last_row:
            break
        if a > start:
            parts.append((start, a - 1))
        start = max(start, b + 1)
    if start <= last_row:
        parts.append((start, last_row))
    return parts


def protect(ws: Any, password: str = "") -> None:
    """Lock a sheet's cells (an input cell's format unlocks it), leaving its columns and rows
    free to resize, so a reader can widen a column to see a long text."""
    ws.protect(password, {"format_columns": True, "format_rows": True})


def set_widths(ws: Any, widths: list[float]) -> None:
    """Set a sheet's column widths (characters), the first column first."""
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)


def quote_sheet(name: str) -> str:
    """A sheet name as a formula reference needs it: 'Name' with inner quotes doubled."""
    return "'" + name.replace("'", "''") + "'"


def fit_row(ws: Any, row: int, texts: list[tuple[str, float, int]], minimum: float = 15) -> float:
    """Set a row tall enough for wrapped texts, given as (text, column width, font size).

    Neither XlsxWriter nor LibreOffice fits the height of a row with wrapped text when a
    file is opened, so long texts would overlap the next row; this estimates the lines.
    Returns the height (points)."""
    height = minimum
    for text, col_width, size in texts:
        per_line = max(1.0, col_width * 11 / size * 1.1)  # characters per line, roughly
        lines = sum(max(1, -(-len(part) // int(per_line))) for part in (text or "").split("\n"))
        height = max(height, lines * size * 1.35)
    if height > 15:  # 15 points is the default row height
        ws.set_row(row, height)
    return height


def long_note(ws: Any, row: int, text: str, fmt: Any, widths: list[float], size: int = 11) -> float:
    """A note longer than its first column, merged over the columns ``widths`` gives (from A) and
    wrapped, its row tall enough. In one cell a long note runs on to the right, past the printed
    page, where nobody reads its end. ``fmt`` must wrap. Returns the row's height (points)."""
    ws.merge_range(row, 0, row, len(widths) - 1, text, fmt)
    return fit_row(ws, row, [(text, sum(widths), size)])


def word_width(text: str, bold: bool = True) -> float:
    """The column width the longest word of a heading needs. A wrapped heading breaks between
    words, and a word longer than its column is broken anywhere ("Diskonteringsr/ente"), in
    LibreOffice and Excel alike; widths as LibreOffice prints them (about 4/3 of Excel's)."""
    longest = max((len(w) for w in text.split()), default=0)
    # measured in print, bold: "Omkostninger" broke at 12 wide, "municipality" at 10, "Catalogue" at 8
    return longest * (1.0 if bold else 0.9) + 1


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


def chart_rows(height: int) -> int:
    """Rows of 15 points (20 pixels) a chart of ``height`` pixels covers, and one to spare."""
    return -(-height // 20) + 1


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
