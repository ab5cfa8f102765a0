"""Collect what came back: validate and calculate every returned workbook, one overview of all.

``collect`` validates the files in parallel worker processes (``validate.validate_many``:
the ``spawn`` start method, a time limit per file), calculates every valid case, and with a
manifest from ``somxl distribute`` reconciles the files with the recipients (who has not
answered; which file has an unknown or a repeated submission id: warnings D010-D012 on that
file). ``write_overview`` writes the overview workbook. somxl never writes to a file it reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from somxl.distribute import Recipient, read_recipients
from somxl.errors import FileError, InputError
from somxl.report import Issue
from somxl.validate import DEFAULT_TIMEOUT, Validation
from somxl.xlsxout import HEADER_FILL, Formats, open_workbook, page_setup

SUFFIXES = (".xlsx", ".xlsm", ".json")  # what a folder is searched for
PAYERS = ("kommune", "region", "stat", "total")


@dataclass
class Returned:
    """One returned file: its validation, the calculation's summary when valid, and whom it is from."""

    path: Path
    validation: Validation
    summary: dict[str, Any] | None = None
    recipient: Recipient | None = None  # the manifest row its submission id matches
    superseded_by: Returned | None = None  # a later round of the same submission (X002)

    @property
    def meta(self) -> dict[str, Any]:
        return ((self.validation.case_dict or {}).get("meta")) or {}

    @property
    def submission_id(self) -> str | None:
        return self.meta.get("submission_id") or (self.validation.stamp or {}).get("submission_id") or None

    @property
    def department(self) -> str | None:
        return self.meta.get("department") or (self.recipient.department if self.recipient else None)

    @property
    def recipient_name(self) -> str | None:
        stamped = (self.validation.stamp or {}).get("recipient")
        return stamped or (self.recipient and (self.recipient.recipient or self.recipient.email)) or None

    @property
    def round(self) -> int:
        """The round this file answers (1, or the round stamped on a copy sent back for corrections)."""
        from somxl.annotate import round_of

        return round_of(self.validation.stamp)

    def case_text(self, part: str) -> str | None:
        return ((self.validation.case_dict or {}).get(part) or {}).get("name")


@dataclass
class Collection:
    """Everything ``collect`` found, files sorted by name; ``missing`` are manifest rows that no
    file answers (empty without a manifest)."""

    files: list[Returned] = field(default_factory=list)
    manifest: list[Recipient] | None = None
    missing: list[Recipient] = field(default_factory=list)

    @property
    def validations(self) -> list[Validation]:
        return [f.validation for f in self.files]


def find_files(args: list[Path | str], outputs: list[Path | str | None] = ()) -> list[Path]:
    """The files to collect: each file given, and the .xlsx, .xlsm and .json files directly in each
    folder given (not Excel's '~$' lock files nor hidden files), sorted by name so the overview is
    reproducible. A file at one of ``outputs`` is left out only when it is an earlier overview of
    somxl collect (written into the folder last time); a department's answer stays in, so that the
    output check refuses to write over it."""
    from somxl.fileio import same_file

    found: dict[Path, Path] = {}
    targets = [Path(p) for p in outputs if p is not None and str(p) != "-"]
    for arg in map(Path, args):
        if arg.is_dir():
            candidates = [p for p in arg.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES
                          and not p.name.startswith(("~$", "."))]
        elif arg.exists():
            candidates = [arg]
        else:
            raise FileError(f"{arg} findes ikke", en=f"{arg} does not exist")
        for p in candidates:
            if not any(same_file(p, t) for t in targets) or not is_overview(p):
                found.setdefault(p.resolve(), p)
    if not found:
        shown = ", ".join(map(str, args))
        raise InputError(f"ingen arbejdsbøger (.xlsx, .xlsm) eller sager (.json) fundet i {shown}",
                         en=f"no workbooks (.xlsx, .xlsm) or cases (.json) found in {shown}")
    return sorted(found.values(), key=lambda p: (p.name.casefold(), str(p)))


def is_overview(path: Path) -> bool:
    """True for an overview somxl collect wrote (its sheets Oversigt and Fund, or its JSON with
    "files" and no case schema): never a department's answer."""
    import json

    from somxl.errors import SomxlError
    from somxl.safety import is_package, read_input
    from somxl.xlsxread import open_workbook

    try:
        data = read_input(path)
        if is_package(data):
            names = set(open_workbook(path).sheet_names)
            return any({_TEXTS["overview"][i], _TEXTS["issues"][i]} <= names for i in (0, 1))
        doc = json.loads(data.decode("utf-8-sig"))
        return isinstance(doc, dict) and isinstance(doc.get("files"), list) and "schema" not in doc
    except (SomxlError, ValueError, RecursionError):
        return False


def collect(paths: list[Path | str], *, manifest: Path | str | None = None, strict: bool = False,
            catalog: Any = None, timeout: float = DEFAULT_TIMEOUT, parallel: bool = True,
            context: Any = None) -> Collection:
    """Validate and calculate every file of ``paths`` (files, already found: see ``find_files``).

    ``parallel``: worker processes with ``timeout`` seconds per file (``context``: a
    multiprocessing context, spawn by default); otherwise one after another in this process."""
    from somxl.engine import calculate
    from somxl.validate import validate_file, validate_many

    recipients = read_recipients(manifest)[0] if manifest is not None else None
    if parallel:
        results = validate_many(list(paths), strict=strict, catalog=catalog, timeout=timeout, context=context)
    else:
        results = [validate_file(p, strict=strict, catalog=catalog) for p in paths]
    files = [Returned(Path(p), v) for p, v in zip(paths, results)]
    for f in files:
        if f.validation.case is not None:
            f.summary = calculate(f.validation.case).summary()
    _latest_rounds(files)
    out = Collection(files, recipients)
    if recipients is not None:
        out.missing = _reconcile(files, recipients)
    return out


def _latest_rounds(files: list[Returned]) -> None:
    """Keep the latest round of each submission: a file of an earlier round than another file
    with its submission id is marked superseded (X002); files of the same round stay (D011)."""
    groups: dict[str, list[Returned]] = {}
    for f in files:
        if not f.validation.unreadable and f.submission_id:
            groups.setdefault(f.submission_id.casefold(), []).append(f)
    for group in groups.values():
        latest = max(f.round for f in group)
        newest = [f for f in group if f.round == latest]
        for f in group:
            if f.round < latest:
                f.superseded_by = newest[0]
                f.validation.report.issues.insert(0, Issue("X002", value=f.submission_id, params={
                    "round": f.round, "latest": latest, "file": newest[0].path.name}))


def _reconcile(files: list[Returned], recipients: list[Recipient]) -> list[Recipient]:
    """Match files to manifest rows by submission id; add D010-D012 to the files' reports and
    return the rows nobody answered."""
    by_id = {r.submission_id.casefold(): r for r in recipients}
    seen: dict[str, list[Returned]] = {}
    for f in files:
        if f.validation.unreadable:
            continue  # nothing was read, so nothing can be matched; its F/R issue says why
        sid = f.submission_id
        if not sid:
            f.validation.report.issues.insert(0, Issue("D012"))
            continue
        f.recipient = by_id.get(sid.casefold())
        if f.recipient is None:
            f.validation.report.issues.insert(0, Issue("D010", value=sid))
        if f.superseded_by is None:  # an earlier round is not a second answer
            seen.setdefault(sid.casefold(), []).append(f)
    for group in seen.values():
        for f in group if len(group) > 1 else ():
            others = ", ".join(g.path.name for g in group if g is not f)
            f.validation.report.issues.insert(0, Issue("D011", value=f.submission_id, params={"others": others}))
    return [r for r in recipients if r.submission_id.casefold() not in seen]


# --- the overview workbook ---------------------------------------------------------------------

# Every text of the overview and the summary: key → (Danish, English).
_TEXTS = {
    "overview": ("Oversigt", "Overview"), "issues": ("Fund", "Issues"),
    "distribution": ("Udsendelse", "Distribution"), "file": ("Fil", "File"),
    "department": ("Afdeling", "Department"), "recipient": ("Modtager", "Recipient"),
    "submission_id": ("Indsendelses-id", "Submission id"), "valid": ("Gyldig", "Valid"),
    "errors": ("Fejl", "Errors"), "warnings": ("Advarsler", "Warnings"), "intervention": ("Indsats", "Intervention"),
    "target_group": ("Målgruppe", "Target group"), "participants": ("Deltagere", "Participants"),
    "pv_gains": ("Gevinster", "Gains"), "pv_net_costs": ("Nettoomkostninger", "Net costs"),
    "pv_net": ("Nettoresultat", "Net result"), "break_even": ("Tilbagebetalingsår", "Break-even year"),
    "return": ("Afkast pr. krone", "Return per krone"), "severity": ("Niveau", "Severity"), "code": ("Kode", "Code"),
    "sheet": ("Ark", "Sheet"), "cell": ("Celle", "Cell"), "field": ("Felt", "Field"),
    "message": ("Besked", "Message"), "email": ("Email", "Email"), "deadline": ("Frist", "Deadline"),
    "status": ("Status", "Status"), "yes": ("ja", "yes"), "no": ("NEJ", "NO"),
    "unreadable": ("ulæselig", "unreadable"), "received": ("modtaget", "received"),
    "missing": ("mangler", "missing"), "twice": ("modtaget flere gange", "received more than once"),
    "unknown": ("ukendt id", "unknown id"), "no_id": ("intet id", "no id"), "none": ("Ingen fund.", "No issues."),
    "kommune": ("kommune", "municipality"), "region": ("region", "region"), "stat": ("stat", "state"),
    "total": ("i alt", "total"), "error": ("FEJL", "ERROR"), "warning": ("ADVARSEL", "WARNING"),
    "info": ("INFO", "INFO"), "round": ("Runde", "Round"),
    "superseded": ("{round}, erstattet af {file}", "{round}, superseded by {file}"),
    "crash": ("somxl-fejl", "somxl failed"),
}
_T = {lang: {k: pair[i] for k, pair in _TEXTS.items()} for i, lang in enumerate(("da", "en"))}
_MONEY = ("pv_gains", "pv_net_costs", "pv_net")


def _valid_text(f: Returned, tx: dict[str, str]) -> str:
    if any(i.code == "internal" for i in f.validation.report.issues):
        return tx["crash"]  # somxl failed on this file: not the department's fault
    if f.validation.unreadable:
        return tx["unreadable"]
    return tx["yes"] if f.validation.report.valid else tx["no"]


def _round_text(f: Returned, tx: dict[str, str]) -> Any:
    if f.validation.unreadable:
        return None
    if f.superseded_by is not None:
        return tx["superseded"].format(round=f.round, file=f.superseded_by.path.name)
    return f.round


def overview_rows(c: Collection, lang: str = "da") -> tuple[list[str], list[list[Any]]]:
    """The Oversigt sheet as a header and rows of plain values (str, int, float or None)."""
    tx = _T["en" if lang == "en" else "da"]
    header = [tx[k] for k in ("file", "department", "recipient", "submission_id", "valid", "errors", "warnings",
                              "intervention", "target_group", "participants")]
    header += [f"{tx[m]}, {tx[p]}" for m in _MONEY for p in PAYERS]
    header += [f"{tx['break_even']}, {tx['total']}", f"{tx['return']}, {tx['total']}", tx["round"]]
    rows = []
    for f in c.files:
        rep, s = f.validation.report, f.summary
        row = [f.path.name, f.department, f.recipient_name, f.submission_id, _valid_text(f, tx),
               len(rep.errors), len(rep.warnings), f.case_text("intervention"), f.case_text("target_group")]
        if s is None:
            row += [None] * (1 + len(_MONEY) * len(PAYERS) + 2)
        else:
            row += [s["participants"], *(s[m][p] for m in _MONEY for p in PAYERS),
                    s["break_even_year"]["total"], s["return_per_krone"]["total"]]
        row.append(_round_text(f, tx))
        rows.append(row)
    return header, rows


def issue_rows(c: Collection, lang: str = "da") -> tuple[list[str], list[list[Any]]]:
    tx = _T["en" if lang == "en" else "da"]
    header = [tx[k] for k in ("file", "severity", "code", "sheet", "cell", "field", "message")]
    rows = [[f.path.name, tx.get(i.severity, i.severity), i.code, i.sheet, i.cell, i.field or i.path, i.message(lang)]
            for f in c.files for i in f.validation.report.issues]
    return header, rows


def distribution_rows(c: Collection, lang: str = "da") -> tuple[list[str], list[list[Any]]]:
    """Every manifest row with its status and file(s), then every file matched to no row."""
    tx = _T["en" if lang == "en" else "da"]
    header = [tx[k] for k in ("status", "department", "recipient", "email", "submission_id", "deadline", "file")]
    rows = []
    for r in c.manifest or []:
        got = [f for f in c.files if f.recipient is r]
        status = tx["missing"] if not got else tx["twice"] if len(got) > 1 else tx["received"]
        rows.append([status, r.department, r.recipient, r.email, r.submission_id, r.deadline,
                     ", ".join(f.path.name for f in got) or None])
    for f in c.files:
        if f.recipient is None and not f.validation.unreadable:
            rows.append([tx["unknown"] if f.submission_id else tx["no_id"], f.department, f.recipient_name,
                         None, f.submission_id, None, f.path.name])
    return header, rows


def write_overview(path: Path | str, c: Collection, lang: str = "da", *, force: bool = False,
                   inputs: tuple[Path, ...] = ()) -> None:
    """The overview workbook (a new file, written atomically): Oversigt, Fund and, with a
    manifest, Udsendelse. Texts read from the returned files are written as strings."""
    from somxl.fileio import check_target

    path = Path(path)
    check_target(path, force, inputs=inputs)
    tx = _T["en" if lang == "en" else "da"]
    sheets = [(tx["overview"], *overview_rows(c, lang)), (tx["issues"], *issue_rows(c, lang))]
    if c.manifest is not None:
        sheets.append((tx["distribution"], *distribution_rows(c, lang)))
    with open_workbook(path, strings_to_numbers=False) as wb:
        new = Formats(wb)
        fmt = {"head": new(bold=True, bg_color=HEADER_FILL, text_wrap=True, valign="top"),
               "money": new(num_format="#,##0"), "year": new(num_format="0"), "ratio": new(num_format="0.00"),
               "text": None}
        for name, header, rows in sheets:
            _sheet(wb.add_worksheet(name), header, rows, _formats(header, tx, fmt), tx if name == tx["issues"] else None,
                   lang)


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


def _sheet(ws: Any, header: list[str], rows: list[list[Any]], formats: list[Any], tx: dict | None,
           lang: str = "da") -> None:
    head, cols = formats[0], formats[1:]
    widths = [min(max(len(h) * 0.9, 8), 24) for h in header]
    for j, h in enumerate(header):
        ws.write_string(0, j, h, head)
    for i, row in enumerate(rows, start=1):
        for j, v in enumerate(row):
            if v is None:
                continue
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                ws.write_number(i, j, v, cols[j])
            else:
                ws.write_string(i, j, str(v), cols[j])
                widths[j] = max(widths[j], min(len(str(v)) + 2, 80))
    if not rows and tx is not None:
        ws.write_string(1, 0, tx["none"])
    for j, w in enumerate(widths):
        ws.set_column(j, j, w)
    ws.set_row(0, 30)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(len(rows), 1), len(header) - 1)
    page_setup(ws, lang, widths, max(len(rows), 1), repeat_rows=(0, 0), repeat_cols=(0, 0))


def render_collection(c: Collection, lang: str = "da") -> str:
    """The short summary table the command prints: one line per file, then the totals."""
    from somxl.console import clean
    from somxl.numbers import counted
    from somxl.render import fmt_kroner, table

    tx = _T["en" if lang == "en" else "da"]
    header = [tx[k] for k in ("file", "department", "valid", "errors", "warnings")] + [
        f"{tx['pv_net']}, {tx['total']}", tx["break_even"]]
    rows = []
    for f in c.files:
        s = f.summary
        rows.append([f.path.name, f.department or "-", _valid_text(f, tx), str(len(f.validation.report.errors)),
                     str(len(f.validation.report.warnings)), fmt_kroner(s["pv_net"]["total"], lang) if s else "-",
                     str(s["break_even_year"]["total"] or "-") if s else "-"])
    n_valid = sum(1 for f in c.files if f.validation.report.valid)
    n_crash = sum(1 for f in c.files if _valid_text(f, tx) == tx["crash"])
    n_unread = sum(1 for f in c.files if f.validation.unreadable) - n_crash
    n_bad = len(c.files) - n_valid - n_unread - n_crash
    missing = "".join(f"\n  {clean(r.department)} ({clean(r.recipient or r.email or r.submission_id)})"
                      for r in c.missing)
    if lang == "en":
        lines = [f"{counted(len(c.files), 'file', 'files')}: {n_valid} valid, {n_bad} invalid, {n_unread} unreadable"
                 + (f", {n_crash} on which somxl failed" if n_crash else "")]
        if c.manifest is not None:
            lines.append(f"Not returned yet: {len(c.missing)} of {counted(len(c.manifest), 'recipient', 'recipients')}"
                         + missing)
    else:
        lines = [f"{counted(len(c.files), 'fil', 'filer')}: {counted(n_valid, 'gyldig', 'gyldige')}, "
                 f"{counted(n_bad, 'ugyldig', 'ugyldige')}, {counted(n_unread, 'ulæselig', 'ulæselige')}"
                 + (f", {n_crash} som somxl fejlede på" if n_crash else "")]
        if c.manifest is not None:
            lines.append(f"Mangler svar fra: {len(c.missing)} af {counted(len(c.manifest), 'modtager', 'modtagere')}"
                         + missing)
    return table(rows, header) + "\n\n" + "\n".join(lines)


def to_json(c: Collection, lang: str = "da") -> dict[str, Any]:
    """The overview as JSON: every file with its summary and issues, and the missing recipients."""
    files = []
    for f in c.files:
        files.append({"file": str(f.path), "department": f.department, "recipient": f.recipient_name,
                      "submission_id": f.submission_id, "round": f.round,
                      "superseded_by": str(f.superseded_by.path) if f.superseded_by else None,
                      "valid": f.validation.report.valid,
                      "unreadable": f.validation.unreadable, "summary": f.summary,
                      "issues": f.validation.report.to_dict(lang)["issues"]})
    out: dict[str, Any] = {"files": files}
    if c.manifest is not None:
        out["missing"] = [{"department": r.department, "recipient": r.recipient, "email": r.email,
                           "submission_id": r.submission_id, "file": r.file} for r in c.missing]
    return out
