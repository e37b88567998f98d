"""Copy each goal's learner's LA onto the goal, so an LA's figures read its own goals through
an index rather than joining every LA's goals to their learners; and index the provider's
and the LA's goals by year and area (distance travelled reads one area at a time)."""
import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_local_authority(apps, schema_editor):
    GoalOutcome = apps.get_model("outcomes", "GoalOutcome")
    Learner = apps.get_model("outcomes", "Learner")
    GoalOutcome.objects.update(local_authority_id=Subquery(
        Learner.objects.filter(pk=OuterRef("learner_id")).values("local_authority_id")[:1]))
    Historical = apps.get_model("outcomes", "HistoricalGoalOutcome")
    Historical.objects.update(local_authority_id=Subquery(
        Learner.objects.filter(pk=OuterRef("learner_id")).values("local_authority_id")[:1]))


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0001_initial'),
        ('outcomes', '0002_outcome_import'),
    ]

    operations = [
        migrations.AddField(
            model_name='goaloutcome',
            name='local_authority',
            field=models.ForeignKey(editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation'),
        ),
        migrations.AddField(
            model_name='historicalgoaloutcome',
            name='local_authority',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisations.organisation'),
        ),
        migrations.RunPython(copy_local_authority, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='goaloutcome',
            name='local_authority',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation'),
        ),
        migrations.RemoveIndex(
            model_name='goaloutcome',
            name='outcome_provider_year',
        ),
        migrations.AddIndex(
            model_name='goaloutcome',
            index=models.Index(fields=['provider', 'academic_year', 'pfa_area'], name='outcome_provider_year_area'),
        ),
        migrations.AddIndex(
            model_name='goaloutcome',
            index=models.Index(fields=['local_authority', 'academic_year', 'pfa_area'], name='outcome_la_year_area'),
        ),
    ]
