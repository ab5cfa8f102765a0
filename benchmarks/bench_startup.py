"""Start-up cost of the CLI: wall time of ``python -m somxl --help`` against ``python -c pass``
(best of several runs, measured in one run), and whether importing somxl.cli pulls in numpy
or pandas (it must not). Target: the difference <= 0.15 s. Run: python benchmarks/bench_startup.py"""

from __future__ import annotations

import subprocess
import sys
import time

RUNS = 7


def wall(args: list[str]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, capture_output=True)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    bare = wall(["-c", "pass"])
    help_ = wall(["-m", "somxl", "--help"])
    print(f"python -c pass:        {bare:.3f} s")
    print(f"python -m somxl --help: {help_:.3f} s")
    print(f"difference:            {help_ - bare:.3f} s (target <= 0.15 s)")
    probe = ("import sys, somxl.cli; "
             "print(*[m for m in ('numpy', 'pandas', 'openpyxl', 'xlsxwriter', 'yaml') if m in sys.modules])")
    heavy = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True).stdout.split()
    print("heavy modules after importing somxl.cli:", ", ".join(heavy) if heavy else "none")
    print("numpy/pandas not imported:", "numpy" not in heavy and "pandas" not in heavy)


if __name__ == "__main__":
    main()
