"""levanalysis.definitions.cbs_tables: reading cbs_tables.yaml (measures by title, areas)."""

from __future__ import annotations

import pytest

from levanalysis.definitions.cbs_tables import (
    MeasureSpec,
    TableConfigError,
    load_areas,
    load_table_specs,
)


def read(tmp_path, text: str):
    config = tmp_path / "t.yaml"
    config.write_text(text, encoding="utf-8")
    return load_table_specs(config, region_path=tmp_path / "none.yaml", sectors_path=tmp_path / "none.yaml")


def test_numeric_yaml_code_without_quotes_is_read_as_text(tmp_path):
    (spec,) = read(tmp_path, "tables:\n  - id: X\n    measures: [M_1]\n    categories: {D: [47, C]}\n")
    assert spec.categories == {"D": ("47", "C")}


def test_a_list_of_measures_are_keys_named_as_themselves(tmp_path):
    (spec,) = read(tmp_path, "tables:\n  - id: X\n    measures: [M_1]\n")
    assert spec.measure_specs == (MeasureSpec(name="M_1", key="M_1"),)


def test_measures_by_name_take_titles_key_group_and_unit(tmp_path):
    (spec,) = read(tmp_path, (
        "tables:\n  - id: X\n    measures:\n"
        "      a: {title: [Eerste titel, Tweede titel], key: A_1, group: Groep, unit: euro}\n"
        "      b: Alleen een titel\n"))
    assert spec.measure_specs == (
        MeasureSpec("a", ("Eerste titel", "Tweede titel"), "A_1", "Groep", "euro"),
        MeasureSpec("b", ("Alleen een titel",)),
    )


def test_a_measure_without_title_or_key_is_refused(tmp_path):
    with pytest.raises(TableConfigError, match="X.measures.a: verwacht 'title' en/of 'key'"):
        read(tmp_path, "tables:\n  - id: X\n    measures:\n      a: {group: G}\n")


def test_areas_give_the_names_cbs_must_use_for_the_codes_a_table_asks(tmp_path):
    (spec,) = read(tmp_path, (
        "areas:\n  - {code: CR15, name: Arnhem/Nijmegen, kind: COROP-gebied, municipalities: [GM0299]}\n"
        "tables:\n  - id: X\n    measures: [M_1]\n    regions: [NL01]\n    optional_regions: [CR15]\n"))
    assert spec.region_names == {"CR15": "Arnhem/Nijmegen"}
    assert load_areas(tmp_path / "t.yaml")["CR15"].label == "COROP-gebied Arnhem/Nijmegen"


def test_an_area_without_a_kind_is_refused(tmp_path):
    with pytest.raises(TableConfigError, match="'code', 'name' en 'kind'"):
        read(tmp_path, "areas:\n  - {code: CR15, name: Arnhem/Nijmegen}\ntables:\n  - id: X\n    measures: [M]\n")


def test_shipped_config_expands_region_keywords_and_names_the_corop_areas():
    specs = {s.id: s for s in load_table_specs()}
    jobs = specs["83582NED"]
    assert jobs.regions == ("GM0299", "GM0221", "GM0226", "GM0293", "GM1955", "PV25", "NL01")
    assert jobs.optional_regions == ("GM0196", "CR15", "CR14")
    assert all(s.period_from == 2015 for s in specs.values())
    assert not any(s.verified for s in specs.values())  # nothing has been checked online yet
    areas = load_areas()
    assert areas["CR15"].municipalities == ("GM0299", "GM0221", "GM0226", "GM0293")
    assert areas["CR14"].municipalities == ("GM1955",)
