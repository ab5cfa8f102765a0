"""Hostile files in every role a file plays (the red-team round): settings, case JSON, recipient
lists, catalogues, manifests and output paths. Each input is built here; each is answered with an
issue code and an exit code, never a traceback, and no input changes."""

from __future__ import annotations

import json

import pytest

from hostile import unchanged
from readback import sample


# --- settings (--settings) -----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    'price_index: {"²": 100}\n',  # '²'.isdigit() is True, int('²') raises
    "price_index: {2024: .inf, 2026: 104.1}\n",  # XlsxWriter cannot write infinity
    'price_index: {"99999": 100}\n',  # a year the workbook itself then calls invalid (R008)
    "price_index: {1989: 100}\n",
], ids=["superscript-year", "infinite-index", "year-99999", "year-1989"])
def test_settings_price_index_outside_what_a_workbook_holds(tmp_path, text):
    path = tmp_path / "indstillinger.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "skabelon.xlsx"
    run = unchanged([path], "new", out, "--settings", path)
    assert run.code == 2 and "price_index skal være år" in run.err and not out.exists(), run.text


def test_settings_number_of_thousands_of_digits(tmp_path):
    path = tmp_path / "indstillinger.yaml"
    path.write_text("horizon_years: 1" + "0" * 5000 + "\n", encoding="utf-8")
    run = unchanged([path], "new", tmp_path / "o.xlsx", "--settings", path, "--lang", "en")
    assert run.code == 2 and "contains a number with thousands of digits" in run.err, run.err
    assert "set_int_max_str_digits" not in run.err


# --- case JSON -----------------------------------------------------------------------------------

def test_case_price_index_year_of_a_superscript_digit(tmp_path):
    data = sample()
    data["settings"]["price_index"] = {"²": 100, "2026": 104.1}
    path = tmp_path / "sag.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = unchanged([path], "calc", path)
    assert run.code == 1 and "V001" in run.err, run.text


# --- outputs -------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["new", "calc", "calc-json", "export", "fill", "annotate", "collect-json",
                                     "compare"])
def test_an_output_that_is_a_pipe_is_never_replaced(filled_book, tmp_path, command):
    """A named pipe (or a device such as /dev/stdout, where the user may write) given as an output:
    the rename onto it would put a regular file in its place. Refused with --force too."""
    import os
    import stat

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    src = filled_book[0]
    case = tmp_path / "sag.json"
    case.write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    pipe = tmp_path / "ud.xlsx"
    os.mkfifo(pipe)
    args = {"new": ("new", pipe), "calc": ("calc", src, "-o", pipe), "calc-json": ("calc", src, "--json", pipe),
            "export": ("export", src, "-o", pipe), "fill": ("fill", case, "-o", pipe),
            "annotate": ("validate", src, "--annotate", pipe), "collect-json": ("collect", src, "--json", pipe),
            "compare": ("compare", src, case, "-o", pipe)}[command]
    for lang, text in (("da", "er ikke en almindelig fil"), ("en", "is not a regular file")):
        run = unchanged([src, case], *args, "--force", "--lang", lang)
        assert run.code == 2 and text in run.err, run.text
        assert stat.S_ISFIFO(os.stat(pipe).st_mode)


# --- recipient lists -----------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("CONIN$", "_CONIN$"), ("conout$.txt", "_conout$.txt"),  # Windows' console devices too
    ("\u200b", "_"), ("Job\u200bcenter\ufeff", "Job_center_"),  # invisible: a name shown as another
    ("-rf", "_-rf"), ("--force", "_--force"),  # a copy's name must not read as an option on a command line
])
def test_file_names_windows_and_command_lines_accept(text, expected):
    from somxl.loop.distribute import safe_file_stem

    assert safe_file_stem(text) == expected


# --- catalogues (--catalog) ----------------------------------------------------------------------

def test_catalogue_price_of_400_digits_is_no_number(tmp_path):
    """float('1' + 400 zeros) is infinity, which no workbook cell can hold."""
    path = tmp_path / "viden.csv"
    path.write_text("type;name;domain;unit;kind;price_stat;price_year;source\r\n"
                    f"konsekvens;Fængselsdage;Sundhed;dage;udgift;1{'0' * 400};2024;Egne tal\r\n", encoding="utf-8")
    run = unchanged([path], "new", tmp_path / "o.xlsx", "--catalog", path)
    assert run.code == 2 and "K006" in run.text and not (tmp_path / "o.xlsx").exists(), run.text


def test_a_list_with_an_unclosed_quote_is_refused_not_merged(tmp_path):
    """'"Jobcenter;Kim' never closes its quote: csv reads the rest of the file as one cell, and
    distribute sent one copy to a department called 'Jobcenter;Kim Ældre;Lis'."""
    lst = tmp_path / "liste.csv"
    lst.write_text('afdeling;modtager\r\n"Jobcenter;Kim\r\nÆldre;Lis\r\n', encoding="utf-8")
    run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud")
    assert run.code == 2 and not (tmp_path / "ud").exists(), run.text


def test_a_list_cell_over_the_csv_field_limit_is_not_called_xml(tmp_path):
    lst = tmp_path / "liste.csv"
    lst.write_text("afdeling\r\n" + "J" * 200_000 + "\r\n", encoding="utf-8")
    run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud", "--lang", "en")
    assert run.code == 2 and "XML" not in run.err, run.err


def test_a_list_with_excels_sep_line_takes_its_delimiter(tmp_path):
    """'sep=,' on the first line tells Excel the delimiter and is not shown as a row: it was read as
    the heading, and the list had no department column (D002). Rows are counted as Excel shows them."""
    from somxl.loop.distribute import read_recipients

    lst = tmp_path / "liste.csv"
    lst.write_text("sep=,\r\nafdeling,modtager\r\nJobcenter,Kim\r\nÆldre; Sundhed,Lis\r\n", encoding="utf-8")
    recipients, report = read_recipients(lst)
    assert [(r.department, r.recipient) for r in recipients] == [("Jobcenter", "Kim"), ("Ældre; Sundhed", "Lis")]
    assert report.valid and [r.row for r in recipients] == [2, 3]


def test_a_list_workbook_with_a_hidden_first_sheet_reads_the_sheet_shown(tmp_path):
    """A hidden sheet before the list (last year's list, a lookup table) was read as the list, so the
    copies went to departments the user never saw."""
    from xlsx_build import build_xlsx, cell_xml

    from somxl.loop.distribute import read_recipients

    def sheet(*departments):
        cells = [("A1", "afdeling"), *((f"A{i}", d) for i, d in enumerate(departments, start=2))]
        return "".join(f'<row r="{ref[1:]}">{cell_xml(ref, ("inline", v), None)}</row>' for ref, v in cells)

    lst = build_xlsx(tmp_path / "liste.xlsx", [("Gammel", sheet("Nedlagt")), ("Liste", sheet("Jobcenter", "Ældre"))],
                     states={"Gammel": "hidden"})
    recipients, _ = read_recipients(lst)
    assert [r.department for r in recipients] == ["Jobcenter", "Ældre"]


# --- options -------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["validate", "collect"])
@pytest.mark.parametrize("seconds", ["nan", "inf", "1e308"])
def test_a_time_limit_of_nan_or_infinity_is_a_usage_error(filled_book, command, seconds):
    """inf crashed the worker pool (OverflowError); nan compared false with every clock reading,
    which is no time limit at all."""
    src = filled_book[0]
    run = unchanged([src], command, src, src, "--timeout", seconds, *(["-q"] if command == "collect" else []))
    assert run.code == 2 and "ligger ikke i intervallet" in run.err, run.text


@pytest.mark.parametrize("text, code", [("[1, 2]", "C006"), ('[{"file": "a.xlsx"}]', "C006"), ("[1, 2", "C007"),
                                        ("", "F002")], ids=["array", "validate-json-output", "cut-array", "empty"])
def test_a_json_list_is_told_as_json(tmp_path, text, code):
    """A JSON list (validate --json's output for several files) was F009: 'a text file (CSV, HTML or
    XML), not an Excel workbook ... return it as .xlsx'."""
    path = tmp_path / "sag.json"
    path.write_text(text, encoding="utf-8")
    run = unchanged([path], "validate", path, "--json")
    assert [i["code"] for i in json.loads(run.out)["issues"]] == [code] and run.code in (1, 2), run.text


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_excel_error_value_in_a_list_is_no_department(tmp_path, suffix):
    """A broken formula shows #REF! in Excel and is saved so in a CSV: distribute sent a copy named
    '#REF!.xlsx' to a department called '#REF!', and '#N/A' became a deadline."""
    from xlsx_build import build_xlsx, cell_xml

    lst = tmp_path / f"liste.{suffix}"
    if suffix == "csv":
        lst.write_text("afdeling;frist\r\n#REF!;2027-01-15\r\nJobcenter;#N/A\r\n", encoding="utf-8")
    else:
        rows = [("A1", ("inline", "afdeling")), ("B1", ("inline", "frist")), ("A2", ("e", "#REF!")),
                ("B2", ("inline", "2027-01-15")), ("A3", ("inline", "Jobcenter")), ("B3", ("e", "#N/A"))]
        body = "".join(f'<row r="{r}">{"".join(cell_xml(ref, v, None) for ref, v in rows if ref[1:] == str(r))}</row>'
                       for r in (1, 2, 3))
        build_xlsx(lst, [("Ark1", body)])
    run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud", "--lang", "en")
    assert run.code == 2 and not (tmp_path / "ud").exists(), run.text
    assert run.err.count("D013") == 2 and "A2" in run.err and "B3" in run.err, run.err


# --- what is printed -----------------------------------------------------------------------------

def test_a_line_break_in_a_file_name_prints_no_line_of_its_own(tmp_path):
    """A returned file may be named anything: 'x<newline>3 filer: 3 gyldige.xlsx' printed a forged
    verdict line of its own in collect's and validate's output (tabs and line breaks passed clean)."""
    import os

    if os.name == "nt":
        pytest.skip("Windows refuses line breaks in file names")
    folder = tmp_path / "svar"
    folder.mkdir()
    forged = "3 filer: 3 gyldige, 0 ugyldige"
    path = folder / f"x\n{forged}\t.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))  # unreadable: its name is printed in the reasons too
    for args in (("collect", folder, "-q"), ("validate", path), ("calc", path), ("diff", path, path)):
        run = unchanged([path], *args)
        assert run.code == 2, run.text
        assert not any(line.startswith(forged) for line in run.text.splitlines()), run.text
        assert "\t" not in run.text, run.text


@pytest.mark.parametrize("text, key", [
    ('{"start_year": 2026, "horizon_years": 10, "start_year": 2027}', "start_year"),
    ("price_index:\n  2024: 100\n  '2024': 98\n", "2024"),
], ids=["json", "yaml-price-index"])
def test_a_setting_written_twice_is_refused(tmp_path, text, key):
    """JSON and YAML readers keep one of the two silently, and the copy sent to every department
    is locked with it; a case file with a key twice is already C008."""
    path = tmp_path / "indstillinger.json"
    path.write_text(text, encoding="utf-8")
    run = unchanged([path], "new", tmp_path / "o.xlsx", "--settings", path, "--lang", "en")
    assert run.code == 2 and f"the key {key} is written twice" in run.err, run.err
    assert not (tmp_path / "o.xlsx").exists()


# --- returned workbooks --------------------------------------------------------------------------

def test_an_earlier_overview_in_the_folder_is_no_answer(filled_book, tmp_path):
    """collect svar/ -o svar/oversigt-1.xlsx --json svar/o.json, then collect svar/ again (without
    those outputs, or with a new date in the name): the earlier overview counted as an unreadable
    answer (R028, exit 2) and its JSON as an invalid case (C003 'files')."""
    import shutil

    folder = tmp_path / "svar"
    folder.mkdir()
    shutil.copy(filled_book[0], folder / "Jobcenter.xlsx")
    first = unchanged([folder / "Jobcenter.xlsx"], "collect", folder, "-q", "-o", folder / "oversigt-1.xlsx",
                      "--json", folder / "o.json")
    assert first.code == 0, first.text
    again = unchanged([folder / "Jobcenter.xlsx"], "collect", folder, "-q", "-o", tmp_path / "oversigt-2.xlsx")
    assert again.code == 0 and "1 fil: 1 gyldig" in again.out, again.text
    alone = unchanged([], "collect", folder / "oversigt-1.xlsx", "-q")
    assert alone.code == 2 and "E012" not in alone.text and "oversigt-1.xlsx" in alone.err, alone.text


def test_a_result_json_in_the_folder_is_no_answer(filled_book, tmp_path):
    """calc svar/Jobcenter.xlsx --json svar/Jobcenter.json, then collect svar/: the result JSON was an
    invalid answer (C001, its schema is somxl/result@1) and made the collection invalid (exit 1)."""
    import shutil

    folder = tmp_path / "svar"
    folder.mkdir()
    shutil.copy(filled_book[0], folder / "Jobcenter.xlsx")
    made = unchanged([folder / "Jobcenter.xlsx"], "calc", folder / "Jobcenter.xlsx", "-o",
                     tmp_path / "resultat.xlsx", "--json", folder / "Jobcenter.json")
    assert made.code == 0, made.text
    run = unchanged([folder / "Jobcenter.xlsx", folder / "Jobcenter.json"], "collect", folder, "-q", "-o",
                    tmp_path / "oversigt.xlsx")
    assert run.code == 0 and "1 fil: 1 gyldig" in run.out, run.text


def test_a_comparison_of_more_cases_than_a_chart_holds(tmp_path):
    """An Excel chart holds at most 255 series: for 'compare svar/*.xlsx' of 300 answers XlsxWriter
    left the rest out and printed a Python UserWarning on the user's console. The table keeps
    every case; the chart the first 255, without a warning."""
    import re
    import warnings
    import zipfile

    from somxl.loop.compare import compare_files, write_comparison

    case = tmp_path / "sag.json"
    case.write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    c = compare_files([case, case])
    c.cases = c.cases * 150
    out = tmp_path / "sammenligning.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        write_comparison(out, c)
    with zipfile.ZipFile(out) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        series = [len(re.findall(r"<c:ser>", z.read(n).decode("utf-8"))) for n in charts]
    assert series == [255]


def test_a_sheet_deleted_from_a_second_round_copy_is_not_found_in_validering(filled_book, tmp_path):
    """A next-round copy carries somxl's own sheet Validering. With one template sheet deleted, the
    reader took Validering for that sheet 'renamed' (R013) and read its inputs from the list of
    issues (a W004 at 'Validering' B6 for a deleted Antagelser)."""
    import re

    from xlsx_build import edit_copy, part

    src = filled_book[0]
    second = tmp_path / "runde2.xlsx"
    assert unchanged([src], "fill", src, "--next-round", "-o", second).code == 0
    element = re.search(r'<sheet name="Antagelser"[^>]*/>', part(second, "xl/workbook.xml")).group(0)
    gone = edit_copy(second, tmp_path / "uden-antagelser.xlsx", {}, replace={"xl/workbook.xml": (element, "")})
    run = unchanged([gone], "validate", gone, "--json")
    issues = json.loads(run.out)["issues"]
    assert "R012" in [i["code"] for i in issues] and not any(i["sheet"] == "Validering" for i in issues), run.out


def test_the_reader_knows_the_annotation_sheet_by_its_names():
    from somxl.workbooks_out.annotate import SHEET
    from somxl.workbook_in.read import ANNOTATION_SHEETS

    assert set(ANNOTATION_SHEETS) == set(SHEET.values())


@pytest.mark.parametrize("table, count", [("consequences", 501), ("costs", 501), ("scenarios", 51)])
def test_a_case_of_thousands_of_lines_is_refused_before_it_is_calculated(tmp_path, table, count):
    """8 MB of case JSON held 20,000 consequence lines: calc took 310 s and 3.2 GB (the Monte Carlo
    draws per line), 30,000 cost lines 255 s; 500 scenarios are 500 calculations."""
    data = sample()
    data["uncertainty"]["consequences"] = {}
    line = {"scenarios": {"name": "s", "success_rate": 0.2}}.get(table) or data[table][0]
    key = "item" if table == "costs" else "name"
    data[table] = [{**line, key: f"{key} {i}"} for i in range(count)]
    path = tmp_path / "sag.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = unchanged([path], "calc", path, "--lang", "en")
    assert run.code == 1 and "V027" in run.err and f"has {count} lines" in run.err, run.err[-2000:]


@pytest.mark.parametrize("part", ["meta", "answers", "uncertainty", "costs"])
def test_a_case_object_of_a_hundred_thousand_fields_is_refused_at_once(tmp_path, part):
    """5.5 MB of case JSON with 400,000 unknown fields in meta: validate took 41 s and 690 MB and
    printed 92 MB, an issue per field. No part of a case holds more than 1,000 entries."""
    data = sample()
    many = {f"k{i}": 1 for i in range(100_000)}
    if part == "uncertainty":
        data["uncertainty"]["consequences"] = {k: [0.5, 1.5] for k in many}
    elif part == "costs":
        data["costs"] = [data["costs"][0]] * 20_000  # 100,000 lines are over the 10 MB of a text input
    else:
        data[part] = many
    path = tmp_path / "sag.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = unchanged([path], "validate", path, "--lang", "en")
    count = "20,000" if part == "costs" else "100,000"
    assert run.code == 2 and "C007" in run.out and f"{count} entries" in run.out, run.text[-3000:]
    assert len(run.text) < 5_000


def test_a_case_file_over_the_size_limit_is_said_in_one_sentence(tmp_path):
    path = tmp_path / "sag.json"
    path.write_text('{"schema": "' + "x" * 11_000_000 + '"}', encoding="utf-8")
    run = unchanged([path], "validate", path, "--lang", "en")
    assert run.code == 2 and "The file sag.json is too large. Fix the file" in run.out, run.out


def test_a_list_of_thousands_of_rows_writes_no_copy(tmp_path):
    """A register export passed as the recipient list: 200,000 rows would be 200,000 workbooks
    (about 0.2 s and 60 kB each: hours and gigabytes). A list of more than 10,000 recipients, the
    scale collect is measured for, is refused before the first copy."""
    lst = tmp_path / "liste.csv"
    lst.write_text("afdeling\r\n" + "".join(f"Borger {i}\r\n" for i in range(10_001)), encoding="utf-8")
    run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud", "--lang", "en")
    assert run.code == 2 and "D014" in run.err and "10,001 recipients" in run.err, run.err[-2000:]
    assert not (tmp_path / "ud").exists()


def test_a_catalogue_of_thousands_of_bad_rows_stops_after_500_problems(tmp_path):
    """30,000 rows with a bad kind and price (1.3 MB) printed 9 MB of issues in 8 s and 144 MB; the
    10 MB a text input may be, about eight times that."""
    path = tmp_path / "viden.csv"
    path.write_text("type;name;domain;unit;kind;price_stat\r\n"
                    + "".join(f"konsekvens;K{i};Sundhed;dage;måske;abc\r\n" for i in range(30_000)), encoding="utf-8")
    run = unchanged([path], "catalog", "--catalog", path, "--lang", "en")
    assert run.code == 2 and "K021" in run.text and len(run.text) < 400_000, len(run.text)


@pytest.mark.parametrize("shape", ["headings", "sheets"])
def test_a_catalogue_workbook_of_thousands_of_bad_headings_or_sheets_stops_after_500_problems(tmp_path, shape):
    """The 500 problems were counted between rows only: twelve sheets of 16,384 unknown headings (1 MB)
    printed 196,596 K003 in 78 MB and 16.7 s, and every sheet that is no knowledge table was a K011
    (up to the 5,000 parts of a package). The headings and the sheets stop there too (K021)."""
    from xlsx_build import build_xlsx, cell_xml

    from somxl.base.xlsxread import col_to_letters

    if shape == "headings":
        head = "".join(cell_xml(f"{col_to_letters(c)}1", ("inline", "type" if c == 1 else f"ukendt{c}"), None)
                       for c in range(1, 2_001))
        sheets = [(f"Ark{i}", f'<row r="1">{head}</row>') for i in range(3)]
    else:
        sheets = [(f"Ark{i}", f'<row r="1">{cell_xml("A1", ("inline", "x"), None)}</row>') for i in range(700)]
    path = build_xlsx(tmp_path / "viden.xlsx", sheets)
    run = unchanged([path], "catalog", "--catalog", path, "--lang", "en")
    assert run.code == 2 and run.text.count("K021") == 1 and len(run.text) < 400_000, len(run.text)
    assert run.text.count("K003" if shape == "headings" else "K011") == 500, run.text[-500:]


def test_a_list_of_thousands_of_unknown_columns_is_one_warning_per_column_up_to_20(tmp_path):
    """20,000 unknown headings were 20,000 warnings of a full line each."""
    lst = tmp_path / "liste.csv"
    lst.write_text("afdeling;" + ";".join(f"x{i}" for i in range(20_000)) + "\r\nJobcenter\r\n", encoding="utf-8")
    run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud", "--lang", "en")
    assert run.code == 0 and run.err.count("D003") == 20 and "D015" in run.err and "19,980 more" in run.err, run.err


# --- '-' as an output ----------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["new", "calc", "fill", "annotate", "collect", "collect-table", "compare",
                                     "distribute", "demo"])
def test_a_dash_for_a_workbook_a_table_or_a_folder_is_refused(filled_book, tmp_path, command):
    """'calc svar.xlsx -o -' wrote a file called '-' in the current folder and said 'Skrev -'. '-' is
    standard output where the output is JSON (--json, export -o); a workbook, the CSV table made for
    Excel or a folder cannot go there: refused before any work, and a file called '-' is './-'."""
    src = filled_book[0]
    case = tmp_path / "sag.json"
    case.write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    lst = tmp_path / "liste.csv"
    lst.write_text("afdeling\r\nJobcenter\r\n", encoding="utf-8")
    args = {"new": ("new", "-"), "calc": ("calc", src, "-o", "-"), "fill": ("fill", case, "-o", "-"),
            "annotate": ("validate", src, "--annotate", "-"), "collect": ("collect", src, "-q", "-o", "-"),
            "collect-table": ("collect", src, "-q", "--table", "-"), "compare": ("compare", src, case, "-o", "-"),
            "distribute": ("distribute", lst, "-o", "-"), "demo": ("demo", "-")}[command]
    for lang, text in (("da", "står for standardoutput"), ("en", "stands for standard output")):
        run = unchanged([src, case, lst], *args, "--lang", lang, cwd=tmp_path)
        assert run.code == 2 and text in run.err and "./-" in run.err, run.text
        assert not (tmp_path / "-").exists() and run.out == "", run.text


@pytest.mark.parametrize("option", ["-o", "--json", "--table"])
def test_an_empty_output_name_is_refused_not_the_current_folder(tmp_path, option):
    """'distribute liste.csv -o ""' (a script's unset variable) wrote the copies and the manifest into
    the current folder: Path('') is '.'. Every output's name is checked the same way."""
    lst = tmp_path / "liste.csv"
    lst.write_text("afdeling\r\nJobcenter\r\n", encoding="utf-8")
    args = {"-o": ("distribute", lst, "-o", ""), "--json": ("calc", lst, "--json", ""),
            "--table": ("collect", lst, "-q", "--table", "")}[option]
    for lang, text in (("da", "navnet er tomt"), ("en", "the name is empty")):
        run = unchanged([lst], *args, "--lang", lang, cwd=tmp_path)
        assert run.code == 2 and text in run.err, run.text
        assert sorted(p.name for p in tmp_path.iterdir()) == ["liste.csv"]


def test_export_to_a_dash_is_the_case_on_standard_output(filled_book, tmp_path):
    src = filled_book[0]
    run = unchanged([src], "export", src, "-o", "-", cwd=tmp_path)
    assert run.code == 0 and json.loads(run.out)["schema"] == "somxl/case@2", run.text
    assert not (tmp_path / "-").exists()
    named = unchanged([src], "export", src, "-o", "./-", cwd=tmp_path)  # a file that is called '-'
    assert named.code == 0 and json.loads((tmp_path / "-").read_text(encoding="utf-8")) == json.loads(run.out)


# --- a recipient list's cells --------------------------------------------------------------------

def test_a_department_is_text_or_a_short_whole_number(tmp_path):
    """A department cell holding TRUE was the department 'True'; 1E+308 became a 309-digit file name
    and department; a date was a department called '2027-01-15'. A department (and a recipient, an e-mail, an id) is a text, or a whole number
    Excel shows whole (at most 11 digits: a cost centre such as 4200)."""
    from xlsx_build import build_xlsx, cell_xml

    from somxl.loop.distribute import read_recipients
    from somxl.base.errors import InputError

    cells = {1: [("A1", ("inline", "afdeling")), ("B1", ("inline", "modtager"))],
             2: [("A2", ("b", 1))], 3: [("A3", ("n", "1E+308"))], 4: [("A4", ("n", "12.5"))],
             5: [("A5", ("n", "123456789012"))], 6: [("A6", ("inline", "Ældre")), ("B6", ("b", 0))],
             7: [("A7", ("n", "4200")), ("B7", ("inline", "Kim"))], 8: [("A8", ("d", "2027-01-15"))]}
    body = "".join(f'<row r="{r}">{"".join(cell_xml(ref, v, None) for ref, v in row)}</row>' for r, row in cells.items())
    lst = build_xlsx(tmp_path / "liste.xlsx", [("Ark1", body)])
    run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud", "--lang", "en")
    assert run.code == 2 and not (tmp_path / "ud").exists(), run.text
    assert "the logical value TRUE" in run.err and "the number 1e+308" in run.err and "0" * 30 not in run.err, run.err
    with pytest.raises(InputError) as refused:
        read_recipients(lst)
    assert [(i.code, i.cell) for i in refused.value.report.issues] == [
        ("D016", "A2"), ("D016", "A3"), ("D016", "A4"), ("D016", "A5"), ("D016", "B6"), ("D016", "A8")]
    (tmp_path / "kun.csv").write_text("afdeling\r\n4200\r\nTRUE\r\n", encoding="utf-8")
    recipients, report = read_recipients(tmp_path / "kun.csv")  # a CSV has no types: its text is text
    assert [r.department for r in recipients] == ["4200", "TRUE"] and report.valid


def test_a_deadline_is_a_date_cell_or_a_date_text(tmp_path):
    """A deadline cell holding TRUE was the deadline 'True', and 45672 (a date whose cell lost its
    date format) the deadline '45672': a deadline is a date cell or a text, refused otherwise where it is."""
    from xlsx_build import build_xlsx, cell_xml

    from somxl.loop.distribute import read_recipients
    from somxl.base.errors import InputError

    cells = {1: [("A1", ("inline", "afdeling")), ("B1", ("inline", "frist"))],
             2: [("A2", ("inline", "Jobcenter")), ("B2", ("b", 1))],
             3: [("A3", ("inline", "Ældre")), ("B3", ("n", "45672"))],
             4: [("A4", ("inline", "Skole")), ("B4", ("n", "0.5"))],
             5: [("A5", ("inline", "Social")), ("B5", ("d", "2027-01-15"))],
             6: [("A6", ("inline", "Sundhed")), ("B6", ("inline", "15. januar 2027"))]}
    body = "".join(f'<row r="{r}">{"".join(cell_xml(ref, v, None) for ref, v in row)}</row>' for r, row in cells.items())
    lst = build_xlsx(tmp_path / "liste.xlsx", [("Ark1", body)])
    with pytest.raises(InputError) as refused:
        read_recipients(lst)
    issues = refused.value.report.issues
    assert [(i.code, i.cell) for i in issues] == [("D017", "B2"), ("D017", "B3"), ("D017", "B4")]
    assert issues[0].text("da").startswith("celle B2, «frist»: Cellen holder sandhedsværdien SAND; en frist er en dato")
    assert "The cell holds the number 45672; a deadline is a date" in issues[1].text("en")
    assert "tallet 0,5" in issues[2].text("da")
    run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud")
    assert run.code == 2 and "sandhedsværdien SAND" in run.err and not (tmp_path / "ud").exists(), run.text
    (tmp_path / "ok.csv").write_text("afdeling;frist\r\nSocial;2027-01-15\r\nSkole;15. januar 2027\r\n",
                                     encoding="utf-8")
    recipients, report = read_recipients(tmp_path / "ok.csv")
    assert [r.deadline for r in recipients] == ["2027-01-15", "15. januar 2027"] and report.valid


# --- settings: only plain decimal numbers are numbers --------------------------------------------

@pytest.mark.parametrize("text, key, shown", [
    ("start_year: 0x7EA\n", "start_year", "'0x7EA'"),  # YAML 1.1 hexadecimal: 2026
    ("start_year: 33:46\n", "start_year", "'33:46'"),  # YAML 1.1 base 60: 33 * 60 + 46 = 2026
    ("start_year: 03752\n", "start_year", "3752"),  # YAML 1.1 octal 2026; in decimal no year of SØM's
    ("start_year: 2_026\n", "start_year", "'2_026'"),
    ("horizon_years: 0b1010\n", "horizon_years", "'0b1010'"),
    ("discount_rate: 0:0.035\n", "discount_rate", "'0:0.035'"),
    # a date is shown as written, not as Python's datetime.date(2026, 1, 15)
    ("start_year: 2026-01-15\n", "start_year", "'2026-01-15'"),
    ("price_year: 2026-01-15 10:30:00\n", "price_year", "'2026-01-15 10:30:00'"),
    ("start_year: !!timestamp 2026-01-15\n", "start_year", "'2026-01-15'"),
], ids=["hex", "base-60", "octal", "underscore", "binary", "base-60-float", "date", "date-time", "date-tagged"])
def test_settings_numbers_are_plain_decimal_numbers(tmp_path, text, key, shown):
    """A YAML 1.1 reader reads '0x7EA', '33:46' and '03752' as 2026: a cell typed as a clock time or
    a code was locked as the start year in every department's copy."""
    path = tmp_path / "indstillinger.yaml"
    path.write_text(text, encoding="utf-8")
    run = unchanged([path], "new", tmp_path / "o.xlsx", "--settings", path, "--lang", "en")
    assert run.code == 2 and f"setting {key} must be" in run.err and f"not {shown}" in run.err, run.err
    assert "datetime" not in run.err and not (tmp_path / "o.xlsx").exists()


def test_settings_price_index_year_written_in_hexadecimal_is_no_year(tmp_path):
    path = tmp_path / "indstillinger.yaml"
    path.write_text("price_index: {0x7E8: 100}\n", encoding="utf-8")
    run = unchanged([path], "new", tmp_path / "o.xlsx", "--settings", path)
    assert run.code == 2 and "price_index skal være år" in run.err, run.err


def test_settings_of_json_numbers_are_read(tmp_path):
    """What JSON calls a number is one (YAML 1.1 reads '4e-2' as a text), a sign and leading zeros
    included; quoted, a number is a text as before."""
    path = tmp_path / "indstillinger.yaml"
    path.write_text("start_year: +2026\nhorizon_years: 010\ndiscount_rate: 4e-2\nprice_year: 2024\n"
                    "price_index: {2024: 100, 2026: 1.041E2}\n", encoding="utf-8")
    from somxl.workbooks_out.generate import load_settings

    assert load_settings(path) == {"start_year": 2026, "horizon_years": 10, "discount_rate": 0.04,
                                   "price_year": 2024, "price_index": {2024: 100, 2026: 104.1}}
    path.write_text('start_year: "2026"\n', encoding="utf-8")
    run = unchanged([path], "new", tmp_path / "o.xlsx", "--settings", path, "--lang", "en")
    assert run.code == 2 and "not '2026'" in run.err, run.err


# --- case JSON: a number no float holds ----------------------------------------------------------

@pytest.mark.parametrize("literal, where", [
    ("1e999", "effect.rate_with"), ("-1E400", "effect.rate_with"), ("NaN", "effect.rate_with"),
    ("Infinity", "effect.rate_with"), ("[0.05, 1e999]", "uncertainty.success_rate[1]"),
    ("1e999", "settings.horizon_years"),
], ids=["1e999", "-1E400", "NaN", "Infinity", "pair", "integer"])
def test_a_number_too_large_for_a_calculation_is_said_so(tmp_path, literal, where):
    """1e999 in a case JSON was 'the value inf has the wrong type'."""
    data = sample()
    key = where.split("[")[0]
    text = json.dumps(data, ensure_ascii=False)
    part, field = key.split(".")
    old = json.dumps({field: data[part][field]}, ensure_ascii=False)[1:-1]
    assert old in text, old
    path = tmp_path / "sag.json"
    path.write_text(text.replace(old, f'"{field}": {literal}', 1), encoding="utf-8")
    run = unchanged([path], "validate", path, "--json", "--lang", "en")
    issues = json.loads(run.out)["issues"]
    assert run.code == 1 and [(i["code"], i["path"]) for i in issues] == [("C009", where)], run.out
    shown = literal.strip("[]").split(", ")[-1]
    assert f"{shown} is no finite number" in issues[0]["message"] and "inf " not in issues[0]["message"], issues


# --- message parameters --------------------------------------------------------------------------

def test_a_text_from_a_file_is_cut_at_200_characters_in_a_message(tmp_path):
    """docs/reading.md: every value from a file shown in a message is cut to 200 characters; a
    parameter other than the cell's value was cut at 800. somxl's own lists (the allowed values)
    are shown whole."""
    data = sample()
    data["meta"]["k" * 1000] = 1
    path = tmp_path / "sag.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = unchanged([path], "validate", path, "--json", "--lang", "en")
    message = next(i["message"] for i in json.loads(run.out)["issues"] if i["code"] == "C003")
    assert "k" * 200 + "…" in message and "k" * 201 not in message, message
    cat = tmp_path / "viden.csv"
    cat.write_text("type;name\r\n" + "x" * 1000 + ";Jobcenter\r\n", encoding="utf-8")
    run = unchanged([cat], "catalog", "--catalog", cat, "--lang", "en")
    assert run.code == 2 and "x" * 200 + "…" in run.err and "x" * 201 not in run.err, run.err
    assert "effektstoerrelse" in run.err, run.err  # the last allowed type: the list is whole


# --- the workbook part: SpreadsheetML's elements only --------------------------------------------

_FOREIGN = {
    "prefixed": ('<o:sheet xmlns:o="urn:other" name="Fremmed" sheetId="9" r:id="rId1"/>',
                 '<o:definedName xmlns:o="urn:other" name="Fremmed">Ark1!$A$1</o:definedName>'),
    "default": ('<sheet xmlns="urn:other" name="Fremmed" sheetId="9" r:id="rId1"/>',
                '<definedName xmlns="urn:other" name="Fremmed">Ark1!$A$1</definedName>'),
}


@pytest.mark.parametrize("comment", [False, True], ids=["names-cut-out", "whole-part"])
@pytest.mark.parametrize("style", ["prefixed", "default", "foreign-names-element", "strict"])
def test_the_workbook_part_takes_spreadsheetml_sheets_and_names_only(tmp_path, style, comment):
    """The walk of the workbook part took <sheet> and <definedName> of any namespace (only
    <workbookPr> was checked): an element of an extension was a sheet, or a name that an input was
    read from. SpreadsheetML's own (transitional or Strict) count, on both of the reader's paths (the
    defined names cut out and kept by their text, or the part's whole tree: a comment in the part)."""
    from xlsx_build import build_xlsx, edit_copy

    from somxl.base.xlsxread import open_workbook

    foreign_names = style == "foreign-names-element"  # the part's one <definedNames> is an extension's
    src = build_xlsx(tmp_path / "bog.xlsx", [("Ark1", '<row r="1"><c r="A1"><v>7</v></c></row>')],
                     names=[] if foreign_names else [("Syv", "Ark1!$A$1", None)], strict=style == "strict")
    sheet, name = _FOREIGN["default" if style == "default" else "prefixed"]
    mark = "<!-- x -->" if comment else ""
    if foreign_names:
        names = ("</workbook>", f'<extLst><ext uri="x" xmlns="urn:other">{mark}<definedNames><definedName '
                                f'name="Fremmed">Ark1!$A$1</definedName></definedNames></ext></extLst></workbook>')
    else:
        names = ("<definedNames>", f"{mark}<definedNames>{name}")
    wb = "xl/workbook.xml"
    mid = edit_copy(src, tmp_path / "mid.xlsx", {}, replace={wb: names})
    book = open_workbook(edit_copy(mid, tmp_path / "fremmed.xlsx", {}, replace={wb: ("<sheets>", f"<sheets>{sheet}")}))
    assert [s.name for s in book.sheets] == ["Ark1"]
    assert list(book.defined_names) == ([] if foreign_names else ["Syv"])
    if not foreign_names:
        assert book.read_name("Syv")[0][0].value == 7


def test_the_styles_take_spreadsheetml_formats_and_cell_styles_only(tmp_path):
    """An extension's element among the cell styles shifted the index of every style after it (a
    date cell read as a number, a number as a date), and an extension's <numFmts> gave a format."""
    from xlsx_build import DECL, MAIN_NS, build_xlsx

    from somxl.base.xlsxread import open_workbook

    styles = (DECL + f'<styleSheet xmlns="{MAIN_NS}" xmlns:o="urn:other">'
              '<o:numFmts><o:numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></o:numFmts>'
              '<numFmts><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
              '<cellXfs><xf numFmtId="0"/><o:xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>'
              '</styleSheet>')
    rows = '<row r="1"><c r="A1" s="0"><v>45000</v></c><c r="B1" s="1"><v>45000</v></c><c r="C1" s="2"><v>45000</v></c></row>'
    book = open_workbook(build_xlsx(tmp_path / "stile.xlsx", [("Ark1", rows)], styles_xml=styles))
    assert [c.kind for c in book.cells("Ark1").values()] == ["number", "date", "number"]


def test_a_catalogue_name_is_text_or_a_short_whole_number(tmp_path):
    """A catalogue .xlsx whose name cell held TRUE gave the target group 'True' in every dropdown, and
    1E+308 the domain '1e+308'; the rule of a recipient list's department (D016) holds here too."""
    from xlsx_build import build_xlsx, cell_xml

    rows = [[("A1", ("inline", "type")), ("B1", ("inline", "name"))],
            [("A2", ("inline", "målgruppe")), ("B2", ("b", 1))], [("A3", ("inline", "område")), ("B3", ("n", "1E+308"))],
            [("A4", ("inline", "enhed")), ("B4", ("n", "4200"))]]
    body = "".join(f'<row r="{i}">{"".join(cell_xml(ref, v, None) for ref, v in row)}</row>'
                   for i, row in enumerate(rows, start=1))
    path = build_xlsx(tmp_path / "viden.xlsx", [("Ark1", body)])
    run = unchanged([path], "catalog", "--catalog", path, "--lang", "en")
    assert run.code == 2 and run.text.count("K022") == 2, run.text
    assert "the logical value TRUE" in run.text and "the number 1e+308" in run.text and "B4" not in run.text, run.text


def test_a_date_in_a_catalogue_name_is_no_name(tmp_path):
    """A catalogue name cell holding a date (a number in a date format) was the target group '45672',
    and a t="d" cell the domain '46402.0': a date is no name, as in a recipient list (D016), and it is
    shown as a day. A date where a price is wanted is no price (K006) where it was 45672 kr."""
    from xlsx_build import DECL, MAIN_NS, build_xlsx, cell_xml

    from somxl.base.errors import InputError
    from somxl.model.catalog import read_user_catalog

    styles = DECL + f'<styleSheet xmlns="{MAIN_NS}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
    rows = [[("A1", ("inline", "type")), ("B1", ("inline", "name")), ("C1", ("inline", "domain")),
             ("D1", ("inline", "unit")), ("E1", ("inline", "kind")), ("F1", ("inline", "price_kommune"))],
            [("A2", ("inline", "målgruppe")), ("B2", ("date", ("45672", "1")))],
            [("A3", ("inline", "område")), ("B3", ("d", "2027-01-15"))],
            [("A4", ("inline", "enhed")), ("B4", ("date", ("1E10", "1")))],
            [("A5", ("inline", "konsekvens")), ("B5", ("inline", "Ophold")), ("C5", ("inline", "Social")),
             ("D5", ("inline", "døgn")), ("E5", ("inline", "udgift")), ("F5", ("date", ("45672", "1")))]]
    body = "".join(f'<row r="{i}">{"".join(cell_xml(ref, v, None) for ref, v in row)}</row>'
                   for i, row in enumerate(rows, start=1))
    path = build_xlsx(tmp_path / "viden.xlsx", [("Ark1", body)], styles_xml=styles)
    with pytest.raises(InputError) as refused:
        read_user_catalog(path)
    issues = refused.value.report.issues
    assert [(i.code, i.cell) for i in issues] == [("K022", "B2"), ("K022", "B3"), ("K022", "B4"), ("K006", "F5")]
    assert "Cellen holder datoen 2025-01-15; et navn" in issues[0].text("da")
    assert "The cell holds the date 2027-01-15" in issues[1].text("en")
    assert "tallet 10000000000" in issues[2].text("da")
    run = unchanged([path], "catalog", "--catalog", path, "--lang", "en")
    assert run.code == 2 and run.text.count("K022") == 3 and "45672" not in run.text, run.text


# --- the package's own parts: the OPC namespaces only --------------------------------------------

_OTHER = 'xmlns:o="urn:other"'
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.mark.parametrize("strict", [False, True], ids=["transitional", "strict"])
def test_the_package_parts_take_opc_elements_only(tmp_path, strict):
    """The relationship parts, [Content_Types].xml and the custom properties were matched by local
    name in any namespace: an extension's <o:Relationship> with the Id of a sheet's relationship
    pointed sheet A at sheet B's part (LibreOffice shows A's own), an <o:Override> naming a binary
    workbook refused the file (F010), an <o:property> stamped a submission id, and a foreign
    attribute o:id on <sheet> was taken for its r:id. The OPC namespaces count (and r:id's), as in
    Excel and LibreOffice; relationship types of another base are no officeDocument."""
    from xlsx_build import DECL, XLSB_TYPE, build_xlsx, edit_copy

    from somxl.base.xlsxread import open_workbook

    custom = (DECL + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes" ' + _OTHER + '>'
              '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="template_id">'
              '<vt:lpwstr>som-input</vt:lpwstr></property>'
              '<o:property name="somxl_submission_id"><vt:lpwstr>falsk</vt:lpwstr></o:property>'
              '<property name="tal"><o:i4>7</o:i4></property></Properties>')
    sheets = [("A", '<row r="1"><c r="A1" t="inlineStr"><is><t>A</t></is></c></row>'),
              ("B", '<row r="1"><c r="A1" t="inlineStr"><is><t>B</t></is></c></row>')]
    src = build_xlsx(tmp_path / "bog.xlsx", sheets, custom_xml=custom, strict=strict)
    base = "http://purl.oclc.org/ooxml/officeDocument/relationships" if strict else _REL_TYPE
    foreign_rel = (f'<o:Relationship {_OTHER} Id="rId1" Type="{base}/worksheet" Target="worksheets/sheet2.xml"/>'
                   f'<Relationship Id="rId9" Type="urn:other/worksheet" Target="worksheets/sheet2.xml"/>')
    foreign_root = (f'<o:Relationship {_OTHER} Id="rId1" Type="{base}/officeDocument" Target="xl/andet.xml"/>'
                    f'<Relationship Id="rId0" Type="urn:other/officeDocument" Target="xl/andet.xml"/>')
    path = edit_copy(src, tmp_path / "fremmed.xlsx", {}, replace={
        "xl/_rels/workbook.xml.rels": ("</Relationships>", foreign_rel + "</Relationships>"),
        "_rels/.rels": ("</Relationships>", foreign_root + "</Relationships>"),
        "[Content_Types].xml": ("</Types>", f'<o:Override {_OTHER} PartName="/xl/b.bin" ContentType="{XLSB_TYPE}"/></Types>'),
        "xl/workbook.xml": ('<sheet name="B" sheetId="2" r:id="rId2"/>',
                            f'<sheet name="B" sheetId="2" {_OTHER} o:id="rId9" r:id="rId2"/>')},
        add={"xl/andet.xml": "ikke en projektmappe"})
    book = open_workbook(path)
    assert {s.name: s.part for s in book.sheets} == {"A": "xl/worksheets/sheet1.xml", "B": "xl/worksheets/sheet2.xml"}
    assert [book.cells(s)[(1, 1)].value for s in ("A", "B")] == ["A", "B"]
    assert book.custom_properties == {"template_id": "som-input"}


@pytest.mark.parametrize("part", ["xl/_rels/workbook.xml.rels", "_rels/.rels"])
def test_a_relationship_id_given_twice_is_a_damaged_file(tmp_path, part):
    """Two of the OPC's own <Relationship> elements with one Id (the package format allows one):
    the reader took the last, so sheet A read as sheet B's part where another program may show A's
    own, and the numbers somxl checked would not be those the economist sees. Refused as damaged
    (F022), naming the part, in every role a workbook plays."""
    from xlsx_build import build_xlsx, edit_copy

    sheets = [("A", '<row r="1"><c r="A1" t="inlineStr"><is><t>A</t></is></c></row>'),
              ("B", '<row r="1"><c r="A1" t="inlineStr"><is><t>B</t></is></c></row>')]
    src = build_xlsx(tmp_path / "bog.xlsx", sheets)
    again = {"xl/_rels/workbook.xml.rels": f'<Relationship Id="rId1" Type="{_REL_TYPE}/worksheet" '
                                           'Target="worksheets/sheet2.xml"/>',
             "_rels/.rels": f'<Relationship Id="rId1" Type="{_REL_TYPE}/officeDocument" Target="xl/andet.xml"/>'}
    path = edit_copy(src, tmp_path / "to.xlsx", {}, replace={part: ("</Relationships>", again[part] + "</Relationships>")},
                     add={"xl/andet.xml": "ikke en projektmappe"})
    run = unchanged([path], "validate", path)
    assert run.code == 2 and "F022" in run.text and part.rsplit("/", 1)[-1] in run.text, run.text
    run = unchanged([path], "catalog", "--catalog", path, "--lang", "en")
    assert run.code == 2 and "F022" in run.text, run.text
