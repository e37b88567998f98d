"""Reviews: a partnership's or LA's moderation of one submitted self-assessment — per item
agree or their own rating, comments shared with the provider, internal notes never shared,
the provider's replies. Rows change only through ``reviews.services``.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from assessments.models import Assessment, Response
from frameworks.models import RatingLevel, Section
from organisations.models import Organisation

from .querysets import ReviewChildQuerySet, ReviewQuerySet


class Review(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SHARED = "shared", "Shared with the provider"
        FINAL = "final", "Final"

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="reviews")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reviews",
        help_text="The reviewing partnership or local authority.",
    )
    state = models.CharField(max_length=20, choices=State.choices)
    # Which submission was reviewed: the assessment's ``submitted_at`` when the review started.
    # A reopened and resubmitted assessment has a later one, so the review is seen to be
    # against an earlier submission (``against_earlier_submission``).
    reviewed_submitted_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    provider_response = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "organisation"],
                                    name="one_review_per_assessment_and_organisation"),
            models.CheckConstraint(name="review_state_known",
                                   condition=Q(state__in=["draft", "shared", "final"])),
        ]

    def __str__(self):
        return f"Review by {self.organisation} of {self.assessment}"

    def get_absolute_url(self):
        return reverse("reviews:overview", kwargs={"pk": self.pk})

    @property
    def against_earlier_submission(self) -> bool:
        """The assessment was reopened (or reopened and submitted again) since the review
        started: the review is against an earlier submission."""
        assessment = self.assessment
        return (assessment.submitted_at != self.reviewed_submitted_at
                or not assessment.shows_submitted_as_current)


class ReviewItem(models.Model):
    """The reviewer's view of one response: agree, or their own rating on the same scale."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="items")
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="+")
    # None: not yet reviewed.
    agrees = models.BooleanField(null=True, blank=True)
    level = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        help_text="The reviewer's own rating, when they do not agree.",
    )
    comment = models.TextField(blank=True, help_text="Shared with the provider.")
    internal_note = models.TextField(
        blank=True, help_text="The reviewing organisation's own: never shown to the provider."
    )
    provider_reply = models.TextField(blank=True)
    # Bumped on every save: a save made against an older revision is a conflict.
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    history = HistoricalRecords()
    objects = ReviewChildQuerySet.as_manager()

    class Meta:
        ordering = ["review", "response__criterion__section__order", "response__criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "response"], name="one_item_per_response"),
            # A level exactly when the reviewer disagrees.
            models.CheckConstraint(
                name="review_item_level_iff_disagrees",
                condition=(Q(agrees=False, level__isnull=False)
                           | (Q(agrees=True) & Q(level__isnull=True))
                           | (Q(agrees__isnull=True) & Q(level__isnull=True))),
            ),
        ]

    def __str__(self):
        return f"Review item {self.response_id} in review {self.review_id}"


class ReviewSection(models.Model):
    """The reviewer's overall comment on one section, shared with the provider."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="sections")
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = ReviewChildQuerySet.as_manager()

    class Meta:
        ordering = ["review", "section__order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "section"], name="one_review_section"),
        ]

    def __str__(self):
        return f"Section {self.section_id} in review {self.review_id}"


# Moderation samples live in their own module; imported here so Django finds the models.
from .sampling_models import ModerationSample, SampledProvider, SampleStratum  # noqa: E402, F401
