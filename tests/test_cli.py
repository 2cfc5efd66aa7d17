"""The `levanalysis` command as a user runs it: exit codes and Dutch messages, no tracebacks."""

import pytest

from levanalysis.cli import main


def _cache_bytes(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_fetch_fills_the_cache_with_provenance(cbs_server, tmp_path, capsys):
    code = main(["fetch", "--cbs-url", cbs_server.base_url, "--data-dir", str(tmp_path),
                 "--table", "83582NED", "--quiet"])
    assert code == 0
    assert set(_cache_bytes(tmp_path / "cbs")) == {"83582NED.parquet", "83582NED.provenance.json"}
    assert "83582NED:" in capsys.readouterr().out


def test_fetch_without_server_exits_1_and_keeps_the_cache(cbs_server, tmp_path, capsys):
    arguments = ["fetch", "--cbs-url", cbs_server.base_url, "--data-dir", str(tmp_path),
                 "--table", "83582NED", "--quiet"]
    assert main(arguments) == 0
    before = _cache_bytes(tmp_path / "cbs")
    cbs_server.stop()
    capsys.readouterr()
    assert main(arguments) == 1
    error = capsys.readouterr().err
    assert error.startswith("Fout: ") and "83582NED" in error and "Traceback" not in error
    assert _cache_bytes(tmp_path / "cbs") == before


def test_fetch_of_a_missing_measure_lists_the_measures_that_exist(cbs_server, tmp_path, capsys):
    # The loopback server's 85925NED has other measure keys than cbs_tables.yaml expects,
    # as a renamed measure at CBS would.
    assert main(["fetch", "--cbs-url", cbs_server.base_url, "--data-dir", str(tmp_path),
                 "--table", "85925NED", "--quiet"]) == 1
    assert "ToegevoegdeWaardeBasisprijzen_1" in capsys.readouterr().err
    assert not (tmp_path / "cbs" / "85925NED.parquet").exists()


def test_fetch_of_an_unknown_table_names_the_known_ones(tmp_path, capsys):
    assert main(["fetch", "--data-dir", str(tmp_path), "--table", "00000NED"]) == 1
    assert "83582NED" in capsys.readouterr().err


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
