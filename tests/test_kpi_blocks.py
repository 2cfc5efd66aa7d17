"""A KPI's block in a spearhead chapter, on small hand-made results and series."""

import pandas as pd
import pytest

from levanalysis.analysis.inputs import KpiInput
from levanalysis.analysis.results import KpiResult
from levanalysis.book import kpi_blocks, status
from levanalysis.sources.cache import Provenance


def _result(**fields):
    values = dict(
        kpi_id="vte-banen", spearhead="vte", spearhead_name="Vrijetijdseconomie", goal="Meer banen",
        indicator="SBI-banen", target="Groei gelijk aan NL", rule="Groei >= NL.", rule_type="growth_vs_nl",
        baseline_year=2023, baseline_value=100.0, latest_year=2025, latest_value=110.0, change=0.10,
        comparison=0.05, status="op koers", reason="Groei 10% tegen 5%.", sources="LISA, CBS",
        data_kind="echt", unit="banen",
    )
    values.update(fields)
    return KpiResult(**values)


def _input(**fields):
    values = dict(
        region=pd.Series({2023: 100.0, 2024: 104.0, 2025: 110.0}),
        nation=pd.Series({2023: 200.0, 2024: 205.0, 2025: 210.0}),
        unit="banen",
    )
    values.update(fields)
    return KpiInput(**values)


def test_example_data_is_named_next_to_the_status():
    assert status.status_label(_result(data_kind="voorbeeld")) == "➚ op koers (voorbeeldcijfers)"


def test_real_data_status_has_symbol_and_word():
    assert status.status_label(_result(status="niet behaald")) == "✘ niet behaald"


def test_growth_vs_nl_chart_shows_both_as_index_and_nederland_is_the_path():
    series, label = kpi_blocks.chart_series(_result(), _input())
    assert label == "index (2023 = 100)"
    # Liemers 110 / 100 * 100 = 110; Nederland 210 / 200 * 100 = 105
    assert series["De Liemers"][2025] == pytest.approx(110.0)
    assert series["Nederland (= streefpad)"][2025] == pytest.approx(105.0)


def test_a_count_is_charted_cumulatively():
    result = _result(rule_type="count_in_period", unit="projecten")
    series, label = kpi_blocks.chart_series(result, _input(region=pd.Series({2024: 1.0, 2025: 2.0})))
    # 1 in 2024, 1 + 2 = 3 by 2025: read against the cumulative path
    assert series["De Liemers"].tolist() == [1.0, 3.0]
    assert label == "aantal projecten, opgeteld"


def test_the_path_is_drawn_in_the_chart_and_named_in_the_alt_text():
    result = _result(rule_type="change", unit="studenten", baseline_value=640.0, latest_value=662.0,
                     path=((2023, 640.0), (2024, 650.5), (2025, 661.2), (2026, 672.0)))
    block = kpi_blocks.kpi_block(result, _input(region=pd.Series({2023: 640.0, 2025: 662.0}), nation=None),
                                 rule_min=0.05)
    assert "streefpad (naar +5%): 640 in 2023 en 672 in 2026" in block["figure"]["alt"]


def test_the_path_is_a_column_of_the_table():
    result = _result(rule_type="count_in_period", unit="projecten", path=((2023, 0.0), (2024, 1.0), (2025, 2.0)))
    table = kpi_blocks.kpi_table(result, _input(region=pd.Series({2024: 1.0, 2025: 1.0}), nation=None))
    assert table.set_index("Jaar")["Streefpad, opgeteld (projecten)"].to_dict() == {2023: 0.0, 2024: 1.0, 2025: 2.0}


def test_the_block_says_tussenstand_and_when_the_final_figure_is_expected():
    result = _result(measurement="tussenstand", final_expected="2027-11", final_definitive_expected="2028-11")
    block = kpi_blocks.kpi_block(result, _input(), period_end=2026)
    assert block["measurement"] == ("Tussenstand (cijfers tot en met 2025). Eindcijfer over 2026 verwacht: "
                                    "november 2027 (definitief: november 2028).")


def test_the_margin_is_a_fact_of_the_block():
    facts = kpi_blocks.kpi_facts(_result(margin=0.0035))
    assert "Meetmarge door afronding (95%) op het verschil met Nederland: ±0,4 procentpunt" in facts


def test_kpi_block_has_anchor_status_alt_text_and_source():
    block = kpi_blocks.kpi_block(_result(), _input())
    assert block["id"] == "kpi-vte-banen"
    assert block["status"] == {"label": "➚ op koers", "css_class": "lev-status-op-koers", "status": "op koers"}
    assert block["figure"]["alt"].startswith("Lijndiagram: SBI-banen, index (2023 = 100).")
    assert block["source"].startswith("LISA, CBS (volgens het plan).")


def test_kpi_facts_carry_the_unit():
    facts = kpi_blocks.kpi_facts(_result(unit="euro per arbeidsjaar", baseline_value=128905.0))
    assert facts[0] == "Basisjaar 2023: 128.905 euro per arbeidsjaar"


def test_kpi_without_data_shows_the_source_as_text_and_no_chart():
    block = kpi_blocks.kpi_block(_result(status="geen data"), _input(region=None, nation=None))
    assert block["figure"] is None and block["table"] is None
    html = kpi_blocks.kpi_block_html(_result(status="geen data"), _input(region=None, nation=None))
    assert "<img" not in html and '<p class="lev-source">Bron:' in html


def test_text_from_deliveries_in_a_block_stays_text():
    html = kpi_blocks.kpi_block_html(_result(reason="<img src=x onerror=alert(1)>"), _input(),
                                     notes=["**vet** [x](http://evil.example)"])
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<strong>vet</strong>" not in html and "<a href=\"http://evil.example\"" not in html


def test_kpi_table_names_the_unit_and_rounds_jobs_to_whole_numbers():
    table = kpi_blocks.kpi_table(_result(), _input())
    assert list(table.columns) == ["Jaar", "De Liemers (banen)", "Nederland (banen)"]
    block = kpi_blocks.kpi_block(_result(), _input(region=pd.Series({2023: 2670.0})))
    assert block["table"]["rows"][0][1]["text"] == "2.670"


def test_diversification_table_names_subsectors_not_codes():
    detail = pd.DataFrame({"I": [10.0], "R": [20.0], "47": [30.0]}, index=pd.Index([2023], name="year"))
    table = kpi_blocks.kpi_table(_result(rule_type="diversification_increase"), _input(detail=detail))
    assert list(table.columns) == [
        "Jaar", "Logies-, maaltijd- en drankverstrekking (I) (banen)", "Cultuur, sport en recreatie (R) (banen)",
        "Detailhandel (retail) (47) (banen)", "Shannon-index",
    ]


def test_source_line_names_kind_date_and_provisional_years():
    provenance = Provenance(kind="cbs", source="CBS StatLine", table_id="83582NED", retrieved_at="2026-02-01T09:00:00+00:00",
                            period_status={"2024JJ00": "Definitief", "2025JJ00": "Voorlopig"})
    line = kpi_blocks.source_line(_result(provenances=(provenance,)))
    assert line.endswith("Gebruikt: CBS 83582NED (CBS StatLine; opgehaald 2026-02-01; voorlopig: 2025).")


def test_a_qualitative_block_without_judgement_says_so_and_keeps_the_aid():
    result = _result(kpi_id="vte-diversificatie", rule_type="diversification_increase", qualitative=True,
                     status="oordeel evaluator ontbreekt", reason="Hulpmiddel: de spreiding is toegenomen.",
                     baseline_value=0.880, latest_value=0.893, change=0.013, comparison=float("nan"))
    block = kpi_blocks.kpi_block(result, _input(nation=None))
    assert block["status"]["label"] == "? oordeel evaluator ontbreekt"
    assert block["status_source"] == "de monitor geeft hier geen eigen oordeel"
    assert block["indicator"] == "SBI-banen (diversificatie)" and "Hulpmiddel" in block["reason"]
