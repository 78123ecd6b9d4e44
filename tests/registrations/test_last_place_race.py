"""Two people register for the last place at the same moment: one gets it, the other is first
on the waiting list (the invitation row is locked while places are counted)."""

import threading

import pytest
from django.db import connection

from registrations.models import Registration
from tests.registrations.conftest import make_invitation, register


@pytest.mark.django_db(transaction=True)
def test_the_last_place_goes_to_one_person_only(workshop):
    invitation = make_invitation(workshop, capacity=1)
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def registers(name: str) -> None:
        try:
            start.wait()
            register(invitation, name)
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=registers, args=(name,)) for name in "ABCD"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    statuses = sorted(invitation.registrations.values_list("status", flat=True))
    assert statuses == ["confirmed", "waiting", "waiting", "waiting"]
    assert Registration.objects.count() == 4
