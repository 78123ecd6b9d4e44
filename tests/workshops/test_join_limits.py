"""Joins per address and per workshop are limited, sized so that a venue's NAT address and a
2,000-person rush are never refused (finding 4 of issue 8)."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.conftest import join, make_workshop
from workshops.actions.base import ActionError
from workshops.join_limits import PER_ADDRESS, PER_WORKSHOP, JoinLimiter
from workshops.models import Participant


def test_a_real_rush_is_never_refused():
    """2,000 phones within one minute, 400 of them behind one venue address and the rest on
    mobile networks, all into one workshop."""
    limiter = JoinLimiter()
    venue = ["192.0.2.1"] * 400
    mobile = [f"198.51.100.{n % 250}" for n in range(1600)]
    for n, address in enumerate(venue + mobile):
        assert limiter.allow(address=address, workshop_id=1, now=n * 0.03) == ""


def test_one_address_is_limited_in_a_sliding_minute():
    limiter = JoinLimiter()
    with override_settings(JOINS_PER_ADDRESS_PER_MINUTE=600):
        for n in range(600):
            assert limiter.allow(address="203.0.113.9", workshop_id=1, now=n * 0.05) == ""
        assert limiter.allow(address="203.0.113.9", workshop_id=1, now=30) == PER_ADDRESS
        assert limiter.allow(address="203.0.113.10", workshop_id=1, now=30) == ""  # others join
        # A minute after the first joins, room again (the refused one was not counted).
        assert limiter.allow(address="203.0.113.9", workshop_id=1, now=60.01) == ""


def test_one_workshop_is_limited_whatever_the_addresses():
    limiter = JoinLimiter()
    with override_settings(JOINS_PER_WORKSHOP_PER_MINUTE=5000):
        for n in range(5000):
            assert limiter.allow(address=f"10.0.{n // 250}.{n % 250}", workshop_id=7, now=1) == ""
        assert limiter.allow(address="10.99.0.1", workshop_id=7, now=2) == PER_WORKSHOP
        assert limiter.allow(address="10.99.0.1", workshop_id=8, now=2) == ""


@pytest.mark.django_db
@override_settings(JOINS_PER_ADDRESS_PER_MINUTE=2)
def test_the_join_form_explains_and_keeps_what_was_typed(client, facilitator):
    workshop = make_workshop(facilitator)
    url = reverse("workshops:join", args=[workshop.join_code])
    for name in ("Anna", "Bo"):
        client.cookies.clear()
        assert client.post(url, {"display_name": name, "role": "citizen"}).status_code == 302
    client.cookies.clear()
    response = client.post(url, {"display_name": "Carl Carlsen", "role": "citizen"})
    page = response.content.decode()
    assert "Very many people have joined from this network" in page
    assert 'value="Carl Carlsen"' in page
    assert not Participant.objects.filter(display_name="Carl Carlsen").exists()
    # Another network is not affected.
    other = client.post(
        url, {"display_name": "Dorte", "role": "citizen"}, REMOTE_ADDR="198.51.100.7"
    )
    assert other.status_code == 302


@pytest.mark.django_db
@override_settings(JOINS_PER_WORKSHOP_PER_MINUTE=3)
def test_a_full_minute_in_one_workshop_leaves_other_workshops_open(facilitator, other_facilitator):
    busy = make_workshop(facilitator)
    calm = make_workshop(other_facilitator, title="Roligt værksted")
    for n in range(3):
        join(busy, f"P{n}", address=f"192.0.2.{n}")
    with pytest.raises(ActionError) as refused:
        join(busy, "For mange", address="192.0.2.50")
    assert refused.value.code == "busy"
    assert "Very many people are joining right now" in str(refused.value.message)
    join(calm, "Velkommen", address="192.0.2.50")
