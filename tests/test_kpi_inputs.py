"""levanalysis.kpi_inputs: from datasets to the series each KPI needs.

The frame builders at the top are shared with test_kpi, test_structure and test_scorecard: they
make small tables in the layouts the data layer delivers (cleaned local sources, cached CBS
frames), so every expected value below can be worked out by hand.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from levanalysis.analysis.inputs import load_kpi_input
from levanalysis.analysis.series import (
    lisa_jobs,
    lisa_subsector_jobs,
    register_counts,
    technical_students,
    tourist_nights,
    tourist_tax_provisional_years,
    uwv_tension,
    uwv_weights,
    website_visitors,
)
from levanalysis.definitions.plan import load_plan
from levanalysis.definitions.sectors import sector_sbi_codes, sector_subsectors
from levanalysis.sources.cache import Provenance, write_dataset
from levanalysis.sources.cbs import CbsFetchError
from levanalysis.sources.cbs.frames import (
    cbs_jobs,
    cbs_nights,
    cbs_productivity,
    cbs_provisional_years,
    productivity_region,
    unit_scale,
)
from levanalysis.sources.store import open_store, write_local_provenance

ZEVENAAR, DOESBURG, DUIVEN, WESTERVOORT, MONTFERLAND = "GM0299", "GM0221", "GM0226", "GM0293", "GM1955"
RIJNWAARDEN = "GM0196"
LIEMERS = (ZEVENAAR, DOESBURG, DUIVEN, WESTERVOORT, MONTFERLAND)
SBI_DIM = "BedrijfstakkenBranchesSBI2008"
# Keys and titles as CBS has them (notes/cbs-verified.md).
SBI_TITLES = {
    "T001081": ("T001081", "A-U Alle economische activiteiten"),
    "C": ("307500", "C Industrie"),
    "F": ("350000", "F Bouwnijverheid"),
    "G": ("354200", "G Handel"),
    "47": ("371600", "47 Detailhandel (niet in auto's)"),
    "H": ("383100", "H Vervoer en opslag"),
    "I": ("389100", "I Horeca"),
    "R": ("428100", "R Cultuur, sport en recreatie"),
}
REGION_TITLES = {"NL01": "Nederland", "PV25": "Gelderland (PV)", "CR15": "Arnhem/Nijmegen (CR)",
                 "CR14": "Achterhoek (CR)", "CR22": "Zaanstreek (CR)"}


# --------------------------------------------------------------------------- builders


def lisa_frame(rows) -> pd.DataFrame:
    """Cleaned lisa_banen: rows of (gemeente code, jaar, sbi, banen or None)."""
    frame = pd.DataFrame(rows, columns=["gemeente", "jaar", "sbi", "banen"])
    frame["jaar"] = frame["jaar"].astype("Int64")
    frame["banen"] = pd.array(frame["banen"].tolist(), dtype="Int64")
    return frame


def tourist_frame(rows) -> pd.DataFrame:
    """Cleaned toeristenbelasting: rows of (gemeente, jaar, overnachtingen[, status])."""
    rows = [(*r, "definitief") if len(r) == 3 else r for r in rows]
    frame = pd.DataFrame(rows, columns=["gemeente", "jaar", "overnachtingen", "status"])
    frame["jaar"] = frame["jaar"].astype("Int64")
    frame["overnachtingen"] = frame["overnachtingen"].astype("Int64")
    return frame


def _period_columns(year: int, statuses: dict[int, str]) -> dict:
    return {"Perioden": f"{year}JJ00", "Perioden_title": str(year),
            "Perioden_status": statuses.get(year, "Definitief")}


def cbs_jobs_frame(values: dict, statuses: dict[int, str] | None = None) -> pd.DataFrame:
    """A cached 83582NED frame: {(region, sbi code, year): jobs in thousands (or None)}.

    83582NED has no division 47; tests of the structure analysis use the layout with 47 anyway.
    """
    statuses = statuses or {}
    rows = []
    for (region, code, year), value in values.items():
        key, title = SBI_TITLES[code]
        rows.append({
            "RegioS": region, "RegioS_title": REGION_TITLES.get(region, region),
            **_period_columns(year, statuses),
            SBI_DIM: key, f"{SBI_DIM}_title": title, f"{SBI_DIM}_code": code,
            "measure": "banen",
            "measure_title": "Banen van werknemers in december",
            "unit": "x 1 000",
            "value": math.nan if value is None else float(value),
        })
    return pd.DataFrame(rows)


def cbs_nights_frame(nights: dict[int, float], statuses: dict[int, str] | None = None,
                     nights_title: str = "Overnachtingen", keys: tuple[str, str] = ("gasten", "overnachtingen"),
                     kind: str = "Totaal logiesaccommodaties") -> pd.DataFrame:
    """A cached 82059NED frame for Nederland: guests and nights per year (x 1 000)."""
    statuses = statuses or {}
    rows = []
    for year, value in nights.items():
        for key, title, amount in ((keys[0], "Gasten", value / 3), (keys[1], nights_title, value)):
            rows.append({"Logiesvormen": "T001025", "Logiesvormen_title": kind, "Logiesvormen_code": kind,
                         "WoonlandVanGasten": "T001047", "WoonlandVanGasten_title": "Totaal landen",
                         "WoonlandVanGasten_code": "Totaal landen", "RegioS": "NL01", "RegioS_title": "Nederland",
                         **_period_columns(year, statuses), "measure": key, "measure_title": title,
                         "unit": "x 1 000", "value": float(amount)})
    return pd.DataFrame(rows)


def cbs_productivity_frame(values: dict, statuses: dict[int, str] | None = None) -> pd.DataFrame:
    """A cached 85925NED frame: {(region, sbi code, year): (value added mln euro, labour years x 1 000)}."""
    statuses = statuses or {}
    rows = []
    for (region, code, year), (value_added, labour_years) in values.items():
        key, title = SBI_TITLES[code]
        for measure, measure_title, unit, value in (
            ("toegevoegde_waarde", "Productieproces / Bruto toegevoegde waarde basisprijzen", "mln euro", value_added),
            ("arbeidsvolume", "Arbeidsvolume / Arbeidsvolume totaal", "1 000 arbeidsjaren", labour_years),
        ):
            rows.append({
                SBI_DIM: key, f"{SBI_DIM}_title": title, f"{SBI_DIM}_code": code,
                "RegioS": region, "RegioS_title": REGION_TITLES.get(region, region),
                **_period_columns(year, statuses),
                "measure": measure, "measure_title": measure_title, "unit": unit, "value": float(value),
            })
    return pd.DataFrame(rows)


def write_cbs(directory, table_id: str, frame: pd.DataFrame, kind: str = "cbs") -> None:
    write_dataset(frame, Provenance(kind=kind, source="CBS (test)", table_id=table_id), directory / "cbs", table_id)


def kpi(kpi_id: str):
    """(spearhead, kpi) of the real plan."""
    plan = load_plan()
    return next((s, k) for s, k in plan.kpis() if k.id == kpi_id)


# --------------------------------------------------------------------------- website


def test_website_visitors_sum_twelve_months():
    frame = pd.DataFrame({"jaar": [2024] * 12, "maand": pd.array(range(1, 13), dtype="Int64"),
                          "bezoekers": pd.array([100] * 12, dtype="Int64")})
    # 12 months x 100 = 1200
    assert website_visitors(frame).to_dict() == {2024: 1200.0}


def test_website_visitors_use_the_year_total_row():
    frame = pd.DataFrame({"jaar": [2023], "maand": pd.array([None], dtype="Int64"),
                          "bezoekers": pd.array([8450], dtype="Int64")})
    assert website_visitors(frame).to_dict() == {2023: 8450.0}


def test_website_year_with_eleven_months_is_missing_not_smaller():
    frame = pd.DataFrame({"jaar": [2025] * 11, "maand": pd.array(range(1, 12), dtype="Int64"),
                          "bezoekers": pd.array([100] * 11, dtype="Int64")})
    assert math.isnan(website_visitors(frame).loc[2025])


# --------------------------------------------------------------------------- tourist tax


def test_tourist_nights_sum_the_five_municipalities():
    frame = tourist_frame([(code, 2023, n) for code, n in zip(LIEMERS, (100, 200, 300, 400, 500))])
    # 100 + 200 + 300 + 400 + 500 = 1500
    assert tourist_nights(frame).to_dict() == {2023: 1500.0}


def test_tourist_nights_with_a_municipality_missing_are_nan():
    frame = tourist_frame([(code, 2023, 100) for code in LIEMERS[:4]])
    assert math.isnan(tourist_nights(frame).loc[2023])


def test_rijnwaarden_2017_is_added_to_zevenaar_before_summing():
    rows = [(ZEVENAAR, 2017, 100), (RIJNWAARDEN, 2017, 50)] + [(c, 2017, 10) for c in LIEMERS[1:]]
    # Zevenaar 100 + Rijnwaarden 50 + four municipalities x 10 = 190
    assert tourist_nights(tourist_frame(rows)).to_dict() == {2017: 190.0}


def test_zevenaar_2017_without_rijnwaarden_is_nan():
    rows = [(c, 2017, 10) for c in LIEMERS]
    assert math.isnan(tourist_nights(tourist_frame(rows)).loc[2017])


def test_provisional_tourist_tax_years_are_listed():
    frame = tourist_frame([(ZEVENAAR, 2024, 10, "definitief"), (DUIVEN, 2025, 10, "voorlopig")])
    assert tourist_tax_provisional_years(frame) == [2025]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=5, max_size=5), st.sampled_from([None, 0, 1, 2, 3, 4]))
def test_tourist_nights_are_the_full_sum_or_nan(nights, dropped):
    rows = [(code, 2024, n) for i, (code, n) in enumerate(zip(LIEMERS, nights)) if i != dropped]
    value = tourist_nights(tourist_frame(rows)).loc[2024]
    if dropped is None:
        assert value == sum(nights)
    else:
        assert math.isnan(value)


# --------------------------------------------------------------------------- LISA


def _lisa_rows(year, per_code: dict[str, int], municipalities=LIEMERS):
    return [(m, year, code, n) for m in municipalities for code, n in per_code.items()]


def test_lisa_jobs_sum_the_vte_codes_over_the_municipalities():
    frame = lisa_frame(_lisa_rows(2023, {"I": 10, "R": 20, "47": 30, "C": 1000}))
    # 5 municipalities x (10 + 20 + 30) = 300; C is not VTE
    assert lisa_jobs(frame, ["I", "R", "47"]).to_dict() == {2023: 300.0}


def test_lisa_jobs_with_one_code_missing_in_one_municipality_are_nan():
    rows = [r for r in _lisa_rows(2023, {"I": 10, "R": 20, "47": 30}) if not (r[0] == DUIVEN and r[2] == "R")]
    assert math.isnan(lisa_jobs(lisa_frame(rows), ["I", "R", "47"]).loc[2023])


def test_lisa_rijnwaarden_2017_is_added_to_zevenaar_before_summing():
    rows = _lisa_rows(2017, {"C": 100}) + [(RIJNWAARDEN, 2017, "C", 40)]
    # 5 x 100 + Rijnwaarden 40 = 540
    assert lisa_jobs(lisa_frame(rows), ["C"]).to_dict() == {2017: 540.0}


def test_lisa_subsector_jobs_give_one_column_per_vte_subsector():
    frame = lisa_frame(_lisa_rows(2023, {"I": 10, "R": 20, "47": 30}))
    table = lisa_subsector_jobs(frame, sector_subsectors("vte"))
    # per subsector 5 municipalities x its jobs
    assert table.loc[2023].to_dict() == {"I": 50.0, "R": 100.0, "47": 150.0}


def test_vte_codes_come_from_sectors_yaml():
    assert sector_sbi_codes("vte") == ["I", "R", "47"]
    assert sector_sbi_codes("maakindustrie") == ["C"]


# --------------------------------------------------------------------------- CBS


def test_cbs_jobs_sum_the_codes_for_nl_in_jobs_not_thousands():
    frame = cbs_jobs_frame({("NL01", "I", 2023): 400.0, ("NL01", "R", 2023): 150.0,
                            ("NL01", "47", 2023): 800.0, ("GM0299", "I", 2023): 1.0})
    # (400 + 150 + 800) thousand = 1 350 000 jobs
    assert cbs_jobs(frame, ["I", "R", "47"]).to_dict() == {2023: 1_350_000.0}


def test_cbs_jobs_with_a_suppressed_code_are_nan():
    frame = cbs_jobs_frame({("NL01", "I", 2023): 400.0, ("NL01", "R", 2023): None, ("NL01", "47", 2023): 800.0})
    assert math.isnan(cbs_jobs(frame, ["I", "R", "47"]).loc[2023])


def test_cbs_nights_are_the_all_accommodation_series_in_nights():
    frame = cbs_nights_frame({2023: 120.0, 2024: 126.0})
    assert cbs_nights(frame).to_dict() == {2023: 120_000.0, 2024: 126_000.0}


def test_cbs_nights_find_the_measure_by_its_title_case_insensitively():
    frame = cbs_nights_frame({2023: 120.0}, nights_title="OVERNACHTINGEN totaal", keys=("M1", "M2"))
    assert cbs_nights(frame).to_dict() == {2023: 120_000.0}


def test_cbs_nights_without_a_nights_measure_fail_and_list_the_measures():
    frame = cbs_nights_frame({2023: 120.0}, nights_title="Bezettingsgraad", keys=("M1", "M2"))
    with pytest.raises(CbsFetchError, match="overnachting.*M1 \\(Gasten\\)"):
        cbs_nights(frame)


def test_cbs_nights_of_hotels_only_are_refused():
    # 82058NED's first topic group: its 'Totaal' nights are hotel nights, not all nights.
    frame = cbs_nights_frame({2023: 45.0}, nights_title="Hotels/pensions/jeugdaccommodaties / Overnachtingen / Totaal",
                             keys=("M1", "M2"))
    with pytest.raises(CbsFetchError, match="telt één soort logies"):
        cbs_nights(frame)


def test_cbs_nights_of_one_accommodation_type_are_refused():
    frame = cbs_nights_frame({2023: 45.0}, kind="Kampeerterreinen")
    with pytest.raises(CbsFetchError, match="geen 'Totaal logiesaccommodaties'"):
        cbs_nights(frame)


def test_cbs_jobs_of_a_code_the_table_lacks_fail_instead_of_giving_nan():
    frame = cbs_jobs_frame({("NL01", "I", 2023): 400.0, ("NL01", "R", 2023): 150.0})
    with pytest.raises(CbsFetchError, match="geen SBI-code\\(s\\) 47"):
        cbs_jobs(frame, ["I", "R", "47"])


@pytest.mark.parametrize(("unit", "factor"), [("x 1 000", 1e3), ("1 000 arbeidsjaren", 1e3), ("mln euro", 1e6),
                                              ("x mln euro", 1e6), ("x 1 000 000", 1e6), ("aantal", 1.0), (None, 1.0)])
def test_unit_scale_reads_cbs_units(unit, factor):
    assert unit_scale(unit) == factor


def test_productivity_is_value_added_per_labour_year_in_euros():
    frame = cbs_productivity_frame({("NL01", "C", 2023): (100_000, 800)})
    # 100 000 mln euro / 800 thousand labour years = 1e11 / 8e5 = 125 000 euro per labour year
    assert cbs_productivity(frame, "NL01").to_dict() == {2023: 125_000.0}


def test_productivity_region_is_corop_arnhem_nijmegen_when_it_has_figures():
    frame = cbs_productivity_frame({("CR15", "C", 2023): (1, 1), ("PV25", "C", 2023): (1, 1)})
    assert productivity_region(frame, sbi_code="C") == "CR15"


def test_productivity_region_skips_corop_without_figures_for_the_sector():
    frame = cbs_productivity_frame({("CR15", "T001081", 2023): (1, 1), ("PV25", "C", 2023): (1, 1)})
    assert productivity_region(frame, sbi_code="C") == "PV25"


def test_productivity_region_falls_back_to_gelderland():
    frame = cbs_productivity_frame({("PV25", "C", 2023): (1, 1), ("NL01", "C", 2023): (1, 1)})
    assert productivity_region(frame) == "PV25"


def test_cbs_provisional_years_list_the_non_final_years():
    frame = cbs_jobs_frame({("NL01", "C", 2023): 1.0, ("NL01", "C", 2024): 1.0, ("NL01", "C", 2025): 1.0},
                           statuses={2024: "Nader voorlopig", 2025: "Voorlopig"})
    assert cbs_provisional_years(frame) == {2024: "Nader voorlopig", 2025: "Voorlopig"}


# --------------------------------------------------------------------------- UWV, students, register


def _uwv(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["uwv_regio", "jaar", "kwartaal", "beroepsgroep", "spanningsindicator"])
    frame["spanningsindicator"] = frame["spanningsindicator"].astype("Float64")
    return frame


def test_uwv_tension_weights_the_regions_by_their_liemers_municipalities():
    rows = [("Midden-Gelderland", 2024, q, "Techniek", 2.0) for q in (1, 2, 3, 4)]
    rows += [("Achterhoek", 2024, q, "Techniek", 1.0) for q in (1, 2, 3, 4)]
    rows += [("Achterhoek", 2024, q, "Zorg", 9.0) for q in (1, 2, 3, 4)]
    # (4 municipalities x 2.0 + 1 x 1.0) / 5 = 1.8; Zorg is not Techniek
    assert uwv_tension(_uwv(rows)).loc[2024] == pytest.approx(1.8)


def test_uwv_tension_yearly_mean_needs_all_four_quarters():
    rows = [("Midden-Gelderland", 2024, q, "Techniek", 2.0) for q in (1, 2, 3)]
    rows += [("Achterhoek", 2024, q, "Techniek", 1.0) for q in (1, 2, 3, 4)]
    assert math.isnan(uwv_tension(_uwv(rows)).loc[2024])


def test_uwv_weights_come_from_region_yaml():
    assert uwv_weights() == {"Midden-Gelderland": 4, "Achterhoek": 1}


def test_uwv_tension_refuses_a_frame_with_two_techniek_groups():
    # validate refuses such a file (test_local_sources); a frame built by hand is refused too.
    rows = [("Achterhoek", 2024, 1, "Techniek", 1.0), ("Achterhoek", 2024, 1, "Technische beroepen", 1.0)]
    with pytest.raises(ValueError, match="Techniek"):
        uwv_tension(_uwv(rows))


def test_technical_students_are_summed_per_school_year():
    frame = pd.DataFrame({"jaar": pd.array([2023, 2023, 2024], dtype="Int64"),
                          "studenten": pd.array([40, 60, 105], dtype="Int64")})
    # 2023: 40 + 60 = 100
    assert technical_students(frame).to_dict() == {2023: 100.0, 2024: 105.0}


def test_register_counts_rows_of_one_kind_per_year_with_real_zeros():
    frame = pd.DataFrame({"jaar": pd.array([2024, 2024, 2026, 2025], dtype="Int64"),
                          "soort": ["project", "project", "project", "samenwerking"]})
    # 2025 has no project but lies inside the register's range: a real 0
    assert register_counts(frame, "project").to_dict() == {2024: 2.0, 2025: 0.0, 2026: 1.0}


# --------------------------------------------------------------------------- loading


def test_load_kpi_input_keeps_provenance_and_lists_missing_datasets(tmp_path):
    (tmp_path / "lisa_banen.csv").write_text(
        "gemeente;jaar;sbi;banen\n" + "".join(f"{m};2023;C;100\n" for m in LIEMERS), encoding="utf-8"
    )
    spearhead, maak_banen = kpi("maak-banen")
    data = load_kpi_input(maak_banen, open_store(tmp_path), spearhead.sector)
    assert data.region.to_dict() == {2023: 500.0}  # 5 x 100
    assert data.nation is None and data.missing == ("cbs:83582NED",)
    assert [p.kind for p in data.provenances] == ["local"]


def test_load_kpi_input_sees_example_provenance(tmp_path):
    path = tmp_path / "techniekstudenten.csv"
    path.write_text("school;gemeente;jaar;opleiding;studenten\nLiemers College;Zevenaar;2023;Metaal;50\n",
                    encoding="utf-8")
    write_local_provenance(path, Provenance(kind="example", source="voorbeeld", name="techniekstudenten"))
    spearhead, studenten = kpi("maak-studenten")
    assert load_kpi_input(studenten, open_store(tmp_path), spearhead.sector).provenances[0].kind == "example"


def test_load_kpi_input_notes_which_area_productivity_comes_from(tmp_path):
    write_cbs(tmp_path, "85925NED", cbs_productivity_frame(
        {("PV25", "C", 2023): (10_000, 100), ("NL01", "C", 2023): (100_000, 800)}, statuses={2023: "Voorlopig"}
    ))
    spearhead, productivity = kpi("maak-productiviteit")
    data = load_kpi_input(productivity, open_store(tmp_path), spearhead.sector)
    # Gelderland: 10 000 mln / 100 thousand = 1e10 / 1e5 = 100 000 euro per labour year
    assert data.region.to_dict() == {2023: 100_000.0}
    assert data.region_label == "provincie Gelderland"
    assert any("de provincie Gelderland (CBS-code PV25): een groter gebied waarin alle vijf Liemerse gemeenten liggen"
               in note for note in data.notes)
    assert "CBS-cijfer 2023 is voorlopig (85925NED)." in data.notes
    assert data.provisional_years == {2023}


def test_load_kpi_input_names_corop_arnhem_nijmegen_as_a_larger_area_without_montferland(tmp_path):
    write_cbs(tmp_path, "85925NED", cbs_productivity_frame(
        {("CR15", "C", 2023): (5_000, 40), ("PV25", "C", 2023): (10_000, 100), ("NL01", "C", 2023): (100_000, 800)}))
    spearhead, productivity = kpi("maak-productiviteit")
    data = load_kpi_input(productivity, open_store(tmp_path), spearhead.sector)
    # 5 000 mln / 40 thousand = 5e9 / 4e4 = 125 000
    assert data.region.to_dict() == {2023: 125_000.0}
    assert data.region_label == "COROP-gebied Arnhem/Nijmegen"
    assert ("CBS publiceert productiviteit niet per gemeente. De regionale waarde is die van het COROP-gebied "
            "Arnhem/Nijmegen (CBS-code CR15): een groter gebied waarin Zevenaar, Doesburg, Duiven en Westervoort "
            "liggen; Montferland ligt in het COROP-gebied Achterhoek (CR14). Het is dus geen cijfer van de Liemers "
            "zelf.") in data.notes


def test_load_kpi_input_vte_jobs_take_the_national_sum_of_i_r_and_47_and_say_so(tmp_path):
    (tmp_path / "lisa_banen.csv").write_text(
        "gemeente;jaar;sbi;banen\n" + "".join(f"{m};2023;{c};10\n" for m in LIEMERS for c in ("I", "R", "47")),
        encoding="utf-8")
    write_cbs(tmp_path, "83583NED", cbs_jobs_frame(
        {("NL01", "I", 2023): 400.0, ("NL01", "R", 2023): 150.0, ("NL01", "47", 2023): 800.0}).drop(
        columns=["RegioS", "RegioS_title"]))
    spearhead, vte_jobs = kpi("vte-banen")
    data = load_kpi_input(vte_jobs, open_store(tmp_path), spearhead.sector)
    assert data.nation.to_dict() == {2023: 1_350_000.0}  # (400 + 150 + 800) thousand
    assert ("Landelijke reeks uit CBS 83583NED: som van I Horeca, R Cultuur, sport en recreatie en "
            "47 Detailhandel (niet in auto's).") in data.notes


def test_load_kpi_input_counts_the_register_kind_of_the_binding(tmp_path):
    (tmp_path / "projecten.csv").write_text(
        "id;naam;jaar;soort;partnersectoren;maatschappelijke_opgave;bron\n"
        "A;a;2024;project;maakindustrie;energietransitie;verslag\n"
        "B;b;2024;samenwerking;maakindustrie, bouw;energietransitie;verslag\n",
        encoding="utf-8",
    )
    spearhead, samenwerkingen = kpi("maak-samenwerkingen")
    data = load_kpi_input(samenwerkingen, open_store(tmp_path), spearhead.sector)
    assert data.region.to_dict() == {2024: 1.0}
