"""The QA visit models, moved here from ``assessments`` with their rows.

``assessments`` migration 0004 renamed the tables; this one only records the models in
Django's state (no database change), then points the content types (and so permissions and
admin history) at this app.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = ["visitdetail", "historicalvisitdetail", "historicalvisitdetail_key_sections",
         "visitteammember", "historicalvisitteammember", "concern", "historicalconcern",
         "concerndecision", "historicalconcerndecision"]


def _move_content_types(apps, from_app, to_app):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label=from_app, model__in=MOVED).update(app_label=to_app)


def content_types_to_visits(apps, schema_editor):
    _move_content_types(apps, "assessments", "visits")


def content_types_to_assessments(apps, schema_editor):
    _move_content_types(apps, "visits", "assessments")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0004_visit_models_to_visits'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('frameworks', '0002_framework_applies_to'),
        ('organisations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Concern',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('basis', models.CharField(choices=[('key_aspect', 'a key aspect in the framework'), ('key_section', "a key section in the framework's scoring"), ('chosen_for_visit', 'chosen as a key aspect for this visit')], max_length=20)),
                        ('status', models.CharField(choices=[('open', 'Awaiting a decision'), ('decided', 'Decided')], default='open', max_length=10)),
                        ('raised_at', models.DateTimeField(auto_now_add=True)),
                        ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='concerns', to='assessments.assessment')),
                        ('partnership', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='raised_concerns', to='organisations.organisation')),
                        ('provider', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='concerns', to='organisations.organisation')),
                        ('raised_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('section', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='frameworks.section')),
                    ],
                    options={
                        'ordering': ['-raised_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ConcernDecision',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('decision', models.CharField(choices=[('continue', 'Continue to use the provider'), ('continue_with_conditions', 'Continue with conditions'), ('suspend_new_placements', 'Suspend new placements'), ('decommission', 'De-commission the provider')], max_length=30)),
                        ('reasons', models.TextField()),
                        ('conditions', models.TextField(blank=True)),
                        ('review_date', models.DateField(blank=True, null=True)),
                        ('decided_at', models.DateTimeField(auto_now_add=True)),
                        ('concern', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decisions', to='visits.concern')),
                        ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['concern', 'decided_at', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalConcern',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('basis', models.CharField(choices=[('key_aspect', 'a key aspect in the framework'), ('key_section', "a key section in the framework's scoring"), ('chosen_for_visit', 'chosen as a key aspect for this visit')], max_length=20)),
                        ('status', models.CharField(choices=[('open', 'Awaiting a decision'), ('decided', 'Decided')], default='open', max_length=10)),
                        ('raised_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('assessment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assessments.assessment')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('partnership', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.organisation')),
                        ('provider', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.organisation')),
                        ('raised_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('section', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='frameworks.section')),
                    ],
                    options={
                        'verbose_name': 'historical concern',
                        'verbose_name_plural': 'historical concerns',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalConcernDecision',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('decision', models.CharField(choices=[('continue', 'Continue to use the provider'), ('continue_with_conditions', 'Continue with conditions'), ('suspend_new_placements', 'Suspend new placements'), ('decommission', 'De-commission the provider')], max_length=30)),
                        ('reasons', models.TextField()),
                        ('conditions', models.TextField(blank=True)),
                        ('review_date', models.DateField(blank=True, null=True)),
                        ('decided_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('concern', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='visits.concern')),
                        ('decided_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical concern decision',
                        'verbose_name_plural': 'historical concern decisions',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalVisitDetail',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('withdrawn_reason', models.TextField(blank=True)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('assessment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assessments.assessment')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical visit detail',
                        'verbose_name_plural': 'historical visit details',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalVisitTeamMember',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('officer', 'Partnership officer'), ('school_visitor', 'School visitor')], max_length=20)),
                        ('name', models.CharField(blank=True, max_length=200)),
                        ('school', models.CharField(blank=True, max_length=200)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('assessment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='assessments.assessment')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('user', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical visit team member',
                        'verbose_name_plural': 'historical visit team members',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='VisitDetail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('withdrawn_reason', models.TextField(blank=True)),
                        ('assessment', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='visit_detail', to='assessments.assessment')),
                        ('key_sections', models.ManyToManyField(blank=True, help_text="A Red judgement in one of these sections is a cause for concern, as in the framework's own key aspects.", related_name='+', to='frameworks.section', verbose_name='key aspects chosen for this visit')),
                    ],
                ),
                migrations.CreateModel(
                    name='HistoricalVisitDetail_key_sections',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='visits.historicalvisitdetail')),
                        ('section', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='frameworks.section')),
                        ('visitdetail', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='visits.visitdetail')),
                    ],
                    options={
                        'verbose_name': 'HistoricalVisitDetail_key_sections',
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='VisitTeamMember',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('officer', 'Partnership officer'), ('school_visitor', 'School visitor')], max_length=20)),
                        ('name', models.CharField(blank=True, max_length=200)),
                        ('school', models.CharField(blank=True, max_length=200)),
                        ('assessment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='team', to='assessments.assessment')),
                        ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'ordering': ['assessment', 'kind', 'name', 'pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='concern',
                    constraint=models.UniqueConstraint(fields=('assessment', 'section'), name='one_concern_per_visit_section'),
                ),
                migrations.AddConstraint(
                    model_name='concern',
                    constraint=models.CheckConstraint(condition=models.Q(('status__in', ['open', 'decided'])), name='concern_status_known'),
                ),
                migrations.AddConstraint(
                    model_name='concerndecision',
                    constraint=models.CheckConstraint(condition=models.Q(('reasons', ''), _negated=True), name='decision_has_reasons'),
                ),
                migrations.AddConstraint(
                    model_name='concerndecision',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('decision', 'continue_with_conditions'), _negated=True), models.Q(models.Q(('conditions', ''), _negated=True), ('review_date__isnull', False)), _connector='OR'), name='conditions_have_text_and_review_date', violation_error_message='Conditions need the conditions and a review date.'),
                ),
                migrations.AddConstraint(
                    model_name='visitteammember',
                    constraint=models.CheckConstraint(condition=models.Q(models.Q(('kind', 'officer'), ('user__isnull', False)), models.Q(('kind', 'school_visitor'), ('user__isnull', True), models.Q(('name', ''), _negated=True), models.Q(('school', ''), _negated=True)), _connector='OR'), name='team_member_officer_or_visitor', violation_error_message='An officer is a user; a school visitor has a name and a school.'),
                ),
                migrations.AddConstraint(
                    model_name='visitteammember',
                    constraint=models.UniqueConstraint(condition=models.Q(('user__isnull', False)), fields=('assessment', 'user'), name='one_team_place_per_officer'),
                ),
            ],
        ),
        migrations.RunPython(content_types_to_visits, content_types_to_assessments),
    ]
