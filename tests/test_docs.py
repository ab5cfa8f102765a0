"""Generated docs must match the code."""

from __future__ import annotations

from pathlib import Path

from somxl.docgen import render_cli, render_issues
from somxl.issuecodes import CATALOGUE

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_issues_md_is_fresh():
    text = (DOCS / "issues.md").read_text(encoding="utf-8")
    assert text == render_issues(), "docs/issues.md is stale: run python -m somxl.docgen"


def test_every_code_is_documented():
    text = (DOCS / "issues.md").read_text(encoding="utf-8")
    assert all(f"| {code} |" in text for code in CATALOGUE)


def test_cli_md_is_fresh():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert text == render_cli(), "docs/cli.md is stale: run python -m somxl.docgen"
    assert all(f"## somxl {name}" in text for name in ("new", "validate", "export", "fill", "calc", "demo"))
