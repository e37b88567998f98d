"""Settings for ``make load``'s gunicorn: the development settings as production runs them
(debug off, so cached templates and no query log) but for static files, served from the app
folders without collectstatic, as ``make bench`` does."""
from .dev import *  # noqa: F403

DEBUG = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = False
