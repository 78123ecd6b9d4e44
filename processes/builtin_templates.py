"""The three meeting templates that come with Samskab, in Danish, Swedish and English.

Written for Samskab: a knowledge and framing meeting, an idea workshop with Open Space, and a
refinement workshop. Loaded by migration 0002 and brought up to date by later ones: a
migration reads this module when it runs, so an edit here reaches existing databases through
a new migration that loads the built-in templates again.
"""

KNOWLEDGE = "knowledge-meeting"
IDEA_WORKSHOP = "idea-workshop"
REFINEMENT = "refinement-workshop"

_SETUPS = {
    KNOWLEDGE: {
        "meeting_type": "dialogue_meeting",
        "phases": ["knowledge", "ideas"],
        "vote_budget": 5,
        "max_votes_per_idea": 2,
        "anonymous_allowed": True,
        "credit_participants": False,
        "use_spaces": False,
        "locations": [],
        "slots": [],
    },
    IDEA_WORKSHOP: {
        "meeting_type": "workshop",
        "phases": ["knowledge", "ideas", "clustering", "voting"],
        "vote_budget": 5,
        "max_votes_per_idea": 2,
        "anonymous_allowed": True,
        "credit_participants": False,
        "use_spaces": True,
    },
    REFINEMENT: {
        "meeting_type": "workshop",
        "phases": ["refinement"],
        "vote_budget": 3,
        "max_votes_per_idea": 1,
        "anonymous_allowed": False,
        "credit_participants": True,
        "use_spaces": False,
        "locations": [],
        "slots": [],
    },
}

_TEXTS = {
    "da": {
        KNOWLEDGE: {
            "name": "Videns- og rammemøde",
            "description": (
                "Et første møde med nøglepersoner: vi samler det, vi ved, og det, der allerede "
                "findes, og sætter rammen for forløbet. Faser: viden og idéer."
            ),
            "title": "Videns- og rammemøde",
            "question": "Hvad ved vi om udfordringen, og hvad skal forløbet kunne?",
            "cards": [
                (
                    "fact",
                    "Hvorfor vi mødes",
                    "Kommunen og foreningerne vil løse opgaven sammen. "
                    "I dag samler vi viden, før vi inviterer bredt til idéværksteder.",
                ),
                (
                    "question",
                    "Hvem mærker udfordringen?",
                    "Hvem mærker den mest i hverdagen, og hvem er svære at nå?",
                ),
                (
                    "question",
                    "Hvad findes allerede?",
                    "Hvilke aktiviteter, fællesskaber og erfaringer kan vi bygge videre på?",
                ),
                (
                    "question",
                    "Hvem skal med?",
                    "Hvilke foreninger, frivillige og afdelinger bør "
                    "inviteres til idéværkstederne?",
                ),
            ],
        },
        IDEA_WORKSHOP: {
            "name": "Idéværksted med Open Space",
            "description": (
                "Et lokalt værksted for foreninger og frivillige: deltagerne sætter selv emner "
                "på dagsordenen, skriver idéer, samler dem i temaer og prioriterer med prikker."
            ),
            "title": "Idéværksted",
            "question": "Hvordan kan vi sammen gøre en forskel her, hvor vi bor?",
            "cards": [
                (
                    "fact",
                    "Sådan foregår Open Space",
                    "Alle kan foreslå et emne og være vært ved "
                    "et bord. Gå derhen, hvor du bidrager og lærer mest.",
                ),
                (
                    "question",
                    "Hvad virker allerede?",
                    "Fortæl om noget, der allerede virker hos jer, som andre kan lære af.",
                ),
                (
                    "question",
                    "Hvad kunne vi gøre sammen?",
                    "Hvad kunne jeres forening gøre sammen med andre eller med kommunen?",
                ),
            ],
            "locations": ["Bord 1", "Bord 2", "Bord 3", "Bord 4"],
            "slots": ["Runde 1", "Runde 2"],
        },
        REFINEMENT: {
            "name": "Konkretiseringsværksted",
            "description": (
                "Frivillige og medarbejdere gør de bedste idéer fra idéværkstederne konkrete: "
                "hvad skal gøres, hvem gør det, hvornår, og hvad er første skridt."
            ),
            "title": "Konkretiseringsværksted",
            "question": "Hvordan gør vi de udvalgte idéer til initiativer, der bliver til noget?",
            "cards": [
                (
                    "fact",
                    "Fra idé til initiativ",
                    "Vi arbejder i grupper om de idéer, der fik flest prikker. "
                    "Hver gruppe udfylder indsats, formål, aktører og første skridt.",
                ),
                (
                    "question",
                    "Hvem tager det første skridt?",
                    "Hvem gør hvad inden for den næste måned?",
                ),
            ],
        },
    },
    "sv": {
        KNOWLEDGE: {
            "name": "Kunskaps- och ramverksmöte",
            "description": (
                "Ett första möte med nyckelpersoner: vi samlar det vi vet och det som redan "
                "finns, och sätter ramarna för processen. Faser: kunskap och idéer."
            ),
            "title": "Kunskaps- och ramverksmöte",
            "question": "Vad vet vi om utmaningen, och vad ska processen åstadkomma?",
            "cards": [
                (
                    "fact",
                    "Varför vi träffas",
                    "Kommunen och föreningarna vill lösa uppgiften "
                    "tillsammans. I dag samlar vi kunskap innan vi bjuder in brett till "
                    "idéverkstäder.",
                ),
                (
                    "question",
                    "Vem märker utmaningen?",
                    "Vem märker den mest i vardagen, och vem är svår att nå?",
                ),
                (
                    "question",
                    "Vad finns redan?",
                    "Vilka aktiviteter, gemenskaper och erfarenheter kan vi bygga vidare på?",
                ),
                (
                    "question",
                    "Vem ska vara med?",
                    "Vilka föreningar, volontärer och "
                    "förvaltningar bör bjudas in till idéverkstäderna?",
                ),
            ],
        },
        IDEA_WORKSHOP: {
            "name": "Idéverkstad med Open Space",
            "description": (
                "En lokal verkstad för föreningar och volontärer: deltagarna sätter själva "
                "ämnen på dagordningen, skriver idéer, samlar dem i teman och prioriterar med "
                "prickar."
            ),
            "title": "Idéverkstad",
            "question": "Hur kan vi tillsammans göra skillnad här där vi bor?",
            "cards": [
                (
                    "fact",
                    "Så går Open Space till",
                    "Alla kan föreslå ett ämne och vara värd vid "
                    "ett bord. Gå dit där du bidrar och lär dig mest.",
                ),
                (
                    "question",
                    "Vad fungerar redan?",
                    "Berätta om något som redan fungerar hos er och som andra kan lära av.",
                ),
                (
                    "question",
                    "Vad kan vi göra tillsammans?",
                    "Vad kan er förening göra tillsammans med andra eller med kommunen?",
                ),
            ],
            "locations": ["Bord 1", "Bord 2", "Bord 3", "Bord 4"],
            "slots": ["Omgång 1", "Omgång 2"],
        },
        REFINEMENT: {
            "name": "Konkretiseringsverkstad",
            "description": (
                "Volontärer och medarbetare gör de bästa idéerna från idéverkstäderna konkreta: "
                "vad ska göras, vem gör det, när, och vad är första steget."
            ),
            "title": "Konkretiseringsverkstad",
            "question": "Hur gör vi de utvalda idéerna till initiativ som blir av?",
            "cards": [
                (
                    "fact",
                    "Från idé till initiativ",
                    "Vi arbetar i grupper med de idéer som fick "
                    "flest prickar. Varje grupp fyller i insats, syfte, aktörer och första steg.",
                ),
                ("question", "Vem tar första steget?", "Vem gör vad inom den närmaste månaden?"),
            ],
        },
    },
    "en": {
        KNOWLEDGE: {
            "name": "Knowledge and framing meeting",
            "description": (
                "A first meeting with key people: gather what we know and what already exists, "
                "and set the frame for the process. Phases: knowledge and ideas."
            ),
            "title": "Knowledge and framing meeting",
            "question": "What do we know about the challenge, and what should the process achieve?",
            "cards": [
                (
                    "fact",
                    "Why we meet",
                    "The municipality and the associations want to take on "
                    "the task together. Today we gather knowledge before inviting everyone to idea "
                    "workshops.",
                ),
                (
                    "question",
                    "Who feels the challenge?",
                    "Who feels it most in everyday life, and who is hard to reach?",
                ),
                (
                    "question",
                    "What already exists?",
                    "Which activities, communities and experiences can we build on?",
                ),
                (
                    "question",
                    "Who should take part?",
                    "Which associations, volunteers and "
                    "departments should we invite to the idea workshops?",
                ),
            ],
        },
        IDEA_WORKSHOP: {
            "name": "Idea workshop with Open Space",
            "description": (
                "A local workshop for associations and volunteers: participants put their own "
                "topics on the agenda, write ideas, gather them into themes and prioritise "
                "with dots."
            ),
            "title": "Idea workshop",
            "question": "How can we make a difference together, here where we live?",
            "cards": [
                (
                    "fact",
                    "How Open Space works",
                    "Anyone can propose a topic and host a table. "
                    "Go where you contribute and learn the most.",
                ),
                (
                    "question",
                    "What already works?",
                    "Tell us about something that already works "
                    "for you and that others can learn from.",
                ),
                (
                    "question",
                    "What could we do together?",
                    "What could your association do together with others or with the municipality?",
                ),
            ],
            "locations": ["Table 1", "Table 2", "Table 3", "Table 4"],
            "slots": ["Round 1", "Round 2"],
        },
        REFINEMENT: {
            "name": "Refinement workshop",
            "description": (
                "Volunteers and staff make the best ideas from the idea workshops concrete: what "
                "to do, who does it, when, and what the first step is."
            ),
            "title": "Refinement workshop",
            "question": "How do we turn the chosen ideas into initiatives that happen?",
            "cards": [
                (
                    "fact",
                    "From idea to initiative",
                    "We work in groups on the ideas with the "
                    "most dots. Each group fills in the intervention, purpose, actors and first "
                    "step.",
                ),
                ("question", "Who takes the first step?", "Who does what within the next month?"),
            ],
        },
    },
}


def builtin_templates() -> list[dict]:
    """Every built-in template as the fields of a MeetingTemplate row."""
    rows = []
    for language, templates in _TEXTS.items():
        for key, text in templates.items():
            setup = {
                "version": 1,
                "locations": [],
                "slots": [],
                **_SETUPS[key],
                "title": text["title"],
                "question": text["question"],
                "cards": [
                    {"kind": kind, "title": title, "body": body}
                    for kind, title, body in text["cards"]
                ],
            }
            if "locations" in text:
                setup["locations"], setup["slots"] = text["locations"], text["slots"]
            rows.append(
                {
                    "key": key,
                    "language": language,
                    "name": text["name"],
                    "description": text["description"],
                    "setup": setup,
                }
            )
    return rows
