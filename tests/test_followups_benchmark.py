"""benchmarks/followups.py names every --set it is given, so no set hides another."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _benchmark() -> ModuleType:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        return importlib.import_module("followups")
    finally:
        sys.path.remove(str(BENCHMARKS))


def test_each_set_gets_its_own_name() -> None:
    """Three conversation files, two of them called conversations.json: three sets, each
    named by its folder and file (numbered when two would read the same)."""
    names = _benchmark().set_names(
        [
            ("samples/newsqa/articles.jsonl", "samples/newsqa/conversations.json"),
            ("samples/holdout/articles.jsonl", "samples/holdout/conversations.json"),
            ("samples/holdout/articles.jsonl", "samples/holdout/conversations.json"),
        ]
    )
    assert list(names) == [
        "newsqa/conversations",
        "holdout/conversations",
        "holdout/conversations (2)",
    ]
    assert names["newsqa/conversations"][1] == Path("samples/newsqa/conversations.json")
