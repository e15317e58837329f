"""What an answer remembers across questions, and what it starts early: sentence vectors and
parses. Both must give exactly what computing afresh gives."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from bot.answering.nlp import NlpPipeline, NlpPipelineError
from bot.answering.text_vectors import TextVectors
from bot.services import Newsbot
from tests.conftest import SAMPLES
from vectorstore.embeddings import Embedder

SENTENCES = [
    "Police said they had detained a 58-year-old farmer on suspicion of starting the fire.",
    "Zelmar Airlines grounded all 23 of its aircraft, affecting 4,100 passengers.",
    "The bridge, opened in 1962, carries about 38,000 vehicles a day.",
]


class CountingEncoder:
    """The real model's `encode_passages`, recording what reaches it."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.embedder.encode_passages(texts)


def test_remembered_vectors_are_the_encoders_own(embedder: Embedder) -> None:
    vectors = TextVectors(embedder.encode_passages, size=16)
    vectors.encode(SENTENCES[:2])
    texts = [SENTENCES[1], SENTENCES[2], SENTENCES[1], SENTENCES[0]]
    np.testing.assert_allclose(
        vectors.encode(texts), embedder.encode_passages(texts), rtol=0, atol=1e-6
    )


def test_only_texts_not_remembered_reach_the_encoder_in_one_batch(embedder: Embedder) -> None:
    encoder = CountingEncoder(embedder)
    vectors = TextVectors(encoder, size=16)
    vectors.encode([SENTENCES[0], SENTENCES[0]])
    vectors.encode(SENTENCES)
    vectors.encode(list(reversed(SENTENCES)))
    assert encoder.calls == [[SENTENCES[0]], SENTENCES[1:]]


def test_work_meanwhile_starts_only_when_the_encoder_runs(embedder: Embedder) -> None:
    """Early parses overlap the encoder; with every vector remembered or stored there is
    nothing to overlap, and they would only hold the parser from the binders."""
    started: list[int] = []
    stored = {SENTENCES[1]: embedder.encode_passages([SENTENCES[1]])[0]}
    vectors = TextVectors(
        embedder.encode_passages,
        size=16,
        stored=lambda texts: {t: stored[t] for t in texts if t in stored},
    )
    vectors.encode([SENTENCES[1]], meanwhile=lambda: started.append(1))
    assert started == []  # read from the store
    vectors.encode([SENTENCES[1], SENTENCES[0]], meanwhile=lambda: started.append(2))
    assert started == [2]  # SENTENCES[0] was encoded
    vectors.encode(SENTENCES[:2], meanwhile=lambda: started.append(3))
    assert started == [2]  # both remembered now


def test_the_least_recently_used_text_is_forgotten_first(embedder: Embedder) -> None:
    encoder = CountingEncoder(embedder)
    vectors = TextVectors(encoder, size=2)
    vectors.encode(SENTENCES[:2])
    vectors.encode([SENTENCES[0]])  # used again: the second is now the oldest
    vectors.encode([SENTENCES[2]])
    vectors.encode([SENTENCES[0], SENTENCES[1]])
    assert encoder.calls[-1] == [SENTENCES[1]]


def test_similarity_and_an_empty_batch(embedder: Embedder) -> None:
    vectors = TextVectors(embedder.encode_queries, size=8)
    assert vectors.similarity("troops", "troops") > 0.999
    assert vectors.similarity("troops", "soldiers") > vectors.similarity("troops", "storks")
    assert vectors.encode([]).shape == (0, embedder.dimension)


def test_threads_asking_at_once_get_the_same_vectors(embedder: Embedder) -> None:
    vectors = TextVectors(embedder.encode_passages, size=2)
    expected = embedder.encode_passages(SENTENCES)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: vectors.encode(SENTENCES[i % 3 :]), range(24)))
    for i, result in enumerate(results):
        np.testing.assert_allclose(result, expected[i % 3 :], rtol=0, atol=1e-6)


def test_a_parse_started_early_is_the_one_later_read(nlp: NlpPipeline) -> None:
    text = "Who is the mayor of Port Lenwick, according to Nordwave's chief executive?"
    future = nlp.parse_soon(text)
    assert future is not None
    started = future.result()
    # A parse with entities serves a request without them, from the cache.
    assert nlp.parse(text, entities=False) is started
    afresh = nlp.load()(text)
    assert [(e.text, e.label_) for e in started.ents] == [(e.text, e.label_) for e in afresh.ents]


def test_a_pipeline_that_cannot_load_fails_before_any_early_parse() -> None:
    """It is loaded in the calling thread (loading hides torch from spaCy's imports for a
    moment, which no other thread may see), so its error is the caller's, as `parse`'s is."""
    pipeline = NlpPipeline("no_such_spacy_pipeline")
    for start in (pipeline.parse_soon, pipeline.parse):
        with pytest.raises(NlpPipelineError, match="no_such_spacy_pipeline"):
            start("Who captured Saraqeb?")


def test_an_answer_asked_again_embeds_no_sentence_again(newsbot: Newsbot) -> None:
    """The answerer's candidate sentences come from its remembered vectors the second time."""
    newsbot.ingestor().ingest([SAMPLES])
    qa = newsbot.qa()
    encoder = CountingEncoder(qa.answerer.embedder)
    qa.answerer.sentence_vectors = TextVectors(encoder, size=64)
    first = qa.ask("Who captured Saraqeb?")
    assert encoder.calls and not first.refused
    embedded = len(encoder.calls)
    again = qa.ask("Who captured Saraqeb?")
    assert len(encoder.calls) == embedded
    assert again.text == first.text
