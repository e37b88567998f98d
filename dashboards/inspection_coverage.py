"""The local-area inspection pack's first section, QA coverage: how thoroughly an organisation's
commissioned providers were quality-assured in one academic year, beside the year before.

Each figure is counted in the database through the readers' own visibility rules
(``visible_to(user)`` and the visit selectors) and the workflows' named state groups, for the
providers ``access.commissioned_links`` gives (as every dashboard view counts them). One query
per kind of record covers both years, so the number of queries never grows with the providers.
"""
import datetime
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate

from actionplans import workflow as action_workflow
from actionplans.models import Action, ActionUpdate
from assessments import workflow as self_assessment_workflow
from assessments.selectors import self_assessments
from commissioning.models import Decommissioning
from core.periods import FIRST_MONTH, previous_period
from frameworks.models import RatingLevel
from organisations.models import Commissioning
from reviews import workflow as review_workflow
from reviews.models import Review
from visits.models import Concern
from visits.selectors import counted_judgements, counted_visits

from .access import commissioned_links
from .trends import RAG, commissioned_provider_ids

MINUS = "\N{MINUS SIGN}"


@dataclass(frozen=True)
class CoverageRow:
    """One line of the QA coverage table: a figure in the year before and in the chosen year."""

    label: str
    before: int
    now: int
    hint: str = ""  # what is counted, in one sentence shown under the label

    @property
    def change(self) -> int:
        return self.now - self.before

    @property
    def change_shown(self) -> str:
        """The change as the pack prints it: "+3", "−2" (a true minus sign), "No change"."""
        if not self.change:
            return "No change"
        return f"+{self.change}" if self.change > 0 else f"{MINUS}{-self.change}"


# Each row: (key, label, hint). The keys are what the counting functions return.
ROWS = [
    ("commissioned", "Providers commissioned",
     "Providers in use that the organisation commissioned at some time in the year: from the "
     "date the commissioning started, until it was de-commissioned."),
    ("submitted", "Providers with a submitted self-assessment",
     "Providers with a self-assessment for the year that they have submitted."),
    ("moderated", "Providers with a moderated self-assessment",
     "Of the providers above, those whose submitted self-assessment a partnership or local "
     "authority moderated, with the moderation made final."),
    ("visits", "QA visits made",
     "QA visits of the year whose judgements were shared with the provider or made final "
     "(withdrawn visits are left out)."),
    *[(colour, f"Visit judgements: {RatingLevel.Colour(colour).label}",
       f"Concluding judgements of those visits rated {RatingLevel.Colour(colour).label}, "
       f"one for each question judged.") for colour in RAG],
    ("concerns", "Causes for concern raised",
     "Causes for concern raised in the year after a Red judgement in a key aspect of a visit."),
    ("decisions", "Decisions made on causes for concern",
     "Decisions the partnership chair recorded in the year, on this year's causes for concern "
     "or earlier ones."),
    ("actions_due", "Actions due",
     "Actions with a due date in the providers' action plans for the year."),
    ("on_time", "Actions closed on time",
     "Of the actions due, those marked done or dropped on or before their due date."),
]


def qa_coverage(user, organisation, year: str) -> list[CoverageRow]:
    """The QA coverage of the providers ``organisation`` commissions, in academic year
    ``year`` ("2025/26") and the year before: providers commissioned, providers with a
    submitted self-assessment and with one moderated, QA visits made and their Red, Amber and
    Green judgements, causes for concern raised and decided, actions due and closed on time
    (see ``ROWS`` for what each counts). Everything as far as ``user`` may see it: a provider
    whose records the user cannot see counts nowhere. Seven queries at most (six when the
    user's memberships are already read), whatever the number of providers."""
    years = (previous_period(year), year)
    providers = commissioned_provider_ids(user, organisation)
    counts = {**_commissioned(user, organisation, years),
              **_self_assessments(user, providers, years),
              **_visits(user, providers, years),
              **_concerns(user, providers, years),
              **_actions(user, providers, years)}
    return [CoverageRow(label, counts[key].get(years[0], 0), counts[key].get(years[1], 0), hint)
            for key, label, hint in ROWS]


def _first_and_last_day(period: str) -> tuple[datetime.date, datetime.date]:
    """The academic year's first and last days: "2025/26" -> 1 Sep 2025, 31 Aug 2026."""
    start = datetime.date(int(period[:4]), FIRST_MONTH, 1)
    return start, start.replace(year=start.year + 1) - datetime.timedelta(days=1)


def _in_year(field: str, period: str) -> Q:
    """A date-time ``field`` falls in the academic year (its day in the site's time zone)."""
    return Q(**{f"{field}__date__range": _first_and_last_day(period)})


def _commissioned(user, organisation, years) -> dict:
    """{"commissioned": {year: providers}}: a link counts in a year it was in force for a day
    or more. It starts on its ``since`` date (none: before records began) and ends when it
    is de-commissioned: the latest de-commissioning decision's date or, for a status changed
    without one, the link's last change. One query."""
    ended = Coalesce(Subquery(Decommissioning.objects.filter(link=OuterRef("pk"))
                              .order_by("-decided_at", "-pk").values("decided_at")[:1]),
                     "updated_at")
    links = commissioned_links(user, organisation).annotate(ended_on=TruncDate(ended))
    decommissioned = Q(status=Commissioning.Status.DECOMMISSIONED)

    def in_force(period):
        first, last = _first_and_last_day(period)
        return ((Q(since__isnull=True) | Q(since__lte=last))
                & (~decommissioned | Q(ended_on__gte=first)))

    found = links.aggregate(**{f"y{n}": Count("provider", distinct=True, filter=in_force(p))
                               for n, p in enumerate(years)})
    return {"commissioned": {p: found[f"y{n}"] for n, p in enumerate(years)}}


def _by_period(rows, keys) -> dict:
    """{key: {period: count}} from rows of ``period`` and a count per key."""
    counts = {key: {} for key in keys}
    for row in rows:
        for key in keys:
            counts[key][row["period"]] = row[key]
    return counts


def _self_assessments(user, providers, years) -> dict:
    """{"submitted": ..., "moderated": ...}: distinct providers with a submitted
    self-assessment for the year (``assessments.workflow.FINAL``), and of those the ones with
    a final review of it (``reviews.workflow.FINAL``) the user may see. One query."""
    reviewed = (Review.objects.visible_to(user).filter(state__in=review_workflow.FINAL)
                .values("assessment_id"))
    rows = (self_assessments().visible_to(user)
            .filter(provider_id__in=providers, period__in=years,
                    state__in=self_assessment_workflow.FINAL)
            .order_by().values("period")
            .annotate(submitted=Count("provider", distinct=True),
                      moderated=Count("provider", distinct=True, filter=Q(pk__in=reviewed))))
    return _by_period(rows, ["submitted", "moderated"])


def _visits(user, providers, years) -> dict:
    """{"visits": ..., and a count per RAG colour}: the year's visits that count as final
    (``visits.selectors.counted_visits``, never a withdrawn one), and their concluding
    judgements by colour (``counted_judgements``, the same rule). As the trends count them:
    the visits' ids first (through the provider index), then the judgements of exactly those.
    Two queries."""
    found = list(counted_visits(user, final=True)
                 .filter(period__in=years, provider_id__in=providers)
                 .values_list("pk", "period"))
    counts = {"visits": {}, **{colour: {} for colour in RAG}}
    for _, period in found:
        counts["visits"][period] = counts["visits"].get(period, 0) + 1
    for row in (counted_judgements(user, final=True)
                .filter(visit_id__in=[pk for pk, _ in found], level__colour__in=RAG)
                .order_by().values("visit__period", "level__colour").annotate(n=Count("pk"))):
        counts[row["level__colour"]][row["visit__period"]] = row["n"]
    return counts


def _concerns(user, providers, years) -> dict:
    """{"concerns": ..., "decisions": ...}: causes for concern raised in each year, and the
    chair's decisions made in it, on the concerns the user may see (a decision is seen with
    its concern, as on the dashboard's concerns list). One query."""
    concerns = Concern.objects.visible_to(user).filter(provider__in=providers)
    found = concerns.aggregate(**{
        f"{key}{n}": Count(path, distinct=True, filter=_in_year(moment, p))
        for n, p in enumerate(years)
        for key, path, moment in [("concerns", "pk", "raised_at"),
                                  ("decisions", "decisions", "decisions__decided_at")]})
    return {key: {p: found[f"{key}{n}"] for n, p in enumerate(years)}
            for key in ("concerns", "decisions")}


def _actions(user, providers, years) -> dict:
    """{"actions_due": ..., "on_time": ...}: actions with a due date in the year's plans, and
    of those the ones closed (``actionplans.workflow.CLOSED``: done or dropped) on or before
    it, the day of the progress note that last closed them. One query."""
    closed_on = (ActionUpdate.objects.filter(action=OuterRef("pk"),
                                             status__in=action_workflow.CLOSED)
                 .order_by("-created_at", "-pk").annotate(day=TruncDate("created_at"))
                 .values("day")[:1])
    on_time = ~action_workflow.open_q() & Q(closed_on__lte=F("due_date"))
    rows = (Action.objects.visible_to(user)
            .filter(plan__provider_id__in=providers, plan__period__in=years,
                    due_date__isnull=False)
            .annotate(closed_on=Subquery(closed_on), period=F("plan__period"))
            .order_by().values("period")
            .annotate(actions_due=Count("pk"), on_time=Count("pk", filter=on_time)))
    return _by_period(rows, ["actions_due", "on_time"])
