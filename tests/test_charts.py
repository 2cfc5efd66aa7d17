"""Chart house style: alt text and source required, readable ticks, example data marked."""

import base64

import pandas as pd
import pytest

from levanalysis.book.charts import (
    EXAMPLE_MARK,
    bar_chart,
    describe_series_for_alt,
    figure_context,
    figure_html,
    line_chart,
    small_multiples,
)


def _series():
    return {"Liemers": pd.Series([100.0, 104.0], index=[2023, 2024]), "Nederland": pd.Series([100.0, 102.5], index=[2023, 2024])}


def _svg(context):
    return base64.b64decode(context["src"].split(",", 1)[1]).decode("utf-8")


def test_figure_html_carries_alt_text_title_and_source_as_text():
    html = figure_html(line_chart(_series(), y_label="index"), alt="Lijn & index", source="CBS 83582NED",
                       title="Banen")
    assert 'alt="Lijn &amp; index"' in html
    assert "Bron: CBS 83582NED" in html
    assert '<figcaption class="lev-figure-title">Banen</figcaption>' in html


def test_a_figure_without_alt_text_is_refused():
    with pytest.raises(ValueError, match="alt"):
        figure_context(line_chart(_series(), y_label="y"), alt=" ", source="CBS")


def test_a_figure_without_source_is_refused():
    with pytest.raises(ValueError, match="source"):
        figure_context(bar_chart(pd.Series({"C": 1.6}), x_label="x"), alt="a", source="")


def test_the_same_chart_renders_to_the_same_bytes():
    first = figure_html(line_chart(_series(), y_label="y", baseline_year=2023), alt="a", source="s")
    second = figure_html(line_chart(_series(), y_label="y", baseline_year=2023), alt="a", source="s")
    assert first == second


def _tick_labels(figure):
    figure.canvas.draw()
    return [t.get_text() for t in figure.axes[0].get_yticklabels() if t.get_text()]


def test_close_ticks_get_enough_decimals_to_differ():
    # An index between 0,885 and 0,895: two decimals would print 0,89 twice.
    series = {"x": pd.Series([0.885, 0.888, 0.895], index=[2023, 2024, 2025])}
    labels = _tick_labels(line_chart(series, y_label="index"))
    assert len(labels) == len(set(labels))
    assert all("," in label for label in labels)


def test_counts_get_whole_number_ticks():
    labels = _tick_labels(line_chart({"x": pd.Series([1.0, 2.0], index=[2024, 2025])}, y_label="aantal", integer=True))
    assert len(labels) == len(set(labels)) and all("," not in label for label in labels)


def test_example_data_is_written_into_the_image():
    context = figure_context(line_chart(_series(), y_label="y", example=True), alt="a", source="s", example=True)
    assert EXAMPLE_MARK in _svg(context)
    assert EXAMPLE_MARK not in _svg(figure_context(line_chart(_series(), y_label="y"), alt="a", source="s"))


def test_the_title_is_caption_text_not_part_of_the_image():
    context = figure_context(line_chart(_series(), y_label="y"), alt="a", source="s", title="Werkgelegenheid")
    assert "Werkgelegenheid" not in _svg(context)


def test_small_multiples_draw_one_panel_per_municipality():
    long = pd.DataFrame({"gemeente": ["Duiven", "Duiven", "Zevenaar", "Zevenaar"], "year": [2023, 2024] * 2,
                         "value": [1.0, 2.0, 3.0, 4.0]})
    figure = small_multiples(long, panel="gemeente", y_label="banen")
    assert sorted(ax.get_title() for ax in figure.axes if ax.get_title()) == ["Duiven", "Zevenaar"]


def test_alt_text_names_first_and_last_value_of_each_series():
    text = describe_series_for_alt(_series(), unit="(index)", decimals=1)
    assert text == "Liemers: 100,0 in 2023 en 104,0 in 2024 (index); Nederland: 100,0 in 2023 en 102,5 in 2024 (index)."
