"""Retention, on a fixed clock: the daily run deletes the learners past their LA's retention
period with every row and history row of theirs, and the access records past theirs, and
nothing else; it records how many rows went; ``--dry-run`` deletes nothing."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from outcomes import medium_term, retention
from outcomes.access_models import AppendOnly, LearnerAccess
from outcomes.medium_term_models import MediumTermOutcome, MediumTermProgress
from outcomes.models import GoalOutcome, Learner
from outcomes.retention_models import DataRemoval, RetentionPeriods
from reminders.tasks import daily_work

from .test_learner_pages import learner

NOW = timezone.make_aware(datetime.datetime(2026, 12, 7, 6, 30))
NEW_YEAR = timezone.make_aware(datetime.datetime(2027, 1, 1, 6, 30))


def _born(world, reference, year, la=None):
    la = la or world.la
    by = world.users["la_commissioner" if la == world.la else "other_la_commissioner"]
    made = learner(la, reference, by, provider=world.provider if la == world.la
                   else world.other_provider)
    made.year_of_birth = year
    made.save()  # a change, so a second history row
    outcome = medium_term.medium_term_add(learner=made, pfa_area="employment",
                                          outcome="Work part-time", target_year="2027/28", by=by)
    medium_term.step_record(outcome=outcome, academic_year="2025/26",
                            review_date=datetime.date(2026, 3, 12),
                            provider=world.provider if la == world.la else world.other_provider,
                            step="emerging", by=by)
    return made


@pytest.fixture
def people(world, outcome_scheme):
    """Shire's learners born 1994 (past 31 at the end of 2025), 1995 (turns 31 in 2026) and
    2008; Far Council's born 1990, whose LA keeps learners to 40."""
    RetentionPeriods.objects.update_or_create(local_authority=world.other_la,
                                              defaults={"learner_age": 40, "access_years": 5})
    return {"old": _born(world, "SH-0094", 1994), "turning": _born(world, "SH-0095", 1995),
            "young": _born(world, "SH-0008", 2008),
            "far": _born(world, "FAR-0090", 1990, la=world.other_la)}


def _access(world, la, at, reference="SH-0008"):
    return LearnerAccess.objects.create(at=at, user=world.users["la_commissioner"],
                                        who="someone@example.org", local_authority=la,
                                        kind=LearnerAccess.Kind.LEARNER,
                                        references=f",{reference},", rows=1, path="/x/")


def _held(pk) -> dict[str, int]:
    return {label: rows.count() for label, rows in retention.learner_rows([pk])}


def test_the_daily_run_deletes_learners_past_retention_with_their_history(world, people):
    before = {name: _held(made.pk) for name, made in people.items()}
    assert before["old"]["History of learners"] == 2 and before["old"]["Goals"] == 1
    assert before["old"]["Medium-term steps"] == 1

    _, summary = daily_work(NOW)

    assert not any(_held(people["old"].pk).values())  # every row and history row gone
    assert _held(people["turning"].pk) == before["turning"]  # kept to the end of 2026
    assert _held(people["young"].pk) == before["young"]
    assert _held(people["far"].pk) == before["far"]  # Far Council keeps them to 40
    assert not GoalOutcome.history.filter(learner_id=people["old"].pk).exists()
    assert not MediumTermProgress.history.filter(
        outcome_id__in=MediumTermOutcome.history.filter(learner_id=people["old"].pk)
        .values("id")).exists()
    [removal] = DataRemoval.objects.all()
    assert (removal.kind, removal.local_authority, removal.at) == (
        DataRemoval.Kind.RETENTION, world.la, NOW)
    assert removal.counts == {label: n for label, n in before["old"].items() if n}
    assert "retention" in removal.get_kind_display().lower() and removal.reference_hash == ""
    assert summary["rows_past_retention_deleted"] == removal.total

    # On 1 January the learner who turned 31 in 2026 goes too; a second run then finds nothing.
    daily_work(NEW_YEAR)
    assert not Learner.objects.filter(reference="SH-0095").exists()
    assert set(Learner.objects.values_list("reference", flat=True)) == {"SH-0008", "FAR-0090"}
    assert retention.retention_due(NEW_YEAR) == []


def test_access_records_go_after_their_own_period(world, people):
    old = _access(world, world.la, NOW - datetime.timedelta(days=2 * 365 + 1))
    kept = _access(world, world.la, NOW - datetime.timedelta(days=700))
    far_kept = _access(world, world.other_la, NOW - datetime.timedelta(days=3 * 365),
                       reference="FAR-0090")
    retention.retention_run(now=NOW)
    assert set(LearnerAccess.objects.values_list("pk", flat=True)) == {kept.pk, far_kept.pk}
    assert not LearnerAccess.objects.filter(pk=old.pk).exists()
    removal = DataRemoval.objects.get(local_authority=world.la)
    assert removal.counts[retention.ACCESS_RECORDS] == 1


def test_dry_run_lists_and_deletes_nothing(world, people):
    _access(world, world.la, NOW - datetime.timedelta(days=800))
    learners, accesses = Learner.history.count(), LearnerAccess.objects.count()
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Shire" in text and "would delete 1 learner born before 1995" in text
    assert "Records of access: 1" in text and "Would delete" in text
    assert (Learner.history.count(), LearnerAccess.objects.count()) == (learners, accesses)
    assert not DataRemoval.objects.exists()

    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "Deleted" in out.getvalue()
    assert not Learner.objects.filter(reference="SH-0094").exists()


def test_a_removal_record_is_never_changed_or_deleted(world, people):
    retention.retention_run(now=NOW)
    removal = DataRemoval.objects.get()
    removal.reason = "changed"
    with pytest.raises(AppendOnly):
        removal.save()
    with pytest.raises(AppendOnly):
        removal.delete()


def test_periods_come_from_the_las_row_else_the_service_default(world, people):
    periods = retention.periods_for([world.la, world.other_la])
    assert (periods[world.la.pk].learner_age, periods[world.la.pk].own) == (31, False)
    assert (periods[world.other_la.pk].learner_age, periods[world.other_la.pk].access_years,
            periods[world.other_la.pk].own) == (40, 5, True)
    RetentionPeriods.objects.update_or_create(local_authority=None,
                                              defaults={"learner_age": 26, "access_years": 3})
    assert retention.periods_for([world.la])[world.la.pk].learner_age == 26
    assert retention.born_before(retention.periods_for([world.la])[world.la.pk],
                                 datetime.date(2026, 12, 31)) == 2000
