"""Settings shared by every environment; values that differ come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    """Read a comma-separated environment variable as a list without blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "axes",
    "gfmd_portal",
    "roundtables",
    "recommendations",
    "alignment",
    "continuity",
    "content",
    "ingest",
    "rest_framework",
    "drf_spectacular",
    "api",
    "opendata",
    "followup",
]

MIDDLEWARE = [
    # Outermost, so its line covers every response, static files and redirects included.
    "gfmd_portal.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "api.middleware.OpenCorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "gfmd_portal.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gfmd_portal.urls"
WSGI_APPLICATION = "gfmd_portal.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# SQLite in the project unless DATABASE_URL names another database (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] not in {
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
}:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer must become a 503 within seconds, not a worker hung until
    # gunicorn kills it. A connect_timeout given in DATABASE_URL's query string wins.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "5"))
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English is the language of record; French and Spanish are the forum's other working languages.
# Public pages carry the language in their address (/en/, /fr/, /es/); see gfmd_portal/urls.py.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise as they are.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# The summary the first content was built from; excerpts are checked against it.
SOURCE_DOCUMENT = BASE_DIR / "fixtures" / "source" / "gfmd-roundtable-session-3-general-summary.txt"

PORTAL_NAME = "GFMD Roundtable Portal"
PAGE_SIZE = 20

# One JSON object per line on stdout, where a container or systemd collects it. The request log
# (gfmd_portal.middleware) writes one line per request; gfmd_portal.auth writes logins and failures.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "gfmd_portal.logs.JsonFormatter"},
        "json_brief": {"()": "gfmd_portal.logs.JsonFormatter", "tracebacks": False},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
        "console_brief": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json_brief"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The request log already has a line for each 4xx/5xx; keep django.request for tracebacks only.
        "django.request": {"level": "ERROR"},
        # django.server repeats what the request log says when the development server runs.
        "django.server": {"level": "WARNING"},
        # Its start-up banner would land in the stdout of every management command (dumpdata > file).
        "axes.apps": {"level": "WARNING"},
        # Scanners send foreign Host headers all day: one line each, without a traceback.
        "django.security.DisallowedHost": {"handlers": ["console_brief"], "propagate": False},
    },
}

# Content-Security-Policy in every environment, so an inline script or style breaks in development
# and in the tests exactly as it would in production. The nonce covers the admin's own inline
# <style> and scripts; the one hash allows the single style attribute in django-simple-history's
# admin history page ("border-top: 0"), which cannot be moved to a stylesheet from here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "style-src-attr": [CSP.UNSAFE_HASHES, "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# Client address for login throttling and the request log. Behind N trusted proxies the address
# is the N-th entry from the right of X-Forwarded-For (each proxy appends what it saw); with 0 it
# is the socket's address, and a client cannot spoof it with a header of its own.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Admin login protection (django-axes): failures are counted per username and address together,
# so one attacker cannot lock a colleague out from elsewhere; the cool-off is finite.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_CLIENT_IP_CALLABLE = "gfmd_portal.middleware.client_ip"

# Only staff have sessions. They end after an hour without a request, and with the browser.
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_SECONDS", str(60 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The read-only API (/api/v1/). Every client is counted by its address (client_ip above) in the
# default cache, as many requests per period as API_RATE_LIMIT says ("120/minute"; "" for none).
API_RATE_LIMIT = os.environ.get("DJANGO_API_RATE_LIMIT", "120/minute")
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = int(os.environ.get("DJANGO_API_MAX_PAGE_SIZE", "500"))
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GFMD Roundtable Portal API",
    "DESCRIPTION": (
        "Read-only access to the public record of the GFMD roundtables: recommendations, with the list's "
        "filters, sort and facet counts, roundtables with their roles, key points and practices, and the "
        "reference lists. Data under the Creative Commons Attribution 4.0 licence (CC BY 4.0)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
}

# The open data (/data/): the files `manage.py build_open_data` writes, served as they were built.
OPEN_DATA_ROOT = Path(os.environ.get("DJANGO_OPEN_DATA_ROOT", BASE_DIR / "media" / "opendata"))
# The portal's public address, for the permalinks written into the files (they are built offline).
PUBLIC_URL = os.environ.get("DJANGO_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
