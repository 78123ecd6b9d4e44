"""The workshop's language is the default on phones; a participant can switch on theirs."""

import pytest
from django.conf import settings
from django.utils import translation

from realtime.viewers import identify
from tests.conftest import join, make_workshop
from workshops.codes import participant_cookie_name
from workshops.phases import Phase

pytestmark = pytest.mark.django_db


def test_phone_follows_the_workshop_language_until_switched(client, facilitator):
    workshop = make_workshop(facilitator, language="sv")
    _participant, token = join(workshop)
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    assert 'lang="sv"' in client.get(f"/w/{workshop.join_code}/").content.decode()

    response = client.post(
        "/i18n/setlang/", {"language": "da", "next": f"/w/{workshop.join_code}/"}
    )
    assert response.status_code == 302
    assert 'lang="da"' in client.get(f"/w/{workshop.join_code}/").content.decode()


def test_live_fragments_use_the_phones_language(facilitator):
    workshop = make_workshop(facilitator, language="sv")
    _participant, token = join(workshop)
    cookies = {participant_cookie_name(workshop.join_code): token}
    assert identify({"cookies": cookies}, workshop.join_code, "participant").language == "sv"
    cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert identify({"cookies": cookies}, workshop.join_code, "participant").language == "en"
    cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"  # unknown: back to the workshop's
    assert identify({"cookies": cookies}, workshop.join_code, "participant").language == "sv"


@pytest.mark.parametrize("language", ["da", "sv"])
def test_phase_names_are_translated(language):
    with translation.override(language):
        assert Phase.VOTING.label != "Voting"
        assert Phase.KNOWLEDGE.label != "Knowledge-building"


@pytest.mark.parametrize(
    ("language", "goal", "actors"),
    [("da", "Strategisk mål", "Aktører"), ("sv", "Strategiskt mål", "Aktörer")],
)
def test_refinement_field_labels_are_translated(client, facilitator, language, goal, actors):
    """Every field label of an initiative on the refinement screen is in the phone's language,
    the strategic goal and the actors included."""
    import re

    from tests.conftest import set_phase
    from tests.ideas.flow_helpers import initiative_in

    workshop = set_phase(make_workshop(facilitator, language=language), "refinement")
    initiative_in(workshop)
    _participant, token = join(workshop)
    client.cookies[participant_cookie_name(workshop.join_code)] = token
    html = client.get(f"/w/{workshop.join_code}/").content.decode()
    labels = re.findall(r'<h4 class="field-label">([^<]*)</h4>', html)
    assert goal in labels and actors in labels
    assert not {"Strategic goal", "Actors"} & set(labels)
