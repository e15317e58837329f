"""Topic alerts: the subscription store, the matching of new articles, rendering, the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from bot.follow import Alert, FollowError, FollowWatcher, Subscriptions, follow_file
from bot.services import Newsbot
from bot.settings import Settings
from bot.telegram_render import render_alert, render_alert_summary
from tests.conftest import CliResult
from tests.fake_telegram import check_text, parse_telegram_html
from tests.follow_articles import CEASEFIRE, CHEESE_FAIR, TOPIC, TRUCE_HOLDS, dump
from vectorstore.records import SearchFilters

Cli = Callable[..., CliResult]


def alert(subscription_id: int, chat_id: int, doc: str, **extra: str) -> Alert:
    fields = {
        "quote": f"A sentence of {doc}.",
        "title": f"Report {doc}",
        "source": "Levant Wire",
        "published": "2024-12-05",
        "url": f"https://example.org/{doc}",
        **extra,
    }
    return Alert(
        subscription_id=subscription_id,
        chat_id=chat_id,
        topic=TOPIC,
        doc_id=doc,
        content_hash="h1",
        **fields,
    )


def test_subscriptions_are_numbered_per_chat_and_persist(tmp_path: Path) -> None:
    path = tmp_path / "follow.sqlite3"
    subscriptions = Subscriptions(path)
    assert subscriptions.add(1, "  ceasefire   in Aleppo ") == (1, True)
    assert subscriptions.add(2, "harbour bridge") == (1, True)
    assert subscriptions.add(1, "frost damage") == (2, True)
    assert subscriptions.add(1, "ceasefire in Aleppo") == (1, False)  # already followed
    with pytest.raises(FollowError):
        subscriptions.add(1, "   ")
    with pytest.raises(FollowError, match="no Telegram chat id"):
        subscriptions.add(10**20, "harbour bridge")  # beyond SQLite's integers
    reopened = Subscriptions(path)  # another process, or the bot after a restart
    assert [s.topic for s in reopened.followed(1)] == ["ceasefire in Aleppo", "frost damage"]
    assert [s.chat_id for s in reopened.followed()] == [1, 2, 1]
    assert reopened.remove(1, chat_id=1).topic == "ceasefire in Aleppo"
    assert [s.topic for s in Subscriptions(path).followed(1)] == ["frost damage"]
    with pytest.raises(FollowError, match="no subscription 3"):
        reopened.remove(3, chat_id=1)


def test_many_openers_of_a_new_follow_file_at_once(tmp_path: Path) -> None:
    """Queued /follow commands run in parallel threads (and `newsbot follow add` may run in
    another process): the first ones all create the file, and none may fail on its lock."""
    from concurrent.futures import ThreadPoolExecutor

    for attempt in range(5):
        path = tmp_path / f"follow-{attempt}.sqlite3"
        with ThreadPoolExecutor(max_workers=12) as pool:
            numbers = list(
                pool.map(
                    lambda chat, path=path: Subscriptions(path).add(chat, "ceasefire")[0],
                    range(12),
                )
            )
        assert numbers == [1] * 12
        assert len(Subscriptions(path).followed()) == 12


def test_an_article_is_queued_once_per_subscription_even_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "follow.sqlite3"
    subscriptions = Subscriptions(path)
    subscriptions.add(1, TOPIC)
    subscriptions.add(2, TOPIC)
    first, other_chat = alert(1, 1, "a"), alert(2, 2, "a")
    assert subscriptions.record({"a": "h1"}, "m1", [first, other_chat]) == [first, other_chat]
    (delivery, other) = subscriptions.due()
    subscriptions.delivered(delivery)
    subscriptions.delivered(other)
    # Seen again (the same ingestion noticed twice, or an updated version after a restart).
    reopened = Subscriptions(path)
    updated = replace(first, content_hash="h2", quote="An updated sentence.")
    assert reopened.record({"a": "h2"}, "m2", [updated, first]) == []
    assert reopened.due() == []
    assert reopened.seen_versions() == {"a": "h2"}


def test_undelivered_alerts_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "follow.sqlite3"
    subscriptions = Subscriptions(path)
    subscriptions.add(1, TOPIC)
    subscriptions.record({"a": "h1"}, "m1", [alert(1, 1, "a")])
    (delivery,) = Subscriptions(path).due()  # the bot stopped before sending
    assert delivery.alerts[0].doc_id == "a" and not delivery.summary


def test_alerts_over_the_hourly_cap_go_out_as_one_summary(tmp_path: Path) -> None:
    subscriptions = Subscriptions(tmp_path / "follow.sqlite3", max_per_hour=2)
    subscriptions.add(1, TOPIC)
    subscriptions.add(9, TOPIC)
    now = 1_000_000.0
    alerts = [alert(1, 1, f"d{i}") for i in range(5)] + [alert(2, 9, "d0")]
    subscriptions.record({}, "m1", alerts, now=now)
    due = subscriptions.due(now=now)
    mine = [d for d in due if d.chat_id == 1]
    assert [(len(d.alerts), d.summary) for d in mine] == [(1, False), (1, False), (3, True)]
    assert [a.doc_id for a in mine[2].alerts] == ["d2", "d3", "d4"]
    assert [(d.chat_id, d.summary) for d in due if d.chat_id != 1] == [(9, False)]
    for delivery in due:
        subscriptions.delivered(delivery, now=now)
    # More within the hour: no room, and this hour's summary went out; they wait.
    subscriptions.record({}, "m2", [alert(1, 1, "d5"), alert(1, 1, "d6")], now=now + 60)
    assert subscriptions.due(now=now + 60) == []
    # An hour later there is room again.
    later = subscriptions.due(now=now + 3601)
    assert [(a.doc_id, d.summary) for d in later for a in d.alerts] == [
        ("d5", False),
        ("d6", False),
    ]


def test_alert_html_is_escaped_and_under_the_limit() -> None:
    hostile = alert(
        1,
        1,
        "x",
        title="<b>Bombs & <script>",
        source="A&B <News>",
    )
    hostile = replace(hostile, quote="Fighters said <i>“truce” & more " + "word " * 3000)
    text = render_alert(hostile)
    check_text(text, "HTML")  # raises as Telegram would
    shown = parse_telegram_html(text)
    assert "<b>Bombs & <script>" in shown and "A&B <News>" in shown
    many = [alert(1, 1, f"d{i}", title="T&<" * 200) for i in range(200)]
    check_text(render_alert_summary(many), "HTML")
    assert "200 more new reports" in parse_telegram_html(render_alert_summary(many))


def test_retrieval_can_be_restricted_to_documents(corpus_dir: Path) -> None:
    qa = Newsbot(Settings(data_dir=corpus_dir)).qa()
    only = ("https://example.org/harbour-bridge",)
    hits = qa.search("who captured Saraqeb?", filters=SearchFilters(doc_ids=only))
    assert hits and {h.passage.doc_id for h in hits} == set(only)
    answer = qa.ask("who captured Saraqeb?", filters=SearchFilters(doc_ids=only))
    assert answer.refused  # the bridge report does not say: the same refusal rules as `ask`


def test_new_articles_that_answer_a_topic_raise_one_alert(
    newsbot: Newsbot, wire_dump: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with newsbot.ingestion_lock():
        newsbot.ingestor().ingest([wire_dump])
    subscriptions = Subscriptions(follow_file(newsbot.settings.data_dir, "news"))
    subscriptions.add(7, TOPIC)
    watcher = FollowWatcher(newsbot, subscriptions)
    assert watcher.check() == []  # the first look: what is there already is not news

    def read_everything() -> None:  # minutes at a million passages: the change feed is read
        raise AssertionError("every document's version was read")

    monkeypatch.setattr(newsbot.store(), "document_versions", read_everything)
    newsbot.ingestor().ingest([dump(tmp_path / "new.jsonl", CHEESE_FAIR, CEASEFIRE)])
    (found,) = watcher.check()
    assert found.doc_id == CEASEFIRE["url"] and found.chat_id == 7
    assert found.quote in CEASEFIRE["body"] and "Aleppo" in found.quote
    assert (found.title, found.source, found.published) == (
        CEASEFIRE["title"],
        "Levant Wire",
        "2024-12-05",
    )
    assert watcher.check() == []  # nothing changed since
    # An updated version of the same article is not pushed again; a new one is.
    changed = {**CEASEFIRE, "body": CEASEFIRE["body"] + " Shops reopened on Friday."}
    newsbot.ingestor().ingest([dump(tmp_path / "more.jsonl", changed, TRUCE_HOLDS)])
    (second,) = watcher.check()
    assert second.doc_id == TRUCE_HOLDS["url"]


def test_follow_cli_adds_lists_and_removes(cli: Cli, isolated_settings: Path) -> None:
    result = cli("follow", "add", TOPIC, "--chat", "42")
    assert result.exit_code == 0, result.stderr
    assert cli("follow", "add", "frost damage", "--chat", "7").exit_code == 0
    listed = cli("follow", "list", "--json").json()["subscriptions"]
    assert listed == [
        {"n": 1, "chat_id": 42, "topic": TOPIC},
        {"n": 2, "chat_id": 7, "topic": "frost damage"},
    ]
    assert cli("follow", "remove", "1").exit_code == 0
    assert "chat 7: frost damage" in cli("follow", "list").stdout
    missing = cli("follow", "remove", "5")
    assert missing.exit_code == 1 and "no subscription 5" in missing.stderr
    assert follow_file(isolated_settings, "news").exists()


def test_digest_groups_what_arrived_by_story(
    cli: Cli, newsbot: Newsbot, wire_dump: Path, tmp_path: Path
) -> None:
    newsbot.ingestor().ingest([wire_dump, dump(tmp_path / "new.jsonl", CEASEFIRE, TRUCE_HOLDS)])
    result = cli("digest", "--since", "1h", "--json")
    assert result.exit_code == 0, result.stderr
    payload = result.json()
    assert payload["documents"] == 5 and payload["topic"] is None
    stories = {s["headline"]: [i["doc_id"] for i in s["items"]] for s in payload["stories"]}
    aleppo = [docs for docs in stories.values() if CEASEFIRE["url"] in docs]
    assert aleppo == [[TRUCE_HOLDS["url"], CEASEFIRE["url"]]] or aleppo == [
        [CEASEFIRE["url"], TRUCE_HOLDS["url"]]
    ]
    assert len(payload["stories"]) == 4
    for story in payload["stories"]:
        for item in story["items"]:
            assert item["quote"] and item["url"]
    topical = cli("digest", "--since", "1h", "--topic", TOPIC, "--json").json()
    cited = [i for s in topical["stories"] for i in s["items"]]
    assert {i["doc_id"] for i in cited} == {CEASEFIRE["url"], TRUCE_HOLDS["url"]}
    assert all(i["quote"] in json.dumps([CEASEFIRE, TRUCE_HOLDS]) for i in cited)
    assert cli("digest", "--since", "soon").exit_code != 0


@pytest.mark.slow
def test_digest_puts_two_outlets_reports_of_one_event_in_one_story(
    cli: Cli, newsbot: Newsbot
) -> None:
    """The tuning set's 15 reports tell 12 events; three are told twice, one updated."""
    longform = Path(__file__).resolve().parent.parent / "samples" / "longform-tune"
    newsbot.ingestor().ingest([longform / "articles.jsonl"])
    payload = cli("digest", "--since", "1h", "--json").json()
    assert payload["documents"] == 15
    stories = [sorted(i["source"] for i in s["items"]) for s in payload["stories"]]
    assert len(stories) == 12
    assert sorted(s for s in stories if len(s) > 1) == [
        ["Ambergate Chronicle", "Northreach Wire"],  # the Kettlewick Ridge fire
        ["Ambergate Chronicle", "Northreach Wire"],  # the Quenby referendum, updated
        ["Calloway Press Agency", "Tessmark Radio News"],  # the Kestrel Dawn ferry
    ]


def test_a_digest_reaching_back_past_every_date_is_one_clear_error() -> None:
    from bot.digest import BadSince, parse_since

    with pytest.raises(BadSince, match="before any date"):
        parse_since("99999999d")
