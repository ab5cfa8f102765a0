"""Helpers for the hostile-input tests (issue 8): run the CLI as a user would, in a subprocess,
optionally under a memory limit so a regression fails fast instead of swapping; hash inputs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEMORY_LIMIT_MB = 1500  # address space, not RSS: the interpreter with numpy maps ~400 MB it never uses
CRASH_MARKS = ("Traceback", "somxl selv fejlede", "somxl itself failed", "internal")


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def _limit(mb: int):
    def apply() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (mb * 1024**2, mb * 1024**2))
    return apply


def somxl(*args, env: dict | None = None, memory_mb: int | None = MEMORY_LIMIT_MB, stdout: Path | None = None,
          timeout: float = 180, cwd: Path | None = None) -> Run:
    """``python -m somxl ARGS`` in a new process (the real entry point, with its stream set-up).
    ``stdout``: a file to send standard output to (as ``> rapport.txt`` does); ``cwd``: the folder it
    runs in (a relative output lands there)."""
    # One BLAS thread: OpenBLAS reserves address space per core at import (about 1 GB on a 32-core
    # machine), which would trip the address-space limit without using any memory.
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                "MKL_NUM_THREADS": "1", **(env or {})}
    full_env.pop("SOMXL_DEBUG", None)
    preexec = _limit(memory_mb) if memory_mb and sys.platform != "win32" else None
    cmd = [sys.executable, "-m", "somxl", *map(str, args)]
    if stdout is not None:
        with open(stdout, "wb") as fh:
            res = subprocess.run(cmd, stdout=fh, stderr=subprocess.PIPE, env=full_env, timeout=timeout,
                                 preexec_fn=preexec, cwd=cwd)
        return Run(res.returncode, Path(stdout).read_bytes().decode("latin-1"), res.stderr.decode("latin-1"))
    res = subprocess.run(cmd, capture_output=True, env=full_env, timeout=timeout, preexec_fn=preexec, cwd=cwd)
    return Run(res.returncode, res.stdout.decode("utf-8", "replace"), res.stderr.decode("utf-8", "replace"))


def no_crash(run: Run) -> Run:
    """No traceback and no 'somxl itself failed': a hostile input is answered, not crashed on."""
    assert not any(mark in run.text for mark in CRASH_MARKS), run.text[-3000:]
    return run


def digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def digests(paths: list[Path]) -> list[str]:
    return [digest(p) if Path(p).is_file() else "-" for p in paths]


def unchanged(paths: list[Path], *args, **kw) -> Run:
    """``somxl(*args)`` with no crash, and every file of ``paths`` the same before and after."""
    before = digests(paths)
    run = no_crash(somxl(*args, **kw))
    assert digests(paths) == before, "an input file changed"
    return run


def many_cells(src: Path, dst: Path, n_cells: int, *, sheet_part: str, blank: bool = False, seed: int = 8) -> Path:
    """A copy of the workbook ``src`` whose sheet ``sheet_part`` gets ``n_cells`` more cells below its
    own (numbers of 1-4 random digits, or styled blanks without a value), in rows of 50. Random
    digits keep the compression ratio of a real sheet (about 10x), so the file passes the zip
    limits of the gate as the hostile files of issue 8 did. Written as a stream: no 100 MB string."""
    import random
    import zipfile

    rnd = random.Random(seed)
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename != sheet_part:
                zout.writestr(item, data)
                continue
            head, tail = data.decode("utf-8").split("</sheetData>", 1)
            with zout.open(item.filename, "w", force_zip64=True) as fh:
                fh.write(head.encode("utf-8"))
                row, left = 10_000, n_cells
                while left > 0:
                    cells = []
                    for col in range(min(50, left)):
                        ref = (chr(65 + col // 26 - 1) + chr(65 + col % 26)) if col >= 26 else chr(65 + col)
                        if blank:
                            cells.append(f'<c r="{ref}{row}" s="{rnd.randrange(10)}"/>')
                        else:
                            cells.append(f'<c r="{ref}{row}"><v>{rnd.randrange(10 ** rnd.randrange(1, 5))}</v></c>')
                    fh.write(f'<row r="{row}">{"".join(cells)}</row>'.encode("ascii"))
                    left -= 50
                    row += 1
                fh.write(("</sheetData>" + tail).encode("utf-8"))
    return dst
