"""A provider lead completes the SI QAF in Chromium: 35 of 36 evidenced, is stopped until
the Stage 2 action plan covers Results, adds the action, submits, and sees 35/36 and the
matrix on a page that is now read-only. axe runs on every page visited."""
import contextlib
import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from organisations.models import Membership, Organisation
from tests.browser.conftest import assert_accessible
from tests.factories import PASSWORD, LocalAuthorityFactory, MembershipFactory, ProviderFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["Leadership", "Planning", "Partnership", "Readiness", "Progress", "Results"]


@pytest.fixture
def provider_lead(transactional_db):
    call_command("load_frameworks", verbosity=0)
    provider = ProviderFactory(name="Riverside College", slug="riverside-college",
                               provider_type=Organisation.ProviderType.SUPPORTED_INTERNSHIP)
    user = UserFactory(email="lead@riverside.test", full_name="Priya Shah")
    MembershipFactory(user=user, organisation=provider, role=Membership.Role.PROVIDER_LEAD)
    la = LocalAuthorityFactory(name="Shire Council")
    from tests.factories import CommissioningFactory
    CommissioningFactory(commissioner=la, provider=provider)
    return user


def test_provider_lead_completes_the_si_qaf_with_an_action_plan(browser_page, login, provider_lead):
    page = browser_page
    login(page, "lead@riverside.test", PASSWORD)
    assert_accessible(page)

    page.get_by_role("link", name="Self-assessments").click()
    expect(page.get_by_role("heading", level=1, name="Self-assessments")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Start a self-assessment").click()
    page.get_by_label("Supported Internship Quality Assurance Framework (version 1)").check()
    page.get_by_label("2025/26").check()
    assert_accessible(page)
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_role("heading", name="Supported Internship Quality Assurance Framework",
                            level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="1. Leadership").click()
    for number, title in enumerate(SECTIONS, start=1):
        expect(page.get_by_role("heading", name=f"{number}. {title}", level=1)).to_be_visible()
        expect(page.get_by_role("heading", name="Prompts / Expected Practice")).to_be_visible()
        for item in range(1, 7):
            code = f"{number}.{item}"
            page.get_by_label(f"Evidence for {code}: what / where the information is held").fill(
                f"Evidence for {code}: QA folder, {title.lower()} tab")
            group = page.get_by_role("group", name=f"Rating for {code}")
            missing = number == 6 and item == 6
            group.get_by_label("Not yet evidenced" if missing else "Evidenced", exact=True).check()
        if number == 1:
            assert_accessible(page)  # a full section page, filled in
        button = "Save and return to overview" if number == 6 else \
            f"Save and continue to {number + 1}. {SECTIONS[number]}"
        page.get_by_role("button", name=button).click()

    # Back on the overview: 35/36, and submission is blocked naming Results.
    expect(page.get_by_text("35/36").first).to_be_visible()
    expect(page.get_by_text("Add a SMART action (area, action, when and who) for Results.")).to_be_visible()
    assert_accessible(page)

    # No submit button while a rule fails; the submit page, reached anyway, says why not.
    assert not page.get_by_role("button", name="Review and submit").count()
    page.goto(page.url.split("#")[0] + "submit/")
    expect(page.get_by_role("heading", name="You cannot submit yet")).to_be_visible()
    expect(page.get_by_text("for Results.").first).to_be_visible()
    assert not page.get_by_role("button", name="Submit self-assessment").count()
    assert_accessible(page)

    page.get_by_role("link", name="Back to the overview").click()
    page.get_by_role("link", name="Add an action for Results").click()
    assert page.get_by_label("Identified area for improvement").input_value() == "Results"
    page.get_by_label("SMART action").fill(
        "Agree a job carving plan with two employers so the cohort reaches 70% paid work.")
    due = datetime.date.today() + datetime.timedelta(days=120)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_label("Who").fill("Supported internship lead")
    page.get_by_label("How you will know it has worked").fill("Outcome data shows 70% in paid work.")
    assert_accessible(page)
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Added an action for Results.")).to_be_visible()
    expect(page.get_by_role("cell", name="Supported internship lead")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("button", name="Submit self-assessment").click()
    expect(page.get_by_text("is now read-only")).to_be_visible()
    expect(page.get_by_role("heading", name="Total score 35/36")).to_be_visible()
    matrix = page.get_by_role("table", name="Matrix mapping: evidenced statements per section")
    expect(matrix.get_by_role("row", name="6. Results").get_by_text("5 (marked)")).to_be_visible()
    expect(matrix.get_by_role("row", name="1. Leadership").get_by_text("6 (marked)")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Back to the overview").click()
    page.get_by_role("link", name="6. Results").click()
    # The overview says "read-only" too: wait for the section page itself.
    expect(page.get_by_role("heading", level=1, name="6. Results")).to_be_visible()
    expect(page.get_by_text("has been submitted and is read-only")).to_be_visible()
    assert page.locator("textarea").count() == 0
    assert page.locator("input[type=radio]").count() == 0
    assert not page.get_by_role("button", name="Save").count()
    assert_accessible(page)


def open_first_section_of_a_draft(page, login):
    """Riverside's lead starts this year's SI QAF and opens its first section; the draft."""
    from assessments import services
    from frameworks.models import Framework
    from organisations.models import Organisation, User

    assessment, _ = services.assessment_start(
        provider=Organisation.objects.get(slug="riverside-college"),
        framework=Framework.objects.get(slug="si-qaf"), period="2025/26",
        by=User.objects.get(email="lead@riverside.test"))
    login(page, "lead@riverside.test", PASSWORD)
    page.goto(f"/assessments/{assessment.pk}/sections/1/")
    return assessment


def test_leaving_with_unsaved_typing_warns_and_in_place_saves_show_saved(
        browser_page, login, provider_lead):
    page = browser_page
    open_first_section_of_a_draft(page, login)

    # Choosing a rating saves in place and says so.
    page.get_by_role("group", name="Rating for 1.1").get_by_label("Evidenced", exact=True).check()
    status = page.locator("#criterion-1\\.1 [data-save-status]")
    status.get_by_text("Saved at").wait_for()
    assert status.get_attribute("data-saved") == "true"

    # Typing, then leaving before anything saved it: the browser asks first.
    page.get_by_label("Evidence for 1.2: what / where the information is held").press_sequentially(
        "Half-typed evidence")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("link", name="Back to the overview").click(no_wait_after=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert "/sections/1/" in page.url
    assert page.get_by_label("Evidence for 1.2: what / where the information is held").input_value() \
        == "Half-typed evidence"


def test_a_save_in_place_still_on_its_way_never_undoes_the_page_save_after_it(
        browser_page, login, provider_lead):
    """Leaving the evidence box to choose a rating sends an in-place save of the box (no rating
    yet); pressing Save straight away must not let that save land after the page's own, or
    the rating the page saved is put back to none."""
    from assessments.models import Response

    page = browser_page
    assessment = open_first_section_of_a_draft(page, login)

    held = []

    def hold_the_first_save(route):
        if held:
            route.continue_()
        else:
            held.append(route)  # a slow network: this save reaches the service later

    page.route("**/responses/*/", hold_the_first_save)
    page.get_by_label("Evidence for 1.1: what / where the information is held").fill("Policy file")
    page.get_by_role("group", name="Rating for 1.1").get_by_label("Evidenced", exact=True).check()
    assert len(held) == 1
    page.get_by_role("button", name="Save and continue to 2. Planning").click(no_wait_after=True)
    page.wait_for_timeout(700)
    # The held save reaches the service now, whatever the page has done meanwhile (fetched
    # outside the page, so leaving the page cannot take it back, as on a real network).
    answer = held[0].fetch()
    with contextlib.suppress(PlaywrightError):  # the page has gone: nobody waits for the answer
        held[0].fulfill(response=answer)

    expect(page.get_by_role("heading", name="2. Planning", level=1)).to_be_visible()
    page.wait_for_timeout(500)  # anything still in flight has landed
    row = Response.objects.select_related("level").get(assessment=assessment, criterion__code="1.1")
    assert (row.evidence, row.level and row.level.label) == ("Policy file", "Evidenced")
