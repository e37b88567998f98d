"""Settings for the test suite: fast hashing, in-memory email, plain static storage."""
import os

from .base import *  # noqa: F403
from .base import BASE_DIR

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
ALLOW_DEMO_DATA = True
AXES_ENABLED = True

# Serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A file, not memory: the browser tests' live server answers requests on several threads
# (in-place saves arrive while a form posts), and an in-memory SQLite database would be
# one connection shared between them.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # One file per test process, so runs side by side do not share a database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")}

# Tests that need two-factor turn it on themselves (tests/people/test_two_factor.py).
TWO_FACTOR_REQUIRED = False

# Each test process makes its database from the models (Django's TEST MIGRATE=False: seconds,
# where running the migrations took 40 s of every process's start), then records every
# migration as applied and writes the rows migrations seed (tests/migrated.py), so the
# database is the one `migrate` makes. tests/reports/test_render_report_command.py checks
# that against a real `migrate`; the migration tests and CI's PostgreSQL steps run them.
DATABASES["default"].setdefault("TEST", {})["MIGRATE"] = False  # noqa: F405
