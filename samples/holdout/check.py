"""Checks the frozen holdout validation set: it must stay self-consistent, not tuned.

Run from the repository root: `python samples/holdout/check.py`. It verifies that the JSON files
parse, that the articles come in the promised lengths (4 short wire items of 150-300 words,
5 medium reports of 350-600, 3 long features of 650-1000 with sub-headings), that every answer
string and evidence fragment occurs verbatim in some article body (yes/no answers excepted),
and prints the counts quoted in the README. A mistake found here is fixed in its own commit;
results of the bot are never a reason to change the set.
"""

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
KINDS = {"count", "money", "date", "person", "organisation", "place", "yesno", "other"}
MIN_EVIDENCE_WORDS = 8
# (name, lowest word count, highest word count, how many articles)
BANDS = [("short", 150, 300, 4), ("medium", 350, 600, 5), ("long", 650, 1000, 3)]


def band(words: int) -> str | None:
    """The length band an article falls in, or None when it falls between bands."""
    for name, low, high, _ in BANDS:
        if low <= words <= high:
            return name
    return None


def has_subheading(body: str) -> bool:
    """A sub-heading is a short paragraph of its own that does not end like a sentence."""
    return any(
        0 < len(par.split()) <= 6 and not par.rstrip().endswith((".", '"', ":", "?"))
        for par in body.split("\n\n")
    )


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
    bands: Counter[str] = Counter()
    for art in articles:
        for key in ("url", "title", "source", "published_at", "author", "body"):
            if not art.get(key):
                problems.append(f"article {art.get('url')}: missing {key}")
        if not art["published_at"].startswith(("2025-", "2026-")):
            problems.append(f"article {art['url']}: dated {art['published_at']}")
        count = len(art["body"].split())
        words.append(count)
        name = band(count)
        if name is None:
            problems.append(f"article {art['url']}: {count} words, in no length band")
            continue
        bands[name] += 1
        if name == "long" and not has_subheading(art["body"]):
            problems.append(f"article {art['url']}: long feature without sub-headings")
    for name, _, _, wanted in BANDS:
        if bands[name] != wanted:
            problems.append(f"{bands[name]} {name} articles, expected {wanted}")
    if len({a["url"] for a in articles}) != len(articles):
        problems.append("duplicate article urls")
    outlets = {a["source"] for a in articles}
    if len(outlets) != 5:
        problems.append(f"{len(outlets)} outlets, expected 5")

    for key in ("about", "frozen", "queries"):
        if key not in questions:
            problems.append(f"questions.json: missing {key}")
    items = questions["queries"]
    if len({q["id"] for q in items}) != len(items):
        problems.append("duplicate question ids")
    if len({q["question"].lower() for q in items}) != len(items):
        problems.append("duplicate questions")
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
        elif q["answer"] is not None or q["answers"] or q["evidence"]:
            problems.append(f"{qid}: unanswerable item carries an answer or evidence")

    for conv in conversations["conversations"]:
        if len(conv["turns"]) != 2:
            problems.append(f"{conv['id']}: expected two turns")
        for turn in conv["turns"]:
            if not turn["answers"]:
                problems.append(f"{conv['id']}: a turn without answers")
            problems += [
                f"{conv['id']}: answer not verbatim: {a!r}"
                for a in turn["answers"]
                if not verbatim(a)
            ]

    answerable = [q for q in items if q["answerable"]]
    unanswerable = len(items) - len(answerable)
    if len(answerable) < 50 or unanswerable < 20:
        problems.append(f"too few questions: {len(answerable)} answerable, {unanswerable} not")
    if len(conversations["conversations"]) < 10:
        problems.append("fewer than 10 conversations")
    print(
        f"articles: {len(articles)} ({dict(bands)}), words min {min(words)} max {max(words)}, "
        f"outlets {len(outlets)}"
    )
    print(
        f"questions: {len(items)} ({len(answerable)} answerable, {unanswerable} unanswerable, "
        f"{sum(1 for q in items if q.get('false_premise'))} false premises)"
    )
    print("by kind:", dict(sorted(Counter(q["kind"] for q in items).items())))
    print("answerable by kind:", dict(sorted(Counter(q["kind"] for q in answerable).items())))
    print(f"conversations: {len(conversations['conversations'])}")
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
