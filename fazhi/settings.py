"""Fazhi settings: one module, every value from a FAZHI_* environment variable.

Defaults serve the demo (SQLite in ./var, DEBUG on). Production sets FAZHI_ENV=production,
which turns on every secure default that `manage.py check --deploy` asks for.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"FAZHI_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    return env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = env("SECRET_KEY") or ("" if PRODUCTION else "fazhi-dev-only-insecure-key-" + "x" * 40)
if PRODUCTION and not SECRET_KEY:
    raise RuntimeError("FAZHI_SECRET_KEY must be set when FAZHI_ENV=production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

VAR_DIR = Path(env("VAR_DIR", str(BASE_DIR / "var")))
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "fazhi.core",
    "fazhi.org",
    "fazhi.holidays",
    "fazhi.cases",
    "fazhi.publication",
    "fazhi.disclosure",
    "fazhi.normative",
    "fazhi.lottery",
    "fazhi.reporting",
    "fazhi.inspections",
    "fazhi.workspace",
    "fazhi.portal",
    "fazhi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fazhi.core.middleware.DomainErrorMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "fazhi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    url = env("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=int(env("DB_CONN_MAX_AGE", "60")))
    # Embedded default: SQLite in WAL mode with IMMEDIATE transactions, so writers queue
    # on the database lock instead of failing with "database is locked" mid-transaction.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": env("SQLITE_PATH", str(VAR_DIR / "fazhi.sqlite3")),
        # A file, not memory, for tests too: concurrency tests need real WAL locking.
        "TEST": {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")},
        # Persistent connections: opening SQLite and running the PRAGMAs per request
        # costs more than most page renders.
        "CONN_MAX_AGE": int(env("DB_CONN_MAX_AGE", "600")),
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=20000; PRAGMA cache_size=-64000; "
                # Reads through a memory map instead of read() copies: full-text
                # queries walk long posting lists (about 20 % faster at 100,000
                # documents). Address space only; 2 GB is SQLite's default ceiling.
                f"PRAGMA mmap_size={int(env('SQLITE_MMAP_BYTES', '2147418112'))};"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": env("REDIS_URL")}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                          "LOCATION": "fazhi"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/workspace/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "fazhi" / "locale"]
TIME_ZONE = env("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "fazhi" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
                    if PRODUCTION else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Uploads: identity proofs and case documents. Size in bytes, types by extension + sniffing.
FAZHI_UPLOAD_MAX_BYTES = int(env("UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
FAZHI_UPLOAD_TYPES = env_list("UPLOAD_TYPES", "pdf,jpg,jpeg,png,docx,xlsx,txt,ofd")
DATA_UPLOAD_MAX_MEMORY_SIZE = FAZHI_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Public throttles (django-ninja syntax "N/period"); the portal forms share them.
FAZHI_THROTTLE_SUBMIT = env("THROTTLE_SUBMIT", "10/h")
FAZHI_THROTTLE_TRACK = env("THROTTLE_TRACK", "30/10m")
FAZHI_THROTTLE_LOTTERY_IP = env("THROTTLE_LOTTERY_IP", "30/10m")
FAZHI_THROTTLE_LOTTERY_PERSON = env("THROTTLE_LOTTERY_PERSON", "5/h")
FAZHI_THROTTLE_LOTTERY_LOOKUP = env("THROTTLE_LOTTERY_LOOKUP", "30/10m")
FAZHI_CITY_NAME = env("CITY_NAME", "厦门市")
# The request header carrying the client address set by a trusted reverse proxy
# (e.g. HTTP_X_REAL_IP); empty: use REMOTE_ADDR.
FAZHI_TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# Ledger checkpoints (ADR 0011): taken on commit after this many events or minutes since the
# last one, whichever comes first (and by `fazhi tick`). Events after the last checkpoint can
# only be checked for consistency, so these bound what `verify-ledger` cannot prove.
FAZHI_CHECKPOINT_EVERY_EVENTS = int(env("CHECKPOINT_EVERY_EVENTS", "1000"))
FAZHI_CHECKPOINT_EVERY_MINUTES = int(env("CHECKPOINT_EVERY_MINUTES", "10"))

# 依申请公开: whether the fee period (notice → payment) pauses the reply clock.
# UNVERIFIED in the statute (domain/procedures.md §9 item 2); widely stated, so on by default.
FAZHI_DISCLOSURE_FEE_STOPS_CLOCK = env_bool("DISCLOSURE_FEE_STOPS_CLOCK", True)
