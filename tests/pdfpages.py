"""Pages per sheet of a PDF that LibreOffice exported from a workbook (tests only).

LibreOffice's PDF export starts each sheet on a new page and adds one outline entry per
sheet pointing at its first page; the pages of a sheet are those up to the next sheet's
first page. LibreOffice writes no object streams, so the objects can be read with regular
expressions, without a PDF library."""

from __future__ import annotations

import re
from pathlib import Path


def _text(raw: bytes) -> str:
    """A PDF string: <FEFF...> (UTF-16 hex) or (literal)."""
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode("ascii"))
        return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")
    return raw[1:-1].decode("latin-1")


def sheet_pages(pdf: Path) -> dict[str, int]:
    """Sheet name → number of printed pages, in workbook order."""
    data = Path(pdf).read_bytes()
    kids = re.search(rb"/Kids\s*\[([^\]]*)\]", data)
    assert kids, "no page tree"
    pages = [int(n) for n in re.findall(rb"(\d+)\s+0\s+R", kids.group(1))]
    assert pages and all(re.search(rb"\n%d 0 obj\s*<<[^>]*?/Type\s*/Page\b" % p, data) for p in pages[:1])
    firsts = []
    for m in re.finditer(rb"/Title\s*(<[0-9A-Fa-f]*>|\([^)]*\))\s*/Dest\s*\[\s*(\d+)\s+0\s+R", data):
        firsts.append((_text(m.group(1)), pages.index(int(m.group(2)))))
    firsts.sort(key=lambda x: x[1])
    out = {}
    for i, (name, first) in enumerate(firsts):
        end = firsts[i + 1][1] if i + 1 < len(firsts) else len(pages)
        out[name] = end - first
    return out


def page_count(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", Path(pdf).read_bytes()))
