"""Settings for COP Workshops. Every value that differs between machines comes from the
environment (see .env.example); everything else is a decision made here once."""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import BASE_DIR, development_secret_key, env, env_bool, env_int, env_list, env_str
from config.logs import logging_config, sentry_before_send

DEBUG = env_bool("DEBUG", default=False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY in the environment (or DEBUG=1 for development)."
        )
    SECRET_KEY = development_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks (README "Content in six languages").
    "modeltranslation",
    "config.apps.AdminConfig",  # Django's admin, for superusers only (core.admin_site)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "import_export",
    "simple_history",
    "django_tasks",
    # Before django_tasks_db: core's db_worker (heartbeat, reclaim, outages) is the one run.
    "core",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # The project's apps, in their layers from the bottom up (see the README's layout).
    "offices",
    "workshops",
    "participants",
    "attendance",
    "learning",
    "certificates",
    "credentials",
    "reminders",
    "reporting",
    "privacy",
    "overview",
    "api",
    "demo",
    "config.apps.ProjectConfig",
]

MIDDLEWARE = [
    "config.logs.RequestLogMiddleware",  # first, so its duration and id cover everything
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.language_urls.LanguagePrefixMiddleware",  # /fr/… pages: before LocaleMiddleware
    "django.middleware.locale.LocaleMiddleware",
    "core.language_urls.LanguageQueryMiddleware",  # ?lang= on unprefixed pages: after it
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "offices.signin.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
# The public pages under /<language>/ (core/language_urls.py).
LANGUAGE_URLCONF = "config.urls_i18n"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "core.language_urls.language_links_context",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default (zero set-up); PostgreSQL when DATABASE_URL is set.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two registrations never both read
    # "one seat left"; WAL lets readers go on while a writer holds it.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    (BASE_DIR / "var").mkdir(exist_ok=True)
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A stopped or unreachable server fails fast (and /readyz answers) instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis, or this process's memory while Redis is away: never a 500 (core/cache.py).
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
            # An unreachable Redis fails a request (or /readyz) in seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    # The public calendar feed keeps one entry per workshop: room for thousands, not the
    # default 300 (which would evict them all on every build of a large feed).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

TASKS_BACKEND = env_str("TASKS_BACKEND", default="database")
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL.")
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    # Workers (`manage.py rq_worker default`) must run jobs through django-tasks' Job class,
    # which calls the Task; RQ's plain Job would fail every task with "Task is not callable".
    RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Database task workers (core/workers.py): each writes a heartbeat every TASKS_HEARTBEAT_SECONDS;
# one silent for TASKS_RECLAIM_SECONDS is dead, its task goes back to the queue, or is failed
# once claimed TASKS_MAX_ATTEMPTS times. /readyz says the queue is unavailable (degraded, 200)
# when no worker heartbeated within TASKS_RECLAIM_SECONDS.
TASKS_HEARTBEAT_SECONDS = env_int("TASKS_HEARTBEAT_SECONDS", default=10)
TASKS_RECLAIM_SECONDS = env_int("TASKS_RECLAIM_SECONDS", default=120)
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", default=3)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/staff/login/"
LOGIN_REDIRECT_URL = "/staff/"

# The six UN languages; the interface follows the browser unless the visitor picks one.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content in the six languages (django-modeltranslation): each registered text field gets one
# column per language (title_en, title_fr, ..., title_zh_hans), so no join and no extra query.
# Every app registers its fields in its own translation.py. English is the default column; the
# global fallback reads the page's language, then English, then any language that has a text.
# Workshop content goes further (the workshop's first working language before English):
# core/content_languages.py and workshops/content.py, README "Content in six languages".
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh-hans")
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Files that are not public (certificates, import previews) live apart from the media the web
# server may serve, and are read only through views that check permission.
PRIVATE_ROOT = env.path("PRIVATE_ROOT", default=BASE_DIR / "var" / "private")
# Whether Django itself serves MEDIA_ROOT at MEDIA_URL (core.http.serve_public_media): on in
# development; behind a proxy, the proxy serves them (README "Deployment").
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "core.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT)},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", default="COP Workshops <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Seconds an SMTP connection may wait for the server: a server that hangs makes the try fail
# (it is retried from the outbox) instead of holding the worker.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", default=10)

# The address participants are sent to in e-mails and QR codes (no request to read it from).
SITE_URL = env_str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Security headers on in development too, so a violation shows the day it is written.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

HTTPS = env_bool("HTTPS", default=False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Public forms: attempts per IP and period, held in the cache (shared when REDIS_URL is set).
RATELIMIT_REGISTRATION = env_str("RATELIMIT_REGISTRATION", default="20/h")
RATELIMIT_VERIFY = env_str("RATELIMIT_VERIFY", default="60/m")
# The JSON API (api.limits): every request per client address, and per token.
RATELIMIT_API_ADDRESS = env_str("RATELIMIT_API_ADDRESS", default="600/m")
RATELIMIT_API_TOKEN = env_str("RATELIMIT_API_TOKEN", default="600/m")
# Webhooks (api.webhook_http): URLs resolving to private, loopback or link-local addresses are
# refused, when registered and again at each delivery. Loopback may be allowed for development.
WEBHOOK_ALLOW_LOOPBACK = env_bool("WEBHOOK_ALLOW_LOOPBACK", default=DEBUG)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", default=10)
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_VIEW = "core.http.rate_limited"
# The counts live in the default cache: Redis when REDIS_URL is set, so a limit holds across
# every web process and machine (a per-process memory cache would multiply it).
RATELIMIT_USE_CACHE = "default"
# Client addresses behind proxies: behind N reverse proxies, limits count the address the
# outermost one saw (core.http.client_ip), not the proxy's own; 0 when the app faces the internet.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "core.http.client_ip"

UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", default=25 * 1024 * 1024)
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Logs: JSON lines in production (LOG_FORMAT=json), readable in development; see config/logs.py.
LOG_FORMAT = env_str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = logging_config(json_lines=LOG_FORMAT == "json", level=env_str("LOG_LEVEL") or "INFO")

# Opt in now to Django 6's https default for URL fields typed without a scheme.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Registration (participants app): where people write about their personal data.
PRIVACY_CONTACT_EMAIL = env_str("PRIVACY_CONTACT_EMAIL", default="privacy@localhost")

# Calendar feeds. Subscribers are asked to re-fetch this often (REFRESH-INTERVAL and
# X-PUBLISHED-TTL; Google ignores it and refreshes every several hours). A cancelled workshop
# or session stays in the feeds, marked STATUS:CANCELLED, until this many days after it ends,
# so calendars strike it through instead of silently losing it.
# Whole public pages for anonymous visitors are kept in the cache under the content revision
# (core/page_cache.py): a change to any of these models is seen on the next request; what
# changes with time alone (a workshop becoming past) within PAGE_CACHE_SECONDS. 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", default=60)
# What each web process keeps of the pages it served lately, in its own memory (bytes).
PAGE_CACHE_PROCESS_BYTES = env_int("PAGE_CACHE_PROCESS_BYTES", default=32 * 1024 * 1024)
PUBLIC_CONTENT_MODELS = frozenset(
    {
        "offices.region",
        "offices.regionaloffice",
        "workshops.workshop",
        "workshops.session",
        "workshops.partner",
        "workshops.workshoppartner",
        "workshops.pillar",
        "workshops.audience",
        "workshops.outcomedocument",
        "workshops.outcomedocumentfile",
        "workshops.nationalactivity",
        # Seats left on a workshop's page; who attended from a country on its page.
        "participants.participant",
        "participants.registration",
        "attendance.attendance",
        # /verify/<code>/: a certificate's holder, status and revocation.
        "certificates.certificate",
        "credentials.certificatecredential",
        "credentials.statuslist",
    }
)
# The staff area's expensive reads (reports, the dashboard's lists) are kept under the records
# revision (core.page_cache.kept_records): a change to any of these models is seen on the next
# request; what changes with time alone (a session starting) within RECORDS_CACHE_SECONDS.
RECORDS_CACHE_SECONDS = env_int("RECORDS_CACHE_SECONDS", default=60)
RECORD_MODELS = PUBLIC_CONTENT_MODELS | frozenset(
    {
        # Certificate conditions (the dashboard's certificates to issue) and learning reports.
        "learning.learningsettings",
        "learning.questionset",
        "learning.question",
        "learning.option",
        "learning.testresponse",
        "learning.testanswer",
        "learning.evaluationreceipt",
        "learning.evaluationresponse",
        "learning.evaluationanswer",
    }
)
CALENDAR_REFRESH_MINUTES = env_int("CALENDAR_REFRESH_MINUTES", default=360)
CALENDAR_CANCELLED_RETENTION_DAYS = env_int("CALENDAR_CANCELLED_RETENTION_DAYS", default=90)
# Outcome documents and languages: dates day first in English like UN documents
# (config/formats/en); every other language keeps Django's own formats.
FORMAT_MODULE_PATH = ["config.formats"]
# Attendance and imports (participants app): an online meeting report marks present whoever
# stayed at least this many minutes; uploaded files wait for confirmation under
# MEDIA_ROOT/imports (unguessable names, tied to the uploader's session) for this long.
ATTENDANCE_REPORT_MIN_MINUTES = env_int("ATTENDANCE_REPORT_MIN_MINUTES", default=60)
IMPORT_PENDING_MAX_AGE_SECONDS = 2 * 60 * 60
# Check-in at the door (attendance app): participant QR codes are signed with an Ed25519 key of
# their own (attendance/qr_signing.py, a core.keyring key ring): CHECKIN_QR_SIGNING_KEY (PEM),
# else the file CHECKIN_QR_KEY_FILE, created on first use. A check-in device keeps a
# workshop's roster until this many days after the workshop's last day.
CHECKIN_QR_SIGNING_KEY = env_str("CHECKIN_QR_SIGNING_KEY")
CHECKIN_QR_KEY_FILE = env.path(
    "CHECKIN_QR_KEY_FILE", default=BASE_DIR / "var" / "checkin-qr-key.pem"
)
CHECKIN_OFFLINE_DAYS = env_int("CHECKIN_OFFLINE_DAYS", default=2)
# django-import-export: the admin's exports neutralise formulas in their resources
# (core.exporting.NeutralisedExportMixin). Import-export's own escaping is off: it strips only
# a leading "=" and turns every cell into text (numbers, dates and empty cells included).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
# Control characters XLSX cannot hold become U+FFFD instead of failing the admin's export.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

# Staff sign-in: django-axes locks a username at one client address out after
# AXES_FAILURE_LIMIT failed attempts for AXES_COOLOFF_HOURS (kept in the database, so every
# worker process sees it); a successful sign-in resets the count. Staff may add a TOTP second
# factor (django-otp); the issuer names the account in authenticator apps.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", default=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "offices.views.locked_out"
AXES_VERBOSE = False
# The address is the one the rate limits count (core.http.client_ip, TRUSTED_PROXY_COUNT):
# behind the proxy REMOTE_ADDR is the proxy's own, and keyed on it five wrong passwords from
# anywhere would lock the username out for everyone. Entries a client typed into
# X-Forwarded-For are never trusted, so an attacker cannot pick the address he locks.
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
OTP_TOTP_ISSUER = "COP Workshops"
# Reports: a count of people below this is never shown on its own (see README "Reports").
REPORT_MIN_COUNT = env_int("REPORT_MIN_COUNT", default=3)
# --- Deployment: shared media store, error reports, probes behind the proxy ---
# Media on an S3-compatible store (AWS, MinIO, Scaleway, ...) when a bucket is named, so every
# web process and worker on every machine sees the same files; local disk otherwise.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID") or None
    AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY") or None
    AWS_LOCATION = env_str("AWS_LOCATION") or "media"
    # Private bucket: links are signed and expire, uploads never overwrite each other.
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = int(env_str("AWS_QUERYSTRING_EXPIRE") or 3600)
    AWS_S3_FILE_OVERWRITE = False
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    # The same private bucket under a prefix of its own (signed links are never handed out
    # for these: the views stream them after checking permission).
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": f"{AWS_LOCATION}-private"},
    }

SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT") or "production",
        send_default_pii=False,  # no IP addresses, cookies or user details
        max_request_body_size="never",  # forms carry names and e-mail addresses
        before_send=sentry_before_send,
        traces_sample_rate=0.0,
    )

# Load balancers probe over plain HTTP from inside the network: answer, do not redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

# --- Personal data: retention, then anonymisation by `purge_personal_data` ---
# A participant is anonymised once every workshop they registered for ended longer ago than
# this; a minor's data sooner. Anonymous statistics (country, sector) and certificate
# verification (workshop and validity only) survive.
PERSONAL_DATA_RETENTION_DAYS = env_int("PERSONAL_DATA_RETENTION_DAYS", default=3 * 365)
MINORS_DATA_RETENTION_DAYS = env_int("MINORS_DATA_RETENTION_DAYS", default=365)
# Certificates: bulk issue renders this many certificates per WeasyPrint document, in this many
# worker processes; the PDF libraries log every step at INFO, which only helps when debugging.
CERTIFICATE_RENDER_WORKERS = env_int("CERTIFICATE_RENDER_WORKERS", default=2)
CERTIFICATE_CHUNK_SIZE = env_int("CERTIFICATE_CHUNK_SIZE", default=25)
# The key of the certificates' content digest (an HMAC, so a name cannot be recovered from it by
# trying candidates). Empty: derived from SECRET_KEY. Set it so that rotating SECRET_KEY does not
# make every certificate look changed (the next batch would re-issue them all).
CERTIFICATE_DIGEST_KEY = env_str("CERTIFICATE_DIGEST_KEY")
# Verifiable credentials (README "Verifiable credentials"): the Ed25519 key that signs them, as
# PEM in the environment or in a file this names; without either, a development key generated
# into var/keys/ (`check --deploy` warns). `rotate_signing_key` rotates a file's key.
CREDENTIAL_SIGNING_KEY = env_str("CREDENTIAL_SIGNING_KEY")
CREDENTIAL_SIGNING_KEY_FILE = env_str("CREDENTIAL_SIGNING_KEY_FILE")
CREDENTIAL_DEV_KEY_FILE = BASE_DIR / "var" / "keys" / "credential-signing-key.pem"
# What the verify page accepts as an uploaded certificate PDF or credential JSON.
CREDENTIAL_UPLOAD_MAX_BYTES = env_int("CREDENTIAL_UPLOAD_MAX_BYTES", default=5 * 1024 * 1024)
LOGGING["loggers"].update({"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}})
