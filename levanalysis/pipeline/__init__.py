"""From templates to book: papermill executes the chapters, Jupyter Book renders them.

The book never executes code itself (`execute_notebooks: off`), so what the public reads is
exactly what papermill produced and nbval checks.

- :mod:`.inputs`: what a chapter is built from, as comparable fingerprints;
- :mod:`.cache`: executed chapters stored under the inputs they were built from;
- :mod:`.notebook`: one chapter executed with papermill;
- :mod:`.execute`: the chapters that need it executed in parallel, the set published whole;
- :mod:`.publish`: swapping whole directories in, the manifest, staleness of what is published;
- :mod:`.build`: the book rendered in a staging directory and swapped into ``_build/html``.
"""

from levanalysis.pipeline.build import build_book, build_html, check_published
from levanalysis.pipeline.errors import BuildCancelled, BuildError, ChapterFailed
from levanalysis.pipeline.execute import (
    DATA_NOTICE_FILE,
    ExecutionResult,
    execute_chapter,
    execute_chapters,
)
from levanalysis.pipeline.inputs import Workspace
from levanalysis.pipeline.notebook import (
    KERNEL_NAME,
    Job,
    KernelRegistry,
    fill_placeholders,
    hide_parameter_cells,
    ipc_kernel_manager,
    run_papermill,
)

__all__ = [
    "DATA_NOTICE_FILE", "KERNEL_NAME", "BuildCancelled", "BuildError", "ChapterFailed", "ExecutionResult",
    "Job", "KernelRegistry", "Workspace", "build_book", "build_html", "check_published",
    "execute_chapter", "execute_chapters", "fill_placeholders", "hide_parameter_cells", "ipc_kernel_manager", "run_papermill",
]
