from __future__ import annotations

import itertools
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from ingest.chunking import chunk_text, split_sentences
from tests.conftest import SAMPLES
from vectorstore.text import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_WORDS,
    TENS_WORDS,
    dateline_dash,
    without_dateline,
    words_pattern,
)

ARTICLE = (SAMPLES / "aleppo-insurgent-onslaught.txt").read_text(encoding="utf-8")


def test_every_passage_is_an_exact_slice_of_the_article() -> None:
    chunks = chunk_text(ARTICLE, max_chars=800, overlap_chars=200)
    assert len(chunks) > 3
    for chunk in chunks:
        assert chunk.text == ARTICLE[chunk.start : chunk.end]
        assert len(chunk.text) <= 800
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_passages_cover_the_article_and_overlap() -> None:
    chunks = chunk_text(ARTICLE, max_chars=600, overlap_chars=200)
    assert chunks[0].start == 0
    assert chunks[-1].end == len(ARTICLE.rstrip())
    for before, after in itertools.pairwise(chunks):
        assert after.start < before.end, "neighbouring passages share boundary sentences"
        assert after.start > before.start


def test_passages_never_cut_a_sentence() -> None:
    sentences = {ARTICLE[s:e] for s, e in split_sentences(ARTICLE)}
    for chunk in chunk_text(ARTICLE, max_chars=500, overlap_chars=100):
        pieces = {chunk.text[s:e] for s, e in split_sentences(chunk.text)}
        assert pieces <= sentences


def test_sentence_splitting_respects_abbreviations_and_initials() -> None:
    text = 'Mr. Smith met Dr. J. Doe in the U.S. on Monday. He left. "Why?" she asked.'
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Mr. Smith met Dr. J. Doe in the U.S. on Monday.",
        "He left.",
        '"Why?" she asked.',
    ]


def test_line_breaks_end_sentences() -> None:
    text = "Headline without a full stop\nFirst sentence. Second one."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Headline without a full stop",
        "First sentence.",
        "Second one.",
    ]


def test_a_sentence_longer_than_the_bound_is_split_at_spaces() -> None:
    text = " ".join(["word"] * 200) + "."
    chunks = chunk_text(text, max_chars=100, overlap_chars=0)
    assert all(len(c.text) <= 100 for c in chunks)
    assert " ".join(c.text for c in chunks).split() == text.split()


def test_empty_text_has_no_passages() -> None:
    assert chunk_text("   \n  ") == []


@pytest.mark.parametrize(("size", "overlap"), [(0, 0), (100, 100), (100, -1)])
def test_invalid_bounds_are_rejected(size: int, overlap: int) -> None:
    with pytest.raises(ValueError):
        chunk_text("Some text.", max_chars=size, overlap_chars=overlap)


@contextmanager
def cpu_budget(seconds: float) -> Iterator[None]:
    """Fail the block once it has used `seconds` of CPU time (SIGPROF, not the wall clock).

    A guard against quadratic time, tens of times above what the linear code needs, so load
    on the machine does not make it flaky; the quadratic code it catches would need minutes.
    """

    def over_budget(signum: int, frame: object) -> None:
        raise AssertionError(f"more than {seconds:g} CPU-seconds: quadratic time?")

    previous = signal.signal(signal.SIGPROF, over_budget)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@pytest.mark.parametrize(
    "text",
    [
        # 2M characters on one line: copying the line's prefix at every boundary took minutes.
        "Mr. J. Smith counted the ferries today. The harbour reopened. " * 32_000,
        "Dots" + "." * 1_000_000 + " and more",  # tried from every dot, backtracked: hours
        "A." + " " * 1_000_000 + "B.",
    ],
    ids=["sentences", "dots", "spaces"],
)
def test_splitting_is_linear_in_the_length_of_a_line(text: str) -> None:
    with cpu_budget(10):
        spans = split_sentences(text)
        chunks = chunk_text(text, max_chars=800, overlap_chars=200)
    assert all(text[s:e].strip() == text[s:e] for s, e in spans)
    assert chunks[-1].end == len(text.rstrip())


def test_a_tab_before_a_full_stop_is_not_a_sentence() -> None:
    text = "\t. A new sentence."
    assert [text[s:e] for s, e in split_sentences(text)] == [".", "A new sentence."]


@pytest.mark.parametrize(
    ("sentence", "after"),
    [
        ("OSTRABRUCK — Rahel Tesfamar broke the record.", "Rahel Tesfamar broke the record."),
        (
            "MARROWDENE, Aug 12 (Northreach) — A wildfire had burned 7,100 hectares.",
            "A wildfire had burned 7,100 hectares.",
        ),
        (
            "SAN ILARIO, Valderra, March 11 (Harbor Press Agency) - Rescue workers dug on.",
            "Rescue workers dug on.",
        ),
        (
            "WASHINGTON (Reuters) - The Pentagon awarded the contract.",
            "The Pentagon awarded the contract.",
        ),
        (
            "UNITED NATIONS (Reuters) - Observers said the vote was fair.",
            "Observers said the vote was fair.",
        ),
        ("JERUSALEM/GAZA (Reuters) - Talks resumed.", "Talks resumed."),
        ("DAR es SALAAM, Tanzania (Reuters) - Rain fell.", "Rain fell."),
        ("SÃO PAULO, Brazil — Floods spread.", "Floods spread."),
        ("LONDON, March 3 (AP) — Prices rose.", "Prices rose."),
        # No dateline: a dash inside the news, a capitalised word that is no place in capitals,
        # an acronym before an aside between dashes, a list of names, a clause after a comma.
        (
            "NATO — the alliance of 32 nations — agreed to send troops.",
            "NATO — the alliance of 32 nations — agreed to send troops.",
        ),
        (
            "BP, Shell and Exxon — the three largest oil firms — reported profits.",
            "BP, Shell and Exxon — the three largest oil firms — reported profits.",
        ),
        (
            "UNICEF, which runs 40 clinics - more than any other agency - said.",
            "UNICEF, which runs 40 clinics - more than any other agency - said.",
        ),
        ("EU - UK trade fell 3 percent.", "EU - UK trade fell 3 percent."),
        (
            "EU-wide sales fell 3 percent - the steepest drop since 2020.",
            "EU-wide sales fell 3 percent - the steepest drop since 2020.",
        ),
        ("The US - China talks resumed on Monday.", "The US - China talks resumed on Monday."),
        (
            "NATO said - on Monday - that it would act.",
            "NATO said - on Monday - that it would act.",
        ),
        ("A wildfire — the worst in years — spread.", "A wildfire — the worst in years — spread."),
    ],
)
def test_a_dateline_is_where_the_report_was_filed(sentence: str, after: str) -> None:
    assert without_dateline(sentence) == after
    dash = dateline_dash(sentence)
    assert (dash is None) == (after == sentence)
    if dash is not None:
        assert sentence[dash] in "—–-"


def test_one_vocabulary_of_months_and_numbers() -> None:
    """The month names, their short forms and the numbers in words are written once
    (`vectorstore.text`), and every reader builds its patterns from them: a short form
    stands for its month, a number word's position is its value, and a pattern tries the
    longer of two words that share a beginning first."""
    assert set(MONTH_ABBREVIATIONS.values()) == set(MONTHS) - {"may"}
    assert MONTH_ABBREVIATIONS["sept"] == MONTH_ABBREVIATIONS["sep"] == "september"
    assert NUMBER_WORDS.index("seventeen") == 17 and TENS_WORDS.index("sixty") == 4
    pattern = re.compile(rf"(?:{words_pattern(NUMBER_WORDS)})")
    assert pattern.match("sixteen").group(0) == "sixteen"
