"""`levanalysis fetch` against the CBS replica, as a user runs it: exit codes, Dutch output, the cache."""

from __future__ import annotations

import pytest
from cbs_replica.tables import SBI_DIM

from levanalysis.cli import main
from levanalysis.definitions.cbs_tables import load_table_specs
from levanalysis.sources.cbs import RetryPolicy
from levanalysis.sources.cbs import transport as transport_module

SHIPPED = [spec.id for spec in load_table_specs()]
NL_C_2024 = {"RegioS": "NL01", "Perioden": "2024JJ00", SBI_DIM: "307500"}


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    # The defaults wait 2, 4 and 8 s between attempts; the same attempts without the waiting.
    monkeypatch.setattr(transport_module, "DEFAULT_POLICY", RetryPolicy(attempts=4, first_wait=0.0, max_wait=0.0))


def arguments(server, data_dir, *extra):
    return ["fetch", "--cbs-url", server.base_url, "--cbs-v4-url", server.v4_url, "--data-dir", str(data_dir),
            "--quiet", *extra]


def cache_bytes(directory):
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("api", ["v3", "v4", "auto"])
def test_fetch_fills_every_table_the_plan_needs(cbs_server, tmp_path, capsys, api):
    assert main(arguments(cbs_server, tmp_path, "--cbs-api", api)) == 0
    assert set(cache_bytes(tmp_path / "cbs")) == {f"{t}{s}" for t in SHIPPED for s in (".parquet", ".provenance.json")}
    out = capsys.readouterr().out
    used = "OData v3" if api == "v3" else "OData v4"
    assert all(f"{table_id}: " in out and f"via {used}," in out for table_id in SHIPPED)
    assert "Herzieningen" not in out  # nothing to compare with on a first fetch


def test_refetch_after_a_revision_prints_it(cbs_server, tmp_path, capsys):
    assert main(arguments(cbs_server, tmp_path, "--table", "83582NED")) == 0
    table = cbs_server.table("83582NED")
    old = table.value(NL_C_2024, "M000200_2")
    table.set_value(NL_C_2024, "M000200_2", 913.0)
    table.set_status("2024JJ00", "Nader voorlopig")
    capsys.readouterr()
    assert main(arguments(cbs_server, tmp_path, "--table", "83582NED")) == 0
    out = capsys.readouterr().out
    assert "Herzieningen sinds de vorige ophaalronde" in out and "1 cijfer(s) veranderd" in out
    old_text = f"{old:.1f}".replace(".", ",")
    assert (f"  83582NED Nederland, C Industrie, 2024: {old_text} → 913,0 (Banen van werknemers in december, "
            f"x 1 000); status Voorlopig → Nader voorlopig") in out.splitlines()


def test_refetch_without_changes_says_so(cbs_server, tmp_path, capsys):
    assert main(arguments(cbs_server, tmp_path, "--table", "83582NED")) == 0
    assert main(arguments(cbs_server, tmp_path, "--table", "83582NED")) == 0
    assert "Geen herzieningen" in capsys.readouterr().out


def test_three_server_errors_then_success_exit_0_with_retry_lines(cbs_server, tmp_path, capsys):
    cbs_server.fail("http", on="/odata/v1/", times=3, status=500)
    assert main(arguments(cbs_server, tmp_path, "--cbs-api", "v4", "--table", "83583NED")) == 0
    err = capsys.readouterr().err
    assert err.count("serverfout (HTTP 500)") == 3 and "nieuwe poging 4 van 4" in err
    assert (tmp_path / "cbs" / "83583NED.parquet").exists()


def test_permanent_503_exits_1_keeps_the_cache_and_names_its_date(cbs_server, tmp_path, capsys):
    assert main(arguments(cbs_server, tmp_path)) == 0
    before = cache_bytes(tmp_path / "cbs")
    cbs_server.fail("http", status=503)
    capsys.readouterr()
    assert main(arguments(cbs_server, tmp_path)) == 1
    err = capsys.readouterr().err
    assert "Fout: CBS-tabel 83582NED kon niet worden opgehaald: serverfout (HTTP 503)" in err
    assert "CBS is niet bereikbaar; het boek gebruikt de cache van " in err and "(van vandaag)" in err
    assert "Traceback" not in err
    assert cache_bytes(tmp_path / "cbs") == before


def test_no_server_and_no_cache_exits_1_and_says_the_book_has_no_cbs_figures(cbs_server, tmp_path, capsys):
    args = arguments(cbs_server, tmp_path, "--table", "83582NED")
    cbs_server.stop()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "geen verbinding met http://127.0.0.1:" in err
    assert err.rstrip().endswith("CBS is niet bereikbaar; er is nog geen cache, dus het boek heeft geen CBS-cijfers.")
    assert "Traceback" not in err


def test_ctrl_c_exits_130_with_a_dutch_line_and_an_intact_cache(cbs_server, tmp_path, capsys, monkeypatch):
    assert main(arguments(cbs_server, tmp_path, "--table", "83582NED")) == 0
    before = cache_bytes(tmp_path / "cbs")
    real = transport_module.Transport._get_once

    def interrupted(self, url, **kwargs):
        if "Observations" in url:
            raise KeyboardInterrupt
        return real(self, url, **kwargs)

    monkeypatch.setattr(transport_module.Transport, "_get_once", interrupted)
    capsys.readouterr()
    assert main(arguments(cbs_server, tmp_path, "--table", "83582NED")) == 130
    err = capsys.readouterr().err
    assert err.startswith("Ophalen afgebroken (Ctrl-C). Er is niets opgeslagen; het boek gebruikt de cache van ")
    assert "Traceback" not in err
    assert cache_bytes(tmp_path / "cbs") == before


def test_unknown_table_names_the_known_ones(tmp_path, capsys):
    assert main(["fetch", "--data-dir", str(tmp_path), "--table", "00000NED"]) == 1
    err = capsys.readouterr().err
    assert all(table_id in err for table_id in SHIPPED)


def test_unknown_api_in_environment_is_a_dutch_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LEV_CBS_API", "v5")
    assert main(["fetch", "--data-dir", str(tmp_path), "--quiet"]) == 1
    assert "Onbekende CBS-API 'v5'" in capsys.readouterr().err
