"""The QA visit models moved from ``assessments`` to ``visits`` without losing a row.

A database holding the demo data is taken back to before the move (the rows then sit in the
``assessments_*`` tables), then forward again: every visit table keeps its rows, and a
finalised visit's report reads the same, word for word.

Going back puts visits into the self-assessments' tables with the ids they have, so the demo's
visits are numbered past the self-assessments' first (``clear_of_self_assessments``), as in a
database whose visits were moved out of the shared tables: a visit made after the move may
share an id with a self-assessment, and no migration back could keep both.
"""
import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from reports.renderers import render_visit_record_pdf
from tests.reports.conftest import pdf_pages
from visits.models import Visit, VisitAnswer, VisitEvidenceFile

BEFORE_THE_MOVE = [("assessments", "0003_visit_visited_on")]
# Where the visit tables' ids start: past every self-assessment row the demo makes.
CLEAR = 100_000
# Every table that moved, by its name after the move; before it, "visits_" read "assessments_".
TABLES = ["visitdetail", "visitdetail_key_sections", "visitteammember", "concern",
          "concerndecision", "historicalvisitdetail", "historicalvisitdetail_key_sections",
          "historicalvisitteammember", "historicalconcern", "historicalconcerndecision"]


def migrate_to(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def clear_of_self_assessments():
    """Start the ids of visits, their answers and files, and their history rows, at ``CLEAR``."""
    models = [Visit, VisitAnswer, VisitEvidenceFile]
    models += [m.history.model for m in models]
    with connection.cursor() as cursor:
        for model in models:
            table, pk = model._meta.db_table, model._meta.pk.column
            if connection.vendor == "postgresql":
                cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), %s, false)",
                               [table, pk, CLEAR])
            else:  # SQLite's AUTOINCREMENT reads the highest id used from sqlite_sequence
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                               [table, CLEAR - 1])


def table_counts(app_label: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(f'{app_label}_{table}')}")
            counts[table] = cursor.fetchone()[0]
        return counts


def final_visit_report() -> list[str]:
    """The text of the final visit's commissioner copy, less the minute it was generated."""
    visit = Visit.objects.get(state=Visit.State.FINAL)
    pages = pdf_pages(render_visit_record_pdf(visit, audience="commissioner"))
    return [re.sub(r"Generated \d+ \w+ \d{4}, \d\d:\d\d", "Generated", page) for page in pages]


@pytest.mark.django_db(transaction=True)
def test_the_demo_data_survives_the_move_back_and_forth():
    call_command("load_frameworks", stdout=io.StringIO())
    clear_of_self_assessments()
    call_command("seed_demo", stdout=io.StringIO())
    assert Visit.objects.order_by("pk").first().pk == CLEAR
    counts = table_counts("visits")
    report = final_visit_report()
    assert counts["concern"] and counts["concerndecision"] and counts["visitteammember"]
    assert counts["visitdetail_key_sections"] and counts["historicalvisitdetail_key_sections"]

    try:
        migrate_to(BEFORE_THE_MOVE)
        assert table_counts("assessments") == counts
    finally:
        migrate_to()

    assert table_counts("visits") == counts
    assert final_visit_report() == report
    moved = ContentType.objects.filter(model__in=["concern", "visitdetail", "visitteammember"])
    assert {ct.app_label for ct in moved} == {"visits"}
