"""Shared test fixtures."""

from __future__ import annotations

import os
import shutil

import pytest

from somxl.recalc import find_soffice


def _program(path: str | None, name: str, package: str) -> str:
    """A program the tests that print need: missing, it skips the test on a developer's machine
    but fails it in CI (CI is set), where .ci/run installs it."""
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI; .ci/run installs {package}")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice executable (recalculation, PDF export, the second program)."""
    return _program(find_soffice(), "LibreOffice (soffice)", "it")


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """pdftotext (poppler-utils), which reads back what LibreOffice printed."""
    return _program(shutil.which("pdftotext"), "pdftotext (poppler-utils)", "poppler-utils")


@pytest.fixture(scope="session")
def filled_book(tmp_path_factory):
    """The sample case with every question answered, filled into a workbook (readback.fill), and
    its layout: (path, layout). Built once for the modules that read it or copy it; no test
    changes it (a test that edits works on a copy)."""
    from readback import fill

    path = tmp_path_factory.mktemp("filled") / "filled.xlsx"
    return path, fill(path)
