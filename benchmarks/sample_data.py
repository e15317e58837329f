"""Where the bundled QA sets and their corpora live: one place for every benchmark.

Benchmarks run as scripts (`python benchmarks/X.py`), so this sibling module is importable
without making `benchmarks` a package.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

DEV_CORPUS = [REPO.parent / "shared/data/multihop-dev/corpus.jsonl"]
DEV_QUESTIONS = REPO.parent / "shared/data/multihop-dev/queries.json"
OWN_CORPUS = [REPO / "samples/newsqa/articles.jsonl", REPO / "samples/articles"]
OWN_QUESTIONS = REPO / "samples/newsqa/questions.json"
# Long wire-style reports: a tuning set, and a validation set frozen before any tuning
# (samples/longform/README.md) whose figures are reported but never tuned on.
TUNE_CORPUS = [REPO / "samples/longform-tune/articles.jsonl"]
TUNE_QUESTIONS = REPO / "samples/longform-tune/questions.json"
VALIDATION_CORPUS = [REPO / "samples/longform/articles.jsonl"]
VALIDATION_QUESTIONS = REPO / "samples/longform/questions.json"
ALL_CORPORA = DEV_CORPUS + OWN_CORPUS
