"""Issues and reports: what validation finds, located and explained in Danish or English.

Every check in somxl yields ``Issue`` objects whose ``code`` is a key of the one catalogue
in ``issuecodes.py``. A ``Report`` collects all of them; it never stops at the first.
Formatting a message can never raise: a missing parameter is shown as ``{name}``.

``group_issues`` is how people see a report (the terminal's ``render.render_report``, the
Validering sheets of ``annotate`` and ``results``): the warnings of one code in one table on
one line, their cells as ranges; errors one line each."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from somxl.base.console import MAX_SHOWN, one_line
from somxl.base.issuecodes import CATALOGUE, IssueDef
from somxl.base.numbers import counted, fmt_percent, local_separators
from somxl.base.vocab import SEVERITY_LABELS, SEVERITY_PLURALS, pick

_WHERE = {
    "da": {"sheet": "ark", "cell": "celle", "path": "felt"},
    "en": {"sheet": "sheet", "cell": "cell", "path": "field"},
}


class _SafeParams(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fmt(template: str, params: dict[str, Any], lang: str = "da", cut: bool = True) -> str:
    # Parameters often hold text from a file: cleaned (controls escaped) and each cut to MAX_SHOWN
    # characters (docs/reading.md), so a message never carries an escape sequence or a cell of
    # millions of characters. ``cut=False`` for the program's own parameters (paths, counts, a
    # message already cut), and ``Whole`` for one of an issue's, which are shown whole.
    shown = {k: one_line(_show(v, lang), None if not cut or isinstance(v, Whole) else MAX_SHOWN)
             for k, v in params.items()}
    try:
        return template.format_map(_SafeParams(shown))
    except (ValueError, IndexError, AttributeError, KeyError):
        return template


class Whole(str):
    """An issue's parameter that is somxl's own text, shown whole where a text from a file is cut:
    the list of allowed values (a catalogue's types and columns are over 200 characters)."""


class Percent(float):
    """A fraction shown as a percentage in a message: 0.1 is '10 %' in Danish, '10%' in English."""


def _show(value: Any, lang: str = "da") -> str:
    """A parameter as text: whole floats without ``.0``, a decimal comma in Danish, and from
    10.000 up thousands grouped (``.`` in Danish, ``,`` in English). Only numbers are touched: a
    text the user typed (``"1.234"``) is shown exactly as typed."""
    if isinstance(value, Percent):
        return fmt_percent(value, lang)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 10_000 <= abs(value) < 1e15:
        # thousands grouped as in the workbooks ("1.000.000.000.000"); a year (under 10,000) never
        return local_separators(f"{value:,}", lang)
    if isinstance(value, float) and lang != "en":
        return str(value).replace(".", ",")
    return str(value)


def say(code: str, lang: str = "da", params: dict[str, Any] | None = None, *, headline: bool = False) -> str:
    """The catalogue's sentence for ``code`` in ``lang``: the message and its fix, or with
    ``headline`` the one line a command ends with for an F issue. The one way a text reaches the
    user that is not an issue in a report (what a command stops with, what it wrote). ``params``
    are shown whole with control characters escaped. Never raises."""
    d = CATALOGUE.get(code) or CATALOGUE["internal"]
    params = params or {}
    if headline and d.headline_da:
        return _fmt(d.text(lang, "headline"), params, lang, cut=False)
    msg = _fmt(d.text(lang, "message"), params, lang, cut=False)
    fix = _fmt(d.text(lang, "fix"), params, lang, cut=False)
    return f"{msg} {fix}".strip() if fix else msg


@dataclass
class Issue:
    """One problem found, with where it is (sheet, A1 cell, field label as printed, JSON path)."""

    code: str
    sheet: str | None = None
    cell: str | None = None
    field: str | None = None
    path: str | None = None
    value: Any = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def definition(self) -> IssueDef:
        return CATALOGUE.get(self.code) or CATALOGUE["internal"]

    @property
    def severity(self) -> str:
        return self.definition.severity

    def where(self, lang: str = "da") -> str:
        words = pick(lang, _WHERE["da"], _WHERE["en"])
        parts = []
        if self.sheet:
            parts.append(f"{words['sheet']} '{one_line(self.sheet)}'")
        if self.cell:
            parts.append(f"{words['cell']} {one_line(self.cell)}")
        if self.field:
            parts.append(f"«{one_line(self.field)}»")
        if self.path and not (self.sheet or self.cell):
            parts.append(one_line(self.path))
        return ", ".join(parts)

    def message(self, lang: str = "da") -> str:
        """What is wrong, the rule and the fix (without the location)."""
        d = self.definition
        params = {"value": self.value, "field": self.field or self.path or "", **self.params}
        msg = _fmt(d.text(lang, "message"), params, lang)
        fix = _fmt(d.text(lang, "fix"), params, lang)
        return f"{msg} {fix}".strip() if fix else msg

    def text(self, lang: str = "da") -> str:
        """The whole sentence a person reads: where → what → rule → fix."""
        where = self.where(lang)
        return f"{where}: {self.message(lang)}" if where else self.message(lang)

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        value = self.value
        if value is not None and not isinstance(value, (str, int, float, bool)):
            value = str(value)
        return {
            "code": self.code,
            "severity": self.severity,
            "sheet": self.sheet,
            "cell": self.cell,
            "field": self.field,
            "path": self.path,
            "value": value,
            "message": self.message(lang),
        }


@dataclass
class Report:
    """All issues found in one file (or one case), in the order they were found."""

    file: str | None = None
    issues: list[Issue] = dataclasses.field(default_factory=list)
    strict: bool = False

    def add(self, code: str, **kw: Any) -> Issue:
        issue = Issue(code, **kw)
        self.issues.append(issue)
        return issue

    def extend(self, issues) -> None:
        self.issues.extend(issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def valid(self) -> bool:
        """No errors; with ``strict`` also no warnings."""
        if self.strict:
            return not any(i.severity in ("error", "warning") for i in self.issues)
        return not self.errors

    def flatten(self, fields: list[str]) -> list[list[Any]]:
        """The issues as rows of the named attributes, for one-line assertions in tests."""
        return [[getattr(i, f) for f in fields] for i in self.issues]

    def to_dict(self, lang: str = "da") -> dict[str, Any]:
        return {
            "file": self.file,
            "valid": self.valid,
            "issues": [i.to_dict(lang) for i in self.issues],
        }


def locate(sources: dict[str, Any], path: str | None) -> Any:
    """``sources[path]``, else the entry of the nearest enclosing path; None if there is none."""
    while path:
        if path in sources:
            return sources[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            return None
        path = path[:cut]
    return None


# --- issues grouped for people (a report as text, the Validering sheets) ---------------------

def counts(report: Report, lang: str = "da") -> str:
    """'2 fejl, 1 advarsel' / '2 errors, 1 warning'."""
    errors = severity_count(len(report.errors), "error", lang)
    return f"{errors}, {severity_count(len(report.warnings), 'warning', lang)}"


def severity_count(n: int, severity: str, lang: str = "da") -> str:
    """'2 fejl', '1 advarsel' / '2 errors', '1 warning'."""
    return counted(n, pick(lang, *SEVERITY_LABELS[severity]), pick(lang, *SEVERITY_PLURALS[severity]))


@dataclass
class IssueGroup:
    """One line of a human report: one issue, or several of one code in one table."""

    issues: list[Issue]

    @property
    def first(self) -> Issue:
        return self.issues[0]

    @property
    def sheet(self) -> str:
        sheets = list(dict.fromkeys(i.sheet or "" for i in self.issues))
        return sheets[0] if len(sheets) == 1 else ", ".join(s for s in sheets if s)

    @property
    def cells(self) -> str:
        """The cells, runs of neighbours as ranges (G24:G27, R18:W18); across sheets each cell
        with its sheet."""
        if len(self.issues) == 1:
            return self.first.cell or ""
        if len({i.sheet for i in self.issues}) > 1:
            return ", ".join(f"{i.sheet}!{i.cell}" if i.cell else (i.sheet or "") for i in self.issues)
        return _ranges([i.cell for i in self.issues if i.cell])

    @property
    def field(self) -> str:
        if len(self.issues) == 1:
            return self.first.field or self.first.path or ""
        fields = list(dict.fromkeys(_LINE.sub("", i.field or i.path or "") for i in self.issues))
        return fields[0] if len(fields) == 1 else ", ".join(fields[:3]) + (" …" if len(fields) > 3 else "")

    def message(self, lang: str = "da") -> str:
        if len(self.issues) == 1:
            return self.first.message(lang)
        example = f"{self.first.sheet}!{self.first.cell}" if self.first.cell else self.first.field or ""
        return say("M011", lang, {"title": self.first.definition.text(lang, "title"), "count": len(self.issues),
                                  "example": example, "message": self.first.message(lang)})


_LINE = re.compile(r", (linje|line) \d+$")


_CELL = re.compile(r"^([A-Z]+)(\d+)$")


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _ranges(cells: list[str]) -> str:
    """'G24, G25, G26, H30' → 'G24:G26, H30'; runs along a row or down a column."""
    parsed = [(m.group(1), int(m.group(2))) if (m := _CELL.match(c)) else (c, None) for c in cells]
    out: list[str] = []
    i = 0
    while i < len(parsed):
        col, row = parsed[i]
        j = i
        if row is not None:
            while j + 1 < len(parsed) and parsed[j + 1][1] is not None and (
                    (parsed[j + 1][0] == col and parsed[j + 1][1] == parsed[j][1] + 1)
                    or (parsed[j + 1][1] == row and _col_number(parsed[j + 1][0]) == _col_number(parsed[j][0]) + 1)):
                j += 1
        end = parsed[j]
        out.append(f"{col}{row}:{end[0]}{end[1]}" if j > i else (f"{col}{row}" if row is not None else col))
        i = j + 1
    return ", ".join(out)


def group_issues(issues: list[Issue]) -> list[IssueGroup]:
    """Warnings and infos of one code in one table (the case path before its first "[", e.g.
    costs or consequences), or of one code on a path without a table, become one group, in
    the order of their first issue; errors and issues without a path stay alone."""
    groups: list[IssueGroup] = []
    by_key: dict[tuple, IssueGroup] = {}
    for issue in issues:
        if issue.severity == "error" or not issue.path:
            groups.append(IssueGroup([issue]))
            continue
        key = (issue.severity, issue.code, issue.path.split("[", 1)[0] if "[" in issue.path else issue.path)
        if key in by_key:
            by_key[key].issues.append(issue)
        else:
            by_key[key] = IssueGroup([issue])
            groups.append(by_key[key])
    return groups

