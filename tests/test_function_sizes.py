"""No function in somxl/ grows past about a screen (60 lines) unnoticed.

A long function is where the next change goes wrong: several jobs, state threaded through a
page of code. This test lists every function and method over ``LIMIT`` lines (from its ``def``
to its last line, nested functions counted in their parent) and fails for one that is not on
``ALLOWED`` with the reason it is long, and for an entry that is no longer needed (shrink a
function, then remove its entry). Read with ``ast``, nothing imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "somxl"
LIMIT = 60

# "module.qualname" → why it is long. Cutting a function is always welcome; adding an entry
# needs a reason a reviewer accepts (e.g. a table written out, one linear recipe).
ALLOWED: dict[str, str] = {}


def long_functions(source: str, module: str, limit: int = LIMIT) -> dict[str, int]:
    """"module.qualname" → length in lines, for every function of ``source`` longer than ``limit``."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                length = child.end_lineno - child.lineno + 1
                if length > limit:
                    found[f"{module}.{name}"] = length
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(ast.parse(source), "")
    return found


def package_long_functions() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        found.update(long_functions(path.read_text(encoding="utf-8"), path.stem))
    return found


def test_no_function_is_long_without_a_reason():
    found = package_long_functions()
    new = {name: n for name, n in found.items() if name not in ALLOWED}
    assert not new, ("functions over %d lines (cut them, or add them to ALLOWED with why):\n" % LIMIT) + "\n".join(
        f"  {name}: {n} lines" for name, n in sorted(new.items()))
    stale = sorted(ALLOWED.keys() - found.keys())
    assert not stale, f"ALLOWED lists functions that are gone or no longer long, remove them: {stale}"
    assert all(reason.strip() for reason in ALLOWED.values()), "every entry in ALLOWED needs a reason"


def test_the_reader_measures_functions_and_methods():
    def block(indent: str) -> str:
        return "".join(f"{indent}x{i} = {i}\n" for i in range(LIMIT))

    source = ("def long():\n" + block("    ") + "\ndef short():\n    pass\n\nclass Sheet:\n"
              "    def write(self):\n" + block("        ") + "        def inner():\n" + block("            "))
    assert long_functions(source, "m") == {"m.long": LIMIT + 1, "m.Sheet.write": 2 * LIMIT + 2,
                                           "m.Sheet.write.inner": LIMIT + 1}
