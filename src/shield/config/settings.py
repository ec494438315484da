"""Settings, read from the environment (12-factor).

DATABASE_URL   default: an SQLite file ``shield.sqlite3`` in the working directory (WAL mode)
SECRET_KEY     required unless DEBUG is on (then a development key) or under ``shield demo``
               (a key generated per process) or the test suite; without it the server and
               the ``shield`` commands refuse to start and say how to make one
DEBUG          "1"/"true" to enable
ALLOWED_HOSTS  comma-separated, default "127.0.0.1,localhost"; required with SHIELD_PRODUCTION
SHIELD_PRODUCTION  "1": HTTPS only behind a proxy (SSL redirect, HSTS, secure cookies, the
               proxy's X-Forwarded-Proto trusted): ``shield manage check --deploy`` is clean
SHIELD_TAG_AUTHORITY  the authority of the Atom feed's tag: ids (default "heritage-shield,2026")
SHIELD_TILE_URL  an online tile URL template; unset means the bundled offline basemap only
SHIELD_EVIDENCE_DIR  where evidence files are stored (default ./evidence)
SHIELD_JOBS_DIR  where jobs keep their files: uploads waiting to be imported, exports (default ./jobs)
SHIELD_IMPORT_JOB_FROM  bytes from which an API import runs as a job (default 1 MiB)
SHIELD_EXPORT_JOB_FROM  records from which an API export runs as a job (default 10,000)
SHIELD_JOBS_KEEP_DAYS  days a finished job's files (exports) are kept (default 7)
SHIELD_LOG_KEY / SHIELD_LOG_KEY_FILE  the transparency log's signer key (``shield log keygen``),
               or a file holding it; its name is the log's origin
SHIELD_LOG_WITNESSES  the verifier keys of the witnesses whose cosignatures the log accepts
               (comma- or newline-separated)
SHIELD_CERT_KEY / SHIELD_CERT_KEY_FILE  the signer key of search and export certificates
               (``shield certificate keygen``); default: a key derived from SECRET_KEY
SHIELD_TSA_URL  an RFC 3161 timestamp authority for trusted time on checkpoints and evidence
               packages (unset: none is obtained, and the answers say so)
SHIELD_TSA_CA_FILE  the timestamp authority's CA certificate (PEM), to check its tokens
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DEBUG", False)
# No published fallback: with DEBUG off and no SECRET_KEY the key stays empty, and the server
# (shield.config.wsgi) and the ``shield`` commands refuse to start with SECRET_KEY_HELP.
# ``shield demo`` generates a key for its process; the test suite sets one (tests/conftest.py).
SECRET_KEY = os.environ.get("SECRET_KEY", "").strip() or (
    "dev-only-insecure-key-for-DEBUG" if DEBUG else ""
)
SECRET_KEY_HELP = (
    "SECRET_KEY is not set. With DEBUG off the server needs a secret key of its own: make one with\n"
    "    python -c 'import secrets; print(secrets.token_urlsafe(50))'\n"
    "and set it in the environment (export SECRET_KEY=...), the same for every worker and across "
    "restarts (a new key logs everyone out). `shield demo` and DEBUG=1 use a development key."
)
PRODUCTION = _flag("SHIELD_PRODUCTION", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("SHIELD_PRODUCTION and DEBUG are both on: turn DEBUG off.")
if PRODUCTION and not os.environ.get("ALLOWED_HOSTS", "").strip():
    raise ImproperlyConfigured(
        "SHIELD_PRODUCTION is on but ALLOWED_HOSTS is not set: set it to the host names the "
        "site answers to, comma-separated (e.g. ALLOWED_HOSTS=shield.example.org)."
    )
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",  # its Swagger UI from our own static files (the Content-Security-Policy allows no CDN)
    "shield.accounts",
    "shield.parties",
    "shield.audit",
    "shield.registry",
    "shield.listing",
    "shield.monitoring",
    "shield.provenance",
    "shield.fund",
    "shield.jobs",
    "shield.screening",
    "shield.market",
    "shield.web",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "shield.web.nul.RefuseNulMiddleware",  # before anything looks a value up in the database
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shield.accounts.middleware.BearerTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "shield.web.security.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "shield.config.urls"
WSGI_APPLICATION = "shield.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shield.web.context.site",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path.cwd() / 'shield.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            # WAL lets readers go on while one writer writes; IMMEDIATE avoids
            # "database is locked" upgrades inside transactions. A new database gets 16 KB
            # pages (an existing one keeps its own): a million-record import writes and
            # syncs a quarter as many pages (50 s -> 45 s), for a small edit's commit
            # costing about 0.4 ms instead of 0.25 (docs/decisions.md, "Page size").
            "init_command": "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): 5 failed logins lock that user name from that address for
# 15 minutes; the login page says so (shield.web.security.locked_out). API tokens do not log
# in, so they are not counted. A success resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "shield.web.security.locked_out"
AXES_CLIENT_IP_CALLABLE = "shield.web.security.client_ip"
AXES_VERBOSE = False

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nb", _("Norwegian Bokmål"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", Path.cwd() / ".shield-static"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

SHIELD_TILE_URL = os.environ.get("SHIELD_TILE_URL", "")
# The Atom feed's ids: tag:<authority>:list (RFC 4151), never the request's host. Set your own
# domain and the year you took it up, e.g. "shield.example.org,2026"; keep it once published.
SHIELD_TAG_AUTHORITY = os.environ.get("SHIELD_TAG_AUTHORITY", "heritage-shield,2026")
# Evidence files, stored once by SHA-256 and never changed (shield.monitoring.store).
SHIELD_EVIDENCE_DIR = Path(os.environ.get("SHIELD_EVIDENCE_DIR", Path.cwd() / "evidence"))
# Long work as jobs (shield.jobs) on Django's task framework (the django-tasks backport) with
# its database backend: the same on SQLite and PostgreSQL. `shield worker` runs them; `shield
# demo` runs a worker in a thread of its own. The jobs' files (uploads waiting to be imported,
# exports and each job's progress) live in SHIELD_JOBS_DIR, which every web server and worker
# must share.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
SHIELD_JOBS_DIR = Path(os.environ.get("SHIELD_JOBS_DIR", Path.cwd() / "jobs"))
SHIELD_IMPORT_JOB_FROM = int(os.environ.get("SHIELD_IMPORT_JOB_FROM", 1024 * 1024))  # bytes
SHIELD_EXPORT_JOB_FROM = int(os.environ.get("SHIELD_EXPORT_JOB_FROM", 10_000))  # records
SHIELD_JOBS_KEEP_DAYS = float(os.environ.get("SHIELD_JOBS_KEEP_DAYS", 7))
# The transparency log (shield.audit.transparency): its signing key and its witnesses.
SHIELD_LOG_KEY = os.environ.get("SHIELD_LOG_KEY", "").strip()
SHIELD_LOG_KEY_FILE = os.environ.get("SHIELD_LOG_KEY_FILE", "").strip() or None
SHIELD_LOG_WITNESSES = os.environ.get("SHIELD_LOG_WITNESSES", "")
# Search and export certificates (shield.provenance.certificates): their signing key.
SHIELD_CERT_KEY = os.environ.get("SHIELD_CERT_KEY", "").strip()
SHIELD_CERT_KEY_FILE = os.environ.get("SHIELD_CERT_KEY_FILE", "").strip() or None
# Trusted time (shield.audit.timestamps): an RFC 3161 authority and its CA certificate.
SHIELD_TSA_URL = os.environ.get("SHIELD_TSA_URL", "").strip()
SHIELD_TSA_CA_FILE = os.environ.get("SHIELD_TSA_CA_FILE", "").strip() or None
# Confidential locations are shown to the unauthorised only as a cell of this size (degrees).
SHIELD_COARSE_CELL_DEG = 0.1

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Production (SHIELD_PRODUCTION=1): HTTPS only, behind a proxy that terminates TLS and sets
# X-Forwarded-Proto (and appends the client to X-Forwarded-For). `shield manage check --deploy`
# gives no warning under these (tests/config/test_production.py). Each can be turned off
# by its variable (then check --deploy says so).
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    _proxy_header = os.environ.get("SHIELD_PROXY_SSL_HEADER", "X-Forwarded-Proto").strip()
    if _proxy_header:
        SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
# Behind the proxy, the client's address (for login throttling) is the last one the proxy
# appended to X-Forwarded-For; without the proxy, REMOTE_ADDR.
SHIELD_TRUST_FORWARDED_FOR = PRODUCTION and _flag("SHIELD_TRUST_FORWARDED_FOR", True)
