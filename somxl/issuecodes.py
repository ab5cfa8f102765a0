"""The one catalogue of issue codes: code → severity, title, message and fix in Danish and English.

Codes are stable: tests, users' scripts and docs/issues.md (generated from this file by
``python -m somxl.docgen``) refer to them. Prefixes: ``C`` case file (JSON) checks,
``F`` file safety and type, ``R`` reading a workbook, ``V`` validation of values and
cross-field rules, ``W`` SØM-specific hints. Message templates take ``{value}``,
``{field}`` and the issue's own parameters; they state what is wrong and the rule, and
the ``fix`` states how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IssueDef:
    code: str
    severity: str  # "error" | "warning" | "info"
    title_da: str
    title_en: str
    message_da: str
    message_en: str
    fix_da: str = ""
    fix_en: str = ""

    def text(self, lang: str, part: str) -> str:
        return getattr(self, f"{part}_{'en' if lang == 'en' else 'da'}")


_DEFS: list[IssueDef] = [
    IssueDef(
        "internal", "error", "Intern fejl", "Internal error",
        "Der opstod en uventet fejl: {detail}.", "An unexpected error occurred: {detail}.",
        "Send filen til somxl's udviklere.", "Send the file to the somxl developers.",
    ),
    # --- C: case file (JSON) -----------------------------------------------------------
    # --- F: file safety and type ---------------------------------------------------------
    # --- R: reading a workbook -----------------------------------------------------------
    # --- V: values and cross-field rules -------------------------------------------------
    # --- W: SØM hints --------------------------------------------------------------------
]

CATALOGUE: dict[str, IssueDef] = {d.code: d for d in _DEFS}

