"""What a self-assessment's workflow tells people as it happens (``notifications.events`` is
the table of every event and its audience): its commissioners, when the provider submits it
or shares a draft with them. Called by ``assessments.services`` inside the action's
transaction."""
from notifications import events
from notifications.audiences import REVIEWING_ROLES, commissioners_of
from notifications.services import notify_event
from organisations.models import User

from .models import Assessment


def _fields(assessment: Assessment) -> dict:
    return {"provider": assessment.provider.name, "framework": assessment.framework.name,
            "period": assessment.period}


def assessment_submitted(assessment: Assessment, *, by: User) -> None:
    """The commissioners' reviewers may now read it and start a review. A resubmission after
    reopening (a later ``submitted_at``) is a new event."""
    notify_event(events.SELF_ASSESSMENT_SUBMITTED,
                 about=f"{assessment.pk}:{assessment.submitted_at:%Y%m%d%H%M%S}", by=by,
                 url=assessment.get_absolute_url(),
                 recipients=commissioners_of(assessment.provider_id, REVIEWING_ROLES),
                 **_fields(assessment))


def assessment_shared(assessment: Assessment, *, by: User) -> None:
    """A draft shared with the commissioners, told once however often it is shared again."""
    notify_event(events.SELF_ASSESSMENT_SHARED, about=assessment.pk, by=by,
                 url=assessment.get_absolute_url(),
                 recipients=commissioners_of(assessment.provider_id, REVIEWING_ROLES),
                 **_fields(assessment))
