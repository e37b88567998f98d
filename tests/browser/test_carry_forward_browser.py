"""A provider lead starts next year's plan from last year's: the plan page says how many actions
are still open from last year, the page carries one forward with a new due date and drops the
other with a reason (after being told what was missing), and the two actions link to each
other. axe at 1280 px and at 320 px on every page, which never scrolls sideways."""
import datetime
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from actionplans import services
from frameworks.models import Framework, Section
from organisations.models import Membership, Organisation
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, fill_date
from tests.factories import PASSWORD, MembershipFactory, ProviderFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page):
    """axe and reflow at 1280 px and at 320 px, back at 1280 px after."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_provider_lead_carries_one_action_forward_and_drops_the_other(browser_page, login,
                                                                      console_problems):
    call_command("load_frameworks", verbosity=0)
    provider = ProviderFactory(name="Riverside College", slug="riverside-college",
                               provider_type=Organisation.ProviderType.SUPPORTED_INTERNSHIP)
    lead = UserFactory(email="lead@riverside.test", full_name="Priya Shah")
    MembershipFactory(user=lead, organisation=provider, role=Membership.Role.PROVIDER_LEAD)
    framework = Framework.objects.get(slug="si-qaf")
    for code, text in (("2", "Job coaches complete job carving training with two employers."),
                       ("6", "Track outcomes termly with three employers.")):
        section = Section.objects.get(framework=framework, code=code)
        services.action_create(
            provider=provider, period="2024/25", by=lead, section=section, area=section.title,
            smart_action=text, due_date=datetime.date.today() + datetime.timedelta(days=20),
            owner="Supported internship coordinator", success_measure="Termly quality meeting.")
    planning = Section.objects.get(framework=framework, code="2").title
    other = Section.objects.get(framework=framework, code="6").title

    page = browser_page
    login(page, "lead@riverside.test", PASSWORD)
    page.goto("/action-plans/riverside-college/2025-26/")
    expect(page.get_by_text("2 open actions from 2024/25")).to_be_visible()
    check(page)

    page.get_by_role("link", name="Carry forward, close or drop them").click()
    expect(page.get_by_role("heading", level=1, name="Open actions from 2024/25")).to_be_visible()
    expect(page.get_by_text("Job coaches complete job carving training")).to_be_visible()
    check(page)

    # Each action's question names the action to a screen reader: "What happens to this action:
    # Planning?".
    first = page.get_by_role("group", name=re.compile(f"^What happens to this action.*{planning}"))
    second = page.get_by_role("group", name=re.compile(f"^What happens to this action.*{other}"))
    first.get_by_label("Carry forward", exact=True).check()
    second.get_by_label("Drop", exact=True).check()
    page.get_by_role("button", name="Save decisions").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=f"Enter the new due date for “{planning}”.")).to_be_visible()
    expect(summary.get_by_role("link", name=f"Give the reason for dropping “{other}”.")).to_be_visible()
    check(page)
    # The form shown again with its errors is a 400, which the browser reports: expected once.
    refused = [p for p in console_problems if "status of 400" in p]
    assert len(refused) == 1
    console_problems[:] = [p for p in console_problems if p not in refused]

    summary.get_by_role("link", name=f"Give the reason for dropping “{other}”.").click()
    expect(second.get_by_label("Why drop it")).to_be_focused()
    second.get_by_label("Why drop it").fill("The employers now report outcomes themselves.")
    fill_date_in(first, datetime.date.today() + datetime.timedelta(days=90))
    page.get_by_role("button", name="Save decisions").click()
    expect(page.get_by_text("2 actions decided: 1 carried forward, 1 dropped.")).to_be_visible()
    expect(page.get_by_text("open actions from 2024/25")).to_have_count(0)
    expect(page.get_by_text("Carried forward from 2024/25")).to_be_visible()
    check(page)

    page.get_by_role("link", name=f"2. {planning}").click()
    expect(page.get_by_text("Carried forward from", exact=True)).to_be_visible()
    check(page)
    page.get_by_role("link", name=planning, exact=True).click()
    expect(page.get_by_text("Carried forward to", exact=True)).to_be_visible()
    expect(page.get_by_text("Carried forward to 2025/26").first).to_be_visible()
    check(page)


def fill_date_in(group, day):
    """``fill_date`` inside one action's decision: each action has its own "New due date"."""
    fill_date(group, "New due date", day)
