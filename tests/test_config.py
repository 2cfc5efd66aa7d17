import pytest

from levanalysis.definitions.config import (
    PROJECT_ROOT,
    ConfigError,
    check_toc_matches_chapters,
    load_config,
    toc_entries,
)


def test_data_dir_defaults_to_the_configured_example_data(monkeypatch):
    monkeypatch.delenv("LEV_DATA_DIR", raising=False)
    assert load_config().data_dir == PROJECT_ROOT / "data" / "example"


def test_environment_variable_overrides_the_data_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("LEV_DATA_DIR", str(tmp_path))
    assert load_config().data_dir == tmp_path


def test_explicit_data_dir_beats_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("LEV_DATA_DIR", "/elders")
    assert load_config(data_dir=tmp_path).data_dir == tmp_path


def test_relative_data_dir_is_relative_to_the_project(monkeypatch):
    monkeypatch.delenv("LEV_DATA_DIR", raising=False)
    assert load_config(data_dir="data/echt").data_dir == PROJECT_ROOT / "data" / "echt"


def test_every_configured_chapter_is_in_the_table_of_contents():
    check_toc_matches_chapters(load_config())


def test_toc_root_is_the_introduction():
    assert toc_entries()[0] == "chapters/inleiding"


def test_a_chapter_missing_from_the_toc_is_named(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text("format: jb-book\nroot: chapters/inleiding\nchapters:\n  - file: chapters/begroting\n")
    with pytest.raises(ConfigError, match="chapters/logistiek"):
        check_toc_matches_chapters(load_config(), toc)


def test_baseline_must_precede_evaluation_year(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text(
        "lev:\n  region: liemers\n  baseline_year: 2026\n  evaluation_year: 2026\n"
        "  data_dir: data\n  chapters: []\n"
    )
    with pytest.raises(ConfigError, match="baseline_year"):
        load_config(config)


def test_missing_lev_section_is_named(tmp_path):
    config = tmp_path / "_config.yml"
    config.write_text("title: boek\n")
    with pytest.raises(ConfigError, match="'lev'"):
        load_config(config)
