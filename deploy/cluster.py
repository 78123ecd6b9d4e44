"""`make run-cluster`: several Daphne processes on PostgreSQL and Redis behind nginx, one port.

    make run-cluster                              # 2 processes on http://127.0.0.1:8000
    make run-cluster PROCESSES=3 PORT=8080
    .venv/bin/python deploy/cluster.py --processes 2 --port 8000 [--bind 0.0.0.0]

It creates the database if it is missing (DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/samskab), runs migrate, collectstatic and seed_demo, starts N
Daphne processes on listening sockets it opens itself (127.0.0.1, free ports, handed over by
file descriptor), and runs nginx from the system packages in the foreground with
deploy/nginx.conf.template: one port, websockets upgraded, /static/ served by nginx from
collectstatic's output, everything else proxied to the processes (least connections). nginx's
pid, logs and temp files live in a temporary directory; the system's nginx service is not used.
Ctrl-C (or SIGTERM) stops everything; if any process dies, the rest are stopped too.

The benchmark (bench/servers.py) starts its multi-process runs with the same functions and the
same nginx template.
"""

from __future__ import annotations

import argparse
import grp
import http.client
import os
import pwd
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
REPO = DEPLOY.parent
TEMPLATE = DEPLOY / "nginx.conf.template"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/samskab"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# Daphne refuses a websocket whose handshake the application has not accepted within this many
# seconds (its default is 5): a busy second must not turn into refused phones.
DAPHNE_ARGS = ("--websocket_connect_timeout", "30")
START_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


def raise_nofile() -> int:
    """Raise this process's open-file limit to the hard limit (inherited by children)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def nginx_binary() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def render_nginx_conf(
    *,
    run_dir: Path,
    listen: str,
    upstreams: list[str],
    static_root: Path,
    access_log: str = "off",
    workers: str = "auto",
) -> str:
    """The nginx configuration from deploy/nginx.conf.template."""
    nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    user = ""
    if os.geteuid() == 0:
        # Workers drop root; they only read static files and write to run_dir.
        nobody = pwd.getpwnam("nobody")
        user = f"user nobody {grp.getgrgid(nobody.pw_gid).gr_name};"
    values = {
        "USER": user,
        "WORKERS": workers,
        "NOFILE": str(nofile),
        "CONNECTIONS": str(max(1024, min(32768, nofile - 64))),
        "RUN_DIR": str(run_dir),
        "ACCESS_LOG": access_log,
        "LISTEN": listen,
        "STATIC_ROOT": str(static_root).rstrip("/"),
        "UPSTREAMS": "\n".join(f"        server {address} max_fails=0;" for address in upstreams),
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    return text


class Nginx:
    """nginx in the foreground with its own pid, logs and temp paths in `run_dir`."""

    def __init__(self, run_dir: Path, conf_text: str):
        self.run_dir = run_dir
        run_dir.mkdir(parents=True, exist_ok=True)
        run_dir.chmod(0o755)  # the workers (nobody) reach their temp paths through it
        self.conf_path = run_dir / "nginx.conf"
        self.conf_path.write_text(conf_text)
        self.process: subprocess.Popen | None = None

    def test(self) -> None:
        binary = nginx_binary()
        if binary is None:
            raise SystemExit("nginx is not installed: apt-get install -y nginx")
        done = subprocess.run(
            [
                binary,
                "-t",
                "-q",
                "-p",
                str(self.run_dir),
                "-c",
                str(self.conf_path),
                "-e",
                str(self.run_dir / "error.log"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"nginx -t failed:\n{done.stderr}")

    def start(self, *, stdout=None) -> subprocess.Popen:
        self.test()
        self.process = subprocess.Popen(
            [
                nginx_binary(),
                "-p",
                str(self.run_dir),
                "-c",
                str(self.conf_path),
                "-e",
                str(self.run_dir / "error.log"),
            ],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.STDOUT if stdout is not None else None,
            preexec_fn=raise_nofile,
        )
        return self.process

    def pids(self) -> list[int]:
        """The master and its workers."""
        if self.process is None:
            return []
        return [self.process.pid, *child_pids(self.process.pid)]

    def stop(self) -> None:
        stop_process(self.process, signal.SIGQUIT)

    def error_log(self, lines: int = 20) -> str:
        try:
            text = (self.run_dir / "error.log").read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def child_pids(parent: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == parent:
            found.append(int(entry))
    return found


def open_listener(host: str = "127.0.0.1", port: int = 0, backlog: int = 4096) -> socket.socket:
    """A listening socket to hand to Daphne by file descriptor. Whoever holds it keeps the port
    (and its accept queue) across a restart of the process serving it."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(backlog)
    listener.set_inheritable(True)
    return listener


def daphne_command(
    fd: int,
    *,
    proxied: bool,
    extra_args: tuple[str, ...] | list[str] = DAPHNE_ARGS,
    access_log: str | None = None,
) -> list[str]:
    command = [sys.executable, "-m", "daphne", "--fd", str(fd), *extra_args]
    if proxied:
        command.append("--proxy-headers")
    if access_log is not None:
        command += ["--access-log", access_log]
    return [*command, "samskab.asgi:application"]


def start_daphne(
    *,
    app_dir: Path,
    env: dict[str, str],
    listener: socket.socket,
    proxied: bool,
    extra_args: tuple[str, ...] | list[str] = DAPHNE_ARGS,
    access_log: str | None = None,
    stdout=None,
) -> subprocess.Popen:
    return subprocess.Popen(
        daphne_command(
            listener.fileno(), proxied=proxied, extra_args=extra_args, access_log=access_log
        ),
        cwd=app_dir,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.STDOUT if stdout is not None else None,
        pass_fds=(listener.fileno(),),
        preexec_fn=raise_nofile,
    )


def http_get(host: str, port: int, path: str, timeout: float = 3.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_healthy(
    host: str, port: int, *, processes: list[subprocess.Popen], timeout: float = START_TIMEOUT
) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"process {process.pid} exited with {process.returncode}")
        try:
            status, body = http_get(host, port, "/healthz")
            if status == 200:
                return
            last = f"{status} {body[:200]!r}"
        except OSError as failure:
            last = repr(failure)
        time.sleep(0.2)
    raise RuntimeError(f"http://{host}:{port}/healthz not healthy in {timeout}s: {last}")


def stop_process(process: subprocess.Popen | None, first: int = signal.SIGTERM) -> None:
    if process is None or process.poll() is not None:
        return
    process.send_signal(first)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


# ---- the database ------------------------------------------------------------------------------


def is_postgres(url: str) -> bool:
    return urllib.parse.urlsplit(url).scheme in {"postgres", "postgresql", "pgsql"}


def _maintenance(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    return urllib.parse.urlunsplit(parts._replace(path="/postgres")), name


def ensure_database(url: str) -> bool:
    """Create the PostgreSQL database of `url` if it is missing; True if it was created."""
    import psycopg
    from psycopg import sql

    maintenance, name = _maintenance(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    maintenance, name = _maintenance(url)
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


# ---- make run-cluster --------------------------------------------------------------------------


def cluster_env(args: argparse.Namespace) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DEBUG"}
    public_host = "127.0.0.1" if args.bind in {"0.0.0.0", ""} else args.bind  # noqa: S104
    env.update(
        DJANGO_SETTINGS_MODULE="samskab.settings",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        REDIS_PREFIX=os.environ.get("REDIS_PREFIX", "samskab"),
        SERVE_STATIC="0",  # nginx serves /static/
        PORT=str(args.port),
        DEMO_BASE_URL=os.environ.get("DEMO_BASE_URL", f"http://{public_host}:{args.port}"),
        PYTHONUNBUFFERED="1",
    )
    # Production settings refuse to start without a key; one per start unless one is given
    # (signed-in facilitators sign in again after a restart).
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    return env


def manage(app_dir: Path, env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=app_dir, env=env, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=int(os.environ.get("PROCESSES", 2)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1"))
    parser.add_argument(
        "--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--app-dir", type=Path, default=REPO, help="the Samskab tree to serve")
    args = parser.parse_args()
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    if nginx_binary() is None:
        raise SystemExit("nginx is not installed: apt-get install -y nginx")
    raise_nofile()

    if is_postgres(args.database_url) and ensure_database(args.database_url):
        print(f"Created the database {_maintenance(args.database_url)[1]}", flush=True)
    env = cluster_env(args)
    manage(args.app_dir, env, "migrate", "--noinput")
    manage(args.app_dir, env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(args.app_dir, env, "seed_demo")

    run_dir = Path(tempfile.mkdtemp(prefix="samskab-cluster-"))
    listeners: list[socket.socket] = []
    daphnes: list[subprocess.Popen] = []
    nginx: Nginx | None = None
    stopping = False

    def stop(_signum=None, _frame=None):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    status = 0
    try:
        for _ in range(args.processes):
            listener = open_listener()
            listeners.append(listener)
            daphnes.append(
                start_daphne(app_dir=args.app_dir, env=env, listener=listener, proxied=True)
            )
        for listener in listeners:
            wait_healthy("127.0.0.1", listener.getsockname()[1], processes=daphnes)
        upstreams = [f"127.0.0.1:{listener.getsockname()[1]}" for listener in listeners]
        nginx = Nginx(
            run_dir,
            render_nginx_conf(
                run_dir=run_dir,
                listen=f"{args.bind}:{args.port}",
                upstreams=upstreams,
                static_root=args.app_dir / "staticfiles",
            ),
        )
        nginx.start()
        wait_healthy("127.0.0.1", args.port, processes=[*daphnes, nginx.process])
        print(
            f"Samskab on http://{env['DEMO_BASE_URL'].split('://', 1)[1]}/ : "
            f"{args.processes} Daphne processes ({', '.join(upstreams)}) behind nginx "
            f"(config and logs in {run_dir}). Ctrl-C stops.",
            flush=True,
        )
        while not stopping:
            dead = [p for p in [*daphnes, nginx.process] if p.poll() is not None]
            if dead:
                print(f"process {dead[0].pid} exited ({dead[0].returncode}); stopping", flush=True)
                status = 1
                break
            time.sleep(0.5)
    except (RuntimeError, subprocess.CalledProcessError) as failure:
        print(f"run-cluster: {failure}", file=sys.stderr)
        if nginx is not None:
            print(nginx.error_log(), file=sys.stderr)
        status = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if nginx is not None:
            nginx.stop()
        for process in daphnes:
            stop_process(process)
        for listener in listeners:
            listener.close()
        shutil.rmtree(run_dir, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
