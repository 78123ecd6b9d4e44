"""Settings for Samskab, read from the environment (12-factor).

Defaults give a self-contained development set-up: SQLite and the in-memory channel layer.
`DATABASE_URL` switches to PostgreSQL and `REDIS_URL` to channels-redis, the production set-up.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # A clear message and a non-zero exit instead of a traceback.
        raise SystemExit(
            "Samskab refuses to start: SECRET_KEY is not set. Set the SECRET_KEY environment "
            "variable to a long random value in production, or DEBUG=1 for development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "channels",
    "django_htmx",
    "axes",
    "csp",
    "workshops",
    "ideas",
    "realtime",
    "processes",
    "registrations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "samskab.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "samskab.urls"
ASGI_APPLICATION = "samskab.asgi.application"

# Widgets render with the project's templates, so a widget can have a template of its own
# (templates/workshops/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
# How long a write waits for a lock held by another transaction (another write to the same
# workshop; on SQLite, any write) before it fails. A socket then answers "not saved yet,
# retrying" and the phone sends the same submission again, instead of a thread stuck for good.
DB_LOCK_TIMEOUT = float(os.environ.get("DB_LOCK_TIMEOUT", "20"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c lock_timeout={int(DB_LOCK_TIMEOUT * 1000)}"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", True):
    # A pool instead of a new connection per database call: every socket's work (the verbs,
    # identifying a phone) runs as short calls that each used to open and close one.
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them; Django must not
    # A request that finds every connection busy waits its turn: in a rush of 2,000 phones a
    # 20 s wait answered a few page loads with 500. Processes × DB_POOL_SIZE must stay below
    # PostgreSQL's max_connections (100 by default).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": int(os.environ.get("DB_POOL_SIZE", "30")),
        "timeout": 60,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent writers queue on the
    # timeout instead of failing with "database is locked" when a read lock is upgraded.
    # WAL lets screens read while an action writes, and syncs to disk at checkpoints rather
    # than at every commit.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": DB_LOCK_TIMEOUT,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis pub/sub: a group message is published once and each Daphne process fans it out to
    # its own sockets (the list-based layer pushes and pops one copy per socket: 3-4x slower at
    # 200 phones, bench/README.md). Delivery is at most once either way; screens recover gaps
    # from the event log.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            # Pub/sub channels ignore Redis' database number: deployments sharing a Redis
            # keep apart by prefix.
            "CONFIG": {"hosts": [REDIS_URL], "prefix": os.environ.get("REDIS_PREFIX", "samskab")},
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "realtime.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": 1500, "expiry": 60},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("da", _("Danish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Copenhagen")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Daphne serves static files itself when DEBUG or SERVE_STATIC is on (development, tests);
# in production a proxy in front serves STATIC_ROOT.
SERVE_STATIC = env_bool("SERVE_STATIC", DEBUG)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workshops:dashboard"
LOGOUT_REDIRECT_URL = "home"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and bool(CSRF_TRUSTED_ORIGINS))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# ---- E-mail (optional: invitations and registrations work without it) -------------------------
# The console backend prints mail to the log; set EMAIL_BACKEND and the SMTP settings to send.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "samskab@localhost")

# Where join links and QR codes point; empty means "the host the request came in on".
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").rstrip("/")

# ---- Personal data and joining limits (README, "Personal data") ------------------------------
# Days after a workshop closes before `erase_expired_personal_data` erases its participants'
# names, organisations and device links; 0 keeps them until staff erase them.
PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("PERSONAL_DATA_RETENTION_DAYS", "365"))
# Joins per minute from one address (a venue's Wi-Fi puts hundreds of phones behind one) and
# into one workshop (a 2,000-person room joining in the first minutes).
JOINS_PER_ADDRESS_PER_MINUTE = int(os.environ.get("JOINS_PER_ADDRESS_PER_MINUTE", "600"))
JOINS_PER_WORKSHOP_PER_MINUTE = int(os.environ.get("JOINS_PER_WORKSHOP_PER_MINUTE", "5000"))

# ---- HTTPS behind a TLS proxy ----------------------------------------------------------------
# The proxy ends TLS and forwards plain HTTP, naming the scheme in a header (usually
# X-Forwarded-Proto). Trusting that header is opt-in: only a proxy that always sets it, whatever
# the client sent, may be trusted with it. Then a request through it counts as HTTPS (so the
# participant cookie is Secure) and the site is HTTPS-only (HSTS, redirect, Secure cookies)
# unless HTTPS_ONLY=0.
PROXY_SSL_HEADER = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip().upper().replace("-", "_")
if PROXY_SSL_HEADER:
    if not PROXY_SSL_HEADER.startswith("HTTP_"):
        PROXY_SSL_HEADER = f"HTTP_{PROXY_SSL_HEADER}"
    SECURE_PROXY_SSL_HEADER = (PROXY_SSL_HEADER, "https")
HTTPS_ONLY = env_bool("HTTPS_ONLY", bool(PROXY_SSL_HEADER) and not DEBUG)
if HTTPS_ONLY and "SECURE_COOKIES" not in os.environ:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health check may ask over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000" if HTTPS_ONLY else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)

# ---- Content-Security-Policy (django-csp) and Permissions-Policy ------------------------------
# Scripts come only from our own static files: no inline script, handler attribute or eval
# (tests/test_security_headers.py reads every template for them). Styles allow 'unsafe-inline':
# live fragments carry small <style> elements and style="width: …" bars, and a fragment rendered
# once for every screen cannot carry a per-request nonce. Websockets go to the page's own host
# ('self'; the wss:// form of each trusted origin for browsers that do not match ws to 'self').
WEBSOCKET_ORIGINS = [
    f"ws{origin[4:]}" for origin in CSRF_TRUSTED_ORIGINS if origin.startswith(("http:", "https:"))
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF, *WEBSOCKET_ORIGINS],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no screen uses stay off for the page and anything it could embed.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self"],
}

# ---- Sign-in throttling (django-axes) ---------------------------------------------------------
# LOGIN_FAILURE_LIMIT wrong passwords for one username from one address lock that pair out for
# LOGIN_COOLOFF_MINUTES (a new failure meanwhile restarts the wait), on the facilitators'
# sign-in and the admin's alike; the right password resets the count. The address is the one
# Daphne sees: behind a proxy start it with --proxy-headers, or everyone shares the proxy's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "samskab.security.locked_out"
AXES_DISABLE_ACCESS_LOG = True  # failures are kept (they are the count); successes need not be

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
