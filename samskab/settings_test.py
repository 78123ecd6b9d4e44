"""Settings for the test suite: the ordinary settings with a throwaway secret key."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from samskab.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Lets several test runs share one PostgreSQL server (each names its own test database).
if os.environ.get("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}  # noqa: F405

# On SQLite, a file rather than Django's shared-cache in-memory database: screens are rendered
# on their own thread while verbs write on another, and shared-cache memory databases refuse
# that with "table is locked" instead of waiting as a file in WAL mode does.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import tempfile

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"samskab-test-{os.getpid()}.sqlite3")
    }
