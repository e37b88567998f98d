"""The table of Django's database cache (``CACHES``), where an authenticator code used once
is remembered so that no server process accepts it again. ``createcachetable`` skips a table
that is already there; going back leaves it (it holds nothing that must be kept)."""
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):

    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
