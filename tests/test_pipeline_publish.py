"""The last good book: published chapters change only as a complete set built from the current
inputs, and `--no-execute` refuses chapters that are not that (stand-in for papermill; the
real kernels and Jupyter Book are in test_pipeline_book.py)."""

import _thread
import os
import threading

import pytest
from test_pipeline_support import FakePapermill, make_project

from levanalysis.pipeline import BuildError, check_published, execute_chapters
from levanalysis.pipeline.publish import build_lock, old_path


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path)
    execute_chapters(project.config(), workspace=project.workspace, executor=FakePapermill(), report=lambda _: None)
    return project


def build(project, runner, *chapter_ids, **options):
    return execute_chapters(project.config(), list(chapter_ids) or None, workspace=project.workspace,
                            executor=runner, report=lambda _: None, **options)


def test_a_failing_chapter_names_it_and_leaves_the_published_set_byte_identical(project):
    before = project.published()
    project.change_delivery("toeristenbelasting")
    with pytest.raises(BuildError, match=r"Hoofdstuk 'toerisme' faalt in cel 3") as error:
        build(project, FakePapermill(failing={"toerisme"}))
    assert "ongewijzigd" in str(error.value)
    assert project.published() == before


def test_chapters_that_succeeded_in_a_failed_build_are_not_executed_again(project):
    project.change_delivery("toeristenbelasting")
    project.change_delivery("website_bezoekers")
    with pytest.raises(BuildError):
        build(project, FakePapermill(failing={"toerisme"}))
    runner = FakePapermill()
    build(project, runner)
    assert runner.executed == ["toerisme"]


class Interrupting(FakePapermill):
    """Presses Ctrl-C while chapter 'web' runs, and runs until the build cancels it."""

    def __call__(self, job, kernels):
        if job.unit == "web":
            _thread.interrupt_main()
            assert kernels.cancelled.wait(30)
            raise AssertionError("cancelled work must not count")
        super().__call__(job, kernels)


def test_an_interrupted_build_publishes_nothing(project):
    before = project.published()
    with pytest.raises(KeyboardInterrupt):
        build(project, Interrupting(), force=True)
    assert project.published() == before


def test_after_an_interrupted_build_no_execute_accepts_the_last_good_set(project):
    with pytest.raises(KeyboardInterrupt):
        build(project, Interrupting(), force=True)
    # The inputs did not change, so the previous set is still the complete output of them.
    check_published(project.config(), project.workspace)


def test_no_execute_refuses_chapters_built_from_other_data_naming_chapter_and_file(project):
    project.change_delivery("toeristenbelasting")
    with pytest.raises(BuildError) as error:
        check_published(project.config(), project.workspace)
    message = str(error.value)
    assert "hoofdstuk 'toerisme': gegevensbestand toeristenbelasting.csv is gewijzigd" in message
    assert "'web'" not in message  # web did not read it: still current


def test_no_execute_refuses_chapters_from_another_data_directory(project, tmp_path):
    other = tmp_path / "elders"
    other.mkdir()
    with pytest.raises(BuildError, match="gegevensmap"):
        check_published(project.config(other), project.workspace)


def test_no_execute_refuses_chapters_without_a_manifest(project):
    (project.workspace.chapter_dir / "_manifest.json").unlink()
    with pytest.raises(BuildError, match="_manifest.json"):
        check_published(project.config(), project.workspace)


def test_no_execute_refuses_a_published_chapter_changed_after_execution(project):
    (project.workspace.chapter_dir / "web.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(BuildError, match="web.ipynb is na het uitvoeren gewijzigd"):
        check_published(project.config(), project.workspace)


def test_no_execute_refuses_a_set_without_a_configured_chapter(project):
    config = project.config()
    extra = config.chapters[0].__class__(id="nieuw", title="Nieuw", template=config.chapters[0].template)
    config = config.__class__(**{**config.__dict__, "chapters": (*config.chapters, extra)})
    with pytest.raises(BuildError, match="hoofdstuk 'nieuw' ontbreekt"):
        check_published(config, project.workspace)


def test_no_execute_after_a_build_killed_between_the_two_renames_accepts_the_previous_set(project):
    before = project.published()
    # What a kill right after 'published -> .old' leaves behind: no published directory.
    chapter_dir = project.workspace.chapter_dir
    os.rename(chapter_dir, old_path(chapter_dir))
    check_published(project.config(), project.workspace)
    assert project.published() == before


def test_naming_one_chapter_does_not_publish_a_set_with_stale_chapters(project):
    before = project.published()
    project.change_delivery("toeristenbelasting")
    result = build(project, FakePapermill(), "web")
    assert result.ids("niet actueel") == ["toerisme"] and not result.published
    assert project.published() == before


def test_data_that_changes_during_the_build_is_not_published(project):
    before = project.published()

    class ChangingData(FakePapermill):
        def __call__(self, job, kernels):
            super().__call__(job, kernels)
            if job.unit == "toerisme":  # a new delivery arrives while the build runs
                project.change_delivery("toeristenbelasting")

    with pytest.raises(BuildError, match="veranderde.*toeristenbelasting.csv"):
        build(project, ChangingData(), force=True)
    assert project.published() == before


def test_a_second_build_at_the_same_time_is_refused(project):
    holding, release = threading.Event(), threading.Event()

    def other_build():
        with build_lock(project.workspace.cache_dir):
            holding.set()
            release.wait(30)

    thread = threading.Thread(target=other_build)
    thread.start()
    try:
        assert holding.wait(30)
        with pytest.raises(BuildError, match="Er loopt al een build"):
            build(project, FakePapermill())
    finally:
        release.set()
        thread.join()


def test_a_bad_delivery_is_named_with_row_and_column_and_nothing_from_it_is_kept(project):
    before = project.published()
    entries = sorted(p.name for p in (project.workspace.cache_dir / "units").rglob("*") if p.is_dir())
    path = project.data_dir / "toeristenbelasting.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("Zevenaar;2019", "Arnhem;2019", 1), encoding="utf-8")
    with pytest.raises(BuildError, match=r"toeristenbelasting.csv, rij 2, kolom 'gemeente'"):
        build(project, FakePapermill())
    assert project.published() == before
    # Chapters may have run while the data was checked; none of their results was stored.
    assert sorted(p.name for p in (project.workspace.cache_dir / "units").rglob("*") if p.is_dir()) == entries
