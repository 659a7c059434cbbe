"""Settings for the TTHC inspection app: one module, driven by environment variables.

How the layers fit: ``units`` holds territory, agencies and officials; ``inspections``
holds plans, decisions/teams and visits; ``findings`` the checklist work at a visit;
``reports`` renders documents through Celery. See docs/architecture.md.

With no environment set the app runs embedded: SQLite, Celery tasks executed eagerly,
DEBUG on. Set DATABASE_URL and CELERY_BROKER_URL to run on PostgreSQL, Redis and a
real worker. Every variable is listed in README.md.
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from tthc_inspect.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core -------------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", default=True)
if DEBUG:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
else:
    SECRET_KEY = env_str("DJANGO_SECRET_KEY", required=True)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "bootstrap",
    "simple_history",
    "axes",
    "units",
    "checklists",
    "inspections",
    "findings",
    "reports",
    "demo",
    "notices",
    # REST API (api/, docs/api.md): DRF, its OpenAPI schema, Swagger UI served from our static files.
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

# bench/suite.py only: each response says its CPU and SQL time (Server-Timing); see tthc_inspect/request_cost.py.
REQUEST_COST = env_bool("TTHC_REQUEST_COST", False)

MIDDLEWARE = [
    "tthc_inspect.request_cost.RequestCostMiddleware",  # first and last: it times all the others
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tthc_inspect.middleware.SessionRenewalMiddleware",
    "tthc_inspect.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tthc_inspect.fieldwork.FragmentSessionMiddleware",  # an expired session answers a fragment with 401
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tthc_inspect.urls"
WSGI_APPLICATION = "tthc_inspect.wsgi.application"
ASGI_APPLICATION = "tthc_inspect.asgi.application"

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
                "notices.context_processors.unread_notifications",
            ],
            # {% load tthc_i18n %}: Django's i18n library, a literal {% translate %} rendered once per language.
            "libraries": {"tthc_i18n": "tthc_inspect.i18n_tags"},
        },
    },
]

# --- Database ---------------------------------------------------------------------
# DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/tthc ; default: SQLite file.

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# SQLite (the embedded default): a transaction takes the write lock when it begins (IMMEDIATE) and
# a writer waits up to 20 seconds for it (the busy timeout). With the default (DEFERRED) transactions
# that read first and write later cannot upgrade their lock and fail at once with "database is
# locked" (issue 13: three of four simultaneous "Ban hành" answered 500); now writers queue.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ---------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username/IP pair is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "tthc_inspect.fieldwork.csrf_failure"  # 403 + X-Session-Expired for htmx, not a page
LOGIN_REDIRECT_URL = "reports:home"  # "Việc của tôi"
LOGOUT_REDIRECT_URL = "login"

# --- Internationalisation -----------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy everywhere, in both languages (see tthc_inspect/formats/).
FORMAT_MODULE_PATH = ["tthc_inspect.formats"]

# --- Static and uploaded files --------------------------------------------------------
# Uploaded files live outside the static root and have no public URL: they are
# served only by views that check permissions.

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Photos larger than this are refused; Pillow's own bomb limit is set to it too.
EVIDENCE_MAX_PIXELS = env_int("EVIDENCE_MAX_PIXELS", 50_000_000)
# Behind nginx: hand permitted downloads to an `internal` location (docs/security.md).
PRIVATE_MEDIA_ACCEL_PREFIX = env_str("PRIVATE_MEDIA_ACCEL_PREFIX", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Celery -------------------------------------------------------------------------
# Without CELERY_BROKER_URL tasks run eagerly in the web process (embedded default).

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "memory://")
CELERY_TASK_ALWAYS_EAGER = env_str("CELERY_BROKER_URL") is None
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND")
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")

# Reliability, chosen on purpose (README "Documents and Celery reliability"):
# - a message is acknowledged only after the task ran (late acks), and put back when the
#   worker process dies mid-task (reject on worker lost): a killed render is redone;
# - each worker process reserves one message at a time (prefetch 1): long renders do not
#   hold other jobs hostage;
# - soft limit → the task fails cleanly with a Vietnamese error; hard limit → the process is
#   killed; Redis's visibility timeout is above the hard limit, so a message still being
#   worked on is never handed to a second worker;
# - short socket timeouts and one quick publish retry: with the broker down a request
#   returns within 2 s and the job row stays queued for the sweep below;
# - health checks on pooled broker connections.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT,
    "socket_connect_timeout": 0.5,
    "socket_timeout": 5,
    "health_check_interval": 25,
    "socket_keepalive": True,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BEAT_SCHEDULE = {
    "reports-sweep": {"task": "reports.sweep", "schedule": 60.0, "options": {"expires": 55}},
}
# The sweep: re-send a queued job not started after REPORTS_RESEND_AFTER seconds (duplicates
# are harmless: the claim takes a job once); a running job whose heartbeat (every
# REPORTS_HEARTBEAT seconds while it renders) is older than REPORTS_STALE_AFTER is dead.
REPORTS_RESEND_AFTER = env_int("REPORTS_RESEND_AFTER", 45)
REPORTS_ENQUEUE_GRACE = 10
REPORTS_HEARTBEAT = 10
REPORTS_STALE_AFTER = env_int("REPORTS_STALE_AFTER", 45)
REPORTS_MAX_ATTEMPTS = 3
# Test hook only: seconds a render sleeps before WeasyPrint (the worker-kill test uses it).
REPORTS_RENDER_DELAY = env_int("REPORTS_TEST_RENDER_DELAY", 0)
# Electronic documents (docs/archive.md): the site address printed under the QR code of page 1, and the
# province's CA roots (PEM/DER files, e.g. Ban Cơ yếu Chính phủ's) that make a signature "trusted".
VERIFY_BASE_URL = env_str("VERIFY_BASE_URL", "http://127.0.0.1:8000")
SIGNATURE_TRUST_ROOTS = env_list("SIGNATURE_TRUST_ROOTS", [])
VERIFY_RATE_LIMIT = env_int("VERIFY_RATE_LIMIT", 30)  # look-ups per client IP and minute
# Remediation: each action's deadline = conclusion date + this many days (the office may change it per
# action), also the default deadline a Thông báo kết luận prints for a limitation without an action.
REMEDIATION_DEFAULT_DAYS = env_int("REMEDIATION_DEFAULT_DAYS", 30)

# --- Security (hardened further by DJANGO_DEBUG=0; see docs/security.md) -------------------

from datetime import timedelta  # noqa: E402

from django.utils.csp import CSP  # noqa: E402

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page, never from the cookie
# Sessions end after this many seconds without a request; a request renews the session
# (one write) when its last renewal is SESSION_RENEW_SECONDS old (see SessionRenewalMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_RENEW_SECONDS = env_int("SESSION_RENEW_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
# Behind nginx (docs/security.md): the proxy says the request was HTTPS and who the client is.
DJANGO_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
if DJANGO_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (Django's own): scripts and styles only from this site, no inline
# script, no eval (htmx runs with allowEval false), nothing may frame the app.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Login throttling (django-axes): 5 failures for one username from one IP lock that pair
# for 15 minutes. The client IP is REMOTE_ADDR, or — with DJANGO_PROXY_COUNT proxies in
# front — the address those proxies put in X-Forwarded-For (tthc_inspect/client_ip.py).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "tthc_inspect.client_ip.client_ip"
AXES_VERBOSE = False

# --- Cache ----------------------------------------------------------------------------
# Dashboard aggregates are cached (reports/dashboards/cache.py, invalidated by a data version).
# CACHE_URL=redis://127.0.0.1:6379/2 shares the cache between gunicorn workers; the default
# is per process.

if env_str("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("CACHE_URL"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        }
    }
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 300)

# --- REST API (/api/v1/, docs/api.md) ----------------------------------------------------
# Personal tokens or the session (CSRF enforced); each token limited to API_RATE requests
# (DRF's throttling, counted in the cache above).

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "api.authentication.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated", "api.permissions.TokenScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env_str("API_RATE", "600/minute")},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["api.filters.FilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TTHC inspection API",
    "DESCRIPTION": "Kiểm tra công tác kiểm soát TTHC — REST API v1 (docs/api.md).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "units.models.Kind",
        "FindingKindEnum": "findings.models.results.Finding.Kind",
        "EvidenceKindEnum": "findings.models.evidence.Evidence.Kind",
        "DocumentKindEnum": "reports.models.Kind",
    },
}

# --- UI -----------------------------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo-2020")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step at INFO; keep its warnings only.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Remediation follow-up: e-mail and reminders ---------------------------------------
# E-mail goes through Django's mailers: printed to the console while DEBUG is on, SMTP
# (EMAIL_HOST…, default localhost:587) in production; EMAIL_BACKEND=console|smtp overrides.
# Reminders go out 30, 7 and 1 days before a deadline and weekly while overdue; beat may
# fire more often, a ReminderSent row keeps each one single.

_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",  # one file per message in EMAIL_FILE_PATH
}
_email_backend = env_str("EMAIL_BACKEND", "console" if DEBUG else "smtp")
if _email_backend not in _EMAIL_BACKENDS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"EMAIL_BACKEND={_email_backend!r}: use one of {', '.join(_EMAIL_BACKENDS)}.")
MAILERS = {"default": {"BACKEND": _EMAIL_BACKENDS[_email_backend]}}
if _email_backend == "smtp":
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587),
        "username": env_str("EMAIL_HOST_USER", ""),
        "password": env_str("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", True),
        "timeout": 10,
    }
if _email_backend == "file":
    MAILERS["default"]["OPTIONS"] = {"file_path": env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kiem-tra-tthc@localhost")
REMEDIATION_REMINDER_DAYS = (30, 7, 1)
CELERY_BEAT_SCHEDULE["remediation-reminders"] = {
    "task": "findings.remediation_reminders",
    "schedule": env_int("REMEDIATION_REMINDER_INTERVAL", 3600),
    "options": {"expires": 3000},
}

# --- Notifications (notices app) --------------------------------------------------------
# Every workflow event writes an in-app notice per recipient; its e-mail (plain + HTML, Vietnamese)
# links to SITE_URL + the object's path. The sweep re-sends e-mails no worker took after
# NOTICES_RESEND_AFTER seconds and puts back those whose worker died while sending.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
NOTICES_RESEND_AFTER = 45
NOTICES_STALE_AFTER = 120
NOTICES_SEND_DELAY = env_int("NOTICES_TEST_SEND_DELAY", 0)
CELERY_BEAT_SCHEDULE["notices-sweep"] = {"task": "notices.sweep", "schedule": 60.0, "options": {"expires": 55}}
