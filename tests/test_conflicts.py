"""Conflicting and updated figures: the rules on plain strings, then through the real CLI,
with two conflicting reports ingested into real Chroma."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bot.answering.conflicts import (
    Reported,
    differ,
    disagreement,
    figure_range,
    gather,
    of_another_year,
    same_event,
    same_story,
)
from bot.answering.extractive import _names_only_others
from bot.answering.nlp import NlpPipeline
from bot.answering.question import parse_question
from bot.answers import Answer, Citation, Conflict
from bot.qa import differ_line
from tests.conftest import CliResult
from vectorstore.embeddings import Embedder
from vectorstore.records import Passage


def _report(value: str, doc: str, day: str | None, source: str = "") -> Reported[str]:
    published = date.fromisoformat(day) if day else None
    return Reported(value, doc, source or f"Outlet {doc}", published, f"sentence of {doc}")


def test_figures_that_cannot_both_be_true_differ() -> None:
    assert differ("7,100 hectares", "about 6,400 hectares")
    assert differ("at least 45 homes", "38 homes")
    assert differ("51.4 percent", "63.9 percent")
    assert differ("1.4 billion euros", "900 million euros")


def test_figures_that_can_both_be_true_do_not() -> None:
    assert not differ("more than 2,000 people", "some 2,300 people")
    assert not differ("about 4,800 postal votes", "4,812 postal votes")
    assert not differ("1.4 billion euros", "1,400 million euros")
    assert not differ("25 million euros", "25 million dollars")  # not comparable
    assert not differ("12 percent", "12 people")  # a share against a count: not compared
    assert not differ("between 28 million and 34 million euros", "30 million euros")


def test_dates_differ_only_on_a_part_both_state() -> None:
    assert differ("June 18", "20 June 2026", dates=True)
    assert differ("2004", "2006", dates=True)
    assert not differ("June 18", "18 June 2026", dates=True)
    assert not differ("Sunday", "Monday", dates=True)  # relative to each report's day


def test_figure_range_reads_qualifiers_and_scales() -> None:
    assert figure_range("about 6,400 hectares") == figure_range("around 6,400 hectares")
    low = figure_range("more than 2,000 people")
    assert low is not None and low.low == 2000 and low.high == float("inf")
    sum_ = figure_range("1.4 billion euros")
    assert sum_ is not None and sum_.low == 1.4e9 and sum_.unit == "EUR"
    assert figure_range("five villages") is not None
    assert figure_range("no figure here") is None


def test_rule_reports_differ_fires_on_same_day_disagreement() -> None:
    found = disagreement(
        [
            _report("17 people", "coastguard", "2025-06-28"),
            _report("21 people", "radio", "2025-06-28"),
        ]
    )
    assert found is not None and found.rule == "conflict.reports-differ"
    assert [r.value for r in found.reports] == ["17 people", "21 people"]  # answer order on ties
    assert not found.latest


def test_rule_reports_differ_stays_silent_when_values_agree() -> None:
    agreeing = [
        _report("some 2,300 people", "a", "2025-08-12"),
        _report("more than 2,000 people", "b", "2025-08-12"),
        _report("2,300 people", "a", "2025-08-12"),  # a report's first value counts
    ]
    assert disagreement(agreeing) is None
    assert disagreement([_report("17 people", "a", None)]) is None


def test_rule_latest_names_the_later_report_first() -> None:
    found = disagreement(
        [
            _report("54.2 percent", "preliminary", "2026-03-09"),
            _report("53.7 percent", "final", "2026-03-11"),
        ]
    )
    assert found is not None and found.rule == "conflict.latest" and found.latest
    assert [r.doc_id for r in found.reports] == ["final", "preliminary"]


def test_rule_latest_shows_a_later_figure_that_updates_a_lower_bound() -> None:
    """Both can be true ("at least 38", then 61), but the reader should see the newer one."""
    found = disagreement(
        [_report("at least 38 people", "first", "2026-06-02"), _report("61", "later", "2026-06-03")]
    )
    assert found is not None and found.rule == "conflict.latest"
    assert [r.value for r in found.reports] == ["61", "at least 38 people"]
    # The same figure again, or a later report's figure when the lead is the newest: no update.
    assert (
        disagreement([_report("61", "a", "2026-06-02"), _report("61 dead", "b", "2026-06-03")])
        is None
    )
    assert (
        disagreement([_report("61", "a", "2026-06-03"), _report("at least 38", "b", "2026-06-02")])
        is None
    )
    # Figures of different units are no update of one another ("a decade" is no length).
    assert (
        disagreement([_report("3.2 km", "a", "2026-03-09"), _report("a decade", "b", "2026-03-11")])
        is None
    )


def test_rule_latest_not_claimed_when_the_newest_shares_its_day() -> None:
    found = disagreement(
        [
            _report("14 killed", "a", "2025-05-04"),
            _report("22 killed", "b", "2025-05-04"),
            _report("9 killed", "c", "2025-05-01"),
        ]
    )
    assert found is not None and found.rule == "conflict.reports-differ"
    assert [r.value for r in found.reports] == ["14 killed", "22 killed", "9 killed"]


def test_agreeing_reports_are_one_value_shown_by_the_newest() -> None:
    found = disagreement(
        [
            _report("22 killed", "old", "2025-05-02"),
            _report("14 killed", "other", "2025-05-03"),
            _report("22 killed", "new", "2025-05-04"),
        ]
    )
    assert found is not None
    assert [(r.value, r.doc_id) for r in found.reports] == [
        ("22 killed", "new"),
        ("14 killed", "other"),
    ]


def test_differ_line_lists_values_newest_first_with_outlet_and_date() -> None:
    line = differ_line(
        (
            Conflict("22 killed", 1, "Daily Ledger", date(2025, 5, 4), latest=True),
            Conflict("14 killed", 2, "Coastal Post", date(2025, 5, 3)),
        )
    )
    assert line == (
        "Reports differ: 22 killed (Daily Ledger, 4 May 2025, the latest) [1]; "
        "14 killed (Coastal Post, 3 May 2025) [2]."
    )


LEDGER = (
    "BRENMOOR — The collapse of a gallery at the Brenmoor coal mine killed 22 people, the "
    "regional governor said on Sunday, as rescuers recovered the last bodies. Rescue teams "
    "worked through the night in the flooded tunnels. The mine's owner, Harlow Coal, said it "
    "would pay for the funerals and suspended work at its other pits."
)
COASTAL = (
    "Rescuers at the Brenmoor coal mine said the collapse of a gallery killed 14 people, "
    "with several miners still unaccounted for. The fire service said the tunnels were "
    "flooded and that pumps had been brought from the coast. Harlow Coal said an inquiry "
    "would look at the gallery's supports."
)


def _dump(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    dump = tmp_path / "reports.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return dump


def test_cli_shows_conflicting_reports_side_by_side(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    dump = _dump(
        tmp_path,
        [
            {
                "url": "https://ledger.example/brenmoor",
                "title": "Brenmoor mine collapse toll rises",
                "source": "Daily Ledger",
                "published_at": "2025-05-04",
                "body": LEDGER,
            },
            {
                "url": "https://coastal.example/brenmoor",
                "title": "Brenmoor mine collapse",
                "source": "Coastal Post",
                "published_at": "2025-05-03",
                "body": COASTAL,
            },
        ],
    )
    assert cli("ingest", str(dump)).exit_code == 0
    question = "How many people were killed in the Brenmoor mine collapse?"
    answer = cli("ask", question, "--json").json()
    assert answer["conflicts"] == [
        {
            "value": "22 people",
            "n": 1,
            "source": "Daily Ledger",
            "published": "2025-05-04",
            "latest": True,
        },
        {
            "value": "14 people",
            "n": 2,
            "source": "Coastal Post",
            "published": "2025-05-03",
            "latest": False,
        },
    ]
    assert answer["answer"].startswith(
        "Reports differ: 22 people (Daily Ledger, 4 May 2025, the latest) [1]; "
        "14 people (Coastal Post, 3 May 2025) [2]."
    )
    assert [c["source"] for c in answer["citations"][:2]] == ["Daily Ledger", "Coastal Post"]
    assert "conflict.latest" in [w["rule"] for w in answer["why"]]
    shown = cli("ask", question)
    assert shown.exit_code == 0
    assert "Reports differ" in shown.stdout
    assert "[1] 22 people — Daily Ledger, 2025-05-04 (latest)" in shown.stdout
    assert "[2] 14 people — Coastal Post, 2025-05-03" in shown.stdout


def test_cli_copies_are_not_a_conflict_and_changed_figures_are(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """The issue's case: a story and its copies, and later reports with new figures."""
    story = (
        "Arlen added {n} electric buses to its fleet, the council said on Monday. The new "
        "vehicles will serve 12 routes and replace diesel buses bought in the nineties. "
        "Transport chief Ada Moss said the purchase was paid for partly by a national grant."
    )
    rows = [
        {
            "url": f"https://{site}.example/{day}",
            "title": "Arlen buses",
            "source": source,
            "published_at": day,
            "body": prefix + story.format(n=n),
        }
        for site, source, day, prefix, n in [
            ("herald", "Arlen Herald", "2025-03-01", "", 17),
            ("herald-copy", "Arlen Herald", "2025-03-02", "ARLEN - ", 17),
            ("kelso", "Kelso Times", "2025-03-03", "KELSO (Wire) - ", 17),
            ("herald-june", "Arlen Herald", "2025-06-01", "", 773),
        ]
    ]
    assert cli("ingest", str(_dump(tmp_path, rows))).exit_code == 0
    answer = cli("ask", "How many electric buses did Arlen add?", "--json").json()
    values = [(c["value"], c["published"]) for c in answer["conflicts"]]
    assert values == [("773 electric buses", "2025-06-01"), ("17 electric buses", "2025-03-03")]
    seventeen = next(c for c in answer["citations"] if "17" in c["quote"])
    assert seventeen["source"] == "Kelso Times"  # the newest copy is cited
    assert [a["source"] for a in seventeen["also_reported_by"]] == ["Arlen Herald"]


def _passage(doc: str, source: str, day: date, text: str) -> Passage:
    return Passage(
        chunk_id=f"{doc}#0",
        doc_id=doc,
        text=text,
        index=0,
        start=0,
        end=len(text),
        content_hash=doc,
        n_passages=1,
        title=f"Report <{doc}>",
        source=source,
        url=f"https://{doc}.example/",
        published=day,
    )


def test_telegram_renders_conflicts_escaped_and_short() -> None:
    from bot.telegram_render import MESSAGE_LIMIT, render_answer, telegram_length

    conflicts = (
        Conflict("22 <killed>", 1, "Daily & Ledger", date(2025, 5, 4), latest=True),
        Conflict("14 killed", 2, "Coastal Post " + "x" * 300, date(2025, 5, 3)),
    )
    citations = tuple(
        Citation(
            n=c.n, quote=q, passage=_passage(f"d{c.n}", c.source or "", c.published, q), score=1.0
        )
        for c, q in zip(conflicts, ["It killed 22 people.", "It killed 14 people."], strict=True)
    )
    answer = Answer(
        question="How many were killed?",
        text=differ_line(conflicts) + " It killed 22 people. [1] It killed 14 people. [2]",
        refused=False,
        citations=citations,
        conflicts=conflicts,
    )
    messages = render_answer(answer)
    html = "\n".join(messages)
    assert "<b>Reports differ</b>" in html
    assert "[1] <b>22 &lt;killed&gt;</b> — Daily &amp; Ledger, 2025-05-04 <i>(latest)</i>" in html
    block = html.split("<b>Reports differ</b>")[1].split("<b>Sources</b>")[0]
    assert "[2] <b>14 killed</b> — Coastal Post xxx" in block and "x" * 100 not in block
    assert "<killed>" not in html
    assert all(telegram_length(m) <= MESSAGE_LIMIT for m in messages)


def test_a_figure_said_to_be_added_is_no_value_to_set_against_a_total() -> None:
    """conflict.reports-differ: "16 more people" came on top of a total; "31 people" and
    "47 people" are totals and are gathered."""
    values = {"a": "31 people", "b": "16 more people", "c": "47 people", "d": "312 new cases"}
    found = gather(list(values), values.get, lambda doc: (doc, f"Outlet {doc}", None))
    assert [r.value for r in found] == ["31 people", "47 people"]
    # One picked out of a whole is a part of it: "one of 11 vehicles" agrees with 11.
    parts = {"a": "one of 11 vehicles", "b": "at least 11 vehicles", "c": "three of the 12 miners"}
    found = gather(list(parts), parts.get, lambda doc: (doc, f"Outlet {doc}", None))
    assert [r.value for r in found] == ["at least 11 vehicles"]


def test_a_past_year_makes_a_figure_another_years() -> None:
    assert of_another_year("In 2004, turnout was 49 percent.", date(2026, 3, 9), frozenset())
    assert not of_another_year("Turnout was 63.9 percent.", date(2026, 3, 11), frozenset())
    assert not of_another_year("In 2026 turnout was 63.9 percent.", date(2026, 3, 11), frozenset())
    assert not of_another_year("In 2004, turnout was 49 percent.", None, frozenset({"2004"}))


def test_another_events_report_is_left_out() -> None:
    reports = [_report("298 passengers", "ferry", None), _report("1.1 million", "bridge", None)]
    coverage = {"ferry": 0.9, "bridge": 0.4}
    kept = same_event(reports, lambda r: coverage[r.doc_id])
    assert [r.doc_id for r in kept] == ["ferry"]
    coverage["bridge"] = 0.8
    assert len(same_event(reports, lambda r: coverage[r.doc_id])) == 2


def test_another_storys_report_is_left_out() -> None:
    reports = [
        _report("298 passengers", "ferry", None),
        _report("312 passengers", "ferry-2", None),
        _report("1.1 million passengers", "bridge", None),
        _report("300 passengers", "untitled", None),
    ]
    headlines = {("ferry", "ferry-2"): 0.52, ("ferry", "bridge"): 0.23}
    kept = same_story(reports, lambda a, b: headlines.get((a.doc_id, b.doc_id)))
    assert [r.doc_id for r in kept] == ["ferry", "ferry-2", "untitled"]


def test_headlines_of_one_story_are_close_and_of_two_are_not(embedder: Embedder) -> None:
    from bot.answering.conflicts import SAME_STORY_SIMILARITY

    ferry, ferry_again, bridge = embedder.encode_passages(
        [
            "Ferry runs aground off Morrow Point; 17 hurt as 336 people are taken off",
            "Kestrel Dawn ferry grounding: 21 injured as passengers describe panic",
            "Quenby islanders narrowly back bridge to mainland in referendum",
        ]
    )
    assert float(ferry @ ferry_again) >= SAME_STORY_SIMILARITY
    assert float(ferry @ bridge) < SAME_STORY_SIMILARITY
    assert float(ferry_again @ bridge) < SAME_STORY_SIMILARITY


def test_cli_never_sets_another_storys_figure_beside_the_asked_one(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """Found by hand on samples/longform-tune: "How many passengers were on the ferry?" gave
    "Reports differ: 1.1 million passengers (…, the latest)", the bridge referendum report's
    yearly ferry traffic, beside the grounded ferry's 298 and 312."""
    source = Path(__file__).parent.parent / "samples" / "longform-tune" / "articles.jsonl"
    rows = [json.loads(line) for line in source.read_text().splitlines() if line.strip()]
    dump = tmp_path / "ferry-and-bridge.jsonl"
    dump.write_text(
        "\n".join(
            json.dumps(row)
            for row in rows
            if any(word in row["title"] for word in ("Quenby islanders", "ferry", "Ferry"))
        )
    )
    assert cli("ingest", str(dump)).exit_code == 0
    answer = cli("ask", "How many passengers were on the ferry?", "--json").json()
    assert all("1.1 million" not in c["value"] for c in answer["conflicts"])
    assert "1.1 million passengers (" not in answer["answer"]


def test_a_figure_whose_subject_names_only_others_is_anothers(nlp: NlpPipeline) -> None:
    """Whose a figure is, a sentence says in its subject; a name that only says who told, or
    where ("most of them in the villages of Hasket and Mossby"), leaves it the asked one's."""
    plant = parse_question("How many people work at Velstrand's Ferrow plant?", nlp)
    rival = "In Sardovan, the Kemmel Home plant in the town of Drezny employs about 700 people."
    assert _names_only_others(plant, nlp.parse(rival))
    assert not _names_only_others(plant, nlp.parse("The Ferrow plant employs 610 people."))
    fire = parse_question("How many homes were destroyed in the Kettlewick Ridge fire?", nlp)
    for sentence in [
        "At least 45 homes have been destroyed, civil protection officials said, most of them "
        "in the villages of Hasket and Mossby on the eastern slopes of the ridge.",
        "The Red Cross said 38 homes had been destroyed.",
        "Forty homes were destroyed, according to the Marrowdene Civil Protection Agency.",
    ]:
        assert not _names_only_others(fire, nlp.parse(sentence)), sentence


def test_a_figure_of_another_named_company_is_no_value_to_set_beside_the_asked_one(
    tmp_path: Path, cli: Callable[..., CliResult]
) -> None:
    """The later report names the asked plant, but the sentence its count comes from is about
    a rival's plant: "about 700 people" is Kemmel Home's, not Velstrand's Ferrow plant's."""
    dump = _dump(
        tmp_path,
        [
            {
                "url": "https://ledger.example/velstrand",
                "title": "Velstrand to close Ferrow washing machine plant",
                "source": "Daily Ledger",
                "published_at": "2026-03-05",
                "body": "Velstrand will close its washing machine plant in Ferrow next year, the "
                "company said on Thursday. The Ferrow plant employs 610 people.",
            },
            {
                "url": "https://coastal.example/velstrand",
                "title": "Velstrand's Ferrow plant closure hits suppliers",
                "source": "Coastal Post",
                "published_at": "2026-03-11",
                "body": "Suppliers of Velstrand's Ferrow plant said on Wednesday they would cut "
                "jobs after the closure. In Sardovan, the Kemmel Home plant in the town of "
                "Drezny employs about 700 people.",
            },
        ],
    )
    assert cli("ingest", str(dump)).exit_code == 0
    answer = cli("ask", "How many people work at Velstrand's Ferrow plant?", "--json").json()
    assert answer["conflicts"] == [], answer["answer"]
    assert not answer["answer"].startswith("Reports differ"), answer["answer"]


def test_a_sum_stated_by_its_sentence_still_shows_reports_that_differ(
    cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """lead.sentence-first quotes a sum's sentence instead of stating the sum first; the
    reports that give another sum for the same thing are still set side by side."""
    body = "The Seltz Strait rail tunnel will cost {} billion euros, the ministry said on {}."
    dump = _dump(
        tmp_path,
        [
            {
                "url": "https://ledger.example/tunnel",
                "title": "Seltz Strait tunnel cost rises again",
                "source": "Daily Ledger",
                "published_at": "2026-07-14",
                "body": body.format("7.9", "Tuesday"),
            },
            {
                "url": "https://coastal.example/tunnel",
                "title": "Seltz Strait tunnel cost",
                "source": "Coastal Post",
                "published_at": "2026-07-13",
                "body": body.format("6.8", "Monday"),
            },
        ],
    )
    assert cli("ingest", str(dump)).exit_code == 0
    answer = cli("ask", "How much will the Seltz Strait rail tunnel cost?", "--json").json()
    rules = [w["rule"] for w in answer["why"]]
    assert "lead.sentence-first" in rules, rules
    assert answer["answer"].startswith("Reports differ: "), answer["answer"]
    assert {c["source"] for c in answer["conflicts"]} == {"Daily Ledger", "Coastal Post"}
