"""Conflicting and updated figures: how often the answer shows them, and how often it is wrong.

On a QA set whose `notes` mark the items where two reports disagree (`conflict: ...`, both
values acceptable, a good answer reports both) or a later report updates an earlier one
(`update: ...`, only the later value acceptable), every question is asked and counted:

- conflicts shown: a `conflict:` item whose `conflicts` list gives two accepted values;
- updates named: an `update:` item whose `conflicts` list names the accepted (later) value as
  the latest, or that has no conflict and leads with the accepted value;
- false "Reports differ": any other item (or an unanswerable one) answered with conflicts.

    .venv/bin/python benchmarks/conflicts.py [--set tune|newsqa] [--data-dir D] [--json]

With no `--data-dir` the corpus is ingested into a temporary directory first.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sample_data import OWN_CORPUS, OWN_QUESTIONS, TUNE_CORPUS, TUNE_QUESTIONS  # noqa: E402

from bot.evaluation import first_statement, mentions  # noqa: E402
from bot.services import Newsbot  # noqa: E402
from bot.settings import Settings  # noqa: E402

SETS = {"tune": (TUNE_CORPUS, TUNE_QUESTIONS), "newsqa": (OWN_CORPUS, OWN_QUESTIONS)}


def measure(bot: Newsbot, questions: Path) -> dict[str, object]:
    raw = json.loads(questions.read_text(encoding="utf-8"))
    items = raw["queries"] if isinstance(raw, dict) else raw
    qa = bot.qa()
    shown, named, false_claims = [], [], []
    conflict_items = update_items = 0
    for item in items:
        question = item.get("question") or item.get("query")
        notes = str(item.get("notes") or "")
        accepted = [a for a in item.get("answers") or [item.get("answer")] if a]
        answer = qa.ask(question)
        values = [c.value for c in answer.conflicts]
        row = {"id": item.get("id", question), "answer": answer.text[:300], "values": values}
        if notes.startswith("conflict:"):
            conflict_items += 1
            given = {a for a in accepted if any(mentions(v, [a]) for v in values)}
            both = len(values) >= 2 and len({_figure(a) for a in given}) >= 2
            (shown if both else []).append(row)
            if not both:
                row["missed"] = True
        elif notes.startswith("update:"):
            update_items += 1
            latest = answer.conflicts[0] if answer.conflicts else None
            ok = (latest is not None and latest.latest and mentions(latest.value, accepted)) or (
                not answer.conflicts and mentions(first_statement(answer.text), accepted)
            )
            if ok:
                named.append(row)
        elif answer.conflicts:
            false_claims.append(row)
    return {
        "questions": len(items),
        "conflict_items": conflict_items,
        "conflicts_shown": len(shown),
        "update_items": update_items,
        "updates_named": len(named),
        "false_reports_differ": len(false_claims),
        "false_examples": false_claims[:10],
        "shown_examples": shown[:10],
    }


def _figure(answer: str) -> str:
    """ "7,100 hectares" and "7,100" are one value."""
    return next((word for word in answer.split() if any(ch.isdigit() for ch in word)), answer)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=sorted(SETS), default="tune")
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    corpus, questions = SETS[args.set]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp) / "newsbot"
        bot = Newsbot(Settings(data_dir=data_dir))
        if args.data_dir is None:
            bot.ingestor().ingest([str(p) for p in corpus])
        result = measure(bot, questions)
    if args.json:
        print(json.dumps(result))
        return
    print(
        f"{args.set}: {result['questions']} questions; conflicts shown "
        f"{result['conflicts_shown']}/{result['conflict_items']}, updates named "
        f"{result['updates_named']}/{result['update_items']}, false 'Reports differ' "
        f"{result['false_reports_differ']}"
    )
    for row in result["false_examples"]:  # type: ignore[attr-defined]
        print(f"  false: {row['id']}: {row['answer']}")


if __name__ == "__main__":
    main()
