"""What a bulk export tells the person who asked for it (``notifications.events`` is the
table of every event and its audience): that it is ready to download, or that it failed and
why. Called by ``exports.services`` as the export finishes or fails."""
from django.utils import timezone

from notifications import events
from notifications.services import notify_event

from .models import BulkExport


def _fields(export: BulkExport) -> dict:
    org = export.organisation.name
    if export.is_dashboard:
        what = f"PDF of {org}’s provider dashboard"
    else:
        what = f"inspection pack of {org}" if export.is_pack else f"bulk export of {org}’s reports"
    return {"organisation": org, "period": export.period, "title": export.title, "what": what}


def export_ready(export: BulkExport) -> None:
    expires = timezone.localtime(export.expires_at)
    notify_event(events.EXPORT_READY, about=export.pk, url=export.get_absolute_url(),
                 recipients=[export.requested_by],
                 expires=f"{expires:%-d %B %Y} at {expires:%H:%M}", **_fields(export))


def export_failed(export: BulkExport) -> None:
    notify_event(events.EXPORT_FAILED, about=export.pk, url=export.get_absolute_url(),
                 recipients=[export.requested_by], reason=export.failure_reason,
                 **_fields(export))
