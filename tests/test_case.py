"""Case parsing: every defect reported at once with its JSON path; canonical dict; files."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fixtures import WORKED
from helpers import assert_issues
from somxl.model import case as case_mod
from somxl.model.case import case_to_dict, load_case, parse_case, read_case, save_case
from somxl.model.engine import calculate
from somxl.base.errors import FileError, InputError
from somxl.base.issuecodes import CATALOGUE
from somxl.base.report import Report

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def with_every_defect() -> dict:
    d = copy.deepcopy(WORKED)
    d["meta"] = {"title": "x", "foo": 1}
    d["intervention"]["duraton_years"] = 2
    d["intervention"]["completion_rate"] = 25
    d["settings"]["discount_rate"] = -0.1
    d["settings"]["price_index"] = {"2024x": 100}
    d["target_group"]["name"] = 5
    d["participants"] += [{"year": 2027, "starting": 3}, {"year": 2040, "starting": 1}]
    d["effect"] = {"rate_with": 0.1, "rate_without": 0.2}
    d["costs"][0]["amount"] = -5
    d["costs"][1]["payer"] = "kommunen"
    d["consequences"][0]["price_year"] = 2024
    d["consequences"].append({"name": "Dage på herberg", "domain": "D", "kind": "expense",
                              "prices": {"kommune": 0}, "changes": [1] * 51})
    d["uncertainty"] = {"costs": [1.2, 1.5], "consequences": {"Ukendt": [0.5, 1.5]}}
    d["answers"] = {"trin1": {"status": "done"}}
    d["assumptions"] = [{"id": "A1", "text": "a", "date": "1. nov"}, {"id": "A1", "text": "b"}]
    return d


def test_every_defect_reported_at_once_with_its_path():
    case, issues = parse_case(with_every_defect())
    assert case is None
    assert Report(issues=issues).flatten(["code", "path", "value"]) == [
        ["C003", "meta.foo", None],
        ["V001", "settings.price_index.2024x", "2024x"],
        ["V001", "settings.discount_rate", -0.1],
        ["C004", "intervention.duraton_years", None],
        ["V003", "intervention.completion_rate", 25],
        ["C006", "target_group.name", 5],
        ["V002", "costs[0].amount", -5],
        ["V004", "costs[1].payer", "kommunen"],
        ["C005", "consequences[1].unit", None],
        ["V012", "consequences[1].changes", None],
        ["V017", "answers.trin1", "trin1"],
        ["V004", "answers.trin1.status", "done"],
        ["V018", "assumptions[0].date", "1. nov"],
        ["V006", "effect.rate_with", 0.1],
        ["V014", "participants[2].year", 2027],
        ["V008", "participants[3].year", 2040],
        ["V007", "consequences[0].price_year", 2024],
        ["V010", "consequences[1].name", "Dage på herberg"],
        ["W003", "consequences[1].prices", None],
        ["V011", "uncertainty.consequences.Ukendt", "Ukendt"],
        ["V013", "uncertainty.costs", None],
        ["V016", "assumptions[1].id", "A1"],
    ]


def test_messages_read_after_a_location_in_both_languages():
    issues = parse_case(with_every_defect())[1]
    by_code = {i.code: i for i in issues}
    assert by_code["V003"].text("da") == (
        "intervention.completion_rate: Værdien 25 er over 1, men andele angives som brøk: "
        "25 % er 0,25. Skriv 25 % som 0,25.")
    assert by_code["V003"].text("en") == (
        "intervention.completion_rate: The value 25 is above 1, but rates are fractions: "
        "25 % is 0.25. Enter 25 % as 0.25.")
    assert by_code["C004"].message("en") == (
        "The field «duraton_years» is not known; did you mean «duration_years»? Unknown fields "
        "are an error so that a typo is not missed. Rename it to «duration_years».")
    # Every message formats fully: no unfilled {parameter} left in either language.
    for issue in issues:
        for lang in ("da", "en"):
            assert "{" not in issue.message(lang), (issue.code, lang)


@pytest.mark.parametrize(("effect", "expected"), [
    ({}, [("V005", "effect.success_rate")]),
    ({"rate_with": 0.3}, [("V005", "effect.success_rate")]),
    ({"success_rate": 0.12, "rate_with": 0.12, "rate_without": 0.02}, [("W001", "effect.success_rate")]),
    ({"success_rate": 0.2, "rate_with": 0.12, "rate_without": 0.02}, [("W002", "effect.success_rate")]),
    ({"success_rate": 0.1, "rate_with": 0.12, "rate_without": 0.02}, []),
    ({"success_rate": 1.5}, [("V026", "effect.success_rate")]),
    ({"success_rate": 250}, [("V026", "effect.success_rate")]),
    ({"success_rate": True}, [("C006", "effect.success_rate")]),
])
def test_effect_rules(effect, expected):
    assert_issues({**WORKED, "effect": effect}, expected)


def test_success_rate_wins_over_with_and_without():
    case, _ = parse_case({**WORKED, "effect": {"success_rate": 0.2, "rate_with": 0.12, "rate_without": 0.02}})
    assert case.effect.rate == 0.2
    case, _ = parse_case({**WORKED, "effect": {"rate_with": 0.6, "rate_without": 0.47}})
    assert case.effect.rate == pytest.approx(0.13)


def test_deadweight_hint_explains_the_faq_example():
    issue = parse_case({**WORKED, "effect": {"success_rate": 0.12, "rate_with": 0.12, "rate_without": 0.02}})[1][0]
    assert "12 % med og 2 % uden" in issue.message("da")
    assert issue.message("en").endswith(
        "Use 10% (with − without) as the success rate, or leave it empty so that it is computed.")


def test_case_level_rules():
    assert_issues({**WORKED, "participants": [{"year": 2026, "starting": 0}]}, [("V009", "participants")])
    assert_issues({**WORKED, "participants": []}, [("V009", "participants")])
    assert_issues({**WORKED, "consequences": []}, [("W005", "consequences")])
    assert_issues({**WORKED, "assumptions": []}, [("W004", "assumptions")])
    assert_issues({**WORKED, "intervention": {"name": "X", "duration_years": 5}},
                  [("W006", "intervention.duration_years")])
    assert_issues({k: v for k, v in WORKED.items() if k != "settings"}, [("C005", "settings")])
    assert_issues(parse_case([1, 2]), [("C006", "")])


def test_price_index_present_allows_another_price_year():
    data = copy.deepcopy(WORKED)
    data["settings"]["price_index"] = {"2024": 100.0, "2026": 104.1}
    data["consequences"][0]["price_year"] = 2024
    assert_issues(data, [])
    data["settings"]["price_index"] = {"2024": 100.0}
    assert_issues(data, [("V007", "consequences[0].price_year")])


def test_catalog_values_outside_give_warnings_only():
    class Catalog:
        target_groups = {"Voksne i hjemløshed"}
        domains = {"Sundhed"}
        units = {"dage"}
        categories = {"drift"}

    case, issues = parse_case(WORKED, Catalog())
    assert case is not None
    assert_issues(issues, [("V015", "consequences[0].domain", "warning")], fields=("code", "path", "severity"))


def test_schema_unknown_newer_and_migrated(monkeypatch):
    assert_issues({**WORKED, "schema": "somxl/case@3"}, [("C002", "schema")])
    assert_issues({**WORKED, "schema": "other/thing"}, [("C001", "schema")])
    issue = parse_case({**WORKED, "schema": "somxl/case@3"})[1][0]
    assert issue.message("en").startswith("somxl/case@3 is newer than this somxl, which reads somxl/case@2 only.")
    # @1 is read unchanged: @2 only added optional fields
    v1 = parse_case({**WORKED, "schema": "somxl/case@1"})[0]
    assert case_to_dict(v1) == case_to_dict(parse_case({**WORKED, "schema": "somxl/case@2"})[0])

    def from_v0(d: dict) -> dict:
        d = dict(d, schema="somxl/case@1")
        d["effect"] = {"success_rate": d.pop("rate")}
        return d

    monkeypatch.setitem(case_mod.MIGRATIONS, "somxl/case@0", from_v0)
    old = {k: v for k, v in WORKED.items() if k != "effect"} | {"schema": "somxl/case@0", "rate": 0.5}
    case, issues = parse_case(old)
    assert issues == [] and case.effect.success_rate == 0.5


def test_canonical_dict_has_every_key_in_contract_order():
    d = case_to_dict(parse_case(WORKED)[0])
    assert list(d) == ["schema", "meta", "settings", "intervention", "target_group", "participants",
                       "effect", "costs", "replaced_costs", "consequences", "uncertainty",
                       "optimism_bias", "answers", "assumptions", "scenarios"]
    assert d["costs"][0] == {"item": "Drift", "category": None, "payer": "kommune", "committee": None,
                             "year": 2026, "amount": 1000, "per_participant": False, "price_year": None,
                             "domain": None, "source": None}
    assert d["target_group"]["match"] is None
    assert list(d["consequences"][0]) == ["name", "domain", "unit", "kind", "committee", "prices",
                                          "price_year", "changes", "source"]
    assert d["settings"]["price_index"] == {} and d["uncertainty"] is None and d["answers"] == {}


@pytest.mark.parametrize("name", ["housing-first.json", "ips-employment.json", "recidivism.json"])
def test_samples_are_valid_and_round_trip(name, tmp_path):
    case, report = read_case(SAMPLES / name)
    assert report.errors == [] and report.warnings == []
    canonical = case_to_dict(case)
    assert canonical == json.loads((SAMPLES / name).read_text(encoding="utf-8"))  # canonical somxl/case@2
    save_case(case, tmp_path / name)
    assert case_to_dict(load_case(tmp_path / name)) == canonical


def test_load_case_errors(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "somxl/case@1",\n  "meta": }', encoding="utf-8")
    with pytest.raises(FileError) as exc:
        load_case(bad)
    assert exc.value.text("en") == f"{bad} is not valid JSON (line 2, column 11: Expecting value)"
    with pytest.raises(FileError):
        load_case(tmp_path / "missing.json")
    bad.write_text(json.dumps({**WORKED, "effect": {}}), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_case(bad)
    assert_issues(exc, [("V005", "effect.success_rate")])


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(WORKED).encode())
    assert load_case(path).settings.start_year == 2026


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_replaced_value_is_reported_never_raised(data):
    """Replace any node of a valid case by any JSON value: parse_case reports, never raises,
    and a case it returns can be calculated."""
    case = copy.deepcopy(WORKED)
    case["uncertainty"] = {"draws": 20, "success_rate": [0.1, 0.9], "consequences": {"Dage på herberg": [0.5, 2]}}
    path = data.draw(st.sampled_from([p for p in _paths(case) if p]))
    target = case
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(json_values)
    parsed, issues = parse_case(case)
    assert all(i.code in CATALOGUE for i in issues)
    assert (parsed is None) == any(i.severity == "error" for i in issues)
    if parsed is not None:
        json.dumps(calculate(parsed).to_dict(), allow_nan=False)


def test_a_text_longer_than_an_excel_cell_is_an_error():
    data = copy.deepcopy(WORKED)
    data["intervention"]["description"] = "æ" * 32768
    case, issues = parse_case(data)
    assert case is None
    assert [(i.code, i.path, i.message("en")) for i in issues] == [
        ("V019", "intervention.description",
         "The text has 32,768 characters; an Excel cell holds at most 32,767. Shorten the text, or refer to a document.")]
    data["intervention"]["description"] = "æ" * 32767
    assert parse_case(data)[0] is not None


def test_decimals_in_messages_follow_the_language():
    from somxl.base.report import Issue

    issue = Issue("R027", params={"seconds": 0.5})
    assert "0,5 sekunder" in issue.message("da") and "0.5 seconds" in issue.message("en")
    typed = Issue("R002", value="1.234", params={"a_da": "1234", "b_da": "1,234"})
    assert typed.message("da").startswith("«1.234» kan læses")  # what the user typed stays as typed


def test_each_cross_check_names_the_codes_it_can_raise():
    """The rules between fields run in order and each says which codes it raises (frictionless'
    checks are the model): the codes a rule adds, directly or through a helper of this module,
    are exactly the codes it names, and each is in the catalogue."""
    import inspect
    import re

    def raised(fn, seen=()):
        source = inspect.getsource(fn)
        codes = set(re.findall(r'ck\.add\("(\w+)"', source))
        for name in set(re.findall(r"\b(_\w+)\(", source)) - set(seen) - {fn.__name__}:
            helper = getattr(case_mod, name, None)
            if inspect.isfunction(helper):
                codes |= raised(helper, (*seen, fn.__name__))
        return codes

    rules = case_mod.CROSS_CHECKS
    assert len(rules) == len(set(rules)) > 1
    for rule in rules:
        assert raised(rule) == set(rule.codes), rule.__name__
        assert set(rule.codes) <= CATALOGUE.keys(), rule.__name__


def test_the_contract_keys_are_declared_once():
    """The canonical dict, the object checks (C003/C005) and the reader's case order all come from
    the dataclasses' fields."""
    from somxl.model.case import Case, CostLine, contract
    from somxl.workbook_in.read import CASE_ORDER

    assert tuple(contract(Case)) == CASE_ORDER
    assert CASE_ORDER[:3] == ("schema", "meta", "settings")
    assert contract(CostLine) == {"item": True, "category": False, "payer": True, "committee": False, "year": True,
                                  "amount": True, "per_participant": False, "price_year": False, "domain": False,
                                  "source": False}
    case, _ = parse_case(json.loads((SAMPLES / "housing-first.json").read_text(encoding="utf-8")))
    assert list(case_to_dict(case)) == list(CASE_ORDER)
    assert list(case_to_dict(case)["costs"][0]) == list(contract(CostLine))
