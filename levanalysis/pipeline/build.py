"""From published chapters to the published book (``_build/html``), with Jupyter Book 1.x.

Jupyter Book renders into a staging directory; ``_build/html`` is replaced only when it
succeeded, so a failed render leaves the previous book exactly as it was. A render whose
inputs (everything under ``book/``, ``_config.yml``, ``_toc.yml``, the environment) equal those
of the published book is skipped.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from levanalysis.definitions.config import Config, check_toc_matches_chapters
from levanalysis.pipeline.cache import write_json_atomically
from levanalysis.pipeline.errors import BuildError
from levanalysis.pipeline.execute import execute_chapters, seconds_text, units_of
from levanalysis.pipeline.inputs import (
    DataSnapshot,
    SharedInputs,
    Workspace,
    display_path,
    environment_fingerprint,
    sha256_file,
    sha256_json,
    tree_fingerprint,
)
from levanalysis.pipeline.publish import (
    build_lock,
    published_problems,
    recover,
    staging_path,
    swap_in,
)

RENDER_RECORD = ".lev-render.json"
JUPYTER_BOOK_FLAGS = ("-W", "-n", "--keep-going")


def render_key(workspace: Workspace) -> str:
    return sha256_json([
        "render", tree_fingerprint(workspace.book_dir, skip_hidden=True),
        sha256_file(workspace.config_file), sha256_file(workspace.toc_file),
        environment_fingerprint(), JUPYTER_BOOK_FLAGS,
    ])


def html_listing(html_dir: Path) -> dict[str, int]:
    return {p.relative_to(html_dir).as_posix(): p.stat().st_size for p in sorted(html_dir.rglob("*")) if p.is_file()}


def html_is_current(workspace: Workspace, key: str) -> bool:
    """The published book was rendered from these inputs and nobody changed it since."""
    try:
        record = json.loads((workspace.build_dir / RENDER_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return record.get("key") == key and (workspace.html_dir / "index.html").is_file() and (
        record.get("files") == html_listing(workspace.html_dir)
    )


def build_html(workspace: Workspace | None = None, *, force: bool = False, report: Callable[[str], None] = print) -> Path:
    """Render the published chapters with Jupyter Book 1.x (warnings count as errors) and
    publish the result in ``_build/html`` only if that succeeded."""
    workspace = workspace or Workspace()
    index = workspace.html_dir / "index.html"
    with build_lock(workspace.cache_dir):
        recover(workspace.html_dir)
        key = render_key(workspace)
        if not force and html_is_current(workspace, key):
            report("Boek: hergebruikt (niets veranderd sinds de vorige keer)")
            return index
        started = time.perf_counter()
        staging_root = staging_path(workspace.html_dir)
        shutil.rmtree(staging_root, ignore_errors=True)
        jupyter_book = Path(sys.executable).parent / "jupyter-book"
        command = [
            str(jupyter_book), "build", str(workspace.book_dir),
            "--config", str(workspace.config_file), "--toc", str(workspace.toc_file),
            "--path-output", str(staging_root), *JUPYTER_BOOK_FLAGS,
        ]
        try:
            completed = subprocess.run(command, capture_output=True, text=True)
            rendered = staging_root / "_build" / "html"
            if completed.returncode != 0:
                raise BuildError(
                    "Jupyter Book kon het boek niet bouwen; het vorige boek in "
                    f"{display_path(workspace.html_dir)} is ongewijzigd.\n"
                    + (completed.stderr or completed.stdout)[-4000:]
                )
            if not (rendered / "index.html").exists():
                raise BuildError(f"Jupyter Book gaf geen fout, maar maakte geen index.html; {display_path(workspace.html_dir)} is ongewijzigd.")
            swap_in(rendered, workspace.html_dir)
        finally:
            shutil.rmtree(staging_root, ignore_errors=True)
        write_json_atomically(workspace.build_dir / RENDER_RECORD, {"key": key, "files": html_listing(workspace.html_dir)})
        report(f"Boek gebouwd met Jupyter Book ({seconds_text(time.perf_counter() - started)})")
    return index


def check_published(config: Config, workspace: Workspace) -> None:
    """Refuse published chapters that are not the complete output of the current inputs
    (after undoing what a build killed in the middle of publishing left behind)."""
    with build_lock(workspace.cache_dir):
        recover(workspace.chapter_dir)
        units = units_of(config, config.chapters, SharedInputs.of(workspace))
        problems = published_problems(workspace, {u.id: u.components for u in units}, DataSnapshot.of(config.data_dir))
    if problems:
        listed = "\n".join(f"- {p}" for p in problems[:20]) + ("\n- ..." if len(problems) > 20 else "")
        raise BuildError(
            "Het boek is niet gebouwd: de uitgevoerde hoofdstukken zijn niet de volledige uitvoer van de "
            f"huidige invoer.\n{listed}\nDraai 'levanalysis build' (zonder --no-execute) om ze bij te werken."
        )


def build_book(
    config: Config,
    execute: bool = True,
    report: Callable[[str], None] = print,
    *,
    force: bool = False,
    jobs: int | None = None,
    workspace: Workspace | None = None,
) -> Path:
    """Bring the chapters up to date (or, with ``execute=False``, check that they are) and
    render the book."""
    workspace = workspace or Workspace()
    started = time.perf_counter()
    check_toc_matches_chapters(config, workspace.toc_file)
    with build_lock(workspace.cache_dir):
        if execute:
            result = execute_chapters(config, workspace=workspace, force=force, jobs=jobs, report=report)
            if not result.published:
                raise BuildError("Niet alle hoofdstukken zijn actueel; het boek is niet opnieuw gebouwd.")
        else:
            check_published(config, workspace)
        index = build_html(workspace, force=force, report=report)
    report(f"Totaal: {seconds_text(time.perf_counter() - started)}")
    return index
