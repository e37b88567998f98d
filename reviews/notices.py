"""What a review's workflow tells people as it happens (``notifications.events`` is the table
of every event and its audience): the provider's leads when it is shared, its reviewer when
the provider replies, both when it is final. Called by ``reviews.services`` inside the
action's transaction."""
from notifications import events
from notifications.audiences import holders
from notifications.services import notify_event
from organisations.models import Membership, User

from .models import Review

LEADS = (Membership.Role.PROVIDER_LEAD,)


def _fields(review: Review) -> dict:
    assessment = review.assessment
    return {"organisation": review.organisation.name, "provider": assessment.provider.name,
            "framework": assessment.framework.name, "period": assessment.period}


def review_shared(review: Review, *, by: User) -> None:
    notify_event(events.REVIEW_SHARED, about=review.pk, by=by, url=review.get_absolute_url(),
                 recipients=holders([review.assessment.provider_id], LEADS), **_fields(review))


def review_replied(review: Review, *, by: User) -> None:
    """A reply to an item or to the review as a whole: the reviewer is told once."""
    notify_event(events.REVIEW_REPLIED, about=review.pk, by=by, url=review.get_absolute_url(),
                 recipients=[review.created_by], **_fields(review))


def review_finalised(review: Review, *, by: User) -> None:
    notify_event(events.REVIEW_FINALISED, about=review.pk, by=by,
                 url=review.get_absolute_url(),
                 recipients=[review.created_by,
                             *holders([review.assessment.provider_id], LEADS)],
                 **_fields(review))
