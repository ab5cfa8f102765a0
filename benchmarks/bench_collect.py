"""Collecting returned workbooks at scale, measured in one run.

The files: ``--files`` (200) filled workbooks of varied cases: the three samples, in Danish and
English, with the number of participants, the success rate, the first cost and the committees
varied per file, each with its own recipient and submission id. Past ``--distinct`` (200) the
files are copies of those, so ``--files 10000`` does not spend an hour generating workbooks.
Printed:

1. a bare read-only loop over the same files in this process (python-calamine when installed,
   else openpyxl ``read_only``): the floor of "just reading every sheet", not a dependency;
2. ``collect`` as the command runs it (spawn workers, one per core, each validating and
   calculating file after file): workbooks/s and the ratio to the bare loop; CPU ms per file of
   the parent and workers together (worker start-up included) and of the parent alone; the
   parent's RSS growth per file (from the tenth of the files done to the last, so start-up
   does not count); the peak RSS of the whole process tree (parent and workers, sampled every
   20 ms from /proc by a thread whose own CPU is taken out of the figures; Linux only) and wall
   time per file;
3. writing the overview workbook and the tidy CSV table;
4. the machine's load average before and after, since the cores may be shared.

``--scale`` also runs ``collect`` on a tenth of the files first, for the time per file at both
sizes in one run (1.00 = linear).

``--apart`` also runs ``collect`` on copies of the files whose structure parts differ byte for
byte from copy to copy, as answers saved by Excel on different machines may: a worker keeps what it
made of a structure part by its bytes, and the copies of one template that somxl writes share them.
Each copy's workbook part is rewritten in the shape Excel saves it (its namespaces and
``mc:Ignorable``, the folder it was saved in, a document id, the window, ``calcPr`` and ``extLst``;
every tenth copy also with the hidden ``_xlnm._FilterDatabase`` name Excel adds when a table was
filtered), so no two copies share it; the defined names stay as the template wrote them, as Excel
keeps them. The relationships, styles and content types get other whitespace per copy: likely more
apart than real answers (a LibreOffice re-save of two copies of one template gives the same four
parts byte for byte; Excel's could not be tried). Its figures are the workbooks/s and CPU per file
when keeping a whole part never helps.

Run: python benchmarks/bench_collect.py [--files 200] [--distinct 200] [--dir CACHE] [--scale] [--apart]
"""

from __future__ import annotations

import argparse
import copy
import gc
import json
import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ("housing-first", "ips-employment", "recidivism")


def make_files(folder: Path, n: int, distinct: int = 200) -> list[Path]:
    """``n`` filled workbooks in ``folder`` (kept when they are already there: ``--dir``); past
    ``distinct`` they are copies of the first ``distinct``."""
    from somxl.model.case import case_to_dict, parse_case
    from somxl.workbooks_out.generate import NewOptions, write_input_workbook

    folder.mkdir(parents=True, exist_ok=True)
    cases = {}
    for name in SAMPLES:
        case, _ = parse_case(json.loads((ROOT / "samples" / f"{name}.json").read_text(encoding="utf-8")))
        cases[name] = case_to_dict(case)
    paths = []
    for i in range(n):
        path = folder / f"afdeling-{i:05d}.xlsx"
        paths.append(path)
        if path.exists():
            continue
        if i >= distinct:
            shutil.copyfile(paths[i % distinct], path)
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


STRUCTURE = ("[Content_Types].xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml")
EXCEL_NS = (' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15 xr xr6 xr10 xr2"'
            ' xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"'
            ' xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision"'
            ' xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6"'
            ' xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10"'
            ' xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2"')


def excel_workbook(xml: str, i: int) -> str:
    """The workbook part of copy ``i`` as Excel saves it on department ``i``'s machine."""
    import re

    guid = f"{{{i:08X}-5E1F-4C2B-9A3D-{i * 7919:012X}}}"
    saved = ('<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
             '<mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\afdeling' + str(i) + '\\Documents\\S\u00d8M\\"'
             ' xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/></mc:Choice></mc:AlternateContent>'
             f'<xr:revisionPtr revIDLastSave="0" documentId="8_{guid}" xr6:coauthVersionLast="47"'
             ' xr6:coauthVersionMax="47" xr10:uidLastSave="{00000000-0000-0000-0000-000000000000}"/>')
    xml = xml.replace('relationships">', 'relationships"' + EXCEL_NS + ">", 1)
    xml = re.sub(r"<fileVersion [^>]*/>", '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27425"/>', xml)
    xml = re.sub(r"<workbookPr [^>]*/>", lambda m: '<workbookPr defaultThemeVersion="166925"/>' + saved, xml)
    xml = re.sub(r"<workbookView [^>]*/>", f'<workbookView xWindow="{-120 + i % 9 * 240}" yWindow="-120"'
                 f' windowWidth="{19200 + i % 5 * 960}" windowHeight="{10200 + i % 4 * 600}" activeTab="{i % 9}"'
                 f' xr2:uid="{guid}"/>', xml)
    if i % 10 == 9:
        table = re.findall(r'<sheet name="([^"]*)"', xml)[5].replace("'", "''")
        xml = xml.replace("<definedNames>", '<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="5"'
                          f' hidden="1">\'{table}\'!$B$17:$BR$67</definedName>', 1)
    return re.sub(r"<calcPr [^>]*/>", '<calcPr calcId="191029"/><extLst><ext uri="{140A7094-0E35-4892-8432-C4D2E57EDB9C}"'
                  ' xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">'
                  '<x15:workbookPr chartTrackingRefBase="1"/></ext></extLst>', xml)


def apart(paths: list[Path], folder: Path) -> list[Path]:
    """Copies of ``paths`` in ``folder`` whose structure parts differ from copy to copy: the workbook
    part as Excel saves it (``excel_workbook``), the others with as many spaces after the XML
    declaration as the copy's number."""
    import zipfile

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, path in enumerate(paths):
        out.append(folder / path.name)
        with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out[-1], "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename in STRUCTURE:
                    data = data.replace(b"?>", b"?>" + b" " * (i + 1), 1)
                elif info.filename == "xl/workbook.xml":
                    data = excel_workbook(data.decode("utf-8"), i).encode("utf-8")
                zout.writestr(info, data)
    return out


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
        self.cpu = 0.0
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
        started = time.thread_time()
        while not self._stop.wait(0.02):
            self.cpu = time.thread_time() - started  # the sampler's own CPU, taken out of the parent's
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


def rss_now() -> int:
    return TreeRSS._rss(os.getpid())


class Run:
    """One ``collect`` of ``paths`` and the writing of its outputs, with the figures of section 2
    and 3 of the module docstring."""

    def __init__(self, paths: list[Path], out: Path) -> None:
        from somxl.loop.collect import collect, write_overview, write_table

        n = len(paths)
        tenth = max(1, n // 10)
        marks: dict[str, int] = {}

        def progress(done: int, total: int, name: str) -> None:
            if done == tenth:
                marks["tenth"] = rss_now()
            if done == total:
                marks["last"] = rss_now()

        gc.collect()
        t0, cpu0, own0 = time.perf_counter(), cpu_seconds(), time.process_time()
        with TreeRSS() as rss:
            c = collect(paths, progress=progress)
        self.wall = time.perf_counter() - t0
        self.cpu, self.cpu_parent = cpu_seconds() - cpu0 - rss.cpu, time.process_time() - own0 - rss.cpu
        self.peak_tree, self.peak_parent = rss.peak_tree, rss.peak_self
        self.growth = (marks["last"] - marks["tenth"]) / (n - tenth) if n > tenth and marks else float("nan")
        self.valid = sum(1 for f in c.files if f.validation.report.valid)
        self.included = len(c.portfolio.files)
        t0 = time.perf_counter()
        write_overview(out / "oversigt.xlsx", c, force=True)
        self.t_overview = time.perf_counter() - t0
        t0 = time.perf_counter()
        write_table(out / "tabel.csv", c, force=True)
        self.t_table = time.perf_counter() - t0
        self.rows = sum(1 for _ in c.table_rows())
        self.n = n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=200)
    ap.add_argument("--distinct", type=int, default=200, help="generated workbooks; the rest are copies")
    ap.add_argument("--dir", type=Path, help="keep the generated workbooks here between runs")
    ap.add_argument("--scale", action="store_true", help="also collect a tenth of the files first (linearity)")
    ap.add_argument("--apart", action="store_true", help="also collect copies whose structure parts all differ")
    args = ap.parse_args()

    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paths = make_files(args.dir or tmp / "svar", args.files, args.distinct)
        small = Run(paths[:max(1, len(paths) // 10)], tmp) if args.scale else None
        cpu0 = cpu_seconds()
        name, t_bare = bare_loop(paths)
        cpu_bare = cpu_seconds() - cpu0
        r = Run(paths, tmp)
        other = Run(apart(paths, tmp / "apart"), tmp) if args.apart else None
        n = len(paths)
        cores = os.cpu_count() or 1
        print(f"{n} filled workbooks ({min(n, args.distinct)} generated, the rest copies), {cores} CPU core(s); "
              "load average before: " + (" ".join(f"{x:.2f}" for x in load) if load else "n/a"))
        print(f"bare read loop ({name}, 1 process): {t_bare:7.2f} s  {n / t_bare:7.1f} files/s")
        print(f"collect (spawn workers, validate + calculate): {r.wall:7.2f} s  {n / r.wall:7.1f} workbooks/s"
              f"  = {t_bare / r.wall:.2f} x the bare read loop")
        print(f"CPU per file: bare loop {cpu_bare / n * 1000:5.1f} ms; collect {r.cpu / n * 1000:5.1f} ms "
              f"(parent and workers, worker start-up included; parent alone {r.cpu_parent / n * 1000:4.1f} ms) "
              f"= {r.cpu / cpu_bare:.2f} x; {cores} cores fully ours would give about {cores * n / r.cpu:.0f} workbooks/s")
        print(f"wall time per file {r.wall / n * 1000:6.2f} ms; peak RSS of the process tree {r.peak_tree / 2**20:6.1f} MB, "
              f"of the parent {r.peak_parent / 2**20:6.1f} MB; parent RSS growth per file "
              f"{r.growth / 1024:6.2f} kB (from the tenth file done to the last)")
        print(f"writing the overview workbook {r.t_overview:6.2f} s and the CSV table {r.t_table:6.2f} s "
              f"({r.rows} table rows)")
        print(f"valid files: {r.valid} of {n}; portfolio of {r.included} files")
        if other is not None:
            print(f"copies with structure parts all different: {n / other.wall:7.1f} workbooks/s, "
                  f"CPU per file {other.cpu / n * 1000:5.1f} ms")
        if small is not None:
            print(f"at {small.n} files: {small.wall / small.n * 1000:6.2f} ms per file (wall); at {n}: "
                  f"{r.wall / n * 1000:6.2f} ms; ratio {(r.wall / n) / (small.wall / small.n):.2f} (1.00 = linear); "
                  f"peak tree RSS {small.peak_tree / 2**20:.1f} -> {r.peak_tree / 2**20:.1f} MB")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print("load average after: " + (" ".join(f"{x:.2f}" for x in load) if load else "n/a"))


if __name__ == "__main__":
    main()
