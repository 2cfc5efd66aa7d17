"""From templates to book: papermill executes the chapters, Jupyter Book renders them.

The book never executes code itself (`execute_notebooks: off`), so what the public reads is
exactly what papermill produced and nbval checks.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import nbformat
import papermill
from jinja2 import UndefinedError
from jupyter_client.manager import AsyncKernelManager
from papermill.exceptions import PapermillExecutionError

from levanalysis.book.render import render_text
from levanalysis.definitions.config import (
    BOOK_DIR,
    CHAPTER_DIR,
    CONFIG_FILE,
    PROJECT_ROOT,
    TOC_FILE,
    Chapter,
    Config,
    check_toc_matches_chapters,
)

# Cells the public should not see: papermill's parameter cells are for researchers.
HIDDEN_CELL_TAGS = {"parameters", "injected-parameters"}
KERNEL_NAME = "python3"


class IpcKernelManager(AsyncKernelManager):
    """Kernels talk over a local pipe: ipykernel warns on every start that TCP is unencrypted."""

    transport = "ipc"


class BuildError(RuntimeError):
    """A chapter or the book failed; the message says which and where, in Dutch."""


DOWNLOADS_SUBDIR = "downloads"


def chapter_parameters(chapter: Chapter, config: Config, output_dir: Path = CHAPTER_DIR) -> dict:
    """What papermill injects: the chapter's own parameters, the run's data directory and
    where the chapter writes its downloadable tables (next to the executed notebook)."""
    return {
        **chapter.parameters,
        "data_dir": str(config.data_dir),
        "downloads_dir": str(output_dir / DOWNLOADS_SUBDIR),
    }


def fill_placeholders(notebook: nbformat.NotebookNode, values: dict) -> nbformat.NotebookNode:
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


def hide_parameter_cells(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    for cell in notebook.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & HIDDEN_CELL_TAGS and "remove-cell" not in tags:
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), "remove-cell"]
    return notebook


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def execute_chapter(chapter: Chapter, config: Config, output_dir: Path = CHAPTER_DIR) -> Path:
    """Execute one chapter template with papermill; return the executed notebook's path."""
    output_dir.mkdir(parents=True, exist_ok=True)
    output = output_dir / f"{chapter.id}.ipynb"
    try:
        template = nbformat.read(chapter.template, as_version=4)
    except FileNotFoundError as exc:
        raise BuildError(f"Hoofdstuk '{chapter.id}': sjabloon {chapter.template} bestaat niet.") from exc
    prepared = fill_placeholders(template, {"title": chapter.title, **chapter.parameters})
    # papermill reads from a path; the prepared copy goes where the executed one will land.
    nbformat.write(prepared, output)
    try:
        papermill.execute_notebook(
            str(output),
            str(output),
            parameters=chapter_parameters(chapter, config, output_dir),
            kernel_name=KERNEL_NAME,
            kernel_manager_class=IpcKernelManager,
            cwd=str(chapter.template.parent),
            progress_bar=False,
        )
    except PapermillExecutionError as exc:
        first_line = (exc.source or "").strip().splitlines()[0] if (exc.source or "").strip() else ""
        raise BuildError(
            f"Hoofdstuk '{chapter.id}' ({_display_path(chapter.template)}) faalt in cel "
            f"{exc.exec_count} (begint met: {first_line!r}): {exc.ename}: {exc.evalue}. "
            f"Het uitgevoerde notebook met de volledige fout staat in {_display_path(output)}."
        ) from exc
    executed = nbformat.read(output, as_version=4)
    nbformat.write(hide_parameter_cells(executed), output)
    return output


DATA_NOTICE_FILE = "_datanotice.md"


def write_data_notice(config: Config, output_dir: Path = CHAPTER_DIR) -> Path:
    """The example-data warning for hand-written pages (they include this file): the warning
    when any dataset the plan uses is example data, an empty file otherwise."""
    from levanalysis.book.context import open_chapter, plan_datasets
    from levanalysis.book.provenance import example_notice_html

    context = open_chapter(str(config.data_dir))
    notice = example_notice_html(context.provenances(plan_datasets(context.plan)))
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / DATA_NOTICE_FILE
    path.write_text(notice + "\n" if notice else "", encoding="utf-8")
    return path


def check_data(config: Config) -> None:
    """Refuse to build from a data directory with bad files, before any chapter runs: the
    report names file, row and column, which a failing notebook cell would bury."""
    from levanalysis.sources.local import render_report, validate_directory

    report = validate_directory(config.data_dir)
    if not report.ok:
        raise BuildError("De gegevens bevatten fouten; het boek is niet gebouwd.\n" + render_report(report))


def execute_chapters(
    config: Config, chapter_ids: Iterable[str] | None = None, output_dir: Path = CHAPTER_DIR, report=print
) -> list[Path]:
    chapters = [config.chapter(c) for c in chapter_ids] if chapter_ids else list(config.chapters)
    check_data(config)
    write_data_notice(config, output_dir)
    outputs = []
    for chapter in chapters:
        report(f"Hoofdstuk uitvoeren: {chapter.id}")
        outputs.append(execute_chapter(chapter, config, output_dir))
    return outputs


def build_html(book_dir: Path = BOOK_DIR, output_root: Path = PROJECT_ROOT) -> Path:
    """Render the executed chapters with Jupyter Book 1.x; warnings count as errors."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    command = [
        str(jupyter_book), "build", str(book_dir),
        "--config", str(CONFIG_FILE), "--toc", str(TOC_FILE),
        "--path-output", str(output_root), "-W", "-n", "--keep-going",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(
            "Jupyter Book kon het boek niet bouwen:\n" + (result.stderr or result.stdout)[-4000:]
        )
    index = output_root / "_build" / "html" / "index.html"
    if not index.exists():
        raise BuildError(f"Jupyter Book gaf geen fout, maar {index} ontbreekt.")
    return index


def missing_chapter_outputs(config: Config) -> list[Chapter]:
    return [c for c in config.chapters if not c.output.exists()]


def build_book(config: Config, execute: bool = True, report=print) -> Path:
    check_toc_matches_chapters(config)
    if execute:
        execute_chapters(config, report=report)
    missing = missing_chapter_outputs(config)
    if missing:
        names = ", ".join(c.id for c in missing)
        raise BuildError(f"Nog niet uitgevoerde hoofdstukken: {names}. Draai eerst 'levanalysis build'.")
    report("Boek bouwen met Jupyter Book")
    return build_html()
