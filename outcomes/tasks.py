"""The background task that applies a large outcomes import, on the ``default`` queue (run by
``manage.py db_worker``)."""
from django_tasks import task


@task()
def apply_outcome_import(upload_id: int) -> str:
    """Check upload ``upload_id`` again and apply it (``outcomes.import_runs.import_run``)."""
    from .import_runs import import_run

    return import_run(upload_id)
