"""The somxl command line. The only module that imports click.

Each command parses its arguments, makes one library call, renders the result and
returns an exit code: 0 valid/done, 1 invalid input (a report with errors),
2 unreadable input or usage error. Heavy modules are imported inside the commands so
that ``somxl --help`` stays fast (no numpy or pandas at start-up)."""

from __future__ import annotations

import functools
import inspect
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from somxl import __version__
from somxl.base.errors import SomxlError
from somxl.base.report import say
from somxl.base.vocab import LANGS, pick


def width(err: bool = True) -> int | None:
    """The terminal's width when the output goes to a terminal (tables wrap to it); None when
    it goes to a file or a pipe, where whole lines are easier to search."""
    stream = sys.stderr if err else sys.stdout
    try:
        return shutil.get_terminal_size().columns if stream.isatty() else None
    except (AttributeError, ValueError, OSError):
        return None


def emit_json(json_out: str, data: object) -> None:
    """A command's JSON: to stdout for ``-``, else written atomically to the file. ``data`` is the
    document, or its text in chunks (an iterator of str: collect writes thousands of files' JSON
    without holding it whole)."""
    import json

    from somxl.base.fileio import atomic_write

    chunks = data if isinstance(data, Iterator) else [json.dumps(data, ensure_ascii=False, indent=2) + "\n"]
    if json_out == "-":
        for chunk in chunks:
            click.echo(chunk, nl=False)
    else:
        with atomic_write(json_out, "w", encoding="utf-8") as fh:
            fh.writelines(chunks)


lang_option = click.option(
    "--lang",
    type=click.Choice(LANGS),
    is_eager=True,  # read before the other options, so their usage errors (E040) are said in it
    default=lambda: os.environ.get("SOMXL_LANG", "da") if os.environ.get("SOMXL_LANG") in LANGS else "da",
    show_default="da",
    help="Sprog i beskeder og projektmapper / language of messages and workbooks.",
)


class _Output(click.Path):
    """The name of an output (a file, or with ``file_okay=False`` a folder). '-' names no file: with
    ``stdout`` (the output is JSON) it is standard output and stays '-'; else it is a usage error
    (E040) before any work, where it was written as a file called '-' in the current folder ('./-'
    still is one). An empty name is one too (E041): it was the current folder."""

    def __init__(self, *, stdout: bool = False, **kwargs: Any) -> None:
        super().__init__(path_type=Path, **kwargs)
        self.stdout = stdout

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        lang = ctx.params.get("lang", "da") if ctx is not None else "da"
        if isinstance(value, str) and value == "-":
            if self.stdout:
                return value
            self.fail(say("E040", lang), param, ctx)
        if isinstance(value, str) and value == "":  # Path('') is '.': an unset variable in a script wrote there
            self.fail(say("E041", lang), param, ctx)
        return super().convert(value, param, ctx)


# Options that several commands share, defined once.
catalog_option = click.option("--catalog", "catalog_file", type=click.Path(dir_okay=False, path_type=Path),
                              help="Eget katalog (CSV/xlsx) / own catalogue (CSV/xlsx).")
strict_option = click.option("--strict", is_flag=True,
                             help="Advarsler gør filen ugyldig / warnings make a file invalid.")


class _Seconds(click.FloatRange):
    """A time limit, from 0.001 s to a day. nan compares false with both ends, so FloatRange lets
    it through and no clock reading ever passes it (no limit at all); infinity overflowed the
    worker pool's wait."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if seconds != seconds:  # nan
            self.fail(f"{seconds} is not in the range {self._describe_range()}.", param, ctx)
        return seconds


timeout_option = click.option("--timeout", metavar="SECONDS", type=_Seconds(min=0.001, max=86_400), default=120.0,
                              show_default=True,
                              help="Tidsgrænse pr. fil i sekunder / time limit per file in seconds.")


def handle_errors(fn):
    """Turn somxl's own errors into a message on stderr and their exit code, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        lang = kwargs.get("lang", "da")
        try:
            code = fn(*args, **kwargs)
        except SomxlError as exc:
            report = getattr(exc, "report", None)
            if report is not None:
                from somxl.render import render_report

                click.echo(render_report(report, lang, width()), err=True)
            from somxl.base.console import clean

            click.echo(say("M002", lang, {"detail": clean(exc.text(lang), 1000)}), err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo(say("M003", lang), err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException):
            raise
        except OSError as exc:  # the disk is full, a network drive went away: not somxl's fault nor the file's
            from somxl.base.console import clean

            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(say("M002", lang, {"detail": clean(f"{where}{exc.strerror or exc}", 1000)}), err=True)
            sys.exit(2)
        except Exception as exc:  # a bug in somxl: say so in one line, never a traceback
            from somxl.base.report import Issue

            if os.environ.get("SOMXL_DEBUG"):
                raise
            issue = Issue("internal", params={"detail": f"{type(exc).__name__}: {exc}"})
            click.echo(say("M002", lang, {"detail": issue.message(lang)}), err=True)
            sys.exit(2)  # the message says it is somxl's fault, not the file's
        sys.exit(code or 0)

    return wrapper


# click's own usage errors, said in Danish: (pattern of click's English text, Danish text).
_CLICK_DA = [
    (r"Missing argument '(.+)'\.", r"Argumentet '\1' mangler."),
    (r"Missing option '(.+)'\.", r"Tilvalget '\1' mangler."),
    (r"Missing parameter '(.+)'\.", r"Parameteren '\1' mangler."),
    (r"No such option '(.+)'\.", r"Tilvalget '\1' findes ikke."),
    (r"No such option: (.+)", r"Tilvalget \1 findes ikke."),
    (r"No such command '(.+)'\.", r"Kommandoen '\1' findes ikke."),
    (r"Got unexpected extra argument \((.+)\)", r"Et argument for meget: \1"),
    (r"Got unexpected extra arguments \((.+)\)", r"Argumenter for meget: \1"),
    (r"Option '(.+)' requires an argument\.", r"Tilvalget '\1' skal have en værdi."),
    (r"Option '(.+)' requires (\d+) arguments\.", r"Tilvalget '\1' skal have \2 værdier."),
    (r"'(.*)' is not one of (.+)\.", r"'\1' er ikke en af \2."),
    (r"'(.*)' is not a valid (integer|integer range)\.", r"'\1' er ikke et helt tal."),
    (r"'(.*)' is not a valid (float|float range)\.", r"'\1' er ikke et tal."),
    (r"(.+) is not in the range (.+)\.", r"\1 ligger ikke i intervallet \2."),
    (r"(?:File|Path|Directory) '(.+)' does not exist\.", r"'\1' findes ikke."),
    (r"(?:File|Path|Directory) '(.+)' is a directory\.", r"'\1' er en mappe."),
    (r"(?:File|Path|Directory) '(.+)' is a file\.", r"'\1' er en fil."),
    (r"Did you mean (.+)\?", r"Mente du \1?"),
    (r"\(Possible options: (.+)\)", r"(Mulige tilvalg: \1)"),
]


def _click_da(message: str) -> str:
    """click's English message in Danish, clause by clause; an unknown clause stays English."""
    import re

    m = re.fullmatch(r"Invalid value for (.+?): (.*)", message, re.S)
    if m:
        return f"Ugyldig værdi for {m.group(1)}: {_click_da(m.group(2))}"
    out = message
    for pattern, da in _CLICK_DA:
        out = re.sub(pattern, da, out)
    return out


def _lang_of(args: list[str]) -> str:
    """The language a command line asks for (--lang, else SOMXL_LANG, else Danish), read before
    click has parsed it, so a usage error can be said in it."""
    lang = os.environ.get("SOMXL_LANG", "da")
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            lang = args[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    return lang if lang in LANGS else "da"


HELP_OPTION = "Vis denne hjælp / show this help."


class _HelpInBoth:
    """-h/--help described in both languages, as every other option is, instead of click's
    English line."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION
        return option


class _Command(_HelpInBoth, click.Command):
    """A somxl command."""


class _Group(_HelpInBoth, click.Group):
    """The somxl command group: click's usage errors in the chosen language, exit code 2."""

    command_class = _Command

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        args = list(sys.argv[1:] if args is None else args)
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            lang = _lang_of(args)
            if type(exc).__name__ == "NoArgsIsHelpError":  # the help text, not an error
                exc.show()
                sys.exit(exc.exit_code)
            message = exc.format_message()
            error = say("M002", lang, {"detail": pick(lang, _click_da(message), message)})
            ctx = exc.ctx
            if ctx is not None:
                usage, hint = ctx.get_usage(), f"'{ctx.command_path} {ctx.help_option_names[0]}'"
                usage = pick(lang, usage.replace("Usage:", "Brug:", 1), usage)  # click's word, as _CLICK_DA
                error = f"{usage}\n{say('M008', lang, {'hint': hint})}\n\n{error}"
            click.echo(error, err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo(say("M004", _lang_of(args)), err=True)
            sys.exit(1)
        if isinstance(code, int) and code:
            sys.exit(code)
        return code


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="somxl",
                      help="Vis versionen / show the version.")
def cli() -> None:
    """somxl: SØM-beregninger i Excel. Lav indtastningsark, valider udfyldte ark, beregn
    resultater med levende formler.

    somxl: SØM calculations in Excel. Generate input workbooks, validate filled ones,
    calculate results with live formulas."""


@cli.command()
@click.argument("case_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", type=_Output(dir_okay=False),
              help="Skriv resultatarket (en projektmappe) med levende formler / write the result workbook (.xlsx).")
@click.option("--json", "json_out", metavar="OUT", type=_Output(stdout=True, dir_okay=False), help="Skriv resultatet som JSON (- = stdout) / write the result as JSON.")
@catalog_option
@click.option("--force", is_flag=True, help="Overskriv OUT / overwrite OUT.")
@lang_option
@handle_errors
def calc(case_file: Path, out: Path | None, json_out: str | None, catalog_file: Path | None, force: bool,
         lang: str) -> int:
    """Beregn en sag (JSON) eller et udfyldt ark / calculate a case or a filled workbook."""
    from somxl.model.catalog import load_catalog
    from somxl.model.engine import calculate
    from somxl.base.fileio import check_outputs
    from somxl.render import render_report, render_result, render_scenarios
    from somxl.base.report import severity_count
    from somxl.workbooks_out.results import write_result_workbook
    from somxl.workbook_in.validate import is_unreadable, load_input

    check_outputs([out, json_out], [case_file, catalog_file], force)  # before any work
    catalog = load_catalog(catalog_file)
    case, report = load_input(case_file, catalog=catalog)
    if report.issues:
        click.echo(render_report(report, lang, width()), err=True)
    if case is None:  # errors: the report above, exit 1 (2: unreadable) and no output file
        n = len(report.errors)
        why = say("E010", lang, {"path": case_file, "count": n, "errors": severity_count(n, "error", "en")})
        click.echo(say("M002", lang, {"detail": why}), err=True)
        return 2 if is_unreadable(report) else 1
    result = calculate(case)
    if out is not None:
        write_result_workbook(out, case, result, lang=lang, warnings=report.warnings, force=force,
                              inputs=(case_file,), catalog=catalog)
    if json_out is not None:
        emit_json(json_out, result.to_dict())
    else:
        click.echo(render_result(result, lang))
        if case.scenarios:
            from somxl.model.scenarios import calculate_scenarios

            click.echo("\n" + render_scenarios(result, calculate_scenarios(case), lang, width(err=False)))
    if out is not None:
        click.echo(say("M001", lang, {"path": out}), err=json_out == "-")
    return 0


@cli.command("new")
@click.argument("out", metavar="OUT.xlsx", type=_Output(dir_okay=False))
@click.option("--organisation", help="Forudfyldt organisation / prefilled organisation.")
@click.option("--department", help="Forudfyldt forvaltning / prefilled department.")
@click.option("--contact", help="Kontaktperson vist i vejledningen / contact shown in the guide.")
@click.option("--deadline", help="Frist vist i vejledningen / deadline shown in the guide.")
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON/YAML med låste indstillinger / JSON or YAML with locked settings.")
@catalog_option
@click.option("--target-group", "target_group", metavar="NAME",
              help="Forudfyld trin 2, 4 og 5 fra vidensdatabasen for målgruppen / prefill steps 2, 4 and 5 "
                   "from the knowledge for the target group.")
@click.option("--password", help="Adgangskode til arkbeskyttelsen / sheet protection password.")
@click.option("--force", is_flag=True, help="Overskriv OUT / overwrite OUT.")
@lang_option
@handle_errors
def new(out: Path, organisation, department, contact, deadline, settings_file, catalog_file, target_group,
        password, force: bool, lang: str) -> int:
    """Lav et tomt SØM-indtastningsark / generate a blank SØM input workbook."""
    from somxl.model.catalog import load_catalog
    from somxl.base.fileio import check_outputs
    from somxl.workbooks_out.generate import NewOptions, load_settings, write_input_workbook

    from somxl.model.knowledge import prefill

    check_outputs([out], [settings_file, catalog_file], force)
    catalog = load_catalog(catalog_file)
    known = prefill(catalog, target_group) if target_group else None
    options = NewOptions(organisation=organisation, department=department, contact=contact,
                         deadline=deadline, password=password, force=force, prefill=known,
                         settings=load_settings(settings_file) if settings_file else None)
    write_input_workbook(out, lang=lang, options=options, catalog=catalog)
    if known is not None:
        from somxl.base.numbers import counted

        lines = counted(len(known.case["consequences"]), *pick(lang, ("konsekvenslinje", "konsekvenslinjer"),
                                                                 ("consequence line", "consequence lines")))
        effects = counted(len(known.effects), *pick(lang, ("effektstørrelse", "effektstørrelser"),
                                                    ("effect size", "effect sizes")))
        click.echo(say("M005", lang, {"group": known.group.name, "lines": lines, "effects": effects}))
    click.echo(say("M001", lang, {"path": out}))
    return 0


@cli.command("catalog")
@click.option("--json", "as_json", is_flag=True, help="Som JSON / as JSON.")
@click.option("--catalog", "catalog_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Flet et eget katalog ind (CSV/xlsx) / merge an own catalogue (CSV/xlsx).")
@lang_option
@handle_errors
def catalog_cmd(as_json: bool, catalog_file: Path | None, lang: str) -> int:
    """Vis kataloget over målgrupper, områder og konsekvenser / list the catalogue."""
    from somxl.model.catalog import load_catalog
    from somxl.render import render_catalog

    cat = load_catalog(catalog_file)
    if as_json:
        import json

        click.echo(json.dumps(cat.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_catalog(cat, lang))
    return 0


@cli.command("demo")
@click.argument("outdir", metavar="OUTDIR", type=_Output(file_okay=False))
@click.option("--force", is_flag=True, help="Overskriv demoens filer i OUTDIR / overwrite the demo's files in OUTDIR.")
@lang_option
@handle_errors
def demo(outdir: Path, force: bool, lang: str) -> int:
    """Kør hele forløbet på de medfølgende eksempler / run the whole loop on the shipped samples.

    Eksemplerne er tre afdelinger i én runde. I OUTDIR skrives en tom projektmappe, listen over
    afdelingerne med en kopi til hver og manifestet, for hvert eksempel en udfyldt projektmappe,
    et resultatark og en resultatfil (JSON), oversigten over svarene og sammenligningen. / The
    samples are three departments in one round. OUTDIR gets a blank workbook, the list of the
    departments with a copy for each and the manifest, per sample a filled workbook, a result
    workbook and a result file (JSON), the overview of the answers and the comparison."""
    from somxl.loop.demo import run_demo
    from somxl.render import render_demo

    summary = run_demo(outdir, lang, force=force)
    click.echo(render_demo(summary, lang))
    return 0 if all(c.valid for c in summary.cases) else 1


@cli.command("validate")
@click.argument("files", metavar="FILE...", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Rapport som JSON / report as JSON.")
@strict_option
@click.option("--annotate", "annotate_out", metavar="OUT.xlsx", type=_Output(dir_okay=False),
              help="Skriv en ny projektmappe med fundene / write a new workbook with the issues.")
@catalog_option
@timeout_option
@click.option("--force", is_flag=True, help="Overskriv OUT.xlsx / overwrite OUT.xlsx.")
@lang_option
@handle_errors
def validate_cmd(files: tuple[Path, ...], as_json: bool, strict: bool, annotate_out: Path | None,
                 catalog_file: Path | None, timeout: float, force: bool, lang: str) -> int:
    """Valider udfyldte projektmapper / validate filled-in workbooks (0 gyldig/valid, 1 ugyldig/invalid, 2 ulæselig/unreadable)."""
    from somxl.model.catalog import load_catalog
    from somxl.render import render_validations
    from somxl.workbook_in.pool import validate_paths
    from somxl.workbook_in.validate import exit_code

    if annotate_out is not None and len(files) > 1:
        raise click.UsageError(say("E033", lang))
    from somxl.base.fileio import check_outputs

    check_outputs([annotate_out], [*files, catalog_file], force)
    results = validate_paths(list(files), strict=strict, catalog=load_catalog(catalog_file), timeout=timeout)
    if annotate_out is not None:
        from somxl.workbooks_out.annotate import write_annotated

        write_annotated(results[0], annotate_out, force=force, inputs=(*files, *filter(None, [catalog_file])),
                        catalog=load_catalog(catalog_file))
    click.echo(render_validations(results, lang, as_json=as_json, width=width(err=False)))
    return exit_code(results)


@cli.command("export")
@click.argument("file", metavar="FILE.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", metavar="CASE.json", type=_Output(stdout=True, dir_okay=False),
              help="Skriv sagen hertil (- eller intet = stdout) / write the case here (- or none = stdout).")
@click.option("--partial", is_flag=True, help="Skriv det læste trods fejl / write what was read despite errors.")
@catalog_option
@click.option("--force", is_flag=True, help="Overskriv CASE.json / overwrite CASE.json.")
@lang_option
@handle_errors
def export_cmd(file: Path, out: Path | str | None, partial: bool, catalog_file: Path | None, force: bool, lang: str) -> int:
    """Udtræk sagen (JSON) fra en udfyldt projektmappe / export the case a workbook holds."""
    from somxl.base.fileio import check_outputs
    from somxl.render import render_report
    from somxl.workbook_in.validate import export_case, exit_code

    from somxl.model.catalog import load_catalog

    check_outputs([out], [file, catalog_file], force)
    v, text = export_case(file, partial=partial, catalog=load_catalog(catalog_file))
    if v.report.issues:
        click.echo(render_report(v.report, lang, width()), err=True)
    if text is not None:
        if out is None or out == "-":
            click.echo(text, nl=False)
        else:
            from somxl.base.fileio import write_text

            check_outputs([out], [file, catalog_file], force)
            write_text(out, text)
    return exit_code([v])


@cli.command("fill")
@click.argument("case_file", metavar="CASE.json", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", metavar="OUT.xlsx", required=True, type=_Output(dir_okay=False),
              help="Projektmappen, der skrives / the workbook to write.")
@click.option("--next-round", is_flag=True,
              help="Send et returneret ark tilbage til rettelse: samme modtager og id, næste runde, fundene "
                   "på arket Validering / send a returned workbook back for corrections: same recipient and "
                   "id, the next round, the issues on a Validation sheet.")
@click.option("--deadline", help="Frist vist i vejledningen / deadline shown in the guide.")
@click.option("--contact", help="Kontaktperson vist i vejledningen / contact shown in the guide.")
@catalog_option
@click.option("--force", is_flag=True, help="Overskriv OUT.xlsx / overwrite OUT.xlsx.")
@lang_option
@handle_errors
def fill_cmd(case_file: Path, out: Path, next_round: bool, deadline: str | None, contact: str | None,
             catalog_file: Path | None, force: bool, lang: str) -> int:
    """Skriv en sag (JSON) ind i en udfyldt projektmappe / render a case into a filled workbook.

    Med --next-round er CASE.json et returneret ark (.xlsx), og kopien får også det returnerede arks fejl (også et ugyldigt
    ark kan sendes tilbage). / With --next-round CASE.json is a returned workbook (.xlsx), and the copy also carries its
    issues (an invalid workbook can be sent back too)."""
    from somxl.model.case import case_to_dict
    from somxl.model.catalog import load_catalog
    from somxl.base.fileio import check_outputs
    from somxl.workbooks_out.generate import NewOptions, write_input_workbook
    from somxl.base.report import severity_count
    from somxl.render import render_report
    from somxl.workbook_in.validate import is_unreadable, load_input

    check_outputs([out], [case_file, catalog_file], force)
    if next_round:
        from somxl.workbooks_out.annotate import write_annotated
        from somxl.model.spec import round_of
        from somxl.workbook_in.validate import validate_file

        catalog = load_catalog(catalog_file)
        v = validate_file(case_file, catalog=catalog)
        if v.unreadable or v.case_dict is None:  # nothing read, or a case file with errors: nothing to send
            click.echo(render_report(v.report, lang, width()), err=True)
            return 2 if v.unreadable else 1
        write_annotated(v, out, force=force, inputs=(case_file,), next_round=True, deadline=deadline,
                        contact=contact, catalog=catalog)
        n = round_of(v.stamp) + 1
        n_err, n_warn = len(v.report.errors), len(v.report.warnings)
        counts = {"errors": severity_count(n_err, "error", lang), "warnings": severity_count(n_warn, "warning", lang)}
        click.echo(say("M006", lang, {"path": out, "round": n, **counts}))
        return 0
    catalog = load_catalog(catalog_file)
    case, report = load_input(case_file, catalog=catalog)  # a case file, or a workbook (also of an older template)
    if report.issues:
        click.echo(render_report(report, lang, width()), err=True)
    if case is None:
        return 2 if is_unreadable(report) else 1
    check_outputs([out], [case_file, catalog_file], force)
    write_input_workbook(out, lang=lang, case=case_to_dict(case), catalog=catalog,
                         options=NewOptions(force=force, deadline=deadline, contact=contact))
    click.echo(say("M001", lang, {"path": out}))
    return 0


@cli.command("distribute")
@click.argument("recipients", metavar="RECIPIENTS.csv|xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "outdir", metavar="OUTDIR", required=True, type=_Output(file_okay=False),
              help="Mappen til projektmapperne og udsendelseslisten / folder for the workbooks and the manifest.")
@click.option("--settings", "settings_file", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON/YAML med låste indstillinger / JSON or YAML with locked settings.")
@catalog_option
@click.option("--deadline", help="Frist (en kolonne frist i listen vinder) / deadline (a list column wins).")
@click.option("--contact", help="Kontaktperson vist i vejledningen / contact shown in the guide.")
@click.option("--organisation", help="Forudfyldt organisation / prefilled organisation.")
@click.option("--password", help="Adgangskode til arkbeskyttelsen / sheet protection password.")
@click.option("--force", is_flag=True, help="Overskriv eksisterende filer / overwrite existing files.")
@lang_option
@handle_errors
def distribute_cmd(recipients: Path, outdir: Path, settings_file, catalog_file, deadline, contact, organisation,
                   password, force: bool, lang: str) -> int:
    """Lav én projektmappe til hver afdeling i en modtagerliste / write one workbook per department of a recipient list."""
    from somxl.model.catalog import load_catalog
    from somxl.loop.distribute import distribute
    from somxl.workbooks_out.generate import load_settings
    from somxl.render import render_distribution, render_report

    d = distribute(recipients, outdir, lang=lang, organisation=organisation, contact=contact, deadline=deadline,
                   settings=load_settings(settings_file) if settings_file else None,
                   catalog=load_catalog(catalog_file), password=password, force=force,
                   inputs=[p for p in (settings_file, catalog_file) if p is not None])
    if d.warnings.issues:
        click.echo(render_report(d.warnings, lang, width()), err=True)
    click.echo(render_distribution(d, lang))
    return 0


@cli.command("collect")
@click.argument("files", metavar="FILES_OR_FOLDER...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", metavar="OVERVIEW.xlsx", type=_Output(dir_okay=False),
              help="Oversigten, der skrives / the overview workbook to write.")
@click.option("--json", "json_out", metavar="OUT", type=_Output(stdout=True, dir_okay=False), help="Oversigten som JSON (- = stdout) / the overview as JSON.")
@click.option("--table", "table_out", metavar="FILE.csv", type=_Output(dir_okay=False),
              help="Hver fils resultat som lang tabel (CSV) / every file's result as a long table (CSV).")
@click.option("--manifest", type=click.Path(dir_okay=False, path_type=Path),
              help="Udsendelseslisten fra distribute: hvem mangler / the manifest from distribute: who is missing.")
@strict_option
@catalog_option
@timeout_option
@click.option("--quiet", "-q", is_flag=True, help="Ingen fremdriftslinje / no progress bar.")
@click.option("--force", is_flag=True, help="Overskriv eksisterende filer / overwrite existing files.")
@lang_option
@handle_errors
def collect_cmd(files: tuple[Path, ...], out: Path | None, json_out: str | None, table_out: Path | None,
                manifest: Path | None, strict: bool, catalog_file: Path | None, timeout: float, quiet: bool,
                force: bool, lang: str) -> int:
    """Valider og beregn alle returnerede projektmapper; én oversigt / validate and calculate every returned
    workbook into one overview (0 alle gyldige/all valid, 1 ugyldig/invalid, 2 ulæselig/unreadable)."""
    from somxl.model.catalog import load_catalog
    from somxl.loop.collect import collect, find_files, json_chunks, write_overview, write_table
    from somxl.base.fileio import check_outputs
    from somxl.render import render_collection
    from somxl.workbook_in.validate import exit_code

    outputs = [out, json_out, table_out]
    targets = [Path(p) for p in outputs if p not in (None, "-")]
    # an earlier overview in the folder is no answer; any other output found is refused below
    paths = find_files(list(files), outputs=outputs)
    inputs = [*paths, manifest, catalog_file]
    check_outputs(outputs, inputs, force)  # refuse before the work
    progress = _progress_bar(lang) if not quiet and sys.stderr.isatty() else None
    c = collect(paths, manifest=manifest, strict=strict, catalog=load_catalog(catalog_file), timeout=timeout,
                progress=progress)
    human = json_out == "-"  # the human text goes to stderr when the JSON goes to stdout
    read = tuple(p for p in inputs if p is not None)
    if out is not None:
        write_overview(out, c, lang, force=force, inputs=read)
    if table_out is not None:
        write_table(table_out, c, lang, force=force, inputs=read)
    if json_out is not None:
        emit_json(json_out, json_chunks(c, lang))
    click.echo(render_collection(c, lang), err=human)
    for target in targets:
        click.echo(say("M001", lang, {"path": target}), err=human)
    return exit_code(c.validations)


@cli.command("diff")
@click.argument("old", metavar="OLD", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("new", metavar="NEW", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Forskellene som JSON / the differences as JSON.")
@catalog_option
@lang_option
@handle_errors
def diff_cmd(old: Path, new: Path, as_json: bool, catalog_file: Path | None, lang: str) -> int:
    """Hvad er ændret mellem to versioner af en sag / what changed between two versions of a case
    (0 ens/same, 1 forskellige/differ, 2 ulæselig/unreadable).

    Input for input (ark, celle og felt i NEW, før og nu; svar og status også), og virkningen på
    nøgletallene. OLD og NEW er projektmapper eller sager (JSON). / Input by input (sheet, cell and
    field in NEW, old and new; answers and statuses too), and the effect on the key results. OLD and
    NEW are workbooks or cases (JSON)."""
    from somxl.model.catalog import load_catalog
    from somxl.loop.diff import diff_files
    from somxl.render import render_diff

    d = diff_files(old, new, catalog=load_catalog(catalog_file), lang=lang)
    if as_json:
        import json

        click.echo(json.dumps(d.to_dict(lang), ensure_ascii=False, indent=2))
    else:
        click.echo(render_diff(d, lang))
    return 0 if d.same else 1


@cli.command("compare")
@click.argument("files", metavar="A B [C...]", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", "out", metavar="COMPARE.xlsx", required=True,
              type=_Output(dir_okay=False), help="Sammenligningen, der skrives / the comparison workbook to write.")
@click.option("--json", "json_out", metavar="OUT", type=_Output(stdout=True, dir_okay=False), help="Sammenligningen som JSON (- = stdout) / the comparison as JSON.")
@catalog_option
@click.option("--force", is_flag=True, help="Overskriv eksisterende filer / overwrite existing files.")
@lang_option
@handle_errors
def compare_cmd(files: tuple[Path, ...], out: Path, json_out: str | None, catalog_file: Path | None, force: bool,
                lang: str) -> int:
    """Sager side om side / cases side by side (0 alle beregnet/all calculated, 1 en sag har fejl/a case has
    errors, 2 ulæselig/unreadable). En sag med scenarier giver en kolonne pr. scenarie / a case with
    scenarios gives a column per scenario.

    Nøgletal pr. betaler, tilbagebetalingsår, succesrate og afkast pr. krone; én graf over det kumulerede
    nettoresultat pr. år for alle; de input, der er forskellige. / Key figures per payer, break-even year,
    success rate and return per krone; one chart of the cumulative net result per year for all; the
    inputs that differ."""

    from somxl.model.catalog import load_catalog
    from somxl.loop.compare import compare_files, to_json, write_comparison
    from somxl.base.fileio import check_outputs
    from somxl.render import render_comparison

    check_outputs([out, json_out], [*files, catalog_file], force)  # refuse before the work
    c = compare_files(list(files), catalog=load_catalog(catalog_file))
    if len(c.cases) < 2:  # one file is enough when it has scenarios
        raise click.UsageError(say("E034", lang))
    write_comparison(out, c, lang, force=force, inputs=files)
    if json_out is not None:
        emit_json(json_out, to_json(c, lang))
    click.echo(render_comparison(c, lang, width(err=json_out == "-")), err=json_out == "-")
    click.echo(say("M001", lang, {"path": out}), err=json_out == "-")
    return 0 if all(i.summary is not None for i in c.cases) else 1


def _progress_bar(lang: str):
    """A one-line progress bar on stderr (files done / total, rate, the file just done), redrawn
    at most ten times a second and cleared at the end. Only for a terminal: the caller checks."""
    import time
    import unicodedata

    start = time.monotonic()
    last = [0.0]
    stream = sys.stderr
    encoding = getattr(stream, "encoding", None) or "ascii"

    def show(done: int, total: int, name: str) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < 0.1:
            return
        last[0] = now
        # a file name is the user's text: no control or format characters reach the terminal
        safe = "".join(ch if unicodedata.category(ch)[0] not in "CZ" or ch == " " else "?" for ch in name)[:40]
        safe = safe.encode(encoding, "replace").decode(encoding)
        width = 24
        filled = width * done // max(total, 1)
        rate = done / max(now - start, 1e-9)
        rate_text = f"{rate:.1f}".replace(".", "," if lang != "en" else ".")
        counts = say("M007", lang, {"done": done, "total": total, "rate": rate_text})
        line = f"[{'#' * filled}{'-' * (width - filled)}] {counts}  {safe}"
        stream.write("\r" + line[:110].ljust(110))
        if done >= total:
            stream.write("\r" + " " * 110 + "\r")
        stream.flush()

    return show


def _first_paragraph(cmd: click.Command) -> str:
    return cmd.short_help or " ".join(inspect.cleandoc(cmd.help or "").split("\n\n")[0].split())


def command_reference() -> list[dict]:
    """Every command's usage, help and options as plain data, for the generated CLI reference
    (docs/cli.md). Built from the commands' parameters rather than click's formatted --help,
    whose wrapping changes between click versions."""
    out = []
    with click.Context(cli, info_name="somxl") as ctx:
        for name in ["", *cli.list_commands(ctx)]:
            cmd = cli.get_command(ctx, name) if name else cli
            args = [p for p in cmd.params if isinstance(p, click.Argument)]
            usage = " ".join([f"somxl {name}".strip(), "[OPTIONS]",
                              # as click's usage line: a metavar is shown as given, a bare name gets '...'
                              *(p.metavar or f"{p.name.upper()}{'...' if p.nargs == -1 else ''}" for p in args)])
            options = []
            for p in cmd.params:
                if not isinstance(p, click.Option) or p.hidden:
                    continue
                flags = ", ".join([*p.opts, *p.secondary_opts])
                if not p.is_flag:
                    choices = getattr(p.type, "choices", None)
                    flags += " " + ("|".join(choices) if choices else (p.metavar or p.type.name.upper()))
                options.append((flags, p.help or ""))
            options.append(("-h, --help", HELP_OPTION))
            out.append({"name": f"somxl {name}".strip(), "usage": usage,
                        "help": inspect.cleandoc(cmd.help or ""), "options": options,
                        "commands": [(c, _first_paragraph(cli.get_command(ctx, c)))
                                     for c in cli.list_commands(ctx)] if not name else []})
    return out


def main() -> None:
    from somxl.base.console import setup_streams

    setup_streams()  # any console encoding, no control characters from files
    cli(prog_name="somxl")
