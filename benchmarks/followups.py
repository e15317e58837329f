"""Follow-up questions without an LLM: does the second answer lead with what it asks?

Each conversation is two turns ("How many were killed in the floods?", then "And how many
were injured?"). The second question is asked with the first exchange as history, as `chat`
and Telegram do; it counts as right when an accepted answer is in its first statement (the
text before its first citation), as `lead_accuracy` counts in `newsbot eval`.

    .venv/bin/python benchmarks/followups.py                 # every bundled set
    .venv/bin/python benchmarks/followups.py --set CORPUS CONVERSATIONS [--set ...] --json
    .venv/bin/python benchmarks/followups.py --set ... --totals-only   # validation sets
    .venv/bin/python benchmarks/followups.py --ablate followup.pronoun followup.ellipsis-wh

Every set is reported on its own, then the total over all of them. Sets over the same corpus
share one ingested store. `--totals-only` leaves out the per-conversation results, so a frozen
validation set can be measured without reading its conversations.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sample_data import REPO, TUNE_CORPUS, VALIDATION_CORPUS

sys.path.insert(0, str(REPO))

from bot.evaluation import first_statement, mentions
from bot.qa import QAService
from bot.services import Newsbot
from bot.settings import Settings

Set = tuple[list[Path], Path]  # (corpus files, conversations file)

SETS: dict[str, Set] = {
    "longform-tune": (TUNE_CORPUS, REPO / "samples/longform-tune/conversations.json"),
    "longform-tune extra": (TUNE_CORPUS, REPO / "samples/longform-tune/conversations-extra.json"),
    "longform-tune forms": (TUNE_CORPUS, REPO / "samples/longform-tune/conversations-forms.json"),
    "newsqa": (
        [REPO / "samples/newsqa/articles.jsonl"],
        REPO / "samples/newsqa/conversations.json",
    ),
    "newsqa forms": (
        [REPO / "samples/newsqa/articles.jsonl"],
        REPO / "samples/newsqa/conversations-forms.json",
    ),
    "longform (validation)": (VALIDATION_CORPUS, REPO / "samples/longform/conversations.json"),
    "holdout (validation)": (
        [REPO / "samples/holdout/articles.jsonl"],
        REPO / "samples/holdout/conversations.json",
    ),
}


def run(qa: QAService, conversations: Path) -> dict[str, object]:
    """Ask every conversation of `conversations`, turn by turn, with the earlier turns as
    history; count the last turns whose first statement holds an accepted answer."""
    results = []
    for conversation in json.loads(conversations.read_text(encoding="utf-8"))["conversations"]:
        history: list[tuple[str, str]] = []
        turns = []
        for turn in conversation["turns"]:
            answer = qa.ask(turn["question"], history=history)
            history.append((turn["question"], answer.text))
            turns.append(
                {
                    "question": turn["question"],
                    "lead_correct": not answer.refused
                    and mentions(first_statement(answer.text), turn["answers"]),
                    "refused": answer.refused,
                    "answer": answer.text,
                    "why": [w.rule for w in answer.why],
                    "resolved": answer.notes.get("standalone_question"),
                }
            )
        results.append({"id": conversation["id"], "turns": turns})
    follow_ups = [c["turns"][-1] for c in results]
    right = sum(1 for t in follow_ups if t["lead_correct"])
    # Totals a frozen set may report: how many follow-ups were refused, and how often each
    # rule fired on them (no question or answer).
    fired = Counter(rule for t in follow_ups for rule in dict.fromkeys(t["why"]))
    return {
        "conversations": len(results),
        "follow_up_leads_right": right,
        "follow_ups_refused": sum(1 for t in follow_ups if t["refused"]),
        "follow_up_rules": dict(sorted(fired.items())),
        "results": results,
    }


def set_names(pairs: Sequence[tuple[str, str]]) -> dict[str, Set]:
    """A name for each `--set` pair: the conversations file's folder and stem
    ("longform-tune/conversations-extra"), numbered when two would read the same, so no set
    hides another in the report."""
    sets: dict[str, Set] = {}
    for corpus, conversations in pairs:
        path = Path(conversations)
        name = f"{path.parent.name}/{path.stem}" if path.parent.name else path.stem
        unique, n = name, 2
        while unique in sets:
            unique, n = f"{name} ({n})", n + 1
        sets[unique] = ([Path(corpus)], path)
    return sets


def measure(
    sets: dict[str, Set], *, totals_only: bool = False, ablate: Sequence[str] = ()
) -> dict[str, Any]:
    """Each set's figures and the total over all of them; one store per distinct corpus.
    With `ablate`, also the follow-ups leading right with each of those rules turned off."""
    report: dict[str, dict[str, object]] = {}
    ablation: dict[str, dict[str, int]] = {rule: {} for rule in ablate}
    by_corpus: dict[tuple[Path, ...], list[str]] = {}
    for name, (sources, _) in sets.items():
        by_corpus.setdefault(tuple(sources), []).append(name)
    for corpus, names in by_corpus.items():
        with tempfile.TemporaryDirectory() as tmp:
            bot = Newsbot(Settings(data_dir=Path(tmp)))
            bot.ingestor().ingest(list(corpus))
            qa = bot.qa()
            for name in names:
                result = run(qa, sets[name][1])
                if totals_only:
                    result.pop("results")
                report[name] = result
                for rule in ablate:
                    qa.answerer.disabled_rules = frozenset({rule})
                    off = run(qa, sets[name][1])["follow_up_leads_right"]
                    ablation[rule][name] = int(str(off))
                qa.answerer.disabled_rules = frozenset()
    ordered = {name: report[name] for name in sets}
    total = {
        key: sum(int(str(r[key])) for r in ordered.values())
        for key in ("conversations", "follow_up_leads_right")
    }
    out: dict[str, Any] = {"sets": ordered, "total": total}
    if ablate:
        out["ablation"] = {
            rule: {**{n: ablation[rule][n] for n in sets}, "total": sum(ablation[rule].values())}
            for rule in ablate
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--set",
        nargs=2,
        metavar=("CORPUS", "CONVERSATIONS"),
        action="append",
        help="a corpus and its conversations; repeat for several sets",
    )
    parser.add_argument(
        "--totals-only",
        action="store_true",
        help="leave out per-conversation results (for frozen validation sets)",
    )
    parser.add_argument(
        "--ablate",
        nargs="+",
        metavar="RULE",
        default=(),
        help="also count with each of these rules turned off (followup.pronoun, ...)",
    )
    args = parser.parse_args()
    sets = (
        set_names(args.set)
        if args.set
        else {name: pair for name, pair in SETS.items() if pair[1].exists()}
    )
    report = measure(sets, totals_only=args.totals_only, ablate=args.ablate)
    if args.json:
        print(json.dumps(report))
        return
    lines = {**report["sets"], "total": report["total"]}
    for name, result in lines.items():
        print(
            f"{name}: {result['follow_up_leads_right']} of {result['conversations']} follow-ups "
            "lead with what they ask"
        )
    for rule, counts in report.get("ablation", {}).items():
        print(f"without {rule}: " + ", ".join(f"{n} {c}" for n, c in counts.items()))


if __name__ == "__main__":
    main()
