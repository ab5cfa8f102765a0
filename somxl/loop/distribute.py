"""Send one input workbook to each department: a recipient list in, one stamped copy each out.

``read_recipients`` reads the economist's list (CSV as Danish Excel saves it, or .xlsx; Danish
or English headings) and reports every bad row and column at once (issue codes D…).
``distribute`` writes one workbook per recipient, the recipient and submission id stamped in
the Metadata sheet and the document properties, and a manifest that ``somxl collect``
reconciles the returned files against. docs/collect.md describes both."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import shutil
import tempfile
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from somxl.base.errors import InputError, OutputError
from somxl.base.report import Report
from somxl.base.safety import csv_rows, is_package, list_text, read_input, reading
from somxl.base.xlsxread import BadDate, first_sheet_rows, not_a_name

# heading as typed (case-insensitive, spaces and '-' ignored) → column key
HEADINGS = {
    "afdeling": "department", "forvaltning": "department", "department": "department",
    "modtager": "recipient", "navn": "recipient", "recipient": "recipient", "name": "recipient",
    "email": "email", "mail": "email",
    "id": "submission_id", "submissionid": "submission_id", "indsendelsesid": "submission_id",
    "frist": "deadline", "deadline": "deadline",
    "fil": "file", "file": "file",
    "målgruppe": "target_group", "maalgruppe": "target_group", "targetgroup": "target_group",
}
MANIFEST_NAMES = {"da": "udsendelse.csv", "en": "manifest.csv"}
# Copies one list may ask for: the scale collect is built and measured for (docs/collect.md), so one
# list and one manifest serve a national round too (98 municipalities, their departments). A register
# export given as the list, a workbook per citizen (about 0.2 s and 60 kB each), is far beyond it.
MAX_RECIPIENTS = 10_000
MAX_UNKNOWN_COLUMNS = 20  # unknown headings warned of one by one; the rest in one warning (D015)
MANIFEST_HEADINGS = {
    "da": ("fil", "afdeling", "modtager", "email", "indsendelsesid", "frist"),
    "en": ("file", "department", "recipient", "email", "submission_id", "deadline"),
}
ID_PREFIX = "SOM-"
# Characters Windows refuses in a file name, control characters (C0, DEL, C1) and the
# bidirectional overrides that show a name as another, and Windows' reserved device names
# (also with a superscript digit or 0, which Windows maps to the same devices).
_FORBIDDEN = re.compile('[<>:"/\\\\|?*\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"{d}{i}" for d in ("COM", "LPT") for i in "0123456789¹²³")}
# A file name is at most 255 bytes on Linux and macOS (255 UTF-16 units on Windows, never more than
# the UTF-8 bytes); room is left for ' (9999)' and '.xlsx'.
_MAX_NAME_BYTES = 255
_MAX_STEM_BYTES = _MAX_NAME_BYTES - len(" (9999).xlsx")


@dataclass
class Recipient:
    """One row of the recipient list (``row`` is its 1-based row number in the file)."""

    department: str
    recipient: str | None = None
    email: str | None = None
    submission_id: str = ""
    deadline: str | None = None
    file: str | None = None  # set in a manifest: the copy's file name
    row: int = 0
    target_group: str | None = None  # the copy is prefilled from the knowledge for this target group


@dataclass
class Distribution:
    """What ``distribute`` wrote: the copies (recipient and file name) and the manifest."""

    outdir: Path
    manifest: Path
    copies: list[Recipient] = field(default_factory=list)
    warnings: Report = field(default_factory=Report)


def submission_id_for(department: str, recipient: str | None, email: str | None) -> str:
    """A stable id from who the copy is for: the same list row gives the same id on every run,
    whatever its position, so adding a recipient later does not change anybody else's id."""
    # lower(), not casefold(): casefold makes 'Straße' and 'Strasse' (two departments) one id
    key = "\x1f".join(_norm(v or "").lower() for v in (department, recipient, email))
    return ID_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8].upper()


def read_recipients(path: Path | str, catalog: Any = None) -> tuple[list[Recipient], Report]:
    """The recipients of a list (CSV or .xlsx, decided from the content) with the warnings.

    Every list passes the safety gate of returned workbooks (``safety.read_input``; an .xlsx
    through somxl's own reader and its budgets). Raises FileError (an F issue) when the file
    cannot be read and InputError, whose report names the row and column of every problem, when
    the list cannot be used. With ``catalog``, a target group the catalogue does not have is
    such a problem (K020, naming the closest)."""
    path = Path(path)
    report = Report(file=str(path))
    with reading(path, "E021"):
        data = read_input(path)
        rows = first_sheet_rows(path) if is_package(data) else _text_rows(path, data, report)
    if rows is None:
        raise InputError.of("E020", report=report, path=path)
    recipients = _parse(rows, report, catalog)
    if not report.valid:
        raise InputError.of("E024", report=report, path=path)
    return recipients, report


def _text_rows(path: Path, data: bytes, report: Report) -> list[tuple[int, dict[int, Any]]] | None:
    """Rows of a CSV or tab-separated list as (row number, {column: text}); None (and D007 in
    ``report``) when the bytes are no text in any encoding Excel saves lists in."""
    try:
        text = list_text(data)
    except UnicodeDecodeError as exc:  # UTF-16 cut at an odd byte, a byte Windows-1252 does not have
        utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
        report.add("D007", params={"encoding": "UTF-16" if utf16 else "UTF-8/Windows-1252", "byte": exc.start})
        return None
    if "\x00" in text:
        report.add("D007", params={"encoding": "UTF-8/Windows-1252", "byte": text.index("\x00")})
        return None
    return csv_rows(path, text)


def _norm(v: Any) -> str:
    """A cell as clean text: NFC (macOS writes decomposed 'ø'), single spaces, no no-break spaces."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)  # an id typed as 17 in Excel comes back as 17.0
    text = " ".join(unicodedata.normalize("NFC", str(v)).replace("\u00a0", " ").split())
    if text[:1] == "'" and text[1:2] in _FORMULA_START:  # the guard _csv_text put on it
        text = text[1:]
    return text


# What Excel shows (and saves in a CSV) for a formula that fails: never a department, a name or a date.
EXCEL_ERRORS = {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!",
                "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
# A CSV cell starting with one of these is taken as a formula when Excel opens the file.
_FORMULA_START = ("=", "+", "-", "@")


def _csv_text(text: str) -> str:
    """A text for the manifest CSV that Excel shows as text: a leading apostrophe stops
    '=HYPERLINK(...)' in a department name from becoming a formula; _norm takes it off again."""
    return "'" + text if text[:1] in _FORMULA_START else text


def _heading_key(h: Any) -> str | None:
    return HEADINGS.get(re.sub(r"[\s_\-.]", "", _norm(h).casefold()))


def _parse(rows: list[tuple[int, dict[int, Any]]], report: Report, catalog: Any = None) -> list[Recipient]:
    from xlsxwriter.utility import xl_col_to_name

    header = rows[0][1] if rows and rows[0][0] == 1 else {}
    pos: dict[str, int] = {}
    unknown = 0
    for i, h in sorted(header.items()):
        key = _heading_key(h)
        if key is None and _norm(h):
            unknown += 1
            if unknown <= MAX_UNKNOWN_COLUMNS:  # a list of 20,000 headings: not a warning each
                report.add("D003", cell=f"{xl_col_to_name(i)}1", value=_norm(h),
                           params={"allowed": "afdeling/department, modtager/recipient, email, id/submission_id, "
                                              "frist/deadline, målgruppe/target_group"})
        elif key is not None:
            pos.setdefault(key, i)
    if unknown > MAX_UNKNOWN_COLUMNS:
        report.add("D015", params={"count": unknown - MAX_UNKNOWN_COLUMNS})
    if "department" not in pos:
        report.add("D002", params={"column": "afdeling/department"})
        return []
    out: list[Recipient] = []
    seen: dict[str, int] = {}
    for r, row in rows[1:] if header else rows:
        values = {k: _norm(row.get(i)) for k, i in pos.items()}
        if not any(values.values()):
            continue

        def where(key: str) -> dict[str, Any]:
            return {"cell": f"{xl_col_to_name(pos[key])}{r}", "field": _norm(header[pos[key]])}

        if _refused_cells(row, values, pos, report, where):
            continue

        if not values["department"]:
            report.add("D004", **where("department"))
            continue
        if isinstance(row.get(pos.get("deadline", -1)), BadDate):
            report.add("D008", value=values["deadline"], **where("deadline"))
            continue
        rec = Recipient(values["department"], values.get("recipient") or None, values.get("email") or None,
                        values.get("submission_id") or "", values.get("deadline") or None,
                        values.get("file") or None, r, values.get("target_group") or None)
        if rec.target_group and catalog is not None and catalog.target_group(rec.target_group) is None:
            from somxl.model.knowledge import unknown_group

            report.issues.append(unknown_group(catalog, rec.target_group, **where("target_group")))
        rec.submission_id = rec.submission_id or submission_id_for(rec.department, rec.recipient, rec.email)
        first = seen.setdefault(rec.submission_id.casefold(), r)
        if first != r:
            report.add("D005", value=rec.submission_id, params={"first": first},
                       **where("submission_id" if "submission_id" in pos else "department"))
        out.append(rec)
    if not out and report.valid:
        report.add("D006")
    return out


def _refused_cells(row: dict[int, Any], values: dict[str, str], pos: dict[str, int], report: Report,
                   where: Any) -> bool:
    """True (and the issues in ``report``) when a cell of the row is no value to send a copy by: an
    Excel error value (D013), else a text column's cell that is no text (D016) or a deadline that is
    neither a date cell nor a text (D017)."""
    broken = [k for k, v in values.items() if v.upper() in EXCEL_ERRORS]
    for key in broken:
        report.add("D013", value=values[key], **where(key))
    if broken:
        return True
    odd = [(k, shown) for k, i in pos.items() if k != "deadline" and (shown := not_a_name(row.get(i))) is not None]
    for key, shown in odd:
        report.add("D016", params=shown, **where(key))
    deadline = row.get(pos["deadline"]) if "deadline" in pos else None
    # a logical value, or a number whose cell is not formatted as a date (45672 for 2025-01-15): the
    # guide would show 'True' or '45672' as the deadline. A date cell is a DayText, a bad one D008.
    if isinstance(deadline, (bool, int, float)) and not isinstance(deadline, BadDate):
        shown = not_a_name(deadline) or {"shown_da": f"tallet {_norm(deadline)}",
                                         "shown_en": f"the number {_norm(deadline)}"}
        report.add("D017", params=shown, **where("deadline"))
        return True
    return bool(odd)


def safe_file_stem(text: str) -> str:
    """A file name stem Windows, macOS and Linux all accept and ``somxl collect`` reads back:
    Danish letters kept, forbidden, control and invisible format characters replaced by '_', at
    most 243 bytes of UTF-8 (cut between characters), no trailing dot or space, no reserved device
    name, and no leading '.' or '~' (collect skips hidden files and Excel's '~$' lock files) or '-'
    (a command line would take the name for an option)."""
    stem = _FORBIDDEN.sub("_", _norm(text)).strip(" ")
    # invisible format characters (zero-width space, BOM, soft hyphen): a name shown as another
    stem = "".join("_" if unicodedata.category(ch) == "Cf" else ch for ch in stem)
    stem = stem.encode("utf-8")[:_MAX_STEM_BYTES].decode("utf-8", "ignore").rstrip(". ")
    if stem[:1] in (".", "~", "-") or stem.split(".")[0].rstrip(" ").upper() in _RESERVED:
        stem = "_" + stem
    return stem or "_"


def file_names(recipients: list[Recipient]) -> list[str]:
    """One .xlsx name per recipient, from the department; a repeated name (compared as Windows
    does, ignoring case) gets ' (2)', ' (3)' ..."""
    used: set[str] = set()
    names = []
    for rec in recipients:
        stem = safe_file_stem(rec.department)
        name, n = f"{stem}.xlsx", 1
        while name.casefold() in used:
            n += 1
            name = f"{stem} ({n}).xlsx"
        used.add(name.casefold())
        names.append(name)
    return names


def distribute(recipients_path: Path | str, outdir: Path | str, *, lang: str = "da",
               organisation: str | None = None, contact: str | None = None, deadline: str | None = None,
               settings: dict[str, Any] | None = None, catalog: Any = None, password: str | None = None,
               force: bool = False, created: Any = None, inputs: list[Path | str] = ()) -> Distribution:
    """Write one input workbook per recipient into ``outdir`` (created if missing) and the
    manifest: all of them or none. Every target is checked first (``fileio.check_outputs``,
    against the list and ``inputs``: the settings and catalogue files); the copies and the
    manifest are written into a hidden folder inside ``outdir`` and then moved into place, and a
    failure or an interruption at any point removes what this run wrote and puts back what it
    replaced (``--force``)."""
    from somxl.model.catalog import load_catalog
    from somxl.base.fileio import check_outputs
    from somxl.workbooks_out.generate import NewOptions, write_input_workbook
    from somxl.model.knowledge import prefill

    catalog = catalog if catalog is not None else load_catalog()
    recipients, report = read_recipients(recipients_path, catalog)
    if len(recipients) > MAX_RECIPIENTS:  # a manifest may be longer: collect reads it, nothing is written
        report.add("D014", params={"count": len(recipients), "max": MAX_RECIPIENTS})
        raise InputError.of("E024", report=report, path=recipients_path)
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise OutputError.of("E014", path=outdir)
    if not outdir.exists() and not outdir.parent.exists():
        raise OutputError.of("E015", path=outdir.parent)
    manifest = outdir / MANIFEST_NAMES[lang]
    for rec, name in zip(recipients, file_names(recipients)):
        rec.file = name
    names = [*(r.file for r in recipients), manifest.name]
    if outdir.exists():
        check_outputs([outdir / n for n in names], [recipients_path, *inputs], force)
    made_dir = not outdir.exists()
    if made_dir:
        outdir.mkdir()
    try:
        with _staging(outdir) as staging:
            for rec in recipients:
                options = NewOptions(organisation=organisation, department=rec.department, contact=contact,
                                     deadline=rec.deadline or deadline, recipient=rec.recipient or rec.email,
                                     submission_id=rec.submission_id, settings=settings, password=password,
                                     force=True, created=created,
                                     prefill=prefill(catalog, rec.target_group) if rec.target_group else None)
                rec.deadline = options.deadline
                write_input_workbook(staging / rec.file, lang=lang, options=options, catalog=catalog)
            write_manifest(staging / manifest.name, recipients, lang)
            _move_all(staging, outdir, names)
    except BaseException:
        if made_dir:
            with contextlib.suppress(OSError):
                outdir.rmdir()
        raise
    return Distribution(outdir, manifest, recipients, report)


@contextlib.contextmanager
def _staging(outdir: Path) -> Iterator[Path]:
    """A hidden folder inside ``outdir`` (same file system, so moving out is a rename), removed
    with whatever is left in it when the block ends, however it ends."""
    from somxl.base.fileio import _cannot_write

    try:
        folder = Path(tempfile.mkdtemp(prefix=".somxl-", dir=outdir))
    except OSError as exc:
        raise _cannot_write(outdir, exc) from None
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _move_all(staging: Path, outdir: Path, names: list[str]) -> None:
    """Move every staged file into ``outdir``. A file it replaces is first set aside in the
    staging folder; if any move fails (or the run is interrupted) the moved files are removed and
    the set-aside ones put back, so ``outdir`` is as it was."""
    from somxl.base.fileio import _cannot_write

    backup = staging / ".replaced"
    backup.mkdir()
    moved: list[str] = []
    kept: list[str] = []
    try:
        for name in names:
            target = outdir / name
            if target.exists():
                os.replace(target, backup / name)
                kept.append(name)
            os.replace(staging / name, target)
            moved.append(name)
    except BaseException as exc:
        for name in moved:
            with contextlib.suppress(OSError):
                os.unlink(outdir / name)
        for name in kept:
            with contextlib.suppress(OSError):
                os.replace(backup / name, outdir / name)
        if isinstance(exc, OSError):
            raise _cannot_write(outdir / name, exc) from None
        raise


def write_manifest(path: Path, recipients: list[Recipient], lang: str = "da") -> None:
    """The manifest: UTF-8 with a BOM and ';' between columns, so Danish Excel opens it by a
    double click with 'æøå' intact and the columns split."""
    from somxl.base.fileio import atomic_write

    with atomic_write(path, "w", encoding="utf-8-sig") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(MANIFEST_HEADINGS[lang])
        for r in recipients:
            w.writerow([_csv_text(v) for v in (r.file, r.department, r.recipient or "", r.email or "",
                                                r.submission_id, r.deadline or "")])


