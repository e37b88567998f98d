"""The QA visit models move to the ``visits`` app without losing a row.

In the database the tables are renamed (``assessments_concern`` -> ``visits_concern``, and so
on for every visit model, its history table and the key-sections join table); in Django's
state the models leave this app. ``visits`` migration 0001 takes them up over the renamed
tables without touching the database. Reversible: going back renames the tables back.
"""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0003_visit_visited_on'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='visitdetail', table='visits_visitdetail'),
                migrations.AlterModelTable(name='historicalvisitdetail', table='visits_historicalvisitdetail'),
                migrations.AlterModelTable(name='historicalvisitdetail_key_sections', table='visits_historicalvisitdetail_key_sections'),
                migrations.AlterModelTable(name='visitteammember', table='visits_visitteammember'),
                migrations.AlterModelTable(name='historicalvisitteammember', table='visits_historicalvisitteammember'),
                migrations.AlterModelTable(name='concern', table='visits_concern'),
                migrations.AlterModelTable(name='historicalconcern', table='visits_historicalconcern'),
                migrations.AlterModelTable(name='concerndecision', table='visits_concerndecision'),
                migrations.AlterModelTable(name='historicalconcerndecision', table='visits_historicalconcerndecision'),
            ],
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalconcerndecision',
                    name='concern',
                ),
                migrations.RemoveField(
                    model_name='concerndecision',
                    name='concern',
                ),
                migrations.RemoveField(
                    model_name='concerndecision',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='historicalconcern',
                    name='assessment',
                ),
                migrations.RemoveField(
                    model_name='historicalconcern',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalconcern',
                    name='partnership',
                ),
                migrations.RemoveField(
                    model_name='historicalconcern',
                    name='provider',
                ),
                migrations.RemoveField(
                    model_name='historicalconcern',
                    name='raised_by',
                ),
                migrations.RemoveField(
                    model_name='historicalconcern',
                    name='section',
                ),
                migrations.RemoveField(
                    model_name='historicalconcerndecision',
                    name='decided_by',
                ),
                migrations.RemoveField(
                    model_name='historicalconcerndecision',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalvisitdetail',
                    name='assessment',
                ),
                migrations.RemoveField(
                    model_name='historicalvisitdetail',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalvisitdetail_key_sections',
                    name='history',
                ),
                migrations.RemoveField(
                    model_name='historicalvisitdetail_key_sections',
                    name='section',
                ),
                migrations.RemoveField(
                    model_name='historicalvisitdetail_key_sections',
                    name='visitdetail',
                ),
                migrations.RemoveField(
                    model_name='historicalvisitteammember',
                    name='assessment',
                ),
                migrations.RemoveField(
                    model_name='historicalvisitteammember',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalvisitteammember',
                    name='user',
                ),
                migrations.RemoveField(
                    model_name='visitdetail',
                    name='assessment',
                ),
                migrations.RemoveField(
                    model_name='visitdetail',
                    name='key_sections',
                ),
                migrations.RemoveField(
                    model_name='visitteammember',
                    name='assessment',
                ),
                migrations.RemoveField(
                    model_name='visitteammember',
                    name='user',
                ),
                migrations.DeleteModel(
                    name='Concern',
                ),
                migrations.DeleteModel(
                    name='ConcernDecision',
                ),
                migrations.DeleteModel(
                    name='HistoricalConcern',
                ),
                migrations.DeleteModel(
                    name='HistoricalConcernDecision',
                ),
                migrations.DeleteModel(
                    name='HistoricalVisitDetail',
                ),
                migrations.DeleteModel(
                    name='HistoricalVisitDetail_key_sections',
                ),
                migrations.DeleteModel(
                    name='HistoricalVisitTeamMember',
                ),
                migrations.DeleteModel(
                    name='VisitDetail',
                ),
                migrations.DeleteModel(
                    name='VisitTeamMember',
                ),
            ],
        ),
    ]
