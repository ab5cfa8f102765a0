"""Outputs are written atomically and a file that cannot be written is a clear OutputError."""

from __future__ import annotations

import os
import sys

import pytest

from somxl.base.errors import OutputError
from somxl.base.fileio import atomic_path, check_target, write_text


def test_write_text_replaces_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    write_text(target, "nyt indhold æøå\n")
    assert target.read_text(encoding="utf-8") == "nyt indhold æøå\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_failure_leaves_the_old_file_untouched(tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("writer failed")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_existing_output_and_input_are_refused(tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"x")
    with pytest.raises(OutputError) as exc:
        check_target(target, force=False)
    assert exc.value.text("en") == f"{target} exists (use --force to overwrite)"
    with pytest.raises(OutputError) as exc:
        check_target(target, force=True, inputs=(target,))
    assert "never overwrites a file it reads" in exc.value.text("en")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_folder_is_an_output_error(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(OutputError) as exc:
            write_text(folder / "out.json", "x")
        assert "cannot be written" in exc.value.text("en")
    finally:
        folder.chmod(0o700)


def test_a_target_that_cannot_be_replaced_is_an_output_error(tmp_path):
    # what Windows does when Excel has the file open: the rename fails
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep").write_text("x", encoding="utf-8")
    with pytest.raises(OutputError) as exc:
        write_text(target, "x")
    assert "is the file open in Excel" in exc.value.text("en")
