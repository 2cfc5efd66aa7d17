"""Targets as the plan counts them: an "Of:" pair is one target, met when either indicator is met
(levanalysis.analysis.targets), and the Samenvatting counts nine targets plus Logistiek."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from test_kpi import judge

from levanalysis.analysis import results as R
from levanalysis.analysis.evaluation import evaluate_plan
from levanalysis.analysis.targets import combined_status, plan_targets
from levanalysis.book import summary
from levanalysis.book.exports import render_csv
from levanalysis.definitions.config import load_config
from levanalysis.definitions.plan import Monitoring, load_plan
from levanalysis.sources.store import open_store

DURING = date(2026, 3, 1)


def _pair(projects: dict, collaborations: dict, peildatum=DURING):
    return [judge("maak-projecten", projects, peildatum=peildatum),
            judge("maak-samenwerkingen", collaborations, peildatum=peildatum)]


def test_the_plan_marks_collaborations_as_the_alternative_for_projects():
    kpis = {k.id: k for _, k in load_plan().kpis()}
    assert kpis["maak-samenwerkingen"].alternative_to == "maak-projecten"


def test_the_pair_is_met_when_only_the_projects_are_met():
    # 3 projects (streefwaarde 3) and 1 collaboration (streefwaarde 5): one target, behaald
    (target,) = plan_targets(_pair({2024: 2, 2025: 1}, {2024: 1, 2025: 0}))
    assert [r.kpi_id for r in target.results] == ["maak-projecten", "maak-samenwerkingen"]
    assert target.status == R.BEHAALD


def test_the_pair_is_met_when_only_the_collaborations_are_met():
    # 0 projects and 5 collaborations
    (target,) = plan_targets(_pair({2024: 0, 2025: 0}, {2024: 3, 2025: 2}))
    assert target.status == R.BEHAALD


def test_the_pair_is_behind_only_when_both_are_behind():
    # after 2 of 3 years: projects 1 < 2, collaborations 3 < 3.33
    (target,) = plan_targets(_pair({2024: 1, 2025: 0}, {2024: 2, 2025: 1}))
    assert target.status == R.ACHTER_OP_KOERS


def test_both_figures_stay_visible_in_the_pair():
    projects, collaborations = _pair({2024: 1, 2025: 1}, {2024: 2, 2025: 2})
    (target,) = plan_targets([projects, collaborations])
    assert [r.latest_value for r in target.results] == [2.0, 4.0]


def test_a_met_alternative_outweighs_a_missing_one():
    assert combined_status([R.GEEN_DATA, R.OP_KOERS]) == R.OP_KOERS


def test_a_missing_alternative_leaves_an_unmet_target_open():
    # One side has no figures and the other is not met: the target cannot be called not met
    assert combined_status([R.NIET_BEHAALD, R.GEEN_DATA]) == R.GEEN_DATA


def test_an_alternative_must_follow_the_kpi_it_names():
    raw = {"status": "defined", "goals": [{"id": "g", "text": "doel"}], "kpis": [
        {"id": "b", "goal": "g", "indicator": "B", "target": "t", "source": "s", "alternative_to": "a",
         "rule": {"type": "count_in_period", "min": 1}, "data": {"region": "projecten"}},
    ]}
    with pytest.raises(ValueError, match="alternatief voor 'a'"):
        Monitoring.model_validate(raw)


def test_the_plan_has_nine_targets_plus_logistiek(tmp_path):
    results = [e.result for e in evaluate_plan(load_plan(), open_store(tmp_path), load_config(data_dir=tmp_path))]
    targets = plan_targets(results)
    # VTE: website, nights, jobs, diversification (4); maakindustrie: students, tension, jobs,
    # productivity, projects-or-collaborations (5); Logistiek pending
    assert len([t for t in targets if not t.pending]) == 9
    assert [t.id for t in targets if t.pending] == ["logistiek"]


def test_the_samenvatting_counts_nine_targets_and_logistiek_apart(tmp_path):
    results = [e.result for e in evaluate_plan(load_plan(), open_store(tmp_path), load_config(data_dir=tmp_path))]
    count = summary.findings(results)["count"]
    # no data: 8 targets geen data; the qualitative one waits for the evaluator
    assert count == ("Het plan heeft 9 streefwaarden, plus Logistiek waarvoor de streefwaarden nog volgen: "
                     "8 geen data en 1 oordeel evaluator ontbreekt.")


def test_the_samenvatting_scorecard_has_one_row_per_target(tmp_path):
    results = [e.result for e in evaluate_plan(load_plan(), open_store(tmp_path), load_config(data_dir=tmp_path))]
    rows = summary.scorecard(results, load_config().spearhead_chapters())
    assert len(rows) == 10  # 9 targets and Logistiek
    pair = next(r for r in rows if r["href"] and r["href"].endswith("#kpi-maak-projecten"))
    assert pair["alternatives"] == [{"name": "Of: aantal samenwerkingen maakindustrie met andere sectoren",
                                     "href": "maakindustrie.html#kpi-maak-samenwerkingen"}]


def test_the_export_says_which_target_an_alternative_belongs_to(tmp_path):
    results = [e.result for e in evaluate_plan(load_plan(), open_store(tmp_path), load_config(data_dir=tmp_path))]
    rows = {r["kpi"]: r for r in csv.DictReader(io.StringIO(render_csv(results)))}
    assert rows["maak-samenwerkingen"]["alternatief_voor"] == "maak-projecten"
    assert rows["maak-projecten"]["alternatief_voor"] == ""
    assert rows["maak-samenwerkingen"]["status_streefwaarde"] == rows["maak-projecten"]["status_streefwaarde"]

