"""`somxl --help` stays light: no numpy, pandas, openpyxl, XlsxWriter or YAML at start-up
(the time itself is measured by benchmarks/bench_startup.py, not here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HEAVY = ("numpy", "pandas", "openpyxl", "xlsxwriter", "yaml")
SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "housing-first.json"


def loaded_after(code: str, modules: tuple[str, ...]) -> list[str]:
    """Which of ``modules`` a fresh interpreter has loaded once it has run ``code``."""
    code += f"\nimport sys\nprint(','.join(m for m in {modules!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [m for m in out.stdout.strip().split(",") if m]


def test_help_imports_no_heavy_module():
    code = ("from click.testing import CliRunner\nfrom somxl.cli import cli\n"
            "assert CliRunner().invoke(cli, ['--help']).exit_code == 0")
    assert loaded_after(code, HEAVY) == []


def test_a_collect_worker_loads_neither_the_writers_nor_the_manifest_reader_nor_numpy():
    # what a spawned worker imports to validate and calculate (collect_one) is paid once per worker;
    # it is sent the catalogue's names (validate.catalog_names), not the catalogue, and calculates
    # with engine.figures, which needs no numpy (~50-75 ms of CPU a worker)
    code = ("import json\nfrom pathlib import Path\nfrom somxl.model.case import parse_case\n"
            "from somxl.loop.collect import collect_one\nfrom somxl.model.engine import figures\n"
            f"case, _ = parse_case(json.loads(Path({str(SAMPLE)!r}).read_text(encoding='utf-8')))\n"
            "figures(case).summary()")
    assert loaded_after(code, ("somxl.loop.distribute", "somxl.workbooks_out.xlsxout", "somxl.model.analysis", "xlsxwriter", "somxl.cli",
                               "click", "pandas", "somxl.model.catalog", "yaml", "numpy")) == []


def test_collecting_loads_no_writer_before_the_overview_is_written():
    # the parent takes in every file's result (its round: spec.round_of) without the workbook writers
    code = ("from pathlib import Path\nfrom somxl.loop.collect import Returned, _Spool\n"
            "from somxl.base.report import Report\nfrom somxl.workbook_in.validate import Validation\n"
            "f = Returned(Path('a.xlsx'), Validation(Report(file='a.xlsx'), stamp={'round': 2}))\n"
            "f.spool(_Spool())\nassert f.round == 2")
    assert loaded_after(code, ("somxl.workbooks_out.annotate", "somxl.workbooks_out.inputsheets", "somxl.workbooks_out.xlsxout", "xlsxwriter")) == []


def test_the_console_script_loads_the_commands_only_when_run():
    # spawn starts each collect worker by running the console script again (as __mp_main__, not
    # calling it): the module it imports must not load click and the commands in every worker
    import tomllib

    target = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    module, func = target["project"]["scripts"]["somxl"].split(":")
    code = (f"import sys\nfrom {module} import {func}\n"
            "print(','.join(m for m in ('somxl.cli', 'click') if m in sys.modules))\n"
            f"sys.argv = ['somxl', '--version']\n{func}()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    from somxl import __version__

    assert out.stdout.splitlines() == ["", f"somxl, version {__version__}"]
