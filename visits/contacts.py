"""Before a QA visit and after it: the LEBC check and the log of contacts with the provider.

The visit record's "Before the visit" asks for "a telephone conversation with the provider
and consulting the LEBC database". The LEBC check (is the provider on the database, when it
was checked, which of its audit's recommendations are outstanding) is part of preparing the
visit, changed while the set-up may be. The contact log (call, email or meeting; when; with
whom; what was said) starts there and continues through the follow-up, final record or not.
Both are the visiting partnership's: the provider does not see them.
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.services import require
from core.history import save_with_history
from organisations.models import User
from organisations.permissions import can

from .dates import long_date
from .models import Visit, VisitContact, VisitDetail

NOT_ALLOWED_TO_LOG = ("Only the visiting partnership's officers and chairs can add to the "
                      "contact log, and not once the visit is withdrawn.")
NOT_ALLOWED_TO_CHECK = ("Only the partnership's officers can record the LEBC check, before the "
                        "visit is recorded.")
KIND_REQUIRED = "Choose how you were in contact: a telephone call, an email or a meeting."
DATE_REQUIRED = "Enter the date of the contact."
DATE_IN_FUTURE = "The date of the contact cannot be in the future: today is {today}."
WITH_WHOM_REQUIRED = "Enter who you were in contact with at the provider."
SUMMARY_REQUIRED = "Enter a summary of what was said or agreed."
LISTED_REQUIRED = "Choose whether the provider is on the LEBC database."
CHECKED_REQUIRED = "Enter the date you checked the LEBC database."
CHECKED_IN_FUTURE = "The date you checked cannot be in the future: today is {today}."


def _not_after_today(day, today, message, field, errors):
    if day is not None and day > today:
        errors[field] = message.format(today=long_date(today))


@transaction.atomic
def contact_record(*, visit: Visit, by: User, kind: str, contacted_on: datetime.date | None,
                   with_whom: str, summary: str,
                   today: datetime.date | None = None) -> VisitContact:
    """Add a contact with the provider to the visit's log."""
    today = today or timezone.localdate()
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(can(by, "visits.log_visit_contact", visit), NOT_ALLOWED_TO_LOG)
    errors = {}
    if kind not in VisitContact.Kind.values:
        errors["kind"] = KIND_REQUIRED
    if contacted_on is None:
        errors["contacted_on"] = DATE_REQUIRED
    _not_after_today(contacted_on, today, DATE_IN_FUTURE, "contacted_on", errors)
    if not with_whom.strip():
        errors["with_whom"] = WITH_WHOM_REQUIRED
    if not summary.strip():
        errors["summary"] = SUMMARY_REQUIRED
    if errors:
        raise ValidationError(errors)
    contact = VisitContact(visit=visit, kind=kind, contacted_on=contacted_on,
                           with_whom=with_whom.strip(), summary=summary.strip(), recorded_by=by)
    contact.full_clean()
    save_with_history(contact, by=by)
    return contact


@transaction.atomic
def lebc_record(*, visit: Visit, by: User, listed: bool | None,
                checked_on: datetime.date | None, outstanding: str,
                today: datetime.date | None = None) -> VisitDetail:
    """Record what consulting the LEBC database found, while the visit is being prepared."""
    today = today or timezone.localdate()
    visit = Visit.objects.select_for_update().get(pk=visit.pk)
    require(can(by, "visits.change_visit_setup", visit), NOT_ALLOWED_TO_CHECK)
    errors = {}
    if listed is None:
        errors["listed"] = LISTED_REQUIRED
    if checked_on is None:
        errors["checked_on"] = CHECKED_REQUIRED
    _not_after_today(checked_on, today, CHECKED_IN_FUTURE, "checked_on", errors)
    if errors:
        raise ValidationError(errors)
    detail, _ = VisitDetail.objects.get_or_create(visit=visit)
    detail.lebc_listed, detail.lebc_checked_on = listed, checked_on
    detail.lebc_outstanding = outstanding.strip()
    save_with_history(detail, by=by, reason="LEBC check recorded")
    return detail


def before_and_after(visit: Visit) -> dict:
    """What the overview says of the LEBC check and the contact log (two queries)."""
    from django.db.models import Count, Max

    detail = VisitDetail.objects.filter(visit=visit).only(
        "lebc_listed", "lebc_checked_on", "lebc_outstanding").first()
    log = VisitContact.objects.filter(visit=visit).aggregate(count=Count("pk"),
                                                             latest=Max("contacted_on"))
    checked = detail is not None and detail.lebc_listed is not None
    return {"lebc": detail if checked else None, "contacts": log["count"],
            "latest_contact": log["latest"]}
