"""Settings for `make run` on a developer's machine: embedded SQLite, console email."""
import os

from .base import *  # noqa: F403
from .base import env_bool, env_list, logging_settings

DEBUG = os.environ.get("DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret-5f0c1e7a9b2d4c6e8f1a3b5d7e9f0a2c")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
ALLOW_DEMO_DATA = True

# Serve static files from the app folders without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Two-factor is not asked of the demo logins; TWO_FACTOR_REQUIRED=1 asks it as production does.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)

# Log lines as text in a terminal; LOG_FORMAT=json as production writes them.
LOGGING = logging_settings(os.environ.get("LOG_FORMAT", "text"), os.environ.get("LOG_LEVEL", "INFO"))
