from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.answers import Answer, Why
from bot.evaluation import (
    BadQASet,
    EvalReport,
    ItemResult,
    QAItem,
    evidence_rank,
    failure_report,
    first_statement,
    load_qa_set,
    mentions,
)
from tests.conftest import REPO, SAMPLES, CliResult


def _item(*answers: str, answerable: bool = True, id: str = "q") -> QAItem:
    return QAItem(
        id=id,
        question="How many jobs will the data centre create?",
        answers=answers,
        evidence=("450 jobs",) if answerable else (),
        answerable=answerable,
    )


def _graded(
    item: QAItem,
    text: str,
    *,
    refused: bool = False,
    why: tuple[Why, ...] = (),
    lead: str | None = None,
) -> ItemResult:
    answer = Answer(question=item.question, text=text, refused=refused, why=why, lead=lead)
    return ItemResult.graded(item, answer, evidence_ranks=(1,), latency_ms=5.0)


STITCHED = "300 [1]. The 300-megawatt data centre will create 450 jobs, the company said. [1]"


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


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (STITCHED, "300"),
        ("Insurgents seized Saraqeb. [1] They used drones. [2]", "Insurgents seized Saraqeb."),
        ("four people [1][2]. Projectiles killed four people. [1]", "four people"),
        ("No marker at all.", "No marker at all."),
        ("", ""),
    ],
)
def test_first_statement_ends_at_the_first_citation(text: str, first: str) -> None:
    assert first_statement(text) == first


@pytest.mark.parametrize(
    ("text", "answers", "found"),
    [
        ("About 4,100 passengers were stranded.", ["4100"], True),
        ("About 4100 passengers were stranded.", ["4,100"], True),
        ("Prices rose 0.8% in June.", ["0.8 percent"], True),
        ("a nine-day strike", ["Nine-day"], True),
        ("Mayor Ingrid Solberg, who", ["ingrid solberg"], True),
        ("the 3000 workers", ["300"], False),
        ("It happened yesterday.", ["yes"], False),
        ("It rose 4.5 percent.", ["4"], False),
        ("The Zelmar grounding", ["Nordwave", "Zelmar"], True),
        ("anything", [], False),
    ],
)
def test_mentions_ignores_case_punctuation_and_number_formats(
    text: str, answers: list[str], found: bool
) -> None:
    assert mentions(text, answers) is found


def test_a_stitched_answer_is_correct_but_its_lead_is_wrong() -> None:
    result = _graded(_item("450"), STITCHED)
    assert (result.correct, result.lead_correct, result.miss) == (True, False, "lead wrong")
    metrics = EvalReport([result]).metrics()
    assert metrics["answer_accuracy"] == 1.0
    assert metrics["lead_accuracy"] == 0.0
    assert metrics["wrong_answer_rate"] == 0.0


def test_a_right_lead_and_a_wrong_answer() -> None:
    right = _graded(_item("450"), "450 jobs [1]. The centre will create 450 jobs. [1]")
    wrong = _graded(_item("450"), "300 [1]. The 300-megawatt centre opens in May. [1]")
    assert (right.lead_correct, right.correct, right.miss) == (True, True, None)
    assert (wrong.lead_correct, wrong.correct, wrong.miss) == (False, False, "wrong answer")
    metrics = EvalReport([right, wrong]).metrics()
    assert (metrics["lead_accuracy"], metrics["answer_accuracy"]) == (0.5, 0.5)
    assert metrics["wrong_answer_rate"] == 0.5


def test_stated_leads_are_counted_apart_from_quotes() -> None:
    """A short answer stated before the quotes is graded on its own: a wrong figure stated,
    or any stated for an unanswerable question, is what a reader is misled by."""
    right = _graded(
        _item("450"), "450 jobs [1]. The centre will create 450 jobs. [1]", lead="450 jobs"
    )
    wrong = _graded(_item("450"), "300 [1]. The 300-megawatt centre. [1]", lead="300")
    quoted = _graded(_item("450"), "The 300-megawatt centre opens in May. [1]")
    unanswerable = _graded(_item(answerable=False), "12 [1]. Some quote. [1]", lead="12")
    refused = _graded(_item("450"), "I can't answer that.", refused=True, lead="450")
    assert (right.stated, right.stated_correct) == ("450 jobs", True)
    assert (wrong.stated_correct, unanswerable.stated_correct) == (False, False)
    assert (quoted.stated, quoted.stated_correct) == (None, None)
    assert (refused.stated, refused.stated_correct) == (None, None)
    metrics = EvalReport([right, wrong, quoted, unanswerable, refused]).metrics()
    assert (metrics["stated_leads"], metrics["stated_wrong"]) == (3, 2)
    assert metrics["stated_precision"] == round(1 / 3, 4)
    assert right.to_dict()["stated"] == "450 jobs"
    nothing_stated = EvalReport([quoted]).metrics()
    assert (nothing_stated["stated_leads"], nothing_stated["stated_precision"]) == (0, None)


def test_a_refused_answerable_question_is_a_false_refusal() -> None:
    refused = _graded(_item("450"), "I can't answer that.", refused=True)
    assert (refused.correct, refused.lead_correct, refused.miss) == (False, False, "false refusal")
    no_gold = _graded(_item(), "I can't answer that.", refused=True)
    assert (no_gold.correct, no_gold.lead_correct, no_gold.miss) == (None, None, "false refusal")
    true_refusal = _graded(_item(answerable=False), "I can't answer that.", refused=True)
    missed = _graded(_item(answerable=False), "450 [1]. Some quote. [1]")
    assert (true_refusal.miss, missed.miss) == (None, "missed refusal")
    metrics = EvalReport([refused, no_gold, true_refusal, missed]).metrics()
    assert (metrics["false_refusals"], metrics["missed_refusals"]) == (2, 1)
    assert metrics["answerable_refused"] == 1.0
    # A refusal is not a wrong answer: it is counted as a false refusal instead.
    assert (metrics["lead_accuracy"], metrics["wrong_answer_rate"]) == (0.0, 0.0)
    assert (metrics["refusal_precision"], metrics["refusal_recall"]) == (1 / 3, 0.5)


def test_any_accepted_answer_counts() -> None:
    result = _graded(_item("four hundred and fifty", "450"), "450 jobs [1]. Quote. [1]")
    assert (result.lead_correct, result.correct) == (True, True)
    assert _item("four", "4").answer == "four"
    assert _item().answer is None


def test_answers_key_lists_accepted_answers(tmp_path: Path) -> None:
    path = tmp_path / "set.jsonl"
    records = [
        {
            "question": "Q1?",
            "answer": "nine-day",
            "answers": ["nine", "9", "nine-day"],
            "evidence": ["e"],
        },
        {"question": "Q2?", "answers": ["450"], "evidence": ["e"]},
        {"question": "Q3?", "answers": "Solberg", "evidence": ["e"]},
        {"question": "Q4?", "answers": ["x"], "answerable": False},
    ]
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    both, only_list, one_string, unanswerable = load_qa_set(path)
    assert both.answers == ("nine-day", "nine", "9") and both.answer == "nine-day"
    assert only_list.answers == ("450",)
    assert one_string.answers == ("Solberg",)
    assert unanswerable.answers == ()


def test_failure_report_shows_each_miss_with_its_rule_trace() -> None:
    why = (Why("lead.count", "300 before 'megawatt'"), Why("order.best-first"))
    results = [
        _graded(_item("450", id="7"), STITCHED + " " + "x" * 300, why=why),
        _graded(_item("450", id="8"), "450 jobs [1]. Quote. [1]"),
        _graded(_item(id="9", answerable=False), "Some answer. [1]"),
    ]
    report = failure_report(results)
    assert report.startswith("Misses: 2\n")
    assert "#8" not in report
    lead, missed = report.split("\n\n")[1:]
    assert lead.splitlines() == [
        "#7 lead wrong",
        "  question: How many jobs will the data centre create?",
        f"  answer:   {(STITCHED + ' ' + 'x' * 300)[:200]}…",
        "  gold:     450",
        "  why:",
        "    lead.count: 300 before 'megawatt'",
        "    order.best-first",
    ]
    assert missed.splitlines()[0] == "#9 missed refusal"
    assert "  gold:     -" in missed and "(no rule recorded)" in missed


def test_own_set_is_large_enough() -> None:
    items = load_qa_set(REPO / "samples/newsqa/questions.json")
    articles = (REPO / "samples/newsqa/articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(items) >= 60 and len(articles) >= 20
    assert sum(not i.answerable for i in items) >= 10


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "malformed JSON"),
        ("[]", "expected a list"),
        ('[{"q": 1}]', "no 'question'"),
        ('[{"question": "Q?", "answers": {"a": 1}}]', "'answers' must be a list"),
    ],
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


def test_eval_json_gives_per_question_results_and_show_failures_the_misses(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    qa_set = tmp_path / "set.json"
    items = [
        {
            "id": "right",
            "question": "How many people were killed at Aleppo's university?",
            "answers": ["4", "four"],
            "evidence": ["killing four people, including two students"],
        },
        {
            # A count is quoted, not stated (lead.sentence-first): the first statement is the
            # sentence, which holds "two students" too.
            "id": "quoted",
            "question": "How many people were killed at Aleppo's university?",
            "answer": "two students",
            "evidence": ["killing four people, including two students"],
        },
        {
            "id": "wrong",
            "question": "Who captured Saraqeb?",
            "answer": "government troops",
            "evidence": ["seized Saraqeb, a key town linking Aleppo with Damascus"],
        },
        {
            "id": "false-refusal",
            "question": "Who won the 2022 World Cup?",
            "answer": "Argentina",
            "answerable": True,
        },
        {"id": "missed-refusal", "question": "Who captured Saraqeb?", "answerable": False},
    ]
    qa_set.write_text(json.dumps({"queries": items}), encoding="utf-8")
    result = cli("eval", str(qa_set), "--ingest", str(SAMPLES), "--json", "--show-failures")
    assert result.exit_code == 0, result.stderr
    payload = result.json()
    assert payload["questions"] == 5 and payload["file"] == str(qa_set)
    assert (payload["lead_accuracy"], payload["answer_accuracy"]) == (0.5, 0.5)
    assert payload["wrong_answer_rate"] == 0.25
    assert (payload["false_refusals"], payload["missed_refusals"]) == (1, 1)
    results = {r["id"]: r for r in payload["results"]}
    assert list(results) == [i["id"] for i in items]
    assert set(results["right"]) >= {
        "id", "question", "answerable", "refused", "lead_correct", "correct", "answer", "why",
        "evidence_ranks", "latency_ms",
    }  # fmt: skip
    assert (results["right"]["lead_correct"], results["right"]["correct"]) == (True, True)
    assert results["right"]["evidence_ranks"] == [1] and results["right"]["latency_ms"] > 0
    assert isinstance(results["right"]["why"], list)
    assert [results[i]["miss"] for i in results] == [
        None,
        None,
        "wrong answer",
        "false refusal",
        "missed refusal",
    ]
    assert results["false-refusal"]["refused"] is True

    # The failure blocks go to stderr, so stdout stays one JSON object.
    blocks = result.stderr.split("\n\n")
    assert blocks[0].strip() == "Misses: 3"
    assert [b.splitlines()[0] for b in blocks[1:]] == [
        "#wrong wrong answer",
        "#false-refusal false refusal",
        "#missed-refusal missed refusal",
    ]
    assert all(
        "  question: " in b and "  answer:   " in b and "  gold:     " in b and "  why:" in b
        for b in blocks[1:]
    )
    assert "  gold:     government troops" in blocks[1]

    text = cli("eval", str(qa_set), "--show-failures")
    assert "lead_accuracy" in text.stdout and "wrong_answer_rate" in text.stdout
    assert "Misses: 3" in text.stdout and "#wrong wrong answer" in text.stdout
