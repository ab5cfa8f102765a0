"""How long generating an input workbook takes, in-process (target: ≤ 0.3 s for a blank one).

    python benchmarks/bench_new.py [--repeat N]

Prints the median and best time of a blank Danish workbook, a blank English one and one
filled with the sample case samples/housing-first.json, plus the first (cold) run, which
also loads the spec and the catalogue. Imports are not counted."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from somxl.workbooks_out.generate import NewOptions, write_input_workbook

ROOT = Path(__file__).resolve().parent.parent


def sample_case() -> dict:
    path = ROOT / "samples" / "housing-first.json"
    from somxl.model.case import case_to_dict, load_case

    return case_to_dict(load_case(path))


def timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), min(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    case = sample_case()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "bench.xlsx"
        force = NewOptions(force=True)
        cases = {
            "blank, da": lambda: write_input_workbook(out, options=force),
            "blank, en": lambda: write_input_workbook(out, lang="en", options=force),
            "filled (housing-first), da": lambda: write_input_workbook(out, case=case, options=force),
        }
        start = time.perf_counter()
        write_input_workbook(out, options=force)  # cold: loads and checks the spec and catalogue
        print(f"somxl new: first (cold) run {time.perf_counter() - start:.3f} s; "
              f"then {args.repeat} runs each (target blank ≤ 0.300 s)")
        for name, fn in cases.items():
            median, best = timed(fn, args.repeat)
            print(f"  {name:28s} median {median:.3f} s   best {best:.3f} s   {out.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
