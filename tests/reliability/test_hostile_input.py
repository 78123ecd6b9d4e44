"""Property-based: arbitrary text at every websocket verb and every form of a real Daphne
process. Every answer is a clear error or a safe store, nothing rendered anywhere carries
executable markup, the connection stays up, and the server never answers 500."""

from __future__ import annotations

import contextlib
import html
import json
import re
import uuid

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.sync.client import connect

from realtime.verbs import known_verbs
from tests.live_server import cookie_header, http_request, set_cookies
from tests.reliability.harness import FACILITATOR

EXAMPLES = 30
ANSWER_TIMEOUT = 15
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Removing the participant who drives the socket closes it on purpose (4403).
VERBS = sorted(known_verbs() - {"participant.remove"})
FIELDS = sorted(
    {"text", "title", "body", "name", "topic", "theme_name", "kind", "field", "value", "phase"}
    | {"idea_id", "theme_id", "card_id", "space_id", "slot_id", "location_id", "into_id"}
    | {"initiative_id", "item_id", "participant_id", "target", "dots", "minutes", "op"}
    | {"direction", "confirmed", "version", "key_points", "next_step", "who", "budget"}
)
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    '<a href="javascript:alert(1)">x</a>',
    "<div hx-on:click=alert(1) hx-get=/admin/>x</div>",
    "{{ 7|add:7 }}{% now 'Y' %}",
    "\u202eevil\u202c",
    "\u200b\u200b",
    "a\x00b\x07c\x1b",
    "\U0001f600" * 50,
    "x" * 5000,
    "' OR 1=1 --",
    "<svg onload=alert(1)>",
    "<style>body{display:none}</style>",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "hx-get", "hx-post"}
hostile_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(HOSTILE),
    st.integers(min_value=-2, max_value=60).map(str),
    st.tuples(st.text(max_size=30), st.sampled_from(HOSTILE)).map("".join),
)
field_values = st.dictionaries(st.sampled_from(FIELDS), hostile_text, max_size=6)
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # the same examples on every machine and run
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def executable_markup(html: str, *, page: bool = False) -> list[str]:
    """What in `html` a browser would run: script elements (a page may load ours from
    /static/), event-handler and hx-on attributes, javascript: URLs, frames and objects."""
    if not html.strip():
        return []
    root = (
        lxml.html.document_fromstring(html)
        if page
        else lxml.html.fragment_fromstring(html, create_parent="div")
    )
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script" and not (
            page and (element.get("src") or "").startswith("/static/") and not element.text
        ):
            found.append(lxml.html.tostring(element, encoding="unicode")[:200])
        if tag in {"iframe", "object", "embed", "base", "frame"}:
            found.append(tag)
        for name, value in element.attrib.items():
            lowered = name.lower()
            if lowered.startswith(("on", "hx-on", "data-hx-on")):
                found.append(f"{tag} {name}={value[:80]}")
            url = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if lowered in URL_ATTRIBUTES and url.startswith(("javascript:", "data:")):
                found.append(f"{tag} {name}={value[:80]}")
    return found


class Socket:
    """A websocket of a real screen; every frame it gets is checked for executable markup."""

    def __init__(self, stack: contextlib.ExitStack, server, path: str, cookies: dict[str, str]):
        self.ws = stack.enter_context(
            connect(
                server.ws_url(path),
                origin=server.origin,
                additional_headers={"Cookie": cookie_header(cookies)},
                open_timeout=10,
                max_size=None,
                ping_interval=None,  # browsers send no pings
                close_timeout=2,
            )
        )
        self.unsafe: list[str] = []

    def recv(self, timeout: float) -> str:
        frame = self.ws.recv(timeout=timeout)
        self.unsafe += executable_markup(frame)
        return frame

    def drain(self) -> None:
        try:
            while True:
                self.recv(timeout=0.05)
        except TimeoutError:
            pass

    def answer(self, message: str, key: str) -> str:
        """Send one frame; the frame that answers it (an ack or an error for its key)."""
        self.ws.send(message)
        while True:
            frame = self.recv(timeout=ANSWER_TIMEOUT)
            if f'data-key="{key}"' in frame:
                return frame

    def alive(self) -> bool:
        self.ws.send(json.dumps({"verb": "sync", "seq": 0}))
        while True:
            if 'data-rt="seq"' in self.recv(timeout=ANSWER_TIMEOUT):
                return True


def sign_in(server) -> dict[str, str]:
    status, headers, page = http_request(server, "GET", "/accounts/login/")
    cookies = set_cookies(headers)
    form = {
        "csrfmiddlewaretoken": CSRF.search(page).group(1),
        **FACILITATOR,
    }
    status, headers, _page = http_request(
        server, "POST", "/accounts/login/", form=form, cookies=cookies
    )
    assert status == 302
    cookies.update(set_cookies(headers))
    return cookies


@pytest.fixture(scope="module")
def site(running_cluster):
    """The package's two processes (the run's database, Redis): a workshop in the idea phase,
    a phone, the console and the projector, all connected."""
    cluster = running_cluster
    for index in range(cluster.processes):
        cluster.wait_up(index)
    workshop = cluster.workshop(phase="ideas", participants=1)
    code = workshop["code"]
    phone_cookies = {f"samskab_p_{code}": workshop["tokens"][0]}
    console_cookies = sign_in(cluster)
    with contextlib.ExitStack() as stack:
        sockets = {
            audience: Socket(stack, cluster, f"/ws/w/{code}/{audience}/", cookies)
            for audience, cookies in (
                ("participant", phone_cookies),
                ("facilitator", console_cookies),
                ("projector", console_cookies),
            )
        }
        for socket in sockets.values():
            socket.recv(timeout=ANSWER_TIMEOUT)  # the first frame
        cluster.code = code
        cluster.sockets = sockets
        cluster.cookies = {"participant": phone_cookies, "facilitator": console_cookies}
        yield cluster


def answer_is_clear(frame: str, key: str) -> bool:
    """An ack of `key`, or an error for it with a message a person can read."""
    root = lxml.html.fragment_fromstring(frame, create_parent="div")
    for element in root.xpath(f'//*[@data-key="{key}"]'):
        if element.get("data-rt") == "ack":
            return True
        if element.get("data-rt") == "error":
            message = element.text_content().strip()
            return bool(message) and "Traceback" not in message
    return False


@PROPERTY
@given(
    actor=st.sampled_from(["participant", "facilitator"]),
    verb=st.sampled_from(VERBS),
    fields=field_values,
)
def test_every_verb_answers_arbitrary_text_clearly_and_safely(site, actor, verb, fields):
    socket = site.sockets[actor]
    key = str(uuid.uuid4())
    reply = socket.answer(json.dumps({**fields, "verb": verb, "client_key": key}), key)
    assert answer_is_clear(reply, key), reply[:500]
    for screen in site.sockets.values():
        screen.drain()
        assert screen.unsafe == []


@PROPERTY
@given(raw=st.one_of(st.text(max_size=200), st.binary(max_size=200)))
def test_arbitrary_frames_get_an_error_and_the_socket_stays(site, raw):
    socket = site.sockets["participant"]
    socket.ws.send(raw)
    frame = socket.recv(timeout=ANSWER_TIMEOUT)
    while 'data-rt="error"' not in frame and 'data-rt="seq"' not in frame:
        frame = socket.recv(timeout=ANSWER_TIMEOUT)
    assert socket.alive()
    assert socket.unsafe == []


def csrf_token(site, path: str, cookies: dict[str, str]) -> str:
    status, headers, page = http_request(site, "GET", path, cookies=cookies)
    assert status == 200
    cookies.update(set_cookies(headers))
    return CSRF.search(page).group(1)


@PROPERTY
@given(verb=st.sampled_from(VERBS), fields=field_values)
def test_every_form_answers_arbitrary_text_without_a_crash(site, verb, fields):
    """The no-JavaScript fallback: the same verbs posted as forms; the page that follows shows
    what was typed (kept for another try), escaped."""
    cookies = dict(site.cookies["participant"])
    page_path = f"/w/{site.code}/"
    form = {**fields, "csrfmiddlewaretoken": csrf_token(site, page_path, cookies)}
    status, headers, body = http_request(
        site, "POST", f"/w/{site.code}/act/{verb}/", form=form, cookies=cookies
    )
    assert status in {302, 404, 429}, body[:500]
    cookies.update(set_cookies(headers))
    status, _headers, page = http_request(site, "GET", page_path, cookies=cookies)
    assert status == 200
    assert executable_markup(page, page=True) == []


@PROPERTY
@given(
    name=hostile_text,
    organisation=hostile_text,
    role=st.sampled_from(["citizen", "volunteer", "association", "staff", "politician", "x"]),
)
def test_the_join_form_answers_arbitrary_text_without_a_crash(site, name, organisation, role):
    cookies: dict[str, str] = {}
    join_path = f"/j/{site.code}/"
    form = {
        "csrfmiddlewaretoken": csrf_token(site, join_path, cookies),
        "display_name": name,
        "role": role,
        "new_organisation": organisation,
    }
    status, headers, body = http_request(site, "POST", join_path, form=form, cookies=cookies)
    assert status in {200, 302, 429}, body[:500]
    assert executable_markup(body, page=True) == []
    if status == 302:
        cookies.update(set_cookies(headers))
        status, _headers, page = http_request(site, "GET", f"/w/{site.code}/", cookies=cookies)
        assert status == 200 and executable_markup(page, page=True) == []


@PROPERTY
@given(title=hostile_text, question=hostile_text)
def test_the_new_workshop_form_answers_arbitrary_text_without_a_crash(site, title, question):
    cookies = dict(site.cookies["facilitator"])
    form = {
        "csrfmiddlewaretoken": csrf_token(site, "/dashboard/", cookies),
        "title": title,
        "question": question,
        "language": "en",
        "vote_budget": "5",
        "max_votes_per_idea": "3",
    }
    status, headers, body = http_request(site, "POST", "/dashboard/", form=form, cookies=cookies)
    assert status in {200, 302}, body[:500]
    assert executable_markup(body, page=True) == []
    if status == 302:
        console = dict(headers)["Location"]
        status, _headers, page = http_request(site, "GET", console, cookies=cookies)
        assert status == 200 and executable_markup(page, page=True) == []


def test_the_check_finds_executable_markup_and_passes_escaped_text():
    for payload in [HOSTILE[n] for n in (0, 1, 3, 4, -2)]:
        assert executable_markup(f"<p>{payload}</p>"), payload
        assert executable_markup(f"<p>{html.escape(payload)}</p>") == []
    assert executable_markup('<script src="/static/js/realtime.js"></script>', page=True) == []
    assert executable_markup('<script src="https://evil.example/x.js"></script>', page=True)


def test_every_screen_shows_what_was_thrown_at_it_without_executable_markup(site):
    """After the properties above (the same module's server): the pages every audience loads."""
    for audience, path in (
        ("participant", f"/w/{site.code}/"),
        ("facilitator", f"/w/{site.code}/console/"),
        ("facilitator", f"/w/{site.code}/projector/"),
        ("facilitator", "/dashboard/"),
    ):
        status, _headers, page = http_request(site, "GET", path, cookies=site.cookies[audience])
        assert status == 200
        assert executable_markup(page, page=True) == [], path
    for socket in site.sockets.values():
        assert socket.alive()
