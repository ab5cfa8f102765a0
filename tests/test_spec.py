"""The template spec: loads, is consistent, and its list mappings work both ways."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from somxl.base.paths import templates_dir
from somxl.model.spec import SpecError, get_path, load_spec, spec_hash

SPEC = load_spec()


def test_sheets_in_order_with_both_languages():
    assert [s.name("da") for s in SPEC.sheets] == [
        "Vejledning", "1 Indsats", "2 Målgruppe", "3 Omkostninger", "4 Effekt", "5 Konsekvenser",
        "Indstillinger", "Antagelser", "Scenarier", "Lister", "Metadata"]
    assert [s.name("en") for s in SPEC.sheets][:9] == [
        "Guide", "1 Intervention", "2 Target group", "3 Costs", "4 Effect", "5 Consequences",
        "Settings", "Assumptions", "Scenarios"]
    assert [s.key for s in SPEC.sheets if s.optional] == ["scenarios"]
    assert [(s.key, s.visibility) for s in SPEC.sheets if s.visibility != "visible"] == [
        ("lists", "hidden"), ("meta", "very_hidden")]


def test_every_step_has_questions_numbered_in_order():
    for step in range(1, 6):
        ids = [q.id for q in SPEC.questions_of(step)]
        assert ids == [f"{step}.{n}" for n in range(1, len(ids) + 1)] and len(ids) >= 5


def test_every_case_field_has_a_place():
    """Every leaf of the case contract (except schema) maps to a field, a table or a column."""
    scalars = {
        "meta.title", "meta.organisation", "meta.department", "meta.author", "meta.submission_id",
        "settings.start_year", "settings.horizon_years", "settings.price_year", "settings.discount_rate",
        "intervention.name", "intervention.description", "intervention.duration_years",
        "intervention.completion_rate", "target_group.name", "target_group.success_measure",
        "target_group.match.status", "target_group.match.text", "effect.success_rate", "effect.rate_with", "effect.rate_without", "effect.source",
        "uncertainty.draws", "uncertainty.seed", "uncertainty.success_rate[0]",
        "uncertainty.success_rate[1]", "uncertainty.costs[0]", "uncertainty.costs[1]",
        "optimism_bias.gains", "optimism_bias.costs",
    }
    assert set(SPEC.fields_by_path) == scalars
    columns = {path: [c.key for c in t.input_columns] for path, t in SPEC.tables_by_path.items()}
    cost = ["item", "category", "payer", "committee", "year", "amount", "per_participant", "price_year", "domain",
            "source"]
    assert columns == {
        "participants": ["year", "starting"],
        "costs": cost,
        "replaced_costs": cost,
        "consequences": ["name", "domain", "unit", "kind", "committee", "prices.kommune",
                         "prices.region", "prices.stat", "price_year", "source",
                         "uncertainty_low", "uncertainty_high", "changes"],
        "settings.price_index": ["year", "index"],
        "assumptions": ["id", "step", "text", "value", "source", "confidence", "owner", "date"],
        "scenarios": ["name", "description", "success_rate", "cost_factor", "gain_factor", "horizon_years",
                      "discount_rate", "leave_out"],
    }
    assert SPEC.tables_by_path["consequences"].column("changes").repeat == 50


def test_defined_names_are_ascii_unique_and_complete():
    names = SPEC.input_names()
    assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", n) for n in names)
    assert len({n.casefold() for n in names}) == len(names)
    n_columns = sum(len(t.input_columns) for t in SPEC.tables)
    assert len(names) == len(SPEC.fields) + 3 * len(SPEC.questions) + len(SPEC.tables) + n_columns
    assert SPEC.questions[0].names == {"answer": "Spm_1_1_Svar", "status": "Spm_1_1_Status",
                                       "source": "Spm_1_1_Kilde"}


def test_closed_lists_map_codes_and_both_languages_case_insensitively():
    status = SPEC.lists_by_key["status"]
    assert [i.code for i in status.items] == ["answered", "partly", "missing", "not_relevant"]
    assert status.display("missing", "da") == "mangler viden"
    assert [status.code_for(t) for t in ("BESVARET", " partly ", "Mangler  viden", "not relevant",
                                         "ikke relevant", "not_relevant", "maybe")] == [
        "answered", "partly", "missing", "not_relevant", "not_relevant", "not_relevant", None]
    payer = SPEC.lists_by_key["payer"]
    assert [payer.code_for(t) for t in ("Municipality", "kommune", "State", "stat")] == [
        "kommune", "kommune", "stat", "stat"]
    yesno = SPEC.lists_by_key["yesno"]
    assert [yesno.code_for(t) for t in ("ja", "No", "YES", "nej")] == [True, False, True, False]
    assert yesno.display(False, "en") == "No" and yesno.display(0, "en") is None
    assert SPEC.lists_by_key["kind"].code_for("indtægt") == "revenue"
    assert SPEC.lists_by_key["confidence"].code_for("Høj") == "high"
    assert {li.key for li in SPEC.lists if not li.closed} == {
        "target_group", "domain", "unit", "category", "committee", "consequence"}


def test_hash_is_stable_and_sensitive(tmp_path: Path):
    assert spec_hash() == SPEC.hash and re.fullmatch(r"[0-9a-f]{64}", SPEC.hash)
    raw = yaml.safe_load((templates_dir() / "som.yaml").read_text(encoding="utf-8"))
    raw["questions"][0]["da"] += " (ændret)"
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert load_spec(changed).hash != SPEC.hash


@pytest.mark.parametrize("edit, message", [
    (lambda raw: raw["fields"][0].update(name="A1"), "invalid defined name 'A1'"),
    (lambda raw: raw["fields"][1].update(name=raw["fields"][0]["name"]), "is used by both"),
    (lambda raw: raw["fields"][0].update(type="colour"), "unknown type colour"),
    (lambda raw: raw["fields"][0]["label"].pop("en"), "needs a Danish and an English text"),
    # what YAML makes of an unquoted comma in a flow mapping: {da: Succesrate, lav, en: ...}
    (lambda raw: raw["fields"][0]["label"].update({"lav": None}), "needs a Danish and an English text"),
    (lambda raw: raw["fields"][0]["help"].update(da="x" * 300), "help text longer than 255"),
    (lambda raw: raw["tables"][0]["columns"][0].update(list="nope"), "need a known list"),
    (lambda raw: raw.pop("questions"), "lacks or has a wrong key"),
    # somxl has one range for years (vocab.YEARS): a year field with another is refused
    (lambda raw: next(f for f in raw["fields"] if f["type"] == "year").update(min=1900), "a year needs min 1990"),
    (lambda raw: next(li for li in raw["lists"] if li["key"] == "payer")["items"][2].update(en="State"),
     "the list payer must be vocab.PAYERS"),
])
def test_broken_spec_is_refused_with_a_clear_error(tmp_path: Path, edit, message):
    raw = yaml.safe_load((templates_dir() / "som.yaml").read_text(encoding="utf-8"))
    edit(raw)
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SpecError) as exc:
        load_spec(bad)
    assert message in exc.value.text("en")


def test_get_path():
    case = {"a": {"b": [1, 2]}, "c": None}
    assert [get_path(case, p) for p in ("a.b[1]", "a.b[5]", "c.d", "x", "a.b")] == [2, None, None, None, [1, 2]]
