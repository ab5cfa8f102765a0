"""Any console, and nothing from a file printed raw (issue 8, points 5 and 6).

The CLI runs in a subprocess as a user runs it, with PYTHONIOENCODING=cp1252 (a Danish Windows
redirecting to a file) and cp850 (its console), standard output sent to a file. Every command must
print completely and exit with the code that describes the input, never 1 for a console that
cannot show '≥'. Text from workbooks and lists reaches the terminal without ESC, BEL or C1
controls and cut to a few hundred characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hostile import somxl, unchanged
from readback import fill, sample
from somxl.base.console import clean

HOSTILE = "Jobcenter\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eexe.pdf"


@pytest.fixture(scope="module")
def negative_cost(tmp_path_factory) -> Path:
    """A case whose V002 message says '≥ 0' and whose title carries terminal escapes."""
    data = sample()
    data["costs"][0]["amount"] = -5
    data["meta"]["title"] = HOSTILE
    path = tmp_path_factory.mktemp("console") / "sag.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("encoding", ["cp1252", "cp850"])
@pytest.mark.parametrize("lang", ["da", "en"])
def test_validate_prints_completely_to_a_file_in_a_windows_code_page(negative_cost, tmp_path, encoding, lang):
    out = tmp_path / "rapport.txt"
    run = unchanged([negative_cost], "validate", negative_cost, "--lang", lang,
                    env={"PYTHONIOENCODING": encoding}, stdout=out)
    assert run.code == 1, run.err  # invalid: not 1 because the console could not print
    text = out.read_bytes().decode(encoding)
    assert "V002" in text and ">= 0" in text and "≥" not in text
    assert text.splitlines()[0].endswith(("UGYLDIG: 1 fejl, 0 advarsler", "INVALID: 1 error, 0 warnings"))


@pytest.mark.parametrize("encoding", ["cp1252", "cp850"])
def test_every_command_prints_under_a_windows_code_page(negative_cost, tmp_path, encoding):
    env = {"PYTHONIOENCODING": encoding}
    lst = tmp_path / "liste.csv"
    lst.write_text("afdeling;modtager\nÆldre og sundhed;Søren\nBørn – unge ≥ 18;Åse\n", encoding="utf-8")
    assert unchanged([lst], "distribute", lst, "-o", tmp_path / "ud", env=env, stdout=tmp_path / "d.txt").code == 0
    shown = (tmp_path / "d.txt").read_bytes().decode(encoding)
    assert "Ældre og sundhed" in shown and "unge >= 18" in shown  # '–' is in cp1252, not in cp850
    filled = tmp_path / "udfyldt.xlsx"
    fill(filled)
    for args, code in [(["calc", filled], 0), (["catalog"], 0), (["export", filled], 0),
                       (["collect", filled, negative_cost, "-o", tmp_path / "o.xlsx"], 1),
                       (["calc", negative_cost], 1), (["validate", tmp_path / "nothing.xlsx"], 2)]:
        run = somxl(*args, env=env, stdout=tmp_path / "out.txt")
        assert run.code == code, (args, run.err)
        assert "UnicodeEncodeError" not in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("command", ["validate", "calc", "collect"])
def test_escape_sequences_from_a_file_are_never_printed(negative_cost, tmp_path, command):
    args = [command, negative_cost] + (["-o", tmp_path / "o.xlsx"] if command == "collect" else [])
    run = unchanged([negative_cost], *args)
    raw = run.out + run.err
    assert not any(c in raw for c in "\x1b\x07\x9b\u202e")


def test_distribute_and_collect_print_no_control_characters_from_a_list(tmp_path):
    lst = tmp_path / "liste.csv"
    lst.write_text(f"afdeling,modtager\n{HOSTILE},Kim\x07\n", encoding="utf-8")
    run = unchanged([lst], "distribute", lst, "-o", tmp_path / "ud")
    assert run.code == 0 and "\\u001b]0;pwned\\u0007" in run.out
    assert not any(c in run.out + run.err for c in "\x1b\x07\x9b\u202e")
    run = somxl("collect", tmp_path / "ud", "--manifest", tmp_path / "ud" / "udsendelse.csv",
                "-o", tmp_path / "o.xlsx")
    assert run.code == 1 and not any(c in run.out + run.err for c in "\x1b\x07\x9b\u202e")


def test_a_long_value_from_a_file_is_cut_in_every_message(tmp_path):
    cat = tmp_path / "katalog.csv"
    cat.write_text("type;name;" + "x" * 100_000 + "\nmålgruppe;A;\n", encoding="utf-8")
    run = unchanged([cat], "catalog", "--catalog", cat)
    assert run.code == 2 and "K003" in run.text and len(run.text) < 3_000


def test_clean_escapes_controls_and_cuts():
    assert clean("a\x1b[31mb\x07\x9bc\u202e", None) == "a\\u001b[31mb\\u0007\\u009bc\\u202e"
    assert clean("tab\tand\nnewline stay", None) == "tab\tand\nnewline stay"
    assert clean("x" * 1000) == "x" * 200 + "…"


def test_side_by_side_columns_go_in_blocks_that_fit_the_width():
    from somxl.base.console import side_by_side, table

    header = ["", *(f"sag-{i}-{'x' * 20}" for i in range(4))]
    rows = [["Nettoresultat, i alt", *(f"{i}.000.000" for i in range(4))], ["Succesrate", "10 %", "", "38,1 %", "5 %"]]
    assert side_by_side(rows, header) == table(rows, header)  # no terminal: whole lines
    assert side_by_side(rows, header, 200) == table(rows, header)  # fits: one block
    text = side_by_side(rows, header, 60)
    blocks = text.split("\n\n")
    assert len(blocks) == 4 and all(len(line) < 60 for line in text.splitlines())
    for i, block in enumerate(blocks):  # every block keeps the labels and its own column whole
        assert block.splitlines()[0].strip() == header[i + 1]
        assert block.splitlines()[2].startswith("Nettoresultat, i alt") and f"{i}.000.000" in block
    narrow = side_by_side(rows, header, 10)  # a column wider than the terminal still prints whole
    assert narrow.count("\n\n") == 3 and "sag-3-" + "x" * 20 in narrow
