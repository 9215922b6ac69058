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
# Lottery person keys are HMAC(ID number) under a secret of their own, so rotating
# SECRET_KEY never changes who counts as "the same person" (docs/lottery.md). The
# development default is the former development SECRET_KEY: demo databases keep their keys.
FAZHI_LOTTERY_PERSON_KEY_SECRET = env("LOTTERY_PERSON_KEY_SECRET") or (
    "" if PRODUCTION else "fazhi-dev-only-insecure-key-" + "x" * 40)
if PRODUCTION and not FAZHI_LOTTERY_PERSON_KEY_SECRET:
    raise RuntimeError("FAZHI_LOTTERY_PERSON_KEY_SECRET must be set when FAZHI_ENV=production")
# A case's party key (Case.party_key: whose matter it is, for the citizen's view, ADR 0045)
# is HMAC("case-party:" + ID number/USCC) under this secret; by default the person-key
# secret above (a different purpose prefix, so the two digests never coincide).
FAZHI_PARTY_KEY_SECRET = env("PARTY_KEY_SECRET") or FAZHI_LOTTERY_PERSON_KEY_SECRET
# How a citizen proves identity once (fazhi.citizens.verifiers): "demo" (the demo city's
# stand-in) or "provincial" (the provincial government-service platform's real-name login,
# configured by FAZHI_CITIZEN_REALNAME_URL; not built here, so it refuses every proof).
FAZHI_CITIZEN_VERIFIER = env("CITIZEN_VERIFIER", "provincial" if PRODUCTION else "demo")
FAZHI_CITIZEN_REALNAME_URL = env("CITIZEN_REALNAME_URL")
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
    "axes",
    "fazhi.core",
    "fazhi.org",
    "fazhi.holidays",
    "fazhi.cases",
    "fazhi.publication",
    "fazhi.notifications",
    "fazhi.subjects",
    "fazhi.powers",
    "fazhi.transfers",
    "fazhi.discretion",
    "fazhi.delivery",
    "fazhi.custody",
    # Procedure apps: each plugs into the shells from its AppConfig (fazhi.core.modules);
    # their order is the order of their indicators in a new annual report.
    "fazhi.disclosure",
    "fazhi.normative",
    "fazhi.inspections",
    "fazhi.lottery",
    "fazhi.enforcement",
    "fazhi.petitions",
    "fazhi.reconsideration",
    "fazhi.litigation",
    "fazhi.mediation",
    "fazhi.complaints",
    "fazhi.citizens",
    "fazhi.reporting",
    "fazhi.workspace",
    "fazhi.portal",
    "fazhi.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fazhi.core.middleware.ChineseFirstLocaleMiddleware",  # the cookie, not Accept-Language (ADR 0027)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fazhi.core.middleware.RequestSizeMiddleware",  # before anything reads the body
    "django.contrib.messages.middleware.MessageMiddleware",
    "fazhi.core.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "fazhi.core.middleware.DomainErrorMiddleware",
    "fazhi.core.inputs.InputGuardMiddleware",  # control characters at every input
    "axes.middleware.AxesMiddleware",  # turns a lockout into the lockout page
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
                "fazhi.core.frame.site",
                "fazhi.core.pagecache.csrf",
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

# The default cache holds the throttle counters, so every worker and server must share it:
# Redis when configured, else a table in the database (created by `fazhi migrate`; its
# increments are atomic, fazhi/core/cache.py). A per-process cache would let each worker
# keep its own count (`check --deploy` warns, fazhi/core/checks.py).
if env("REDIS_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": env("REDIS_URL")}}
else:
    CACHES = {"default": {"BACKEND": "fazhi.core.cache.DatabaseCache",
                          "LOCATION": "fazhi_cache", "OPTIONS": {"MAX_ENTRIES": 100_000}}}

# Sign-in throttling (django-axes, fazhi/core/auth.py): an account is locked after
# FAZHI_LOGIN_FAILURES_PER_ACCOUNT failures, an address after FAZHI_LOGIN_FAILURES_PER_ADDRESS
# failures over all accounts, each for FAZHI_LOGIN_LOCKOUT_MINUTES after the last failure.
AUTHENTICATION_BACKENDS = ["fazhi.core.auth.LoginGuard",
                           "django.contrib.auth.backends.ModelBackend"]
FAZHI_LOGIN_FAILURES_PER_ACCOUNT = int(env("LOGIN_FAILURES_PER_ACCOUNT", "5"))
FAZHI_LOGIN_FAILURES_PER_ADDRESS = int(env("LOGIN_FAILURES_PER_ADDRESS", "20"))
FAZHI_LOGIN_LOCKOUT_MINUTES = int(env("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = "fazhi.core.auth.failure_limit"
AXES_COOLOFF_TIME = "fazhi.core.auth.cool_off"
AXES_LOCKOUT_CALLABLE = "fazhi.core.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "fazhi.core.web.client_ip"
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the retry time shown stays true
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure kept for the audit trail
AXES_VERBOSE = False  # failures are logged by axes at WARNING; no extra banner at start-up
# axes.W006 asks for 'ip_address' among the lockout parameters; the per-address limit is the
# failure-limit hook instead (a separate, higher limit for an office's shared address).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

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
# Whole request bodies, refused (413) from Content-Length before a byte is read (Django's
# own limit does not cover multipart files); signed-in staff may send directory imports.
FAZHI_REQUEST_MAX_BYTES = int(env("REQUEST_MAX_BYTES", str(FAZHI_UPLOAD_MAX_BYTES + 1024 * 1024)))
FAZHI_STAFF_REQUEST_MAX_BYTES = int(env("STAFF_REQUEST_MAX_BYTES", str(256 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Public throttles ("N/period", fazhi/core/throttle.py): one counter per scope, shared by the
# portal forms and the public API. FAZHI_THROTTLES=0 turns them all off (load tests only).
RATELIMIT_ENABLE = env_bool("THROTTLES", True)
FAZHI_THROTTLE_SUBMIT = env("THROTTLE_SUBMIT", "10/h")
FAZHI_THROTTLE_TRACK = env("THROTTLE_TRACK", "30/10m")
FAZHI_THROTTLE_TRACK_CODE = env("THROTTLE_TRACK_CODE", "20/h")  # per receipt code
FAZHI_THROTTLE_WITHDRAW = env("THROTTLE_WITHDRAW", "5/d")  # ID-suffix tries per case
FAZHI_THROTTLE_SEARCH = env("THROTTLE_SEARCH", "60/m")  # the portal's site search
FAZHI_THROTTLE_LOTTERY_IP = env("THROTTLE_LOTTERY_IP", "30/10m")
FAZHI_THROTTLE_LOTTERY_PERSON = env("THROTTLE_LOTTERY_PERSON", "5/h")
FAZHI_THROTTLE_LOTTERY_LOOKUP = env("THROTTLE_LOTTERY_LOOKUP", "30/10m")
# The inbox flags cases due within this many working days, and the tick reminds their
# handlers once (fazhi.cases.reminders).
FAZHI_REMINDER_WORKING_DAYS = int(env("REMINDER_WORKING_DAYS", "3"))
FAZHI_CITY_NAME = env("CITY_NAME", "厦门市")
# The site frame's footer on every page (fazhi/core/frame.py): the host (主办单位) and its
# contact, the ICP record number (备案号, linked to the MIIT register) and the government
# website identifier (政府网站标识码). An empty value hides its line. The development contact
# defaults are the demo city's Justice Bureau (fazhi/org/demo_city.py SITE_OWNER_CONTACT).
FAZHI_SITE_OWNER = env("SITE_OWNER", f"{FAZHI_CITY_NAME}司法局")
FAZHI_SITE_ADDRESS = env("SITE_ADDRESS", "" if PRODUCTION else "厦门市思明区白鹭洲路88号")
FAZHI_SITE_PHONE = env("SITE_PHONE", "" if PRODUCTION else "0592-0000010")
FAZHI_SITE_EMAIL = env("SITE_EMAIL", "" if PRODUCTION else "sfj@xm.gov.example")
FAZHI_SITE_RECORD = env("SITE_RECORD")
FAZHI_SITE_CODE = env("SITE_CODE")
# Whole public pages kept per worker for anonymous visitors (fazhi/core/pagecache.py); 0: off.
FAZHI_PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "30"))
# The request header carrying the client address set by a trusted reverse proxy
# (e.g. HTTP_X_REAL_IP); empty: use REMOTE_ADDR.
FAZHI_TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER")

# Notification outbox senders per channel (fazhi/notifications/senders.py). Development
# writes messages to var/outbox.log; production points SMS at the gateway adapter and
# e-mail at Django's SMTP backend (FAZHI_EMAIL_HOST …).
FAZHI_NOTIFY_SENDERS = {
    "sms": env("NOTIFY_SMS", "fazhi.notifications.senders.FileSender"),
    "email": env("NOTIFY_EMAIL", "fazhi.notifications.senders.FileSender"),
}
FAZHI_SMS_GATEWAY_URL = env("SMS_GATEWAY_URL")
FAZHI_SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("EMAIL_FROM", "noreply@fazhi.local")

# Staff sessions (GB/T 22239-2019 8.1.4.1 b): at most FAZHI_SESSION_MAX_SECONDS from sign-in,
# ended after FAZHI_SESSION_IDLE_SECONDS without a request (fazhi.core.middleware).
FAZHI_SESSION_MAX_SECONDS = int(env("SESSION_MAX_SECONDS", str(8 * 3600)))
FAZHI_SESSION_IDLE_SECONDS = int(env("SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_COOKIE_AGE = FAZHI_SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from this site
# only (the front-end assets are vendored under /static/, principle 10); no plugins, no
# framing, no <base> or form posts elsewhere. Style attributes stay allowed: ECharts writes
# its tooltips with them, and they cannot run code.
SELF, NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": [SELF], "script-src": [SELF], "style-src": [SELF],
    "style-src-elem": [SELF], "style-src-attr": ["'unsafe-inline'"],
    "img-src": [SELF, "data:"], "font-src": [SELF], "connect-src": [SELF],
    "object-src": [NONE], "frame-ancestors": [NONE], "base-uri": [SELF],
    "form-action": [SELF],
}}
# Permissions-Policy (django-permissions-policy): no page may use these browser features.
PERMISSIONS_POLICY = {feature: [] for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "usb", "xr-spatial-tracking")}
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "fazhi.core.frame.csrf_failure"  # the 403 page in the site frame
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

# Ledger checkpoints (ADR 0018): taken on commit after this many events or minutes since the
# last one, whichever comes first (and by `fazhi tick`). Events after the last checkpoint can
# only be checked for consistency, so these bound what `verify-ledger` cannot prove.
FAZHI_CHECKPOINT_EVERY_EVENTS = int(env("CHECKPOINT_EVERY_EVENTS", "1000"))
FAZHI_CHECKPOINT_EVERY_MINUTES = int(env("CHECKPOINT_EVERY_MINUTES", "10"))

# 依申请公开: whether the fee period (notice → payment) pauses the reply clock.
# UNVERIFIED in the statute (domain/procedures.md §9 item 2); widely stated, so on by default.
FAZHI_DISCLOSURE_FEE_STOPS_CLOCK = env_bool("DISCLOSURE_FEE_STOPS_CLOCK", True)
# 依申请公开: a consultation letter sent by post whose signing date is not yet recorded is
# presumed received this many calendar days after posting; the consulted party's 15 WD
# (条例第三十二条、第三十四条) run from that day until the real date is recorded.
# UNVERIFIED default (no rule found in the Regulation); shown wherever it is used.
FAZHI_DISCLOSURE_POST_DELIVERY_DAYS = int(env("DISCLOSURE_POST_DELIVERY_DAYS", "3"))
