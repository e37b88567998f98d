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


def test_every_error_in_the_summary_links_to_a_box_on_the_page(world, link, client_for):
    """The summary's links go to the first radio crispy-forms-gds draws (numbered from 1)."""
    client = client_for(world.users["partnership_chair"])
    url = reverse("organisations:commissioning_status", args=[link.pk])
    html = client.post(url, {"reason": ""}).content.decode()
    summary = html[html.index("govuk-error-summary__list"):]
    summary = summary[:summary.index("</ul>")]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert "id_status_1" in targets
    for target in targets:
        assert f'id="{target}"' in html, f"the summary links to #{target}, which is not on the page"
