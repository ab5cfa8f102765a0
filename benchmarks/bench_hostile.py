"""Hostile files (issue 8): how long somxl takes to answer each, and its peak memory, alone and
inside ``collect`` with two workers side by side. Goal: every one answered in at most 20 s and
600 MB peak RSS.

Each command runs in a fresh helper process that starts ``python -m somxl ...`` and reports the
peak resident set size of everything it waited for (``RUSAGE_CHILDREN``: somxl and, for collect,
its worker processes). POSIX only (``resource``). The files are built in a temporary folder from
a filled sample workbook, like the tests' fixtures (tests/hostile.py).

Run: python benchmarks/bench_hostile.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

_MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(code, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def measure(*args) -> tuple[int, float, float]:
    """(exit code, seconds, peak RSS in MB) of ``python -m somxl ARGS``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "somxl", *map(str, args)],
                         capture_output=True, text=True, env=env, check=True).stdout.split()
    return int(out[0]), float(out[1]), int(out[2]) / 1024  # ru_maxrss is in kB on Linux


def build(folder: Path) -> dict[str, list]:
    from hostile import many_cells
    from readback import fill
    from test_fuzz_workbook import sheet_parts
    from xlsx_build import build_xlsx

    filled = folder / "filled.xlsx"
    fill(filled)
    parts = sheet_parts(filled)
    crowded = many_cells(filled, folder / "crowded.xlsx", 6_000_000, sheet_part=parts["1 Indsats"])
    slow = many_cells(filled, folder / "slow.xlsx", 6_000_000, sheet_part=parts["4 Effekt"], blank=True)
    far = build_xlsx(folder / "far.xlsx", [("Ark1", '<row r="1"><c r="A1" t="inlineStr"><is><t>afdeling</t></is>'
                                                     '</c></row><row r="1048576"><c r="XFD1048576" t="inlineStr">'
                                                     "<is><t>Jobcenter</t></is></c></row>")])
    deep = folder / "deep.json"
    deep.write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    return {
        "filled workbook (reference)": ["validate", filled],
        f"6M cells of numbers ({crowded.stat().st_size / 2**20:.1f} MB)": ["validate", crowded],
        f"6M styled blanks ({slow.stat().st_size / 2**20:.1f} MB)": ["validate", slow],
        "recipient list, one cell at XFD1048576": ["distribute", far, "-o", folder / "ud"],
        "catalogue, one cell at XFD1048576": ["catalog", "--catalog", far],
        "case JSON nested 100,000 deep": ["validate", deep],
        "collect: both 6M files + filled, 2 workers": ["collect", crowded, slow, filled, "-o", folder / "o.xlsx",
                                                        "--force"],
    }


def main() -> None:
    if os.name != "posix":
        sys.exit("POSIX only (resource.getrusage)")
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        runs = build(Path(tmp))
        print(f"built the files in {time.perf_counter() - t:.1f} s\n")
        rows = [(name, *measure(*args)) for name, args in runs.items()]
    width = max(len(r[0]) for r in rows)
    print(f"{'file'.ljust(width)}  exit  seconds  peak RSS MB")
    for name, code, seconds, mb in rows:
        print(f"{name.ljust(width)}  {code:>4}  {seconds:7.1f}  {mb:11.0f}")
    worst = max(r[2] for r in rows), max(r[3] for r in rows)
    print(f"\nworst: {worst[0]:.1f} s (goal <= 20), {worst[1]:.0f} MB (goal <= 600)")
    print(json.dumps({"seconds": round(worst[0], 1), "peak_mb": round(worst[1])}))


if __name__ == "__main__":
    main()
