"""Collect what came back: validate and calculate every returned workbook, one overview of all.

``collect`` validates the files in parallel worker processes (``pool.run_many``:
the ``spawn`` start method, a time limit per file), calculates every valid case, and with a
manifest from ``somxl distribute`` reconciles the files with the recipients (who has not
answered; which file has an unknown or a repeated submission id: warnings D010-D012 on that
file). ``write_overview`` writes the overview workbook. somxl never writes to a file it reads.

Every worker process imports this module for ``collect_one``; the manifest reader (``distribute``)
and the workbook writer (``xlsxout``) are imported where they are used, so a worker, which needs
neither, does not load them."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import tempfile
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from somxl.base.errors import FileError, InputError
from somxl.base.report import Issue, say
from somxl.workbook_in.pool import DEFAULT_TIMEOUT, run_many
from somxl.model.spec import round_of
from somxl.workbook_in.validate import Validation, catalog_names
from somxl.base.vocab import ISSUE_HEADINGS, PAYER_LABELS, PAYER_ROWS, SEVERITY_LABELS, texts

if TYPE_CHECKING:
    from somxl.loop.distribute import Recipient

SUFFIXES = (".xlsx", ".xlsm", ".json")  # what a folder is searched for
MEASURES = ("gains", "net_costs", "net")  # the per-year measures of the tidy table, as in the result contract
TABLE_COLUMNS = ("file", "department", "submission_id", "payer", "year", "measure", "value", "included")

# Why a file is left out of the portfolio (a key of LABELS).
LEFT_OUT = ("unreadable", "invalid", "superseded_round", "duplicate")


@dataclass
class Detail:
    """What the portfolio and the tidy table need of one calculated file, beyond its summary:
    ``values[m][p][t]`` for measure ``MEASURES[m]``, payer ``PAYER_ROWS[p]`` and year ``years[t]``;
    PV gains per domain and PV net per committee, each as four payer values."""

    years: list[int]
    values: list[list[list[float]]]
    by_domain: dict[str, list[float]]
    by_committee: dict[str, list[float]]


class Returned:
    """One returned file: its validation (report, language, stamp; not the case, which stays in
    the worker), the calculation's summary when valid, whom it is from and what became of it.

    ``status`` (with a manifest): received, received_invalid, received_unreadable, twice,
    superseded, unknown, no_id; ``left_out``: why the portfolio leaves the file out (None:
    included), ``duplicate_of`` the file kept instead.

    In a collection the validation, summary and detail live in the collection's spool on disk and
    are read back when asked for (read-only there); the record keeps only what reconciling the
    files needs, so the parent's memory does not grow with the reports. Issues the collection adds
    (X002, D010-D012) go through ``add_issue``."""

    __slots__ = ("path", "_validation", "_summary", "recipient", "detail", "status", "left_out", "duplicate_of",
                 "superseded_by", "_spool", "_at", "_added", "_keys")

    def __init__(self, path: Path, validation: Validation | None = None, summary: dict[str, Any] | None = None,
                 *, recipient: Recipient | None = None, detail: Detail | None = None) -> None:
        self.path, self._validation, self._summary = path, validation, summary
        self.recipient = recipient  # the manifest row its submission id (or file name) matches
        self.detail = detail  # only on the way from the worker: collect spools it
        self.status: str | None = None
        self.left_out: str | None = None
        self.duplicate_of: str | None = None
        self.superseded_by: Returned | None = None  # a later round of the same submission (X002)
        self._spool: _Spool | None = None
        self._at = -1  # where the spool holds (validation, summary, detail)
        self._added: list[Issue] = []  # put first, before the file's own issues
        # (submission id, department, stamped recipient, round, unreadable, calculated), once spooled
        self._keys: tuple[Any, ...] = ()

    def __repr__(self) -> str:
        return f"Returned({self.path.name!r}, status={self.status!r}, left_out={self.left_out!r})"

    @property
    def validation(self) -> Validation:
        if self._spool is None:
            return self._validation
        v = self._spool.get(self._at)[0]
        if not self._added:
            return v
        report = copy.copy(v.report)
        report.issues = [*self._added, *v.report.issues]
        return dataclasses.replace(v, report=report)

    @property
    def summary(self) -> dict[str, Any] | None:
        if self._spool is None:
            return self._summary
        return self._spool.get(self._at)[1] if self._keys[5] else None

    @summary.setter
    def summary(self, value: dict[str, Any] | None) -> None:
        self._summary = value

    def spool(self, spool: _Spool) -> None:
        """Move the validation, summary and detail to ``spool``, keeping the keys reconciling needs."""
        v, s = self._validation, self._summary
        meta = ((v.case_dict or {}).get("meta")) or {}
        stamp = v.stamp or {}
        self._keys = (meta.get("submission_id") or stamp.get("submission_id") or None, meta.get("department"),
                      stamp.get("recipient"), round_of(v.stamp), v.unreadable, s is not None)
        self._at = spool.add((v, s, self.detail))
        self._spool, self._validation, self._summary, self.detail = spool, None, None, None

    def add_issue(self, issue: Issue) -> None:
        """Put ``issue`` first in this file's report (reconciling: X002, D010-D012)."""
        if self._spool is None:
            self._validation.report.issues.insert(0, issue)
        else:
            self._added.insert(0, issue)

    def stored_detail(self) -> Detail | None:
        return self._spool.get(self._at)[2] if self._spool is not None else self.detail

    @property
    def meta(self) -> dict[str, Any]:
        return ((self.validation.case_dict or {}).get("meta")) or {}

    @property
    def submission_id(self) -> str | None:
        if self._keys:
            return self._keys[0]
        return self.meta.get("submission_id") or (self.validation.stamp or {}).get("submission_id") or None

    @property
    def unreadable(self) -> bool:
        return self._keys[4] if self._keys else self.validation.unreadable

    @property
    def department(self) -> str | None:
        read = self._keys[1] if self._keys else self.meta.get("department")
        return read or (self.recipient.department if self.recipient else None)

    @property
    def recipient_name(self) -> str | None:
        stamped = self._keys[2] if self._keys else (self.validation.stamp or {}).get("recipient")
        return stamped or (self.recipient and (self.recipient.recipient or self.recipient.email)) or None

    @property
    def round(self) -> int:
        """The round this file answers (1, or the round stamped on a copy sent back for corrections)."""
        if self._keys:
            return self._keys[3]
        return round_of(self.validation.stamp)

    @property
    def included(self) -> bool:
        return self.left_out is None

    def case_text(self, part: str) -> str | None:
        return ((self.validation.case_dict or {}).get(part) or {}).get("name")

    def first_issue(self) -> Issue | None:
        """The issue that explains why the file is unreadable or invalid (its first error; under
        --strict its first warning), None for a valid file."""
        rep = self.validation.report
        if rep.valid and not self.unreadable:
            return None
        return next(iter(rep.errors), None) or next(iter(rep.warnings), None)


@dataclass
class Portfolio:
    """Totals over the files the portfolio includes (valid, not a duplicate): PV of gains, net
    costs and net per payer; net per year per payer (years: the union of the files' years); PV
    gains per domain and PV net per committee; participants and successes."""

    files: list[str] = field(default_factory=list)
    left_out: list[tuple[str, str, str | None]] = field(default_factory=list)  # (file, reason, detail)
    pv_gains: list[float] = field(default_factory=lambda: [0.0] * 4)
    pv_net_costs: list[float] = field(default_factory=lambda: [0.0] * 4)
    pv_net: list[float] = field(default_factory=lambda: [0.0] * 4)
    net_by_year: dict[int, list[float]] = field(default_factory=dict)  # year → four payer values
    by_domain: dict[str, list[float]] = field(default_factory=dict)
    by_committee: dict[str, list[float]] = field(default_factory=dict)
    participants: float = 0
    successes: float = 0

    def add(self, name: str, summary: dict[str, Any], detail: Detail) -> None:
        self.files.append(name)
        for total, key in ((self.pv_gains, "pv_gains"), (self.pv_net_costs, "pv_net_costs"), (self.pv_net, "pv_net")):
            for j, payer in enumerate(PAYER_ROWS):
                total[j] += summary[key][payer]
        net = detail.values[MEASURES.index("net")]
        for t, year in enumerate(detail.years):
            row = self.net_by_year.setdefault(year, [0.0] * 4)
            for j in range(4):
                row[j] += net[j][t]
        for mine, theirs in ((self.by_domain, detail.by_domain), (self.by_committee, detail.by_committee)):
            for key, values in theirs.items():
                row = mine.setdefault(key, [0.0] * 4)
                for j in range(4):
                    row[j] += values[j]
        self.participants += summary["participants"]
        self.successes += summary["successes"]

    def to_dict(self) -> dict[str, Any]:
        years = sorted(self.net_by_year)
        by_payer = lambda v: dict(zip(PAYER_ROWS, v))  # noqa: E731
        return {
            "files": list(self.files),
            "left_out": [{"file": f, "reason": r, "detail": d} for f, r, d in self.left_out],
            "pv_gains": by_payer(self.pv_gains), "pv_net_costs": by_payer(self.pv_net_costs),
            "pv_net": by_payer(self.pv_net),
            "net_by_year": {"years": years, **{p: [self.net_by_year[y][j] for y in years] for j, p in enumerate(PAYER_ROWS)}},
            "by_domain": {k: by_payer(v) for k, v in self.by_domain.items()},
            "by_committee": {k: by_payer(v) for k, v in self.by_committee.items()},
            "participants": _whole(self.participants), "successes": _whole(self.successes),
        }


def _whole(v: float) -> int | float:
    return int(v) if float(v).is_integer() else v


class _Spool:
    """Each file's validation, summary and detail on disk, one pickle after another, read back by
    offset, so the parent's memory does not grow with every file of a large collection. The record
    read last is kept: the overview asks for one file's parts several times in a row."""

    def __init__(self) -> None:
        self._fh = tempfile.TemporaryFile()
        self._last: tuple[int, Any] = (-1, None)
        # closed with the collection that holds it (a notebook may collect many times); on
        # Windows an open temporary file stays on disk until it is closed
        self._closer = weakref.finalize(self, self._fh.close)

    def add(self, record: Any) -> int:
        self._fh.seek(0, 2)
        at = self._fh.tell()
        pickle.dump(record, self._fh, protocol=pickle.HIGHEST_PROTOCOL)
        return at

    def get(self, at: int) -> Any:
        if self._last[0] != at:
            self._fh.seek(at)
            self._last = (at, pickle.load(self._fh))  # noqa: S301 - our own temporary file, written above
        return self._last[1]

    def close(self) -> None:
        self._closer()


class _Validations:
    """Every file's validation, read back from the spool one at a time (``validate.exit_code``
    walks it twice)."""

    def __init__(self, files: list[Returned]) -> None:
        self._files = files

    def __iter__(self) -> Iterator[Validation]:
        return (f.validation for f in self._files)

    def __len__(self) -> int:
        return len(self._files)

    def __getitem__(self, i: int) -> Validation:
        return self._files[i].validation


@dataclass
class Collection:
    """Everything ``collect`` found, files sorted by name; ``missing`` are manifest rows that no
    file answers (empty without a manifest); ``portfolio`` the totals over the included files."""

    files: list[Returned] = field(default_factory=list)
    manifest: list[Recipient] | None = None
    missing: list[Recipient] = field(default_factory=list)
    portfolio: Portfolio = field(default_factory=Portfolio)
    _spool: _Spool | None = field(default=None, repr=False)

    @property
    def validations(self) -> _Validations:
        return _Validations(self.files)

    def details(self) -> Iterator[tuple[Returned, Detail]]:
        """Every calculated file with its detail, in file order (read back from disk)."""
        for f in self.files:
            detail = f.stored_detail()
            if detail is not None:
                yield f, detail

    def table_rows(self) -> Iterator[tuple[Any, ...]]:
        """The tidy long table: one row per calculated file × payer × year × measure, columns
        ``TABLE_COLUMNS`` (payer and measure as the result contract names them)."""
        for f, d in self.details():
            head = (f.path.name, f.department, f.submission_id)
            for j, payer in enumerate(PAYER_ROWS):
                for t, year in enumerate(d.years):
                    for m, measure in enumerate(MEASURES):
                        yield (*head, payer, year, measure, d.values[m][j][t], f.included)


def find_files(args: list[Path | str], outputs: list[Path | str | None] = ()) -> list[Path]:
    """The files to collect: each file given, and the .xlsx, .xlsm and .json files directly in each
    folder given (not Excel's '~$' lock files nor hidden files), sorted by name so the overview is
    reproducible. A file at one of ``outputs`` is left out only when it is an earlier overview of
    somxl collect (written into the folder last time); a department's answer stays in, so that the
    output check refuses to write over it."""
    from somxl.base.fileio import same_file

    found: dict[Path, Path] = {}
    targets = [Path(p) for p in outputs if p is not None and str(p) != "-"]
    for arg in map(Path, args):
        if arg.is_dir():
            candidates = [p for p in arg.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                          and not p.name.startswith(("~$", "."))]
        elif arg.exists():
            candidates = [arg]
        else:
            raise FileError.of("E001", path=arg)
        for p in candidates:
            if not any(same_file(p, t) for t in targets) or not is_overview(p):
                found.setdefault(p.resolve(), p)
    if not found:
        raise InputError.of("E012", where=", ".join(map(str, args)))
    return sorted(found.values(), key=lambda p: (p.name.casefold(), str(p)))


def is_overview(path: Path) -> bool:
    """True for an overview somxl collect wrote (its sheets Oversigt and Fund, or its JSON with
    "files" and no case schema): never a department's answer."""
    import json

    from somxl.base.errors import SomxlError
    from somxl.base.safety import is_package, read_input
    from somxl.base.xlsxread import open_workbook

    try:
        data = read_input(path)
        if is_package(data):
            names = set(open_workbook(path).sheet_names)
            return any({LABELS["overview"][i], LABELS["issues"][i]} <= names for i in (0, 1))
        doc = json.loads(data.decode("utf-8-sig"))
        return isinstance(doc, dict) and isinstance(doc.get("files"), list) and "schema" not in doc
    except (SomxlError, ValueError, RecursionError):
        return False


def collect_one(path: Path | str, *, strict: bool = False, catalog: Any = None) -> Returned:
    """Validate and calculate one file, keeping only what the overview needs (run in a worker
    process: the case, the case dict as read and the sensitivity and Monte Carlo analyses, which
    the overview never shows, are not sent back)."""
    from somxl.model.engine import NO_COMMITTEE, figures
    from somxl.workbook_in.validate import validate_file

    v = validate_file(path, strict=strict, catalog=catalog)
    case, read = v.case, v.case_dict or {}
    v.case = None
    v.case_dict = {k: read.get(k) for k in ("meta", "intervention", "target_group") if read.get(k) is not None}
    keep = {"meta": None, "intervention": ("name",), "target_group": ("name", "match")}  # None: all of it
    v.case_dict = {k: (val if keep[k] is None else {f: val.get(f) for f in keep[k]}) for k, val in v.case_dict.items()
                   if isinstance(val, dict)} or None
    out = Returned(Path(path), v)
    if case is not None:
        r = figures(case)
        # a file that names no committee counts whole under NO_COMMITTEE, so the portfolio's
        # committees add up to its net result
        out.summary = r.summary()
        out.detail = Detail(r.years, [r.gains, r.net_costs, r.net], r.by_domain,
                            r.by_committee or {NO_COMMITTEE: r.pv_net})
    return out


Progress = Callable[[int, int, str], None]  # (files done, files in all, name of the file just done)


def collect(paths: list[Path | str], *, manifest: Path | str | None = None, strict: bool = False,
            catalog: Any = None, timeout: float = DEFAULT_TIMEOUT, parallel: bool = True,
            context: Any = None, progress: Progress | None = None) -> Collection:
    """Validate and calculate every file of ``paths`` (files, already found: see ``find_files``),
    reconcile them with the manifest and add up the portfolio. An overview an earlier run wrote or
    a result JSON among the answers is left out (InputError E012 when nothing else is left).

    ``parallel``: worker processes with ``timeout`` seconds per file (``context``: a
    multiprocessing context, spawn by default); otherwise one after another in this process.
    Each file's per-year detail goes to a temporary file as it arrives (``Collection.details``
    reads it back), so memory does not grow with it; ``progress`` is called after each file."""

    from somxl.loop.distribute import read_recipients

    recipients = read_recipients(manifest)[0] if manifest is not None else None
    paths = list(paths)
    if parallel:
        # the catalogue's names made once here, while the workers start, and sent: a worker
        # neither parses the YAML (~25 ms) nor loads the catalogue module
        results: Any = run_many(paths, collect_one, timeout=timeout, context=context, strict=strict,
                                setup=lambda: {"catalog": catalog_names(catalog)})
    else:
        results = ((i, collect_one(p, strict=strict, catalog=catalog)) for i, p in enumerate(paths))
    out = Collection(manifest=recipients, _spool=_Spool())
    overviews = []
    for i, got in results:
        f = Returned(Path(paths[i]), got) if isinstance(got, Validation) else got  # timed out, crashed
        f.path = Path(paths[i])
        if _own_output(f):
            overviews.append(f.path)
        else:
            f.spool(out._spool)
            out.files.append(f)
        if progress is not None:
            progress(i + 1, len(paths), f.path.name)
    if overviews and not out.files:
        raise InputError.of("E012", where=", ".join(map(str, overviews)))
    _latest_rounds(out.files)
    out.missing = _reconcile(out.files, recipients)
    out.portfolio = _portfolio(out)
    return out


def _own_output(f: Returned) -> bool:
    """An output of somxl found among the answers, never a department's answer: an overview collect
    wrote (into their folder last time, under another name than this run's outputs) or a result
    JSON calc wrote (schema somxl/result@...). Looked at only for a file that reads as no SØM
    workbook (R028), as a case with a field 'files' (C003) or with another schema (C001), so an
    answer costs nothing more. A result workbook is read as the answer it carries (D011 when the
    answer is there too)."""
    issues = f.validation.report.issues
    if any(i.code == "C001" and str(i.value).startswith("somxl/result@") for i in issues):
        return True
    suspect = any(i.code == "R028" or (i.code == "C003" and i.path == "files") for i in issues)
    return suspect and is_overview(f.path)


def _latest_rounds(files: list[Returned]) -> None:
    """Keep the latest round of each submission: a file of an earlier round than another file
    with its submission id is marked superseded (X002); files of the same round stay (D011)."""
    groups: dict[str, list[Returned]] = {}
    for f in files:
        if not f.unreadable and f.submission_id:
            groups.setdefault(f.submission_id.casefold(), []).append(f)
    for group in groups.values():
        latest = max(f.round for f in group)
        newest = [f for f in group if f.round == latest]
        for f in group:
            if f.round < latest:
                f.superseded_by = newest[0]
                f.add_issue(Issue("X002", value=f.submission_id, params={
                    "round": f.round, "latest": latest, "file": newest[0].path.name}))


def _reconcile(files: list[Returned], recipients: list[Recipient] | None) -> list[Recipient]:
    """Match files to manifest rows: by submission id, else (a file without one, or one that cannot
    be read) by the file name ``distribute`` wrote. Add D010-D012 to the files' reports, set each
    file's status and return the rows nobody answered. Without a manifest only repeated ids count."""
    by_id = {r.submission_id.casefold(): r for r in recipients or ()}
    by_name = {r.file.casefold(): r for r in recipients or () if r.file}
    seen: dict[str, list[Returned]] = {}
    for f in files:
        sid = None if f.unreadable else f.submission_id
        if sid and f.superseded_by is None:  # an earlier round is not a second answer
            seen.setdefault(sid.casefold(), []).append(f)
        if recipients is None:
            continue
        if sid:
            f.recipient = by_id.get(sid.casefold())
            if f.recipient is None:
                f.add_issue(Issue("D010", value=sid))
            continue
        f.recipient = by_name.get(f.path.name.casefold())  # unreadable, or the id was lost
        if f.recipient is None and not f.unreadable:
            f.add_issue(Issue("D012"))
    for group in seen.values():
        for f in group if len(group) > 1 else ():
            f.add_issue(Issue("D011", value=f.submission_id, params={"others": _others(f, group)}))
    answers: dict[int, int] = {}
    for f in files:
        if f.recipient is not None and f.superseded_by is None:
            answers[id(f.recipient)] = answers.get(id(f.recipient), 0) + 1
    for f in files:
        f.status = _status(f, answers) if recipients is not None else None
    return [r for r in recipients or () if id(r) not in answers]


def _others(f: Returned, group: list[Returned], shown: int = 5) -> str:
    """The other files of ``f``'s group by name, the first ``shown`` of them then '…': a folder
    with the same copy many times over must not make every file's message list every other file
    (quadratic in the group, and past a cell's 32,767 characters)."""
    names = [g.path.name for g in group[:shown + 1] if g is not f][:shown]
    return ", ".join(names) + (", …" if len(group) - 1 > shown else "")


def _status(f: Returned, answers: dict[int, int]) -> str:
    if f.recipient is None:
        return "unknown" if f.submission_id and not f.unreadable else "no_id"
    if f.superseded_by is not None:
        return "superseded"
    if answers[id(f.recipient)] > 1:
        return "twice"
    if f.unreadable:
        return "received_unreadable"
    return "received" if f.validation.report.valid else "received_invalid"


def keep_of(group: list[Returned]) -> Returned:
    """Of several valid files with the same submission id, the one the portfolio counts: the first
    by file name (earlier rounds are already left out as superseded)."""
    return group[0]


def _portfolio(c: Collection) -> Portfolio:
    """Decide which files count (valid, once per submission id) and add them up from the spool."""
    groups: dict[str, list[Returned]] = {}
    for f in c.files:
        if f.unreadable:
            f.left_out = "unreadable"
        elif not f.validation.report.valid or f.summary is None:
            f.left_out = "invalid"
        elif f.superseded_by is not None:
            f.left_out, f.duplicate_of = "superseded_round", f.superseded_by.path.name
        elif f.submission_id:
            groups.setdefault(f.submission_id.casefold(), []).append(f)
    for group in groups.values():
        kept = keep_of(group)
        for f in group:
            if f is not kept:
                f.left_out, f.duplicate_of = "duplicate", kept.path.name
    p = Portfolio()
    for f, detail in c.details():
        if f.included:
            p.add(f.path.name, f.summary, detail)
    for f in c.files:
        if not f.included:
            first = f.first_issue()
            p.left_out.append((f.path.name, f.left_out, f.duplicate_of or (first.code if first else None)))
    return p


# --- the overview workbook ---------------------------------------------------------------------

# Every text of the overview and the summary: key → (Danish, English).
LABELS = {
    "overview": ("Oversigt", "Overview"), "issues": ("Fund", "Issues"),
    "distribution": ("Udsendelse", "Distribution"), "portfolio": ("Portefølje", "Portfolio"),
    "table": ("Tabel", "Table"), "file": ("Fil", "File"),
    "department": ("Afdeling", "Department"), "recipient": ("Modtager", "Recipient"),
    "submission_id": ("Indsendelses-id", "Submission id"), "valid": ("Gyldig", "Valid"),
    "errors": ("Fejl", "Errors"), "warnings": ("Advarsler", "Warnings"), "intervention": ("Indsats", "Intervention"),
    "target_group": ("Målgruppe", "Target group"), "participants": ("Deltagere", "Participants"),
    "successes": ("Succeser", "Successes"),
    "pv_gains": ("Gevinster", "Gains"), "pv_net_costs": ("Nettoomkostninger", "Net costs"),
    "pv_net": ("Nettoresultat", "Net result"), "break_even": ("Tilbagebetalingsår", "Break-even year"),
    "return": ("Afkast pr. krone", "Return per krone"),
    **dict(zip(("severity", "code", "sheet", "cell", "field", "message"), ISSUE_HEADINGS)),
    "email": ("Email", "Email"), "deadline": ("Frist", "Deadline"),
    "status": ("Status", "Status"), "yes": ("ja", "yes"), "no": ("NEJ", "NO"),
    "unreadable": ("ulæselig", "unreadable"), "invalid": ("ugyldig", "invalid"), "duplicate": ("dublet", "duplicate"),
    "received": ("modtaget", "received"), "received_invalid": ("modtaget – ugyldig", "received – invalid"),
    "received_unreadable": ("modtaget – ulæselig", "received – unreadable"),
    "missing": ("mangler", "missing"), "twice": ("modtaget flere gange", "received more than once"),
    "unknown": ("ukendt id", "unknown id"), "no_id": ("intet id", "no id"), 
    **PAYER_LABELS, **{k: (da.upper(), en.upper()) for k, (da, en) in SEVERITY_LABELS.items()},
    "included": ("I porteføljen", "In the portfolio"), "reason": ("Årsag", "Reason"),
    "payer": ("Betaler", "Payer"), "year": ("År", "Year"), "measure": ("Mål", "Measure"), "value": ("Værdi", "Value"),
    # the measures as the Tabel sheet and the CSV show them (MEASURES are the keys; frame() keeps those)
    "gains": ("gevinster", "gains"), "net_costs": ("nettoomkostninger", "net costs"), "net": ("nettoresultat", "net result"),
    "domain": ("Område", "Domain"), "committee": ("Udvalg", "Committee"),
    "net_by_year": ("Nettoresultat pr. år (ikke tilbagediskonteret)", "Net result per year (not discounted)"),
    "pv_by_payer": ("Nutidsværdier pr. betaler", "Present values per payer"),
    "gains_by_domain": ("Gevinster pr. område (nutidsværdi)", "Gains per domain (present value)"),
    "net_by_committee": ("Nettoresultat pr. udvalg (nutidsværdi)", "Net result per committee (present value)"),
    "files_in": ("Filer i porteføljen", "Files in the portfolio"),
    "files_out": ("Filer uden for porteføljen", "Files left out of the portfolio"),
    "reasons": ("Ulæselige og ugyldige filer", "Unreadable and invalid files"),
    "portfolio_line": ("Portefølje", "Portfolio"), "issues_n": ("fund", "issues"),
    "round": ("Runde", "Round"), "superseded": ("{round}, erstattet af {file}", "{round}, superseded by {file}"),
    "superseded_round": ("tidligere runde", "earlier round"), "crash": ("somxl-fejl", "somxl failed"),
    "match": ("Match med vidensdatabasen", "Match with the knowledge base"),
    "match_text": ("Vurdering af match", "Assessment of the match"),
}
_MONEY = ("pv_gains", "pv_net_costs", "pv_net")
EXCEL_ROWS = 1_048_576
# The Tabel sheet's rows at most (about 830 files of the samples' size): XlsxWriter writes some
# 25,000-40,000 rows of eight cells a second, so 10,000 files (1.2 million rows, more than Excel's
# sheet holds) would take minutes; past this the sheet ends with a note and --table has every row.
TABLE_SHEET_ROWS = 100_000
WRAP_AT = 60  # characters: a longer text of the overview wraps in a column this wide


def valid_text(f: Returned, tx: dict[str, str]) -> str:
    if any(i.code == "internal" for i in f.validation.report.issues):
        return tx["crash"]  # somxl failed on this file: not the department's fault
    if f.unreadable:
        return tx["unreadable"]
    return tx["yes"] if f.validation.report.valid else tx["no"]


def file_reason(f: Returned, lang: str) -> str | None:
    """Why a file is left out, as the user reads it: the first issue (its code and text) and how
    many there are, or the file kept instead of a duplicate."""
    tx = texts(LABELS, lang)
    if f.left_out in ("duplicate", "superseded_round"):
        return f"{tx[f.left_out]}: {f.duplicate_of}"
    first = f.first_issue()
    if first is None:
        return None
    n = len(f.validation.report.issues)
    more = f" (+{n - 1} {tx['issues_n']})" if n > 1 else ""
    return f"{first.code} {first.text(lang)}{more}"


def _round_text(f: Returned, tx: dict[str, str]) -> Any:
    if f.unreadable:
        return None
    if f.superseded_by is not None:
        return tx["superseded"].format(round=f.round, file=f.superseded_by.path.name)
    return f.round


def _match(f: Returned, lang: str) -> list[Any]:
    """The department's assessment of how well its target group matches the knowledge base's:
    status (as the workbook shows it) and text."""
    from somxl.model.spec import load_spec

    match = ((f.validation.case_dict or {}).get("target_group") or {}).get("match") or {}
    status = load_spec().lists_by_key["match"].display(match.get("status"), lang) if match.get("status") else None
    return [status, match.get("text")]


def overview_rows(c: Collection, lang: str = "da") -> tuple[list[str], Iterator[list[Any]]]:
    """The Oversigt sheet as a header and rows of plain values (str, int, float or None), made one
    file at a time as they are written (each file's report read back from the spool)."""
    tx = texts(LABELS, lang)
    header = [tx[k] for k in ("file", "department", "recipient", "submission_id", "valid", "errors", "warnings",
                              "intervention", "target_group", "participants")]
    header += [f"{tx[m]}, {tx[p]}" for m in _MONEY for p in PAYER_ROWS]
    header += [f"{tx['break_even']}, {tx['total']}", f"{tx['return']}, {tx['total']}", tx["included"], tx["reason"],
               tx["round"]]
    header += [tx["match"], tx["match_text"]]
    return header, (_overview_row(f, tx, lang) for f in c.files)


def _overview_row(f: Returned, tx: dict[str, str], lang: str) -> list[Any]:
    rep, s = f.validation.report, f.summary
    row = [f.path.name, f.department, f.recipient_name, f.submission_id, valid_text(f, tx),
           len(rep.errors), len(rep.warnings), f.case_text("intervention"), f.case_text("target_group")]
    if s is None:
        row += [None] * (1 + len(_MONEY) * len(PAYER_ROWS) + 2)
    else:
        row += [s["participants"], *(s[m][p] for m in _MONEY for p in PAYER_ROWS),
                s["break_even_year"]["total"], s["return_per_krone"]["total"]]
    row += [tx["yes"] if f.included else tx["no"], file_reason(f, lang), _round_text(f, tx)]
    row += _match(f, lang)
    return row


def issue_rows(c: Collection, lang: str = "da") -> tuple[list[str], Iterator[list[Any]]]:
    """The Fund sheet: every issue of every file, in the files' order, made as they are written."""
    tx = texts(LABELS, lang)
    header = [tx[k] for k in ("file", "severity", "code", "sheet", "cell", "field", "message")]
    rows = ([f.path.name, tx.get(i.severity, i.severity), i.code, i.sheet, i.cell, i.field or i.path, i.message(lang)]
            for f in c.files for i in f.validation.report.issues)
    return header, rows


def distribution_rows(c: Collection, lang: str = "da") -> tuple[list[str], list[list[Any]]]:
    """Every manifest row with its status, file(s) and, for a file that cannot be read or is
    invalid, the reason; then every file matched to no row."""
    tx = texts(LABELS, lang)
    header = [tx[k] for k in ("status", "department", "recipient", "email", "submission_id", "deadline", "file",
                              "reason")]
    got: dict[int, list[Returned]] = {}
    for f in c.files:
        if f.recipient is not None:
            got.setdefault(id(f.recipient), []).append(f)
    rows = []
    for r in c.manifest or []:
        files = got.get(id(r), [])
        current = [f for f in files if f.superseded_by is None] or files
        status = current[0].status if files else "missing"
        reasons = "; ".join(f"{f.path.name}: {file_reason(f, lang)}" if len(files) > 1 else file_reason(f, lang)
                            for f in files if f.first_issue() is not None)
        rows.append([tx[status], r.department, r.recipient, r.email, r.submission_id, r.deadline,
                     ", ".join(f.path.name for f in files) or None, reasons or None])
    for f in c.files:
        if f.recipient is None:
            rows.append([tx[f.status or "no_id"], f.department, f.recipient_name, None, f.submission_id, None,
                         f.path.name, file_reason(f, lang)])
    return header, rows


def portfolio_blocks(c: Collection, lang: str = "da") -> list[tuple[str, list[str], list[list[Any]]]]:
    """The Portefølje sheet as blocks of (title, header, rows): present values per payer, net per
    year, gains per domain, net per committee, participants and successes, the files included
    and those left out with why."""
    tx = texts(LABELS, lang)
    p = c.portfolio
    payers = [tx[k] for k in PAYER_ROWS]
    years = sorted(p.net_by_year)
    blocks = [
        (tx["pv_by_payer"], [tx["payer"], tx["pv_gains"], tx["pv_net_costs"], tx["pv_net"]],
         [[tx[k], p.pv_gains[j], p.pv_net_costs[j], p.pv_net[j]] for j, k in enumerate(PAYER_ROWS)]),
        (tx["net_by_year"], [tx["year"], *payers], [[y, *p.net_by_year[y]] for y in years]),
        (tx["gains_by_domain"], [tx["domain"], *payers], [[k, *v] for k, v in p.by_domain.items()]),
        (tx["net_by_committee"], [tx["committee"], *payers], [[k, *v] for k, v in p.by_committee.items()]),
        (tx["participants"], [tx["participants"], tx["successes"]], [[_whole(p.participants), _whole(p.successes)]]),
    ]
    by_name = {f.path.name: f for f in c.files}
    blocks.append((tx["files_in"], [tx["file"], tx["department"], tx["submission_id"]],
                   [[n, by_name[n].department, by_name[n].submission_id] for n in p.files]))
    blocks.append((tx["files_out"], [tx["file"], tx["status"], tx["reason"]],
                   [[n, tx[why], file_reason(by_name[n], lang)] for n, why, _ in p.left_out]))
    return blocks


def table_header(lang: str = "da") -> list[str]:
    tx = texts(LABELS, lang)
    return [tx[k] for k in ("file", "department", "submission_id", "payer", "year", "measure", "value", "included")]


def write_overview(path: Path | str, c: Collection, lang: str = "da", *, force: bool = False,
                   inputs: tuple[Path, ...] = ()) -> None:
    """The overview workbook (a new file, written atomically): Oversigt, Portefølje, Fund, with a
    manifest Udsendelse, and Tabel (the tidy long table, cut after TABLE_SHEET_ROWS rows). Texts read
    from the returned files are written as strings. Rows go to disk as they are written
    (XlsxWriter's constant_memory), so a large collection does not fill the memory."""
    from somxl.base.fileio import check_target
    from somxl.workbooks_out.xlsxout import HEADER_FILL, NUM_FORMATS, SUBTITLE, Formats, open_workbook

    path = Path(path)
    check_target(path, force, inputs=inputs)
    tx = texts(LABELS, lang)
    with open_workbook(path, strings_to_numbers=False, constant_memory=True) as wb:
        new = Formats(wb)
        # every cell top-aligned: a row is as tall as a wrapped reason or message in it
        fmt = {"head": new(bold=True, bg_color=HEADER_FILL, text_wrap=True, valign="top", align="left", indent=1),
               "title": new(**SUBTITLE), "money": new(num_format=NUM_FORMATS["kr"], valign="top"),
               "year": new(num_format=NUM_FORMATS["year"], valign="top"),
               "ratio": new(num_format=NUM_FORMATS["ratio"], valign="top"),
               # indented: a text beside a right-aligned count printed as one ('0 Housing First')
               "text": new(valign="top", align="left", indent=1),
               "wrap": new(text_wrap=True, valign="top", align="left", indent=1)}
        header, rows = overview_rows(c, lang)
        _sheet(wb.add_worksheet(tx["overview"]), header, rows, _formats(header, tx, fmt), None, lang, wrap=fmt["wrap"])
        _blocks_sheet(wb.add_worksheet(tx["portfolio"]), portfolio_blocks(c, lang), fmt, lang)
        header, rows = issue_rows(c, lang)
        _sheet(wb.add_worksheet(tx["issues"]), header, rows, _formats(header, tx, fmt), tx, lang, wrap=fmt["wrap"])
        if c.manifest is not None:
            header, rows = distribution_rows(c, lang)
            _sheet(wb.add_worksheet(tx["distribution"]), header, rows, _formats(header, tx, fmt), None, lang, wrap=fmt["wrap"])
        header = table_header(lang)
        formats = [fmt["head"], *[fmt["text"]] * 4, fmt["year"], fmt["text"], fmt["money"], fmt["text"]]
        _sheet(wb.add_worksheet(tx["table"]), header, _table_cells(c, tx), formats, None, lang,
               limit=TABLE_SHEET_ROWS, cut=say("B014", lang, {"rows": _thousands(TABLE_SHEET_ROWS, lang)}))


def _thousands(n: int, lang: str) -> str:
    return f"{n:,}" if lang == "en" else f"{n:,}".replace(",", ".")


def _table_cells(c: Collection, tx: dict[str, str]) -> Iterator[list[Any]]:
    """The tidy table's rows as people read them (Tabel, the CSV): payer and measure in words of the
    language ("i alt", "nettoomkostninger"), included as ja/NEJ. A Danish pivot table would otherwise
    show the contract's keys "total" and "net_costs"; code reads frame(), which keeps the keys."""
    for row in c.table_rows():
        yield [*row[:3], tx[row[3]], row[4], tx[row[5]], row[6], tx["yes"] if row[7] else tx["no"]]


def _formats(header: list[str], tx: dict[str, str], fmt: dict[str, Any]) -> list[Any]:
    def pick(h: str) -> Any:
        if h.startswith(tuple(tx[m] for m in (*_MONEY, "participants"))):
            return fmt["money"]
        if h.startswith(tx["break_even"]):
            return fmt["year"]
        if h.startswith(tx["return"]):
            return fmt["ratio"]
        return fmt["text"]

    return [fmt["head"], *map(pick, header)]


def _write_row(ws: Any, i: int, row: list[Any], cols: list[Any], widths: list[float] | None = None,
               wrap: Any = None) -> None:
    """One row; a text longer than WRAP_AT wraps in a column WRAP_AT wide, its row as tall as it
    needs (in one cell it was cut off by the next column or ran past the printed page)."""
    lines = 1
    for j, v in enumerate(row):
        if v is None:
            continue
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            ws.write_number(i, j, v, cols[j])
            if widths is not None:  # as #,##0 shows it: a column too narrow prints ###
                widths[j] = max(widths[j], len(f"{v:,.0f}") + 3)
            continue
        text = str(v)
        long = wrap is not None and len(text) > WRAP_AT
        ws.write_string(i, j, text, wrap if long else cols[j])
        if long:
            lines = max(lines, sum(-(-max(len(part), 1) // WRAP_AT) for part in text.split("\n")))
        if widths is not None:  # + the indent of the text formats
            widths[j] = max(widths[j], min(len(text) + 3, WRAP_AT + 3))
    if lines > 1:
        ws.set_row(i, 15 * lines)


def _sheet(ws: Any, header: list[str], rows: Any, formats: list[Any], tx: dict | None, lang: str = "da", *,
           limit: int | None = None, cut: str | None = None, wrap: Any = None) -> None:
    from somxl.workbooks_out.xlsxout import page_setup, set_widths, word_width

    head, cols = formats[0], formats[1:]
    widths = [min(max(len(h) * 0.9, 8, word_width(h)), 24) + 2 for h in header]  # + the indent
    set_widths(ws, widths)  # constant_memory: columns before the rows
    ws.set_row(0, 30)
    for j, h in enumerate(header):
        ws.write_string(0, j, h, head)
    n = 0
    for n, row in enumerate(rows, start=1):
        if limit is not None and n > limit:
            ws.write_string(n, 0, cut or "")
            n -= 1
            break
        _write_row(ws, n, row, cols, widths if n <= 2000 else None, wrap)  # widths from the first rows
    if not n and tx is not None:
        ws.write_string(1, 0, say("B013", lang))
    set_widths(ws, widths)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(n, 1), len(header) - 1)
    page_setup(ws, lang, widths, max(n, 1), repeat_rows=(0, 0), repeat_cols=(0, 0))


def _blocks_sheet(ws: Any, blocks: list[tuple[str, list[str], list[list[Any]]]], fmt: dict[str, Any],
                  lang: str = "da") -> None:
    """Titled tables one under another, a blank row between them; money as whole kroner."""
    from somxl.workbooks_out.xlsxout import page_setup, set_widths

    widths = [34.0, 18.0, 18.0, 18.0, 18.0]
    i = 0
    for title, header, rows in blocks:
        ws.write_string(i, 0, title, fmt["title"])
        for j, h in enumerate(header):
            ws.write_string(i + 1, j, h, fmt["head"])
        cols = [None if j == 0 else fmt["money"] for j in range(len(header))]
        if header and rows and all(isinstance(r[0], int) for r in rows):
            cols[0] = fmt["year"]
        for k, row in enumerate(rows):
            _write_row(ws, i + 2 + k, row, cols, widths, fmt["wrap"])
        i += len(rows) + 3
    set_widths(ws, widths)
    page_setup(ws, lang, widths, max(i - 2, 0))


def write_table(path: Path | str, c: Collection, lang: str = "da", *, force: bool = False,
                inputs: tuple[Path, ...] = ()) -> None:
    """The tidy long table as CSV for Danish Excel, as the manifest: UTF-8 with a BOM, ';' between
    columns; in Danish a decimal comma (Excel reads '1234,5' as a number there). A text starting
    with = + - @ gets a leading apostrophe so Excel shows it as text."""
    import csv

    from somxl.loop.distribute import _csv_text
    from somxl.base.fileio import atomic_write, check_target

    path = Path(path)
    check_target(path, force, inputs=inputs)
    tx = texts(LABELS, lang)
    comma = lang != "en"
    with atomic_write(path, "w", encoding="utf-8-sig") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(table_header(lang))
        for row in _table_cells(c, tx):
            value = repr(float(row[6]))
            w.writerow([_csv_text(row[0]), _csv_text(row[1] or ""), _csv_text(row[2] or ""), row[3], row[4],
                        row[5], value.replace(".", ",") if comma else value, row[7]])


def frame(source: Collection | list[Path | str] | Path | str, **collect_options: Any) -> Any:
    """The tidy long table as a pandas DataFrame (columns ``TABLE_COLUMNS``): of a ``Collection``,
    or of the files and folders given (collected first, ``collect_options`` as for ``collect``).
    ``df[df.included].groupby(["payer", "year", "measure"]).value.sum()`` is the portfolio."""
    import pandas as pd

    if not isinstance(source, Collection):
        paths = find_files([source] if isinstance(source, (str, Path)) else list(source))
        source = collect(paths, **collect_options)
    df = pd.DataFrame.from_records(list(source.table_rows()), columns=list(TABLE_COLUMNS))
    return df.astype({"year": "int64", "value": "float64", "included": "bool"})


def to_json(c: Collection, lang: str = "da") -> dict[str, Any]:
    """The overview as JSON: every file with its summary, status, inclusion and issues; the
    portfolio (equal to the sums of the included files' results); the missing recipients."""
    out: dict[str, Any] = {"files": [_file_json(f, lang) for f in c.files]}
    out.update(_rest_json(c))
    return out


def json_chunks(c: Collection, lang: str = "da") -> Iterator[str]:
    """``to_json`` as the text ``json.dumps(..., ensure_ascii=False, indent=2)`` gives, plus a
    final newline, one file at a time: the files' reports are read back from the spool as they are
    written, so writing the JSON of thousands of files does not hold them all in memory."""
    import json

    def dumped(value: Any, indent: str) -> str:
        return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)

    yield '{\n  "files": ['
    for i, f in enumerate(c.files):
        yield ("," if i else "") + "\n    " + dumped(_file_json(f, lang), "    ")
    yield "\n  ]" if c.files else "]"
    for key, value in _rest_json(c).items():
        yield f",\n  {json.dumps(key)}: " + dumped(value, "  ")
    yield "\n}\n"


def _file_json(f: Returned, lang: str) -> dict[str, Any]:
    v = f.validation
    return {"file": str(f.path), "department": f.department, "recipient": f.recipient_name,
            "submission_id": f.submission_id, "round": f.round,
            "superseded_by": str(f.superseded_by.path) if f.superseded_by else None,
            "valid": v.report.valid,
            "unreadable": f.unreadable, "status": f.status, "included": f.included,
            "left_out": f.left_out, "reason": file_reason(f, lang), "summary": f.summary,
            "match": ((v.case_dict or {}).get("target_group") or {}).get("match"),
            "issues": v.report.to_dict(lang)["issues"]}


def _rest_json(c: Collection) -> dict[str, Any]:
    out: dict[str, Any] = {"portfolio": c.portfolio.to_dict()}
    if c.manifest is not None:
        out["missing"] = [{"department": r.department, "recipient": r.recipient, "email": r.email,
                           "submission_id": r.submission_id, "file": r.file} for r in c.missing]
    return out
