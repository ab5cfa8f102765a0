"""How long `somxl calc FILLED.xlsx -o RESULT.xlsx` takes in-process (target: ≤ 0.5 s).

    python benchmarks/bench_calc.py [--repeat N]

For each sample case a filled input workbook is written first (not timed, as a department
would return it); then each run times the whole calc: validate and read the workbook
(``validate.load_input``), calculate (Monte Carlo included when the case asks for it), and
write the result workbook. The stages are timed separately too. The first (cold) run also
loads the spec and the catalogue. Imports are not counted."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from somxl.model.case import case_to_dict, load_case
from somxl.model.engine import calculate
from somxl.workbooks_out.generate import NewOptions, write_input_workbook
from somxl.workbooks_out.results import write_result_workbook
from somxl.workbook_in.validate import load_input

ROOT = Path(__file__).resolve().parent.parent
TARGET = 0.5


def calc_once(filled: Path, out: Path) -> dict[str, float]:
    times = {}
    start = time.perf_counter()
    case, report = load_input(filled)
    assert case is not None, [i.code for i in report.errors]
    times["read+validate"] = time.perf_counter() - start
    t = time.perf_counter()
    result = calculate(case)
    times["calculate"] = time.perf_counter() - t
    t = time.perf_counter()
    write_result_workbook(out, case, result, warnings=report.warnings, force=True)
    times["write"] = time.perf_counter() - t
    times["total"] = time.perf_counter() - start
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        samples = sorted((ROOT / "samples").glob("*.json"))
        filled = {}
        for sample in samples:
            filled[sample.stem] = tmp / f"{sample.stem}.xlsx"
            write_input_workbook(filled[sample.stem], case=case_to_dict(load_case(sample)),
                                 options=NewOptions(force=True))
        out = tmp / "result.xlsx"
        cold = calc_once(filled[samples[0].stem], out)["total"]
        print(f"somxl calc FILLED.xlsx -o RESULT.xlsx, in-process: first (cold) run {cold:.3f} s; "
              f"then {args.repeat} runs each (target ≤ {TARGET:.3f} s)")
        for name, path in filled.items():
            runs = [calc_once(path, out) for _ in range(args.repeat)]
            median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            best = min(r["total"] for r in runs)
            stages = "  ".join(f"{k} {v:.3f}" for k, v in median.items() if k != "total")
            verdict = "ok" if median["total"] <= TARGET else "OVER TARGET"
            print(f"  {name:16s} median {median['total']:.3f} s  best {best:.3f} s  ({stages})  "
                  f"{out.stat().st_size / 1024:.0f} KiB  {verdict}")


if __name__ == "__main__":
    main()
