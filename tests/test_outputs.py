"""Outputs never replace inputs, distribute writes all copies or none, and files people can open
(issue 8, points 3, 7 and 8). Every run is the CLI in a subprocess; inputs are hashed before and
after."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from hostile import digests, no_crash, somxl, unchanged
from readback import fill


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Two returned workbooks in a folder, as collect finds them."""
    d = tmp_path_factory.mktemp("svar")
    fill(d / "Jobcenter.xlsx")
    fill(d / "Ældre.xlsx", submission_id="SOM-2")
    return d


def files_in(d: Path) -> list[Path]:
    return sorted(p for p in d.rglob("*") if p.is_file())


# --- point 3: no output replaces an input of the same run -----------------------------------------

def test_collect_onto_a_departments_answer_is_refused_with_force(folder):
    inputs = files_in(folder)
    run = unchanged(inputs, "collect", folder, "-o", folder / "Jobcenter.xlsx", "--force", "--lang", "en")
    assert run.code == 2 and "is one of the input files" in run.err


def test_collect_onto_a_symlink_to_an_answer_is_refused(folder, tmp_path):
    if not hasattr(os, "symlink"):
        pytest.skip("no symbolic links")
    link = tmp_path / "oversigt.xlsx"
    link.symlink_to(folder / "Ældre.xlsx")
    run = unchanged(files_in(folder), "collect", folder, "-o", link, "--force", "--lang", "en")
    assert run.code == 2 and "is one of the input files" in run.err
    hard = tmp_path / "hard.xlsx"
    os.link(folder / "Ældre.xlsx", hard)
    run = unchanged(files_in(folder), "collect", folder, "-o", hard, "--force", "--lang", "en")
    assert run.code == 2 and "is one of the input files" in run.err


def test_an_earlier_overview_in_the_folder_is_replaced_not_collected(folder, tmp_path):
    d = tmp_path / "svar"
    d.mkdir()
    for p in files_in(folder):
        (d / p.name).write_bytes(p.read_bytes())
    answers = files_in(d)
    assert unchanged(answers, "collect", d, "-o", d / "oversigt.xlsx", "--json", d / "oversigt.json").code == 0
    run = unchanged(answers, "collect", d, "-o", d / "oversigt.xlsx", "--json", d / "oversigt.json", "--force")
    assert run.code == 0 and "2 filer: 2 gyldige" in run.out


@pytest.mark.parametrize("target", ["catalog", "manifest"])
def test_json_onto_the_catalogue_or_the_manifest_is_refused(folder, tmp_path, target):
    cat = tmp_path / "katalog.csv"
    cat.write_text("type;name\nmålgruppe;Unge\n", encoding="utf-8")
    man = tmp_path / "udsendelse.csv"
    man.write_text("fil;afdeling;indsendelsesid\nJobcenter.xlsx;Jobcenter;SOM-1\n", encoding="utf-8")
    out = {"catalog": cat, "manifest": man}[target]
    run = unchanged([cat, man, *files_in(folder)], "collect", folder, "-o", tmp_path / "o.xlsx", "--json", out,
                    "--catalog", cat, "--manifest", man, "--force")
    assert run.code == 2 and "inputfilerne" in run.err and not (tmp_path / "o.xlsx").exists()
    run = unchanged([cat, *files_in(folder)], "validate", folder / "Jobcenter.xlsx", "--annotate", cat,
                    "--catalog", cat, "--force")
    assert run.code == 2 and "inputfilerne" in run.err


def test_new_onto_its_settings_is_refused(tmp_path):
    settings = tmp_path / "s.xlsx"
    settings.write_text('{"start_year": 2026}', encoding="utf-8")
    run = unchanged([settings], "new", settings, "--settings", settings, "--force")
    assert run.code == 2 and "inputfilerne" in run.err


def test_two_outputs_of_one_run_never_share_a_path(folder, tmp_path):
    src = folder / "Jobcenter.xlsx"
    run = unchanged([src], "calc", src, "-o", tmp_path / "r.xlsx", "--json", tmp_path / "r.xlsx", "--lang", "en")
    assert run.code == 2 and "are the same file" in run.err and not (tmp_path / "r.xlsx").exists()
    run = unchanged(files_in(folder), "collect", folder, "-o", tmp_path / "o.xlsx", "--json", tmp_path / "O.XLSX")
    assert run.code == 2 and "samme fil" in run.err and not (tmp_path / "o.xlsx").exists()


# --- point 7: distribute writes all copies or none, and they can be collected -------------------

@pytest.mark.parametrize("departments", [
    ["漢" * 80, "字" * 80, "Jobcenter", "Ældre"],  # 240 bytes each: cut at 255 bytes, not 80 characters
    ["😀" * 100, "Jobcenter"],
    [".X", "~$X", "../../x", "COM¹", "LPT³", "COM0", "LPT0", "nul.txt"],
], ids=["cjk_80", "emoji_100", "names_collect_would_skip"])
def test_every_copy_is_written_and_collected(tmp_path, departments):
    lst = tmp_path / "liste.csv"
    lst.write_text("afdeling\n" + "\n".join(departments) + "\n", encoding="utf-8")
    run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud")
    assert run.code == 0, run.text
    copies = [p for p in (tmp_path / "ud").iterdir() if p.suffix == ".xlsx"]
    assert len(copies) == len(departments) and all(len(p.name.encode("utf-8")) <= 255 for p in copies)
    assert sorted(os.listdir(tmp_path / "ud")) == sorted([*(p.name for p in copies), "udsendelse.csv"])
    run = no_crash(somxl("collect", tmp_path / "ud", "--manifest", tmp_path / "ud" / "udsendelse.csv",
                         "-o", tmp_path / "o.xlsx"))
    assert f"Mangler svar fra: 0 af {len(departments)}" in run.out, run.out


def _fail_on_third_copy(monkeypatch, exc):
    from somxl.workbooks_out import generate

    real, calls = generate.write_input_workbook, []

    def flaky(path, **kw):
        calls.append(path)
        if len(calls) == 3:
            raise exc
        return real(path, **kw)

    monkeypatch.setattr(generate, "write_input_workbook", flaky)


@pytest.mark.parametrize("exc", [OSError(28, "No space left on device"), KeyboardInterrupt()],
                         ids=["disk_full", "interrupted"])
def test_a_failed_run_leaves_no_copy_no_manifest_no_temp_file(tmp_path, monkeypatch, exc):
    from somxl.loop.distribute import distribute

    lst = tmp_path / "liste.csv"
    lst.write_text("afdeling\nA\nB\nC\nD\n", encoding="utf-8")
    _fail_on_third_copy(monkeypatch, exc)
    with pytest.raises((OSError, KeyboardInterrupt)):
        distribute(lst, tmp_path / "ud")
    assert not (tmp_path / "ud").exists()  # made by this run: removed with everything in it
    (tmp_path / "ud").mkdir()
    (tmp_path / "ud" / "A.xlsx").write_bytes(b"an earlier copy")
    monkeypatch.undo()
    _fail_on_third_copy(monkeypatch, exc)
    with pytest.raises((OSError, KeyboardInterrupt)):
        distribute(lst, tmp_path / "ud", force=True)
    assert os.listdir(tmp_path / "ud") == ["A.xlsx"] and (tmp_path / "ud" / "A.xlsx").read_bytes() == b"an earlier copy"


def test_a_move_that_fails_puts_back_what_it_replaced(tmp_path, monkeypatch):
    from somxl.loop import distribute as dist

    lst = tmp_path / "liste.csv"
    lst.write_text("afdeling\nA\nB\n", encoding="utf-8")
    (tmp_path / "ud").mkdir()
    (tmp_path / "ud" / "A.xlsx").write_bytes(b"old A")
    real = os.replace

    def replace(src, dst):
        if Path(dst).name == "udsendelse.csv":
            raise PermissionError(13, "Permission denied")
        return real(src, dst)

    monkeypatch.setattr(dist.os, "replace", replace)
    with pytest.raises(dist.OutputError):
        dist.distribute(lst, tmp_path / "ud", force=True)
    assert os.listdir(tmp_path / "ud") == ["A.xlsx"] and (tmp_path / "ud" / "A.xlsx").read_bytes() == b"old A"


# --- point 8: files people can open, demo refuses to overwrite ----------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="Windows has no umask")
@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_outputs_follow_the_umask(tmp_path, umask, mode):
    from somxl.base.fileio import write_text

    old = os.umask(umask)
    try:
        write_text(tmp_path / "a.json", "{}")
        lst = tmp_path / "liste.csv"
        lst.write_text("afdeling\nA\n", encoding="utf-8")
        from somxl.loop.distribute import distribute

        distribute(lst, tmp_path / "ud")
    finally:
        os.umask(old)
    for p in (tmp_path / "a.json", tmp_path / "ud" / "A.xlsx", tmp_path / "ud" / "udsendelse.csv"):
        assert stat.S_IMODE(p.stat().st_mode) == mode, p


def test_demo_refuses_to_overwrite_without_force(tmp_path):
    assert no_crash(somxl("demo", tmp_path / "demo")).code == 0
    result = tmp_path / "demo" / "housing-first-resultat.xlsx"
    result.write_bytes(b"edited by a person")
    before = digests(files_in(tmp_path / "demo"))
    run = no_crash(somxl("demo", tmp_path / "demo"))
    assert run.code == 2 and "--force" in run.err and digests(files_in(tmp_path / "demo")) == before
    assert no_crash(somxl("demo", tmp_path / "demo", "--force")).code == 0
    assert result.read_bytes()[:2] == b"PK"
