"""The package's shape: layers are checked by import-linter (pyproject.toml); these tests check
what import-linter cannot: no private names cross modules, and modules stay readable."""

from __future__ import annotations

import ast
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
