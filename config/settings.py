"""Settings for CWSP, read from the environment.

The embedded default (no DATABASE_URL, no CELERY_BROKER_URL) runs on SQLite with
tasks executed in-process: that is what ``make run`` uses for the demo.
Production sets DATABASE_URL, CELERY_BROKER_URL, DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS (see README "Deploying").
"""

import datetime
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


DEBUG = env_bool("DJANGO_DEBUG", False)
EMBEDDED = not os.environ.get("DATABASE_URL")
# `make run`: the embedded demo on http://127.0.0.1 with DEBUG off, so it answers with the
# product's own error pages; static files by their plain names, no HTTPS, no second factor.
DEMO = EMBEDDED and env_bool("CWSP_DEMO", False)


# Values copied from examples and tutorials: a deployment must never run on one of them.
_PLACEHOLDER_SECRETS = ("replace-with", "change-me", "changeme", "placeholder", "example")


def _secret_key() -> str:
    key = os.environ.get("DJANGO_SECRET_KEY")
    if key:
        if len(key) < 32 or any(word in key.lower() for word in _PLACEHOLDER_SECRETS):
            raise ImproperlyConfigured(
                "DJANGO_SECRET_KEY is too short or a placeholder: make one with "
                '`python3 -c "import secrets; print(secrets.token_urlsafe(50))"`.'
            )
        return key
    if not EMBEDDED:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DATABASE_URL is set.")
    # Embedded demo only: a key generated once per checkout, kept out of git.
    key_file = BASE_DIR / ".demo-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "accounts",
    "partnerships",
    "casework",
    "escalations",
    "oversight",
    "audit",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise: static files are neither logged per request nor marked no-store.
    "core.request_log.RequestLogMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "core.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: picks the language from the browser's preference among
    # LANGUAGES (en-AU unless a translation is added), so a community language is one file.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Token-authenticated API calls must be known before the fence opens.
    "core.middleware.TokenAuthenticationMiddleware",
    # Idle and absolute session limits, then the second factor, before any view runs.
    "accounts.middleware.SessionLimitsMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Turns a lockout during sign-in into the same answer as a wrong password.
    "axes.middleware.AxesMiddleware",
    # Opens the community scope for the whole request, rendering included.
    "partnerships.middleware.CommunityScopeMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Django's development server runs each request in a thread of its own, and a persistent
# connection outlives its thread: under concurrent load on PostgreSQL the server ran out of
# connections ("too many clients", a 500 per request; the contact soak, docs/benchmarks.md).
# There every request opens and closes its own; gunicorn's workers keep theirs.
_DEV_SERVER = len(sys.argv) > 1 and sys.argv[1] == "runserver"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{os.environ.get('CWSP_SQLITE_PATH') or BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 0 if _DEV_SERVER else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default takes concurrent writes: readers never block the writer (WAL),
    # a write transaction takes its lock when it begins instead of failing to upgrade a
    # read lock halfway ("database is locked"), and a waiting writer waits, not fails.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any sign-in attempt while the account or the address is locked out.
    "accounts.backends.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Password-set, password-reset and enrolment links end after this many seconds (3 days);
# each works once (the token covers the password hash, last sign-in and devices).
PASSWORD_RESET_TIMEOUT = env_int("CWSP_PASSWORD_LINK_HOURS", 72) * 3600
# API tokens end this many days after they were issued.
CWSP_API_TOKEN_DAYS = env_int("CWSP_API_TOKEN_DAYS", 30)
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# guardian: no anonymous user row; permissions are granted only through services.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

LANGUAGE_CODE = "en-au"
# Every language offered; a community language is added here with its catalogue in
# locale/<code>/LC_MESSAGES/django.po (docs/decisions/0015-languages.md).
LANGUAGES = [("en-au", "English (Australia)")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Australia/Darwin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Generated files (report PDFs): in the database by default, so every web node and worker
# reads them and one backup holds everything (docs/decisions/0006-generated-files.md).
# "filesystem" keeps them under CWSP_MEDIA_ROOT, for a single node only.
CWSP_FILE_STORAGE = os.environ.get("CWSP_FILE_STORAGE", "database")
if CWSP_FILE_STORAGE not in ("database", "filesystem"):
    raise ImproperlyConfigured("CWSP_FILE_STORAGE is 'database' or 'filesystem'.")
STORAGES = {
    "default": {
        "BACKEND": (
            "core.storage.DatabaseStorage"
            if CWSP_FILE_STORAGE == "database"
            else "django.core.files.storage.FileSystemStorage"
        )
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or DEMO
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG or DEMO
MEDIA_ROOT = Path(os.environ.get("CWSP_MEDIA_ROOT", BASE_DIR / "media"))

# --- Security -------------------------------------------------------------
SECURE_HTTPS = env_bool("DJANGO_SECURE_HTTPS", not (DEBUG or DEMO))
SECURE_SSL_REDIRECT = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CWSP_SESSION_IDLE_MINUTES = env_int("CWSP_SESSION_IDLE_MINUTES", 30)
CWSP_SESSION_MAX_HOURS = env_int("CWSP_SESSION_MAX_HOURS", 12)
# The stored session outlives the idle limit by an hour, so that SessionLimitsMiddleware
# (which enforces the idle limit itself) still knows who was signed out and why: it tells
# them, and keeps a form they were submitting for them (core.forms.rescue_posted_form).
SESSION_COOKIE_AGE = (CWSP_SESSION_IDLE_MINUTES + 60) * 60
# The session's expiry slides because SessionLimitsMiddleware records the last request
# at most once a minute; saving it on every request would cost each page a write.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Browser features no page uses (sent as Permissions-Policy on every response).
CWSP_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# --- Sign-in protection (django-axes) -------------------------------------
# Five failures lock the account name (from any address, and the pair account and
# address) for 30 minutes. Never the address alone: one office or satellite link shares
# an address, and one person's typing must not lock out colleagues. The per-address
# rate limit (CWSP_SIGN_IN_RATE, core.throttles.SignInRateThrottle) slows a guesser.
AXES_FAILURE_LIMIT = env_int("CWSP_SIGN_IN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("CWSP_SIGN_IN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
# A locked sign-in answers exactly like a wrong password (no account enumeration).
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout_response"
# The attempts table keeps a keyed hash of the typed name, never the name itself.
AXES_USERNAME_CALLABLE = "accounts.signin.axes_username"
AXES_CLIENT_STR_CALLABLE = "accounts.signin.axes_client_str"
# Successful sign-ins are in the audit log; axes keeps failures only.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# The client's address: X-Forwarded-For counts only when the direct peer is one of these
# proxies (comma-separated addresses or CIDRs; docker-compose: the Caddy container).
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
CWSP_TRUSTED_PROXIES = env_list("CWSP_TRUSTED_PROXIES")

# --- Two-factor sign-in (django-otp, TOTP) ---------------------------------
# Roles that must verify a second factor in every session before reaching anything.
# The embedded demo (no DATABASE_URL, DEBUG on) requires none so the demo logins work.
_MFA_DEFAULT = (
    "" if (EMBEDDED and (DEBUG or DEMO)) else "team_leader,oversight_cochair,administrator"
)
CWSP_MFA_REQUIRED_ROLES = env_list("CWSP_MFA_REQUIRED_ROLES", _MFA_DEFAULT)
OTP_TOTP_ISSUER = os.environ.get("CWSP_OTP_ISSUER", "CWSP")

# --- Audit log ------------------------------------------------------------
# About seven years; `manage.py purge_audit_log` deletes older rows.
CWSP_AUDIT_RETENTION_DAYS = env_int("CWSP_AUDIT_RETENTION_DAYS", 2555)

# --- Email ----------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if EMBEDDED
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "cwsp@localhost")
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
# Links in emails are absolute: the address people reach CWSP at.
CWSP_SITE_URL = os.environ.get("CWSP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- API ------------------------------------------------------------------
REST_FRAMEWORK = {
    # One error body for every 400/401/403/404/405/409/422/429 (core/errors.py).
    "EXCEPTION_HANDLER": "core.errors.api_exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous call answers 401 with WWW-Authenticate. Tokens end
        # after CWSP_API_TOKEN_DAYS; core.middleware resolves them with this same class.
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["core.filters.FilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttles.UserRateThrottle",
        "core.throttles.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("CWSP_API_RATE_USER", "1200/minute"),
        "anon": os.environ.get("CWSP_API_RATE_ANON", "60/minute"),
        # Sign-in attempts per address, pages and API alike (on top of the lockout).
        "sign_in": os.environ.get("CWSP_SIGN_IN_RATE", "20/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CWSP API",
    "DESCRIPTION": (
        "Child Wellbeing and Safety Partnerships. Every list and object is limited to the "
        "communities the caller works in; another community's object answers 404."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Request bodies are documented as JSON only, so generated clients send JSON. The API
    # still parses forms too (the browsable API's), they are just not part of the contract.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # 401/403/404/429 are the same for every operation: documented once (core.schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.document_error_responses",
    ],
}

# --- Background jobs ------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Longer than the longest job (a quarterly report), so an unacked job is not redelivered early.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CWSP_VISIBILITY_TIMEOUT", 3600),
    # How often a worker looks for jobs whose worker died (unacked past the visibility
    # timeout) and puts them back on the queue.
    "unacked_restore_interval": env_int("CWSP_UNACKED_RESTORE_SECONDS", 10),
    "unacked_restore_throttle": 1,
}

CWSP_WORKER_HEARTBEAT_STALE_SECONDS = env_int("CWSP_WORKER_HEARTBEAT_STALE_SECONDS", 180)

# --- Product --------------------------------------------------------------
CWSP_DEMO_PASSWORD_DEFAULT = "demo-password-2026"  # noqa: S105 - demo data only

# Throttles, sign-in rate limits and cached fragments must add up across every gunicorn
# worker and web node: whenever Redis is configured they live there (the broker's server;
# CWSP_CACHE_URL names another database or server). Local memory only in the embedded default.
CWSP_CACHE_URL = os.environ.get("CWSP_CACHE_URL") or CELERY_BROKER_URL
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CWSP_CACHE_URL,
            "KEY_PREFIX": os.environ.get("CWSP_CACHE_KEY_PREFIX", "cwsp"),
        }
        if CWSP_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# With a cache every server shares (Redis), each request reads its session from the cache
# rather than the database (writes go to both). Without one (the demo's per-process
# memory), the database alone: no process may serve a session another has ended.
if CWSP_CACHE_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# One JSON object per line: request id, user id, path (no query string), status and
# duration. Never names, usernames or dates of birth.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "core.request_log.RequestContextFilter"},
        "task_context": {"()": "core.request_log.TaskContextFilter"},
    },
    "formatters": {"json": {"()": "core.request_log.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_context", "task_context"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("CWSP_LOG_LEVEL", "INFO")},
    "loggers": {
        # SQL with its parameters would carry personal data.
        "django.db.backends": {"level": "WARNING"},
        # Our own request line replaces runserver's; its errors go out as JSON, path only.
        "django.server": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- Casework: stable names in the API schema for casework choice sets that share a field
# name with other choice sets ("kind", "status") or appear under two names (risk level).
SPECTACULAR_SETTINGS.setdefault("ENUM_NAME_OVERRIDES", {}).update(
    {
        "CaseKindEnum": "casework.models.Case.Kind",
        "ContactKindEnum": "casework.models.ContactKind",
        "CaseStatusEnum": "casework.models.Case.Status",
        "ReferralStatusEnum": "casework.models.Referral.Status",
        "RiskLevelEnum": "casework.models.RiskLevel",
        "EscalationLevelEnum": "escalations.models.Escalation.Level",
    }
)

# --- Escalations and oversight --------------------------------------------
# An escalation still only "raised" after this many days is overdue for acknowledgement.
CWSP_ESCALATION_ACK_DAYS = env_int("CWSP_ESCALATION_ACK_DAYS", 14)
# The quarterly report is generated automatically this many days after the quarter ends.
CWSP_REPORT_DAYS_AFTER_QUARTER = env_int("CWSP_REPORT_DAYS_AFTER_QUARTER", 10)
# A report request running without a heartbeat for this long is taken as lost.
CWSP_REPORT_STALE_SECONDS = env_int("CWSP_REPORT_STALE_SECONDS", 900)
# Attempts before a report request is marked failed for good.
CWSP_REPORT_MAX_ATTEMPTS = env_int("CWSP_REPORT_MAX_ATTEMPTS", 3)
# Generated PDFs live under MEDIA_ROOT in this folder, never served as static files.
CWSP_REPORT_STORAGE_DIR = "quarterly-reports"
# WeasyPrint narrates every layout step at INFO.
LOGGING["loggers"]["weasyprint"] = {"level": "WARNING"}
LOGGING["loggers"]["fontTools"] = {"level": "WARNING"}

# After a transfer, the sending practitioner and team leader read the child's record
# (read-only) for this many days; emergency (break-glass) access lasts this many hours.
CWSP_TRANSFER_READ_ONLY_DAYS = env_int("CWSP_TRANSFER_READ_ONLY_DAYS", 30)
CWSP_EMERGENCY_ACCESS_HOURS = env_int("CWSP_EMERGENCY_ACCESS_HOURS", 12)
# Emergency searches one person may make in an hour (guessing names is not searching).
CWSP_EMERGENCY_SEARCHES_PER_HOUR = env_int("CWSP_EMERGENCY_SEARCHES_PER_HOUR", 20)
