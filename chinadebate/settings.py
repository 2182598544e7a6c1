"""One settings module, driven by the environment.

DEBUG is off unless asked for; DJANGO_ENV=production turns on every deploy hardening.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .floors import installed_apps

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool = False) -> bool:
    return env(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("DJANGO_ENV") == "production"
DEBUG = envbool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production")
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = envlist(
    "ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1],testserver"
)
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "django_htmx",
    "template_partials",
    "simple_history",
    "django_filters",
    "axes",
    *installed_apps(),  # the project's apps, floor by floor (chinadebate/floors.py)
]

MIDDLEWARE = [
    "apps.core.replicas.ReplicaPinMiddleware",  # first: it picks the database reads go to
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.StaticFilesMiddleware",  # whitenoise, hashed files kept a year
    "apps.core.middleware.ClearCacheOnSignInMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a refused sign-in into the lockout page
]

ROOT_URLCONF = "chinadebate.urls"
WSGI_APPLICATION = "chinadebate.wsgi.application"

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
                "apps.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'chinadebate.sqlite3'}"),
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Read replicas (PostgreSQL streaming standbys of the primary): apps/core/replicas.py sends
# reads there and writes, the admin and a browser that just wrote to the primary.
DATABASE_REPLICAS = []
for number, url in enumerate(envlist("DATABASE_REPLICA_URLS"), start=1):
    alias = f"replica_{number}"
    DATABASES[alias] = {
        **dj_database_url.parse(url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},  # the test runner reads the test database through it
    }
    DATABASE_REPLICAS.append(alias)
DATABASE_ROUTERS = ["apps.core.replicas.ReplicaRouter"]
# How long a browser that wrote reads from the primary (longer than the replicas' lag).
REPLICA_PIN_SECONDS = int(env("REPLICA_PIN_SECONDS", "5"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )

# Cached counts and page data are keyed by the data version, so any backend is correct; with
# REDIS_URL every gunicorn worker shares one cache instead of paying each cold miss itself.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "chinadebate"),
        }
    }
else:
    # Cards, fragments and whole pages: more than the default 300 entries.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# The facet index of each data version, made once per host and mapped by every worker
# (apps/debate/facetindex/shared.py); empty: each process holds its own.
FACET_INDEX_DIR = env(
    "FACET_INDEX_DIR", "/dev/shm/chinadebate" if Path("/dev/shm").is_dir() else ""
)

# What anonymous pages tell browsers and shared caches (apps/core/http_cache.py): keep a page
# this long, then serve it stale this much longer while asking again (a 304 costs one query).
HTTP_CACHE_MAX_AGE = int(env("HTTP_CACHE_MAX_AGE", "60"))
HTTP_CACHE_STALE_WHILE_REVALIDATE = int(env("HTTP_CACHE_STALE_WHILE_REVALIDATE", "600"))
# Shared caches (nginx) keep a page this long: shorter than the max-age by the time a page
# takes to draw again after a write, so a researcher's save reaches readers within the max-age.
HTTP_CACHE_SHARED_MAX_AGE = int(
    env("HTTP_CACHE_SHARED_MAX_AGE", str(max(0, HTTP_CACHE_MAX_AGE - 10)))
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production whitenoise serves straight from the source folders: no collectstatic needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "admin:login"

# Sign-in limits (django-axes, apps/research/logins.py): after LOGIN_FAILURE_LIMIT failed
# sign-ins for one username from one address, that pair is refused for LOGIN_LOCKOUT_MINUTES
# (each refused try starts them again); a successful sign-in clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out pair before any check
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "apps.research.logins.lockout_response"
# Behind nginx every request comes from nginx: name the header it puts the client's address
# in (X-Real-IP with deploy/nginx/), and only when gunicorn cannot be reached but through it.
LOGIN_CLIENT_IP_HEADER = env("LOGIN_CLIENT_IP_HEADER")
AXES_CLIENT_IP_CALLABLE = "apps.research.logins.client_ip_address"

# Content Security Policy: everything is self-hosted, htmx runs without eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

TAGGIT_CASE_INSENSITIVE = True

# Shown in the footer and stamped on bulk downloads; bump it when fixtures/ changes.
DATASET_VERSION = (BASE_DIR / "fixtures" / "VERSION").read_text(encoding="utf-8").strip()

if PRODUCTION:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer's checks come over plain HTTP
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    # Failed and refused sign-ins are logged by apps.research.logins, with the username and
    # address that axes' own lines mask.
    # bibtexparser logs each block it cannot read; the importer reports those blocks as
    # invalid entries itself (apps/research/importers/bibtex.py).
    "loggers": {"axes": {"level": "ERROR"}, "bibtexparser": {"level": "CRITICAL"}},
}
