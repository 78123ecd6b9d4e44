"""An idea card on a screen: its byline, and the author's controls only while editing is open."""

import pytest
from django.utils import translation

from ideas.fragments.ideas import idea_item
from ideas.models import Idea
from tests.conftest import join, set_phase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_byline_names_the_author_unless_anonymous(workshop):
    named, _token = join(workshop, "Karen Holm")
    hidden, _token = join(workshop, "", anonymous=True)
    by_name = Idea.objects.create(workshop=workshop, author=named, text="Gåklub")
    by_nobody = Idea.objects.create(workshop=workshop, author=hidden, text="Spiseklub")
    orphan = Idea.objects.create(workshop=workshop, author=None, text="Bytte-reol")
    assert "Karen Holm" in idea_item(by_name, workshop, "projector")
    for idea in (by_nobody, orphan):
        html = idea_item(idea, workshop, "projector")
        assert '<p class="meta">Anonymous' in html


def test_author_controls_follow_the_phase_machine(workshop):
    author, _token = join(workshop, "Anna")
    idea = Idea.objects.create(workshop=workshop, author=author, text="Lektiecafé")
    set_phase(workshop, "ideas")
    assert 'data-verb="idea.edit"' in idea_item(idea, workshop, "participant")
    set_phase(workshop, "clustering")
    assert 'data-verb="idea.edit"' not in idea_item(idea, workshop, "participant")
    # Never on the projector, whatever the phase.
    set_phase(workshop, "ideas")
    assert 'data-verb="idea.edit"' not in idea_item(idea, workshop, "projector")
