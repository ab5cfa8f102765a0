"""Guidance for the department: Danish plurals and decimal commas in what somxl prints, the
greyed example line of every input table (never read), the glossary and the guide text."""

from __future__ import annotations

import openpyxl
import pytest

from fixtures import WORKED
from readback import fill, sample
from somxl.model.case import parse_case
from somxl.workbooks_out.generate import write_input_workbook
from somxl.base.numbers import counted
from somxl.workbook_in.read import read_workbook
from somxl.render import render_report
from somxl.base.report import Issue, Report
from somxl.model.spec import load_spec


def report_of(*codes: str) -> Report:
    report = Report(file="svar.xlsx")
    for code in codes:
        report.issues.append(Issue(code, sheet="4 Effekt", cell="C9"))
    return report


@pytest.mark.parametrize(("codes", "da", "en"), [
    (("W001",), "gyldig: 0 fejl, 1 advarsel", "valid: 0 errors, 1 warning"),
    (("W001", "W002"), "gyldig: 0 fejl, 2 advarsler", "valid: 0 errors, 2 warnings"),
    (("C005",), "UGYLDIG: 1 fejl, 0 advarsler", "INVALID: 1 error, 0 warnings"),
])
def test_verdicts_count_in_singular_and_plural(codes, da, en):
    assert render_report(report_of(*codes), "da").splitlines()[0] == f"svar.xlsx: {da}"
    assert render_report(report_of(*codes), "en").splitlines()[0] == f"svar.xlsx: {en}"
    assert counted(1, "fil", "filer") == "1 fil" and counted(0, "fil", "filer") == "0 filer"


def test_success_rate_warnings_speak_percent_with_a_decimal_comma():
    w001 = parse_case({**WORKED, "effect": {"success_rate": 0.125, "rate_with": 0.125, "rate_without": 0.025}})[1][0]
    assert w001.code == "W001"
    assert w001.message("da").startswith("Succesraten (12,5 %) er lig med andelen med indsatsen, selvom 2,5 % ")
    assert "Brug 10 % (med − uden) som succesrate" in w001.message("da")
    assert "Use 10% (with − without)" in w001.message("en")
    w002 = parse_case({**WORKED, "effect": {"success_rate": 0.2, "rate_with": 0.125, "rate_without": 0.025}})[1][0]
    assert w002.code == "W002" and "(20 %)" in w002.message("da") and "(10 %)" in w002.message("da")
    assert "0.1" not in w002.message("da") and "0,1" not in w002.message("da")


def test_large_numbers_in_messages_are_grouped_years_are_not():
    big = parse_case({**WORKED, "costs": [{**WORKED["costs"][0], "amount": 1e13}]})[1]
    v001 = next(i for i in big if i.code == "V001")
    assert "1.000.000.000.000" in v001.message("da") and "1,000,000,000,000" in v001.message("en")
    assert "10.000.000.000.000" in v001.message("da")
    from somxl.base.report import _show

    assert [_show(v) for v in (2026, 9999, 12345.5, 0.1, 1e308)] == ["2026", "9999", "12.345,5", "0,1", "1e+308"]
    assert _show(True) == "True" and _show(-25000.0, "en") == "-25,000"


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    path = tmp_path_factory.mktemp("guide") / "blank.xlsx"
    write_input_workbook(path)
    return path


def test_every_input_table_has_a_grey_example_line_outside_its_name(blank):
    wb = openpyxl.load_workbook(blank)
    for table in load_spec().tables:
        (sheet, ref), = wb.defined_names[table.name].destinations
        first_row = int(ref.split(":")[0].split("$")[-1])
        ws = wb[sheet]
        example = ws.cell(first_row - 1, 1)
        assert example.value == "Eks.", table.path
        assert ws.cell(first_row - 2, 1).value == "Nr."  # the heading is right above it
        cell = ws.cell(first_row - 1, 2)
        assert cell.value is not None and cell.font.i and cell.protection.locked, table.path
        assert cell.fill.fgColor.rgb.endswith("F2F2F2")


def test_the_example_line_is_never_read(tmp_path):
    case = sample("ips-employment")
    fill(tmp_path / "svar.xlsx", case)
    read = read_workbook(tmp_path / "svar.xlsx")
    assert read.case == case  # no line more than the case's
    blank = tmp_path / "blank.xlsx"
    write_input_workbook(blank)
    empty = read_workbook(blank).case
    for path in ("participants", "costs", "replaced_costs", "consequences", "assumptions"):
        assert not empty.get(path), path


def test_glossary_and_guide_text(blank):
    ws = openpyxl.load_workbook(blank)["Vejledning"]
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Ordliste" in texts
    for term in ("Succesrate", "Konsekvens", "Pris efter refusion", "Betaler", "Prisår", "Diskontering"):
        assert term in texts
    assert not any("Holder musen" in t for t in texts)
    assert any("Når du markerer et felt, vises en forklaring" in t for t in texts)


def test_year_columns_beyond_a_locked_horizon_are_locked_and_grey(tmp_path):
    from somxl.workbooks_out.generate import NewOptions

    path = tmp_path / "låst.xlsx"
    write_input_workbook(path, options=NewOptions(settings={"start_year": 2027, "horizon_years": 5}))
    wb = openpyxl.load_workbook(path)
    (sheet, ref), = wb.defined_names["Kons_Aendringer"].destinations
    top_left = ref.split(":")[0].replace("$", "")
    ws = wb[sheet]
    first = ws[top_left]
    for row in (0, 10):
        inside = first.offset(row=row, column=4)  # year 5
        beyond = first.offset(row=row, column=5)  # year 6
        assert inside.protection.locked is False and inside.fill.fgColor.rgb.endswith("FFF2CC")
        assert beyond.protection.locked is not False and beyond.fill.fgColor.rgb.endswith("E7E6E6")
    # without a locked horizon every year is an input
    write_input_workbook(tmp_path / "åben.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "åben.xlsx")[sheet]
    assert ws[top_left].offset(column=49).protection.locked is False


@pytest.mark.parametrize(("typed", "code", "said"), [
    ("150 %", "V026", "150 % er over 100 % (værdien «1,5» læst som andel); en andel ligger mellem 0 % og 100 %."),
    (1.5, "V026", "150 % er over 100 % (værdien «1,5» læst som andel)"),
    ("120", "V026", "12000 % er over 100 % (værdien «120» læst som andel); en andel ligger mellem 0 % og 100 %."),
    (25, "V003", "Skriv 25 % som 0,25."),
])
def test_percentages_speak_percent(tmp_path, typed, code, said):
    from readback import edit
    from somxl.workbook_in.validate import validate_file

    layout = fill(tmp_path / "ok.xlsx", sample("ips-employment"))
    path = edit(tmp_path / "ok.xlsx", tmp_path / "pct.xlsx", layout, {"intervention.completion_rate": typed})
    issues = [i for i in validate_file(path).report.issues if i.path == "intervention.completion_rate"]
    errors = [i for i in issues if i.severity == "error"]
    assert [i.code for i in errors] == [code]
    assert said in errors[0].message("da")
    assert "1,5 % som 0,015" not in errors[0].message("da")


def test_every_help_page_describes_help_and_version_in_both_languages():
    from click.testing import CliRunner

    from somxl.cli import cli

    pages = {"": CliRunner().invoke(cli, ["-h"]).output}
    pages.update({name: CliRunner().invoke(cli, [name, "-h"]).output for name in cli.commands})
    for name, page in pages.items():
        assert "Vis denne hjælp / show this help." in page and "Show this message" not in page, name
    assert "Vis versionen / show the version." in pages[""] and "Show the version" not in pages[""]


@pytest.mark.parametrize(("args", "da", "en"), [
    (["calc"], "Fejl: Argumentet 'FILE' mangler.", "Error: Missing argument 'FILE'."),
    (["calc", "x.json", "--bogus"], "Fejl: Tilvalget '--bogus' findes ikke.", "Error: No such option '--bogus'."),
    (["frob"], "Fejl: Kommandoen 'frob' findes ikke.", "Error: No such command 'frob'."),
    (["collect", "x", "--timeout", "abc"], "Fejl: Ugyldig værdi for '--timeout': 'abc' er ikke et tal.",
     "Error: Invalid value for '--timeout': 'abc' is not a valid float range."),
    (["calc", "-o"], "Fejl: Tilvalget '-o' skal have en værdi.", "Error: Option '-o' requires an argument."),
])
def test_usage_errors_in_the_chosen_language(args, da, en):
    from click.testing import CliRunner

    from somxl.cli import cli

    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 2 and res.stderr.rstrip().endswith(da), res.stderr
    assert "Usage:" not in res.stderr and ("Brug: " in res.stderr or args == ["calc", "-o"])
    res = CliRunner().invoke(cli, [*args, "--lang", "en"] if args != ["calc", "-o"] else ["calc", "--lang", "en", "-o"])
    assert res.exit_code == 2 and res.stderr.rstrip().endswith(en), res.stderr
