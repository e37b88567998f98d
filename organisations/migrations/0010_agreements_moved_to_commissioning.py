"""A link's agreement now lives in ``commissioning.Agreement`` (several to a link, each with
its expected standards): the fields go once ``commissioning`` has copied them."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0009_archiving'),
        ('commissioning', '0003_agreements_from_links'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='commissioning',
            name='agreement_ends_after_it_starts',
        ),
        migrations.RemoveField(
            model_name='commissioning',
            name='agreement_ends',
        ),
        migrations.RemoveField(
            model_name='commissioning',
            name='agreement_reference',
        ),
        migrations.RemoveField(
            model_name='commissioning',
            name='agreement_starts',
        ),
        migrations.RemoveField(
            model_name='historicalcommissioning',
            name='agreement_ends',
        ),
        migrations.RemoveField(
            model_name='historicalcommissioning',
            name='agreement_reference',
        ),
        migrations.RemoveField(
            model_name='historicalcommissioning',
            name='agreement_starts',
        ),
    ]
