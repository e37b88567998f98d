"""A provider lead turns a proposed area into an action, records progress, and sees the action
marked overdue once its date has passed (the clock moved by the test). axe on every page."""
import datetime

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from assessments import services
from frameworks.models import Framework
from organisations.models import Membership, Organisation
from tests.assessments.conftest import rate, si_ratings
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, MembershipFactory, ProviderFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_provider_lead_turns_a_proposal_into_an_action_and_sees_it_overdue(
        browser_page, login, settings):
    # The clock jumps past the due date below: the session must outlast it.
    settings.SESSION_MAX_HOURS = 24 * 30
    settings.SESSION_IDLE_MINUTES = settings.SESSION_MAX_HOURS * 60
    settings.SESSION_COOKIE_AGE = settings.SESSION_MAX_HOURS * 3600
    call_command("load_frameworks", verbosity=0)
    provider = ProviderFactory(name="Riverside College", slug="riverside-college",
                               provider_type=Organisation.ProviderType.SUPPORTED_INTERNSHIP)
    lead = UserFactory(email="lead@riverside.test", full_name="Priya Shah")
    MembershipFactory(user=lead, organisation=provider, role=Membership.Role.PROVIDER_LEAD)
    assessment, _ = services.assessment_start(provider=provider, period="2025/26", by=lead,
                                              framework=Framework.objects.get(slug="si-qaf"))
    rate(assessment, lead, si_ratings((6, 6, 3, 6, 6, 6)))

    page = browser_page
    login(page, "lead@riverside.test", PASSWORD)
    page.goto("/action-plans/riverside-college/2025-26/")
    expect(page.get_by_role("heading", name="Areas your self-assessments propose")).to_be_visible()
    expect(page.get_by_text("3/6 evidenced")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Turn into an action for Partnership").click()
    expect(page.get_by_label("Identified area for improvement")).to_have_value("Partnership")
    page.get_by_label("SMART action").fill("Hold a termly feedback forum with interns, families "
                                           "and employers, and act on what it says.")
    due = datetime.date.today() + datetime.timedelta(days=3)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_label("Who").fill("Family liaison officer")
    page.get_by_label("How you will know it has worked").fill("Forum minutes show two changes made.")
    assert_accessible(page)
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Added an action for Partnership.")).to_be_visible()
    expect(page.get_by_text("3/6 evidenced")).to_have_count(0)  # no longer proposed
    assert_accessible(page)

    page.get_by_role("link", name="3. Partnership").click()
    page.get_by_label("In progress").check()
    page.get_by_label("Progress update").fill("First forum booked for 12 March; invitations sent.")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    expect(page.get_by_text("First forum booked for 12 March; invitations sent.").first).to_be_visible()
    expect(page.get_by_text("Overdue")).to_have_count(0)
    assert_accessible(page)

    with time_machine.travel(due + datetime.timedelta(days=1), tick=True):
        page.goto("/action-plans/riverside-college/2025-26/")
        expect(page.get_by_role("row", name="3. Partnership").get_by_text("Overdue")).to_be_visible()
        assert_accessible(page)
        page.goto("/action-plans/")
        expect(page.get_by_text("1 overdue")).to_be_visible()
        assert_accessible(page)
