"""Settings shared by every environment; secrets and hosts come from the environment."""
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from qaportal.log_format import logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean from the environment ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list from the environment."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "simple_history",
    "rules",
    "axes",
    # Sign-in (django-allauth): the password step and the second factor (authenticator app
    # codes, recovery codes). people/accounts.py adapts it to the portal.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks",
    "django_tasks_db",
    "qaportal",
    "core",
    "organisations",
    "people",
    "frameworks",
    "assessments",
    "visits",
    "reviews",
    "outcomes",
    "notifications",
    "actionplans",
    "commissioning",
    "reminders",
    "reports",
    "dashboards",
    "exports",
    "api",
    # django-ninja: its templates and static files, so nothing is fetched from a CDN.
    "ninja",
    "demo",
    "operations",
]

MIDDLEWARE = [
    # First: each request's id and its one log line (qaportal/request_log.py), timing the rest.
    "qaportal.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "qaportal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session and user are loaded: a NUL must not reach a database lookup.
    "qaportal.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication, messages and htmx: it signs a user out with a message saying why,
    # and answers an htmx request with HX-Redirect.
    "qaportal.middleware.SessionTimeoutMiddleware",
    # A sign-in form may send the browser on to the identity provider (single sign-on).
    "people.single_sign_on.FormActionMiddleware",
    # Someone who must use two-factor and has not set it up goes to set it up first.
    "people.two_factor.RequireTwoFactorMiddleware",
    "qaportal.middleware.PrivateCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Records each request made with an API token (api/middleware.py).
    "api.middleware.ApiRequestLog",
    # Last, as django-axes asks: it turns a locked-out login into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qaportal.urls"
WSGI_APPLICATION = "qaportal.wsgi.application"
ASGI_APPLICATION = "qaportal.asgi.application"

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
                "qaportal.context_processors.portal",
            ],
        },
    },
]

# SQLite is the embedded default; DATABASE_URL (e.g. postgres://user:pw@host/db) overrides it.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'qaportal.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: the portal's queries are short and indexed, and compiling one can cost more
    # than running it (70 ms of JIT for a 4 ms list query, measured by make bench).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the dev server and a second process share the file.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "organisations.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"

# django-allauth signs people in by email and password; nobody signs themselves up (people
# come in by invitation: people/), and django-axes is the one throttle on every step.
ACCOUNT_ADAPTER = "people.accounts.AccountAdapter"
ACCOUNT_FORMS = {"login": "people.accounts.SignInForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = False
ACCOUNT_LOGOUT_REDIRECT_URL = "login"
# Django's cache is shared by every server process through the database: an authenticator
# code used once is remembered there, so no process accepts it again. The table is made by
# the people app's migration 0002.
# Requests a minute an API token may make (429 with Retry-After past it).
API_RATE_LIMIT = int(os.environ.get("API_RATE_LIMIT", "120"))
# Past MAX_ENTRIES Django deletes a third of the rows on the next write, whatever they hold:
# at its default (300) the figures kept for readers (outcomes, trends) would push out a used
# authenticator code within minutes. Each kept entry lives a day at most.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                      "LOCATION": "qaportal_cache", "OPTIONS": {"MAX_ENTRIES": 50_000}}}
# Two-factor: codes from an authenticator app, and recovery codes for when it is lost.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "people.two_factor.TwoFactorAdapter"
MFA_FORMS = {"authenticate": "people.two_factor.CodeForm",
             "reauthenticate": "people.two_factor.ReauthenticateCodeForm",
             "activate_totp": "people.two_factor.ActivateForm",
             "deactivate_totp": "people.two_factor.DeactivateForm",
             "generate_recovery_codes": "people.two_factor.NewRecoveryCodesForm"}
# Who must use two-factor (people/two_factor.py): administrators always, and people holding
# one of TWO_FACTOR_ROLES (those who can read learner-level outcomes), or everyone with
# TWO_FACTOR_FOR_EVERYONE. TWO_FACTOR_REQUIRED turns the rule off (development's default).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
TWO_FACTOR_ROLES = env_list("TWO_FACTOR_ROLES", "la_commissioner,provider_lead,provider_staff")
TWO_FACTOR_FOR_EVERYONE = env_bool("TWO_FACTOR_FOR_EVERYONE", False)

# Single sign-on with the organisation's own identity provider (people/single_sign_on.py): off
# unless SSO_ISSUER names one. Microsoft Entra ID's issuer is
# https://login.microsoftonline.com/<tenant id>/v2.0 (README, "Single sign-on").
SSO_ISSUER = os.environ.get("SSO_ISSUER", "").rstrip("/")
SSO_CLIENT_ID = os.environ.get("SSO_CLIENT_ID", "")
SSO_CLIENT_SECRET = os.environ.get("SSO_CLIENT_SECRET", "")
# The button says "Sign in with <SSO_NAME>".
SSO_NAME = os.environ.get("SSO_NAME", "your organisation's account")
# A single-sign-on sign-in counts as two-factor when the provider says it used more than one
# factor (its amr claim), or always when the deployment trusts its provider to require it.
SSO_TRUSTED_FOR_TWO_FACTOR = env_bool("SSO_TRUSTED_FOR_TWO_FACTOR", False)
SOCIALACCOUNT_ADAPTER = "people.single_sign_on.SingleSignOnAdapter"
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True}}
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = ""
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False

# A signed-in session ends after this long without a request (the page warns two minutes
# before), and this long after signing in however active (qaportal.middleware).
SESSION_IDLE_MINUTES = float(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_MAX_HOURS = float(os.environ.get("SESSION_MAX_HOURS", "12"))
# The cookie and the stored session need not outlive that.
SESSION_COOKIE_AGE = int(SESSION_MAX_HOURS * 3600)

# No inline script or style anywhere: every script and stylesheet is a static file
# (htmx's own indicator style is switched off by a meta tag in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# django-axes: lock an account (username + address) after repeated failed sign-ins.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "1"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "login"
# Every spelling of an address is one account for the lockout, as it is for signing in.
AXES_USERNAME_CALLABLE = "organisations.signin.lockout_username"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# No MEDIA_URL is served: evidence files go out only through permission-checked views.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Evidence files on an S3-compatible object store when a bucket is named (a deployment then
# installs `.[s3]`, which brings boto3). Credentials are left to boto3's own chain
# (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, a profile or an instance
# role), so no secret passes through the settings. Objects stay private (no ACL: the bucket's
# own) and are never overwritten, as on the filesystem.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Background work (Django's tasks API through the django-tasks backport): tasks are rows in
# the database, run by `python manage.py db_worker` as a second process (`make run` starts
# one beside the server). Reminders and bulk exports have queues of their own, so a long
# export never holds up a reminder; the worker serves every queue unless told otherwise.
TASK_QUEUES = ["default", "reminders", "exports"]
TASKS = {
    "default": {
        # django-tasks-db's, each task carrying the id of the request that enqueued it.
        "BACKEND": "core.tracing.TracedDatabaseBackend",
        "QUEUES": TASK_QUEUES,
    },
}

# A bulk export running with no progress for this long lost its worker and is marked
# failed; one still queued this long means no worker is running.
EXPORT_STALE_MINUTES = int(os.environ.get("EXPORT_STALE_MINUTES", "15"))
EXPORT_QUEUED_HOURS = int(os.environ.get("EXPORT_QUEUED_HOURS", "24"))

# A self-assessment is for the current academic year or an earlier one. From the first day of
# this month (1-12) each year, the next academic year opens too (core.periods); unset, it
# opens on 1 September, when it begins.
SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH = os.environ.get("SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH") or None
if SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH is not None:
    try:
        SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH = int(SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH)
    except ValueError:
        SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH = 0
    if not 1 <= SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH <= 12:
        raise ImproperlyConfigured("SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH must be a month from "
                                   "1 to 12.")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "QA Portal <no-reply@qaportal.invalid>")

SERVICE_NAME = "QA Portal"
# The portal's address, for links in emails sent outside a request (reminders, digests).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Who runs this deployment, for the privacy notice and the accessibility statement
# (qaportal/statements.py). Unset, the pages show a placeholder saying which setting to give,
# and `check --deploy` warns.
SERVICE_CONTROLLER = os.environ.get("SERVICE_CONTROLLER", "")
SERVICE_DPO_CONTACT = os.environ.get("SERVICE_DPO_CONTACT", "")
SERVICE_CONTACT_EMAIL = os.environ.get("SERVICE_CONTACT_EMAIL", "")
# How long an invitation email's link works, from when the email is sent.
INVITATION_VALID_DAYS = int(os.environ.get("INVITATION_VALID_DAYS", "7"))
# Dashboards flag an agreement this many months before it ends.
AGREEMENT_ENDING_MONTHS = int(os.environ.get("AGREEMENT_ENDING_MONTHS", "3"))
# Demo users are created only where this is true (dev and test; never prod).
ALLOW_DEMO_DATA = False

# One line per request and per task, as JSON unless LOG_FORMAT=text (qaportal/log_format.py).
LOGGING = logging_settings(os.environ.get("LOG_FORMAT", "json"),
                           os.environ.get("LOG_LEVEL", "INFO"))
AXES_VERBOSE = False

# Evidence uploads: the largest file accepted (default 20 MB).
EVIDENCE_MAX_BYTES = int(float(os.environ.get("EVIDENCE_MAX_MB", "20")) * 1024 * 1024)
# Working days (Monday to Friday) a provider has to respond to shared QA visit judgements.
VISIT_RESPONSE_WORKING_DAYS = int(os.environ.get("VISIT_RESPONSE_WORKING_DAYS", "10"))
# Requests a little over the evidence limit still reach the form, which explains the error.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
