"""Leads bound to what was asked: each rule on plain sentences, a positive and a negative case.

These need the spaCy pipeline (loaded once, under a second), not the embedding model.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.answering.binding import (
    Binding,
    ambiguous,
    asked_months,
    asked_roles,
    asked_weekdays,
    bind,
    calendar_day,
    counts_asked_noun,
    denied,
    gives_a_sum,
    labelled,
    months_said,
    moved_the_other_way,
    name_given,
    offers,
    rival,
    unstated_years,
    weekdays_said,
    years_said,
)
from bot.answering.nlp import NlpPipeline, NlpPipelineError
from bot.answering.question import NAME_LABELS, parse_question, same_verb
from bot.answering.rules import RULES, why

CASES = [
    # (rule, question, sentence, expected lead or None)
    (
        "lead.role",
        "Who is the deputy mayor for transport?",
        "Deputy Mayor Ingrid Saal, who is responsible for the zoo's council funding, spoke.",
        None,  # a deputy mayor, not the one for transport
    ),
    (
        "lead.role",
        "Who is the deputy mayor for transport?",
        "Deputy Mayor for Transport Anika Sorensen said the charge had worked.",
        "Anika Sorensen",  # the portfolio is no part of the name
    ),
    (
        "lead.role-verb",
        "Who chairs the supporters' trust?",
        '"They treated the club badly," said trust chair Nadine Fairbrother.',
        "Nadine Fairbrother",  # the recogniser tags her an organisation; the title says who
    ),
    (
        "lead.role-verb",
        "Who chairs the supporters' trust?",
        '"They treated the club badly," said Calder Peak chairman Nadine Fairbrother.',
        None,  # the chair of another
    ),
    (
        "lead.role",
        "Who is the minister for foreign affairs?",
        "Foreign Minister Nils Aakre said the talks would resume.",
        "Nils Aakre",  # one word of the portfolio is enough
    ),
    (
        "lead.role",
        "Who is the spokeswoman for the cabin crew union?",
        "Its spokeswoman, Ingrid Dale, said the union would strike.",
        "Ingrid Dale",  # whom she speaks for is no portfolio the sentence must repeat
    ),
    (
        "lead.count",
        "How many cars were aboard when the ferry hit the reef?",
        "The ferry is 128 metres long and can carry 650 passengers and 180 cars.",
        None,  # how many it can carry, not how many it carried
    ),
    (
        "lead.count",
        "How many cars can the ferry carry?",
        "The ferry is 128 metres long and can carry 650 passengers and 180 cars.",
        "180 cars",
    ),
    (
        "lead.count",
        "How many of the reports of overheating were fires?",
        "Nuvato said it had received 37 reports of overheating, including four fires.",
        "four fires",  # what "many of X" are said to be is counted, not X
    ),
    (
        "lead.amount",
        "How much is the strike costing Norvale State Railways per day?",
        "The strike is costing Norvale State Railways about 3.1 million euros a day.",
        "about 3.1 million euros",
    ),
    (
        "lead.amount",
        "How much is the strike costing Norvale State Railways per day?",
        "Norvale State Railways made a loss of 214 million euros last year, the strike's cost.",
        None,  # no figure per day
    ),
    (
        "lead.agent",
        "Who won the Tour of Caldera Ridge?",
        "FENNICK, July 20 (Meridian Daily) - Teodor Vasquez-Lind won the Tour of Caldera Ridge.",
        "Teodor Vasquez-Lind",
    ),
    (
        "lead.agent",
        "Who won the points classification at the Tour of Caldera Ridge?",
        "Emil Sarrazin won the mountains classification at the Tour of Caldera Ridge.",
        None,  # the parse makes "points" and "mountains" objects of their own: still which one
    ),
    (
        "lead.agent",
        "Who won the points classification at the Tour of Caldera Ridge?",
        "Emil Sarrazin won the points classification at the Tour of Caldera Ridge.",
        "Emil Sarrazin",
    ),
    (
        "lead.agent",
        "Who won the 2018 World Cup?",
        "France won the 2018 World Cup in Moscow.",
        "France",
    ),
    (
        "lead.agent",
        "Who won the 2018 World Cup?",
        "Halden United won the national cup on Sunday.",
        None,  # the year says which cup: this sentence (and its report) never says it
    ),
    (
        "lead.agent",
        "Who published the report on the Tour of Caldera Ridge?",
        "FENNICK, July 20 (Meridian Daily) - The Tour of Caldera Ridge was won in a sprint.",
        None,  # the outlet in the dateline filed the report; the sentence says nothing of it
    ),
    (
        "lead.role",
        "Who is the mediator?",
        "Mediator Peter Lindahl, a former labour court judge, said talks would resume.",
        "Peter Lindahl",  # "former" is the judge's rank, not the mediator's
    ),
    (
        "lead.role",
        "Who is the mediator?",
        "Peter Lindahl, a former mediator, said talks would resume.",
        None,  # a former mediator is not the mediator
    ),
    (
        "lead.count",
        "How many people were arrested after the protest in Korvan?",
        "Police said 143 people had been detained after the protest in Korvan.",
        "143 people",  # "detain" is "arrest" in other words
    ),
    (
        "lead.count",
        "How many people were detained after the protest in Korvan?",
        "Police detained 143 people after about 30,000 people marched through Korvan.",
        "143 people",
    ),
    (
        "lead.role",
        "Who is the rector of Halstad University?",
        "Halstad University named chemist Mirela Sand as its new rector on Tuesday.",
        "Mirela Sand",  # the role a verb of appointing gives
    ),
    (
        "lead.role",
        "Who is Veldt's chief executive?",
        "Anna Holm was appointed chief executive of Veldt in March.",
        "Anna Holm",
    ),
    (
        "lead.role",
        "Who is the mayor of Kelby?",
        "Anna Holm is expected to be elected mayor of Kelby in May.",
        None,  # an appointment still to come
    ),
    (
        "lead.role",
        "Who is the mayor of Kelby?",
        "Anna Holm will be named as the new mayor of Kelby.",
        None,
    ),
    (
        "lead.role",
        "Who is the rector of Velmore University?",
        "The case led to the resignation of the then rector of Velmore University, Piet Amsel.",
        None,  # "the then rector" was the rector when the case was
    ),
    (
        "lead.role",
        "Who is governor of the National Bank of Veskaria?",
        "Governor Amalia Torrvik said the National Bank of Veskaria would act again.",
        "Amalia Torrvik",
    ),
    (
        "lead.role",
        "Who is governor of the National Bank of Veskaria?",
        "Deputy governor Felix Amundsen said the National Bank of Veskaria would act again.",
        None,  # the deputy governor is not the governor
    ),
    (
        "lead.role",
        "Who is governor of the National Bank of Veskaria?",
        # The recogniser tags no entity in "Governor Amalia Torrvik" here: the title asked,
        # then capitalised proper nouns, is read as a person.
        "The National Bank of Veskaria's committee voted 5-2 for the increase from 6.25 "
        "percent, Governor Amalia Torrvik told a news conference in Korvik.",
        "Amalia Torrvik",
    ),
    (
        "lead.role",
        "Who is governor of the National Bank of Veskaria?",
        "The National Bank of Veskaria's committee voted 5-2 for the increase from 6.25 "
        "percent, Senator Amalia Torrvik told a news conference in Korvik.",
        None,  # another title before the untagged name
    ),
    (
        "lead.measure",
        "How heavy is the spacecraft?",
        "The spacecraft separated from the upper stage 52 minutes after launch.",
        None,  # a time is no weight
    ),
    (
        "lead.measure",
        "How heavy is the spacecraft?",
        "The spacecraft weighs 1,240 kg.",
        "1,240 kg",
    ),
    (
        "lead.measure",
        "How high were the gusts?",
        "The gusts reached 85 mph on the coast.",
        "85 mph",  # "high" asks of speeds and temperatures too
    ),
    (
        "lead.measure",
        "How high is the dam?",
        "The dam, which holds 4 billion cubic metres of water, is 185 metres high.",
        "185 metres",  # not the volume it holds
    ),
    (
        "lead.measure",
        "How heavy was the whale?",
        "The whale, which was 14 metres long, weighed about 30 tonnes.",
        "about 30 tonnes",
    ),
    (
        "lead.measure",
        "How heavy was the whale?",
        "The whale measured 14 metres.",
        None,  # a length is no weight
    ),
    (
        "lead.measure",
        "How long was the smallest whale?",
        "The smallest whale weighed 2.3 tonnes.",
        None,  # a weight is no length
    ),
    (
        "lead.measure",
        "How long was the smallest whale?",
        "The smallest whale measured 1.7 metres.",
        "1.7 metres",
    ),
    (
        "lead.measure",
        "How long is the ship?",
        "The ship docked in Kellport on Monday morning.",
        None,  # a time of day is when, not how long
    ),
    (
        "lead.measure",
        "How long was the nine-year-old boy trapped before rescuers got to him?",
        "The boy was found shortly before 6:30 p.m. on Tuesday, about 40 hours after the slide.",
        "about 40 hours",  # a state lasts: a length of time, not a clock time
    ),
    (
        "lead.measure",
        "What is the maximum yearly rent increase allowed under the new law?",
        "Rents may not rise by more than 3 percent a year, compared with increases of up to 15 "
        "percent last year.",
        None,  # the figure compared with is no answer; the parse ties none to the increase
    ),
    (
        "lead.age",
        "How old is Elias Mwangale?",
        "Mwangale, 31, edged Joseph Arimo by two seconds.",
        "31",
    ),
    (
        "lead.age",
        "How old was the oldest runner to finish?",
        "The youngest finisher was 18 and the oldest, Walter Greim, 84, finished in 5 hours.",
        "84",
    ),
    (
        "lead.age",
        "How old is Joseph Arimo?",
        "Mwangale, 31, edged Joseph Arimo by two seconds.",
        None,  # another man's age
    ),
    (
        "lead.age",
        "What is the age of Elias Mwangale?",
        "Mwangale, 31, edged Joseph Arimo by two seconds.",
        "31",  # "the age of" asks an age as "how old" does
    ),
    (
        "lead.age",
        "How old is the shipping magnate buying the club?",
        "The rest stays with former club chairman Graham Pell, 71, whose family owns shares.",
        None,  # "club" is the club bought, not the man whose age is asked
    ),
    (
        "lead.yes-no",
        "Was the Vardonian ambassador asked to leave?",
        'Asked whether the Vardonian ambassador would also be asked to leave, she said: "Not at '
        'this stage."',
        None,  # a question put to her says nothing of the ambassador
    ),
    (
        "lead.yes-no",
        "Did the radar system fail?",
        "The flight-data system, which backs up the radar, failed on Monday.",
        None,  # another system: "radar" is said, of the system backed up
    ),
    (
        "lead.yes-no",
        "Did the union accept the pay offer?",
        "The union accepted the two-year offer, ending the pay dispute.",
        "Yes",  # "two-year" says how the offer is, not which one
    ),
    (
        "lead.yes-no",
        "Did Vireo pay the fine?",
        "Vireo paid 2 million euros on Monday to settle the fine.",
        "Yes",  # the fine is done to by "settle", not named beside another object of "paid"
    ),
    (
        "lead.yes-no",
        "Did Ostra make a profit in 2024?",
        "Ostra made a loss of 1.2 million crowns in 2024, after a profit the year before.",
        None,  # "made" is done to a loss; the profit is another year's
    ),
    (
        "lead.yes-no",
        "Did Ostra make a profit in 2023?",
        "Ostra made a profit of 300,000 crowns in 2023.",
        "Yes",
    ),
    (
        "lead.copula",
        "Is Brightwater-2 still in service?",
        "Brightwater-2, launched in 2019, remains in service.",
        "Yes",
    ),
    (
        "lead.copula",
        "Is Velmore the oldest university in the country?",
        "Velmore, the country's oldest university, has about 31,000 students.",
        "Yes",  # said in apposition
    ),
    (
        "lead.copula",
        "Was the jury's decision unanimous?",
        "The jury's decision was not unanimous, the judge said.",
        "No",
    ),
    (
        "lead.copula",
        "Is Velmore the oldest university in the country?",
        "Velmore is the country's second oldest university.",
        None,  # qualified more than asked
    ),
    (
        "lead.copula",
        "Is Brightwater-2 still in service?",
        "Brightwater-3 remains in service.",
        None,  # another subject
    ),
    (
        "lead.copula",
        "Is Brightwater-2 still in service?",
        "Brightwater-2 is no longer in service.",
        "No",
    ),
    (
        "lead.copula",
        "Is Brightwater-2 still in service?",
        "Brightwater-2 was in service until 2021, when it was retired.",
        None,  # a state that ended, said in the past
    ),
    (
        "lead.copula",
        "Is Maria Lopes the mayor of Port Lenwick?",
        "Maria Lopes, the deputy mayor of Port Lenwick, said the road would reopen.",
        None,  # a word more than asked
    ),
    (
        "lead.copula",
        "Is the new bridge safe?",
        "The old bridge is safe, but the new one is not.",
        None,  # the subject's own words are not all its
    ),
    (
        "lead.date",
        "When did the Saltmarsh port strike start?",
        "The last major strike at Saltmarsh, in 2011, lasted 23 days.",
        None,  # an earlier strike than the one asked about
    ),
    (
        "lead.date",
        "When was the last major strike at Saltmarsh?",
        "The last major strike at Saltmarsh, in 2011, lasted 23 days.",
        "2011",  # the question asks for that one
    ),
    (
        "lead.date",
        "When did a keeper last see the leopard before it escaped?",
        "The snow leopard escaped from its enclosure on June 19.",
        None,  # the clause after "before" only says when the asked event was
    ),
    (
        "lead.date",
        "When did the leopard escape?",
        "The leopard escaped from its enclosure on June 19.",
        "June 19",
    ),
    (
        "lead.date",
        "When did Halden United last win the cup before this final?",
        "Halden United won the national cup on Sunday, beating Rivermouth 5-4 on penalties.",
        None,  # this win, not the one before it
    ),
    (
        "lead.date",
        "When did Halden United last win the cup before this final?",
        "Halden United last won the cup in 1998.",
        "1998",
    ),
    (
        "lead.date",
        "When was the missing boy last seen?",
        "The missing boy was seen on Saturday evening near the railway station.",
        "Saturday",  # "last" alone: the most recent time
    ),
    (
        "lead.date",
        "When did Halden United last win the cup?",
        "Halden United have not won the cup since lifting it on a Sunday in May 1998.",
        "May 1998",  # "a Sunday" names no day; the recogniser splits the date around it
    ),
    (
        "lead.date",
        "When did the senator first propose the tax?",
        "The senator first proposed the tax at a 2019 rally.",
        "2019",  # "a" before a dated thing, not before a weekday
    ),
    (
        "lead.date",
        "When did the central bank previously raise rates?",
        "The central bank raised rates on Thursday, March 3, its first increase since 2018.",
        None,  # the news's own day, though it names its month
    ),
    (
        "lead.date",
        "When did the volcano previously erupt?",
        "The volcano erupted earlier on Tuesday, the office said.",
        None,  # earlier the same day
    ),
    (
        "lead.date",
        "When did Vardonia previously expel Lestrian diplomats?",
        "Vardonia expelled two Lestrian diplomats in 2021 after a similar row.",
        "2021",  # a year may be an earlier one's
    ),
    (
        "lead.date",
        "When was the dam completed?",
        "The dam was completed in 1962.",
        "1962",
    ),
    (
        "lead.date",
        "When will the reservoir be finished?",
        "The reservoir will be finished by 2030.",
        "by 2030",  # a deadline, said as one
    ),
    # A plan dates nothing that happened; a past deed dates nothing still to come.
    (
        "lead.date",
        "When did the first trains run through the tunnel?",
        "The first trains ran through the tunnel in 2029, two years late.",
        "2029",
    ),
    (
        "lead.date",
        "When did the ship leave port?",
        "The ship was expected to leave port on Friday, officials said.",
        None,
    ),
    (
        "lead.date",
        "When will the mediator meet the union?",
        "The mediator met the union on Monday.",
        None,
    ),
    (
        "lead.date",
        "When will the bridge open?",
        "Officials said the bridge would open in 2027.",
        "2027",
    ),
    (
        "lead.date",
        "When did the battery plant open?",
        "The battery plant is scheduled to open in 2027.",
        None,  # the plan's date, for a question about what happened
    ),
    (
        "lead.date",
        "When did the hoard go on display?",
        "The hoard will go on display at the National Museum from spring 2028.",
        None,
    ),
    (
        "lead.date",
        "When will the plant close?",
        "The plant has been here since 1968, a worker said.",
        None,  # a past deed's date, for a question about what will be
    ),
    (
        "lead.date",
        "When will the reservoir be finished?",
        "The reservoir is not expected to be finished before 2032.",
        "not before 2032",  # the opposite of "before 2032"
    ),
    (
        "lead.date",
        "When was the dam completed?",
        "The dam was completed in three years.",
        None,  # a length of time says how long, not when
    ),
    (
        "lead.date",
        "When did the central bank last cut rates?",
        "The mortgage rate is now 9.1 percent, compared with 6.4 percent two years ago.",
        None,  # when the baseline held, not when anything was cut
    ),
    (
        "lead.date",
        "When will the bridge open?",
        "The bridge was originally scheduled to open in 2025.",
        None,  # the plan of before, not now
    ),
    (
        "lead.date",
        "When will the tunnel open?",
        "Officials said they expected the tunnel to open in 2027.",
        "2027",  # a plan reported in the past tense is the current one
    ),
    (
        "lead.date",
        "When are trains now expected to start running through the tunnel?",
        "When parliament approved the tunnel in 2019, its cost was estimated at 4.9 billion "
        "euros and trains were due to start running in 2027.",
        None,  # the plan as it stood in 2019
    ),
    (
        "lead.date",
        "When does the bank's policy committee meet next?",
        "The committee's next meeting is on June 18, six weeks from now.",
        "June 18",  # not "June 18," as the recogniser takes it
    ),
    (
        "lead.date",
        "When was the restoration due to finish?",
        "It was closed to the public during the restoration, which began in 2022 and was due "
        "to finish in May at a cost of 6.5 million pounds.",
        "May",  # "finish" is the verb asked about, though tagged a noun after "due to"
    ),
    (
        "lead.date",
        "When was the restoration due to finish?",
        "It was closed to the public during the restoration, which began in 2022.",
        None,  # when it began, not when it was to finish
    ),
    (
        "lead.date",
        "When did Marenland launch Lyra-2?",
        "Marenland launched Lyra-1 in 2022, but controllers lost contact with it.",
        None,  # the first of the series, not the one asked about
    ),
    (
        "lead.date",
        "When did Marenland launch Lyra-2?",
        "Marenland launched Lyra-2 on Monday, four years after Lyra-1 was lost.",
        "Monday",
    ),
    (
        "lead.date",
        "To what date has the regatta been postponed?",
        "The lake's summer regatta, due to be held on August 29, has been postponed.",
        None,  # "summer" says which regatta; August 29 was the date it had
    ),
    (
        "lead.date",
        "When did the authority approve the dengue vaccine?",
        "The authority approved the trial in 2024 after tests of the vaccine on mice.",
        None,  # it approved a trial then, not the vaccine
    ),
    (
        "lead.date",
        "When did Unit 1 go into service?",
        "Unit 2 went into service in 1987.",
        None,  # the other reactor of the series, its number written apart
    ),
    (
        "lead.date",
        "When will the line open?",
        "When the line opens in 2027, trains will run every ten minutes.",
        "2027",  # the when clause is the event itself, and it is not in the past
    ),
    (
        "lead.date",
        "When will the government present its budget?",
        "The government plans to present its budget for 2027 in September.",
        "September",  # "for 2027" says which budget
    ),
    (
        "lead.count",
        "How many people were evacuated after the chlorine leak?",
        "The leak sent 31 people to hospital and forced the evacuation of about 2,400 "
        "residents before dawn.",
        None,  # the 31 were sent to hospital; the evacuation, said as a noun, has its own count
    ),
    (
        "lead.count",
        "How many people were evacuated after the chlorine leak?",
        "The leak forced the evacuation of about 2,400 people.",
        "about 2,400 people",
    ),
    (
        "lead.count",
        "How many votes did the runner-up get in the election?",
        "Noor Castell won the election, defeating Gregor Ashby by just 212 votes.",
        None,  # the margin of a contest, nobody's votes
    ),
    (
        "lead.count",
        "By how many votes did Castell win the election?",
        "Noor Castell won the election, defeating Gregor Ashby by just 212 votes.",
        "212 votes",
    ),
    (
        "lead.count",
        "How many passengers were affected by the Zelmar grounding?",
        "Zelmar Airlines grounded all 23 of its aircraft, affecting some 4,100 passengers.",
        "some 4,100 passengers",
    ),
    (
        "lead.count",
        "How many jobs will the Nordwave data centre create?",
        "The 300-megawatt Nordwave data centre will be built near the harbour.",
        None,  # "300-megawatt" counts no jobs
    ),
    (
        "lead.count",
        "How many vehicles does the Harbor Bridge carry a day?",
        "The Harbor Bridge, which carries 38,000 vehicles a day, was opened in 1962.",
        "38,000 vehicles",
    ),
    (
        "lead.count",
        "How many people died in the earthquake?",
        "The death toll from Tuesday's earthquake has risen to 61 from 38, officials said.",
        "61",  # a death toll counts the dead: what it rose to, not from
    ),
    (
        "lead.count",
        "How many people died in the earthquake?",
        "The death toll from last month's floods has risen to 61, officials said.",
        None,  # another disaster's toll
    ),
    (
        "lead.count",
        "How many people were injured in the earthquake?",
        "The earthquake struck on Tuesday, killing at least 38 people and injuring more than 200.",
        "more than 200",  # 38 were killed; the injured are counted without the noun
    ),
    (
        "lead.count",
        "How many people were injured in the earthquake?",
        "The earthquake struck on Tuesday, killing at least 38 people and injuring 12 children.",
        None,  # the killed are no count of the injured
    ),
    (
        "lead.count",
        "How many people were hurt when the ferry ran aground?",
        "Twenty-one people were injured when the ferry Kestrel Dawn ran aground on a reef.",
        "Twenty-one people",  # "ran aground" is the background, with no count of its own
    ),
    (
        "lead.count",
        "How many measles cases have been confirmed?",
        "The outbreak has spread to a third province, with 412 confirmed cases.",
        "412 confirmed cases",  # the asked verb modifies the counted noun itself
    ),
    (
        "lead.count",
        "How many affordable homes did Lea Moreau promise?",
        "Moreau promised to speed up the tram line and build 3,000 affordable homes.",
        "3,000 affordable homes",  # the asked verb governs the one the count hangs on
    ),
    (
        "lead.count",
        "How many vaccine doses will be sent?",
        "The ministry will send 40 mobile clinics and 200,000 vaccine doses to the provinces.",
        "200,000 vaccine doses",  # the parser counts "vaccine"; the plural noun is counted
    ),
    (
        "lead.count",
        "How many people died in the floods?",
        "About 300 people were evacuated from the valley on Sunday.",
        None,  # people counted, but evacuated, not killed in the floods
    ),
    (
        "lead.count",
        "How many people died in the Brenna landslide?",
        "It is the deadliest landslide since 1987, when 14 people died in the valley of Kresno.",
        None,  # a "when" clause of another year tells of another event
    ),
    (
        "lead.count",
        "How many people died when the bridge collapsed?",
        "Fourteen people died when the bridge collapsed.",
        "Fourteen people",
    ),
    (
        "lead.count",
        "How many rail workers were arrested?",
        "About 9,400 rail workers walked off the job on Thursday.",
        None,  # "rail" says which workers, not that any were arrested
    ),
    (
        "lead.count",
        "How many rail workers were arrested?",
        "Police arrested 12 rail workers outside the station.",
        "12 rail workers",
    ),
    (
        "lead.count",
        "How many firefighters died in the fire?",
        "About 400 firefighters were on the fire lines on Tuesday.",
        None,  # a death is said in so many words; this sentence says none
    ),
    (
        "lead.count",
        "How many people died in the floods?",
        "At least 12 people drowned in the floods.",
        "At least 12 people",
    ),
    (
        "lead.change",
        "What was the wholesale power price before the rise?",
        "Wholesale power prices rose 34 percent to 212 euros per megawatt-hour.",
        None,  # a price is asked, not the size of the rise
    ),
    (
        "lead.change",
        "How much have food prices risen since 2021?",
        "Food prices have risen 20 percent since 2021, the statistics office said.",
        "20 percent",  # the question asks since when too
    ),
    (
        "lead.change",
        "How much did Vireo shares rise?",
        "Shares in Vireo rose 9 percent in after-hours trading.",
        "9 percent",
    ),
    (
        "lead.change",
        "How much did Vireo shares rise?",
        "Vireo's revenue rose 21 percent to 4.6 billion dollars.",
        None,  # the revenue rose, not the shares; and 4.6 billion is where it rose to
    ),
    (
        "lead.change",
        "How much did Vireo's revenue rise?",
        "Vireo's revenue rose by 21 percent to 4.6 billion dollars.",
        "21 percent",
    ),
    (
        "lead.change",
        "How much did Flitway shares rise?",
        "Shares in Flitway jumped 24 percent, while Corvelle shares fell 3 percent.",
        "24 percent",  # a verb of the same way ("jumped") says how much it rose
    ),
    (
        "lead.change",
        "How much did Flitway shares fall?",
        "Shares in Flitway jumped 24 percent, while Corvelle shares fell 3 percent.",
        None,  # Corvelle's shares fell, not Flitway's
    ),
    (
        "lead.date",
        "When does the bank's board meet next?",
        "The next policy meeting of the bank's board is on June 18.",
        "June 18",  # "meeting" names the event "meet" names
    ),
    (
        "lead.date",
        "When does the bank's board meet next?",
        "The bank's board published its minutes on June 18.",
        None,
    ),
    (
        "lead.date",
        "When did the storm hit?",
        '"This is the strongest storm to hit the coast since 2011," she told reporters.',
        None,  # 2011 is what this storm is measured against, not when it hit
    ),
    (
        "lead.date",
        "When is the general strike?",
        "Unions called a general strike for December 2 in protest.",
        "December 2",  # the date the strike is called for
    ),
    (
        "lead.date",
        "When did the earthquake strike?",
        "Unions called a general strike for December 2 in protest.",
        None,  # a strike, but nothing of an earthquake
    ),
    (
        "lead.date",
        "When is the general strike?",
        "Unions announced a general strike on Monday.",
        None,  # when it was announced, not when it is
    ),
    (
        "lead.date",
        "When did Lindmark hold the referendum?",
        "Lindmark held the referendum on 12 May.",
        "12 May",  # the date of the very verb asked about
    ),
    (
        "lead.date",
        "When was the coast road closed?",
        "The coast road has been closed since Monday.",
        "Monday",
    ),
    (
        "lead.date",
        "What time did the leak start?",
        "The leak began at around 4:40 a.m. on Thursday, the fire service said.",
        "around 4:40 a.m. on Thursday",  # a time asked; "began" says the start "start" asks
    ),
    (
        "lead.date",
        "When did the leak start?",
        "The leak began at around 4:40 a.m. on Thursday, the fire service said.",
        "Thursday",  # "when" asks the day, not the time
    ),
    (
        "lead.date",
        "What time did the leak start?",
        "The leak was sealed at 7 a.m. on Thursday, the fire service said.",
        None,  # when it was sealed: not a start
    ),
    (
        "lead.date",
        "What time did the leak start?",
        "The leak started three hours after the explosion, the fire service said.",
        None,  # a duration, not a time of day
    ),
    (
        "lead.amount",
        "How much did the harbour bridge repairs cost?",
        "City engineer Mara Okafor said repairs to the harbour bridge cost 41 million euros.",
        "41 million euros",
    ),
    (
        "lead.amount",
        "How much did the harbour bridge repairs cost?",
        "City engineer Mara Okafor said the repairs cost 41 million euros.",
        None,  # which repairs: half the words of the thing asked are not in the clause
    ),
    (
        "lead.amount",
        "How much will the reform save?",
        "Minister Eva Strand said the reform would save the state 3.1 billion crowns a year.",
        "3.1 billion crowns",  # a currency the recogniser does not tag as money
    ),
    (
        "lead.amount",
        "How much money did Loomly raise?",
        "Loomly, a start-up that makes software for textile factories, raised 45 million euros.",
        "45 million euros",  # "money" names the kind of answer, not the thing
    ),
    (
        "lead.amount",
        "How much will the merger save each year?",
        "Minister Eva Strand said the reform would save the state 3.1 billion crowns a year.",
        None,  # a reform's savings, not the merger's
    ),
    (
        "lead.amount",
        "What will a single tram ticket to the airport cost?",
        "A return ferry ticket costs 12 euros.",
        None,  # another ticket's price
    ),
    (
        "lead.amount",
        "How much did the harbour bridge repairs cost?",
        "The festival cost 2 million euros, while the bridge repairs were paid by the city.",
        None,  # the sum is the festival's, in another clause
    ),
    (
        "lead.date",
        "When was the Harbor Bridge opened?",
        "The Harbor Bridge, which carries 38,000 vehicles a day, was opened in 1962.",
        "1962",
    ),
    (
        "lead.date",
        "When was the Harbor Bridge opened?",
        "Engineers inspected the Harbor Bridge on Tuesday.",
        None,  # Tuesday dates the inspection
    ),
    (
        "lead.role",
        "Who is the mayor of Port Lenwick?",
        "Port Lenwick Mayor Ingrid Solberg said the port would reopen on Monday.",
        "Ingrid Solberg",
    ),
    (
        "lead.role",
        "Who is Nordwave's chief executive?",
        "The plant will create 450 jobs, Nordwave chief executive Olaf Brenner said.",
        "Olaf Brenner",
    ),
    (
        "lead.role",
        "Who is the mayor of Port Lenwick?",
        "Harbour master Ola Berg said the port would reopen on Monday.",
        None,  # a name, with another role
    ),
    (
        "lead.role",
        "Who is the finance minister of Lindmark?",
        "Lindmark's Labour Minister Eva Strand said the reform would save 3.1 billion crowns.",
        None,  # a minister, of another portfolio
    ),
    (
        "lead.role",
        "Who is the prime minister of Lindmark?",
        "Polls in Lindmark put Prime Minister Jonas Ek's Liberals at 26 percent.",
        "Jonas Ek",  # the name, without the possessive
    ),
    (
        "lead.role",
        "Who is the health agency's chief epidemiologist?",
        '"We are seeing transmission among children," said the agency\'s chief epidemiologist, '
        "Dr. Saskia Brennan.",
        "Saskia Brennan",  # title and name parsed as two subjects, not an apposition
    ),
    (
        "lead.role",
        "Who is the club's president?",
        "Asked about the club's president, Tomas Vey said nothing.",
        None,  # the title is a preposition's object: the name after the comma is not his
    ),
    (
        "lead.describe",
        "Who is Olaf Brenner?",
        "The plant will create 450 jobs, chief executive Olaf Brenner said.",
        "chief executive",
    ),
    # A capitalised title before the name is tagged a proper noun; a courtesy title says nothing.
    ("lead.describe", "Who is Declan Farrish?", "Mayor Declan Farrish said it was large.", "Mayor"),
    ("lead.describe", "Who is Declan Farrish?", "Mr Declan Farrish said it was large.", None),
    (
        "lead.describe",
        "Who is Sofia Marchetti?",
        "The regional council will contribute 150 million euros towards roads and a rail link, "
        "council president Sofia Marchetti said.",
        "council president",  # tagged PROPN by the small pipeline, but lowercase
    ),
    (
        "lead.describe",
        "Who is Henrik Dahl?",
        '"We will strike," said Henrik Dahl, head of the LO trade union federation, which has '
        "1.2 million members.",
        "head of the LO trade union federation",  # without the clause about the federation
    ),
    (
        "lead.describe",
        "Who is Olaf Brenner?",
        "Olaf Brenner declined to comment on Saturday.",
        None,
    ),
    (
        "lead.object",
        "What weapon did insurgents use for the first time?",
        "The insurgents destroyed a helicopter, using drones for the first time in this conflict.",
        "drones",
    ),
    (
        "lead.object",
        "What growth does the bank expect for next year?",
        "Most economists had expected the increase.",
        None,  # what the economists expected, not the bank
    ),
    (
        "lead.object",
        "Which drug did the regulator approve?",
        "The European Medicines Agency approved Veltrix on Monday.",
        "Veltrix",  # a name may be the very one the question calls "the regulator"
    ),
    (
        "lead.object",
        "Which team will Rovers face in the final?",
        "Rovers will face Holt City in the final at the National Stadium on May 16.",
        "Holt City",  # "which team" is what "face" is done to, not its subject
    ),
    (
        "lead.object",
        "Which company did Nordhavn agree to buy?",
        "Nordhavn Shipping agreed on Monday to buy rival Kelso Lines for 3.2 billion dollars.",
        "rival Kelso Lines",  # parsed with two subjects; after "did" comes the subject
    ),
    (
        "lead.agent",
        "Who advised Nordhavn on the deal?",
        "Nordhavn Shipping advised its shareholders to accept the deal.",
        None,  # the company asked about, in a longer name
    ),
    (
        "lead.object",
        "What weapon did insurgents use for the first time?",
        "The insurgents destroyed a helicopter at an airbase southeast of Aleppo.",
        None,  # no object of "use"
    ),
    (
        "lead.measure",
        "What was the turnout in the mayoral election?",
        "Turnout was 61 percent, up from 54 percent four years ago.",
        "61 percent",
    ),
    (
        "lead.measure",
        "How much water will the plant use?",
        "Critics say it would use 4 million cubic metres of water a year from the river.",
        "4 million cubic metres",  # a quantity of the water, not a sum of money
    ),
    (
        "lead.measure",
        "How much water will the plant use?",
        "The plant, which will use water from the river, will cost 2.4 billion euros.",
        None,  # what it costs is no quantity of water
    ),
    (
        "lead.measure",
        "How much rain has fallen on the plain?",
        "Rain has fallen on the plain, and no more rain is forecast for at least two weeks.",
        None,  # a length of time is no amount of rain
    ),
    (
        "lead.measure",
        "How fast were the winds?",
        "Winds of up to 140 km/h toppled trees and power lines.",
        "140 km/h",  # the rate, not a distance
    ),
    (
        "lead.measure",
        "What pay rise did the dock workers get?",
        "The union and the port authority agreed on a pay rise of 6 percent over two years.",
        "6 percent",
    ),
    (
        "lead.measure",
        "Which private equity firm did Norcrest agree to sell itself to?",
        "Analysts said the two firms would hold 35% of the market after Norcrest agreed to sell.",
        None,  # "which" picks one of a kind: no figure answers it
    ),
    (
        "lead.measure",
        "What is the capacity of the stadium?",
        "The stadium has a capacity of 60,000 seats.",
        "60,000",  # a measure that is a count of something else
    ),
    (
        "lead.measure",
        "What was the turnout?",
        "The turnout was 2.3 million voters.",
        "2.3 million",
    ),
    (
        "lead.measure",
        "What stake did Nordhavn buy in the company which owns the port?",
        "Nordhavn bought a stake of 35 percent in the company.",
        "35 percent",  # a relative "which" picks nothing
    ),
    (
        "lead.measure",
        "What data was stolen?",
        "Hackers had accessed the personal data of 1.4 million customers.",
        None,  # a count of customers is no measure of the data
    ),
    (
        "lead.measure",
        "What yearly savings do the two airlines expect?",
        "The companies expect annual cost savings of 180 million euros by 2028.",
        "180 million euros",  # a plain number counting a currency is a sum
    ),
    (
        "lead.measure",
        "How long will the airport tram line be?",
        "The line will have nine stops and cost 610 million euros.",
        None,  # figures, but none measures the line's length
    ),
    (
        "lead.agent",
        "Which company built the Kessler Flats solar farm?",
        "Helio Nord built the Kessler Flats solar farm.",
        "Helio Nord",  # a proper noun the recogniser tags a person
    ),
    (
        "lead.agent",
        "Who founded the bakery?",
        "The bakery was founded by Maria Lopez in 1990.",
        "Maria Lopez",
    ),
    (
        "lead.agent",
        "Who killed the minister?",
        "Interior Minister Omar Haddad was killed by a car bomb in Damascus on Monday.",
        None,  # the one killed, not the killer
    ),
    (
        "lead.agent",
        "Who was arrested?",
        "Police arrested Jan Kowal on Friday.",
        "Jan Kowal",  # a passive question asks for the one it was done to
    ),
    (
        "lead.count",
        "How many people were killed in the blast?",
        "The blast injured 40 people, police said.",
        None,  # another harm: nobody killed is counted
    ),
    (
        "lead.count",
        "How many people were injured in the blast?",
        "The blast injured 40 people, police said.",
        "40 people",
    ),
    (
        "lead.count",
        "How many people were injured in the blast?",
        "The blast killed 12 people and left 40 others injured.",
        None,  # the 12 were killed: the injured are others
    ),
    (
        "lead.count",
        "How many people were injured in the blast?",
        "The blast killed 12 people and injured 40 others.",
        "40",  # "others" stands for the people: the 12 were killed
    ),
    (
        "lead.count",
        "How many people were injured in the blast?",
        "Twelve people were killed and 40 injured in the blast.",
        "40",  # the injured are counted without the noun, parsed as the verb's subject
    ),
    (
        "lead.count",
        "How many people were injured in the blast?",
        "Twelve people were killed and 40 others were injured in the blast.",
        "40",
    ),
    (
        "lead.count",
        "How many people were killed in the blast?",
        "Gunmen killed 12 people in the blast and 40 fled.",
        "12 people",  # "40 fled" counts no one killed
    ),
    (
        "lead.count",
        "How many people were injured in the blast?",
        "Gunmen injured 12 people in the blast and 40 fled.",
        "12 people",
    ),
    (
        "lead.count",
        "How many children were injured in the blast?",
        "Three children were killed and 40 others were injured in the blast.",
        None,  # the others may be no children
    ),
    (
        "lead.count",
        "How many people were killed?",
        "It was the deadliest blast since 2015, when 30 died, and 12 people were killed.",
        "12 people",  # a figure with its noun before a bare one; 30 died in 2015
    ),
    (
        "lead.count",
        "How many people were killed?",
        "The raid left 3 people dead; in a raid last month 40 died.",
        None,  # last month's dead
    ),
    (
        "lead.count",
        "How many people were injured?",
        "Twelve people were killed and dozens injured.",
        None,  # the twelve were killed; the injured are not counted
    ),
    (
        "lead.count",
        "How many people were injured?",
        "Of the 300 people at the rally, 12 were injured.",
        "12",  # 300 is the whole the 12 are part of
    ),
    (
        "lead.count",
        "How many people were injured in the blast?",
        "Twelve people were killed or injured in the blast.",
        "Twelve people",  # one count of both harms
    ),
    (
        "lead.count",
        "How many people died in the blast?",
        "The blast injured 40 people and several others died.",
        None,  # the dead are others, though no figure counts them
    ),
    (
        "lead.count",
        "How many people were injured in the blast?",
        "The blast killed 12 people, and dozens of bystanders were injured.",
        None,
    ),
    (
        "lead.count",
        "How many people were killed in the blast?",
        "The blast injured 40 people, 12 of whom later died.",
        "12",  # some of the 40 died: 12, not the 40
    ),
    (
        "lead.count",
        "How many people were killed in the blast?",
        "The blast killed and injured 40 people.",
        "40 people",
    ),
    (
        "lead.count",
        "How many patients had waited over a year two years ago?",
        "The report found that 23,900 patients had been waiting more than a year, compared with "
        "15,100 in September last year.",
        None,  # neither figure is given for two years ago
    ),
    (
        "lead.count",
        "How many complaints did the regulator receive in 2024?",
        "The regulator received 2,600 complaints in 2024, it said.",
        "2,600 complaints",  # the sentence says the year asked
    ),
    (
        "lead.agent",
        "Who won the mayoral election in 2019?",
        "Anna Berg won the mayoral election with 54 percent of the vote.",
        None,  # which election: the sentence does not say 2019
    ),
    (
        "lead.agent",
        "Who won the 2022 election?",
        "Anna Berg won the 2022 election with 54 percent of the vote.",
        "Anna Berg",
    ),
    (
        "lead.agent",
        "Who do police believe started the fire?",
        "Police believe Jan Kowal started the fire.",
        "Jan Kowal",  # a reported clause: the wh-word is its subject, not the object
    ),
    (
        "lead.agent",
        "Who is in charge of the agency?",
        "Anna Berg heads the agency.",
        "Anna Berg",  # "in charge of" says "heads"
    ),
    (
        "lead.count",
        "How many people died in the 2004 tsunami?",
        "The 2004 tsunami killed more than 230,000 people.",
        "more than 230,000 people",  # the year names the event, it does not date a figure
    ),
    (
        "lead.yes-no",
        "Did the bank raise rates on Thursday?",
        "The central bank cut its main interest rate by a quarter point on Thursday.",
        "No",  # "cut ... rate": the figure moved the other way
    ),
    (
        "lead.yes-no",
        "Did the bank raise rates on Thursday?",
        "The bank cut 300 jobs on Thursday.",
        None,  # cutting jobs moves no rate
    ),
    (
        "lead.yes-no",
        "Did the guide survive the avalanche?",
        "The guide, a 44-year-old local man, survived with minor injuries.",
        "Yes",  # the parser hangs "survived" on "guide" as a clause of it
    ),
    (
        "lead.yes-no",
        "Did the guide survive the avalanche?",
        "The skier, a 44-year-old local man, survived with minor injuries.",
        None,  # someone else survived
    ),
    (
        "lead.yes-no",
        "Did Kamerling Salvage have to remove containers from the ship?",
        "Kamerling Salvage said it had not needed to remove any of the ship's containers.",
        "No",  # the negation of "needed" is its complement's
    ),
    (
        "lead.yes-no",
        "Should patients stop taking Veltrasan?",
        "About 2.6 million patients take Veltrasan worldwide, according to the company.",
        None,  # taking it says nothing of whether to stop
    ),
    (
        "lead.change",
        "How much did Halvorsen shares fall in March 2020?",
        "Halvorsen shares fell 6.8 percent on Tuesday, their worst day since March 2020.",
        None,  # "since March 2020" starts a span; the fall is Tuesday's
    ),
    (
        "lead.yes-no",
        "Did the minister resign over the statement?",
        "The minister resigned over the state of the hospitals.",
        None,  # "state" is no "statement"
    ),
    (
        "lead.agent",
        "Who did police arrest?",
        "Police arrested Jan Kowal on Friday.",
        "Jan Kowal",  # "who" is the object: the question gives the subject
    ),
    (
        "lead.agent",
        "Who did police arrest?",
        "Protesters arrested a police officer on Friday.",
        None,  # arrested by others
    ),
    (
        "lead.agent",
        "Who did the minister ask to mediate?",
        "Ruben Aske asked the minister to mediate.",
        None,  # the one who asked, not the one asked
    ),
    (
        "lead.agent",
        "Whom did the minister ask to mediate?",
        "The minister asked the state mediator, Ruben Aske, to mediate.",
        "Ruben Aske",
    ),
    (
        "lead.agent",
        "Which group campaigned against the bridge?",
        "Council leader Fergal Moody, who campaigned for the bridge, welcomed the result.",
        None,  # for the bridge, not against it
    ),
    (
        "lead.agent",
        "Which bank is advising Flitway?",
        "Corvelle is being advised by Harrowmont Partners in its bid for Flitway.",
        None,  # advising another company
    ),
    (
        "lead.agent",
        "Who scored for Carden?",
        "Mikel Soto scored for Carden from the penalty spot.",
        "Mikel Soto",
    ),
    (
        "lead.agent",
        "Who is buying Kelso Lines?",
        "Nordhavn Shipping agreed on Monday to buy rival Kelso Lines for 3.2 billion dollars.",
        "Nordhavn Shipping",  # the subject of "agreed", whose next step is the buying
    ),
    (
        "lead.agent",
        "Who drafted the reform?",
        "Labour Minister Eva Strand, who drafted the reform, said it would save money.",
        "Labour Minister Eva Strand",  # the subject of the relative clause
    ),
    (
        "lead.agent",
        "Who won the Alder Valley cider competition?",
        "Farmer Jo Hale organised the Alder Valley cider competition.",
        None,  # organised is not won: a false premise gets no name
    ),
    (
        "lead.role-verb",
        "Who heads the Northern Space Agency?",
        "The payload belonged to the agency, said NSA director-general Amara Okonkwo.",
        "Amara Okonkwo",  # "NSA": the agency named by its initials
    ),
    (
        "lead.role-verb",
        "Who heads the Northern Space Agency?",
        "The payload belonged to the agency, said ESA director-general Amara Okonkwo.",
        None,  # another agency's initials
    ),
    (
        "lead.role-verb",
        "Who is in charge of the civil protection agency?",
        "Agency director Marta Quiroga told reporters on Monday.",
        "Marta Quiroga",  # "in charge of" says what "heads" says
    ),
    (
        "lead.role-verb",
        "Who is in charge of the civil protection agency?",
        "Fire service director Ana Ruiz told reporters on Monday.",
        None,  # the director of another body
    ),
    (
        "lead.role-verb",
        "Who governs the province of Marrowdene?",
        "The governor of Marrowdene, Teodor Quillan, visited the evacuation centre on Tuesday.",
        "Teodor Quillan",
    ),
    (
        "lead.role-verb",
        "Who will lead the enlarged Corvelle group?",
        "The deal was agreed on Monday, and Flitway's founder and chief executive, Anton Breck, "
        "will become deputy chairman of the group.",
        None,  # a role joined to one said to be another's (Flitway's) is that one's
    ),
    (
        "lead.role",
        "Who is the chief executive of Sound Ferries?",
        "Bluewake Ferries' chief executive, Douglas Ferrant, said Sound Ferries would add trips.",
        None,  # another company's: each name has a word the other lacks
    ),
    (
        "lead.role-verb",
        "Who leads the island council on Quenby?",
        "Council leader Fergal Moody said the result gave the council a mandate.",
        "Fergal Moody",  # "Council" is what the question asks about, not another owner
    ),
    (
        "lead.role-verb",
        "Who represents the residents' association in court?",
        "The association's lawyer, Mateus Orlov, said the ruling could not be appealed.",
        "Mateus Orlov",
    ),
    (
        "lead.role-verb",
        "Who heads the Health Services Inspectorate?",
        "The health secretary, Rosalind Achterberg, said the government would act.",
        None,  # a secretary of health, not of the inspectorate
    ),
    (
        "lead.agent",
        "Which company runs the Kestrel Dawn?",
        "PORT ELLERY, June 28 (CPA) — The Kestrel Dawn runs aground near the harbour.",
        None,  # a dateline names where the report was filed
    ),
    (
        "lead.role-verb",
        "Who directs the National Maritime Museum?",
        "Museum director Clara Osterberg said the National Maritime Museum would reopen.",
        "Clara Osterberg",  # the verb's own agent noun names the role
    ),
    (
        "lead.role-verb",
        "Who runs Brennholt Chemicals?",
        "Chief executive Marta Ilvesson, 52, apologised for the leak at Brennholt Chemicals.",
        "Marta Ilvesson",
    ),
    (
        "lead.role-verb",
        "Who runs Brennholt Chemicals?",
        "Chief executive Marta Ilvesson of Norvik Gas said Brennholt Chemicals was to blame.",
        None,  # she runs another company
    ),
    (
        "lead.count",
        "How many Liberal Union members voted for the housing act?",
        "Twelve members of the Liberal Union voted for the housing act.",
        "Twelve members",
    ),
    (
        "lead.count",
        "How many Liberal Union members voted for the housing act?",
        "The Liberal Union split: three members of the governing coalition voted for the housing "
        "act.",
        None,  # members of another party
    ),
    (
        "lead.role-verb",
        "Which judge presided over the Lake Varn case?",
        "Presiding judge Helena Marsk wrote that the ministry had misread the case.",
        "Helena Marsk",  # "which judge" asks who; the role is held of the case it is about
    ),
    (
        "lead.role-verb",
        "Which judge presided over the Lake Varn case?",
        "Presiding judge Helena Marsk wrote that the ministry had misread the data.",
        None,  # nothing says which case she presided over
    ),
    (
        "lead.role-verb",
        "Who heads Nuvato?",
        "Kasper Holloway, Nuvato's head of product safety, said engineers had traced the fault.",
        None,  # the head of product safety, not of the company
    ),
    (
        "lead.yes-no",
        "Had the plant been fined at a previous inspection?",
        "The plant was last inspected in August 2024, when it was fined 12,000 crowns.",
        "Yes",  # "inspected" says the inspection
    ),
    (
        "lead.yes-no",
        "Had the plant been fined at a previous inspection?",
        "The plant was fined 12,000 crowns in August.",
        None,  # no inspection said: perhaps fined for something else
    ),
    (
        "lead.yes-no",
        "Can the Grevall ruling be appealed?",
        "The association's lawyer said the ruling could not be appealed.",
        "No",
    ),
    (
        "lead.yes-no",
        "Will Flitway keep its own brand?",
        "The group will keep both brands, with Flitway flying short-haul routes.",
        "Yes",
    ),
    (
        "lead.yes-no",
        "Has the veterans' association endorsed the memorial plan?",
        "The veterans' association backed the memorial plan at its meeting on Monday.",
        "Yes",  # "backed": the same deed said with another verb (VERB_SYNONYMS)
    ),
    (
        "lead.yes-no",
        "Has the veterans' association endorsed the memorial plan?",
        "The veterans' association discussed the memorial plan at its meeting on Monday.",
        None,  # discussing is not endorsing
    ),
    (
        "lead.yes-no",
        "Did most economists expect the rate increase?",
        "Most economists had expected the bank to keep rates on hold.",
        None,  # they expected something else: no verdict on the increase
    ),
    (
        "lead.yes-no",
        "Will the insurance policy cover the rebuilding?",
        "It was not clear whether the insurance policy would cover the rebuilding.",
        None,  # under "whether": nothing is stated
    ),
    (
        "lead.date",
        "When did the mediator's talks between Corvane and the pilots begin?",
        "Corvane cancelled 412 flights as pilots began a strike, stranding passengers at the "
        "start of the spring holiday season.",
        None,  # the pilots began a strike: no start of the talks
    ),
    (
        "lead.date",
        "When did the mediator's talks between Corvane and the pilots begin?",
        "The talks between Corvane and the pilots began on Wednesday under the mediator.",
        "Wednesday",
    ),
    (
        "lead.count",
        "How many of the survivors had to be taken to hospital?",
        "Survivors said the smugglers told them the crossing would take less than two days.",
        None,  # "take" is a light verb: it ties no count to the question
    ),
    (
        "lead.count",
        "How many were injured?",
        "The explosion killed two miners and injured 45 others.",
        "45 others",  # a content verb of the question does
    ),
    (
        "lead.count",
        "How many flights were cancelled on Monday?",
        "The airline cancelled 210 flights on Sunday and expects to cancel more on Monday.",
        None,  # the figure's own day is Sunday; Monday is another clause's
    ),
    (
        "lead.count",
        "How many flights were cancelled on Monday?",
        "The airline cancelled 210 flights on Monday and expects to cancel more on Tuesday.",
        "210 flights",
    ),
    (
        "lead.count",
        "How many jobs did Velstrand cut last year?",
        "Velstrand plans to cut 900 jobs, after cutting 450 jobs last year.",
        "450 jobs",  # "last year" is in the clause after "after", 450's
    ),
    (
        "lead.count",
        "How many people died trying to reach Marrenland in 2025?",
        "At least 212 people died trying to reach Marrenland so far this year, compared with "
        "164 in the same period of 2025.",
        None,  # "2025" hangs on 164
    ),
    (
        "lead.count",
        "How many people died trying to reach Marrenland in 2025?",
        "At least 690 people died trying to reach Marrenland in 2025, up from 164 in 2024.",
        "At least 690 people",
    ),
    (
        "lead.count",
        "How many polling stations will have their ballots recounted?",
        "The National Union has demanded a recount at 312 polling stations.",
        None,  # what was demanded, not what will be done
    ),
    (
        "lead.count",
        "How many polling stations will have their ballots recounted?",
        "The commission agreed to recount the ballots at 40 polling stations.",
        "40 polling stations",
    ),
    (
        "lead.yes-no",
        "Is Dunmarrow planning to shut the Ostvik pit?",
        "Thursday's one-day strike shut all 14 of Dunmarrow's pits, including Ostvik.",
        None,  # the strike shut them, not Dunmarrow
    ),
    (
        "lead.yes-no",
        "Is Dunmarrow planning to shut the Ostvik pit?",
        "Dunmarrow is not planning to shut the Ostvik pit, its chief executive said.",
        "No",
    ),
    (
        "lead.yes-no",
        "Have prosecutors charged anyone over the Ostvik explosion?",
        # "charged" has the subject of the verb it is joined to
        "State prosecutors have opened an inquiry into the Ostvik explosion but have not "
        "charged anyone.",
        "No",
    ),
    (
        "lead.yes-no",
        "Have prosecutors charged anyone over the Ostvik explosion?",
        "Police have opened an inquiry into the Ostvik explosion but have not charged anyone.",
        None,  # the police's doing, not the prosecutors'
    ),
    (
        "lead.yes-no",
        "Has Dunmarrow said when work at Ostvik will restart?",
        "Dunmarrow said it had suspended work at Ostvik.",
        None,  # it said something else
    ),
    (
        "lead.yes-no",
        "Did the Valemark central bank raise interest rates on Thursday?",
        # the parser makes the dateline a second subject of "cut": it names no one else
        "ESKHOLM, April 16 (Halden Business Wire) - Valemark's central bank cut its benchmark "
        "interest rate by 25 basis points to 3.75 percent on Thursday.",
        "No",
    ),
    (
        "lead.yes-no",
        "Did the Orvanian central bank raise interest rates on Thursday?",
        "ESKHOLM, April 16 (Halden Business Wire) - Valemark's central bank cut its benchmark "
        "interest rate by 25 basis points to 3.75 percent on Thursday.",
        None,  # another country's bank
    ),
    (
        "lead.yes-no",
        "Will the government bail out private developers?",
        # the parser joins "bail" to "said"; "would" makes it what was said, the government's
        'Finance Minister Cecilia Braun said the government was "monitoring the situation '
        'closely" but would not bail out private developers.',
        "No",
    ),
    (
        "lead.yes-no",
        "Will the finance minister bail out private developers?",
        'Finance Minister Cecilia Braun said the government was "monitoring the situation '
        'closely" but would not bail out private developers.',
        None,  # she said it of the government
    ),
    (
        "lead.yes-no",
        "Did Duskova win the final?",
        "Roeland beat Chiara Montesi in the semi-final and won the final on Sunday.",
        None,  # "won" has the subject of "beat": Roeland
    ),
    (
        "lead.yes-no",
        "Has the council inspected the street?",
        # "it", the subject "inspected" shares, is the council the spokesman speaks for
        "A council spokesman said it had received three complaints and had inspected the "
        "street in September.",
        "Yes",
    ),
    (
        "lead.yes-no",
        "Has the council inspected the street?",
        "A police spokesman said it had received three complaints and had inspected the "
        "street in September.",
        None,  # the police's doing
    ),
    (
        "lead.yes-no",
        "Did the zoo sue Greta Vollan?",
        "Greta Vollan sued the zoo on Monday.",
        None,  # she sued it: the name asked as the one it was done to is the doer here
    ),
    (
        "lead.yes-no",
        "Did the zoo contact Greta Vollan?",
        "Greta Vollan was contacted by the zoo on Monday.",
        "Yes",
    ),
    (
        "lead.yes-no",
        "Did the protesters attack police?",
        "Police attacked the protesters on Friday.",
        None,  # the noun the question's verb is done to is this sentence's doer
    ),
    (
        "lead.yes-no",
        "Did the protesters attack police?",
        "Police were attacked by the protesters on Friday.",
        "Yes",
    ),
    (
        "lead.yes-no",
        "Did the rebels free the hostages?",
        "The rebels holding the hostages freed them on Monday.",
        "Yes",  # the doers are the rebels, not the hostages of their modifier
    ),
    (
        "lead.yes-no",
        "Did the school break down?",
        "The school bus driver said it had broken down twice.",
        None,  # "it" stands for whom a spokesman speaks for, not for any word before a subject
    ),
    (
        "lead.yes-no",
        "Did prices rise in Halden?",
        "Prices rose 2 percent in Norcrest, while they fell in Halden.",
        "No",  # Halden's fell
    ),
    (
        "lead.yes-no",
        "Did card spending rise in the city as a whole?",
        "Card spending in the zone fell 2 percent, while it rose 3 percent in the city as a whole.",
        "Yes",  # the city's spending rose; the zone's fell
    ),
    (
        "lead.yes-no",
        "Did card spending fall in the city as a whole?",
        "Card spending in the zone fell 2 percent, while it rose 3 percent in the city as a whole.",
        "No",
    ),
    (
        "lead.yes-no",
        "Has Dunmarrow said when work at Ostvik will restart?",
        "Dunmarrow said work at Ostvik would restart on Monday.",
        "Yes",
    ),
    (
        "lead.ranking",
        "Is this the first strike on the Norvale network this year?",
        "It is the third strike on the Norvale network this year, the longest since 2018.",
        "No",
    ),
    (
        "lead.ranking",
        "Was the Lindor rally the first protest against the bill?",
        "The Lindor rally was the first protest against the bill.",
        "Yes",
    ),
    (
        "lead.ranking",
        "Was the Lindor rally the first protest against the bill?",
        "The Lindor rally was the fourth against the bill, and the first to turn violent.",
        "No",  # an unnamed noun, said of the same subject; "first to turn violent" is narrowed
    ),
    (
        "lead.ranking",
        "Was the Lindor rally the first protest against the bill?",
        "The Lindor rally was the first to turn violent.",
        None,  # first among the violent ones only
    ),
    (
        "lead.ranking",
        "Was the Lindor rally the first protest against the bill?",
        "The Lindor rally was the first protest against the bill since 2019.",
        None,  # the first since 2019 only
    ),
    (
        "lead.ranking",
        "Was this the Hawkline-4 rocket's maiden flight?",
        "It was the sixth launch of the year for Corvane Aerospace.",
        None,  # the sixth launch of the year, not of the rocket's flights
    ),
    (
        "lead.happened",
        "Was anybody injured in the Cloth Hall fire?",
        "The Cloth Hall fire was under control by Friday, and no one was injured.",
        "No",
    ),
    (
        "lead.happened",
        "Was anybody injured in the Cloth Hall fire?",
        "The Cloth Hall caretaker was not injured in the fire.",
        None,  # one person unhurt: others may have been
    ),
]


def _bound_value(nlp: NlpPipeline, question: str, sentence: str) -> str | None:
    """The short answer the sentence's parse binds to the question, or None."""
    binding = bind(parse_question(question, nlp), nlp.parse(sentence))
    return binding.value if binding else None


@pytest.mark.parametrize(("rule", "question", "sentence", "lead"), CASES)
def test_each_lead_rule_binds_only_what_was_asked(
    nlp: NlpPipeline, rule: str, question: str, sentence: str, lead: str | None
) -> None:
    binding = bind(parse_question(question, nlp), nlp.parse(sentence))
    if lead is None:
        assert binding is None, binding
    else:
        assert binding is not None
        assert (binding.value, binding.rule) == (lead, rule)
        assert binding.quoted in sentence


def test_every_lead_rule_has_a_positive_and_a_negative_case() -> None:
    lead_rules = {name for name in RULES if name.startswith("lead.")}
    tested = {rule for rule, *_ in CASES}
    not_binders = {
        "lead.corroborated-name",
        # quotes first instead of refusing: test_qa.py::test_a_role_named_without_whose_...
        "lead.role-unowned",
        "lead.order",
        "lead.none",
        "lead.whole-passage",
        "lead.same-report-name",
        "lead.rival",  # withholds a lead: test_a_rival_value_in_the_best_sentence
        "lead.offering-first",  # orders quotes: test_a_sentence_offers_the_type_asked
        "lead.ambiguous",  # withholds a lead: test_two_figures_of_one_clause_are_a_guess
        "lead.counting-first",  # orders quotes: test_a_sentence_counting_the_noun_asked
        # orders quotes: test_qa.py::test_with_no_lead_the_sentence_of_the_time_asked_...
        "lead.time-first",
        # withholds a lead: test_qa.py::test_whether_anyone_died_is_read_from_a_sentence_...
        "lead.contradicted",
        # withholds a lead: test_qa.py::test_two_sentences_of_a_report_binding_different_...
        "lead.bound-twice",
        # orders quotes: test_qa.py::test_a_measure_is_answered_by_its_sentence_not_a_figure
        "lead.sentence-first",
        # orders quotes: test_qa.py::test_a_value_bound_below_the_first_sentence_is_quoted_...
        "lead.below-first",
        # binds across two sentences: test_qa.py::test_the_age_of_a_role_holder_named_in_...
        "lead.age-of-role",
        # reads the best sentence only: test_no_when_the_best_sentence_negates_what_was_asked
        "lead.denied",
    }
    untested = lead_rules - tested - not_binders
    assert not untested
    for rule in tested:
        leads = [lead for name, _, _, lead in CASES if name == rule]
        assert None in leads and any(leads), rule


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # "How much of" asks for a share of the thing, not a sum of money.
        (
            "How much of the roof fell in?",
            "About 60 percent of the roof had collapsed, and damage is put at 14 million pounds.",
            "About 60 percent",
        ),
        # "What premium/pay rise": a figure of that noun, not whatever sum the clause gives.
        (
            "What premium is Corvelle paying over Flitway's share price?",
            "Corvelle pays Flitway shareholders 3.10 euros in cash, a premium of 27 percent.",
            "27 percent",
        ),
        (
            "What pay rise is the union asking for?",
            "The union is demanding a 9.5 percent rise; the company offered 1,200 euros.",
            "9.5 percent",
        ),
        ("What pay rise is the union asking for?", "The union wants 1,200 euros.", None),
    ],
)
def test_a_figure_of_the_noun_asked_about(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    assert _bound_value(nlp, question, sentence) == lead


def test_which_company_needs_an_organisation_in_the_evidence(nlp: NlpPipeline) -> None:
    question = parse_question("Which company manufactured the destroyed helicopter?", nlp)
    assert question.answer_labels == {"ORG"}
    assert not labelled(question, nlp.parse("Insurgents destroyed a helicopter near Aleppo."))
    assert labelled(question, nlp.parse("The helicopter was built by Airbus in France."))
    assert not parse_question("Who captured Saraqeb?", nlp).answer_labels
    # A name the question gives, written out longer, is not a new one: "Corvelle Airways" is
    # Corvelle, the bidder, not the rival asked about.
    rival = parse_question("Which rival airline did Corvelle outbid to win Flitway?", nlp)
    bought = "Corvelle Airways has agreed to buy low-cost carrier Flitway for 1.4 billion euros."
    assert not labelled(rival, nlp.parse(bought))
    assert labelled(rival, nlp.parse("Corvelle outbid Skylark Air, which had offered less."))
    # An institution is named: "two primary schools in Millbrook" names no school.
    school = parse_question("Which Millbrook school was shut because of the outbreak?", nlp)
    assert "ORG" in school.answer_labels
    assert not labelled(school, nlp.parse("Two primary schools in Millbrook moved online."))
    assert labelled(school, nlp.parse("St Brendan's Academy in Millbrook was shut."))
    # A name ending in a word companies are named by is one, whatever the recogniser says
    # ("Halvard Shipping" tagged a person); a person's name is none.
    owner = parse_question("Which company owns the Aurelia Crest?", nlp)
    assert labelled(owner, nlp.parse("The ship's owner, Halvard Shipping, will pay for it."))
    assert not labelled(owner, nlp.parse("The ship's captain, Henrik Marsh, was questioned."))
    # "Education", tagged an organisation, is a common noun opening the sentence.
    chain = parse_question("Which supermarket chain will supply the school meals?", nlp)
    minister = "Education minister Johan Lindqvist said it would help families."
    assert not labelled(chain, nlp.parse(minister))
    assert not labelled(chain, nlp.parse(f"HALDEN, May 2 (Example Wire) - {minister}"))
    assert labelled(chain, nlp.parse("The meals will be supplied by Hallmart Foods Ltd."))


@pytest.mark.parametrize(
    "question",
    [
        "What is the name of the youngest victim of the landslide?",
        "What are the names of the two night guards at the museum?",
        # The parse hangs "is" under "moved": still a name asked.
        "What is the name of the 74-year-old woman moved to intensive care after the leak?",
    ],
)
def test_a_name_asked_needs_a_name_in_the_evidence(nlp: NlpPipeline, question: str) -> None:
    """refuse.no-entity for "What is the name of ...?": "The youngest victim was 16" names
    nobody, so the quote would not answer it."""
    parsed = parse_question(question, nlp)
    assert parsed.answer_labels == NAME_LABELS
    assert not labelled(parsed, nlp.parse("The youngest victim was 16, a pupil at the school."))
    assert labelled(parsed, nlp.parse("The victim, Anna Berger, was 16."))


def test_what_is_asked_of_a_name_is_not_a_name(nlp: NlpPipeline) -> None:
    assert not parse_question("What is the population of the town?", nlp).answer_labels
    assert not parse_question("What did the name change cost?", nlp).answer_labels


def test_a_year_naming_the_event_may_be_in_the_passage_or_the_date(nlp: NlpPipeline) -> None:
    question = parse_question("How many people died in the 2004 tsunami?", nlp)
    assert question.event_years == {"2004"} and not question.times
    sentence = nlp.parse("The tsunami killed about 230,000 people.")
    assert bind(question, sentence) is None
    assert bind(question, sentence, passage="The 2004 tsunami struck on Boxing Day.") is not None
    assert bind(question, sentence, published=date(2004, 12, 27)) is not None
    assert bind(question, sentence, published=date(2024, 12, 26)) is None
    assert not parse_question("Who won the cup in 2018?", nlp).event_years  # says when


def test_a_dateline_names_and_dates_nothing_asked(nlp: NlpPipeline) -> None:
    """A dateline says where and when a report was filed, and by which agency: its names and
    figures are no answer, to the refusal checks or to the sentence order."""
    company = parse_question("Which company built the rocket?", nlp)
    filed = "KESSARA, Ombria, June 9 (Northline News Agency) - The rocket lifted off on Tuesday."
    assert not labelled(company, nlp.parse(filed))
    built = "KESSARA, June 9 (Northline News) - The rocket, built by Corvane Aerospace, lifted off."
    assert labelled(company, nlp.parse(built))
    count = parse_question("How many people were evacuated?", nlp)
    fled = nlp.parse("ARDMOSS, Nov 6 (CPA) - Residents fled.")
    assert offers(count, fled, maybe=True) is None
    assert (
        offers(count, nlp.parse("ARDMOSS, Nov 6 (CPA) - 300 residents fled."), maybe=True) == "300"
    )
    who = parse_question("Who is the mayor of Port Alder?", nlp)
    assert (
        offers(who, nlp.parse("PORT ALDER, May 18 (Meridian) - The vote was close."), maybe=True)
        is None
    )


def test_a_role_belongs_to_what_the_question_names(nlp: NlpPipeline) -> None:
    """Another company's chief executive is no answer; the report's headline may name it."""
    question = parse_question("Who is the chief executive of Sound Ferries?", nlp)
    rival = nlp.parse("Bluewake Ferries' chief executive, Douglas Ferrant, apologised.")
    assert bind(question, rival) is None
    mayor = parse_question("Who is the mayor of Port Lenwick?", nlp)
    sentence = nlp.parse("Mayor Ingrid Solberg said the port would reopen on Monday.")
    assert bind(mayor, sentence) is None
    binding = bind(mayor, sentence, headline="Port Lenwick reopens its harbour")
    assert binding is not None and binding.value == "Ingrid Solberg"


def test_who_did_it_needs_what_it_was_done_to(nlp: NlpPipeline) -> None:
    question = parse_question("Who won the wheelchair race at the marathon?", nlp)
    assert bind(question, nlp.parse("Elias Mwangale won the men's race in 2:07:31.")) is None
    binding = bind(question, nlp.parse("Ana Kiro won the wheelchair race in 1:31:02."))
    assert binding is not None and binding.value == "Ana Kiro"


def test_synonyms_count_the_noun_when_asked(nlp: NlpPipeline) -> None:
    question = parse_question("How many troops did the army send?", nlp)
    sentence = nlp.parse("The army sent two helicopters and 150 soldiers to the fire.")
    assert bind(question, sentence) is None  # by default only the same lemma counts
    binding = bind(question, sentence, same_noun=lambda a, b: {a, b} == {"troop", "soldier"})
    assert binding is not None and binding.value == "150 soldiers"


def test_the_year_before_is_the_one_before_the_year_named() -> None:
    """ "in 2025, down from 87.6 percent the year before" speaks of 2024; without a year of
    its own, "the year before" is the one before its report's."""
    published = date(2026, 1, 19)
    named = "Trains ran on time 84.1 percent of the time in 2025, down from 87.6 the year before."
    assert years_said(named, published) == {"2024", "2025", "2026"}
    assert years_said("Sales rose from the year before.", published) == {"2025", "2026"}


def test_another_of_the_kind_named_answers_nothing(nlp: NlpPipeline) -> None:
    """ "the Morandi bridge" is not the Stone Bridge asked about; a sentence naming the one
    asked (or none by name) still answers."""
    question = "How many people died when the Stone Bridge collapsed?"
    other = "The Morandi bridge collapsed on Monday, killing 43 people."
    assert _bound_value(nlp, question, other) is None
    same = "The Stone Bridge collapsed on Monday, killing 43 people."
    assert _bound_value(nlp, question, same) == "43 people"
    unnamed = "The bridge collapsed on Monday, killing 43 people."
    assert _bound_value(nlp, question, unnamed) == "43 people"
    # A person's name is no kind: "Mr Smith" and "Dr Fairbank" are the ones asked about.
    assert _bound_value(
        nlp,
        "How much did John Smith pay for the house?",
        "Mr Smith paid 300,000 pounds for the house.",
    )
    assert _bound_value(nlp, "How old is Naomi Fairbank?", "Dr Fairbank, 48, said so.") == "48"


def test_a_heading_never_leads(nlp: NlpPipeline) -> None:
    question = parse_question("Which company manufactured the destroyed helicopter?", nlp)
    assert bind(question, nlp.parse("Insurgents Breach Aleppo")) is None


def test_whom_a_deed_was_for_is_said_in_the_sentence_not_only_its_passage(
    nlp: NlpPipeline,
) -> None:
    """A match report names both teams; "Abara scored twice" does not say for which."""
    passage = "Rovers beat Carden 3-1. Striker Leon Abara scored twice. Carden's goal came late."
    question = parse_question("Who scored for Carden?", nlp)
    assert bind(question, nlp.parse("Striker Leon Abara scored twice."), passage=passage) is None
    rovers = parse_question("Who scored for Rovers?", nlp)
    binding = bind(rovers, nlp.parse("Striker Leon Abara scored twice."), headline="Rovers win")
    assert binding is not None and binding.value == "Striker Leon Abara"


def test_a_name_setting_the_scene_may_be_in_the_passage_one_who_acts_may_not(
    nlp: NlpPipeline,
) -> None:
    """A report names the plant once, near the top; the sentence giving the time says "the
    leak". A prize in a passage that names Arimo is not his unless its sentence says so."""
    leak = parse_question("What time did the chlorine start leaking at the Brennholt plant?", nlp)
    sentence = nlp.parse("The leak began at around 4:40 a.m., when a chlorine valve failed.")
    about = "A chlorine leak at the Brennholt Chemicals plant forced an evacuation."
    binding = bind(leak, sentence, passage=f"{about} {sentence.text}")
    assert binding is not None and binding.value == "around 4:40 a.m."
    assert bind(leak, sentence, passage=sentence.text) is None  # nothing says Brennholt
    other = nlp.parse(
        "The leak at the Tarveld plant began at around 4:40 a.m., when a chlorine valve failed."
    )
    assert bind(leak, other, passage=f"{about} {other.text}") is None  # another plant
    prize = parse_question("How much prize money did Joseph Arimo get?", nlp)
    won = nlp.parse("The winner took home 40,000 euros in prize money.")
    assert bind(prize, won, passage=f"Joseph Arimo was second. {won.text}") is None


@pytest.mark.parametrize(
    ("quoted", "sentence", "day"),
    [
        # Report of Sunday 19 April 2026.
        (
            "Saturday",
            "Rovers reached the final after beating Carden on Saturday.",
            date(2026, 4, 18),
        ),
        ("Sunday", "The minister said on Sunday that talks would resume.", date(2026, 4, 19)),
        ("Saturday", "Rovers will face Holt City on Saturday.", date(2026, 4, 25)),
        ("yesterday", "The bridge reopened yesterday.", date(2026, 4, 18)),
        ("Friday", "The vote is on Friday.", None),  # the present says not which Friday
        ("Sunday", "Rovers will play again on Sunday.", None),  # today, or a week on
        ("May 16", "The final will be played on May 16.", None),  # a calendar date already
        # The Monday after the saying, before the report's day or after it.
        ("Monday", "The league said it would open an inquiry on Monday.", None),
    ],
)
def test_a_weekday_lead_is_given_its_calendar_day(
    nlp: NlpPipeline, quoted: str, sentence: str, day: date | None
) -> None:
    assert calendar_day(quoted, nlp.parse(sentence), date(2026, 4, 19)) == day


def test_question_parse(nlp: NlpPipeline) -> None:
    count = parse_question("How many passengers were affected by the Zelmar grounding?", nlp)
    assert (count.kind, count.counted) == ("count", "passenger")
    role = parse_question("Who is Nordwave's chief executive?", nlp)
    assert (role.kind, role.role) == ("role", ("chief", "executive"))
    describe = parse_question("Who is Olaf Brenner?", nlp)
    assert (describe.kind, describe.person) == ("describe", "Olaf Brenner")
    # The tagger takes this "Price" for a common noun; capitalised after a first name, it is
    # the end of a name, not a role.
    named = parse_question("Who is Gwen Price?", nlp)
    assert (named.kind, named.person) == ("describe", "Gwen Price")
    assert parse_question("Who is the Mayor of Brevik?", nlp).role == ("mayor",)
    assert parse_question("Who is the Prime Minister?", nlp).role == ("prime", "minister")
    assert parse_question("Who captured Saraqeb?", nlp).predicates == {"capture"}
    # "Who did police arrest?" asks for the one arrested, by police; "Who will chair the
    # board?" and "Who has been arrested?" give no subject of their own.
    arrested = parse_question("Who did police arrest?", nlp)
    assert (arrested.done_to, arrested.given_doer) == (True, {"police"})
    chair = parse_question("Who will chair the board?", nlp)
    assert (chair.done_to, chair.given_doer) == (False, frozenset())
    assert parse_question("Who has been arrested?", nlp).given_doer == frozenset()
    # The times a figure is asked for: "may" only as the month, no rate ("each year").
    assert parse_question("What was inflation in May?", nlp).times == {"may"}
    assert parse_question("How much may the bridge cost?", nlp).times == frozenset()
    assert parse_question("How many jobs were lost two years ago?", nlp).times == {"two years ago"}
    assert parse_question("How much does it earn each year?", nlp).times == frozenset()
    # Only a time that says when: not one naming the event, a baseline or "the march".
    for untimed in [
        "How many people were hurt in Saturday's attack?",
        "How much did sales rise from last year?",
        "How many people took part in the march?",
    ]:
        assert parse_question(untimed, nlp).times == frozenset(), untimed
    assert parse_question("What was inflation in March 2024?", nlp).times == {"march", "2024"}
    # A reported clause's subject is asked, not the reporting verb's object; a pronoun
    # subject gives no one to match.
    assert not parse_question("Who did police say started the fire?", nlp).done_to
    they = parse_question("Who did they arrest?", nlp)
    assert (they.done_to, they.given_doer) == (True, frozenset())
    # "What time" asks a time of day; a phase verb ("start") names the start of its subject.
    clock = parse_question("What time did the leak start?", nlp)
    assert (clock.kind, clock.clock, clock.phased) == ("date", True, (("start", "leak"),))
    assert not parse_question("When did the leak start?", nlp).clock
    # Whose age is asked, however the question asks it; not an age of many or of a rule.
    for asked, whose in [
        ("How old is Calder's chief executive?", "Calder's chief executive"),
        ("What age is the magnate buying the club?", "the magnate buying the club"),
        ("What is the age of Oskar Brenning?", "Oskar Brenning"),
        ("What is Brenning's age?", "Brenning"),
    ]:
        aged = parse_question(asked, nlp)
        assert (aged.age, aged.aged) == (True, whose), asked
    assert not parse_question("What is the average age of the fleet?", nlp).age
    assert not parse_question("What is the retirement age?", nlp).age
    # "From whom ...?" asks no doer, nor anything a binder reads.
    assert parse_question("From whom will the airline seek compensation?", nlp).kind is None
    assert parse_question("By whom was the painting stolen?", nlp).kind is not None
    census = "According to the census of March 3, 2021, how many people lived in the town?"
    assert parse_question(census, nlp).kind == "count"
    # "According to X, ...": what is asked follows the attribution, whose name is no name
    # the answer must give.
    attributed = parse_question("According to the ministry, how many officers were on duty?", nlp)
    assert (attributed.kind, attributed.counted) == ("count", "officer")
    outlet = parse_question("According to Reuters, who won the election?", nlp)
    assert (outlet.kind, outlet.names) == ("agent", frozenset())
    # A phrase setting the time or the set counted before "how": the figure is asked from
    # "how", and the phrase's names still count ("In Brenna" must be said).
    fronted = parse_question("By March 12, how many ships were queuing at the canal?", nlp)
    assert (fronted.kind, fronted.counted) == ("count", "ship")
    placed = parse_question("In Brenna, how many homes were flooded?", nlp)
    assert (placed.kind, placed.counted, placed.name_heads) == ("count", "home", {"brenna"})
    # "Since when ...?": the parse tags "since" a conjunction; a date is asked all the same.
    assert parse_question("Since when has the director run the prison?", nlp).kind == "date"
    assert parse_question("What did the director say?", nlp).kind is None
    # "What premium" asks for a figure of the premium; "Which judge" for one of the judges.
    assert parse_question("What premium is Corvelle paying?", nlp).kind == "measure"
    which = parse_question("Which judge presided over the case?", nlp)
    assert which.kind == "agent"  # a title asks who, as "who" does
    # So do the other titles before a name ("prosecutor Hannah Reyes"), and people by what
    # they do ("Which official was fired?"): none of these asks for a figure.
    for question in (
        "Which prosecutor is investigating the chlorine leak?",
        "Which detective led the investigation?",
        "Which official was fired over the drainage works?",
        "Which engineer made the configuration change?",
    ):
        assert parse_question(question, nlp).kind == "agent", question
    # A name is asked, never a figure; a state that lasts is a duration, a bridge a length.
    assert parse_question("What is the name of the youngest victim?", nlp).kind is None
    assert parse_question("How long was the boy trapped?", nlp).duration
    assert not parse_question("How long is the Harbor Bridge?", nlp).duration
    # An article left out, a preposition first: the same question as with them.
    for bare, full in [
        ("What was voter turnout in the election?", "What was the turnout in the election?"),
        ("By how many votes did Castell beat Ashby?", "How many votes did Castell beat Ashby by?"),
    ]:
        asked, expected = parse_question(bare, nlp), parse_question(full, nlp)
        assert (asked.kind, asked.focus, asked.counted) == (
            expected.kind,
            expected.focus,
            expected.counted,
        )
        assert asked.kind in {"measure", "count"}
    assert parse_question("By how much did the shares fall?", nlp).kind == "measure"


def test_a_question_is_read_without_the_entity_recogniser(nlp: NlpPipeline) -> None:
    """The question's reading uses tags, lemmas and the parse: the recogniser (~40% of a
    parse) is left out, and the reading is the same as with it (all 385 questions of the
    tuning sets were compared when this changed)."""
    full = NlpPipeline()
    full._nlp = nlp.load()
    full.parse = lambda text, entities=True: NlpPipeline.parse(full, text)  # type: ignore[method-assign]
    for text in [case[1] for case in CASES] + ["Who is Olaf Brenner?", "And who led them?"]:
        assert parse_question(text, nlp) == parse_question(text, full)
    asked = "Which firm led Loomly's funding round?"
    parse_question(asked, nlp)
    assert not nlp.parse(asked, entities=False).has_annotation("ENT_IOB")
    # A sentence parsed for a lead still gets its entities, even after a lean parse of it.
    assert nlp.parse(asked).ents


def test_unknown_rules_and_pipelines_are_clear_errors() -> None:
    with pytest.raises(KeyError, match="unknown answering rule"):
        why("lead.guess")
    with pytest.raises(NlpPipelineError, match="cannot load the spaCy pipeline"):
        NlpPipeline("no_such_pipeline_xyz").load()


def test_an_agent_from_another_report_does_not_lead(nlp: NlpPipeline) -> None:
    """ "led by Hayat Tahrir al-Sham" (Aleppo) does not say who led Loomly's funding round."""
    question = parse_question("Which firm led Loomly's funding round?", nlp)
    aleppo = "This week's insurgent advances are the most significant, led by Hayat Tahrir al-Sham."
    assert bind(question, nlp.parse(aleppo)) is None
    loomly = nlp.parse("The funding round was led by the investment firm Norrvik Capital.")
    binding = bind(question, loomly, headline="Loomly raises 40 million euros")
    assert binding is not None and binding.value == "Norrvik Capital"


def test_a_measure_in_money_is_the_whole_sum(nlp: NlpPipeline) -> None:
    question = parse_question("What were the frost losses estimated at?", nlp)
    binding = bind(question, nlp.parse("The wine board estimated losses at 12 million euros."))
    assert binding is not None and binding.value == "12 million euros"


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # A place from a report about someone else.
        ("Where did Minister Ana Kiro resign?", "Coach Pavel Dree resigned in Lisbon.", None),
        # A year is no length.
        (
            "How long is the bridge?",
            "The bridge, which opened in 1962, is 2 kilometres long.",
            "2 kilometres",
        ),
        ("How long did the strike last?", "The strike lasted three weeks in 2019.", "three weeks"),
        # "Which" picks one of the judges: their number answers nothing.
        (
            "Which judge presided over the case?",
            "The two dissenting judges, Viktor Strand and Elin Gaarde, argued otherwise.",
            None,
        ),
        # A point in time is no length either, though it names a unit of time.
        ("How long did the strike last?", "The strike, which began last week, ended.", None),
        (
            "By how much is the wheat harvest expected to shrink?",
            "The wheat harvest, which began last week, was expected to be smaller than last year.",
            None,
        ),
        # Reports keep only the surname after the first mention; titles are no part of a name.
        (
            "How many soldiers did President Marek Ilves send?",
            "Ilves sent 150 soldiers.",
            "150 soldiers",
        ),
        (
            "When did Mayor Solberg open the bridge?",
            "Solberg opened the bridge on 12 May.",
            "12 May",
        ),
        # A title with what it is held of.
        (
            "Who is Ruth Okonkwo-Hale?",
            "Ruth Okonkwo-Hale, chief executive of Varnaby Water, said the company was losing "
            "water.",
            "chief executive of Varnaby Water",
        ),
        (
            "Who is Kasper Holloway?",
            "Kasper Holloway, Nuvato's head of product safety, said engineers found the fault.",
            "Nuvato's head of product safety",
        ),
        # The words that say which race was won must be there.
        (
            "Who won the women's race at the marathon?",
            "Elias Mwangale won the men's race at the city marathon.",
            None,
        ),
        (
            "Who won the women's race at the marathon?",
            "Rahel Tesfamar won the women's race at the city marathon.",
            "Rahel Tesfamar",
        ),
        (
            "Who won the women's race at the marathon?",
            "Rahel Tesfamar broke the women's course record at the marathon, while Elias "
            "Mwangale won a tight men's race.",
            None,
        ),
        # "May" is not given by "Mayor".
        ("When did Mayor Solberg open the bridge?", "Solberg opened the bridge in May.", "May"),
    ],
)
def test_a_lead_is_what_was_asked_not_its_neighbour(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    assert _bound_value(nlp, question, sentence) == lead


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        (
            "Has anyone been hurt by the power banks?",
            "No one has been hurt by the power banks.",
            "No",
        ),
        # The parse gives the question's verb no subject: its nouns must be in the verb's own
        # clause, not in one under it ("if there was no rain").
        (
            "Is significant rain expected in the next fortnight?",
            "Significant rain is expected in the next fortnight.",
            "Yes",
        ),
        (
            "Is significant rain expected in the next fortnight?",
            "The harvest was expected to be smaller if there was no rain in August.",
            None,
        ),
        (
            "Did the council approve the bridge?",
            "The council approved the bridge on Tuesday.",
            "Yes",
        ),
        # A pronoun subject stands for a noun before it in the sentence, not for one it lacks.
        (
            "Was the plant fined?",
            "The plant was inspected in August, when it was fined 12,000 crowns.",
            "Yes",
        ),
        (
            "Was the plant fined?",
            "The inspectors came in August, when it was fined 12,000 crowns.",
            None,
        ),
        (
            "Was the mayor arrested?",
            "Police questioned the mayor's driver on Monday, and he was later arrested.",
            None,  # "he" stands for a subject before it, not for a possessor
        ),
        # A guess is no verdict, nor is a question that is itself negated.
        ("Did the council approve the bridge?", "The council might approve the bridge soon.", None),
        # Every figure the question gives must be the sentence's too.
        (
            "Did the governor promise a 40 million euro fund?",
            "The governor promised a fund of 25 million euros.",
            None,
        ),
        (
            "Did the governor promise a 25 million euro fund?",
            "The governor promised a fund of 25 million euros.",
            "Yes",
        ),
        ("Did two people die in the crash?", "Two people died in the crash, police said.", "Yes"),
        # A subject naming only others says nothing of the one asked about.
        (
            "Did Halden shares rise on Monday?",
            "Shares of Norcrest jumped 14.6% on Monday, while Halden fell 3.1%.",
            None,
        ),
        ("Did Halden shares rise on Monday?", "Shares of Halden rose 2% on Monday.", "Yes"),
        # A verb only due, or ruled out, is neither done nor plainly not done.
        ("Has the probe reached lunar orbit?", "The probe is due to reach lunar orbit soon.", None),
        ("Has the probe reached lunar orbit?", "The probe reached lunar orbit on Monday.", "Yes"),
        (
            "Did the hospital close its emergency department?",
            "The minister ruled out closing the hospital's emergency department.",
            None,
        ),
        # A verb someone failed, declined or refused to do was plainly not done.
        ("Did Carnavia make the payment?", "Carnavia failed to make the payment.", "No"),
        ("Did the club pay the fine?", "The club refused to pay the fine.", "No"),
        ("Did the club pay the fine?", "The club did not refuse to pay the fine.", None),
        ("Did the club pay the fine?", "The club agreed to pay the fine.", "Yes"),
        # "would" under a verb of telling reports a "will"; elsewhere it only guesses.
        (
            "Will Velstrand keep the Ferrow plant open?",
            "Velstrand said it would keep the Ferrow plant open until March.",
            "Yes",
        ),
        (
            "Will Velstrand keep the Ferrow plant open?",
            "Velstrand would keep the Ferrow plant open with a state loan.",
            None,
        ),
        (
            "Will Velstrand keep the Ferrow plant open?",
            "Velstrand said it would have kept the Ferrow plant open with a state loan.",
            None,
        ),
        # A verb on a condition says nothing ("if the talks fail").
        ("Will the union strike?", "If the talks fail, the union will strike in March.", None),
        ("Will the union strike?", "The union will strike in March, its leader said.", "Yes"),
        # A verb of the same deed (`VERB_SYNONYMS`).
        ("Has production at the field been stopped?", "Production at the field was halted.", "Yes"),
        ("Did the police find the car?", "Police discovered the car on Monday.", "Yes"),
        # The opposite deed, said plainly of the same thing, says No (`opposite_verb`).
        ("Did the council approve the plan?", "The council rejected the plan on Tuesday.", "No"),
        ("Did the council approve the plan?", "The council did not reject the plan.", None),
        (
            "Did the council approve the plan?",
            "The council rejected an amendment and approved the plan on Tuesday.",
            "Yes",
        ),
        (
            "Did the council approve the plan?",
            "The council rejected the budget on Tuesday.",
            None,  # another thing rejected
        ),
        ("Did the court convict Vance?", "The court acquitted Vance on Friday.", "No"),
        ("Did the ministry confirm the report?", "The ministry denied the report.", "No"),
        (
            "Did the union support the merger?",
            "The union might oppose the merger.",
            None,  # a guess is no verdict, of the opposite deed either
        ),
        # A hyphened word is not its last part: the quarter-finals are no final.
        (
            "Did Roeland lose the Porto Selvo final?",
            "Roeland had lost to Duskova in the quarter-finals a year ago.",
            None,
        ),
        ("Did Roeland lose the Porto Selvo final?", "Roeland lost the Porto Selvo final.", "Yes"),
        ("Isn't the bridge approved?", "The council approved the bridge on Tuesday.", None),
        # A habit, said in the present, is no particular event (`polarity.habitual`) ...
        ("Will fares rise?", '"Fares go up every year," she said.', None),
        ("Did prices rise?", "Prices usually rise in January.", None),
        ("Will fares rise?", "Fares will go up by 9.4 percent in March.", "Yes"),
        # ... but it answers a question in the present, of what is wont to happen.
        ("Do prices rise in January?", "Prices usually rise in January.", "Yes"),
    ],
)
def test_yes_or_no_only_when_a_sentence_says_it(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    assert _bound_value(nlp, question, sentence) == lead


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # Another verb than the one asked, negated in a clause that says the question's words.
        (
            "Will the government buy a stake in Velstrand?",
            "The economy minister said the government ruled out taking a stake in Velstrand.",
            "No",
        ),
        (
            "Did tests find toxins in treated tap water?",
            "The water company said tap water remained safe, and tests on Monday had found "
            "none in treated water.",
            "No",
        ),
        (
            "Did the defence ministry admit that exercises took place near Brennick?",
            "Fishermen blamed sonar, but the defence ministry denied that any exercises had "
            "taken place near Brennick.",
            "No",
        ),
        (
            "Does the mayor plan to raise the charge this year?",
            "Mayor Heidi Ranvik said she had no plans to raise the charge this year.",
            "No",
        ),
        (
            "Were there any road deaths in the zone?",
            "Road accidents in the zone fell to 214; no deaths were recorded in the zone.",
            "No",
        ),
        # A denial asked about: denying says yes. A denial negated is none.
        (
            "Does the engineer deny the charges?",
            "The engineer's lawyer said her client denied the charges and would plead not guilty.",
            None,
        ),
        (
            "Did the minister admit that the plan failed?",
            "The minister did not deny that the plan failed.",
            None,
        ),
        # The negation is another clause's: of the evidence, of what others expected, of an
        # emotion shown while the verdict was read.
        (
            "Does Arvok say the Skarn-3 programme will stay on schedule?",
            "Arvok said it had found no evidence that the information had been used and that "
            "the Skarn-3 programme would stay on schedule.",
            None,
        ),
        (
            "Did most of the economists see the cut coming?",
            "Fourteen of the 22 economists had predicted the move; the remaining eight expected "
            "no change.",
            None,
        ),
        (
            "Did Vance appeal the verdict?",
            "Vance, in a grey suit, showed no emotion as the verdict was read.",
            None,
        ),
        # Not saying leaves it open, unless saying is what was asked.
        (
            "Will the region compensate hotels for lost business?",
            "She did not say whether the region would compensate hotels for lost business.",
            None,
        ),
        (
            "Will Bluehaven offer passengers cash refunds?",
            "Bluehaven did not comment on cash refunds for passengers.",
            None,
        ),
        (
            "Has the company said when the plant will reopen?",
            "The company has not said when the plant will reopen.",
            "No",
        ),
        # "would not" under a verb of telling is what was said would be, not a guess; only of
        # the verb asked, and of a subject the question names.
        (
            "Will the government step in to settle the pay dispute?",
            "The minister urged both sides to return to mediation and said the government "
            "would not intervene in the pay dispute.",
            "No",
        ),
        (
            "Will the museum director pay for repairs?",
            "It would not pay for repairs to the museum, the director said.",
            None,
        ),
        (
            "Will the minister challenge the subsidy cut in court?",
            "In a letter to the minister, Lunde said the company would not challenge the subsidy "
            "cut in court.",
            None,
        ),
        # A negated question, a direction asked, a guess, "not only": no verdict.
        ("Didn't the bank cut rates?", "The bank did not cut rates.", None),
        ("Did the bank raise interest rates?", "The bank did not cut interest rates.", None),
        (
            "Will the government buy a stake in Velstrand?",
            "The government might not buy a stake in Velstrand.",
            None,
        ),
        (
            "Did the council close the road?",
            "The council not only closed the road but also shut the bridge.",
            None,
        ),
    ],
)
def test_no_when_the_best_sentence_negates_what_was_asked(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    """lead.denied, on plain sentences (the same lemma only for nouns)."""
    found = denied(parse_question(question, nlp), nlp.parse(sentence))
    assert (found.value if found is not None else None) == lead
    if found is not None:
        assert found.rule == "lead.denied"


def test_a_verb_under_an_object_has_no_subject_of_the_clause(nlp: NlpPipeline) -> None:
    """lead.yes-no: "ordered four diplomats to leave" is the diplomats leaving; with nouns the
    model holds alike ("ambassador"/"diplomat"), the clause's subject must not stand in."""

    def alike(asked: str, found: str) -> bool:
        return asked == found or {asked, found} == {"ambassador", "diplomat"}

    question = parse_question("Was the Vardonian ambassador asked to leave?", nlp)
    ordered = nlp.parse("Lestria ordered four Vardonian diplomats to leave the country.")
    assert bind(question, ordered, same_noun=alike) is None
    refused = parse_question("Did the club pay the fine?", nlp)
    assert bind(refused, nlp.parse("The club refused to pay the fine."), same_noun=alike)


def test_a_first_name_the_passage_gives_before_the_asked_name_is_that_person(
    nlp: NlpPipeline,
) -> None:
    """lead.yes-no: "Teodor won the time trial", quoted in a passage about Teodor
    Vasquez-Lind, says he did; in a passage naming no Teodor Vasquez-Lind it is someone else."""
    question = parse_question("Did Vasquez-Lind win the time trial?", nlp)
    sentence = nlp.parse('"Teodor won the time trial on Wednesday," his coach said.')
    headline = "Vasquez-Lind wins the Tour of Ostravia"
    passage = "Teodor Vasquez-Lind won the Tour of Ostravia on Sunday."
    binding = bind(question, sentence, headline=headline, passage=passage)
    assert binding is not None and binding.value == "Yes"
    other = "Marco Bellini won the Tour on Sunday."
    assert bind(question, sentence, headline=headline, passage=other) is None


def test_the_other_nouns_of_a_yes_no_question_may_be_in_the_headline(nlp: NlpPipeline) -> None:
    """ "The ruling cannot be appealed." says whether the court's ruling can be, under a
    headline about the court; under one about something else it says nothing."""
    question = parse_question("Can the ruling of the court be appealed?", nlp)
    sentence = nlp.parse("The ruling cannot be appealed.")
    binding = bind(question, sentence, headline="Court revokes the Arvel water licence")
    assert binding is not None and binding.value == "No"
    assert bind(question, sentence, headline="Arvel loses its water licence") is None


@pytest.mark.parametrize(
    ("question", "sentence", "verdict"),
    [
        # The small pipeline tags "close" an adverb and "back" a preposition after "did".
        (
            "Did the one-day strike close the port?",
            "The one-day strike closed the port of Tarveld.",
            "Yes",
        ),
        (
            "Did opposition lawmakers back the housing bill?",
            "Three opposition lawmakers backed the housing bill.",
            "Yes",
        ),
        # A phrase for one verb: "take part in" is "join", "step in" is "intervene".
        (
            "Did the Association of Head Teachers take part in the strike?",
            "The Association of Head Teachers did not join the strike.",
            "No",
        ),
        (
            "Will the government step in to settle the dispute?",
            "The minister said the government would not intervene in the dispute.",
            "No",
        ),
        # A bare verb the tagger reads as a noun of one long noun phrase, or a name's word.
        ("Will the zoo director resign?", "The zoo director said he would not resign.", "No"),
        ("Did the zoo contact Greta Vollan?", "The zoo contacted Greta Vollan on Friday.", "Yes"),
        ("Did Carnavia default in 2009?", "Carnavia defaulted on its bonds in 2009.", "Yes"),
        ("Did the justice minister resign?", "The health minister resigned on Monday.", None),
        # Not a phrase: "take" alone is not "join".
        (
            "Did the Association of Head Teachers take the blame?",
            "The Association of Head Teachers did not join the strike.",
            None,
        ),
    ],
)
def test_a_yes_no_verb_the_tagger_misses_or_a_phrase_says(
    nlp: NlpPipeline, question: str, sentence: str, verdict: str | None
) -> None:
    """lead.yes-no reads the verb a "did"/"will" question leaves bare, whatever the tagger
    called it, and a phrase by the one verb it says."""
    binding = bind(parse_question(question, nlp), nlp.parse(sentence))
    assert (binding.value if binding else None) == verdict


def test_what_a_claim_says_is_no_verdict(nlp: NlpPipeline) -> None:
    """lead.yes-no: "cleared Rask of a claim that she had used a ministry car" does not say
    she used it; "she had used a ministry car" does."""
    question = parse_question("Did Rask use a ministry car for private trips?", nlp)
    claimed = (
        "The report cleared Rask of a separate claim, made by an opposition lawmaker in "
        "January, that she had used a ministry car for private trips."
    )
    assert bind(question, nlp.parse(claimed)) is None
    alleged = "Rask denied the allegation that she used a ministry car for private trips."
    assert bind(question, nlp.parse(alleged)) is None
    # A claim elsewhere in the sentence is not what the clause says.
    despite = (
        "Despite the opposition's claims, the inquiry found that Rask had used a ministry car "
        "for private trips."
    )
    binding = bind(question, nlp.parse(despite))
    assert binding is not None and binding.value == "Yes"
    said = "The report found that Rask had used a ministry car for private trips."
    binding = bind(question, nlp.parse(said))
    assert binding is not None and binding.value == "Yes"


def test_a_verdict_says_the_question_s_without_too(nlp: NlpPipeline) -> None:
    """lead.yes-no: "suspended on full pay" says nothing of whether the dean was suspended
    without pay; "suspended without pay" says Yes."""
    question = parse_question("Was the dean suspended without pay?", nlp)
    on_pay = "Dean Helmut Varga was suspended on full pay pending a disciplinary hearing."
    assert bind(question, nlp.parse(on_pay)) is None
    binding = bind(question, nlp.parse("The dean was suspended without pay on Monday."))
    assert binding is not None and binding.value == "Yes"


def test_the_verb_after_did_is_bare(nlp: NlpPipeline) -> None:
    """ "When did Vance found Quorra?" asks when he set it up: "found ... guilty" (find) is
    not it, "Vance founded Quorra in 2018" is."""
    question = parse_question("When did Vance found Quorra?", nlp)
    assert question.predicates == {"found"}
    assert parse_question("When did the police find the car?", nlp).predicates == {"find"}
    # A slip ("Did the strike closed the port?") keeps its verb's lemma.
    assert parse_question("Did the strike closed the port?", nlp).predicates == {"close"}
    verdict = nlp.parse("A jury on Friday found Ellison Vance, the founder of Quorra, guilty.")
    assert bind(question, verdict) is None
    founded = bind(question, nlp.parse("Vance founded Quorra in 2018 with 2 million dollars."))
    assert founded is not None and founded.value.startswith("2018")


def test_one_deed_said_with_another_verb_or_spelling() -> None:
    """`same_verb`: a family is one deed; two families sharing a verb are not one
    ("seize" a town is "capture", "seize" drugs "confiscate"); British and American spellings
    are one verb, a short word ending in "-ize"/"-ise" is left as it is."""
    assert same_verb("hurt", "injure") and same_verb("injure", "wound")
    assert same_verb("seize", "capture") and same_verb("seize", "confiscate")
    assert not same_verb("capture", "confiscate")
    assert same_verb("authorize", "approve") and same_verb("criticize", "criticise")
    assert not same_verb("size", "sise") and not same_verb("kill", "murder")
    assert same_verb("analyze", "analyse")
    # A verb with another common sense is in no family: police "cleared the protesters from the
    # square", an airline "abandoned plans".
    assert not same_verb("acquit", "clear") and not same_verb("cancel", "abandon")


@pytest.mark.parametrize(
    ("question", "predicate", "subject"),
    [
        ("Will the zoo director resign?", "resign", "director"),
        ("Did the justice minister resign?", "resign", "minister"),
        ("Did card spending rise in the city as a whole?", "rise", "spending"),
        ("Did the zoo contact Greta Vollan?", "contact", "zoo"),
    ],
)
def test_a_bare_verb_the_tagger_reads_as_a_noun_is_the_question_s_verb(
    nlp: NlpPipeline, question: str, predicate: str, subject: str
) -> None:
    """The small pipeline parses these questions with no verb at all; read as the statement
    "The zoo director will resign.", each has its verb and its subject."""
    parsed = parse_question(question, nlp)
    assert parsed.predicates == {predicate}
    assert subject in parsed.arguments
    # A question that has its verb keeps its own parse.
    assert parse_question("Did the strike close every pit?", nlp).predicates == {"close"}


@pytest.mark.parametrize(
    ("question", "predicate", "subject"),
    [
        ("When did the minister resign?", "resign", "minister"),
        ("When did the Kessel Canal open?", "open", "Canal"),
        ("Why did the agriculture minister resign?", "resign", "minister"),
        ("When did Carnavia last default?", "default", "Carnavia"),
        ("When will family visits at Harrowgate resume?", "resume", "visits"),
    ],
)
def test_a_bare_verb_after_a_wh_word_is_the_question_s_verb(
    nlp: NlpPipeline, question: str, predicate: str, subject: str
) -> None:
    """ "When did the minister resign?" is parsed with no verb, as "Will the zoo director
    resign?" is; read as the statement "The minister will resign.", the verb is what the
    question asks about, with its subject, and "when" hangs on it."""
    assert parse_question(question, nlp).predicates == {predicate}
    doc = nlp.parse(question, entities=False)
    verb = next(t for t in doc if t.lemma_ == predicate)
    assert verb.pos_ == "VERB" and doc[0].head == verb
    assert any(c.dep_ == "nsubj" and c.text == subject for c in verb.children)
    # Two words fit ("centre" and "open"): the question keeps the parse it had.
    ambiguous = "When will the new cancer centre in Harrowby open?"
    parse_question(ambiguous, nlp)
    assert not any(t.pos_ == "VERB" for t in nlp.parse(ambiguous, entities=False))


@pytest.mark.parametrize(
    ("question", "predicate", "subject", "wh_head", "wh_dep"),
    [
        (
            "How much did the Tessarine Medicines Authority fine Kavell?",
            "fine",
            "Authority",
            "much",
            "advmod",
        ),
        ("How many jobs will the airline merger cut?", "cut", "merger", "jobs", "dobj"),
        ("How long did the jury deliberate?", "deliberate", "jury", "long", "advmod"),
        ("How high did the Marrow river crest?", "crest", "river", "high", "advmod"),
        ("How much did the crown gain against the euro?", "gain", "crown", "much", "advmod"),
        # The wh-phrase has an object beside it: a bare noun of measure.
        (
            "How many times did the regulator fine Kavell last year?",
            "fine",
            "regulator",
            "times",
            "npadvmod",
        ),
        # A preposition opens the phrase: it hangs on the verb, the phrase is its object.
        ("By how much did tourism income drop last year?", "drop", "income", "By", "prep"),
        ("In what year did Castellane open Ostra?", "open", "Castellane", "In", "prep"),
    ],
)
def test_a_bare_verb_after_a_wh_phrase_is_the_question_s_verb(
    nlp: NlpPipeline, question: str, predicate: str, subject: str, wh_head: str, wh_dep: str
) -> None:
    """ "How much did the Tessarine Medicines Authority fine Kavell?" is parsed with "fine" an
    adjective, "How many jobs will the airline merger cut?" with "cut" a noun: no verb, so no
    premise and no event. Read as the statement "The airline merger will cut.", the verb is
    found with its subject, and the wh-phrase hangs on it as the object, a measure or how."""
    assert parse_question(question, nlp).predicates == {predicate}
    doc = nlp.parse(question, entities=False)
    verb = next(t for t in doc if t.lemma_ == predicate)
    assert verb.pos_ == "VERB" and verb.dep_ == "ROOT"
    assert any(c.dep_ == "nsubj" and c.text == subject for c in verb.children)
    head = next(t for t in doc if t.text == wh_head)
    assert head.head == verb and head.dep_ == wh_dep


@pytest.mark.parametrize(
    "question",
    [
        # Two words fit ("project" and "cost" are both verbs and nouns): left as parsed.
        "How much did the 2023 expansion project cost?",
        # A wh-noun of its own: its kind (a figure of the loss) is read from the noun, and
        # the verb it is done to would make it a thing ("What loss ...": lead.object).
        "What loss did the zoo report in 2024?",
    ],
)
def test_a_wh_phrase_question_the_verb_reading_leaves_alone(
    nlp: NlpPipeline, question: str
) -> None:
    before = [(t.pos_, t.dep_, t.head.i) for t in nlp.parse(question + " ", entities=False)]
    parse_question(question, nlp)
    after = [(t.pos_, t.dep_, t.head.i) for t in nlp.parse(question, entities=False)]
    assert after == before[: len(after)]


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("Who is Niger's president?", "Nigerian President Bola Tinubu signed the bill."),
        ("Who is Veskaria's finance minister?", "Ombrian Finance Minister Pavel Dusek spoke."),
        (
            "Did police arrest protesters in January?",
            "Police arrested 40 protesters, Jan Novak said.",
        ),
    ],
)
def test_a_name_is_not_read_into_another_word(
    nlp: NlpPipeline, question: str, sentence: str
) -> None:
    """A name the question gives is in the sentence as written: a people's adjective
    ("Nigerian") may be another country's, and a month's short form ("Jan") a person's name.
    (Reading them as the name was tried and stated a wrong answer for each of these.)"""
    assert bind(parse_question(question, nlp), nlp.parse(sentence)) is None


def test_a_title_written_with_a_full_stop_is_no_part_of_the_name(nlp: NlpPipeline) -> None:
    """ "How old is Dr. Marsh?" asks about Marsh (`vectorstore.text.NAME` ends a name at a full
    stop): "Hedda Marsh, 58" answers it as "Dr Marsh" would be answered."""
    sentence = nlp.parse("Hedda Marsh, 58, founded the clinic.")
    for question in ("How old is Dr. Marsh?", "How old is Dr Marsh?"):
        binding = bind(parse_question(question, nlp), sentence)
        assert binding is not None and binding.value == "58", question


def test_a_bare_verb_is_not_guessed_between_two_words(nlp: NlpPipeline) -> None:
    """ "Did the firm contact police?": "contact" and "police" are both verbs and nouns, and
    either makes a statement the parser reads; the question keeps the parse it had (no verb)
    rather than take a wrong one for what was asked."""
    question = "Did the firm contact police?"
    parse_question(question, nlp)
    assert not any(t.pos_ == "VERB" for t in nlp.parse(question, entities=False)[1:])


@pytest.mark.parametrize(
    ("question", "predicates"),
    [
        ("When did a keeper last see the leopard before it escaped?", {"see"}),
        ("How many people have died since the floods began?", {"die"}),
        ("What did the minister say after meeting the unions?", {"say"}),
        # A "when" clause may say which event is asked about ("Did police open fire when
        # protesters stormed the parliament?", not on Monday at the station): both are asked.
        ("Did police open fire when protesters stormed the parliament?", {"open", "storm"}),
        # Not a clause that situates: both verbs are asked.
        ("Who found the car and reported it?", {"find", "report"}),
    ],
)
def test_a_clause_that_situates_the_event_gives_no_predicate(
    nlp: NlpPipeline, question: str, predicates: set[str]
) -> None:
    assert parse_question(question, nlp).predicates == predicates


def test_a_possessive_before_the_verb_leaves_it_a_verb(nlp: NlpPipeline) -> None:
    """ "How many shops has Hartley's shut?": the parse makes "has" the verb and "shut" a
    thing Hartley's owns; read as the question's verb, it is no possessed thing to look for."""
    shut = parse_question("How many shops has Hartley's shut?", nlp)
    assert shut.predicates == {"shut"} and shut.counted == "shop"
    lose = parse_question("How many nurses did St Wenna's lose to private hospitals?", nlp)
    assert lose.predicates == {"lose"}
    assert parse_question("Who is Telvika's chief executive?", nlp).predicates == frozenset()
    # "has" with the wh-word its subject is the verb: Marlow's debt is a thing.
    assert "debt" not in parse_question("Who has Marlow's debt?", nlp).predicates


@pytest.mark.parametrize(
    ("question", "holder"),
    [
        ("Who was Quorra's chief technology officer?", "Priya Raman"),
        ("Who is Quorra's chief technology officer?", None),
    ],
)
def test_a_former_holder_answers_who_was(nlp: NlpPipeline, question: str, holder: str) -> None:
    """lead.role: "Quorra's former chief technology officer, Priya Raman" was its CTO, but is
    not the one now."""
    sentence = nlp.parse(
        "The case turned on the testimony of Quorra's former chief technology officer, Priya "
        "Raman, 34, who pleaded guilty in June."
    )
    binding = bind(parse_question(question, nlp), sentence)
    assert (binding.value if binding else None) == holder


def test_an_age_beside_another_holder_of_the_title_is_not_asked(nlp: NlpPipeline) -> None:
    """lead.age: "Deputy Finance Minister Jonas Okoro, 41" shares only a title with Prime
    Minister Anton Lehtinen; it gives Okoro's age."""
    sentence = nlp.parse(
        "Lehtinen accepted the resignation and named Deputy Finance Minister Jonas Okoro, 41, "
        "as her replacement."
    )
    assert bind(parse_question("How old is Prime Minister Anton Lehtinen?", nlp), sentence) is None
    okoro = bind(parse_question("How old is Finance Minister Jonas Okoro?", nlp), sentence)
    assert okoro is not None and okoro.value == "41"


def test_the_other_nouns_of_a_yes_no_question_may_be_in_the_passage(nlp: NlpPipeline) -> None:
    """ "would not pay compensation" answers whether Corvane will pay it on top of refunds when
    its passage speaks of the refunds; a passage that does not leaves the question open."""
    question = parse_question("Will Corvane pay passengers compensation on top of refunds?", nlp)
    sentence = nlp.parse("Corvane said it would not pay compensation to passengers.")
    passage = "Passengers can claim a full refund. Corvane said it would not pay compensation."
    binding = bind(question, sentence, passage=passage)
    assert binding is not None and binding.value == "No"
    assert bind(question, sentence, passage="Corvane said it would not pay compensation.") is None


def test_a_verb_of_the_same_lemma_is_not_the_noun_asked_about(nlp: NlpPipeline) -> None:
    """The noun asked about, not a verb of the same lemma."""
    question = parse_question("What pay rise is the union asking for?", nlp)
    sentence = "The union said its members' pay rose by eight percent while prices rose."
    assert bind(question, nlp.parse(sentence)) is None


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # The parse may hang the name on the "of" phrase, or the recogniser tag it ORG.
        (
            "Who is the governor of Marrowdene?",
            "The governor of Marrowdene, Teodor Quillan, visited the evacuation centre.",
            "Teodor Quillan",
        ),
        (
            "Who is the chief executive of Norvale State Railways?",
            "Harald Brisk, chief executive of Norvale State Railways, said the strike would "
            "cost the company about 3.1 million euros a day in lost fares and compensation.",
            "Harald Brisk",
        ),
        (
            "Who is the chief executive of Norvale State Railways?",
            "Norvale State Railways said the strike would cost about 3.1 million euros a day.",
            None,
        ),
        # A generic role word is held by the usual titles; a deputy still holds none.
        (
            "Who is the boss of Norvale State Railways?",
            "Norvale State Railways chief executive Harald Brisk said the strike would cost "
            "the company about 3.1 million euros a day.",
            "Harald Brisk",
        ),
        (
            "Who is the head of Norvale State Railways?",
            "Harald Brisk, director of Norvale State Railways, said the strike would cost "
            "the company about 3.1 million euros a day.",
            "Harald Brisk",
        ),
        (
            "Who is the boss of Norvale State Railways?",
            "Norvale State Railways deputy chief executive Harald Brisk said the strike would "
            "cost the company about 3.1 million euros a day.",
            None,
        ),
        (
            "Who is the boss of Norvale State Railways?",
            "Harald Brisk, a spokesman for Norvale State Railways, said the strike would cost "
            "the company about 3.1 million euros a day.",
            None,
        ),
    ],
)
def test_a_role_holder_however_the_parse_attaches_the_name(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    assert _bound_value(nlp, question, sentence) == lead


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # The rate a figure is given at is part of it.
        (
            "What is Karin Aalto's wheat yield?",
            "Karin Aalto said her wheat yield was 4.1 tonnes a hectare.",
            "4.1 tonnes a hectare",
        ),
        # "How much of its water": a part of the water, not the leaks it repairs.
        (
            "How much of its treated water does Varnaby Water lose to leaks?",
            "Varnaby Water was losing about 18 percent of the water it treats through leaks and "
            "was repairing about 350 leaks a week.",
            "about 18 percent",
        ),
    ],
)
def test_a_measure_is_the_figure_of_the_thing_asked_about(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    assert _bound_value(nlp, question, sentence) == lead


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # A sum with the currency the recogniser left out; a time with its day.
        (
            "How much does Nuvato expect the recall to cost?",
            "Nuvato said it expected the recall to cost between 28 million and 34 million euros.",
            "between 28 million and 34 million euros",
        ),
        (
            "When is the rail strike due to end?",
            "The strike is due to end at 0200 on Sunday.",
            "0200 on Sunday",
        ),
        # "How long did it take?" asks for a time, not a length, nor a time of day.
        (
            "How long did it take to get everyone off the ferry?",
            "Everyone was off the ferry on Saturday morning.",
            None,
        ),
        ("How long does the ferry crossing take?", "The crossing takes 75 minutes.", "75 minutes"),
        (
            "How long does the Halden to Skarvik ferry crossing take?",
            "The Halden to Skarvik crossing takes 75 minutes and there are four departures a day.",
            "75 minutes",
        ),
        (
            "How long did it take to get everyone off the ferry?",
            "The ferry is 128 metres long and can carry 650 passengers.",
            None,
        ),
    ],
)
def test_a_lead_is_the_whole_value(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    assert _bound_value(nlp, question, sentence) == lead


def test_a_word_s_ancestors_stop_at_the_root(nlp: NlpPipeline) -> None:
    """spaCy makes a new Token object at each access, so the walk compares positions: an
    identity test never saw the root and yielded it again until the hop limit."""
    from bot.answering.binding import _ancestors

    doc = nlp.parse("The rebels captured the old town of Saraqeb on Sunday.")
    root = next(token for token in doc if token.dep_ == "ROOT")
    saraqeb = next(token for token in doc if token.text == "Saraqeb")
    assert list(_ancestors(root)) == []
    walked = [token.text for token in _ancestors(saraqeb, 10)]
    assert walked[-1] == "captured" and walked.count("captured") == 1


@pytest.mark.parametrize(
    ("question", "lead", "best", "rival_value"),
    [
        # (question, the lead bound in a lower sentence, the best sentence, its rival)
        # Both sentences count the passengers asked about: whose is a guess.
        (
            "How many passengers did Flitway fly last year?",
            ("lead.count", "19.4 million"),
            "Flitway, with 82 aircraft, carried 11.8 million passengers last year.",
            "11.8 million",
        ),
        # The best sentence's figures count other things (or are the lead's): no rival.
        (
            "How many train drivers does the union represent?",
            ("lead.count", "about 4,200"),
            "Ardmoss Central is usually used by 95,000 passengers a day.",
            None,
        ),
        (
            "How many passengers did Flitway fly last year?",
            ("lead.count", "11.8 million"),
            "The airline said 11.8 million passengers flew with it in 2025.",
            None,
        ),
        # A time asked that the best sentence does not say: its figure is of another time.
        (
            "By Friday, how many homes had been flooded?",
            ("lead.count", "3,450"),
            "By Tuesday, 1,200 homes had been flooded, officials said.",
            None,
        ),
        (
            "By Friday, how many homes had been flooded?",
            ("lead.count", "3,450"),
            "By Friday, 1,200 homes had been flooded in the lower town.",
            "1,200",
        ),
        # A sum in the clause of the thing priced.
        (
            "What was the restoration costing?",
            ("lead.amount", "14 million pounds"),
            "The restoration was due to finish in May at a cost of 6.5 million pounds.",
            "6.5 million pounds",
        ),
        (
            "What was the restoration costing?",
            ("lead.amount", "14 million pounds"),
            "The hall was closed to visitors, who paid 12 pounds a ticket, for four years.",
            None,
        ),
        # A figure of the noun measured.
        (
            "What growth does the central bank now expect this year?",
            ("lead.measure", "7.2 percent"),
            "The bank cut its forecast for economic growth this year to 1.1 percent.",
            "1.1 percent",
        ),
        (
            "What growth does the central bank now expect this year?",
            ("lead.measure", "7.2 percent"),
            "The bank raised its main interest rate to 4.50 percent on Thursday.",
            None,
        ),
    ],
)
def test_a_rival_value_in_the_best_sentence(
    nlp: NlpPipeline, question: str, lead: tuple[str, str], best: str, rival_value: str | None
) -> None:
    """lead.rival: a lead bound in a lower sentence is withheld when the best sentence gives
    another value of the very thing asked, and only then."""
    rule, value = lead
    binding = Binding(value, value, rule, "bound in a lower-ranked sentence")
    assert rival(parse_question(question, nlp), nlp.parse(best), binding) == rival_value


@pytest.mark.parametrize(
    ("question", "sentence", "offered", "maybe"),
    [
        # (question, sentence, the value it offers, what it might offer)
        (
            "How much will the airport tram line cost?",
            "Construction is due to start in autumn 2025 and cost 610 million euros.",
            "610 million euros",
            "610 million",  # any figure might be a sum
        ),
        (
            "How much will the airport tram line cost?",
            "The city council approved a new tram line linking the station to the airport.",
            None,
            None,
        ),
        # A year counts nothing, even by the broad check; any other figure might.
        ("How many homes can the farm power?", "The farm was built in 2024.", None, None),
        (
            "How many homes can the farm power?",
            "The farm cost 30 million.",
            "30 million",
            "30 million",
        ),
        ("How many homes can the farm power?", "The farm was opened by the mayor.", None, None),
        (
            "How many homes can the farm power?",
            "Its panels can power 95,000 homes.",
            "95,000",
            "95,000",
        ),
        # A place the question does not name.
        ("Where will Loomly open new offices?", "Loomly was founded by Ada Okoro.", None, "Ada"),
        (
            "Where will Loomly open new offices?",
            "The money would pay for offices in Vietnam and Portugal.",
            "Vietnam",
            "Vietnam",
        ),
    ],
)
def test_a_sentence_offers_the_type_asked(
    nlp: NlpPipeline, question: str, sentence: str, offered: str | None, maybe: str | None
) -> None:
    """lead.offering-first: with no lead, a quoted sentence giving a value of the type asked
    goes first, but only when the best sentence might not give one (`maybe`)."""
    parsed = parse_question(question, nlp)
    parse = nlp.parse(sentence)
    assert offers(parsed, parse) == offered
    assert offers(parsed, parse, maybe=True) == maybe


@pytest.mark.parametrize(
    ("question", "sentence", "other"),
    [
        # (question, the sentence its lead is bound in, the other figure of that clause)
        (
            "How many islanders voted against the bridge?",
            "In all, 13,205 islanders voted yes and 11,384 voted no.",
            "11,384",
        ),
        (
            "What is Karin Aalto's wheat yield this year?",
            "Karin Aalto said her wheat yield was down to 4.1 tonnes a hectare from 7.5 tonnes.",
            "4.1 tonnes",
        ),
        # Another noun counted, another clause, or a year: no rival.
        (
            "How many cars can the ferry carry?",
            "The ferry can carry 650 passengers and 180 cars.",
            None,
        ),
        (
            "How many islanders voted against the bridge?",
            "In all, 11,384 islanders voted no, officials said after 2,140 ballots were checked.",
            None,
        ),
        ("What was the final turnout?", "The final turnout was 63.9 percent in 2026.", None),
        # The noun asked about counted twice for the verb asked, in two clauses: a guess.
        (
            "How many people have been killed in the floods?",
            "The floods have killed 31 people since June, after 4 people were killed on Tuesday.",
            "4",
        ),
        # Counted for another verb, by another doer, or on another day than the one asked:
        # no rival.
        (
            "How many people have been killed in the floods?",
            "The floods have killed 31 people since June and left 200 people homeless.",
            None,
        ),
        (
            "How many people did the storm kill?",
            "The storm killed 12 people, a year after floods killed 31 people in the valley.",
            None,
        ),
        (
            "How many people did police arrest on Saturday?",
            "Police arrested 45 people on Saturday, after 12 people were arrested on Friday.",
            None,
        ),
    ],
)
def test_two_figures_of_one_clause_are_a_guess(
    nlp: NlpPipeline, question: str, sentence: str, other: str | None
) -> None:
    """lead.ambiguous: the binder's figure is withheld when its own clause gives another."""
    parsed = parse_question(question, nlp)
    parse = nlp.parse(sentence)
    binding = bind(parsed, parse)
    assert binding is not None
    assert ambiguous(parsed, parse, binding) == other


@pytest.mark.parametrize(
    ("question", "sentence", "given"),
    [
        # (question, sentence, the value of the type asked it might give, or None)
        (
            "How many farmers have asked for drought aid?",
            "The drought is hitting farmers hardest.",
            None,  # restates the question's words, gives no count
        ),
        (
            "How many farmers have asked for drought aid?",
            "More than 5,600 farmers have already applied for help, he said.",
            "5,600",
        ),
        (
            "Where were the most seriously injured passengers taken?",
            "It said two of the seriously injured were older passengers who had fallen.",
            None,
        ),
        (
            "Where were the most seriously injured passengers taken?",
            "They were flown by helicopter to the regional hospital in Garrowby.",
            "Garrowby",
        ),
        # A value the recogniser leaves untagged still counts: any figure might be the sum.
        (
            "How much water would the plant draw each day?",
            "The plant would draw up to 18 million litres of water a day.",
            "18 million",
        ),
        # A year or a rank counts nothing.
        (
            "How many runners completed the marathon?",
            "It was his first marathon win after finishing second in 2024 and fourth in 2025.",
            None,
        ),
        # A measure may be a period.
        (
            "During which period were the faulty heaters sold?",
            "The recall covers heaters sold between March 2024 and January 2025.",
            "2024",
        ),
    ],
)
def test_a_sentence_gives_a_value_of_the_type_asked(
    nlp: NlpPipeline, question: str, sentence: str, given: str | None
) -> None:
    """lead.offering-first: a sentence restating the question without a value of the type
    asked is told from one that might give one (`offers` with `maybe`)."""
    value = offers(parse_question(question, nlp), nlp.parse(sentence), maybe=True)
    assert (value is None) == (given is None), value
    if given is not None:
        assert value is not None and given in value


@pytest.mark.parametrize(
    ("question", "sentence", "counted"),
    [
        # Of whatever event: "started" is not "completed", but the sentence counts runners.
        (
            "How many runners completed the marathon?",
            "Organisers said 18,500 runners started the race, and 17,212 finished.",
            "18,500 runners",
        ),
        ("How many runners completed the marathon?", "He finished second in 2024.", None),
        # The people a body employs are its staff, when the sentence names that body, now.
        (
            "How many staff does Halvorsen have?",
            "Halvorsen, which employs 14,500 people, said it would publish a report.",
            "14,500 people",
        ),
        (
            "How many workers does the Tessby plant employ?",
            "The Tessby plant, which makes bottles, employs 1,150 people.",
            "1,150 people",
        ),
        (
            "How many staff does Tessby Cottage Hospital have?",
            "The Tessby plant, which makes bottles, employs 1,150 people.",
            None,
        ),
        (
            "How many employees does Orlan Bank have?",
            "The foundation, which employs 12 people, owns shares in Orlan Bank.",
            None,
        ),
        (
            "How many workers does the Kilvik depot employ?",
            "The depots at Orne and Kilvik, which together employ 210 people, will close.",
            None,
        ),
        (
            "How many employees does Marlow have now?",
            "Marlow employed about 3,600 people at the end of 2024.",
            None,
        ),
        ("How many Telvika employees were disciplined?", "Telvika employs 11,500 people.", None),
        # The number must count the noun asked about, not another one.
        (
            "How many runners completed the marathon?",
            "The city closed 42 streets for the marathon.",
            None,
        ),
        # A harm asked about must be the one said: the injured are no count of the dead.
        (
            "How many people died in the packaging plant blaze?",
            "In January, a smaller blaze at a timber yard injured four people.",
            None,
        ),
        (
            "How many people died in the packaging plant blaze?",
            "The blaze killed three people and injured 11 others.",
            "three people",
        ),
    ],
)
def test_a_sentence_counting_the_noun_asked(
    nlp: NlpPipeline, question: str, sentence: str, counted: str | None
) -> None:
    """lead.counting-first: the sentence a reader should see first for "how many X"."""
    assert counts_asked_noun(parse_question(question, nlp), nlp.parse(sentence)) == counted


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # "By how much" asks the size of the move, in percent as in points.
        (
            "By how much did the rate of sexual assault reported on Uber decrease?",
            "Uber says the rate of sexual assault reported on the app decreased 38% between "
            "its first and second reports.",
            "38%",
        ),
        (
            "By how much did Uber's revenue decrease?",
            "Uber's revenue rose 11% while its rate of reported assaults decreased 38%.",
            None,  # the rate fell, not the revenue
        ),
        # A sum after a currency sign, which the recogniser may leave untagged or tag without
        # its sign and its magnitude ("300" for "€300m").
        (
            "How much did Todd Boehly commit to invest to take control of Chelsea?",
            "Raine had managed to broker a deal with Todd Boehly to commit to invest £4.5bn to "
            "take control of Chelsea.",
            "£4.5bn",
        ),
        ("How much did the club pay for the stake?", "The club paid €300m for the stake.", "€300m"),
        (
            "How much did Todd Boehly invest?",
            "Raine charged Todd Boehly a £40m fee for brokering the deal.",
            None,  # a fee he paid, in a clause that invests nothing
        ),
        # A title the tagger takes for a name ("CEO"), after a possessor rather than an article.
        (
            "Who was Alameda Research's former CEO?",
            "The testimony came from Alameda Research's former CEO Caroline Ellison.",
            "Caroline Ellison",
        ),
        (
            "Who is Alameda Research's CEO?",
            "The testimony came from Alameda Research's former CEO Caroline Ellison.",
            None,  # the former one is not the one now
        ),
    ],
)
def test_forms_of_real_wire_copy(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    """Forms met in the MultiHop-RAG reports (real news): moves asked "by how much", sums
    written with a currency sign, corporate titles as capitals."""
    assert _bound_value(nlp, question, sentence) == lead


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # A count is the doing of the one the question names, not of another named subject.
        (
            "How many unforced errors did Duskova commit?",
            "Roeland hit 41 winners against 29 unforced errors, while Duskova made 47.",
            None,
        ),
        (
            "How many unforced errors did Duskova commit?",
            "Duskova made 47 unforced errors, while Roeland hit 29.",
            "47 unforced errors",
        ),
        # A relative clause's subject is the noun it hangs on: the plant, not the company.
        (
            "How many people does Corvane employ?",
            "The Lisk plant, which employs around 480 people, belongs to Corvane.",
            None,
        ),
        (
            "How many people does Corvane employ?",
            "Corvane, which employs around 4,800 people, will appeal.",
            "around 4,800 people",
        ),
        # A name in the subject's own clause is not its doer ("who beat Duskova").
        (
            "How many unforced errors did Duskova commit?",
            "Roeland, who beat Duskova last year, made 29 unforced errors.",
            None,
        ),
        # A lower-case word the tagger calls a proper noun ("the tram") is no name.
        (
            "How many cars will the tram take off the roads each day?",
            "Councillor Amal Haddad said the tram would take 20,000 cars off the roads each day.",
            "20,000 cars",
        ),
        # A verdict on "X beat Y" is said of Y, not of anyone X beat.
        (
            "Had Roeland ever beaten Duskova before the final?",
            "In the semi-finals, Roeland beat fourth seed Chiara Montesi 7-6 6-2, while Duskova "
            "needed three sets to overcome Sondervan.",
            None,
        ),
        ("Had Roeland ever beaten Duskova?", "Roeland beat Duskova in 2024.", "Yes"),
        ("Has Roeland ever beaten Duskova?", "Roeland has never beaten Duskova.", "No"),
    ],
)
def test_a_figure_or_verdict_is_of_the_one_named(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    assert _bound_value(nlp, question, sentence) == lead


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        (
            "Who is Roeland's coach?",
            "Benedikt Sauer, a former doubles player who has coached Roeland since she was 15, "
            "said the breakthrough had been building for months.",
            "Benedikt Sauer",
        ),
        (
            "Who is the owner of the Kestrel Hotel?",
            "Marta Ilves, who owns the Kestrel Hotel, said she would rebuild.",
            "Marta Ilves",
        ),
        # Done to someone else than the question names: no holder of that role.
        (
            "Who is Roeland's coach?",
            "Benedikt Sauer, who has coached Montesi since 2019, praised Roeland.",
            None,
        ),
        # Not said of the one asked about at all.
        (
            "Who is Duskova's coach?",
            "Marco Lind, who coaches the Ostravian team, said Duskova was tired.",
            None,
        ),
        ("Who is Roeland's coach?", "Benedikt Sauer has never coached Roeland.", None),
    ],
)
def test_a_role_holder_by_what_the_role_does(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    """ "who has coached Roeland" names Roeland's coach, as "her coach, Benedikt Sauer" does."""
    assert _bound_value(nlp, question, sentence) == lead


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        (
            "Did cases of hospital-acquired infection go down in 2025?",
            "Cases of hospital-acquired infection fell to 4,870 in 2025 from 5,320 in 2024.",
            "Yes",
        ),
        (
            "Did inflation increase in March?",
            "Consumer price inflation rose to 5.8 percent in March from 5.1 percent in February.",
            "Yes",
        ),
        # The other way says no; a negated move says no too.
        ("Did inflation fall in March?", "Inflation rose to 5.8 percent in March.", "No"),
        ("Did revenue go up?", "Revenue did not rise last year.", "No"),
        # Said of another figure, or in a clause of its own, or only guessed: no verdict.
        ("Did revenue go up?", "Profits rose 8 percent.", None),
        ("Did unemployment go up?", "Inflation rose, while unemployment fell.", "No"),
        ("Did unemployment go up?", "Inflation rose, while unemployment was discussed.", None),
        ("Did unemployment drop?", "Unemployment could fall next year, economists said.", None),
    ],
)
def test_a_figure_moving_either_way_answers_whether_it_moved(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    """ "Did X go down?" is answered by "X fell" and by "X rose", as by "X went down"."""
    assert _bound_value(nlp, question, sentence) == lead


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        (
            "Will off-peak fares on regional lines rise?",
            "Season tickets will go up by 9.4 percent, while off-peak fares on regional lines"
            " will be frozen, the company said.",
            "No",
        ),
        ("Did the bank raise its main rate?", "The bank left its main rate unchanged.", "No"),
        ("Did the bank raise its main rate?", "The bank held its main rate at 4.5%.", "No"),
        ("Did the bank raise its main rate?", "The bank decided to keep its rate unchanged.", "No"),
        ("Did house prices rise in March?", "House prices held steady in March.", "No"),
        ("Did sales fall?", "Sales were flat in the third quarter.", "No"),
        ("Did unemployment go up?", "Inflation rose, while unemployment was steady.", "No"),
        # Only wished, negated, bounded by a time, of another figure or of no figure: nothing.
        ("Did the bank raise its main rate?", "Ella Moss voted to keep the rate unchanged.", None),
        ("Did sales fall?", "Sales were not flat in the third quarter.", None),
        ("Will fares rise?", "Fares will be frozen until March.", None),
        ("Did the bank cut rates?", "The bank had kept rates unchanged for 18 months.", None),
        ("Did revenue go up?", "Profits were unchanged at 4 million euros.", None),
        ("Did visitor numbers fall?", "The zoo froze hiring in January to cut costs.", None),
        # Found by an outside review: a move beside it, another one of the figure, another
        # time, a rate of change, a forecast or a guess, a time the freeze ends.
        (
            "Did the crown fall?",
            "The crown held steady in early trading before falling 1.2%.",
            None,
        ),
        ("Did food sales rise?", "Clothing sales were flat, while food sales rose 8%.", "Yes"),
        ("Did sales rise?", "Clothing sales were flat in the third quarter.", None),
        ("Did inflation rise?", "Core inflation was unchanged at 2.9 percent.", None),
        ("Did GDP grow in the first quarter?", "GDP growth was unchanged at 0.4 percent.", None),
        ("Did the bank raise rates in May?", "The bank kept rates unchanged in March.", None),
        ("Will fares rise next year?", "Fares were frozen this year.", None),
        (
            "Did the bank raise rates?",
            "Economists expected the bank to leave rates unchanged.",
            None,
        ),
        ("Did the bank raise rates?", "The bank will probably hold rates at 4 percent.", None),
        ("Did exports rise?", "Exports kept up their steady growth in April.", None),
        ("Will fares rise?", "Fares will stay frozen until the freeze ends in June.", None),
    ],
)
def test_a_figure_held_still_did_not_move_either_way(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    """ "Will fares rise?" is answered "No" by "fares will be frozen" (`held_still`)."""
    assert _bound_value(nlp, question, sentence) == lead


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        ("Did food sales rise?", "Clothing sales fell, while food sales rose 8 percent.", "Yes"),
        (
            "Will peak fares rise?",
            "Off-peak fares will fall, while peak fares will rise 5%.",
            "Yes",
        ),
        (
            "Did the top rate rise?",
            "The government cut the main rate, but raised the top rate.",
            "Yes",
        ),
        ("Did the bank raise its main rate?", "The bank raised its main interest rate.", "Yes"),
    ],
)
def test_a_move_of_another_one_of_the_figure_is_not_the_asked_one(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    """ "Clothing sales fell" says nothing of food sales, when the question asks of food sales
    or the sentence tells the two apart (`_moved_another_one`)."""
    assert _bound_value(nlp, question, sentence) == lead


def test_its_figure_is_of_whom_the_subject_above_names(nlp: NlpPipeline) -> None:
    """ "Rival Brenner Group said that its clothing sales rose", in a report about Marlowe,
    says nothing of Marlowe's; "Marlowe said its clothing sales fell" does."""
    question = parse_question("Did Marlowe's clothing sales fall?", nlp)
    report = "LANDERBY, March 12 - Marlowe Stores reported a 6 percent rise in annual revenue."
    rival = "Rival Brenner Group said last week that its clothing sales rose 2 percent."
    assert bind(question, nlp.parse(rival), headline=report, passage=report) is None
    own = nlp.parse("Marlowe said its clothing sales fell 3 percent.")
    found = bind(question, own, headline=report, passage=report)
    assert found is not None and found.value == "Yes", found


@pytest.mark.parametrize(
    ("question", "sentence", "contrary"),
    [
        (
            "How much did the Kelland mark gain against the dollar?",
            "The Kelland mark fell 0.6% against the dollar after the announcement.",
            True,
        ),
        ("By how much did unemployment fall?", "Unemployment rose to 6.1% from 5.4%.", True),
        (
            "How much did the drac strengthen against the dollar on Friday?",
            "The drac fell 0.4% against the dollar on Friday.",
            True,
        ),
        # The asked way, another thing moving, a guess or a negation: no false premise shown.
        ("How much did the Kelland mark gain?", "The Kelland mark rose 0.6%.", False),
        ("How much did the Kelland mark gain?", "Bond yields fell 11 basis points.", False),
        (
            "How much did Flitway shares rise?",
            "Shares in Flitway jumped 24 percent, while Corvelle shares fell 3 percent.",
            False,  # another company's shares fell
        ),
        ("How much did the Kelland mark gain?", "The Kelland mark could fall further.", False),
        ("How much did the Kelland mark gain?", "The Kelland mark did not fall.", False),
        # A figure said to stay where it was did not move the way asked either; not when
        # that is bounded by a time.
        ("How much will off-peak fares rise?", "Off-peak fares will be frozen.", True),
        ("How much did sales fall?", "Sales were flat in the third quarter.", True),
        ("How much will fares rise?", "Fares will be frozen until March.", False),
        ("How much did the crown fall?", "The crown held steady before falling 1.2%.", False),
        (
            "How much will peak fares rise?",
            "Peak fares will rise 5 percent, while off-peak fares will be frozen.",
            False,
        ),
        # Not a move asked by how much.
        ("How much is the Kelland mark worth?", "The Kelland mark fell 0.6%.", False),
        # The mover is the subject's head, not a word of a clause inside it.
        (
            "How much has the plain's population grown?",
            "Water levels on the river, which flows across the plain, have fallen so low.",
            False,
        ),
    ],
)
def test_a_move_the_other_way_says_the_premise_is_false(
    nlp: NlpPipeline, question: str, sentence: str, contrary: bool
) -> None:
    said = moved_the_other_way(parse_question(question, nlp), nlp.parse(sentence))
    assert (said is not None) is contrary, said


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # A passive's "by" agent is its doer: Ostravia sent them, not Calvaria.
        (
            "How many planes did Calvaria send to help Ostravia?",
            "Two amphibious planes were sent by neighbouring Ostravia to help Calvaria.",
            None,
        ),
        (
            "How many planes did Calvaria send to help Ostravia?",
            "Two amphibious planes were sent by Calvaria to help Ostravia.",
            "Two amphibious planes",
        ),
    ],
)
def test_a_passive_count_is_its_agents_doing(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    assert _bound_value(nlp, question, sentence) == lead


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # "Up to" a figure under a verb of liability is the most that may befall someone.
        (
            "How many years in prison was the farmer sentenced to?",
            "The farmer was charged with negligence, an offence that carries a prison sentence "
            "of up to eight years.",
            None,
        ),
        (
            "How many years in prison was Kell sentenced to?",
            "Kell, who faced up to 12 years, was sentenced to four years in prison.",
            "four years",
        ),
        # Asked for, the maximum answers.
        (
            "How many years in prison does the farmer face?",
            "The farmer faces up to eight years in prison.",
            "eight years",
        ),
    ],
)
def test_a_maximum_penalty_is_nobodys_sentence(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    assert _bound_value(nlp, question, sentence) == lead


MINES_2026 = (
    "Last year, 14 people died in accidents in Belgorian mines, down from 21 in 2024.",
    "Mine safety inspectors report to parliament",
    date(2026, 1, 16),
)


@pytest.mark.parametrize(
    ("question", "report", "unstated"),
    [
        # A year the report never says, nor was published in, nor points at.
        ("How many people died in Belgorian mine accidents in 2023?", MINES_2026, {"2023"}),
        ("What was voter turnout in the 2017 election?", MINES_2026, {"2017"}),
        # Said in the passage, pointed at by "last year", or the report's own year.
        ("How many people died in Belgorian mine accidents in 2024?", MINES_2026, set()),
        ("How many people died in Belgorian mine accidents in 2025?", MINES_2026, set()),
        ("How many miners have died in 2026?", MINES_2026, set()),
        # The headline says it.
        (
            "How many miners died in 2023?",
            (MINES_2026[0], "Toll for 2023 revised", MINES_2026[2]),
            set(),
        ),
        # No year asked.
        ("How many people died in Belgorian mine accidents?", MINES_2026, set()),
    ],
)
def test_a_year_no_cited_report_speaks_of(
    nlp: NlpPipeline,
    question: str,
    report: tuple[str, str, date | None],
    unstated: set[str],
) -> None:
    assert unstated_years(parse_question(question, nlp), [report]) == unstated


@pytest.mark.parametrize(
    ("question", "text", "published"),
    [
        # A count that reads like a year, given with its thousands separator.
        ("Where were the 2000 striking workers taken?", "Police moved the 2,000 workers.", None),
        # A year that bounds a period is no year asked about.
        (
            "How many people have died in the conflict since 2019?",
            "More than 300 people have died in the six-year conflict.",
            date(2025, 3, 1),
        ),
        # Years pointed at from the report's date, or written inside a word or a season.
        (
            "How much did inflation rise in 2023?",
            "Inflation rose 4% two years ago.",
            date(2025, 3, 1),
        ),
        ("How many people died in 2024?", "In the past year, 12 died.", date(2025, 1, 5)),
        (
            "How much did prices rise in 2024?",
            "Prices rose in the previous year.",
            date(2025, 1, 5),
        ),
        ("How many votes did she get in 2024?", "She got 300 votes a year ago.", date(2025, 6, 1)),
        ("What was the turnout in the 2023 season?", "The 2022-23 season drew 1.2 million.", None),
        ("What was the profit in 2024?", "FY2024 profit was 3 million euros.", None),
        # An undated report pointing at "last year" may mean any year.
        ("What was the profit in 2024?", "Profit was 3 million euros last year.", None),
    ],
)
def test_a_year_said_in_other_words_is_said(
    nlp: NlpPipeline, question: str, text: str, published: date | None
) -> None:
    assert unstated_years(parse_question(question, nlp), [(text, "", published)]) == set()


def test_a_year_pointed_at_from_another_date_is_not_said(nlp: NlpPipeline) -> None:
    parsed = parse_question("How much did inflation rise in 2022?", nlp)
    report = ("Inflation rose 4% two years ago and 3% last year.", "", date(2025, 3, 1))
    assert unstated_years(parsed, [report]) == {"2022"}


def test_one_report_speaking_of_a_year_is_enough(nlp: NlpPipeline) -> None:
    parsed = parse_question("How many people died in mine accidents in 2023?", nlp)
    other = ("In 2023, 19 miners died.", "", None)
    assert unstated_years(parsed, [MINES_2026]) == {"2023"}
    assert unstated_years(parsed, [MINES_2026, other]) == set()


def test_a_name_spelled_out_from_the_questions_acronym_is_asked_about(nlp: NlpPipeline) -> None:
    """lead.agent and the other name rules never lead with what the question names: "Who
    leads HTS?" over "advances led by Hayat Tahrir al-Sham (HTS)" is not answered with the
    group's own name spelled out; another name is still an answer."""
    from bot.answering.extractive import _is_asked_about

    question = "Who leads HTS?"
    parsed = parse_question(question, nlp)
    assert _is_asked_about("Hayat Tahrir al-Sham", parsed, question)
    assert not _is_asked_about("Abu Mohammed al-Jolani", parsed, question)


def test_a_role_of_a_name_shortened_to_its_head(nlp: NlpPipeline) -> None:
    """lead.role: a report names "the Federation of Locomotive Engineers" once, then "the
    federation": its "of" phrase may be only in the passage, once the head is in the
    sentence; another head ("the union's") or a passage without the full name is no match."""
    question = parse_question(
        "Who is the general secretary of the Federation of Locomotive Engineers?", nlp
    )
    passage = "Drivers in the Federation of Locomotive Engineers walked out on Monday."
    said = nlp.parse('"No more cuts," said Dunya Petrakis, the federation\'s general secretary.')
    found = bind(question, said, passage=passage)
    assert found is not None and (found.value, found.rule) == ("Dunya Petrakis", "lead.role")
    assert bind(question, said, passage="Workers at the port walked out on Monday.") is None
    union = nlp.parse('"No more cuts," said Dunya Petrakis, the union\'s general secretary.')
    assert bind(question, union, passage=passage) is None


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # lead.role: a role said to be another's by name is not the one asked about.
        (
            "Who is the chief executive of Flitway?",
            "Margit Sallow, Corvelle's chief executive, will lead the group, while Flitway's "
            "founder and chief executive, Anton Breck, will become deputy chairman.",
            "Anton Breck",
        ),
        (
            "Who is the chief executive of Norcrest?",
            "Halden chief executive Miriam Castellanos will run the merged company, while "
            "Norcrest's chief executive, Oskar Lindqvist, will become chairman.",
            "Oskar Lindqvist",
        ),
        # ... nor one someone would come to hold.
        (
            "Who is the prime minister of Norvessa?",
            "If her lead holds, Marsh would become Norvessa's first female prime minister.",
            None,
        ),
        # lead.yes-no: "yet to" negates; a joined verb's object, a wish, another named doer
        # say nothing of the verb asked.
        ("Has Anselm conceded?", "Anselm has yet to concede.", "No"),
        (
            "Did Civic Renewal win a majority?",
            "Civic Renewal won the most seats on Sunday but fell short of a majority.",
            None,
        ),
        ("Did the Bank of Kelland hold its rate?", "Two members preferred to hold the rate.", None),
        (
            "Did the National Labour Alliance win the election?",
            "Astrania's centre-left Civic Alliance won the election.",
            None,
        ),
        (
            "Did Castanar visit Villa Aranda?",
            "President Elena Castanar visited Villa Aranda.",
            "Yes",
        ),
        # lead.date: another named doer's date, a date of the object or in a possessive, a
        # guess for a past question.
        (
            "When did Hurricane Ysolde make landfall?",
            "The last major storm, Hurricane Bruno in 2019, made landfall as a Category 3 storm.",
            None,
        ),
        # A plan overtaken (the past perfect), a deed done for what is planned now; a plan
        # told now under a verb in the past perfect, a plan's participle.
        (
            "When will the Arden library reopen?",
            "The Arden library had been due to reopen on March 15.",
            None,
        ),
        (
            "When will the Arden library reopen?",
            "The Arden library is due to reopen on March 15.",
            "March 15",
        ),
        (
            "When is the Arden library now expected to open again?",
            "A temporary Arden library branch, opened in February 2024, lends 2,000 books a week.",
            None,
        ),
        (
            "When will the Lisk rail line reopen?",
            "The ministry had announced that the Lisk rail line is expected to reopen on "
            "September 1.",
            "September 1",
        ),
        (
            "When will the Marrow referendum be held?",
            "The council had hoped to hold the Marrow referendum in September.",
            None,
        ),
        (
            "When is the new runway expected?",
            "The new runway, expected in 2029, will allow longer flights.",
            "2029",
        ),
        (
            "When did Port Averly last win the cup before this?",
            "The win also secures Port Averly a place in next season's Champions Trophy.",
            None,
        ),
        (
            "When did the Veskaria central bank cut interest rates?",
            "The bank cut its forecast for economic growth next year.",
            None,
        ),
        (
            "When did the bank cut interest rates?",
            "The bank cut interest rates on Thursday.",
            "Thursday",
        ),
        (
            "When did Larrazabal make his debut for Real Caldero?",
            "Larrazabal could make his debut against Sporting on Aug. 15.",
            None,
        ),
        (
            "When will Larrazabal make his debut?",
            "Larrazabal could make his debut against Sporting on Aug. 15.",
            "Aug. 15",
        ),
        # lead.age: another person of the same surname.
        (
            "How old is Ilona Marsh?",
            "The plane was flown by Captain Lidia Marsh, 52, a pilot.",
            None,
        ),
        ("How old is Ilona Marsh?", "Ilona Marsh, 52, told reporters she was confident.", "52"),
        # Found by a third tester (2026-11-28): "without admitting" admits nothing; an age or
        # a league place the recogniser tags as a date dates nothing.
        (
            "Did Hallvik Systems admit wrongdoing?",
            "Hallvik Systems agreed to pay a fine of 95 million crowns to settle the case, "
            "without admitting wrongdoing.",
            "No",
        ),
        ("When did Karl Dunmer die?", "Dunmer, 66, died in a car accident.", None),
        ("When did Karl Dunmer die?", "Dunmer, 66, died in a car accident in 2023.", "2023"),
        (
            "When did Ashby last win a major trophy?",
            "Ashby, who finished 14th last season, have not won a major trophy since lifting "
            "the FA Cup in 1994.",
            "1994",
        ),
    ],
)
def test_a_lead_is_of_the_one_asked_about(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    """Wrong leads a tester found (2026-11-28): a role, a verdict, a date or an age of someone
    or something else than the question names, or not so far done."""
    found = bind(parse_question(question, nlp), nlp.parse(sentence))
    assert (found.value if found else None) == lead, found


def test_a_move_at_another_time_is_no_move_the_other_way(nlp: NlpPipeline) -> None:
    """refuse.other-way: "had fallen 22% last year" says nothing of Monday's move."""
    question = parse_question("How much did Castellan's shares rise on Monday?", nlp)
    last_year = nlp.parse("The stock had fallen 22% last year as investors doubted the trial.")
    assert moved_the_other_way(question, last_year) is None
    assert moved_the_other_way(question, nlp.parse("Castellan shares fell 5% on Monday."))


def test_a_surname_alone_in_a_report_about_another_of_that_name(nlp: NlpPipeline) -> None:
    """lead.age: "Lindqvist, 58" in a passage about Hedda Lindqvist is not Oskar's age; in one
    that names Oskar Lindqvist, it is."""
    question = parse_question("How old is Oskar Lindqvist?", nlp)
    said = nlp.parse("After three days, the panel found Lindqvist, 58, guilty on 11 counts.")
    hedda = "Former Orvant chief Hedda Lindqvist was convicted of fraud."
    assert bind(question, said, passage=hedda) is None
    oskar = "Norcrest chief Oskar Lindqvist will become chairman."
    found = bind(question, said, passage=oskar)
    assert found is not None and found.value == "58"


@pytest.mark.parametrize(
    ("question", "sentence", "headline"),
    [
        (
            "Who is the chief executive of the Belgorian Coal Company?",
            "BCC chief executive Radomir Kozlek said the mine would stay shut.",
            "Blast at Belgorian Coal Company mine kills 12",
        ),
        (
            "Who is the health minister of Ombria?",
            "Ombrian Health Minister Ana Ruiz said 312 new cases were recorded.",
            "Cholera spreads in Ombria",
        ),
    ],
)
def test_a_role_owned_by_an_acronym_or_a_demonym_is_the_one_asked(
    nlp: NlpPipeline, question: str, sentence: str, headline: str
) -> None:
    """lead.role: the owner a role is said of may be the question's name as an acronym
    ("BCC") or as its people's adjective ("Ombrian"): not another's."""
    found = bind(parse_question(question, nlp), nlp.parse(sentence), headline=headline)
    assert found is not None and found.rule == "lead.role"


def test_an_age_in_a_sentence_of_its_own_is_of_whom_the_sentence_before_names(
    nlp: NlpPipeline,
) -> None:
    """lead.age: "She is 47." after a sentence naming Isolde gives her age; not the age of a
    king ("She"), nor of anyone the sentence before does not name."""
    passage = (
        "Crown Princess Isolde was proclaimed Queen of Valdoria on Saturday. She is 47. "
        "The ceremony lasted two hours."
    )
    sentence = nlp.parse("She is 47.")

    def age(question: str) -> str | None:
        binding = bind(parse_question(question, nlp), sentence, passage=passage)
        return binding.value if binding is not None else None

    assert age("How old is Crown Princess Isolde?") == "47"
    assert age("How old is the queen of Valdoria?") == "47"
    assert age("How old is the king of Valdoria?") is None
    assert age("How old is Marten Holm?") is None
    # The sentence before names someone else too: "She" may be either.
    married = "Marten Holm married Anna Berg on Saturday. She is 47. They live in Orsk."
    binding = bind(parse_question("How old is Marten Holm?", nlp), sentence, passage=married)
    assert binding is None


def test_a_role_held_through_a_possessive_is_of_whom_the_sentence_before_names(
    nlp: NlpPipeline,
) -> None:
    """lead.role: "Its president, Farida Haddad" after a sentence naming the Federation is the
    Federation's president; after a sentence naming another body it is not."""
    sentence = nlp.parse("Its president, Farida Haddad, said the match was historic.")
    question = parse_question("Who is the president of the Federation?", nlp)
    said = "Its president, Farida Haddad, said the match was historic."
    ours = f"The Federation represents chess players. {said}"
    other = f"The Union represents chess players. {said}"
    found = bind(question, sentence, passage=ours)
    assert found is not None and found.value == "Farida Haddad"
    assert bind(question, sentence, passage=other) is None


def test_a_count_in_a_sentence_opening_with_its_is_of_what_the_sentence_before_names(
    nlp: NlpPipeline,
) -> None:
    """lead.count: "Its 210,000 panels can power around 48,000 homes." after a sentence about
    the Harwick Moor solar farm counts that farm's homes; after one about another farm, not."""
    sentence = nlp.parse("Its 210,000 panels can power around 48,000 homes.")
    question = parse_question("How many homes can the Harwick Moor solar farm power?", nlp)
    ours = f"The Harwick Moor solar farm was connected on Friday. {sentence.text}"
    other = f"The Kessel wind farm was connected on Friday. {sentence.text}"
    found = bind(question, sentence, passage=ours)
    assert found is not None and found.quoted == "48,000"
    assert bind(question, sentence, passage=other) is None


def test_refuse_other_month_reads_the_months_a_sentence_speaks_of() -> None:
    """refuse.other-month: "the inflation rate in January" asks January's; a sentence giving
    March's and February's speaks of neither January nor, from an April report, "last
    month"; "since March" asks for no month; a report of January speaks of January, and one
    of February says "last month" of it."""
    assert asked_months("What was the inflation rate in January?") == {"january"}
    assert asked_months("How far have prices risen since March?") == frozenset()
    assert asked_months("What did Theresa May say?") == frozenset()
    rates = "Inflation rose to 3.1% in March from 2.8% in February."
    assert "january" not in (months_said(rates, date(2026, 4, 10)) or set())
    assert "january" in (months_said("Prices rose 2% on Tuesday.", date(2026, 1, 20)) or set())
    assert "january" in (months_said("Prices rose 2% last month.", date(2026, 2, 5)) or set())
    assert months_said("Prices rose 2% last month.", None) is None  # undated: any month


@pytest.mark.parametrize(
    ("sentence", "gives"),
    [
        ("Repairs will cost 4.2 million euros.", True),
        ("Repairs will cost €4.2m.", True),
        ("Season tickets will cost 9.4 percent more.", True),
        ("The fire burned 4,100 hectares over 12 days.", False),
        ("About 18,000 people rode the tram on its first day.", False),
    ],
)
def test_a_sum_is_money_or_a_share(nlp: NlpPipeline, sentence: str, gives: bool) -> None:
    """refuse.no-sum reads whether a quoted sentence gives any sum: hectares and riders are
    figures, not sums."""
    assert gives_a_sum(nlp.parse(sentence)) is gives


@pytest.mark.parametrize(
    ("sentence", "asked", "gives"),
    [
        ("The limit on cash withdrawals is 2,000 carnas a week.", "cash", True),
        ("It imposed a limit on cash withdrawals of 2,000 carnas a week.", "cash", True),
        ("Judge Korver also fined Jonas Brekke, 58, 30,000 dukats.", "fine fined fines", True),
        ("The government would pay each evacuated household 850 dalers.", "pay paid", True),
        ("Each farm will receive compensation of 40,000 lendas.", "compensation", True),
        ("The limit on cash withdrawals is 2,000 carnas a week.", "", False),
        ("The company paid the fine in instalments.", "fine", False),
        ("About 60 people who fell ill said they would seek compensation.", "compensation", False),
        ("A group of 27 rejected applicants filed a claim for damages.", "damages", False),
        ("Some clients had lost up to two weeks' wages.", "wage wages", False),
        ("The cash machines have been closed since 2024.", "cash", False),
        # Figures in the money word's phrase that are no sums: people, an age, a date.
        ("The firm paid 27 workers.", "pay paid", False),
        ("Judge Korver fined Jonas Brekke, 58, for contempt.", "fine fined", False),
        ("The firm paid the fine on 3 March.", "fine paid", False),
    ],
)
def test_a_sum_in_a_currency_nobody_knows_is_read_by_the_money_word_asked(
    nlp: NlpPipeline, sentence: str, asked: str, gives: bool
) -> None:
    """An invented currency without "million" is no sum the recogniser knows; in the phrase
    of the word of money the question asks by (as written: the tagger makes "fined" "fin"),
    its figure may be the sum. Not a figure elsewhere in the sentence, of people or of time,
    nor a year."""
    assert gives_a_sum(nlp.parse(sentence), frozenset(asked.split())) is gives


def test_a_sum_in_millions_of_any_word(nlp: NlpPipeline) -> None:
    """ "410 million marens", "R1.2 million", "Rs 12 crore": a figure in millions or crores is
    read as a sum whatever the currency, with no word of money asked; not millions of
    people. A currency word the parse does not tie to its figure still makes a sum."""
    assert gives_a_sum(nlp.parse("The mission has cost 410 million marens."))
    assert gives_a_sum(nlp.parse("The authority fined Highveld Estates R1.2 million."))
    assert gives_a_sum(nlp.parse("It imposed a penalty of Rs 12 crore on Indus Fintech."))
    assert gives_a_sum(nlp.parse("The minimum wage is 4,500 zloty."))
    assert not gives_a_sum(nlp.parse("The floods forced 1.2 million people to flee."))


def test_refuse_other_day_reads_the_weekdays_a_sentence_speaks_of() -> None:
    """refuse.other-day: "fell on Tuesday" asks Tuesday's figure; a sentence writing Monday
    is another day's; one writing no day is its report's day or the day before's, or any
    day's when the report is undated; "yesterday" is the day before the report's, and a date
    the weekday it fell on."""
    assert asked_weekdays("How much did Norwick's shares fall on Tuesday?") == {"tuesday"}
    assert asked_weekdays("How many people were hurt on Thursday evening?") == {"thursday"}
    assert asked_weekdays("How many shops have been shut since Monday?") == frozenset()
    assert asked_weekdays("What did Tuesday's vote decide?") == frozenset()
    wednesday = date(2026, 3, 11)
    shares = "The company's shares fell 9.2 percent on Monday."
    assert weekdays_said(shares, "", wednesday) == {"monday"}
    assert weekdays_said(shares, "", None) == {"monday"}
    plain = "The company's shares fell 9.2 percent."
    assert weekdays_said(plain, "", wednesday) == {"wednesday", "tuesday"}
    assert weekdays_said(plain, "Talks collapsed on Sunday.", wednesday) == {
        "sunday",
        "wednesday",
        "tuesday",
    }
    assert weekdays_said(plain, "", None) is None
    assert weekdays_said("Shares fell 9 percent yesterday.", "", wednesday) == {"tuesday"}
    monday = date(2026, 3, 9)
    assert weekdays_said("Shares fell 9 percent yesterday.", "", monday) == {"sunday"}
    # A date is the weekday it fell on: May 19, 2026 was a Tuesday; May 19, 2019 a Sunday.
    friday = date(2026, 5, 22)
    assert weekdays_said("It cancelled 412 flights on May 19.", "", friday) == {"tuesday"}
    assert weekdays_said("It cancelled 412 flights on 19 May.", "", friday) == {"tuesday"}
    assert weekdays_said("It opened on May 19, 2019.", "", friday) == {"sunday"}
    assert weekdays_said("The pass costs May 2,400 euros.", "", friday) == {"friday", "thursday"}
    assert weekdays_said("It cancelled 412 flights on May 19th.", "", friday) == {"tuesday"}
    assert weekdays_said("It cancelled 412 flights on Jan. 5.", "", date(2026, 1, 9)) == {"monday"}
    # "may" the verb is no month; "2000 workers" no year; December 31 in a report of
    # January 2 is last year's (a Thursday in 2026).
    assert weekdays_said("Three may need surgery.", "", friday) == {"friday", "thursday"}
    assert weekdays_said("On March 3, 2000 workers walked out.", "", friday) == {"tuesday"}
    new_year = date(2027, 1, 2)
    assert weekdays_said("Police arrested 40 people on December 31.", "", new_year) == {"thursday"}
    # The day something was said is not all a sentence speaks of.
    said = "Civic Union won 52 seats, the commission said on Monday."
    assert weekdays_said(said, "Voting ended on Sunday.", date(2026, 4, 14)) == {
        "monday",
        "sunday",
        "tuesday",
    }


@pytest.mark.parametrize(
    ("question", "sentence", "given"),
    [
        (
            "What was the name of the boy who died on Wednesday?",
            "The boy, who had been in intensive care since the crash, died on Wednesday.",
            False,
        ),
        (
            "What is the accused engineer's name?",
            "The engineer's lawyer, Sofie Dahl, said her client denied the charges.",
            False,  # the lawyer's name, not the engineer's
        ),
        (
            "What was the name of the nurse who died?",
            "The woman, a nurse from the town of Kelby, died at Varska General Hospital.",
            False,
        ),
        ("What is the name of the bus driver?", "The bus driver, Piet Amsel, 58, was hurt.", True),
        ("What was the name of the nurse who died?", "Nurse Anna Berg, 31, died on Monday.", True),
        ("What is the name of the nurse?", "Anna Berg, a nurse from Kelby, died.", True),
        (
            "What was the name of the man killed in the crush?",
            "The man who died was named by his family as Piet Korhonen, a bus driver.",
            True,
        ),
        ("What is the name of the grid operator?", "The grid operator, Delgrid, said so.", True),
        ("What is the name of the bus driver?", "The bus driver was Piet Amsel.", True),
        ("What was the name of the boy who died?", "Tom Berg was the boy who died.", True),
        ("What was the name of the boy who died?", "The boy's name was Tom Berg.", True),
        ("What is the name of the storm?", "The storm, dubbed Ciaran by forecasters, hit.", True),
        (
            "What was the name of the boy who died?",
            "Police on Thursday named the boy who died after the crash near Orsk.",
            False,  # "Orsk" is where the crash was, not the boy's name
        ),
        # Not spoken of: the name may be given without the noun ("Which vessel?").
        ("What is the name of the ship that ran aground?", "The Aurelia Crest ran aground.", None),
        ("Who drove the bus?", "The bus driver, Piet Amsel, 58, was hurt.", None),
        ("Was the name of the boy made public?", "The boy, 9, was rescued.", None),
        ("What was the name of the man killed?", "Police named him as Tom Berg, 44.", True),
    ],
)
def test_a_name_given_with_the_one_whose_name_is_asked(
    nlp: NlpPipeline, question: str, sentence: str, given: bool | None
) -> None:
    """refuse.unnamed reads `name_given`: a name beside the noun or given by a verb of naming."""
    assert name_given(parse_question(question, nlp), nlp.parse(sentence)) is given


@pytest.mark.parametrize(
    ("question", "roles"),
    [
        ("Who is the mayor of Dravenstok?", {("mayor",)}),
        ("Who is Varska's police chief?", {("police", "chief")}),
        ("Who is the new chief executive?", {("chief", "executive")}),
        ("Who chairs the supporters' trust?", {("chair",), ("chairman",), ("chairwoman",)}),
        ("Who is mediating in the dispute?", {("mediator",)}),
        # Not a role holder asked: a description, a figure.
        ("Who is Olaf Brenner?", set()),
        ("How many people died?", set()),
    ],
)
def test_the_roles_a_question_asks_the_holder_of(
    nlp: NlpPipeline, question: str, roles: set[tuple[str, ...]]
) -> None:
    assert asked_roles(parse_question(question, nlp)) == roles


def test_a_role_asked_by_a_verb_is_its_agent_noun_not_the_verb(nlp: NlpPipeline) -> None:
    """ "The consortium will buy a 75% stake" names no buyer."""
    roles = asked_roles(parse_question("Who is buying the club?", nlp))
    assert ("buyer",) in roles
    assert ("buy",) not in roles


@pytest.mark.parametrize(
    ("question", "sentence", "passage", "lead"),
    [
        # A surname the passage gives a title or a description before or after.
        (
            "Will the zoo director resign?",
            "Quint, 52, who has run the zoo since 2019, said he would not resign.",
            "Zoo director Rafael Quint said the fence had been checked in March.",
            "No",
        ),
        (
            "Has the driver admitted that he was speeding?",
            "Amsel's lawyer, Henrik Voss, said his client denies speeding.",
            "The driver, Piet Amsel, 58, was taken to hospital.",
            "No",
        ),
        (
            "Did the environment minister name the ship?",
            "Okafor named the ship on Friday.",
            "Okafor, the country's environment minister, spoke in Halvik.",
            "Yes",
        ),
        # Another title, or the surname of someone else.
        (
            "Will the zoo director resign?",
            "Quint said he would not resign.",
            "Chief veterinarian Maren Quint treated the animal; director Rafael Holm said so.",
            None,
        ),
        (
            "Will the zoo director resign?",
            "Olufsen said she would not resign.",
            "Zoo director Rafael Quint and vet Maren Olufsen spoke.",
            None,
        ),
        # A title that is another's, a comma that ends a clause, another qualifier, a
        # surname two people share, a name that is not the subject.
        (
            "Will the driver resign?",
            "Solt said she would resign from the bar council.",
            "A lawyer for the driver, Mira Solt, spoke to reporters.",
            None,
        ),
        (
            "Will the zoo director apologise?",
            "Eskel, a critic of the director, said she would not apologise.",
            "Zoo director Rafael Quint apologised on Monday.",
            None,
        ),
        (
            "Will the health minister seek extra funding?",
            "After meeting the minister, Moll said she would not seek extra funding.",
            "",
            None,
        ),
        (
            "Will the finance minister resign?",
            "Okafor said he would not resign.",
            "Environment Minister Lars Okafor spoke in Halvik.",
            None,
        ),
        (
            "Will the hospital director resign?",
            "Moll said she would not resign.",
            "Agency director Karin Moll met hospital director Ulrik Moll on Monday.",
            None,
        ),
        (
            "Will the mine owner testify?",
            "Lode's lawyer, Per Vang, said his client would not testify against Vint.",
            "Mine owner Erik Vint was not in court.",
            None,
        ),
        # A former or deputy holder is not the one asked about; a lawyer "representing the
        # driver" is not the driver.
        (
            "Will the hospital director comment on the delay?",
            "Moen said she would not comment on the delay.",
            "Former hospital director Astrid Moen oversaw the wing until 2024.",
            None,
        ),
        (
            "Will the zoo director testify?",
            "Brandt said she would not testify at the hearing.",
            "Helga Brandt, a former zoo director, ran the zoo until 2021.",
            None,
        ),
        (
            "Will the deputy director testify?",
            "Brandt said she would not testify at the hearing.",
            "Helga Brandt, the zoo's deputy director, spoke on Monday.",
            "No",
        ),
        (
            "Did the driver see the logs?",
            "Solt said she had not seen the logs.",
            "Mira Solt, a lawyer representing the driver, spoke on Monday.",
            None,
        ),
        (
            "Did the driver see the logs?",
            "Solt said she had not seen the logs.",
            "Mira Solt, the driver's lawyer, spoke on Monday.",
            None,
        ),
        # The sentence before is not read for whom "He" or "It" stands: "The authority fined
        # the company. It has not appealed." is the company.
        (
            "Has the driver of the bus been arrested?",
            "He has not been arrested.",
            "The driver of the bus, Piet Amsel, remains in hospital. He has not been arrested.",
            None,
        ),
        # A lawyer's client is whom the lawyer speaks for; "pleaded not guilty" says no to
        # "pleaded guilty".
        (
            "Has the engineer pleaded guilty?",
            "The engineer's lawyer said her client denied the charges and would plead not guilty.",
            "",
            "No",
        ),
        (
            "Has the engineer pleaded guilty?",
            "The pilot's lawyer said her client would plead not guilty.",
            "",
            None,
        ),
        # A negation bounded in time, or one of the past for a question of what will be,
        # says nothing of whether it will be done.
        (
            "Will the zoo reopen the big cat area?",
            "Quint said the zoo would not reopen the big cat area until the fence was rebuilt.",
            "",
            None,
        ),
        (
            "Will the board dismiss Quint?",
            "The chairman said the board would not dismiss Quint before the inquiry reported.",
            "",
            None,
        ),
        (
            "Will the acting director sign the agreement before Wirt returns?",
            "The acting director said she would not sign the agreement until Wirt returned.",
            "",
            "No",
        ),
        (
            "Will the council raise fares this year?",
            "The council did not raise fares in 2025.",
            "",
            None,
        ),
        ("Will the driver be arrested?", "The driver has not been arrested.", "", None),
        ("Has the driver been arrested?", "The driver has not been arrested.", "", "No"),
        (
            "Will the zoo reopen the big cat area?",
            "Quint said the zoo would not reopen the big cat area.",
            "",
            "No",
        ),
        # A complement the parser makes a clause of the verb: "declared the wing not fit".
        (
            "Was the old east wing declared fit for patients?",
            "Inspectors declared the old east wing not fit for patients in March.",
            "",
            "No",
        ),
        (
            "Was Alvey found guilty of bribery?",
            "The court found Gregor Alvey not guilty of taking bribes but guilty of abuse of "
            "office.",
            "",
            None,
        ),
        # The adjective the question's verb says must be said: "found that ..." is no verdict
        # on "found guilty".
        (
            "Was Alvey found guilty of abuse of office?",
            "The court found that Alvey had overruled ministry officials.",
            "",
            None,
        ),
        (
            "Did the inspectors declare the bridge safe?",
            "The inspectors declared the bridge closed.",
            "",
            None,
        ),
        ("Was the bridge declared safe?", "The bridge was declared safe on Monday.", "", "Yes"),
        # Its opposite by a prefix says no.
        ("Was the tunnel declared safe?", "The tunnel was declared unsafe on Monday.", "", "No"),
        (
            "Was the confession ruled admissible?",
            "The judge ruled the confession inadmissible.",
            "",
            "No",
        ),
        # Not guilty of what was asked: of another charge, or beside a "guilty" of it.
        (
            "Did Amsel plead guilty to manslaughter?",
            "Amsel pleaded not guilty to manslaughter.",
            "",
            "No",
        ),
        (
            "Was Rask found guilty of false accounting?",
            "Rask was found not guilty of two counts of fraud and guilty of one count of false "
            "accounting.",
            "",
            "Yes",
        ),
        (
            "Was Rask found guilty of false accounting?",
            "Rask was found not guilty of two counts of fraud.",
            "",
            None,
        ),
        (
            "Did Tarn plead guilty to manslaughter?",
            "Tarn pleaded not guilty to manslaughter but guilty to failing to keep a lookout.",
            "",
            "No",
        ),
        (
            "Did Tarn plead guilty?",
            "Tarn pleaded not guilty to manslaughter but guilty to failing to keep a lookout.",
            "",
            None,
        ),
        (
            "Was Ors found guilty of manslaughter?",
            "Ors was found not guilty of manslaughter at the same trial but guilty of "
            "falsifying the ship's log.",
            "",
            "No",
        ),
    ],
)
def test_a_yes_no_verb_said_of_a_surname_a_pronoun_or_a_client(
    nlp: NlpPipeline, question: str, sentence: str, passage: str, lead: str | None
) -> None:
    """lead.yes-no: the one asked about, called otherwise in the sentence than in the question
    (`_also_called`)."""
    found = bind(parse_question(question, nlp), nlp.parse(sentence), passage=passage)
    assert (found.value if found is not None else None) == lead
    if found is not None:
        assert found.rule == "lead.yes-no"
