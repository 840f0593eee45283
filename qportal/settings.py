"""Settings for the portal.

Every value that differs between deployments comes from the environment; the
README lists them all. Nothing secret has a default.
"""

import os
from email.utils import formataddr, parseaddr
from pathlib import Path
from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.rate_limits import StricterWhileRedisIsDown
from qportal import beat
from qportal.databases import database
from qportal.env import env_bool, env_int, env_list, env_required
from qportal.storage import storages

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core ---------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", default=False)

if DEBUG:
    # A fixed, obviously unsafe key so that development sessions survive restarts.
    SECRET_KEY = os.environ.get("SECRET_KEY") or "insecure-development-key-never-use-in-production"
else:
    SECRET_KEY = env_required("SECRET_KEY")

SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.hostname:
    raise ImproperlyConfigured(f"SITE_URL must be an absolute http(s) address; got {SITE_URL!r}.")
SITE_DOMAIN = _site.hostname
SITE_NAME = os.environ.get("SITE_NAME", "Improvement Exchange")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=f"{SITE_DOMAIN},localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=f"{_site.scheme}://{_site.netloc}")

INSTALLED_APPS = [
    # Project apps, top of the layers first so that their management commands win.
    "qportal",
    "api",
    "digests",
    "notifications",
    "people",
    "events",
    "groups",
    "casestudies",
    "outbox",
    "members",
    "core",
    # Django
    "members.apps.PortalAdminConfig",  # django.contrib.admin, with the curator rule
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.forms",
    # Third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_htmx",
    "csp",
    "corsheaders",
    "ninja",  # its Swagger UI files, served from our own static files
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so kept pages are compressed as they are sent (qportal/compression.py).
    "core.compression.VisitorPageCompressionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Outside the site's own refusals, so that the API's addresses get them in JSON, and before
    # CommonMiddleware (it sees the Content-Length that sets) and CSRF (it refuses writes first).
    "api.middleware.JsonErrorsMiddleware",
    # Before anything reads the session or the database with what the request carries.
    "core.middleware.RefusedCharactersMiddleware",
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # allauth's UserSessionsMiddleware, written at most every five minutes a session.
    "members.middleware.SessionLastSeen",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    # Last: it calls allauth's views itself, in a transaction (members/middleware.py).
    "members.middleware.AtomicAccountChanges",
]

ROOT_URLCONF = "qportal.urls"
WSGI_APPLICATION = "qportal.wsgi.application"

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
                "csp.context_processors.nonce",
                "qportal.context_processors.site",
            ],
        },
    },
    {
        # Emails only (templates/emails), rendered by the outbox through engines["emails"].
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "emails",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "outbox.templating.environment"},
    },
]

FORM_RENDERER = "core.forms.PortalFormRenderer"

# --- Data ---------------------------------------------------------------------------------------

DATABASE_URL = env_required("DATABASE_URL")
DATABASES = {"default": database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A read replica for the search and list pages (qportal/replica.py); nothing changes without one.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
REPLICA_READ_VIEWS = frozenset({"casestudies:list", "groups:list", "events:list"})
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database(DATABASE_REPLICA_URL)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
    MIDDLEWARE.append("core.replica.ReplicaReadsMiddleware")

REDIS_URL = env_required("REDIS_URL")
CACHES = {
    "default": {
        # Redis, and when it does not answer within these timeouts, a miss (qportal/resilient_cache.py).
        "BACKEND": "core.resilient_cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "qportal"),
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    },
    # Rate-limit counters while Redis is away, and the note that an invalidation did not reach it.
    "fallback": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "qportal_cache_fallback"},
}

CACHE_RETRY_SECONDS = 5.0  # how long the site leaves Redis alone after it failed to answer

# Sessions are read from Redis (core/sessions.py), written to PostgreSQL and Redis; read from PostgreSQL
# while Redis is away, and a sign-out then retires what Redis holds once it answers (resilient_cache).
SESSION_ENGINE = "core.sessions"
# How long a public page is kept for visitors who are not signed in (core/page_cache.py); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

# --- Accounts -----------------------------------------------------------------------------------

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = ["members.backends.MemberBackend", "allauth.account.auth_backends.AuthenticationBackend"]
# Sessions signed in under a backend's former name stay signed in (core/sessions.py).
RENAMED_AUTH_BACKENDS = {"django.contrib.auth.backends.ModelBackend": "members.backends.MemberBackend"}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Someone signing up with an address that already has an account is told so plainly, rather
# than sent a confusing email; the signup rate limit keeps this from being used to list members.
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = _site.scheme
ACCOUNT_FORMS = {
    name: f"members.forms.{form}"
    for name, form in {
        "signup": "SignupForm",
        "login": "LoginForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "add_email": "AddEmailForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
ACCOUNT_ADAPTER = "outbox.account_emails.AccountAdapter"
# allauth's default rate limits stay on: counted in the shared Redis cache, and while Redis is away
# in the database at half the rate (core/rate_limits.py).
ACCOUNT_RATE_LIMITS = StricterWhileRedisIsDown(
    {
        "login": "30/m/ip",
        "login_failed": "10/m/ip,5/5m/key",
        "signup": "20/m/ip",
        "send_email": "5/m/key",
        "change_password": "5/m/user",
        "reset_password": "20/m/ip,5/m/key",
        "reset_password_from_key": "20/m/ip",
        "confirm_email": "1/3m/key",
        "manage_email": "10/m/user",
        "change_phone": "1/m/user",
        "reauthenticate": "10/m/user",
    }
)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_TOTP_ISSUER = SITE_NAME
# One 30-second step either side: phones' clocks drift, and a code typed as it rolls over still works.
MFA_TOTP_TOLERANCE = 1
USERSESSIONS_TRACK_ACTIVITY = True
SESSION_SEEN_SECONDS = 300  # how often a session's last seen is written (members/middleware.py)

# --- Email --------------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"no-reply@{SITE_DOMAIN}")
# A bare address is given the site's name to show: mail readers show the name, not the address.
if not parseaddr(DEFAULT_FROM_EMAIL)[0]:
    DEFAULT_FROM_EMAIL = formataddr((SITE_NAME, parseaddr(DEFAULT_FROM_EMAIL)[1]))
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 30
if DEBUG and not EMAIL_HOST:
    # Each email is shown on the worker's terminal at INFO, readably (qportal/dev_email.py).
    EMAIL_BACKEND = "qportal.dev_email.LoggingEmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = EMAIL_HOST or "localhost"

# --- Celery -------------------------------------------------------------------------------------


# Celery names a Redis unix socket "redis+socket://" (Django's cache: "unix://"), its database "virtual_host".
_socket = REDIS_URL.startswith("unix://")
_broker_socket = REDIS_URL.replace("unix://", "redis+socket://", 1).replace("db=", "virtual_host=")
CELERY_BROKER_URL = _broker_socket if _socket else REDIS_URL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A broker that does not answer is given up on within a second or two: the outbox sweep sends what waits.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 1}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_TASK_IGNORE_RESULT = True
# Lets two deployments (or a test and its worker) share one Redis without taking each other's tasks.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# The one beat schedule, every app's periodic jobs in one place (qportal/beat.py).
CELERY_BEAT_SCHEDULE = beat.SCHEDULE
# How long a worker holds the emails it claimed before the sweep may give them to another (outbox/services.py).
OUTBOX_SENDING_LEASE_SECONDS = env_int("OUTBOX_SENDING_LEASE_SECONDS", 60)

# --- Open data API ------------------------------------------------------------------------------

# Any site may read the API from a browser, without cookies; nothing else on the site is shared.
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "x-api-key", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = [
    "etag",
    "last-modified",
    "retry-after",
    "ratelimit-limit",
    "ratelimit-remaining",
    "ratelimit-reset",
]
CORS_PREFLIGHT_MAX_AGE = 86400
# Requests a minute from one address without a key; keys carry their own limit.
API_RATE_LIMIT_ANONYMOUS = env_int("API_RATE_LIMIT_ANONYMOUS", 60)

# How many reverse proxies of ours stand in front of the web processes, each appending to
# X-Forwarded-For. Rate limits (the API's and allauth's) count the address that many entries from
# the right of that header (qportal/client_ip.py); with 0 the header is ignored and REMOTE_ADDR
# counts. Trusting more proxies than there are would let a client choose the address it is counted as.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more; got {TRUSTED_PROXY_COUNT}.")

# --- Questions to authors -----------------------------------------------------------------------

# How many questions a member may send the authors of case studies, in any hour and any day.
ASK_AUTHORS_PER_HOUR = env_int("ASK_AUTHORS_PER_HOUR", 5)
ASK_AUTHORS_PER_DAY = env_int("ASK_AUTHORS_PER_DAY", 20)

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# The portal's words for the few pages whose text comes from allauth (locale/en_GB).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------

STATIC_URL = "/static/"
# Where collectstatic puts the files the site serves; the tests give each site they start its own.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Media on S3-compatible storage when a bucket is named (qportal/storage.py).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
STORAGES = storages(bucket=AWS_STORAGE_BUCKET_NAME)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Security -----------------------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "qportal.views.csrf_failure"
if _site.scheme == "https":
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# django-csp wants its constants: NONCE is a marker it replaces with each response's nonce
# (a plain "'nonce'" string would reach the browser as an invalid source and be ignored).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# --- Logging ------------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
