"""Changing a commissioning link's status: who may, what is recorded, what bad input shows."""
import re

import pytest
from django.urls import reverse

from organisations.models import Commissioning


@pytest.fixture
def link(world):
    return Commissioning.objects.get(commissioner=world.partnership, provider=world.provider)


def test_chair_suspends_a_provider_and_the_history_records_who_and_why(world, link, client_for):
    client = client_for(world.users["partnership_chair"])
    url = reverse("organisations:commissioning_status", args=[link.pk])
    response = client.post(url, {"status": "suspended", "reason": "Safeguarding audit overdue."},
                           follow=True)
    assert response.redirect_chain[-1][0] == world.provider.get_absolute_url()
    assert "Riverside College is now suspended for North SEIP." in response.content.decode()
    link.refresh_from_db()
    assert link.status == "suspended"
    latest = link.history.first()
    assert latest.history_user == world.users["partnership_chair"]
    assert latest.status_reason == "Safeguarding audit overdue."
    assert link.history.count() == 2  # created, then changed


def test_officer_cannot_change_status_and_nothing_changes(world, link, client_for):
    client = client_for(world.users["partnership_officer"])
    url = reverse("organisations:commissioning_status", args=[link.pk])
    response = client.post(url, {"status": "suspended", "reason": "No."})
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.status == "active"
    assert link.history.count() == 1


def test_missing_reason_is_shown_next_to_the_field_and_the_choice_is_kept(world, link, client_for):
    client = client_for(world.users["partnership_chair"])
    url = reverse("organisations:commissioning_status", args=[link.pk])
    response = client.post(url, {"status": "under_review", "reason": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert html.count("Give the reason for changing the status.") == 2  # summary and field
    checked = re.findall(r'<input[^>]*type="radio"[^>]*\bchecked\b[^>]*>', html)
    assert len(checked) == 1 and 'value="under_review"' in checked[0]
    link.refresh_from_db()
    assert link.status == "active"


def test_choosing_the_current_status_is_refused_with_a_message(world, link, client_for):
    client = client_for(world.users["partnership_chair"])
    url = reverse("organisations:commissioning_status", args=[link.pk])
    response = client.post(url, {"status": "active", "reason": "Still fine."})
    assert "The status is already active. Choose a different one." in response.content.decode()


def test_provider_page_shows_change_link_only_to_those_who_may_change(world, link, client_for):
    url = world.provider.get_absolute_url()
    change = reverse("organisations:commissioning_status", args=[link.pk])
    assert change in client_for(world.users["partnership_chair"]).get(url).content.decode()
    assert change not in client_for(world.users["partnership_officer"]).get(url).content.decode()
    assert change not in client_for(world.users["provider_lead"]).get(url).content.decode()
