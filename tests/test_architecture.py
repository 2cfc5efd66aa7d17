"""The package's shape: layers are checked by import-linter (pyproject.toml); these tests check
what import-linter cannot: no private names cross modules, and modules stay readable."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import levanalysis

PACKAGE = Path(levanalysis.__file__).parent
MAX_LINES = 500


def _modules():
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_imports_a_private_name_from_another_module():
    offenders = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("levanalysis"):
                offenders += [f"{path.relative_to(PACKAGE)}: {node.module}.{a.name}" for a in node.names
                              if a.name.startswith("_") and a.name != "__version__"]
    assert offenders == []


def test_no_module_is_longer_than_the_limit():
    long = {str(p.relative_to(PACKAGE)): n for p in _modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


HTML_TAG = re.compile(r"<(div|table|thead|tbody|tr|td|th|figure|figcaption|img|p|span|ul|ol|li|a|section|h[1-6]|strong|em|br|details|summary)[\s>/]")


def _docstrings(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def test_no_html_is_built_in_python_strings():
    # All HTML comes from the autoescaped templates in levanalysis/book/templates.
    offenders = []
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                    and HTML_TAG.search(node.value):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
        if "html.escape" in source:
            offenders.append(f"{path.relative_to(PACKAGE)}: html.escape")
    assert offenders == []
