"""Self-assessed beside moderated: which review's figures a dashboard shows for a
self-assessment, those figures summed in the database, and the rule that flags a provider
whose self-assessment and review differ by more than its framework's threshold
(``ModerationThreshold``, data an administrator changes).

The moderated total is the self-assessment scored with the reviewer's level on each item
they disagree with and the provider's own level on every other item — in points, as
``reviews.selectors.moderated_result`` scores one review in Python; both totals are the
scoring rule's database form (``assessments.scoring_db``, ``reviews.scoring_db``).
"""
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Abs

from assessments.models import Assessment
from assessments.scoring_db import assessment_score
from frameworks.models import Framework
from reviews import workflow
from reviews.models import Review, ReviewItem
from reviews.scoring_db import DISAGREES, moderated_score

from .models import ModerationThreshold


def thresholds() -> dict[str, int]:
    """Each framework's threshold by slug (one query); a framework without one is absent."""
    return dict(ModerationThreshold.objects.values_list("framework_slug", "difference"))


def differs(*, points: bool, self_assessed: int | None, moderated: int | None,
            disagreements: int, threshold: int | None) -> bool:
    """The flag: for a framework scored in points, the self-assessed and moderated totals
    differ by more than the threshold; for any other, the reviewer disagreed with more than
    the threshold's number of items. Never without a threshold. (``flagged_condition`` is the
    same rule for the database: the two are tested together.)"""
    if threshold is None:
        return False
    if points:
        return (self_assessed is not None and moderated is not None
                and abs(self_assessed - moderated) > threshold)
    return disagreements > threshold


def flagged_condition(*, points: bool, gap: str, disagreements: str, threshold: int) -> Q:
    """``differs`` for a queryset annotated with ``gap`` (|self-assessed − moderated|) and
    ``disagreements`` (the reviewer's count)."""
    return Q(**{f"{gap}__gt": threshold}) if points else Q(**{f"{disagreements}__gt": threshold})


def chosen_reviews(user, organisation, assessment):
    """The reviews of ``assessment`` (a pk or an ``OuterRef``) whose figures the dashboard of
    ``organisation`` may show ``user``, best first: the organisation's own review in any state,
    then other organisations' final reviews, most recently finalised first. Only reviews
    ``Review.objects.visible_to(user)``; another organisation's draft or shared review is never
    among them, even for an admin."""
    return (Review.objects.visible_to(user).filter(assessment=assessment)
            .filter(Q(organisation=organisation) | Q(state__in=workflow.FINAL))
            .annotate(own=Case(When(organisation=organisation, then=Value(0)), default=Value(1)))
            .order_by("own", F("finalised_at").desc(nulls_last=True), "-pk"))


def disagreement_count(review):
    """Subquery: how many items of ``review`` (an ``OuterRef``) the reviewer disagreed with
    (null without a review)."""
    return Subquery(ReviewItem.objects.filter(review_id=review).order_by().values("review_id")
                    .annotate(n=Count("pk", filter=DISAGREES)).values("n"),
                    output_field=IntegerField())


def with_difference(user, links, *, organisation, frameworks, latest):
    """Only the links whose provider is flagged (``differs``) in any of ``frameworks`` that
    has a threshold, on its latest final self-assessment: ``latest(slug)`` is the expression
    for the pk of that self-assessment of the link's provider. The review is the one the
    dashboard shows (``chosen_reviews``). All in the database; no links without a threshold."""
    limits = thresholds()
    condition = Q(pk__in=[])
    for n, framework in enumerate(frameworks):
        if framework.slug not in limits:
            continue
        assessment, review = f"moderated_{n}_assessment", f"moderated_{n}_review"
        gap, disagreements = f"moderated_{n}_gap", f"moderated_{n}_disagreements"
        links = links.alias(**{assessment: latest(framework.slug)})
        links = links.alias(**{review: Subquery(chosen_reviews(
            user, organisation, OuterRef(assessment)).values("pk")[:1])})
        points = framework.scoring_scheme == Framework.Scheme.POINTS
        if points:
            scheme = framework.scoring_scheme
            links = links.alias(**{gap: Abs(
                assessment_score(OuterRef(assessment), scheme=scheme)
                - moderated_score(OuterRef(review), scheme=scheme))})
        else:
            links = links.alias(**{disagreements: disagreement_count(OuterRef(review))})
        condition |= flagged_condition(points=points, gap=gap, disagreements=disagreements,
                                       threshold=limits[framework.slug])
    return links.filter(condition)


@dataclass(frozen=True)
class Moderation:
    """The figures of the review a dashboard shows beside one self-assessment."""

    review_id: int
    reviewer: str  # the reviewing organisation's name
    own: bool  # the dashboard organisation's own review
    state_label: str  # "Draft", "Shared with the provider", "Final"
    points: bool  # scored in points (else: disagreements are the measure)
    self_assessed: int
    moderated: int
    disagreements: int
    threshold: int | None

    @property
    def flagged(self) -> bool:
        return differs(points=self.points, self_assessed=self.self_assessed,
                       moderated=self.moderated, disagreements=self.disagreements,
                       threshold=self.threshold)

    @property
    def state_text(self) -> str:
        """"draft", "shared with the provider", "final": for "31 (draft)"."""
        return str(self.state_label).lower()

    @property
    def flag_text(self) -> str:
        """The flag's words, so that it is never colour alone."""
        if self.points:
            gap = abs(self.self_assessed - self.moderated)
            return f"Differs by {gap} point{'s' if gap != 1 else ''}"
        n = self.disagreements
        return f"Differs on {n} item{'s' if n != 1 else ''}"

    @property
    def review_text(self) -> str:
        """"Draft, Shire Council": the state and the reviewing organisation."""
        return f"{self.state_label}, {self.reviewer}"

    @property
    def disagreements_text(self) -> str:
        n = self.disagreements
        return f"{n} item{'s' if n != 1 else ''} disagreed"


def figures(user, organisation, assessment_ids) -> dict[int, Moderation]:
    """For each of the self-assessments ``assessment_ids``, the figures of the review the
    dashboard of ``organisation`` shows ``user`` (``chosen_reviews``), by assessment pk; those
    without such a review are absent. Two queries, whatever the number of assessments."""
    if not assessment_ids:
        return {}
    limits = thresholds()
    picks = (Assessment.objects.filter(pk__in=assessment_ids).annotate(
        chosen=Subquery(chosen_reviews(user, organisation, OuterRef("pk")).values("pk")[:1]))
        .values("chosen"))
    return {row["assessment_id"]: Moderation(
        review_id=row["pk"], reviewer=row["organisation__name"],
        own=row["organisation_id"] == organisation.pk,
        state_label=Review.State(row["state"]).label,
        points=row["assessment__framework__scoring_scheme"] == Framework.Scheme.POINTS,
        self_assessed=row["self_assessed"] or 0, moderated=row["moderated"] or 0,
        disagreements=row["disagreements"] or 0,
        threshold=limits.get(row["assessment__framework_slug"]),
    ) for row in with_figures(Review.objects.filter(pk__in=picks).order_by()
                              .values("pk", "assessment_id", "assessment__framework_slug",
                                      "assessment__framework__scoring_scheme",
                                      "organisation_id", "organisation__name", "state"))}


def with_figures(reviews):
    """``reviews`` each with ``self_assessed`` and ``moderated`` (the self-assessment's total
    and the moderated total, by the scoring rule's database form; meaningful in points) and
    ``disagreements`` (the items the reviewer disagreed with)."""
    return reviews.annotate(self_assessed=assessment_score(OuterRef("assessment_id")),
                            moderated=moderated_score(OuterRef("pk")),
                            disagreements=disagreement_count(OuterRef("pk")))
