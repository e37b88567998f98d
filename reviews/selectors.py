"""Reads for reviews: the items a user may read (internal notes only for the reviewing
organisation), the moderated score, and the disagreements behind it."""
from dataclasses import dataclass
from types import SimpleNamespace

from assessments.models import Response
from assessments.scoring import AssessmentResult
from assessments.selectors import assessment_result, scale_levels
from frameworks.models import Criterion, RatingLevel, Section
from organisations.models import Commissioning
from organisations.permissions import can
from organisations.querysets import memberships_of

from . import workflow
from .models import Review, ReviewItem, ReviewSection
from .permissions import REVIEWER_ROLES, reviewable


def sees_internal_notes(user, review: Review) -> bool:
    return can(user, "reviews.view_review_internal_notes", review)


def items_for(user, review: Review, section: Section | None = None) -> list[ReviewItem]:
    """The review's items in framework order (one section's when ``section`` is given), with
    their response, criterion and levels, and the response's evidence files for a section.
    For anyone outside the reviewing organisation the internal note is never read from the
    database and reads as blank."""
    items = (ReviewItem.objects.filter(review=review)
             .select_related("response__criterion__section", "response__level", "level",
                             "updated_by")
             .order_by("response__criterion__section__order", "response__criterion__order"))
    if section is not None:
        items = (items.filter(response__criterion__section=section)
                 .prefetch_related("response__files"))
    if sees_internal_notes(user, review):
        return list(items)
    items = list(items.defer("internal_note"))
    for item in items:
        # Set, so reading it never loads the deferred column.
        item.internal_note = ""
    return items


def as_moderated(items) -> list:
    """Each item's response as scoring sees it (criterion and level), at the reviewer's level
    where they disagree: what ``assessment_result`` scores for the moderated result."""
    return [SimpleNamespace(criterion=item.response.criterion,
                            level=item.level if item.agrees is False else item.response.level)
            for item in items]


def _moderated_responses(review: Review) -> list:
    return as_moderated(ReviewItem.objects.filter(review=review)
                        .select_related("response__criterion", "response__level", "level"))


def moderated_result(review: Review) -> AssessmentResult:
    """The assessment scored by its framework's own rule, each disagreed item at the
    reviewer's level and every other item at the provider's (e.g. SI QAF 34/36 self-assessed,
    two evidenced criteria rated not evidenced by the reviewer: 32/36)."""
    return assessment_result(review.assessment, responses=_moderated_responses(review))


@dataclass(frozen=True)
class Disagreement:
    """One item where the reviewer's rating differs from the provider's."""

    criterion: Criterion
    self_assessed: RatingLevel | None
    reviewer: RatingLevel
    comment: str


def disagreements(review: Review) -> list[Disagreement]:
    """The items the reviewer does not agree with, in framework order."""
    items = (ReviewItem.objects.filter(review=review, agrees=False)
             .select_related("response__criterion", "response__level", "level")
             .order_by("response__criterion__section__order", "response__criterion__order"))
    return [Disagreement(criterion=i.response.criterion, self_assessed=i.response.level,
                         reviewer=i.level, comment=i.comment) for i in items]


@dataclass(frozen=True)
class Change:
    """A response changed since the submission a review is against."""

    criterion: Criterion
    level_then: RatingLevel | None
    level_now: RatingLevel | None
    evidence_changed: bool


def changes_since_review(review: Review) -> list[Change]:
    """The responses whose rating or evidence changed since the submission the review is
    against (``Review.reviewed_submitted_at``), read from their history, in framework order.
    Empty while that submission stands."""
    if not review.against_earlier_submission:
        return []
    then = {row["id"]: row for row in (
        Response.history.filter(assessment_id=review.assessment_id,
                                history_date__lte=review.reviewed_submitted_at)
        .latest_of_each().values("id", "level_id", "evidence"))}
    levels = {lv.pk: lv for lv in scale_levels(review.assessment.framework.item_scale_id)}
    changes = []
    for response in (Response.objects.filter(assessment_id=review.assessment_id)
                     .select_related("criterion", "level")
                     .order_by("criterion__section__order", "criterion__order")):
        old = then.get(response.pk, {"level_id": None, "evidence": ""})
        if old["level_id"] != response.level_id or old["evidence"] != response.evidence:
            changes.append(Change(criterion=response.criterion,
                                  level_then=levels.get(old["level_id"]),
                                  level_now=response.level,
                                  evidence_changed=old["evidence"] != response.evidence))
    return changes


def reviewing_organisations(user, assessment) -> list:
    """The partnerships and LAs the user reviews for (``REVIEWER_ROLES``) that commission the
    assessment's provider and have not reviewed this assessment yet: where the user may
    start a review. Empty for anything but a submitted self-assessment."""
    if not reviewable(assessment):
        return []
    reviewer_of = [m.organisation for m in memberships_of(user) if m.role in REVIEWER_ROLES]
    if not reviewer_of:
        return []
    commissioning = set(
        Commissioning.objects.active().filter(commissioner__in=reviewer_of,
                                              provider=assessment.provider_id)
        .values_list("commissioner", flat=True))
    reviewed = set(Review.objects.filter(assessment=assessment, organisation__in=commissioning)
                   .order_by().values_list("organisation", flat=True))
    return sorted({o for o in reviewer_of if o.pk in commissioning - reviewed},
                  key=lambda o: o.name)


@dataclass(frozen=True)
class NextStep:
    """What a reviewer can do next about a self-assessment, from any page showing it: start
    a review (``start``: the organisations it would be for), or open each review their own
    organisations have of it (``own``: (review, whether the user may still record it))."""

    start: list
    own: list

    def __bool__(self) -> bool:
        return bool(self.start or self.own)


def review_next_step(user, assessment) -> NextStep:
    """The reader's next step as a reviewer of ``assessment``, a self-assessment
    (``NextStep``): nothing for anyone who reviews for none of its commissioners (two queries
    at most)."""
    reviewer_of = [m.organisation_id for m in memberships_of(user) if m.role in REVIEWER_ROLES]
    if not reviewer_of:
        return NextStep([], [])
    own = list(Review.objects.visible_to(user)
               .filter(assessment=assessment, organisation_id__in=reviewer_of)
               .select_related("organisation", "assessment").order_by("organisation__name"))
    return NextStep(reviewing_organisations(user, assessment),
                    [(review, can(user, "reviews.record_review", review)) for review in own])


@dataclass(frozen=True)
class SectionRow:
    """One section of a review: how far it is reviewed, the disagreements, the comment."""

    section: Section
    reviewed: int
    total: int
    disagreements: int
    comment: str
    agreed: int = 0
    self_assessed: object = None  # the section's scoring.SectionResult, as the provider rated
    moderated: object = None  # and after the review


@dataclass(frozen=True)
class ReviewData:
    """Everything a review's overview shows, read in a fixed number of queries."""

    items: list
    sections: list  # SectionRow, in framework order
    self_assessed: AssessmentResult
    moderated: AssessmentResult
    disagreements: list  # ReviewItem rows the reviewer does not agree with
    unreviewed: int

    @property
    def complete(self) -> bool:
        return not self.unreviewed

    @property
    def reviewed(self) -> int:
        return len(self.items) - self.unreviewed

    @property
    def agreed(self) -> int:
        return sum(row.agreed for row in self.sections)


def review_data(user, review: Review) -> ReviewData:
    """The review's items (as ``items_for``), the self-assessed and moderated results scored
    by the framework's own rule, and each section's progress and comment."""
    items = items_for(user, review)
    sections = list(Section.objects.filter(framework=review.assessment.framework_id)
                    .order_by("order"))
    levels = scale_levels(review.assessment.framework.item_scale_id)
    comments = dict(ReviewSection.objects.filter(review=review)
                    .values_list("section_id", "comment"))
    responses = [item.response for item in items]
    moderated = as_moderated(items)
    self_assessed = assessment_result(review.assessment, responses=responses, sections=sections,
                                      levels=levels)
    after_review = assessment_result(review.assessment, responses=moderated, sections=sections,
                                     levels=levels)
    rows = []
    for section, own, theirs in zip(sections, self_assessed.sections, after_review.sections,
                                    strict=True):
        mine = [i for i in items if i.response.criterion.section_id == section.pk]
        rows.append(SectionRow(
            section=section, reviewed=sum(i.agrees is not None for i in mine), total=len(mine),
            disagreements=sum(i.agrees is False for i in mine),
            agreed=sum(i.agrees is True for i in mine),
            comment=comments.get(section.pk, ""), self_assessed=own, moderated=theirs))
    return ReviewData(
        items=items, sections=rows, self_assessed=self_assessed, moderated=after_review,
        disagreements=[i for i in items if i.agrees is False],
        unreviewed=sum(i.agrees is None for i in items))


def section_items(user, review: Review, section: Section) -> list[ReviewItem]:
    """The review's items in one section, as ``items_for`` reads them, with each response's
    evidence files."""
    return items_for(user, review, section=section)


@dataclass(frozen=True)
class ReviewSummary:
    """One review of an assessment as the assessment's pages, PDF and exports show it."""

    review: Review
    moderated: AssessmentResult
    disagreements: list  # ReviewItem rows the reviewer does not agree with, in framework order
    items: list  # every ReviewItem, in framework order

    @property
    def reviewed(self) -> int:
        return sum(item.agrees is not None for item in self.items)

    @property
    def complete(self) -> bool:
        return self.reviewed == len(self.items)

    @property
    def internal_notes(self) -> list:
        """The items with an internal note this reader may see (none unless asked for)."""
        return [item for item in self.items if item.internal_note]


def assessment_reviews(user, assessment, *, sections=None, levels=None,
                       internal_notes: bool = False):
    """The reviews of the assessment the user may see, oldest first, each with its moderated
    result and disagreements; a provider sees only what was shared, and nobody outside the
    reviewing organisation reads an internal note. ``user`` None (an operator's command):
    the final reviews. One query (the items with their reviews) whatever the reviews, none
    included, and two more unless the caller passes the framework's ``sections`` and
    item-scale ``levels``. (Every review has an item per response, and only a rated,
    submitted self-assessment can be reviewed.)

    ``internal_notes`` True (a copy that may hold them): the items of the reviews whose notes
    the user may read (``sees_internal_notes``) carry their notes, read in one more query
    only when there is such a review; every other item's note reads as blank."""
    visible = (Review.objects.visible_to(user) if user is not None
               else Review.objects.filter(state__in=workflow.FINAL)).filter(assessment=assessment)
    # The assessment named on the joined review as well: with the subquery alone PostgreSQL
    # planned a parallel scan of every review item and response (13 ms at 3,000 providers).
    items = (ReviewItem.objects.filter(review__in=visible.values("pk"),
                                       review__assessment=assessment)
             .select_related("review__organisation", "response__criterion__section",
                             "response__level", "level")
             .defer("internal_note", "response__evidence")
             .order_by("response__criterion__section__order", "response__criterion__order"))
    if sections is None:
        sections = list(Section.objects.filter(framework=assessment.framework_id)
                        .order_by("order"))
    if levels is None:
        levels = scale_levels(assessment.framework.item_scale_id)
    by_review: dict[int, list] = {}
    reviews = {}
    for item in items:
        item.internal_note = ""
        reviews.setdefault(item.review_id, item.review)
        by_review.setdefault(item.review_id, []).append(item)
    reviews = sorted(reviews.values(), key=lambda r: (r.created_at, r.pk))
    summaries = []
    own_notes: dict[int, ReviewItem] = {}
    for review in reviews:
        mine = by_review[review.pk]
        moderated = as_moderated(mine)
        if internal_notes and user is not None and sees_internal_notes(user, review):
            own_notes.update({item.pk: item for item in mine})
        summaries.append(ReviewSummary(
            review=review,
            moderated=assessment_result(assessment, responses=moderated, sections=sections,
                                        levels=levels),
            disagreements=[i for i in mine if i.agrees is False], items=mine))
    if own_notes:
        own_reviews = {item.review_id for item in own_notes.values()}
        for pk, note in (ReviewItem.objects.filter(review_id__in=own_reviews)
                         .exclude(internal_note="").values_list("pk", "internal_note")):
            own_notes[pk].internal_note = note
    return summaries
