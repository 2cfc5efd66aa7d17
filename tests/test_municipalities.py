"""Figures per municipality behind a regional KPI."""

import math

import pandas as pd
import pytest

from levanalysis.analysis.municipalities import breakdown_column, municipality_growth
from levanalysis.analysis.structure import shift_share_by_area
from levanalysis.definitions.plan import load_plan
from levanalysis.definitions.region import Municipality, Region, load_region


def test_municipality_growth_folds_rijnwaarden_into_zevenaar_before_2018():
    frame = pd.DataFrame({
        "gemeente": ["GM0299", "GM0196", "GM0299"],
        "jaar": [2017, 2017, 2019],
        "banen": [1000, 200, 1320],
    })
    table = municipality_growth(frame, "banen", load_region(), 2017).set_index("gemeente")
    # Zevenaar 2017 = 1.000 + 200 (Rijnwaarden) = 1.200; 1.320 / 1.200 - 1 = 10%
    assert table.loc["Zevenaar", "basiswaarde"] == 1200
    assert table.loc["Zevenaar", "groei"] == pytest.approx(0.10)
    assert math.isnan(table.loc["Duiven", "groei"])


def test_which_kpis_are_split_by_municipality_is_data_beside_the_source():
    kpis = {k.id: k for s in load_plan().spearheads for k in s.monitoring.kpis}
    assert breakdown_column(kpis["vte-banen"]) == "banen"
    assert breakdown_column(kpis["vte-overnachtingen"]) == "overnachtingen"
    assert breakdown_column(kpis["vte-diversificatie"]) is None
    assert breakdown_column(kpis["maak-studenten"]) is None


def test_shift_share_per_area_by_hand():
    region = Region(id="r", name="Regio", municipalities=(Municipality("GM0001", "Dorp", "X"),), reorganisations=())
    rows = []
    for area in ("GM0001", "r"):
        rows += [(area, "C", 2023, 100.0), (area, "C", 2025, 120.0), (area, "T001081", 2023, 1000.0), (area, "T001081", 2025, 1100.0)]
    rows += [("NL01", "C", 2023, 1000.0), ("NL01", "C", 2025, 1100.0), ("NL01", "T001081", 2023, 10000.0), ("NL01", "T001081", 2025, 10500.0)]
    long = pd.DataFrame(rows, columns=["region", "sector", "year", "value"])
    table = shift_share_by_area(long, 2023, 2025, ["C"], region).set_index("region_name")
    # national growth 5%: 100 * 0,05 = 5; mix: 100 * (10% - 5%) = 5; regional: 100 * (20% - 10%) = 10; total 20
    assert table.loc["Dorp", ["actual_change", "national_growth_effect", "industry_mix_effect", "regional_effect"]].tolist() \
        == pytest.approx([20, 5, 5, 10])
