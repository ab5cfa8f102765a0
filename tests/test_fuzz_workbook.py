"""Strange values in a filled workbook: Hypothesis puts text, huge and odd numbers, booleans,
error values, dates, formulas without values and broken shared-string indices into input cells
of a COPY (by editing the sheet XML, as close to what users send as a test can get) and checks
that validation never raises, that every issue is a known code that reads in both languages
and says where it is, and that a valid verdict means the case calculates and writes a result
workbook. The input file is never changed. SOMXL_FUZZ_EXAMPLES raises the example count for a
long local run."""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import zipfile
from pathlib import Path
from string import Formatter
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readback import fill
from somxl.issuecodes import CATALOGUE
from somxl.validate import validate_file
from somxl.xlsxread import a1_to_rowcol, col_to_letters

EXAMPLES = int(os.environ.get("SOMXL_FUZZ_EXAMPLES", "40"))
# Issues about the file or workbook as a whole: no cell to point at.
FILE_LEVEL = {"R011", "R012", "R014", "R015", "R019", "R020", "R021", "R022", "R023", "R024", "R028"}


# --- editing a copy's sheet XML ------------------------------------------------------------------

def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name → part name of the worksheet XML."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = dict(re.findall(r'<Relationship Id="(rId\d+)" Type="[^"]+" Target="([^"]+)"', rels))
    out = {}
    for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+"(?: state="\w+")? r:id="(rId\d+)"', wb):
        name = name.replace("&amp;", "&").replace("&apos;", "'").replace("&quot;", '"')
        out[name] = posixpath.normpath(posixpath.join("xl", targets[rid]))
    return out


def cell_xml(ref: str, value: tuple[str, Any] | None, style: str | None) -> str:
    """One <c> element. value: (kind, payload); kinds n, inline, s (shared-string index), b, e,
    f (formula, no cached value), fv (formula and cached number), d (ISO date, t="d"),
    date (a serial number in a date style); None = a styled blank."""
    s = f' s="{style}"' if style else ""
    if value is None:
        return f'<c r="{ref}"{s}/>'
    kind, payload = value
    if kind == "n":
        return f'<c r="{ref}"{s}><v>{escape(str(payload))}</v></c>'
    if kind == "inline":
        return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(payload)}</t></is></c>'
    if kind == "s":
        return f'<c r="{ref}"{s} t="s"><v>{payload}</v></c>'
    if kind == "b":
        return f'<c r="{ref}"{s} t="b"><v>{payload}</v></c>'
    if kind == "e":
        return f'<c r="{ref}"{s} t="e"><v>{escape(payload)}</v></c>'
    if kind == "f":
        return f'<c r="{ref}"{s}><f>{escape(payload)}</f></c>'
    if kind == "fv":
        return f'<c r="{ref}"{s}><f>{escape(payload[0])}</f><v>{payload[1]}</v></c>'
    if kind == "d":
        return f'<c r="{ref}"{s} t="d"><v>{escape(payload)}</v></c>'
    if kind == "date":
        return f'<c r="{ref}" s="{payload[1]}"><v>{payload[0]}</v></c>'
    raise ValueError(kind)


def set_cells(xml: str, changes: dict[str, tuple[str, Any] | None]) -> str:
    """Put cells into a worksheet's sheetData (replacing what is there, adding rows as needed)."""
    for ref, value in changes.items():
        row, col = a1_to_rowcol(ref)
        ref = f"{col_to_letters(col)}{row}"
        m = re.search(rf'<c r="{ref}"(?: s="(\d+)")?(?: t="\w+")?(?:/>|>.*?</c>)', xml)
        if m:
            xml = xml[:m.start()] + cell_xml(ref, value, m.group(1)) + xml[m.end():]
            continue
        new = cell_xml(ref, value, None)
        rm = re.search(rf'<row r="{row}"[^>]*?(?:/>|>(.*?)</row>)', xml)
        if rm:
            body = rm.group(1) or ""
            cells = list(re.finditer(r'<c r="([A-Z]+)\d+"(?:[^>]*/>|.*?</c>)', body))
            pos = next((c.start() for c in cells if a1_to_rowcol(c.group(1) + "1")[1] > col), len(body))
            head = xml[rm.start():rm.end()]
            if head.endswith("/>"):
                xml = xml[:rm.start()] + head[:-2] + ">" + new + "</row>" + xml[rm.end():]
            else:
                start = rm.start(1)
                xml = xml[:start + pos] + new + xml[start + pos:]
            continue
        rows = list(re.finditer(r'<row r="(\d+)"', xml))
        after = next((r.start() for r in rows if int(r.group(1)) > row), None)
        block = f'<row r="{row}">{new}</row>'
        if after is None:
            if "<sheetData/>" in xml:
                xml = xml.replace("<sheetData/>", f"<sheetData>{block}</sheetData>")
            else:
                xml = xml.replace("</sheetData>", block + "</sheetData>")
        else:
            xml = xml[:after] + block + xml[after:]
    return xml


def edit_copy(src: Path, dst: Path, edits: dict[tuple[str, str], tuple[str, Any] | None],
              parts: dict[str, str] | None = None, drop: set[str] = frozenset(),
              replace: dict[str, tuple[str, str]] | None = None, add: dict[str, str] | None = None) -> Path:
    """Copy ``src`` to ``dst`` with cell edits {(sheet, A1): value}, parts dropped, text
    replaced in parts ({part: (old, new)}) and parts added ({part: text})."""
    parts = parts or sheet_parts(src)
    by_part: dict[str, dict[str, Any]] = {}
    for (sheet, ref), value in edits.items():
        by_part.setdefault(parts[sheet], {})[ref] = value
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename in drop:
                continue
            data = zin.read(item.filename)
            if item.filename in by_part:
                data = set_cells(data.decode("utf-8"), by_part[item.filename]).encode("utf-8")
            if replace and item.filename in replace:
                old, new = replace[item.filename]
                text = data.decode("utf-8")
                assert old in text, (item.filename, old)
                data = text.replace(old, new).encode("utf-8")
            zout.writestr(item, data)
        for name, text in (add or {}).items():
            zout.writestr(name, text.encode("utf-8"))
    return dst


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --- the property ---------------------------------------------------------------------------------

def check_validation(path: Path, tmp: Path, *, outputs: bool = True) -> Any:
    """Validate ``path`` and check the promises: a report, never an exception; known codes that
    read in both languages; a place for every cell-level issue; strict JSON from export. With
    ``outputs``: a valid verdict means the case calculates and writes a result workbook, and the
    annotated copy is written and readable."""
    from somxl.annotate import write_annotated
    from somxl.engine import calculate
    from somxl.results import write_result_workbook
    from somxl.render import render_validations
    from somxl.validate import export_case

    before = digest(path)
    v = validate_file(path)
    for issue in v.report.issues:
        assert issue.code in CATALOGUE and issue.code != "internal", issue
        for lang in ("da", "en"):
            assert issue.text(lang)
            for part in ("message", "fix"):  # every placeholder of the message has its parameter
                wanted = {name for _, name, _, _ in Formatter().parse(issue.definition.text(lang, part)) if name}
                assert wanted <= {"value", "field", *issue.params}, (issue, lang, part)
        if issue.code[0] in "RVW" and issue.code not in FILE_LEVEL and issue.severity != "info":
            assert issue.sheet and issue.cell, issue
    assert v.report.valid == (v.case is not None)
    for lang in ("da", "en"):
        render_validations([v], lang)
        render_validations([v], lang, as_json=True)
    _, partial = export_case(path, partial=True)
    if partial is not None:  # strict JSON: no NaN or Infinity, whatever the cells held
        json.loads(partial, parse_constant=lambda c: pytest.fail(f"{c} in exported JSON"))
    if outputs:
        if v.case is not None:
            out = tmp / "result.xlsx"
            out.unlink(missing_ok=True)
            write_result_workbook(out, v.case, calculate(v.case), warnings=v.report.warnings, inputs=(path,))
            assert out.stat().st_size > 0
        annotated = tmp / "annotated.xlsx"
        annotated.unlink(missing_ok=True)
        write_annotated(v, annotated, inputs=(path,))
        again = validate_file(annotated)
        assert not again.unreadable, again.report.issues
    assert digest(path) == before
    return v


# --- strategies -----------------------------------------------------------------------------------

STRANGE_TEXT = [
    "abc", "1.234", "1 234,5", "1\u00a0234,50", "25 %", "−3", "-3", "1e308", "1E3", "NaN", "inf", "-inf", "", " ",
    "x" * 40_000, "=SUM(A1)", "\u0001\u0007\u001f", "_x0000_", "_x001F_", "_xD800_", "x_xDFFF__xFFFF_",
    "(1.234,00)", "kr. 1.234,50", "1,234.50", "0,250", "12,5 %", "2026", "2026.0", "20266", "Ja", "Nej", "yes",
    "kommune", "Kommune", "KOMMUNE", "ukendt", "1.5", "  12  ", "1,-", "DKK", "%", "-", "—5", "١٢٣", "１２３",
    "1_000", "0x10", "True", "#REF!", "'123", "∞", "1 2 3", "+5", "++5", "5-", "2026-01-01", "01-01-2026",
    "Øre 5", "æøå", "\t7\t", "1.234.567,89", "9" * 400,
]
NUMBERS = [
    "0", "-0", "1", "-1", "0.5", "1.5", "25", "100", "101", "-0.0001", "2026", "1989", "2101", "1e308", "1e-308",
    "-1e308", "9007199254740993", "123456789012345678901234567890", "1E+300", "NaN", "INF", "-INF", "4.9E-324",
    "1.7976931348623157e308", "1" + "0" * 400, "3.000000000001", "49", "50", "51", "1000000", "0.999",
]

values = st.one_of(
    st.tuples(st.just("inline"), st.sampled_from(STRANGE_TEXT)),
    st.tuples(st.just("inline"), st.text(max_size=30)),
    st.tuples(st.just("n"), st.sampled_from(NUMBERS)),
    st.tuples(st.just("n"), st.floats(allow_nan=False, allow_infinity=False).map(repr)),
    st.tuples(st.just("n"), st.integers(min_value=-10**20, max_value=10**20).map(str)),
    st.tuples(st.just("s"), st.sampled_from(["0", "5", "-1", "99999", "1.5", "abc", ""])),
    st.tuples(st.just("b"), st.sampled_from(["0", "1", "true", "2", ""])),
    st.tuples(st.just("e"), st.sampled_from(["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", ""])),
    st.tuples(st.just("f"), st.sampled_from(["SUM(A1)", "1+1", "NOW()", "'x'!A1", ""])),
    st.tuples(st.just("fv"), st.tuples(st.just("1+1"), st.sampled_from(["2", "0", "-5", "1e308"]))),
    st.tuples(st.just("d"), st.sampled_from(["2026-01-01", "2026-01-01T10:00:00Z", "1900-01-01", "9999-12-31",
                                              "0001-01-01", "not a date", "", "2026-13-45"])),
    st.tuples(st.just("date"), st.tuples(st.sampled_from(["46023", "0", "-1", "1e10", "2958466", "0.5", "1e308"]),
                                         st.just("DATE_STYLE"))),
    st.none(),
)


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> tuple[Path, list[tuple[str, str]], dict[str, str], str]:
    d = tmp_path_factory.mktemp("fuzz")
    path = d / "filled.xlsx"
    layout = fill(path)
    cells: set[tuple[str, str]] = {(r.sheet, r.a1) for r in layout.fields.values()}
    cells |= {(r.sheet, r.a1) for parts in layout.questions.values() for r in parts.values()}
    cells |= {(layout.sheets["meta"], f"B{row}") for row in range(2, 12)}  # the stamp: a user's cells too
    for t in layout.tables.values():
        for key, cols in t.columns.items():
            for col in cols[:4]:  # the first change years are enough; all 50 are in strange-files tests
                for row in (t.first_row, t.first_row + 1, t.first_row + 2, t.last_row):
                    cells.add((t.sheet, f"{col_to_letters(col + 1)}{row + 1}"))
    from somxl.xlsxread import open_workbook

    book = open_workbook(path)
    date_style = str(min(book._date_styles)) if book._date_styles else "0"
    return path, sorted(cells), sheet_parts(path), date_style


def strange_copy(filled: tuple, tmp_path: Path, data: Any, most: int) -> Path:
    src, cells, parts, date_style = filled
    picked = data.draw(st.lists(st.sampled_from(cells), min_size=1, max_size=most, unique=True))
    edits = {}
    for where in picked:
        value = data.draw(values)
        if value is not None and value[0] == "date":
            value = ("date", (value[1][0], date_style))
        edits[where] = value
    return edit_copy(src, tmp_path / "strange.xlsx", edits, parts)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_strange_values_never_break_validation(filled, tmp_path, data):
    check_validation(strange_copy(filled, tmp_path, data, 12), tmp_path, outputs=False)


@settings(max_examples=max(8, EXAMPLES // 5), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_strange_values_then_calc_and_annotate(filled, tmp_path, data):
    check_validation(strange_copy(filled, tmp_path, data, 4), tmp_path)
