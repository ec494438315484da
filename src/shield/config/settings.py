"""Settings, read from the environment (12-factor).

DATABASE_URL   default: an SQLite file ``shield.sqlite3`` in the working directory (WAL mode)
SECRET_KEY     default: a development key (set it in production)
DEBUG          "1"/"true" to enable
ALLOWED_HOSTS  comma-separated, default "127.0.0.1,localhost"
SHIELD_TILE_URL  an online tile URL template; unset means the bundled offline basemap only
SHIELD_EVIDENCE_DIR  where evidence files are stored (default ./evidence)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
DEBUG = _flag("DEBUG", False)
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
    "shield.accounts",
    "shield.parties",
    "shield.audit",
    "shield.registry",
    "shield.listing",
    "shield.monitoring",
    "shield.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "shield.accounts.middleware.BearerTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

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
# Evidence files, stored once by SHA-256 and never changed (shield.monitoring.store).
SHIELD_EVIDENCE_DIR = Path(os.environ.get("SHIELD_EVIDENCE_DIR", Path.cwd() / "evidence"))
# Confidential locations are shown to the unauthorised only as a cell of this size (degrees).
SHIELD_COARSE_CELL_DEG = 0.1

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
