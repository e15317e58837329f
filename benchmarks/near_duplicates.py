"""Near-duplicate detector: precision and recall on a labelled set of article pairs.

Positives: each of our 22 reports against a copy edited the way outlets edit wire copy (a
dateline and credit added, one sentence dropped, a few words changed). Negatives: every other
pair of reports, including same-story follow-ups (the theft and the recovery of the crown, the
breach and the fine) that must NOT be merged. Prints P/R for a range of thresholds.

    .venv/bin/python benchmarks/near_duplicates.py [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from vectorstore.near_duplicates import THRESHOLD, jaccard, shingles  # noqa: E402

SWAPS = {
    "said": "stated",
    "about": "around",
    "more than": "over",
    "on Monday": "this week",
    "will": "is set to",
    "percent": "per cent",
    "euros": "EUR",
}


def edited(text: str, rng: random.Random) -> str:
    sentences = text.split(". ")
    if len(sentences) > 3:
        sentences.pop(rng.randrange(1, len(sentences)))
    copy = ". ".join(sentences)
    for old, new in SWAPS.items():
        if old in copy and rng.random() < 0.7:
            copy = copy.replace(old, new, 1)
    return f"HALDEN (Wire) - {copy} Reporting by staff; editing by the desk."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(7)
    articles = [
        json.loads(line)["body"]
        for line in (REPO / "samples/newsqa/articles.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    ]
    pairs = [(a, edited(a, rng), True) for a in articles]
    pairs += [(a, b, False) for a, b in itertools.combinations(articles, 2)]
    scores = [(jaccard(shingles(a), shingles(b)), label) for a, b, label in pairs]
    rows = []
    for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
        predicted = [(s >= threshold, label) for s, label in scores]
        tp = sum(1 for p, label in predicted if p and label)
        fp = sum(1 for p, label in predicted if p and not label)
        fn = sum(1 for p, label in predicted if not p and label)
        rows.append(
            {
                "threshold": threshold,
                "precision": round(tp / (tp + fp), 3) if tp + fp else None,
                "recall": round(tp / (tp + fn), 3) if tp + fn else None,
                "default": threshold == THRESHOLD,
            }
        )
    positives = sum(1 for *_, label in pairs if label)
    result = {
        "pairs": len(pairs),
        "duplicates": positives,
        "thresholds": rows,
        "max_non_duplicate_similarity": round(max(s for s, label in scores if not label), 3),
        "min_duplicate_similarity": round(min(s for s, label in scores if label), 3),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['pairs']} pairs, {positives} near-duplicates")
    print(
        f"lowest duplicate similarity {result['min_duplicate_similarity']}, "
        f"highest non-duplicate {result['max_non_duplicate_similarity']}"
    )
    for row in rows:
        mark = "  <- default" if row["default"] else ""
        print(
            f"  threshold {row['threshold']:.1f}: precision {row['precision']}, "
            f"recall {row['recall']}{mark}"
        )


if __name__ == "__main__":
    main()
