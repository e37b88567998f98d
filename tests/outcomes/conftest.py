"""Fixtures for the outcomes tests."""
import pytest

from outcomes import import_runs

from .helpers import shire  # noqa: F401


@pytest.fixture
def commissioner(shire, client_for):  # noqa: F811
    """A client signed in as the shire's LA commissioner."""
    return client_for(shire.users["la_commissioner"])


@pytest.fixture
def in_worker(monkeypatch):
    """Files writing more than two learners and rows go to the worker (the three-row file
    writes five)."""
    monkeypatch.setattr(import_runs, "IN_REQUEST_WRITES", 2)
