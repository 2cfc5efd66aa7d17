"""One chapter template, executed with papermill into a work directory.

Kernels are started by :class:`KernelRegistry`, so a build that is interrupted can stop every
kernel it started (by process group; kernels run in their own session and never see the
terminal's Ctrl-C themselves).
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import signal
import tempfile
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from jinja2 import UndefinedError

from levanalysis.book.render import render_text
from levanalysis.definitions.config import Chapter
from levanalysis.pipeline.errors import BuildCancelled, BuildError, ChapterFailed
from levanalysis.pipeline.inputs import display_path

# Cells the public should not see: papermill's parameter cells are for researchers.
HIDDEN_CELL_TAGS = {"parameters", "injected-parameters"}
KERNEL_NAME = "python3"
DOWNLOADS_SUBDIR = "downloads"
READ_LOG_NAME = "reads.json"
KERNEL_LOG_NAME = "kernel.log"


class QuietWhenCancelled(logging.Filter):
    """papermill logs 'Kernel died while waiting for execute reply' for every kernel that an
    interrupted build killed on purpose; those lines are noise, the build says what happened."""

    def filter(self, record: logging.LogRecord) -> bool:
        cancelled = getattr(threading.current_thread(), "cancelled", None)
        return not (cancelled is not None and cancelled.is_set())


@functools.cache
def ipc_kernel_manager() -> type:
    """The kernel manager class: kernels talk over a local pipe (ipykernel warns on every start
    that TCP is unencrypted).

    Each kernel gets its own socket path. jupyter_client's default ('kernel-ipc' in the working
    directory) is the same for every kernel, so two kernels running at once would talk over
    each other's sockets. (Built on first use: jupyter_client takes half a second to import,
    which a build that executes nothing should not pay.)
    """
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    logging.getLogger("papermill").addFilter(QuietWhenCancelled())

    class IpcKernelManager(AsyncKernelManager):
        transport = "ipc"

        @default("ip")
        def unique_socket_path(self) -> str:
            return os.path.join(tempfile.gettempdir(), f"lev-kernel-{uuid.uuid4().hex[:16]}-ipc")

    return IpcKernelManager


class KernelRegistry:
    """The kernels of one build, so that a cancelled build can end them all at once."""

    def __init__(self) -> None:
        self.cancelled = threading.Event()
        self._lock = threading.Lock()
        self._groups: set[int] = set()

    def manager_class(self, log: Path | None = None) -> type:
        """A kernel manager class whose kernels this registry knows; their own messages
        (stderr, e.g. 'KeyboardInterrupt caught in kernel' at every shutdown) go to ``log``."""
        registry = self

        class RegisteredKernelManager(ipc_kernel_manager()):
            async def start_kernel(self, **kwargs):
                if registry.cancelled.is_set():
                    raise BuildCancelled()
                if log is None:
                    await super().start_kernel(**kwargs)
                else:
                    with open(log, "ab") as stream:
                        await super().start_kernel(stderr=stream, stdout=stream, **kwargs)
                registry.add(self.provisioner)

            async def shutdown_kernel(self, now: bool = False, restart: bool = False):
                group = registry.group_of(self.provisioner)
                try:
                    await super().shutdown_kernel(now=now, restart=restart)
                finally:
                    registry.discard(group)

        return RegisteredKernelManager

    @staticmethod
    def group_of(provisioner) -> int | None:
        return getattr(provisioner, "pgid", None) or getattr(provisioner, "pid", None)

    def add(self, provisioner) -> None:
        group = self.group_of(provisioner)
        if group is None:
            return
        with self._lock:
            self._groups.add(group)
        if self.cancelled.is_set():  # started while the build was being cancelled
            self.kill(group)

    def discard(self, group: int | None) -> None:
        with self._lock:
            self._groups.discard(group)

    @staticmethod
    def kill(group: int) -> None:
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass

    def cancel(self) -> None:
        """Stop starting kernels and kill the running ones (only kernels this build started)."""
        self.cancelled.set()
        with self._lock:
            groups = list(self._groups)
        for group in groups:
            self.kill(group)


@dataclass(frozen=True)
class Job:
    """One unit of work: a chapter (or the data notice) executed into ``workdir``."""

    unit: str
    chapter: Chapter | None
    parameters: dict
    workdir: Path
    failed_dir: Path

    @property
    def read_log(self) -> Path:
        return self.workdir / READ_LOG_NAME

    @property
    def downloads_dir(self) -> Path:
        return self.workdir / DOWNLOADS_SUBDIR


def fill_placeholders(notebook, values: dict):
    """Fill ``{{ name }}`` in markdown cells with the book's template engine, so headings can vary
    per chapter. Sphinx only sees headings written in markdown cells, not ones a code cell displays.
    """
    for cell in notebook.cells:
        if cell.cell_type != "markdown" or "{{" not in cell.source:
            continue
        try:
            cell.source = render_text(cell.source, **values)
        except UndefinedError as exc:
            raise BuildError(f"Onbekende plaatshouder in een tekstcel: {exc.message}.") from exc
    return notebook


def hide_parameter_cells(notebook):
    for cell in notebook.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & HIDDEN_CELL_TAGS and "remove-cell" not in tags:
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), "remove-cell"]
    return notebook


def prepare_notebook(chapter: Chapter):
    """The template with its placeholders filled, ready for papermill."""
    import nbformat

    try:
        template = nbformat.read(chapter.template, as_version=4)
    except FileNotFoundError as exc:
        raise ChapterFailed(chapter.id, f"Hoofdstuk '{chapter.id}': sjabloon {chapter.template} bestaat niet.") from exc
    return fill_placeholders(template, {"title": chapter.title, **chapter.parameters})


def failure_message(chapter: Chapter, exc, kept: Path) -> str:
    source = (exc.source or "").strip()
    first_line = source.splitlines()[0] if source else ""
    return (
        f"Hoofdstuk '{chapter.id}' ({display_path(chapter.template)}) faalt in cel "
        f"{exc.exec_count} (begint met: {first_line!r}): {exc.ename}: {exc.evalue}. "
        f"Het uitgevoerde notebook met de volledige fout staat in {display_path(kept)}."
    )


def run_papermill(job: Job, kernels: KernelRegistry) -> None:
    """Execute ``job.chapter`` into ``job.workdir/<id>.ipynb``; raise ChapterFailed on an error.

    The kernel starts in the template's folder (as when a researcher opens it in Jupyter),
    set per kernel: papermill's own ``cwd`` changes the whole process's working directory,
    which parallel chapters would fight over.
    """
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    chapter = job.chapter
    prepared = prepare_notebook(chapter)
    executing = job.workdir / "executing.ipynb"
    try:
        papermill.execute_notebook(
            prepared,
            str(executing),
            parameters=job.parameters,
            kernel_name=KERNEL_NAME,
            kernel_manager_class=kernels.manager_class(log=job.workdir / KERNEL_LOG_NAME),
            resources={"metadata": {"path": str(chapter.template.parent)}},
            request_save_on_cell_execute=False,
            progress_bar=False,
        )
    except PapermillExecutionError as exc:
        if kernels.cancelled.is_set():
            raise BuildCancelled() from exc
        job.failed_dir.mkdir(parents=True, exist_ok=True)
        kept = job.failed_dir / f"{chapter.id}.ipynb"
        if executing.exists():
            shutil.copyfile(executing, kept)
        raise ChapterFailed(chapter.id, failure_message(chapter, exc, kept)) from exc
    except BuildCancelled:
        raise
    except Exception as exc:  # a kernel that died (out of memory, killed) or never started
        if kernels.cancelled.is_set():
            raise BuildCancelled() from exc
        message = f"Hoofdstuk '{chapter.id}' ({display_path(chapter.template)}) kon niet worden uitgevoerd: {type(exc).__name__}: {exc}"
        log = job.workdir / KERNEL_LOG_NAME
        if log.is_file() and log.stat().st_size:
            job.failed_dir.mkdir(parents=True, exist_ok=True)
            kept = job.failed_dir / f"{chapter.id}.{KERNEL_LOG_NAME}"
            shutil.copyfile(log, kept)
            message += f" De meldingen van de kernel staan in {display_path(kept)}."
        raise ChapterFailed(chapter.id, message) from exc
    executed = nbformat.read(executing, as_version=4)
    nbformat.write(hide_parameter_cells(executed), job.workdir / f"{chapter.id}.ipynb")
    executing.unlink()
