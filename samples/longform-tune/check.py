"""Checks the longform tuning set, so that a hand edit cannot quietly break a gold answer.

A gold answer or evidence fragment that is not verbatim in an article, or evidence that spans two
sentences, would score the bot against something no passage can quote; this catches that before
anyone tunes rules on it. Run: python samples/longform-tune/check.py (prints the counts).
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
KINDS = {"count", "money", "date", "person", "organisation", "place", "yesno", "other"}
FIELDS = ("url", "title", "source", "published_at", "author", "body")
QUERY_FIELDS = ("id", "question", "answer", "answers", "evidence", "answerable", "kind", "notes")
# A sentence ends at . ! or ? (optionally followed by a closing quote) before whitespace;
# headings and paragraphs end at a line break. The articles avoid "Mr." style abbreviations.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?(?=\s)|\n")
STOP = {"the", "a", "an", "of", "in", "on", "to", "and", "for", "at", "by", "is", "was", "did"}


def sentences(body: str) -> list[str]:
    """Splits a body into sentences and headings, the units an evidence fragment must stay in."""
    out, start = [], 0
    for m in SENTENCE_END.finditer(body):
        out.append(body[start : m.end()].strip())
        start = m.end()
    out.append(body[start:].strip())
    return [s for s in out if s]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9][a-z0-9,.'-]*", text.lower())


def shares_wording(question: str, evidence: list[str]) -> bool:
    """True when the question repeats three consecutive content-bearing words of its evidence."""
    q = [w.strip(",.") for w in words(question)]
    grams = {tuple(q[i : i + 3]) for i in range(len(q) - 2)}
    grams = {g for g in grams if not set(g) <= STOP}
    for frag in evidence:
        e = [w.strip(",.") for w in words(frag)]
        if grams & {tuple(e[i : i + 3]) for i in range(len(e) - 2)}:
            return True
    return False


def main() -> int:
    errors: list[str] = []
    articles = [json.loads(line) for line in (HERE / "articles.jsonl").read_text().splitlines()]
    bodies = [a["body"] for a in articles]
    units = [s for b in bodies for s in sentences(b)]
    for a in articles:
        missing = [f for f in FIELDS if not a.get(f)]
        n = len(a["body"].split())
        if missing:
            errors.append(f"{a.get('url')}: missing {missing}")
        if not 500 <= n <= 900:
            errors.append(f"{a['url']}: {n} words")
        if not re.fullmatch(r"https://[a-z0-9.-]+\.example/\S+", a["url"]):
            errors.append(f"{a['url']}: url is not https://….example/…")
        if not re.fullmatch(r"202[56]-\d\d-\d\d", a["published_at"]):
            errors.append(f"{a['url']}: published_at {a['published_at']}")
        if "\n\n" not in a["body"]:
            errors.append(f"{a['url']}: no paragraphs")

    def verbatim(text: str, where: str) -> None:
        if not any(text in b for b in bodies):
            errors.append(f"{where}: not verbatim in any body: {text!r}")

    def within_sentence(frag: str, where: str) -> None:
        if len(frag.split()) < 8:
            errors.append(f"{where}: evidence under 8 words: {frag!r}")
        if not any(frag in s for s in units):
            errors.append(f"{where}: evidence not within one sentence: {frag!r}")

    qs = json.loads((HERE / "questions.json").read_text())
    queries = qs["queries"]
    ids = [q["id"] for q in queries]
    if len(ids) != len(set(ids)):
        errors.append("duplicate ids")
    for q in queries:
        where = f"question {q['id']}"
        if set(q) != set(QUERY_FIELDS):
            errors.append(f"{where}: fields {sorted(q)}")
        if q["kind"] not in KINDS:
            errors.append(f"{where}: kind {q['kind']}")
        for frag in q["evidence"]:
            verbatim(frag, where)
            within_sentence(frag, where)
        if q["answerable"]:
            if not q["answers"] or q["answer"] not in q["answers"] or not q["evidence"]:
                errors.append(f"{where}: answerable needs answer in answers and evidence")
            for ans in q["answers"]:
                if q["kind"] == "yesno":
                    if ans not in ("yes", "no"):
                        errors.append(f"{where}: yes/no answer {ans!r}")
                    continue
                verbatim(ans, where)
                if not any(ans in frag for frag in q["evidence"]):
                    errors.append(f"{where}: answer {ans!r} in no evidence fragment")
        elif q["answer"] is not None or q["answers"] or q["evidence"]:
            errors.append(f"{where}: unanswerable must have null answer, [] answers and evidence")
        elif not q["notes"].startswith(("false premise:", "near miss:")):
            errors.append(f"{where}: unanswerable notes must say false premise: or near miss:")

    convs = json.loads((HERE / "conversations.json").read_text())["conversations"]
    for c in convs:
        if len(c["turns"]) != 2:
            errors.append(f"conversation {c['id']}: {len(c['turns'])} turns")
        for t in c["turns"]:
            for ans in t["answers"]:
                verbatim(ans, f"conversation {c['id']}")

    unanswerable = [q for q in queries if not q["answerable"]]
    counts = {
        "articles": len(articles),
        "words": f"{min(len(b.split()) for b in bodies)}-{max(len(b.split()) for b in bodies)}",
        "sources": len({a["source"] for a in articles}),
        "queries": len(queries),
        "answerable": len(queries) - len(unanswerable),
        "unanswerable": len(unanswerable),
        "false_premise": sum(q["notes"].startswith("false premise:") for q in unanswerable),
        "near_miss": sum(q["notes"].startswith("near miss:") for q in unanswerable),
        "kinds": {k: sum(q["kind"] == k for q in queries) for k in sorted(KINDS)},
        "paraphrased": sum(
            not shares_wording(q["question"], q["evidence"]) for q in queries if q["evidence"]
        ),
        "conversations": len(convs),
    }
    print(json.dumps(counts))
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
