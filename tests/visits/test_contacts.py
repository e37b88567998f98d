"""Before a QA visit and after it: the LEBC check in the preparation, and the contact log
that runs from the conversation before the visit through the follow-up. Both are the
visiting partnership's alone."""
import datetime

import pytest
from django.urls import reverse

from visits import services as vs
from visits.models import VisitContact, VisitDetail

from .helpers import create_visit, final_visit, recorded_visit, shared_visit
from .test_visit_pages import date_fields, today


def test_the_officer_records_the_lebc_check_before_the_visit(world, frameworks, client_for):
    officer = world.users["partnership_officer"]
    visit = create_visit(world, frameworks)
    client = client_for(officer)
    url = reverse("visits:lebc", args=[visit.pk])
    assert "LEBC check" in client.get(visit.get_absolute_url()).content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 400
    text = empty.content.decode()
    assert "Choose whether the provider is on the LEBC database." in text
    assert "Enter the date you checked the LEBC database." in text
    future = client.post(url, {"listed": "yes", **date_fields(today() + datetime.timedelta(days=1),
                                                              "checked_on")})
    assert "The date you checked cannot be in the future" in future.content.decode()
    done = client.post(url, {"listed": "no", "outstanding": "Fire risk assessment overdue.",
                             **date_fields(today(), "checked_on")})
    assert done.status_code == 302
    detail = VisitDetail.objects.get(visit=visit)
    assert (detail.lebc_listed, detail.lebc_checked_on, detail.lebc_outstanding) == (
        False, today(), "Fire risk assessment overdue.")
    assert detail.history.first().history_user == officer
    page = client.get(visit.get_absolute_url()).content.decode()
    assert "Not on the LEBC database" in page and "Fire risk assessment overdue." in page
    # Once the visit is recorded, the preparation is over.
    recorded = recorded_visit(world, frameworks)
    assert client.get(reverse("visits:lebc", args=[recorded.pk])).status_code == 403


def test_the_contact_log_runs_from_before_the_visit_to_after_it_is_final(world, frameworks,
                                                                         client_for):
    officer, chair = world.users["partnership_officer"], world.users["partnership_chair"]
    visit = shared_visit(world, frameworks)
    url = reverse("visits:contacts", args=[visit.pk])
    client = client_for(officer)
    empty = client.post(url, {})
    assert empty.status_code == 400
    for message in ("Choose how you were in contact", "Enter the date of the contact.",
                    "Enter who you were in contact with at the provider.",
                    "Enter a summary of what was said or agreed."):
        assert message in empty.content.decode()
    call = {"kind": "call", "with_whom": "Grace Okafor, manager",
            "summary": "Agreed the date; asked for the single central record.",
            **date_fields(today(), "contacted_on")}
    assert client.post(url, call).status_code == 302
    later = today() + datetime.timedelta(days=1)
    assert "cannot be in the future" in client.post(
        url, {**call, **date_fields(later, "contacted_on")}).content.decode()
    # The chair adds to it too, after the record is final.
    final = final_visit(world, frameworks)
    final_url = reverse("visits:contacts", args=[final.pk])
    assert client_for(chair).post(final_url, {**call, "kind": "meeting",
                                              "summary": "Reviewed the actions."}).status_code == 302
    [contact] = VisitContact.objects.filter(visit=final)
    assert (contact.kind, contact.recorded_by) == ("meeting", chair)
    page = client.get(url).content.decode()
    assert "Grace Okafor, manager" in page and "Telephone call" in page
    assert "Contacts (1)" in page


@pytest.mark.parametrize("role", ["provider_lead", "la_commissioner"])
def test_nobody_else_sees_the_log_or_the_check(world, frameworks, client_for, role):
    visit = shared_visit(world, frameworks)
    VisitContact.objects.create(visit=visit, kind="call", contacted_on=today(),
                                with_whom="The manager", summary="Private note of the call.",
                                recorded_by=world.users["partnership_officer"])
    client = client_for(world.users[role])
    overview = client.get(visit.get_absolute_url())
    assert overview.status_code == 200
    assert "Contact log" not in overview.content.decode()
    assert client.get(reverse("visits:contacts", args=[visit.pk])).status_code == 403
    assert client.get(reverse("visits:lebc", args=[visit.pk])).status_code == 403


def test_a_withdrawn_visits_log_is_kept_but_closed(world, frameworks, client_for):
    officer = world.users["partnership_officer"]
    visit = shared_visit(world, frameworks)
    vs.visit_withdraw(visit=visit, by=officer, reason="Provider closed.")
    client = client_for(officer)
    url = reverse("visits:contacts", args=[visit.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Add a contact" not in page.content.decode()
    assert client.post(url, {"kind": "call"}).status_code == 403
