"""A real Daphne process serving Samskab, for the process, browser and benchmark runs.

The server gets its own SQLite file in a temporary directory (migrated before it starts), the
in-memory channel layer unless `redis_url` is given, and a listening socket opened here and
handed over by file descriptor, so the port is free by construction. Set-up code (users,
workshops) runs through `manage.py shell -c` against the same database, so the test process
never shares a connection with the server.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
START_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0
FACILITATOR_USERNAME = "facilitator"
FACILITATOR_PASSWORD = "live-server-password-for-tests"

# Creates a facilitator and a workshop, optionally in a given phase, and prints them as JSON.
SETUP_WORKSHOP = """
import json, sys
from django.contrib.auth import get_user_model
from workshops.actions.base import Actor
from workshops.actions.workshop import do_create_workshop
from workshops.models import Workshop

spec = json.loads({spec!r})
user = get_user_model().objects.create_user(spec["username"], password=spec["password"])
workshop = do_create_workshop(
    actor=Actor.for_facilitator(user), title=spec["title"], question=spec["question"],
    language=spec["language"], base_url=spec["base_url"],
)
if spec["phase"]:
    Workshop.objects.filter(pk=workshop.pk).update(phase=spec["phase"])
print(json.dumps({{"code": workshop.join_code, "workshop_id": workshop.pk}}))
"""


class ServerError(RuntimeError):
    pass


@dataclass
class LiveServer:
    """A running Daphne process and the means to reach it and its database."""

    port: int
    directory: Path
    env: dict[str, str]
    process: subprocess.Popen | None = None
    log_path: Path = field(default=Path())
    profile_path: str = ""

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def origin(self) -> str:
        return self.base_url

    def ws_url(self, path: str) -> str:
        return f"ws://{HOST}:{self.port}{path}"

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def manage(self, *args: str, timeout: float = 120) -> str:
        """Run a management command against the server's database; its stdout."""
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise ServerError(f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def run_python(self, code: str, timeout: float = 120) -> dict | list:
        """Run Django code in the server's database; the JSON it prints last."""
        output = self.manage("shell", "-c", code, timeout=timeout)
        lines = [line for line in output.splitlines() if line.startswith(("{", "["))]
        if not lines:
            raise ServerError(f"No JSON in the output of the set-up code:\n{output}")
        return json.loads(lines[-1])

    def create_workshop(
        self,
        *,
        title: str = "Live test workshop",
        question: str = "How do more people meet across generations?",
        language: str = "en",
        phase: str = "",
    ) -> dict:
        """A facilitator (FACILITATOR_USERNAME) and a workshop; returns code and workshop_id."""
        spec = json.dumps(
            {
                "username": FACILITATOR_USERNAME,
                "password": FACILITATOR_PASSWORD,
                "title": title,
                "question": question,
                "language": language,
                "base_url": self.base_url,
                "phase": phase,
            }
        )
        return self.run_python(SETUP_WORKSHOP.format(spec=spec))

    def rss_kb(self) -> int:
        """The server's resident memory, from /proc (no psutil needed)."""
        status = Path(f"/proc/{self.pid}/status").read_text()
        match = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.MULTILINE)
        return int(match.group(1)) if match else 0

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def start(self, listener: socket.socket) -> None:
        log = self.log_path.open("ab")
        try:
            # With a profile path, the event loop's thread runs under cProfile (written on exit).
            runner = ["-m", "cProfile", "-o", self.profile_path] if self.profile_path else []
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    *runner,
                    "-m",
                    "daphne",
                    "--fd",
                    str(listener.fileno()),
                    "--verbosity",
                    "1",
                    "--access-log",
                    os.environ.get("LIVE_SERVER_ACCESS_LOG", os.devnull),
                    # A busy second must delay a handshake, not refuse it (Daphne's default: 5 s).
                    "--websocket_connect_timeout",
                    "30",
                    "--no-server-name",
                    "samskab.asgi:application",
                ],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=(listener.fileno(),),
            )
        finally:
            log.close()
        self.wait_until_healthy()

    def wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"Daphne exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                status, _headers, _body = http_request(self, "GET", "/healthz", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise ServerError(f"Daphne did not become healthy in {START_TIMEOUT}s:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=STOP_TIMEOUT)


def server_env(database_path: Path, redis_url: str = "") -> dict[str, str]:
    """The environment of a production-like start: DEBUG off, SECRET_KEY set, static served."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="samskab.settings",
        SECRET_KEY="live-server-secret-key-only-for-tests",
        DATABASE_URL=f"sqlite:///{database_path}",
        SERVE_STATIC="1",
        ALLOWED_HOSTS=f"{HOST},localhost",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


@contextmanager
def live_server(
    *, redis_url: str = "", extra_env: dict[str, str] | None = None, profile_path: str = ""
):
    """Start Daphne on a free port with a fresh database; always stop it and clean up."""
    directory = Path(tempfile.mkdtemp(prefix="samskab-live-"))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server = None
    try:
        listener.bind((HOST, 0))
        listener.listen(1024)
        env = server_env(directory / "db.sqlite3", redis_url)
        env.update(extra_env or {})
        server = LiveServer(
            port=listener.getsockname()[1],
            directory=directory,
            env=env,
            log_path=directory / "daphne.log",
            profile_path=profile_path,
        )
        server.manage("migrate", "--noinput")
        server.start(listener)
        listener.close()  # Daphne holds its own copy of the socket now
        yield server
    finally:
        listener.close()
        if server is not None:
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


# ---- plain HTTP, as a phone without a browser ----------------------------------------------


def http_request(
    server: LiveServer,
    method: str,
    path: str,
    *,
    form: dict[str, str] | None = None,
    cookies: dict[str, str] | None = None,
    timeout: float = 10,
) -> tuple[int, list[tuple[str, str]], str]:
    connection = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
    try:
        headers = {"Host": f"{HOST}:{server.port}"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = server.origin
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


def set_cookies(headers: list[tuple[str, str]]) -> dict[str, str]:
    cookies = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            cookie_name, _sep, rest = value.partition("=")
            cookies[cookie_name.strip()] = rest.split(";", 1)[0]
    return cookies


def join_over_http(server: LiveServer, code: str, name: str, role: str = "citizen") -> dict:
    """Join as a phone does without JavaScript: GET the form, POST it; the cookies it set."""
    status, headers, page = http_request(server, "GET", f"/j/{code}/")
    if status != 200:
        raise ServerError(f"GET /j/{code}/ answered {status}")
    cookies = set_cookies(headers)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    status, headers, page = http_request(
        server,
        "POST",
        f"/j/{code}/",
        form={"csrfmiddlewaretoken": token, "display_name": name, "role": role},
        cookies=cookies,
    )
    if status != 302:
        raise ServerError(f"Joining answered {status}:\n{page[:2000]}")
    cookies.update(set_cookies(headers))
    return cookies


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())
