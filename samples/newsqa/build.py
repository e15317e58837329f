"""Writes articles.jsonl and questions.json: newsbot's own QA set (fictional reports).

Kept as a script so the set stays readable and easy to extend; run it after editing.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent

# (url slug, title, source, date, body)
ARTICLES = [
    (
        "harbour-strike",
        "Dock workers end nine-day strike at Port Halden",
        "Coastal Courier",
        "2024-03-04",
        "Dock workers at Port Halden returned to work on Monday after a nine-day strike. "
        "The union and the port authority agreed on a pay rise of 6 percent over two years. "
        "Union leader Tomas Berg called the deal a fair outcome for both sides. "
        "About 140 container ships had queued outside the harbour during the stoppage.",
    ),
    (
        "vineyard-frost",
        "Late frost damages northern vineyards",
        "Valley Gazette",
        "2024-04-18",
        "A late frost damaged about a third of the vines in the Orlen valley on Tuesday night. "
        "Growers lit paraffin candles between the rows to protect the young buds. "
        "The regional wine board estimated losses at 12 million euros. "
        "Winemaker Ilse Brandt said the 2024 vintage would be the smallest in two decades.",
    ),
    (
        "library-archive",
        "City library opens digital newspaper archive",
        "Coastal Courier",
        "2024-05-20",
        "The Halden city library opened a digital archive of local newspapers going back to 1850. "
        "Archivist Jonas Lind said volunteers scanned more than 90,000 pages over three years. "
        "The archive is free to search online and includes the lost Harbour Herald. "
        "The project was funded by a grant of 400,000 euros from the Nordhaven Foundation.",
    ),
    (
        "tram-line",
        "Council approves new tram line to the airport",
        "Metro Daily",
        "2024-02-12",
        "The Rivermouth city council approved a new tram line linking the central station to the airport. "
        "The line will be 14 kilometres long and have nine stops. "
        "Construction is due to start in autumn 2025 and cost 610 million euros. "
        "Councillor Amal Haddad said the tram would take 20,000 cars off the roads each day.",
    ),
    (
        "solar-farm",
        "Largest solar farm in the region connects to the grid",
        "Energy Week",
        "2024-06-07",
        "The Kessler Flats solar farm was connected to the national grid on Friday. "
        "Its 410,000 panels can power around 95,000 homes. "
        "The farm was built by Helio Nord, a company based in Rivermouth. "
        "Local farmers lease the land and graze sheep between the panel rows.",
    ),
    (
        "hospital-wait",
        "Emergency waits fall at St Aldric hospital",
        "Metro Daily",
        "2024-07-01",
        "Average waiting times at the St Aldric hospital emergency department fell to 2 hours and 10 minutes in June. "
        "A year earlier patients waited almost four hours on average. "
        "Hospital director Dr Paula Nemeth credited a new triage system and 35 extra nurses. "
        "The health ministry said it would study the model for other hospitals.",
    ),
    (
        "chip-plant",
        "Chipmaker Veltron picks Rivermouth for new plant",
        "Business Line Today",
        "2024-01-23",
        "The chipmaker Veltron will build a semiconductor plant on the outskirts of Rivermouth. "
        "The company said the plant would employ 2,300 people when it opens in 2027. "
        "Veltron chief executive Mira Solberg said the region's engineering schools decided the choice. "
        "The government will contribute 900 million euros in subsidies.",
    ),
    (
        "chip-plant-protest",
        "Residents question water use of planned chip plant",
        "Valley Gazette",
        "2024-03-15",
        "Residents near Rivermouth protested on Saturday against the water demand of the planned Veltron plant. "
        "The plant would draw up to 18 million litres of water a day from the Orlen river. "
        "Veltron said it would recycle 80 percent of the water it uses. "
        "Environmental group Clear Orlen asked for an independent study.",
    ),
    (
        "football-final",
        "Halden United win the cup after penalty shoot-out",
        "Sport Review",
        "2024-05-26",
        "Halden United won the national cup on Sunday, beating Rivermouth Athletic 5-4 on penalties. "
        "The final ended 1-1 after extra time. "
        "Goalkeeper Lukas Varga saved two penalties in the shoot-out. "
        "It is the club's first cup title since 1998.",
    ),
    (
        "marathon-record",
        "Course record falls at the Rivermouth marathon",
        "Sport Review",
        "2024-04-07",
        "Kenyan runner Faith Cherono won the Rivermouth marathon in 2 hours 19 minutes and 48 seconds, a course record. "
        "The men's race was won by Ethiopian Abebe Tadesse. "
        "More than 14,000 runners finished the race in warm weather. "
        "Organisers added four extra water stations because of the heat.",
    ),
    (
        "bank-rates",
        "Central bank holds interest rate at 3.75 percent",
        "Business Line Today",
        "2024-06-13",
        "The central bank kept its main interest rate at 3.75 percent on Thursday. "
        "Governor Henrik Aas said inflation had fallen to 2.9 percent in May but services prices were still rising. "
        "Most economists expect a first cut in September. "
        "The currency weakened slightly after the announcement.",
    ),
    (
        "housing-prices",
        "House prices rise for third month",
        "Business Line Today",
        "2024-07-09",
        "Average house prices rose 0.8 percent in June, the third monthly increase in a row. "
        "The average home now costs 312,000 euros. "
        "Estate agents said lower mortgage rates were bringing first-time buyers back. "
        "Prices in Rivermouth rose faster than in the rest of the country.",
    ),
    (
        "museum-theft",
        "Medieval crown stolen from Halden museum",
        "Coastal Courier",
        "2024-08-02",
        "Thieves stole a gilded medieval crown from the Halden Maritime Museum early on Thursday. "
        "Police said the thieves entered through a roof window and were inside for less than six minutes. "
        "The crown, known as the Crown of Edda, is insured for 3 million euros. "
        "Detective Inspector Sanna Kivi asked witnesses to come forward.",
    ),
    (
        "museum-crown-found",
        "Stolen Crown of Edda found in a garage",
        "Metro Daily",
        "2024-08-19",
        "Police recovered the Crown of Edda, stolen from the Halden Maritime Museum, in a garage in Rivermouth. "
        "Two men aged 34 and 41 were arrested. "
        "The crown was slightly damaged but restorers said it can be repaired. "
        "Detective Inspector Sanna Kivi thanked a neighbour who reported a suspicious van.",
    ),
    (
        "wildfire",
        "Wildfire forces evacuation of three villages",
        "Valley Gazette",
        "2024-08-11",
        "A wildfire in the Brenn hills forced the evacuation of three villages on Sunday. "
        "About 1,200 residents spent the night in school gyms. "
        "Strong winds spread the fire over 2,600 hectares of forest. "
        "Firefighters from four regions and two water-bombing planes fought the blaze.",
    ),
    (
        "election-result",
        "Greens win Rivermouth mayoral election",
        "Metro Daily",
        "2024-09-30",
        "Green candidate Lea Moreau won the Rivermouth mayoral election with 52 percent of the vote. "
        "Turnout was 61 percent, up from 54 percent four years ago. "
        "Moreau promised to speed up the airport tram line and build 3,000 affordable homes. "
        "Outgoing mayor Karl Steen congratulated her on election night.",
    ),
    (
        "ferry-route",
        "New ferry route links Halden and Skarvik",
        "Coastal Courier",
        "2024-06-21",
        "A new ferry route between Halden and the island town of Skarvik started on Friday. "
        "The crossing takes 75 minutes and there are four departures a day in summer. "
        "The ferry, named Nordlys, runs on batteries charged with wind power. "
        "A return ticket costs 38 euros for adults.",
    ),
    (
        "bird-count",
        "Volunteers count record number of cranes",
        "Valley Gazette",
        "2024-10-14",
        "Volunteers counted 8,400 common cranes resting in the Orlen wetlands during the autumn migration. "
        "That is the highest number since counts began in 1979. "
        "Ornithologist Dr Piet Hallam said wetter summers had improved the feeding grounds. "
        "The wetlands were declared a nature reserve in 2001.",
    ),
    (
        "startup-funding",
        "Rivermouth start-up Loomly raises 45 million euros",
        "Tech Brief",
        "2024-09-05",
        "Loomly, a Rivermouth start-up that makes software for textile factories, raised 45 million euros. "
        "The funding round was led by the investment firm Norrvik Capital. "
        "Founder Ada Okoro said the money would pay for offices in Vietnam and Portugal. "
        "Loomly has 160 employees and was founded in 2019.",
    ),
    (
        "data-breach",
        "Ticket seller Tixo admits data breach",
        "Tech Brief",
        "2024-10-22",
        "The ticket seller Tixo said hackers had accessed the personal data of 1.4 million customers. "
        "The stolen data included names, email addresses and the last four digits of card numbers. "
        "Tixo said passwords were not affected but urged customers to watch for phishing emails. "
        "The data protection authority has opened an investigation.",
    ),
    (
        "data-breach-fine",
        "Regulator fines Tixo over data breach",
        "Business Line Today",
        "2024-12-03",
        "The data protection authority fined the ticket seller Tixo 7.5 million euros over its data breach. "
        "The regulator said Tixo had failed to patch a known flaw in its payment software for five months. "
        "Tixo said it would appeal the decision. "
        "It is the largest fine the authority has issued.",
    ),
    (
        "school-meals",
        "Free school meals extended to all primary pupils",
        "Metro Daily",
        "2024-11-08",
        "The government will extend free school meals to all primary school pupils from next August. "
        "The measure will cost about 480 million euros a year. "
        "Education minister Johan Lindqvist said it would help families with rising food prices. "
        "Teachers' unions welcomed the plan but asked for better kitchens in older schools.",
    ),
]

S = "https://news.example/"

# (question, expected answer or None, [evidence sentences], answerable)
QUESTIONS = [
    (
        "How many days did the Port Halden strike last?",
        "nine-day",
        ["returned to work on Monday after a nine-day strike"],
        True,
    ),
    (
        "What pay rise did the Port Halden dock workers get?",
        "6 percent",
        ["agreed on a pay rise of 6 percent over two years"],
        True,
    ),
    (
        "How many container ships queued outside the harbour during the strike?",
        "140",
        ["About 140 container ships had queued outside the harbour"],
        True,
    ),
    ("What did the port authority spend on new cranes after the strike?", None, [], False),
    (
        "How much of the Orlen valley vines did the frost damage?",
        "a third",
        ["A late frost damaged about a third of the vines"],
        True,
    ),
    (
        "How did growers protect the buds from the frost?",
        "candles",
        ["Growers lit paraffin candles between the rows"],
        True,
    ),
    (
        "What were the frost losses estimated at?",
        "12 million euros",
        ["estimated losses at 12 million euros"],
        True,
    ),
    ("Which grape variety suffered most from the frost?", None, [], False),
    (
        "How many pages did the library volunteers scan?",
        "90,000",
        ["volunteers scanned more than 90,000 pages"],
        True,
    ),
    (
        "Who funded the digital newspaper archive?",
        "Nordhaven Foundation",
        ["funded by a grant of 400,000 euros from the Nordhaven Foundation"],
        True,
    ),
    ("How far back does the newspaper archive go?", "1850", ["going back to 1850"], True),
    (
        "How long will the airport tram line be?",
        "14 kilometres",
        ["The line will be 14 kilometres long and have nine stops"],
        True,
    ),
    (
        "How much will the airport tram line cost?",
        "610 million euros",
        ["cost 610 million euros"],
        True,
    ),
    (
        "How many cars will the tram take off the roads each day?",
        "20,000",
        ["would take 20,000 cars off the roads each day"],
        True,
    ),
    ("What will a single tram ticket to the airport cost?", None, [], False),
    (
        "How many homes can the Kessler Flats solar farm power?",
        "95,000",
        ["can power around 95,000 homes"],
        True,
    ),
    (
        "Which company built the Kessler Flats solar farm?",
        "Helio Nord",
        ["The farm was built by Helio Nord"],
        True,
    ),
    (
        "What animals graze between the solar panels?",
        "sheep",
        ["graze sheep between the panel rows"],
        True,
    ),
    ("How many wind turbines were built next to the solar farm?", None, [], False),
    (
        "What was the average emergency waiting time at St Aldric in June?",
        "2 hours and 10 minutes",
        ["fell to 2 hours and 10 minutes in June"],
        True,
    ),
    (
        "What did the hospital director credit for the shorter waits?",
        "triage",
        ["credited a new triage system and 35 extra nurses"],
        True,
    ),
    ("How many beds does the St Aldric hospital have?", None, [], False),
    (
        "How many people will the Veltron plant employ?",
        "2,300",
        ["would employ 2,300 people when it opens in 2027"],
        True,
    ),
    (
        "How much will the government contribute to the Veltron plant?",
        "900 million euros",
        ["The government will contribute 900 million euros in subsidies"],
        True,
    ),
    (
        "How much water would the Veltron plant draw each day?",
        "18 million litres",
        ["draw up to 18 million litres of water a day from the Orlen river"],
        True,
    ),
    (
        "What share of its water does Veltron say it will recycle?",
        "80 percent",
        ["recycle 80 percent of the water it uses"],
        True,
    ),
    (
        "Which group asked for an independent study of the chip plant?",
        "Clear Orlen",
        ["Environmental group Clear Orlen asked for an independent study"],
        True,
    ),
    ("What did the Veltron plant's environmental permit say about air pollution?", None, [], False),
    (
        "Who won the national cup final?",
        "Halden United",
        ["Halden United won the national cup on Sunday"],
        True,
    ),
    (
        "How many penalties did Lukas Varga save?",
        "two",
        ["saved two penalties in the shoot-out"],
        True,
    ),
    (
        "When did Halden United last win the cup before this final?",
        "1998",
        ["first cup title since 1998"],
        True,
    ),
    ("Who scored Rivermouth Athletic's goal in the cup final?", None, [], False),
    (
        "Who won the women's race at the Rivermouth marathon?",
        "Faith Cherono",
        ["Faith Cherono won the Rivermouth marathon"],
        True,
    ),
    (
        "How many runners finished the Rivermouth marathon?",
        "14,000",
        ["More than 14,000 runners finished the race"],
        True,
    ),
    (
        "Why did organisers add extra water stations at the marathon?",
        "heat",
        ["added four extra water stations because of the heat"],
        True,
    ),
    ("How much prize money did the marathon winner receive?", None, [], False),
    (
        "At what level did the central bank hold its interest rate?",
        "3.75 percent",
        ["kept its main interest rate at 3.75 percent"],
        True,
    ),
    (
        "What was inflation in May according to the central bank governor?",
        "2.9 percent",
        ["inflation had fallen to 2.9 percent in May"],
        True,
    ),
    (
        "When do economists expect the first rate cut?",
        "September",
        ["Most economists expect a first cut in September"],
        True,
    ),
    (
        "How much did average house prices rise in June?",
        "0.8 percent",
        ["rose 0.8 percent in June"],
        True,
    ),
    (
        "How much does the average home cost?",
        "312,000 euros",
        ["The average home now costs 312,000 euros"],
        True,
    ),
    ("How many homes were sold in June?", None, [], False),
    (
        "What was stolen from the Halden Maritime Museum?",
        "Crown of Edda",
        [
            "stole a gilded medieval crown from the Halden Maritime Museum",
            "The crown, known as the Crown of Edda",
        ],
        True,
    ),
    (
        "How did the thieves enter the museum?",
        "roof window",
        ["entered through a roof window"],
        True,
    ),
    (
        "Where was the stolen crown found?",
        "garage",
        [
            "recovered the Crown of Edda, stolen from the Halden Maritime Museum, in a garage in Rivermouth"
        ],
        True,
    ),
    (
        "How many men were arrested over the crown theft?",
        "Two",
        ["Two men aged 34 and 41 were arrested"],
        True,
    ),
    (
        "Which detective led the crown theft investigation, according to both the Coastal Courier and Metro Daily?",
        "Sanna Kivi",
        [
            "Detective Inspector Sanna Kivi asked witnesses to come forward",
            "Detective Inspector Sanna Kivi thanked a neighbour",
        ],
        True,
    ),
    ("What sentence did the crown thieves receive?", None, [], False),
    (
        "How many villages were evacuated because of the wildfire?",
        "three",
        ["forced the evacuation of three villages"],
        True,
    ),
    (
        "How many hectares did the Brenn hills fire burn?",
        "2,600",
        ["spread the fire over 2,600 hectares of forest"],
        True,
    ),
    ("What caused the Brenn hills wildfire?", None, [], False),
    (
        "Who won the Rivermouth mayoral election?",
        "Lea Moreau",
        ["Green candidate Lea Moreau won the Rivermouth mayoral election"],
        True,
    ),
    (
        "What was the turnout in the Rivermouth mayoral election?",
        "61 percent",
        ["Turnout was 61 percent"],
        True,
    ),
    (
        "How many affordable homes did Lea Moreau promise?",
        "3,000",
        ["build 3,000 affordable homes"],
        True,
    ),
    (
        "Did the tram line approved by the council in February feature in the mayoral campaign in September?",
        "tram",
        [
            "approved a new tram line linking the central station to the airport",
            "promised to speed up the airport tram line",
        ],
        True,
    ),
    ("How many votes did Karl Steen receive?", None, [], False),
    (
        "How long does the Halden to Skarvik ferry crossing take?",
        "75 minutes",
        ["The crossing takes 75 minutes"],
        True,
    ),
    (
        "What powers the Nordlys ferry?",
        "batteries",
        ["runs on batteries charged with wind power"],
        True,
    ),
    (
        "How much is a return ferry ticket for adults?",
        "38 euros",
        ["A return ticket costs 38 euros for adults"],
        True,
    ),
    (
        "How many cranes did volunteers count in the Orlen wetlands?",
        "8,400",
        ["counted 8,400 common cranes"],
        True,
    ),
    ("When did the crane counts begin?", "1979", ["since counts began in 1979"], True),
    ("How many storks were counted in the wetlands?", None, [], False),
    ("How much money did Loomly raise?", "45 million euros", ["raised 45 million euros"], True),
    (
        "Which firm led Loomly's funding round?",
        "Norrvik Capital",
        ["led by the investment firm Norrvik Capital"],
        True,
    ),
    ("Where will Loomly open new offices?", "Vietnam", ["offices in Vietnam and Portugal"], True),
    ("What is Loomly's annual revenue?", None, [], False),
    (
        "How many Tixo customers were affected by the data breach?",
        "1.4 million",
        ["accessed the personal data of 1.4 million customers"],
        True,
    ),
    (
        "Were Tixo customers' passwords stolen?",
        "passwords were not affected",
        ["passwords were not affected"],
        True,
    ),
    (
        "How much was Tixo fined over its data breach?",
        "7.5 million euros",
        ["fined the ticket seller Tixo 7.5 million euros"],
        True,
    ),
    (
        "Which company was reported by Tech Brief to have lost customer data and later fined by the regulator according to Business Line Today?",
        "Tixo",
        [
            "accessed the personal data of 1.4 million customers",
            "fined the ticket seller Tixo 7.5 million euros",
        ],
        True,
    ),
    ("Which hacker group claimed the Tixo breach?", None, [], False),
    (
        "How much will free school meals for primary pupils cost each year?",
        "480 million euros",
        ["cost about 480 million euros a year"],
        True,
    ),
    (
        "What did teachers' unions ask for?",
        "better kitchens",
        ["asked for better kitchens in older schools"],
        True,
    ),
    ("Which supermarket chain will supply the school meals?", None, [], False),
    (
        "Who captured Saraqeb?",
        "insurgents",
        ["insurgents detonated car bombs on Aleppo's western edge and seized Saraqeb"],
        True,
    ),
    (
        "How many people were killed when projectiles landed in Aleppo's university?",
        "four",
        ["killing four people, including two students"],
        True,
    ),
    (
        "Which group led the insurgent advances in Syria?",
        "Hayat Tahrir al-Sham",
        ["led by Hayat Tahrir al-Sham (HTS)"],
        True,
    ),
    (
        "How many locations did insurgents control across Aleppo and Idlib provinces?",
        "70",
        ["controlled 70 locations across Aleppo and Idlib provinces"],
        True,
    ),
    (
        "What did the Kremlin call the attack on Aleppo?",
        "sovereignty violation",
        ["the Kremlin condemned the attack as a sovereignty violation"],
        True,
    ),
    (
        "What did the insurgents destroy at an airbase southeast of Aleppo?",
        "helicopter",
        ["destroyed a military helicopter at an airbase southeast of Aleppo"],
        True,
    ),
    ("How many refugees crossed into Turkey during the Aleppo offensive?", None, [], False),
]


def main() -> None:
    with (HERE / "articles.jsonl").open("w", encoding="utf-8") as out:
        for slug, title, source, day, body in ARTICLES:
            out.write(
                json.dumps(
                    {
                        "url": S + slug,
                        "title": title,
                        "source": source,
                        "published_at": day,
                        "body": body,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    items = [
        {"id": str(n), "question": q, "answer": a, "evidence": ev, "answerable": ok}
        for n, (q, a, ev, ok) in enumerate(QUESTIONS, start=1)
    ]
    about = (
        "newsbot's own QA set: fictional news reports written for this project plus the "
        "bundled Aleppo sample article. Ingest articles.jsonl and ../articles/."
    )
    (HERE / "questions.json").write_text(
        json.dumps({"about": about, "queries": items}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    print(
        f"{len(ARTICLES)} articles, {len(items)} questions "
        f"({sum(1 for i in items if not i['answerable'])} unanswerable)"
    )


if __name__ == "__main__":
    main()
