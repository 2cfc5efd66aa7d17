from levanalysis.analysis.judging import describe_rule
from levanalysis.book.display import to_html_table
from levanalysis.book.plan_pages import (
    activity_budget_table,
    goal_tree_markdown,
    monitoring_table,
    spearhead_overview,
)
from levanalysis.definitions.plan import Rule, load_plan


def test_activity_budget_totals_are_summed_from_the_years():
    table = activity_budget_table(load_plan().spearhead("vte"), load_plan())
    row = table[table["Begrotingsregel"] == "Inrichten informatiepunten"].iloc[0]
    # 10 + 5 + 5 = 20 thousand euros
    assert row["Totaal"] == "20.000"


def test_an_activity_without_budget_line_is_shown_as_such():
    table = activity_budget_table(load_plan().spearhead("vte"), load_plan())
    assert "Verbinden van (bestaand) aanbod (geen eigen regel)" in set(table["Begrotingsregel"])


def test_spearhead_overview_budget_is_the_sum_of_its_lines():
    table = spearhead_overview(load_plan()).set_index("Speerpunt")
    # maakindustrie: (10 + 25 + 10) * 3 = 135 thousand euros
    assert table.loc["Maakindustrie", "Begroting 2024-2026"] == "135.000"


def test_monitoring_table_states_the_rule_next_to_the_target():
    table = monitoring_table(load_plan().spearhead("maakindustrie"), 2023, 2026, (2024, 2026))
    row = table[table["Indicator"] == "Spanningsindicator arbeidsmarkt Techniek"].iloc[0]
    assert row["Streefwaarde (plan)"] == "3% afname spanningsindicator"
    assert "-3%" in row["Toetsing in deze monitor"]


def test_goal_tree_shows_all_six_columns():
    text = goal_tree_markdown(load_plan().spearhead("vte").goal_tree)
    for label in ("Behoefte", "Input", "Activiteiten", "Output", "Resultaat", "Impact"):
        assert f"**{label}**" in text


def test_count_rule_names_the_plan_period_not_the_compared_years():
    rule = Rule(type="count_in_period", min=3)
    assert describe_rule(rule, 2022, 2025, (2024, 2026)) == "Minstens 3 in de periode 2024-2026."


def test_html_tables_are_deterministic_and_escaped():
    import pandas as pd

    table = pd.DataFrame({"a": ["<b>"]})
    assert to_html_table(table) == to_html_table(table)
    assert "&lt;b&gt;" in to_html_table(table)


def _provenance(kind, **fields):
    from levanalysis.sources.cache import Provenance

    return Provenance(kind=kind, source="bron", **fields)


def test_example_data_gets_a_visible_warning_naming_the_dataset():
    from levanalysis.book.provenance import example_notice_markdown

    text = example_notice_markdown({"lisa_banen": _provenance("example", title="LISA-banen")})
    assert ":class: warning" in text and "voorbeeldcijfers" in text and "LISA-banen" in text


def test_real_data_gets_no_example_warning():
    from levanalysis.book.provenance import example_notice_markdown

    assert example_notice_markdown({"cbs:83582NED": _provenance("cbs", table_id="83582NED")}) == ""


def test_provenance_table_shows_provisional_years_and_retrieval_date():
    from levanalysis.book.provenance import provenance_table

    provenance = _provenance(
        "cbs", table_id="83582NED", retrieved_at="2026-03-01T10:00:00+00:00",
        period_status={"2023JJ00": "Definitief", "2024JJ00": "Voorlopig"}, sha256="abcdef0123456789",
    )
    row = provenance_table({"cbs:83582NED": provenance}).iloc[0]
    assert row["Perioden"] == "2023-2024"
    assert row["CBS-status"] == "voorlopig: 2024"
    assert row["Opgehaald"] == "2026-03-01"
    assert row["Soort"] == "CBS StatLine"


def test_spearhead_datasets_are_its_kpi_bindings_plus_the_structure_table():
    from levanalysis.book.context import spearhead_datasets

    assert spearhead_datasets(load_plan().spearhead("vte")) == [
        "website_bezoekers", "toeristenbelasting", "cbs:82059NED", "lisa_banen", "cbs:83583NED", "cbs:83582NED",
    ]
    assert spearhead_datasets(load_plan().spearhead("logistiek")) == ["cbs:83582NED"]


def test_inconsistencies_table_puts_text_and_budget_side_by_side_per_statement():
    from levanalysis.analysis.budget import inconsistencies
    from levanalysis.book.plan_pages import inconsistencies_table

    table = inconsistencies_table(inconsistencies(load_plan())).set_index("Onderdeel")
    row = table.loc["Inrichting informatiepunten"]
    assert row["Volgens de tekst (2024 / 2025 / 2026)"] == "20.000 / 5.000 / 5.000"
    assert row["Volgens de begrotingstabel (2024 / 2025 / 2026)"] == "10.000 / 5.000 / 5.000"


def test_reorganisation_is_explained_with_both_names():
    from levanalysis.book.plan_pages import reorganisations_markdown
    from levanalysis.definitions.region import load_region

    assert reorganisations_markdown(load_region()) == (
        "- Rijnwaarden (GM0196) is op 01-01-2018 opgegaan in Zevenaar. Reeksen van vóór 2018 tellen "
        "Rijnwaarden bij Zevenaar op, zodat de reeks vergelijkbaar blijft."
    )
