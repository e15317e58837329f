from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.evaluation import BadQASet, evidence_rank, load_qa_set
from tests.conftest import REPO, SAMPLES, CliResult


def test_evidence_rank_exact_and_fuzzy() -> None:
    passages = ["Nothing here.", "Insurgents  seized\nSaraqeb on Friday.", "Other."]
    assert evidence_rank("insurgents seized Saraqeb", passages) == 2
    assert evidence_rank("Insurgents seized Saraqeb on a Friday", passages) == 2
    assert evidence_rank("Damascus fell", passages) is None


def test_load_multihop_format() -> None:
    path = REPO.parent / "shared/data/multihop-dev/queries.json"
    if not path.exists():
        pytest.skip("the shared MultiHop-RAG dev set is not beside this checkout")
    items = load_qa_set(path)
    assert len(items) == 100
    null = [i for i in items if not i.answerable]
    assert len(null) == 14 and all(i.kind == "null_query" and i.answer is None for i in null)
    assert all(i.evidence for i in items if i.answerable)


def test_load_the_published_multihop_keys(tmp_path: Path) -> None:
    path = tmp_path / "MultiHop-RAG.json"
    records = [
        {
            "query": "Who captured Saraqeb?",
            "answer": "insurgents",
            "question_type": "inference_query",
            "evidence_list": [{"fact": "seized Saraqeb", "source": "Reuters"}],
        },
        {
            "query": "Who won?",
            "answer": "Insufficient information.",
            "question_type": "null_query",
            "evidence_list": [],
        },
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    found, null = load_qa_set(path)
    assert (found.question, found.evidence, found.answerable) == (
        "Who captured Saraqeb?",
        ("seized Saraqeb",),
        True,
    )
    assert (null.answerable, null.answer) == (False, None)


def test_own_set_is_large_enough() -> None:
    items = load_qa_set(REPO / "samples/newsqa/questions.json")
    articles = (REPO / "samples/newsqa/articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(items) >= 60 and len(articles) >= 20
    assert sum(not i.answerable for i in items) >= 10


@pytest.mark.parametrize(
    ("content", "message"),
    [("{", "malformed JSON"), ("[]", "expected a list"), ('[{"q": 1}]', "no 'question'")],
)
def test_bad_qa_sets(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "set.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadQASet, match=message):
        load_qa_set(path)


def test_eval_command(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    qa_set = tmp_path / "set.jsonl"
    qa_set.write_text(
        "\n".join(
            json.dumps(item)
            for item in [
                {
                    "question": "Who captured Saraqeb?",
                    "answer": "insurgents",
                    "evidence": ["seized Saraqeb, a key town linking Aleppo with Damascus"],
                },
                {
                    "question": "How many people were killed at Aleppo's university?",
                    "answer": "four",
                    "evidence": ["killing four people, including two students"],
                },
                {"question": "Who won the 2022 World Cup?", "answerable": False},
            ]
        ),
        encoding="utf-8",
    )
    result = cli("eval", str(qa_set), "--ingest", str(SAMPLES), "--json")
    assert result.exit_code == 0, result.stderr
    metrics = result.json()
    assert (metrics["questions"], metrics["answerable"], metrics["unanswerable"]) == (3, 2, 1)
    assert metrics["hits@4"] == metrics["hits@10"] == metrics["mrr@10"] == 1.0
    assert metrics["answer_accuracy"] == 1.0
    assert (metrics["refusal_precision"], metrics["refusal_recall"]) == (1.0, 1.0)
    assert metrics["latency_ms_p50"] > 0

    text = cli("eval", str(qa_set))
    assert "hits@10" in text.stdout and "refusal_recall" in text.stdout
