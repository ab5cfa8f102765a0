"""The one vocabulary: the words every stage uses for the same things, defined once here and
imported everywhere else (``duplicates`` shows no second copy).

- ``PAYERS``: who pays or gains in SØM (the case's codes, in the order every table shows
  them); ``PAYER_ROWS`` adds the ``total`` of the result tables.
- ``PAYER_LABELS``: a payer (or ``total``) as a person reads it, ``(Danish, English)`` in
  lower case as inside a sentence ("Gevinst, kommune"); a heading capitalises it.
- ``NEEDED_RATE``: the break-even success rate's label, (Danish, English).
- ``SEVERITIES``, ``SEVERITY_LABELS`` and ``_PLURALS``: an issue's severity and its word, lower case; the
  terminal report shouts it (``FEJL``), a sheet capitalises it (``Fejl``).
- ``YEARS``: the calendar years a case may hold (start year, price year, a year of a line, of
  the price index), the reader's ``year`` numbers and the catalogue's price years alike.
- ``ISSUE_HEADINGS``: the columns of an issue table, in the terminal and on a sheet.
- ``LANGS``: the languages somxl speaks (Danish first, the default).
- ``pick(lang, da, en)``: the one way to choose the Danish or English text (``texts`` picks a
  whole table of them; a class holding a language binds it once as ``tx``).

Contract: plain constants and one function, no imports from somxl; a shared module every
stage may import."""

from __future__ import annotations

from typing import TypeVar

T = TypeVar("T")

LANGS = ("da", "en")

PAYERS = ("kommune", "region", "stat")
TOTAL = "total"
PAYER_ROWS = (*PAYERS, TOTAL)
PAYER_LABELS = {"kommune": ("kommune", "municipality"), "region": ("region", "region"),
                "stat": ("stat", "state"), TOTAL: ("i alt", "total")}

# The break-even success rate (docs/method.md, rule 11) as a Danish committee reads it: the success
# rate the intervention needs to pay for itself within the horizon, as "tilbagebetalingsår" names
# the break-even year. "Break-even-succesrate" was an anglicism in the Danish output.
NEEDED_RATE = ("Nødvendig succesrate", "Break-even success rate")

SEVERITIES = ("error", "warning", "info")
SEVERITY_LABELS = {"error": ("fejl", "error"), "warning": ("advarsel", "warning"), "info": ("info", "info")}
SEVERITY_PLURALS = {"error": ("fejl", "errors"), "warning": ("advarsler", "warnings"), "info": ("info", "info")}
# The columns of an issue table, wherever one is shown (terminal, Validering sheet).
ISSUE_HEADINGS = (("Niveau", "Severity"), ("Kode", "Code"), ("Ark", "Sheet"), ("Celle", "Cell"),
                  ("Felt", "Field"), ("Besked", "Message"))

# One range for every year somxl reads, decided once: 1990-2100. A SØM case is about an
# intervention run from now on, priced in a recent year: nothing before 1990 or after 2100 is a
# real start, price or line year (the horizon is at most 50 years), while two digits (26 for
# 2026) or one too many (20266) fall outside. The reader's wider 1900-2200 of before only let
# the same mistake through to the case check with a second message; one range, one message.
# The template spec's year fields carry 1990 and 2100 as data (spec.py refuses any other).
YEARS = (1990, 2100)


def pick(lang: str, da: T, en: T) -> T:
    """The Danish or English text (or table of texts) for ``lang``: Danish for anything but
    ``"en"``, so a missing or unknown language reads as the default."""
    return en if lang == "en" else da


def texts(table: dict[str, tuple[str, str]], lang: str) -> dict[str, str]:
    """A table of key → (Danish, English) in one language, each text picked by ``pick``."""
    return {key: pick(lang, *pair) for key, pair in table.items()}
