"""Validate one returned workbook or case file: the whole chain for one file.

safety gate → read (``somxl.workbook_in.read``) → the case checks (``case.parse_case``) → every issue
located at its sheet, cell and field label via the reader's provenance → workbook checks
(unanswered questions). ``validate_file`` returns a ``Validation``; it never raises for a
bad file: a file that cannot be read at all is a report with its one F issue.

Several files in worker processes, each with a time limit, is ``somxl.workbook_in.pool``
(``validate_many``, ``validate_paths``); the text people read is ``somxl.render``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from somxl.model.case import Case, case_to_dict, parse_case, read_case
from somxl.base.errors import FileError
from somxl.workbook_in.read import read_workbook
from somxl.base.report import Issue, Report
from somxl.model.spec import load_spec
from somxl.base.xlsxread import a1_to_rowcol

__all__ = ["Validation", "validate_file", "load_input", "is_unreadable", "exit_code", "export_case", "catalog_names"]

# Reader issues that mean "this is not a workbook we can read": the CLI exits 2 for them.
UNREADABLE = {"R027", "R028", "C007", "internal"}


@dataclass
class Validation:
    """What validating one file gives: the report (every issue located), the case when there
    are no errors, and the case dict as read (also with errors; None if nothing was read)."""

    report: Report
    case: Case | None = None
    case_dict: dict | None = None
    lang: str = "da"  # the workbook's language
    stamp: dict | None = None
    sources: dict | None = None  # case path -> read.Source, only when asked (keep_sources)

    @property
    def unreadable(self) -> bool:
        return is_unreadable(self.report)


def is_unreadable(report: Report) -> bool:
    """True when the file could not be read at all (an F error, a time-out, not a SØM workbook)."""
    return any(i.severity == "error" and (i.code.startswith("F") or i.code in UNREADABLE) for i in report.issues)


_SETS: dict[int, tuple[Any, dict[str, set[str]]]] = {}  # id(catalog) → (catalog, its name sets)
_OPEN_LISTS = ("target_groups", "domains", "units", "categories")


def catalog_names(catalog: Any = None) -> dict[str, set[str]]:
    """The names validating compares values with: the open lists' (V015) and the register-based
    target groups (W007), of ``catalog`` (None: the shipped catalogue). Every ``catalog`` argument
    here takes them in place of the catalogue: ``collect`` sends them to its worker processes,
    which then never load the catalogue module (~20-30 ms each)."""
    if catalog is None:
        from somxl.model.catalog import load_catalog  # here, not at the top: see above

        catalog = load_catalog()
    return {**{attr: set(catalog.values(attr)) for attr in _OPEN_LISTS}, "register_based": set(catalog.register_based())}


def _catalog_sets(catalog: Any, own: dict[str, list[str]] | None = None) -> Any:
    """parse_case checks open-list values against sets of names (V015 warnings): the catalogue's,
    and the lists a workbook carries itself (``own``), so a value picked from the workbook's own
    dropdown is never outside the catalogue, whichever catalogue the reader was given. The
    catalogue's sets are kept per catalogue: loading the shipped one cost ~5 ms a file, an
    eighth of validating it. ``catalog`` may be its names already (``catalog_names``)."""
    names = _names(catalog)
    own = own or {}
    return SimpleNamespace(**{attr: names[attr] | set(own.get(attr, ())) for attr in (*_OPEN_LISTS, "register_based")})


def _names(catalog: Any) -> dict[str, set[str]]:
    """``catalog_names(catalog)``, kept per catalogue (``catalog`` may be its names already)."""
    if isinstance(catalog, dict):
        return catalog
    cached = _SETS.get(id(catalog))
    if cached is None or cached[0] is not catalog:
        if len(_SETS) > 8:
            _SETS.clear()
        cached = _SETS[id(catalog)] = (catalog, catalog_names(catalog))
    return cached[1]


def _own_lists_matter(case: dict, names: dict[str, set[str]]) -> bool:
    """Whether a workbook's own lists can change what validating ``case`` (the dict as read) says:
    a value of an open list that the catalogue's ``names`` lack (V015 unless the workbook offered
    it), or a target group whose match is not assessed (W007 asks the workbook's register-based
    list). Otherwise the reader leaves the list sheet unread."""
    target = case.get("target_group") or {}
    if isinstance(target.get("name"), str) and not (target.get("match") or {}).get("status"):
        return True
    values = [("target_groups", target.get("name"))]
    values += [(attr, line.get(key)) for line in case.get("consequences") or []
               for attr, key in (("domains", "domain"), ("units", "unit"))]
    values += [(attr, line.get(key)) for lines in ("costs", "replaced_costs") for line in case.get(lines) or []
               for attr, key in (("categories", "category"), ("domains", "domain"))]
    return any(isinstance(value, str) and value not in names[attr] for attr, value in values)


def _is_json(path: Path | str) -> bool:
    """A case file: text whose first character (after a BOM and white space) is ``{``, also in
    UTF-16 (then refused by read_case, naming the encoding); or ``[``, a JSON list (several files'
    --json output), which read_case then says is no case, instead of 'not an Excel workbook'."""
    if not Path(path).is_file():  # never open a pipe or a device: that can block for ever
        return False  # the safety gate gives the precise issue
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(64)
    except OSError:
        return False  # the workbook reader gives the precise issue
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2].count(b"\x00") == 1:
        # UTF-16 (with or without a BOM): read as JSON, so read_case names the encoding
        head = head.replace(b"\x00", b"").replace(b"\xff\xfe", b"").replace(b"\xfe\xff", b"")
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"["))


def validate_file(path: Path | str, *, strict: bool = False, catalog: Any = None,
                  keep_sources: bool = False) -> Validation:
    """Validate one workbook, or one case file (JSON). Never raises for the file's content.
    ``keep_sources``: keep the reader's provenance of every case path (diff names cells with it;
    off by default so parallel validation does not send it between processes)."""
    report = Report(file=str(path), strict=strict)
    if _is_json(path):
        try:
            case, json_report = read_case(path, _catalog_sets(catalog))
        except FileError as exc:
            # C007 ends the sentence itself: a refused file's headline ends with its own '.'
            report.add("C007", params={"detail_da": exc.text("da").rstrip("."),
                                       "detail_en": exc.text("en").rstrip(".")})
            return Validation(report)
        report.extend(json_report.issues)
        return Validation(report, None if report.errors else case,
                          case_to_dict(case) if case is not None else None)
    try:
        read = read_workbook(path, lists_needed=lambda case: _own_lists_matter(case, _names(catalog)))
    except FileError as exc:
        report.extend(exc.report.issues if exc.report else [Issue("F020", params={"detail": exc.text()})])
        return Validation(report)
    report.extend(read.issues)
    if any(i.code == "R028" for i in read.issues):
        return Validation(report, lang=read.lang, stamp=read.stamp)
    case, issues = parse_case(read.case, _catalog_sets(catalog, read.lists))
    dropped = []
    for issue in issues:
        located = _locate(issue, read)
        if located is not None:
            report.issues.append(located)
        else:
            dropped.append(issue)
    if case is None and not report.errors:
        # the reader's issue that made these redundant is not an error: never call a case that
        # cannot be built valid
        report.extend(i for i in dropped if i.severity == "error")
    report.extend(_unanswered(read))
    report.extend(_match_unassessed(read, catalog))
    report.issues = _sorted(report.issues, read.sheets)
    if report.errors:
        case = None
    return Validation(report, case, read.case, read.lang, read.stamp, read.sources if keep_sources else None)


# Case rules about a whole part that an unreadable cell in that part makes meaningless
# ("no effect given" when the rate cell holds a formula without a value).
_DEPENDS = {"V005": "effect", "V009": "participants", "W003": "consequences"}


def _locate(issue: Issue, read: Any) -> Issue | None:
    """The issue with its sheet, cell and field label; None when the reader has already reported
    the cause (an unreadable number at the same place, a missing sheet)."""
    path = issue.path or ""
    part = _DEPENDS.get(issue.code)
    if any(path == p or path.startswith((p + ".", p + "[")) or (part and p.startswith(part))
           for p in read.error_paths):
        return None
    src = read.locate(path)
    if src is None:
        return issue
    if src.missing:
        return None
    issue.sheet, issue.cell, issue.field = src.sheet, src.cell, src.field
    first = read.sources.get(str(issue.params.get("first")))
    if first is not None and first.cell:  # "already at consequences[2].name" → the cell
        issue.params = {**issue.params, "first": first.cell if first.sheet == src.sheet else f"'{first.sheet}'!{first.cell}"}
    return issue


def _match_unassessed(read: Any, catalog: Any) -> list[Issue]:
    """W007 when a workbook that asked for it (it carries the register-based groups on its list
    sheet, and shows SØM's caution) comes back with a register-based target group and no match
    assessment: SØM's estimates describe the register population (SØM's FAQ on consequences)."""
    own = read.lists.get("register_based") or []
    target = read.case.get("target_group") or {}
    name = target.get("name")
    if not own or not isinstance(name, str):
        return []
    register = set(own) | set(_catalog_sets(catalog).register_based)
    if " ".join(name.split()) not in register or ((target.get("match") or {}).get("status")):
        return []
    src = read.sources.get("target_group.match.status")
    if src is None or src.missing:
        return []
    return [Issue("W007", sheet=src.sheet, cell=src.cell, field=src.field, path="target_group.match.status",
                  value=name)]


def _unanswered(read: Any) -> list[Issue]:
    spec = load_spec()
    out = []
    for step in range(1, 6):
        questions = spec.questions_of(step)
        answers = read.case.get("answers") or {}
        open_ids = [q.id for q in questions
                    if all((answers.get(q.id) or {}).get(k) is None for k in ("answer", "status"))]
        src = read.sources.get(f"answers.{open_ids[0]}.answer") if open_ids else None
        if open_ids and src is not None and not src.missing:
            out.append(Issue("R026", sheet=src.sheet, cell=src.cell, field=src.field, path="answers",
                             params={"count": len(open_ids), "total": len(questions), "ids": ", ".join(open_ids)}))
    return out


def _sorted(issues: list[Issue], sheets: list[str]) -> list[Issue]:
    """File-level issues first, then by sheet order, row and column (stable for equal places)."""
    order = {name: i for i, name in enumerate(sheets)}

    def key(item: tuple[int, Issue]) -> tuple:
        n, issue = item
        if issue.sheet is None:
            return (-1, 0, 0, n)
        row, col = a1_to_rowcol(issue.cell) if issue.cell else (0, 0)
        return (order.get(issue.sheet, len(order)), row, col, n)

    return [i for _, i in sorted(enumerate(issues), key=key)]


def load_input(path: Path | str, *, strict: bool = False, catalog: Any = None) -> tuple[Case | None, Report]:
    """A case from a .json case file or a workbook, decided by the content (a zip or OLE file is a
    workbook, text starting with ``{`` or ``[`` is JSON). Raises FileError when a JSON file is unreadable."""
    path = Path(path)
    if not path.exists():
        raise FileError.of("E001", path=path)
    if _is_json(path):
        case, report = read_case(path, _catalog_sets(catalog))
        report.strict = strict
        return case, report
    v = validate_file(path, strict=strict, catalog=catalog)
    return v.case, v.report


def exit_code(results: list[Validation]) -> int:
    """2 if any file is unreadable, 1 if any is invalid, else 0."""
    if any(v.unreadable for v in results):
        return 2
    return 0 if all(v.report.valid for v in results) else 1


def export_case(path: Path | str, *, partial: bool = False, catalog: Any = None) -> tuple[Validation, str | None]:
    """The case a workbook holds as JSON text; None when it has errors (unless ``partial``: then
    the case as read, errors and all). Unreadable files give None."""
    v = validate_file(path, catalog=catalog)
    if v.case is not None:
        data = case_to_dict(v.case)
    elif partial and v.case_dict is not None:
        data = v.case_dict
    else:
        return v, None
    return v, json.dumps(data, ensure_ascii=False, indent=2) + "\n"


