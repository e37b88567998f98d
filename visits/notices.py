"""What a QA visit's workflow tells people as it happens (the reminders of dates are
``reminders.rules``): the provider's leads, when the partnership shares its judgements and
their time to respond starts."""
from django.urls import reverse

from assessments.models import Assessment
from notifications.models import Notification
from notifications.services import Message, notify_holders
from organisations.models import Membership

from .dates import long_date


def judgements_shared(assessment: Assessment, *, base_url: str = "") -> None:
    """Tell the provider's leads the judgements are shared and until when they may respond."""
    when = long_date(assessment.visit_date) if assessment.visit_date else assessment.period
    message = Message(
        Notification.Kind.JUDGEMENTS_SHARED, f"judgements-shared:{assessment.pk}",
        f"QA visit judgements shared: {assessment.commissioner.name}",
        f"{assessment.commissioner.name} has shared the judgements of its QA visit to "
        f"{assessment.provider.name} ({when}). You can respond until "
        f"{long_date(assessment.response_due)}; after that the partnership may finalise the "
        "visit without your response.",
        reverse("visits:overview", kwargs={"pk": assessment.pk}))
    notify_holders(assessment.provider_id, Membership.Role.PROVIDER_LEAD, message,
                   base_url=base_url)
