"""Measure how long the parts of the pipeline take, on the configured data.

Speed is measured here, never asserted in a test: machines differ. Run with `make benchmark`;
the results are printed and written to _build/benchmark.json so runs can be compared.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

from levanalysis.definitions.config import BOOK_DIR, PROJECT_ROOT, load_config
from levanalysis.sources.store import open_store
from levanalysis.analysis.evaluation import evaluate_plan
from levanalysis.pipeline import build_html, execute_chapter
from levanalysis.definitions.plan import _load_plan_cached, load_plan


def timed(function, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def main(repeat: int = 3) -> None:
    config = load_config()
    store = open_store(config.data_dir)
    results: dict[str, list[float]] = {}

    def load_plan_cold():
        _load_plan_cached.cache_clear()
        load_plan()

    results["plan laden (zonder cache)"] = timed(load_plan_cold, repeat)
    plan = load_plan()
    results["alle KPI's beoordelen"] = timed(lambda: evaluate_plan(plan, store, config), repeat)
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch)
        for chapter in config.chapters:
            results[f"hoofdstuk {chapter.id} uitvoeren"] = timed(lambda c=chapter: execute_chapter(c, config, output), repeat)
    # The HTML build renders the chapters of the last `make book`/`make test` run.
    if all(chapter.output.exists() for chapter in config.chapters):
        with tempfile.TemporaryDirectory() as scratch:
            results["boek bouwen (Jupyter Book)"] = timed(lambda: build_html(BOOK_DIR, Path(scratch)), repeat)

    width = max(len(name) for name in results)
    print(f"{'onderdeel':<{width}}  mediaan (s)  min (s)  max (s)")
    for name, times in results.items():
        print(f"{name:<{width}}  {statistics.median(times):11.2f}  {min(times):7.2f}  {max(times):7.2f}")
    report = {
        "python": sys.version.split()[0], "machine": platform.machine(), "repeat": repeat,
        "seconds": {name: times for name, times in results.items()},
    }
    target = PROJECT_ROOT / "_build" / "benchmark.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"Opgeslagen in {target}.")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
