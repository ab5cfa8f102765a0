"""validate_file: one workbook holding one of every defect, asserted in one line; the stamp
checks; load_input; parallel validation with spawn workers and the time limit."""

from __future__ import annotations

import multiprocessing
import os

import pytest

from readback import edit, sample
from somxl.workbook_in import read as read_mod
from somxl.model.case import save_case, parse_case
from somxl.workbook_in.pool import validate_many
from somxl.workbook_in.validate import load_input, validate_file
from xlsx_build import edit_copy


@pytest.fixture(scope="module")
def base(filled_book):
    return filled_book


def test_a_filled_workbook_is_valid_without_issues(base):
    v = validate_file(base[0])
    assert v.report.issues == []
    assert v.case is not None and v.report.valid


def test_every_defect_in_one_workbook(base, tmp_path):
    src, layout = base
    path = edit(src, tmp_path / "defects.xlsx", layout, {
        "answers.1.9.answer": None, "answers.1.9.status": None,           # R026 unanswered question
        "intervention.completion_rate": 80,                               # V003 bare 80 in a rate cell
        "participants[1].starting": "tyve",                               # R003 not a number
        "costs[0].item": None,                                            # C005 required cell blank
        "costs[1].amount": "1.234,50",                                    # R001 text number, accepted
        "costs[2].amount": "1.234",                                       # R002 ambiguous
        "costs[3].year": 2040,                                            # V008 outside the period
        "effect.rate_with": "=0.1+0.02",                                  # R004 formula, no cached value
        "consequences[0].kind": "måske",                                  # R016 not in the closed list
        "consequences[0].uncertainty_high": None,                         # R018 half a range
        "consequences[0].changes[2]": None,                               # R017 blank counted as 0
        "consequences[1].prices.region": -5,                              # V002 negative price
        "consequences[2].name": "Somatiske skadestuebesøg",               # V010 duplicate name
        "assumptions[0].date": "i morgen",                                # V018 not a date
        "meta.submission_id": "ANDEN-KOPI",                               # R025 submission id changed
    })
    report = validate_file(path).report
    assert report.flatten(["sheet", "cell", "code"]) == [
        ["1 Indsats", "C14", "R026"],
        ["1 Indsats", "C21", "V003"],
        ["2 Målgruppe", "C29", "R003"],
        ["3 Omkostninger", "B23", "C005"],
        ["3 Omkostninger", "G24", "R001"],
        ["3 Omkostninger", "G25", "R002"],
        ["3 Omkostninger", "F26", "V008"],
        ["4 Effekt", "C15", "R004"],
        ["5 Konsekvenser", "E18", "R016"],
        ["5 Konsekvenser", "T18", "R018"],
        ["5 Konsekvenser", "W18", "R017"],
        ["5 Konsekvenser", "H19", "V002"],
        ["5 Konsekvenser", "B21", "V010"],
        ["Antagelser", "I6", "V018"],
        ["Metadata", "B11", "R025"],
    ]
    assert not report.valid


def test_messages_name_the_cell_the_value_and_the_field(base, tmp_path):
    src, layout = base
    path = edit(src, tmp_path / "t.xlsx", layout, {"costs[1].amount": "1.234,50", "costs[2].amount": "1.234"})
    r001, r002 = validate_file(path).report.issues
    assert r001.text("da") == ("ark '3 Omkostninger', celle G24, «Beløb (kr.), linje 2»: Tallet er skrevet som "
                               "tekst: «1.234,50» er læst som 1234,5. Tjek, at det er læst rigtigt, og skriv "
                               "tallet som et tal.")
    assert r002.text("en") == ("sheet '3 Omkostninger', cell G25, «Beløb (kr.), linje 3»: «1.234» can be read "
                               "both as 1234 and as 1.234; the separator may mark thousands or decimals. Enter "
                               "the number without a thousands separator: 1234 or 1.234.")


def test_warnings_alone_are_valid_unless_strict(base, tmp_path):
    src, layout = base
    path = edit(src, tmp_path / "w.xlsx", layout, {"costs[1].amount": "1.234,50"})
    assert validate_file(path).report.valid
    v = validate_file(path, strict=True)
    assert not v.report.valid and v.report.strict


def test_newer_and_older_template_versions(base, tmp_path, monkeypatch):
    src, _ = base

    def with_version(name: str, version: int):
        return edit_copy(src, tmp_path / name, {}, replace={
            "docProps/custom.xml": ('<vt:i4>1</vt:i4>', f'<vt:i4>{version}</vt:i4>'),
        })

    newer = edit(with_version("v2.xlsx", 2), tmp_path / "v2b.xlsx", base[1], {("Metadata", "B3"): 2})
    issue = validate_file(newer).report.issues[0]
    assert (issue.code, issue.value) == ("R021", 2)
    assert "version 1 only" in issue.message("en")
    older = edit(with_version("v0.xlsx", 0), tmp_path / "v0b.xlsx", base[1], {("Metadata", "B3"): 0})
    assert [i.code for i in validate_file(older).report.issues] == ["R023"]
    monkeypatch.setitem(read_mod.TEMPLATE_MIGRATIONS, 0, lambda case: {**case, "meta": {**case["meta"], "title": "migreret"}})
    v = validate_file(older)
    assert [i.code for i in v.report.issues] == ["R022"]
    assert v.case.meta.title == "migreret"


def test_a_workbook_without_stamp_is_read_with_a_warning(base, tmp_path):
    src, layout = base
    path = edit(src, tmp_path / "nostamp.xlsx", layout, {("Metadata", "A2"): None, ("Metadata", "B2"): None},
                fn=lambda wb: wb.custom_doc_props.__init__())
    assert [i.code for i in validate_file(path).report.issues] == ["R019"]


def test_load_input_decides_by_content(base, tmp_path):
    src, _ = base
    case, report = load_input(src)
    assert case is not None and report.issues == []
    json_named_xlsx = tmp_path / "case.xlsx"
    c, _ = parse_case(sample())
    save_case(c, json_named_xlsx)
    case2, report2 = load_input(json_named_xlsx)
    assert case2 == case and report2.issues == []
    text = tmp_path / "notes.json"
    text.write_text("hej", encoding="utf-8")
    none, report3 = load_input(text)
    assert none is None and [i.code for i in report3.issues] == ["F009"]


def test_parallel_validation_with_spawn_and_a_time_limit(base, tmp_path):
    src, _ = base
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(src.read_bytes()[:5000])
    ctx = multiprocessing.get_context("spawn")
    results = validate_many([src, broken], context=ctx, timeout=60)
    assert [(r.report.file, r.report.valid, [i.code for i in r.report.issues]) for r in results] == [
        (str(src), True, []), (str(broken), False, ["F005"])]
    slow = validate_many([src], context=ctx, timeout=0.001)
    assert [i.text("en") for i in slow[0].report.issues] == [
        "The file was not read within the time limit of 0.001 seconds. Check that it is the right file, "
        "or give a longer limit with --timeout."]


def _misbehaving_worker(monkeypatch, name: str, misbehave):
    """A fork context whose workers run ``misbehave()`` on a file called ``name`` and validate
    every other file as usual (fork, not spawn, so the worker inherits the patch)."""
    import somxl.workbook_in.pool as pool_module

    real = pool_module.validate_file

    def patched(path, **kw):
        if str(path).endswith(name):
            misbehave()
        return real(path, **kw)

    monkeypatch.setattr(pool_module, "validate_file", patched)
    return multiprocessing.get_context("fork")


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to patch the worker")
def test_a_file_that_hangs_is_stopped_and_its_worker_replaced(base, monkeypatch):
    # fork (not spawn) so the worker inherits a validate_file that never returns for one file
    import time as time_module

    src, _ = base
    ctx = _misbehaving_worker(monkeypatch, "hangs.xlsx", lambda: time_module.sleep(3600))
    results = validate_many([src.parent / "hangs.xlsx", src, src], context=ctx, timeout=3, workers=1)
    assert [[i.code for i in r.report.issues] for r in results] == [["R027"], [], []]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="needs fork to patch the worker")
def test_files_queued_on_a_worker_that_dies_go_to_a_new_one_in_order(base, monkeypatch):
    # each worker holds the next file while it works on one: when it dies, that file is not lost
    src, _ = base
    ctx = _misbehaving_worker(monkeypatch, "dies.xlsx", lambda: os._exit(3))
    paths = [src, src.parent / "dies.xlsx", src, src.parent / "dies.xlsx", src, src]
    results = validate_many(paths, context=ctx, timeout=60, workers=1)
    assert [r.report.file for r in results] == [str(p) for p in paths]
    assert [[i.code for i in r.report.issues] for r in results] == [[], ["internal"], [], ["internal"], [], []]


def test_the_catalogues_names_stand_in_for_the_catalogue(base, tmp_path):
    # collect sends its workers validate.catalog_names(), not the catalogue: the same warnings
    from somxl.model.catalog import load_catalog
    from somxl.workbook_in.validate import catalog_names

    src, layout = base
    path = edit(src, tmp_path / "v015.xlsx", layout, {"consequences[0].domain": "Ikke i nogen liste"})
    got = [[(i.code, i.path) for i in validate_file(path, catalog=c).report.issues]
           for c in (None, load_catalog(), catalog_names(), catalog_names(load_catalog()))]
    assert got == [[("V015", "consequences[0].domain")]] * 4


def test_the_list_sheet_is_read_only_when_the_workbooks_own_lists_can_matter(base, tmp_path, monkeypatch):
    # every open-list value in the catalogue and the match assessed: the list sheet is never read
    from somxl.base.xlsxread import XlsxBook

    src, layout = base
    asked: list[str] = []
    cells = XlsxBook.cells
    monkeypatch.setattr(XlsxBook, "cells", lambda self, sheet: asked.append(sheet) or cells(self, sheet))
    assert validate_file(src).report.issues == [] and "Lister" not in asked
    # a value the catalogue lacks (V015 unless the workbook's own list offered it), a match not
    # assessed (W007 asks the workbook's register-based list): read, and what they say is reported
    outside = edit(src, tmp_path / "outside.xlsx", layout, {"consequences[0].domain": "Ikke i nogen liste"})
    unassessed = edit(src, tmp_path / "unassessed.xlsx", layout, {"target_group.match.status": None})
    for path, code in ((outside, "V015"), (unassessed, "W007")):
        asked.clear()
        assert [i.code for i in validate_file(path).report.issues] == [code] and "Lister" in asked


def test_a_damaged_list_sheet_is_refused_when_it_is_read(base, tmp_path):
    # a sheet not read is not checked: the list sheet is read (and its damage found) only when
    # the workbook's own lists can change the report
    from somxl.base.xlsxread import open_workbook

    src, layout = base
    unassessed = edit(src, tmp_path / "unassessed.xlsx", layout, {"target_group.match.status": None})
    got = []
    for path in (src, unassessed):
        part = open_workbook(path).sheet("Lister").part
        damaged = edit_copy(path, tmp_path / f"damaged-{path.name}", {},
                            replace={part: ("</sheetData>", "<row></sheetData>")})
        got.append([i.code for i in validate_file(damaged).report.issues])
    assert got == [[], ["F017"]]


def test_workers_start_before_the_setup_and_stop_quietly_when_it_fails(capfd):
    # run_many starts its workers, then makes setup's arguments while they start up; a setup
    # that raises leaves no worker behind and no traceback from one on stderr
    import multiprocessing as mp

    from somxl.workbook_in.pool import run_many

    seen = []

    def setup():
        seen.append(len(mp.active_children()))
        raise RuntimeError("no catalogue")

    with pytest.raises(RuntimeError):
        list(run_many(["a.xlsx", "b.xlsx"], validate_file, setup=setup))
    assert seen == [2] and mp.active_children() == []
    assert "Traceback" not in capfd.readouterr().err


def test_setup_arguments_reach_the_task(base):
    from somxl.workbook_in.pool import run_many

    got = [r for _, r in run_many([base, base], validate_file, setup=lambda: {"strict": True})]
    assert [r.report.strict for r in got] == [True, True]
