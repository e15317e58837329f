"""Checks the frozen longform validation set: it must stay self-consistent, not tuned.

Run from the repository root: `python samples/longform/check.py`. It verifies that both JSON
files parse, that every article is 500-1000 words, that every answer string and evidence
fragment occurs verbatim in some article body (yes/no answers excepted), that conflicting and
updated figures are present, and prints the counts quoted in the README.
"""

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
KINDS = {"count", "money", "date", "person", "organisation", "place", "yesno", "other"}
MIN_EVIDENCE_WORDS = 8


def main() -> int:
    articles = [
        json.loads(line)
        for line in (HERE / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    questions = json.load((HERE / "questions.json").open(encoding="utf-8"))
    conversations = json.load((HERE / "conversations.json").open(encoding="utf-8"))
    bodies = [a["body"] for a in articles]
    problems: list[str] = []

    def verbatim(text: str) -> bool:
        return any(text in body for body in bodies)

    words = []
    for art in articles:
        for key in ("url", "title", "source", "published_at", "author", "body"):
            if not art.get(key):
                problems.append(f"article {art.get('url')}: missing {key}")
        count = len(art["body"].split())
        words.append(count)
        if not 500 <= count <= 1000:
            problems.append(f"article {art['url']}: {count} words")
    if len({a["url"] for a in articles}) != len(articles):
        problems.append("duplicate article urls")

    items = questions["queries"]
    if len({q["id"] for q in items}) != len(items):
        problems.append("duplicate question ids")
    for q in items:
        qid = q["id"]
        if q["kind"] not in KINDS:
            problems.append(f"{qid}: unknown kind {q['kind']}")
        if q["answerable"]:
            if not q["answer"] or q["answer"] not in q["answers"]:
                problems.append(f"{qid}: answer not among answers")
            if not q["evidence"]:
                problems.append(f"{qid}: no evidence")
            if q["kind"] == "yesno":
                if q["answers"] not in (["yes"], ["no"]):
                    problems.append(f"{qid}: yes/no answers must be ['yes'] or ['no']")
            else:
                problems += [
                    f"{qid}: answer not verbatim: {a!r}" for a in q["answers"] if not verbatim(a)
                ]
            for ev in q["evidence"]:
                if not verbatim(ev):
                    problems.append(f"{qid}: evidence not verbatim: {ev!r}")
                elif len(ev.split()) < MIN_EVIDENCE_WORDS:
                    problems.append(f"{qid}: evidence shorter than 8 words: {ev!r}")
            for value in q.get("conflict", []):
                if value not in q["answers"]:
                    problems.append(f"{qid}: conflict value {value!r} not in answers")
            if "latest" in q and (q["latest"] not in q["answers"] or not verbatim(q["previous"])):
                problems.append(f"{qid}: latest/previous values not found")
        elif q["answer"] is not None or q["answers"] or q["evidence"]:
            problems.append(f"{qid}: unanswerable item carries an answer or evidence")

    for conv in conversations["conversations"]:
        if len(conv["turns"]) != 2:
            problems.append(f"{conv['id']}: expected two turns")
        for turn in conv["turns"]:
            problems += [
                f"{conv['id']}: answer not verbatim: {a!r}"
                for a in turn["answers"]
                if not verbatim(a)
            ]

    answerable = [q for q in items if q["answerable"]]
    print(
        f"articles: {len(articles)}, words min {min(words)} max {max(words)}, "
        f"outlets {len({a['source'] for a in articles})}"
    )
    print(
        f"questions: {len(items)} ({len(answerable)} answerable, "
        f"{len(items) - len(answerable)} unanswerable, "
        f"{sum(1 for q in items if q.get('false_premise'))} false premises)"
    )
    print("by kind:", dict(sorted(Counter(q["kind"] for q in items).items())))
    print("answerable by kind:", dict(sorted(Counter(q["kind"] for q in answerable).items())))
    print(
        f"conflict questions: {sum(1 for q in items if 'conflict' in q)} "
        f"(pairs: {len({tuple(q['conflict']) for q in items if 'conflict' in q})}), "
        f"updated-figure questions: {sum(1 for q in items if 'latest' in q)}"
    )
    print(f"conversations: {len(conversations['conversations'])}")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
