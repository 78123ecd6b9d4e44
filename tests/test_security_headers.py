"""Behind a TLS proxy (issue 8, finding 6): the forwarded scheme is trusted when asked to, which
makes the participant cookie Secure; HSTS, a Content-Security-Policy without inline scripts, a
Permissions-Policy, no Server header, and `check --deploy` quiet with production variables."""

from __future__ import annotations

import http.client
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import join, set_phase
from tests.live_server import HOST, live_server, server_env, set_cookies
from tests.test_settings import settings_of
from workshops.codes import participant_cookie_name

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "samskab.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://samskab.example.org",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
    "DATABASE_URL": "postgres://samskab@db.example.org:5432/samskab",
    "REDIS_URL": "redis://redis.example.org:6379/0",
}


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


# ---- the proxy's scheme ---------------------------------------------------------------------


def join_over(client, workshop, **headers):
    return client.post(
        f"/j/{workshop.join_code}/",
        {"display_name": "Anna", "role": "volunteer", "new_organisation": ""},
        **headers,
    )


@pytest.mark.django_db
def test_participant_cookie_is_secure_when_the_proxy_says_https(client, workshop, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = join_over(client, workshop, HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 302
    assert response.cookies[participant_cookie_name(workshop.join_code)]["secure"]


@pytest.mark.django_db
def test_the_forwarded_scheme_is_ignored_unless_trusted(client, workshop, settings):
    """Without the opt-in a client could claim HTTPS itself: the header means nothing then."""
    settings.SECURE_PROXY_SSL_HEADER = None
    response = join_over(client, workshop, HTTP_X_FORWARDED_PROTO="https")
    assert not response.cookies[participant_cookie_name(workshop.join_code)]["secure"]


def test_the_proxy_header_is_opt_in_and_makes_the_site_https_only():
    expression = (
        "getattr(s, 'SECURE_PROXY_SSL_HEADER', None), s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE"
    )
    plain = settings_of({"SECRET_KEY": "x" * 50}, expression)
    assert plain.stdout.strip() == "None False 0 False False", plain.stderr
    proxied = settings_of(
        {"SECRET_KEY": "x" * 50, "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, expression
    )
    assert proxied.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') True 31536000 True True"
    trusted_only = settings_of(
        {
            "SECRET_KEY": "x" * 50,
            "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
            "HTTPS_ONLY": "0",
        },
        expression,
    )
    assert trusted_only.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') False 0 False False"


@pytest.mark.django_db(transaction=True)  # /healthz checks on its own thread's connection
def test_https_only_sends_hsts_and_redirects_plain_http_except_the_health_check(client, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    secure = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    plain = client.get("/", HTTP_X_FORWARDED_PROTO="http")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    assert client.get("/healthz").status_code == 200


def test_behind_the_proxy_a_real_server_marks_the_participant_cookie_secure():
    """The finding as found: Daphne behind a TLS proxy, the 60-day cookie without `Secure`."""
    with live_server(extra_env={"SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto"}) as server:
        code = server.create_workshop()["code"]

        def request(method, path, *, proto="https", form=None, cookies=None):
            connection = http.client.HTTPConnection(HOST, server.port, timeout=10)
            headers = {"Host": f"{HOST}:{server.port}", "X-Forwarded-Proto": proto}
            body = None
            if form is not None:
                body = urllib.parse.urlencode(form)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["Origin"] = f"https://{HOST}:{server.port}"
            if cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                return response.status, response.getheaders(), response.read().decode()
            finally:
                connection.close()

        status, headers, _ = request("GET", f"/j/{code}/", proto="http")
        assert status == 301 and dict(headers)["Location"].startswith("https://")
        status, headers, page = request("GET", f"/j/{code}/")
        assert status == 200
        assert dict(headers)["Strict-Transport-Security"].startswith("max-age=31536000")
        cookies = set_cookies(headers)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "display_name": "Anna", "role": "citizen"}
        status, headers, _ = request("POST", f"/j/{code}/", form=form, cookies=cookies)
        assert status == 302
        participant_cookie = next(
            value
            for name, value in headers
            if name.lower() == "set-cookie"
            and value.startswith(participant_cookie_name(code) + "=")
        )
        assert "; secure" in participant_cookie.lower()


# ---- Content-Security-Policy and Permissions-Policy ----------------------------------------


@pytest.mark.django_db
def test_pages_carry_a_policy_without_inline_scripts(client):
    response = client.get("/")
    directives = policy(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"] + directives["default-src"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    permissions = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions


def test_websockets_to_the_trusted_origin_are_allowed():
    out = settings_of(
        {"SECRET_KEY": "x" * 50, "CSRF_TRUSTED_ORIGINS": "https://samskab.example.org"},
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['connect-src']",
    ).stdout
    assert out.strip() == "[\"'self'\", 'wss://samskab.example.org']"


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>")
HANDLER_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.DOTALL)
JAVASCRIPT_URL = re.compile(r"=\s*[\"']?\s*javascript:", re.IGNORECASE)


def executable_markup(html: str) -> list[str]:
    found = INLINE_SCRIPT.findall(html) + HANDLER_ATTRIBUTE.findall(html)
    return found + JAVASCRIPT_URL.findall(html)


def test_no_template_has_inline_script_or_handler_attribute():
    templates = sorted((ROOT / "templates").rglob("*.html"))
    assert len(templates) > 20
    offenders = {
        str(path.relative_to(ROOT)): executable_markup(path.read_text())
        for path in templates
        if executable_markup(path.read_text())
    }
    assert offenders == {}


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango60Warning")
def test_every_screen_renders_without_inline_scripts(client, workshop, facilitator):
    from django.contrib.auth import get_user_model

    set_phase(workshop, "ideas")
    _participant, token = join(workshop)
    code = workshop.join_code
    pages = {"home": client.get("/"), "join": client.get(f"/j/{code}/")}
    pages["login"] = client.get("/accounts/login/")
    pages["admin login"] = client.get("/admin/login/")
    client.cookies[participant_cookie_name(code)] = token
    pages["phone"] = client.get(f"/w/{code}/")
    client.force_login(facilitator)
    pages["dashboard"] = client.get("/dashboard/")
    pages["console"] = client.get(f"/w/{code}/console/")
    pages["projector"] = client.get(f"/w/{code}/projector/")
    admin = get_user_model().objects.create_superuser("root", password="pw-for-tests-only")
    client.force_login(admin)
    pages["admin"] = client.get("/admin/")
    pages["admin change form"] = client.get(f"/admin/workshops/workshop/{workshop.pk}/change/")
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert "Content-Security-Policy" in response, name
        assert executable_markup(response.content.decode()) == [], name


# ---- manage.py check --deploy ---------------------------------------------------------------


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "REDIS_URL", "DATABASE_URL", "TEST_DB_NAME"}
        and not key.startswith(("HSTS_", "SECURE_", "HTTPS_", "CSRF_", "ALLOWED_"))
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "samskab.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_with_production_variables_prints_no_warning():
    result = check_deploy(PRODUCTION)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "security.W" not in output


def test_check_deploy_does_warn_without_them():
    """The check above is not quiet by accident: without the proxy variables it speaks up."""
    result = check_deploy({"SECRET_KEY": PRODUCTION["SECRET_KEY"]})
    output = result.stdout + result.stderr
    for warning in ("security.W004", "security.W008", "security.W012"):
        assert warning in output


# ---- a real Daphne, started as the README says ---------------------------------------------


def fetch_raw(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request)
        return connection.recv(65536)


def test_daphne_started_as_documented_sends_no_server_header():
    with tempfile.TemporaryDirectory(prefix="samskab-headers-") as directory:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        port = listener.getsockname()[1]
        env = server_env(Path(directory) / "db.sqlite3")
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "--no-server-name",
                "--fd",
                str(listener.fileno()),
                "samskab.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(listener.fileno(),),
        )
        listener.close()
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    connection.request("GET", "/")
                    response = connection.getresponse()
                    response.read()
                    break
                except OSError:
                    assert process.poll() is None and time.monotonic() < deadline
                    time.sleep(0.2)
            assert response.status == 200
            assert response.getheader("Server") is None
            assert "script-src 'self'" in response.getheader("Content-Security-Policy")
            assert "camera=()" in response.getheader("Permissions-Policy")
            handshake = fetch_raw(
                port,
                b"GET /ws/w/NOPE00/participant/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Origin: http://127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
            )
            head = handshake.split(b"\r\n\r\n", 1)[0].lower()
            assert head.startswith(b"http/1.1 ")
            assert b"\r\nserver:" not in head
        finally:
            process.terminate()
            process.wait(timeout=10)
