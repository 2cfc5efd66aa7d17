"""Time and peak memory of validating large or hostile deliveries (issue 14).

Each case is a file generated here in a temporary directory (never committed) and validated
in a fresh child process with `validate_file`, under an address-space cap so that a runaway
read ends in a MemoryError instead of exhausting the machine. Reported per case: wall time,
the child's peak resident memory (ru_maxrss) and the first problem message.

    .venv/bin/python benchmarks/bench_large_delivery.py            # all cases
    .venv/bin/python benchmarks/bench_large_delivery.py csv-50mb   # one case

Speed and memory are measured here, never asserted in a test: machines differ.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CAP_BYTES = 4 * 1024**3  # the address-space cap of each child (4 GB)
TARGET_CSV_BYTES = 50 * 1024**2

CHILD = r"""
import json, sys, time
from levanalysis.sources.local import validate_file
start = time.perf_counter()
result = validate_file(sys.argv[1])
elapsed = time.perf_counter() - start
first = result.problems[0].message if result.problems else "(geen meldingen)"
print(json.dumps({"seconds": elapsed, "rows": result.rows, "errors": len(result.errors),
                  "warnings": len(result.warnings), "first": first[:300]}))
"""


def stray_cell_xlsx(directory: Path, cell: str) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "data"
    ws.append(["gemeente", "jaar", "sbi", "banen"])
    ws.append(["Zevenaar", 2024, "47", 1230])
    ws.append(["Duiven", 2024, "47", 450])
    ws[cell] = " "  # one stray space far away
    path = directory / "lisa_banen.xlsx"
    wb.save(path)
    return path


def projecten_csv(directory: Path, target: int = TARGET_CSV_BYTES, rows: int | None = None, extra: str = "") -> Path:
    """A valid project register of about ``target`` bytes (or ``rows`` rows): long free-text
    rows, unique ids; ``extra`` lengthens every 'bron'."""
    path = directory / "projecten.csv"
    header = "id;naam;jaar;soort;gemeente;partnersectoren;maatschappelijke_opgave;bron\n"
    municipalities = ["Zevenaar", "Duiven", "Doesburg", "Westervoort", "Montferland"]
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write(header)
        i = 0
        while (written < target) if rows is None else (i < rows):
            line = (
                f"p-{i:07d};Gezamenlijke opleidingswerkplaats metaal en techniek nummer {i};{2016 + i % 10};"
                f"{'project' if i % 2 else 'samenwerking'};{municipalities[i % 5]};maakindustrie, onderwijs, logistiek;"
                f"energietransitie;bedrijfscontactfunctionaris {municipalities[i % 5]}, verslag 12-03-2024, "
                f"aangevuld met een nieuwsbericht van de Liemerse Ambassade{extra}\n"
            )
            out.write(line)
            written += len(line)
            i += 1
    return path


def projecten_at_the_limits(directory: Path) -> Path:
    """The largest CSV the check reads: MAX_DATA_ROWS rows, just under MAX_FILE_BYTES."""
    from levanalysis.sources.local.reading import MAX_DATA_ROWS, MAX_FILE_BYTES

    line = len(projecten_csv(directory, rows=1).read_text(encoding="utf-8").splitlines()[1]) + 1
    extra = max(0, (MAX_FILE_BYTES - 4 * 1024**2) // MAX_DATA_ROWS - line)
    return projecten_csv(directory, rows=MAX_DATA_ROWS, extra=" " + "x" * extra)


def lisa_csv(directory: Path, target: int = TARGET_CSV_BYTES) -> Path:
    """Short rows (about 2 million of them): many more rows than any real delivery."""
    path = directory / "lisa_banen.csv"
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("gemeente;jaar;sbi;banen\n")
        i = 0
        while written < target:
            line = f"Zevenaar;{2015 + i % 16};{10 + i % 90};{(i % 500) * 10}\n"
            out.write(line)
            written += len(line)
            i += 1
    return path


def lisa_all_wrong(directory: Path) -> Path:
    """MAX_DATA_ROWS rows in which every cell is wrong: the most messages a file can give."""
    from levanalysis.sources.local.reading import MAX_DATA_ROWS

    path = directory / "lisa_banen.csv"
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write("gemeente;jaar;sbi;banen\n")
        for i in range(MAX_DATA_ROWS):
            out.write(f"Arnhem {i};20{i % 100:02d}x;Z{i};-{i}x\n")
    return path


CASES = {
    "xlsx-stray-XFD1048576": lambda d: stray_cell_xlsx(d, "XFD1048576"),
    "xlsx-stray-A1048576": lambda d: stray_cell_xlsx(d, "A1048576"),
    "csv-50mb-projecten": projecten_csv,
    "csv-50mb-lisa": lisa_csv,
    "csv-at-the-limits-projecten": projecten_at_the_limits,
    "csv-at-the-limits-every-cell-wrong": lisa_all_wrong,
}


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))


def run_case(name: str) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        path = CASES[name](Path(scratch))
        size = path.stat().st_size
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, preexec_fn=_cap
        )
        wall = time.perf_counter() - start
        # ru_maxrss of the children is the largest of any child so far: one case per process.
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out = {"case": name, "file_mb": round(size / 1024**2, 1), "wall_s": round(wall, 2), "peak_rss_mb": round(peak_mb)}
    if proc.returncode == 0:
        out.update(json.loads(proc.stdout.strip().splitlines()[-1]))
        out["seconds"] = round(out["seconds"], 2)
    else:
        out["failed"] = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"
    return out


def main(names: list[str]) -> None:
    for name in names or list(CASES):
        if len(names or CASES) > 1:
            # ru_maxrss of children is a running maximum: measure each case in its own process.
            proc = subprocess.run([sys.executable, __file__, name], capture_output=True, text=True)
            print(proc.stdout.strip() or proc.stderr.strip().splitlines()[-1])
        else:
            print(json.dumps(run_case(name), ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
