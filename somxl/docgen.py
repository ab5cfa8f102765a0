"""Generate docs/issues.md from the issue catalogue and docs/cli.md from the commands' help
(``python -m somxl.docgen``).

tests/test_docs.py fails when a committed file differs from what this writes, so the list of
codes and the command reference users read can never drift from the code."""

from __future__ import annotations

from pathlib import Path

from somxl.base.issuecodes import CATALOGUE

HEADINGS = {"internal": "Internal", "C": "C: case file (JSON)", "F": "F: file safety and type",
            "R": "R: reading a workbook", "V": "V: values and cross-field rules", "W": "W: SØM hints",
            "K": "K: a user's catalogue file", "D": "D: distributing copies and collecting answers",
            "X": "X: comparing versions and cases", "B": "B: what a workbook somxl writes says",
            "E": "E: what a command stops with",
            "M": "M: what the command line says"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_issues() -> str:
    lines = ["# Issue codes", "",
             "Generated from `somxl/base/issuecodes.py` by `python -m somxl.docgen`; do not edit by hand.",
             "Severity: an error makes a file invalid; a warning does so only with `--strict`; info never.",
             "Messages take the issue's parameters in braces (`{value}` is the value read, `{field}` the "
             "field label as printed in the workbook).", ""]
    groups: dict[str, list] = {}
    for code, d in CATALOGUE.items():
        groups.setdefault("internal" if code == "internal" else code[0], []).append(d)
    for key, defs in groups.items():
        lines += [f"## {HEADINGS.get(key, key)}", "", "| code | severity | title | message and fix (da) | message and fix (en) |",
                  "|---|---|---|---|---|"]
        for d in defs:
            # an F code's headline is the line the command ends with, after the message and fix
            da = f"{d.message_da} {d.fix_da}".strip() + (f" (sidste linje: {d.headline_da})" if d.headline_da else "")
            en = f"{d.message_en} {d.fix_en}".strip() + (f" (last line: {d.headline_en})" if d.headline_en else "")
            lines.append(f"| {d.code} | {d.severity} | {_cell(d.title_da)} / {_cell(d.title_en)} | {_cell(da)} | {_cell(en)} |")
        lines.append("")
    return "\n".join(lines)


def render_cli() -> str:
    from somxl.cli import command_reference

    lines = ["# Command reference", "",
             "Generated from the commands by `python -m somxl.docgen`; do not edit by hand.",
             "Exit codes of every command: 0 done or valid, 1 invalid input (the report lists every "
             "problem), 2 unreadable input or a usage error. Every command takes `--lang da|en`.", ""]
    for cmd in command_reference():
        lines += [f"## {cmd['name']}", "", f"`{cmd['usage']}`", "", cmd["help"], ""]
        if cmd["commands"]:
            lines += ["| command | what it does |", "|---|---|"]
            lines += [f"| `{name}` | {_cell(text)} |" for name, text in cmd["commands"]]
            lines.append("")
        lines += ["| option | meaning |", "|---|---|"]
        lines += [f"| `{_cell(flags)}` | {_cell(text)} |" for flags, text in cmd["options"]]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs"
    (docs / "issues.md").write_text(render_issues(), encoding="utf-8")
    (docs / "cli.md").write_text(render_cli(), encoding="utf-8")


if __name__ == "__main__":
    main()
