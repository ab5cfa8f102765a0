"""The generated input workbook: names, protection, validations, stamp, languages, filling."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils.cell import range_boundaries

from somxl import __version__
from somxl.cli import cli
from somxl.base.errors import InputError, OutputError
from somxl.workbooks_out.generate import NewOptions, write_input_workbook
from somxl.model.spec import Text, load_spec

SPEC = load_spec()


def canonical_case() -> dict:
    """A small canonical case (every key present, as case-format.md and case_to_dict give it)."""
    return {
        "schema": "somxl/case@1",
        "meta": {"title": "Housing First, Eksempel Kommune", "organisation": "Eksempel Kommune",
                 "department": "Socialforvaltningen", "author": "A. Økonom", "submission_id": "2026-HF-07"},
        "settings": {"start_year": 2026, "horizon_years": 4, "price_year": 2026, "discount_rate": 0.035,
                     "price_index": {"2024": 100.0, "2026": 104.1}},
        "intervention": {"name": "=Housing First", "description": "Bolig først.\nDerefter støtte.",
                         "duration_years": 1, "completion_rate": 0.9},
        "target_group": {"name": "Voksne i hjemløshed", "success_measure": "Ikke længere på herberg"},
        "participants": [{"year": 2026, "starting": 10}, {"year": 2027, "starting": 12}],
        "effect": {"success_rate": 0.5, "rate_with": None, "rate_without": None, "source": "FAQ"},
        "costs": [{"item": "Drift", "category": "drift", "payer": "kommune", "committee": None,
                   "year": 2026, "amount": 1000, "per_participant": False, "price_year": 2026}],
        "replaced_costs": [{"item": "Gammel støtte", "category": None, "payer": "stat", "committee": "Socialudvalget",
                            "year": 2027, "amount": 250.5, "per_participant": True, "price_year": None}],
        "consequences": [
            {"name": "Kontakt til sygesikring (0-17 år)", "domain": "Sundhed", "unit": "kontakter",
             "kind": "expense", "committee": None, "prices": {"kommune": 100, "region": 0, "stat": 50},
             "price_year": 2026, "changes": [-2, -1, 0], "source": "refud.dk"},
            {"name": "Skat", "domain": "Skat af indkomst", "unit": "kr.", "kind": "revenue", "committee": None,
             "prices": {"kommune": 0.25, "region": 0, "stat": 0.12}, "price_year": None,
             "changes": [1000.0], "source": None},
        ],
        "uncertainty": {"draws": 10000, "seed": 1, "success_rate": [0.3, 0.6], "costs": [0.9, 1.25],
                        "consequences": {"Skat": [0.5, 1.5]}},
        "optimism_bias": {"gains": 0.1, "costs": 0.0},
        "answers": {"1.1": {"answer": "En bestemt indsats", "status": "answered", "source": None},
                    "5.6": {"answer": None, "status": "missing", "source": "SØM"}},
        "assumptions": [{"id": "A1", "step": 4, "text": "Effekten holder", "value": "10 %", "source": "FAQ",
                         "confidence": "medium", "owner": "A. Økonom", "date": "2026-11-01"}],
    }


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> tuple[Path, object]:
    path = tmp_path_factory.mktemp("blank") / "blank.xlsx"
    layout = write_input_workbook(path, options=NewOptions(contact="Ida, tlf. 1234", deadline="1. marts",
                                                           recipient="Jobcenter", submission_id="S-1"))
    return path, layout


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    out = {}
    for lang in ("da", "en"):
        path = tmp_path_factory.mktemp("filled") / f"filled_{lang}.xlsx"
        out[lang] = (path, write_input_workbook(path, lang=lang, case=canonical_case()))
    return out


def destinations(wb, name):
    dn = wb.defined_names[name]
    (sheet, rng), = list(dn.destinations)
    return wb[sheet], rng.replace("$", "")


def cells(ws, rng):
    c1, r1, c2, r2 = range_boundaries(rng)
    return [ws.cell(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def test_every_input_has_a_workbook_level_name_on_unlocked_cells(blank):
    path, layout = blank
    wb = openpyxl.load_workbook(path)
    for name, what in SPEC.input_names().items():
        ws, rng = destinations(wb, name)
        assert (ws.title, layout.names[name][1].replace("$", "")) == (layout.names[name][0], rng)
        locked = [c.coordinate for c in cells(ws, rng) if c.protection.locked]
        if what == "field:meta.submission_id":
            assert ws.title == "Metadata" and locked  # set by the sender, not an input
        elif not what.startswith("table:"):  # a body also spans the locked hint columns

            assert not locked, (name, locked)
    # every cell of a table's body is an input cell except the catalogue hints
    n_hint = sum(not c.is_input for c in SPEC.tables_by_path["consequences"].columns)
    ws, rng = destinations(wb, "Tabel_Konsekvenser")
    assert sum(c.protection.locked for c in cells(ws, rng)) == n_hint * 50


def test_every_input_cell_has_a_validation_and_lists_are_named(blank):
    path, _ = blank
    wb = openpyxl.load_workbook(path)
    list_names = {li.name for li in SPEC.lists}
    for name in list_names:
        ws, rng = destinations(wb, name)
        assert ws.title == "Lister"
    for name, what in SPEC.input_names().items():
        if what.startswith("table:") or what == "field:meta.submission_id":
            continue
        ws, rng = destinations(wb, name)
        for cell in cells(ws, rng)[:3]:
            found = [dv for dv in ws.data_validations.dataValidation if cell.coordinate in dv.sqref]
            assert len(found) == 1, (name, cell.coordinate)
            dv = found[0]
            assert dv.showInputMessage and dv.prompt and dv.error, name
            if dv.type == "list":
                assert dv.formula1 in list_names
                closed = SPEC.lists_by_key[next(li.key for li in SPEC.lists if li.name == dv.formula1)].closed
                assert (dv.errorStyle or "stop") == ("stop" if closed else "warning"), name
    rate = [dv for dv in wb["4 Effekt"].data_validations.dataValidation if dv.type == "decimal"]
    assert {(dv.formula1, dv.formula2) for dv in rate} == {("0", "1")}


def test_sheets_protected_hidden_and_ordered(blank):
    path, _ = blank
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [s.name("da") for s in SPEC.sheets]
    assert all(ws.protection.sheet and not ws.protection.password for ws in wb.worksheets)
    assert [ws.sheet_state for ws in wb.worksheets][-2:] == ["hidden", "veryHidden"]
    ws = wb["5 Konsekvenser"]
    assert ws.freeze_panes == "C2" and ws.page_setup.orientation == "landscape"
    # printed across pages at a readable scale, never squeezed to one page width
    assert ws.page_setup.paperSize == 9 and not ws.sheet_properties.pageSetUpPr.fitToPage
    assert 60 <= int(ws.page_setup.scale) <= 100 and ws.print_title_cols == "$A:$B"


def test_metadata_stamp_and_custom_properties(blank):
    path, layout = blank
    wb = openpyxl.load_workbook(path)
    ws = wb["Metadata"]
    stamp = {r[0]: r[1] for r in ws.iter_rows(min_row=2, max_col=2, values_only=True) if r[0]}
    assert {k: stamp[k] for k in ("template_id", "template_version", "spec_hash", "lang", "somxl_version",
                                  "recipient", "meta.submission_id")} == {
        "template_id": "som-input", "template_version": 1, "spec_hash": SPEC.hash, "lang": "da",
        "somxl_version": __version__, "recipient": "Jobcenter", "meta.submission_id": "S-1"}
    assert dt.datetime.fromisoformat(stamp["created"])
    # the layout table lists every defined name with its sheet and range
    rows = {r[0]: (r[1], r[2]) for r in ws.iter_rows(values_only=True) if r[0] and r[2]}
    assert {n: rows[n] for n in layout.names} == layout.names
    props = {p.name: p.value for p in wb.custom_doc_props.props}
    assert (props["somxl_spec_hash"], props["somxl_template_version"], props["somxl_submission_id"]) == (
        SPEC.hash, 1, "S-1")


def _all_texts(path: Path, skip_meta: bool = False) -> list[str]:
    """Every text a user can see or a label can be; the hidden list sheet holds catalogue data."""
    wb = openpyxl.load_workbook(path)
    out = [ws.title for ws in wb.worksheets]
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden" or (skip_meta and ws.sheet_state == "veryHidden"):
            continue
        out += [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        for dv in ws.data_validations.dataValidation:
            out += [dv.prompt or "", dv.promptTitle or "", dv.error or "", dv.errorTitle or ""]
    return out


def _spec_texts() -> list[Text]:
    texts = [s.name for s in SPEC.sheets] + [s.title for s in SPEC.sheets if s.title]
    texts += [s.intro for s in SPEC.sheets if s.intro] + [q.text for q in SPEC.questions]
    for f in SPEC.fields:
        texts += [f.label, f.help] + ([f.unit] if f.unit else [])
    for t in SPEC.tables:
        texts += [t.label, t.help]
        for c in t.columns:
            texts += [c.label] + ([c.help] if c.help else [])
    for li in SPEC.lists:
        texts += [Text(i.da, i.en) for i in li.items]
    return texts


def test_english_workbook_has_no_danish_left(tmp_path: Path):
    path = tmp_path / "en.xlsx"
    write_input_workbook(path, lang="en")
    texts = _all_texts(path)
    # SØM is a proper name; everything else English must be free of æ, ø, å
    danish = [s for s in texts if re.search("[æøåÆØÅ]", s.replace("SØM", ""))]
    assert danish == []
    shown = set(texts) | {s.removesuffix(" *") for s in texts}
    leftover = [t.da for t in _spec_texts() if t.da != t.en and t.da in shown]
    assert leftover == []


def test_danish_workbook_has_no_english_labels(blank):
    path, _ = blank
    texts = _all_texts(path, skip_meta=True)
    shown = set(texts) | {s.removesuffix(" *") for s in texts}
    leftover = [t.en for t in _spec_texts() if t.da != t.en and t.en in shown]
    assert leftover == []
    assert {"Vejledning", "Hvor mange borgere er i målgruppen?", "Betaler"} <= shown


def _at(path: Path, ref):
    return openpyxl.load_workbook(path)[ref.sheet].cell(ref.row + 1, ref.col + 1)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_filled_case_lands_where_the_layout_says(filled, lang):
    path, layout = filled[lang]
    wb = openpyxl.load_workbook(path)
    case = canonical_case()

    def cell(ref):
        return wb[ref.sheet].cell(ref.row + 1, ref.col + 1)

    f = layout.fields
    assert cell(f["effect.success_rate"]).value == 0.5
    assert cell(f["effect.success_rate"]).number_format == "0.0%"
    assert cell(f["settings.discount_rate"]).value == 0.035
    assert cell(f["effect.rate_with"]).value is None
    assert cell(f["uncertainty.costs[1]"]).value == 1.25
    assert cell(f["meta.author"]).value == "A. Økonom"
    assert cell(f["meta.submission_id"]).value == "2026-HF-07"
    assert cell(f["intervention.description"]).value == case["intervention"]["description"]
    for path_ in ("settings.start_year", "intervention.duration_years", "uncertainty.draws"):
        section, key = path_.split(".")
        assert cell(f[path_]).value == case[section][key]

    def row(table: str, i: int) -> dict:
        tl = layout.tables[table]
        ws = wb[tl.sheet]
        return {k: [ws.cell(tl.first_row + i + 1, c + 1).value for c in cols] for k, cols in tl.columns.items()}

    words = {"da": ("kommune", "Nej", "udgift", "indtægt", "besvaret", "mangler viden", "middel", "Ja", "stat"),
             "en": ("municipality", "No", "expense", "revenue", "answered", "missing knowledge", "medium", "Yes",
                    "state")}[lang]
    cost = row("costs", 0)
    assert [cost[k][0] for k in ("item", "category", "payer", "year", "amount", "per_participant", "price_year")] == [
        "Drift", "drift", words[0], 2026, 1000, words[1], 2026]
    replaced = row("replaced_costs", 0)
    assert [replaced[k][0] for k in ("category", "committee", "per_participant", "payer", "price_year")] == [
        None, "Socialudvalget", words[7], words[8], None]
    cons = row("consequences", 0)
    assert cons["changes"][:4] == [-2, -1, 0, None] and len(cons["changes"]) == 50
    assert [cons[k][0] for k in ("kind", "prices.kommune", "prices.stat", "uncertainty_low")] == [
        words[2], 100, 50, None]
    # the hint shows the catalogue's price, written with its value
    assert [cons[k][0].startswith("=IF(") for k in ("catalog_kommune", "catalog_region")] == [True, True]
    skat = row("consequences", 1)
    assert [skat[k][0] for k in ("kind", "uncertainty_low", "uncertainty_high", "source")] == [
        words[3], 0.5, 1.5, None]
    assert row("consequences", 2)["name"] == [None]
    assert row("participants", 1) == {"year": [2027], "starting": [12]}
    assert row("settings.price_index", 1) == {"year": [2026], "index": [104.1]}
    a = row("assumptions", 0)
    assert [a[k][0] for k in ("id", "step", "value", "confidence", "date")] == [
        "A1", 4, "10 %", words[6], dt.datetime(2026, 11, 1)]
    q = layout.questions
    assert [cell(q["1.1"][p]).value for p in ("answer", "status", "source")] == ["En bestemt indsats", words[4], None]
    assert [cell(q["5.6"][p]).value for p in ("answer", "status", "source")] == [None, words[5], "SØM"]


def test_text_starting_with_equals_stays_a_string(filled):
    path, layout = filled["da"]
    ref = layout.fields["intervention.name"]
    sheet_index = [s.key for s in SPEC.sheets].index("step1") + 1
    xml = zipfile.ZipFile(path).read(f"xl/worksheets/sheet{sheet_index}.xml").decode()
    cell_xml = re.search(rf'<c r="{ref.a1}"[^>]*?(/>|>.*?</c>)', xml).group(0)
    assert 't="s"' in cell_xml and "<f>" not in cell_xml
    assert _at(path, ref).value == "=Housing First"


def test_cached_hint_values(filled):
    path, layout = filled["da"]
    tl = layout.tables["consequences"]
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[tl.sheet]
    hints = [ws.cell(tl.first_row + 1, tl.columns[k][0] + 1).value
             for k in ("catalog_kommune", "catalog_region", "catalog_stat", "catalog_price_year")]
    assert hints == [110, 352, 0, 2022]


def test_prefilled_settings_are_locked_and_bound_years(tmp_path: Path):
    path = tmp_path / "s.xlsx"
    settings = {"start_year": 2026, "horizon_years": 4, "price_index": {"2026": 100}}
    layout = write_input_workbook(path, options=NewOptions(settings=settings, organisation="Aarhus Kommune"))
    wb = openpyxl.load_workbook(path)
    start = layout.fields["settings.start_year"]
    assert (_at(path, start).value, _at(path, start).protection.locked) == (2026, True)
    price_year = layout.fields["settings.price_year"]
    assert (_at(path, price_year).value, _at(path, price_year).protection.locked) == (None, False)
    org = layout.fields["meta.organisation"]
    assert (_at(path, org).value, _at(path, org).protection.locked) == ("Aarhus Kommune", False)
    ws, rng = destinations(wb, "Prisindeks_Aar")
    assert [c.protection.locked for c in cells(ws, rng)] == [True] * 50
    ws, rng = destinations(wb, "Deltagere_Aar")
    dv = next(dv for dv in ws.data_validations.dataValidation if rng.split(":")[0] in dv.sqref)
    assert (dv.type, dv.formula1, dv.formula2) == ("whole", "2026", "2029")


def test_password_and_refusals(tmp_path: Path):
    path = tmp_path / "p.xlsx"
    write_input_workbook(path, options=NewOptions(password="hemmelig"))
    assert all(ws.protection.password for ws in openpyxl.load_workbook(path).worksheets)
    with pytest.raises(OutputError):
        write_input_workbook(path)
    write_input_workbook(path, options=NewOptions(force=True))
    with pytest.raises(InputError):
        write_input_workbook(tmp_path / "x.xlsx", options=NewOptions(settings={"horizon": 3}))
    big = canonical_case()  # tables grow to fit their rows, but a consequence has 50 year columns
    big["consequences"][0]["changes"] = [-1.0] * 51
    with pytest.raises(InputError):
        write_input_workbook(tmp_path / "big.xlsx", case=big)
    assert not (tmp_path / "big.xlsx").exists() and len(list(tmp_path.iterdir())) == 1


def test_cli_new(tmp_path: Path):
    settings = tmp_path / "s.json"
    settings.write_text('{"start_year": 2026, "horizon_years": 10, "price_year": 2026, "discount_rate": 0.0}')
    out = tmp_path / "ny.xlsx"
    runner = CliRunner()
    result = runner.invoke(cli, ["new", str(out), "--lang", "en", "--settings", str(settings),
                                 "--organisation", "Odense Kommune", "--deadline", "2026-03-01"])
    assert (result.exit_code, result.output.strip()) == (0, f"Wrote {out}")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Guide", "1 Intervention"]
    result = runner.invoke(cli, ["new", str(out)])
    assert result.exit_code == 2 and "findes allerede" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("start_year: 1800\n")
    result = runner.invoke(cli, ["new", str(tmp_path / "y.xlsx"), "--settings", str(bad), "--lang", "en"])
    assert result.exit_code == 2 and "start_year must be a whole number from 1990 to 2100" in result.output


def test_user_catalogue_feeds_lists_and_hints(tmp_path: Path):
    from somxl.model.catalog import load_catalog

    cat_file = tmp_path / "k.csv"
    cat_file.write_text("type;name;domain;unit;kind;price_kommune;price_region;price_stat;price_year\n"
                        "konsekvens;Egen konsekvens;Sundhed;dage;udgift;10;20;30;2025\n", encoding="utf-8")
    path = tmp_path / "c.xlsx"
    write_input_workbook(path, catalog=load_catalog(cat_file))
    wb = openpyxl.load_workbook(path)
    ws, rng = destinations(wb, "Liste_Konsekvens")
    names = [c.value for c in cells(ws, rng)]
    i = names.index("Egen konsekvens")
    prices = [cells(*destinations(wb, n))[i].value for n in
              ("Katalog_PrisKommune", "Katalog_PrisRegion", "Katalog_PrisStat", "Katalog_Prisaar")]
    assert prices == [10, 20, 30, 2025]


def test_libreoffice_opens_and_recalculates(filled, soffice, tmp_path: Path):
    from somxl.recalc import convert

    path, layout = filled["en"]
    out, = convert([path], tmp_path / "lo", recalc=True)
    wb = openpyxl.load_workbook(out, data_only=True)
    assert wb.sheetnames == [s.name("en") for s in SPEC.sheets]
    tl = layout.tables["consequences"]
    ws = wb[tl.sheet]
    row = [ws.cell(tl.first_row + 1, tl.columns[k][0] + 1).value
           for k in ("catalog_kommune", "catalog_region", "catalog_stat", "catalog_price_year")]
    assert row == [110, 352, 0, 2022]
    # an unknown name gives an empty hint, not an error value
    assert ws.cell(tl.first_row + 2, tl.columns["catalog_kommune"][0] + 1).value in (None, "")


@pytest.mark.parametrize("sample", sorted((Path(__file__).parent.parent / "samples").glob("*.json")),
                         ids=lambda p: p.stem)
def test_every_sample_case_fills(tmp_path: Path, sample: Path):
    from somxl.model.case import case_to_dict, load_case

    case = case_to_dict(load_case(sample))
    path = tmp_path / "s.xlsx"
    layout = write_input_workbook(path, case=case)
    wb = openpyxl.load_workbook(path)
    tl = layout.tables["consequences"]
    ws = wb[tl.sheet]
    for i, c in enumerate(case["consequences"]):
        got = [ws.cell(tl.first_row + i + 1, col + 1).value for col in tl.columns["changes"]]
        assert got[:len(c["changes"])] == c["changes"] and set(got[len(c["changes"]):]) == {None}
        assert ws.cell(tl.first_row + i + 1, tl.columns["name"][0] + 1).value == c["name"]
