"""The chapter cache: a chapter is executed again exactly when something it depends on changed.

Chapters here run through a stand-in for papermill (tests/test_pipeline_support.py) that reads data
through the real DataStore and read log, so dependency discovery is the real one.
"""

import json
import os

import pytest
from test_pipeline_support import FakePapermill, make_project

import levanalysis
from levanalysis.pipeline import Workspace, execute_chapters

ALL = ["toerisme", "web", "tekst"]


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def build(project, runner, **options):
    return execute_chapters(project.config(), workspace=project.workspace, executor=runner,
                            report=lambda _: None, jobs=2, **options)


def test_a_first_build_executes_every_chapter_and_publishes_them(project):
    runner = FakePapermill()
    result = build(project, runner)
    assert sorted(runner.executed) == sorted(ALL)
    assert result.published
    assert {f"{c}.ipynb" for c in ALL} <= set(project.published())


def test_nothing_changed_executes_nothing(project):
    build(project, FakePapermill())
    runner = FakePapermill()
    result = build(project, runner)
    assert runner.executed == []
    assert sorted(result.ids("hergebruikt")) == sorted(ALL)


def test_a_changed_delivery_reruns_exactly_the_chapters_that_read_it(project):
    build(project, FakePapermill())
    project.change_delivery("toeristenbelasting")
    runner = FakePapermill()
    build(project, runner)
    # Only 'toerisme' read toeristenbelasting; '_datanotice' reads every dataset the plan uses.
    assert sorted(runner.executed) == ["toerisme"]


def test_changed_library_code_reruns_every_chapter(project):
    build(project, FakePapermill())
    (project.workspace.library_dir / "module.py").write_text("VALUE = 2\n", encoding="utf-8")
    runner = FakePapermill()
    build(project, runner)
    assert sorted(runner.executed) == sorted(ALL)


def test_changed_plan_or_definitions_rerun_every_chapter(project):
    build(project, FakePapermill())
    (project.workspace.definition_dirs[0] / "plan.yaml").write_text("plan: 2\n", encoding="utf-8")
    runner = FakePapermill()
    build(project, runner)
    assert sorted(runner.executed) == sorted(ALL)


def test_a_changed_template_reruns_only_its_chapter(project):
    build(project, FakePapermill())
    template = project.chapters[1].template
    template.write_text(template.read_text(encoding="utf-8") + " ", encoding="utf-8")
    runner = FakePapermill()
    build(project, runner)
    assert runner.executed == ["web"]


def test_a_new_delivery_reruns_the_chapters_that_could_find_it(project):
    build(project, FakePapermill())
    (project.data_dir / "projecten.csv").write_bytes((levanalysis.paths.DATA_ROOT / "example" / "projecten.csv").read_bytes())
    runner = FakePapermill()
    build(project, runner)
    # Dependencies on absent files are tracked by the data directory's listing, which every
    # chapter records: any chapter might look for the new delivery (all of them do, through
    # the store's list of available datasets), so all of them run again.
    assert sorted(runner.executed) == sorted(ALL)


def test_a_touched_delivery_reruns_its_chapter(project):
    build(project, FakePapermill())
    path = project.data_dir / "website_bezoekers.csv"
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 86400))
    runner = FakePapermill()
    build(project, runner)
    # The book dates a delivery without a matching provenance file by its modification time,
    # so a new time is a new input even with the same bytes.
    assert runner.executed == ["web"]


def test_an_excel_lock_file_is_not_a_new_delivery(project):
    build(project, FakePapermill())
    # Excel writes '~$name.xlsx' while a delivery is open; the data layer never reads it.
    (project.data_dir / "~$lisa_banen.xlsx").write_bytes(b"lock")
    runner = FakePapermill()
    build(project, runner)
    assert runner.executed == []


def test_force_reruns_every_chapter(project):
    build(project, FakePapermill())
    runner = FakePapermill()
    build(project, runner, force=True)
    assert sorted(runner.executed) == sorted(ALL)


def test_naming_a_chapter_reruns_only_that_chapter(project):
    build(project, FakePapermill())
    runner = FakePapermill()
    result = execute_chapters(project.config(), ["web"], workspace=project.workspace, executor=runner,
                              report=lambda _: None)
    assert runner.executed == ["web"]
    assert result.published


def test_another_data_directory_is_never_served_from_the_cache(project, tmp_path):
    first = build(project, FakePapermill())
    original = project.published()
    other = tmp_path / "other-data"
    other.mkdir()
    (other / "website_bezoekers.csv").write_bytes((project.data_dir / "website_bezoekers.csv").read_bytes())
    runner = FakePapermill()
    execute_chapters(project.config(other), workspace=project.workspace, executor=runner, report=lambda _: None)
    # The same file in another directory: another input (the book names the directory it used).
    assert sorted(runner.executed) == sorted(ALL)
    assert json.loads(project.published()["web.ipynb"])["data_dir"] == str(other)
    # Back to the first directory: its entries are still in the cache and still current.
    runner = FakePapermill()
    build(project, runner)
    assert runner.executed == []
    assert project.published()["web.ipynb"] == original["web.ipynb"]
    assert first.published


def test_a_cache_entry_changed_by_hand_is_not_reused(project):
    build(project, FakePapermill())
    entry = next((project.workspace.cache_dir / "units" / "web").iterdir())
    (entry / "web.ipynb").write_text("edited", encoding="utf-8")
    runner = FakePapermill()
    build(project, runner)
    assert runner.executed == ["web"]


def test_the_project_workspace_fingerprints_the_real_package():
    # The tests above use a stand-in library; the real build must watch the real package.
    assert Workspace().library_dir == levanalysis.paths.PROJECT_ROOT / "levanalysis"


def test_the_environment_fingerprint_does_not_depend_on_how_python_was_started(tmp_path):
    import subprocess
    import sys

    # The CLI, pytest and `python -c` put different directories on sys.path (the project root
    # holds levanalysis.egg-info); none of that changes what a kernel runs with.
    code = "from levanalysis.pipeline.inputs import environment_fingerprint as f; print(f())"
    runs = [subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True).stdout
            for cwd in (levanalysis.paths.PROJECT_ROOT, tmp_path)]
    assert runs[0] == runs[1] != ""


def test_another_peildatum_makes_every_chapter_stale():
    # With an empty peildatum the reference date is the build day: statuses may differ tomorrow.
    from dataclasses import replace
    from datetime import date

    from levanalysis.definitions.config import load_config
    from levanalysis.pipeline.inputs import SharedInputs, chapter_components

    config = load_config()
    chapter = config.chapters[0]
    shared = SharedInputs(library="l", configuration="c", definitions="d", environment="e")
    today = chapter_components(chapter, replace(config, peildatum=date(2026, 11, 24)), shared)
    tomorrow = chapter_components(chapter, replace(config, peildatum=date(2026, 11, 25)), shared)
    assert today["parameters"] != tomorrow["parameters"]
    assert {k for k in today if today[k] != tomorrow[k]} == {"parameters"}
