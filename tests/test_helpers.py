"""The test helper ``assert_issues`` fails when it should, and says why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import assert_issues, issues_of
from somxl.model.case import load_case, parse_case
from somxl.base.errors import InputError
from somxl.workbook_in.validate import validate_file

# a shipped sample, not another test module's fixture (test modules do not import each other)
SAMPLE = json.loads((Path(__file__).resolve().parent.parent / "samples" / "housing-first.json")
                    .read_text(encoding="utf-8"))
NO_EFFECT = {**SAMPLE, "effect": {}}


def test_every_kind_of_subject_gives_the_same_issues(tmp_path):
    path = tmp_path / "sag.json"
    path.write_text(json.dumps(NO_EFFECT), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_case(path)
    expected = [("V005", "effect.success_rate")]
    for subject in (NO_EFFECT, parse_case(NO_EFFECT), parse_case(NO_EFFECT)[1], path, str(path),
                    validate_file(path), validate_file(path).report, caught, caught.value):
        assert [(i.code, i.path) for i in issues_of(subject)] == expected, type(subject)
        assert_issues(subject, expected)


def test_a_wrong_expectation_fails_showing_every_issue():
    with pytest.raises(AssertionError) as caught:
        assert_issues(NO_EFFECT, [("V005", "effect.rate_with")])
    shown = str(caught.value)
    assert "missing:    [('V005', 'effect.rate_with')]" in shown
    assert "unexpected: [('V005', 'effect.success_rate')]" in shown
    assert "V005 error effect.success_rate" in shown


def test_order_counts_unless_told_otherwise_and_severities_filter():
    data = {**SAMPLE, "participants": [], "assumptions": []}
    found = assert_issues(data, [("V009", "participants"), ("W004", "assumptions")])
    assert [i.code for i in found] == ["V009", "W004"]
    with pytest.raises(AssertionError):
        assert_issues(data, [("W004", "assumptions"), ("V009", "participants")])
    assert_issues(data, [("W004", "assumptions"), ("V009", "participants")], ordered=False)
    assert_issues(data, ["V009"], fields=["code"], severities=["error"])
    with pytest.raises(AssertionError):
        assert_issues(data, [("V009", "participants")])  # the warning is not left out unasked


def test_an_expected_code_must_exist_and_a_subject_must_hold_issues():
    with pytest.raises(AssertionError, match="not in the issue catalogue: \\['V999'\\]"):
        assert_issues(NO_EFFECT, [("V999", "effect.success_rate")])
    with pytest.raises(TypeError):
        issues_of(42)
    with pytest.raises(AssertionError, match="carries no report"):
        issues_of(ValueError("x"))
