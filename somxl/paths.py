"""Where the shipped templates are: ``templates/`` in a source checkout, ``somxl.templates``
when installed (pyproject maps the one onto the other)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def templates_dir() -> Path:
    local = Path(__file__).resolve().parent.parent / "templates"
    if (local / "__init__.py").is_file():
        return local
    from importlib.resources import files

    return Path(str(files("somxl.templates")))
