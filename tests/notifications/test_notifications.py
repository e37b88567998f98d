"""Notifications: one per person and event, a person's own only, read when opened, kept 12
months; the header's unread count; the reminder choice."""
import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, Preference
from notifications.services import Message, notify, prune
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


def message(key="action-due:1:2026-03-16", url="/action-plans/actions/1/"):
    return Message(Notification.Kind.ACTION_DUE, key, "Action due in 3 days: Riverside College",
                   "The action “Hold termly employer forums.” is due on 16 March 2026.", url)


def test_a_person_is_told_of_an_event_once(world):
    lead = world.users["provider_lead"]
    assert notify(lead, message()) is not None
    assert notify(lead, message()) is None
    assert Notification.objects.filter(user=lead).count() == 1
    assert mail.outbox == []  # the worker sends it
    run_tasks()
    [email] = mail.outbox
    assert email.subject == "Action due in 3 days: Riverside College"
    assert "http://127.0.0.1:8000/action-plans/actions/1/" in email.body
    assert "http://127.0.0.1:8000/notifications/" in email.body  # where to change the choice


def test_the_list_is_the_users_own_and_the_header_counts_unread(world, client_for):
    lead, staff = world.users["provider_lead"], world.users["provider_staff"]
    notify(lead, message())
    notify(lead, message(key="action-due:2:2026-03-20"))
    notify(staff, message(key="action-due:3:2026-03-20"))
    page = client_for(lead).get("/notifications/").content.decode()
    assert "You have 2 unread notifications." in page
    assert page.count("Action due in 3 days: Riverside College</a>") == 2
    assert "Notifications (2 unread)" in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(world, client_for):
    lead = world.users["provider_lead"]
    notification = notify(lead, message())
    client = client_for(lead)
    response = client.get(f"/notifications/{notification.pk}/")
    assert response.status_code == 302 and response.url == "/action-plans/actions/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert "You have no unread notifications." in client.get("/notifications/").content.decode()
    assert "Show all notifications" in client.get("/notifications/?show=unread").content.decode()


def test_a_link_off_the_portal_is_never_followed(world, client_for):
    lead = world.users["provider_lead"]
    notification = notify(lead, message(url="https://elsewhere.example/"))
    response = client_for(lead).get(f"/notifications/{notification.pk}/")
    assert response.url == "/notifications/"


def test_marking_all_read(world, client_for):
    lead = world.users["provider_lead"]
    notify(lead, message())
    notify(lead, message(key="action-due:2:2026-03-20"))
    page = client_for(lead).post("/notifications/read-all/", follow=True).content.decode()
    assert "Marked 2 notifications as read." in page
    assert not Notification.objects.unread().exists()


def test_the_reminder_choice_is_saved_and_a_bad_one_refused(world, client_for):
    client = client_for(world.users["provider_lead"])
    assert 'value="immediate"' in client.get("/notifications/preferences/").content.decode()
    bad = client.post("/notifications/preferences/", {"reminders": "hourly"})
    assert bad.status_code == 400
    assert "Choose how reminders should reach you." in bad.content.decode()
    done = client.post("/notifications/preferences/", {"reminders": "none"}, follow=True)
    assert "Saved: Do not send me reminders." in done.content.decode()
    assert Preference.objects.get(user=world.users["provider_lead"]).reminders == "none"


def test_notifications_are_kept_twelve_months(world):
    lead = world.users["provider_lead"]
    now = timezone.now()
    notify(lead, message(), now=now - datetime.timedelta(days=366))
    notify(lead, message(key="action-due:2:2026-03-20"), now=now - datetime.timedelta(days=364))
    assert prune(now=now) == 1
    assert list(Notification.objects.values_list("event_key", flat=True)) == [
        "action-due:2:2026-03-20"]


def test_shared_judgements_tell_the_provider_lead_until_when_to_respond(
        world, frameworks, client_for):
    from tests.visits.helpers import judgements_shared_visit

    visit = judgements_shared_visit(world, frameworks)
    run_tasks()
    shared = [m for m in mail.outbox if m.subject == "QA visit judgements shared: North SEIP"]
    assert [m.to for m in shared] == [["lead@riverside.test"]]
    assert f"You can respond until {visit.response_due:%-d %B %Y}" in shared[0].body
    assert f"/visits/{visit.pk}/" in shared[0].body
    page = client_for(world.users["provider_lead"]).get("/notifications/").content.decode()
    assert "QA visit judgements shared: North SEIP" in page
    staff = client_for(world.users["provider_staff"]).get("/notifications/").content.decode()
    assert "QA visit judgements shared" not in staff


def test_shared_judgements_email_links_to_the_address_the_officer_used(
        world, frameworks, client_for, settings):
    """As the cause-for-concern email does: the portal's address as the request reached it,
    not the worker's SITE_URL."""
    from tests.visits.helpers import recorded_visit

    settings.SITE_URL = "http://elsewhere.invalid"
    visit = recorded_visit(world, frameworks)
    client = client_for(world.users["partnership_officer"])
    response = client.post(reverse("visits:share_judgements", args=[visit.pk]))
    assert response.status_code == 302
    run_tasks()
    shared = [m for m in mail.outbox if m.subject == "QA visit judgements shared: North SEIP"]
    assert len(shared) == 1
    assert f"http://testserver/visits/{visit.pk}/" in shared[0].body
