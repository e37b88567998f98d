"""QA visits have left this app's tables (``visits`` migration 0003 moved their rows): the
visit-only columns, the section judgements and the visit states go. Going back, they return
empty and ``visits`` 0003 moves the rows back into them.

Last, this app's id sequences are set past every id the visits took with them: SQLite
rebuilds a table to drop a column and starts its sequence again from the rows left, so a new
self-assessment could otherwise take a moved visit's id (and an old visit link reach it)."""

from django.conf import settings
from django.db import migrations, models

# Each of this app's (table, id column) and the visit tables whose ids it must stay above.
PAST = [
    ("assessments_assessment", "id", [("visits_visit", "id"), ("visits_historicalvisit", "id")]),
    ("assessments_historicalassessment", "history_id", [("visits_historicalvisit", "history_id")]),
    ("assessments_response", "id",
     [("visits_visitanswer", "id"), ("visits_historicalvisitanswer", "id")]),
    ("assessments_historicalresponse", "history_id",
     [("visits_historicalvisitanswer", "history_id")]),
    ("assessments_evidencefile", "id",
     [("visits_visitevidencefile", "id"), ("visits_historicalvisitevidencefile", "id")]),
    ("assessments_historicalevidencefile", "history_id",
     [("visits_historicalvisitevidencefile", "history_id")]),
]


def sequences_past_the_visits(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, column, visit_tables in PAST:
            floor = 0
            for source, source_column in [(table, column), *visit_tables]:
                cursor.execute(f'SELECT MAX("{source_column}") FROM {source}')
                floor = max(floor, cursor.fetchone()[0] or 0)
            if not floor:
                continue
            if connection.vendor == "postgresql":
                # Never lowered: setval only where the sequence is not already past.
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), "
                    "GREATEST(%s, (SELECT last_value FROM pg_sequences "
                    "WHERE schemaname || '.' || sequencename = pg_get_serial_sequence(%s, %s))))",
                    [table, column, floor, table, column])
            elif connection.vendor == "sqlite":
                cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                found = cursor.fetchone()
                if found is None:
                    cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)",
                                   [table, floor])
                elif found[0] < floor:
                    cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s",
                                   [floor, table])


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0005_list_indexes'),
        ('visits', '0004_visit_links'),
        ('frameworks', '0003_crosswalk'),
        ('organisations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.DeleteModel(
            name='HistoricalSectionJudgement',
        ),
        migrations.DeleteModel(
            name='SectionJudgement',
        ),
        migrations.RemoveConstraint(
            model_name='assessment',
            name='one_self_assessment_per_provider_framework_year',
        ),
        migrations.RemoveConstraint(
            model_name='assessment',
            name='assessment_state_known',
        ),
        migrations.RemoveField(
            model_name='assessment',
            name='commissioner',
        ),
        migrations.RemoveField(
            model_name='assessment',
            name='planned_visit_date',
        ),
        migrations.RemoveField(
            model_name='assessment',
            name='provider_response',
        ),
        migrations.RemoveField(
            model_name='assessment',
            name='response_due',
        ),
        migrations.RemoveField(
            model_name='assessment',
            name='visited_on',
        ),
        migrations.RemoveField(
            model_name='historicalassessment',
            name='commissioner',
        ),
        migrations.RemoveField(
            model_name='historicalassessment',
            name='planned_visit_date',
        ),
        migrations.RemoveField(
            model_name='historicalassessment',
            name='provider_response',
        ),
        migrations.RemoveField(
            model_name='historicalassessment',
            name='response_due',
        ),
        migrations.RemoveField(
            model_name='historicalassessment',
            name='visited_on',
        ),
        migrations.AlterField(
            model_name='assessment',
            name='state',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted')], max_length=30),
        ),
        migrations.AlterField(
            model_name='historicalassessment',
            name='state',
            field=models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted')], max_length=30),
        ),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.UniqueConstraint(fields=('provider', 'framework_slug', 'period'), name='one_self_assessment_per_provider_framework_year'),
        ),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['draft', 'submitted'])), name='assessment_state_known'),
        ),
        migrations.RunPython(sequences_past_the_visits, migrations.RunPython.noop),
    ]
