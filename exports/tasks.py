"""The background task that renders a bulk export, on the ``exports`` queue (run by
``manage.py db_worker``)."""
from django_tasks import task


@task(queue_name="exports")
def render_bulk_export(export_id: int) -> str:
    """Render export ``export_id`` (see ``exports.services.export_run``). First, the
    housekeeping ``manage.py prune_exports`` does, so that even where nothing runs it
    periodically an export whose worker was lost is failed when the next one starts."""
    from .services import export_run, exports_housekeeping

    exports_housekeeping()
    return export_run(export_id=export_id)
