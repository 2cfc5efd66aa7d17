"""The evaluator's judgement (delivery 'oordelen'): validated like every delivery, shown beside the
computed status and never in its place; a qualitative target without one says so."""

from __future__ import annotations

import json

import pandas as pd
from test_kpi_inputs import LIEMERS, cbs_jobs_frame, write_cbs

from levanalysis.analysis import results as R
from levanalysis.analysis.evaluation import evaluate_plan
from levanalysis.analysis.judgements import judgements_from_frame
from levanalysis.book import kpi_blocks
from levanalysis.book.exports import render_json
from levanalysis.cli import main
from levanalysis.definitions.config import load_config
from levanalysis.definitions.local_sources import source_spec
from levanalysis.definitions.plan import load_plan
from levanalysis.sources.local import validate_file
from levanalysis.sources.store import open_store

HEADER = "kpi_id;status;motivering;bewijs;datum;rol\n"


def write_small_jobs(directory) -> None:
    """LISA C 100 -> 120 per municipality (+20%) and CBS NL C 1000 -> 1050 (+5%), 2023-2025."""
    lisa = "gemeente;jaar;sbi;banen\n" + "".join(f"{m};{y};C;{v}\n" for m in LIEMERS for y, v in ((2023, 100), (2025, 120)))
    (directory / "lisa_banen.csv").write_text(lisa, encoding="utf-8")
    write_cbs(directory, "83582NED", cbs_jobs_frame({("NL01", "C", 2023): 1000, ("NL01", "C", 2025): 1050}))


def results_in(directory) -> dict:
    config = load_config(data_dir=directory)
    return {e.result.kpi_id: e for e in evaluate_plan(load_plan(), open_store(directory), config)}


# --------------------------------------------------------------------------- beside, never instead


def test_a_judgement_stands_beside_the_computed_status(tmp_path):
    write_small_jobs(tmp_path)
    (tmp_path / "oordelen.csv").write_text(
        HEADER + "maak-banen;behaald;Volgens de werkgevers is de groei blijvend.;b-1;2026-01-15;evaluator\n",
        encoding="utf-8")
    evaluation = results_in(tmp_path)["maak-banen"]
    result = evaluation.result
    # +20% against +5% in 2025: computed op koers; the evaluator says behaald; both are kept
    assert (result.status, result.shown_status, result.judgement.status) == (R.OP_KOERS, R.OP_KOERS, R.BEHAALD)
    assert result.judgement_differs
    block = kpi_blocks.kpi_block(result, evaluation.input)
    assert block["status"]["status"] == R.OP_KOERS
    assert block["judgement"]["status"] == R.BEHAALD and block["judgement"]["differs"]


def test_a_differing_judgement_is_named_in_the_chapter(tmp_path):
    write_small_jobs(tmp_path)
    (tmp_path / "oordelen.csv").write_text(HEADER + "maak-banen;behaald;Blijvend.;;15-01-2026;evaluator\n",
                                           encoding="utf-8")
    evaluation = results_in(tmp_path)["maak-banen"]
    html = kpi_blocks.kpi_block_html(evaluation.result, evaluation.input)
    assert "wijkt af van de berekende status (op koers)" in html
    assert "evaluator, 15-01-2026" in html


def test_the_export_carries_computed_status_and_judgement_apart(tmp_path):
    write_small_jobs(tmp_path)
    (tmp_path / "oordelen.csv").write_text(HEADER + "maak-banen;behaald;Blijvend.;b-1, b-2;2026-01-15;evaluator\n",
                                           encoding="utf-8")
    rows = {r["kpi"]: r for r in json.loads(render_json([e.result for e in results_in(tmp_path).values()]))}
    row = rows["maak-banen"]
    assert (row["berekende_status"], row["oordeel_evaluator"], row["status"]) == ("op koers", "behaald", "op koers")
    assert (row["oordeel_rol"], row["oordeel_datum"], row["oordeel_bewijs"]) == ("evaluator", "2026-01-15", "b-1, b-2")


def test_a_qualitative_target_without_a_judgement_says_the_judgement_is_missing(tmp_path):
    lisa = "gemeente;jaar;sbi;banen\n" + "".join(
        f"{m};{y};{code};{v}\n" for m in LIEMERS for y in (2023, 2025) for code, v in (("I", 10), ("R", 10), ("47", 40)))
    (tmp_path / "lisa_banen.csv").write_text(lisa, encoding="utf-8")
    result = results_in(tmp_path)["vte-diversificatie"].result
    assert result.shown_status == R.OORDEEL_ONTBREEKT and result.computed_status is None
    # the aid figures stay: the spread index in both years
    assert "Hulpmiddel" in result.reason and "in 2023" in result.reason


def test_a_judgement_is_the_status_of_a_qualitative_target(tmp_path):
    (tmp_path / "oordelen.csv").write_text(
        HEADER + "vte-diversificatie;achter op koers;De groei zit alleen in de horeca.;;2026-01-15;evaluator\n",
        encoding="utf-8")
    result = results_in(tmp_path)["vte-diversificatie"].result
    assert result.shown_status == R.ACHTER_OP_KOERS


def test_the_newest_judgement_of_a_kpi_counts():
    frame = pd.DataFrame({"kpi_id": ["maak-banen", "maak-banen"], "status": ["op koers", "behaald"],
                          "motivering": ["eerder", "later"], "bewijs": [None, None],
                          "datum": ["2025-06-01", "01-02-2026"], "rol": ["evaluator", "evaluator"]})
    assert judgements_from_frame(frame)["maak-banen"].motivation == "later"


# --------------------------------------------------------------------------- validation


def _problems(tmp_path, row: str):
    path = tmp_path / "oordelen.csv"
    path.write_text(HEADER + row, encoding="utf-8")
    return [(p.row, p.column, p.message) for p in validate_file(path).problems if p.level == "error"]


def test_an_unknown_kpi_id_is_an_error_with_file_row_and_column(tmp_path):
    ((row, column, message),) = _problems(tmp_path, "maak-omzet;behaald;x;;2026-01-15;evaluator\n")
    assert (row, column) == (2, "kpi_id")
    assert "oordelen.csv" in message and "onbekende indicator 'maak-omzet'" in message


def test_a_status_outside_the_vocabulary_is_an_error(tmp_path):
    ((row, column, message),) = _problems(tmp_path, "maak-banen;gehaald;x;;2026-01-15;evaluator\n")
    assert (row, column) == (2, "status") and "'gehaald' is geen toegestane waarde" in message


def test_a_date_that_does_not_exist_is_an_error(tmp_path):
    ((row, column, _),) = _problems(tmp_path, "maak-banen;behaald;x;;2026-02-30;evaluator\n")
    assert (row, column) == (2, "datum")


def test_a_name_instead_of_a_role_is_an_error(tmp_path):
    ((row, column, _),) = _problems(tmp_path, "maak-banen;behaald;x;;2026-01-15;Jan Jansen\n")
    assert (row, column) == (2, "rol")


def test_the_file_allows_exactly_the_judgement_statuses_of_the_vocabulary():
    assert source_spec("oordelen").column("status").allowed == R.JUDGEMENT_STATUSES


def test_the_evidence_column_is_an_optional_list_named_bewijs():
    column = source_spec("oordelen").column("bewijs")
    assert (column.type, column.required) == ("list", False)


def test_a_template_for_the_judgements_is_written(tmp_path, capsys):
    assert main(["templates", str(tmp_path)]) == 0
    assert (tmp_path / "oordelen.xlsx").is_file()


def test_the_terminal_scorecard_says_a_qualitative_status_is_the_evaluators(tmp_path):
    from levanalysis.book.exports import render_text

    (tmp_path / "oordelen.csv").write_text(
        HEADER + "vte-diversificatie;achter op koers;De groei zit alleen in de horeca.;;2026-01-15;evaluator\n",
        encoding="utf-8")
    line = next(line for line in render_text([e.result for e in results_in(tmp_path).values()]).splitlines()
                if line.split()[1:2] == ["vte-diversificatie"])
    assert "achter op koers (oordeel evaluator)" in line
