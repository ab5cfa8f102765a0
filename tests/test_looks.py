"""What people see on paper: every kind of workbook somxl writes, printed through LibreOffice as a
Danish user's Excel shows it (locale da-DK: 1.234.567 and 30-11-2026), and the printed text read
back with pdftotext (poppler-utils; .ci/run installs it beside LibreOffice). One conversion for all.

- No cell prints as "###" (a number wider than its column).
- Every word of every visible text cell in the print area is on its sheet's pages, as often as
  the cells hold it, the pages' footers left out (the sheet's name and 'af' are on every page). A text cut off by the next cell or the page edge, a wrapped text taller than
  its row, or a heading broken inside a word ("Nettoomkos/tninger") loses a word there.
- The Danish workbooks hold none of our English (the tidy table's keys, a code instead of its
  Danish text, the anglicism "Break-even") and say "projektmappe", as Danish Excel does, not
  "arbejdsbog".

The blank template, the result workbook of every sample, an annotated copy, a collect overview
and a compare workbook, in Danish; the blank template and a result workbook in English too."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import range_boundaries

from pdfpages import sheet_pages
from readback import edit, fill, sample
from somxl.cli import cli
from somxl.loop.collect import collect, find_files, write_overview
from somxl.loop.compare import compare_files, write_comparison
from somxl.model.case import load_case
from somxl.recalc import convert
from somxl.workbooks_out.generate import write_input_workbook
from somxl.workbooks_out.results import write_result_workbook

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAMES = ("housing-first", "ips-employment", "recidivism")
WORD = re.compile(r"\w+")
# Our English as it could leak into a Danish workbook: the tidy table's keys, codes shown as codes
# (a match status, a payer), sheet and column names, the anglicism of the break-even success rate.
ENGLISH = {"gains", "net_costs", "total", "partial", "good", "poor", "municipality", "state", "Break", "even",
           "Summary", "Results", "Payer", "Sensitivity", "Breakdown", "Calculation", "Validation", "Settings",
           "Assumptions", "Scenarios", "Consequence", "Costs", "Source", "Answer", "Question", "Participants",
           "workbook", "DKK", "yes", "missing", "answered", "partly", "Year", "Value", "Measure", "File", "Sheet",
           "Cell", "Message", "Severity", "Warning", "Error", "Overview", "Portfolio", "Table", "Issues", "Guide"}


@pytest.fixture(scope="module")
def printed(soffice, pdftotext, tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """name → (workbook, its PDF as LibreOffice prints it in Danish)."""
    d = tmp_path_factory.mktemp("looks")
    books = {"blank": d / "blank.xlsx", "blank-en": d / "blank-en.xlsx", "result-en": d / "result-en.xlsx"}
    write_input_workbook(books["blank"])
    write_input_workbook(books["blank-en"], lang="en")
    write_result_workbook(books["result-en"], load_case(SAMPLES / "ips-employment.json"), lang="en")
    back = d / "svar"
    back.mkdir()
    for name in NAMES:
        books[f"result-{name}"] = d / f"result-{name}.xlsx"
        write_result_workbook(books[f"result-{name}"], load_case(SAMPLES / f"{name}.json"))
        fill(back / f"{name}.xlsx", sample(name))
    layout = fill(d / "ok.xlsx", sample("ips-employment"))
    edit(d / "ok.xlsx", back / "wrong.xlsx", layout, {"costs[0].amount": "1.234", "effect.source": None})
    (back / "ulæselig.xlsx").write_bytes(b"not a workbook")
    books["annotated"] = d / "annotated.xlsx"
    res = CliRunner().invoke(cli, ["validate", str(back / "wrong.xlsx"), "--annotate", str(books["annotated"])])
    assert res.exit_code == 1, res.output
    books["overview"] = d / "overview.xlsx"
    write_overview(books["overview"], collect(find_files([back]), parallel=False))
    books["compare"] = d / "compare.xlsx"
    write_comparison(books["compare"], compare_files([back / f"{name}.xlsx" for name in NAMES]))
    pdfs = convert(list(books.values()), d / "pdf", to="pdf", recalc=False, locale="da-DK")
    return {k: (books[k], pdf) for k, pdf in zip(books, pdfs)}


# The footer line of every page (xlsxout.FOOTER: file and sheet name, 'Side 1 af 3', the date)
FOOTER_LINE = re.compile(r"\b(?:Side \d+ af|Page \d+ of) \d+\b")


def sheet_texts(pdftotext: str, pdf: Path, footers: bool = False) -> dict[str, str]:
    """Sheet → the text of its printed pages (pdftotext's layout mode, which keeps a word broken
    at a line's end in two, where the plain mode would join 'okonomiske-' and 'analyser'), without
    the footers unless asked: the sheet's name and 'af' on every page would stand in for a cell's
    word lost."""
    out, first = {}, 1
    for name, n in sheet_pages(pdf).items():
        text = subprocess.run([pdftotext, "-layout", "-f", str(first), "-l", str(first + n - 1), str(pdf), "-"],
                              capture_output=True, text=True, encoding="utf-8", check=True).stdout
        lines = text.splitlines()
        body = [line for line in lines if not FOOTER_LINE.search(line)]
        # one footer line a page (every sheet we write has it): not broken over lines, whose words would count
        assert len(lines) - len(body) == n, (name, n, [line for line in lines if FOOTER_LINE.search(line)])
        out[name] = text if footers else "\n".join(body)
        first += n
    return out


def cell_words(ws) -> Counter:
    """The words of the text cells a sheet prints: in its print area, rows and columns not hidden."""
    areas = [range_boundaries(a.split("!")[-1].replace("$", "")) for a in ws.print_area.split(",")]
    words: Counter = Counter()
    for row in ws.iter_rows():
        for c in row:
            if (isinstance(c.value, str) and not ws.row_dimensions[c.row].hidden
                    and not ws.column_dimensions[c.column_letter].hidden
                    and any(a[0] <= c.column <= a[2] and a[1] <= c.row <= a[3] for a in areas)):
                words.update(WORD.findall(c.value))
    return words


@pytest.mark.parametrize("name", ["blank", "blank-en", "result-housing-first", "result-ips-employment",
                                  "result-recidivism", "result-en", "annotated", "overview", "compare"])
def test_every_word_prints_and_no_number_is_hashes(printed, pdftotext, name):
    path, pdf = printed[name]
    texts = sheet_texts(pdftotext, pdf)
    wb = openpyxl.load_workbook(path, data_only=True)  # texts a formula gives are its cached values
    lost = {}
    for sheet, text in texts.items():
        assert "###" not in text, (sheet, [line for line in text.splitlines() if "###" in line][:3])
        on_paper = Counter(WORD.findall(text))
        short = {w: n for w, n in cell_words(wb[sheet]).items() if on_paper[w] < n}
        if short:
            lost[sheet] = short
    assert lost == {}


@pytest.mark.parametrize("name", ["blank", "result-housing-first", "result-ips-employment", "result-recidivism",
                                  "annotated", "overview", "compare"])
def test_danish_output_has_no_english_of_ours(printed, pdftotext, name):
    path, pdf = printed[name]
    words = Counter()
    for text in sheet_texts(pdftotext, pdf, footers=True).values():  # a sheet's name is printed there
        words.update(WORD.findall(text))
    # compare's case paths (optimism_bias.gains) are the keys of the case contract, as in its JSON and
    # in diff: named as such in their heading, next to the field's Danish label
    keys = set()
    if name == "compare":
        ws = openpyxl.load_workbook(path)["Forskelle i input"]
        assert ws["A1"].value == "Sti i sagen" and ws["B1"].value == "Felt"
        keys = {w for (v,) in ws.iter_rows(min_row=2, max_col=1, values_only=True) for w in WORD.findall(v or "")}
    assert sorted((ENGLISH & set(words)) - keys) == []
    assert [w for w in words if w.lower().startswith("arbejdsb")] == []


def test_the_checks_see_what_they_look_for(printed, pdftotext, tmp_path):
    """The word check fails on a text cut off by its neighbour and on a heading broken inside a word,
    also when the same word is printed whole elsewhere on the sheet's pages and in every page's
    footer (the sheet's name), and the page text shows ###: a sheet made to have each, printed the
    same way."""
    import xlsxwriter

    from somxl.workbooks_out.xlsxout import FOOTER

    path = tmp_path / "bad.xlsx"
    wb = xlsxwriter.Workbook(path)
    sheet = "Nettoomkostninger af året"  # in the footer of every page, as our sheets' names are
    ws = wb.add_worksheet(sheet)
    ws.set_column(0, 2, 10)
    ws.set_column(3, 3, 40)
    ws.write_string(0, 0, "Diskonteringsrente og optimismetillæg", wb.add_format({"bold": True}))
    ws.write_string(0, 1, "x")
    ws.write_string(1, 0, "Nettoomkostninger", wb.add_format({"bold": True, "text_wrap": True}))
    ws.write_number(2, 0, 123456789012, wb.add_format({"num_format": "#,##0"}))
    # the cut words printed whole too, in a wide column: the count, not the word's presence, tells
    ws.write_string(0, 3, "optimismetillæg")
    ws.write_string(1, 3, "Nettoomkostninger")
    ws.print_area(0, 0, 2, 3)
    ws.set_footer(FOOTER["da"])
    wb.close()
    pdf, = convert([path], tmp_path / "pdf", to="pdf", recalc=False, locale="da-DK")
    text = sheet_texts(pdftotext, pdf)[sheet]
    short = {w for w, n in cell_words(openpyxl.load_workbook(path)[sheet]).items() if Counter(WORD.findall(text))[w] < n}
    assert {"optimismetillæg", "Nettoomkostninger"} <= short
    assert "###" in text
    assert "123.456.789.012" not in text
