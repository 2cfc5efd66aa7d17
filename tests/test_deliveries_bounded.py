"""Issue 14, case 3: reading a delivery is bounded in time and memory.

The big and hostile files are generated here (never committed). Speed is measured in
benchmarks/bench_large_delivery.py, not asserted; memory is checked once, in a child process,
for the stray-cell workbook that used to need more than 13 GB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import openpyxl

from levanalysis.definitions.local_sources import source_spec
from levanalysis.sources.local import validate_file
from levanalysis.sources.local.problems import MAX_PROBLEMS_PER_COLUMN
from levanalysis.sources.local.reading import (
    MAX_DATA_ROWS,
    MAX_FILE_BYTES,
    MAX_XLSX_UNPACKED_BYTES,
    read_csv,
    read_xlsx,
)

LISA_ROWS = [["gemeente", "jaar", "sbi", "banen"], ["Zevenaar", 2024, "47", 1230], ["Duiven", 2024, "47", 450]]


def stray_cell_workbook(path, cell):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "data"
    for row in LISA_ROWS:
        ws.append(row)
    ws[cell] = " "
    wb.save(path)
    return path


def test_a_stray_cell_in_xfd1048576_does_not_widen_the_rows(tmp_path):
    path = stray_cell_workbook(tmp_path / "lisa_banen.xlsx", "XFD1048576")
    table, problems = read_xlsx(path, source_spec("lisa_banen"), path.name)
    assert problems == []
    assert table.header == LISA_ROWS[0]
    assert [(n, cells) for n, cells in table.rows] == [(2, LISA_ROWS[1]), (3, LISA_ROWS[2])]


def test_a_stray_cell_in_xfd1048576_validates_like_the_file_without_it(tmp_path):
    path = stray_cell_workbook(tmp_path / "lisa_banen.xlsx", "XFD1048576")
    result = validate_file(path)
    assert result.problems == [] and result.rows == 2
    assert result.data["banen"].tolist() == [1230, 450]


def test_a_stray_cell_in_a1048576_is_skipped_as_an_empty_row(tmp_path):
    path = stray_cell_workbook(tmp_path / "lisa_banen.xlsx", "A1048576")
    result = validate_file(path)
    assert result.problems == [] and result.rows == 2


def test_the_stray_cell_workbook_validates_in_a_small_process(tmp_path):
    # Before issue 14 this needed more than 13 GB; the child reports its own peak memory.
    path = stray_cell_workbook(tmp_path / "lisa_banen.xlsx", "XFD1048576")
    child = (
        "import json, resource, sys\n"
        "from levanalysis.sources.local import validate_file\n"
        "result = validate_file(sys.argv[1])\n"
        "print(json.dumps({'rows': result.rows, 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", child, str(path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["rows"] == 2
    assert report["peak_mb"] < 500


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    path = tmp_path / "lisa_banen.csv"
    with open(path, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk
    (problem,) = validate_file(path).problems
    assert problem.message == (
        "Bestand lisa_banen.csv: Het bestand is 100,0 MB groot; de controle leest bestanden tot 100 MB. "
        "Een levering voor deze bron is veel kleiner: controleer of het juiste bestand is opgeslagen."
    )


def test_a_csv_with_more_rows_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "lisa_banen.csv"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("gemeente;jaar;sbi;banen\n")
        stream.write("Zevenaar;2024;47;10\n" * (MAX_DATA_ROWS + 1))
    (problem,) = validate_file(path).problems
    assert problem.is_error and problem.row is None
    assert problem.detail.startswith("Het bestand heeft meer dan 250.000 rijen met gegevens")


def test_a_csv_at_the_row_limit_is_read(tmp_path):
    path = tmp_path / "lisa_banen.csv"
    with open(path, "w", encoding="utf-8") as stream:
        stream.write("gemeente;jaar;sbi;banen\n")
        stream.write("Zevenaar;2024;47;10\n" * MAX_DATA_ROWS)
    table, problems = read_csv(path, source_spec("lisa_banen"), path.name)
    assert problems == [] and len(table.rows) == MAX_DATA_ROWS
    assert table.rows[-1][0] == MAX_DATA_ROWS + 1


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_without_parsing(tmp_path):
    path = tmp_path / "lisa_banen.xlsx"
    zeros = b"\0" * 2**20
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for _ in range(MAX_XLSX_UNPACKED_BYTES // len(zeros) + 1):
                member.write(zeros)
    assert path.stat().st_size < MAX_XLSX_UNPACKED_BYTES // 100  # compressed it is small
    (problem,) = validate_file(path).problems
    assert problem.detail.startswith("Het Excel-bestand is uitgepakt 251 MB groot; de controle leest tot 250 MB.")


def test_an_unclosed_quote_is_a_dutch_message_with_the_row(tmp_path):
    path = tmp_path / "lisa_banen.csv"
    path.write_text('gemeente;jaar;sbi;banen\nZevenaar;2024;"47;10\n' + "x" * 200_000 + "\n", encoding="utf-8")
    (problem,) = validate_file(path).problems
    assert problem.detail == (
        "Het CSV-bestand is niet goed opgebouwd: in rij 2 is een waarde langer dan 131.072 tekens. "
        'Staat er een aanhalingsteken (") dat niet wordt gesloten?'
    )


def test_findings_per_column_stop_at_the_cap_with_a_count_of_the_rest(tmp_path):
    extra = 30
    path = tmp_path / "lisa_banen.csv"
    rows = [f"Arnhem;{2016 + i % 10};47;{i}0" for i in range(MAX_PROBLEMS_PER_COLUMN + extra)]
    path.write_text("gemeente;jaar;sbi;banen\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = validate_file(path)
    municipality = [p for p in result.errors if p.column == "gemeente"]
    assert len(municipality) == MAX_PROBLEMS_PER_COLUMN + 1
    summary = municipality[0]
    assert summary.row is None
    assert summary.message == (
        f"Bestand lisa_banen.csv, kolom 'gemeente': nog {extra} fouten in deze kolom worden niet "
        f"afzonderlijk gemeld; de eerste {MAX_PROBLEMS_PER_COLUMN} staan hieronder."
    )
    assert [p.row for p in municipality[1:]] == list(range(2, MAX_PROBLEMS_PER_COLUMN + 2))
