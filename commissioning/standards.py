"""Whether each expected standard of an agreement is met: the one rule.

The portal checks a standard against what it holds where it can (a self-assessment submitted
by a date, a QA visit each year, actions closed by their date); a standard it cannot check is
as the commissioner last recorded it. ``judge`` reads the data of many agreements in a fixed
number of queries (a dashboard page or an export chunk costs the same at any size of service).
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max

from actionplans import workflow as action_workflow
from actionplans.models import Action
from assessments import workflow as assessment_workflow
from assessments.models import Assessment
from frameworks.models import Framework
from visits import workflow as visit_workflow
from visits.models import Visit

from .models import Agreement, ExpectedStandard

YEAR = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Status:
    key: str
    label: str
    tag: str  # the GOV.UK tag colour, so no template compares a key

    @property
    def met(self) -> bool:
        return self.key == "met"

    @property
    def not_met(self) -> bool:
        return self.key == "not_met"


MET = Status("met", "Met", "govuk-tag--green")
NOT_MET = Status("not_met", "Not met", "govuk-tag--red")
NOT_YET_DUE = Status("not_yet_due", "Not yet due", "govuk-tag--grey")
NOT_RECORDED = Status("not_recorded", "Not yet recorded", "govuk-tag--grey")


@dataclass
class Judged:
    """One standard: what it asks in words, its status, and why."""

    standard: ExpectedStandard
    asks: str
    status: Status
    why: str = ""


@dataclass
class AgreementState:
    """An agreement with each standard judged, and the counts the dashboard shows."""

    agreement: Agreement
    standards: list[Judged] = field(default_factory=list)
    ending_soon: bool = False

    @property
    def met(self) -> int:
        return sum(j.status.met for j in self.standards)

    @property
    def not_met(self) -> int:
        return sum(j.status.not_met for j in self.standards)

    @property
    def summary(self) -> str:
        """"2 of 4 standards met, 1 not met" in words."""
        total = len(self.standards)
        if not total:
            return "No expected standards recorded"
        text = f"{self.met} of {total} standard{'s' if total != 1 else ''} met"
        return f"{text}, {self.not_met} not met" if self.not_met else text


def ending_within() -> datetime.timedelta:
    """How soon before its end an agreement is flagged (``AGREEMENT_ENDING_MONTHS``)."""
    return datetime.timedelta(days=round(settings.AGREEMENT_ENDING_MONTHS * 365 / 12))


def ending_soon(agreement: Agreement, today: datetime.date) -> bool:
    return agreement.ends is not None and today <= agreement.ends <= today + ending_within()


def _day(moment) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate(moment)


def _submitted(standard, provider_id, submissions, names, today) -> Judged:
    name = names.get(standard.framework_slug, standard.framework_slug)
    asks = f"{name} submitted by {standard.due:%-d %B %Y}"
    # Submitted in the year up to the date: an earlier year's submission is not this one.
    days = sorted(submissions.get((provider_id, standard.framework_slug), ()))
    on_time = [day for day in days if standard.due - YEAR < day <= standard.due]
    if on_time:
        return Judged(standard, asks, MET, f"Submitted on {on_time[-1]:%-d %B %Y}.")
    late = [day for day in days if day > standard.due]
    if late:
        return Judged(standard, asks, NOT_MET, f"Submitted late, on {late[0]:%-d %B %Y}.")
    if today <= standard.due:
        return Judged(standard, asks, NOT_YET_DUE, "Not submitted yet.")
    return Judged(standard, asks, NOT_MET, "Not submitted by the date.")


def _visited(standard, last_visit, today) -> Judged:
    asks = "A QA visit each year"
    if last_visit and last_visit > today - YEAR:
        return Judged(standard, asks, MET, f"Last visit on {last_visit:%-d %B %Y}.")
    since = (f"Last visit on {last_visit:%-d %B %Y}." if last_visit
             else "No QA visit recorded.")
    if standard.agreement.starts > today - YEAR:
        return Judged(standard, asks, NOT_YET_DUE, since)
    return Judged(standard, asks, NOT_MET, since)


def _actions(standard, overdue) -> Judged:
    asks = "Actions closed by their date"
    if overdue:
        return Judged(standard, asks, NOT_MET,
                      f"{overdue} action{'s are' if overdue != 1 else ' is'} overdue.")
    return Judged(standard, asks, MET, "No action is overdue.")


def _recorded(standard) -> Judged:
    if not standard.outcome:
        return Judged(standard, standard.text, NOT_RECORDED)
    status = MET if standard.outcome == ExpectedStandard.Outcome.MET else NOT_MET
    return Judged(standard, standard.text, status, standard.note)


def judge(agreements, today: datetime.date) -> list[AgreementState]:
    """Each agreement (its ``link`` and ``standards`` read with it, as ``with_standards``
    reads them) with every standard judged on ``today``: four queries whatever the number."""
    agreements = list(agreements)
    standards = [s for a in agreements for s in a.standards.all()]
    kinds = {s.kind for s in standards}
    provider_ids = {a.link.provider_id for a in agreements}
    submissions, names, visits, overdue = defaultdict(list), {}, {}, {}
    Kind = ExpectedStandard.Kind
    if Kind.SUBMITTED_BY in kinds:
        slugs = {s.framework_slug for s in standards if s.kind == Kind.SUBMITTED_BY}
        for provider_id, slug, at in (
                Assessment.objects.filter(provider_id__in=provider_ids,
                                              framework__slug__in=slugs,
                                              state__in=assessment_workflow.SUBMITTED,
                                              submitted_at__isnull=False)
                .values_list("provider_id", "framework__slug", "submitted_at")):
            submissions[(provider_id, slug)].append(_day(at))
        # The newest version's name (the last of each slug wins).
        names = dict(Framework.objects.filter(slug__in=slugs).order_by("slug", "loaded_at")
                     .values_list("slug", "name"))
    if Kind.VISIT_EACH_YEAR in kinds:
        visits = {(r["provider_id"], r["commissioner_id"]): r["last"] for r in (
            Visit.objects.filter(provider_id__in=provider_ids,
                                 state__in=visit_workflow.JUDGED | visit_workflow.FINAL,
                                 visited_on__isnull=False)
            .order_by().values("provider_id", "commissioner_id")
            .annotate(last=Max("visited_on")))}
    if Kind.ACTIONS_ON_TIME in kinds:
        overdue = dict(Action.objects.filter(action_workflow.overdue_q(today),
                                             plan__provider_id__in=provider_ids)
                       .order_by().values("plan__provider_id").annotate(n=Count("pk"))
                       .values_list("plan__provider_id", "n"))
    states = []
    for agreement in agreements:
        link = agreement.link
        judged = []
        for standard in agreement.standards.all():
            standard.agreement = agreement
            if standard.kind == Kind.SUBMITTED_BY:
                judged.append(_submitted(standard, link.provider_id, submissions, names, today))
            elif standard.kind == Kind.VISIT_EACH_YEAR:
                judged.append(_visited(standard, visits.get((link.provider_id,
                                                             link.commissioner_id)), today))
            elif standard.kind == Kind.ACTIONS_ON_TIME:
                judged.append(_actions(standard, overdue.get(link.provider_id, 0)))
            else:
                judged.append(_recorded(standard))
        states.append(AgreementState(agreement, judged, ending_soon(agreement, today)))
    return states
