"""Builders for the hand-made files the reading-layer tests need (defects XlsxWriter cannot
produce): minimal .xlsx packages from XML snippets, OLE compound files, zip variants, and
copies of a generated workbook with cells, parts and text changed in its XML (``edit_copy``)."""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from somxl.base.xlsxread import a1_to_rowcol, col_to_letters

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
STRICT_MAIN_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
STRICT_REL_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
XLSB_TYPE = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"

DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _prefixed(xml: str, prefix: str) -> str:
    """Give every element an explicit prefix, as Google Sheets exports do (``x:c``)."""
    if not prefix:
        return xml
    return re.sub(r"<(/?)([A-Za-z]+)(?=[\s/>])", rf"<\1{prefix}:\2", xml)


def build_xlsx(
    path: Path,
    sheets: list[tuple[str, str]],
    *,
    shared: list[str] | None = None,
    shared_xml: str | None = None,
    names: list[tuple[str, str, int | None]] = (),
    states: dict[str, str] | None = None,
    prefix: str = "",
    strict: bool = False,
    absolute_targets: bool = False,
    main_type: str = XLSX_TYPE,
    workbook_doctype: str = "",
    styles_xml: str | None = None,
    custom_xml: str | None = None,
    extra: dict[str, bytes] | None = None,
    declare: str = "",
) -> Path:
    """A minimal but valid .xlsx. ``sheets`` are (name, the XML inside <sheetData>) pairs.
    ``declare``: more namespace declarations on the root of each sheet and of the shared strings
    (``'xmlns:o="urn:o"'``), for elements of another namespace in them."""
    main_ns = STRICT_MAIN_NS if strict else MAIN_NS
    rel_ns = STRICT_REL_NS if strict else REL_NS
    rel_base = "http://purl.oclc.org/ooxml/officeDocument/relationships" if strict else (
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
    ns_attr = f'xmlns:{prefix}="{main_ns}"' if prefix else f'xmlns="{main_ns}"'
    states = states or {}
    target_root = "/xl/" if absolute_targets else ""

    overrides = [f'<Override PartName="/xl/workbook.xml" ContentType="{main_type}"/>']
    wb_rels, sheet_els = [], []
    parts: dict[str, bytes | str] = {}
    for i, (name, data) in enumerate(sheets, start=1):
        overrides.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType='
                         '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
        wb_rels.append(f'<Relationship Id="rId{i}" Type="{rel_base}/worksheet" '
                       f'Target="{target_root}worksheets/sheet{i}.xml"/>')
        state = f' state="{states[name]}"' if name in states else ""
        sheet_els.append(f'<sheet name="{_attr(name)}" sheetId="{i}"{state} r:id="rId{i}"/>')
        body = _prefixed(f"<worksheet><sheetData>{data}</sheetData></worksheet>", prefix)
        parts[f"xl/worksheets/sheet{i}.xml"] = DECL + _with_ns(body, f"{ns_attr} {declare}".rstrip())
    n = len(sheets)
    if shared is not None or shared_xml is not None:
        if shared_xml is None:
            items = "".join(f"<si><t xml:space=\"preserve\">{_text(s)}</t></si>" for s in shared)
            shared_xml = DECL + _with_ns(_prefixed(f"<sst>{items}</sst>", prefix), f"{ns_attr} {declare}".rstrip())
        parts["xl/sharedStrings.xml"] = shared_xml
        overrides.append('<Override PartName="/xl/sharedStrings.xml" ContentType='
                         '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        wb_rels.append(f'<Relationship Id="rId{n + 1}" Type="{rel_base}/sharedStrings" '
                       f'Target="{target_root}sharedStrings.xml"/>')
    if styles_xml is not None:
        parts["xl/styles.xml"] = styles_xml
        wb_rels.append(f'<Relationship Id="rId{n + 2}" Type="{rel_base}/styles" Target="{target_root}styles.xml"/>')
    defined = "".join(
        f'<definedName name="{_attr(nm)}"' + (f' localSheetId="{local}"' if local is not None else "")
        + f">{_text(text)}</definedName>"
        for nm, text, local in names
    )
    wb_body = f"<workbook><sheets>{''.join(sheet_els)}</sheets>"
    wb_body += f"<definedNames>{defined}</definedNames></workbook>" if defined else "</workbook>"
    wb_body = _with_ns(_prefixed(wb_body, prefix), f'{ns_attr} xmlns:r="{rel_ns}"')
    parts["xl/workbook.xml"] = DECL + workbook_doctype + wb_body
    parts["xl/_rels/workbook.xml.rels"] = DECL + f'<Relationships xmlns="{PKG_REL_NS}">{"".join(wb_rels)}</Relationships>'
    root_rels = [f'<Relationship Id="rId1" Type="{rel_base}/officeDocument" Target="{"/" if absolute_targets else ""}xl/workbook.xml"/>']
    if custom_xml is not None:
        parts["docProps/custom.xml"] = custom_xml
        root_rels.append('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/'
                         '2006/relationships/custom-properties" Target="docProps/custom.xml"/>')
    parts["_rels/.rels"] = DECL + f'<Relationships xmlns="{PKG_REL_NS}">{"".join(root_rels)}</Relationships>'
    parts["[Content_Types].xml"] = DECL + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>")
    parts.update(extra or {})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", parts.pop("[Content_Types].xml"))
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _with_ns(xml: str, ns_attr: str) -> str:
    """Put the namespace declarations on the root element."""
    return re.sub(r"^<([\w:]+)", rf"<\1 {ns_attr}", xml, count=1)


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def build_ole(path: Path, stream_names: list[str]) -> Path:
    """A minimal OLE compound file (MS-CFB version 3, 512-byte sectors) whose directory holds
    a root entry and empty streams of the given names: one FAT sector, one directory sector."""
    free, end, fatsect = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    header = bytearray(512)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, end, 0, end, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([free] * 108))
    fat = struct.pack("<128I", fatsect, end, *([free] * 126))
    entries = [("Root Entry", 5)] + [(n, 2) for n in stream_names]
    assert len(entries) <= 4, "one directory sector holds four entries"
    directory = bytearray()
    for name, kind in entries:
        entry = bytearray(128)
        raw = (name + "\0").encode("utf-16-le")
        entry[0:len(raw)] = raw
        struct.pack_into("<HBB", entry, 64, len(raw), kind, 1)
        struct.pack_into("<III", entry, 68, free, free, free)
        struct.pack_into("<I", entry, 116, end)
        directory += entry
    directory += bytes(512 - len(directory))
    path.write_bytes(bytes(header) + fat + bytes(directory))
    return path


def part(path: Path, name: str) -> str:
    """The text of one part of the package at ``path``."""
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


# --- editing a copy's sheet XML ------------------------------------------------------------------

def sheet_parts(path: Path) -> dict[str, str]:
    """Sheet name → part name of the worksheet XML."""
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = dict(re.findall(r'<Relationship Id="(rId\d+)" Type="[^"]+" Target="([^"]+)"', rels))
    out = {}
    for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+"(?: state="\w+")? r:id="(rId\d+)"', wb):
        name = name.replace("&amp;", "&").replace("&apos;", "'").replace("&quot;", '"')
        out[name] = posixpath.normpath(posixpath.join("xl", targets[rid]))
    return out


def cell_xml(ref: str, value: tuple[str, Any] | None, style: str | None) -> str:
    """One <c> element. value: (kind, payload); kinds n, inline, s (shared-string index), b, e,
    f (formula, no cached value), fv (formula and cached number), d (ISO date, t="d"),
    date (a serial number in a date style); None = a styled blank."""
    s = f' s="{style}"' if style else ""
    if value is None:
        return f'<c r="{ref}"{s}/>'
    kind, payload = value
    if kind == "n":
        return f'<c r="{ref}"{s}><v>{escape(str(payload))}</v></c>'
    if kind == "inline":
        return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{escape(payload)}</t></is></c>'
    if kind == "s":
        return f'<c r="{ref}"{s} t="s"><v>{payload}</v></c>'
    if kind == "b":
        return f'<c r="{ref}"{s} t="b"><v>{payload}</v></c>'
    if kind == "e":
        return f'<c r="{ref}"{s} t="e"><v>{escape(payload)}</v></c>'
    if kind == "f":
        return f'<c r="{ref}"{s}><f>{escape(payload)}</f></c>'
    if kind == "fv":
        return f'<c r="{ref}"{s}><f>{escape(payload[0])}</f><v>{payload[1]}</v></c>'
    if kind == "d":
        return f'<c r="{ref}"{s} t="d"><v>{escape(payload)}</v></c>'
    if kind == "date":
        return f'<c r="{ref}" s="{payload[1]}"><v>{payload[0]}</v></c>'
    raise ValueError(kind)


def set_cells(xml: str, changes: dict[str, tuple[str, Any] | None]) -> str:
    """Put cells into a worksheet's sheetData (replacing what is there, adding rows as needed)."""
    for ref, value in changes.items():
        row, col = a1_to_rowcol(ref)
        ref = f"{col_to_letters(col)}{row}"
        m = re.search(rf'<c r="{ref}"(?: s="(\d+)")?(?: t="\w+")?(?:/>|>.*?</c>)', xml)
        if m:
            xml = xml[:m.start()] + cell_xml(ref, value, m.group(1)) + xml[m.end():]
            continue
        new = cell_xml(ref, value, None)
        rm = re.search(rf'<row r="{row}"[^>]*?(?:/>|>(.*?)</row>)', xml)
        if rm:
            body = rm.group(1) or ""
            cells = list(re.finditer(r'<c r="([A-Z]+)\d+"(?:[^>]*/>|.*?</c>)', body))
            pos = next((c.start() for c in cells if a1_to_rowcol(c.group(1) + "1")[1] > col), len(body))
            head = xml[rm.start():rm.end()]
            if head.endswith("/>"):
                xml = xml[:rm.start()] + head[:-2] + ">" + new + "</row>" + xml[rm.end():]
            else:
                start = rm.start(1)
                xml = xml[:start + pos] + new + xml[start + pos:]
            continue
        rows = list(re.finditer(r'<row r="(\d+)"', xml))
        after = next((r.start() for r in rows if int(r.group(1)) > row), None)
        block = f'<row r="{row}">{new}</row>'
        if after is None:
            if "<sheetData/>" in xml:
                xml = xml.replace("<sheetData/>", f"<sheetData>{block}</sheetData>")
            else:
                xml = xml.replace("</sheetData>", block + "</sheetData>")
        else:
            xml = xml[:after] + block + xml[after:]
    return xml


def edit_copy(src: Path, dst: Path, edits: dict[tuple[str, str], tuple[str, Any] | None],
              parts: dict[str, str] | None = None, drop: set[str] = frozenset(),
              replace: dict[str, tuple[str, str]] | None = None, add: dict[str, str] | None = None) -> Path:
    """Copy ``src`` to ``dst`` with cell edits {(sheet, A1): value}, parts dropped, text
    replaced in parts ({part: (old, new)}) and parts added ({part: text})."""
    parts = parts or (sheet_parts(src) if edits else {})
    by_part: dict[str, dict[str, Any]] = {}
    for (sheet, ref), value in edits.items():
        by_part.setdefault(parts[sheet], {})[ref] = value
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            if item.filename in drop:
                continue
            data = zin.read(item.filename)
            if item.filename in by_part:
                data = set_cells(data.decode("utf-8"), by_part[item.filename]).encode("utf-8")
            if replace and item.filename in replace:
                old, new = replace[item.filename]
                text = data.decode("utf-8")
                assert old in text, (item.filename, old)
                data = text.replace(old, new).encode("utf-8")
            zout.writestr(item, data)
        for name, text in (add or {}).items():
            zout.writestr(name, text.encode("utf-8"))
    return dst
