"""Shared test fixtures."""

from __future__ import annotations

import os

import pytest

from somxl.recalc import find_soffice


@pytest.fixture(scope="session")
def soffice() -> str:
    """The LibreOffice executable. Missing LibreOffice skips the test on a developer's machine
    but fails it in CI (CI is set), where .ci/run installs it."""
    path = find_soffice()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI; .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return path


@pytest.fixture(scope="session")
def filled_book(tmp_path_factory):
    """The sample case with every question answered, filled into a workbook (readback.fill), and
    its layout: (path, layout). Built once for the modules that read it or copy it; no test
    changes it (a test that edits works on a copy)."""
    from readback import fill

    path = tmp_path_factory.mktemp("filled") / "filled.xlsx"
    return path, fill(path)
