"""The last good book with real kernels and a real Jupyter Book: what a failed, interrupted or
badly rendered build leaves published (slow: kernels and Sphinx take seconds)."""

import _thread
import json
import threading
import time

import pytest
from test_pipeline_support import make_real_project, process_alive, tree_bytes

from levanalysis.pipeline import BuildError, build_book, build_html, execute_chapters

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One project, executed and rendered once for the tests that only make builds fail (each
    puts back what it changed, so the published chapters and book stay the last good ones)."""
    project = make_real_project(tmp_path_factory.mktemp("gebouwd"))
    build_book(project.config(), workspace=project.workspace, report=quiet, jobs=2)
    return project


@pytest.fixture
def trap(built):
    path = built.root / "trap"
    yield path
    path.unlink(missing_ok=True)
    (built.root / "trap.pid").unlink(missing_ok=True)


def quiet(_):
    pass


def build(project, **options):
    return build_book(project.config(), workspace=project.workspace, report=quiet, jobs=2, **options)


def test_real_chapters_record_what_they_read_and_rerun_only_when_it_changed(tmp_path):
    project = make_real_project(tmp_path)
    build(project)
    manifest = json.loads((project.workspace.chapter_dir / "_manifest.json").read_text(encoding="utf-8"))
    read = {unit: sorted(p.rsplit("/", 1)[1] for p in manifest["units"][unit]["reads"]) for unit in ("toerisme", "web")}
    # Each chapter asked the store for one dataset: its delivery and the provenance file beside it.
    assert read == {"toerisme": ["toeristenbelasting.csv", "toeristenbelasting.provenance.json"],
                    "web": ["website_bezoekers.csv", "website_bezoekers.provenance.json"]}
    project.change_delivery("toeristenbelasting")
    result = execute_chapters(project.config(), workspace=project.workspace, report=quiet)
    assert result.ids("uitgevoerd") == ["toerisme"] and result.ids("hergebruikt") == ["web"]


def test_after_a_failing_chapter_no_execute_publishes_the_last_good_book(built, trap):
    project = built
    chapters, html = tree_bytes(project.workspace.chapter_dir), tree_bytes(project.workspace.html_dir)
    trap.write_text("fail", encoding="utf-8")
    with pytest.raises(BuildError, match=r"Hoofdstuk 'toerisme' .* faalt in cel \d+ .*ZeroDivisionError"):
        build(project, force=True)
    assert tree_bytes(project.workspace.chapter_dir) == chapters
    assert tree_bytes(project.workspace.html_dir) == html
    trap.unlink()  # the next attempt would succeed; --no-execute must not need it
    index = build(project, execute=False, force=True)  # force: really render again
    page = (index.parent / "chapters" / "toerisme.html").read_text(encoding="utf-8")
    assert "rijen:" in page and "ZeroDivisionError" not in page


def test_after_an_interrupted_build_no_execute_publishes_the_last_good_book(built, trap):
    project = built
    chapters = tree_bytes(project.workspace.chapter_dir)
    trap.write_text("sleep", encoding="utf-8")
    pid_file = project.root / "trap.pid"

    def press_ctrl_c_once_a_kernel_sleeps():
        deadline = time.monotonic() + 60
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        _thread.interrupt_main()

    threading.Thread(target=press_ctrl_c_once_a_kernel_sleeps, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        build(project, force=True)
    assert not process_alive(int(pid_file.read_text()))  # the build ended the kernel it started
    assert tree_bytes(project.workspace.chapter_dir) == chapters
    trap.unlink()
    index = build(project, execute=False, force=True)
    assert "rijen:" in (index.parent / "chapters" / "web.html").read_text(encoding="utf-8")


def test_a_failing_jupyter_book_run_leaves_the_published_book_byte_identical(built):
    project = built
    html = tree_bytes(project.workspace.html_dir)
    intro = project.workspace.book_dir / "intro.md"
    original = intro.read_bytes()
    # A reference to nothing: a warning, which -W turns into a failed build.
    intro.write_text("# Inleiding\n\nZie {ref}`bestaat-niet`.\n", encoding="utf-8")
    try:
        with pytest.raises(BuildError, match="ongewijzigd"):
            build_html(project.workspace, report=quiet)
    finally:
        intro.write_bytes(original)
    assert tree_bytes(project.workspace.html_dir) == html
    assert [p.name for p in project.workspace.build_dir.iterdir() if p.name.startswith(".html")] == []


def test_an_unchanged_book_is_not_rendered_again(built):
    project = built
    build(project)  # whatever the tests before left: now current
    index = project.workspace.html_dir / "index.html"
    written = index.stat().st_mtime_ns
    messages = []
    build_html(project.workspace, report=messages.append)
    assert messages == ["Boek: hergebruikt (niets veranderd sinds de vorige keer)"]
    assert index.stat().st_mtime_ns == written
