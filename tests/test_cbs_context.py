"""levanalysis.analysis.cbs_context: honest naming of areas, how much of an area the Liemers are,
and establishments as context. Frames are built by hand so every figure can be checked by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from test_kpi_inputs import (
    LIEMERS,
    REGION_TITLES,
    SBI_DIM,
    SBI_TITLES,
    cbs_jobs_frame,
    write_cbs,
)

from levanalysis.analysis.cbs_context import (
    area_coverage,
    describe_area,
    establishments_context,
    liemers_establishments,
)
from levanalysis.sources.store import open_store


def establishments_frame(values: dict) -> pd.DataFrame:
    """A cached 81575NED/81578NED frame: {(region, sbi code, year): establishments (or None)}."""
    rows = []
    for (region, code, year), value in values.items():
        key, title = SBI_TITLES[code]
        rows.append({"RegioS": region, "RegioS_title": REGION_TITLES.get(region, region),
                     "Perioden": f"{year}JJ00", "Perioden_title": str(year), "Perioden_status": "Definitief",
                     SBI_DIM: key, f"{SBI_DIM}_title": title, f"{SBI_DIM}_code": code,
                     "measure": "vestigingen", "measure_title": "Vestigingen", "unit": "aantal",
                     "value": math.nan if value is None else float(value)})
    return pd.DataFrame(rows)


def test_corop_arnhem_nijmegen_is_described_without_montferland():
    area = describe_area("CR15")
    assert area.label == "COROP-gebied Arnhem/Nijmegen"
    assert area.inside == ("Zevenaar", "Doesburg", "Duiven", "Westervoort")
    assert area.outside == (("Montferland", "COROP-gebied Achterhoek (CR14)"),)
    assert not area.covers_all


def test_gelderland_is_described_as_holding_all_five():
    area = describe_area("PV25")
    assert area.covers_all and area.label == "provincie Gelderland"
    assert "waarin alle vijf Liemerse gemeenten liggen" in area.sentence
    assert area.sentence.endswith("Het is dus geen cijfer van de Liemers zelf.")


def test_an_unconfigured_area_is_named_by_its_cbs_title():
    frame = pd.DataFrame({"RegioS": ["CR22"], "RegioS_title": ["Zaanstreek (CR)"]})
    area = describe_area("CR22", frame=frame)
    assert area.label == "Zaanstreek (CR)" and "een ander gebied dan de Liemers" in area.sentence


def test_area_coverage_is_the_share_of_the_area_in_the_liemers_and_back():
    values = {(m, "T001081", 2023): 10.0 for m in LIEMERS}  # five municipalities, 10 thousand jobs each
    values |= {("CR15", "T001081", 2023): 240.0, ("CR14", "T001081", 2023): 160.0, ("PV25", "T001081", 2023): 1000.0}
    table = area_coverage(cbs_jobs_frame(values)).set_index("area")
    # CR15 holds four of them: 40 of 240 = 1/6 of the area, 40 of 50 = 80 % of the Liemers.
    assert table.loc["CR15", "share_of_area"] == pytest.approx(40 / 240)
    assert table.loc["CR15", "share_of_liemers"] == pytest.approx(0.8)
    assert table.loc["CR14", "share_of_area"] == pytest.approx(10 / 160)
    assert table.loc["PV25", "share_of_liemers"] == pytest.approx(1.0)
    assert list(table["year"].unique()) == [2023]


def test_liemers_establishments_fold_rijnwaarden_into_zevenaar_before_2018():
    values = {(m, "C", y): 100.0 for m in LIEMERS for y in (2017, 2018)}
    values |= {("GM0196", "C", 2017): 20.0, ("GM0196", "C", 2018): None}
    series = liemers_establishments(establishments_frame(values), ["C"])
    assert series.to_dict() == {2017: 520.0, 2018: 500.0}  # 5 x 100 + 20 (Rijnwaarden, before the merger)


def test_establishments_context_compares_sections_and_says_47_is_left_out(tmp_path):
    local = {(m, code, 2024): 10.0 for m in LIEMERS for code in ("I", "R")}
    national = {("NL01", "I", 2024): 85_000.0, ("NL01", "R", 2024): 90_000.0, ("NL01", "47", 2024): 120_000.0}
    write_cbs(tmp_path, "81575NED", establishments_frame(local))
    write_cbs(tmp_path, "81578NED", establishments_frame(national))
    context = establishments_context(open_store(tmp_path), "vte")
    assert context.sbi_codes == ("I", "R")
    assert context.table.to_dict("records") == [{"year": 2024, "liemers": 100.0, "nederland": 175_000.0}]
    assert "Zonder 47: die publiceert CBS niet per gemeente." in context.notes


def test_establishments_context_is_none_without_both_tables(tmp_path):
    assert establishments_context(open_store(tmp_path), "maakindustrie") is None
