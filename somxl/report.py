"""Issues and reports: what validation finds, located and explained in Danish or English.

Every check in somxl yields ``Issue`` objects whose ``code`` is a key of the one catalogue
in ``issuecodes.py``. A ``Report`` collects all of them; it never stops at the first.
Formatting a message can never raise: a missing parameter is shown as ``{name}``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from somxl.console import MAX_SHOWN, clean
from somxl.issuecodes import CATALOGUE, IssueDef
from somxl.numbers import fmt_percent

SEVERITIES = ("error", "warning", "info")

_WHERE = {
    "da": {"sheet": "ark", "cell": "celle", "path": "felt"},
    "en": {"sheet": "sheet", "cell": "cell", "path": "field"},
}


class _SafeParams(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fmt(template: str, params: dict[str, Any], lang: str = "da") -> str:
    # Parameters often hold text from a file: cleaned (controls escaped) and cut, so a message
    # never carries an escape sequence or a cell of millions of characters.
    shown = {k: clean(_show(v, lang), MAX_SHOWN if k == "value" else 4 * MAX_SHOWN) for k, v in params.items()}
    try:
        return template.format_map(_SafeParams(shown))
    except (ValueError, IndexError, AttributeError, KeyError):
        return template


class Percent(float):
    """A fraction shown as a percentage in a message: 0.1 is '10 %' in Danish, '10%' in English."""


def _show(value: Any, lang: str = "da") -> str:
    """A parameter as text: whole floats without ``.0``, and a decimal comma in Danish. Only
    numbers are touched: a text the user typed (``"1.234"``) is shown exactly as typed."""
    if isinstance(value, Percent):
        return fmt_percent(value, lang)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float) and lang != "en":
        return str(value).replace(".", ",")
    return str(value)


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
        words = _WHERE.get(lang, _WHERE["da"])
        parts = []
        if self.sheet:
            parts.append(f"{words['sheet']} '{clean(self.sheet)}'")
        if self.cell:
            parts.append(f"{words['cell']} {clean(self.cell)}")
        if self.field:
            parts.append(f"«{clean(self.field)}»")
        if self.path and not (self.sheet or self.cell):
            parts.append(clean(self.path))
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
