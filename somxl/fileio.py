"""Writing outputs safely: a temporary file beside the target, then an atomic rename.

somxl never modifies a file it reads; every output goes through ``atomic_write`` so an
interrupted run leaves either the old file or the complete new one, never half a file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from somxl.errors import OutputError


def check_target(path: Path, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse to overwrite an existing file (unless ``force``) and never an input file."""
    path = Path(path)
    for src in inputs:
        try:
            if path.exists() and Path(src).exists() and path.samefile(src):
                raise OutputError(
                    f"{path} er en af inputfilerne; somxl overskriver aldrig en fil, den læser",
                    en=f"{path} is one of the input files; somxl never overwrites a file it reads",
                )
        except OSError:
            pass
    if path.exists() and not force:
        raise OutputError(
            f"{path} findes allerede (brug --force for at overskrive)",
            en=f"{path} exists (use --force to overwrite)",
        )
    if not path.parent.exists():
        raise OutputError(
            f"mappen {path.parent} findes ikke", en=f"folder {path.parent} does not exist"
        )


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or str(exc)
    return OutputError(
        f"{path} kan ikke skrives ({reason}); er filen åben i Excel, eller mangler du adgang til mappen?",
        en=f"{path} cannot be written ({reason}); is the file open in Excel, or may you not write to the folder?",
    )


def _temp_beside(path: Path, prefix: str, suffix: str) -> tuple[int, str]:
    try:
        return tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _replace(tmp: str, path: Path) -> None:
    # On Windows a file open in Excel cannot be replaced: say so instead of a traceback.
    try:
        os.replace(tmp, path)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


@contextlib.contextmanager
def atomic_write(path: Path | str, mode: str = "wb", encoding: str | None = None) -> Iterator:
    """Yield a file object for a temporary file beside ``path``; rename it onto ``path`` on success.

    On an exception the temporary file is removed and ``path`` is untouched. A file that cannot
    be written (a folder without access, a target open in Excel on Windows) is an OutputError."""
    path = Path(path)
    fd, tmp = _temp_beside(path, f".{path.name}.", ".tmp")
    try:
        if "b" in mode:
            f = os.fdopen(fd, mode)
        else:
            f = os.fdopen(fd, mode, encoding=encoding or "utf-8", newline="")
        with f:
            yield f
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_path(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` for a writer that wants a file name (XlsxWriter);
    rename it onto ``path`` when the block succeeds."""
    path = Path(path)
    fd, tmp = _temp_beside(path, f".{path.stem}.", path.suffix or ".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        _replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: Path | str, text: str) -> None:
    """Write UTF-8 text atomically."""
    with atomic_write(path, "w", encoding="utf-8") as f:
        f.write(text)
