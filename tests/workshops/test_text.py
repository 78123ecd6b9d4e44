"""One cleaning for every stored text: what `clean_text` and `clean_line` keep and drop, and
the Django forms that use them (issue 8, finding 2)."""

import unicodedata

import pytest
from django.urls import reverse

from ideas.models import Milestone
from tests.conftest import make_workshop
from tests.ideas.catalogue_fixtures import closed_fixture, make_staff_user
from workshops.models import Organisation, Participant, Workshop
from workshops.text import BIDI_CONTROLS, clean_line, clean_text, is_blank

# Everything a hostile client can type that is not text: NUL, other C0 controls, an ANSI
# escape, DEL, C1 controls (NEL, CSI), a lone surrogate (from a JSON "\ud800" escape).
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x80\x85\x9b\x9f\ud800\ufffe"
# Only whitespace and characters that show nothing.
INVISIBLE = " \t\n\u00a0\u200b\u200c\u200d\u2060\ufeff\u3164\u2800\u180e\ufe0f\u202e"


def controls_in(value: str) -> list[str]:
    return [
        character
        for character in value
        if character not in "\n\t" and unicodedata.category(character) in ("Cc", "Cs")
    ]


@pytest.mark.parametrize("clean", [clean_text, clean_line])
def test_control_characters_are_dropped(clean):
    cleaned = clean(f"Kaf{CONTROLS}fe og kage")
    assert cleaned == "Kaffe og kage"
    assert controls_in(clean("".join(chr(code) for code in range(0x00, 0xA0)))) == []


def test_text_keeps_newlines_and_tabs_and_normalises_returns():
    assert clean_text("Første\r\nAnden\rTredje\n\tfjerde") == "Første\nAnden\nTredje\n\tfjerde"


def test_a_line_is_one_line():
    assert clean_line("  Anna \r\n  Berg\t\u2028Jensen  ") == "Anna Berg Jensen"


@pytest.mark.parametrize("clean", [clean_text, clean_line])
def test_nothing_visible_is_empty(clean):
    assert is_blank(INVISIBLE)
    assert clean(INVISIBLE) == ""
    assert clean(INVISIBLE + "\x00\x07") == ""
    assert not is_blank("·")


@pytest.mark.parametrize(
    "text",
    [
        "Gåtur ❤️",  # a variation selector at the end belongs to the emoji
        "Flag 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # tag sequence
        "Familie 👩\u200d👩\u200d👧",  # joiners inside an emoji sequence
        "می\u200cخواهم",  # a zero-width non-joiner inside a Persian word
        "שלום עולם",
        "Æblegrød, øl & Åbenrå",
    ],
)
def test_real_text_is_kept_as_typed(text):
    assert clean_text(text) == text
    assert clean_line(text) == text


def test_ends_lose_zero_width_characters_not_inner_ones():
    assert clean_line("\u200b\ufeffAnna\u200b") == "Anna"


def test_names_lose_every_directional_control():
    """An override in a name would turn the byline after it backwards ("Anna" + RLO)."""
    spoof = "Anna\u202e\u2067 redigeret af facilitator\u202c\u2069\u202a\u202b\u202d\u2066\u2068"
    cleaned = clean_line(spoof)
    assert cleaned == "Anna redigeret af facilitator"
    assert not set(cleaned) & BIDI_CONTROLS


def test_text_has_its_directional_controls_closed_within_itself():
    assert clean_text("abc\u202edef") == "abc\u202edef\u202c"
    assert clean_text("a\u2067b\u202bc") == "a\u2067b\u202bc\u202c\u2069"
    # Closers that close nothing are dropped; a PDI closes the embeddings inside its isolate.
    assert clean_text("\u202cx\u2069y") == "xy"
    assert clean_text("\u2066a\u202eb\u2069c") == "\u2066a\u202eb\u2069c"


@pytest.mark.parametrize("clean", [clean_text, clean_line])
@pytest.mark.parametrize(
    "text",
    ["x\u202ey  ", "\u202c\u2066 a \x00\r\n", INVISIBLE + "z" + INVISIBLE, "a\u2067\u202eb"],
)
def test_cleaning_twice_changes_nothing(clean, text):
    assert clean(clean(text)) == clean(text)


# ---- Django forms -------------------------------------------------------------------------


@pytest.mark.django_db
def test_join_form_cleans_the_name_and_the_new_organisation(client, workshop):
    response = client.post(
        f"/j/{workshop.join_code}/",
        {
            "display_name": "\u200bAn\x00na\u202e\x07",
            "role": "volunteer",
            "new_organisation": "Ældre\x1b Sagen\u2067\x85",
        },
    )
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.display_name == "Anna"
    assert participant.organisation.name == "Ældre Sagen"
    assert Organisation.objects.filter(name="Ældre Sagen").count() == 1


@pytest.mark.django_db
def test_join_with_an_invisible_name_is_refused_and_keeps_what_was_typed(client, workshop):
    response = client.post(
        f"/j/{workshop.join_code}/",
        {"display_name": "\u200b\u3164 \u2800", "role": "volunteer", "new_organisation": "Kor"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Write the name others will see." in html
    assert 'value="Kor"' in html
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_workshop_form_refuses_an_invisible_title_and_keeps_the_question(client, facilitator):
    client.force_login(facilitator)
    fields = {
        "title": "\u200b\u200d\ufeff",
        "question": "Hvordan\x00 mødes vi?",
        "language": "da",
        "vote_budget": "5",
        "max_votes_per_idea": "2",
    }
    response = client.post(reverse("workshops:dashboard"), fields)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Write something visible: spaces and invisible characters alone do not count." in html
    assert "Hvordan" in html and "mødes vi?" in html  # the question is still in its field
    assert not Workshop.objects.exists()

    fields["title"] = "Fælles\x07skaber\u202e"
    response = client.post(reverse("workshops:dashboard"), fields)
    assert response.status_code == 302
    workshop = Workshop.objects.get()
    assert (workshop.title, workshop.question) == ("Fællesskaber", "Hvordan mødes vi?")


@pytest.mark.django_db
def test_workshop_form_refuses_an_invisible_title_in_every_language(client, facilitator):
    client.force_login(facilitator)
    for language, words in (("da", "usynlige tegn"), ("sv", "osynliga tecken")):
        response = client.post(
            reverse("workshops:dashboard"),
            {"title": "\u200b", "question": "?", "language": "da", "vote_budget": "5"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
        assert words in response.content.decode()


@pytest.mark.django_db
def test_milestone_form_cleans_title_and_text(client, facilitator):
    staff = make_staff_user()
    initiative = closed_fixture(facilitator).initiative
    client.force_login(staff)
    response = client.post(
        reverse("ideas:staff_add_milestone", args=[initiative.pk]),
        {
            "date": "2025-10-01",
            "title": "Ny\x00 rute\u202e",
            "text": "Langs\x07 åen\r\nog\x85 skoven",
        },
    )
    assert response.status_code == 302
    milestone = Milestone.objects.get(initiative=initiative, author=staff)
    assert (milestone.title, milestone.text) == ("Ny rute", "Langs åen\nog skoven")


@pytest.mark.django_db
def test_actions_clean_even_without_a_form(facilitator):
    """The actions are the last word: a caller that skips forms and verbs is cleaned too."""
    workshop = make_workshop(facilitator, title="\x00Titel\u202e\x1b", question="Spørgsmål\x07?")
    assert (workshop.title, workshop.question) == ("Titel", "Spørgsmål?")
