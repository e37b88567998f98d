"""Fixtures for the outcomes tests."""
from .helpers import shire  # noqa: F401
