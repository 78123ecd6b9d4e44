"""Create (or refresh) the demo facilitator and a demo workshop, and print how to get in."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from workshops.actions.base import Actor
from workshops.actions.cards import do_create_card
from workshops.actions.workshop import do_create_workshop
from workshops.models import Organisation, StrategicGoal, Workshop

DEMO_USERNAME = "facilitator"
DEMO_TITLE = "Fællesskaber på tværs af generationer"

# Demo content written for Samskab; fictional organisations.
ORGANISATIONS = [
    ("Ældresagen Nordby", Organisation.Kind.SENIOR_ASSOCIATION),
    ("Nordby Boldklub", Organisation.Kind.SPORTS_CLUB),
    ("Sankt Jørgens Sogn", Organisation.Kind.FAITH_COMMUNITY),
    ("Kulturhuset Broen", Organisation.Kind.CULTURAL_ASSOCIATION),
    ("Aftenskolen Lyset", Organisation.Kind.ADULT_EDUCATION),
    ("Frivilligcenter Nordby", Organisation.Kind.SOCIAL_ORGANISATION),
    ("Sundheds- og Omsorgsforvaltningen", Organisation.Kind.MUNICIPAL_DEPARTMENT),
]
GOALS = [
    (1, "Flere borgere er en del af et fællesskab"),
    (2, "Synlighed og netværk mellem foreninger og kommune"),
    (3, "Gode overgange fra kommunale tilbud til civilsamfundet"),
]
CARDS = [
    (
        "fact",
        "Alene, men ikke ensom?",
        "Omkring hver tiende borger over 65 i kommunen siger i "
        "sundhedsprofilen, at de ofte føler sig uønsket alene.",
    ),
    (
        "fact",
        "Mange vil gerne give en hånd",
        "Foreningerne fortæller, at nye frivillige oftest kommer, fordi nogen spurgte dem direkte.",
    ),
    ("question", "", "Hvor møder du mennesker i en anden alder end din egen i dag?"),
    ("question", "", "Hvad skal der til, for at en ny deltager kommer igen anden gang?"),
]


class Command(BaseCommand):
    help = "Create the demo facilitator account and an open demo workshop."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default=os.environ.get("DEMO_BASE_URL", ""))

    @transaction.atomic
    def handle(self, *args, base_url: str, **options):
        base_url = base_url or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"
        for name, kind in ORGANISATIONS:
            Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
        for number, title in GOALS:
            StrategicGoal.objects.get_or_create(number=number, defaults={"title": title})

        user, _created = get_user_model().objects.get_or_create(
            username=DEMO_USERNAME, defaults={"is_staff": True}
        )
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.is_staff = True
        user.save()

        workshop = Workshop.objects.filter(
            title=DEMO_TITLE, closed_at__isnull=True, facilitators=user
        ).first()
        if workshop is None:
            actor = Actor.for_facilitator(user)
            workshop = do_create_workshop(
                actor=actor,
                title=DEMO_TITLE,
                question="Hvordan kan foreninger, frivillige og kommunen sammen skabe flere "
                "steder, hvor unge og ældre mødes?",
                language="da",
                base_url=base_url,
            )
            for kind, title, body in CARDS:
                do_create_card(actor=actor, workshop=workshop, kind=kind, title=title, body=body)
        elif workshop.base_url != base_url:
            workshop.base_url = base_url
            workshop.save(update_fields=["base_url"])

        self.stdout.write(
            "\n".join(
                [
                    "",
                    "Samskab demo is ready.",
                    f"  Facilitator login: {base_url}/accounts/login/",
                    f"    username: {DEMO_USERNAME}",
                    f"    password: {password}",
                    f"  Console:   {base_url}/w/{workshop.join_code}/console/",
                    f"  Projector: {base_url}/w/{workshop.join_code}/projector/",
                    f"  Join code: {workshop.join_code}   (phones: {workshop.join_url})",
                    "",
                ]
            )
        )
