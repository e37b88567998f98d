"""Reminders on a fixed clock: each fires on the right day for the right people, once, not
for those who opted out; digests group them; a dry run sends nothing; the worker's daily run
sends them and books the next."""
import contextlib
import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from actionplans.models import Action, ActionPlan
from notifications.models import Notification, Preference
from notifications.services import Message, notify, send_digests
from reminders.services import send_reminders
from reminders.tasks import daily_run, fail_abandoned, schedule_daily
from tests.list_data import visit
from tests.tasks import run_tasks
from visits.models import Concern, ConcernDecision, Visit, VisitTeamMember

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
State = Visit.State


def on(day: str, hour: int = 7):
    """Travel to 07:00 London time on ``day`` (YYYY-MM-DD)."""
    date = datetime.date.fromisoformat(day)
    return time_machine.travel(datetime.datetime(date.year, date.month, date.day, hour,
                                                 tzinfo=LONDON), tick=False)


@contextlib.contextmanager
def commit():
    """Emails are sent by the worker: run it once the block is done."""
    yield
    run_tasks()


def run(day: str) -> list[tuple[str, str]]:
    """Send the reminders due on ``day``; (recipient, subject) of each email sent."""
    mail.outbox.clear()
    with on(day), commit():
        send_reminders()
    return sorted((m.to[0], m.subject) for m in mail.outbox)


def opt(user, choice):
    Preference.objects.update_or_create(user=user, defaults={"reminders": choice})


@pytest.fixture
def action(world):
    plan = ActionPlan.objects.create(provider=world.provider, period="2025/26")
    return Action.objects.create(
        plan=plan, area="Employer links", smart_action="Hold termly employer forums.",
        owner="staff@riverside.test", due_date=datetime.date(2026, 3, 16),
        created_by=world.users["provider_lead"])


def test_an_action_is_reminded_14_days_before_and_once_overdue(world, action):
    lead, staff = "lead@riverside.test", "staff@riverside.test"
    assert run("2026-03-01") == []  # 15 days before
    due = "Action due in 14 days: Riverside College"
    assert run("2026-03-02") == [(lead, due), (staff, due)]
    body = mail.outbox[0].body
    assert "Hold termly employer forums." in body and "16 March 2026" in body
    assert f"http://127.0.0.1:8000/action-plans/actions/{action.pk}/" in body
    assert run("2026-03-03") == [] and run("2026-03-16") == []  # never twice
    overdue = "Action overdue: Riverside College"
    assert run("2026-03-17") == [(lead, overdue), (staff, overdue)]
    assert run("2026-03-18") == []
    assert Notification.objects.filter(user=world.users["provider_lead"]).count() == 2
    # Done: no more reminders, even with a new date.
    action.status, action.due_date = Action.Status.DONE, datetime.date(2026, 3, 30)
    action.save()
    assert run("2026-03-20") == []


def test_an_owner_named_as_a_role_reminds_the_leads_only(world, action):
    action.owner = "Employer liaison officer"
    action.save()
    assert [to for to, _ in run("2026-03-02")] == ["lead@riverside.test"]


def test_no_reminder_for_someone_who_opted_out(world, action):
    opt(world.users["provider_lead"], Preference.Reminders.NONE)
    assert [to for to, _ in run("2026-03-02")] == ["staff@riverside.test"]
    assert not Notification.objects.filter(user=world.users["provider_lead"]).exists()


def test_a_digest_groups_the_days_reminders_into_one_email(world, action):
    opt(world.users["provider_lead"], Preference.Reminders.DIGEST)
    second = Action.objects.create(
        plan=action.plan, area="Travel training", smart_action="Train two travel buddies.",
        owner="Head of centre", due_date=datetime.date(2026, 3, 10),
        created_by=world.users["provider_lead"])
    assert [to for to, _ in run("2026-03-02")] == ["staff@riverside.test"]
    lead_rows = Notification.objects.filter(user=world.users["provider_lead"])
    assert lead_rows.count() == 2 and not lead_rows.filter(emailed_at__isnull=False).exists()
    mail.outbox.clear()
    with on("2026-03-03", hour=6), commit():
        assert send_digests() == 1
    [digest] = mail.outbox
    assert digest.to == ["lead@riverside.test"]
    assert digest.subject == "2 notifications from QA Portal"
    assert "Hold termly employer forums." in digest.body and second.smart_action in digest.body
    mail.outbox.clear()
    with on("2026-03-04", hour=6), commit():
        assert send_digests() == 0
    assert mail.outbox == []


@pytest.fixture
def shared_judgements(world, frameworks):
    made = visit(world, frameworks, world.provider, state=State.JUDGEMENTS_SHARED,
                 day=datetime.date(2026, 2, 20))
    made.response_due = datetime.date(2026, 3, 13)  # a Friday
    made.save()
    VisitTeamMember.objects.create(visit=made, kind=VisitTeamMember.Kind.OFFICER,
                                   user=world.users["partnership_officer"])
    return made


def test_the_time_to_respond_is_reminded_3_working_days_before_and_once_passed(
        world, shared_judgements):
    assert run("2026-03-09") == []  # Monday: four working days left
    closing = "Time to respond ends in 3 days: QA visit by North SEIP"
    assert run("2026-03-10") == [("lead@riverside.test", closing)]
    assert run("2026-03-13") == []
    passed = "Time to respond has ended: QA visit to Riverside College"
    assert run("2026-03-16") == [("lead@riverside.test", passed), ("officer@north.test", passed)]
    assert run("2026-03-17") == []


def test_a_response_given_stops_the_reminders(world, shared_judgements):
    shared_judgements.provider_response = "We accept the judgements."
    shared_judgements.save()
    assert run("2026-03-10") == [] and run("2026-03-16") == []


def test_a_concern_review_date_passed_reminds_the_chair_until_a_new_decision(world, frameworks):
    made = visit(world, frameworks, world.provider, state=State.FINAL,
                 day=datetime.date(2026, 2, 2))
    concern = Concern.objects.create(
        visit=made, provider=world.provider, partnership=world.partnership,
        section=frameworks["leics-ap-visit"].sections.first(),
        basis=Concern.Basis.KEY_ASPECT, raised_by=world.users["partnership_officer"],
        status=Concern.Status.DECIDED)
    with on("2026-02-10"):
        ConcernDecision.objects.create(
            concern=concern, decision=ConcernDecision.Decision.CONDITIONS,
            reasons="Safeguarding records incomplete.", conditions="Weekly audit.",
            review_date=datetime.date(2026, 4, 1), decided_by=world.users["partnership_chair"])
    assert run("2026-04-01") == []
    assert run("2026-04-02") == [("chair@north.test", "Review date passed: Riverside College")]
    assert run("2026-04-03") == []
    with on("2026-04-03"):
        ConcernDecision.objects.create(
            concern=concern, decision=ConcernDecision.Decision.CONDITIONS,
            reasons="Audit started.", conditions="Monthly audit.",
            review_date=datetime.date(2026, 5, 1), decided_by=world.users["partnership_chair"])
    assert run("2026-04-20") == []  # the new decision's date has not come
    assert run("2026-05-02") == [("chair@north.test", "Review date passed: Riverside College")]


def test_a_visit_in_the_next_7_days_reminds_the_officers_and_once_shared_the_lead(world,
                                                                                  frameworks):
    preparing = visit(world, frameworks, world.provider, state=State.PREPARING,
                      day=datetime.date(2026, 3, 20))
    VisitTeamMember.objects.create(visit=preparing, kind=VisitTeamMember.Kind.OFFICER,
                                   user=world.users["partnership_officer"])
    assert run("2026-03-12") == []
    soon = "QA visit in 7 days: Riverside College"
    # Being prepared: the provider has not been shown the record yet.
    assert run("2026-03-13") == [("officer@north.test", soon)]
    preparing.state = State.SHARED_WITH_PROVIDER
    preparing.save()
    assert run("2026-03-14") == [("lead@riverside.test", "QA visit in 6 days: Riverside College")]
    # Moved to a new date: a new reminder for the new date.
    preparing.planned_visit_date = datetime.date(2026, 3, 24)
    preparing.save()
    assert len(run("2026-03-17")) == 2


def test_a_dry_run_writes_and_sends_nothing(world, action):
    with on("2026-03-02"):
        would = send_reminders(dry_run=True)
    assert sorted(s.user.email for s in would) == ["lead@riverside.test", "staff@riverside.test"]
    assert mail.outbox == [] and not Notification.objects.exists()


def test_the_command_lists_what_it_sends(world, action, capsys):
    with on("2026-03-02"):
        call_command("send_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert "Would send to lead@riverside.test (immediate): Action due in 14 days" in out
    assert "Would send 2 reminders for 2026-03-02." in out
    with commit():
        call_command("send_reminders", "--date", "2026-03-02")
    assert "Sent 2 reminders for 2026-03-02." in capsys.readouterr().out
    assert len(mail.outbox) == 2



def test_the_command_does_the_daily_runs_housekeeping_too(world, action, capsys):
    """Cron users keep notifications twelve months, as the worker's daily run does."""
    lead = world.users["provider_lead"]
    old = Message(Notification.Kind.ACTION_DUE, "action-due:old", "Old", "Old.", "/")
    with on("2025-02-01"):
        notify(lead, old, reminder_choice=Preference.Reminders.IMMEDIATE)
    with on("2026-03-02"), commit():
        call_command("send_reminders")
    assert "deleted 1 notifications kept 12 months" in capsys.readouterr().out
    assert not Notification.objects.filter(event_key="action-due:old").exists()


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens connections
def test_the_workers_daily_run_sends_the_reminders_and_books_the_next(world, action):
    waiting = DBTaskResult.objects.filter(task_path=daily_run.module_path,
                                          status=TaskResultStatus.READY)
    with on("2026-03-01", hour=20):
        # None has run today: the first goes at once.
        assert schedule_daily() == datetime.datetime(2026, 3, 1, 20, tzinfo=LONDON)
        assert schedule_daily() is None  # one is enough
        call_command("db_worker", batch=True, startup_delay=False, queue_name="*", reload=False)
    [booked] = waiting.all()
    assert booked.run_after == datetime.datetime(2026, 3, 2, 6, 30, tzinfo=LONDON)
    with on("2026-03-01", hour=21):
        assert schedule_daily() is None
    with on("2026-03-02", hour=6):  # 06:00: not yet
        call_command("db_worker", batch=True, startup_delay=False, queue_name="*", reload=False)
    assert mail.outbox == []
    with on("2026-03-02", hour=8):
        call_command("db_worker", batch=True, startup_delay=False, queue_name="*", reload=False)
    assert sorted(m.to[0] for m in mail.outbox) == ["lead@riverside.test",
                                                    "staff@riverside.test"]
    assert DBTaskResult.objects.get(pk=booked.pk).status == TaskResultStatus.SUCCESSFUL
    [following] = waiting.all()
    assert following.run_after == datetime.datetime(2026, 3, 3, 6, 30, tzinfo=LONDON)


def test_a_task_whose_worker_stopped_is_marked_failed_for_the_admin(world):
    with on("2026-03-02", hour=1):
        stopped = daily_run.enqueue()
        recent = daily_run.enqueue()
    DBTaskResult.objects.filter(pk=stopped.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=datetime.datetime(2026, 3, 2, 1, tzinfo=LONDON))
    DBTaskResult.objects.filter(pk=recent.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=datetime.datetime(2026, 3, 2, 7, 30, tzinfo=LONDON))
    with on("2026-03-02", hour=8):
        assert fail_abandoned() == 1
    failed = DBTaskResult.objects.get(pk=stopped.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "reminders.tasks.WorkerStopped"
    assert "the worker stopped before the task finished" in failed.traceback
    assert DBTaskResult.objects.get(pk=recent.id).status == TaskResultStatus.RUNNING
