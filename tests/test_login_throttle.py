"""Password guessing is throttled on the sign-in and the admin (issue 8, finding 5): after
AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is locked out
for the cool-off time with a clear message, even with the right password."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-only"


def sign_in(client, password, *, url=None, address="192.0.2.10", username="fac", **headers):
    return client.post(
        url or reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def guess_until_locked(client, settings, **kwargs):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, f"guess-{attempt}", **kwargs)
        assert response.status_code == 200  # the sign-in form again, with its error
        assert "_auth_user_id" not in client.session
    return sign_in(client, "last-guess", **kwargs)


def test_settings_lock_a_username_per_address_for_a_while(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_guessing_locks_the_sign_in_with_a_clear_message(client, facilitator, settings):
    locked = guess_until_locked(client, settings)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Too many failed sign-in attempts" in html
    assert "paused for 15 minutes" in html
    # Locked means locked: the right password is refused too, and nobody is signed in.
    right = sign_in(client, PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(client, facilitator, other_facilitator, settings):
    guess_until_locked(client, settings)
    # The same person from another address (another venue) still gets in …
    assert sign_in(client, PASSWORD, address="198.51.100.7").status_code == 302
    client.logout()
    # … and so does another facilitator behind the same address.
    assert sign_in(client, PASSWORD, username="other").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, facilitator, settings):
    guess_until_locked(client, settings)
    assert sign_in(client, PASSWORD).status_code == 429
    later = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=later)
    response = sign_in(client, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(facilitator.pk)
    assert not AccessAttempt.objects.exists()  # a good sign-in resets the count


def test_a_good_sign_in_resets_the_count(client, facilitator, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, f"typo-{attempt}")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, f"typo-again-{attempt}").status_code == 200
    assert sign_in(client, PASSWORD).status_code == 302


def test_the_admin_sign_in_is_throttled_too(client, settings):
    get_user_model().objects.create_superuser("admin", password=PASSWORD)
    url = reverse("admin:login")
    locked = guess_until_locked(client, settings, url=url, username="admin")
    assert locked.status_code == 429
    assert sign_in(client, PASSWORD, url=url, username="admin").status_code == 429


def test_the_message_is_translated(client, facilitator, settings):
    locked = guess_until_locked(client, settings, HTTP_ACCEPT_LANGUAGE="da")
    assert locked.status_code == 429
    assert "sat på pause i 15 minutter" in locked.content.decode()
