"""How fast is a build? Medians over several runs, on the configured data, in a temporary copy
of the book (the project's own book/chapters, _build and cache are not touched).

Scenarios, each a fresh process that imports the command line first (as `levanalysis build`
does) and then builds:

- koud: empty cache, nothing published: every chapter executed, book rendered;
- warm: straight after, nothing changed;
- één levering gewijzigd: one number in one delivery changed (a new value every run);
- render-vloer: `build --no-execute --force`, i.e. only Jupyter Book rendering the chapters;
- Jupyter Book zelf: the same prepared chapters executed by Jupyter Book
  (`execute_notebooks: force`, in a copy of the configuration), the baseline.

The scenarios are interleaved (koud, warm, gewijzigd, vloer, JB; then again) so that a change in
the load of a shared machine hits them alike. Peak memory is the largest sum of the resident
memory of the build process and all its descendants (kernels, Sphinx), sampled every 50 ms.
Also counted: CBS requests and bytes, filtered against unfiltered (benchmarks/cbs_requests.py).
Speed is measured here, never asserted in a test. Results: printed, and _build/benchmark.json.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

from levanalysis.definitions.config import BOOK_DIR, CONFIG_FILE, PROJECT_ROOT, TOC_FILE, load_config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cbs_requests import measure_cbs_requests  # noqa: E402
from cbs_requests import render as render_cbs  # noqa: E402

CHANGED_DELIVERY = "toeristenbelasting.csv"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

# What a scenario process runs: the CLI's imports, then the build on the temporary copy.
DRIVER = """
import json, sys
from pathlib import Path
import levanalysis.cli  # the same imports as `levanalysis build`
from levanalysis.definitions.config import load_config
from levanalysis.pipeline import Workspace, build_book
args = json.loads(sys.argv[1])
workspace = Workspace.for_book(Path(args["book"]), Path(args["build"]))
build_book(load_config(data_dir=args["data"]), execute=args["execute"], force=args["force"], workspace=workspace)
"""


def descendants_rss(root: int) -> int:
    """Resident memory (bytes) of ``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            statm = Path(f"/proc/{entry}/statm").read_text().split()
        except OSError:
            continue
        children.setdefault(int(stat[1]), []).append(int(entry))
        rss[int(entry)] = int(statm[1]) * PAGE_SIZE
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def run_measured(command: list[str], cwd: Path | None = None) -> dict:
    """Run a command; its wall time, peak memory of its process tree, and output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]

    def sample():
        while process.poll() is None:
            peak[0] = max(peak[0], descendants_rss(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        raise SystemExit(f"Mislukt ({process.returncode}): {' '.join(command)}\n{output[-3000:]}")
    # Processor time of the command and every process it waited for (kernels, Sphinx): less
    # sensitive than wall time to other work on a shared machine.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": seconds, "cpu_seconds": cpu, "peak_bytes": peak[0], "output": output}


class Sandbox:
    """A temporary book, build directory and data directory."""

    def __init__(self, root: Path):
        self.root = root
        self.book = root / "book"
        self.build = root / "_build"
        self.data = root / "data"
        shutil.copytree(BOOK_DIR, self.book, ignore=shutil.ignore_patterns("chapters", ".*"))
        shutil.copytree(load_config().data_dir, self.data)
        self.change = 0

    def build_book(self, execute: bool = True, force: bool = False) -> dict:
        args = {"book": str(self.book), "build": str(self.build), "data": str(self.data), "execute": execute, "force": force}
        result = run_measured([sys.executable, "-c", DRIVER, json.dumps(args)])
        result["executed"] = re.findall(r"^(\S+): uitgevoerd", result.pop("output"), flags=re.M)
        return result

    def cold(self) -> dict:
        shutil.rmtree(self.build, ignore_errors=True)
        shutil.rmtree(self.book / "chapters", ignore_errors=True)
        return self.build_book()

    def change_delivery(self) -> None:
        """A new value in the first data row, different in every run (so never cached)."""
        self.change += 1
        path = self.data / CHANGED_DELIVERY
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        fields = lines[1].split(";")
        fields[2] = str(81000 + self.change)
        lines[1] = ";".join(fields)
        path.write_text("".join(lines), encoding="utf-8")


def prepare_jupyter_book_baseline(root: Path, data_dir: Path) -> tuple[Path, Path]:
    """The same chapters, prepared as papermill would (placeholders, parameters), left for
    Jupyter Book to execute: a copy of the book and of _config.yml with execute_notebooks: force."""
    import nbformat
    import papermill

    from levanalysis.pipeline import fill_placeholders, hide_parameter_cells
    from levanalysis.pipeline.notebook import KERNEL_NAME

    book = root / "book"
    shutil.copytree(BOOK_DIR, book, ignore=shutil.ignore_patterns("chapters", ".*"))
    chapters = book / "chapters"
    chapters.mkdir()
    config = load_config(data_dir=data_dir)
    for chapter in config.chapters:
        notebook = fill_placeholders(nbformat.read(chapter.template, as_version=4), {"title": chapter.title, **chapter.parameters})
        parameters = {**chapter.parameters, "data_dir": str(data_dir), "downloads_dir": str(chapters / "downloads")}
        target = chapters / f"{chapter.id}.ipynb"
        papermill.execute_notebook(notebook, str(target), parameters=parameters, kernel_name=KERNEL_NAME, prepare_only=True)
        nbformat.write(hide_parameter_cells(nbformat.read(target, as_version=4)), target)
    (chapters / "_datanotice.md").write_text("", encoding="utf-8")
    settings = yaml.safe_load(CONFIG_FILE.read_text(encoding="utf-8"))
    settings["execute"] = {"execute_notebooks": "force", "timeout": 600}
    config_file = root / "_config.yml"
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    return book, config_file


def jupyter_book_baseline(book: Path, config_file: Path, output: Path) -> dict:
    shutil.rmtree(output, ignore_errors=True)
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    return run_measured([str(jupyter_book), "build", str(book), "--config", str(config_file), "--toc", str(TOC_FILE),
                         "--path-output", str(output), "-W", "-n", "--keep-going"])


def machine_info() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    return {
        "python": sys.version.split()[0], "platform": platform.platform(), "cpu": cpu, "cores": os.cpu_count(),
        "memory_gib": round(int(memory) / 1024 / 1024, 1), "load_average_start": os.getloadavg(),
    }


def summarise(runs: list[dict]) -> dict:
    seconds = [r["seconds"] for r in runs]
    return {"median_s": statistics.median(seconds), "min_s": min(seconds), "max_s": max(seconds),
            "runs_s": seconds, "cpu_median_s": statistics.median(r["cpu_seconds"] for r in runs),
            "peak_mib": max(r["peak_bytes"] for r in runs) / 2**20, "executed": runs[-1].get("executed")}


def ratio(runs: dict[str, list[dict]], numerator: str, denominator: str, measure: str = "seconds") -> float:
    """Median over the rounds of the ratio within each round: runs of one round ran under the
    same load of the machine, so their ratio is steadier than a ratio of medians."""
    return statistics.median(a[measure] / b[measure] for a, b in zip(runs[numerator], runs[denominator], strict=True))


def main(repeat: int = 3) -> None:
    names = ["koud", "warm (niets veranderd)", "één levering gewijzigd", "render-vloer (--no-execute)", "Jupyter Book zelf"]
    runs: dict[str, list[dict]] = {name: [] for name in names}
    info = machine_info()
    with tempfile.TemporaryDirectory(prefix="lev-bench-") as scratch:
        sandbox = Sandbox(Path(scratch) / "lev")
        baseline_book, baseline_config = prepare_jupyter_book_baseline(Path(scratch) / "jb", sandbox.data)
        for number in range(1, repeat + 1):
            print(f"Ronde {number} van {repeat} ...", flush=True)
            runs["koud"].append(sandbox.cold())
            runs["warm (niets veranderd)"].append(sandbox.build_book())
            sandbox.change_delivery()
            runs["één levering gewijzigd"].append(sandbox.build_book())
            runs["render-vloer (--no-execute)"].append(sandbox.build_book(execute=False, force=True))
            runs["Jupyter Book zelf"].append(jupyter_book_baseline(baseline_book, baseline_config, Path(scratch) / "jb-out"))
    info["load_average_end"] = os.getloadavg()
    results = {name: summarise(r) for name, r in runs.items()}
    ratios = {
        "koud / Jupyter Book zelf (doel <= 0,6)": ratio(runs, "koud", "Jupyter Book zelf"),
        "warm / render-vloer (doel <= 1,3)": ratio(runs, "warm (niets veranderd)", "render-vloer (--no-execute)"),
        "één levering gewijzigd / koud": ratio(runs, "één levering gewijzigd", "koud"),
        "processortijd koud / Jupyter Book zelf": ratio(runs, "koud", "Jupyter Book zelf", "cpu_seconds"),
    }
    cbs = measure_cbs_requests()

    width = max(len(n) for n in names)
    print(f"\n{'scenario':<{width}}  mediaan (s)  min (s)  max (s)  processortijd (s)  piekgeheugen (MiB)")
    for name, r in results.items():
        print(f"{name:<{width}}  {r['median_s']:11.2f}  {r['min_s']:7.2f}  {r['max_s']:7.2f}  "
              f"{r['cpu_median_s']:17.1f}  {r['peak_mib']:18.0f}")
    print(f"\nOpnieuw uitgevoerd na de gewijzigde levering: {', '.join(results['één levering gewijzigd']['executed']) or 'niets'}")
    print("\nVerhoudingen (mediaan over de rondes van de verhouding binnen een ronde):")
    for name, value in ratios.items():
        print(f"  {name}: {value:.2f}")
    print(f"\nMachine: {info['cpu']}, {info['cores']} kernen, {info['memory_gib']} GiB, Python {info['python']}; "
          f"belasting (1/5/15 min) bij start {info['load_average_start']}, aan het eind {info['load_average_end']}")
    print("\nCBS-verzoeken (lokale testserver):\n" + render_cbs(cbs))
    report = {"machine": info, "repeat": repeat, "scenarios": results, "ratios": ratios, "cbs_requests": cbs}
    target = PROJECT_ROOT / "_build" / "benchmark.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nOpgeslagen in {target}.")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
