"""Numbers typed as text: the strict rules of somxl.base.numbers, case by case and as properties."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from somxl.base.numbers import KINDS, Parsed, fmt_input, fmt_number, fmt_percent, parse_number, read_cell
from somxl.base.report import Issue
from somxl.base.xlsxread import Cell

NBSP, NNBSP = "\u00a0", "\u202f"

# (raw, kind) → (value, status, reason)
CASES = [
    ("1.234,50", "amount", 1234.5, "converted"),
    ("1 234,50", "amount", 1234.5, "converted"),
    (f"1{NBSP}234,50", "amount", 1234.5, "converted"),
    (f"1{NNBSP}234{NNBSP}567", "amount", 1234567.0, "converted"),
    ("1234,5", "amount", 1234.5, "converted"),
    ("1.234.567", "amount", 1234567.0, "converted"),
    ("1,234,567", "amount", 1234567.0, "converted"),
    ("kr. 1.234,50", "amount", 1234.5, "converted"),
    ("Kr.1.234,50", "amount", 1234.5, "converted"),
    ("1.234 kr.", "amount", 1234.0, "converted"),
    ("DKK 1.234", "amount", 1234.0, "converted"),
    ("1.234,-", "amount", 1234.0, "converted"),
    ("kr. -1.234,50", "amount", -1234.5, "converted"),
    ("-1.234,5", "amount", -1234.5, "converted"),
    ("\u22121.234,5", "amount", -1234.5, "converted"),
    ("\u2013 500", "amount", -500.0, "converted"),
    ("(1.234,00)", "amount", -1234.0, "converted"),
    ("1,234.50", "amount", 1234.5, "converted"),
    ("1 234.5", "number", 1234.5, "converted"),
    ("1.5", "amount", 1.5, "converted"),
    ("1234.50", "amount", 1234.5, "converted"),
    ("0.250", "number", 0.25, "converted"),
    ("0,250", "number", 0.25, "converted"),
    ("+12", "number", 12.0, "converted"),
    ("25 %", "rate", 0.25, "converted"),
    ("25%", "rate", 0.25, "converted"),
    (f"12,5{NBSP}%", "rate", 0.125, "converted"),
    ("0,25", "rate", 0.25, "converted"),
    ("1.234", "int", 1234, "converted"),
    ("1,234", "int", 1234, "converted"),
    ("1.000", "int", 1000, "converted"),
    ("2025", "year", 2025, "converted"),
    (1234.5, "amount", 1234.5, "ok"),
    (12, "int", 12, "ok"),
    (12.0, "int", 12, "ok"),
    (0.25, "rate", 0.25, "ok"),
    (1, "rate", 1.0, "ok"),
    (2030, "year", 2030, "ok"),
]

REJECTED = [
    ("1.234", "amount", "ambiguous", "thousands_or_decimal", "R002"),
    ("1,234", "amount", "ambiguous", "thousands_or_decimal", "R002"),
    ("-1.234", "number", "ambiguous", "thousands_or_decimal", "R002"),
    ("12.345", "rate", "ambiguous", "thousands_or_decimal", "R002"),
    ("abc", "amount", "invalid", "not_a_number", "R003"),
    ("1e3", "number", "invalid", "not_a_number", "R003"),
    ("1,2,3", "number", "invalid", "not_a_number", "R003"),
    ("1.23,4", "number", "invalid", "not_a_number", "R003"),
    ("1 23", "number", "invalid", "not_a_number", "R003"),
    ("1..2", "number", "invalid", "not_a_number", "R003"),
    (",5", "number", "invalid", "not_a_number", "R003"),
    ("--5", "number", "invalid", "not_a_number", "R003"),
    ("(5)", "rate", "invalid", "not_a_number", "R003"),
    ("kr. 5", "int", "invalid", "not_a_number", "R003"),
    ("1-2", "number", "invalid", "not_a_number", "R003"),
    (True, "int", "invalid", "boolean", "R003"),
    (float("nan"), "number", "invalid", "not_finite", "R003"),
    (float("inf"), "amount", "invalid", "not_finite", "R003"),
    ("12,5", "int", "invalid", "not_integer", "R007"),
    (12.5, "int", "invalid", "not_integer", "R007"),
    ("1850", "year", "invalid", "year_range", "R008"),
    (2201, "year", "invalid", "year_range", "R008"),
    ("25 %", "amount", "invalid", "percent_not_allowed", "R009"),
    (25, "rate", "suspect", "rate_percent_likely", "R006"),
    ("25", "rate", "suspect", "rate_percent_likely", "R006"),
    ("1,5", "rate", "suspect", "rate_percent_likely", "R006"),
    (None, "amount", "empty", "empty", None),
    ("  ", "amount", "empty", "empty", None),
]


@pytest.mark.parametrize("raw,kind,value,status", CASES)
def test_accepted(raw, kind, value, status):
    parsed = parse_number(raw, kind)
    assert (parsed.value, parsed.status) == (value, status)
    assert type(parsed.value) is (int if kind in ("int", "year") else float)
    assert parsed.code == ("R001" if status == "converted" else None)


@pytest.mark.parametrize("raw,kind,status,reason,code", REJECTED)
def test_rejected_or_flagged(raw, kind, status, reason, code):
    parsed = parse_number(raw, kind)
    assert (parsed.status, parsed.reason, parsed.code) == (status, reason, code)
    assert parsed.usable == (status == "suspect")


def test_ambiguous_names_both_readings():
    parsed = parse_number("1.234", "amount")
    assert parsed.readings == (1234.0, 1.234)
    issue = Issue(parsed.code, sheet="3 Omkostninger", cell="D7", value=parsed.raw, params=parsed.params)
    assert issue.text("da") == (
        "ark '3 Omkostninger', celle D7: «1.234» kan læses både som 1234 og som 1,234; skilletegnet kan "
        "være tusindtals- eller decimaltegn. Skriv tallet uden tusindtalsskilletegn: 1234 eller 1,234."
    )


def test_converted_warning_names_the_value_read():
    parsed = parse_number("kr. 1.234,50", "amount")
    issue = Issue(parsed.code, sheet="3 Omkostninger", cell="D7", value=parsed.raw, params=parsed.params)
    assert issue.message("da").startswith("Tallet er skrevet som tekst: «kr. 1.234,50» er læst som 1234,5.")
    assert "was read as 1234.5." in issue.message("en")


def test_rate_probably_percent_keeps_the_value_and_suggests_the_fraction():
    parsed = parse_number(25, "rate")
    assert (parsed.value, parsed.suggested) == (25.0, 0.25)
    text = Issue(parsed.code, value=parsed.raw, params=parsed.params).text("da")
    assert "sandsynligvis ment som 25 %, dvs. 0,25" in text
    assert parse_number("0,25", "rate").params == {"read_da": "0,25 (25 %)", "read_en": "0.25 (25%)"}


@pytest.mark.parametrize("raw, kind, da, en", [
    ("abc", "amount", "Skriv et tal, fx 1234,50.", "Enter a number, e.g. 1234,50 (Danish) or 1234.50."),
    ("1e3", "number", "Skriv et tal, fx 1234,50.", "Enter a number, e.g. 1234,50 (Danish) or 1234.50."),
    ("halvdelen", "rate", "Skriv en andel som procent eller brøk, fx 25 % eller 0,25.",
     "Enter a rate as a percentage or a fraction, e.g. 25 % or 0.25."),
    ("tyve", "int", "Skriv et helt tal, fx 120.", "Enter a whole number, e.g. 120."),
    ("i fjor", "year", "Skriv årstallet med fire cifre, fx 2025.", "Enter the year with four digits, e.g. 2025."),
    (float("nan"), "rate", "fx 25 % eller 0,25.", "e.g. 25 % or 0.25."),
], ids=["amount", "number", "rate", "int", "year", "rate-not-finite"])
def test_not_a_number_shows_an_example_of_the_kind_asked_for(raw, kind, da, en):
    """A success rate typed as text was told to look like 1234,50: each kind gets an example of its own."""
    parsed = parse_number(raw, kind)
    issue = Issue(parsed.code, value=parsed.raw, params=parsed.params)
    assert parsed.code == "R003"
    assert issue.message("da").endswith(da) and issue.message("en").endswith(en), issue.message("da")


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_number("1", "money")


def test_read_cell_reports_formula_without_value_error_value_and_date():
    no_cache = read_cell(Cell(5, 3, None, "blank", "SUM(C1:C4)"), "amount")
    assert (no_cache.code, no_cache.params) == ("R004", {"formula": "=SUM(C1:C4)"})
    assert read_cell(Cell(5, 3, "#REF!", "error", "A1"), "amount").code == "R005"
    assert read_cell(Cell(5, 3, 45413, "date"), "amount").code == "R010"
    assert read_cell(Cell(5, 3, 2025, "date"), "year").value == 2025
    assert read_cell(Cell(5, 3, 7, "number", "3+4"), "int").value == 7
    assert read_cell(Cell(5, 3, "1.234,5", "shared_string"), "amount").value == 1234.5
    assert read_cell(None, "amount").status == "empty"


def test_formatting_helpers():
    assert fmt_number(1234.5, "da") == "1234,5"
    assert fmt_number(1234.0, "en") == "1234"
    assert fmt_number(1e-7, "en") == "0.0000001"
    assert fmt_percent(0.125, "da") == "12,5 %"
    assert fmt_percent(0.07, "en") == "7%"


# --- properties ----------------------------------------------------------------------------


def danish(value: Decimal, decimals: int) -> str:
    text = f"{value:,.{decimals}f}"  # English grouping first, then swap the separators
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


amounts = st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False)


@given(amounts)
def test_danish_form_with_decimals_reads_back(value):
    text = danish(value, 2)
    parsed = parse_number(text, "amount")
    assert parsed.status == "converted", text
    assert parsed.value == float(value)


@given(amounts)
def test_english_form_with_both_separators_reads_back(value):
    text = f"{value:,.2f}"
    parsed = parse_number(text, "amount")
    if abs(value) >= 1000:  # both separators present
        assert (parsed.status, parsed.value) == ("converted", float(value)), text


@given(st.integers(min_value=-10**12, max_value=10**12), st.sampled_from([".", ",", " ", NBSP, NNBSP]))
def test_whole_numbers_with_any_thousands_separator_read_back_as_int(value, sep):
    text = f"{value:,}".replace(",", sep)
    parsed = parse_number(text, "int")
    assert (parsed.status, parsed.value) == ("converted", value), text


@given(st.decimals(min_value=0, max_value=100, places=1))
def test_percent_text_reads_back_as_a_fraction(pct):
    text = f"{pct:f}".replace(".", ",") + " %"
    parsed = parse_number(text, "rate")
    assert parsed.status == "converted"
    assert parsed.value == pytest.approx(float(pct) / 100, abs=1e-12)


@settings(max_examples=300)
@given(st.one_of(
    st.text(),
    st.text(alphabet="0123456789.,  %-−–()+krDK\u00a0\u202fe", max_size=15),
    st.floats(), st.integers(), st.booleans(), st.none(),
), st.sampled_from(KINDS))
def test_garbage_never_raises_and_every_issue_renders(raw, kind):
    parsed = parse_number(raw, kind)
    assert isinstance(parsed, Parsed)
    assert parsed.status in ("ok", "converted", "suspect", "ambiguous", "invalid", "empty")
    assert (parsed.value is None) == (parsed.status in ("ambiguous", "invalid", "empty"))
    if parsed.code:
        # Every parameter the message needs is there (the value itself is shown as "X" here,
        # since garbage may contain braces).
        issue = Issue(parsed.code, value="X", params=parsed.params)
        for lang in ("da", "en"):
            assert "{" not in issue.message(lang), issue.message(lang)


@pytest.mark.parametrize("value, kind, decimals, da, en", [
    (0.6, "rate", 0, "60 %", "60%"), (0.035, "rate", 0, "3,5 %", "3.5%"),
    (38300, "amount", 0, "38.300", "38,300"), (1234567.5, "amount", 0, "1.234.567,5", "1,234,567.5"),
    (600, "amount", 2, "600,00", "600.00"), (-1250.5, "amount", 2, "-1.250,50", "-1,250.50"),
    (2026, "year", 0, "2026", "2026"), (12000, "int", 0, "12000", "12000"), (20.5, "number", 0, "20,5", "20.5"),
    (0.1 + 0.2, "amount", 2, "0,30000000000000004", "0.30000000000000004")])
def test_an_input_shows_as_its_cell_shows_it_every_digit_kept(value, kind, decimals, da, en):
    """Two values that differ never print alike (a diff of 0.3 and 0.1 + 0.2 is a real change)."""
    assert (fmt_input(value, kind, "da", decimals), fmt_input(value, kind, "en", decimals)) == (da, en)
