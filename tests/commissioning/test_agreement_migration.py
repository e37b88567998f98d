"""The agreement a commissioning link held in its own fields becomes the link's first
``Agreement`` (``commissioning`` 0003, then ``organisations`` 0006 drops the fields), and goes
back into them when the migrations are reversed."""
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("organisations", "0009_archiving"),
          ("commissioning", "0002_agreements_support")]


def migrate_to(targets=None):
    executor = MigrationExecutor(connection)
    return executor.migrate(targets or executor.loader.graph.leaf_nodes()).apps


@pytest.mark.once  # half a minute of migrating; the rows move through the ORM
@pytest.mark.django_db(transaction=True)
def test_a_links_agreement_moves_to_an_agreement_and_back(world):
    old = migrate_to(BEFORE)
    Commissioning = old.get_model("organisations", "Commissioning")
    Commissioning.objects.filter(commissioner_id=world.partnership.pk).update(
        agreement_reference="SLA-9", agreement_starts=datetime.date(2025, 9, 1),
        agreement_ends=datetime.date(2027, 8, 31))
    try:
        new = migrate_to()
        [agreement] = new.get_model("commissioning", "Agreement").objects.all()
        assert (agreement.link.commissioner_id, agreement.kind, agreement.reference,
                agreement.starts, agreement.ends) == (
            world.partnership.pk, "sla", "SLA-9", datetime.date(2025, 9, 1),
            datetime.date(2027, 8, 31))
        old = migrate_to(BEFORE)
        link = old.get_model("organisations", "Commissioning").objects.get(
            commissioner_id=world.partnership.pk)
        assert (link.agreement_reference, link.agreement_ends) == (
            "SLA-9", datetime.date(2027, 8, 31))
        old.get_model("commissioning", "Agreement").objects.all().delete()
    finally:
        migrate_to()
