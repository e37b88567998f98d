"""Riverside's lead meets a reminder in a real browser, at 1280 px and at 320 px: the header
counts it, the notifications page lists it, opening it goes to the action and marks it read,
and the lead chooses a daily summary instead. Every page passes axe and fits the window."""
import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actionplans.models import Action, ActionPlan
from demo.seed import DEMO_PASSWORD
from notifications.models import Preference
from organisations.models import User
from reminders.services import send_reminders
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMAIL = "lead@riverside.example"


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_a_provider_lead_reads_a_reminder_and_chooses_a_daily_summary(
        demo, browser_page, login, width):
    lead = User.objects.get(email=EMAIL)
    plan, _ = ActionPlan.objects.get_or_create(provider=demo.riverside, period="2025/26")
    action = Action.objects.create(
        plan=plan, area="Travel training", smart_action="Train two travel buddies by half term.",
        owner=lead.display_name, created_by=lead,
        due_date=timezone.localdate() + datetime.timedelta(days=3))
    sent = send_reminders()
    assert any(s.user == lead and "Action due in 3 days" in s.subject for s in sent)
    unread = lead.notifications.filter(read_at__isnull=True).count()

    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, EMAIL, DEMO_PASSWORD)
    header = page.locator("#header-notifications")
    expect(header).to_have_text(f"Notifications ({unread} unread)")
    header.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.locator("#unread-count")).to_contain_text(f"You have {unread} unread")
    _checked(page)

    page.get_by_role("link", name="Action due in 3 days: Riverside College").click()
    expect(page).to_have_url(re.compile(re.escape(action.get_absolute_url()) + "$"))
    expect(page.get_by_text("Train two travel buddies by half term.").first).to_be_visible()
    page.goto("/notifications/")
    left = unread - 1
    expect(page.locator("#header-notifications")).to_have_text(
        f"Notifications ({left} unread)" if left else "Notifications")

    page.get_by_role("link", name="Change how reminders reach you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How reminders reach you")
    _checked(page)
    page.get_by_label("Email me one summary a day").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_text("Saved: Email me one summary a day.")).to_be_visible()
    assert Preference.objects.get(user=lead).reminders == Preference.Reminders.DIGEST
    if left:
        page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("#unread-count")).to_contain_text("You have no unread notifications")
    expect(page.locator("#header-notifications")).to_have_text("Notifications")
    _checked(page)
