"""Generate docs/issues.md from the issue catalogue (``python -m somxl.docgen``).

tests/test_docs.py fails when the committed file differs from what this writes, so the list of
codes users read can never drift from the code."""

from __future__ import annotations

from pathlib import Path

from somxl.issuecodes import CATALOGUE

HEADINGS = {"internal": "Internal", "C": "C: case file (JSON)", "F": "F: file safety and type",
            "R": "R: reading a workbook", "V": "V: values and cross-field rules", "W": "W: SØM hints",
            "K": "K: a user's catalogue file"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_issues() -> str:
    lines = ["# Issue codes", "",
             "Generated from `somxl/issuecodes.py` by `python -m somxl.docgen`; do not edit by hand.",
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
            da = f"{d.message_da} {d.fix_da}".strip()
            en = f"{d.message_en} {d.fix_en}".strip()
            lines.append(f"| {d.code} | {d.severity} | {_cell(d.title_da)} / {_cell(d.title_en)} | {_cell(da)} | {_cell(en)} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    target = Path(__file__).resolve().parent.parent / "docs" / "issues.md"
    target.write_text(render_issues(), encoding="utf-8")


if __name__ == "__main__":
    main()
