from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from tests.conftest import CliResult
from vectorstore.near_duplicates import agree, collapse, is_near_duplicate
from vectorstore.records import Hit, Passage

WIRE = (
    "Dock workers at Port Halden returned to work on Monday after a nine-day strike. "
    "The union and the port authority agreed on a pay rise of 6 percent over two years. "
    "Union leader Tomas Berg called the deal a fair outcome for both sides. "
    "About 140 container ships had queued outside the harbour during the stoppage."
)
EDITED = (
    "HALDEN (Wire) - Dock workers at Port Halden went back to work on Monday after a nine-day "
    "strike. The union and the port authority agreed on a pay rise of 6 per cent over two "
    "years. About 140 container ships had queued outside the harbour during the stoppage."
)
FOLLOW_UP = (
    "Port Halden handled record traffic in June, a month after the nine-day strike ended. "
    "The port authority said 310 ships called at the harbour."
)


def test_detector() -> None:
    assert is_near_duplicate(WIRE, EDITED)
    assert not is_near_duplicate(WIRE, FOLLOW_UP)


def test_answer_cites_one_copy_and_lists_the_others(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    dump = tmp_path / "wire.jsonl"
    rows = [
        {
            "url": "https://a.example/strike",
            "title": "Strike ends",
            "source": "Coastal Courier",
            "published_at": "2024-03-04",
            "body": WIRE,
        },
        {
            "url": "https://b.example/strike",
            "title": "Port strike over",
            "source": "Metro Daily",
            "published_at": "2024-03-04",
            "body": EDITED,
        },
        {
            "url": "https://c.example/traffic",
            "title": "Record June",
            "source": "Metro Daily",
            "published_at": "2024-07-01",
            "body": FOLLOW_UP,
        },
    ]
    dump.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert cli("ingest", str(dump)).exit_code == 0
    answer = cli("ask", "What pay rise did the dock workers get?", "--json").json()
    assert not answer["refused"]
    cited = {c["doc_id"] for c in answer["citations"]}
    assert len(cited & {"https://a.example/strike", "https://b.example/strike"}) == 1
    also = answer["citations"][0]["also_reported_by"]
    assert [a["doc_id"] for a in also] and {a["doc_id"] for a in also} | cited >= {
        "https://a.example/strike",
        "https://b.example/strike",
    }
    hits = cli("search", "nine-day strike", "--json").json()["results"]
    assert (
        len({h["doc_id"] for h in hits} & {"https://a.example/strike", "https://b.example/strike"})
        == 1
    )


BUSES = (
    "Arlen added {n} electric buses to its fleet in May, the council said on Monday. "
    "The new vehicles will serve 12 routes and replace diesel buses bought in 1998. "
    "Transport chief Ada Moss said the purchase was paid for partly by a national grant."
)


def test_changed_figures_are_another_report() -> None:
    """A follow-up with new figures shares nearly all its words, yet says something else."""
    assert is_near_duplicate(BUSES.format(n=17), "ARLEN (Wire) - " + BUSES.format(n=17))
    assert not is_near_duplicate(BUSES.format(n=17), BUSES.format(n=773))


def test_templated_report_about_another_town_is_another_report() -> None:
    assert not is_near_duplicate(BUSES.format(n=17), BUSES.format(n=17).replace("Arlen", "Kelso"))


def test_agreement_ignores_dropped_sentences_and_datelines() -> None:
    """A copy that drops a sentence and adds a dateline makes no contradicting context."""
    first, _, rest = BUSES.format(n=17).partition(". ")
    assert agree(BUSES.format(n=17), f"KELSO (Wire) - {first}. Reporting by staff.")
    assert agree(BUSES.format(n=17), rest)
    assert not agree(BUSES.format(n=17), BUSES.format(n=18))
    # Two copies with different datelines: "ARLEN - Arlen added" and "KELSO (Wire) - Arlen
    # added" are one text (the grouping no longer hangs on which copy ranks first).
    assert agree(f"ARLEN - {BUSES.format(n=17)}", f"KELSO (Wire) - {BUSES.format(n=17)}")
    assert not agree(f"ARLEN - {BUSES.format(n=17)}", f"KELSO (Wire) - {BUSES.format(n=18)}")


def _hit(doc: str, source: str, day: str, text: str, score: float) -> Hit:
    passage = Passage(
        chunk_id=f"{doc}#0",
        doc_id=doc,
        text=text,
        index=0,
        start=0,
        end=len(text),
        content_hash=doc,
        n_passages=1,
        source=source,
        published=date.fromisoformat(day),
    )
    return Hit(passage=passage, score=score, similarity=score)


def test_a_copy_without_an_outlet_is_named_by_its_title_as_a_title() -> None:
    """ "also reported by" names outlets; a copy with none is "a report titled ...", never its
    bare title, which would pass for an outlet's name (terminal and Telegram alike)."""
    from dataclasses import replace

    from bot.answers import also_label
    from bot.telegram_render import _also

    named = _hit("a", "Arlen Herald", "2025-05-01", "x", 0.9).passage
    untitled = replace(named, source=None, title=None)
    titled = replace(untitled, title="Aleppo Faces Onslaught")
    assert [also_label(p) for p in (named, titled, untitled)] == [
        "Arlen Herald",
        "a report titled “Aleppo Faces Onslaught”",
        "another report",
    ]
    assert "a report titled “Aleppo Faces Onslaught”" in _also([titled])


def test_collapse_cites_the_newest_copy_and_lists_each_outlet_once() -> None:
    story = BUSES.format(n=17)
    hits = [
        _hit("a", "Arlen Herald", "2025-05-01", story, 0.9),
        _hit("b", "Arlen Herald", "2025-05-03", "ARLEN - " + story, 0.8),
        _hit("c", "Kelso Times", "2025-05-02", story + " More soon.", 0.7),
        _hit("d", "Kelso Times", "2025-05-04", "KELSO - " + story, 0.6),
        _hit("e", "Arlen Herald", "2025-06-01", BUSES.format(n=773), 0.5),
    ]
    collapsed = collapse(hits)
    assert [h.passage.doc_id for h in collapsed] == ["d", "e"]  # newest copy, in the best slot
    assert [(p.doc_id, p.source) for p in collapsed[0].also] == [("b", "Arlen Herald")]
    assert collapsed[1].also == ()
