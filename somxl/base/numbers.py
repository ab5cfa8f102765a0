"""Numbers typed as text, read strictly: what is unambiguous is accepted with a warning that
names the value read; what is ambiguous is an error. No general locale parser is used:
those silently turn ``1234.50`` into ``123450``.

``parse_number(raw, kind)`` takes a cell value (str, int, float, bool or None) and a kind:

- ``amount``  kroner; may carry ``kr.``, ``kr``, ``DKK`` (before or after), ``,-`` (no øre)
  and accounting parentheses ``(1.234)`` for a negative amount;
- ``number``  any other decimal number (same text forms as ``amount``);
- ``int``     a whole number (participants, counts);
- ``year``    a whole number within ``vocab.YEARS`` (1990 to 2100, why: see there);
- ``rate``    a fraction (0.25 = 25 %); ``25 %`` and ``25%`` are read as 0.25.

It returns ``Parsed(value, status, reason, raw, ...)``. Statuses:

- ``ok``         a numeric cell that fits the kind;
- ``converted``  text that reads as one number only: accepted, with a warning (R001);
- ``suspect``    a rate above 1 (numeric or text, no percent sign): probably meant as
                 percent (R006). ``value`` is the number as written, ``suggested`` is value/100;
                 the validator decides whether to warn or refuse;
- ``ambiguous``  text that reads as two different numbers (R002), ``value`` is None;
- ``invalid``    not a number of this kind (R003, R007, R008, R009), ``value`` is None;
- ``empty``      None or blank text; whether that is allowed is the validator's business.

``Parsed.code`` is the issue code to report (None for ok/empty) and ``Parsed.params`` its
message parameters, so a caller writes ``report.add(p.code, sheet=.., cell=.., value=p.raw,
params=p.params)``. Negative values are returned as read: whether a field allows them is
the validator's rule, not the reader's.

Rules for text (spaces include the no-break spaces U+00A0, U+202F, U+2007, U+2009):

1. ``-``, ``−`` (U+2212) or ``–`` (U+2013, what Word makes of a hyphen) before the number is a
   minus; ``+`` is allowed. Parentheses mean negative for amount/number only.
2. Spaces between digit groups are thousands separators (never decimal): ``1 234,50``,
   ``1 234 567``; every group after the first has exactly 3 digits.
3. Both ``.`` and ``,`` present: the last one is the decimal separator and occurs once, the
   other groups thousands: ``1.234,50`` (Danish) and ``1,234.50`` (English) are unambiguous.
4. The same separator twice or more can only group thousands: ``1.234.567``, ``1,234,567``.
5. One separator followed by exactly three digits, after 1-3 digits not starting with 0
   (``1.234``, ``12,345``): it could group thousands or mark decimals → **ambiguous**, except
   for ``int`` and ``year``, where the decimal reading is not a whole number, and for an
   amount written with a currency (``DKK 1.234``, ``1.234 kr.``, ``kr. 1.234,-``), since
   kroner have at most two decimals (øre): there the only reading is thousands (1234, with a
   warning). A bare ``1.234`` or ``-1.234`` in an amount cell stays ambiguous: nothing in the
   text says which convention the writer used.
6. Any other single separator is a decimal separator: ``1234,5``, ``0,250``, ``1.5``,
   ``1234.50``. ``1.5`` for an amount is 1.5 (a Danish thousands group needs 3 digits), read
   with a warning that shows 1,5, so a slip is seen.
7. ``%`` at the end is allowed for rates only (``25 %`` → 0.25, ``12,5 %`` → 0.125).
8. Exponents (``1E3``), words, several numbers, a separator at the start or end: invalid.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from somxl.base.vocab import LANGS, YEARS

KINDS = ("amount", "number", "int", "year", "rate")
YEAR_MIN, YEAR_MAX = YEARS

# The reason of a Parsed → the issue code to report (reasons without a code need no issue).
REASON_CODES = {
    "text_number": "R001",
    "thousands_or_decimal": "R002",
    "not_a_number": "R003",
    "boolean": "R003",
    "not_finite": "R003",
    "formula_without_value": "R004",
    "error_value": "R005",
    "rate_percent_likely": "R006",
    "not_integer": "R007",
    "year_range": "R008",
    "percent_not_allowed": "R009",
    "date": "R010",
}

# What R003 asks for, by kind: a rate told to look like 1234,50 is typed as 1234,50 next time.
_WANTED = {
    "amount": ("et tal, fx 1234,50", "a number, e.g. 1234,50 (Danish) or 1234.50"),
    "number": ("et tal, fx 1234,50", "a number, e.g. 1234,50 (Danish) or 1234.50"),
    "int": ("et helt tal, fx 120", "a whole number, e.g. 120"),
    "year": ("årstallet med fire cifre, fx 2025", "the year with four digits, e.g. 2025"),
    "rate": ("en andel som procent eller brøk, fx 25 % eller 0,25",
             "a rate as a percentage or a fraction, e.g. 25 % or 0.25"),
}

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\t": " "})
_MINUS = ("-", "\u2212", "\u2013")
_CURRENCY_PREFIX = re.compile(r"^(?:kr\.?|dkk)\s*", re.IGNORECASE)
_CURRENCY_SUFFIX = re.compile(r"\s*(?:kr\.?|dkk)$", re.IGNORECASE)
_FLOAT_MAX = Decimal(sys.float_info.max)
_BODY = re.compile(r"[0-9](?:[0-9., ]*[0-9])?")


@dataclass(frozen=True)
class Parsed:
    """The result of reading one value. See the module docstring for statuses and reasons."""

    value: int | float | None
    status: str
    reason: str
    raw: Any = None
    kind: str = "number"
    readings: tuple[float, ...] = ()  # the two readings of an ambiguous text
    extra: dict[str, Any] = field(default_factory=dict)  # e.g. the formula of R004

    @property
    def usable(self) -> bool:
        """A value was read (ok, converted or suspect)."""
        return self.value is not None

    @property
    def suggested(self) -> float | None:
        """For a suspect rate: the fraction it probably means."""
        return self.value / 100 if self.status == "suspect" and self.value is not None else None

    @property
    def code(self) -> str | None:
        return REASON_CODES.get(self.reason)

    @property
    def params(self) -> dict[str, Any]:
        p: dict[str, Any] = dict(self.extra)
        if self.reason == "text_number" and self.value is not None:
            p["read_da"], p["read_en"] = (_shown(self.value, self.kind, lang) for lang in LANGS)
        elif self.reason == "thousands_or_decimal":
            a, b = self.readings
            p.update(a_da=fmt_number(a, "da"), b_da=fmt_number(b, "da"),
                     a_en=fmt_number(a, "en"), b_en=fmt_number(b, "en"))
        elif REASON_CODES.get(self.reason) == "R003":
            p["wanted_da"], p["wanted_en"] = _WANTED[self.kind]
        elif self.reason == "rate_percent_likely" and self.value is not None:
            for lang in LANGS:
                p[f"pct_{lang}"] = fmt_percent(self.value / 100, lang)
                p[f"fraction_{lang}"] = fmt_number(self.value / 100, lang)
        return p


def parse_number(raw: Any, kind: str = "number") -> Parsed:
    """Read ``raw`` (a cell value) as a number of ``kind``; never raises on any value."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Parsed(None, "empty", "empty", raw, kind)
    if isinstance(raw, bool):
        return Parsed(None, "invalid", "boolean", raw, kind)
    if isinstance(raw, (int, float)):
        if isinstance(raw, float) and not math.isfinite(raw):  # (an int is finite, however long)
            return Parsed(None, "invalid", "not_finite", raw, kind)
        return _check_kind(Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw),
                           raw, kind, text=False, percent=False)
    if not isinstance(raw, str):
        return Parsed(None, "invalid", "not_a_number", raw, kind)
    return _parse_text(raw, kind)


def read_cell(cell: Any, kind: str = "number") -> Parsed:
    """Read a ``somxl.base.xlsxread.Cell`` (or None for an absent cell) as a number of ``kind``.

    On top of ``parse_number``: a formula without a cached value is R004 (never 0), an Excel
    error value is R005, and a date-formatted number is R010 unless ``kind`` is ``year``."""
    if cell is None:
        return parse_number(None, kind)
    if cell.formula is not None and not cell.has_cached_value:
        return Parsed(None, "invalid", "formula_without_value", None, kind,
                      extra={"formula": "=" + cell.formula})
    if cell.kind == "error":
        return Parsed(None, "invalid", "error_value", cell.value, kind)
    if cell.kind == "date" and kind != "year":
        return Parsed(None, "invalid", "date", cell.value, kind)
    return parse_number(cell.value, kind)


def _parse_text(raw: str, kind: str) -> Parsed:
    s = raw.translate(_SPACES).strip()
    money = kind in ("amount", "number")

    def invalid(reason: str = "not_a_number") -> Parsed:
        return Parsed(None, "invalid", reason, raw, kind)

    percent = s.endswith("%")
    if percent:
        if kind != "rate":
            return invalid("percent_not_allowed")
        s = s[:-1].rstrip()
    negative = currency = False
    if money and s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    for _ in range(2):  # a sign and a currency, in either order: "kr. -5", "-5 kr."
        if s.startswith(_MINUS + ("+",)):
            if negative and s[0] in _MINUS or s[1:2] in _MINUS + ("+",):
                return invalid()
            negative, s = negative or s[0] in _MINUS, s[1:].lstrip()
        if money:
            stripped = _CURRENCY_SUFFIX.sub("", _CURRENCY_PREFIX.sub("", s, count=1), count=1)
            if stripped != s:
                s, currency = stripped, True
    if money and s.endswith((",-", ",--")):  # Danish "1.234,-": whole kroner
        s, currency = s.rstrip("-")[:-1], True
    if not _BODY.fullmatch(s):
        return invalid()
    readings = _readings(s)
    if readings is None:
        return invalid()
    if len(readings) == 2:
        if kind in ("int", "year") or currency:
            readings = readings[:1]  # whole numbers, or kroner with at most 2 decimals (øre)
        else:
            sign = -1 if negative else 1
            return Parsed(None, "ambiguous", "thousands_or_decimal", raw, kind,
                          readings=tuple(float(sign * r) for r in readings))
    value = readings[0]
    if percent:
        value = value / 100
    return _check_kind(-value if negative else value, raw, kind, text=True, percent=percent)


def _readings(body: str) -> list[Decimal] | None:
    """The possible values of an unsigned digit string with separators (rules 2-6), or None."""
    if " " in body:
        head, sep, frac = _split_decimal(body.replace(" ", "_"), "_")
        return _grouped(head, "_", frac) if sep is not None else None
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        dec = "," if body.rfind(",") > body.rfind(".") else "."
        thousands = "." if dec == "," else ","
        head, _, frac = body.rpartition(dec)
        if body.count(dec) != 1:
            return None
        return _grouped(head, thousands, frac)
    sep = "." if dots else "," if commas else ""
    if not sep:
        return [Decimal(body)]
    if body.count(sep) > 1:
        return _grouped(body, sep, "")
    head, _, tail = body.partition(sep)
    decimal_reading = Decimal(f"{head}.{tail}")
    if len(tail) == 3 and len(head) <= 3 and not head.startswith("0"):
        return [Decimal(head + tail), decimal_reading]
    return [decimal_reading]


def _split_decimal(body: str, thousands: str) -> tuple[str, str | None, str]:
    """Split off a decimal part after space-grouped thousands (either ',' or '.')."""
    marks = [c for c in body if c in ".,"]
    if not marks:
        return body, "", ""
    if len(marks) > 1:
        return body, None, ""
    head, _, frac = body.partition(marks[0])
    return head, marks[0], frac


def _grouped(head: str, sep: str, frac: str) -> list[Decimal] | None:
    groups = head.split(sep)
    if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
        return None
    if frac and not frac.isdigit():
        return None
    return [Decimal("".join(groups) + ("." + frac if frac else ""))]


def _check_kind(value: Decimal, raw: Any, kind: str, *, text: bool, percent: bool) -> Parsed:
    status, reason = ("converted", "text_number") if text else ("ok", "number")
    if abs(value) > _FLOAT_MAX:  # 400 typed nines: as a float that would be infinity
        return Parsed(None, "invalid", "not_finite", raw, kind)
    if kind in ("int", "year"):
        if value != value.to_integral_value():
            return Parsed(None, "invalid", "not_integer", raw, kind)
        number: int | float = int(value)
        if kind == "year" and not YEAR_MIN <= number <= YEAR_MAX:
            return Parsed(None, "invalid", "year_range", raw, kind)
    else:
        number = float(value)
    if kind == "rate" and not percent and number > 1:
        return Parsed(number, "suspect", "rate_percent_likely", raw, kind)
    return Parsed(number, status, reason, raw, kind)


def fmt_number(value: float, lang: str = "da") -> str:
    """A number without thousands separators, with a decimal comma in Danish: 1234,5."""
    try:
        text = format(Decimal(repr(float(value))).normalize(), "f")
    except (InvalidOperation, ValueError, OverflowError):
        return str(value)
    return text.replace(".", ",") if lang == "da" else text


def counted(n: int, one: str, many: str) -> str:
    """A count with its noun in singular or plural: counted(1, "advarsel", "advarsler") is
    '1 advarsel', counted(0, ...) '0 advarsler' (Danish and English both use the plural for 0)."""
    return f"{n} {one if n == 1 else many}"


def fmt_percent(fraction: float, lang: str = "da") -> str:
    """0.125 → '12,5 %' (Danish, with a space) or '12.5%' (English)."""
    number = fmt_number(round(fraction * 100, 10), lang)
    return f"{number} %" if lang == "da" else f"{number}%"


def _shown(value: float, kind: str, lang: str) -> str:
    if kind == "rate":
        return f"{fmt_number(value, lang)} ({fmt_percent(value, lang)})"
    return fmt_number(value, lang)


_DANISH_SEPARATORS = str.maketrans(",.", ".,")


def local_separators(text: str, lang: str = "da") -> str:
    """A number written with English separators ('1,234.5') as ``lang`` writes it: '1.234,5' in
    Danish."""
    return text if lang == "en" else text.translate(_DANISH_SEPARATORS)


def fmt_kroner(value: float | None, lang: str = "da") -> str:
    """Whole kroner with thousands separators: 1.234.567 (Danish) or 1,234,567 (English)."""
    if value is None:
        return "-"
    # Half away from zero, as Excel's ROUND does (Python's round() goes to even).
    whole = int(abs(value) + 0.5) * (1 if value >= 0 else -1)
    return local_separators(f"{whole:,}", lang)


def fmt_input(value: float, kind: str, lang: str = "da", decimals: int = 0) -> str:
    """A number as an input cell of ``kind`` shows it (the template's number formats), every digit
    kept so that two values that differ never print alike: a rate as a percentage ('60 %', '60%'),
    an amount with thousands separators and at least ``decimals`` decimals ('38.300', '1.250,50'),
    a year or whole number as written ('2026'), any other number in the language's decimal form."""
    if kind == "rate":
        return fmt_percent(value, lang)
    if kind in ("int", "year") and float(value).is_integer():
        return str(int(value))
    if kind != "amount":
        return fmt_number(value, lang)
    text = fmt_number(abs(value), "en")
    head, _, frac = text.partition(".")
    if not head.isdigit():  # not finite: as fmt_number writes it
        return fmt_number(value, lang)
    frac = frac.ljust(decimals, "0")
    grouped = f"{'-' if value < 0 else ''}{int(head):,}" + (f".{frac}" if frac else "")
    return local_separators(grouped, lang)


def fmt_decimal(value: float | None, lang: str = "da", digits: int = 2) -> str:
    """A decimal number with a decimal comma in Danish: 2,25."""
    if value is None:
        return "-"
    text = f"{value:,.{digits}f}"
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")

