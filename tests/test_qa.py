"""Answers and refusals from the real model over real Chroma."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.answering import extractive
from bot.answering.extractive import (
    Draft,
    EvidenceSentence,
    _covered,
    _sentences,
    _whole_quotation,
    _within_quotes,
)
from bot.answering.followups import read_follow_up
from bot.answers import Answer
from bot.qa import REFUSAL_TEXT, REFUSAL_TEXTS, EmptyQuestion, QAService, _compose
from bot.services import Newsbot
from bot.settings import Settings
from tests.conftest import NEWSQA_ARTICLES, SAMPLES, WIRE_ARTICLES, passage_of
from vectorstore.embeddings import Embedder
from vectorstore.records import Hit, SearchFilters
from vectorstore.text import split_sentences


@pytest.fixture(scope="module")
def qa(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> QAService:
    """One store for the whole module: answering does not change it."""
    root = tmp_path_factory.mktemp("qa")
    dump = root / "wire.jsonl"
    dump.write_text("\n".join(json.dumps(a) for a in WIRE_ARTICLES), encoding="utf-8")
    newsbot = Newsbot(Settings(data_dir=root / "data"))
    report = newsbot.ingestor().ingest([SAMPLES, dump])
    assert report.added == 4
    return newsbot.qa()


@pytest.mark.parametrize(
    ("question", "expected_quote"),
    [
        ("who captured Saraqeb?", "seized Saraqeb"),
        ("How many people were killed at Aleppo's university?", "killing four people"),
        ("Who took control of Saraqeb?", "seized Saraqeb"),
        ("What did the Kremlin say about the attack?", "Kremlin condemned the attack"),
        ("How many locations did the insurgents control?", "controlled 70 locations"),
        ("What did Dareen Khalifa attribute the advance to?", "distractions facing Russia"),
        ("What was destroyed at the airbase?", "destroyed a military helicopter"),
        ("How much did the bridge repairs cost?", "41 million euros"),
        ("How many pages did volunteers scan?", "90,000 pages"),
        ("What did growers do to protect the buds?", "lit candles"),
        # "weapon" is nowhere in the article; drones are what the insurgents used.
        ("What weapon did insurgents use for the first time?", "using drones"),
    ],
)
def test_answers_cite_the_supporting_sentence(
    qa: QAService, question: str, expected_quote: str
) -> None:
    answer = qa.ask(question)
    assert not answer.refused, answer
    assert answer.citations
    assert expected_quote in answer.citations[0].quote
    assert answer.why and answer.why[0].rule == "select.sentences"
    for citation in answer.citations:
        assert citation.quote in citation.passage.text  # verbatim
        assert f"[{citation.n}]" in answer.text
        assert citation.quote in answer.text


@pytest.mark.parametrize(
    ("question", "rule"),
    [
        ("Who won the 2022 World Cup?", "refuse.unknown-terms"),
        ("What is the price of bread in Aleppo?", "refuse.low-support"),
        ("Who is the president of France?", "refuse.not-close"),
        ("Did the insurgents use chemical weapons?", "refuse.low-support"),
        ("How many people died in the earthquake in Japan?", "refuse.not-close"),
        ("What did Emmanuel Macron say about the bridge?", "refuse.unknown-terms"),
        # On topic, but the figure asked for is not in the reports:
        ("What is the city library's annual budget?", "refuse.no-amount"),
        ("What did the growers spend on candles?", "refuse.no-amount"),
        # ... a count of something else, no name where one is asked for, not the thing owned:
        ("How many newspapers did volunteers scan?", "refuse.no-count"),
        ("Which group lit candles in the vineyards?", "refuse.no-entity"),
        ("Where is the wine board's headquarters?", "refuse.no-possessed"),
        ("Who was the city library's architect?", "refuse.no-possessed"),
        # A false premise: the article names no manufacturer (nor any company).
        ("Which company manufactured the destroyed helicopter?", "refuse.no-entity"),
    ],
)
def test_questions_the_reports_do_not_cover_are_refused(
    qa: QAService, question: str, rule: str
) -> None:
    """Each refusal names the rule that fired (`why`), so "why was this refused?" has an
    answer: the rule's entry in bot/answering/rules.py."""
    answer = qa.ask(question)
    assert answer.refused, answer.text
    assert [step.rule for step in answer.why] == [rule]
    # On topic but missing what was asked, the refusal says what is missing.
    assert answer.text == REFUSAL_TEXTS.get(rule, REFUSAL_TEXT)
    assert answer.text.startswith("I can't answer that from the ingested reports")
    assert answer.citations == ()
    assert 0 < len(answer.related) <= 3


def test_a_question_is_parsed_once_for_all_its_readings(qa: QAService) -> None:
    """The question's parse starts beside its retrieval and serves its reading, its verbs and
    its premise: one parse, without the entity recogniser (about 40% of a parse), which none
    of them reads."""
    question = "How many people died?"
    early = qa.answerer.read_soon(question)
    assert early is not None
    early.result()  # else the answer's own reading may take the pipeline first
    assert not qa.ask(question).refused
    assert {key for key in qa.answerer.nlp._cache if key[0] == question} == {(question, False)}


def _hit(text: str) -> Hit:
    return Hit(passage=passage_of(text), score=1.0, similarity=0.9)


def test_nothing_to_quote_is_a_named_refusal(qa: QAService) -> None:
    """refuse.nothing-retrieved (filters left no passage) and refuse.no-sentences (passages
    with no sentence long enough to quote, such as a bare heading)."""
    question = "Who captured Saraqeb?"
    vector = qa.retriever.embedder.encode_query(question)
    empty = qa.answerer.answer(question, [], vector)
    assert empty.refused and [w.rule for w in empty.why] == ["refuse.nothing-retrieved"]
    bare = qa.answerer.answer(question, [_hit("Saraqeb Falls")], vector)
    assert bare.refused and [w.rule for w in bare.why] == ["refuse.no-sentences"]
    quoted = qa.answerer.answer(question, [_hit("Insurgents seized Saraqeb on Friday.")], vector)
    assert not quoted.refused


def test_a_quote_not_in_its_passage_is_never_shown() -> None:
    """refuse.unverified-quote: the last check before anything is shown. A chosen sentence
    must be its passage's text word for word; a draft with none such is refused."""
    hit = _hit("Insurgents seized Saraqeb on Friday.")
    made_up = EvidenceSentence(hit=hit, start=0, end=35, text="Government troops seized Saraqeb.")
    answer = _compose("Who captured Saraqeb?", Draft(refused=False, sentences=(made_up,)), [hit])
    assert answer.refused and answer.citations == ()
    true = EvidenceSentence(hit=hit, start=0, end=36, text=hit.passage.text)
    kept = _compose("Who captured Saraqeb?", Draft(refused=False, sentences=(true,)), [hit])
    assert not kept.refused and kept.citations[0].quote == hit.passage.text


def test_filters_restrict_the_evidence(qa: QAService) -> None:
    gazette_only = SearchFilters(sources=("Valley Gazette",))
    answer = qa.ask("How much did the bridge repairs cost?", filters=gazette_only)
    assert all(c.passage.source == "Valley Gazette" for c in answer.citations)
    assert all(h.passage.source == "Valley Gazette" for h in answer.related)

    hits = qa.search("archive", filters=SearchFilters(since=date(2024, 5, 1)))
    assert {h.passage.title for h in hits} == {"City library opens its newspaper archive"}


def test_timings_are_reported(qa: QAService) -> None:
    answer = qa.ask("who captured Saraqeb?")
    assert set(answer.timings_ms) == {"retrieve", "answer"}
    assert all(value >= 0 for value in answer.timings_ms.values())


def test_a_pronoun_asked_first_is_refused_with_why(qa: QAService) -> None:
    """refuse.no-referent: "How old is he?" with no conversation before it says it cannot tell
    who is meant, rather than answering about whoever the closest passage names; after a
    question that names him, it is a follow-up."""
    answer = qa.ask("How old is he?")
    assert answer.refused and answer.text.startswith("I can't tell who 'he' is")
    assert [w.rule for w in answer.why] == ["refuse.no-referent"]
    follow_up = qa.ask("and who led them?", history=[("who captured Saraqeb?", "x [1]")])
    assert "refuse.no-referent" not in [w.rule for w in follow_up.why]


@pytest.mark.parametrize("question", ["", "   ", "\n", "https://example.org/news/1"])
def test_empty_question_is_an_error(qa: QAService, question: str) -> None:
    with pytest.raises(EmptyQuestion):
        qa.ask(question)


@pytest.mark.parametrize(
    "question",
    [
        "Who captured [Saraqeb](https://en.wikipedia.org/wiki/Saraqib)?",
        "Who captured Saraqeb (https://en.wikipedia.org/wiki/Saraqib)?",
        "who captured Saraqeb? www.example.org/saraqeb",
    ],
)
def test_a_pasted_link_is_no_word_of_the_question(qa: QAService, question: str) -> None:
    """A link pasted into a question (common in Telegram) is read without its address: its
    parts ("wikipedia", "saraqib") would be searched as names no report gives."""
    answer = qa.ask(question)
    assert not answer.refused, answer.why
    assert answer.question.casefold() == "who captured saraqeb?"
    assert any("seized Saraqeb" in c.quote for c in answer.citations)


def test_langchain_retriever_adapter(qa: QAService) -> None:
    from vectorstore.langchain_adapter import NewsRetriever

    retriever = NewsRetriever(retriever=qa.retriever, top_k=2, reading=qa.reading)
    documents = retriever.invoke("who captured Saraqeb?")
    assert len(documents) == 2
    assert any("seized Saraqeb" in d.page_content for d in documents)
    assert documents[0].metadata["chunk_id"] and "score" in documents[0].metadata


# Reports from the bundled QA set (samples/newsqa) whose best-matching sentence is not the one
# holding the answer; the others are distractors with figures of their own.
_ANSWER_IN_ANOTHER_SENTENCE = (
    "tram-line",
    "election-result",
    "school-meals",
    "bird-count",
    "startup-funding",
    "ferry-route",
)


@pytest.fixture(scope="module")
def reports_qa(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> QAService:
    root = tmp_path_factory.mktemp("reports")
    wanted = {f"https://news.example/{slug}" for slug in _ANSWER_IN_ANOTHER_SENTENCE}
    lines = NEWSQA_ARTICLES.read_text(encoding="utf-8").splitlines()
    chosen = [line for line in lines if line.strip() and json.loads(line)["url"] in wanted]
    assert len(chosen) == len(wanted)
    dump = root / "reports.jsonl"
    dump.write_text("\n".join(chosen), encoding="utf-8")
    newsbot = Newsbot(Settings(data_dir=root / "data"))
    newsbot.ingestor().ingest([dump])
    return newsbot.qa()


@pytest.mark.parametrize(
    ("question", "lead", "quote"),
    [
        # The best match, "Volunteers counted 8,400 cranes", holds no date.
        ("When did the crane counts begin?", "1979", "since counts began in 1979"),
        # "3,000 affordable homes" is a figure but no sum; "480 million euros" is another
        # report's. The sentence with the tram's cost names no tram (only its headline does),
        # so the sum is quoted, not led with.
        ("How much will the airport tram line cost?", None, "610 million euros"),
        # "pay for offices in Vietnam and Portugal" does not say "open": quoted, no lead.
        ("Where will Loomly open new offices?", None, "offices in Vietnam and Portugal"),
    ],
)
def test_the_answer_cites_the_sentence_holding_what_was_asked(
    reports_qa: QAService, question: str, lead: str | None, quote: str
) -> None:
    answer = reports_qa.ask(question)
    assert not answer.refused, answer.text
    assert any(quote in c.quote for c in answer.citations), answer.text
    if lead:
        assert answer.text.startswith(f"{lead} ["), answer.text


def test_a_price_from_a_report_about_something_else_is_refused(reports_qa: QAService) -> None:
    # The only ticket price is the ferry's return ticket; the tram reports give none.
    for question in (
        "What will a single tram ticket to the airport cost?",
        "What is the price of a single tram ticket?",
    ):
        answer = reports_qa.ask(question)
        assert answer.refused, answer.text
    assert not reports_qa.ask("How much does a return ticket on the new ferry cost?").refused


def test_a_name_lead_takes_its_full_form_from_reports_not_retrieved(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    reports = [
        {
            "url": "https://news.example/board",
            "title": "Board removes chief executive",
            "body": "The board said Altman was not consistently candid. He left on Friday.",
        },
        {
            "url": "https://news.example/investors",
            "title": "Investors rally behind ousted founder",
            "body": "Investors said Sam Altman could return within days.",
        },
    ]
    dump = tmp_path / "reports.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in reports), encoding="utf-8")
    newsbot.ingestor().ingest([dump])
    answer = newsbot.qa().ask("Who did the board say was not candid?", top_k=1)
    assert [c.passage.url for c in answer.citations] == ["https://news.example/board"]
    assert answer.text.startswith("Sam Altman [1]. The board said Altman"), answer.text


def test_first_names_the_reports_leave_out_do_not_make_a_question_unknown(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    reports = [
        {
            "url": "https://news.example/horror",
            "title": "Horror films to watch this autumn",
            "body": "Eerie and methodical, Kurosawa's film is a meditation on technology and "
            "the loneliness of a connected world.",
        },
        {
            "url": "https://news.example/director",
            "title": "United's new sporting director",
            "body": "Mitchell remains good friends with Rangnick from their time together at "
            "Leipzig.",
        },
    ]
    dump = tmp_path / "reports.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in reports), encoding="utf-8")
    newsbot.ingestor().ingest([dump])
    qa = newsbot.qa()
    # The reports say "Kurosawa", "Mitchell", "Rangnick": the first names are not unknowns.
    answer = qa.ask(
        "Does Kiyoshi Kurosawa's film reflect on loneliness, and has Paul Mitchell stayed "
        "friends with Ralf Rangnick since Leipzig?"
    )
    assert not answer.refused, answer.text
    # Names the reports do not have at all still are.
    assert qa.ask("Did Ingmar Bergman and Federico Fellini discuss loneliness?").refused


def test_a_follow_up_leads_with_what_it_asks(qa: QAService) -> None:
    """ "and who led them?" after "who captured Saraqeb?": not the Saraqeb sentence again."""
    first = qa.ask("who captured Saraqeb?")
    follow_up = qa.ask("and who led them?", history=[("who captured Saraqeb?", first.text)])
    assert not follow_up.refused, follow_up.text
    assert follow_up.text.startswith("Hayat Tahrir al-Sham ["), follow_up.text
    assert "seized Saraqeb" not in follow_up.citations[0].quote
    rules = [step.rule for step in follow_up.why]
    assert rules[0] == "followup.carry-over" and "lead.agent" in rules
    assert "followup.new-sentence" in rules  # the Saraqeb sentence was put after


def _ingest_reports(newsbot: Newsbot, tmp_path: Path, reports: list[dict[str, str]]) -> QAService:
    dump = tmp_path / "reports.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in reports), encoding="utf-8")
    newsbot.ingestor().ingest([dump])
    return newsbot.qa()


def _follow_up(qa: QAService, question: str, starts: str, follow_up: str) -> Answer:
    """The answer to `follow_up`, asked after `question`, whose answer must start with
    `starts` (else the follow-up would test nothing)."""
    first = qa.ask(question)
    assert first.text.startswith(starts), first.text
    return qa.ask(follow_up, history=[(first.question, first.text)])


def test_a_surname_takes_its_full_form_from_its_own_report_first(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """Three other reports name a baker Tomas Rehn; the race report's Rehn is Anna Rehn."""
    race = {
        "url": "https://news.example/race",
        "title": "Record field at the harbour race",
        "body": "The coach, Anna Rehn, praised the club on Sunday. "
        "Rehn won the women's race in record time, the organisers said.",
    }
    bakers = [
        {
            "url": f"https://news.example/bakery-{n}",
            "title": f"Bakery news {n}",
            "body": f"The baker Tomas Rehn opened shop number {n} in the old town on Monday.",
        }
        for n in range(3)
    ]
    qa = _ingest_reports(newsbot, tmp_path, [race, *bakers])
    answer = qa.ask("Who won the women's race?", top_k=1)
    assert answer.text.startswith("Anna Rehn ["), answer.text
    qa.answerer.disabled_rules = frozenset({"lead.same-report-name"})
    assert qa.ask("Who won the women's race?", top_k=1).text.startswith("Tomas Rehn [")


def test_a_binder_reads_the_sentences_that_were_not_embedded(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """Six sentences about the province come before the one naming its leader ("leads" and
    "leader" share no stem, nor six first letters)."""
    body = " ".join(
        f"The province of Marrowdene reported {n} new wells in district {n} this week."
        for n in range(2, 9)
    )
    report = {
        "url": "https://news.example/province",
        "title": "Marrowdene wells",
        "body": f"{body} The leader of Marrowdene, Teodor Quillan, visited a farm.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    answer = qa.ask("Who leads the province of Marrowdene?", top_k=1)
    # Bound below the first sentence, the name is quoted first rather than stated
    # (lead.below-first); stated, it is the name the sentence binds.
    assert answer.text.startswith("The leader of Marrowdene, Teodor Quillan"), answer.text
    rules = [step.rule for step in answer.why]
    assert "lead.whole-passage" in rules and "lead.below-first" in rules
    qa.answerer.disabled_rules = frozenset({"lead.below-first"})
    stated = qa.ask("Who leads the province of Marrowdene?", top_k=1)
    assert stated.text.startswith("Teodor Quillan ["), stated.text
    qa.answerer.disabled_rules = frozenset({"lead.whole-passage"})
    assert not qa.ask("Who leads the province of Marrowdene?", top_k=1).text.startswith(
        ("Teodor Quillan", "The leader of Marrowdene")
    )


# The rule that refuses a question another rule refused first, when that one is off.
# A name said to be withheld ("who has not been named") is also a name not given.
_BACKING = {"refuse.other-year": "refuse.no-figure-then", "refuse.undisclosed": "refuse.unnamed"}


def assert_refused_by_only(qa: QAService, rule: str, question: str, *, answered: str) -> None:
    """`question` is refused by `rule` (its last step), a neighbouring question the report does
    answer is not; with the rule turned off, `question` is answered or refused by the rule
    that backs it (`refuse.no-figure-then` after `refuse.other-year`, `refuse.unnamed` after
    `refuse.undisclosed`)."""
    answer = qa.ask(question)
    assert answer.refused and answer.why[-1].rule == rule, answer.text
    assert not qa.ask(answered).refused
    qa.answerer.disabled_rules = frozenset({rule})
    again = qa.ask(question)
    assert not again.refused or again.why[-1].rule == _BACKING.get(rule), again.why


def test_a_role_nobody_is_named_with_is_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """The report names another company's chief executive, and Sound Ferries only in passing."""
    report = {
        "url": "https://news.example/ferries",
        "title": "Ferry grounding disrupts island crossings",
        "body": "Bluewake Ferries' chief executive, Douglas Ferrant, apologised to passengers "
        "on Saturday. The ferry operator Sound Ferries said it would add two sailings a day.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.no-role-holder",
        "Who is the chief executive of Sound Ferries?",
        answered="Who is the chief executive of Bluewake Ferries?",
    )


def test_a_role_named_without_whose_is_quoted_not_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """lead.role-unowned: the report names its chief executive without saying whose, in a
    sentence that does not name the company; the reader sees whose, so the answer quotes it
    first (no name stated). A role said to be another's by name is still refused."""
    report = {
        "url": "https://news.example/leak",
        "title": "Chlorine leak forces evacuation of Tarveld",
        "body": "A valve failed at the Brennholt Chemicals plant in Tarveld on Thursday, "
        "releasing a cloud of chlorine gas over the village. About 900 residents were taken "
        "to a sports hall in Osterby. Chief executive Marta Ilvesson apologised to residents "
        "on Friday.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    answer = qa.ask("Who is the chief executive of Brennholt Chemicals?")
    assert not answer.refused, answer.text
    assert answer.lead is None and answer.text.startswith("Chief executive Marta Ilvesson")
    assert "lead.role-unowned" in [w.rule for w in answer.why]
    qa.answerer.disabled_rules = frozenset({"lead.role-unowned"})
    assert qa.ask("Who is the chief executive of Brennholt Chemicals?").refused


def test_the_age_of_a_role_holder_named_in_another_sentence(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """lead.age-of-role: the report gives the role with the name in one sentence and the age
    with the surname in another; the age leads, both sentences quoted. A role the report
    gives nobody leaves the age unstated."""
    report = {
        "url": "https://news.example/merger",
        "title": "Calder Health agrees merger with St Wenna's",
        "body": "Calder Health agreed on Tuesday to merge with St Wenna's, the hospital trust. "
        "Calder's chief executive, Naomi Fairbank, will lead the merged group. Shares rose 6 "
        'percent. "We can bring care closer to everyone," Fairbank, 48, said on a call with '
        "reporters. The trust's chairman, Ivo Brandt, said the deal was fair.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    answer = qa.ask("How old is Calder's chief executive?")
    assert answer.lead == "48", answer.text
    assert "lead.age-of-role" in [w.rule for w in answer.why]
    assert "Naomi Fairbank, will lead" in answer.text
    assert qa.ask("How old is the trust's chairman?").lead is None  # no age given for him
    qa.answerer.disabled_rules = frozenset({"lead.age-of-role"})
    assert qa.ask("How old is Calder's chief executive?").lead is None


def test_who_is_a_named_person_is_answered_with_their_title(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """The sentence names no one but him: "Who is X?" asks for a title, not a new name."""
    report = {
        "url": "https://news.example/rates",
        "title": "Central bank raises its key rate",
        "body": "The central bank raised its main interest rate by a quarter point on "
        "Thursday. The finance minister, Lukas Ferenc, said the government respected the "
        "bank's independence.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    answer = qa.ask("Who is Lukas Ferenc?")
    assert answer.text.startswith("finance minister ["), answer.text


def test_a_short_question_a_sentence_binds_is_answered_despite_low_support(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """Few words to cover and a long report: support is low, but the parse ties a name to
    exactly what was asked."""
    report = {
        "url": "https://news.example/pensions",
        "title": "Parliament passes pension reform after all-night session",
        "body": "Parliament approved a contested pension reform early on Thursday after an "
        "all-night debate, raising the retirement age from 65 to 67 by 2034. Unions called a "
        "general strike for December 2 in protest. Opposition leader Karin Berg said her "
        "Social Democrats would repeal the law if they won next year's election.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    answer = qa.ask("Who leads the opposition?")
    assert answer.text.startswith("Karin Berg ["), answer.text
    assert "lead.role-verb" in [step.rule for step in answer.why]


def test_a_weekday_lead_gives_the_day_it_was(newsbot: Newsbot, tmp_path: Path) -> None:
    """ "Friday" in a report read weeks later: the lead says which Friday, from the report's
    date, and the trace says how it was counted."""
    report = {
        "url": "https://news.example/cup",
        "title": "Holt reach the cup final",
        "date": "2026-04-19",
        "body": "Holt City beat Dunmore 2-0 on Friday to reach the national cup final. "
        "Holt will face Westbury Rovers in the final at the National Stadium next month.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    answer = qa.ask("When did Holt City beat Dunmore?")
    assert answer.text.startswith("Friday (17 April 2026) ["), answer.text
    assert "2026-04-17, counted from the report's date" in answer.why[-1].detail


def test_a_question_whose_premise_no_sentence_states_is_refused(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """Nobody was arrested: the report says police are questioning a man. Quoting it would read
    as an answer to "who was arrested"; it does answer who is being questioned."""
    report = {
        "url": "https://news.example/wildfire",
        "title": "Kettlewick Ridge fire burns 7,100 hectares",
        "body": "A wildfire on Kettlewick Ridge had burned 7,100 hectares of forest by Tuesday, "
        "the forestry agency said. Police in Marrowdene said on Tuesday they were questioning "
        "a 52-year-old man from the village of Ulvercote about the fire.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.unstated-premise",
        "Who was arrested on suspicion of starting the Kettlewick Ridge fire?",
        answered="Who did the Marrowdene police question about the fire?",
    )


def test_another_harm_is_no_paraphrase_of_the_premise(newsbot: Newsbot, tmp_path: Path) -> None:
    """Nobody died in the emergency landing: nine were hurt, which is no other way of saying
    died, although the sentence holds every other word of the question and a count."""
    report = {
        "url": "https://news.example/landing",
        "title": "Skylark jet makes emergency landing in Tarvish",
        "body": "A Skylark Air jet with 193 people on board made an emergency landing at Tarvish "
        "on Wednesday after an engine fire warning, and nine people were hurt as passengers "
        "were evacuated down the slides.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.unstated-premise",
        "How many people died in the Skylark emergency landing?",
        answered="How many people were hurt in the Skylark emergency landing?",
    )


def test_a_move_asked_the_wrong_way_is_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """The mark fell: "how much did it gain?" has a false premise, and quoting the fall would
    read as its answer."""
    report = {
        "url": "https://news.example/rates",
        "title": "Bank of Kelland cuts its main rate to 3.25%",
        "body": "The Bank of Kelland cut its benchmark rate to 3.25% on Thursday. The Kelland "
        "mark fell 0.6% against the dollar after the announcement.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.other-way",
        "How much did the Kelland mark gain against the dollar after the decision?",
        answered="How much did the Kelland mark fall against the dollar after the decision?",
    )


def test_a_year_the_reports_do_not_speak_of_is_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """Figures for 2024 and 2025 are no answer for 2023: quoted, they would read as one."""
    report = {
        "url": "https://news.example/mines",
        "title": "Methane blast kills nine miners in Belgoria",
        "published_at": "2026-01-16",
        "body": "A methane explosion tore through a coal mine in northern Belgoria on Friday, "
        "killing nine miners. Last year, 14 people died in accidents in Belgorian mines, down "
        "from 21 in 2024, according to the mining inspectorate.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    question = "How many people died in accidents in Belgorian mines in 2023?"
    assert_refused_by_only(
        qa,
        "refuse.other-year",
        question,
        answered="How many people died in accidents in Belgorian mines in 2024?",
    )
    # Without the year's check, no quoted sentence gives a figure for 2023 either.
    qa.answerer.disabled_rules = frozenset({"refuse.other-year", "refuse.no-figure-then"})
    assert not qa.ask(question).refused


def test_with_nothing_leading_the_quotes_go_on_to_the_closest_sentences(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """select.unbound: nothing binds a count, so the reader weighs the quotes alone, and the
    next close sentences join the one the answer chose (up to three). A yes/no question's
    quotes are left as chosen: the one sentence that bears on it."""
    report = {
        "url": "https://news.example/vote",
        "title": "Centre-right wins most seats in Kovania election",
        "published_at": "2026-04-13",
        "body": "The centre-right Civic Union won 52 of the 120 seats in Sunday's parliamentary "
        "election in Kovania, the electoral commission said on Monday, eight short of a "
        "majority.\n\nAbout 3.24 million of the country's 4.8 million registered voters cast "
        "ballots. Turnout was 67.4%, up from 61.9% four years ago and the highest since 2006. "
        "The party's leader, Vera Holm, said she would start coalition talks on Tuesday.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    answer = qa.ask("How many people voted?")
    assert answer.lead is None and answer.text.startswith("About 3.24 million"), answer.text
    assert "Turnout was 67.4%" in answer.text
    assert [w.rule for w in answer.why][-2:] == ["lead.none", "select.unbound"]
    assert len(answer.citations) == 3
    yes_no = qa.ask("Was the election postponed?")
    assert "select.unbound" not in [w.rule for w in yes_no.why]
    qa.answerer.disabled_rules = frozenset({"select.unbound"})
    alone = qa.ask("How many people voted?")
    assert "Turnout" not in alone.text and len(alone.citations) == 1, alone.text


def test_a_sum_asked_of_reports_giving_none_is_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """refuse.no-sum: the report gives the tram line's length, years and riders, no sum of
    money; quoted for "How much did it cost?", the riders' figure would read as the answer."""
    report = {
        "url": "https://news.example/tram",
        "title": "Harlow's new tram line opens to passengers",
        "published_at": "2026-05-04",
        "body": "Harlow's first tram line opened to passengers on Sunday, two years late, "
        "carrying about 18,000 people on its first day, the city's transport authority said."
        "\n\nThe 14-kilometre line, which links the central station with the university and "
        "the airport, took six years to build. Trams run every eight minutes.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.no-sum",
        "How much did the tram line cost to build?",
        answered="How many people rode the tram on its first day?",
    )


def test_a_weekday_no_quoted_sentence_speaks_of_is_refused(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """refuse.other-day: Monday's fall is no answer for Tuesday; quoted, it would read as
    one. A sentence that writes no day is of its report's day or the day before."""
    report = {
        "url": "https://news.example/norwick",
        "title": "Norwick Energy shares slide after profit warning",
        "published_at": "2026-03-11",
        "body": "Shares in Norwick Energy fell 9.2 percent on Monday after the utility cut its "
        "profit forecast for the year, wiping about 1.1 billion euros off its market value.\n\n"
        "Norwick Energy's bonds fell 3 percent, traders said.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.other-day",
        "How much did Norwick Energy's shares fall on Thursday?",
        answered="How much did Norwick Energy's shares fall on Monday?",
    )
    # Filed on Wednesday, a sentence with no day of its own may be Tuesday's.
    qa.answerer.disabled_rules = frozenset()
    assert not qa.ask("How much did Norwick Energy's bonds fall on Tuesday?").refused


def test_a_year_no_quoted_sentence_speaks_of_is_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """The passage names 2025 (the governor took office then), but the sentences that give a
    rate are about this February: quoted, they would read as 2025's rate."""
    report = {
        "url": "https://news.example/prices",
        "title": "Kelland inflation slows for a third month",
        "published_at": "2026-03-05",
        "body": "Annual consumer price inflation in Kelland slowed to 2.4% in February from "
        "3.1% in January, the national statistics office said on Thursday.\n\nFood prices rose "
        "4% over the year, while energy prices fell 6%.\n\nGovernor Ilse Marrow, who took "
        "office in 2025, said the bank would keep its main rate on hold.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.other-year",
        "What was Kelland's annual inflation rate in 2025?",
        answered="What was Kelland's annual inflation rate in February?",
    )
    assert qa.ask("When did Ilse Marrow take office?").text.startswith("2025")


def test_a_year_whose_sentence_gives_no_figure_is_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """refuse.no-figure-then: the sentence about 2017 gives no count of vessels, and the count
    quoted is this week's; "last year" is the year before the report's, whose sentence gives
    its count."""
    report = {
        "url": "https://news.example/canal",
        "title": "Kessel Canal reopens after a 61-hour blockage",
        "published_at": "2026-03-12",
        "body": "Salvage teams refloated the container ship Aurelia Crest on Wednesday, "
        "reopening the Kessel Canal after a blockage that left 347 vessels waiting to pass."
        "\n\nThe canal was last closed in 2017, when the bulk carrier Marisol lost power and "
        "blocked traffic for 19 hours.\n\nLast year, 21,400 vessels passed through the canal.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.no-figure-then",
        "How many vessels were waiting in the Kessel Canal queue in 2017?",
        answered="How many vessels passed through the Kessel Canal in 2025?",
    )
    assert not qa.ask("How many vessels passed through the Kessel Canal last year?").refused


def test_a_year_that_bounds_a_period_asks_no_figure_of_that_year(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """ "since 2020" bounds the period counted, as the sentence's "since 2020" does: the count
    answers, and refuse.no-figure-then does not ask for a figure of 2020 itself."""
    report = {
        "url": "https://news.example/coach",
        "title": "Coach crash near Kessa kills three",
        "published_at": "2026-08-04",
        "body": "A coach carrying 40 passengers overturned near Kessa on Sunday, killing three "
        "people.\n\nThe coach belonged to Brisa Travel, which has run tours to the Kessa "
        "Falls since 2016.\n\nIt has had two previous accidents since 2020, neither of them "
        "fatal.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    for question in (
        "Since 2020, how many previous accidents has Brisa Travel had?",
        "How many previous accidents has Brisa Travel had since 2020?",
    ):
        answer = qa.ask(question)
        assert not answer.refused, question
        assert "two previous accidents" in answer.text.split("[1]")[0], question


def test_a_year_naming_the_event_needs_a_count_of_that_year(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """refuse.no-figure-then, for a year that names the event ("the 2001 stadium disaster"):
    the sentence about 1997 counts people killed then, and the one naming 2001 counts none;
    the 1997 crush's members of a school group are people, and its count answers."""
    report = {
        "url": "https://news.example/crush",
        "title": "Four killed in concert crush at Orlen Arena",
        "published_at": "2026-09-14",
        "body": "Four people were killed in a crush at the Orlen Arena on Saturday, police said."
        "\n\nIt is the country's deadliest crowd incident since 1997, when seven members of a "
        "school group were killed in a stadium crush in Dorsund.\n\nStadium deaths fell "
        "sharply after new safety rules were introduced in 2001, an expert said.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.no-figure-then",
        "How many people died in the 2001 stadium disaster?",
        answered="How many people died in the 1997 stadium crush?",
    )


def test_an_answer_the_report_says_is_not_known_is_refused(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """refuse.undisclosed: "who has not been named" says the name asked is not known; a
    sentence that names the winner answers, whatever else it withholds."""
    report = {
        "url": "https://news.example/outbreak",
        "title": "Salmonella outbreak: one death, 212 ill",
        "body": "A woman died in the salmonella outbreak linked to Hartley's bakery, the health "
        "institute said on Friday.\n\nThe woman who died, who has not been named, lived in a "
        "care home in the town of Esker.\n\nThe council awarded the cleaning contract to "
        "Halvorsen Services on Monday, but declined to name the other bidders.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.undisclosed",
        "What was the name of the woman who died in the outbreak?",
        answered="In which town did the woman who died live?",
    )
    _not_refused_by(qa, "refuse.undisclosed", "Who won the cleaning contract?")


def _not_refused_by(qa: QAService, rule: str, question: str) -> Answer:
    """The answer to `question`, which `rule` played no part in."""
    answer = qa.ask(question)
    assert rule not in [w.rule for w in answer.why], answer.why
    return answer


def test_an_unknown_said_of_whom_the_report_is_about(newsbot: Newsbot, tmp_path: Path) -> None:
    """refuse.undisclosed: "He did not say when the challenge would be filed" names no one,
    in a report about the Social Democrats' challenge: it is theirs that is not known; "Hartley's
    would not say when" names another, and leaves a question about Marlow's debt alone."""
    report = {
        "url": "https://news.example/pension-challenge",
        "title": "Social Democrats to challenge pension law in court",
        "body": "The opposition Social Democrats will challenge the new pension law in the "
        "constitutional court, party leader Anton Brask said on Thursday.\n\nHe did not say "
        "when the challenge would be filed.\n\nThe law raises the retirement age to 67 from "
        "2030.",
    }
    other = {
        "url": "https://news.example/marlow-debt",
        "title": "Marlow seeks rescue as debts mount",
        "body": "Marlow Textiles owes its banks about 90 million euros, the company said on "
        "Friday.\n\nHartley's, its largest customer, would not say when it would pay the "
        "invoices it owes Marlow.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report, other])
    assert_refused_by_only(
        qa,
        "refuse.undisclosed",
        "When will the Social Democrats file their court challenge?",
        answered="What retirement age does the new pension law set?",
    )
    _not_refused_by(qa, "refuse.undisclosed", "When will Marlow repay its debt?")


def test_an_unknown_outweighs_a_figure_bound_in_another_sentence(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """refuse.undisclosed over a lead withheld: "Castellan has not said how much it would
    charge" leaves the price open beside a forecast of sales the parse binds; an unknown in
    the very sentence whose figure answers ("how many of the warehouse's 65 workers would be
    transferred") refuses nothing."""
    drug = {
        "url": "https://news.example/vericarbin",
        "title": "Castellan wins approval for vericarbin",
        "body": "Castellan Therapeutics won approval for its heart drug vericarbin on "
        "Monday.\n\nAnalysts raised their forecast for vericarbin's peak annual sales to $4.5 "
        "billion from $2.8 billion.\n\nCastellan has not said how much it would charge for "
        "vericarbin.",
    }
    fire = {
        "url": "https://news.example/warehouse-fire",
        "title": "Fire destroys Holm Logistics warehouse",
        "body": "A fire destroyed the Holm Logistics warehouse outside Brekka on Sunday, the "
        "company said.\n\nHolm said it would move work to its depot in Lind, but did not say "
        "how many of the warehouse's 65 workers would be transferred there.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [drug, fire])
    price = qa.ask("How much will Castellan charge for vericarbin?")
    assert price.refused and price.why[-1].rule == "refuse.undisclosed", price.why
    workers = _not_refused_by(
        qa, "refuse.undisclosed", "How many workers did the Holm Logistics warehouse have?"
    )
    assert "65" in workers.text, workers.text


def test_an_age_no_quoted_sentence_gives_is_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """refuse.no-age: the report names the prosecutor but gives no age of hers, and quoted
    alone the sentence naming her reads as the answer; the defendant's age is given."""
    report = {
        "url": "https://news.example/verdict",
        "title": "Former port chief jailed for seven years over bribes",
        "body": "A court in Dunmere on Tuesday sentenced former port director Anton Velde, 61, "
        "to seven years in prison for taking bribes from shipping agents.\n\nAnti-corruption "
        "prosecutor Hedda Lind had asked the court for a nine-year sentence and said she would "
        "consider an appeal.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.no-age",
        "How old is prosecutor Hedda Lind?",
        answered="How old is Anton Velde?",
    )


def test_a_time_no_quoted_sentence_gives_is_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """refuse.no-time: the report tells of the call for a ban but gives no time for it; the
    time the crush began is given."""
    report = {
        "url": "https://news.example/crush-ban",
        "title": "Lawmakers call for rules after arena crush",
        "body": "The crush outside the Orlen Arena began at 8:38 p.m. on Saturday, police said."
        "\n\nOpposition lawmaker Greta Holm called for a ban on single-entrance queuing at "
        "venues with more than 10,000 seats.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.no-time",
        "When did Greta Holm's ban on single-entrance queuing come into force?",
        answered="When did the crush outside the Orlen Arena begin?",
    )


def test_a_figure_no_quoted_sentence_gives_is_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """refuse.no-figure: the report says bookings fell but gives no figure for the fall; the
    tonnes of fish the bloom killed are given."""
    report = {
        "url": "https://news.example/algae",
        "title": "Toxic algae bloom closes Lake Morvan",
        "body": "A bloom of toxic blue-green algae killed about 28 tonnes of fish in Lake "
        "Morvan this week, the environment agency said.\n\nHotels and campsites around the "
        "lake reported cancellations, and the regional tourism office said bookings for "
        "August had fallen sharply.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.no-figure",
        "By how much have tourist bookings around Lake Morvan fallen?",
        answered="How many tonnes of fish did the algae bloom kill?",
    )


def test_a_name_the_reports_do_not_give_is_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """refuse.unnamed: the report speaks of the boy who died but never names him; the driver
    it names ("The driver, Piet Amsel, 58,") answers the neighbouring question."""
    report = {
        "url": "https://news.example/bus-crash",
        "title": "Boy dies after school bus crash near Orsk",
        "body": "A 10-year-old boy injured in Monday's school bus crash near Orsk died in "
        "hospital on Wednesday, police said.\n\nThe boy, who had been in intensive care at "
        "St Brigid's Hospital since the crash, died in the early hours of Wednesday.\n\nThe "
        "driver of the bus, Piet Amsel, 58, is being questioned by prosecutors.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    assert_refused_by_only(
        qa,
        "refuse.unnamed",
        "What was the name of the boy who died on Wednesday?",
        answered="What is the name of the driver of the bus?",
    )


def test_a_premise_said_by_another_verb_is_not_refused(newsbot: Newsbot, tmp_path: Path) -> None:
    """premise.paraphrased: no sentence says anyone "lives" on the island, but one holds every
    other word of the question and gives a count: "home to about 4,200 people" answers it."""
    report = {
        "url": "https://news.example/ferry",
        "title": "Ferry runs aground off Innisvar",
        "body": "The ferry Kestrel Dawn ran aground off Morrow Point on Saturday. Innisvar, home "
        "to about 4,200 people, depends on the ferry for food, fuel and post.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    answer = qa.ask("How many people live on Innisvar?")
    assert not answer.refused, answer.why
    assert "4,200" in answer.text
    assert "premise.paraphrased" in [w.rule for w in answer.why]


def _stated_only_without(qa: QAService, rule: str, question: str, *, quoted: str) -> Answer:
    """The answer to `question` with `rule` turned off, after checking that with it on the
    answer states nothing: it opens with the quote `quoted` and `rule` says why."""
    answer = qa.ask(question)
    assert answer.lead is None
    assert answer.text.startswith(quoted), answer.text
    assert rule in [w.rule for w in answer.why]
    qa.answerer.disabled_rules = frozenset({rule})
    return qa.ask(question)


def test_a_measure_is_answered_by_its_sentence_not_a_figure(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """lead.sentence-first: the pay rise is tied to "6 percent" by the parse (lead.measure), but
    such ties were wrong as often as right on reports nobody tuned for: the sentence comes
    first and answers alone, with no figure stated before it."""
    report = {
        "url": "https://news.example/port",
        "title": "Port Halden strike ends",
        "body": "Dock workers at Port Halden returned to work on Monday after a nine-day strike. "
        "The union and the port authority agreed on a pay rise of 6 percent over two years.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    led = _stated_only_without(
        qa,
        "lead.sentence-first",
        "What pay rise did the Port Halden dock workers get?",
        quoted="The union and the port authority agreed",
    )
    assert led.text.startswith("6 percent"), led.text
    assert "lead.measure" in [w.rule for w in led.why]


def test_a_value_bound_below_the_first_sentence_is_quoted_not_stated(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """lead.below-first: the mayor's name is bound in the second sentence, below one the
    ranking puts first; the bound sentence opens the answer and no name is stated before
    it. Bound in the first sentence, a value is stated."""
    report = {
        "url": "https://news.example/fire",
        "title": "Fire forces evacuation of Ulvercote",
        "date": "2026-08-12",
        "body": "The mayor of Ulvercote said the village had never faced a fire like it. "
        "Mayor Ingrid Solberg ordered the evacuation on Sunday afternoon.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    stated = qa.ask("Who ordered the evacuation?")
    assert stated.lead == "Mayor Ingrid Solberg", stated.text
    assert "lead.below-first" not in [w.rule for w in stated.why]
    led = _stated_only_without(
        qa,
        "lead.below-first",
        "Who is the mayor of Ulvercote?",
        quoted="Mayor Ingrid Solberg ordered the evacuation",
    )
    assert (led.lead, led.why[-1].rule) == ("Ingrid Solberg", "lead.role"), led.why


def test_a_count_from_another_report_does_not_go_first(newsbot: Newsbot, tmp_path: Path) -> None:
    """lead.counting-first moves a sentence counting the noun asked about first only from the
    first sentence's report: the seed article's "killing four people" in Aleppo counts no one
    the wildfire made leave."""
    wildfire = next(
        line
        for line in NEWSQA_ARTICLES.read_text(encoding="utf-8").splitlines()
        if line.strip() and "wildfire" in json.loads(line)["title"].lower()
    )
    dump = tmp_path / "wildfire.jsonl"
    dump.write_text(wildfire, encoding="utf-8")
    newsbot.ingestor().ingest([SAMPLES, dump])
    answer = newsbot.qa().ask("How many people were evacuated because of the wildfire?")
    assert not answer.refused, answer.why
    assert "wildfire" in answer.citations[0].quote.lower(), answer.text
    assert "killing four people" not in answer.text.split("[1]")[0]


def test_with_no_lead_the_sentence_of_the_time_asked_comes_first(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """lead.time-first: nothing binds 2024's toll ("It killed 37 people in 2024": the disease
    is named the sentence before), and the best sentence is this year's: the sentence saying
    2024, the deed asked (killed, for died) and a count of people goes first, not one that
    says the year without the deed ("The ministry spent 4 million marks on spraying in
    2024")."""
    report = {
        "url": "https://news.example/fever",
        "title": "Marsh fever spreads in Korvik",
        "published_at": "2026-06-10",
        "body": "Marsh fever has killed 23 people in Korvik so far this year, health officials "
        "said on Monday. The ministry spent 4 million marks on spraying in 2024.\n\nDeaths "
        "from marsh fever in Korvik have risen every year since it was first found there. It "
        "killed 37 people in 2024, the ministry said.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    question = "How many people died of marsh fever in Korvik in 2024?"
    answer = qa.ask(question)
    assert answer.text.split("[1]")[0].strip().startswith("It killed 37 people"), answer.text
    assert "lead.time-first" in [w.rule for w in answer.why], answer.why
    qa.answerer.disabled_rules = frozenset({"lead.time-first"})
    assert "37" not in qa.ask(question).text.split("[1]")[0]


def test_with_no_lead_the_quote_giving_the_type_asked_comes_first(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """lead.offering-first: nothing binds (the name asked about is only in the first
    sentence), so the quotes answer alone; the one giving a count goes first."""
    report = {
        "url": "https://news.example/solar",
        "title": "New solar farm joins the grid",
        "body": "The Harwick Moor solar farm was connected to the national grid on Friday. "
        "Together the 210,000 panels can power around 48,000 homes.",
    }
    dump = tmp_path / "solar.jsonl"
    dump.write_text(json.dumps(report), encoding="utf-8")
    newsbot.ingestor().ingest([dump])
    qa = newsbot.qa()
    question = "How many homes can the Harwick Moor solar farm power?"
    answer = qa.ask(question)
    assert answer.text.startswith("Together the 210,000 panels"), answer.text
    # It counts the homes asked about: lead.counting-first moves it before any other rule.
    assert "lead.counting-first" in [w.rule for w in answer.why]
    qa.answerer.disabled_rules = frozenset({"lead.counting-first"})
    answer = qa.ask(question)
    assert answer.text.startswith("Together the 210,000 panels"), answer.text
    assert "lead.offering-first" in [w.rule for w in answer.why]
    # Without both, the first choice restates the question's words ("Harwick Moor solar
    # farm") and gives no count.
    qa.answerer.disabled_rules = frozenset({"lead.counting-first", "lead.offering-first"})
    assert not qa.ask(question).text.startswith("Together the 210,000 panels")


def test_whether_anyone_died_is_read_from_a_sentence_sharing_none_of_its_words(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """ "No deaths have been reported." shares no word with the question; it answers it. When
    another report says two people died, the reports disagree and neither leads."""
    flood = {
        "url": "https://news.example/flood",
        "title": "Brackwater flood forces hundreds from homes",
        "date": "2026-03-02",
        "body": "Floodwater from the Brackwater river forced about 600 residents of the valley "
        "from their homes on Sunday, regional officials said. Rescue crews used boats to reach "
        "farms cut off by the water. No deaths have been reported.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [flood])
    answer = qa.ask("Has anyone died in the Brackwater flood?")
    assert answer.text.startswith("No ["), answer.text
    assert answer.why[-1].rule == "lead.happened"
    later = {
        "url": "https://news.example/flood-toll",
        "title": "Two die as Brackwater flood spreads",
        "date": "2026-03-03",
        "body": "Two people died in the Brackwater flood on Monday after their car was swept "
        "off a valley road, police said. About 900 residents have now left their homes.",
    }
    (tmp_path / "later").mkdir()
    qa = _ingest_reports(newsbot, tmp_path / "later", [later])
    answer = qa.ask("Has anyone died in the Brackwater flood?")
    assert not answer.text.startswith(("No [", "Yes [")), answer.text
    assert "lead.contradicted" in [step.rule for step in answer.why]
    # Both sides are quoted, each with its citation.
    assert "No deaths have been reported." in answer.text, answer.text
    assert "Two people died in the Brackwater flood" in answer.text, answer.text
    qa.answerer.disabled_rules = frozenset({"lead.contradicted"})
    answer = qa.ask("Has anyone died in the Brackwater flood?")
    assert answer.text.startswith(("No [", "Yes [")), answer.text


def test_with_no_lead_the_quote_counting_the_noun_asked_comes_first(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """lead.counting-first: "started" is not "completed", so nothing leads; the sentence that
    counts runners is the one to read first, not the one with the winners' time (a figure,
    so lead.offering-first moves nothing)."""
    report = {
        "url": "https://news.example/harbour-marathon",
        "title": "Harbour City Marathon sets course records",
        "body": "The leading runners completed the Harbour City Marathon on Sunday in just over "
        "2 hours, the fastest times in the race's history. "
        "Organisers said 9,400 runners started the Harbour City Marathon and 8,950 finished. "
        "The mayor said the marathon brought money into the city's hotels.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    question = "How many runners completed the Harbour City Marathon?"
    answer = qa.ask(question)
    assert answer.text.startswith("Organisers said 9,400 runners"), answer.text
    assert "lead.counting-first" in [w.rule for w in answer.why]
    qa.answerer.disabled_rules = frozenset({"lead.counting-first"})
    assert not qa.ask(question).text.startswith("Organisers said 9,400 runners")


_KESSRING = (
    "KESSRING, Oct 6 - A strike by dockworkers at the port of Kessring entered its sixth day on "
    "Tuesday, leaving 73 container ships waiting at anchor. The number of ships waiting at "
    "anchor has risen from 41 on Friday, the port authority said."
)
_ORRIN = (
    "ORRIN, March 6 - Two passenger trains collided near Orrin on Friday, killing 12 people, "
    "rail officials said. A further 85 people were injured, 14 of them seriously, the regional "
    "health service said."
)
_VESSA = (
    "VESSA, May 4 - A strong earthquake struck Vessa province on Monday, injuring at least 40 "
    "people and damaging hundreds of homes, officials said. A 2019 quake in the same region "
    "killed 12 people and destroyed a school."
)


@pytest.mark.parametrize(
    ("body", "question", "opening", "first"),
    [
        # The Tuesday count of ships is not Friday's: the sentence saying Friday stays first.
        (_KESSRING, "How many ships were waiting at anchor on Friday?", "The number of", True),
        # Asked of no day, the sentence counting ships goes first.
        (_KESSRING, "How many ships were waiting at anchor?", "KESSRING", True),
        # The lede says the day but counts the killed: the injured's count goes first.
        (_ORRIN, "How many people were injured in the train crash on Friday?", "A further", True),
        # ... unless the count below it gives another year: 2019's dead are not Monday's.
        (_VESSA, "How many people were killed in the earthquake on Monday?", "A 2019", False),
    ],
)
def test_a_counting_sentence_goes_first_at_the_time_asked(
    newsbot: Newsbot, tmp_path: Path, body: str, question: str, opening: str, first: bool
) -> None:
    """lead.counting-first moves a sentence counting the noun asked about first, but not above
    a first sentence that says the time the question asks of when it does not, unless that one
    says only another harm than the one asked."""
    report = {"url": "https://news.example/count", "title": "Report", "body": body}
    answer = _ingest_reports(newsbot, tmp_path, [report]).ask(question)
    assert answer.text.startswith(opening) == first, answer.text


def test_a_follow_up_about_a_person_is_not_answered_with_that_person(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """ "Which team does he ride for?" after "Who won the Tour?" is read with his name; he is
    the subject of "ride" in the report, but not his own answer."""
    report = {
        "url": "https://news.example/tour",
        "title": "Vasquez-Lind wins the Tour of Caldera Ridge",
        "body": "Teodor Vasquez-Lind of Kestrel Pro Cycling won the Tour of Caldera Ridge on "
        "Sunday, finishing 38 seconds ahead of Jonas Aberkamp. Kestrel team manager Ruben "
        "Ostrowski said Vasquez-Lind would not ride the national championships next month.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    answer = _follow_up(
        qa,
        "Who won the Tour of Caldera Ridge?",
        "Teodor Vasquez-Lind",
        "Which team does he ride for?",
    )
    assert not answer.text.startswith("Teodor Vasquez-Lind"), answer.text


def test_how_old_is_he_reads_the_name_the_pronoun_stands_for(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """lead.age needs a name; "How old is he?" gives none until read as resolved."""
    report = {
        "url": "https://news.example/tour-age",
        "title": "Vasquez-Lind takes the Tour of Caldera Ridge",
        "body": "Teodor Vasquez-Lind won the Tour of Caldera Ridge on Sunday, finishing 38 "
        "seconds ahead of Jonas Aberkamp. Vasquez-Lind, 27, rides for Kestrel Pro Cycling.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    answer = _follow_up(
        qa, "Who won the Tour of Caldera Ridge?", "Teodor Vasquez-Lind", "How old is he?"
    )
    assert answer.text.startswith("27 ["), answer.text
    assert "lead.age" in [w.rule for w in answer.why]


def test_a_count_follow_up_is_bound_with_the_noun_it_was_given(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """followup.uncounted reads "And how many finished?" as "How many runners finished?"; the
    binders read it so too. Read as asked, with no noun, any figure in a clause with
    "finishing" was bound: "two seconds" led."""
    report = {
        "url": "https://news.example/marathon-field",
        "title": "Record field at the Ostrabruck City Marathon",
        "body": "Mwangale edged Joseph Arimo by two seconds, with the first seven men finishing "
        "within a minute of each other. Organisers said 18,500 runners started the race, "
        "the largest field in its history, and 17,212 finished.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    answer = _follow_up(
        qa,
        "How many runners started the Ostrabruck marathon?",
        "Organisers said 18,500 runners",  # a count is quoted, not stated (lead.sentence-first)
        "And how many finished?",
    )
    assert "followup.uncounted" in [w.rule for w in answer.why]
    assert "two seconds" not in answer.text.split("[", 1)[0], answer.text
    assert "17,212" in answer.text.split("[", 1)[0], answer.text


def test_a_count_follow_up_with_a_pronoun_is_bound_as_asked(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """Only the count's noun is put in for the binders: "she" is not read as the name, which
    a sentence such as "She scored 17 goals last season" does not give."""
    report = {
        "url": "https://news.example/striker",
        "title": "Rovers striker breaks the club's scoring record",
        "body": "Ada Kessler scored 21 goals this season. She scored 17 goals last season.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    history = [
        (
            "How many goals did Ada Kessler score this season?",
            "21 goals [1]. Ada Kessler scored 21 goals this season. [1]",
        )
    ]
    question = "And how many did she score last season?"
    reading = read_follow_up(question, history, qa.answerer.nlp)
    assert (
        reading is not None and reading.text == "How many goals did Ada Kessler score last season?"
    )
    assert qa._with_counted_noun(question, history, reading) == (
        "How many goals did she score last season?"
    )
    # A follow-up that needs no noun is read as asked.
    plain = read_follow_up("How old is she?", history, qa.answerer.nlp)
    assert qa._with_counted_noun("How old is she?", history, plain) == "How old is she?"


def test_two_sentences_of_a_report_binding_different_figures_lead_with_neither(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    """lead.bound-twice: the ban's first reach and its extension both count the people asked
    about; "now" is for the reader to weigh, so both sentences are quoted and nothing leads.
    A part of the total ("of them") is no rival."""

    def report(first: str) -> dict[str, str]:
        return {
            "url": f"https://news.example/hosepipe-{len(first)}",
            "title": "Hosepipe ban extended across the Varnaby plain",
            "published_at": "2026-07-22",
            "body": f"{first} Reservoirs have fallen to 23 percent of capacity. The water "
            "company said the extension means 1.4 million people will be under the hosepipe "
            "ban from Monday.",
        }

    (tmp_path / "now").mkdir()
    now = _ingest_reports(
        newsbot,
        tmp_path / "now",
        [report("A hosepipe ban that has covered 600,000 people since June will be extended.")],
    )
    question = "How many people are covered by the hosepipe ban?"
    answer = now.ask(question)
    assert "lead.bound-twice" in [w.rule for w in answer.why], answer.why
    assert "600,000" in answer.text and "1.4 million" in answer.text
    assert not answer.text.startswith(("600,000", "1.4 million")), answer.text
    crash = {
        "url": "https://news.example/bus-crash",
        "title": "Bus leaves the coast road near Halden",
        "published_at": "2026-07-22",
        "body": "At least 18 people were injured when a bus left the coast road near Halden on "
        "Sunday, police said. Of them, 4 people were injured seriously and were taken to "
        "hospital in Halden.",
    }
    (tmp_path / "part").mkdir()
    part = _ingest_reports(
        Newsbot(Settings(data_dir=tmp_path / "part-data")), tmp_path / "part", [crash]
    )
    answer = part.ask("How many people were injured in the bus crash?")
    # "of them": a part, no rival; the count's sentence is quoted first (a count is never
    # stated: lead.sentence-first).
    assert "lead.sentence-first" in [w.rule for w in answer.why], answer.why
    assert "lead.bound-twice" not in [w.rule for w in answer.why], answer.why
    assert answer.text.startswith("At least 18 people were injured"), answer.text


def test_a_count_of_the_noun_asked_in_a_cited_sentence_is_not_refused(qa: QAService) -> None:
    """refuse.no-count reads the count's sentence for the question's other words; a figure the
    parse ties to the counted noun ("about 600 jobs would go"), in a sentence the answer cites,
    counts it though the sentence says neither "merger" nor "cut" (its report does)."""
    report = (
        "Corvelle Airways has agreed to buy Flitway, creating the region's second-largest "
        "airline group. The merger will be reviewed by the competition authority. Derrin "
        "said about 600 jobs would go, most of them in head-office functions."
    )
    hits = [_hit(report)]
    question = "How many jobs will the airline merger cut?"
    vector = qa.retriever.embedder.encode_query(question)
    answer = qa.answerer.answer(question, hits, vector)
    assert not answer.refused, answer.why
    assert any("600 jobs" in s.text for s in answer.sentences)
    other = "How many pilots will the airline merger cut?"
    refused = qa.answerer.answer(other, hits, qa.retriever.embedder.encode_query(other))
    assert refused.refused and refused.why[-1].rule == "refuse.no-count"


def test_a_quotation_of_several_sentences_is_quoted_whole() -> None:
    """A reader never sees a quote that opens a quotation mark it does not close, or closes
    one it did not open: a sentence is shown with the rest of its quotation."""
    text = (
        'The final ended late. "We are at the start. Now it is the middle of it," said Halina '
        'Brook. He said "no" twice. A "stray mark here. And more.'
    )
    spans = _within_quotes(text, split_sentences(text))
    assert [text[a:b] for a, b in spans] == [
        "The final ended late.",
        '"We are at the start. Now it is the middle of it," said Halina Brook.',
        'He said "no" twice.',
        'A "stray mark here.',
        "And more.",
    ]
    # The sentence ranked alone is shown with the rest of its quotation.
    hit = Hit(passage=passage_of(text), score=1.0, similarity=1.0)
    start = text.index("Now it is")
    end = text.index(" He said")
    closing = EvidenceSentence(hit=hit, start=start, end=end, text=text[start:end])
    assert _whole_quotation(closing).text == (
        '"We are at the start. Now it is the middle of it," said Halina Brook.'
    )
    # A passage that starts inside a quotation: its closing sentence stays alone.
    text = 'Now it is the middle of it," said Halina Brook. Rain fell.'
    assert [text[a:b] for a, b in _within_quotes(text, split_sentences(text))] == [
        'Now it is the middle of it," said Halina Brook.',
        "Rain fell.",
    ]


@pytest.mark.parametrize(
    ("body", "question"),
    [
        # "Veskaria", in both reports' ledes, runs no mine: a place by the recogniser.
        (
            "Miners across Veskaria stopped work on day {n} after the explosion at the Ostvik "
            "coal pit. Rescuers searched the pit through the night.",
            "Who runs the Ostvik coal pit?",
        ),
        # The museum robbed and the island sailed to: named only after a preposition.
        (
            "Thieves stole a gilded crown from the Halden Maritime Museum, report {n} said. The "
            "ferry to the island of Innisvar was searched.",
            "Who stole the gilded crown?",
        ),
    ],
)
def test_a_name_written_only_as_a_setting_is_no_name_lead(
    newsbot: Newsbot, tmp_path: Path, body: str, question: str
) -> None:
    """lead.corroborated-name: a name two reports give only as where or whence did nothing
    and holds nothing; the answer quotes the reports instead of stating it as who."""
    reports = [
        {"url": f"https://news.example/r-{n}", "title": f"Report {n}", "body": body.format(n=n)}
        for n in (1, 2)
    ]
    answer = _ingest_reports(newsbot, tmp_path, reports).ask(question)
    assert "lead.corroborated-name" not in [w.rule for w in answer.why], answer.text


def test_a_sentence_is_read_with_the_one_before_it() -> None:
    """A news sentence opening with a word that points back ("Its director, Pavel Rusnak,
    ...") continues the one before: a fifth of its term coverage is counted with that
    sentence, even one not itself a candidate (a heading). One naming its own subject is read
    alone."""
    centre = "The national cyber security centre sent a team of specialists."
    text = (
        f"Cyber centre. {centre} Its director, Pavel Rusnak, said recovery could take weeks. "
        f"{centre} Pavel Rusnak said recovery could take weeks."
    )
    hit = Hit(passage=passage_of(text), score=1.0, similarity=1.0)
    sentences = _sentences([hit])
    assert [s.before for s in sentences] == [
        "Cyber centre.",
        centre,
        "Its director, Pavel Rusnak, said recovery could take weeks.",
        centre,
    ]
    weights = {"national": 1.0, "cyber": 1.0, "security": 1.0, "centre": 1.0, "heads": 1.0}
    _, continuing, _, alone = _covered(sentences, weights)
    assert continuing.term_coverage > alone.term_coverage == 0.0


def test_a_question_word_is_held_by_a_word_of_the_same_beginning() -> None:
    """In ranking, "Mediator" holds "mediating" (the stemmer strips endings only); "media"
    (too short) and "medical" (another beginning) do not, and support (`_coverage`) still
    reads stems only."""
    text = "Mediator Peter Lindahl invited both sides to talks. The media and medical staff."
    sentences = _sentences([Hit(passage=passage_of(text), score=1.0, similarity=1.0)])
    weights = {"mediating": 1.0, "dispute": 1.0}
    mediator, media = _covered(sentences, weights)
    assert mediator.term_coverage == pytest.approx(0.5 * (1 - extractive.TITLE_SHARE))
    assert media.term_coverage == 0.0
    assert extractive._coverage(weights, mediator.text) == 0.0


def test_a_sentence_continuing_the_one_before_can_lead(
    newsbot: Newsbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sentence naming the centre's director goes first, though only the sentence before
    it names the centre; read alone, it loses to that sentence."""
    report = {
        "url": "https://news.example/cyber",
        "title": "Hospital systems down after ransomware attack",
        "body": "Hackers disabled the computer systems of the Valemont regional hospital on "
        "Sunday, forcing staff to cancel operations and divert ambulances. The national cyber "
        "security centre said it had sent a team of 15 specialists to help restore the "
        "systems. Its director, Pavel Rusnak, said the recovery could take weeks rather than "
        "days. Health minister Irene Castell said the government would present new rules for "
        "hospital networks next month.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    question = "Who heads the national cyber security centre?"
    assert qa.ask(question).text.startswith("Pavel Rusnak [1]. Its director, Pavel Rusnak, said")
    # The role beside the name (`ROLE_SHARE`) would raise it alone.
    monkeypatch.setattr(extractive, "ROLE_SHARE", 0.0)
    assert qa.ask(question).text.startswith("Its director, Pavel Rusnak, said")
    monkeypatch.setattr(extractive, "BEFORE_SHARE", 0.0)
    assert qa.ask(question).text.startswith("The national cyber security centre said")


def test_a_denial_in_other_words_answers_no(newsbot: Newsbot, tmp_path: Path) -> None:
    """lead.denied: the report rules out what was asked with another verb than the question's
    ("ruled out taking a stake" for "buy a stake"); without the rule the answer is the quote
    alone."""
    report = {
        "url": "https://news.example/velstrand",
        "title": "Velstrand to cut 1,150 jobs and close Ferrow plant",
        "body": "Velstrand Appliances said on Wednesday it would cut 1,150 jobs and close its "
        "Ferrow plant by the end of the year, blaming a rise in steel costs. Economy minister "
        "Tomas Lind said the government ruled out taking a stake in Velstrand but would pay "
        "for the retraining of the workers who lose their jobs. The company employs about "
        "6,400 people.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    question = "Will the government buy a stake in Velstrand?"
    answer = qa.ask(question)
    assert answer.text.startswith("No [1]. Economy minister Tomas Lind said"), answer.text
    assert [w.rule for w in answer.why][-1] == "lead.denied"
    qa.answerer.disabled_rules = frozenset({"lead.denied"})
    assert qa.ask(question).text.startswith("Economy minister Tomas Lind said")


def test_a_verdict_on_someone_the_report_calls_by_surname(newsbot: Newsbot, tmp_path: Path) -> None:
    """lead.yes-no: a report names the zoo's director once with his title, then says "Quint"
    and "he"; "the driver, Piet Amsel," is the client his lawyer speaks for."""
    report = {
        "url": "https://news.example/kestwick-leopard",
        "title": "Snow leopard escapes from Kestwick Zoo",
        "body": "KESTWICK, March 3 (Lyric Wire) - A snow leopard escaped from Kestwick Zoo on "
        "Friday and was recaptured six hours later, zoo director Rafael Quint said. The animal "
        "was sedated with a dart and returned in a crate.\n\n"
        "Opposition councillors called for an inquiry into the zoo's fences. Quint, 52, who "
        "has run the zoo since 2019, said he would not resign.\n\n"
        "A van carrying the crate left the road near Brask. The driver, Piet Amsel, 58, was "
        "taken to hospital with a broken arm. Amsel's lawyer, Henrik Voss, said his client "
        "denied speeding.",
    }
    qa = _ingest_reports(newsbot, tmp_path, [report])
    resign = qa.ask("Will the zoo director resign?")
    assert resign.text.startswith("No [1]. Quint, 52, who has run the zoo"), resign.text
    assert [w.rule for w in resign.why][-1] == "lead.yes-no"
    # The trace says whom the surname stood for.
    assert "Quint is the director in the report" in resign.why[-1].detail
    speeding = qa.ask("Has the driver of the van admitted speeding?")
    assert speeding.text.startswith("No [1]. Amsel's lawyer, Henrik Voss,"), speeding.text


def test_a_question_word_counts_more_the_fewer_ranked_sentences_hold_it() -> None:
    """Ranking: "archive", in every sentence, tells none apart; "funded", in one, does."""
    text = (
        "The library opened a digital archive on Monday. Readers can search the archive by "
        "date. The archive was funded by a grant from the Ostberg Foundation."
    )
    sentences = _sentences([Hit(passage=passage_of(text), score=1.0, similarity=1.0)])
    telling = extractive._telling_apart({"archive": 1.0, "funded": 1.0}, sentences)
    assert telling["funded"] > telling["archive"] > 0
    opened, search, funded = _covered(sentences, telling)
    assert funded.term_coverage > opened.term_coverage == search.term_coverage


ARCHIVE_REPORT = {
    "url": "https://news.example/archive",
    "title": "Marrow library puts 140 years of local papers online",
    "body": "MARROW, March 3 (Example Wire) - The Marrow city library opened a digital archive "
    "of local newspapers on Monday, putting 140 years of the town's papers online for free. "
    "Readers can search the archive by name, date and street, and print pages at the library. "
    "The project was funded by a grant from the Ostberg Foundation, the library said. "
    "Scanning the 90,000 pages took two years.",
}


def test_a_sentence_giving_the_kind_of_value_asked_ranks_first(
    newsbot: Newsbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Who funded ...?" opens with the sentence naming a funder, though the lede holds more
    of the question's words; without `OFFERING_SHARE` the lede opens the answer, as before.
    The weekday of "on Monday" is no name (`Expected.offered_by`)."""
    qa = _ingest_reports(newsbot, tmp_path, [ARCHIVE_REPORT])
    question = "Who funded the library's digital newspaper archive?"
    answer = qa.ask(question)
    assert answer.text.startswith("The project was funded by a grant from the Ostberg"), answer
    monkeypatch.setattr(extractive, "OFFERING_SHARE", 0.0)
    assert qa.ask(question).text.startswith("MARROW, March 3 (Example Wire) - The Marrow city")


TRUST_REPORT = {
    "url": "https://news.example/trust",
    "title": "Ashby Rovers supporters' trust welcomes sale of the club",
    "body": "ASHBY, Jan 27 (Example Wire) - The Ashby Rovers Supporters' Trust, which has about "
    "9,000 members, welcomed the sale of the club on Monday but called for a seat on the board. "
    "The new owners, Harbour Crest Sports Partners, said they would meet the trust next week. "
    '"The club belongs to this town, and we will hold them to that," said trust chair Nadine '
    "Fairbrother. The previous owner, Calder Peak Capital, bought the club in 2017. The "
    "consortium is led by the shipping magnate Stavros Lindqvist, who said he would not sell "
    "players in January. Lindqvist, 56, made his fortune in ferries.",
}


def test_a_sentence_naming_someone_in_the_role_asked_ranks_first(
    newsbot: Newsbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Who chairs the trust?" opens with "trust chair Nadine Fairbrother", though the lede
    holds more of the question's words; without `ROLE_SHARE` the lede opens the answer (every
    sentence of the report names someone or something, so naming alone tells none apart).
    `lead.role-verb` states her name (the recogniser tags it an organisation) and would bring
    her sentence first by itself, so the order is read without it."""
    qa = _ingest_reports(newsbot, tmp_path, [TRUST_REPORT])
    question = "Who chairs the Ashby Rovers Supporters' Trust?"
    assert qa.ask(question).text.startswith('Nadine Fairbrother [1]. "The club belongs to this')
    qa.answerer.disabled_rules = frozenset({"lead.role-verb"})
    assert qa.ask(question).text.startswith('"The club belongs to this town, and we will hold')
    monkeypatch.setattr(extractive, "ROLE_SHARE", 0.0)
    assert qa.ask(question).text.startswith("ASHBY, Jan 27 (Example Wire) - The Ashby Rovers")


RALLY_REPORT = {
    "url": "https://news.example/rally",
    "title": "Opposition rally fills Freedom Square",
    "body": "VELLMAR, Sept 14 (Example Wire) - Tens of thousands of people rallied in Vellmar on "
    "Sunday to demand a new election. Opposition leader Ruta Aldis told the crowd that the "
    "government had rigged last month's vote. Aldis, 44, a former television journalist, has "
    "led the Democratic Renewal party since 2023, when its founder, the late Viktor Aldis, her "
    "father, died. The party was founded in 1998 by Viktor Aldis. Police said the rally was "
    "peaceful.",
}


def test_a_full_name_the_sentence_gives_beside_the_surname_is_another_person(
    newsbot: Newsbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "Aldis ... has led the party since 2023, when its founder, the late Viktor Aldis,
    died": the bare surname is Ruta Aldis, named earlier in the report; her father, whom the
    same sentence names in full (and the report once more), is someone else."""
    assert extractive._others_of_the_name("Aldis", RALLY_REPORT["body"].split(". ")[2]) == {
        "Viktor Aldis"
    }
    assert not extractive._others_of_the_name("Aldis", "Ruta Aldis said her father founded it.")
    # A full form before the bare name is its first mention, the same person.
    varga = "Lena Varga joined the government in 2022, and Varga has run the ministry since 2024."
    assert not extractive._others_of_the_name("Varga", varga)
    qa = _ingest_reports(newsbot, tmp_path, [RALLY_REPORT])
    question = "Who leads the Democratic Renewal party?"
    assert qa.ask(question).text.startswith("Ruta Aldis [1]. Aldis, 44,")
    monkeypatch.setattr(extractive, "_others_of_the_name", lambda name, text: frozenset())
    assert qa.ask(question).text.startswith("Viktor Aldis [1].")
