"""The one template environment of the book: every piece of HTML and MyST the book emits.

HTML templates (``*.html.j2``) are autoescaped, so a value from a delivery or a sidecar is
always text, never markup; MyST templates (``*.md.j2``) carry only values the project itself
controls (plan ids, titles from ``_config.yml``). Undefined names are errors, not empty text.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from levanalysis.formatting import format_euro, format_number, format_percent

MYST_SUFFIX = ".md.j2"


def _autoescape(name: str | None) -> bool:
    return not (name or "").endswith(MYST_SUFFIX)


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("levanalysis.book", "templates"),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(number=format_number, percent=format_percent, euro=format_euro)
    return env


def render(template: str, **context) -> str:
    """Render a template of ``levanalysis/book/templates`` with ``context``."""
    return environment().get_template(template).render(**context).strip()


def render_text(source: str, **context) -> str:
    """Fill ``{{ name }}`` placeholders in a text the project controls (notebook headings)."""
    return environment().overlay(autoescape=False).from_string(source).render(**context)
