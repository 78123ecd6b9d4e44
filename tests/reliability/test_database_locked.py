"""The database locked for longer than its timeout (DB_LOCK_TIMEOUT): a submission is answered
"not saved yet, retrying", stays queued with its text, nothing is half-written, and it is
stored once when the lock goes."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
import urllib.parse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import chromium
from tests.reliability.conftest import LOCK_TIMEOUT_S
from tests.reliability.harness import Crowd, marker_of, wait_for

HELD_S = 2 * LOCK_TIMEOUT_S


@contextlib.contextmanager
def workshop_locked(database_url: str, workshop_id: int):
    """Another transaction holds what a submission must lock: on PostgreSQL the workshop's
    row, on SQLite the database's write lock."""
    if database_url.startswith("postgres"):
        import psycopg

        with psycopg.connect(database_url) as connection:
            connection.execute(
                "SELECT id FROM workshops_workshop WHERE id = %s FOR UPDATE", (workshop_id,)
            )
            yield
            connection.rollback()
    else:
        path = urllib.parse.urlsplit(database_url).path
        connection = sqlite3.connect(path, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            yield
            connection.execute("ROLLBACK")
        finally:
            connection.close()


async def test_a_locked_database_says_not_saved_yet_and_retries(cluster):
    workshop = await asyncio.to_thread(cluster.workshop, phase="ideas", participants=2)
    crowd = Crowd(cluster, workshop)
    try:
        author, other = crowd.add_participants()
        console = crowd.add_facilitator_screens()[0]
        await crowd.connected()
        seq_before = await asyncio.to_thread(cluster.seq, workshop["id"])

        with workshop_locked(cluster.database_url, workshop["id"]):
            locked_at = time.monotonic()
            submission = crowd.submit(author, 1, "Written while the database was locked")
            await wait_for(lambda: author.retries, LOCK_TIMEOUT_S + 10, "a retryable answer")
            assert author.retry_messages[0] == "Not saved yet: the server is busy. Retrying…"
            # Kept, not refused: still queued with its text, and the phone sends it again.
            assert submission.key in author.queue and submission.acked is None
            assert "[[bm000001]]" in author.queue[submission.key].fields["text"]
            await asyncio.sleep(max(0, HELD_S - (time.monotonic() - locked_at)))
            # Nothing half-written: no idea, no event, the sequence untouched.
            assert cluster.ideas_by_key(workshop["id"]) == {}
            assert cluster.seq(workshop["id"]) == seq_before

        await wait_for(lambda: submission.acked, 15, "stored once the lock is gone")
        assert not submission.error
        assert submission.sends >= 2  # the first was answered 'not saved yet'
        assert cluster.ideas_by_key(workshop["id"]) == {submission.key.replace("-", ""): 1}
        assert cluster.events_consistent(workshop["id"])
        assert cluster.seq(workshop["id"]) == seq_before + 1
        marker = marker_of(submission)
        for screen in (author, other, console):
            await wait_for(lambda s=screen: marker in s.seen_markers(), 10, "shown everywhere")
        print(
            f"Locked {HELD_S:.1f} s (timeout {LOCK_TIMEOUT_S} s): {author.retries} "
            f"'not saved yet' answers, {submission.sends} sends, stored once"
        )
    finally:
        await crowd.stop()


@pytest.mark.e2e
def test_in_a_browser_the_phone_says_not_saved_yet_and_keeps_the_text(cluster):
    """static/js/realtime.js itself: the notice, the text kept in the waiting list, the resend."""
    workshop = cluster.workshop(phase="ideas", participants=1)
    code = workshop["code"]
    with chromium() as browser:
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
        )
        context.add_cookies(
            [{"name": f"samskab_p_{code}", "value": workshop["tokens"][0], "url": cluster.base_url}]
        )
        phone = context.new_page()
        phone.goto(f"{cluster.base_url}/w/{code}/")
        expect(phone.locator("body")).to_have_attribute("data-connection", "online")
        text = "Homework café in the library, run by pensioners"
        with workshop_locked(cluster.database_url, workshop["id"]):
            phone.locator("#idea-text").fill(text)
            phone.locator(".idea-form button[type=submit]").tap()
            expect(phone.locator("#notices")).to_contain_text(
                "Not saved yet: the server is busy. Retrying…",
                timeout=LOCK_TIMEOUT_S * 1000 + 10_000,
            )
            expect(phone.locator("#pending")).to_contain_text(text)  # kept, shown as waiting
            assert phone.evaluate("window.samskabRealtime.queued") == 1
            expect(phone.locator("#ideas .idea", has_text=text)).to_have_count(0)
        expect(phone.locator("#ideas .idea", has_text=text)).to_have_count(1, timeout=15_000)
        expect(phone.locator("#pending")).to_be_hidden()
        assert phone.evaluate("window.samskabRealtime.queued") == 0
        assert list(cluster.ideas_by_key(workshop["id"]).values()) == [1]
        context.close()
