"""levanalysis.analysis.structure: location quotients, shift-share and diversification from CBS 83582NED.

CBS gives jobs in thousands; the tables give jobs. Hand-made tables below use simple thousands.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_kpi_inputs import (
    DUIVEN,
    LIEMERS,
    MONTFERLAND,
    RIJNWAARDEN,
    ZEVENAAR,
    cbs_jobs_frame,
)

from levanalysis.analysis import structure as S

SECTORS = ("I", "R", "47", "H", "C", "F")


def jobs(per_municipality: dict, nation: dict, years=(2023,), overrides: dict | None = None):
    """Every Liemers municipality gets ``per_municipality`` (thousands) in every year, NL ``nation``."""
    values = {}
    for year in years:
        for municipality in LIEMERS:
            for code, value in per_municipality.items():
                values[(municipality, code, year)] = value
        for code, value in nation.items():
            values[("NL01", code, year)] = value
    values.update(overrides or {})
    return S.jobs_long(cbs_jobs_frame(values))


FLAT = {"T001081": 5, "C": 0.5, "I": 0.2, "R": 0.2, "47": 0.2, "H": 0.4, "F": 0.3}
NL = {"T001081": 1000, "C": 100, "I": 50, "R": 20, "47": 80, "H": 60, "F": 40}


def value(long, region, sector, year):
    row = long[(long["region"] == region) & (long["sector"] == sector) & (long["year"] == year)]
    return float(row["value"].iloc[0])


def test_the_structure_sectors_are_vte_logistics_manufacturing_and_construction():
    assert S.structure_sectors() == SECTORS


def test_the_liemers_is_the_sum_of_its_five_municipalities_in_jobs():
    long = jobs(FLAT, NL)
    # 5 municipalities x 0.5 thousand = 2500 jobs in C
    assert value(long, "liemers", "C", 2023) == 2500.0


def test_rijnwaarden_2017_is_added_to_zevenaar():
    long = jobs(FLAT, NL, years=(2017,), overrides={(RIJNWAARDEN, "C", 2017): 0.25})
    # Zevenaar 0.5 + Rijnwaarden 0.25 = 0.75 thousand; the Liemers 5 x 0.5 + 0.25 = 2.75 thousand
    assert value(long, ZEVENAAR, "C", 2017) == 750.0
    assert value(long, "liemers", "C", 2017) == 2750.0


def test_a_suppressed_municipality_makes_the_liemers_total_nan():
    long = jobs(FLAT, NL, overrides={(DUIVEN, "C", 2023): None})
    assert math.isnan(value(long, "liemers", "C", 2023))


def test_location_quotient_of_the_liemers_aggregate():
    # Zevenaar C 3.0 of 5; the other four 0.5 of 5 each.
    # Liemers: C = 3 + 4 x 0.5 = 5, total = 25 -> share 0.2; NL 100 / 1000 = 0.1 -> LQ 2.0
    long = jobs(FLAT, NL, overrides={(ZEVENAAR, "C", 2023): 3.0})
    table = S.location_quotient_table(long, [2023])
    liemers = table[(table["region"] == "liemers") & (table["sector"] == "C")].iloc[0]
    assert liemers["location_quotient"] == pytest.approx(2.0)
    assert (liemers["share"], liemers["share_nl"]) == pytest.approx((0.2, 0.1))


def test_location_quotient_of_a_municipality():
    # Zevenaar: 3 / 5 = 0.6 against NL 0.1 -> 6.0
    long = jobs(FLAT, NL, overrides={(ZEVENAAR, "C", 2023): 3.0})
    table = S.location_quotient_table(long, [2023])
    row = table[(table["region"] == ZEVENAAR) & (table["sector"] == "C")].iloc[0]
    assert row["location_quotient"] == pytest.approx(6.0)


def test_location_quotient_table_has_every_area_sector_and_year():
    long = jobs(FLAT, NL, years=(2023, 2025))
    table = S.location_quotient_table(long, [2023, 2025])
    # (5 municipalities + the Liemers) x 6 sectors x 2 years = 72 rows
    assert len(table) == 72 and set(table["region_name"]) >= {"De Liemers", "Montferland"}


def test_latest_year_needs_the_liemers_and_nl_totals():
    long = jobs(FLAT, NL, years=(2023, 2025), overrides={(MONTFERLAND, "T001081", 2025): None})
    assert S.latest_year(long) == 2023


def test_shift_share_by_hand():
    # Liemers C: 5 x 1.0 = 5000 jobs in 2023, 5 x 1.2 = 6000 in 2025 (+20%);
    # NL total 1000 -> 1100 (+10%), NL C 100 -> 105 (+5%).
    # national 5000 x 0.10 = 500; mix 5000 x (0.05 - 0.10) = -250; regional 5000 x (0.20 - 0.05) = 750
    values = {}
    for year, c, total, nl_c, nl_total in ((2023, 1.0, 5, 100, 1000), (2025, 1.2, 5, 105, 1100)):
        for m in LIEMERS:
            values.update({(m, "C", year): c, (m, "T001081", year): total})
        values.update({("NL01", "C", year): nl_c, ("NL01", "T001081", year): nl_total})
    long = S.jobs_long(cbs_jobs_frame(values), sectors=["C"])
    row = S.shift_share_table(long, 2023, 2025, sectors=["C"]).set_index("sector").loc["C"]
    assert row["national_growth_effect"] == pytest.approx(500)
    assert row["industry_mix_effect"] == pytest.approx(-250)
    assert row["regional_effect"] == pytest.approx(750)
    assert row["actual_change"] == pytest.approx(1000)


positive = st.floats(0.1, 500, allow_nan=False)


@settings(max_examples=25, deadline=None)
@given(st.lists(positive, min_size=8, max_size=8), st.lists(positive, min_size=8, max_size=8))
def test_shift_share_parts_add_up_to_the_actual_change(start, end):
    # per year: Liemers C and H for each municipality from the lists, NL C, H and total
    values = {}
    for year, numbers in ((2023, start), (2025, end)):
        c, h, nl_c, nl_h = numbers[:4]
        for m in LIEMERS:
            values.update({(m, "C", year): c, (m, "H", year): h, (m, "T001081", year): c + h + 1})
        values.update({("NL01", "C", year): nl_c * 10, ("NL01", "H", year): nl_h * 10,
                       ("NL01", "T001081", year): (nl_c + nl_h) * 10 + numbers[4]})
    long = S.jobs_long(cbs_jobs_frame(values), sectors=["C", "H"])
    table = S.shift_share_table(long, 2023, 2025, sectors=["C", "H"])
    parts = table["national_growth_effect"] + table["industry_mix_effect"] + table["regional_effect"]
    assert parts.to_numpy() == pytest.approx(table["actual_change"].to_numpy(), rel=1e-9, abs=1e-6)


def test_diversification_of_equal_vte_subsectors_is_maximal():
    long = jobs({**FLAT, "I": 0.3, "R": 0.3, "47": 0.3}, NL)
    table = S.diversification_table(long)
    liemers = table[table["region"] == "liemers"].iloc[0]
    # three equal shares: normalised Shannon = ln 3 / ln 3 = 1; 1 - HHI = 1 - 3 x (1/3)^2 = 2/3
    assert liemers["normalised_shannon_entropy"] == pytest.approx(1.0)
    assert liemers["herfindahl_diversity"] == pytest.approx(2 / 3)


def test_diversification_table_lists_municipalities_then_the_liemers():
    table = S.diversification_table(jobs(FLAT, NL))
    assert list(table["region"]) == [*LIEMERS, "liemers"]


def test_location_quotient_sentence_above_one():
    assert S.interpret_location_quotient(1.6, "C") == (
        "De maakindustrie is in de Liemers 1,6 keer zo sterk vertegenwoordigd als in Nederland."
    )


def test_location_quotient_sentence_below_one():
    assert S.interpret_location_quotient(0.84, "47", "Duiven") == (
        "De detailhandel is in Duiven minder sterk vertegenwoordigd dan in Nederland "
        "(0,8 keer het landelijke aandeel)."
    )


def test_location_quotient_sentence_near_one_says_about_equal():
    assert "ongeveer even sterk" in S.interpret_location_quotient(1.04, "H")


def test_location_quotient_sentence_without_data_says_so():
    assert "ontbreken cijfers" in S.interpret_location_quotient(math.nan, "C")


def test_shift_share_sentence_names_the_three_parts():
    long = jobs(FLAT, NL, years=(2023, 2025), overrides={(m, "C", 2025): 0.7 for m in LIEMERS})
    table = S.shift_share_table(long, 2023, 2025)
    # NL does not change, so the national and mix effects are 0; C grows 5 x 0.2 = 1000 jobs
    assert S.interpret_shift_share(table, 2023, 2025) == (
        "Tussen 2023 en 2025 veranderde het aantal banen in deze sectoren in de Liemers met +1.000: "
        "0 door de landelijke groei, 0 door de sectorsamenstelling en +1.000 door de eigen regionale "
        "ontwikkeling."
    )


def test_diversification_sentence_says_increase():
    # 2023: 47 holds 0.6 against 0.2 for I and R (unequal); 2025: all three 0.2 (equal)
    overrides = {(m, "47", 2023): 0.6 for m in LIEMERS}
    table = S.diversification_table(jobs(FLAT, NL, years=(2023, 2025), overrides=overrides))
    assert "toegenomen" in S.interpret_diversification(table, 2023, 2025)


def test_diversification_frame_shows_both_years_per_area_with_geen_data_for_missing():
    from levanalysis.book import tables
    from levanalysis.book.structure_blocks import diversification_frame

    table = pd.DataFrame({
        "region": ["GM0001", "GM0001"], "region_name": ["Dorp", "Dorp"], "year": [2023, 2025],
        "normalised_shannon_entropy": [0.5, float("nan")],
    })
    frame = diversification_frame(table, 2023, 2025)
    assert tables.cell_texts(tables.table(frame, formats={"2023": tables.number(3), "2025": tables.number(3)})) == [
        ["Dorp", "0,500", "geen data"]
    ]
