"""Region definition: name/code mapping and the reorganisation rule.

Expected values are worked out by hand from region.yaml (Zevenaar GM0299, Rijnwaarden GM0196
merged into Zevenaar on 2018-01-01), not copied from the code's output.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from levanalysis.definitions.region import (
    REGION_YAML,
    Reorganisation,
    UnknownMunicipality,
    UnknownUWVRegion,
    apply_reorganisations,
    load_region,
    municipality_code,
    municipality_name,
    uwv_region_name,
)

ALLOWED = "Toegestaan: Zevenaar, Doesburg, Duiven, Westervoort, Montferland."


def test_region_yaml_has_five_municipalities_and_the_rijnwaarden_merger():
    region = load_region()
    assert region.codes == ("GM0299", "GM0221", "GM0226", "GM0293", "GM1955")
    assert region.uwv_regions == ("Midden-Gelderland", "Achterhoek")
    (reorg,) = region.reorganisations
    assert (reorg.absorbed_code, reorg.into, reorg.effective) == ("GM0196", "GM0299", date(2018, 1, 1))
    assert reorg.effective_year == 2018


@pytest.mark.parametrize(
    "value",
    ["Zevenaar", "  zevenaar", "ZEVENAAR ", "zeve naar", "\tZevenaar\n", "GM0299", "gm0299", "gm 0299",
     " GM 02 99 ", "Zevenaar\u00a0", 299, 299.0, "0299"],
)
def test_zevenaar_is_recognised_whatever_the_case_or_spacing(value):
    assert municipality_code(value) == "GM0299"


@pytest.mark.parametrize(
    "name, code",
    [("Doesburg", "GM0221"), ("duiven", "GM0226"), ("WESTERVOORT", "GM0293"), (" Montferland", "GM1955"),
     ("GM1955", "GM1955")],
)
def test_every_municipality_maps_to_its_cbs_code(name, code):
    assert municipality_code(name) == code


def test_absorbed_rijnwaarden_is_accepted_unless_excluded():
    assert municipality_code(" rijnwaarden ") == "GM0196"
    assert municipality_code("gm 0196") == "GM0196"
    with pytest.raises(UnknownMunicipality):
        municipality_code("Rijnwaarden", include_absorbed=False)


@pytest.mark.parametrize("value", ["Arnhem", "GM0202", "", None, float("nan"), "Zevenaar-Oost", True])
def test_other_values_are_refused_with_a_dutch_message(value):
    with pytest.raises(UnknownMunicipality) as info:
        municipality_code(value)
    assert str(info.value).endswith(ALLOWED)


def test_unknown_message_quotes_the_value_as_typed():
    with pytest.raises(UnknownMunicipality) as info:
        municipality_code("  Arnhem ")
    assert str(info.value) == f"'Arnhem' is geen Liemerse gemeente. {ALLOWED}"


@given(
    name=st.sampled_from(["Zevenaar", "Doesburg", "Duiven", "Westervoort", "Montferland"]),
    flips=st.lists(st.booleans(), min_size=11, max_size=11),
    left=st.text(alphabet=" \t\u00a0", max_size=3),
    right=st.text(alphabet=" \t\n", max_size=3),
)
def test_case_and_surrounding_whitespace_never_matter(name, flips, left, right):
    mixed = "".join(c.upper() if f else c.lower() for c, f in zip(name, flips))
    expected = {"Zevenaar": "GM0299", "Doesburg": "GM0221", "Duiven": "GM0226",
                "Westervoort": "GM0293", "Montferland": "GM1955"}[name]
    assert municipality_code(left + mixed + right) == expected


def test_municipality_name_from_code():
    assert municipality_name("GM0226") == "Duiven"
    assert municipality_name("gm0196") == "Rijnwaarden"


def test_uwv_region_spelling_is_tolerated():
    assert uwv_region_name("midden gelderland") == "Midden-Gelderland"
    assert uwv_region_name(" ACHTERHOEK") == "Achterhoek"
    with pytest.raises(UnknownUWVRegion):
        uwv_region_name("Rijnmond")


# --- reorganisation rule ------------------------------------------------------------------


def _frame(rows):
    return pd.DataFrame(rows, columns=["region", "sector", "year", "value"])


def _value(frame, region, sector, year):
    sel = frame[(frame.region == region) & (frame.sector == sector) & (frame.year == year)]
    assert len(sel) == 1, sel
    return sel["value"].iloc[0]


def test_rijnwaarden_before_2018_is_added_to_zevenaar():
    frame = _frame(
        [
            ("GM0299", "C", 2017, 1200.0),
            ("GM0196", "C", 2017, 150.0),
            ("GM0299", "C", 2018, 1400.0),
            ("GM0299", "I", 2017, 300.0),
            ("GM0196", "I", 2017, 40.0),
            ("GM0221", "C", 2017, 500.0),
            ("NL01", "C", 2017, 800000.0),
        ]
    )
    out = apply_reorganisations(frame)
    assert _value(out, "GM0299", "C", 2017) == 1350.0  # 1200 + 150
    assert _value(out, "GM0299", "I", 2017) == 340.0  # 300 + 40
    assert _value(out, "GM0299", "C", 2018) == 1400.0  # after the merger: unchanged
    assert _value(out, "GM0221", "C", 2017) == 500.0
    assert _value(out, "NL01", "C", 2017) == 800000.0
    assert "GM0196" not in set(out.region)
    assert len(out) == 5


def test_nan_propagates_in_either_direction():
    frame = _frame(
        [
            ("GM0299", "C", 2016, 1000.0),
            ("GM0196", "C", 2016, np.nan),  # confidential at CBS
            ("GM0299", "C", 2015, np.nan),
            ("GM0196", "C", 2015, 90.0),
            ("GM0299", "C", 2017, 1200.0),
            ("GM0196", "C", 2017, 150.0),
        ]
    )
    out = apply_reorganisations(frame)
    assert math.isnan(_value(out, "GM0299", "C", 2016))
    assert math.isnan(_value(out, "GM0299", "C", 2015))
    assert _value(out, "GM0299", "C", 2017) == 1350.0


def test_missing_counterpart_row_counts_as_unknown():
    frame = _frame([("GM0299", "C", 2016, 1000.0), ("GM0196", "F", 2016, 30.0)])
    out = apply_reorganisations(frame)
    assert math.isnan(_value(out, "GM0299", "C", 2016))
    assert math.isnan(_value(out, "GM0299", "F", 2016))


def test_input_is_not_modified():
    frame = _frame([("GM0299", "C", 2017, 1200.0), ("GM0196", "C", 2017, 150.0)])
    before = frame.copy()
    apply_reorganisations(frame)
    pd.testing.assert_frame_equal(frame, before)


def test_the_rule_comes_from_the_yaml(tmp_path):
    text = REGION_YAML.read_text(encoding="utf-8")
    moved = text.replace("effective: 2018-01-01", "effective: 2017-01-01")
    assert moved != text
    path = tmp_path / "region.yaml"
    path.write_text(moved, encoding="utf-8")
    reorgs = load_region(path).reorganisations
    frame = _frame(
        [("GM0299", "C", 2017, 1200.0), ("GM0196", "C", 2017, 150.0),
         ("GM0299", "C", 2016, 1000.0), ("GM0196", "C", 2016, 100.0)]
    )
    out = apply_reorganisations(frame, reorgs)
    # With the merger moved to 2017, only 2016 folds; 2017 stays as it was.
    assert _value(out, "GM0299", "C", 2016) == 1100.0
    assert _value(out, "GM0299", "C", 2017) == 1200.0
    assert _value(out, "GM0196", "C", 2017) == 150.0


def test_other_reorganisations_and_column_names():
    reorg = Reorganisation("GM0999", "Oud", "GM0221", date(2020, 1, 1))
    frame = pd.DataFrame(
        {"gemeente": ["GM0221", "GM0999", "GM0221"], "jaar": [2019, 2019, 2020], "banen": [10, 5, 20]}
    )
    out = apply_reorganisations(frame, [reorg], region_col="gemeente", year_col="jaar", value_col="banen")
    assert out.to_dict("records") == [
        {"gemeente": "GM0221", "jaar": 2019, "banen": 15},
        {"gemeente": "GM0221", "jaar": 2020, "banen": 20},
    ]


def test_extra_key_columns_are_matched():
    frame = pd.DataFrame(
        {
            "region": ["GM0299", "GM0196", "GM0299", "GM0196"],
            "sector": ["C"] * 4,
            "measure": ["banen", "banen", "vestigingen", "vestigingen"],
            "year": [2017] * 4,
            "value": [100.0, 10.0, 7.0, 2.0],
        }
    )
    out = apply_reorganisations(frame)
    assert out.set_index("measure")["value"].to_dict() == {"banen": 110.0, "vestigingen": 9.0}


def test_duplicate_keys_are_refused():
    frame = _frame([("GM0299", "C", 2017, 1.0), ("GM0299", "C", 2017, 2.0), ("GM0196", "C", 2017, 3.0)])
    with pytest.raises(ValueError):
        apply_reorganisations(frame)


def test_participation_notes_name_doesburg_and_montferland_for_vte_promotion():
    notes = load_region().participation_notes("vte_promotion")
    assert len(notes) == 2
    assert "Hanzesteden" in notes[0] and "Achterhoek" in notes[1]
