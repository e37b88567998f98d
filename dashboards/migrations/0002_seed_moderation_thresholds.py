"""Seed the default moderation thresholds; an administrator changes them in the admin."""
from django.db import migrations

DEFAULTS = [
    ("si-qaf", 2,
     "SI QAF is scored in points out of 36: a moderated total more than 2 points from the "
     "self-assessed total is flagged."),
    ("integrated-ap-benchmarks", 3,
     "IntegratED is rated in levels, not points: a review disagreeing with more than 3 "
     "benchmark ratings is flagged. The portal's default, not the toolkit's: change it here."),
]


def seed(apps, schema_editor):
    Threshold = apps.get_model("dashboards", "ModerationThreshold")
    for slug, difference, explanation in DEFAULTS:
        Threshold.objects.get_or_create(framework_slug=slug, defaults={
            "difference": difference, "explanation": explanation})


def unseed(apps, schema_editor):
    Threshold = apps.get_model("dashboards", "ModerationThreshold")
    Threshold.objects.filter(framework_slug__in=[slug for slug, _, _ in DEFAULTS]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("dashboards", "0001_moderation_threshold"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
