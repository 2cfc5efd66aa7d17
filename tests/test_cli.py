"""The `levanalysis` command as a user runs it: exit codes and Dutch messages, no tracebacks."""

import pytest

from levanalysis.cli import main


def _cache_bytes(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


# `levanalysis fetch` is tested against the CBS replica in test_cbs_cli.py.


def test_validate_exits_0_on_good_data(tmp_path, capsys):
    (tmp_path / "lisa_banen.csv").write_text("gemeente;jaar;sbi;banen\nDuiven;2023;C;1.510\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 0
    assert "Samenvatting" in capsys.readouterr().out


def test_validate_exits_1_and_names_file_row_and_column(tmp_path, capsys):
    (tmp_path / "lisa_banen.csv").write_text("gemeente;jaar;sbi;banen\nDuiven;2023;C;-10\n", encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    assert "lisa_banen.csv, rij 2, kolom 'banen'" in capsys.readouterr().out


def test_templates_never_overwrite(tmp_path, capsys):
    existing = tmp_path / "lisa_banen.xlsx"
    existing.write_bytes(b"mijn eigen bestand")
    assert main(["templates", str(tmp_path)]) == 0
    assert existing.read_bytes() == b"mijn eigen bestand"
    assert (tmp_path / "projecten.xlsx").exists()
    assert "niet overschreven" in capsys.readouterr().out


def test_unknown_chapter_is_a_message_not_a_traceback(capsys):
    assert main(["execute", "--chapter", "bestaat-niet"]) == 1
    assert "Onbekend hoofdstuk 'bestaat-niet'" in capsys.readouterr().err


def test_missing_command_shows_usage():
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2


def test_build_with_a_bad_file_names_it_and_runs_no_chapter(tmp_path, capsys):
    (tmp_path / "lisa_banen.csv").write_text("gemeente;jaar;sbi;banen\nArnhem;2023;C;10\n", encoding="utf-8")
    chapters = tmp_path / "chapters"
    assert main(["execute", "--data-dir", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "lisa_banen.csv, rij 2, kolom 'gemeente'" in error and "Traceback" not in error
    assert not chapters.exists()
