"""The docs stay true to the code: the generated references match it, and the hand-written pages
(README.md, docs/*.md, samples/README.md) name only commands, options, sheets, issue codes, names
and figures that exist as they say. Each check reads the page, so a page that falls behind fails."""

from __future__ import annotations

import dataclasses
import inspect
import json
import re
import shlex
import shutil
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from readback import fill
from somxl.model import engine
from somxl.cli import cli
from somxl.docgen import render_cli, render_issues
from somxl.base.issuecodes import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GENERATED = {"issues.md", "cli.md"}
PAGES = [ROOT / "README.md", ROOT / "samples" / "README.md",
         *sorted(p for p in DOCS.glob("*.md") if p.name not in GENERATED)]


# Every context below is made with the group's settings (-h beside --help): click keeps a
# command's help option once made, so a context without them would take -h away from later tests.


def page(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def test_issues_md_is_fresh():
    text = (DOCS / "issues.md").read_text(encoding="utf-8")
    assert text == render_issues(), "docs/issues.md is stale: run python -m somxl.docgen"


def test_every_code_is_documented():
    text = (DOCS / "issues.md").read_text(encoding="utf-8")
    assert all(f"| {code} |" in text for code in CATALOGUE)


def test_cli_md_is_fresh():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert text == render_cli(), "docs/cli.md is stale: run python -m somxl.docgen"
    assert all(f"## somxl {name}" in text for name in ("new", "validate", "export", "fill", "calc", "demo"))


def test_cli_md_usage_lines_are_clicks_own():
    """The reference's usage line of every command is the one `somxl CMD --help` prints (it
    once doubled the '...' of FILE... into FILE......)."""
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    with click.Context(cli, info_name="somxl", **cli.context_settings) as ctx:
        for name in cli.list_commands(ctx):
            cmd = cli.get_command(ctx, name)
            with click.Context(cmd, info_name=name, parent=ctx) as sub:
                usage = " ".join(cmd.get_usage(sub).removeprefix("Usage:").split())
            assert f"`{usage}`" in text, f"docs/cli.md's usage of somxl {name} is not click's: {usage}"


# --- every `somxl ...` the pages show ----------------------------------------------------------

def _code_lines(text: str) -> list[str]:
    """The commands a page shows: inline code spans, and the lines of fenced blocks (a line
    starting with spaces continues the command above it; '$ ' prompts and '  # ...' comments go)."""
    spans = re.findall(r"`([^`]+)`", re.sub(r"```.*?```", "", text, flags=re.S))
    found = [" ".join(span.split()) for span in spans]
    for block in re.findall(r"```[^\n]*\n(.*?)```", text, re.S):
        lines: list[str] = []
        for line in block.splitlines():
            if line.lstrip().startswith("[") and lines and "somxl " in lines[-1]:
                lines[-1] += " " + line.strip()
            else:
                lines.append(line.removeprefix("$ "))
        found += [re.sub(r"\s{2,}#.*$", "", line) for line in lines]
    commands = []
    for code in found:
        for part in code.split("&&"):
            m = re.match(r"\s*(?:\S*python(?:\.exe)? -m )?somxl (\S.*?)\s*$", part)
            if m:
                commands.append(m.group(1))
    return commands


def documented_commands() -> list[tuple[str, str]]:
    return [(p.relative_to(ROOT).as_posix(), c) for p in PAGES for c in _code_lines(p.read_text(encoding="utf-8"))]


def _is_synopsis(command: str) -> bool:
    """A synopsis (`somxl new OUT.xlsx [--force]`), not a command to run: brackets, a choice,
    '...', or a placeholder in capitals (FILE, OLD, RETURNED.xlsx)."""
    return bool(re.search(r"[\[|]|\.\.\.", command)) or any(
        re.fullmatch(r"[A-Z][A-Z_]+(\.[a-z]+)?", token) for token in command.split())


def _options(cmd: click.Command) -> set[str]:
    return {o for p in cmd.params if isinstance(p, click.Option) for o in (*p.opts, *p.secondary_opts)}


def test_the_pages_show_commands():
    """The extraction below finds what it should (so the checks after it are not vacuous)."""
    shown = dict.fromkeys(c for _, c in documented_commands())
    assert {"demo demo-out", "validate svar/*.xlsx", "calc samples/recidivism.json --lang en",
            "fill samples/X.json -o X.xlsx", "validate X.xlsx"} <= shown.keys()
    assert len(shown) > 40


@pytest.mark.parametrize(("where", "command"), documented_commands())
def test_every_documented_command_exists_and_parses(where, command):
    """Every `somxl ...` on a page names a command and only its options; one that reads as a
    command to run (a file named, no placeholders) parses with the current CLI as it stands."""
    name, *args = shlex.split(command, posix=True)
    with click.Context(cli, info_name="somxl", **cli.context_settings) as ctx:
        cmd = cli.get_command(ctx, name)
        assert cmd is not None, f"{where}: `somxl {command}`: there is no command {name}"
        named = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", command))
        assert named <= _options(cmd), f"{where}: `somxl {command}`: no option {sorted(named - _options(cmd))}"
        if _is_synopsis(command) or not args or args[0].startswith("-"):
            return  # a synopsis, or a command named with an option in passing (`somxl fill --next-round`)
        try:
            cmd.make_context(name, args, parent=ctx)
        except click.ClickException as e:
            pytest.fail(f"{where}: `somxl {command}` does not parse: {e.format_message()}")


def test_full_synopses_list_every_option():
    """A synopsis that shows `--lang` means to be the command's whole synopsis: it lists every
    option the command has (so a new option gets into the docs)."""
    checked = 0
    with click.Context(cli, info_name="somxl", **cli.context_settings) as ctx:
        for where, command in documented_commands():
            if not (_is_synopsis(command) and "--lang" in command):
                continue
            cmd = cli.get_command(ctx, command.split()[0])
            named = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", command))
            missing = [p.opts[0] for p in cmd.params
                       if isinstance(p, click.Option) and not p.hidden and not set(p.opts) & named]
            assert not missing, f"{where}: `somxl {command}` lacks {missing}"
            checked += 1
    assert checked >= 7


# --- codes, sheets and names the pages quote -------------------------------------------------

def test_every_issue_code_quoted_exists():
    quoted = 0
    for p in [*PAGES, ROOT / "templates" / "som.yaml"]:
        codes = set(re.findall(r"(?<![\w#-])([A-Z]\d{3})(?!\d)", p.read_text(encoding="utf-8")))
        assert codes <= CATALOGUE.keys(), f"{p.name} quotes codes that do not exist: {sorted(codes - CATALOGUE.keys())}"
        quoted += len(codes)
    assert quoted > 100


def _result_sheets() -> list[tuple[str, str]]:
    from somxl.workbooks_out.results import SHEET_NAMES

    return list(SHEET_NAMES.values())


def test_template_md_lists_the_spec_sheets():
    from somxl.model.spec import load_spec

    listed = re.search(r"## Sheets\n\n(.*?)\.\n", page("docs/template.md"), re.S).group(1)
    names = [re.sub(r"\s*\(.*?\)", "", s).strip().split("/") for s in " ".join(listed.split()).split(" · ")]
    sheets = [(n[0], n[-1]) for n in names]  # Metadata is one name in both languages
    assert sheets == [(s.name.da, s.name.en) for s in load_spec().sheets]


def test_results_md_lists_the_result_sheets():
    table = re.search(r"## Sheets\n.*?\n\| sheet \| content \|\n\|---\|---\|\n(.*?)\n\n", page("docs/results.md"), re.S)
    rows = [tuple(r.split("|")[1].strip().split(" / ")) for r in table.group(1).splitlines()]
    assert rows == _result_sheets()


def test_readme_loop_names_the_sheets_in_order():
    from somxl.workbooks_out.scenariosheet import SHEET_NAME
    from somxl.model.spec import load_spec

    readme = page("README.md")
    calc = re.search(r"the result workbook: (.*?) \(the calculation", readme).group(1).split(", ")
    assert calc == [da for da, _ in _result_sheets()]
    assert f"), {SHEET_NAME[0]} when the case has scenarios, and the input sheets" in readme
    new = re.search(r"the input workbook: Vejledning, the five step sheets \(.*?\), (.*?);", readme).group(1)
    visible = [s.name.da for s in load_spec().sheets if s.visibility == "visible" and s.kind not in ("guide", "step")]
    assert new.split(", ") == visible


def test_compare_md_names_the_comparison_sheets():
    from somxl.loop.compare import LABELS

    text = page("docs/compare.md")
    assert "The workbook has three sheets:" in text
    named = re.findall(r"^- \*\*(.+?)\*\*:", text.split("The workbook has three sheets:")[1], re.M)[:3]
    assert named == [LABELS[k][0] for k in ("sheet", "by_year", "inputs")]


def test_readme_module_map_names_what_the_engine_has():
    """The writers' exception names the engine's rows the result workbook writes."""
    readme = page("README.md")
    sentence = re.search(r"one decided exception: (.*?); calculation never imports a writer", readme, re.S).group(1)
    names = re.findall(r"`(\w+)`", sentence)
    fields = {f.name for f in dataclasses.fields(engine.Result)}
    assert names and all(hasattr(engine, n) or n in fields for n in names), names


def test_template_md_spec_api_matches_the_classes():
    import somxl.model.spec as spec

    text = page("docs/template.md").split("## Python API of the spec")[1].split("\n## ")[0]
    text = " ".join(text.split())
    shown = re.findall(r"`(\w+)\(([a-z_, ]+)\)`", text)
    assert len(shown) >= 14
    for name, args in shown:  # a class by its fields, a function or Spec's method by its parameters
        obj = getattr(spec, name, None) or getattr(spec.Spec, name)
        params = ([f.name for f in dataclasses.fields(obj)] if dataclasses.is_dataclass(obj)
                  else [p for p in inspect.signature(obj).parameters if p != "self"])
        assert [a.strip() for a in args.split(",")] == params, name
    attributes = re.search(r"`Spec`: (.*?) `sheet_name", text).group(1)
    assert set(re.findall(r"`(\w+)`", attributes)) == {f.name for f in dataclasses.fields(spec.Spec)}
    assert re.search(r"Types: `(.*?)`", text).group(1).split(", ") == list(spec.TYPES)


def test_template_md_layout_example(tmp_path):
    from somxl.workbooks_out.generate import NewOptions, write_input_workbook

    text = page("docs/template.md")
    name, ref = re.search(r'layout\.ref\("(\w+)"\)\s+# "(.*?)"', text).groups()
    layout = write_input_workbook(tmp_path / "ny.xlsx", lang="da", case=None, options=NewOptions(), catalog=None)
    assert layout.ref(name) == ref
    keys = re.search(r"spec sheet key \((.*?)\) → sheet name", text).group(1)
    listed = [k for k in re.findall(r"`(\w+)`", keys)]
    assert listed[:1] + [f"step{i}" for i in range(1, 6)] + listed[3:] == list(layout.sheets)


def test_template_md_names_the_document_properties(tmp_path):
    """The custom document properties of a stamped copy of round 2 are the ones listed."""
    text = " ".join(page("docs/template.md").split("## Metadata stamp")[1].split("\n## ")[0].split())
    listed = set(re.findall(r"`(somxl_\w+)`", re.search(r"named `somxl_<key>` \((.*?); empty ones omitted\)", text).group(1)))
    fill(tmp_path / "kopi.xlsx", recipient="Anna", submission_id="S-1", deadline="2027-02-01",
         contact="Eva", round=2)
    with zipfile.ZipFile(tmp_path / "kopi.xlsx") as z:
        props = set(re.findall(r'name="(somxl_\w+)"', z.read("docProps/custom.xml").decode("utf-8")))
    assert props == listed


# --- examples whose output the pages show --------------------------------------------------------

def shown_output(name: str, command: str) -> str:
    """What a page shows after `$ somxl COMMAND` in a fenced block, up to the block's end."""
    block = re.search(r"```\n\$ somxl " + re.escape(command) + r"\n(.*?)```", page(name), re.S)
    assert block, f"{name} no longer shows `somxl {command}`"
    return block.group(1)


def run(args: list[str], cwd: Path, monkeypatch) -> str:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def test_compare_example_prints_what_compare_md_shows(tmp_path, monkeypatch):
    command = "compare housing-first.json ips-employment.json recidivism.json -o sammenligning.xlsx"
    for name in ("housing-first", "ips-employment", "recidivism"):
        shutil.copy(ROOT / "samples" / f"{name}.json", tmp_path)
    assert run(shlex.split(command), tmp_path, monkeypatch) == shown_output("docs/compare.md", command)


def test_diff_example_prints_what_compare_md_shows(tmp_path, monkeypatch):
    """The example's second round: the rate with the intervention 12 % -> 14 %, question 4.2
    answered -> partly."""
    case = json.loads((ROOT / "samples" / "housing-first.json").read_text(encoding="utf-8"))
    assert run(["fill", str(ROOT / "samples" / "housing-first.json"), "-o", "runde1.xlsx"], tmp_path, monkeypatch)
    case["effect"]["rate_with"] = 0.14
    case["answers"]["4.2"]["status"] = "partly"
    (tmp_path / "runde2.json").write_text(json.dumps(case), encoding="utf-8")
    run(["fill", "runde2.json", "-o", "runde2.xlsx"], tmp_path, monkeypatch)
    command = "diff runde1.xlsx runde2.xlsx"
    assert run(shlex.split(command), tmp_path, monkeypatch) == shown_output("docs/compare.md", command)
    # the --json shape the page spells out: {"old", ..., "changes": [{...}], "results": [{...}] ...}
    shape = re.search(r"`--json` gives the same as data: `(.*?)`\.", " ".join(page("docs/compare.md").split())).group(1)
    keys = lambda text: set(re.findall(r'"(\w+)"', text))  # noqa: E731
    changes, results = re.findall(r"\[\{(.*?)\}\]", shape)
    data = json.loads(run(["diff", "runde1.xlsx", "runde2.xlsx", "--json"], tmp_path, monkeypatch))
    assert keys(re.sub(r"\[\{.*?\}\]", "", shape)) == set(data)
    assert keys(changes) == set(data["changes"][0]) and keys(results) == set(data["results"][0])


def test_samples_readme_warnings_are_what_validate_gives(tmp_path):
    from somxl.workbook_in.validate import load_input

    table = re.findall(r"^\| ([a-z-]+) \| (\d+)(?: \(([A-Z]\d{3}(?:, [A-Z]\d{3})*)\))? \|", page("samples/README.md"), re.M)
    assert [name for name, *_ in table] == sorted(p.stem for p in (ROOT / "samples").glob("*.json"))
    for name, count, codes in table:
        source = ROOT / "samples" / f"{name}.json"
        filled = tmp_path / f"{name}.xlsx"
        CliRunner().invoke(cli, ["fill", str(source), "-o", str(filled)], catch_exceptions=False)
        for path in (source, filled):
            warnings = load_input(path)[1].warnings
            assert len(warnings) == int(count), (path.name, [w.code for w in warnings])
            assert sorted(w.code for w in warnings) == sorted(codes.split(", ") if codes else []), path.name


def test_readme_library_example_runs(tmp_path, monkeypatch):
    code = re.search(r"## As a library\n\n```python\n(.*?)```", page("README.md"), re.S).group(1)
    monkeypatch.chdir(tmp_path)
    fill(tmp_path / "svar.xlsx")
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "resultat.xlsx").is_file()


def _agrees(shown, real, where: str) -> None:
    """What a page's JSON example shows agrees with the real value: the same keys, the same
    numbers (as far as the page rounds them); '...' stands for what the page leaves out."""
    if isinstance(shown, dict):
        keys = {k for k in shown if k != "..."}
        assert keys <= set(real) and (keys == set(real) or "..." in shown), (where, sorted(shown), sorted(real))
        for k in keys:
            _agrees(shown[k], real[k], f"{where}.{k}")
    elif isinstance(shown, (int, float)) and not isinstance(shown, bool):
        assert real == pytest.approx(shown, rel=5e-4, abs=1e-9), (where, shown, real)
    elif not (isinstance(shown, str) and "..." in shown) and shown != []:
        assert shown == real, (where, shown, real)


def test_case_format_examples_are_a_valid_case_and_its_result():
    from somxl.model.case import parse_case
    from somxl.model.engine import calculate

    case_json, result_json = re.findall(r"```json\n(.*?)```", page("docs/case-format.md"), re.S)[:2]
    case, issues = parse_case(json.loads(case_json))
    assert case is not None and not issues, [i.code for i in issues]
    result = calculate(case).to_dict()
    _agrees(json.loads(result_json.replace("[...]", '"..."')), result, "result")
    assert set(json.loads(result_json.replace("[...]", '"..."'))) == set(result)


def test_method_md_analysis_shapes(tmp_path):
    """docs/method.md's sensitivity and Monte Carlo entries have the keys and factors the
    engine gives (housing-first has uncertainty bounds)."""
    from somxl.model.engine import calculate
    from somxl.workbook_in.validate import load_input

    text = page("docs/method.md")
    result = calculate(load_input(ROOT / "samples" / "housing-first.json")[0]).to_dict()
    sensitivity = json.loads(re.search(r"result file's `sensitivity` is:\n\n```json\n(.*?)```", text, re.S).group(1))
    for key, entries in sensitivity.items():
        assert set(entries[0]) == set(result["sensitivity"][key][0]), key
    factors = re.findall(r'"\.\.\. factors ([\d., ]+)"', text)
    assert [[float(f) for f in fs.split(", ")] for fs in factors] == [
        [e["factor"] for e in result["sensitivity"][k]] for k in ("success_rate", "costs")]
    monte_carlo = json.loads(re.search(r"`monte_carlo` in the result file:\n\n```json\n(.*?)```", text, re.S).group(1))
    assert set(monte_carlo) == set(result["monte_carlo"])


@pytest.mark.parametrize("name", ["docs/catalog.md", "docs/knowledge.md"])
def test_catalogue_examples_load_as_danish_excel_saves_them(tmp_path, name):
    """The `;`-separated examples, saved in Windows-1252 as Danish Excel does, load without a
    K issue and hold what the page says."""
    from somxl.model.catalog import load_catalog

    block = next(b for b in re.findall(r"```\n(.*?)```", page(name), re.S) if b.startswith("type;"))
    path = tmp_path / "eget.csv"
    path.write_bytes(block.encode("cp1252"))
    cat = load_catalog(path)
    if name == "docs/catalog.md":
        assert cat.consequence("Fængselsdage").prices == {"kommune": 0, "region": 0, "stat": 2150.5}
        assert "Unge med angst" in cat.values("target_groups")
        assert "Social- og Sundhedsudvalget" in cat.values("committees")
    else:
        estimate, = cat.estimates_for("Unge med angst")
        assert (estimate.name, estimate.changes) == ("Kontakter i psykiatrien", (-2.5, -1.0, 0.0))
        assert cat.price("Kontakter i psykiatrien").prices == {"kommune": 0, "region": 1250, "stat": 0}


def test_every_command_takes_what_the_pages_say_all_take():
    """README: every command takes `--lang en`; docs/knowledge.md names the commands that take
    `--catalog FILE` (all but `catalog` itself, whose --catalog merges, and `demo`)."""
    assert "Every command takes `--lang en`." in page("README.md")
    text = " ".join(page("docs/knowledge.md").split())
    named = re.search(r"One catalogue everywhere: (.*?) take `--catalog FILE`", text).group(1)
    with click.Context(cli, info_name="somxl", **cli.context_settings) as ctx:
        commands = {name: cli.get_command(ctx, name) for name in cli.list_commands(ctx)}
    assert all("--lang" in _options(cmd) for cmd in commands.values())
    assert set(re.findall(r"`(\w+)`", named)) == {n for n, cmd in commands.items()
                                                  if "--catalog" in _options(cmd) and n != "catalog"}


def test_catalog_md_names_every_shipped_price():
    from somxl.model.catalog import load_catalog

    text = " ".join(page("docs/catalog.md").split())
    shown = {name: {"kommune": float(k.replace(".", "")), "region": float(r.replace(".", "")),
                    "stat": float(s.replace(".", ""))}
             for name, k, r, s in re.findall(r"`([^`]+)`: kommune ([\d.]+) kr\., region ([\d.]+) kr\., stat ([\d.]+) kr\.",
                                             text)}
    cat = load_catalog()
    priced = {n: cat.consequence(n).prices for n in cat.values("consequences")
              if any((cat.consequence(n).prices or {}).values())}
    assert shown == priced


def test_template_md_lists_the_spec_tables_and_glossary():
    from somxl.model.spec import load_spec

    spec = load_spec()
    text = " ".join(page("docs/template.md").split())
    listed = re.search(r"Tables \(`rows: 50` each, `scenarios` 10\): (.*?)\. ", text).group(1)
    shown = {}
    for paths, columns in re.findall(r"((?:`[\w.]+`(?: and )?)+) \((.*?)\)(?:,|$)", listed):
        keys = []
        for c in columns.split(", "):
            keys += ([h.key for h in spec.tables_by_path["consequences"].columns if h.hint] if c == "[7 hint columns]"
                     else [c.removesuffix(" × 50")])
        shown.update({path: keys for path in re.findall(r"`([\w.]+)`", paths)})
    assert shown == {t.path: [c.key for c in t.columns] for t in spec.tables}
    assert {t.path: t.rows for t in spec.tables} == {t.path: 10 if t.path == "scenarios" else 50 for t in spec.tables}
    glossary = re.search(r"a glossary \((.*?)\)", text).group(1).split(", ")
    assert glossary == [entry["term"]["da"].lower() for entry in spec.guide["glossary"]]


def test_every_defined_name_quoted_exists(tmp_path):
    """A defined name the pages quote (`Effekt_Succesrate`, `Omk_Beloeb` in a formula) is one the
    template has: a renamed input would otherwise leave the formulas of docs/results.md wrong."""
    from somxl.workbooks_out.generate import NewOptions, write_input_workbook

    names = set(write_input_workbook(tmp_path / "ny.xlsx", lang="da", case=None, options=NewOptions(),
                                     catalog=None).names)
    prefixes = "|".join(sorted({n.split("_")[0] for n in names}))
    quoted = {p.name: set(re.findall(rf"(?<![\w.])((?:{prefixes})_\w*[A-Za-z0-9])", p.read_text(encoding="utf-8")))
              for p in PAGES}
    assert sum(map(len, quoted.values())) > 20
    assert {p: sorted(q - names) for p, q in quoted.items() if q - names} == {}
