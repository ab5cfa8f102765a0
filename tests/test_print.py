"""Print: every generated workbook printed through LibreOffice's PDF export (one call for all),
counted per sheet, and its page setup read back: A4, a scale never below 60 % (no sheet squeezed
to one page width), headings repeated, a footer with file, sheet, page x of y and date, print
areas ending at the rows in use. The result workbook's summary prints on exactly one page."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from pdfpages import sheet_pages
from readback import edit, fill, sample
from somxl.model.case import load_case
from somxl.cli import cli
from somxl.loop.collect import collect, find_files, write_overview
from somxl.loop.compare import compare_files, write_comparison
from somxl.workbooks_out.generate import write_input_workbook
from somxl.recalc import convert
from somxl.workbooks_out.results import write_result_workbook
from somxl.workbooks_out.xlsxout import MIN_SCALE, Print, plan_print, print_parts

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


@pytest.fixture(scope="module")
def printed(soffice, tmp_path_factory) -> dict[str, tuple[Path, dict[str, int]]]:
    """name → (workbook, pages per printed sheet)."""
    d = tmp_path_factory.mktemp("print")
    books = {"blank": d / "blank.xlsx", "blank-en": d / "blank-en.xlsx"}
    write_input_workbook(books["blank"])
    write_input_workbook(books["blank-en"], lang="en")
    for name in ("ips-employment", "housing-first"):
        books[f"result-{name}"] = d / f"result-{name}.xlsx"
        write_result_workbook(books[f"result-{name}"], load_case(SAMPLES / f"{name}.json"))
    back = d / "svar"
    back.mkdir()
    for name in ("housing-first", "ips-employment", "recidivism"):
        fill(back / f"{name}.xlsx", sample(name))
    layout = fill(d / "ok.xlsx", sample("ips-employment"))
    edit(d / "ok.xlsx", d / "wrong.xlsx", layout, {"costs[0].amount": "1.234", "effect.source": None})
    books["annotated"] = d / "annotated.xlsx"
    res = CliRunner().invoke(cli, ["validate", str(d / "wrong.xlsx"), "--annotate", str(books["annotated"])])
    assert res.exit_code == 1, res.output
    books["overview"] = d / "overview.xlsx"
    write_overview(books["overview"], collect(find_files([back]), parallel=False))
    books["compare"] = d / "compare.xlsx"
    write_comparison(books["compare"], compare_files(sorted(back.glob("*.xlsx"))))
    pdfs = convert(list(books.values()), d / "pdf", to="pdf", recalc=False)
    return {k: (books[k], sheet_pages(pdf)) for k, pdf in zip(books, pdfs)}


def page_setups(path: Path) -> dict[str, object]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: ws for ws in wb.worksheets if ws.sheet_state == "visible"}


@pytest.mark.parametrize("name", ["blank", "blank-en", "result-ips-employment", "result-housing-first",
                                  "annotated", "overview", "compare"])
def test_every_printed_sheet_is_a4_readable_with_headings_and_a_footer(printed, name):
    path, pages = printed[name]
    sheets = page_setups(path)
    assert set(pages) == set(sheets)  # every visible sheet printed, hidden ones not
    for title, ws in sheets.items():
        setup = ws.page_setup
        assert setup.paperSize == 9, title
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage, title
        assert 60 <= int(setup.scale or 100) <= 100, (title, setup.scale)  # 100 % is written as no scale
        footer = ws.oddFooter
        assert "&F" in footer.left.text and "&A" in footer.left.text and "&D" in footer.right.text, title
        assert footer.center.text in ("Side &P af &N", "Page &P of &N"), title
        assert ws.print_area, title


@pytest.mark.parametrize("name", ["blank", "blank-en"])
def test_blank_template_pages(printed, name):
    path, pages = printed[name]
    sheets = list(pages)
    # One page a sheet, but two: step 3 prints its cost table (heading, example, five empty rows)
    # and, from a new page, the replaced costs below it, not the cost table's 45 other empty rows;
    # step 5's consequence table (18 columns and 10 years) prints two pages across with its first
    # two columns repeated. Was 17 (step 2: 2, step 3: 6, step 5: 3 pages). The goal of 8
    # cannot be met by the layout alone: LibreOffice and Excel start every sheet on a new page and
    # the template has 9 printed sheets since Scenarier (docs/results.md, "Print").
    assert {k: v for k, v in pages.items() if v > 1} == {sheets[3]: 2, sheets[5]: 2}
    assert sum(pages.values()) == 11 and len(pages) == 9
    setups = page_setups(path)
    assert min(int(ws.page_setup.scale) for ws in setups.values()) >= 60
    assert setups[sheets[3]].print_area.count("!") == 2  # two ranges: the costs, the replaced costs
    assert setups[sheets[5]].print_title_cols == "$A:$B"


def test_blank_template_repeats_headings(printed):
    path, _ = printed["blank"]
    sheets = page_setups(path)
    assert sheets["5 Konsekvenser"].print_title_cols == "$A:$B"
    assert sheets["5 Konsekvenser"].print_title_rows == "$1:$1"
    assert sheets["Antagelser"].print_title_rows == "$1:$4"
    # a blank table prints its heading, its example and a few empty rows, not all 50
    assert sheets["Antagelser"].print_area.endswith("$10")  # heading, example, five empty rows


@pytest.mark.parametrize("name", ["result-ips-employment", "result-housing-first"])
def test_result_summary_prints_on_exactly_one_page(printed, name):
    path, pages = printed[name]
    assert next(iter(pages)) == "Sammenfatning" and pages["Sammenfatning"] == 1
    assert pages["Resultat"] == 1
    # was 21 squeezed; 30 readable with issue 10's columns; 26 with the step sheets' layout; 29 since
    # a filled line's row is as tall as its wrapped text (3 Omkostninger: 2 -> 4 pages for the
    # samples' two-line cost items) and Beregning's longest labels wrap (5 -> 6): text cut off
    # or printed over the next line was the price of the 26
    assert sum(pages.values()) <= 29


def test_compared_figures_print_on_one_page(printed):
    # three cases' key figures on one page (at 100 % they ran two rows onto a second page)
    path, pages = printed["compare"]
    assert pages["Sammenligning"] == 1, pages


def test_overview_and_annotated_pages(printed):
    path, pages = printed["overview"]
    # 24 columns across a few pages at a readable scale (was one unreadable page width), the
    # file name repeated on each
    assert set(pages) == {"Oversigt", "Portefølje", "Fund", "Tabel"} and 2 <= pages["Oversigt"] <= 5
    assert pages["Portefølje"] <= 2, pages
    setups = page_setups(path)
    assert setups["Oversigt"].print_title_cols == "$A:$A"
    # the headings repeat on every page of the tables, which print at 60 % or more (every sheet)
    assert {k: setups[k].print_title_rows for k in ("Oversigt", "Fund", "Tabel")} == dict.fromkeys(
        ("Oversigt", "Fund", "Tabel"), "$1:$1")
    assert pages["Tabel"] > 1 and min(int(ws.page_setup.scale) for ws in setups.values()) >= 60
    path, pages = printed["annotated"]
    assert pages["Validering"] == 1
    annotated = page_setups(path)["Validering"]
    assert annotated.print_title_rows == "$3:$3"

    def setup(ws):  # the annotated copy's Validering is set up as the result's
        m = ws.page_margins
        return (ws.page_setup.paperSize, ws.page_setup.orientation, ws.oddFooter.center.text,
                ws.oddFooter.left.text, (m.left, m.right, m.top, m.bottom))

    assert setup(annotated) == setup(page_setups(printed["result-ips-employment"][0])["Validering"])


# --- the planning itself, without LibreOffice ----------------------------------------------
def test_print_parts_leave_out_the_skipped_rows():
    assert print_parts(30, []) == [(0, 30)]
    assert print_parts(30, [(10, 20)]) == [(0, 9), (21, 30)]
    assert print_parts(30, [(25, 60)]) == [(0, 24)]  # a run past the end only shortens the area
    assert print_parts(30, [(31, 40)]) == [(0, 30)]
    assert print_parts(30, [(0, 4), (10, 12)]) == [(5, 9), (13, 30)]


def test_plan_print_takes_the_fewest_pages_at_a_readable_scale():
    # 134 characters wide: one landscape page at 82 %; as tall as two such pages: one page at 60 %+
    widths = [6, 40, 40, 16, 32]
    assert plan_print(widths) == Print(True, 82, 1)
    tall = plan_print(widths, height=800, must_fit=False)
    assert tall.across == 1 and MIN_SCALE <= tall.scale < 82
    # too tall for one page at 60 %: the scale of the width, pages down, never below 60 %
    longer = plan_print(widths, height=5000, must_fit=False)
    assert longer.scale >= MIN_SCALE and longer.across == 1
    # must fit: one page whatever the scale (the guide, the summary)
    assert plan_print(widths, height=5000).scale < MIN_SCALE
    # too wide for one page at 60 %: across pages, at the largest scale needing no more of them
    wide = plan_print([6, 28] + [10] * 28, repeat=2)
    assert wide.landscape and wide.across == 2 and wide.scale >= MIN_SCALE
    assert plan_print([6, 28] + [10] * 28, height=300, must_fit=False, repeat=2).across == 2


def test_a_locked_horizon_prints_its_years_only(tmp_path):
    from xlsxwriter.utility import xl_col_to_name

    from somxl.workbooks_out.generate import NewOptions

    path = tmp_path / "h5.xlsx"
    layout = write_input_workbook(path, options=NewOptions(settings={"start_year": 2026, "horizon_years": 5}))
    years = layout.tables["consequences"].columns["changes"]
    area = page_setups(path)[layout.sheets["step5"]].print_area
    assert area.split(":")[-1].startswith(f"${xl_col_to_name(years[4])}$")  # year 5, not the 10 of a blank
