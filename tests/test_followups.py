"""Follow-ups without an LLM: which names of the previous turn a follow-up carries over,
and how it is read as the question it stands for.

Plain strings and records only: no embedding model, no store (the resolver's tests use the
spaCy parser, as the binders' do).
"""

from __future__ import annotations

from bot.answering.extractive import EvidenceSentence, _new_first
from bot.answering.followups import (
    answer_core,
    answered_before_first,
    carry_over,
    looks_like_follow_up,
    person_lead,
    read_follow_up,
    resolve,
)
from bot.answering.nlp import NlpPipeline
from tests.conftest import passage_of
from vectorstore.records import Hit

LEAD_ANSWER = (
    "Dunya Petrakis [3]. The Federation of Locomotive Engineers called the walkout. [1] "
    "Margit Sallow, Corvelle's chief executive, will lead the enlarged group. [2] "
    "Dunya Petrakis, general secretary of the Federation, said members were angry. [3]"
)


def test_the_core_of_an_answer_is_its_lead_and_the_sentence_the_lead_cites() -> None:
    lead, sentence = answer_core(LEAD_ANSWER)
    assert lead == "Dunya Petrakis"
    assert "general secretary of the Federation" in sentence
    assert "Margit Sallow" not in sentence  # another report's sentence, quoted as context


def test_without_a_lead_the_core_is_the_first_quoted_sentence() -> None:
    answer = (
        "OSTRABRUCK — Rahel Tesfamar broke the women's course record at the Ostrabruck City "
        "Marathon on Sunday. [1] Mayor Lotte Brandvik said the race brought money. [2]"
    )
    lead, sentence = answer_core(answer)
    assert not lead
    assert "Rahel Tesfamar" in sentence and "Lotte Brandvik" not in sentence


def test_a_follow_up_carries_the_names_of_what_was_answered_only() -> None:
    history = [("Who leads the Federation of Locomotive Engineers?", LEAD_ANSWER)]
    standalone = carry_over("What pay rise is it asking for?", history)
    assert "Dunya Petrakis" in standalone and "Locomotive Engineers" in standalone
    assert "Margit Sallow" not in standalone
    # A question that is not a follow-up is left as it is.
    assert carry_over("Who won the marathon?", history) == "Who won the marathon?"


def _sentence(text: str, coverage: float) -> EvidenceSentence:
    passage = passage_of(text)
    return EvidenceSentence(
        hit=Hit(passage=passage, score=1.0, similarity=0.5),
        start=0,
        end=len(text),
        text=text,
        term_coverage=coverage,
    )


def test_a_quoted_sentence_goes_after_unless_it_holds_every_word_asked() -> None:
    """followup.new-sentence: the previous answer's sentence is not the follow-up's lead,
    unless the follow-up's own words are all in it."""
    previous = "Teodor Quillan [1]. The governor, Teodor Quillan, promised families a fund. [1]"
    quoted = _sentence("The governor, Teodor Quillan, promised families a fund.", 1.0)
    other = _sentence("Nobody will be left to rebuild alone, Quillan said.", 0.3)
    assert _new_first([quoted, other], previous, lambda s: False) == [quoted, other]
    partly = _sentence(quoted.text, 0.5)
    assert _new_first([partly, other], previous, lambda s: False) == [other, partly]


# --- followup.resolve: the follow-up read as the question it stands for (the real parser) --


MEN_RACE = (
    "Who won the men's race at the Ostrabruck City Marathon?",
    "Elias Mwangale [1]. Rahel Tesfamar broke the women's course record, while Elias "
    "Mwangale won a tight men's race in 2:06:41. [1]",
)


def test_followup_resolve_puts_the_person_in_place_of_he_or_she(nlp: NlpPipeline) -> None:
    """followup.resolve: "he" is the person the previous answer led with, "she" the person
    its quoted sentences name when it had no lead."""
    assert resolve("How old is he?", [MEN_RACE], nlp) == "How old is Elias Mwangale?"
    no_lead = (
        "Who chairs the Friends of Grevall Lake?",
        "The panel ruled for the Friends of Grevall Lake, a residents' association. [1] "
        '"We were told we were in the way," said Marit Solheim, 58, who chairs it. [2]',
    )
    assert resolve("How old is she?", [no_lead], nlp) == "How old is Marit Solheim?"
    # Not a follow-up at all: it names what it is about.
    assert resolve("How old is Rahel Tesfamar?", [MEN_RACE], nlp) is None
    # A lead with its team: the name is the part before "of"; the answer to "who" is a
    # person even when the recogniser does not say so.
    tour = (
        "Who won the Tour of Caldera Ridge?",
        "Teodor Vasquez-Lind of Kestrel Pro Cycling [1]. FENNICK, July 20 (Meridian Daily) - "
        "Teodor Vasquez-Lind of Kestrel Pro Cycling won the Tour of Caldera Ridge on Sunday, "
        "finishing 38 seconds ahead of Jonas Aberkamp. [1]",
    )
    assert (
        resolve("Which team does he ride for?", [tour], nlp)
        == "Which team does Teodor Vasquez-Lind ride for?"
    )
    # A name that modifies a thing ("the Brenna rubble") and a dateline in capitals are no
    # person "he" could be.
    rubble = (
        "How old was the boy rescued from the Brenna rubble?",
        "DALLAN, Oct 22 (Northgate Wire) - The boy rescued from the Brenna rubble is nine. [1]",
    )
    resolved = resolve("How long had he been trapped?", [rubble], nlp) or ""
    assert "Brenna been" not in resolved and "DALLAN" not in resolved
    # Nor a place the recogniser calls a person ("at the hospital in Dallan"); a person after
    # another preposition still is one.
    hospital = (
        "How old was the boy rescued from the Brenna rubble?",
        "The boy's mother, who was rescued on Monday, was waiting at the hospital in Dallan. [1]",
    )
    resolved = resolve("How long had he been trapped?", [hospital], nlp) or ""
    assert "Dallan" not in resolved
    chaired = (
        "Who chairs the Friends of Grevall Lake?",
        "The panel ruled for the Friends of Grevall Lake, a residents' association chaired by "
        "Marit Solheim. [1]",
    )
    assert resolve("How old is she?", [chaired], nlp) == "How old is Marit Solheim?"


def test_followup_resolve_leaves_an_open_it_or_them_alone(nlp: NlpPipeline) -> None:
    """ "it" after a question naming two companies is the deal, or either: not resolved;
    "them" is never a place; "it" after "Which airline ...?" is the answer, so only a lead
    that names it resolves it."""
    paying = ("How much is Corvelle Airways paying for Flitway?", "Corvelle pays 3.10 euros. [1]")
    assert resolve("When is it expected to close?", [paying], nlp) is None
    saraqeb = ("who captured Saraqeb?", "Insurgents seized Saraqeb, a key town. [1]")
    assert resolve("and who led them?", [saraqeb], nlp) is None
    which = "Which airline is Corvelle Airways buying?"
    unled = (which, "Corvelle Airways has agreed to buy low-cost carrier Flitway. [1]")
    assert resolve("How many aircraft does it have?", [unled], nlp) is None
    led = (which, "Flitway [1]. Corvelle Airways has agreed to buy low-cost carrier Flitway. [1]")
    assert resolve("How many aircraft does it have?", [led], nlp) == (
        "How many aircraft does Flitway have?"
    )


def test_followup_resolve_reads_they_as_what_was_counted(nlp: NlpPipeline) -> None:
    """followup.resolve: "they" after "How many power banks ...?" are the power banks, named
    as the lead names them."""
    recall = (
        "How many power banks is Nuvato recalling?",
        "640,000 ChargeCore 20K power banks [1]. Nuvato is recalling 640,000 ChargeCore 20K "
        "power banks sold in 11 countries. [1]",
    )
    assert resolve("How many fires have they caused?", [recall], nlp) == (
        "How many fires have ChargeCore 20K power banks caused?"
    )
    # "How much of it", "how many of them": a share of what was asked before, left alone.
    water = ("How much water would the Veltron plant draw a day?", "18 million litres [1]. x [1]")
    assert resolve("How much of it would be recycled?", [water], nlp) is None


def test_followup_resolve_reads_a_verbless_question_into_the_last(nlp: NlpPipeline) -> None:
    """followup.resolve: a bare wh-word takes the previous question's place; a noun phrase
    replaces the one with its head; a count without its noun takes the previous one."""
    fire = ("Where did the Kettlewick Ridge fire break out?", "Near Ulvercote. [1]")
    assert resolve("When?", [fire], nlp) == "When did the Kettlewick Ridge fire break out?"
    posts = ("How many nursing posts are vacant in Southfold?", "340 [1]. x [1]")
    assert resolve("And consultant posts?", [posts], nlp) == (
        "How many consultant posts are vacant in Southfold?"
    )
    runners = ("How many runners started the Ostrabruck marathon?", "18,500 [1]. x [1]")
    assert _rules("And how many finished?", runners, nlp) == (
        "How many runners finished?",
        ["followup.uncounted"],
    )
    # A verbless question with its own wh-phrase and more is its own question: carry_over.
    injured = ("How many people were injured?", "17 people [1]. x [1]")
    assert resolve("And how many of them seriously?", [injured], nlp) is None


def test_a_question_that_names_nothing_reads_on_from_the_last() -> None:
    """ "What data was stolen?" says nothing of which report it is about: a follow-up."""
    breach = "How many customers did the Tixo breach affect? 1.4 million [1]. Hackers accessed "
    breach += "the personal data of 1.4 million customers. [1]"
    assert looks_like_follow_up("What data was stolen?", breach)
    assert looks_like_follow_up("When?", breach)
    assert not looks_like_follow_up("Who won the marathon?", breach)  # another story
    assert not looks_like_follow_up("How many runners started the Ostrabruck marathon?", breach)
    assert not looks_like_follow_up("What data was stolen in 2019?", breach)
    # "anyone", "someone": a question of someone unnamed leans on the turn before.
    assert looks_like_follow_up("Was anyone arrested?", breach)
    assert not looks_like_follow_up("Was anyone arrested at the Ostrabruck marathon?", breach)


def test_a_resolved_follow_up_is_searched_with_the_names_it_lacks() -> None:
    """followup.carry-over on a resolved follow-up: the names of the last turn not already
    in it, for retrieval."""
    searched = carry_over("How old is he?", [MEN_RACE], "How old is Elias Mwangale?")
    assert searched.startswith("How old is Elias Mwangale? (")
    assert "Ostrabruck City Marathon" in searched
    assert searched.count("Elias Mwangale") == 1


def test_only_the_sentence_that_answered_goes_after() -> None:
    """followup.new-sentence: the sentence the previous answer's lead cites goes after; the
    others it quoted were context and may hold what the follow-up asks."""
    core = _sentence(
        "Reservoirs serving the Varnaby plain have fallen to 23 percent of capacity, their "
        "lowest level for July since records began.",
        0.3,
    )
    context = _sentence("At this time of year the reservoirs are normally 61 percent full.", 0.3)
    other = _sentence("Varnaby Water said a pipeline would cost 95 million euros.", 0.3)
    previous = f"{core.text} [1] {context.text} [2]"
    assert _new_first([context, core, other], previous, lambda s: False) == [
        context,
        other,
        core,
    ]


# --- the rules followup.resolve reads a follow-up with (plain strings, the real parser) -----

REFUSED = "I can't answer that from the ingested reports: none of them covers it."


def _rules(question: str, turn: tuple[str, str], nlp: NlpPipeline) -> tuple[str | None, list[str]]:
    reading = read_follow_up(question, [turn], nlp)
    return (reading.text, [w.rule for w in reading.rules]) if reading else (None, [])


def test_a_reports_differ_line_is_no_lead() -> None:
    """answer_core: "Reports differ: ..." lists values and outlets; the sentence after it is
    what was answered, and a quoted sentence (it ends as a sentence does) is no lead."""
    answer = (
        "Reports differ: 21 people (Tessmark Radio News, 28 June 2025) [1]; 17 people "
        "(Calloway Press Agency, 28 June 2025) [2]. Twenty-one people were injured, three "
        "of them seriously. [1] A ferry ran aground, injuring 17 people. [2]"
    )
    assert answer_core(answer) == ("", "Twenty-one people were injured, three of them seriously.")
    assert answer_core("Flitway [1]. Corvelle is buying Flitway. [1]")[0] == "Flitway"


def test_followup_pronoun_it_after_a_who_question_is_the_thing_it_names(
    nlp: NlpPipeline,
) -> None:
    """followup.pronoun: after "who ...?" the answer is a person, so "it" is the one thing
    the question names; after "which ...?" "it" is the answer, open without a lead."""
    turn = (
        "Who is the general secretary of the Federation of Locomotive Engineers?",
        "Dunya Petrakis [1]. Dunya Petrakis, the federation's general secretary, spoke. [1]",
    )
    text, rules = _rules("How many drivers does it represent?", turn, nlp)
    assert text == "How many drivers does Federation of Locomotive Engineers represent?"
    assert rules == ["followup.no-person-they", "followup.pronoun"]  # not Dunya Petrakis
    which = ("Which airline is Corvelle Airways buying?", "Corvelle Airways is buying it. [1]")
    assert _rules("How many aircraft does it have?", which, nlp) == (None, [])


def test_followup_no_person_they(nlp: NlpPipeline) -> None:
    """followup.no-person-they: "they"/"it" do not stand for a lead that names a person (a
    title before the name, a role question's answer); a team named as lead is no person."""
    goalkeeper = "Goalkeeper Lukas Varga saved two penalties in the shoot-out."
    assert person_lead("Goalkeeper Lukas Varga", nlp.parse(goalkeeper), "agent")
    assert person_lead("Lukas Ferenc", nlp.parse("Lukas Ferenc said so."), "role")
    team = "Halden United won the national cup on Sunday."
    assert not person_lead("Halden United", nlp.parse(team), "agent")
    turn = (
        "Who saved two penalties in the shoot-out?",
        f"Goalkeeper Lukas Varga [1]. {goalkeeper} [1]",
    )
    assert resolve("Which team did they beat?", [turn], nlp) is None
    governor = (
        "Who is the governor of the National Bank of Carvossa?",
        "Matthias Brennholt [1]. Governor Matthias Brennholt told a news conference. [1]",
    )
    text, rules = _rules("When does its board meet next?", governor, nlp)
    assert text == "When does National Bank of Carvossa's board meet next?"
    assert rules == ["followup.no-person-they", "followup.pronoun"]


def test_followup_local_antecedent(nlp: NlpPipeline) -> None:
    """followup.local-antecedent: "its" after a noun subject of its own clause is that
    subject's ("the government ... its budget"), not a name of the previous turn."""
    minister = (
        "Who is Carvossa's finance minister?",
        "Lukas Ferenc [1]. The finance minister, Lukas Ferenc, said the government respected "
        "the bank's independence. [1]",
    )
    assert resolve("When will the government present its budget?", [minister], nlp) is None
    union = ("Which union called the strike?", "The Federation of Locomotive Engineers. [1]")
    assert _rules("When does its board meet?", union, nlp)[1] != ["followup.local-antecedent"]


def test_followup_parallel_object(nlp: NlpPipeline) -> None:
    """followup.parallel-object: after "Who won the national cup?" (the answer, the subject,
    led), an object "it" is the cup; a subject "it" is not read this way."""
    cup = ("Who won the national cup?", "Halden United [1]. Halden United won the cup. [1]")
    text, rules = _rules("When did the club last win it before?", cup, nlp)
    assert text == "When did the club last win the national cup before?"
    assert rules == ["followup.parallel-object", "followup.pronoun"]
    assert "followup.parallel-object" not in _rules("How many titles has it won?", cup, nlp)[1]


def test_followup_subject_it(nlp: NlpPipeline) -> None:
    """followup.subject-it: with no name "it" could stand for (Tarveld is where, not what),
    "it" is the previous question's subject; after "What was stolen ...?" it is the answer,
    left open; a name of the question still comes first."""
    leak = ("When did the chlorine leak at Tarveld begin?", "It began at 4:40 a.m. [1]")
    text, rules = _rules("Why did it happen?", leak, nlp)
    assert text == "Why did the chlorine leak at Tarveld happen?"
    assert "followup.subject-it" in rules
    stolen = ("What was stolen from the Korvik maritime museum?", "A gold astrolabe. [1]")
    assert resolve("How much is it worth?", [stolen], nlp) is None
    named = ("When did the Brennholt plant reopen?", "It reopened on Monday. [1]")
    assert "followup.subject-it" not in _rules("Why did it close?", named, nlp)[1]
    # "the name of the tanker" names the tanker; after "What tax ...?" "it" is the tax.
    tanker = ("What was the name of the tanker hit near Rosshaven?", "Nordic Ember. [1]")
    assert resolve("How much fuel was it carrying?", [tanker], nlp) == (
        "How much fuel was the tanker hit near Rosshaven carrying?"
    )
    tax = ("What tax does the housing law put on empty homes?", "A 2 percent tax. [1]")
    assert resolve("When does it start to apply?", [tax], nlp) is None


def test_a_dateline_or_an_adjective_of_a_people_is_no_referent(nlp: NlpPipeline) -> None:
    """followup.pronoun: "Lirenza" in a dateline ("PORTO SELVO, Lirenza, June 21 -") is where
    the report was filed, never "she"; "Veskarian" stands for the bank it describes."""
    final = (
        "Who won the Porto Selvo Open?",
        "PORTO SELVO, Lirenza, June 21 (Lantern Sports Service) - Tamsin Roeland beat Valeria "
        "Duskova in the final on Sunday. [1]",
    )
    assert "Lirenza" not in (resolve("How old is she?", [final], nlp) or "")
    bank = ("When is the Veskarian central bank's next meeting?", "On Dec. 18. [1]")
    assert resolve("What rate will it set?", [bank], nlp) == (
        "What rate will the Veskarian central bank set?"
    )


def test_followup_unanswered_role(nlp: NlpPipeline) -> None:
    """followup.unanswered-role: "he" after an unanswered "Who is the coastguard spokesman?"
    is the coastguard spokesman; answered, he is the name given."""
    asked = "Who is the coastguard spokesman?"
    text, rules = _rules("How quickly did he say everyone was taken off?", (asked, REFUSED), nlp)
    assert text == "How quickly did the coastguard spokesman say everyone was taken off?"
    assert "followup.unanswered-role" in rules
    answered = (asked, "Joost Ambler [1]. The coastguard spokesman, Joost Ambler, spoke. [1]")
    assert resolve("How quickly did he say everyone was taken off?", [answered], nlp) == (
        "How quickly did Joost Ambler say everyone was taken off?"
    )


def test_followup_unanswered_deed(nlp: NlpPipeline) -> None:
    """followup.unanswered-role after an unanswered "Who was detained over the fire?" (a
    deed, "was" an auxiliary) or "Who is leading the rescue?": "he" is the person the deed
    describes, not the fire or the rescue."""
    detained = ("Who was detained over the Serrana wildfire?", REFUSED)
    text, rules = _rules("What was he charged with?", detained, nlp)
    assert text == "What was the person detained over the Serrana wildfire charged with?"
    assert "followup.unanswered-role" in rules
    leading = ("Who is leading the rescue effort?", REFUSED)
    assert resolve("What did she say?", [leading], nlp) == (
        "What did the person leading the rescue effort say?"
    )


def test_followup_pronoun_not_the_name_it_is_asked_against(nlp: NlpPipeline) -> None:
    """followup.not-itself: "How far is it from Sarnessa?" after a question naming only
    Sarnessa leaves "it" open rather than asking how far Sarnessa is from itself; a name the
    follow-up does not give still replaces the pronoun."""
    village = ("Near which village did the Sarnessa wildfire start?", REFUSED)
    assert resolve("How far is it from Sarnessa?", [village], nlp) is None
    assert resolve("How far is it from the coast?", [village], nlp) == (
        "How far is Sarnessa from the coast?"
    )


def test_followup_ellipsis_source(nlp: NlpPipeline) -> None:
    """followup.ellipsis-source: "And according to X?" asks the previous question of X, in
    place of its verb of saying's subject or its "according to" phrase, or added to it; a
    follow-up that asks more than that is not read this way."""
    march = ("How many people did police say joined the march?", "38,000 [1]. x. [1]")
    text, rules = _rules("And according to the organisers?", march, nlp)
    assert text == "How many people did the organisers say joined the march?"
    assert rules == ["followup.ellipsis-source"]
    toll = ("How many people died, according to the ministry?", "12 [1]. x. [1]")
    assert resolve("And according to the rebels?", [toll], nlp) == (
        "How many people died, according to the rebels?"
    )
    joined = ("How many people joined the march?", "38,000 [1]. x. [1]")
    assert resolve("According to the organisers?", [joined], nlp) == (
        "How many people joined the march, according to the organisers?"
    )
    assert (
        "followup.ellipsis-source"
        not in _rules("And how many were injured, according to the organisers?", march, nlp)[1]
    )


def test_followup_partitive(nlp: NlpPipeline) -> None:
    """followup.partitive: "how many of them" counts among what was counted before, with its
    "of" phrase; a verbless "how many of them seriously?" is not read."""
    reports = ("How many reports of overheating has Nuvato received?", "37 reports [1]. x. [1]")
    text, rules = _rules("How many of them were fires?", reports, nlp)
    assert text == "How many of the reports of overheating were fires?"
    assert rules == ["followup.partitive"]
    assert resolve("And how many of them seriously?", [reports], nlp) is None


def test_followup_ellipsis_wh(nlp: NlpPipeline) -> None:
    """followup.ellipsis-wh: a verbless wh-phrase takes the previous one's place, a bare
    when/why keeps the noun asked about and drops a stranded preposition; after a question
    whose wh-word is the subject ("Who won ...?") it is not read this way. A verbless
    follow-up reads on even when it shares no word with the previous turn."""
    crew = ("How many passengers were on the Kestrel Dawn?", "312 [1]. x. [1]")
    assert _rules("And how many crew?", crew, nlp) == (
        "How many crew were on the Kestrel Dawn?",
        ["followup.ellipsis-wh"],
    )
    shares = ("How far did Nuvato shares fall?", "6.2 percent [1]. x. [1]")
    assert resolve("To what price?", [shares], nlp) == "To what price did Nuvato shares fall?"
    savings = ("What annual cost savings do Corvelle and Flitway expect?", "x. [1]")
    assert resolve("By when?", [savings], nlp) == (
        "By when do Corvelle and Flitway expect annual cost savings?"
    )
    # The noun goes back where its verb has its object, not after the question's last word.
    shut = ("Which plant did Kestrel shut after the explosion?", "x. [1]")
    assert resolve("Why?", [shut], nlp) == "Why did Kestrel shut the plant after the explosion?"
    rate = ("What did the National Bank of Carvossa raise its main rate to?", "x. [1]")
    assert (
        resolve("Why?", [rate], nlp) == "Why did the National Bank of Carvossa raise its main rate?"
    )
    race = ("Who won the women's race?", "Rahel Tesfamar [1]. x. [1]")
    assert _rules("When?", race, nlp)[1] == ["followup.ellipsis-phrase"]
    # The previous wh-word was the subject of a past verb: the new one needs "did" and the
    # doer the answer named; without a named lead there is no doer to put in.
    founded = ("Who founded Vireo?", "Ravi Chandran [1]. Vireo, founded in 2009. [1]")
    assert resolve("When?", [founded], nlp) == "When did Ravi Chandran found Vireo?"
    unnamed = ("Who founded Vireo?", "Vireo, founded in 2009 by a student. [1]")
    assert " did " not in (resolve("When?", [unnamed], nlp) or "")
    # A preposition or "since" before the wh-word, "how" with the word it asks by, and a
    # subject wh-phrase in the place of the previous subject one.
    banned = ("Why was Marco Benedetti banned?", "x. [1]")
    assert resolve("For how long?", [banned], nlp) == "For how long was Marco Benedetti banned?"
    parties = ("Which parties withdrew their support?", "The Rural Alliance [1]. x. [1]")
    assert _rules("Who else?", parties, nlp) == (
        "Who else withdrew their support?",
        ["followup.ellipsis-wh"],
    )
    clinics = ("How many clinics has Brightwater run in the area?", "three [1]. x. [1]")
    assert (resolve("Since when?", [clinics], nlp) or "").startswith("Since when has Brightwater")


def test_followup_ellipsis_name(nlp: NlpPipeline) -> None:
    """followup.ellipsis-name: a name alone takes the place of the previous question's name;
    a person does not take a company's place."""
    fleet = ("How many aircraft does Corvelle Airways fly?", "132 aircraft [1]. x. [1]")
    assert _rules("And Flitway?", fleet, nlp) == (
        "How many aircraft does Flitway fly?",
        ["followup.ellipsis-name"],
    )
    group = ("Who will lead the enlarged Corvelle and Flitway group?", "Margit Sallow [1]. x. [1]")
    assert "followup.ellipsis-name" not in _rules("What about Anton Breck?", group, nlp)[1]


def test_followup_ellipsis_date(nlp: NlpPipeline) -> None:
    """followup.ellipsis-date: a point in time takes the previous one's place; "a year
    earlier" is relative to it and is added instead."""
    march = ("What was consumer price inflation in Carvossa in March?", "5.8 percent [1]. x. [1]")
    assert _rules("And in February?", march, nlp) == (
        "What was consumer price inflation in Carvossa in February?",
        ["followup.ellipsis-date"],
    )
    fires = ("How many fires last year involved power banks?", "210 [1]. x. [1]")
    assert resolve("And in 2023?", [fires], nlp) == "How many fires in 2023 involved power banks?"
    waits = ("How many patients have waited more than 52 weeks?", "23,900 [1]. x. [1]")
    assert _rules("And a year earlier?", waits, nlp)[1] == ["followup.ellipsis-phrase"]
    # A date that is a possessor keeps the preposition before it, which is the phrase's.
    tuesday = ("How many people were injured according to Tuesday's figures?", "43 [1]. x. [1]")
    assert resolve("And by Thursday?", [tuesday], nlp) == (
        "How many people were injured according to Thursday's figures?"
    )
    # A year inside a name, the question's only year, gives way to the year asked.
    tour = ("Who won the 2024 Tour of Alvaria?", "Erik Rask [1]. x. [1]")
    assert _rules("And in 2025?", tour, nlp) == (
        "Who won the 2025 Tour of Alvaria?",
        ["followup.ellipsis-date"],
    )


def test_followup_it_after_which_is_the_answer(nlp: NlpPipeline) -> None:
    """followup.pronoun: "it" after "Which union ...?" is the union the answer named, even
    when the recogniser tags nothing in the quote; without a lead it stays open."""
    union = ("Which union represents the metro drivers?", "The Transit Metro Union [1]. x. [1]")
    assert resolve("Who leads it?", [union], nlp) == "Who leads the Transit Metro Union?"
    unanswered = ("Which union represents the metro drivers?", "x. [1]")
    assert resolve("Who leads it?", [unanswered], nlp) is None


def test_followup_ellipsis_state(nlp: NlpPipeline) -> None:
    """followup.ellipsis-state: "the injured" takes the place of the previous question's
    passive participle; a noun phrase does not."""
    killed = ("How many people were killed when the dam collapsed?", "61 [1]. x. [1]")
    assert _rules("And the injured?", killed, nlp) == (
        "How many people were injured when the dam collapsed?",
        ["followup.ellipsis-state"],
    )
    assert "followup.ellipsis-state" not in _rules("And the rescuers?", killed, nlp)[1]


def test_followup_how_many_without_its_noun(nlp: NlpPipeline) -> None:
    """followup.uncounted: "How many abstained?" counts no noun of its own, so it reads on
    from the previous question even when it shares no word with that turn."""
    votes = ("How many lawmakers voted for the pension reform?", "97 [1]. x. [1]")
    assert _rules("How many abstained?", votes, nlp) == (
        "How many lawmakers abstained?",
        ["followup.uncounted"],
    )


def test_followup_answered_before() -> None:
    """followup.answered-before: the previous answer's sentence gives way to one holding what
    the follow-up adds ("due", "end"), unless it holds some of that itself, or the follow-up
    asks for a value the other sentence does not give."""
    previous = "72-hour [1]. Train drivers began a 72-hour strike on Thursday. [1]"
    quoted = [
        "Train drivers began a 72-hour strike on Thursday.",
        "The strike is due to end at 0200 on Sunday.",
    ]
    asked = "How long is the strike?"
    assert answered_before_first("When is it due to end?", asked, previous, quoted, "date") == 1
    # The previous sentence holds a word the follow-up adds ("Thursday"): it stays first.
    assert answered_before_first("Why on Thursday?", asked, previous, quoted) is None
    # A value is asked and the other sentence gives none: it stays first.
    record = "Rahel Tesfamar won in 2 hours 21 minutes."
    won = (f"Rahel Tesfamar [1]. {record} [1]", [record, "Her time was impossible to ignore."])
    assert answered_before_first("What was her time?", "Who won?", *won, "measure") is None
    assert answered_before_first("What was her time?", "Who won?", *won) == 1


def test_followup_then(nlp: NlpPipeline) -> None:
    """followup.then: "then" after a when-question answered with a year is that year; after
    another question, or a lead that is no year, it is left as it is."""
    last = (
        "When was the province's last fire of this size?",
        "2019 [1]. The province's last fire of this size, in 2019, burned 4,100 hectares. [1]",
    )
    assert _rules("How many hectares did the fire burn then?", last, nlp) == (
        "How many hectares did the fire burn in 2019?",
        ["followup.then"],
    )
    assert resolve("How much has the region spent since then?", [last], nlp) == (
        "How much has the region spent since 2019?"
    )
    where = ("Where did the fire break out?", "Ulvercote [1]. It broke out near Ulvercote. [1]")
    assert "followup.then" not in _rules("How many hectares did the fire burn then?", where, nlp)[1]


def test_the_rest_reads_on_from_the_last_turn() -> None:
    """ "What happened to the rest?" refers back as a pronoun does."""
    paintings = "How many paintings were saved? 23 [1]. Crews carried 23 paintings out. [1]"
    assert looks_like_follow_up("What happened to the rest?", paintings)
    assert not looks_like_follow_up("What happened to the Crown of Edda?", paintings)


def test_a_fragment_with_nothing_to_put_in_is_not_read(nlp: NlpPipeline) -> None:
    """ "?" or "What about it?" give the previous question nothing new: not read."""
    fleet = ("How many aircraft does Corvelle Airways fly?", "132 aircraft [1]. x. [1]")
    assert resolve("?", [fleet], nlp) is None
    assert resolve("What about it?", [fleet], nlp) is None


def test_followup_not_the_asker(nlp: NlpPipeline) -> None:
    """followup.not-the-asker: after "Who did the transport minister appoint?", "he" is whom
    the minister appointed, not the minister the quote names by that title; a question that
    does not name him by title leaves him a referent."""
    quote = (
        "Transport Minister Raul Ibarra said that he had appointed a mediator, retired judge "
        "Ahmed Qureshi, to end the strike. [1]"
    )
    appointed = ("Who did the transport minister appoint to mediate the strike?", quote)
    text, rules = _rules("How old is he?", appointed, nlp)
    assert text == "How old is Ahmed Qureshi?"
    assert "followup.not-the-asker" in rules
    said = ("Who said talks would resume?", quote)
    assert resolve("How old is he?", [said], nlp) == "How old is Raul Ibarra?"
    # Only the subject the question gives: "title" says whom it asks about.
    defeated = (
        "Who did Nadia Vorontsova defeat to win the world title?",
        "Nadia Vorontsova won on Thursday, defeating title holder Arjun Mehta in Kastelholm. [1]",
    )
    assert resolve("How old is he?", [defeated], nlp) == "How old is Arjun Mehta?"
    # A question with no subject of its own names no asker: the minister is the answer.
    minister = ("Who is the transport minister?", quote)
    assert resolve("How old is he?", [minister], nlp) == "How old is Raul Ibarra?"


def test_followup_asked_instance(nlp: NlpPipeline) -> None:
    """followup.asked-instance: "it" after "What was the deadliest accident before X?" is that
    accident, not X; after "What is the capacity of the plant?" it is not "the capacity"."""
    deadliest = (
        "What was the deadliest industrial accident in the country before the Port Halden "
        "explosion?",
        "It was the deadliest accident since 2004, when 17 people died in a fire. [1]",
    )
    text, rules = _rules("When was it?", deadliest, nlp)
    assert text == (
        "When was the deadliest industrial accident in the country before the Port Halden "
        "explosion?"
    )
    assert "followup.asked-instance" in rules
    capacity = ("What is the capacity of the Orsk plant?", "It can make 40 tonnes a day. [1]")
    reading = resolve("How old is it?", [capacity], nlp)
    assert reading is None or "capacity" not in reading
    # Only "it" of "be": "How did it respond?" asks what the airline did, not the risk.
    risk = ("What was the biggest risk facing Corvelle Airways?", "Fuel costs. [1]")
    reading = resolve("How did it respond?", [risk], nlp)
    assert reading is None or "risk" not in reading


def test_followup_ellipsis_name_with_joined_and_possessive_words(nlp: NlpPipeline) -> None:
    """followup.ellipsis-name: "the Chemical Workers' Union" is a name, and takes the place of
    "the Harbour and Transport Workers' Federation" (an organisation's name with "and" and a
    possessive inside), not of the role asked about."""
    federation = (
        "Who is the general secretary of the Harbour and Transport Workers' Federation?",
        "Declan Moyo [1]. x. [1]",
    )
    text, rules = _rules("What about the Chemical Workers' Union?", federation, nlp)
    assert text == "Who is the general secretary of the Chemical Workers' Union?"
    assert rules == ["followup.ellipsis-name"]
    # Not a name: a common noun phrase is left to followup.ellipsis-phrase.
    _, rules = _rules("What about the port authority?", federation, nlp)
    assert "followup.ellipsis-name" not in rules
