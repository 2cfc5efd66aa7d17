"""The scorecard (levanalysis.analysis.scorecard, levanalysis.book.exports) and `levanalysis scorecard` as a user runs it."""

from __future__ import annotations

import csv
import io
import json
import math

import pytest
from test_kpi_inputs import LIEMERS, cbs_jobs_frame, write_cbs

from levanalysis.analysis.evaluation import evaluate_plan
from levanalysis.analysis.results import KpiResult
from levanalysis.analysis.scorecard import FIELDS
from levanalysis.book.exports import (
    EXAMPLE_WARNING,
    render_csv,
    render_json,
    render_text,
)
from levanalysis.cli import main
from levanalysis.definitions.config import load_config
from levanalysis.definitions.plan import load_plan
from levanalysis.paths import DATA_ROOT
from levanalysis.sources.cache import Provenance
from levanalysis.sources.store import open_store, write_local_provenance

EXAMPLE_DIR = DATA_ROOT / "example"
PLAN_KPIS = [k.id for s in load_plan().spearheads for k in s.monitoring.kpis]


def build_scorecard(config):
    return [e.result for e in evaluate_plan(load_plan(), open_store(config.data_dir), config)]
SCORECARD_IDS = ["vte-website", "vte-overnachtingen", "vte-banen", "vte-diversificatie", "logistiek",
                 "maak-studenten", "maak-spanning", "maak-banen", "maak-productiviteit", "maak-projecten",
                 "maak-samenwerkingen"]


def result(**fields) -> KpiResult:
    values = dict(
        kpi_id="maak-banen", spearhead="maakindustrie", spearhead_name="Maakindustrie", goal="Doel",
        indicator="Werkgelegenheid", target="Groei >= NL", rule="Regel.", rule_type="growth_vs_nl",
        baseline_year=2023, baseline_value=8170.0, latest_year=2025, latest_value=8540.0, change=0.045,
        comparison=0.005, status="op koers", reason="Reden.", sources="LISA", data_kind="echt",
    )
    values.update(fields)
    return KpiResult(**values)


def write_small_data_dir(directory) -> None:
    """A hand-made data directory: LISA and CBS jobs for 2023 and 2026, website visitors."""
    lisa = "gemeente;jaar;sbi;banen\n"
    for year, c in ((2023, 100), (2026, 120)):
        lisa += "".join(f"{m};{year};C;{c}\n" for m in LIEMERS)
        lisa += "".join(f"{m};{year};{code};10\n" for m in LIEMERS for code in ("I", "R", "47"))
    (directory / "lisa_banen.csv").write_text(lisa, encoding="utf-8")
    (directory / "website_bezoekers.csv").write_text("jaar;maand;bezoekers\n2023;;1000\n2025;;1100\n",
                                                     encoding="utf-8")
    # NL C 1000 -> 1100 thousand (+10%, 83582NED); VTE I, R, 47 each 100 -> 100 (0%, 83583NED: the
    # national table with retail)
    write_cbs(directory, "83582NED", cbs_jobs_frame({("NL01", "C", 2023): 1000, ("NL01", "C", 2026): 1100}))
    vte = {("NL01", code, year): 100 for code in ("I", "R", "47") for year in (2023, 2026)}
    write_cbs(directory, "83583NED", cbs_jobs_frame(vte))


def run_json(data_dir, capsys) -> list[dict]:
    assert main(["scorecard", "--format", "json", "--data-dir", str(data_dir)]) == 0
    return json.loads(capsys.readouterr().out)


# --------------------------------------------------------------------------- formats


def test_csv_lists_every_kpi_of_the_plan_and_the_logistiek_row(tmp_path):
    rows = list(csv.DictReader(io.StringIO(render_csv(build_scorecard(load_config(data_dir=tmp_path))))))
    assert [r["kpi"] for r in rows] == SCORECARD_IDS
    assert [r["kpi"] for r in rows if r["status"] != "nog geen streefwaarde"] == PLAN_KPIS


def test_json_has_the_same_rows_and_fields_as_csv(tmp_path):
    results = build_scorecard(load_config(data_dir=tmp_path))
    from_json = json.loads(render_json(results))
    from_csv = list(csv.DictReader(io.StringIO(render_csv(results))))
    assert [r["kpi"] for r in from_json] == [r["kpi"] for r in from_csv] == SCORECARD_IDS
    assert all(list(r) == list(FIELDS) for r in from_json) and list(from_csv[0]) == list(FIELDS)


def test_json_gives_numbers_as_numbers_and_missing_as_null():
    row = json.loads(render_json([result(comparison=math.nan)]))[0]
    assert (row["basiswaarde"], row["laatste_waarde"], row["verandering"]) == (8170, 8540, 0.045)
    assert row["groei_nederland"] is None


def test_csv_uses_a_point_for_decimals_and_empty_for_missing():
    row = next(csv.DictReader(io.StringIO(render_csv([result(comparison=math.nan)]))))
    assert (row["verandering"], row["groei_nederland"], row["basiswaarde"]) == ("0.045", "", "8170")


def test_text_with_example_data_starts_with_the_warning():
    text = render_text([result(data_kind="voorbeeld")])
    assert text.splitlines()[0] == EXAMPLE_WARNING


def test_text_with_real_data_has_no_example_warning():
    assert "VOORBEELD" not in render_text([result(data_kind="echt")])


def test_text_uses_dutch_number_formats():
    text = render_text([result()])
    # 8170 -> 8.170; growth 0.045 -> +4,5%; NL 0.005 -> +0,5%
    assert "2023: 8.170" in text and "+4,5%" in text and "+0,5%" in text


def test_text_marks_a_provisional_latest_figure():
    text = render_text([result(provisional=True)])
    assert "2025: 8.540 *" in text and "* voorlopig cijfer" in text


# --------------------------------------------------------------------------- the command


def test_cli_scorecard_json_on_a_hand_made_data_dir(tmp_path, capsys):
    write_small_data_dir(tmp_path)
    rows = {r["kpi"]: r for r in run_json(tmp_path, capsys)}
    assert list(rows) == SCORECARD_IDS
    # maak-banen: Liemers 5 x 100 -> 5 x 120 (+20%) against NL +10%, latest 2026: behaald
    assert (rows["maak-banen"]["status"], rows["maak-banen"]["verandering"]) == ("behaald", pytest.approx(0.2))
    assert rows["maak-banen"]["groei_nederland"] == pytest.approx(0.1)
    # vte-banen: Liemers 150 -> 150 (0%) against NL 0%: equal counts as met
    assert rows["vte-banen"]["status"] == "behaald"
    # vte-website: 1000 -> 1100 in two years: sqrt(1.1) - 1 = 4.88% per year < 5%, before 2026
    assert rows["vte-website"]["status"] == "achter op koers"
    assert rows["maak-studenten"]["status"] == "geen data" and rows["maak-studenten"]["gegevens"] == "geen"
    assert rows["logistiek"]["status"] == "nog geen streefwaarde"
    assert {rows[k]["gegevens"] for k in ("maak-banen", "vte-banen", "vte-website")} == {"echt"}


def test_cli_scorecard_marks_example_files_as_voorbeeld(tmp_path, capsys):
    write_small_data_dir(tmp_path)
    path = tmp_path / "website_bezoekers.csv"
    write_local_provenance(path, Provenance(kind="example", source="voorbeeld", name="website_bezoekers"))
    rows = {r["kpi"]: r for r in run_json(tmp_path, capsys)}
    assert rows["vte-website"]["gegevens"] == "voorbeeld"
    assert main(["scorecard", "--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith(EXAMPLE_WARNING)


def test_cli_scorecard_with_a_bad_input_file_prints_the_message_and_exits_1(tmp_path, capsys):
    (tmp_path / "lisa_banen.csv").write_text("gemeente;jaar;sbi;banen\nDuiven;2023;C;-10\n", encoding="utf-8")
    assert main(["scorecard", "--data-dir", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("Fout: ") and "lisa_banen.csv" in error and "Traceback" not in error


def test_cli_scorecard_with_a_missing_data_dir_exits_1(tmp_path, capsys):
    assert main(["scorecard", "--data-dir", str(tmp_path / "bestaat-niet")]) == 1
    assert "bestaat niet" in capsys.readouterr().err


@pytest.mark.skipif(not (EXAMPLE_DIR / "cbs").is_dir(), reason="no bundled example data")
def test_cli_scorecard_on_the_example_data(capsys):
    rows = run_json(EXAMPLE_DIR, capsys)
    assert [r["kpi"] for r in rows] == SCORECARD_IDS
    assert {r["gegevens"] for r in rows if r["kpi"] != "logistiek"} == {"voorbeeld"}
    assert main(["scorecard", "--data-dir", str(EXAMPLE_DIR)]) == 0
    assert capsys.readouterr().out.startswith(EXAMPLE_WARNING)
    assert main(["scorecard", "--format", "csv", "--data-dir", str(EXAMPLE_DIR)]) == 0
    assert len(list(csv.DictReader(io.StringIO(capsys.readouterr().out)))) == 11


def test_csv_carries_measurement_path_margin_and_expected_date():
    row = next(csv.DictReader(io.StringIO(render_csv([result(
        measurement="tussenstand", final_expected="2027-11", final_definitive_expected="2028-11", path_year=2025,
        path_value=8210.75, margin=0.0022)]))))
    assert (row["meting"], row["eindcijfer_verwacht"], row["definitief_verwacht"]) == ("tussenstand", "2027-11", "2028-11")
    assert (row["streefpad_jaar"], row["streefpad"], row["marge"]) == ("2025", "8210.75", "0.0022")
    assert (row["berekende_status"], row["status"], row["oordeel_evaluator"]) == ("op koers", "op koers", "")


def test_text_names_the_measurement_and_the_qualifier():
    text = render_text([result(measurement="tussenstand", final_expected="2027-11", within_margin=True)])
    assert "op koers, binnen de meetmarge" in text and "tussenstand (eind: 2027-11)" in text
