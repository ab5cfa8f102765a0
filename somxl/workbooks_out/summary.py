"""The summary sheet (Sammenfatning / Summary): the first sheet of the result workbook, one
printed A4 page for the committee.

It says what the calculation is (intervention, target group, who sent it, when it was
calculated, template version, validation status, price year, horizon, the discount rate used),
what it found (present values per payer, break-even year, return per krone, the needed
(break-even) success rate, the cumulative chart), how much of it rests on missing knowledge (question
statuses per step, assumptions by confidence, sources of the effect and the consequence lines,
the lines with low confidence or no source by name), what moves it most, and SØM's own
caveats.

Every figure is a live formula over the Beregning sheet or the input cells (by their defined
names), written with the engine's value (or the case's count) as its cached result, like the
Resultat sheet. Texts that list lines follow the lines the workbook was made with; the order
of the five largest contributions is the engine's and does not follow an edit."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from xlsxwriter.utility import xl_rowcol_to_cell

from somxl.model.engine import ROWS
from somxl.workbooks_out.formulas import PV_COL, YEAR_COL
from somxl.base.report import say
from somxl.model.spec import load_spec
from somxl.base.vocab import NEEDED_RATE, PAYER_LABELS
from somxl.workbooks_out.xlsxout import SUBTITLE, chart_rows, fit_row, quote_sheet, set_widths

WIDTHS = (26, 13, 13, 13, 11, 11, 11)  # columns A-G; B-D hold "omkostninger" of a heading in bold
# Headings of the 11-wide figure columns, broken where a typesetter would: a bold word longer than
# the column would otherwise be broken anywhere ("Nettoomkos/tninger"), by LibreOffice and Excel alike.
NET_COSTS = ("Netto-\nomkostninger", "Net costs")
NET_RESULT = ("Netto-\nresultat", "Net result")
MAX_FORMULA = 7500  # Excel's limit is 8192 characters; listing formulas stop short of it
STATUS_KEYS = ("answered", "partly", "missing", "not_relevant")
MATCH_QUESTION = "2.5"  # "Er målgruppen en af SØM's målgrupper, eller definerer I den selv?"
MATCH_SHOWN = 300  # characters of its answer on the page
CONFIDENCE_KEYS = ("high", "medium", "low")
# SØM's own words about what a result is and is not, with where they are said (see
# docs/results.md): the FAQ "Om SØM" (social.dk/tvaergaaende/soem/om-soem/faq), Socialstyrelsen's
# page on advice about SØM ("validerer ikke indholdet i konkrete SØM-beregninger") and the guide
# "Hvad skal du vide for at lave en god SØM-beregning" (contact and support, 2021).
CAVEATS = (
    ("SØM er et budgetøkonomisk skøn over de offentlige udgifter og indtægter (kommune, region og stat). "
     "Det er ikke et budget.",
     "SØM is a budget-economic estimate of public spending and revenue (municipality, region and state). "
     "It is not a budget."),
    ("SØM kan ikke stå alene: en indsats kan lykkes for borgerne og alligevel give et negativt budgetresultat. "
     "Borgernes progression og livskvalitet skal vejes med.",
     "SØM cannot stand alone: an intervention can succeed for the citizens and still give a negative budget "
     "result. The citizens' progression and quality of life must be weighed too."),
    ("Beregningens indhold er ikke valideret af Social- og Boligstyrelsen. Forudsætningerne står i projektmappen "
     "og er beregnerens ansvar.",
     "The calculation's content is not validated by Social- og Boligstyrelsen (the Danish social services "
     "board). Its assumptions are in the workbook, and whoever made it answers for them."),
    ("SØM's vejledning og support: socialstyrelsen.dk/tvaergaende-omrader/socialstyrelsens-viden/"
     "som-og-okonomiske-analyser/som og SOM-support@socialstyrelsen.dk.",
     "SØM's guidance and support (in Danish): socialstyrelsen.dk/tvaergaende-omrader/socialstyrelsens-viden/"
     "som-og-okonomiske-analyser/som and SOM-support@socialstyrelsen.dk."),
)


def _q(text: str) -> str:
    """A text inside a formula's string literal; a line break as CHAR(10), not a raw newline."""
    return text.replace('"', '""').replace("\n", '"&CHAR(10)&"')


def _is(expr: str, list_key: str, code: str) -> str:
    """True when a closed-list cell shows ``code`` in either language (or as the code)."""
    item = next(i for i in load_spec().lists_by_key[list_key].items if i.code == code)
    return "OR(" + ",".join(f'TRIM({expr})="{_q(t)}"' for t in sorted({item.da, item.en, str(item.code)})) + ")"


def _count_is(rng: str, list_key: str, code: str) -> str:
    """How many cells of a range show ``code`` (SUMPRODUCT, so no array entry is needed)."""
    item = next(i for i in load_spec().lists_by_key[list_key].items if i.code == code)
    terms = "+".join(f'(TRIM({rng})="{_q(t)}")' for t in sorted({item.da, item.en, str(item.code)}))
    return f"SUMPRODUCT(--(({terms})>0))"


def _blank(expr: str) -> str:
    return f"LEN(TRIM({expr}))=0"


def _listing(terms: list[tuple[str, str]], count_cell: str, none_text: str) -> str:
    """A formula listing the items whose condition holds, separated by ", " ("none" when the
    count cell is 0): MID(IF(c1,", "&x1,"")&IF(c2,", "&x2,"")...,3,…)."""
    parts: list[str] = []
    size = 0
    for cond, item in terms:
        part = f'IF({cond},", "&{item},"")'
        if size + len(part) > MAX_FORMULA:
            break
        parts.append(part)
        size += len(part)
    joined = "&".join(parts) or '""'
    return f'IF({count_cell}=0,"{_q(none_text)}",MID({joined},3,4000))'


class SummarySheet:
    """Writes the summary sheet. ``book`` is results._ResultBook: its workbook (wb), formats
    (fmt), formula writer (f), language (tx), case, result (r), calculation refs (calc), input
    layout (layout), sheet names (names), warnings and the cumulative chart."""

    def __init__(self, book: Any, ws: Any) -> None:
        self.b, self.ws = book, ws
        self.tx, self.fmt, self.case, self.r = book.tx, book.fmt, book.case, book.r
        self.c = book.calc.cells
        self.row = 0
        self.heights: dict[int, float] = {}
        self.none = self.tx("ingen", "none")

    # --- helpers -----------------------------------------------------------------------
    def height(self, row: int, points: float) -> None:
        self.ws.set_row(row, points)
        self.heights[row] = points

    def f(self, row: int, col: int, formula: str, value: Any, kind: str = "kr", **extra: Any) -> None:
        self.b.f(self.ws, row, col, formula, value, kind, **extra)

    def fit(self, row: int, c1: int, c2: int, text: str, size: int = 11) -> None:
        """Make the row tall enough for ``text`` wrapped over columns c1..c2."""
        self.heights[row] = max(self.heights.get(row, 15.0),
                                fit_row(self.ws, row, [(text, sum(WIDTHS[c1:c2 + 1]), size)]))

    def merged(self, row: int, c1: int, c2: int, text: str, fmt: Any) -> None:
        self.ws.merge_range(row, c1, row, c2, text, fmt)
        self.fit(row, c1, c2, text)

    def merged_formula(self, row: int, c1: int, c2: int, formula: str, value: Any, kind: str, **extra: Any) -> None:
        """A formula in a merged range (XlsxWriter: merge blank, then write the first cell)."""
        fmt = self.fmt(kind, **extra)
        self.ws.merge_range(row, c1, row, c2, "", fmt)
        self.f(row, c1, formula, value, kind, **extra)
        self.fit(row, c1, c2, str(value))

    def section(self, da: str, en: str) -> None:
        self.ws.write_string(self.row, 0, self.tx(da, en), self.fmt("label", **SUBTITLE))
        self.height(self.row, 18)
        self.row += 1

    def label(self, row: int, col: int, da: str, en: str, **extra: Any) -> None:
        self.ws.write_string(row, col, self.tx(da, en), self.fmt("label", **extra))

    def head(self, row: int, texts: list[tuple[str, str]], first: int = 0) -> None:
        for j, (da, en) in enumerate(texts):
            self.ws.write_string(row, first + j, self.tx(da, en), self.fmt("head"))

    # --- the sheet ---------------------------------------------------------------------
    def write(self) -> float:
        """Write the sheet; return the height of its content in points (for the page setup)."""
        set_widths(self.ws, WIDTHS)
        self._identity()
        self._key_figures()
        self._chart()
        self._knowledge()
        self._drivers()
        self._caveats()
        self.last_row = self.row - 1
        return sum(self.heights.get(r, 15.0) for r in range(self.row))

    def _identity(self) -> None:
        ws, case, tx = self.ws, self.case, self.tx
        ws.write_string(0, 0, tx("Sammenfatning: ", "Summary: ") + (case.meta.title or case.intervention.name),
                        self.fmt("title"))
        self.height(0, 21)
        ws.write_string(1, 0, f"{case.intervention.name} · {tx('målgruppe', 'target group')}: {case.target_group.name}",
                        self.fmt("label", bold=True))
        who = [(tx("Organisation", "Organisation"), case.meta.organisation),
               (tx("Afdeling", "Department"), case.meta.department),
               (tx("Indsendelses-id", "Submission id"), case.meta.submission_id)]
        ws.write_string(2, 0, " · ".join(f"{k}: {v or '-'}" for k, v in who), self.fmt("label"))
        self.row = 4
        self.section("Om beregningen", "About the calculation")
        spec = load_spec()
        n_warn = len(self.b.warnings)
        status = tx(f"gyldig: 0 fejl, {n_warn} {'advarsel' if n_warn == 1 else 'advarsler'}",
                    f"valid: 0 errors, {n_warn} {'warning' if n_warn == 1 else 'warnings'}")
        calc = self.b.calc
        first, last = calc.ref(calc.year_row, YEAR_COL), calc.ref(calc.year_row, YEAR_COL + self.b.T - 1)
        years = tx("år", "years")
        r, row = self.r, self.row
        self.label(row, 0, "Beregnet", "Calculated")
        ws.write_datetime(row, 1, dt.datetime.combine(dt.date.today(), dt.time()), self.fmt("label", num_format="yyyy-mm-dd",
                                                                                           align="left"))
        # the right-hand labels span D:E (Diskonteringsrente, Nødvendig succesrate), their values are in F
        self.label(row, 3, "Skabelon", "Template")
        ws.write_string(row, 5, f"{spec.id} version {spec.version}", self.fmt("label"))
        row += 1
        self.label(row, 0, "Validering", "Validation")
        ws.write_string(row, 1, status, self.fmt("label"))
        self.label(row, 3, "Prisår", "Price year")
        self.f(row, 5, "Indst_Prisaar", case.settings.price_year, "year", align="left")
        row += 1
        self.label(row, 0, "Horisont", "Horizon")
        self.f(row, 1, f'{first}&"–"&{last}&" ("&({last}-{first}+1)&" {years})"',
               f"{int(r.years[0])}–{int(r.years[-1])} ({self.b.T} {years})", "text")
        self.label(row, 3, "Diskonteringsrente", "Discount rate")
        self.f(row, 5, "Indst_Diskonteringsrente", case.settings.discount_rate, "rate", align="left")
        row += 1
        self.label(row, 0, "Succesrate brugt", "Success rate used")
        self.f(row, 1, self.c["success_rate"], r.success_rate, "rate", align="left")
        self.label(row, 3, *NEEDED_RATE)
        self.f(row, 5, f'IF(ISNUMBER({self.c["break_even_success_rate"]}),{self.c["break_even_success_rate"]},'
                       f'"{_q(tx("ingen gevinster", "no gains"))}")',
               r.break_even_success_rate if r.break_even_success_rate is not None else tx("ingen gevinster", "no gains"),
               "rate", align="left")
        row += 1
        summary = r.summary()
        for col, (key, da, en) in ((0, ("participants", "Deltagere", "Participants")),
                                   (3, ("successes", "Succeser", "Successes"))):
            self.label(row, col, da, en)
            self.f(row, col + 1 + (col > 0), self.c[key], summary[key], self.b.count_kind(summary[key]), align="left")
        self.row = row + 2

    def _key_figures(self) -> None:
        r, c, tx = self.r, self.c, self.tx
        self.section("Nøgletal (nutidsværdier i kr.)", "Key figures (present values in DKK)")
        head = self.row
        self.head(head, [("Betaler", "Payer"), ("Gevinster", "Gains"), NET_COSTS, NET_RESULT])
        self.ws.merge_range(head, 4, head, 5, tx("Tilbagebetalingsår", "Break-even year"), self.fmt("head"))
        self.ws.write_string(head, 6, tx("Afkast pr. krone", "Return per krone"), self.fmt("head"))
        self.height(head, 30)
        summary = r.summary()
        not_back = tx("betaler sig ikke hjem inden for horisonten", "does not pay back within the horizon")
        no_amounts = tx("ingen beløb for denne betaler", "no amounts for this payer")
        no_costs = tx("ingen netto-\nomkostninger", "no net costs")  # broken as the heading is
        for a, payer in enumerate(ROWS):
            row, bold = head + 1 + a, payer == "total"
            # top-aligned, level with the wrapped "betaler sig ikke hjem ..." beside them
            self.ws.write_string(row, 0, tx(*PAYER_LABELS[payer]).capitalize(),
                                 self.fmt("label", bold=bold, valign="top"))
            for j, key in enumerate(("pv_gains", "pv_net_costs", "pv_net")):
                self.f(row, 1 + j, c[f"{key}.{payer}"], summary[key][payer], "kr", bold=bold, valign="top")
            active, be = c[f"has_amounts.{payer}"], c[f"break_even_year.{payer}"]
            why = f'IF({active},"{_q(not_back)}","{_q(no_amounts)}")'
            has = bool(abs(r.gains[a]).sum() + abs(r.costs[a]).sum() + abs(r.replaced_costs[a]).sum() > 0)
            year = summary["break_even_year"][payer]
            self.merged_formula(row, 4, 5, f"IF(ISNUMBER({be}),{be},{why})",
                                year if year is not None else (not_back if has else no_amounts), "year",
                                bold=bold, align="left", text_wrap=True, valign="top")
            rk = c[f"return_per_krone.{payer}"]
            ratio = summary["return_per_krone"][payer]
            self.f(row, 6, f'IF(ISNUMBER({rk}),{rk},IF({active},"{_q(no_costs)}","{_q(no_amounts)}"))',
                   ratio if ratio is not None else (no_costs if has else no_amounts), "ratio",
                   bold=bold, text_wrap=True, valign="top")
            if ratio is None:
                self.fit(row, 6, 6, no_costs if has else no_amounts)
        self.row = head + 5
        self.merged(self.row, 0, 6, tx(
            "Tilbagebetalingsår: det første år, hvorefter det kumulerede (diskonterede) nettoresultat holder sig på "
            "0 eller derover. Afkast pr. krone: gevinster pr. krone i nettoomkostninger. Nødvendig succesrate: den "
            "succesrate, hvor nettoresultatet i alt lige bliver 0 (indsatsen betaler sig netop hjem).",
            "Break-even year: the first year after which the cumulative (discounted) net result stays at 0 or "
            "above. Return per krone: gains per krone of net costs. Break-even success rate: the success rate at "
            "which the total net result is exactly 0."), self.fmt("note", text_wrap=True, valign="top"))
        self.row += 2

    def _chart(self) -> None:
        chart = self.b.cumulative_chart(width=660, height=220)
        self.ws.insert_chart(self.row, 0, chart, {"x_offset": 2, "y_offset": 2})
        self.row += chart_rows(220)

    # --- knowledge ---------------------------------------------------------------------
    def _knowledge(self) -> None:
        """What the calculation rests on: the questions' statuses per step, the assumptions by
        confidence, the sources, and listings of what is missing, all live over the inputs."""
        self.section("Hvad beregningen bygger på", "What the calculation rests on")
        row, missing = self._question_counts(self.row)
        row, low_count, nosource_count = self._assumption_counts(row)
        row = self._sources(row, missing, low_count, nosource_count)
        self._target_group_match(row)
        self.row = row + 2

    def _question_counts(self, head: int) -> tuple[int, tuple[str, list, list[str]]]:
        """A row per step counting its questions by status, and a total row, from ``head``.
        Returns the row after them and the missing-knowledge listing (count cell, terms, ids)."""
        tx, case, spec, layout = self.tx, self.case, load_spec(), self.b.layout
        self.head(head, [("Spørgsmål pr. trin", "Questions per step"), ("Besvaret", "Answered"),
                         ("Delvist", "Partly"), ("Mangler viden", "Missing knowledge"),
                         ("Ikke relevant", "Not relevant"), ("Ikke udfyldt", "Not filled in"), ("I alt", "Total")])
        self.height(head, 30)
        row = head + 1
        missing_terms: list[tuple[str, str]] = []
        missing_ids: list[str] = []
        for step in range(1, 6):
            questions = spec.questions_of(step)
            refs = [layout.questions[q.id]["status"] for q in questions]
            rows = [ref.row for ref in refs]
            # one range per step: the generator writes a step's questions in consecutive rows
            assert rows == list(range(rows[0], rows[0] + len(rows))) and len({ref.col for ref in refs}) == 1
            sheet = quote_sheet(refs[0].sheet)
            col = refs[0].col
            rng = f"{sheet}!{xl_rowcol_to_cell(rows[0], col, True, True)}:{xl_rowcol_to_cell(rows[-1], col, True, True)}"
            statuses = [(case.answers.get(q.id).status if case.answers.get(q.id) else None) for q in questions]
            self.ws.write_string(row, 0, spec.sheet_name(f"step{step}", self.b.lang), self.fmt("label"))
            for j, key in enumerate(STATUS_KEYS):
                self.f(row, 1 + j, _count_is(rng, "status", key), statuses.count(key), "int")
            self.f(row, 5, f"SUMPRODUCT(--(LEN(TRIM({rng}))=0))", statuses.count(None), "int")
            self.f(row, 6, f"ROWS({rng})", len(questions), "int")
            for q, status in zip(questions, statuses):
                name = q.names["status"]
                missing_terms.append((_is(name, "status", "missing"), f'"{_q(q.id)}"'))
                if status == "missing":
                    missing_ids.append(q.id)
            row += 1
        missing_count = f"D{row + 1}"
        self.ws.write_string(row, 0, tx("Alle trin", "All steps"), self.fmt("label", bold=True))
        every = self._all_statuses()
        totals = [every.count(key) for key in (*STATUS_KEYS, None)] + [len(every)]
        for col, total in enumerate(totals, start=1):
            letter = "ABCDEFG"[col]
            self.f(row, col, f"SUM({letter}{head + 2}:{letter}{row})", total, "int", bold=True)
        return row + 2, (missing_count, missing_terms, missing_ids)

    def _assumption_counts(self, row: int) -> tuple[int, str, str]:
        """The assumptions by confidence, and those without a source, from ``row``. Returns the
        row after them and the cells counting the low-confidence ones and those without a source."""
        tx, case = self.tx, self.case
        a_head = row
        self.head(a_head, [("Antagelser efter sikkerhed", "Assumptions by confidence"), ("Høj", "High"),
                           ("Middel", "Medium"), ("Lav", "Low"), ("Ikke angivet", "Not stated"),
                           ("Uden kilde", "No source"), ("I alt", "Total")])
        self.height(a_head, 30)
        row += 1
        confidences = [a.confidence for a in case.assumptions]
        has_id = "(LEN(TRIM(Antag_ID))>0)"
        self.ws.write_string(row, 0, tx("Antal i logbogen", "Number in the log"), self.fmt("label"))
        for j, key in enumerate(CONFIDENCE_KEYS):
            self.f(row, 1 + j, _count_is("Antag_Sikkerhed", "confidence", key), confidences.count(key), "int")
        self.f(row, 4, f"SUMPRODUCT({has_id}*(LEN(TRIM(Antag_Sikkerhed))=0))", confidences.count(None), "int")
        self.f(row, 5, f"SUMPRODUCT({has_id}*(LEN(TRIM(Antag_Kilde))=0))",
               sum(1 for a in case.assumptions if not a.source), "int")
        self.f(row, 6, f"SUMPRODUCT(--{has_id})", len(case.assumptions), "int")
        return row + 2, f"D{row + 1}", f"F{row + 1}"

    def _sources(self, row: int, missing: tuple[str, list, list[str]], low_count: str, nosource_count: str) -> int:
        """Whether the effect has a source, how many consequences have one, and the listings of
        what lacks a source, has low confidence or misses knowledge; returns the row after them."""
        tx, case = self.tx, self.case
        missing_count, missing_terms, missing_ids = missing
        n = len(case.consequences)
        with_source = sum(1 for k in case.consequences if k.source)
        self.label(row, 0, "Kilde til effekten", "Source of the effect")
        self.f(row, 1, f'IF({_blank("Effekt_Kilde")},"{_q(tx("mangler", "missing"))}","{_q(tx("ja", "yes"))}")',
               tx("ja", "yes") if case.effect.source else tx("mangler", "missing"), "text")
        self.label(row, 3, "Konsekvenser med kilde", "Consequences with a source")
        has_name = "(LEN(TRIM(Kons_Navn))>0)"
        self.f(row, 5, f"SUMPRODUCT({has_name}*(LEN(TRIM(Kons_Kilde))>0))", with_source, "int", align="right")
        # "af 4": the word is the number's format, so the count stays a number next to the label
        self.f(row, 6, f"SUMPRODUCT(--{has_name})", n, "int", align="left",
               num_format=f'"{tx("af", "of")} "0')
        nosrc_cons = f"(G{row + 1}-F{row + 1})"
        row += 1
        lists = [
            (("Konsekvenser uden kilde", "Consequences without a source"), nosrc_cons,
             [(_blank(f"INDEX(Kons_Kilde,{k + 1})"), f"INDEX(Kons_Navn,{k + 1})") for k in range(n)],
             [k.name for k in case.consequences if not k.source]),
            (("Antagelser med lav sikkerhed", "Assumptions with low confidence"), low_count,
             [(_is(f"INDEX(Antag_Sikkerhed,{i + 1})", "confidence", "low"), f"INDEX(Antag_ID,{i + 1})")
              for i in range(len(case.assumptions))],
             [a.id for a in case.assumptions if a.confidence == "low"]),
            (("Antagelser uden kilde", "Assumptions without a source"), nosource_count,
             [(_blank(f"INDEX(Antag_Kilde,{i + 1})"), f"INDEX(Antag_ID,{i + 1})") for i in range(len(case.assumptions))],
             [a.id for a in case.assumptions if not a.source]),
            (("Spørgsmål, der mangler viden", "Questions missing knowledge"), missing_count,
             missing_terms, missing_ids),
        ]
        for (da, en), count, terms, items in lists:
            self.label(row, 0, da, en)
            text = ", ".join(items) or self.none
            self.merged_formula(row, 1, 6, _listing(terms, count, self.none), text, "text",
                                text_wrap=True, valign="top")
            row += 1
        return row

    def _all_statuses(self) -> list[str | None]:
        spec = load_spec()
        out = []
        for step in range(1, 6):
            for q in spec.questions_of(step):
                a = self.case.answers.get(q.id)
                out.append(a.status if a else None)
        return out

    def _target_group_match(self, row: int) -> None:
        """How well the target group matches SØM's: the case's match assessment (status and
        text, step 2) when it has one, else the answer to the question that asks it
        (MATCH_QUESTION, "Er målgruppen en af SØM's målgrupper ...?") and its status; live, the
        text cut to MATCH_SHOWN characters so the page stays one page."""
        tx = self.tx
        match = self.case.target_group.match
        if match is not None and (match.status or match.text):
            items = {i.code: i for i in load_spec().lists_by_key["match"].items}
            status = items[match.status].text(self.b.lang) if match.status in items else ""
            text = (match.text or "")[:MATCH_SHOWN]
            trimmed = re.sub(" +", " ", (match.text or "").strip(" "))  # as Excel's TRIM
            self.label(row, 0, "Match med SØM", "Match with SØM", valign="top")  # beside its text
            # the status before the text, unless the text opens with it ("Delvis: vores målgruppe ..."
            # read "delvis: Delvis: vores målgruppe ...")
            formula = (f'IF(LEN(TRIM(Maalgruppe_MatchTekst))=0,Maalgruppe_Match&"",'
                       f'IF(LOWER(LEFT(TRIM(Maalgruppe_MatchTekst),LEN(Maalgruppe_Match)))=LOWER(Maalgruppe_Match),'
                       f'LEFT(Maalgruppe_MatchTekst,{MATCH_SHOWN}),'
                       f'Maalgruppe_Match&": "&LEFT(Maalgruppe_MatchTekst,{MATCH_SHOWN})))')
            shown = (status if not trimmed else text if trimmed[:len(status)].lower() == status.lower()
                     else f"{status}: {text}")
            self.merged_formula(row, 1, 6, formula, shown, "text", text_wrap=True, valign="top")
            return
        q = next(q for q in load_spec().questions if q.id == MATCH_QUESTION)
        answer = self.case.answers.get(q.id)
        text, status = (answer.answer or "", answer.status) if answer else ("", None)
        unanswered = tx("(ikke besvaret)", "(not answered)")
        self.label(row, 0, f"Match med SØM ({q.id})", f"Match with SØM ({q.id})", valign="top")
        name = q.names["answer"]
        self.merged_formula(row, 1, 6, f'IF(LEN(TRIM({name}))=0,"{_q(unanswered)}",LEFT({name},{MATCH_SHOWN}))',
                            text.strip() and text[:MATCH_SHOWN] or unanswered, "text", text_wrap=True, valign="top")
        status_items = {i.code: i for i in load_spec().lists_by_key["status"].items}
        shown = status_items[status].text(self.b.lang) if status in status_items else ""
        self.ws.write_string(row + 1, 0, tx("Status", "Status"), self.fmt("label"))
        self.f(row + 1, 1, q.names["status"] + '&""', shown, "text")

    # --- what moves the result most, caveats ------------------------------------------
    def _drivers(self) -> None:
        tx, r, calc = self.tx, self.r, self.b.calc
        self.section("Det, resultatet hviler mest på", "What the result rests on most")
        tornado = r.sensitivity.get("consequences", [])[:5]
        if not tornado:
            self.ws.write_string(self.row, 0, say("B012", self.b.lang), self.fmt("note"))
            self.row += 2
            return
        head = self.row
        self.ws.merge_range(head, 0, head, 2, tx("Konsekvens (største bidrag først)",
                                                 "Consequence (largest contribution first)"), self.fmt("head"))
        self.ws.write_string(head, 3, tx("Bidrag, i alt", "Contribution, total"), self.fmt("head"))
        self.ws.merge_range(head, 4, head, 6, tx("Antagelser, der nævner den", "Assumptions naming it"),
                            self.fmt("head"))
        self.height(head, 30)
        order = self.b.tornado_order()
        row = head + 1
        for k, e in zip(order, tornado):
            self.merged(row, 0, 2, e["name"], self.fmt("label", text_wrap=True, valign="top"))
            self.f(row, 3, calc.ref(calc.gains_rows[k]["total"], PV_COL), e["contribution"]["total"], "kr",
                   valign="top")
            ids = [a.id for a in self.case.assumptions
                   if e["name"].casefold() in f"{a.text} {a.value or ''}".casefold()]
            self.merged(row, 4, 6, ", ".join(ids) or "-", self.fmt("label", text_wrap=True, valign="top", indent=1))
            row += 1
        self.merged(row, 0, 6, tx(
            "Bidrag: nutidsværdien af konsekvensens gevinster (uden den ville nettoresultatet være så meget mindre). "
            "Rækkefølgen er fra beregningen; se arket Følsomhed.",
            "Contribution: the present value of the consequence's gains (without it the net result would be that "
            "much smaller). The order is the calculation's; see the Sensitivity sheet."),
            self.fmt("note", text_wrap=True, valign="top"))
        self.row = row + 2

    def _caveats(self) -> None:
        self.section("Sådan skal resultatet læses (SØM's egne forbehold)", "How to read the result (SØM's own caveats)")
        para = self.fmt("label", text_wrap=True, valign="top")
        for da, en in CAVEATS:
            text = "• " + self.tx(da, en)
            self.merged(self.row, 0, 6, text, para)
            self.row += 1


__all__ = ["SummarySheet", "CAVEATS"]
