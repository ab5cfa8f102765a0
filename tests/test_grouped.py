"""Warnings that help instead of drown: in the terminal and on the Validering sheets, warnings
of one code in one table are one line listing the cells; the JSON keeps one issue per cell.
Terminal tables wrap their message column to the terminal's width."""

from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner

from readback import edit, fill, sample
from somxl.cli import cli
from somxl.render import render_report
from somxl.base.report import Issue, Report, _ranges
from somxl.workbook_in.validate import validate_file

TYPED_AS_TEXT = {"costs[0].amount": "1.100.000", "costs[1].amount": "38.300,00", "costs[2].amount": "5.000,50",
                 "replaced_costs[0].amount": "33.000,00"}


def hand_filled(tmp_path):
    """A plausible hand-filled workbook: amounts typed as text in two tables (R001 each)."""
    case = sample("ips-employment")
    layout = fill(tmp_path / "ok.xlsx", case)
    assert len(case["costs"]) >= 3 and case["replaced_costs"]
    return edit(tmp_path / "ok.xlsx", tmp_path / "svar.xlsx", layout, TYPED_AS_TEXT)


def test_one_line_per_code_and_table_in_text_one_issue_per_cell_in_json(tmp_path):
    path = hand_filled(tmp_path)
    report = validate_file(path).report
    r001 = [i for i in report.issues if i.code == "R001"]
    assert len(r001) == 4
    text = CliRunner().invoke(cli, ["validate", str(path)]).output
    lines = [line for line in text.splitlines() if " R001 " in line]
    assert len(lines) == 2, text  # costs (3 cells) and replaced costs (1 cell)
    costs = next(line for line in lines if "i 3 celler" in line)
    assert "3 Omkostninger" in costs and "Tal skrevet som tekst i 3 celler. Fx 3 Omkostninger!" in costs
    cells = [i.cell for i in r001 if i.path.startswith("costs[")]
    assert f"{cells[0]}:{cells[-1]}" in costs  # neighbouring cells as a range
    doc = json.loads(CliRunner().invoke(cli, ["validate", str(path), "--json"]).output)
    assert [(i["code"], i["cell"]) for i in doc["issues"] if i["code"] == "R001"] == [("R001", i.cell) for i in r001]


def test_annotated_validering_groups_too_and_keeps_a_comment_per_cell(tmp_path):
    path = hand_filled(tmp_path)
    out = tmp_path / "rettet.xlsx"
    CliRunner().invoke(cli, ["validate", str(path), "--annotate", str(out)])
    wb = openpyxl.load_workbook(out)
    rows = [r for r in wb["Validering"].iter_rows(min_row=4, values_only=True) if r[1] == "R001"]
    assert len(rows) == 2
    sheet = wb["3 Omkostninger"]
    commented = [c.coordinate for row in sheet.iter_rows() for c in row if c.comment and "R001" in c.comment.text]
    assert len(commented) == 4  # the three costs and the replaced cost, each with its own comment


def test_errors_stay_one_line_each_and_ranges_compress():
    report = Report(issues=[Issue("C005", sheet="3 Omkostninger", cell=f"B{r}", path=f"costs[{r}].item")
                            for r in (23, 24)])
    assert len([line for line in render_report(report).splitlines() if "C005" in line]) == 2
    assert _ranges(["G24", "G25", "G26", "H30", "R18", "S18", "T18"]) == "G24:G26, H30, R18:T18"


def test_tables_wrap_the_message_column_to_the_width():
    report = Report(file="svar.xlsx", issues=[Issue("R017", sheet="5 Konsekvenser", cell=f"{c}18",
                                                    field="Ændring år 3, linje 1", path=f"consequences[0].changes[{j}]")
                                              for j, c in enumerate("RSTU")])
    wide = render_report(report, "da")
    narrow = render_report(report, "da", width=80)
    assert max(map(len, wide.splitlines())) > 80
    assert max(map(len, narrow.splitlines())) <= 80
    words = lambda text: " ".join(w for w in text.split() if set(w) != {"-"})  # noqa: E731
    assert words(narrow) == words(wide)  # the same words, only wrapped
    assert "R18:U18" in narrow and "i 4 celler" in words(narrow)
