"""Follow-up questions without an LLM: does the second answer lead with what it asks?

Each conversation is two turns ("How many were killed in the floods?", then "And how many
were injured?"). The second question is asked with the first exchange as history, as `chat`
and Telegram do; it counts as right when an accepted answer is in its first statement (the
text before its first citation), as `lead_accuracy` counts in `newsbot eval`.

    .venv/bin/python benchmarks/followups.py                 # the long-article sets
    .venv/bin/python benchmarks/followups.py --set CORPUS CONVERSATIONS --json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from sample_data import REPO, TUNE_CORPUS, VALIDATION_CORPUS

sys.path.insert(0, str(REPO))

from bot.evaluation import first_statement, mentions
from bot.services import Newsbot
from bot.settings import Settings

SETS = {
    "longform-tune": (TUNE_CORPUS, REPO / "samples/longform-tune/conversations.json"),
    "longform-tune extra": (TUNE_CORPUS, REPO / "samples/longform-tune/conversations-extra.json"),
    "newsqa": (
        [REPO / "samples/newsqa/articles.jsonl"],
        REPO / "samples/newsqa/conversations.json",
    ),
    "longform (validation)": (VALIDATION_CORPUS, REPO / "samples/longform/conversations.json"),
}


def run(sources: list[Path], conversations: Path, workdir: Path) -> dict[str, object]:
    bot = Newsbot(Settings(data_dir=workdir))
    bot.ingestor().ingest(sources)
    qa = bot.qa()
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
                    "why": [w.rule for w in answer.why],
                }
            )
        results.append({"id": conversation["id"], "turns": turns})
    follow_ups = [c["turns"][-1] for c in results]
    right = sum(1 for t in follow_ups if t["lead_correct"])
    return {"conversations": len(results), "follow_up_leads_right": right, "results": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--set", nargs=2, metavar=("CORPUS", "CONVERSATIONS"), action="append")
    args = parser.parse_args()
    sets = (
        {Path(c).stem: ([Path(a)], Path(c)) for a, c in args.set}
        if args.set
        else {name: pair for name, pair in SETS.items() if pair[1].exists()}
    )
    report = {}
    for name, (sources, conversations) in sets.items():
        with tempfile.TemporaryDirectory() as tmp:
            report[name] = run(sources, conversations, Path(tmp))
    if args.json:
        print(json.dumps(report))
        return
    for name, result in report.items():
        print(
            f"{name}: {result['follow_up_leads_right']} of {result['conversations']} follow-ups "
            "lead with what they ask"
        )


if __name__ == "__main__":
    main()
