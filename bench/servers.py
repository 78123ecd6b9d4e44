"""The servers a benchmark run measures: Samskab (Daphne processes, optionally behind nginx, on
PostgreSQL or SQLite, Redis or the in-memory layer) and the bare `websockets` baseline. Each
run gets its own database (a PostgreSQL database created and dropped here, or an SQLite file)
and its own Redis prefix; nothing shared is flushed. CPU and memory come from /proc.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from deploy.cluster import (  # noqa: E402
    DAPHNE_ARGS,
    Nginx,
    drop_database,
    ensure_database,
    http_get,
    open_listener,
    render_nginx_conf,
    start_daphne,
    stop_process,
    wait_healthy,
)

HOST = "127.0.0.1"
POSTGRES_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CLK_TCK = os.sysconf("SC_CLK_TCK")
_counter = 0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ---- /proc -------------------------------------------------------------------------------------


def rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.MULTILINE)
    return int(match.group(1)) if match else 0


def process_table() -> dict[int, tuple[str, int]]:
    """Every process: pid -> (command name, CPU ticks used so far)."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        table[int(entry)] = (name, int(fields[11]) + int(fields[12]))
    return table


def machine_ticks() -> tuple[int, int]:
    """(busy, total) ticks of all cores."""
    line = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    values = [int(v) for v in line]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class CpuWindow:
    """CPU used between start() and stop(), by groups of processes, in % of one core."""

    def __init__(self):
        self.started = time.monotonic()
        self.before = process_table()
        self.machine_before = machine_ticks()

    def stop(self, groups: dict[str, list[int]]) -> dict[str, float]:
        elapsed = max(1e-6, time.monotonic() - self.started)
        after = process_table()
        busy, total = machine_ticks()

        def used(pid: int) -> int:
            if pid not in after:
                return 0  # gone (killed) before the end: its last ticks are not known
            return after[pid][1] - self.before.get(pid, (None, 0))[1]

        result = {}
        for name, pids in groups.items():
            ticks = sum(used(pid) for pid in set(pids))
            result[f"{name}_cpu_pct"] = round(100 * ticks / CLK_TCK / elapsed, 1)
        for name, comm in (("db", "postgres"), ("redis", "redis-server")):
            ticks = sum(used(pid) for pid, (c, _t) in after.items() if c == comm)
            result[f"{name}_cpu_pct"] = round(100 * ticks / CLK_TCK / elapsed, 1)
        cores = os.cpu_count() or 1
        share = (busy - self.machine_before[0]) / max(1, total - self.machine_before[1])
        result["machine_cpu_pct"] = round(100 * share * cores, 1)  # out of 100 x cores
        return result


def postgres_connections() -> int | None:
    """Connections open on the PostgreSQL server now (others' use can exhaust max_connections
    and make the servers under test fail)."""
    try:
        import psycopg

        with psycopg.connect(f"{POSTGRES_SERVER}/postgres", connect_timeout=5) as connection:
            return connection.execute("SELECT COUNT(*) FROM pg_stat_activity").fetchone()[0]
    except Exception:  # noqa: BLE001 - only informative
        return None


# ---- Samskab -----------------------------------------------------------------------------------


def manage_env(base: dict[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(base)
    return env


class Samskab:
    """N Daphne processes on one database and channel layer; nginx in front when proxied."""

    kind = "samskab"

    def __init__(
        self,
        *,
        app_dir: Path,
        processes: int = 1,
        db: str = "postgres",
        layer: str = "redis",
        proxy: bool | None = None,
        daphne_args: list[str] | None = None,
        extra_env: dict[str, str] | None = None,
    ):
        global _counter
        _counter += 1
        self.app_dir = app_dir
        self.processes = processes
        self.db = db
        self.layer = layer
        self.proxy = processes > 1 if proxy is None else proxy
        self.daphne_args = list(DAPHNE_ARGS if daphne_args is None else daphne_args)
        self.directory = Path(tempfile.mkdtemp(prefix="samskab-bench-"))
        self.prefix = f"bench-{os.getpid()}-{_counter}-{secrets.token_hex(3)}"
        if db == "postgres":
            self.db_name = f"samskab_bench_{os.getpid()}_{_counter}"
            self.database_url = f"{POSTGRES_SERVER}/{self.db_name}"
        else:
            self.database_url = f"sqlite:///{self.directory / 'db.sqlite3'}"
        env = {
            "DJANGO_SETTINGS_MODULE": "samskab.settings",
            "SECRET_KEY": "bench-secret-key-" + secrets.token_hex(16),
            "DATABASE_URL": self.database_url,
            "SERVE_STATIC": "0" if self.proxy else "1",
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            # Every bench phone joins from this one machine: more than a venue's NAT address.
            "JOINS_PER_ADDRESS_PER_MINUTE": "100000",
        }
        if layer == "redis":
            env.update(REDIS_URL=REDIS_URL, REDIS_PREFIX=self.prefix)
        env.update(extra_env or {})
        self.env = manage_env(env)
        self.listeners = []
        self.daphnes: list[subprocess.Popen | None] = []
        self.all_daphne_pids: list[int] = []
        self.nginx: Nginx | None = None
        self.front_port = 0
        self.started_db = False
        self.managing: set[subprocess.Popen] = set()
        self.stopped = False

    # -- addresses

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.front_port}"

    @property
    def ws_base(self) -> str:
        return f"ws://{HOST}:{self.front_port}"

    def describe(self) -> dict:
        return {
            "processes": self.processes,
            "db": self.db,
            "layer": self.layer,
            "proxy": "nginx" if self.proxy else "none",
        }

    # -- life cycle

    def start(self) -> None:
        log(f"samskab: {self.describe()} from {self.app_dir}")
        if self.db == "postgres":
            ensure_database(self.database_url)
            self.started_db = True
        self.manage("migrate", "--noinput")
        if self.proxy:
            self.manage("collectstatic", "--noinput", "--verbosity", "0")
        for _ in range(self.processes):
            self.listeners.append(open_listener(HOST))
            self.daphnes.append(None)
        for index in range(self.processes):
            self.start_daphne(index)
        for index, listener in enumerate(self.listeners):
            wait_healthy(HOST, listener.getsockname()[1], processes=[self.daphnes[index]])
        if self.proxy and not self.stopped:
            front = open_listener(HOST)  # reserve a free port for nginx, then hand it over
            self.front_port = front.getsockname()[1]
            front.close()
            run_dir = self.directory / "nginx"
            self.nginx = Nginx(
                run_dir,
                render_nginx_conf(
                    run_dir=run_dir,
                    listen=f"{HOST}:{self.front_port}",
                    upstreams=[f"{HOST}:{sock.getsockname()[1]}" for sock in self.listeners],
                    static_root=self.app_dir / "staticfiles",
                ),
            )
            self.nginx.start(stdout=(self.directory / "nginx.out").open("ab"))
            wait_healthy(HOST, self.front_port, processes=[self.nginx.process])
        else:
            self.front_port = self.listeners[0].getsockname()[1]

    def start_daphne(self, index: int) -> None:
        if self.stopped:
            raise RuntimeError("stopped")
        log_file = (self.directory / f"daphne-{index + 1}.log").open("ab")
        try:
            process = start_daphne(
                app_dir=self.app_dir,
                env=self.env,
                listener=self.listeners[index],
                proxied=self.proxy,
                extra_args=self.daphne_args,
                access_log=os.devnull,
                stdout=log_file,
            )
        finally:
            log_file.close()
        self.daphnes[index] = process
        self.all_daphne_pids.append(process.pid)

    def kill(self) -> None:
        """kill -9 every Daphne process; the listening sockets stay (held here)."""
        for process in self.daphnes:
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGKILL)
        for process in self.daphnes:
            if process is not None:
                process.wait(timeout=10)

    def restart(self) -> None:
        for index in range(self.processes):
            self.start_daphne(index)

    def wait_healthy(self, timeout: float = 60) -> None:
        for index, listener in enumerate(self.listeners):
            wait_healthy(
                HOST, listener.getsockname()[1], processes=[self.daphnes[index]], timeout=timeout
            )

    def stop(self, keep: bool = False) -> None:
        self.stopped = True
        for process in list(self.managing):
            process.kill()
        if self.nginx is not None:
            self.nginx.stop()
        for process in self.daphnes:
            stop_process(process)
        for listener in self.listeners:
            listener.close()
        if self.layer == "redis":
            self.forget_redis_keys()
        if self.started_db:
            try:
                drop_database(self.database_url)
            except Exception as failure:  # noqa: BLE001 - report and go on cleaning
                log(f"could not drop {self.db_name}: {failure}")
        if keep:
            log(f"logs kept in {self.directory}")
        else:
            shutil.rmtree(self.directory, ignore_errors=True)

    def forget_redis_keys(self) -> None:
        """Keys under this run's own prefix only (pub/sub leaves none, normally)."""
        try:
            import redis

            client = redis.Redis.from_url(REDIS_URL)
            keys = list(client.scan_iter(match=f"{self.prefix}*", count=1000))
            if keys:
                client.delete(*keys)
            client.close()
        except Exception as failure:  # noqa: BLE001
            log(f"redis clean-up skipped: {failure}")

    def log_tail(self, lines: int = 15) -> str:
        parts = []
        for path in sorted(self.directory.glob("daphne-*.log")):
            text = [line[:300] for line in path.read_text(errors="replace").splitlines()[-lines:]]
            parts.append(f"--- {path.name}\n" + "\n".join(text))
        if self.nginx is not None:
            parts.append("--- nginx\n" + self.nginx.error_log(lines))
        return "\n".join(parts)

    # -- measurement

    def server_pids(self) -> list[int]:
        return [p.pid for p in self.daphnes if p is not None and p.poll() is None]

    def proxy_pids(self) -> list[int]:
        return self.nginx.pids() if self.nginx is not None else []

    def cpu_groups(self) -> dict[str, list[int]]:
        return {"server": list(self.all_daphne_pids), "proxy": self.proxy_pids()}

    def rss_kb(self) -> int:
        return sum(rss_kb(pid) for pid in self.server_pids())

    def warm(self, code: str) -> None:
        """One page and one health check per process: templates and code paths are loaded
        before memory is measured."""
        for listener in self.listeners:
            port = listener.getsockname()[1]
            http_get(HOST, port, f"/j/{code}/", timeout=30)
            http_get(HOST, port, "/healthz", timeout=30)

    # -- the database

    def manage(self, *args: str, timeout: float = 300) -> str:
        process = subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=self.app_dir,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.managing.add(process)  # stop() ends it if the run is interrupted
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            stdout, stderr = process.communicate()
        finally:
            self.managing.discard(process)
        if process.returncode != 0:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{stdout}\n{stderr}")
        return stdout

    def run_python(self, code: str, timeout: float = 300) -> dict | list:
        """Django code in the run's database (manage.py shell); the JSON it printed last."""
        output = self.manage("shell", "-c", code, timeout=timeout)
        lines = [line for line in output.splitlines() if line.startswith(("{", "["))]
        if not lines:
            raise RuntimeError(f"No JSON in the output of the set-up code:\n{output}")
        return json.loads(lines[-1])

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """A quick read for polling (the bench's own connection, outside the servers)."""
        if self.db == "postgres":
            if not hasattr(self, "_pg"):
                import psycopg

                self._pg = psycopg.connect(self.database_url, autocommit=True)
            return self._pg.execute(sql.replace("?", "%s"), params).fetchall()
        connection = sqlite3.connect(urllib.parse.urlsplit(self.database_url).path, timeout=20)
        try:
            return connection.execute(sql, params).fetchall()
        finally:
            connection.close()

    def close_query(self) -> None:
        if hasattr(self, "_pg"):
            self._pg.close()
            del self._pg

    def connections(self) -> tuple[int, int] | None:
        """(connections to this run's database, connections to the server in all)."""
        if self.db != "postgres":
            return None
        rows = self.query(
            "SELECT COUNT(*) FILTER (WHERE datname = ?), COUNT(*) FROM pg_stat_activity",
            (self.db_name,),
        )
        return rows[0][0] - 1, rows[0][1]  # without the bench's own connection

    def seq(self, workshop_id: int) -> int:
        return self.query("SELECT seq FROM workshops_workshop WHERE id = ?", (workshop_id,))[0][0]

    def dots_stored(self, workshop_id: int) -> int:
        rows = self.query(
            "SELECT COALESCE(SUM(v.dots), 0) FROM ideas_vote v "
            "JOIN ideas_votinground r ON v.round_id = r.id WHERE r.workshop_id = ?",
            (workshop_id,),
        )
        return int(rows[0][0])

    def tallies(self, workshop_id: int) -> dict[int, int]:
        rows = self.query(
            "SELECT v.idea_id, SUM(v.dots) FROM ideas_vote v "
            "JOIN ideas_votinground r ON v.round_id = r.id WHERE r.workshop_id = ? "
            "GROUP BY v.idea_id",
            (workshop_id,),
        )
        return {int(item): int(dots) for item, dots in rows if item is not None and dots}

    def ideas_stored(self, workshop_id: int) -> list[str]:
        rows = self.query("SELECT text FROM ideas_idea WHERE workshop_id = ?", (workshop_id,))
        return [row[0] for row in rows]


# ---- the baseline ------------------------------------------------------------------------------


class Baseline:
    """bench/baseline.py in its own process, on a socket held here (so it survives kill -9)."""

    kind = "baseline"
    processes = 1

    def __init__(self, *, sizes: dict[str, int]):
        self.sizes = sizes
        self.directory = Path(tempfile.mkdtemp(prefix="samskab-baseline-"))
        self.state = self.directory / "state.jsonl"
        self.listener = None
        self.process: subprocess.Popen | None = None
        self.all_pids: list[int] = []

    @property
    def port(self) -> int:
        return self.listener.getsockname()[1]

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def ws_base(self) -> str:
        return f"ws://{HOST}:{self.port}"

    def describe(self) -> dict:
        return {"processes": 1, "db": "none", "layer": "none", "proxy": "none"}

    def start(self) -> None:
        self.listener = open_listener(HOST)
        self.restart()
        self.wait_healthy()

    def restart(self) -> None:
        from deploy.cluster import raise_nofile

        sizes = ",".join(f"{name}={size}" for name, size in self.sizes.items())
        log_file = (self.directory / "baseline.log").open("ab")
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    str(BENCH / "baseline.py"),
                    "--fd",
                    str(self.listener.fileno()),
                    "--sizes",
                    sizes,
                    "--state",
                    str(self.state),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                pass_fds=(self.listener.fileno(),),
                preexec_fn=raise_nofile,
            )
        finally:
            log_file.close()
        self.all_pids.append(self.process.pid)

    def wait_healthy(self, timeout: float = 30) -> None:
        wait_healthy(HOST, self.port, processes=[self.process], timeout=timeout)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self, keep: bool = False) -> None:
        stop_process(self.process)
        if self.listener is not None:
            self.listener.close()
        if keep:
            log(f"logs kept in {self.directory}")
        else:
            shutil.rmtree(self.directory, ignore_errors=True)

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = (self.directory / "baseline.log").read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def server_pids(self) -> list[int]:
        return [self.process.pid] if self.process and self.process.poll() is None else []

    def cpu_groups(self) -> dict[str, list[int]]:
        return {"server": list(self.all_pids), "proxy": []}

    def rss_kb(self) -> int:
        return sum(rss_kb(pid) for pid in self.server_pids())

    def warm(self, code: str) -> None:
        http_get(HOST, self.port, "/healthz")

    def stats(self) -> dict:
        status, body = http_get(HOST, self.port, "/stats", timeout=60)
        return json.loads(body)

    def seq(self, _workshop_id: int) -> int:
        return self.stats()["seq"]

    def dots_stored(self, _workshop_id: int) -> int:
        return sum(self.stats()["tallies"].values())

    def tallies(self, _workshop_id: int) -> dict[int, int]:
        return {int(k): v for k, v in self.stats()["tallies"].items()}

    def ideas_stored(self, _workshop_id: int) -> list[str]:
        return self.stats()["ideas"]

    def close_query(self) -> None:
        pass

    def connections(self) -> None:
        return None
