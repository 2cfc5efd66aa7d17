"""A CBS revision that changes a KPI's status is named under the KPI, with both statuses."""

from test_kpi_inputs import LIEMERS, SBI_DIM, cbs_jobs_frame, kpi

from levanalysis.analysis.revision_effect import revision_effect
from levanalysis.book.data_status import revision_note
from levanalysis.definitions.config import load_config
from levanalysis.definitions.plan import load_plan
from levanalysis.sources.cache import Provenance, write_dataset
from levanalysis.sources.store import open_store

FETCHED = "2026-11-20T08:00:00+00:00"


def _store(tmp_path, old_2025: float | None):
    # Liemers (LISA): 5 x 100 -> 5 x 110 manufacturing jobs, +10 %.
    rows = [f"{m};{y};C;{n}" for m in LIEMERS for y, n in ((2023, 100), (2025, 110))]
    (tmp_path / "lisa_banen.csv").write_text("gemeente;jaar;sbi;banen\n" + "\n".join(rows) + "\n", encoding="utf-8")
    # Nederland (CBS, thousands): 1000 -> 1050 now, +5 %; before the revision 2025 was 1150, +15 %.
    frame = cbs_jobs_frame({("NL01", "C", 2023): 1000.0, ("NL01", "C", 2025): 1050.0})
    revisions = [] if old_2025 is None else [{
        "table_id": "83582NED", "region": "NL01", "region_title": "Nederland", "period": "2025JJ00", "year": 2025,
        "categories": {SBI_DIM: "C"}, "category_titles": "C Industrie", "measure": "banen",
        "measure_title": "Banen van werknemers in december", "unit": "x 1 000", "old": old_2025, "new": 1050.0,
        "old_status": "Voorlopig", "new_status": "Nader voorlopig", "previous_retrieved_at": "2026-06-01T08:00:00+00:00",
        "retrieved_at": FETCHED,
    }]
    provenance = Provenance(kind="cbs", source="CBS (test)", table_id="83582NED", retrieved_at=FETCHED,
                            extra={"revisions": revisions, "revisions_latest": len(revisions)})
    write_dataset(frame, provenance, tmp_path / "cbs", "83582NED")
    return open_store(tmp_path)


def _effect(tmp_path, old_2025):
    spearhead, the_kpi = kpi("maak-banen")
    store = _store(tmp_path, old_2025)
    return revision_effect(the_kpi, spearhead, load_plan(), store, load_config(data_dir=tmp_path))


def test_a_revision_that_flips_the_status_is_named_with_both_statuses(tmp_path):
    effect = _effect(tmp_path, old_2025=1150.0)
    # +10 % against NL +15 % before the revision (behind), against +5 % after it (on course)
    assert (effect.status_before, effect.status_now) == ("achter op koers", "op koers")
    note = revision_note(effect)
    assert note.startswith("Status veranderd door een herziening")
    assert "Nederland 2025: 1.150,0 → 1.050,0" in note


def test_a_revision_that_keeps_the_status_says_so(tmp_path):
    effect = _effect(tmp_path, old_2025=1040.0)  # NL +4 % before: the Liemers were ahead then too
    assert not effect.changed
    assert revision_note(effect).endswith("de status is daardoor niet veranderd.")


def test_without_revisions_there_is_no_note(tmp_path):
    assert _effect(tmp_path, old_2025=None) is None
    assert revision_note(None) is None
