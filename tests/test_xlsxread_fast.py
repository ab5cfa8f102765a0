"""The reader's fast path for a whole worksheet part (``xlsxread._fast_cells``) gives the same
cells as the streaming path (``_SheetTarget``) for every shape of sheet XML, and is refused
(None: the sheet streams) for the shapes it does not take. Sheets are built here from random
cells: every cell type, formulas plain and shared, inline strings with rich and phonetic runs,
escapes, line ends, attributes in any order and quoting, cells with and without a reference."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from readback import edit, fill, sample
from somxl.base import xlsxread
from somxl.base.xlsxread import col_to_letters, open_workbook
from xlsx_build import MAIN_NS, STRICT_MAIN_NS, build_xlsx

SHARED = ["a", "Ø & b", "<tag>", "line\nbreak", ""]
OTHER_NS = 'xmlns:o="urn:somxl:other"'  # a namespace that is not SpreadsheetML's, declared on the root as o
words = st.text(alphabet=st.sampled_from(list("ab Ø&<>\"'\r\n\t=/_x000D;#1")), max_size=8)


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def attrs(pairs: list[tuple[str, str]], single: bool, order: list[int]) -> str:
    q = "'" if single else '"'
    return "".join(f" {k}={q}{esc(v).replace(q, '&apos;' if single else '&quot;')}{q}"
                   for k, v in (pairs[i] for i in order if i < len(pairs)))


@st.composite
def a_cell(draw, row: int, col: int) -> str:
    kind = draw(st.sampled_from(["n", "s", "str", "inlineStr", "b", "e", "d", "empty", "blank_f"]))
    pairs = []
    if draw(st.integers(0, 9)) or kind == "empty":  # mostly with a reference, as every program writes
        pairs.append(("r", f"{col_to_letters(col)}{row}"))
    if draw(st.booleans()):
        pairs.append(("s", str(draw(st.integers(0, 3)))))
    if kind not in ("n", "empty", "blank_f") or draw(st.booleans()):
        pairs.append(("t", kind if kind not in ("empty", "blank_f") else "n"))
    order = draw(st.permutations(range(3)))
    head = f"<c{attrs(pairs, draw(st.booleans()), list(order))}"
    if kind == "empty":
        return head + draw(st.sampled_from(["/>", "></c>"]))
    formula = draw(st.sampled_from(["", "plain", "master", "child"]))
    f = {"": "", "plain": f"<f>{esc(draw(words))}</f>",
         "master": f'<f t="shared" ref="A1:C9" si="{draw(st.integers(0, 1))}">A1+B$2</f>',
         "child": f'<f t="shared" si="{draw(st.integers(0, 1))}"/>'}[formula]
    value = {"n": draw(st.sampled_from(["1", " 2.5 ", "-0", "1E3", ""])), "s": str(draw(st.integers(0, 4))),
             "str": esc(draw(words)), "b": draw(st.sampled_from(["0", "1", "true"])), "e": "#REF!",
             "d": "2024-02-29T00:00:00Z", "blank_f": None, "inlineStr": None}[kind]
    # now and then an element of another namespace (declared on the root as o) where a cell's
    # element could stand: no part of the cell, on either path
    other = draw(st.sampled_from(["", "", "", "", "", "", "<o:v>9</o:v>", "<o:f>B1</o:f>",
                                  "<o:is><t>z</t></o:is>"]))
    if kind == "inlineStr":
        runs = draw(st.sampled_from([
            f"<is><t>{esc(draw(words))}</t></is>",
            f'<is><r><t xml:space="preserve">{esc(draw(words))}</t></r><r><rPr/><t>b</t></r>'
            "<rPh sb=\"0\" eb=\"1\"><t>PH</t></rPh></is>", "<is><t/></is>", "<is><o:t>z</o:t><t>y</t></is>"]))
        return f"{head}>{f}{other}{runs}</c>"
    v = "" if value is None else draw(st.sampled_from([f"<v>{value}</v>", f"<v>{value}</v>\n"]))
    return f"{head}>{f}{other}{v}</c>"


@st.composite
def sheet_xml(draw) -> str:
    rows = []
    for r in range(1, draw(st.integers(1, 6)) + 1):
        cells = [draw(a_cell(r, c)) for c in range(1, draw(st.integers(0, 5)) + 1)]
        sep = draw(st.sampled_from(["", "\n  ", "\r\n"]))
        if draw(st.integers(0, 4)) == 0:  # a cell of another namespace among the cells
            other = f'<o:c r="{col_to_letters(len(cells) + 1)}{r}"><v>7</v></o:c>'
            cells.insert(draw(st.integers(0, len(cells))), other)
        rows.append(f'<row r="{r}">{sep.join(cells)}</row>')
    return "".join(rows)


def both(path, sheet="Ark"):
    fast = open_workbook(path).cells(sheet)
    saved = xlsxread.FAST_PART_BYTES
    xlsxread.FAST_PART_BYTES = -1  # every part streams
    try:
        streamed = open_workbook(path).cells(sheet)
    finally:
        xlsxread.FAST_PART_BYTES = saved
    return fast, streamed


def taken(path, sheet="Ark"):
    """True when the fast path returned the cells (not None) for this sheet."""
    seen = []
    real = xlsxread._fast_cells

    def spy(*args):
        out = real(*args)
        seen.append(out is not None)
        return out

    xlsxread._fast_cells = spy
    try:
        open_workbook(path).cells(sheet)
    finally:
        xlsxread._fast_cells = real
    return seen == [True]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sheet_xml(), st.sampled_from(["", "", "", "x"]), st.booleans())
def test_fast_path_gives_the_streamed_cells(tmp_path, xml, prefix, strict):
    path = build_xlsx(tmp_path / "random.xlsx", [("Ark", xml)], shared=SHARED, prefix=prefix, strict=strict,
                      declare=OTHER_NS)
    event(f"fast path taken: {taken(path)}")
    try:
        streamed = both(path)[1]
    except Exception as exc:  # a random sheet the streaming path refuses: the fast path must too
        try:
            open_workbook(path).cells("Ark")
        except type(exc) as mine:
            assert mine.report.issues[0].code == exc.report.issues[0].code
        else:
            raise AssertionError("the fast path read a sheet the streaming path refuses") from exc
        return
    assert open_workbook(path).cells("Ark") == streamed


def test_fast_path_is_taken_for_the_plain_shape_and_refused_for_others(tmp_path):
    plain = '<row r="1"><c r="A1" s="1" t="s"><v>1</v></c><c r="B1"><f>A1&amp;"x"</f><v>2</v></c></row>'
    assert taken(build_xlsx(tmp_path / "a.xlsx", [("Ark", plain)], shared=SHARED))
    assert not taken(build_xlsx(tmp_path / "b.xlsx", [("Ark", plain)], shared=SHARED, prefix="x"))
    for odd in ("<!-- note -->", '<c s="1"><v>3</v></c>', "<c r='C1' a='1>2'><v>1</v></c>"):
        path = build_xlsx(tmp_path / "c.xlsx", [("Ark", plain.replace("</row>", odd + "</row>"))], shared=SHARED)
        assert not taken(path), odd
        fast, streamed = both(path)
        assert fast == streamed


def test_what_expat_saw_decides_by_where_it_stands(tmp_path):
    """The fast path takes expat's word (``_Shape``) for comments, CDATA, processing instructions
    and namespace declarations instead of scanning the sheet's body again: one in the body or
    before it sends the sheet to the streaming reader; one after the sheet data (Excel's extLst)
    does not. A cell's end tag with a space ('</c >') is counted as an end, so the sheet is not
    plain. Both paths give the same cells either way."""
    cells = '<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1"><f>A1&amp;"xmlns"</f><v>2</v></c>{}</row>'
    row2 = '<row r="2"><c r="A2"><v>3</v></c></row>'

    def sheet(head="", body="", tail=""):
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n{head}<worksheet xmlns="{MAIN_NS}" '
                f'xmlns:r="urn:r"><sheetData>{cells.format(body)}{row2}</sheetData>{tail}</worksheet>')

    cases = {
        "plain": (sheet(), True),
        "xmlns as text": (sheet(body='<c r="C1" t="str"><f>"xmlns"</f><v>xmlns</v></c>'), True),
        "after the data": (sheet(tail='<extLst><ext uri="u" xmlns:x14="urn:x14"><!-- c --><?pi x?></ext></extLst>'), True),
        "comment": (sheet(body="<!-- note -->"), False),
        "CDATA": (sheet(body='<c r="C1" t="str"><v><![CDATA[a<b]]></v></c>'), False),
        "processing instruction": (sheet(body="<?pi x?>"), False),
        "declaration in the body": (sheet(body='<c r="C1" xmlns:p="urn:p"><v>4</v></c>'), False),
        "default namespace in the body": (f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1" xmlns="urn:other">'
                                          '<c r="A1"><v>1</v></c></row></sheetData></worksheet>', False),
        "comment before": (sheet(head="<!-- <sheetData> -->"), False),
        "an end tag with a space": (sheet(body='<c r="C1"><v>5</v></c >'), False),
    }
    for name, (xml, fast) in cases.items():
        path = build_xlsx(tmp_path / "shape.xlsx", [("Ark", "")], shared=SHARED,
                          extra={"xl/worksheets/sheet1.xml": xml.encode()})
        assert taken(path) == fast, name
        got, streamed = both(path)
        assert got == streamed, name


def test_an_element_of_another_namespace_is_no_cell_on_either_path(tmp_path):
    """Only SpreadsheetML's own elements make cells: an <o:c> among the cells of a row (the prefix
    declared on the sheet's root), an <o:v>, <o:f> or <o:t> inside a cell, an <o:sheetData> and an
    <o:si> among the shared strings are read by neither path, in the transitional and the Strict
    namespace alike."""
    xml = ('<row r="1"><c r="A1"><v>1</v></c><o:c r="B1"><v>2</v></o:c><c r="C1" t="s"><v>1</v></c></row>'
           '<row r="2"><c r="A2"><o:v>9</o:v><v>3</v></c><c r="B2"><o:f>A1</o:f></c>'
           '<c r="C2" t="inlineStr"><is><o:t>z</o:t><t>y</t></is></c><o:c r="D2" t="str"><f>A1</f><v>x</v></o:c></row>')
    expected = {(1, 1): 1, (1, 3): "b", (2, 1): 3, (2, 3): "y"}
    sst = (f'<sst xmlns="{MAIN_NS}" {OTHER_NS}><si><t>a</t></si><o:si><t>other</t></o:si><si><t>b</t></si>'
           "<si><t>c</t></si></sst>")
    for strict in (False, True):
        path = build_xlsx(tmp_path / "other.xlsx", [("Ark", xml)], strict=strict, declare=OTHER_NS,
                          shared_xml=sst.replace(MAIN_NS, STRICT_MAIN_NS) if strict else sst)
        fast, streamed = both(path)
        assert taken(path)
        assert {key: cell.value for key, cell in fast.items()} == expected, strict
        assert streamed == fast, strict
    outer = f'<worksheet xmlns="{MAIN_NS}" {OTHER_NS}><o:sheetData>{xml}</o:sheetData></worksheet>'
    path = build_xlsx(tmp_path / "outer.xlsx", [("Ark", "")], shared_xml=sst,
                      extra={"xl/worksheets/sheet1.xml": outer.encode()})
    assert both(path) == ({}, {})


def test_fast_path_on_generated_and_resaved_workbooks(tmp_path):
    layout = fill(tmp_path / "filled.xlsx", sample("recidivism"))
    edit(tmp_path / "filled.xlsx", tmp_path / "resaved.xlsx", layout, {"costs[0].amount": "1.234"})
    for path in (tmp_path / "filled.xlsx", tmp_path / "resaved.xlsx"):
        for sheet in open_workbook(path).sheets:
            if sheet.type == "worksheet":
                fast, streamed = both(path, sheet.name)
                assert fast == streamed, (path.name, sheet.name)
                assert taken(path, sheet.name), (path.name, sheet.name)


def test_cell_budget_holds_on_the_fast_path(tmp_path):
    """More cells than the budget: the fast path does not build them; the streaming reader refuses
    the sheet (F023) as it did before the fast path existed."""
    import pytest

    from somxl.base.errors import FileError
    from somxl.base.safety import Limits

    xml = "".join(f'<row r="{r}">' + "".join(f'<c r="{col_to_letters(c)}{r}"><v>{r * c}</v></c>' for c in range(1, 6))
                  + "</row>" for r in range(1, 7))
    path = build_xlsx(tmp_path / "many.xlsx", [("Ark", xml)])
    assert len(open_workbook(path).cells("Ark")) == 30 and taken(path)
    with pytest.raises(FileError) as caught:
        open_workbook(path, Limits(max_cells=10)).cells("Ark")
    assert caught.value.report.flatten(["code"]) == [["F023"]]


@st.composite
def shared_xml(draw) -> str:
    items = []
    for _ in range(draw(st.integers(0, 6))):
        text = esc(draw(words))
        items.append(draw(st.sampled_from([
            f"<si><t>{text}</t></si>", f'<si><t xml:space="preserve">{text}</t></si>', "<si><t/></si>",
            f'<si><r><rPr><b/></rPr><t>{text}</t></r><r><t xml:space="preserve">b</t></r></si>',
            f'<si><t>{text}</t><rPh sb="0" eb="1"><t>PH</t></rPh></si>', f"<si>\n<t>{text}</t></si>"])))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{MAIN_NS}">{"".join(items)}</sst>'


def strings_of(path):
    book = open_workbook(path)
    with book._zip() as zf:
        return book._shared_strings(zf)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shared_xml())
def test_shared_strings_read_whole_equal_the_streamed(tmp_path, sst):
    """The shared strings split apart in one pass (``_fast_strings``) are the streamed ones: entities,
    line ends, _xHHHH_ escapes; a part with rich or phonetic runs or another shape streams."""
    path = build_xlsx(tmp_path / "strings.xlsx", [("Ark", "")], shared_xml=sst)
    fast = strings_of(path)
    saved = xlsxread.FAST_PART_BYTES
    xlsxread.FAST_PART_BYTES = -1
    try:
        streamed = strings_of(path)
    finally:
        xlsxread.FAST_PART_BYTES = saved
    assert fast == streamed
    plain = "<r>" not in sst and "<rPh" not in sst and "<si>\n" not in sst
    event(f"read whole: {plain}")
    assert (xlsxread._fast_strings(sst.encode(), 10**6) is not None) == plain


def test_shared_string_indexes_written_otherwise_read_alike(tmp_path):
    """A shared-string index is looked up as written ('4'); one written otherwise ('04') is read as
    the streaming reader reads it, and one past the table is damaged content (F022) on both paths."""
    import pytest

    from somxl.base.errors import FileError

    xml = '<row r="1"><c r="A1" t="s"><v>4</v></c><c r="B1" t="s"><v>04</v></c><c r="C1" t="s"><v>1</v></c></row>'
    path = build_xlsx(tmp_path / "index.xlsx", [("Ark", xml)], shared=SHARED)
    fast, streamed = both(path)
    assert fast == streamed and taken(path)
    assert [fast[(1, c)].value for c in (1, 2, 3)] == [SHARED[4], SHARED[4], SHARED[1]]
    path = build_xlsx(tmp_path / "past.xlsx", [("Ark", xml.replace("<v>1</v>", "<v>5</v>"))], shared=SHARED)
    for stream in (False, True):
        saved = xlsxread.FAST_PART_BYTES
        xlsxread.FAST_PART_BYTES = -1 if stream else saved
        try:
            with pytest.raises(FileError) as caught:
                open_workbook(path).cells("Ark")
        finally:
            xlsxread.FAST_PART_BYTES = saved
        assert caught.value.report.flatten(["code"]) == [["F022"]]


def test_a_text_longer_than_a_cell_is_refused_on_the_fast_path(tmp_path):
    """F025 for a formula and for a formula's text value longer than a cell may hold, read fast."""
    import pytest

    from somxl.base.errors import FileError

    long = "x" * 40_000
    cases = {
        "formula": '<row r="1"><c r="A1"><f>' + "1+" * 20_000 + "1</f><v>20001</v></c></row>",
        "text value": f'<row r="1"><c r="A1" t="str"><f>A2</f><v>{long}</v></c></row>',
    }
    for name, xml in cases.items():
        path = build_xlsx(tmp_path / "long.xlsx", [("Ark", xml)], shared=SHARED)
        assert taken_or_refused(path), name
        with pytest.raises(FileError) as caught:
            open_workbook(path).cells("Ark")
        issue = caught.value.report.issues
        assert [(i.code, i.params["part"]) for i in issue] == [("F025", "xl/worksheets/sheet1.xml")], name


def taken_or_refused(path) -> bool:
    """True when the fast path ran to its end for the sheet (it returned cells; the budget then refuses)."""
    seen = []
    real = xlsxread._fast_cells
    xlsxread._fast_cells = lambda *args: seen.append(real(*args)) or seen[-1]
    try:
        open_workbook(path).cells("Ark")
    except Exception:
        pass
    finally:
        xlsxread._fast_cells = real
    return len(seen) == 1 and seen[0] is not None


def read_cells(path, stream: bool, limits=None):
    """The cells of 'Ark', read the fast way (parts read whole when small) or with every part streamed."""
    from somxl.base.safety import DEFAULT_LIMITS

    saved = xlsxread.FAST_PART_BYTES
    xlsxread.FAST_PART_BYTES = -1 if stream else saved
    try:
        return open_workbook(path, limits or DEFAULT_LIMITS).cells("Ark")
    finally:
        xlsxread.FAST_PART_BYTES = saved


def refusal(path, stream: bool) -> list[tuple[str, str]]:
    from somxl.base.errors import FileError

    try:
        read_cells(path, stream)
    except FileError as exc:
        return [(i.code, i.params.get("part")) for i in exc.report.issues]
    return []


@pytest.mark.parametrize("stream", [False, True], ids=["fast", "streamed"])
def test_a_long_rich_shared_string_is_refused_on_both_paths(tmp_path, stream):
    """A shared string of rich-text runs (so the strings stream) longer than a cell may hold, with
    another string after it, used from a sheet far smaller than the string: F025 as for a plain
    one, which is refused when the strings are read whole. At the limit itself it is read."""
    sheet = [("Ark", '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>')]

    def sst(n: int) -> str:
        return (f'<sst xmlns="{MAIN_NS}"><si><r><rPr><b/></rPr><t>{"x" * (n - 1)}</t></r><r><t>y</t></r></si>'
                '<si><r><t>next</t></r></si></sst>')

    path = build_xlsx(tmp_path / "long.xlsx", sheet, shared_xml=sst(32_768))
    assert refusal(path, stream) == [("F025", "xl/sharedStrings.xml")]
    plain = build_xlsx(tmp_path / "plain.xlsx", sheet, shared=["x" * 32_768, "next"])
    assert refusal(plain, stream) == [("F025", "xl/sharedStrings.xml")]
    at_limit = build_xlsx(tmp_path / "limit.xlsx", sheet, shared_xml=sst(32_767))
    cells = read_cells(at_limit, stream)
    assert len(cells[(1, 1)].value) == 32_767 and cells[(1, 2)].value == "next"


@pytest.mark.parametrize("stream", [False, True], ids=["fast", "streamed"])
def test_a_long_text_before_another_cell_is_refused_on_both_paths(tmp_path, stream):
    """F025 for every cell whose text value or formula is longer than a cell may hold, also when the
    next cell has begun before the streaming reader checks its budget, and for a shared formula that
    grows past the limit where it is moved to a far cell in a small sheet."""
    long = "x" * 40_000
    master = "+".join(["B1"] * 6_000)  # 17,999 characters; moved to XFA1000000 every B1 is XFB1000000
    cases = {
        "inline string": f'<row r="1"><c r="A1" t="inlineStr"><is><t>{long}</t></is></c><c r="B1"><v>1</v></c></row>',
        "text value": f'<row r="1"><c r="A1" t="str"><f>A2</f><v>{long}</v></c><c r="B1"><v>1</v></c></row>',
        "formula": '<row r="1"><c r="A1"><f>' + "1+" * 20_000 + '1</f><v>1</v></c><c r="B1"><v>1</v></c></row>',
        "shared formula moved": (f'<row r="1"><c r="A1"><f t="shared" ref="A1:XFA1000000" si="0">{master}</f><v>0</v></c>'
                                 '</row><row r="1000000"><c r="XFA1000000"><f t="shared" si="0"/><v>0</v></c></row>'),
    }
    for name, xml in cases.items():
        path = build_xlsx(tmp_path / "long.xlsx", [("Ark", xml)])
        assert refusal(path, stream) == [("F025", "xl/worksheets/sheet1.xml")], name
    near = cases["shared formula moved"].replace("XFA1000000", "B2").replace("1000000", "2")
    near = build_xlsx(tmp_path / "near.xlsx", [("Ark", near)])
    assert read_cells(near, stream)[(2, 2)].formula == "+".join(["C2"] * 6_000)


def test_cells_read_fast_are_made_when_looked_up(tmp_path):
    """A sheet read fast is a mapping whose Cells are made on first look-up: ``in``, ``len`` and
    its keys make none, ``get`` and ``[]`` make the one asked for, ``items``, ``values`` and ``==``
    all of them; each is the cell the streaming path reads."""
    xml = ('<row r="1"><c r="A1" s="1" t="s"><v>1</v></c><c r="B1"><f>A1&amp;"x"</f><v>2.5</v></c>'
           '<c r="C1"><f>B1</f><v></v></c><c r="D1" t="str"><f>A1</f><v>Ø</v></c></row>'
           '<row r="2"><c r="A2"><v>7</v></c><c r="B2"></c><c r="C2"><v></v></c></row>')
    path = build_xlsx(tmp_path / "lazy.xlsx", [("Ark", xml)], shared=SHARED)
    made = []
    real = xlsxread._Cells._make
    xlsxread._Cells._make = lambda self, key, groups: made.append(key) or real(self, key, groups)
    try:
        fast, streamed = both(path)
        assert taken(path) and isinstance(fast, xlsxread._Cells)
        assert list(fast) == list(streamed) == [(1, 1), (1, 2), (1, 3), (1, 4), (2, 1)]
        assert len(fast) == 5 and (2, 1) in fast and (2, 2) not in fast and made == []
        assert fast.get((1, 2)) == streamed[(1, 2)] and fast[(2, 1)] == streamed[(2, 1)]
        assert fast.get((1, 2)) is fast[(1, 2)] and made == [(1, 2), (2, 1)]  # made once
        assert fast.get((9, 9)) is None and fast.get((9, 9), ("a", "tuple")) == ("a", "tuple")
        with pytest.raises(KeyError):
            fast[(2, 2)]
        assert dict(fast.items()) == streamed and list(fast.values()) == list(streamed.values())
        assert sorted(made) == [(1, 1), (1, 2), (1, 3), (2, 1)]  # D1 (a text formula) was made as read
    finally:
        xlsxread._Cells._make = real
    assert fast == streamed and streamed == fast and dict(fast) == streamed


@pytest.mark.parametrize("stream", [False, True], ids=["fast", "streamed"])
def test_a_formula_at_the_limit_is_measured_as_read_not_as_written(tmp_path, stream):
    """The budget measures a formula's text after its entities are resolved: one of 32,767
    characters written with '&amp;' (longer than that in the part) is read, one of 32,768 is F025.
    On the fast path such a cell is made only to measure it; the others are not."""
    def sheet(n: int) -> str:
        formula = "1&amp;" * (n // 2) + "1"  # n + 1 characters once read
        return f'<row r="1"><c r="A1"><f>{formula}</f><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>'

    at_limit = build_xlsx(tmp_path / "limit.xlsx", [("Ark", sheet(32_766))], shared=SHARED)
    assert len(read_cells(at_limit, stream)[(1, 1)].formula) == 32_767
    past = build_xlsx(tmp_path / "past.xlsx", [("Ark", sheet(32_768))], shared=SHARED)
    assert refusal(past, stream) == [("F025", "xl/worksheets/sheet1.xml")]


@pytest.mark.parametrize("root, detail", [
    ("<worksheet><sheetData>{}</sheetData></worksheet>", "<worksheet>"),  # no namespace at all
    ('<worksheet xmlns="urn:other"><sheetData>{}</sheetData></worksheet>', "<{urn:other}worksheet>"),
    ('<chartsheet xmlns="' + MAIN_NS + '"><sheetData>{}</sheetData></chartsheet>', "<{" + MAIN_NS + "}chartsheet>"),
    ('<chartsheet xmlns="' + MAIN_NS + '"/>', "<{" + MAIN_NS + "}chartsheet>"),
])
def test_a_sheet_whose_root_is_no_worksheet_is_refused_on_both_paths(tmp_path, root, detail):
    # before, a sheet without SpreadsheetML's namespace read as blank: every input "missing"
    from somxl.base.errors import FileError

    xml = '<?xml version="1.0" encoding="UTF-8"?>\n' + root.format('<row r="1"><c r="A1"><v>1</v></c></row>')
    path = build_xlsx(tmp_path / "root.xlsx", [("Ark", "")], extra={"xl/worksheets/sheet1.xml": xml.encode()})
    for fast in (True, False):
        saved = xlsxread.FAST_PART_BYTES
        xlsxread.FAST_PART_BYTES = saved if fast else -1
        try:
            with pytest.raises(FileError) as refused:
                open_workbook(path).cells("Ark")
        finally:
            xlsxread.FAST_PART_BYTES = saved
        [issue] = refused.value.report.issues
        assert (issue.code, issue.params["detail"]) == ("F022", f"root element {detail}, not a SpreadsheetML worksheet"), fast


def test_a_worksheet_root_with_a_declaration_or_a_bom_is_taken(tmp_path):
    xml = f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1"><v>7</v></c></row></sheetData></worksheet>'
    for data in (xml.encode(), b"\xef\xbb\xbf" + xml.encode(),
                 b'<?xml version="1.0"?>\r\n' + xml.encode(), xml.replace("<worksheet ", "<worksheet\n").encode()):
        path = build_xlsx(tmp_path / "ok.xlsx", [("Ark", "")], extra={"xl/worksheets/sheet1.xml": data})
        fast, streamed = both(path)
        assert taken(path) and {k: c.value for k, c in fast.items()} == {(1, 1): 7} and streamed == fast
