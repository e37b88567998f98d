"""What every review page shares: the review the user may see, what they may do with it, and
the breadcrumbs."""
from django.shortcuts import get_object_or_404
from django.urls import reverse

from organisations.permissions import can

from .models import Review

PERMS = {
    "can_record": "reviews.record_review",
    "can_share": "reviews.share_review",
    "can_finalise": "reviews.finalise_review",
    "can_respond": "reviews.respond_to_review",
    "sees_notes": "reviews.view_review_internal_notes",
}


def review_or_404(request, pk) -> Review:
    """The review with this id if the user may see it, else a 404."""
    return get_object_or_404(
        Review.objects.visible_to(request.user)
        .select_related("assessment__framework", "assessment__provider", "organisation",
                        "created_by"),
        pk=pk,
    )


def perms_for(user, review) -> dict:
    """What the user may do with the review, as booleans for templates."""
    return {name: can(user, perm, review) for name, perm in PERMS.items()}


def title(review) -> str:
    assessment = review.assessment
    return f"{assessment.provider.name}: {assessment.framework.name}, {assessment.period}"


def crumbs(review, *tail):
    """Home, Reviews, this review, then ``tail``."""
    return [
        ("Home", reverse("home")),
        ("Reviews", reverse("reviews:list")),
        (f"Review by {review.organisation.name}",
         reverse("reviews:overview", args=[review.pk]) if tail else None),
        *tail,
    ]
