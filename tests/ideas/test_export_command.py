"""`manage.py export_catalogue` writes the same bytes as the download, and explains bad input."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ideas.exports import FORMATS
from tests.conftest import make_workshop
from tests.ideas.catalogue_fixtures import build_fixture, close, closed_fixture, make_staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue_fixture(facilitator):
    return closed_fixture(facilitator)


@pytest.fixture
def staff_user(db):
    return make_staff_user()


def run_command(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_catalogue", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_command_writes_the_same_content_as_the_download(
    client, facilitator, catalogue_fixture, tmp_path, fmt
):
    code = catalogue_fixture.workshop.join_code
    target = tmp_path / f"katalog.{fmt}"
    out, _err = run_command(code, "--format", fmt, "--output", str(target))
    assert str(target) in out

    client.force_login(facilitator)
    response = client.get(reverse("ideas:workshop_catalogue_download", args=[code, fmt]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert target.read_bytes() == response.content


def test_command_exports_a_series(facilitator, catalogue_fixture, tmp_path):
    second = close(make_workshop(facilitator, title="Anden runde"))
    target = tmp_path / "serie.md"
    run_command(
        catalogue_fixture.workshop.join_code,
        second.join_code,
        "--format",
        "md",
        "--output",
        str(target),
        "--title",
        "Serien om fællesskaber",
    )
    markdown = target.read_text()
    assert markdown.startswith("# Serien om fællesskaber")
    assert "Anden runde" in markdown


def test_unknown_codes_give_a_clear_error(catalogue_fixture, tmp_path):
    with pytest.raises(CommandError, match="No workshop has the code NOPE42"):
        run_command("NOPE42", "--format", "json", "--output", str(tmp_path / "x.json"))
    assert not (tmp_path / "x.json").exists()


def test_unknown_code_in_danish(catalogue_fixture, tmp_path):
    with pytest.raises(CommandError):
        run_command(
            "NOPE42", "--language", "da", "--format", "json", "--output", str(tmp_path / "x")
        )


def test_unknown_language_is_refused(catalogue_fixture, tmp_path):
    code = catalogue_fixture.workshop.join_code
    with pytest.raises(CommandError, match="Unknown language"):
        run_command(code, "--language", "xx", "--output", str(tmp_path / "x.html"))


def test_running_and_empty_workshops_warn_but_export(facilitator, tmp_path):
    running = make_workshop(facilitator, title="Stadig i gang")
    target = tmp_path / "i-gang.html"
    _out, err = run_command(running.join_code, "--format", "html", "--output", str(target))
    assert "still running" in err
    assert "no ideas yet" in err
    assert "still running" in target.read_text()


def test_unwritable_output_gives_a_clear_error(catalogue_fixture, tmp_path):
    code = catalogue_fixture.workshop.join_code
    with pytest.raises(CommandError, match="Could not write"):
        run_command(code, "--output", str(tmp_path / "missing-dir" / "x.html"))


def test_download_permissions(client, other_facilitator, staff_user, catalogue_fixture):
    url = reverse(
        "ideas:workshop_catalogue_download", args=[catalogue_fixture.workshop.join_code, "csv"]
    )
    assert client.get(url).status_code == 302  # to sign-in
    client.force_login(other_facilitator)
    assert client.get(url).status_code == 404  # not theirs
    client.force_login(staff_user)
    assert client.get(url).status_code == 200  # staff see every workshop
    bad = reverse("ideas:workshop_catalogue_download", args=["NOPE42", "csv"])
    assert client.get(bad).status_code == 404
    bad_format = reverse(
        "ideas:workshop_catalogue_download", args=[catalogue_fixture.workshop.join_code, "odt"]
    )
    assert client.get(bad_format).status_code == 404


def test_console_links_to_the_catalogue(client, facilitator, catalogue_fixture):
    workshop = build_fixture(facilitator).workshop  # an open one: the console is for live use
    client.force_login(facilitator)
    html = client.get(reverse("workshops:console", args=[workshop.join_code])).content.decode()
    assert reverse("ideas:workshop_catalogue", args=[workshop.join_code]) in html
    assert reverse("ideas:workshop_catalogue_download", args=[workshop.join_code, "docx"]) in html
