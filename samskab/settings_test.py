"""Settings for the test suite: the ordinary settings with a throwaway secret key."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from samskab.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Lets several test runs share one PostgreSQL server (each names its own test database).
if os.environ.get("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}  # noqa: F405
