"""The safety gate: decide what a returned file is, from its content, before anything parses it.

``inspect_file(path)`` looks at the first bytes and, for a zip, at the central directory
(names, sizes, flags) and ``[Content_Types].xml``. It never decompresses a worksheet.

- Fatal problems (missing, empty, too large, not a spreadsheet, encrypted, legacy .xls,
  .xlsb, .ods, CSV/text, corrupt zip, zip bomb, unsafe part names) raise ``FileError``
  whose ``report`` holds exactly one issue (an ``F`` code from ``issuecodes.py``).
- Non-fatal findings (macros, external links, embedded objects) come back as warnings in
  ``FileInfo.issues``; the reader carries them on.

Why the declared sizes in the central directory can be trusted as limits: Python's
``zipfile`` stops every member at its declared uncompressed size (and then fails the CRC
check), so a part that lies about its size cannot expand beyond what was checked here.

Type detection:
- zip → OOXML when ``[Content_Types].xml`` names a workbook main part (xlsx, xlsm, xltx,
  xltm; xlsb is refused), OpenDocument when the ``mimetype`` entry says so (refused: we do
  not read .ods well enough to promise correct values; LibreOffice saves .xlsx in one step);
- OLE compound file (``D0 CF 11 E0 A1 B1 1A E1``) → an encrypted OOXML workbook when its
  directory holds ``EncryptionInfo``/``EncryptedPackage`` (Excel wraps a password-protected
  .xlsx this way), a legacy .xls when it holds ``Workbook``/``Book``. The directory is read
  by the ~40 lines in ``_ole_stream_names`` rather than with ``olefile``: only the names are
  needed, and one dependency fewer is one thing fewer to keep safe;
- text without NUL bytes → CSV/HTML/text; anything else → not a spreadsheet.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from somxl.base.errors import FileError
from somxl.base.report import Issue, Report


@dataclass(frozen=True)
class Limits:
    """What the gate refuses. The defaults are far above any real SØM workbook (< 1 MB,
    < 100 parts) and far below what would exhaust a laptop."""

    max_file_bytes: int = 50 * 1024**2
    max_parts: int = 5_000
    max_total_uncompressed: int = 500 * 1024**2
    # Real workbooks deflate about 10x; very repetitive sheet XML reaches 30-50x. A zip bomb
    # expands hundreds or thousands of times. Small parts (a few kB of styles) may compress
    # far better without any danger, so the ratio is only judged on large parts.
    max_ratio: float = 100.0
    ratio_min_part_bytes: int = 2 * 1024**2
    # Inside an accepted package (checked by the cell reader, somxl.base.xlsxread): 1.7 MB of zip can
    # hold 6 million cells. A SØM workbook holds about 2,000 cells and 800 shared strings and
    # reads in well under a second; 200,000 cells (100 times that) are about 60 MB in memory and
    # 1-3 s of parsing (measured: 500,000 in 7 s on a loaded development machine, 141 MB peak).
    max_cells: int = 200_000  # cells with a value or formula as written, plus shared strings, all sheets read
    max_seconds: float = 10.0  # parsing the parts of one workbook
    max_text: int = 32_767  # characters in one cell: Excel's own limit
    # A part read whole into a tree (workbook.xml with the defined names, styles, relationships,
    # properties; sheets and shared strings are streamed): a SØM workbook's are under 100 kB, a
    # workbook with Excel's style bloat a few MB; 16 MB of small elements is about 150 MB as a tree.
    max_tree_part_bytes: int = 16 * 1024**2
    # Text inputs (case JSON, CSV recipient lists, manifests and catalogues, --settings): a case
    # file is about 20 kB, a list of every department of a municipality a few kB.
    max_text_file_bytes: int = 10 * 1024**2
    max_depth: int = 100  # nesting of a JSON/YAML input (a case is 5 deep)


DEFAULT_LIMITS = Limits()

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

# Main-part content types of spreadsheet packages → the kind we report.
WORKBOOK_TYPES = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": "xltx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsm",
    "application/vnd.ms-excel.template.macroEnabled.main+xml": "xltm",
    "application/vnd.ms-excel.sheet.binary.macroEnabled.main": "xlsb",
}
MACRO_KINDS = {"xlsm", "xltm"}
# [Content_Types].xml's <Override> as OPC (ECMA-376 Part 2) names it, in transitional and Strict
# packages alike: an extension's element of that local name declares no part's type.
CONTENT_OVERRIDE = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass
class FileInfo:
    """What the gate found. ``kind`` is one of the values of ``WORKBOOK_TYPES`` that pass the
    gate (xlsx, xltx, xlsm, xltm); ``parts`` are the zip member names in archive order."""

    path: Path
    size: int
    kind: str
    parts: list[str] = field(default_factory=list)
    uncompressed: int = 0
    has_macros: bool = False
    has_external_links: bool = False
    has_embeddings: bool = False
    issues: list[Issue] = field(default_factory=list)


def fail(path: Path | str, code: str, **kw) -> FileError:
    """A FileError carrying a one-issue Report (``kw`` go to the Issue: params, path, value...);
    its text is the code's headline in the catalogue ("Filen x.xlsx er tom.")."""
    report = Report(file=str(path))
    issue = report.add(code, **kw)
    return FileError.of(code, report=report, headline=True, **{**issue.params, "name": Path(path).name})


def _check_file(path: Path, max_bytes: int) -> int:
    """The checks every input file passes before it is opened: it exists (F001), is a regular
    file (F021: a folder, device or named pipe, which would block for ever, is never opened), is
    not empty (F002) nor larger than ``max_bytes`` (F003). Returns its size."""
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise fail(path, "F001", params={"file": name}) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise _unreadable(path, exc) from None
    if not path.is_file():
        raise fail(path, "F021", params={"file": name})
    if size == 0:
        raise fail(path, "F002")
    if size > max_bytes:
        raise fail(path, "F003", params={"size_mb": _mb(size), "limit_mb": _mb(max_bytes)})
    return size


def read_input(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a text input (case JSON, CSV list or catalogue, manifest, settings) after
    the same checks as a workbook (``_check_file``), bounded by ``limits.max_text_file_bytes``.
    A zip or OLE file is bounded by ``max_file_bytes``: the caller passes it to
    ``xlsxread.open_workbook``, which runs the whole gate. Anything else must look like text
    (UTF-8, UTF-16 with a BOM, or Windows-1252 without control characters), else F027. Raises
    FileError (one F issue)."""
    path = Path(path)
    with_zip = limits.max_file_bytes
    size = _check_file(path, max(with_zip, limits.max_text_file_bytes))
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if size > limits.max_text_file_bytes and not head.startswith((b"PK", OLE_MAGIC)):
                raise fail(path, "F003",
                           params={"size_mb": _mb(size), "limit_mb": _mb(limits.max_text_file_bytes)})
            if head.startswith((b"PK", OLE_MAGIC)):
                return head  # a workbook: enough for the caller to decide; the reader opens it
            data = head + fh.read(limits.max_text_file_bytes)
    except OSError as exc:
        raise _unreadable(path, exc) from None
    if not _looks_like_text(data[:4096]):  # an image, a PDF, random bytes: never parsed as a list
        raise fail(path, "F027")
    return data


def list_text(data: bytes) -> str:
    """The text of a CSV or tab-separated list (recipients, manifest, catalogue) as Danish Excel
    saves it: "CSV (semikolonsepareret)" is Windows-1252, "CSV UTF-8" has a BOM and "Unicode-tekst"
    is tab-separated UTF-16. Plain UTF-8 is tried before Windows-1252: a UTF-8 'ø' read as
    Windows-1252 would silently become 'Ã¸'. Raises UnicodeDecodeError (UTF-16 cut at an odd
    byte, a byte Windows-1252 does not have); its ``start`` is the byte to name."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


_SEP_HINT = re.compile(r"sep=([\t;,|])\r?(?:\n|$)", re.IGNORECASE)


def csv_rows(path: Path | str, text: str, delimiter: str | None = None,
             limits: Limits = DEFAULT_LIMITS) -> list[tuple[int, dict[int, str]]]:
    """CSV text as (row number, {column index from 0: text}), refused (F023) past the cell budget
    like a workbook: a few megabytes of ';' are millions of empty cells. Read strictly: a quote that
    is never closed would otherwise take the rest of the file into one cell (one department called
    'Jobcenter;Kim Ældre;Lis'), so it, and text after a closing quote, are F028 naming the row; a
    field the csv module refuses (over 128 kB) is F025. Without ``delimiter``: the one a first line
    'sep=;' names (Excel's hint, which Excel does not show as a row, so neither is it counted), else
    the most frequent of tab, ';' and ',' in the first line, else ';' (Danish Excel's)."""
    import csv
    import io

    hint = _SEP_HINT.match(text)
    if hint:
        text = text[hint.end():]
        delimiter = delimiter or hint.group(1)
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = max(("\t", ";", ","), key=first.count) if any(c in first for c in "\t;,") else ";"
    rows: list[tuple[int, dict[int, str]]] = []
    cells = 0
    try:
        for n, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True), start=1):
            cells += len(row)
            if cells > limits.max_cells:
                raise fail(path, "F023", params={"part": f"row {n}", "limit": limits.max_cells})
            rows.append((n, dict(enumerate(row))))
    except csv.Error as exc:
        if "field limit" in str(exc):  # CPython's words for a field over csv.field_size_limit()
            raise fail(path, "F025", params={"part": Path(path).name, "limit": limits.max_text}) from None
        raise fail(path, "F028", params={"row": len(rows) + 1}) from None  # the row being read
    return rows


@contextlib.contextmanager
def reading(path: Path | str, code: str) -> Iterator[None]:
    """Name the role of a side input in the FileError of its gate or reader, e.g.
    'modtagerlisten liste.csv: Filen liste.csv er tom.' (the report keeps its one F issue).
    ``code`` is the catalogue's sentence for the role (E021 recipient list, E022 catalogue
    file, E023 settings file), taking ``path`` and the error's text as ``detail_da``/``detail_en``."""
    try:
        yield
    except FileError as exc:
        raise FileError.of(code, report=exc.report, path=path, detail_da=exc.text("da"),
                           detail_en=exc.text("en")) from None


def is_package(data: bytes) -> bool:
    """A zip (.xlsx) or OLE (.xls, encrypted .xlsx) file by its first bytes (``read_input``)."""
    return data.startswith((b"PK", OLE_MAGIC))


def inspect_file(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> FileInfo:
    """Check a returned file before parsing. Raises FileError (one issue) if it cannot be read."""
    info, zf = open_package(path, limits)
    zf.close()
    return info


def open_package(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> tuple[FileInfo, zipfile.ZipFile]:
    """``inspect_file``, handing back the package still open: the reader goes on with the central
    directory the gate has checked instead of reading it again (and a file changed in between
    cannot slip past the gate). The caller closes it. Raises FileError as ``inspect_file`` does."""
    path = Path(path)
    size = _check_file(path, limits.max_file_bytes)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError as exc:
        raise _unreadable(path, exc) from None

    if head.startswith(OLE_MAGIC):
        raise _ole_error(path)
    if head.startswith(b"PK"):
        return _inspect_zip(path, size, limits)
    if _looks_like_text(head):
        raise fail(path, "F009")
    raise fail(path, "F004")


def _inspect_zip(path: Path, size: int, limits: Limits) -> tuple[FileInfo, zipfile.ZipFile]:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError) as exc:
        raise _corrupt(path, exc) from None
    try:
        names, total, kind = _check_zip(path, zf, limits)
    except BaseException:
        zf.close()
        raise
    lower = [n.lower() for n in names]
    info = FileInfo(path=path, size=size, kind=kind, parts=names, uncompressed=total)
    info.has_macros = kind in MACRO_KINDS or any(n.endswith("vbaproject.bin") for n in lower)
    info.has_external_links = any(n.startswith("xl/externallinks/") for n in lower)
    info.has_embeddings = any(n.startswith(("xl/embeddings/", "xl/activex/")) for n in lower)
    if info.has_macros:
        info.issues.append(Issue("F101"))
    if info.has_external_links:
        info.issues.append(Issue("F102"))
    if info.has_embeddings:
        info.issues.append(Issue("F103"))
    return info, zf


def _check_zip(path: Path, zf: zipfile.ZipFile, limits: Limits) -> tuple[list[str], int, str]:
    """The central directory's checks (parts, names, encryption, sizes, ratios) and the package's
    kind: its part names in archive order, their total uncompressed size and the kind."""
    infos = zf.infolist()
    if len(infos) > limits.max_parts:
        raise fail(path, "F011", params={"count": len(infos), "limit": limits.max_parts})
    seen: set[str] = set()
    total = 0
    for info in infos:
        if _unsafe_name(info.filename) or info.filename.lower() in seen:
            raise fail(path, "F014", params={"part": info.filename})
        seen.add(info.filename.lower())
        if info.flag_bits & 0x1:
            raise fail(path, "F006")
        total += info.file_size
        if info.file_size >= limits.ratio_min_part_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise fail(path, "F013", params={"part": info.filename, "ratio": round(ratio),
                                                 "limit": round(limits.max_ratio)})
    if total > limits.max_total_uncompressed:
        raise fail(path, "F012",
                   params={"size_mb": _mb(total), "limit_mb": _mb(limits.max_total_uncompressed)})
    names = [i.filename for i in infos]
    return names, total, _package_kind(path, zf, names)


def _package_kind(path: Path, zf: zipfile.ZipFile, names: list[str]) -> str:
    """xlsx/xltx/xlsm/xltm from [Content_Types].xml; every other package is refused."""
    by_lower = {n.lower(): n for n in names}
    if "mimetype" in by_lower:
        mimetype = read_part(path, zf, by_lower["mimetype"], limit=200).strip()
        if mimetype.startswith(ODS_MIMETYPE):
            raise fail(path, "F008")
    ct_name = by_lower.get("[content_types].xml")
    if ct_name is None:
        raise fail(path, "F015")
    data = read_part(path, zf, ct_name)
    kinds = kept(_KINDS, data, lambda: frozenset(
        WORKBOOK_TYPES[el.get("ContentType", "")]
        for el in parse_xml(path, data, ct_name)
        if el.tag == CONTENT_OVERRIDE and el.get("ContentType") in WORKBOOK_TYPES
    ), most=_KINDS_KEPT, keep=len(data) <= 64 * 1024)
    if "xlsb" in kinds:
        raise fail(path, "F010")
    if len(kinds) != 1:
        raise fail(path, "F015")
    return next(iter(kinds))


# The workbook kinds a [Content_Types].xml names, by its bytes: the copies of one template that
# collect reads file after file share the part, so this process parses it once (a part that is
# refused is never kept). A few small parts at most, the one used longest ago dropped first: which
# parts are kept follows the files being read, not the first ones.
_KINDS: dict[bytes, frozenset[str]] = {}
_KINDS_KEPT = 16


def kept(cache: dict, key: Any, make: Callable[[], Any], *, most: int, keep: bool = True) -> Any:
    """``cache[key]``, else ``make()``, kept under ``key`` when ``keep`` (what it was made from is
    small enough): a per-process cache of what a part gives by its bytes (``_KINDS`` here, the
    reader's structure parts and defined names), at most ``most`` entries, the one used longest ago
    dropped first, so what is kept follows the files being read, not the first ones. What ``make``
    refuses (raises) is never kept, so it is refused again in every file that holds it."""
    value = cache.pop(key, _MISSING)
    if value is _MISSING:
        value = make()
        if not keep:
            return value
        if len(cache) >= most:
            del cache[next(iter(cache))]
    cache[key] = value
    return value


_MISSING = object()


def read_part(path: Path, zf: zipfile.ZipFile, part: str, limit: int | None = None) -> bytes:
    """A whole zip member, with any damage (CRC, truncation, bad deflate data) as FileError.
    Without ``limit`` the part is for a tree (``parse_xml``): one larger than
    ``Limits.max_tree_part_bytes`` is F026."""
    try:
        size = zf.getinfo(part).file_size
    except KeyError:
        raise missing_part(path, part) from None
    if limit is None and size > DEFAULT_LIMITS.max_tree_part_bytes:
        raise fail(path, "F026",
                   params={"part": part, "size_mb": _mb(size), "limit_mb": _mb(DEFAULT_LIMITS.max_tree_part_bytes)})
    try:
        with zf.open(part) as fh:
            return fh.read() if limit is None else fh.read(limit)
    except KeyError:
        raise missing_part(path, part) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        raise _corrupt(path, exc) from None


def parse_xml(path: Path, data: bytes, part: str):
    """Parse one XML part with defusedxml; a DTD, entity or bad XML becomes a FileError."""
    import defusedxml
    import defusedxml.ElementTree as DET

    try:
        return DET.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise unsafe_xml(path, part) from None
    except (DET.ParseError, ValueError, LookupError) as exc:  # LookupError: an unknown encoding=
        raise bad_xml(path, part, exc) from None


def damaged(path: Path, part: str, detail: str) -> FileError:
    return fail(path, "F022", params={"part": part, "detail": detail})


def unsafe_xml(path: Path, part: str) -> FileError:
    return fail(path, "F016", params={"part": part})


def bad_xml(path: Path, part: str, exc: Exception) -> FileError:
    return fail(path, "F017", params={"part": part, "detail": str(exc)})


def missing_part(path: Path, part: str) -> FileError:
    return fail(path, "F018", params={"part": part})


def _corrupt(path: Path, exc: BaseException) -> FileError:
    return fail(path, "F005", params={"detail": str(exc) or type(exc).__name__})


def _unreadable(path: Path, exc: OSError) -> FileError:
    return fail(path, "F020", params={"detail": exc.strerror or str(exc)})


def _ole_error(path: Path) -> FileError:
    streams = _ole_stream_names(path)
    if streams & {"encryptioninfo", "encryptedpackage"}:
        return fail(path, "F006")
    if streams & {"workbook", "book"}:
        return fail(path, "F007")
    # An OLE file whose directory cannot be read or that is not Excel at all (.doc, .msg).
    return fail(path, "F004")


def _ole_stream_names(path: Path) -> set[str]:
    """Lower-case names in an OLE compound file's directory; empty if it cannot be read.

    Layout (MS-CFB): a 512-byte header holds the sector size, the first directory sector
    and the first 109 FAT sector numbers (more via the DIFAT chain); the directory is a
    chain of sectors of 128-byte entries whose first 64 bytes are the UTF-16LE name."""
    try:
        data = path.read_bytes()
        shift = struct.unpack_from("<H", data, 0x1E)[0]
        ssize = 1 << shift
        if ssize not in (512, 4096):
            return set()
        first_dir, = struct.unpack_from("<i", data, 0x30)
        difat_start, difat_count = struct.unpack_from("<iI", data, 0x44)
        fat_sectors = [s for s in struct.unpack_from("<109i", data, 0x4C) if s >= 0]
        sector = difat_start
        for _ in range(min(difat_count, 10_000)):
            if sector < 0:
                break
            off = 512 + sector * ssize
            entries = struct.unpack_from(f"<{ssize // 4}i", data, off)
            fat_sectors += [s for s in entries[:-1] if s >= 0]
            sector = entries[-1]
        fat: list[int] = []
        for s in fat_sectors:
            fat += struct.unpack_from(f"<{ssize // 4}i", data, 512 + s * ssize)
        names: set[str] = set()
        sector, steps = first_dir, 0
        while 0 <= sector < len(fat) and steps < 100_000:
            off = 512 + sector * ssize
            for e in range(off, off + ssize, 128):
                length = struct.unpack_from("<H", data, e + 64)[0]
                if 2 <= length <= 64:
                    names.add(data[e:e + length - 2].decode("utf-16-le", "replace").lower())
            sector, steps = fat[sector], steps + 1
        return names
    except (struct.error, OSError, IndexError):
        return set()


def _unsafe_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or "\\" in name or (len(name) > 1 and name[1] == ":"):
        return True
    return ".." in posixpath.normpath(name).split("/")


def _looks_like_text(head: bytes) -> bool:
    """Text (a CSV, JSON, YAML file) by its first bytes: UTF-8, UTF-16 with a BOM or cp1252."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text (Excel's "Unicode text")
        return True
    if b"\x00" in head or head.startswith(b"%PDF"):
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4:  # a multi-byte character cut off at the end of the sample
            return True
        # cp1252 text (a CSV from Danish Excel) has no control characters other than tab/CR/LF.
        return not any(b < 32 and b not in (9, 10, 13) for b in head)


def _mb(n: int) -> str:
    return f"{n / 1024**2:.1f}"
