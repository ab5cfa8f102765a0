"""Where the shipped templates and sample cases are: ``templates/`` and ``samples/`` in a
source checkout, the packages ``somxl.templates`` and ``somxl.samples`` when installed
(pyproject maps the one onto the other)."""

from __future__ import annotations

from functools import cache
from pathlib import Path


def _data_dir(folder: str) -> Path:
    local = Path(__file__).resolve().parents[2] / folder  # somxl/base/paths.py → the checkout
    if (local / "__init__.py").is_file():
        return local
    from importlib.resources import files

    return Path(str(files(f"somxl.{folder}")))


@cache
def templates_dir() -> Path:
    return _data_dir("templates")


@cache
def samples_dir() -> Path:
    return _data_dir("samples")
