"""Validating a typical filled workbook, measured in one run.

1. in process: ``somxl.workbook_in.validate.validate_file`` on a workbook filled from samples/housing-first.json
   (target <= 0.1 s, median of several runs after one warm-up);
2. as a subprocess, same interpreter: ``somxl validate FILE`` against a bare
   ``pandas.read_excel(FILE, sheet_name=None)`` (target ratio <= 0.5).

Run: python benchmarks/bench_validate.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    from somxl.model.case import case_to_dict, parse_case
    from somxl.workbooks_out.generate import write_input_workbook
    from somxl.workbook_in.validate import validate_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "filled.xlsx"
        case, _ = parse_case(json.loads((ROOT / "samples" / "housing-first.json").read_text(encoding="utf-8")))
        write_input_workbook(path, case=case_to_dict(case))
        validate_file(path)  # warm-up: imports, spec and catalogue caches
        in_process = median_time(lambda: validate_file(path), args.repeat)

        somxl_cmd = [sys.executable, "-m", "somxl", "validate", str(path)]
        pandas_cmd = [sys.executable, "-c",
                      f"import pandas; pandas.read_excel({str(path)!r}, sheet_name=None)"]
        run = lambda cmd: subprocess.run(cmd, capture_output=True, check=False)  # noqa: E731
        run(somxl_cmd), run(pandas_cmd)  # warm the file cache
        cli = median_time(lambda: run(somxl_cmd), max(3, args.repeat // 2))
        pandas = median_time(lambda: run(pandas_cmd), max(3, args.repeat // 2))

    print(f"validate_file in process:           {in_process * 1000:7.1f} ms  (target <= 100 ms)")
    print(f"somxl validate (subprocess):        {cli * 1000:7.1f} ms")
    print(f"pandas.read_excel (subprocess):     {pandas * 1000:7.1f} ms")
    print(f"ratio somxl / pandas:               {cli / pandas:7.2f}     (target <= 0.5)")


if __name__ == "__main__":
    main()
