"""Shared test helpers: one way to say "this input gives exactly these issues".

``assert_issues(subject, [(code, path), ...])`` takes whatever a test has at hand (a case
dict, a workbook or case file, a Report, a Validation, an error carrying a report) and compares
its issues, as rows of the named fields (``Report.flatten``), with the rows expected, in the
order they were found. In the spirit of pyxform's ``assertPyxformXform``: the test states the
input and the whole expected outcome, and a failure shows every issue with its message, so a
wrong expectation is fixed from the output alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from somxl.base.issuecodes import CATALOGUE
from somxl.base.report import Issue, Report


def issues_of(subject: Any) -> list[Issue]:
    """The issues of ``subject``: a case dict (``parse_case``), a path to a workbook or case
    JSON (``validate_file``), a Report, a Validation, an error with a report (or pytest's
    ``ExceptionInfo`` of one), the ``(case, issues)`` pair ``parse_case`` returns, or a list
    of issues."""
    # pytest.raises gives an ExceptionInfo whose .value is the error
    if hasattr(subject, "value") and isinstance(subject.value, BaseException):
        subject = subject.value
    if isinstance(subject, dict):
        from somxl.model.case import parse_case

        return parse_case(subject)[1]
    if isinstance(subject, (str, Path)):
        from somxl.workbook_in.validate import validate_file

        return validate_file(subject).report.issues
    if isinstance(subject, tuple) and len(subject) == 2 and isinstance(subject[1], list):
        return subject[1]
    if isinstance(subject, Report):
        return subject.issues
    report = getattr(subject, "report", None)
    if isinstance(report, Report):
        return report.issues
    if isinstance(subject, BaseException):
        raise AssertionError(f"{type(subject).__name__} carries no report: {subject}")
    if isinstance(subject, list) and all(isinstance(i, Issue) for i in subject):
        return subject
    raise TypeError(f"assert_issues cannot find issues in a {type(subject).__name__}")


def assert_issues(subject: Any, expected: Iterable[Sequence[Any] | str], *,
                  fields: Sequence[str] = ("code", "path"), ordered: bool = True,
                  severities: Iterable[str] | None = None) -> list[Issue]:
    """Assert that ``subject`` has exactly the ``expected`` issues, as tuples of ``fields``
    (a bare code where ``fields`` is only ``("code",)``), in the order found unless
    ``ordered=False``. ``severities`` (e.g. ``["error"]``) compares only issues of those
    severities. Returns the issues compared, for further checks of their messages."""
    fields = tuple(fields)
    want = [(row,) if isinstance(row, str) else tuple(row) for row in expected]
    assert all(len(row) == len(fields) for row in want), f"every expected row needs {len(fields)} values: {fields}"
    if "code" in fields:
        unknown = sorted({row[fields.index("code")] for row in want} - CATALOGUE.keys())
        assert not unknown, f"expected codes that are not in the issue catalogue: {unknown}"
    keep = set(severities) if severities is not None else None
    issues = [i for i in issues_of(subject) if keep is None or i.severity in keep]
    got = [tuple(row) for row in Report(issues=issues).flatten(list(fields))]
    same = got == want if ordered else sorted(got, key=repr) == sorted(want, key=repr)
    if not same:
        missing = [row for row in want if row not in got]
        unexpected = [row for row in got if row not in want]
        lines = [f"issues as {fields} differ" + ("" if ordered else " (in any order)"),
                 f"  expected:   {want}", f"  got:        {got}",
                 f"  missing:    {missing}", f"  unexpected: {unexpected}", "  every issue found:"]
        lines += [f"    {i.code} {i.severity} {i.path or '-'} {i.sheet or ''}!{i.cell or ''}: {i.text('en')}"
                  for i in issues]
        raise AssertionError("\n".join(lines))
    return issues
