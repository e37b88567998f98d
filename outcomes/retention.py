"""Deleting learners' data: the daily run's retention (``retention_run``: every LA's learners
past their retention period, and access records past theirs) and the erasure of one learner
at the LA's request (``erase_learner``). Both delete a learner's rows with their history
(``learner_rows``) in one transaction, and leave a ``DataRemoval`` record of how many rows
went, never the rows. A removal record joins the figures' version (``outcomes.versions``), so
the dashboards stop counting what went at once."""
import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from organisations.models import Organisation

from .access_models import LearnerAccess
from .medium_term_models import MediumTermOutcome, MediumTermProgress
from .models import GoalOutcome, Learner
from .progress_models import ProgressRow
from .retention_models import ACCESS_YEARS, LEARNER_AGE, DataRemoval, RetentionPeriods

ACCESS_RECORDS = "Records of access"
# Learners deleted together: each batch's ids go into the queries' IN lists.
BATCH = 500


def reference_hash(local_authority_id: int, reference: str) -> str:
    """A keyed hash of an LA's learner reference (keyed with the service's secret, since a
    reference like SH-0001 is easy to guess): an erasure record names the learner by it."""
    return salted_hmac("outcomes.erasure", f"{local_authority_id}:{reference}",
                       algorithm="sha256").hexdigest()


def learner_rows(ids: list[int]) -> list[tuple[str, QuerySet]]:
    """Every row the portal holds on these learners, labelled, in the order they can be
    deleted: the live rows (those that point at others first), then the history of each,
    the history of rows already deleted included."""
    steps_of = MediumTermOutcome.history.filter(learner_id__in=ids).values("id")
    return [
        ("Progress sent by providers", ProgressRow.objects.filter(learner_id__in=ids)),
        ("Medium-term steps", MediumTermProgress.objects.filter(outcome__learner_id__in=ids)),
        ("Medium-term outcomes", MediumTermOutcome.objects.filter(learner_id__in=ids)),
        ("Goals", GoalOutcome.objects.filter(learner_id__in=ids)),
        ("Learners", Learner.objects.filter(pk__in=ids)),
        ("History of progress sent", ProgressRow.history.filter(learner_id__in=ids)),
        ("History of medium-term steps",
         MediumTermProgress.history.filter(outcome_id__in=steps_of)),
        ("History of medium-term outcomes",
         MediumTermOutcome.history.filter(learner_id__in=ids)),
        ("History of goals", GoalOutcome.history.filter(learner_id__in=ids)),
        ("History of learners", Learner.history.filter(id__in=ids)),
    ]


def count_rows(ids: list[int]) -> dict[str, int]:
    """How many rows of each kind ``learner_rows`` holds (nothing deleted)."""
    counts = {}
    for start in range(0, len(ids), BATCH):
        for label, rows in learner_rows(ids[start:start + BATCH]):
            counts[label] = counts.get(label, 0) + rows.count()
    return counts


def _delete(ids: list[int]) -> dict[str, int]:
    """Delete the learners' rows, then their history (deleting a live row writes a history
    row saying so, which goes with the rest). Returns the counts as they were before."""
    counts = count_rows(ids)
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        # The history's queries are built after the live rows have gone, so that the rows
        # their deletion wrote are found with the rest.
        for label, rows in learner_rows(batch):
            if not label.startswith("History"):
                rows.delete()
        for label, rows in learner_rows(batch):
            if label.startswith("History"):
                rows.delete()
    return counts


# --- Erasure of one learner -------------------------------------------------------------

def erase_learner(*, learner: Learner, by, reason: str,
                  now: datetime.datetime | None = None) -> DataRemoval:
    """Delete every row of one learner and its history, in one transaction, and record it."""
    with transaction.atomic():
        counts = _delete([learner.pk])
        return DataRemoval.objects.create(
            at=now or timezone.now(), kind=DataRemoval.Kind.ERASURE,
            local_authority_id=learner.local_authority_id, user=by, who=by.email,
            reason=reason, reference_hash=reference_hash(learner.local_authority_id,
                                                         learner.reference),
            counts=counts)


# --- Retention --------------------------------------------------------------------------

@dataclass
class Periods:
    learner_age: int = LEARNER_AGE
    access_years: int = ACCESS_YEARS
    own: bool = False  # the LA's own periods, not the service's default


def periods_for(local_authorities: Iterable[Organisation]) -> dict[int, Periods]:
    """The periods in force for each LA: its own row, else the service's default row, else
    the defaults in code (one query)."""
    las = list(local_authorities)
    rows = {row.local_authority_id: row for row in RetentionPeriods.objects.filter(
        Q(local_authority__isnull=True) | Q(local_authority__in=[la.pk for la in las]))}
    default = rows.get(None)
    service = (Periods(default.learner_age, default.access_years) if default else Periods())
    return {la.pk: (Periods(rows[la.pk].learner_age, rows[la.pk].access_years, own=True)
                    if la.pk in rows else service) for la in las}


def born_before(periods: Periods, today: datetime.date) -> int:
    """Learners born before this year are past retention ``today``: one born in year Y turns
    ``learner_age`` in Y + age, and is kept to the end of that year."""
    return today.year - periods.learner_age


def years_before(moment: datetime.datetime, years: int) -> datetime.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


@dataclass
class Due:
    """What retention removes from one LA on one day."""

    local_authority: Organisation
    periods: Periods
    born_before: int
    learner_ids: list[int] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def retention_due(now: datetime.datetime) -> list[Due]:
    """Each LA with something past retention at ``now``, and what (nothing deleted)."""
    today = timezone.localdate(now)
    holding = (set(Learner.history.values_list("local_authority_id", flat=True).distinct())
               | set(LearnerAccess.objects.values_list("local_authority_id", flat=True)
                     .distinct()))
    las = list(Organisation.objects.filter(pk__in=holding).order_by("name"))
    periods_of = periods_for(las)
    due = []
    for la in las:
        periods = periods_of[la.pk]
        cut = born_before(periods, today)
        ids = sorted(set(Learner.history.filter(local_authority=la, year_of_birth__lt=cut)
                         .values_list("id", flat=True)))
        counts = {label: n for label, n in count_rows(ids).items() if n}
        access = LearnerAccess.objects.filter(
            local_authority=la, at__lt=years_before(now, periods.access_years)).count()
        if access:
            counts[ACCESS_RECORDS] = access
        if counts:
            due.append(Due(la, periods, cut, ids, counts))
    return due


def retention_run(*, now: datetime.datetime | None = None, dry_run: bool = False) -> list[Due]:
    """Delete what is past retention, one LA at a time, each in one transaction with its
    removal record. ``dry_run``: find it and delete nothing. Returns what was (or would be)
    deleted."""
    now = now or timezone.now()
    due = retention_due(now)
    if dry_run:
        return due
    for item in due:
        with transaction.atomic():
            counts = _delete(item.learner_ids) if item.learner_ids else {}
            counts = {label: n for label, n in counts.items() if n}
            access, _ = LearnerAccess.objects.filter(
                local_authority=item.local_authority,
                at__lt=years_before(now, item.periods.access_years)).delete()
            if access:
                counts[ACCESS_RECORDS] = access
            item.counts = counts
            DataRemoval.objects.create(at=now, kind=DataRemoval.Kind.RETENTION,
                                       local_authority=item.local_authority, counts=counts,
                                       reason=_reason(item.periods))
    return due


def _reason(periods: Periods) -> str:
    whose = "the local authority’s" if periods.own else "the service’s default"
    return (f"Past {whose} retention periods: learners kept to the end of the year they turn "
            f"{periods.learner_age}, access records {periods.access_years} years.")
