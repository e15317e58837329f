"""Near-duplicate detector: precision and recall on a labelled set of article pairs.

Positives: each report (newsqa, longform-tune and 60 templated local reports) against a copy
edited the way outlets edit wire copy (a dateline and credit added, one sentence dropped, a few
words changed). Negatives, every other pair, including the hard ones:

- same-story follow-ups (the theft and the recovery of the crown, the breach and the fine);
- follow-ups with changed figures: the same text with every number changed ("17 electric
  buses" became "773 electric buses"), edited like a copy;
- the same event written independently by two outlets (longform-tune's Kettlewick Ridge fire,
  Kestrel Dawn ferry and Quenby referendum pairs);
- templated local news: 300 generated reports from five templates, twelve towns and their
  outlets, which share most of their wording and differ in names and figures.

Prints P/R for a range of thresholds, for the shingle similarity alone (the detector before
numbers and names were compared) and with the agreement check (`agree`).

    .venv/bin/python benchmarks/near_duplicates.py [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from vectorstore.near_duplicates import THRESHOLD, agree, jaccard, shingles  # noqa: E402

SWAPS = {
    "said": "stated",
    "about": "around",
    "more than": "over",
    "on Monday": "this week",
    "will": "is set to",
    "percent": "per cent",
    "euros": "EUR",
}
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
TEMPLATED = 300
TEMPLATED_COPIES = 60

TOWNS = [
    "Arlen",
    "Brookfield",
    "Calder",
    "Dunmore",
    "Eastwick",
    "Fairhaven",
    "Glenrock",
    "Harrow",
    "Ivybridge",
    "Kelso",
    "Linton",
    "Marsh End",
]
PEOPLE = ["Ada Moss", "Ben Carver", "Clara Holt", "Dev Patel", "Eva Lind", "Finn Rowe"]
STREETS = ["Mill Road", "High Street", "Station Lane", "Quay Street", "Park Avenue"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
TEMPLATES = [
    "{town} added {n1} electric buses to its fleet in {month}, the council said on Monday. "
    "The new vehicles will serve {n2} routes and replace diesel buses bought in {year}. "
    "Transport chief {person} said the {n3} million euro purchase was paid for partly by a "
    "national grant. Riders will see the first of the buses on the {street} line from "
    "{month}. The council plans to buy {n4} more by {year2}, {person} said.",
    "The {town} public library reopened on Monday after a {n1}-month renovation that cost "
    "{n3} million euros. The building now has {n2} study places and a children's wing, "
    "librarian {person} said. More than {n4} residents visited on the first day. The library "
    "on {street} was built in {year} and last renovated in {year2}.",
    "Road works on {street} in {town} will last {n1} weeks, the council said. About {n2} "
    "vehicles use the road each day and buses will be diverted. Engineer {person} said the "
    "{n3} million euro project will replace water pipes laid in {year}. Shops on the street "
    "will get up to {n4} euros each in support until {month} {year2}.",
    "{town} council approved a budget of {n1} million euros for {year2} on Monday. Council "
    "leader {person} said {n2} new teachers will be hired and {n3} percent more will be spent "
    "on roads. Council tax will rise by {n4} percent, the first rise since {year}. The "
    "opposition said the plan for {street} was too expensive.",
    "A new primary school opened in {town} on Monday with {n1} pupils and {n2} teachers. Head "
    "teacher {person} said the school on {street} cost {n3} million euros. It replaces a "
    "building from {year} that had room for {n4} children. A second phase is due in "
    "{month} {year2}, the council said.",
]


def edited(text: str, rng: random.Random) -> str:
    """A copy as another outlet runs it: dateline and credit, one sentence dropped, words
    changed; the figures and names stay."""
    sentences = text.split(". ")
    if len(sentences) > 3:
        sentences.pop(rng.randrange(1, len(sentences)))
    copy = ". ".join(sentences)
    for old, new in SWAPS.items():
        if old in copy and rng.random() < 0.7:
            copy = copy.replace(old, new, 1)
    return f"HALDEN (Wire) - {copy} Reporting by staff; editing by the desk."


def changed_figures(text: str, rng: random.Random) -> str:
    """A follow-up that updates the figures: every number changes, the wording stays."""

    def change(match: re.Match[str]) -> str:
        digits = match.group(0).replace(",", "")
        if "." in digits:
            return f"{float(digits) + rng.randint(1, 9) / 10:.1f}"
        return str(int(digits) + rng.randint(1, 40))

    return re.sub(r"\d[\d,]*(?:\.\d+)?", change, text)


def local_reports(count: int, rng: random.Random) -> list[str]:
    """Templated local news: the same few templates filled with towns, people and figures."""
    reports = []
    for _ in range(count):
        town = rng.choice(TOWNS)
        reports.append(
            rng.choice(TEMPLATES).format(
                town=town,
                person=rng.choice(PEOPLE),
                street=rng.choice(STREETS),
                month=rng.choice(MONTHS),
                year=rng.randint(1960, 2010),
                year2=rng.randint(2025, 2030),
                n1=rng.randint(2, 900),
                n2=rng.randint(2, 900),
                n3=rng.randint(2, 90),
                n4=rng.randint(2, 900),
            )
        )
    return list(dict.fromkeys(reports))


def _bodies(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["body"] for line in lines if line.strip()]


def labelled_pairs(rng: random.Random) -> list[tuple[str, str, bool, str]]:
    """(text, text, duplicate?, kind) for every pair the benchmark scores."""
    wire = _bodies(REPO / "samples/newsqa/articles.jsonl")
    long = _bodies(REPO / "samples/longform-tune/articles.jsonl")
    local = local_reports(TEMPLATED, rng)
    pairs = [(a, edited(a, rng), True, "edited copy") for a in wire + long]
    pairs += [(a, edited(a, rng), True, "edited copy") for a in local[:TEMPLATED_COPIES]]
    pairs += [(a, b, False, "distinct report") for a, b in itertools.combinations(wire + long, 2)]
    for a in wire + long + local[:TEMPLATED_COPIES]:
        copy = edited(a, rng)
        follow_up = changed_figures(copy, rng)
        if follow_up != copy:  # a copy left without figures is a copy
            pairs.append((a, follow_up, False, "changed figures"))
    pairs += [(a, b, False, "templated local") for a, b in itertools.combinations(local, 2)]
    return pairs


def _rates(predicted: list[tuple[bool, bool]]) -> tuple[float | None, float | None]:
    tp = sum(1 for p, label in predicted if p and label)
    fp = sum(1 for p, label in predicted if p and not label)
    fn = sum(1 for p, label in predicted if not p and label)
    precision = round(tp / (tp + fp), 3) if tp + fp else None
    recall = round(tp / (tp + fn), 3) if tp + fn else None
    return precision, recall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    pairs = labelled_pairs(random.Random(7))
    grams: dict[str, frozenset[tuple[str, ...]]] = {}
    scores = []
    for a, b, label, kind in pairs:
        ga = grams.setdefault(a, shingles(a))
        gb = grams.setdefault(b, shingles(b))
        similarity = jaccard(ga, gb)
        # The agreement check only matters for pairs similar enough to be grouped.
        agreeing = agree(a, b) if similarity >= min(THRESHOLDS) else True
        scores.append((similarity, agreeing, label, kind))
    rows = []
    for threshold in THRESHOLDS:
        before = _rates([(s >= threshold, label) for s, _, label, _ in scores])
        after = _rates([(s >= threshold and ok, label) for s, ok, label, _ in scores])
        rows.append(
            {
                "threshold": threshold,
                "shingles_only": {"precision": before[0], "recall": before[1]},
                "with_agreement": {"precision": after[0], "recall": after[1]},
                "default": threshold == THRESHOLD,
            }
        )
    kinds: dict[str, int] = {}
    for *_, kind in pairs:
        kinds[kind] = kinds.get(kind, 0) + 1
    grouped_negatives: dict[str, int] = {}
    for s, ok, label, kind in scores:
        if not label and s >= THRESHOLD and ok:
            grouped_negatives[kind] = grouped_negatives.get(kind, 0) + 1
    result = {
        "pairs": len(pairs),
        "duplicates": sum(1 for _, _, label, _ in pairs if label),
        "kinds": kinds,
        "thresholds": rows,
        "false_groups_at_default": grouped_negatives,
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{result['pairs']} pairs, {result['duplicates']} near-duplicates: {kinds}")
    for row in rows:
        mark = "  <- default" if row["default"] else ""
        old, new = row["shingles_only"], row["with_agreement"]
        print(
            f"  threshold {row['threshold']:.1f}: shingles only P {old['precision']} "
            f"R {old['recall']}; with agreement P {new['precision']} R {new['recall']}{mark}"
        )
    print(f"  negatives grouped at the default: {grouped_negatives or 'none'}")


if __name__ == "__main__":
    main()
