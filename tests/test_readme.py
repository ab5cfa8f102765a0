"""The README's quick start stays true: the demo prints what the README shows, and CI runs the
README's test command."""

from __future__ import annotations

import os
import re
from pathlib import Path

from click.testing import CliRunner

from somxl.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = 'python -m pip install ".[test]" && python -m pytest'


def test_quick_start_commands_are_in_readme_and_ci():
    assert "python -m pip install . && somxl demo demo-out" in README
    assert TEST_COMMAND in README
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_demo_prints_what_the_readme_shows(tmp_path, monkeypatch):
    shown = re.search(r"<!-- demo-output:.*?-->\n```\n(.*?)```", README, re.S)
    assert shown, "README lacks the demo-output block"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo", "demo-out"])
    assert result.exit_code == 0, result.output
    printed = result.output.replace(os.sep, "/")
    assert printed == shown.group(1), "README's demo output is stale: paste what `somxl demo demo-out` prints"
    out = tmp_path / "demo-out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == [
        "housing-first-resultat.json", "housing-first-resultat.xlsx", "housing-first-udfyldt.xlsx",
        "ips-employment-resultat.json", "ips-employment-resultat.xlsx", "ips-employment-udfyldt.xlsx",
        "modtagere.csv", "oversigt.xlsx",
        "recidivism-resultat.json", "recidivism-resultat.xlsx", "recidivism-udfyldt.xlsx",
        "sammenligning.xlsx", "tom-skabelon.xlsx", "udsendelse", "udsendelse/Jobcenter og Socialpsykiatri.xlsx",
        "udsendelse/Social- og Beskæftigelsesforvaltningen.xlsx", "udsendelse/Socialforvaltningen.xlsx",
        "udsendelse/udsendelse.csv"]


def test_readme_says_to_make_a_venv_first_and_how_to_run_without_the_script():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert quick.index("python -m venv .venv") < quick.index("python -m pip install . && somxl demo demo-out")
    assert ".venv\\Scripts\\activate" in quick and ". .venv/bin/activate" in quick
    assert "python -m somxl demo demo-out" in quick
    assert (ROOT / "somxl" / "__main__.py").is_file()
