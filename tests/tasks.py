"""Running the background worker inside a test, as ``manage.py db_worker --batch`` does:
every queued task whose time has come (emails, exports, the daily run), until none is left."""
from unittest import mock

from django.core.management import call_command


def run_tasks():
    """Inside a test's transaction the worker must keep the connection it shares with the
    test: between tasks it closes a connection that is not in autocommit mode (Django's
    ``close_old_connections``), which a test's always is."""
    from django_tasks_db.management.commands import db_worker

    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        call_command("db_worker", batch=True, startup_delay=False, queue_name="*",
                     reload=False, verbosity=0)
