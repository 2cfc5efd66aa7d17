"""The table definitions against what public evidence shows about the real tables (the replica).

The old guesses (CR22 for Arnhem/Nijmegen, division 47 in 83582NED, the key
ToegevoegdeWaardeBasisprijzen_3, 82058NED as all nights in Nederland) must fail here the way
they would at CBS; the shipped definitions must give the intended series. Expected values are
worked out from the replica's constants (tests/cbs_replica/tables.py), not read from output.
"""

from __future__ import annotations

import pytest
from cbs_replica.tables import (
    HOTEL_SHARE,
    NL_NIGHTS,
    SBI_DIM,
    national_jobs,
    production,
)

from levanalysis.analysis.inputs import load_kpi_input
from levanalysis.definitions.cbs_tables import TableSpec, load_table_specs
from levanalysis.definitions.plan import load_plan
from levanalysis.sources.cbs import (
    CbsFetchError,
    RetryPolicy,
    fetch_table,
    fetch_tables,
)
from levanalysis.sources.cbs import transport as transport_module
from levanalysis.sources.cbs.frames import cbs_jobs, cbs_nights
from levanalysis.sources.store import open_store

SHIPPED = {spec.id: spec for spec in load_table_specs()}


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch):
    monkeypatch.setattr(transport_module, "DEFAULT_POLICY", RetryPolicy(attempts=2, first_wait=0.0))


def kpi(kpi_id: str):
    plan = load_plan()
    return next((s, k) for s, k in plan.kpis() if k.id == kpi_id)


@pytest.fixture(scope="module")
def fetched_store(tmp_path_factory):
    """Every shipped table fetched from the replica over v4, plus the old 82058NED guess."""
    from cbs_server import CbsTestServer

    directory = tmp_path_factory.mktemp("data")
    old_hotel_spec = TableSpec(id="82058NED", measures=("Totaal_1", "Totaal_4"), period_from=2015,
                               period_frequency="JJ")
    with CbsTestServer() as server:
        fetch_tables(list(SHIPPED.values()), directory / "cbs", base_url=server.base_url, v4_url=server.v4_url,
                     api="v4", progress=False)
        fetch_tables([old_hotel_spec], directory / "cbs", base_url=server.base_url, api="v3", progress=False)
    return open_store(directory)


# --- the old guesses fail as they would at CBS -----------------------------------------------------


def test_asking_83582ned_for_retail_stops_with_the_categories_it_has(cbs_server):
    old = TableSpec(id="83582NED", measures=("BanenVanWerknemersInDecember_1",), regions=("NL01",),
                    categories={SBI_DIM: ("T001081", "C", "47")})
    with pytest.raises(CbsFetchError) as info:
        fetch_table(old, base_url=cbs_server.base_url, api="v3")
    assert "categorie '47' niet gevonden in dimensie BedrijfstakkenBranchesSBI2008" in str(info.value)
    assert "307500     C Industrie" in str(info.value)


def test_guessed_value_added_key_is_not_in_85925ned(cbs_server):
    old = TableSpec(id="85925NED", measures=("ToegevoegdeWaardeBasisprijzen_3", "ArbeidsjarenWerkzamePersonen_5"),
                    regions=("NL01",))
    with pytest.raises(CbsFetchError) as info:
        fetch_table(old, base_url=cbs_server.base_url, api="v3")
    assert "geen onderwerp 'ToegevoegdeWaardeBasisprijzen_3'" in str(info.value)
    assert "BrutoToegevoegdeWaardeBasisprijzen_3  (Productieproces / Bruto toegevoegde waarde basisprijzen" in str(info.value)


def test_cr22_named_arnhem_nijmegen_stops_because_cbs_calls_it_zaanstreek(cbs_server):
    old = TableSpec(id="85925NED", measures=("BrutoToegevoegdeWaardeBasisprijzen_3",), regions=("NL01",),
                    optional_regions=("CR22",), region_names={"CR22": "Arnhem/Nijmegen"})
    with pytest.raises(CbsFetchError, match="regio CR22 heet bij CBS 'Zaanstreek \\(CR\\)', niet 'Arnhem/Nijmegen'"):
        fetch_table(old, base_url=cbs_server.base_url, api="v3")


def test_82058ned_nights_are_refused_as_hotel_only(fetched_store):
    frame = fetched_store.get("cbs:82058NED").data
    # Its 'Totaal_4' is the total of the hotels group: the hotel series, about a third of all nights.
    nights = frame[frame["measure"] == "Totaal_4"].set_index("Perioden")["value"]
    assert nights["2022JJ00"] == round(NL_NIGHTS[2022] * HOTEL_SHARE)
    with pytest.raises(CbsFetchError, match="telt één soort logies"):
        cbs_nights(frame, "82058NED")


def test_83582ned_jobs_for_retail_say_the_table_has_no_47(fetched_store):
    with pytest.raises(CbsFetchError, match="geen SBI-code\\(s\\) 47"):
        cbs_jobs(fetched_store.get("cbs:83582NED").data, ["I", "R", "47"])


# --- the shipped definitions give the intended series ------------------------------------------------


def test_shipped_definitions_name_the_corrected_tables_and_areas():
    assert set(SHIPPED) == {"83582NED", "83583NED", "81575NED", "81578NED", "85925NED", "82059NED"}
    assert "47" not in SHIPPED["83582NED"].categories[SBI_DIM]
    assert "47" in SHIPPED["83583NED"].optional_categories[SBI_DIM]
    assert SHIPPED["83583NED"].categories["Bedrijfsgrootte"] == ("T001098",)
    assert SHIPPED["85925NED"].optional_regions == ("CR15", "CR14")
    assert SHIPPED["85925NED"].region_names == {"PV25": "Gelderland", "NL01": "Nederland", "CR15": "Arnhem/Nijmegen",
                                                "CR14": "Achterhoek"}
    assert all(not any(m.key and m.key.startswith("Toegevoegde") for m in s.measure_specs) for s in SHIPPED.values())


def test_every_shipped_table_is_found_over_v3_and_v4(cbs_server, tmp_path):
    for api in ("v3", "v4"):
        fetched = fetch_tables(list(SHIPPED.values()), tmp_path / api, base_url=cbs_server.base_url,
                               v4_url=cbs_server.v4_url, api=api, progress=False)
        assert {k: len(d.data) > 0 for k, d in fetched.items()} == dict.fromkeys(SHIPPED, True), api


def test_nl_nights_come_from_all_accommodation_when_both_tables_are_there(fetched_store):
    spearhead, nights_kpi = kpi("vte-overnachtingen")
    nation = load_kpi_input(nights_kpi, fetched_store, spearhead.sector).nation
    # 82059NED: Totaal logiesaccommodaties x Totaal landen x Nederland, thousands -> nights
    assert nation[2022] == NL_NIGHTS[2022] * 1000 == 127_000_000
    assert nation[2023] == NL_NIGHTS[2023] * 1000


def test_national_vte_jobs_are_i_plus_r_plus_47_from_83583ned(fetched_store):
    spearhead, jobs_kpi = kpi("vte-banen")
    data = load_kpi_input(jobs_kpi, fetched_store, spearhead.sector)
    expected = sum(national_jobs(code, 2023) for code in ("I", "R", "47")) * 1000
    assert data.nation[2023] == pytest.approx(expected)
    assert ("Landelijke reeks uit CBS 83583NED: som van I Horeca, R Cultuur, sport en recreatie en "
            "47 Detailhandel (niet in auto's).") in data.notes


def test_productivity_uses_gelderland_when_corop_has_no_manufacturing_figures(fetched_store):
    # The replica, like CBS perhaps, publishes section C only down to provinces.
    spearhead, productivity_kpi = kpi("maak-productiviteit")
    data = load_kpi_input(productivity_kpi, fetched_store, spearhead.sector)
    value_added, labour = production("PV25", 2023, "C")
    assert data.region[2023] == pytest.approx(value_added * 1e6 / (labour * 1e3))
    assert data.region_label == "provincie Gelderland"
    assert any("waarin alle vijf Liemerse gemeenten liggen" in note for note in data.notes)
