"""What reaches a terminal: text from files made harmless, and output any console can hold.

Two contracts, both for the CLI's output (library code never prints):

- ``clean(text, limit)`` is the one function every text taken from a file (a cell, a sheet
  name, a department, a file name) passes before it is printed. It escapes control characters
  (C0 but tab and newline, DEL, C1, and the bidirectional overrides that disguise text) as
  visible ``\\u001b`` escapes, so an ESC or BEL in a cell can never retitle a window, hide a
  link or move the cursor, and it cuts the text to ``limit`` characters with an ellipsis, so
  a 300-million character cell is never printed whole. ``one_line`` is ``clean`` with tabs
  and line breaks as spaces too, for a file's text shown within a line (a table cell, a
  message's parameter, a file name before its verdict): a file named 'x<newline>3 filer: 3
  gyldige.xlsx' must not print a line of its own.
- ``setup_streams()`` (called once by ``cli.main``) makes stdout and stderr write whatever
  their encoding cannot hold as a readable substitute instead of raising: on a Danish
  Windows, output redirected to a file is cp1252 and a console may be cp850; ``≥`` becomes
  ``>=``, ``–`` becomes ``-``, a character with no substitute ``?``. It also passes all output
  through ``clean`` without the length cap, as a second line of defence for any text a
  renderer forgot to clean. Tests run the CLI with PYTHONIOENCODING=cp1252 and cp850.
- ``table(rows, header, width)`` is the plain text table every rendered text uses
  (``somxl.render``): each cell passes ``one_line``, and with a terminal's width the last column
  wraps.
"""

from __future__ import annotations

import codecs
import io
import re
import sys
import textwrap
import unicodedata

MAX_SHOWN = 200  # characters of one value from a file in a message

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional marks and overrides
# (U+202A-U+202E, U+2066-U+2069) that can show a file name or a link as something else.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match) -> str:
    return f"\\u{ord(m.group(0)):04x}"


def clean(text: object, limit: int | None = MAX_SHOWN) -> str:
    """``text`` as printable text: control characters escaped, at most ``limit`` characters
    (then ``…``). Never raises."""
    s = text if isinstance(text, str) else str(text)
    if limit is not None and len(s) > limit:
        s = s[:limit] + "…"
    return _CONTROLS.sub(_escape, s)


# Tabs and line breaks, which ``clean`` keeps (a report's own lines need them): in a table cell, a
# message's parameter or a file's name on its line they would start a line of the file's making.
_BREAKS = re.compile("[\t\n\r\u2028\u2029]")


def one_line(text: object, limit: int | None = MAX_SHOWN) -> str:
    """``clean``, on one line: tabs and line breaks become spaces. For a text from a file shown
    within a line (a table cell, a message's parameter, a file name before its verdict), where
    'x<newline>3 filer: 3 gyldige.xlsx' would print a forged line of its own."""
    return clean(_BREAKS.sub(" ", text if isinstance(text, str) else str(text)), limit)


TABLE_SHOWN = 60  # characters of a file's text shown in one terminal table cell


def short_text(text: object) -> str:
    """A text from a file as one short table cell: line breaks and tabs as spaces, control
    characters escaped and the text cut (``clean``)."""
    return clean(" ".join(str(text).split()), TABLE_SHOWN)


# Characters somxl's own messages use that cp1252/cp850 lack, with what to print instead.
_SUBSTITUTES = {
    "≥": ">=", "≤": "<=", "≠": "!=", "∞": "inf", "−": "-", "–": "-", "—": "-", "…": "...",
    "→": "->", "←": "<-", "‘": "'", "’": "'", "‚": ",", "“": '"', "”": '"', "„": '"', "«": '"',
    "»": '"', "•": "*", "×": "x", "\u00a0": " ", "\u202f": " ", "\u2009": " ", "✓": "ok", "€": "EUR",
}


def _substitute(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    out = []
    for ch in exc.object[exc.start:exc.end]:
        sub = _SUBSTITUTES.get(ch)
        if sub is None:
            # é, ø and friends survive in most code pages; a decomposed base letter beats '?'
            base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
            sub = base or "?"
        try:
            sub.encode(exc.encoding)
        except (UnicodeEncodeError, LookupError):
            sub = sub.encode("ascii", "replace").decode("ascii")
        out.append(sub)
    return "".join(out), exc.end


ERRORS = "somxl-substitute"
codecs.register_error(ERRORS, _substitute)


class _SafeStream(io.TextIOWrapper):
    """A text stream over the same byte stream that cleans control characters and substitutes
    what the encoding cannot hold."""

    def write(self, s: str) -> int:
        if not isinstance(s, str):  # as TextIOWrapper does; click probes a stream with b""
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        super().write(clean(s, None))
        return len(s)


def setup_streams() -> None:
    """Rewrap sys.stdout and sys.stderr (same encoding and buffer) so that printing never
    raises UnicodeEncodeError and never passes a control character from a file."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        buffer = getattr(stream, "buffer", None)
        if buffer is None or isinstance(stream, _SafeStream):
            continue  # a test harness' stream, or already done
        try:
            stream.flush()
        except (OSError, ValueError):
            continue
        safe = _SafeStream(buffer, encoding=stream.encoding or "utf-8", errors=ERRORS,
                           newline=None, line_buffering=stream.line_buffering, write_through=True)
        setattr(sys, name, safe)


MIN_LAST = 20  # the last column keeps at least this many characters when a table wraps


def table(rows: list[list[str]], header: list[str], width: int | None = None) -> str:
    """A plain text table with columns padded to their widest cell. Cells often hold text
    from a file (a sheet name, a department): each is cleaned and cut (``console.clean``).
    With ``width`` (a terminal's), the last column wraps so lines fit, its continuation lines
    indented under it."""
    cols = [[one_line(c, 4 * MAX_SHOWN) for c in r] for r in (header, *rows)]
    header, rows = cols[0], cols[1:]
    widths = [max(len(str(r[i])) for r in cols) for i in range(len(header))]
    indent = sum(widths[:-1]) + 2 * (len(widths) - 1)
    room = max(MIN_LAST, (width or 0) - indent - 1)
    wrap = width is not None and indent + widths[-1] >= width
    if wrap:
        widths[-1] = min(widths[-1], room)

    def line(r: list[str]) -> str:
        head = "  ".join(str(c).ljust(w) for c, w in zip(r[:-1], widths))
        last = str(r[-1]) if r else ""
        parts = textwrap.wrap(last, room, break_long_words=True, break_on_hyphens=False) if wrap and last else [last]
        first = (head + "  " + parts[0]).rstrip() if len(r) > 1 else parts[0]
        return "\n".join([first, *(" " * indent + p for p in parts[1:])])

    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def side_by_side(rows: list[list[str]], header: list[str], width: int | None = None) -> str:
    """A table whose first column labels the rows and whose other columns stand side by side
    (cases, scenarios). With ``width`` (a terminal's) and too wide for it, the columns go in
    blocks that fit, one below another, each with the labels again, instead of lines the
    terminal breaks in the middle of a figure."""
    if width is None:
        return table(rows, header)
    shown = [[len(one_line(c, 4 * MAX_SHOWN)) for c in r] for r in (header, *rows)]
    widths = [max(r[i] for r in shown) for i in range(len(header))]
    blocks: list[list[int]] = [[]]
    used = widths[0]
    for i in range(1, len(header)):
        if blocks[-1] and used + 2 + widths[i] >= width:
            blocks.append([])
            used = widths[0]
        blocks[-1].append(i)
        used += 2 + widths[i]
    return "\n\n".join(table([[r[0], *(r[i] for i in b)] for r in rows], [header[0], *(header[i] for i in b)])
                       for b in blocks)

