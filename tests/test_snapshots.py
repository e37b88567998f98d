"""The copies of the frameworks and the demo that transactional tests start from
(``tests/snapshots.py``) hold what loading and seeding would: every table as many rows, and
the demo's records where the tests look for them."""
import io

import pytest
from django.core.management import call_command
from django.db import connection

from frameworks.models import Framework

from . import snapshots
from .demo_data import Demo, load_frameworks_if_missing, seed_demo
from .snapshots import Copies


def counts(copy: dict) -> dict[str, int]:
    return {table: len(rows) for table, (_, rows) in copy.items()}


def emptied():
    call_command("flush", interactive=False, verbosity=0)
    assert snapshots.is_empty()


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_nothing_is_copied_and_the_demo_is_seeded_for_real():
    if connection.vendor == "sqlite":
        assert Copies.base is not None
        return
    assert Copies.base is None and snapshots.read() is None
    emptied()
    seed_demo()
    assert Copies.demo is None
    assert Demo.fetch().visit.is_final


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_starts_from_the_frameworks_and_demo_as_loaded_and_seeded():
    if connection.vendor != "sqlite":
        assert snapshots.read() is None  # the test above covers PostgreSQL
        return
    emptied()
    load_frameworks_if_missing()  # written back from the session's start
    assert Copies.base is not None
    assert counts(snapshots.read()) == counts(Copies.base)
    assert Framework.objects.count() >= 3
    call_command("seed_demo", stdout=io.StringIO())
    seeded = counts(snapshots.read())

    for _ in range(2):  # the first time in this process may seed for real and keep a copy
        emptied()
        load_frameworks_if_missing()
        seed_demo()
    assert Copies.demo is not None
    assert counts(snapshots.read()) == seeded
    demo = Demo.fetch()
    assert demo.visit.is_final and demo.si.responses.exists()


def test_a_copy_that_changed_a_row_of_the_base_is_not_a_delta():
    base = {"t": (["id"], [(1,), (2,)])}
    assert snapshots.added({"t": (["id"], [(1,), (2,), (3,)])}, base) == {"t": (["id"], [(3,)])}
    assert snapshots.added({"t": (["id"], [(1,), (3,)])}, base) is None
    assert snapshots.added({}, base) is None
