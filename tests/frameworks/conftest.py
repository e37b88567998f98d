"""Fixtures for the framework tests: people to sign in as, the data files, and loading them.

The suite's ``django_db_setup`` loads the shipped frameworks once per session, so tests
here do not assume an empty library: ``loaded`` makes sure the three are there, and
``no_frameworks`` empties the library (inside the test's transaction) for tests about a
first load.
"""
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from frameworks.models import Framework
from frameworks.services import framework_load
from organisations.models import User

FRAMEWORK_DIR = settings.BASE_DIR / "fixtures" / "frameworks"
DATA_FILES = {
    "si-qaf": FRAMEWORK_DIR / "si-qaf-1.yaml",
    "leics-ap-visit": FRAMEWORK_DIR / "leics-ap-visit-1.yaml",
    "integrated-ap-benchmarks": FRAMEWORK_DIR / "integrated-ap-benchmarks-1.yaml",
}
PASSWORD = "frameworks-test-password"


def data_text(slug: str) -> str:
    return DATA_FILES[slug].read_text(encoding="utf-8")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def reader(db) -> User:
    """A signed-in user with no organisation and no staff rights."""
    return User.objects.create_user(email="reader@frameworks.test", password=PASSWORD)


@pytest.fixture
def staff(db) -> User:
    """An administrator of the service (staff, not superuser)."""
    return User.objects.create_user(email="staff@frameworks.test", password=PASSWORD,
                                    is_staff=True)


@pytest.fixture
def reader_client(reader) -> Client:
    return signed_in(reader)


@pytest.fixture
def staff_client(staff) -> Client:
    return signed_in(staff)


@pytest.fixture
def no_frameworks(db) -> None:
    """An empty framework library, without the data other apps load with it (the outcomes
    vocabulary, the due-diligence checklists); the test's transaction brings them back after."""
    from commissioning.models import Checklist
    from outcomes.models import OutcomeScheme

    # A framework's scales are PROTECTed by its own item/judgement scale links: clear those.
    Framework.objects.update(item_scale=None, judgement_scale=None)
    Framework.objects.all().delete()
    OutcomeScheme.objects.all().delete()
    Checklist.objects.all().delete()
    assert not Framework.objects.exists()


@pytest.fixture
def loaded(db) -> dict:
    """The three shipped frameworks, loaded (or already there): slug -> LoadResult."""
    return {
        slug: framework_load(path_or_text=Path(path), filename=path.name)
        for slug, path in DATA_FILES.items()
    }
