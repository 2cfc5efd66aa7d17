"""What the book shows from the plan itself, and where a page's data come from."""

import pandas as pd

from levanalysis.analysis.budget import inconsistencies
from levanalysis.analysis.judging import describe_rule
from levanalysis.book import method_pages, plan_pages, tables
from levanalysis.book.context import spearhead_datasets
from levanalysis.book.provenance import (
    example_notice,
    example_notice_html,
    provenance_html,
    provenance_table,
)
from levanalysis.definitions.plan import Rule, load_plan
from levanalysis.definitions.region import load_region
from levanalysis.sources.cache import Provenance


def test_activity_budget_totals_are_summed_from_the_years_in_euros():
    table = plan_pages.activity_budget_table(load_plan().spearhead("vte"), load_plan()).set_index("Begrotingsregel")
    # 10 + 5 + 5 = 20 thousand euros
    assert table.loc["Inrichten informatiepunten", "Totaal"] == 20000


def test_an_activity_without_budget_line_shows_no_amounts():
    html = plan_pages.activity_budget_html(load_plan().spearhead("vte"), load_plan())
    assert "Verbinden van (bestaand) aanbod (geen eigen regel)" in html
    assert "geen data" not in html  # no budget line is not missing data


def test_spearhead_overview_budget_is_the_sum_of_its_lines():
    table = plan_pages.spearhead_overview(load_plan()).set_index("Speerpunt")
    # maakindustrie: (10 + 25 + 10) * 3 = 135 thousand euros
    assert table.loc["Maakindustrie", "Begroting 2024-2026"] == 135000


def test_budget_page_shows_every_amount_in_euros():
    html = plan_pages.budget_html(load_plan())
    # The plan's 35,0 (thousands) is shown as € 35.000, never as 35,0
    assert "€\u00a035.000" in html and "35,0<" not in html  # no-break space: never split in a narrow column


def test_monitoring_table_states_the_rule_next_to_the_target():
    table = plan_pages.monitoring_table(load_plan().spearhead("maakindustrie"), 2023, 2026, (2024, 2026))
    row = table[table["Indicator"] == "Spanningsindicator arbeidsmarkt Techniek"].iloc[0]
    assert row["Streefwaarde (plan)"] == "3% afname spanningsindicator"
    assert "-3%" in row["Toetsing in deze monitor"]


def test_goal_tree_shows_all_six_columns():
    tree = plan_pages.goal_tree(load_plan().spearhead("vte").goal_tree)
    assert [c["label"] for c in tree["columns"]] == ["Behoefte", "Input", "Activiteiten", "Output", "Resultaat", "Impact"]


def test_count_rule_names_the_plan_period_not_the_compared_years():
    rule = Rule(type="count_in_period", min=3)
    assert describe_rule(rule, 2022, 2025, (2024, 2026)) == "Minstens 3 in de periode 2024-2026."


def test_funds_text_takes_its_amounts_from_the_plan_data():
    text = plan_pages.available_funds_text({"per_jaar": 100000, "jaren": 3, "restant": 1000,
                                            "beschikbaar": 301000, "begroot": 300000, "verschil": 1000})
    assert text.startswith("De toelichting op de begroting noemt circa € 100.000 per jaar gedurende 3 jaar plus circa € 1.000")


def test_inconsistencies_table_puts_text_and_budget_side_by_side_per_statement():
    table = plan_pages.inconsistencies_table(inconsistencies(load_plan())).set_index("Onderdeel")
    row = table.loc["Inrichting informatiepunten"]
    assert row["Volgens de tekst (2024 / 2025 / 2026)"] == "20.000 / 5.000 / 5.000"
    assert row["Volgens de begrotingstabel (2024 / 2025 / 2026)"] == "10.000 / 5.000 / 5.000"


def test_reorganisation_is_explained_with_both_names():
    assert method_pages.reorganisations(load_region()) == [
        "Rijnwaarden (GM0196) is op 01-01-2018 opgegaan in Zevenaar. Reeksen van vóór 2018 tellen "
        "Rijnwaarden bij Zevenaar op, zodat de reeks vergelijkbaar blijft."
    ]


def test_local_source_formats_are_collapsible_blocks_with_their_columns():
    html = method_pages.local_source_formats_html()
    assert html.count("<details") == len(method_pages.local_source_formats())
    assert "```" not in html


def _provenance(kind, **fields):
    return Provenance(kind=kind, source="bron", **fields)


def test_example_data_gets_a_visible_warning_naming_the_dataset():
    notice = example_notice({"lisa_banen": _provenance("example", title="LISA-banen")})
    assert notice["kind"] == "warning" and notice["title"] == "Let op: voorbeeldcijfers"
    assert notice["paragraphs"][-1] == "Voorbeeldgegevens op deze pagina: LISA-banen."


def test_real_data_gets_no_example_warning():
    assert example_notice_html({"cbs:83582NED": _provenance("cbs", table_id="83582NED")}) == ""


def test_a_sidecar_title_is_shown_as_text_in_the_notice():
    html = example_notice_html({"lisa_banen": _provenance("example", title="<script>alert(document.domain)</script>")})
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_provenance_table_shows_provisional_years_and_retrieval_date():
    provenance = _provenance(
        "cbs", table_id="83582NED", retrieved_at="2026-03-01T10:00:00+00:00",
        period_status={"2023JJ00": "Definitief", "2024JJ00": "Voorlopig"}, sha256="abcdef0123456789",
    )
    row = provenance_table({"cbs:83582NED": provenance}).iloc[0]
    assert row["Perioden"] == "2023-2024"
    assert row["CBS-status"] == "voorlopig: 2024"
    assert row["Opgehaald"] == "2026-03-01"
    assert row["Soort"] == "CBS StatLine"


def test_absent_datasets_are_named_under_the_provenance_table():
    html = provenance_html(["lisa_banen"], {}, "Herkomst")
    assert "Niet aanwezig in de gegevensmap" in html and "lisa_banen" in html


def test_spearhead_datasets_are_its_kpi_bindings_judgements_structure_and_execution():
    assert spearhead_datasets(load_plan().spearhead("vte")) == [
        "website_bezoekers", "toeristenbelasting", "cbs:82059NED", "lisa_banen", "cbs:83583NED", "oordelen",
        "cbs:83582NED", "uitvoering", "begroting_realisatie", "bewijs",
    ]
    # No KPIs yet: no judgements to show
    assert spearhead_datasets(load_plan().spearhead("logistiek")) == [
        "cbs:83582NED", "uitvoering", "begroting_realisatie", "bewijs"]


def test_sector_table_lists_each_subsector_with_its_sbi_codes():
    from levanalysis.definitions.sectors import load_sectors

    rows = tables.cell_texts(tables.table(method_pages.sectors_table(load_sectors())))
    assert ["Maakindustrie", "Industrie", "C"] in rows
    assert pd.DataFrame(rows).shape[1] == 3
