"""Every rule that can decide an answer, by name: what `why` in `ask --json` refers to.

A rule's name says what fired; `docs/evaluation.md` lists them with what each is worth on the
evaluation sets. Every `Why` the answering core records must name a rule listed here (a test
checks it), so a trace can always be looked up.
"""

from __future__ import annotations

from bot.answers import Why

__all__ = ["RULES", "why"]

RULES: dict[str, str] = {
    # Refusals: the reports do not answer the question.
    "refuse.not-english": "The question is not in English (another script, or another "
    "language's function words): the bundled model and parser read English only.",
    "refuse.no-referent": "Asked first (no conversation before it), the question has a "
    "pronoun for a person and no noun or name that the pronoun could stand for "
    "('How old is he?'): whom it means, nothing says.",
    "refuse.nothing-retrieved": "No passage was retrieved (empty store, or filters left none).",
    "refuse.unknown-terms": "The question names something (a name, a figure) that no stored "
    "passage mentions.",
    "refuse.no-sentences": "The retrieved passages hold no sentence long enough to quote.",
    "refuse.not-close": "No sentence is close enough in meaning to the question.",
    "refuse.low-support": "The best passages cover too little of the question's vocabulary.",
    "refuse.no-cause": "A why-question whose evidence states no cause.",
    "refuse.no-count": "A how-many question whose evidence gives no number of the noun asked "
    "about.",
    "refuse.no-amount": "A question about revenue, profit, salary, spending or a budget whose "
    "evidence gives no figure beside that word.",
    "refuse.no-sum": "Nothing leads a 'how much' question asking a sum of money (cost, "
    "paid, fined, compensation, reward, ...), and none of the sentences the answer would quote "
    "gives a sum: a currency, a figure in millions, a share ('9.4 percent more'), or a "
    "figure (not of people or time) in the phrase of the money word asked. "
    "'burned 4,100 hectares' quoted for 'How much did the 2019 fire cost?' reads as its answer.",
    "refuse.no-age": "A question asking someone's or something's age ('How old is X?', "
    "'What is X's age?') that nothing binds, where no quoted sentence gives any age at all "
    "('a 73-year-old man', 'aged 34', 'Kessel, 63,', 'was 23', 'about 3,100 years ago', "
    "'built in 1962'): a sentence naming the person, quoted alone, reads as the answer.",
    "refuse.unnamed": "Nothing leads a 'What is the name of the N?' question, and the quoted "
    "sentences speak of the N but give no name with it (beside the noun, 'The bus driver, "
    "Piet Amsel,'; or by a verb of naming, 'was named as Piet Korhonen'): 'The boy, who had "
    "been in intensive care, died' quoted alone reads as the answer.",
    "refuse.no-time": "Nothing leads a question asking when ('when', 'on what date') or how "
    "long, and no quoted sentence gives any time at all (nor, for how long, any figure): "
    "quoted alone, a sentence about the thing reads as the answer.",
    "refuse.no-figure": "Nothing leads a sum or measure asked with 'how' ('how much', 'by how "
    "much', 'how far'; an age is refuse.no-age's, a figure asked with 'what' is left alone), "
    "and no quoted sentence gives any figure at all.",
    "refuse.no-price": "A price question whose figures are all in reports about something else.",
    "refuse.no-possessed": "The thing the question asks about (X's goal) is not in the evidence.",
    "refuse.no-entity": "A 'which company/player/country' question whose evidence names no "
    "organisation, person or place (by the entity recogniser) the question does not name; a "
    "'What is the name of ...?' question whose evidence names nothing at all it does not.",
    "refuse.other-way": "A 'how much did X rise/fall' question whose quoted sentences say X "
    "plainly moved the other way ('The mark fell 0.6%' for how much it gained), or stayed "
    "where it was ('Off-peak fares will be frozen' for how much they will rise), and none says "
    "how much it moved the asked way: its premise is false.",
    "refuse.other-year": "A question about a year ('in 2023', 'the 2019 fire'; not a bound "
    "such as 'since 2019') that no cited passage speaks of: not in its words or headline, not "
    "its report's year, nor a year it points at from its date ('last year', 'two years ago'). "
    "Only the cited passages count: a long report names many years. Nor when no quoted "
    "sentence speaks of it (the sentence or the one before it says it, or its report is of "
    "that year): the passage names 2025, the sentence giving a rate is this year's.",
    "refuse.other-month": "A question asking a figure (a count, sum or measure) for a month "
    "('the inflation rate in January'; not 'since March') with no year of its own, where "
    "no quoted sentence (nor the one before it) speaks of that month: not written, not its "
    "report's own month, nor 'last month' from its report's date.",
    "refuse.other-day": "A question asking a figure (a count, sum or measure) 'on' a weekday "
    "('How much did the shares fall on Tuesday?') where no quoted sentence speaks of that "
    "day: it writes another, or a date that fell on another ('fell 9.2 percent on Monday', "
    "'on May 19'), or, writing none or only the day something was said, neither the "
    "sentence before it nor its report's date "
    "(that day or the day after) says it.",
    "refuse.no-figure-then": "A question asking a figure (a count, sum or measure) for a year "
    "('in 2017', 'last year') that nothing binds, where no quoted sentence both speaks of that "
    "year (it or the one before it writes it, or points at it from its report's date) and "
    "gives a figure: the sentence about 2017 gives none, and the figures quoted are of "
    "another time. A year that starts a span ('since 2020') asks no figure of that year.",
    "refuse.undisclosed": "Nothing leads, and a quoted sentence says that what the question "
    "asks is not known, in a phrase of the kind asked ('has not said how much', 'did not "
    "give a figure', 'has not been named', 'has not said when', 'did not say where'), sharing "
    "a word with the question, saying nothing after the phrase that the question does not "
    "('how much it will invest in the second phase' is another sum), naming someone the "
    "question names (if it names anyone; or naming no one, in a passage that names them) "
    "and, for a name, no other person or organisation: the reports say the answer is not "
    "given. When a lead was withheld for a value bound in another sentence, that sentence is "
    "not read, and the unknown must hold most of what is asked.",
    "refuse.no-role-holder": "A 'who is the <role> of X' question where no sentence names "
    "anyone with that role (of X): the reports do not say who holds it.",
    "refuse.unstated-premise": "Nothing leads, and no quoted sentence states the predicate "
    "a one-clause question presumes (arrested, outbid, won the contract), in any form or a "
    "word close in meaning: the reports do not say it happened. 'managed to escape' presumes "
    "the escape, 'lost their lives' a death; a phrasal verb ('turned out') presumes nothing.",
    "premise.paraphrased": "No quoted sentence says the predicate a one-clause question "
    "presumes, but one holds every other content word of the question and offers a value of "
    "the type asked: it says the same by another verb ('home to 4,200 people' for 'how many "
    "people live'), so `refuse.unstated-premise` does not refuse.",
    "refuse.unverified-quote": "None of the chosen sentences is, word for word, in its stored "
    "passage (never expected; checked before anything is shown).",
    "refuse.llm": "The LLM said the passages do not answer the question.",
    # What the answer is made of.
    "select.sentences": "The best sentences, and those that add what they leave out.",
    "select.unbound": "Nothing leads (lead.none) a question other than a yes/no one: the "
    "quotes go on, in rank order, to the closest sentences of the reports already cited, up "
    "to the most an answer quotes, after the refusal checks and the binders have read those "
    "chosen.",
    "followup.carry-over": "A follow-up question, read with the names of the previous turn.",
    "followup.resolve": "A follow-up read as the question it stands for: its pronoun replaced "
    "by the name it refers to in the previous turn, a question without a verb read into the "
    "previous question.",
    # How followup.resolve read the follow-up (bot/answering/followups.py), one rule a reading.
    "followup.pronoun": "A pronoun of the follow-up replaced by the name it stands for in the "
    "previous turn (its lead, its question, the sentence it quoted).",
    "followup.gender": "A person not read for 'he'/'she' (or 'his'/'her'): the reports call "
    "them the other way, by a title ('Mrs', 'King'), a noun of their own ('spokeswoman "
    "Dalia Reutersk', 'her husband, Matthias Orlov') or a 'he'/'she' plainly theirs ('Mehta "
    "said he would not play'; never 'Mehta shook her hand'). Named both ways, or neither, "
    "anyone may be meant; but once someone was passed over, only a person the reports call "
    "the asked way stands in (or the pronoun stays open).",
    "followup.same-pronoun": "A follow-up's 'she' (or 'he') after a question that said 'she' "
    "too stands for what that one did ('Who did she beat?' -> 'Arjun Mehta'; 'How old is "
    "she?' is about the champion again), once the answer's person was passed over for "
    "followup.gender.",
    "followup.not-the-asker": "After a 'who' question, 'he'/'she' is not a person the "
    "quoted sentence names with a title the question gives its subject ('Who did the transport "
    "minister appoint to mediate?': 'Transport Minister Raul Ibarra' appointed; 'he' is whom; "
    "but 'Who did Vorontsova defeat to win the title?' leaves 'title holder Arjun Mehta').",
    "followup.asked-instance": "'it' after 'What was the deadliest accident before X?' (a "
    "copular what-question whose subject picks one of a kind: a superlative, 'first', 'last') "
    "is that phrase: 'When was it?' asks when that accident was, not when X was; not after "
    "'What is the capacity of the plant?'.",
    "followup.not-itself": "A pronoun not replaced by a name that the follow-up already "
    "gives ('How far is it from Sarnessa?' is not 'How far is Sarnessa from Sarnessa?').",
    "followup.no-person-they": "'it'/'they' not read as the previous answer's lead, which "
    "names a person (a role question's answer, a name after a title such as 'Goalkeeper').",
    "followup.local-antecedent": "A possessive 'its'/'their' left as it is: a noun subject "
    "before it in its own clause is what it refers to ('the government ... its budget').",
    "followup.subject-it": "'it' after a question naming no thing it could stand for is "
    "that question's singular subject with what it says of it ('When did the chlorine leak at "
    "Tarveld begin?' ... 'Why did it happen?': the chlorine leak at Tarveld); a place said "
    "where something is ('at Tarveld') is no 'it', nor a report's dateline a person, and after "
    "'What was stolen ...?' 'it' is the answer, left open.",
    "followup.parallel-object": "An object 'it' after a question whose wh-word was the "
    "subject stands for that question's object ('Who won the cup? When did the club last "
    "win it?').",
    "followup.unanswered-role": "'he'/'she' after an unanswered 'who is the X?' stands for "
    "the X ('the coastguard spokesman'); after 'who was detained over X?', for 'the person "
    "detained over X'.",
    "followup.then": "'then' after a when-question answered with a year is that year ('How "
    "many hectares did it burn then?' -> '... in 2019?').",
    "followup.uncounted": "A count without its noun takes the previous question's ('How many "
    "finished?' -> 'How many runners finished?').",
    "followup.partitive": "'how many of them' counts among what the previous question "
    "counted ('How many of the reports of overheating were fires?').",
    "followup.ellipsis-wh": "A verbless wh-phrase takes the place of the previous question's "
    "('And how many crew?', 'To what price?', 'By when?', 'Why?', 'Since when?', 'For how "
    "long?'); after a question whose wh-phrase was its subject, a subject wh-phrase takes its "
    "place as it is ('Who else?' after 'Which parties withdrew their support?').",
    "followup.ellipsis-source": "'And according to X?' asks the previous question of "
    "another source: X replaces its 'according to' phrase or the subject of its verb of "
    "saying ('How many people did the organisers say joined the march?').",
    "followup.ellipsis-name": "A follow-up that is only a name takes the place of the previous "
    "question's name of the same kind, or of its only name ('And Flitway?').",
    "followup.ellipsis-date": "A follow-up that is only a point in time takes the place of the "
    "previous question's ('And in 2023?', 'And in February?'); a year alone replaces a year "
    "written inside a name ('the 2024 Tour of Alvaria').",
    "followup.ellipsis-state": "A follow-up that is a participle or adjective alone ('And the "
    "injured?', 'the missing') takes the place of the previous question's passive participle "
    "('How many people were killed ...' -> '... were injured ...').",
    "followup.ellipsis-phrase": "Another verbless follow-up read into the previous question: "
    "its noun phrase in place of the one with the same head or of the subject, else added.",
    "followup.answered-before": "A resolved follow-up with no lead does not open with the "
    "previous answer's sentence when that holds none of the words the follow-up adds and "
    "another quoted sentence holds half of them or more ('due to end').",
    "followup.new-sentence": "A follow-up answered first with a sentence other than the one "
    "that answered the previous question.",
    "lead.count": "A number is bound (and its sentence quoted first, lead.sentence-first; "
    "never stated since 2026-11-27): the parse binds it to the noun the question counts, and "
    "not as what something 'can' hold unless the question asks that, nor as the doing of "
    "someone named other than the doer the question names (its subject, a relative pronoun's "
    "noun or a passive's 'by' agent), nor as the most that may befall someone ('carries up to "
    "eight years') unless the question asks that; not what someone demands or proposes ('has "
    "demanded a recount at 312 polling stations'), and a time the question asks must be the "
    "figure's own, not another clause's ('cancelled 210 flights on Sunday and expects to "
    "cancel more on Monday') nor another figure's ('compared with 164 in ... 2025').",
    "lead.amount": "A sum leads: it is in the clause about the thing the question prices (a "
    "figure after a currency sign is a sum, with its sign and written magnitude: '€300m').",
    "lead.change": "A figure leads a 'how much / by how much did X rise/fall' question: the "
    "size of the move of a verb whose subject is X ('Shares in Vireo rose 9 percent'), never "
    "the level it moved to.",
    "lead.date": "A date leads: the parse attaches it to the event the question asks about "
    "(a verb of the same phase counts: 'began' for 'start'); a time of day for 'what time'. "
    "Not a plan's date for a question about the past ('were due to start running in 2027', "
    "'is scheduled to open in 2027'), nor what will be for 'when did', nor a past or perfect "
    "deed's for one about the future ('met them separately on Monday' for 'when will he meet "
    "them?').",
    "lead.role": "A name leads: the sentence names that person with the role asked about, "
    "or says they do what the role does to what the question names ('who has coached Roeland' "
    "for Roeland's coach); a generic role word ('boss', 'head', 'leader') is held by its usual "
    "titles ('chief executive', 'director', 'president', 'chairman').",
    "lead.role-unowned": "No name leads a role question whose asked owner no sentence ties "
    "to the role, but a sentence names someone with that role without saying whose ('Chief "
    "executive Marta Ilvesson', 'Her lawyer, Clara Moen'): that sentence is quoted first "
    "instead of refusing (refuse.no-role-holder); a role said to be another's by name still "
    "refuses.",
    "lead.describe": "A title leads: the sentence gives the person asked about that title.",
    "lead.agent": "A name leads: it is the subject (or 'by' agent) of the verb asked about.",
    "lead.role-verb": "A name leads a 'who leads/governs/represents X' question: the sentence "
    "names the person with the role that verb names (leader, governor, lawyer), held of X.",
    "lead.object": "A thing leads: the object of the very verb a 'what X did S do' question asks "
    "about.",
    "lead.measure": "A figure leads: the parse attaches it to the thing whose measure is asked "
    "(a pay rise of 6 percent, the crossing takes 75 minutes).",
    "lead.corroborated-name": "A name leads a 'who is the individual that ...' or multi-report "
    "question: the cited sentences name it in two or more places (or it is a single sentence's "
    "only new name), and no other as often; not a name written only after a preposition of "
    "place ('miners across Veskaria') or in a dateline, nor a word opening a sentence ('Across', "
    "'But').",
    "lead.denied": "No leads a yes/no question that no sentence answers with the verb asked: "
    "the best sentence negates a clause of its own ('not', 'no', 'none', 'never', 'denied', "
    "'ruled out') that says two of the question's words ('He ruled out taking a stake in "
    "Velstrand' for 'Will the government buy a stake in Velstrand?'); not for a negated "
    "question, a direction asked, a denial asked, a hedged or guessed verb, the opposite "
    "verb negated, nor a saying left undone ('did not say whether ...').",
    "lead.yes-no": "Yes or No leads: a sentence says the very verb asked about (or a verb of "
    "the same deed: 'backed' for 'endorsed', 'conceded' for 'admitted'), of the same "
    "doer when the question names one ('Is Dunmarrow planning to shut the pit?': not 'the "
    "strike shut the pits'), saying what was asked when the verb is one of saying ('Has X said "
    "when work will restart?': not 'X said it had suspended work'), "
    "nouns (a pronoun subject stands for a subject before it), plainly affirmed or negated (not "
    "under 'if'/'whether', not a guess); the question's other nouns in the sentence or its "
    "headline. A figure moving either way answers whether it moved ('Did X go down?': 'X fell' "
    "yes, 'X rose' no), said of the figure in the verb's own clause and not of another one of "
    "it ('Clothing sales fell' for food sales); a figure said to stay where it was answers No "
    "('Will off-peak fares rise?': 'off-peak fares will be frozen'; 'left its rate unchanged', "
    "'held steady', 'were flat'), read after every verb that moves, when it is the asked "
    "figure with no word of its own the question lacks, at the asked time, not only wished, "
    "guessed or bounded ('frozen until March'), nor beside a move ('held steady before "
    "falling'), nor a rate of change ('growth was unchanged'); a name the verb is done to "
    "must be its own ('Roeland beat Montesi' says nothing of Duskova). Every figure the "
    "question gives must be in the sentence ('a 40 million euro fund' is not 'a fund of 25 "
    "million euros'); a subject naming only others says nothing ('Shares of Norcrest jumped' "
    "for Halden's); nor does a verb only due ('is due to reach orbit') or ruled out ('ruled "
    "out closing'). A verb someone failed, declined or refused to do was not done ('failed to "
    "make the payment': No; 'did not refuse to pay': none), and has that someone for its "
    "subject unless an object stands between ('ordered four diplomats to leave'). The "
    "opposite deed said plainly of the same nouns says No ('rejected the plan' for 'Did the "
    "council approve the plan?'; `OPPOSITE_VERBS`; 'did not reject' says nothing). A hyphened "
    "word is not its last part ('quarter-finals' is no final).",
    "lead.happened": "Yes or No leads 'Has anyone died/been hurt/been arrested?', 'Is there "
    "a vaccine?': a sentence "
    "says it of nobody at all ('no one was injured', 'No deaths have been reported', 'did "
    "not injure anyone') or of counted people ('Three workers were killed') or of one person "
    "neither named nor 'the' one ('arrested a 57-year-old man'); not of one named person, not "
    "graded when "
    "the question is not ('no serious injuries'), not when the cited sentences disagree.",
    "lead.ranking": "Yes or No leads 'Is this the first strike this year?': a sentence says, "
    "in a plain copula, what place the question's subject (or a pronoun) holds in the series "
    "of the noun asked ('It is the third strike on the network this year': No); not a place "
    "narrowed by a clause ('the first to turn violent'), not when the sentence gives both.",
    "lead.age": "An age leads 'How old is X?': the number between commas after a person's "
    "name ('Mwangale, 31, edged ...'), of the person the question names, or set beside the "
    "question's own word ('the oldest, Walter Greim, 84').",
    "lead.age-of-role": "An age leads 'How old is Calder's chief executive?' when no sentence "
    "gives it beside the role: the best sentence binding the role names the person ('Calder's "
    "chief executive, Naomi Fairbank'), and a sentence of the same report gives that person's "
    "age ('Fairbank, 48, said'); both are quoted, the age's first.",
    "lead.copula": "Yes or No leads 'Is Brightwater-2 still in service?': a sentence says the "
    "question's subject is, or remains, every word of its predicate ('remains in service'), "
    "or names it so in apposition ('Velmore, the country's oldest university'); nothing "
    "qualifies it more ('the second oldest', 'one of', a figure), not hedged or guessed; No "
    "only for a plain negation.",
    "lead.contradicted": "No lead: one cited sentence says Yes and another No to what was asked.",
    "lead.order": "Yes/no on the order of two reports, from their publication dates.",
    "lead.whole-passage": "A binder also reads the cited passages' sentences that were not "
    "embedded (those sharing a question word): long reports state the fact outside the few "
    "sentences closest in meaning.",
    "lead.same-report-name": "A surname that leads is shown in the full form its own report "
    "gives, before any other report's (which may name another person of that surname).",
    "conflict.reports-differ": "Reports differ: other reports give, by the lead's own binder, "
    "values of the figure asked for that cannot all be true; each value is shown with its "
    "outlet and date, newest first (bot/answering/conflicts.py).",
    "conflict.latest": "A later report updates the figure: the reports' values differ and the "
    "newest report, named as the latest, is later than every other.",
    "lead.bound-twice": "No lead: another of the first sentences tried, in the same report, "
    "binds by the same rule a figure that cannot be the lead's ('600,000 people' at the top, "
    "'1.4 million people will be under the ban' below); both sentences are quoted first. A "
    "sentence naming another year than its report's ('In 2022, ...') or giving a part of a "
    "total ('of them', 'including') is no rival.",
    "lead.rival": "No lead: the value was bound in a lower-ranked sentence, and the best-ranked "
    "one gives another value of the very thing asked (a number counting the same noun, a sum "
    "of the thing priced, a figure of the noun measured): a guess between two values, so the "
    "quoted sentences answer alone.",
    "lead.ambiguous": "No lead: the bound figure's own sentence gives another figure of the "
    "same kind in the same clause, or a coordinated one of the same verb ('13,205 voted yes "
    "and 11,384 voted no', 'down to 4.1 tonnes from 7.5 tonnes'), or anywhere in it a second "
    "count of the same noun for the verb asked ('killed 31 people since June, after 4 people "
    "were killed on Tuesday'): that sentence answers alone, quoted first.",
    "lead.offering-first": "No lead, and the best sentence gives no value of the type asked "
    "(a count, a sum, a date, a place, a person, by the entity recogniser): a quoted sentence "
    "that gives one goes first, since the first statement is what a reader takes as the answer.",
    "lead.time-first": "No lead for a figure asked of a time (a day, a month, a year: 'How "
    "many people died of marsh fever in 2024?'), and the best sentence does not say it: a "
    "sentence of a cited report that says every time asked (not only as the day something was "
    "said), each of the question's verbs (or one of the same deed: 'killed' for 'died'), its "
    "names, and a value of the type asked (for 'how many X', a count of X) goes first, closest "
    "first.",
    "lead.counting-first": "No lead for 'how many X': a quoted sentence of a cited report "
    "whose figure the parse ties to X ('18,500 runners started the race') goes first, closest "
    "first; a sentence counting nothing asked comes after it.",
    "lead.sentence-first": "A measure, a sum or a count the parse ties to what was asked "
    "(lead.measure, lead.amount, lead.count) does not lead: its sentence comes first and "
    "answers alone. On reports nobody tuned for, measures and sums were tied wrongly as often "
    "as rightly, and counts one time in five (2026-11-27).",
    "lead.below-first": "A count or a name the parse ties to what was asked, in a sentence "
    "other than the one the quotes open with, does not lead: that sentence is quoted first "
    "and answers alone. Counts and names bound below the first sentence were wrong about "
    "three times as often (2026-11-27); dates, ages, descriptions and verdicts still lead.",
    "lead.none": "No short answer is bound to what was asked: the quoted sentences alone.",
    "llm.statements": "The LLM's statements that passed verification.",
    # Why an LLM statement was dropped (notes["dropped_statements"]; bot/answering/verification).
    "llm.unsupported-number": "A number in the statement is not in its quotes (with its noun "
    "and its currency).",
    "llm.unsupported-date": "A date in the statement is not in its quotes.",
    "llm.unsupported-name": "A name in the statement is not in its quotes, as a unit.",
    "llm.negation-mismatch": "The statement and its quote disagree on a negation "
    '("failed to seize" negates "seize").',
    "llm.opposite-word": "A word of the statement says the opposite of its quotes "
    '("lost" for "seized", "rose" for "fell").',
    "llm.unquoted-clause": "A clause of the statement is mostly not in its quotes.",
    "llm.low-overlap": "Too few of the statement's content words are in its quotes.",
    "llm.no-citation": "The statement cites nothing.",
    "llm.bare-citation": "A citation without a quote.",
    "llm.unknown-passage": "A citation of a passage the model was not given.",
    "llm.quote-not-found": "A quote that is not in the passage it cites.",
    "llm.instruction-in-passage": "A citation of a passage that addresses the model (withheld).",
    "llm.fallback": "The LLM's answer could not be used; the extractive answer is given.",
}


def why(rule: str, detail: str = "") -> Why:
    """A trace entry; the rule must be one of `RULES`."""
    if rule not in RULES:
        raise KeyError(f"unknown answering rule {rule!r}")
    return Why(rule, detail)
