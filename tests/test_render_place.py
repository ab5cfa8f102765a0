"""Rendering stays in one place: every text somxl prints for people comes from somxl/render.py.

A ``render_*`` function anywhere else is a second place where labels, columns and number
formats are decided; this test fails for one, so a new flow's text goes where the others are.
docgen's ``render_*`` write the generated Markdown docs, not terminal text, and stay there.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "somxl"
ELSEWHERE_ALLOWED = {"docgen"}  # Markdown for docs/, generated, not printed


def renderers() -> dict[str, list[str]]:
    """module → its top-level functions named render_*."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("render_")]
        if names:
            found[path.stem] = names
    return found


def test_every_renderer_is_in_render_py():
    found = renderers()
    stray = {m: names for m, names in found.items() if m not in {"render", *ELSEWHERE_ALLOWED}}
    assert not stray, f"render_* outside somxl/render.py (move them there): {stray}"
    assert {"render_report", "render_validations", "render_result", "render_scenarios", "render_demo",
            "render_catalog", "render_distribution", "render_collection", "render_diff",
            "render_comparison"} <= set(found["render"])
