"""Word lists for the synthetic demo data. Every organisation name is invented."""

GOVERNMENT = (
    ("BZ", "Ministerie van Buitenlandse Zaken", "ministry"),
    ("DEF", "Ministerie van Defensie", "ministry"),
    ("JENV", "Ministerie van Justitie en Veiligheid", "ministry"),
    ("OCW", "Ministerie van Onderwijs, Cultuur en Wetenschap", "ministry"),
    ("WOMEN", "WO=MEN Dutch Gender Platform", "cso"),
)

# Invented first and second halves of names, mixed to make ~70 fictional signatories.
CSO_FIRST = (
    "Zilveren Brug", "Vredesstem", "Lotus", "Horizon", "Kompas", "Brugwachters",
    "Sterke Stemmen", "Open Deur", "Dageraad", "Wilgenhof", "Klaproos", "Noorderlicht",
    "Kraanvogel", "Zeven Rivieren",
    "Olijftak", "Gedeelde Grond", "Lichtbaken", "Meridiaan", "Veerkracht", "Ankerpunt",
    "Samenklank", "Boomgaard", "Windroos", "Heldere Blik", "Vrije Vleugels", "Tegenwind",
    "Zaaigoed", "Middenweg", "Oosterpoort", "Blauwe Tafel", "Amber", "Sterrenwacht",
)  # fmt: skip
CSO_KIND = (
    "Stichting {}",
    "{} Foundation",
    "Platform {}",
    "Netwerk {}",
    "{} Collectief",
    "Vereniging {}",
    "{} Alliance",
    "{} Initiative",
)
KNOWLEDGE = (
    "Instituut voor Vredesstudies {}",
    "{} Centre for Gender and Security",
    "Kenniscentrum {}",
    "{} Research Group",
)

# Activity titles per UN WPS pillar (the framework's goal pillars), Dutch and English;
# "{}" is the activity's first country, or the Netherlands for national work.
ACTIVITY_TOPICS = {
    "participation": (
        ("Leiderschapsprogramma voor vrouwen in {}",
         "Leadership programme for women in {}"),
        ("Mediationtraining voor vrouwelijke vredesbemiddelaars",
         "Mediation training for women peacebuilders"),
        ("Steun aan vrouwenorganisaties in vredesoverleg",
         "Support to women's organisations in peace talks"),
        ("Mentorschap jonge vrouwen in diplomatie",
         "Mentoring young women in diplomacy"),
        ("Vrouwen in lokale vredescomités in {}",
         "Women in local peace committees in {}"),
    ),
    "prevention": (
        ("Vroegsignalering van conflict met vrouwennetwerken",
         "Early warning with women's networks"),
        ("Preventie van gewelddadig extremisme in {}",
         "Preventing violent extremism in {}"),
        ("Gendersensitieve conflictanalyse",
         "Gender-sensitive conflict analysis"),
        ("Dialoogtafels over veiligheid in {}",
         "Community dialogues on security in {}"),
    ),
    "protection": (
        ("Opvang en zorg voor overlevenden van seksueel geweld",
         "Care for survivors of sexual violence"),
        ("Training politie en justitie in de aanpak van SGBV",
         "Training police and justice on SGBV"),
        ("Juridische bijstand voor vrouwen in {}",
         "Legal aid for women in {}"),
        ("Bescherming van vrouwelijke mensenrechtenverdedigers",
         "Protecting women human rights defenders"),
        ("Veilige meldpunten voor gendergerelateerd geweld in {}",
         "Safe reporting points for gender-based violence in {}"),
    ),
    "relief_recovery": (
        ("Economisch herstel voor vrouwen na conflict in {}",
         "Economic recovery for women after conflict in {}"),
        ("Genderanalyse in humanitaire programma's",
         "Gender analysis in humanitarian programmes"),
        ("Psychosociale steun in vluchtelingenkampen",
         "Psychosocial support in refugee camps"),
        ("Wederopbouw met vrouwelijke ondernemers in {}",
         "Reconstruction with women entrepreneurs in {}"),
    ),
    "cross_cutting": (
        ("Gendertraining voor medewerkers",
         "Gender training for staff"),
        ("Genderlens in beleidsevaluaties",
         "Gender lens in policy evaluations"),
        ("Gendercoaches in missies",
         "Gender advisers in missions"),
        ("Lesmateriaal over vrouwen, vrede en veiligheid",
         "Teaching material on women, peace and security"),
        ("Genderbudgettering in de eigen begroting",
         "Gender budgeting in the organisation's own budget"),
    ),
}  # fmt: skip

# Conflict-affected countries where Dutch WPS work abroad typically takes place.
FOREIGN_COUNTRIES = (
    "AF", "CD", "SS", "SD", "SY", "IQ", "YE", "ML", "NE", "BF", "NG", "SO", "ET", "UA",
    "PS", "LB", "CO", "MM", "CF", "BI", "LY", "MZ", "JO", "KE", "UG",
)  # fmt: skip

PARTNERS = (
    "UN Women",
    "UNFPA",
    "lokale vrouwenorganisaties",
    "lokale partnerorganisatie",
    "gemeenten",
    "politieacademie",
    "universiteiten",
    "ngo-netwerk",
)

NARRATIVE = {
    "highlights": (
        ("Meer vrouwen namen deel aan lokale vredesoverleggen dan gepland.",
         "More women took part in local peace dialogues than planned."),
        ("Een nieuw netwerk van vrouwelijke bemiddelaars is actief.",
         "A new network of women mediators is active."),
        ("De samenwerking met lokale partners is versterkt.",
         "Cooperation with local partners was strengthened."),
    ),
    "challenges": (
        ("De veiligheidssituatie beperkte het veldwerk.",
         "The security situation limited fieldwork."),
        ("Financiering voor meerjarige programma's blijft onzeker.",
         "Funding for multi-year programmes remains uncertain."),
        ("Uitsplitsing naar geslacht ontbreekt nog bij partners.",
         "Partners do not yet report data by sex."),
    ),
    "lessons": (
        ("Vroege betrokkenheid van vrouwenorganisaties verhoogt het bereik.",
         "Involving women's organisations early increases reach."),
        ("Gezamenlijke trainingen van ministeries en ngo's werken goed.",
         "Joint trainings of ministries and NGOs work well."),
        ("Korte rapportagelijnen maken bijsturen makkelijker.",
         "Short reporting lines make it easier to adjust course."),
    ),
}  # fmt: skip

# The note on an indicator value that corrects what an earlier return said for that year.
RESTATED_NOTE = (
    "Gecorrigeerd cijfer over {}: vervangt het eerder gerapporteerde.",
    "Corrected figure for {}: replaces the value reported earlier.",
)
