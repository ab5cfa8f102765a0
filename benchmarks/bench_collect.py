"""Collecting 30 returned workbooks, measured in one run.

1. serial, in process: ``validate_file`` + ``calculate`` for each file one after another
   (``collect(..., parallel=False)``);
2. collect's parallel path: ``validate_many`` in worker processes (spawn, as on Windows; one
   process per file, at most min(cores, 8) at once) + ``calculate`` in the parent;
3. writing the overview workbook.

The files are the three samples, ten copies each, each with its own submission id.
Run: python benchmarks/bench_collect.py [--files N]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("housing-first", "ips-employment", "recidivism")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=30)
    args = ap.parse_args()
    import json

    from somxl.case import case_to_dict, parse_case
    from somxl.collect import collect, find_files, write_overview
    from somxl.generate import NewOptions, write_input_workbook

    cases = {}
    for name in SAMPLES:
        case, _ = parse_case(json.loads((ROOT / "samples" / f"{name}.json").read_text(encoding="utf-8")))
        cases[name] = case_to_dict(case)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "svar"
        folder.mkdir()
        for i in range(args.files):
            name = SAMPLES[i % len(SAMPLES)]
            write_input_workbook(folder / f"afdeling-{i:02d}.xlsx", case=cases[name],
                                 options=NewOptions(recipient=f"Afdeling {i}", submission_id=f"SOM-{i:04d}"))
        paths = find_files([folder])
        collect(paths[:1], parallel=False)  # warm-up: imports, spec and catalogue caches

        t0 = time.perf_counter()
        serial = collect(paths, parallel=False)
        t_serial = time.perf_counter() - t0

        t0 = time.perf_counter()
        parallel = collect(paths)
        t_parallel = time.perf_counter() - t0

        t0 = time.perf_counter()
        write_overview(Path(tmp) / "oversigt.xlsx", parallel)
        t_write = time.perf_counter() - t0

    n = len(paths)
    assert [f.summary for f in serial.files] == [f.summary for f in parallel.files]
    print(f"{n} returned workbooks, {os.cpu_count()} CPU core(s)")
    print(f"serial, in process (validate_file + calculate): {t_serial:6.2f} s  ({t_serial / n * 1000:5.0f} ms per file)")
    print(f"collect, parallel (spawn workers + calculate):  {t_parallel:6.2f} s  ({t_parallel / n * 1000:5.0f} ms per file)")
    print(f"parallel / serial: {t_parallel / t_serial:.2f}")
    print(f"writing the overview workbook:                  {t_write:6.2f} s")


if __name__ == "__main__":
    main()
