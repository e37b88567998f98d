"""The shared area indicators are seeded by ``outcomes`` 0006 and taken away when it is
reversed, on either database: on PostgreSQL the deletion's deferred checks once made the
reversed table changes fail ("pending trigger events"), so no release could be rolled back
past it."""
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("outcomes", "0005_progress_from_providers")]


def migrate_to(targets=None):
    executor = MigrationExecutor(connection)
    return executor.migrate(targets or executor.loader.graph.leaf_nodes()).apps


@pytest.mark.django_db(transaction=True)
def test_the_shared_indicators_go_with_the_migration_and_come_back_with_it():
    try:
        migrate_to(BEFORE)
        assert "outcomes_indicator" not in connection.introspection.table_names()
        new = migrate_to()
        shared = new.get_model("outcomes", "Indicator").objects.filter(local_authority=None)
        assert shared.count() == 5
    finally:
        migrate_to()
