"""Execute the chapters that need it, in parallel, and publish the set only when all succeeded.

For every chapter (and the data notice for the hand-written pages) the cache is asked for an
entry built from exactly the current inputs; only the chapters without one are executed, each
in its own kernel, ``jobs`` at a time. Results become cache entries as they finish. The
published ``book/chapters`` is replaced (as a whole) only when every unit has a current entry
and nothing changed while the build ran; otherwise it stays as it was.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from levanalysis.definitions.config import Chapter, Config
from levanalysis.formatting import format_number
from levanalysis.pipeline.cache import ChapterCache, Entry, Record
from levanalysis.pipeline.errors import BuildCancelled, BuildError, ChapterFailed
from levanalysis.pipeline.inputs import (
    DataSnapshot,
    SharedInputs,
    Workspace,
    chapter_components,
    display_path,
    read_log_states,
    sha256_json,
    static_key,
)
from levanalysis.pipeline.notebook import (
    KERNEL_LOG_NAME,
    READ_LOG_NAME,
    Job,
    KernelRegistry,
    run_papermill,
)
from levanalysis.pipeline.publish import (
    DATA_NOTICE_UNIT,
    assemble,
    build_lock,
    published_entries,
    recover,
    swap_in,
)

DATA_NOTICE_FILE = "_datanotice.md"
# Seconds to wait for workers after their kernels were killed, before giving up on them.
CANCEL_GRACE = 10.0

Executor = Callable[[Job, KernelRegistry], None]


def seconds_text(seconds: float) -> str:
    return f"{format_number(seconds, 1)} s"


@dataclass(frozen=True)
class Unit:
    id: str
    chapter: Chapter | None
    components: dict[str, str]

    @property
    def key(self) -> str:
        return static_key(self.components)


@dataclass
class UnitRun:
    unit: str
    status: str  # "uitgevoerd", "hergebruikt", "mislukt" or "niet actueel"
    seconds: float = 0.0
    message: str = ""


@dataclass
class ExecutionResult:
    runs: list[UnitRun] = field(default_factory=list)
    published: bool = False
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def ids(self, status: str) -> list[str]:
        return [run.unit for run in self.runs if run.status == status and run.unit != DATA_NOTICE_UNIT]


def chapter_parameters(chapter: Chapter, config: Config, job_dir: Path) -> dict:
    """What papermill injects: the chapter's own parameters, the run's data directory, where
    the chapter writes its downloadable tables and where the store logs what it read."""
    return {
        **chapter.parameters,
        "data_dir": str(config.data_dir),
        "downloads_dir": str(job_dir / "downloads"),
        "read_log": str(job_dir / READ_LOG_NAME),
    }


def notice_components(config: Config, shared: SharedInputs) -> dict[str, str]:
    return {
        "format": "1",
        "parameters": sha256_json({"unit": DATA_NOTICE_UNIT, "data_dir": str(config.data_dir)}),
        "library": shared.library,
        "configuration": shared.configuration,
        "definitions": shared.definitions,
        "environment": shared.environment,
    }


def run_data_notice(job: Job, kernels: KernelRegistry) -> None:
    """The example-data warning for hand-written pages (they include this file): the warning
    when any dataset the plan uses is example data, an empty file otherwise."""
    from levanalysis.book.context import open_chapter, plan_datasets
    from levanalysis.book.provenance import example_notice_html

    context = open_chapter(job.parameters["data_dir"], str(job.read_log))
    notice = example_notice_html(context.provenances(plan_datasets(context.plan)))
    (job.workdir / DATA_NOTICE_FILE).write_text(notice + "\n" if notice else "", encoding="utf-8")


def units_of(config: Config, chapters: Iterable[Chapter], shared: SharedInputs) -> list[Unit]:
    units = [Unit(c.id, c, chapter_components(c, config, shared)) for c in chapters]
    return units + [Unit(DATA_NOTICE_UNIT, None, notice_components(config, shared))]


def check_data(config: Config, shared: SharedInputs, snapshot: DataSnapshot, cache: ChapterCache, report) -> None:
    """Refuse to build from a data directory with bad files, before any chapter result counts:
    the report names file, row and column, which a failing notebook cell would bury. A
    directory that passed with the same contents, code and definitions is not checked again."""
    marker = cache.root / "validated" / sha256_json(
        ["validation", shared.library, shared.definitions, shared.environment, snapshot.contents()]
    )
    if marker.exists():
        marker.touch()  # recently used: kept by the pruning below
        report("Gegevens controleren: hergebruikt")
        return
    from levanalysis.sources.local import render_report, validate_directory

    started = time.perf_counter()
    result = validate_directory(config.data_dir)
    if not result.ok:
        raise BuildError("De gegevens bevatten fouten; het boek is niet gebouwd.\n" + render_report(result))
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    for old in sorted(marker.parent.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)[20:]:
        old.unlink(missing_ok=True)  # data states of long ago
    report(f"Gegevens controleren: in orde ({seconds_text(time.perf_counter() - started)})")


class WorkerPool:
    """``jobs`` daemon threads taking units from a queue; results arrive on another queue.

    Daemon threads, so that an interrupted build never waits for a worker stuck on a kernel.
    """

    def __init__(self, work: list[tuple[Unit, Job, Executor]], jobs: int, kernels: KernelRegistry):
        self.todo: queue.Queue = queue.Queue()
        self.done: queue.Queue = queue.Queue()
        self.kernels = kernels
        for item in work:
            self.todo.put(item)
        self.threads = [threading.Thread(target=self.work, daemon=True) for _ in range(min(jobs, len(work)))]
        for thread in self.threads:
            thread.cancelled = kernels.cancelled  # read by the log filter of the notebook module
            thread.start()

    def work(self) -> None:
        while not self.kernels.cancelled.is_set():
            try:
                item = self.todo.get_nowait()
            except queue.Empty:
                return
            self.run(item)

    def run(self, item: tuple[Unit, Job, Executor]) -> None:
        unit, job, executor = item
        started = time.perf_counter()
        try:
            executor(job, self.kernels)
            error = None
        except BuildCancelled:
            error = BuildCancelled()
        except BuildError as exc:
            error = exc
        except Exception as exc:  # anything else is a failure of this unit, not of the build
            error = ChapterFailed(unit.id, f"'{unit.id}' kon niet worden uitgevoerd: {type(exc).__name__}: {exc}")
        self.done.put((unit, job, error, time.perf_counter() - started))

    def join(self) -> None:
        """Wait (a while) for the workers after their kernels were killed."""
        deadline = time.monotonic() + CANCEL_GRACE
        for thread in self.threads:
            thread.join(max(0.0, deadline - time.monotonic()))


def record_of(unit: Unit, job: Job, config: Config, snapshot: DataSnapshot, seconds: float) -> Record:
    return Record(
        unit=unit.id, key=unit.key, components=unit.components, data_dir=str(config.data_dir),
        listing=snapshot.listing, reads=read_log_states(job.read_log), seconds=round(seconds, 2),
        executed_at=datetime.now(UTC).replace(microsecond=0).isoformat(),
    )


def changed_during_build(units: list[Unit], config: Config, workspace: Workspace, records: list[Record]) -> list[str]:
    """Inputs that changed while the build ran: the results must not be stored or published."""
    shared = SharedInputs.of(workspace)
    now = {u.id: u.components for u in units_of(config, [u.chapter for u in units if u.chapter], shared)}
    problems = [f"de invoer van '{u.id}'" for u in units if now.get(u.id) != u.components]
    snapshot = DataSnapshot.of(config.data_dir)
    for record in records:
        if record.listing != snapshot.listing:
            problems.append("de lijst met bestanden in de gegevensmap")
        for path, state in record.reads.items():
            current = snapshot.file_state(path)
            if current is None or current["sha256"] != state["sha256"]:
                problems.append(f"gegevensbestand {display_path(path, config.data_dir)}")
    return sorted(set(problems))


def execute_chapters(
    config: Config,
    chapter_ids: Iterable[str] | None = None,
    workspace: Workspace | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
    report: Callable[[str], None] = print,
    executor: Executor = run_papermill,
) -> ExecutionResult:
    """Bring the published chapters up to date with the current inputs.

    ``chapter_ids``: execute these chapters even if a cache entry exists, and no others; the
    set is published only if every other chapter has a current entry. ``force``: execute all.
    """
    workspace = workspace or Workspace()
    started = time.perf_counter()
    result = ExecutionResult()
    requested = [config.chapter(c) for c in chapter_ids] if chapter_ids else None
    cache = ChapterCache(workspace.cache_dir)
    with build_lock(workspace.cache_dir):
        recover(workspace.chapter_dir)
        cache.clear_work()
        shared = SharedInputs.of(workspace)
        snapshot = DataSnapshot.of(config.data_dir)
        units = units_of(config, config.chapters, shared)
        entries: dict[str, Entry] = {}
        work: list[tuple[Unit, Job, Executor]] = []
        for unit in units:
            forced = force or (requested is not None and unit.chapter in requested)
            entry = None if forced else cache.find(unit.id, unit.key, unit.components, snapshot)
            if entry is not None:
                entries[unit.id] = entry
                result.runs.append(UnitRun(unit.id, "hergebruikt"))
            elif requested is None or forced or unit.chapter is None:
                workdir = cache.new_workdir(unit.id)
                parameters = chapter_parameters(unit.chapter, config, workdir) if unit.chapter else {"data_dir": str(config.data_dir)}
                job = Job(unit.id, unit.chapter, parameters, workdir, cache.failed_dir)
                work.append((unit, job, executor if unit.chapter else run_data_notice))
            else:
                result.runs.append(UnitRun(unit.id, "niet actueel"))
        for run in result.runs:
            if run.unit != DATA_NOTICE_UNIT:
                report(f"{run.unit}: {run.status}")
        # Longest first (as long as the last run took; new chapters before all): the last
        # chapter to start is then a short one, and the cores are busy until the end.
        work.sort(key=lambda item: -cache.expected_seconds(item[0].id))
        finished = run_work(work, jobs, config, snapshot, report, result,
                            first=lambda: check_data(config, shared, snapshot, cache, report))
        failures = [run for run in result.runs if run.status == "mislukt"]
        changed = changed_during_build(units, config, workspace, [r for _, _, r in finished]) if finished else []
        if changed:
            raise BuildError(
                "Tijdens de build veranderde " + ", ".join(changed) + ". Er is niets gepubliceerd; "
                "draai de build opnieuw."
            )
        for unit, job, record in finished:
            entries[unit.id] = cache.store(job.workdir, record, exclude=(READ_LOG_NAME, KERNEL_LOG_NAME))
        result.seconds = time.perf_counter() - started
        if failures:
            raise BuildError(
                "\n".join(run.message for run in failures)
                + f"\nDe vorige hoofdstukken in {display_path(workspace.chapter_dir)} zijn ongewijzigd."
            )
        stale = result.ids("niet actueel")
        if stale:
            report(f"Niet gepubliceerd: {', '.join(stale)} zijn niet actueel; draai 'levanalysis build'.")
            return result
        ordered = {u.id: entries[u.id] for u in units}
        if published_entries(workspace.chapter_dir) != {u: e.directory.name for u, e in ordered.items()} or force:
            swap_in(assemble(ordered, workspace.chapter_dir, config.data_dir), workspace.chapter_dir)
        result.published = True
        result.outputs = [workspace.chapter_dir / f"{c.id}.ipynb" for c in config.chapters]
    executed, reused = result.ids("uitgevoerd"), result.ids("hergebruikt")
    report(f"Hoofdstukken: {len(executed)} uitgevoerd, {len(reused)} hergebruikt ({seconds_text(result.seconds)})")
    return result


def execute_chapter(chapter: Chapter, config: Config, output_dir: Path) -> Path:
    """One chapter straight into ``output_dir``, without cache or publishing (for researchers
    and tests); a failed notebook is kept there too. Returns the executed notebook's path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    run_papermill(Job(chapter.id, chapter, chapter_parameters(chapter, config, output_dir), output_dir, output_dir), KernelRegistry())
    return output_dir / f"{chapter.id}.ipynb"


def run_work(work, jobs: int | None, config: Config, snapshot: DataSnapshot, report, result: ExecutionResult,
             first: Callable[[], None] = lambda: None):
    """Run the work in parallel; report each unit as it finishes. Returns what succeeded.

    ``first`` (checking the data) runs in this process while the first kernels start, which
    takes them seconds; if it raises, the kernels are ended and nothing counts.
    """
    if not work:
        return []
    kernels = KernelRegistry()
    # Chapters go to the pool, which runs them in kernels; the data notice is computed in this
    # process while they run, so it never takes a kernel's place.
    in_kernels = [item for item in work if item[0].chapter is not None]
    here = [item for item in work if item[0].chapter is None]
    finished = []
    pool = None
    try:
        pool = WorkerPool(in_kernels, jobs or os.cpu_count() or 1, kernels)
        first()
        for item in here:
            pool.run(item)
        for _ in work:
            while True:
                try:
                    unit, job, error, seconds = pool.done.get(timeout=0.5)
                    break
                except queue.Empty:
                    if not any(t.is_alive() for t in pool.threads) and pool.done.empty():
                        raise BuildError("De uitvoering stopte onverwacht.") from None
            if isinstance(error, BuildCancelled):
                continue
            if error is not None:
                result.runs.append(UnitRun(unit.id, "mislukt", seconds, str(error)))
                report(f"{unit.id}: mislukt ({seconds_text(seconds)})")
                shutil.rmtree(job.workdir, ignore_errors=True)
                continue
            result.runs.append(UnitRun(unit.id, "uitgevoerd", seconds))
            if unit.chapter is not None:
                report(f"{unit.id}: uitgevoerd ({seconds_text(seconds)})")
            finished.append((unit, job, record_of(unit, job, config, snapshot, seconds)))
    except BaseException:
        # Ctrl-C (or any error here): end every kernel this build started; nothing is stored
        # or published, and the work directories are cleared by the next build.
        kernels.cancel()
        if pool is not None:
            pool.join()
        raise
    return finished
