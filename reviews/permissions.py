"""Permission rules over reviews (django-rules).

Registered at start-up by ``ReviewsConfig.ready``. The states each rule allows come from
``reviews.workflow`` (and ``assessments.workflow`` for what may be reviewed), never from
strings here. ``reviews.start_review`` is asked about an unsaved ``Review`` naming the
assessment and the reviewing organisation.
"""
import rules

from assessments import workflow as assessment_workflow
from organisations.models import Commissioning, Membership
from organisations.permissions import COMMISSIONER_ROLES, is_admin, roles_in

from . import workflow

Role = Membership.Role

# Who reviews for a partnership or LA.
REVIEWER_ROLES = COMMISSIONER_ROLES


def commissions(organisation_id, provider_id) -> bool:
    """Whether the organisation commissions the provider through a link still in use."""
    return (Commissioning.objects.active()
            .filter(commissioner_id=organisation_id, provider_id=provider_id).exists())


def reviewable(assessment) -> bool:
    """A self-assessment or benchmark review whose submission stands (the self-assessment
    workflow's rule: never a QA visit)."""
    return assessment_workflow.is_submitted(assessment)


@rules.predicate
def is_reviewer(user, review):
    """A partnership officer or chair, or LA commissioner, of the reviewing organisation."""
    return bool(roles_in(user, review.organisation_id) & REVIEWER_ROLES)


@rules.predicate
def is_reviewing_member(user, review):
    """Anyone in the reviewing organisation."""
    return bool(roles_in(user, review.organisation_id))


@rules.predicate
def commissions_reviewable(user, review):
    return (reviewable(review.assessment)
            and commissions(review.organisation_id, review.assessment.provider_id))


@rules.predicate
def is_reviewed_provider_lead(user, review):
    return Role.PROVIDER_LEAD in roles_in(user, review.assessment.provider_id)


def _review_can(transition: str):
    """The review is in a state the workflow's ``transition`` may start from."""
    @rules.predicate(name=f"review_can_{transition}")
    def check(user, review):
        return workflow.allowed(transition, review.state)
    return check


rules.add_perm("reviews.start_review", is_reviewer & commissions_reviewable)
rules.add_perm("reviews.record_review", is_reviewer & _review_can("record"))
rules.add_perm("reviews.share_review", is_reviewer & _review_can("share"))
rules.add_perm("reviews.finalise_review", is_reviewer & _review_can("finalise"))
# A disagreement becomes an action for the provider: the reviewing organisation's reviewers,
# once the review is shared (``workflow.ACTIONABLE``), so no action names an unshared review.
rules.add_perm("reviews.raise_review_action",
               is_reviewer & rules.predicate(lambda user, review:
                                             review.state in workflow.ACTIONABLE,
                                             name="review_actionable"))
rules.add_perm("reviews.respond_to_review", is_reviewed_provider_lead & _review_can("respond"))
# Internal notes are the reviewing organisation's alone: never the provider's, nor other
# commissioners'.
rules.add_perm("reviews.view_review_internal_notes", is_admin | is_reviewing_member)


# Moderation samples (``reviews.sampling``): asked about the sampling partnership or LA.
@rules.predicate
def is_reviewer_in(user, organisation):
    """A partnership officer or chair, or LA commissioner, of the organisation."""
    return bool(roles_in(user, organisation) & REVIEWER_ROLES)


rules.add_perm("reviews.draw_sample", is_reviewer_in)
