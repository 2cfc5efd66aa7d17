"""The path from templates to book: papermill, then Jupyter Book."""

import re
import shutil

import nbformat
import pytest

from levanalysis.definitions.config import BOOK_DIR, Chapter, load_config
from levanalysis.pipeline import (
    BuildError,
    Workspace,
    build_html,
    execute_chapter,
    execute_chapters,
    fill_placeholders,
    hide_parameter_cells,
)

REMOTE_ASSET = re.compile(
    r"<script[^>]+src=[\"']?(?:https?:)?//|<link[^>]+href=[\"']?(?:https?:)?//|<img[^>]+src=[\"']?(?:https?:)?//"
    r"|<iframe[^>]+src=[\"']?(?:https?:)?//|url\((?:[\"'])?(?:https?:)?//|THEBE_JS_URL"
)


def _notebook(*cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = list(cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def test_placeholders_in_markdown_are_filled():
    notebook = _notebook(nbformat.v4.new_markdown_cell("# {{ title }}"))
    assert fill_placeholders(notebook, {"title": "Logistiek"}).cells[0].source == "# Logistiek"


def test_an_unknown_placeholder_is_an_error():
    notebook = _notebook(nbformat.v4.new_markdown_cell("# {{ titel }}"))
    with pytest.raises(BuildError, match="titel"):
        fill_placeholders(notebook, {"title": "x"})


def test_parameter_cells_are_hidden_from_the_public():
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["tags"] = ["injected-parameters"]
    hidden = hide_parameter_cells(_notebook(cell))
    assert "remove-cell" in hidden.cells[0].metadata["tags"]


@pytest.mark.slow
def test_a_failing_chapter_names_chapter_and_cell(tmp_path):
    template = tmp_path / "kapot.ipynb"
    nbformat.write(_notebook(nbformat.v4.new_code_cell("x = 1"), nbformat.v4.new_code_cell("1 / 0")), template)
    chapter = Chapter(id="kapot", title="Kapot", template=template)
    with pytest.raises(BuildError, match=r"Hoofdstuk 'kapot'.*1 / 0.*ZeroDivisionError"):
        execute_chapter(chapter, load_config(), output_dir=tmp_path / "out")


@pytest.mark.slow
def test_a_spearhead_chapter_gets_its_title_and_parameters(tmp_path):
    config = load_config()
    output = execute_chapter(config.chapter("logistiek"), config, output_dir=tmp_path)
    notebook = nbformat.read(output, as_version=4)
    assert notebook.cells[0].source == "# Logistiek"
    injected = [c for c in notebook.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert 'spearhead = "logistiek"' in injected[0].source
    assert "remove-cell" in injected[0].metadata["tags"]


@pytest.mark.slow
def test_the_whole_book_builds_offline_with_a_page_per_chapter(tmp_path):
    config = load_config()
    book_dir = tmp_path / "book"
    shutil.copytree(BOOK_DIR, book_dir, ignore=shutil.ignore_patterns("chapters"))
    # The project's chapter cache is content-addressed: chapters `levanalysis execute` already
    # ran for these inputs are reused, the others are executed.
    workspace = Workspace.for_book(book_dir, tmp_path / "_build", cache_root=Workspace().cache_dir)
    execute_chapters(config, workspace=workspace, report=lambda _: None)
    index = build_html(workspace, report=lambda _: None)
    html_dir = index.parent
    pages = {p.stem for p in (html_dir / "chapters").glob("*.html")}
    assert {c.id for c in config.chapters} <= pages
    for page in html_dir.rglob("*.html"):
        # The book must work without network: nothing it loads may come from another host.
        # (Ordinary links to other sites are fine; they load nothing.)
        assert not REMOTE_ASSET.findall(page.read_text(encoding="utf-8")), page.name
    for page in (html_dir / "chapters").glob("*.html"):
        images = re.findall(r"<img[^>]*>", page.read_text(encoding="utf-8"))
        # Every figure is described for screen readers.
        assert all(re.search(r'alt="[^"]{20,}"', image) for image in images), page.name
    charts = sum(len(re.findall(r"<img", p.read_text(encoding="utf-8"))) for p in (html_dir / "chapters").glob("*.html"))
    assert charts >= 10  # one per KPI with data, plus the structural charts
    # Every KPI of the plan is in the Samenvatting, linked to its block in the chapter.
    from levanalysis.definitions.plan import load_plan

    summary_page = (html_dir / "chapters" / "samenvatting.html").read_text(encoding="utf-8")
    for spearhead, kpi in load_plan().kpis():
        page = config.spearhead_chapters()[spearhead.id]
        assert f'href="{page}.html#kpi-{kpi.id}"' in summary_page, kpi.id
        assert f'id="kpi-{kpi.id}"' in (html_dir / "chapters" / f"{page}.html").read_text(encoding="utf-8"), kpi.id
    for stylesheet in html_dir.rglob("*.css"):
        assert not REMOTE_ASSET.findall(stylesheet.read_text(encoding="utf-8")), stylesheet.name


@pytest.mark.slow
@pytest.mark.parametrize("template", sorted({c.template for c in load_config().chapters}), ids=lambda p: p.name)
def test_each_template_runs_by_hand_with_its_default_parameters(template, tmp_path):
    import papermill

    from levanalysis.pipeline import ipc_kernel_manager

    # As a researcher opening the template in Jupyter would: no injected parameters.
    papermill.execute_notebook(
        str(template), str(tmp_path / template.name), kernel_name="python3",
        kernel_manager_class=ipc_kernel_manager(), progress_bar=False, cwd=str(template.parent),
    )


@pytest.mark.slow
def test_a_book_without_any_data_builds_and_says_geen_data(tmp_path):
    config = load_config(data_dir=tmp_path / "leeg")
    (tmp_path / "leeg").mkdir()
    book_dir = tmp_path / "book"
    shutil.copytree(BOOK_DIR, book_dir, ignore=shutil.ignore_patterns("chapters"))
    workspace = Workspace.for_book(book_dir, tmp_path / "_build")
    execute_chapters(config, workspace=workspace, report=lambda _: None)
    html_dir = build_html(workspace, report=lambda _: None).parent
    summary_page = (html_dir / "chapters" / "samenvatting.html").read_text(encoding="utf-8")
    scorecard = summary_page[summary_page.index('class="lev-table lev-scorecard"'):summary_page.index("</table>")]
    # one row per target of the plan (the "Of:" pair is one): 8 without data, and the qualitative
    # target, which waits for the evaluator's judgement whatever the data
    assert scorecard.count("lev-status-geen-data") == 8
    assert scorecard.count("lev-status-oordeel-evaluator-ontbreekt") == 1
    assert "Let op: voorbeeldcijfers" not in summary_page
    assert "Let op: voorbeeldcijfers" not in (html_dir / "conclusies.html").read_text(encoding="utf-8")
