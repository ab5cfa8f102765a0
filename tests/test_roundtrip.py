"""fill(case) → export → the same case, for Hypothesis-made cases (Danish letters, long texts,
zeros, empty optional fields, texts starting with '=')."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readback import fill, sample
from somxl.model.case import case_to_dict, parse_case
from somxl.workbook_in.validate import export_case

LETTERS = "abcæøåÆØÅ éü-.,'\"&<>%§"
text = st.text(alphabet=LETTERS, min_size=1, max_size=40).filter(lambda s: s.strip() == s and s.strip())
formula_like = st.builds(lambda s: "=" + s, st.text(alphabet="ABC1+()", min_size=1, max_size=10))
any_text = st.one_of(text, formula_like)
long_text = st.text(alphabet=LETTERS + "\n", min_size=200, max_size=2000).map(lambda s: "x" + s.strip() + "y")
optional = lambda s: st.one_of(st.none(), s)  # noqa: E731
amount = st.one_of(st.just(0), st.integers(0, 10**9), st.decimals(0, 10**6, places=2).map(float))
rate = st.decimals(0, 1, places=4).map(float)


@st.composite
def cases(draw):
    case = sample()
    case["meta"]["title"] = draw(optional(any_text))
    case["meta"]["author"] = draw(optional(text))
    case["intervention"]["name"] = draw(any_text)
    case["intervention"]["description"] = draw(optional(long_text))
    case["effect"]["source"] = draw(optional(long_text))
    case["effect"].update(success_rate=draw(rate), rate_with=None, rate_without=None)
    case["uncertainty"] = None
    for line in case["costs"]:
        line.update(item=draw(any_text), amount=draw(amount), committee=draw(optional(text)),
                    category=draw(optional(text)), per_participant=draw(st.booleans()))
    for c in case["consequences"]:
        c["source"] = draw(optional(any_text))
        c["prices"] = {p: draw(amount) for p in ("kommune", "region", "stat")}
        c["changes"] = draw(st.lists(st.one_of(st.just(0), st.integers(-50, 50)), max_size=12))
    case["answers"] = {qid: {"answer": draw(optional(any_text)), "status": draw(st.sampled_from(
        ["answered", "partly", "missing", "not_relevant"])), "source": draw(optional(text))}
        for qid in draw(st.lists(st.sampled_from(sorted(case["answers"])), max_size=6, unique=True))}
    return case


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cases())
def test_export_of_fill_is_the_case(tmp_path_factory, case):
    parsed, issues = parse_case(case)
    assert parsed is not None, issues
    path = tmp_path_factory.mktemp("rt") / "case.xlsx"
    fill(path, case_to_dict(parsed))
    v, out = export_case(path, partial=False)
    assert out is not None, v.report.issues
    back, _ = parse_case(json.loads(out))
    assert case_to_dict(back) == case_to_dict(parsed)


def test_text_starting_with_equals_stays_text_everywhere(tmp_path):
    case = sample()
    case["intervention"]["name"] = "=SUM(A1:A3)"
    case["consequences"][0]["source"] = "=HYPERLINK(\"http://x\")"
    path = tmp_path / "eq.xlsx"
    fill(path, case)
    v, out = export_case(path)
    data = json.loads(out)
    assert data["intervention"]["name"] == "=SUM(A1:A3)"
    assert data["consequences"][0]["source"] == "=HYPERLINK(\"http://x\")"
    from somxl.base.xlsxread import open_workbook

    cells = open_workbook(path).cells("1 Indsats")
    [cell] = [c for c in cells.values() if c.value == "=SUM(A1:A3)"]
    assert cell.formula is None and cell.is_text


def test_a_table_longer_than_the_template_grows_and_round_trips(tmp_path):
    from somxl.model.case import case_to_dict, load_case
    from somxl.workbooks_out.generate import write_input_workbook
    from somxl.workbook_in.validate import validate_file

    case = case_to_dict(load_case(Path(__file__).resolve().parent.parent / "samples" / "ips-employment.json"))
    case["costs"] = [dict(case["costs"][0], item=f"Post {i}", amount=100 + i) for i in range(60)]
    out = tmp_path / "long.xlsx"
    layout = write_input_workbook(out, case=case)
    table = layout.tables["costs"]
    assert table.last_row - table.first_row + 1 == 60
    v = validate_file(out)
    assert v.report.errors == [] and case_to_dict(v.case)["costs"] == case["costs"]
