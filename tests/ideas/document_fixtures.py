"""Publishable documents for the tests: the catalogue fixture in Danish or Swedish, grown to a
size that fills several pages, with publishing settings (municipality, department, contact,
a logo) and an introduction, as staff set them before publishing."""

from __future__ import annotations

import datetime
import io
import re

from PIL import Image
from pypdf import PdfReader

from ideas.catalogue_entries import DocumentOptions
from ideas.models import Idea, Initiative, PublishingSettings, Theme
from tests.ideas.catalogue_fixtures import Fixture, build_fixture, close
from workshops.models import Workshop

TEXTS = {
    "da": {
        "municipality": "Nordby Kommune",
        "department": "Social- og Sundhedsforvaltningen",
        "contact": "Frivilligkonsulent Anne Berg, anne.berg@nordby.example, 40 10 20 30",
        "introduction": (
            "Vi vil gøre det lettere for ældre i Nordby at finde et fællesskab. "
            "Idéerne i dette katalog kommer fra en workshop, hvor foreninger, frivillige, "
            "borgere og medarbejdere arbejdede sammen om udfordringen.\n\n"
            "Alle kunne skrive idéer på deres telefon; idéerne blev samlet i temaer, og "
            "deltagerne prioriterede dem med prikker. De bedste blev til indsatser."
        ),
        "theme": "Frivillige og foreninger",
        "idea": (
            "Foreningen {n} inviterer nye medlemmer med til en prøvegang og sørger for, at der "
            "altid er en fast kontaktperson, som tager imod og følger op efter første besøg."
        ),
        "initiative": "Fællesskab i lokalområdet {n}",
        "intervention": (
            "Kommunen og foreningerne holder fælles møder, hvor nye aktiviteter planlægges, "
            "og hvor frivillige kan dele erfaringer med at tage imod nye deltagere."
        ),
        "purpose": "At flere borgere får et sted at høre til og et netværk i hverdagen.",
        "target": "Borgere over 65 år, der bor alene",
    },
    "sv": {
        "municipality": "Nordby kommun",
        "department": "Socialförvaltningen",
        "contact": "Samordnare Anna Berg, anna.berg@nordby.example, 010-123 45 67",
        "introduction": (
            "Vi vill göra det lättare för äldre i Nordby att hitta en gemenskap. "
            "Idéerna i den här katalogen kommer från en workshop där föreningar, frivilliga, "
            "invånare och medarbetare arbetade tillsammans med utmaningen.\n\n"
            "Alla kunde skriva idéer i sin telefon; idéerna samlades i teman och deltagarna "
            "prioriterade dem med prickar. De bästa blev insatser."
        ),
        "theme": "Frivilliga och föreningar",
        "idea": (
            "Föreningen {n} bjuder in nya medlemmar till ett provtillfälle och ser till att "
            "det alltid finns en kontaktperson som tar emot och följer upp efter första besöket."
        ),
        "initiative": "Gemenskap i närområdet {n}",
        "intervention": (
            "Kommunen och föreningarna håller gemensamma möten där nya aktiviteter planeras "
            "och där frivilliga kan dela erfarenheter av att ta emot nya deltagare."
        ),
        "purpose": "Att fler invånare får en plats att höra till och ett nätverk i vardagen.",
        "target": "Invånare över 65 år som bor ensamma",
    },
}


def small_png() -> bytes:
    image = Image.new("RGB", (240, 80), (11, 93, 75))
    image.paste((255, 255, 255), (20, 20, 220, 60))
    raw = io.BytesIO()
    image.save(raw, format="PNG")
    return raw.getvalue()


def publishing_fixture(facilitator, language: str) -> Fixture:
    """The catalogue fixture in `language`, closed, with a dozen more ideas and five more
    initiatives, and the publishing settings filled in."""
    texts = TEXTS[language]
    fixture = build_fixture(facilitator)
    Workshop.objects.filter(pk=fixture.workshop.pk).update(language=language)
    close(fixture.workshop)
    workshop = fixture.workshop
    theme = Theme.objects.create(workshop=workshop, name=texts["theme"], position=2)
    for n in range(1, 13):
        Idea.objects.create(
            workshop=workshop,
            theme=theme,
            title=f"{texts['theme']} {n}",
            text=texts["idea"].format(n=n),
        )
    for n in range(2, 7):
        Initiative.objects.create(
            workshop=workshop,
            reference=f"N-{n}",
            title=texts["initiative"].format(n=n),
            intervention=texts["intervention"],
            purpose=texts["purpose"],
            target_group=texts["target"],
            actors_text=texts["municipality"],
            start=datetime.date(2026, 1, n),
            end=datetime.date(2026, 12, n),
        )
    PublishingSettings(
        municipality=texts["municipality"],
        department=texts["department"],
        contact=texts["contact"],
        logo=small_png(),
        logo_type="image/png",
        action_plan_introduction=texts["introduction"],
    ).save()
    return fixture


def publishing_options(language: str, **chosen) -> DocumentOptions:
    return DocumentOptions(introduction=TEXTS[language]["introduction"], **chosen)


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page of a PDF as a reader reads it: words a line end hyphenated
    (WeasyPrint's U+2010) joined again, runs of white space as one space."""
    reader = PdfReader(io.BytesIO(content))
    pages = []
    for page in reader.pages:
        text = re.sub(r"\u2010\s*\n\s*", "", page.extract_text())
        pages.append(re.sub(r"\s+", " ", text).strip())
    return pages


def pdf_text(content: bytes) -> str:
    return " ".join(pdf_pages(content))
