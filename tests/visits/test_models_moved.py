"""The QA visit models moved from ``assessments`` to ``visits`` without losing a row.

A database holding the demo data is taken back to before the move (the rows then sit in the
``assessments_*`` tables), then forward again: every visit table keeps its rows, and a
finalised visit's report reads the same, word for word.
"""
import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from assessments.models import Assessment
from reports.renderers import render_visit_record_pdf
from tests.reports.conftest import pdf_pages

BEFORE_THE_MOVE = [("assessments", "0003_visit_visited_on")]
# Every table that moved, by its name after the move; before it, "visits_" read "assessments_".
TABLES = ["visitdetail", "visitdetail_key_sections", "visitteammember", "concern",
          "concerndecision", "historicalvisitdetail", "historicalvisitdetail_key_sections",
          "historicalvisitteammember", "historicalconcern", "historicalconcerndecision"]


def migrate_to(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()


def table_counts(app_label: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(f'{app_label}_{table}')}")
            counts[table] = cursor.fetchone()[0]
        return counts


def final_visit_report() -> list[str]:
    """The text of the final visit's commissioner copy, less the minute it was generated."""
    visit = Assessment.objects.visits().get(state=Assessment.State.FINAL)
    pages = pdf_pages(render_visit_record_pdf(visit, audience="commissioner"))
    return [re.sub(r"Generated \d+ \w+ \d{4}, \d\d:\d\d", "Generated", page) for page in pages]


@pytest.mark.django_db(transaction=True)
def test_the_demo_data_survives_the_move_back_and_forth():
    call_command("load_frameworks", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
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
