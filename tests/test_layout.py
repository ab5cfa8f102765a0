"""The package's stages stay visible: every module is in the README's module map, in the
folder of its stage (base, model, workbook_in, workbooks_out, loop, or the top), every
import goes one way, shared ← contracts ← reading | calculation | writers ← flows ← cli, and no
writer imports another writer: a writer imports only the writers' base (xlsxout and the input
sheets) and its own parts, as the map marks them (``writers (base)``, ``writers (results)``).

The map in README.md is the one place a module's stage is decided; this test reads it, so the
map cannot fall behind the code (a new module without a row fails). Imports are read with
``ast`` from the source, at module level and inside functions (the lazy imports that keep
``somxl --help`` fast are real dependencies too), without importing anything.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "somxl"

# What each stage may import. Reading, calculation and writers are peers; writers may also
# import calculation, because the result workbook writes the engine's arrays as formulas
# (README, "Module map").
MAY_IMPORT = {
    "shared": {"shared"},
    "contracts": {"shared", "contracts"},
    "reading": {"shared", "contracts", "reading"},
    "calculation": {"shared", "contracts", "calculation"},
    "writers": {"shared", "contracts", "calculation", "writers"},
    "flows": {"shared", "contracts", "reading", "calculation", "writers", "flows"},
    "cli": {"shared", "contracts", "reading", "calculation", "writers", "flows", "cli"},
}

# The imports against the direction that main had when this test was written, each with why it
# is there and where it belongs. Remove an entry when its import is gone (a stale entry fails);
# never add one for new code: put the import where its stage allows.
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}

# The folder of each stage (README, "Module map"): the data flow reads from the folder names.
FOLDER = {"shared": "base", "contracts": "model", "calculation": "model", "reading": "workbook_in",
          "writers": "workbooks_out", "flows": "loop", "cli": ""}
SUBPACKAGES = {f for f in FOLDER.values() if f}


def package_modules() -> dict[str, Path]:
    """module name → its file, for every module of the package (a subpackage's ``__init__``,
    which holds its docstring only, is the folder, not a module). Names are unique across
    folders, so a stage is decided by the name alone."""
    found: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent != PACKAGE and path.name == "__init__.py":
            continue
        assert path.stem not in found, f"two modules named {path.stem}: {found[path.stem]} and {path}"
        found[path.stem] = path
    return found


def map_paths() -> dict[str, str]:
    """dotted path under somxl (``model.case``) → its stage cell, from the table under the
    README's module-map marker."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- module-map:.*?-->\n((?:\|.*\n)+)", readme)
    assert found, "README.md lacks the module map (the table after '<!-- module-map: ... -->')"
    rows = {}
    for line in found.group(1).splitlines()[2:]:  # after the heading and the |---| row
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[1]
    return rows


def map_rows() -> dict[str, str]:
    """module → its stage cell (e.g. ``writers (results)``); the map names a module by its
    path under somxl (``model.case``)."""
    return {dotted.rsplit(".", 1)[-1]: cell for dotted, cell in map_paths().items()}


def module_map() -> dict[str, str]:
    """module → stage (the stage cell without its writer mark)."""
    return {m: cell.split(" (")[0] for m, cell in map_rows().items()}


def writer_groups() -> dict[str, str]:
    """writer module → its writer: ``base`` for the writers' base, the named writer for a part
    (``writers (results)`` is a part of results), else the module itself."""
    out = {}
    for m, cell in map_rows().items():
        found = re.fullmatch(r"writers(?: \((\w+)\))?", cell)
        if found:
            out[m] = found.group(1) or m
    return out


def writer_violations(groups: dict[str, str], graph: dict[str, dict[str, int]]) -> list[tuple[str, str, str]]:
    """(importer, imported, why) for every writer importing another writer: a writer may import
    the base and the parts of its own writer; the base imports only the base."""
    bad = []
    for importer, imported in sorted(graph.items()):
        if importer not in groups:
            continue
        for name, line in sorted(imported.items()):
            if name not in groups or groups[name] in ("base", groups[importer]):
                continue
            if groups[importer] == "base":
                bad.append((importer, name, f"line {line}: the writers' base imports the writer {groups[name]}"))
            else:
                bad.append((importer, name, f"line {line}: the writer {groups[importer]} imports the writer "
                                            f"{groups[name]}; share it through the base (xlsxout) instead"))
    return bad


def imports_of(source: str, modules: set[str]) -> dict[str, int]:
    """The somxl modules ``source`` imports (anywhere in it), each with its first line.

    ``from somxl import x`` is module x when x is one, else the package (``__init__``); a
    subpackage or a name that is no module of somxl is given as itself, so the caller sees it."""
    found: dict[str, int] = {}

    def add(name: str, line: int) -> None:
        found.setdefault(name, line)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "somxl":
                    parts = parts[1:]
                    if parts and parts[0] in SUBPACKAGES and len(parts) > 1:
                        parts = parts[1:]
                    add(parts[0] if parts else "__init__", node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level > 1:
                raise AssertionError(f"line {node.lineno}: an import from above the package")
            if node.level == 1:
                parts = node.module.split(".") if node.module else []
            elif node.module and node.module.split(".")[0] == "somxl":
                parts = node.module.split(".")[1:]
            else:
                continue
            if parts and parts[0] in SUBPACKAGES:  # somxl.model.case is the module case
                parts = parts[1:]
            if parts:
                add(parts[0], node.lineno)
            else:
                for alias in node.names:
                    add(alias.name if alias.name in modules else "__init__", node.lineno)
    return found


def violations(stages: dict[str, str], graph: dict[str, dict[str, int]]) -> list[tuple[str, str, str]]:
    """(importer, imported, why) for every import the stages do not allow."""
    bad = []
    for importer, imported in sorted(graph.items()):
        if importer not in stages:
            bad.append((importer, "", "it is no module in the map"))
            continue
        for name, line in sorted(imported.items()):
            if name not in stages:
                bad.append((importer, name, f"line {line}: {name} is no module in the map"))
            elif stages[name] not in MAY_IMPORT[stages[importer]]:
                bad.append((importer, name, f"line {line}: {stages[importer]} may not import {stages[name]}"))
    return bad


def package_graph(stages: dict[str, str]) -> dict[str, dict[str, int]]:
    modules = package_modules()
    return {m: imports_of(p.read_text(encoding="utf-8"), set(modules)) for m, p in modules.items()}


def test_every_module_is_in_the_map_and_every_row_is_a_module():
    stages = module_map()
    modules = set(package_modules())
    assert not modules - stages.keys(), (
        f"modules without a row in README.md's module map: {sorted(modules - stages.keys())}; "
        "add a row saying its stage (shared, contracts, reading, calculation, writers, flows, cli)")
    assert not stages.keys() - modules, f"rows for modules that do not exist: {sorted(stages.keys() - modules)}"
    unknown = {m: s for m, s in stages.items() if s not in MAY_IMPORT}
    assert not unknown, f"unknown stages in the module map: {unknown}"


def test_every_module_lives_in_the_folder_of_its_stage():
    """The map names each module by its path, the path is where the file is, and the folder
    is its stage's: a module moved without its row, or put in another stage's folder, fails."""
    files = package_modules()
    for dotted, cell in map_paths().items():
        name = dotted.rsplit(".", 1)[-1]
        folder = dotted.rsplit(".", 1)[0] if "." in dotted else ""
        if dotted == "__init__":  # the package itself (shared, light to import) is its folder
            continue
        assert folder == FOLDER[cell.split(" (")[0]], f"{dotted} ({cell}) belongs in somxl/{FOLDER[cell.split(' (')[0]]}"
        assert files[name] == PACKAGE.joinpath(*dotted.split(".")).with_suffix(".py"), (dotted, files[name])
    for sub in SUBPACKAGES:  # a folder's __init__ says what the stage is, and imports nothing
        tree = ast.parse((PACKAGE / sub / "__init__.py").read_text(encoding="utf-8"))
        assert ast.get_docstring(tree) and len(tree.body) == 1, f"somxl/{sub}/__init__.py: a docstring only"


def test_imports_go_one_way():
    stages = module_map()
    found = violations(stages, package_graph(stages))
    new = [v for v in found if v[:2] not in KNOWN_VIOLATIONS]
    assert not new, "imports against the stages (README, 'Module map'):\n" + "\n".join(
        f"  {a} imports {b} ({why})" for a, b, why in new)
    stale = KNOWN_VIOLATIONS.keys() - {v[:2] for v in found}
    assert not stale, f"KNOWN_VIOLATIONS lists imports that are gone, remove them: {sorted(stale)}"


def test_no_writer_imports_another_writer():
    """Every writer writes through xlsxout and carries the input sheets through inputsheets (the
    base); a result sheet is part of the result workbook; nothing else crosses between writers."""
    groups = writer_groups()
    assert {m for m, g in groups.items() if g == "base"} == {"xlsxout", "inputsheets"}
    found = writer_violations(groups, package_graph(module_map()))
    assert not found, "writers importing other writers (README, 'Module map'):\n" + "\n".join(
        f"  {a} imports {b} ({why})" for a, b, why in found)


def test_a_writer_importing_another_is_caught():
    groups = {"xlsxout": "base", "generate": "base", "results": "results", "summary": "results",
              "annotate": "annotate"}
    graph = {"annotate": {"xlsxout": 1, "generate": 2, "summary": 3}, "summary": {"results": 4, "xlsxout": 1},
             "results": {"summary": 2, "generate": 3}, "generate": {"xlsxout": 1, "results": 9}, "xlsxout": {}}
    found = writer_violations(groups, graph)
    assert [(a, b) for a, b, _ in found] == [("annotate", "summary"), ("generate", "results")]
    assert "the writers' base imports the writer results" in found[1][2]


def imported_test_modules(source: str) -> dict[str, int]:
    """The test modules (``test_*``) ``source`` imports, as ``import test_x``, ``from test_x
    import ...``, ``from tests.test_x import ...`` or ``from . import test_x``, each with its line."""
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] + [f"{node.module or ''}.{alias.name}" for alias in node.names]
        for name in names:
            for part in name.split("."):
                if part.startswith("test_"):
                    found.setdefault(part, node.lineno)
    return found


def test_no_test_module_imports_another():
    """What several test modules share lives in a helper module (fixtures, helpers, readback,
    xlsx_build, hostile, pdfpages, conftest), so running or changing one test file never
    depends on another."""
    found = [f"{p.name} imports {name} (line {line})"
             for p in sorted((ROOT / "tests").glob("*.py"))
             for name, line in sorted(imported_test_modules(p.read_text(encoding="utf-8")).items())]
    assert not found, "move the shared fixture into tests/fixtures.py (or another helper):\n" + "\n".join(found)


def test_the_test_import_reader_sees_every_form():
    source = """
import test_engine
from test_summary import knowledge_case
from tests.test_fuzz_workbook import edit_copy
from . import test_recalc_results
from fixtures import WORKED
from somxl.model.engine import calculate
import pytest
"""
    assert sorted(imported_test_modules(source)) == [
        "test_engine", "test_fuzz_workbook", "test_recalc_results", "test_summary"]


def test_no_library_module_imports_recalc():
    """LibreOffice is for tests only, never at run time."""
    stages = module_map()
    users = sorted(m for m, imported in package_graph(stages).items() if "recalc" in imported)
    assert users == []


def test_the_import_reader_sees_every_form_of_import():
    source = """
from __future__ import annotations
import os
import somxl
import somxl.model.engine as e
from somxl.base import report
from somxl import __version__
from somxl.model.case import Case
from .numbers import parse_number
from . import spec
from somxl.templates import x
if TYPE_CHECKING:
    from somxl.model.analysis import sensitivity

def later():
    from somxl.workbook_in.read import read_workbook

class Sheet:
    def method(self):
        import somxl.workbooks_out.formulas
"""
    modules = {"engine", "report", "case", "numbers", "spec", "analysis", "read", "formulas"}
    assert sorted(imports_of(source, modules)) == [
        "__init__", "analysis", "case", "engine", "formulas", "numbers", "read", "report", "spec", "templates"]


def test_a_wrong_way_import_is_caught():
    stages = {"engine": "calculation", "read": "reading", "results": "writers", "case": "contracts",
              "cli": "cli"}
    graph = {"engine": {"case": 3, "read": 9}, "results": {"engine": 2, "cli": 5}, "case": {}, "read": {},
             "cli": {"results": 1, "ghost": 2}}
    assert [(a, b) for a, b, _ in violations(stages, graph)] == [
        ("cli", "ghost"), ("engine", "read"), ("results", "cli")]
