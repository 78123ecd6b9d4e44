"""What staff choose before publishing: the introduction and title page details, hiding vote
counts and ranks, hiding the join code, crediting organisations; the publishing settings
(municipality, department, contact, logo) set once in the admin."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ideas.catalogue import build_catalogue
from ideas.exports import export_catalogue
from ideas.models import PublishedCatalogue, PublishingSettings
from tests.ideas.catalogue_fixtures import closed_fixture, make_staff_user
from tests.ideas.document_fixtures import pdf_text, small_png
from tests.ideas.test_export_formats import readable_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(make_staff_user())
    return client


def _download(client, fixture, fmt: str, **options) -> bytes:
    response = client.get(
        reverse("ideas:staff_catalogue_download"),
        {"workshops": [fixture.workshop.pk], "format": fmt, **options},
    )
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("fmt", ["html", "pdf", "docx", "md"])
def test_hidden_votes_and_join_code_appear_nowhere(staff_client, facilitator, fmt):
    fixture = closed_fixture(facilitator)
    code = fixture.workshop.join_code
    shown = readable_text(_download(staff_client, fixture, fmt, credit_organisations="on"), fmt)
    assert "5 votes" in shown and "rank 1" in shown and code in shown
    hidden = readable_text(
        _download(staff_client, fixture, fmt, hide_votes="on", hide_join_code="on"), fmt
    )
    for gone in ("votes", "rank", code):
        assert gone not in hidden, gone
    assert "Gåklub fra boldbanen" in hidden  # the ideas themselves stay


def test_hidden_votes_in_the_data_formats(staff_client, facilitator):
    fixture = closed_fixture(facilitator)
    data = json.loads(_download(staff_client, fixture, "json", hide_votes="on"))
    ideas = [idea for theme in data["themes"] for idea in theme["ideas"]]
    assert ideas and all(idea["votes"] is None and idea["rank"] is None for idea in ideas)
    assert all(theme["votes"] is None for theme in data["themes"])
    csv = _download(staff_client, fixture, "csv", hide_join_code="on").decode("utf-8-sig")
    assert fixture.workshop.join_code not in csv


def test_organisations_credited_only_when_chosen(staff_client, facilitator):
    fixture = closed_fixture(facilitator)
    credited = build_catalogue([fixture.workshop])
    walk = next(i for t in credited.themes for i in t.ideas if i.title == "Gåklub fra boldbanen")
    assert walk.credit == "Nordby Boldklub"
    assert "Nordby Boldklub" in credited.participation.organisation_names

    html = _download(staff_client, fixture, "html").decode()  # the box left unticked
    assert "Nordby Seniorklub</span>" not in html  # no idea credited to it
    assert "Organisations" not in html
    # Organisations named as an initiative's actors are its content, not a credit: they stay.
    assert "Nordby Boldklub" in html


def test_introduction_period_and_contact_on_the_title_page(staff_client, facilitator):
    fixture = closed_fixture(facilitator)
    PublishingSettings(
        municipality="Nordby Kommune", department="Kultur og Fritid", contact="Fast kontakt"
    ).save()
    text = pdf_text(
        _download(
            staff_client,
            fixture,
            "pdf",
            introduction="Vores vision er et Nordby, hvor ingen er alene.",
            period="Efteråret 2025",
            contact="Anne Berg, 40 10 20 30",
        )
    )
    for part in (
        "Nordby Kommune",
        "Kultur og Fritid",
        "Efteråret 2025",
        "Anne Berg, 40 10 20 30",
        "Vores vision er et Nordby, hvor ingen er alene.",
    ):
        assert part in text, part
    assert "Fast kontakt" not in text  # this document's contact wins over the usual one


def test_a_publication_keeps_its_options(staff_client, client, facilitator):
    fixture = closed_fixture(facilitator)
    response = staff_client.post(
        reverse("ideas:staff_publish"),
        {
            "publish-workshops": [fixture.workshop.pk],
            "publish-title": "Til borgerne",
            "publish-introduction": "Sådan samlede vi idéerne.",
            "publish-hide_votes": "on",
            "publish-hide_join_code": "on",
            "publish-credit_organisations": "on",
        },
    )
    assert response.status_code == 302
    publication = PublishedCatalogue.objects.get()
    assert publication.hide_votes and publication.hide_join_code
    assert publication.credit_organisations

    client.logout()
    page = client.get(reverse("ideas:public_catalogue", args=[publication.token]))
    html = page.content.decode()
    assert "Sådan samlede vi idéerne." in html
    assert "5 votes" not in html and fixture.workshop.join_code not in html
    assert "Nordby Seniorklub" in html
    assert "data:" in page["Content-Security-Policy"]  # the logo may show
    pdf = client.get(reverse("ideas:public_catalogue_pdf", args=[publication.token]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "Sådan samlede vi idéerne." in pdf_text(pdf.content)
    assert client.get(reverse("ideas:public_catalogue_pdf", args=["gaet"])).status_code == 404


def test_too_long_options_are_refused_and_nothing_is_lost(staff_client, facilitator):
    fixture = closed_fixture(facilitator)
    response = staff_client.post(
        reverse("ideas:staff_publish"),
        {
            "publish-workshops": [fixture.workshop.pk],
            "publish-introduction": "Vores vision.",
            "publish-period": "x" * 201,
        },
    )
    assert response.status_code == 400
    assert not PublishedCatalogue.objects.exists()
    assert "Vores vision." in response.content.decode()  # what was typed is kept


def test_publishing_settings_in_the_admin(client, django_user_model, facilitator):
    admin = django_user_model.objects.create_superuser("admin", password="pw-for-tests-only")
    client.force_login(admin)
    listing = client.get(reverse("admin:ideas_publishingsettings_changelist"))
    assert listing.status_code == 302  # one row: straight to it
    url = listing["Location"]
    assert client.get(url).status_code == 200
    fields = {
        "municipality": "Nordby Kommune",
        "department": "Kultur og Fritid",
        "contact": "Anne Berg",
        "action_plan_introduction": "Visionen.",
    }
    refused = client.post(
        url, {**fields, "logo_file": SimpleUploadedFile("logo.svg", b"<svg></svg>")}
    )
    assert refused.status_code == 200
    assert "PNG or JPEG" in refused.content.decode()
    assert not PublishingSettings.current().logo_type

    saved = client.post(url, {**fields, "logo_file": SimpleUploadedFile("logo.png", small_png())})
    assert saved.status_code == 302
    settings = PublishingSettings.current()
    assert settings.municipality == "Nordby Kommune"
    assert settings.logo_type == "image/png" and bytes(settings.logo) == small_png()
    assert PublishingSettings.objects.count() == 1
    page = client.get(url)
    assert b"data:image/png;base64," in page.content
    assert "data:" in page["Content-Security-Policy"]

    fixture = closed_fixture(facilitator)
    catalogue = build_catalogue([fixture.workshop])
    assert catalogue.cover.municipality == "Nordby Kommune"
    html = export_catalogue(catalogue, "html").content.decode()
    assert 'class="doc-logo" src="data:image/png;base64,' in html

    client.post(url, {**fields, "remove_logo": "on"})
    assert not PublishingSettings.current().logo_type


def test_the_staff_page_links_the_settings_for_whoever_may_change_them(client, django_user_model):
    settings_url = reverse("admin:ideas_publishingsettings_changelist")
    client.force_login(make_staff_user())
    page = client.get(reverse("ideas:staff_catalogues")).content.decode()
    assert 'name="publish-introduction"' in page and 'name="hide_votes"' in page
    assert settings_url not in page
    admin = django_user_model.objects.create_superuser("admin", password="pw-for-tests-only")
    client.force_login(admin)
    assert settings_url in client.get(reverse("ideas:staff_catalogues")).content.decode()
