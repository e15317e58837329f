"""No module binds one top-level name twice.

A second `def _done_by_another` or `_STAND_INS = ...` further down a long module silently
replaces the first for every caller above it, and the failures show up in the callers' tests,
far from the cause; ruff's F811 only sees a redefinition that nothing used in between.
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "ingest", "vectorstore")


def _top_level_names(tree: ast.Module) -> list[str]:
    """Functions, classes and plain assignments at module level (not imports, and not a name
    assigned under `if TYPE_CHECKING:` or a `try`, which may bind it one way or another)."""
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Assign):
            names.extend(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.append(node.target.id)
    return names


def _modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_top_level_name_is_bound_twice(path: Path) -> None:
    counts = Counter(_top_level_names(ast.parse(path.read_text(encoding="utf-8"))))
    assert [name for name, n in counts.items() if n > 1] == []


def test_a_name_bound_twice_is_found() -> None:
    tree = ast.parse("X = 1\ndef f(): pass\nX = 2\ndef f(): pass\nclass C: pass\n")
    counts = Counter(_top_level_names(tree))
    assert sorted(name for name, n in counts.items() if n > 1) == ["X", "f"]
