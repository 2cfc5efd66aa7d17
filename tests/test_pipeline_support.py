"""Support for the pipeline tests (no tests here): a small project (book, chapters, data
directory, library code) in a temporary directory, and a stand-in for papermill that reads
data like a chapter.

The stand-in reads through the real DataStore with the build's read log, so the tests exercise
the real way dependencies are discovered; only the kernel is left out (milliseconds, not seconds).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import levanalysis
from levanalysis.definitions.config import Chapter, Config, load_config
from levanalysis.pipeline import ChapterFailed, Workspace
from levanalysis.sources.store import DataStore

EXAMPLE_DATA = Path(levanalysis.__file__).parent.parent / "data" / "example"
# Two small local sources of the example data (each with its provenance file).
DELIVERIES = ("toeristenbelasting", "website_bezoekers")


def tree_bytes(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory`` with its contents: 'unchanged' means byte-identical."""
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@dataclass
class FakePapermill:
    """Executes a chapter by reading the datasets named in its ``reads`` parameter."""

    executed: list[str] = field(default_factory=list)
    failing: set[str] = field(default_factory=set)

    def __call__(self, job, kernels) -> None:
        self.executed.append(job.unit)
        if job.unit in self.failing:
            raise ChapterFailed(job.unit, f"Hoofdstuk '{job.unit}' faalt in cel 3: ZeroDivisionError")
        store = DataStore(job.parameters["data_dir"], read_log=job.parameters["read_log"])
        rows = {name: len(store.get(name).data) for name in job.parameters.get("reads", []) if store.get(name)}
        # The output depends on what was read, so a test can tell which inputs built it.
        content = {"chapter": job.unit, "rows": rows, "data_dir": job.parameters["data_dir"],
                   "data": {n: hashlib.sha256(store.get(n).data.to_csv().encode()).hexdigest()
                            for n in job.parameters.get("reads", []) if store.get(n)}}
        (job.workdir / f"{job.unit}.ipynb").write_text(json.dumps(content, sort_keys=True), encoding="utf-8")


@dataclass
class Project:
    root: Path
    workspace: Workspace
    data_dir: Path
    chapters: tuple[Chapter, ...]

    def config(self, data_dir: Path | None = None) -> Config:
        base = load_config()
        return Config(
            region=base.region, baseline_year=base.baseline_year, evaluation_year=base.evaluation_year,
            data_dir=data_dir or self.data_dir, chapters=self.chapters, book_title="Test",
        )

    def published(self) -> dict[str, bytes]:
        return tree_bytes(self.workspace.chapter_dir)

    def change_delivery(self, name: str = "toeristenbelasting") -> None:
        """A new delivery of ``name``: the same file with one number changed (still valid)."""
        path = self.data_dir / f"{name}.csv"
        text = path.read_text(encoding="utf-8")
        changed = text.replace("81.728", "81.729", 1) if name == "toeristenbelasting" else text.replace("3736", "3737", 1)
        assert changed != text
        before = path.stat()
        path.write_text(changed, encoding="utf-8")
        # Same modification time (as 'cp -p' of a new delivery may leave it): only the contents
        # tell that the delivery changed.
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def make_project(tmp_path: Path) -> Project:
    """Chapters 'toerisme' (reads toeristenbelasting), 'web' (reads website_bezoekers) and
    'tekst' (reads no data), each with its own template; the data directory holds
    toeristenbelasting and website_bezoekers."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    for name in DELIVERIES:
        for suffix in (".csv", ".provenance.json"):
            shutil.copy2(EXAMPLE_DATA / f"{name}{suffix}", data_dir / f"{name}{suffix}")
    templates = tmp_path / "notebooks"
    templates.mkdir()
    chapters = []
    for chapter_id, reads in (("toerisme", ["toeristenbelasting"]), ("web", ["website_bezoekers"]), ("tekst", [])):
        template = templates / f"{chapter_id}.ipynb"
        template.write_text(json.dumps({"template": chapter_id}), encoding="utf-8")
        chapters.append(Chapter(id=chapter_id, title=chapter_id.title(), template=template, parameters={"reads": reads}))
    library = tmp_path / "lib"
    library.mkdir()
    (library / "module.py").write_text("VALUE = 1\n", encoding="utf-8")
    definitions = tmp_path / "definitions"
    definitions.mkdir()
    (definitions / "plan.yaml").write_text("plan: 1\n", encoding="utf-8")
    book = tmp_path / "book"
    book.mkdir()
    config_file, toc_file = tmp_path / "_config.yml", tmp_path / "_toc.yml"
    config_file.write_text("title: Test\n", encoding="utf-8")
    toc_file.write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    workspace = Workspace.for_book(
        book, tmp_path / "_build", config_file=config_file, toc_file=toc_file,
        library_dir=library, definition_dirs=(definitions,),
    )
    return Project(tmp_path, workspace, data_dir, tuple(chapters))


# A real chapter: opens the data like every chapter does, so its read log is the real one.
# With ``trap`` pointing at a file that says "fail" or "sleep", it fails or hangs (after
# writing its process id), which is how the tests make a build fail or get interrupted.
REAL_CHAPTER_CELLS = [
    ("markdown", "# {{ title }}"),
    ("parameters", "data_dir = None\ndownloads_dir = None\nread_log = None\nreads = []\ntrap = None"),
    ("code", "from levanalysis.book.context import open_chapter\n\nctx = open_chapter(data_dir, read_log)"),
    ("code", "import os, time\nfrom pathlib import Path\n\nif trap and Path(trap).exists():\n"
             "    Path(trap + '.pid').write_text(str(os.getpid()))\n"
             "    if Path(trap).read_text() == 'fail':\n        1 / 0\n    time.sleep(120)"),
    ("code", "print('rijen:', {name: len(ctx.store.get(name).data) for name in reads})"),
]
REAL_BOOK_CONFIG = """title: Test
only_build_toc_files: true
execute:
  execute_notebooks: "off"
sphinx:
  config:
    language: nl
"""


def make_real_project(tmp_path: Path) -> Project:
    """Like make_project, with real notebook templates, the real library and a renderable book."""
    import nbformat

    project = make_project(tmp_path)
    chapters = []
    for chapter in project.chapters[:2]:
        notebook = nbformat.v4.new_notebook()
        for kind, source in REAL_CHAPTER_CELLS:
            cell = nbformat.v4.new_markdown_cell(source) if kind == "markdown" else nbformat.v4.new_code_cell(source)
            if kind == "parameters":
                cell.metadata["tags"] = ["parameters"]
            notebook.cells.append(cell)
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(notebook, chapter.template)
        chapters.append(Chapter(chapter.id, chapter.title, chapter.template,
                                {**chapter.parameters, "trap": str(tmp_path / "trap")}))
    workspace = project.workspace
    (workspace.book_dir / "intro.md").write_text("# Inleiding\n\nTest.\n", encoding="utf-8")
    workspace.config_file.write_text(REAL_BOOK_CONFIG, encoding="utf-8")
    workspace.toc_file.write_text(
        "format: jb-book\nroot: intro\nchapters:\n" + "".join(f"  - file: chapters/{c.id}\n" for c in chapters),
        encoding="utf-8",
    )
    real = Workspace.for_book(workspace.book_dir, workspace.build_dir, config_file=workspace.config_file,
                              toc_file=workspace.toc_file)
    return Project(tmp_path, real, project.data_dir, tuple(chapters))


def process_alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
