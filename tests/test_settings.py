"""Configuration comes from the environment, with safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def settings_of(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "REDIS_URL", "DATABASE_URL"}
    }
    code = f"import samskab.settings as s; print({expression})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_start_without_secret_key_refuses_clearly():
    result = settings_of({}, "s.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_is_off_unless_set():
    assert settings_of({"SECRET_KEY": "x" * 50}, "s.DEBUG").stdout.strip() == "False"
    assert settings_of({"DEBUG": "1"}, "s.DEBUG").stdout.strip() == "True"


def test_defaults_are_sqlite_and_in_memory_layer():
    out = settings_of(
        {"SECRET_KEY": "x" * 50},
        "s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND']",
    ).stdout
    assert "sqlite3" in out and "InMemoryChannelLayer" in out


def test_environment_switches_to_postgres_and_redis():
    out = settings_of(
        {
            "SECRET_KEY": "x" * 50,
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        "s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND']",
    ).stdout
    assert "postgresql" in out and "RedisPubSubChannelLayer" in out


def test_this_run_uses_the_database_it_was_asked_for():
    engine = settings.DATABASES["default"]["ENGINE"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        assert engine == "django.db.backends.postgresql"
    else:
        assert engine == "django.db.backends.sqlite3"
