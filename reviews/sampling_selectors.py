"""Reads for moderation samples: which partnership or LA a page is for, each sampled provider
with its submitted self-assessments for the year and the state of the organisation's review
of each, the counts per provider type, and the draw's history. A fixed number of queries
whatever the sample's size."""
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from assessments import workflow as assessment_workflow
from assessments.history import Change, changed_by
from assessments.models import Assessment
from organisations.models import Organisation
from organisations.permissions import can
from organisations.querysets import COMMISSIONER_KINDS, member_org_ids

from .models import Review
from .sampling import sampling_population
from .sampling_models import ModerationSample, SampledProvider, SampleStratum

NO_ORGANISATION = ("Moderation samples are drawn by partnerships and local authorities: you "
                   "are not a member of one.")
NOT_STARTED = "Not started"


def sampling_organisations(user) -> list[Organisation]:
    """The partnerships and LAs whose samples the user may open, by name: their own (an
    admin's: every one)."""
    organisations = Organisation.objects.commissioners().order_by("name")
    if not user.is_admin:
        organisations = organisations.filter(pk__in=member_org_ids(user, COMMISSIONER_KINDS))
    return list(organisations)


def drawing_organisations(user) -> list[Organisation]:
    """The partnerships and LAs the user may draw a sample for."""
    return [o for o in sampling_organisations(user) if can(user, "reviews.draw_sample", o)]


def chosen_organisation(organisations: list[Organisation], slug) -> Organisation:
    """The organisation named by ``?org=<slug>`` among ``organisations``, or the first; a 403
    when there are none."""
    if not organisations:
        raise PermissionDenied(NO_ORGANISATION)
    return next((o for o in organisations if o.slug == slug), organisations[0])


def samples_for_list(user, organisation: Organisation):
    """The organisation's samples the user may see, newest year and draw first (lazy)."""
    return (ModerationSample.objects.visible_to(user).of_organisation(organisation)
            .select_related("drawn_by").order_by("-period", "-drawn_at", "-pk"))


def population_counts(organisation: Organisation) -> list[tuple[str, int]]:
    """What a draw would choose from now: each provider type's label and how many providers
    of it the organisation commissions through a link not de-commissioned (one query)."""
    labels = dict(Organisation.ProviderType.choices)
    return [(labels.get(name, name), len(members))
            for name, members in sampling_population(organisation).items() if members]


@dataclass(frozen=True)
class SampledSelfAssessment:
    """A sampled provider's submitted self-assessment and the sampling organisation's review."""

    assessment: Assessment
    review: Review | None

    @property
    def review_label(self) -> str:
        return self.review.get_state_display() if self.review else NOT_STARTED


@dataclass(frozen=True)
class SampleRow:
    provider: Organisation
    provider_type: str  # its label when drawn
    self_assessments: list[SampledSelfAssessment]


def sample_rows(user, sample: ModerationSample) -> list[SampleRow]:
    """Each sampled provider by name, with its submitted self-assessments for the sample's
    year that the user may see (by framework name) and the state of the sampling
    organisation's review of each (three queries)."""
    sampled = list(SampledProvider.objects.filter(sample=sample).select_related("provider")
                   .order_by("provider__name", "provider_id"))
    assessments = list(
        Assessment.objects.visible_to(user)
        .filter(provider_id__in=[s.provider_id for s in sampled], period=sample.period,
                state__in=assessment_workflow.SUBMITTED)
        .select_related("framework").order_by("framework__name", "pk"))
    # The viewer is in the sampling organisation (or an admin): they see all its reviews.
    reviews = {r.assessment_id: r for r in Review.objects.filter(
        organisation_id=sample.organisation_id,
        assessment_id__in=[a.pk for a in assessments]).only("pk", "assessment_id", "state")}
    by_provider: dict[int, list[SampledSelfAssessment]] = {}
    for assessment in assessments:
        by_provider.setdefault(assessment.provider_id, []).append(
            SampledSelfAssessment(assessment, reviews.get(assessment.pk)))
    return [SampleRow(s.provider, s.get_provider_type_display(), by_provider.get(s.provider_id, []))
            for s in sampled]


@dataclass(frozen=True)
class StratumCount:
    label: str
    population: int
    drawn: int


def sample_strata(sample: ModerationSample) -> list[StratumCount]:
    """Per provider type: how many providers there were and how many were drawn, in the
    order of ``Organisation.ProviderType`` (one query)."""
    order = [value for value, _ in Organisation.ProviderType.choices]
    strata = sorted(SampleStratum.objects.filter(sample=sample),
                    key=lambda s: order.index(s.provider_type) if s.provider_type in order
                    else len(order))
    return [StratumCount(s.get_provider_type_display(), s.population, s.drawn) for s in strata]


def sample_changes(sample: ModerationSample) -> list[Change]:
    """The draw's history, newest first: drawn (how, from how many, with which seed) and,
    when another draw replaced it, superseded (one query)."""
    changes = []
    previous = None
    for record in (sample.history.select_related("history_user")
                   .order_by("history_date", "history_id")):
        if previous is None:
            changes.append(Change(
                record.history_date, changed_by(record), "Sample", "",
                f"Drawn: {record.instance.request_label}, {record.drawn} of "
                f"{record.population} providers, seed {record.seed}"))
        elif record.superseded_at and not previous.superseded_at:
            changes.append(Change(record.history_date, changed_by(record), "Sample", "Current",
                                  "Superseded by a new draw"))
        previous = record
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes
