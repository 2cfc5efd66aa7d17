"""The Samenvatting blocks, on hand-made results."""

import math

import pandas as pd
from openpyxl import load_workbook

from levanalysis.analysis.results import KpiResult
from levanalysis.book import summary


def _result(kpi_id="maak-banen", status="op koers", **fields):
    values = dict(
        kpi_id=kpi_id, spearhead="maakindustrie", spearhead_name="Maakindustrie", goal="Versterking",
        indicator="Werkgelegenheid maakindustrie", target="Groei >= NL", rule="Groei >= NL.", rule_type="growth_vs_nl",
        baseline_year=2023, baseline_value=8170.0, latest_year=2025, latest_value=8540.0, change=0.045,
        comparison=0.005, status=status, reason="r", sources="LISA", data_kind="echt",
    )
    values.update(fields)
    return KpiResult(**values)


def _pending():
    return _result(kpi_id="logistiek", spearhead="logistiek", spearhead_name="Logistiek", status="nog geen streefwaarde",
                   rule_type=None, indicator="-", latest_year=None, baseline_value=math.nan, latest_value=math.nan,
                   change=math.nan, comparison=math.nan, reason="Volgt uit het programmaplan.")


CHAPTERS = {"maakindustrie": "maakindustrie", "vte": "vrijetijdseconomie"}


def test_scorecard_links_each_indicator_to_its_chapter_block():
    (row,) = summary.scorecard([_result()], CHAPTERS)
    assert row["href"] == "maakindustrie.html#kpi-maak-banen"
    assert (row["baseline"], row["latest"]) == ("2023: 8.170", "2025: 8.540")
    assert row["status"]["css_class"] == "lev-status-op-koers"


def test_the_chapter_of_each_spearhead_comes_from_the_configuration():
    from levanalysis.definitions.config import load_config

    assert load_config().spearhead_chapters() == {"vte": "vrijetijdseconomie", "logistiek": "logistiek",
                                                 "maakindustrie": "maakindustrie"}


def test_pending_spearhead_row_has_no_link_and_no_numbers():
    (row,) = summary.scorecard([_pending()], CHAPTERS)
    assert row["href"] is None and row["latest"] == "geen data"
    assert row["status"]["status"] == "nog geen streefwaarde"


def test_scorecard_html_escapes_text_and_labels_cells():
    html = summary.scorecard_html([_result(target="<b>x</b>")], CHAPTERS)
    assert "&lt;b&gt;x&lt;/b&gt;" in html and '<td data-label="Laatste">' in html


def test_findings_count_targets_and_name_the_pending_spearhead_apart():
    found = summary.findings([_result(), _result(kpi_id="vte-banen", status="achter op koers"), _pending()])
    assert found["count"] == ("Het plan heeft 2 streefwaarden, plus Logistiek waarvoor de streefwaarden nog volgen: "
                              "1 op koers en 1 achter op koers.")
    # +4,5% against +0,5%: the comparison with Nederland is in the finding
    assert "Werkgelegenheid maakindustrie (Maakindustrie): +4,5% tegen +0,5% in Nederland" in found["groups"][0]["items"]
    assert found["pending"][0].startswith("Logistiek heeft nog geen meetbare streefwaarden")


def test_findings_on_example_data_say_so():
    assert summary.findings([_result(data_kind="voorbeeld")])["example"] is True
    assert "voorbeeldcijfers" in summary.findings_html([_result(data_kind="voorbeeld")])


def test_glue_values_are_display_text():
    values = summary.glue_values([_result(), _pending()])
    assert values["aantal_indicatoren"] == "1" and values["aantal_streefwaarden"] == "1"
    assert values["aantal_op_koers"] == "1"
    assert values["maak_banen_verandering"] == "+4,5%"
    assert values["maak_banen_nederland"] == "+0,5%"
    assert "logistiek_status" not in values


def test_workbook_holds_the_scorecard_and_each_kpi_table(tmp_path):
    link = summary.write_downloads([_result()], {"maak-banen": pd.DataFrame({"jaar": [2023], "De Liemers": [8170.0]})},
                                   tmp_path / "downloads")
    workbook = load_workbook(tmp_path / "downloads" / "lev-monitor.xlsx")
    assert workbook.sheetnames == ["scorecard", "maak-banen"]
    assert workbook["scorecard"]["A2"].value == "maak-banen"
    assert link.endswith("<downloads/lev-monitor.xlsx>`")


def test_glue_values_exist_without_data_and_say_geen_data():
    values = summary.glue_values([_result(status="geen data", latest_year=None, latest_value=math.nan,
                                          change=math.nan, comparison=math.nan)])
    assert values["maak_banen_verandering"] == "geen data"
    assert values["maak_banen_nederland"] == "geen data"
    assert values["maak_banen_laatste"] == "geen data"


def test_scorecard_row_says_tussenstand_and_the_expected_month():
    (row,) = summary.scorecard([_result(measurement="tussenstand", final_expected="2027-11")], CHAPTERS)
    assert row["measurement"] == "tussenstand; eindcijfer verwacht: november 2027"


def test_findings_say_how_many_targets_are_a_tussenstand():
    found = summary.findings([_result(measurement="tussenstand", final_expected="2027-11"),
                              _result(kpi_id="vte-banen", measurement="tussenstand", final_expected="2027-03")])
    assert found["measurement"] == ("Meting: 2 tussenstanden. De eindcijfers over het laatste planjaar worden verwacht "
                                    "tussen maart 2027 en november 2027.")


def test_a_count_within_the_margin_is_said_in_the_count():
    found = summary.findings([_result(within_margin=True), _result(kpi_id="vte-banen")])
    assert found["count"] == "Het plan heeft 2 streefwaarden: 2 op koers (waarvan 1 binnen de meetmarge)."


def test_measurement_table_has_one_row_per_target_with_the_expected_month():
    frame = summary.measurement_frame([_result(measurement="tussenstand", final_expected="2027-11"), _pending()])
    assert frame.to_dict("records") == [{"Streefwaarde": "Werkgelegenheid maakindustrie", "Meting": "tussenstand",
                                         "Cijfers tot en met": 2025, "Eindcijfer verwacht": "november 2027",
                                         "Definitief": "-"}]
