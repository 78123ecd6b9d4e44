"""Workshops in every phase, full of believable content, for looking at every main screen.

`build(...)` runs inside the live server's database (`LiveServer.run_python`, see
`build_showcase`) and creates, per language, one workshop per phase with ideas, an Open Space
agenda, themes, dots, initiatives and a published catalogue, a phone's token for each, and a
signed-in staff facilitator. `main_screens(...)` lists every main screen of a showcase as
(name, path, device, language). The accessibility and language test (test_every_screen.py)
and `make screenshots` (tools/screenshots.py) both walk that list.

The texts are written for Samskab in the three languages, with the long compound words
(Danish, Swedish) that push narrow screens sideways if nothing breaks them.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from tests.live_server import FACILITATOR_PASSWORD, FACILITATOR_USERNAME, LiveServer

PHASES = ["lobby", "knowledge", "ideas", "clustering", "voting", "results", "refinement", "closed"]

CONTENT = {
    "da": {
        "title": "Fællesskaber på tværs af generationsgrænser",
        "question": "Hvordan kan foreninger, frivillige og kommunen sammen skabe flere "
        "fællesskaber på tværs af alder?",
        "facts": [
            ("Alene, men ikke ensom?", "Hver tiende borger over 65 føler sig ofte alene."),
            ("", "Nye frivillige kommer oftest, fordi nogen spurgte dem direkte."),
        ],
        "questions": ["Hvor møder du mennesker i en anden alder end din egen?"],
        "existing": ["Seniordans i idrætshallen hver tirsdag"],
        "themes": ["Mad og fællesskab", "Bevægelse", "Generationsmøder"],
        "ideas": [
            ("Fællesspisning", "Fællesspisning med skolebørn og ældre hver fredag."),
            ("", "Gåture med hunde fra internatet for folk, der bor alene."),
            ("Lektiecafé", "Pensionerede lærere hjælper elever med lektier på biblioteket."),
            ("Reparationscafé", "Unge og ældre reparerer cykler og lamper sammen."),
            ("", "Et kor for bedsteforældre og børnebørn i kulturhuset."),
            ("Fællesskabsambassadører", "Frivillige, der tager nye med til deres første møde."),
            ("Gå og snak", "Gå-og-snak-ture fra sundhedscentret hver morgen."),
            ("", "Havefællesskab ved plejehjemmet, hvor børnehaven også er med."),
            ("Mentorordning", "Erfarne foreningsfolk hjælper nye foreninger i gang."),
            ("", "En fælles aktivitetskalender for alle foreninger i kommunen."),
            ("Madklub", "Madklub for mænd over 70, der gerne vil lære at lave mad."),
            ("Bevægelsesvenner", "Ældre og unge dyrker motion sammen i parken om lørdagen."),
            ("", "Fortællecafé, hvor ældre fortæller om byen, som den var."),
            ("Teknologihjælp", "Gymnasieelever lærer ældre at bruge telefon og MitID."),
        ],
        "topics": ["Sundhedsfremmende fællesskabsaktiviteter", "Fritidsjob til unge"],
        "locations": ["Bord 1", "Bord 2"],
        "slots": ["10.00–10.45", "11.00–11.45"],
        "initiative": {
            "intervention": "Fællesspisning hver fredag i skolens køkken med elever og ældre.",
            "purpose": "Flere ældre får et fast fællesskab, og eleverne lærer at lave mad.",
            "target_group": "Ældre, der bor alene, og elever i 7.–9. klasse.",
        },
        "people": ["Anna", "Bo", "Cecilie", "Dorte"],
    },
    "sv": {
        "title": "Gemenskap över generationsgränserna",
        "question": "Hur kan föreningar, volontärer och kommunen tillsammans skapa fler "
        "gemenskaper över generationsgränser?",
        "facts": [
            ("Ensam men inte ensam?", "Var tionde invånare över 65 känner sig ofta ensam."),
            ("", "Nya volontärer kommer oftast för att någon frågade dem direkt."),
        ],
        "questions": ["Var träffar du människor i en annan ålder än din egen?"],
        "existing": ["Seniordans i idrottshallen varje tisdag"],
        "themes": ["Mat och gemenskap", "Rörelse", "Generationsmöten"],
        "ideas": [
            ("Gemensam middag", "Gemensam middag med skolbarn och äldre varje fredag."),
            ("", "Promenader med hundar från hundstallet för den som bor ensam."),
            ("Läxhjälp", "Pensionerade lärare hjälper elever med läxor på biblioteket."),
            ("Reparationskafé", "Unga och äldre lagar cyklar och lampor tillsammans."),
            ("", "En kör för mor- och farföräldrar och barnbarn i kulturhuset."),
            ("Gemenskapsambassadörer", "Volontärer som följer nya till deras första möte."),
            ("Gå och prata", "Promenadsamtal från hälsocentralen varje morgon."),
            ("", "Odlingslotter vid äldreboendet där förskolan också är med."),
            ("Mentorsprogram", "Erfarna föreningsmänniskor hjälper nya föreningar igång."),
            ("", "En gemensam aktivitetskalender för alla föreningar i kommunen."),
            ("Matklubb", "Matklubb för män över 70 som vill lära sig laga mat."),
            ("Träningskompisar", "Äldre och unga tränar tillsammans i parken på lördagar."),
            ("", "Berättarkafé där äldre berättar om staden som den var."),
            ("Teknikhjälp", "Gymnasieelever lär äldre att använda telefonen och BankID."),
        ],
        "topics": ["Hälsofrämjande gemenskapsaktiviteter", "Fritidsjobb för unga"],
        "locations": ["Bord 1", "Bord 2"],
        "slots": ["10.00–10.45", "11.00–11.45"],
        "initiative": {
            "intervention": "Gemensam middag varje fredag i skolans kök med elever och äldre.",
            "purpose": "Fler äldre får en fast gemenskap och eleverna lär sig laga mat.",
            "target_group": "Äldre som bor ensamma och elever i årskurs 7–9.",
        },
        "people": ["Anna", "Björn", "Cecilia", "Dagny"],
    },
    "en": {
        "title": "Communities across the generations",
        "question": "How can associations, volunteers and the municipality together create "
        "more communities across ages?",
        "facts": [
            ("Alone but not lonely?", "One in ten residents over 65 often feels alone."),
            ("", "New volunteers mostly come because someone asked them directly."),
        ],
        "questions": ["Where do you meet people of another age than your own?"],
        "existing": ["Senior dance in the sports hall every Tuesday"],
        "themes": ["Food and company", "Exercise", "Meeting across ages"],
        "ideas": [
            ("Shared dinners", "Shared dinners with pupils and older people every Friday."),
            ("", "Walks with dogs from the shelter for people who live alone."),
            ("Homework café", "Retired teachers help pupils with homework at the library."),
            ("Repair café", "Young and old repair bikes and lamps together."),
            ("", "A choir for grandparents and grandchildren at the culture house."),
            ("Community ambassadors", "Volunteers who take newcomers to their first meeting."),
            ("Walk and talk", "Walk-and-talk rounds from the health centre every morning."),
            ("", "A garden at the care home that the kindergarten shares."),
            ("Mentoring", "Experienced club people help new associations get going."),
            ("", "One activity calendar for every association in the municipality."),
            ("Cooking club", "A cooking club for men over 70 who want to learn to cook."),
            ("Exercise buddies", "Old and young exercise together in the park on Saturdays."),
            ("", "A story café where older people tell how the town used to be."),
            ("Tech help", "Upper-secondary pupils teach older people to use their phones."),
        ],
        "topics": ["Health-promoting community activities", "Spare-time jobs for young people"],
        "locations": ["Table 1", "Table 2"],
        "slots": ["10:00–10:45", "11:00–11:45"],
        "initiative": {
            "intervention": "Shared dinners every Friday in the school kitchen with pupils.",
            "purpose": "More older people find a steady community; pupils learn to cook.",
            "target_group": "Older people who live alone, and pupils aged 13 to 15.",
        },
        "people": ["Anna", "Ben", "Clara", "Dan"],
    },
}

# Runs in the server's database (manage.py shell): builds the showcase, prints it as JSON.
BUILD = """
from tests.e2e.showcase import build
build({spec!r})
"""


def build(spec: str) -> None:
    """Create the showcase workshops (see the module's docstring) and print them as JSON."""
    from django.contrib.auth import get_user_model

    options = json.loads(spec)
    user_model = get_user_model()
    user = user_model.objects.filter(username=options["username"]).first()
    if user is None:
        user = user_model.objects.create_user(options["username"], password=options["password"])
    user.is_staff = True
    user.save()
    showcase = {"session": signed_in_session(user), "languages": {}}
    for language in options["languages"]:
        showcase["languages"][language] = _build_language(user, language, options["base_url"])
    print(json.dumps(showcase))


def signed_in_session(user) -> str:
    """A session key that signs `user` in, as the login form would (for a browser's cookie)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


def _build_language(user, language: str, base_url: str) -> dict:
    from django.utils import translation

    from ideas.actions.followup import do_publish_catalogue
    from ideas.models import Initiative

    content = CONTENT[language]
    workshops = {}
    with translation.override(language):
        for phase in PHASES:
            workshops[phase] = _workshop_in(phase, user, content, language, base_url)
        closed = workshops["closed"]
        publication = do_publish_catalogue(
            user=user, workshops=[_workshop(closed["code"])], title=content["title"]
        )
        initiative = Initiative.objects.filter(workshop__join_code=closed["code"]).first()
    return {
        "workshops": workshops,
        "publication": publication.token,
        "initiative": initiative.pk,
    }


def _workshop(code: str):
    from workshops.models import Workshop

    return Workshop.objects.get(join_code=code)


def _workshop_in(phase: str, user, content: dict, language: str, base_url: str) -> dict:
    """One workshop taken to `phase` through the actions a facilitator and phones would use."""
    from ideas.actions.ideas import do_submit_idea
    from ideas.actions.initiatives import do_edit_initiative, do_join_initiative, do_promote
    from ideas.actions.themes import do_manage_theme, do_move_idea
    from ideas.actions.votes import do_cast_vote, do_open_voting, do_reveal_voting
    from ideas.models import Theme
    from workshops.actions.base import Actor
    from workshops.actions.cards import do_add_existing_activity, do_create_card
    from workshops.actions.join import do_join
    from workshops.actions.phase import do_change_phase
    from workshops.actions.spaces import do_configure_spaces, do_place_space, do_propose_space
    from workshops.actions.workshop import do_create_workshop
    from workshops.models import Participant

    facilitator = Actor.for_facilitator(user)
    workshop = do_create_workshop(
        actor=facilitator,
        title=content["title"],
        question=content["question"],
        language=language,
        use_spaces=phase in ("ideas", "clustering"),
        base_url=base_url,
    )
    people = []
    for name in content["people"]:
        joined = do_join(workshop=workshop, display_name=name, role=Participant.Role.VOLUNTEER)
        people.append((Actor.for_participant(joined.participant), joined.token))
    me, my_token = people[0]

    def move(target: str):
        nonlocal workshop
        workshop = do_change_phase(
            actor=facilitator, workshop=workshop, target=target, confirmed=True
        )

    order = PHASES.index(phase)
    if order >= 1:
        move("knowledge")
        for title, body in content["facts"]:
            do_create_card(
                actor=facilitator, workshop=workshop, kind="fact", title=title, body=body
            )
        for body in content["questions"]:
            do_create_card(actor=facilitator, workshop=workshop, kind="question", body=body)
        for body in content["existing"]:
            do_add_existing_activity(
                actor=me, workshop=workshop, title="", body=body, client_key=uuid.uuid4()
            )
    if order >= 2:
        move("ideas")
        if workshop.use_spaces:
            for location in content["locations"]:
                do_configure_spaces(
                    actor=facilitator, workshop=workshop, op="add_location", name=location
                )
            for slot in content["slots"]:
                do_configure_spaces(actor=facilitator, workshop=workshop, op="add_slot", name=slot)
            for (host, _token), topic in zip(people[1:], content["topics"], strict=False):
                space, _created = do_propose_space(
                    actor=host, workshop=workshop, topic=topic, client_key=uuid.uuid4()
                )
            do_place_space(
                actor=host,
                workshop=workshop,
                space_id=space.pk,
                location_id=workshop.locations.first().pk,
                slot_id=workshop.slots.first().pk,
            )
        ideas = []
        for index, (title, text) in enumerate(content["ideas"]):
            author = people[index % len(people)][0]
            idea, _created = do_submit_idea(
                actor=author, workshop=workshop, title=title, text=text, client_key=uuid.uuid4()
            )
            ideas.append(idea)
    if order >= 3:
        move("clustering")
        themes = [
            do_manage_theme(actor=facilitator, workshop=workshop, op="create", name=name)
            for name in content["themes"]
        ]
        for index, idea in enumerate(ideas[:-3]):
            do_move_idea(
                actor=facilitator,
                workshop=workshop,
                idea_id=idea.pk,
                theme_id=themes[index % len(themes)].pk,
            )
    if order >= 4:
        move("voting")
        do_open_voting(actor=facilitator, workshop=workshop)
        for voter_index, (voter, _token) in enumerate(people[1:]):
            for idea in ideas[voter_index : voter_index + 4]:
                do_cast_vote(actor=voter, workshop=workshop, item_id=idea.pk)
        do_cast_vote(actor=me, workshop=workshop, item_id=ideas[2].pk)
    if order >= 5:
        do_reveal_voting(actor=facilitator, workshop=workshop)
    if order >= 6:
        move("refinement")
        initiative = do_promote(actor=facilitator, workshop=workshop, idea_ids=[ideas[0].pk])
        do_promote(
            actor=facilitator,
            workshop=workshop,
            theme_id=Theme.objects.filter(workshop=workshop).order_by("position").last().pk,
        )
        do_join_initiative(actor=me, workshop=workshop, initiative_id=initiative.pk)
        for field, value in content["initiative"].items():
            do_edit_initiative(
                actor=me,
                workshop=workshop,
                initiative_id=initiative.pk,
                field=field,
                value=value,
                version=0,
            )
    if order >= 7:
        move("closed")
    return {"code": workshop.join_code, "token": my_token}


@dataclass(frozen=True)
class Screen:
    name: str  # e.g. "phone-ideas", unique within a language
    path: str
    device: str  # "phone", "console", "projector" or "staff"
    language: str
    workshop_code: str = ""  # the phone's workshop, whose cookie it needs

    @property
    def live(self) -> bool:
        """A screen with a websocket, which says when it is online."""
        return self.path.startswith("/w/") and "/catalogue/" not in self.path


def build_showcase(server: LiveServer, languages: list[str]) -> dict:
    spec = json.dumps(
        {
            "username": FACILITATOR_USERNAME,
            "password": FACILITATOR_PASSWORD,
            "languages": languages,
            "base_url": server.base_url,
        }
    )
    return server.run_python(BUILD.format(spec=spec), timeout=900)


def main_screens(showcase: dict, language: str) -> list[Screen]:
    """Every main screen of one language's showcase: a phone, the console and the projector in
    every phase, the join page, and the staff and catalogue pages."""
    built = showcase["languages"][language]
    workshops = built["workshops"]
    screens = [Screen("phone-join", f"/j/{workshops['lobby']['code']}/", "phone", language)]
    for phase in PHASES:
        code = workshops[phase]["code"]
        screens += [
            Screen(f"phone-{phase}", f"/w/{code}/", "phone", language, code),
            Screen(f"console-{phase}", f"/w/{code}/console/", "console", language),
            Screen(f"projector-{phase}", f"/w/{code}/projector/", "projector", language),
        ]
    closed = workshops["closed"]["code"]
    screens += [
        Screen("home", "/", "phone", language),
        Screen("staff-dashboard", "/dashboard/", "staff", language),
        Screen("staff-initiatives", "/staff/", "staff", language),
        Screen("staff-initiative", f"/staff/initiatives/{built['initiative']}/", "staff", language),
        Screen("staff-catalogues", "/staff/catalogues/", "staff", language),
        Screen("staff-action-plan", "/staff/action-plan/", "staff", language),
        Screen("catalogue", f"/w/{closed}/catalogue/", "staff", language),
        Screen("catalogue-published", f"/c/{built['publication']}/", "phone", language),
    ]
    return screens


VIEWPORTS = {
    "phone": {"width": 320, "height": 700},
    "console": {"width": 1366, "height": 768},
    "projector": {"width": 1920, "height": 1080},
    "staff": {"width": 1280, "height": 800},
}


def new_context(browser, showcase: dict, screen: Screen, server: LiveServer, width: int = 0):
    """A browser context for `screen`: its device's viewport, its language, signed in as the
    facilitator (staff) or holding the phone's participant cookie."""
    from workshops.codes import participant_cookie_name

    viewport = dict(VIEWPORTS[screen.device])
    if width:
        viewport["width"] = width
    phone = screen.device == "phone"
    context = browser.new_context(
        viewport=viewport,
        is_mobile=phone,
        has_touch=phone,
        locale={"da": "da-DK", "sv": "sv-SE", "en": "en-GB"}[screen.language],
    )
    cookies = [{"name": "django_language", "value": screen.language}]
    if screen.device in ("console", "projector", "staff"):
        cookies.append({"name": "sessionid", "value": showcase["session"]})
    if screen.workshop_code:
        workshops = showcase["languages"][screen.language]["workshops"].values()
        token = next(w["token"] for w in workshops if w["code"] == screen.workshop_code)
        cookies.append({"name": participant_cookie_name(screen.workshop_code), "value": token})
    context.add_cookies([{**cookie, "url": server.base_url} for cookie in cookies])
    return context
