"""Writing outputs safely: a temporary file beside the target, then an atomic rename.

somxl never modifies a file it reads; every output goes through ``atomic_write`` so an
interrupted run leaves either the old file or the complete new one, never half a file.

``check_outputs`` is the one check every command makes of its outputs before it works: no output
is an input of the same run (``--force`` or not; symbolic and hard links followed), no two outputs
share a path, an existing file is only replaced with ``--force``, and what is not a regular file
(a folder, a named pipe, a device such as /dev/stdout) never. New files get the
permissions of the user's umask (``permit``), not the 0600 of a temporary file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from somxl.base.errors import OutputError


def same_file(a: Path | str, b: Path | str) -> bool:
    """True when two paths name one file: the same file on disk (symbolic and hard links
    followed), or, for paths that do not exist yet, the same resolved path ignoring case (as on
    Windows and macOS)."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
        return _identity(a) == _identity(b)
    except (OSError, ValueError):
        return False


def _identity(path: Path | str) -> str:
    return os.path.normcase(os.path.realpath(path)).casefold()


def check_outputs(outputs: Iterable[Path | str | None], inputs: Iterable[Path | str | None], force: bool) -> None:
    """The one check of a run's outputs, before anything is written: no output is an input of the
    same run (``force`` or not; links followed), no two outputs share a path, and each is refused
    when it exists without ``force`` or its folder is missing. ``None`` and '-' (stdout) are skipped."""
    outs = [Path(p) for p in outputs if p is not None and str(p) != "-"]
    ins = tuple(Path(p) for p in inputs if p is not None and str(p) != "-")
    for i, out in enumerate(outs):
        for other in outs[:i]:
            if same_file(out, other):
                raise OutputError.of("E016", other=other, path=out)
        check_target(out, force, ins)


def check_target(path: Path, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse to overwrite an existing file (unless ``force``) and never an input file."""
    path = Path(path)
    try:
        exists = path.exists()
    except (OSError, ValueError) as exc:  # a name too long for the file system, a NUL
        raise _cannot_write(path, exc if isinstance(exc, OSError) else OSError(str(exc))) from None
    for src in inputs:
        if exists and same_file(path, src):
            raise OutputError.of("E017", path=path)
    if exists and not path.is_file():
        # a folder, a named pipe or a device (/dev/stdout): the rename would put a file in its place
        raise OutputError.of("E037", path=path)
    if exists and not force:
        raise OutputError.of("E018", path=path)
    if not path.parent.exists():
        raise OutputError.of("E015", path=path.parent)


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    return OutputError.of("E019", path=path, reason=exc.strerror or str(exc))


def _temp_beside(path: Path, suffix: str) -> tuple[int, str]:
    # The target's name is cut to 100 bytes in the temporary name: a name near the file system's
    # 255 bytes must not fail on its temporary file.
    stem = path.stem.encode("utf-8")[:100].decode("utf-8", "ignore")
    try:
        return tempfile.mkstemp(prefix=f".{stem}.", suffix=suffix[:20], dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def permit(path: Path | str) -> None:
    """Give a new file the permissions the user's umask asks for (mkstemp makes it 0600, which
    colleagues on a shared drive cannot open). Windows has no umask: only the read-only flag."""
    with contextlib.suppress(OSError):
        os.chmod(path, 0o666 & ~_umask())


def _replace(tmp: str, path: Path) -> None:
    permit(tmp)
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
    fd, tmp = _temp_beside(path, path.suffix + ".tmp")
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
    fd, tmp = _temp_beside(path, path.suffix or ".tmp")
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
