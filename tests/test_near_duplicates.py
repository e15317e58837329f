from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.conftest import CliResult
from vectorstore.near_duplicates import is_near_duplicate

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
