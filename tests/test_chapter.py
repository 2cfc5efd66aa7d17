"""Chapter building blocks, on small hand-made results and series."""

import math

import pandas as pd
import pytest

from levanalysis.analysis.inputs import KpiInput
from levanalysis.analysis.results import KpiResult
from levanalysis.book import kpi_blocks, status, structure_blocks
from levanalysis.book.downloads import write_download
from levanalysis.definitions.region import load_region
from levanalysis.sources.cache import Provenance


def _result(**fields):
    values = dict(
        kpi_id="vte-banen", spearhead="vte", spearhead_name="Vrijetijdseconomie", goal="Meer banen",
        indicator="SBI-banen", target="Groei gelijk aan NL", rule="Groei >= NL.", rule_type="growth_vs_nl",
        baseline_year=2023, baseline_value=100.0, latest_year=2025, latest_value=110.0, change=0.10,
        comparison=0.05, status="op koers", reason="Groei 10% tegen 5%.", sources="LISA, CBS",
        data_kind="echt",
    )
    values.update(fields)
    return KpiResult(**values)


def _input(**fields):
    values = dict(
        region=pd.Series({2023: 100.0, 2024: 104.0, 2025: 110.0}),
        nation=pd.Series({2023: 200.0, 2024: 205.0, 2025: 210.0}),
    )
    values.update(fields)
    return KpiInput(**values)


def test_example_data_is_named_next_to_the_status():
    assert status.status_label(_result(data_kind="voorbeeld")) == "➚ op koers (voorbeeldcijfers)"


def test_real_data_status_has_symbol_and_word():
    assert status.status_label(_result(status="niet behaald")) == "✘ niet behaald"


def test_growth_vs_nl_chart_shows_both_as_index_on_the_baseline():
    series, label, _ = kpi_blocks.chart_series(_result(), _input())
    assert label == "index (2023 = 100)"
    # Liemers 110 / 100 * 100 = 110; Nederland 210 / 200 * 100 = 105
    assert series["De Liemers"][2025] == pytest.approx(110.0)
    assert series["Nederland"][2025] == pytest.approx(105.0)


def test_annual_growth_target_path_compounds_from_the_baseline():
    result = _result(rule_type="annual_growth", baseline_value=100.0)
    path = kpi_blocks.target_path(result, 0.05, [2022, 2023, 2024, 2025])
    # 100 * 1,05 = 105; 100 * 1,05^2 = 110,25; years before the baseline are left out
    assert list(path.index) == [2023, 2024, 2025]
    assert path[2025] == pytest.approx(110.25)


def test_change_target_line_is_the_baseline_moved_by_the_bound():
    level, label = kpi_blocks.target_line(_result(rule_type="change", baseline_value=3.0), None, -0.03)
    # 3,0 * (1 - 0,03) = 2,91
    assert level == pytest.approx(2.91)
    assert "-3%" in label


def test_kpi_block_has_heading_status_alt_text_and_source():
    text = kpi_blocks.kpi_block_html(_result(), _input())
    assert "<h3>SBI-banen</h3>" in text
    assert "lev-status-op-koers" in text
    assert 'alt="Lijndiagram: SBI-banen' in text
    assert "Bron: LISA, CBS (volgens het plan)" in text


def test_kpi_without_data_shows_the_source_as_text_and_no_chart():
    text = kpi_blocks.kpi_block_html(_result(status="geen data"), _input(region=None, nation=None))
    assert "<img" not in text
    assert '<p class="lev-source">Bron:' in text


def test_source_line_names_kind_date_and_provisional_years():
    provenance = Provenance(kind="cbs", source="CBS StatLine", table_id="83582NED", retrieved_at="2026-02-01T09:00:00+00:00",
                            period_status={"2024JJ00": "Definitief", "2025JJ00": "Voorlopig"})
    line = kpi_blocks.source_line(_result(provenances=(provenance,)))
    assert line.endswith("Gebruikt: CBS 83582NED (CBS StatLine; opgehaald 2026-02-01; voorlopig: 2025).")


def test_municipality_growth_folds_rijnwaarden_into_zevenaar_before_2018():
    frame = pd.DataFrame({
        "gemeente": ["GM0299", "GM0196", "GM0299"],
        "jaar": [2017, 2017, 2019],
        "banen": [1000, 200, 1320],
    })
    table = kpi_blocks.municipality_growth(frame, "banen", load_region(), 2017).set_index("gemeente")
    # Zevenaar 2017 = 1.000 + 200 (Rijnwaarden) = 1.200; 1.320 / 1.200 - 1 = 10%
    assert table.loc["Zevenaar", "basiswaarde"] == 1200
    assert table.loc["Zevenaar", "groei"] == pytest.approx(0.10)
    assert math.isnan(table.loc["Duiven", "groei"])


def test_downloads_are_written_and_linked(tmp_path):
    link = write_download(pd.DataFrame({"jaar": [2023], "waarde": [1.5]}), tmp_path / "downloads", "vte-banen")
    assert (tmp_path / "downloads" / "vte-banen.csv").read_text(encoding="utf-8") == "jaar,waarde\n2023,1.5\n"
    assert link == "{download}`Download de cijfers (CSV) <downloads/vte-banen.csv>`"


def test_no_downloads_dir_means_no_link():
    assert write_download(pd.DataFrame({"a": [1]}), None, "x") == ""


def test_maakindustrie_structure_includes_its_cross_over_partner_bouw():
    assert structure_blocks.structure_codes("maakindustrie") == ("C", "F")


def _one_municipality_region():
    from levanalysis.definitions.region import Municipality, Region

    return Region(id="r", name="Regio", municipalities=(Municipality("GM0001", "Dorp", "X"),), reorganisations=())


def test_shift_share_per_area_by_hand():
    rows = []
    for area in ("GM0001", "r"):
        rows += [(area, "C", 2023, 100.0), (area, "C", 2025, 120.0), (area, "T001081", 2023, 1000.0), (area, "T001081", 2025, 1100.0)]
    rows += [("NL01", "C", 2023, 1000.0), ("NL01", "C", 2025, 1100.0), ("NL01", "T001081", 2023, 10000.0), ("NL01", "T001081", 2025, 10500.0)]
    long = pd.DataFrame(rows, columns=["region", "sector", "year", "value"])
    table = structure_blocks.shift_share_by_area_display(long, 2023, 2025, ["C"], _one_municipality_region()).set_index("Gebied")
    # national growth 5%: 100 * 0,05 = 5; mix: 100 * (10% - 5%) = 5; regional: 100 * (20% - 10%) = 10; total 20
    assert table.loc["Dorp"].tolist() == ["20", "5", "5", "10"]


def test_diversification_display_shows_both_years_per_area():
    table = pd.DataFrame({
        "region": ["GM0001", "GM0001"], "region_name": ["Dorp", "Dorp"], "year": [2023, 2025],
        "normalised_shannon_entropy": [0.5, float("nan")],
    })
    shown = structure_blocks.diversification_display(table, 2023, 2025)
    assert shown.iloc[0].tolist() == ["Dorp", "0,500", "geen data"]
