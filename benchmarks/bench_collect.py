"""Collecting returned workbooks at scale, measured in one run.

The files: 200 (``--files``) filled workbooks of varied cases: the three samples, in Danish and
English, with the number of participants, the success rate, the first cost and the committees
varied per file, each with its own recipient and submission id. Printed:

1. a bare read-only loop over the same files in this process (python-calamine when installed,
   else openpyxl ``read_only``): the floor of "just reading every sheet", not a dependency;
2. ``collect`` as the command runs it (spawn workers, one per core, each validating and
   calculating file after file) with workbooks/s and the ratio to the bare loop;
3. writing the overview workbook and the tidy CSV table;
4. the machine's load average before and after, since the cores may be shared.

``--scale`` adds the large mode: the same files copied to 1,000 and to ``--scale-files``
(10,000) files; for each, wall time, time per file, the peak RSS of the whole process tree
(parent and workers, sampled every 20 ms from /proc; Linux only) and the parent's own peak.

Run: python benchmarks/bench_collect.py [--files 200] [--dir CACHE] [--scale [--scale-files 10000]]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("housing-first", "ips-employment", "recidivism")


def make_files(folder: Path, n: int) -> list[Path]:
    """``n`` filled workbooks in ``folder`` (kept when they are already there: ``--dir``)."""
    from somxl.case import case_to_dict, parse_case
    from somxl.generate import NewOptions, write_input_workbook

    folder.mkdir(parents=True, exist_ok=True)
    cases = {}
    for name in SAMPLES:
        case, _ = parse_case(json.loads((ROOT / "samples" / f"{name}.json").read_text(encoding="utf-8")))
        cases[name] = case_to_dict(case)
    paths = []
    for i in range(n):
        path = folder / f"afdeling-{i:04d}.xlsx"
        paths.append(path)
        if path.exists():
            continue
        case = copy.deepcopy(cases[SAMPLES[i % len(SAMPLES)]])
        factor = 1 + (i % 7) * 0.15
        for p in case["participants"]:
            p["starting"] = round(p["starting"] * factor)
        if case["effect"].get("rate_with") is not None:
            case["effect"]["rate_with"] = round(case["effect"]["rate_with"] * (0.9 + (i % 5) * 0.05), 4)
        case["costs"][0]["amount"] = round(case["costs"][0]["amount"] * (1 + (i % 11) / 20))
        if i % 4 == 0:
            for line in case["consequences"]:
                line["committee"] = ("Socialudvalget", "Sundhedsudvalget")[len(line["name"]) % 2]
        write_input_workbook(path, case=case, lang="en" if i % 5 == 4 else "da",
                             options=NewOptions(recipient=f"Afdeling {i}", submission_id=f"SOM-{i:05d}"))
    return paths


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the workers, once joined): on a
    machine shared with others, CPU per file is the figure their load does not distort much."""
    try:
        import resource
    except ImportError:  # Windows: this process only
        return time.process_time()
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def bare_loop(paths: list[Path]) -> tuple[str, float]:
    """Read every sheet of every file and nothing else, in this process."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:
        CalamineWorkbook = None
    t0 = time.perf_counter()
    if CalamineWorkbook is not None:
        for p in paths:
            wb = CalamineWorkbook.from_path(str(p))
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python()
        return "python-calamine", time.perf_counter() - t0
    import openpyxl

    for p in paths:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
        for ws in wb.worksheets:
            for _ in ws.iter_rows(values_only=True):
                pass
        wb.close()
    return "openpyxl read_only", time.perf_counter() - t0


class TreeRSS:
    """Peak resident memory of this process and its descendants, sampled from /proc."""

    def __init__(self) -> None:
        self.peak_tree = self.peak_self = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.available = Path("/proc/self/status").exists()

    @staticmethod
    def _rss(pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    @staticmethod
    def _children(pid: int) -> list[int]:
        out = []
        try:
            for task in Path(f"/proc/{pid}/task").iterdir():
                text = (task / "children").read_text().split()
                out += [int(c) for c in text]
        except OSError:
            pass
        return out

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.02):
            mine = self._rss(me)
            total, todo = mine, self._children(me)
            while todo:
                pid = todo.pop()
                total += self._rss(pid)
                todo += self._children(pid)
            self.peak_self = max(self.peak_self, mine)
            self.peak_tree = max(self.peak_tree, total)

    def __enter__(self) -> TreeRSS:
        if self.available:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self.available:
            self._thread.join()


def run_collect(paths: list[Path], out: Path) -> tuple[float, float, object]:
    from somxl.collect import collect, write_overview, write_table

    t0, cpu0 = time.perf_counter(), cpu_seconds()
    c = collect(paths)
    t_collect = time.perf_counter() - t0
    run_collect.cpu = cpu_seconds() - cpu0
    t0 = time.perf_counter()
    write_overview(out / "oversigt.xlsx", c, force=True)
    write_table(out / "tabel.csv", c, force=True)
    return t_collect, time.perf_counter() - t0, c


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--dir", type=Path, help="keep the generated workbooks here between runs")
    ap.add_argument("--scale", action="store_true", help="also 1,000 and --scale-files copies")
    ap.add_argument("--scale-files", type=int, default=10_000)
    args = ap.parse_args()

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paths = make_files(args.dir or tmp / "svar", args.files)
        cpu0 = cpu_seconds()
        name, t_bare = bare_loop(paths)
        cpu_bare = cpu_seconds() - cpu0
        t_collect, t_write, c = run_collect(paths, tmp)
        cpu_collect = run_collect.cpu
        n = len(paths)
        print(f"{n} filled workbooks, {os.cpu_count()} CPU core(s); load average before: "
              + (" ".join(f"{x:.2f}" for x in load) if load else "n/a"))
        print(f"bare read loop ({name}, 1 process):  {t_bare:6.2f} s  {n / t_bare:7.1f} files/s")
        print(f"collect (spawn workers, validate + calculate): {t_collect:6.2f} s  {n / t_collect:7.1f} workbooks/s"
              f"  = {t_bare / t_collect:.2f} x the bare read loop")
        print(f"CPU per file: bare loop {cpu_bare / n * 1000:5.1f} ms, collect {cpu_collect / n * 1000:5.1f} ms "
              f"(parent and workers, worker start-up included) = {cpu_collect / cpu_bare:.2f} x; "
              f"{os.cpu_count()} cores fully ours would give about {(os.cpu_count() or 1) * n / cpu_collect:.0f} workbooks/s")
        print(f"writing the overview workbook and the CSV table: {t_write:6.2f} s")
        valid = sum(1 for f in c.files if f.validation.report.valid)
        print(f"valid files: {valid} of {n}; portfolio of {len(c.portfolio.files)} files")

        if args.scale:
            big = tmp / "big"
            big.mkdir()
            rows = []
            for target in (1000, args.scale_files):
                for i in range(len(list(big.iterdir())), target):
                    shutil.copyfile(paths[i % n], big / f"kopi-{i:05d}.xlsx")
                files = sorted(big.iterdir())
                with TreeRSS() as rss:
                    t_c, t_w, c = run_collect(files, tmp)
                del c
                rows.append((target, t_c, t_w, rss.peak_tree, rss.peak_self))
            for target, t_c, t_w, tree, mine in rows:
                print(f"{target:6d} files: collect {t_c:7.2f} s ({t_c / target * 1000:5.2f} ms/file, "
                      f"{target / t_c:6.1f}/s), overview + CSV {t_w:6.2f} s; peak RSS tree "
                      f"{tree / 2**20:6.1f} MB, parent {mine / 2**20:6.1f} MB")
            (a, ta, *_), (b, tb, *_) = rows
            print(f"time per file at {b} / at {a}: {(tb / b) / (ta / a):.2f} (1.00 = linear)")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print("load average after: " + (" ".join(f"{x:.2f}" for x in load) if load else "n/a"))


if __name__ == "__main__":
    main()
