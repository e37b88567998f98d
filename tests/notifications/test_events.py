"""People are told when work waits on them: each event of ``notifications.events`` reaches
its audience once, in the portal and by email through the worker as each person chose, and
nobody else (another organisation's people, the person who acted); a rolled-back action tells
nobody; an email the mail server refuses is tried again, then recorded as failed."""
import datetime
import inspect
import logging
import smtplib
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from assessments import services as assessment_services
from exports import services as export_services
from notifications.models import Notification, Preference
from notifications.services import send_digests
from organisations.models import Membership
from reviews import services as review_services
from tests.assessments.conftest import rate
from tests.factories import MembershipFactory, UserFactory
from tests.reviews.conftest import agree_with_all, item
from tests.reviews.conftest import submitted as submitted  # noqa: F401, PLC0414 (fixture)
from tests.tasks import run_tasks
from tests.visits import helpers as visits
from visits import services as visit_services
from visits.concerns import concern_decide
from visits.models import Concern

pytestmark = pytest.mark.django_db

LEAD, STAFF = "lead@riverside.test", "staff@riverside.test"
OFFICER, CHAIR = "officer@north.test", "chair@north.test"
SHIRE, FAR = "commissioner@shire.test", "commissioner@far.test"
OTHER_LEAD = "lead@hilltop.test"


def told(prefix: str) -> list[str]:
    """Who has a notification of the events whose key starts ``prefix:``."""
    return sorted(Notification.objects.filter(event_key__startswith=f"{prefix}:")
                  .values_list("user__email", flat=True))


def emailed(subject_part: str) -> list[str]:
    """Who the worker has emailed (so far) with ``subject_part`` in the subject."""
    run_tasks()
    return sorted(m.to[0] for m in mail.outbox if subject_part in m.subject)


def opt(user, choice):
    Preference.objects.update_or_create(user=user, defaults={"reminders": choice})


# QA visits ------------------------------------------------------------------------------


def test_a_shared_visit_record_tells_the_providers_people_to_add_evidence(world, frameworks):
    visit = visits.shared_visit(world, frameworks)
    assert told("visit-shared") == [LEAD, STAFF]
    assert emailed("QA visit record shared: North SEIP") == [LEAD, STAFF]
    email = next(m for m in mail.outbox if m.to == [LEAD])
    assert "Add the provider's evidence" in email.body
    assert f"http://127.0.0.1:8000/visits/{visit.pk}/" in email.body
    page = Notification.objects.get(user=world.users["provider_lead"])
    assert page.get_kind_display() == "Visit record shared" and page.emailed_at is not None


def test_a_provider_response_tells_the_visiting_officer_once(world, frameworks):
    visit = visits.judgements_shared_visit(world, frameworks)
    for words in ("We accept the judgements.", "We accept them, with one correction."):
        visit_services.visit_respond(visit=visit, by=world.users["provider_lead"],
                                     response=words, today=datetime.date(2026, 3, 16))
    assert told("visit-responded") == [OFFICER]
    assert emailed("has responded to the QA visit judgements") == [OFFICER]
    assert "you can now finalise the visit" in mail.outbox[-1].body


def test_a_cause_for_concern_tells_the_chair_at_once_and_the_commissioning_la(
        world, frameworks):
    # The chair chose no emails, yet a concern reaches them at once; the LA commissioner
    # takes a daily summary, so theirs waits for it.
    opt(world.users["partnership_chair"], Preference.Reminders.NONE)
    opt(world.users["la_commissioner"], Preference.Reminders.DIGEST)
    visits.recorded_visit(world, frameworks, judgements={"1": "red"})
    assert told("concern-raised") == [CHAIR]
    assert told("concern-raised-la") == [SHIRE]  # not Far Council, which does not commission
    assert emailed("Cause for concern: Riverside College") == [CHAIR]
    mail.outbox.clear()
    send_digests()
    assert emailed("1 notification from QA Portal") == [SHIRE]
    assert "you will be told of it" in mail.outbox[0].body


def test_the_chairs_decision_tells_the_officer_and_the_las_but_not_the_chair(world, frameworks):
    visits.recorded_visit(world, frameworks, judgements={"1": "red"})
    concern = Concern.objects.get()
    concern_decide(concern=concern, by=world.users["partnership_chair"],
                   decision="suspend_new_placements", reasons="Safeguarding records missing.")
    assert told("concern-decided") == [SHIRE, OFFICER]
    assert emailed("Decision on the cause for concern: Riverside College") == [SHIRE, OFFICER]
    body = mail.outbox[-1].body
    assert "decided “Suspend new placements” on the cause for concern" in body
    assert "North SEIP’s commissioning of Riverside College is now suspended" in body


# Self-assessments -----------------------------------------------------------------------


def test_a_submitted_self_assessment_tells_its_commissioners_reviewers(world, start):
    lead = world.users["provider_lead"]
    assessment = start("si-qaf")
    rate(assessment, lead, default="evidenced")
    assessment_services.assessment_submit(assessment=assessment, by=lead)
    # The SEIP's officer and Shire's commissioner review Riverside; not Far Council, nor the
    # chair, nor the lead who submitted.
    assert told("assessment-submitted") == [SHIRE, OFFICER]
    assert emailed("2025/26 submitted: Riverside College") == [SHIRE, OFFICER]
    # Reopened and submitted again: a new submission, told again.
    assessment_services.assessment_reopen(assessment=assessment, by=lead, reason="A typo.")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        assessment_services.assessment_submit(assessment=assessment, by=lead)
    assert told("assessment-submitted") == [SHIRE, SHIRE, OFFICER, OFFICER]


def test_a_shared_draft_tells_its_commissioners_once(world, start):
    lead = world.users["provider_lead"]
    draft = start("si-qaf")
    for shared in (True, False, True):
        assessment_services.assessment_share(assessment=draft, by=lead, shared=shared)
    assert told("assessment-shared") == [SHIRE, OFFICER]
    assert emailed("shared: Riverside College") == [SHIRE, OFFICER]


# Reviews --------------------------------------------------------------------------------


@pytest.fixture
def shared_review(world, submitted):  # noqa: F811
    reviewer = world.users["la_commissioner"]
    review = review_services.review_start(assessment=submitted, organisation=world.la,
                                          by=reviewer)
    agree_with_all(review, reviewer)
    return review_services.review_share(review=review, by=reviewer)


def test_a_shared_review_tells_the_provider_lead(world, shared_review):
    assert told("review-shared") == [LEAD]
    assert emailed("Review of your Supported Internship") == [LEAD]


def test_replies_tell_the_reviewer_once(world, shared_review):
    lead = world.users["provider_lead"]
    review_services.item_reply(item=item(shared_review, "1.1"), by=lead, reply="Agreed.")
    review_services.item_reply(item=item(shared_review, "1.2"), by=lead, reply="Noted.")
    review_services.review_respond(review=shared_review, by=lead, response="Thank you.")
    assert told("review-replied") == [SHIRE]
    assert emailed("Riverside College has replied to your review") == [SHIRE]


def test_a_final_review_tells_its_reviewer_and_the_provider_lead_not_who_finalised(
        world, shared_review):
    colleague = UserFactory(email="colleague@shire.test")
    MembershipFactory(user=colleague, organisation=world.la, role=Membership.Role.LA_COMMISSIONER)
    review_services.review_finalise(review=shared_review, by=colleague)
    assert told("review-finalised") == [SHIRE, LEAD]
    assert emailed("Review finalised: Riverside College") == [SHIRE, LEAD]


# Bulk exports ---------------------------------------------------------------------------


def _export(world):
    return export_services.export_request(
        by=world.users["la_commissioner"], organisation=world.la, period="2025/26",
        reports=["action_plans"], audience="provider", providers=[world.provider],
        all_commissioned=False)


def test_a_ready_export_tells_the_person_who_asked(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    export = _export(world)
    assert told("export-ready") == []
    assert emailed("Bulk export ready: Shire Council, 2025/26") == [SHIRE]
    assert told("export-ready") == [SHIRE]
    assert f"/exports/{export.pk}/" in mail.outbox[-1].body


def test_an_export_no_worker_started_tells_the_person_who_asked(world):
    export = _export(world)
    later = timezone.now() + datetime.timedelta(hours=25)
    assert export_services.exports_fail_stale(now=later) == 1
    assert export_services.exports_fail_stale(now=later) == 0
    assert told("export-failed") == [SHIRE]
    mail_to = emailed("Bulk export failed: Shire Council, 2025/26")
    assert mail_to == [SHIRE]
    assert "No worker started the export within 24 hours" in mail.outbox[-1].body
    export.refresh_from_db()
    assert export.state == "failed"


# Preferences, transactions, retries -----------------------------------------------------


def test_someone_who_takes_no_emails_still_sees_the_event_in_the_portal(world, frameworks,
                                                                        client_for):
    opt(world.users["provider_staff"], Preference.Reminders.NONE)
    visits.shared_visit(world, frameworks)
    assert told("visit-shared") == [LEAD, STAFF]
    assert emailed("QA visit record shared") == [LEAD]
    page = client_for(world.users["provider_staff"]).get("/notifications/").content.decode()
    assert "QA visit record shared: North SEIP" in page
    assert "Notifications (1 unread)" in page


def test_an_action_that_rolls_back_tells_nobody(world, frameworks):
    visit = visits.create_visit(world, frameworks)
    visits.observe(visit, world.users["partnership_officer"], phase="before_visit")
    with pytest.raises(RuntimeError), transaction.atomic():
        visit_services.visit_share_with_provider(visit=visit,
                                                 by=world.users["partnership_officer"])
        raise RuntimeError("the request failed after the share")
    assert not Notification.objects.exists()
    assert emailed("") == []


class RefusingBackend(EmailBackend):
    """A mail server that refuses the first ``refusals`` messages."""

    refusals = 0

    def send_messages(self, messages):
        if RefusingBackend.refusals:
            RefusingBackend.refusals -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    yield RefusingBackend
    RefusingBackend.refusals = 0


def test_a_refused_email_is_tried_again_later_and_sent_once(world, frameworks, refusing):
    refusing.refusals = 2
    start = timezone.now()
    visits.shared_visit(world, frameworks)
    assert emailed("QA visit record shared") == []  # both refused: each tried again later
    waiting = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert waiting.count() == 2 and all(t.run_after > start for t in waiting)
    with time_machine.travel(start + datetime.timedelta(minutes=2)):
        assert emailed("QA visit record shared") == [LEAD, STAFF]
    with time_machine.travel(start + datetime.timedelta(hours=5)):
        assert emailed("QA visit record shared") == [LEAD, STAFF]  # never twice
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_an_email_refused_at_every_attempt_is_recorded_as_failed(world, frameworks, refusing,
                                                                 caplog):
    refusing.refusals = 100
    start = timezone.now()
    visits.shared_visit(world, frameworks)
    caplog.set_level(logging.WARNING, logger="notifications.tasks")
    for minutes in (0, 2, 10, 45, 200, 400):
        with time_machine.travel(start + datetime.timedelta(minutes=minutes)):
            run_tasks()
    assert mail.outbox == []
    failed = DBTaskResult.objects.filter(status=TaskResultStatus.FAILED)
    assert failed.count() == 2  # the lead's and the staff's, after five attempts each
    assert all("Not sent after 5 attempts: SMTPServerDisconnected" in f.traceback
               for f in failed)
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()
    assert "not sent after 5 attempts" in caplog.text
    assert LEAD not in caplog.text  # no personal data in the logs
    # Still on their notifications pages, not marked emailed.
    assert told("visit-shared") == [LEAD, STAFF]
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()


# The table ------------------------------------------------------------------------------


def test_every_event_has_an_audience_a_sender_and_a_row_in_the_user_guide():
    from notifications import events

    guide = (Path(__file__).resolve().parents[2] / "docs" / "users" / "notifications.md").read_text()
    assert len({e.key for e in events.EVENTS}) == len(events.EVENTS)
    for event in events.EVENTS:
        assert event.audience and event.title and event.subject and event.body
        sender = import_string(event.sent_by)
        name = next(n for n, v in vars(events).items() if v is event)
        assert f"events.{name}" in inspect.getsource(sender), event.sent_by
        assert f"| {event.title} | {event.audience} |" in guide, event.title
    assert {e.kind for e in events.EVENTS} <= set(Notification.Kind.values)
