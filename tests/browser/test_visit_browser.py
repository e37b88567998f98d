"""A QA visit from preparation to a final record in Chromium, with three people in their own
browser contexts: the partnership officer prepares and shares the record, the provider lead
adds evidence, the officer records the visit with Learner Safety judged Red, the partnership
chair is alerted and suspends new placements, the judgements are shared, the provider
responds, and the officer finalises a record that is then read-only. axe runs on every page
visited."""
import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from organisations.models import Commissioning, Membership
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll, fill_date
from tests.factories import (
    PASSWORD,
    CommissioningFactory,
    LocalAuthorityFactory,
    MembershipFactory,
    PartnershipFactory,
    ProviderFactory,
    UserFactory,
)
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["Learner Safety", "Learner Progress", "Learner Pastoral Care", "Systems and Processes"]
BEFORE = {1: ["1.1"], 2: ["2.1", "2.2", "2.3"], 3: ["3.1", "3.2"], 4: ["4.1"]}
AT = {1: ["1.2", "1.3", "1.4", "1.5"], 2: ["2.4", "2.5", "2.6"], 3: ["3.3", "3.4", "3.5"],
      4: ["4.2", "4.3", "4.4"]}
INTERNAL = "Ofsted monitoring letter expected: keep to ourselves"


@pytest.fixture
def people(transactional_db):
    call_command("load_frameworks", verbosity=0)
    provider = ProviderFactory(name="Oakfield Alternative Provision", slug="oakfield")
    partnership = PartnershipFactory(name="North West Leicestershire SEIP", slug="nwl-seip")
    la = LocalAuthorityFactory(name="Leicestershire County Council", slug="leics")
    CommissioningFactory(commissioner=partnership, provider=provider)
    CommissioningFactory(commissioner=la, provider=provider)

    def member(email, name, org, role):
        user = UserFactory(email=email, full_name=name)
        MembershipFactory(user=user, organisation=org, role=role)
        return user

    return {
        "officer": member("officer@nwl.test", "Olu Officer", partnership,
                          Membership.Role.PARTNERSHIP_OFFICER),
        "chair": member("chair@nwl.test", "Chris Chair", partnership,
                        Membership.Role.PARTNERSHIP_CHAIR),
        "lead": member("lead@oakfield.test", "Leah Lead", provider, Membership.Role.PROVIDER_LEAD),
        "provider": provider, "partnership": partnership,
    }


@pytest.fixture
def new_page(browser, live_server):
    """Another person's page, in a browser context of its own."""
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, locale="en-GB",
                                      viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield make
    for context in contexts:
        context.close()


def rate(page, code, level, notes):
    page.get_by_label(f"Observer notes for {code}").fill(notes)
    page.get_by_role("group", name=f"Rating for {code}").get_by_label(level, exact=True).check()


def on_overview(page):
    """Wait for the visit's overview (so axe never runs on a page still loading)."""
    expect(page.get_by_role("heading", name="QA visit: Oakfield Alternative Provision",
                            level=1)).to_be_visible()


def on_section(page, number):
    expect(page.get_by_role("heading", name=f"{number}. {SECTIONS[number - 1]}", level=1)) \
        .to_be_visible()


def save_and_continue(page, number):
    name = ("Save and return to overview" if number == 4
            else f"Save and continue to {number + 1}. {SECTIONS[number]}")
    page.get_by_role("button", name=name).click()


def test_a_qa_visit_from_preparation_to_a_final_record(browser_page, new_page, login, people,
                                                      console_problems):
    officer = browser_page
    login(officer, "officer@nwl.test", PASSWORD)
    assert_accessible(officer)

    # 1. The officer creates the record and completes "before the visit".
    officer.get_by_role("link", name="QA visits").click()
    expect(officer.get_by_role("heading", name="QA visits", level=1)).to_be_visible()
    assert_accessible(officer)
    officer.get_by_role("button", name="Create a visit record").click()
    expect(officer.get_by_role("heading", name="Create a visit record", level=1)).to_be_visible()
    assert_accessible(officer)
    officer.get_by_label("Day").fill("12")
    officer.get_by_label("Month").fill("3")
    officer.get_by_label("Year").fill("2026")
    expect(officer.get_by_label("Olu Officer")).to_be_checked()
    officer.get_by_label("Visitor 1: name").fill("Sam Patel")
    officer.get_by_label("Visitor 1: school").fill("Castle Rock High School")
    assert_accessible(officer)
    officer.get_by_role("button", name="Create the visit record").click()
    expect(officer.get_by_role("heading", name="QA visit: Oakfield Alternative Provision")).to_be_visible()
    expect(officer.get_by_text("Sam Patel (Castle Rock High School)")).to_be_visible()
    assert_accessible(officer)

    officer.get_by_role("link", name="1. Learner Safety", exact=True).click()
    for number in range(1, 5):
        on_section(officer, number)
        assert_accessible(officer)
        for code in BEFORE[number]:
            rate(officer, code, "Green", f"Checked before the visit: {code}.")
        if number == 1:
            officer.get_by_label("Internal notes for 1.1, not shared").fill(INTERNAL)
            # At-visit requirements wait for the visit.
            expect(officer.get_by_label("Observer notes for 1.2")).to_have_count(0)
            assert_accessible(officer)  # filled in
        save_and_continue(officer, number)
    on_overview(officer)
    assert_accessible(officer)
    expect(officer.get_by_text("Before you can share")).to_have_count(0)
    officer.get_by_role("button", name="Share with the provider").click()
    expect(officer.get_by_role("heading", name="Share the record with the provider")).to_be_visible()
    assert_accessible(officer)
    officer.get_by_role("button", name="Share with the provider").click()
    expect(officer.get_by_text("can now see the record and add their evidence")).to_be_visible()
    assert_accessible(officer)

    # 2. The provider lead adds evidence, text and a file; never sees the internal notes.
    provider = new_page()
    login(provider, "lead@oakfield.test", PASSWORD)
    expect(provider.get_by_role("heading", name="QA visits in progress")).to_be_visible()
    assert_accessible(provider)
    provider.get_by_role("link", name="Visit by North West Leicestershire SEIP, 12 March 2026").click()
    on_overview(provider)
    assert_accessible(provider)
    provider.get_by_role("link", name="Add evidence for Learner Safety").click()
    expect(provider.get_by_role("heading", name="Your evidence: 1. Learner Safety")).to_be_visible()
    assert_accessible(provider)
    provider.get_by_label("Your evidence for 1.1").fill("On the LEBC database since 2019; audit attached.")
    provider.get_by_label("Upload evidence files for 1.1").set_input_files(
        files=[{"name": "lebc-audit-2026.txt", "mimeType": "text/plain",
                "buffer": b"LEBC annual audit 2026: compliant."}])
    provider.get_by_label("Your evidence for 1.2").fill("Single central record in the office.")
    assert_accessible(provider)
    provider.get_by_role("button", name="Save", exact=True).click()
    expect(provider.get_by_role("link", name="lebc-audit-2026.txt")).to_be_visible()
    assert INTERNAL not in provider.content()
    assert_accessible(provider)

    # 3. The officer records the visit: Red in Learner Safety.
    officer.get_by_role("link", name="1. Learner Safety", exact=True).click()
    expect(officer.get_by_text("Single central record in the office.")).to_be_visible()
    expect(officer.get_by_role("link", name="lebc-audit-2026.txt")).to_be_visible()
    for number in range(1, 5):
        on_section(officer, number)
        assert_accessible(officer)
        for code in AT[number]:
            red = code == "1.2"
            rate(officer, code, "Red" if red else "Green",
                 "Two staff files had no DBS date." if red else f"Seen at the visit: {code}.")
        if number == 1:
            officer.get_by_label("Action points for 1.2").fill("Complete the single central record.")
            assert_accessible(officer)  # filled in
        save_and_continue(officer, number)
    on_overview(officer)
    assert_accessible(officer)
    for number, title in enumerate(SECTIONS, start=1):
        officer.get_by_role("link", name=f"Record the judgement for {title}").click()
        expect(officer.get_by_role("heading", name=f"Concluding judgement: {number}. {title}")) \
            .to_be_visible()
        assert_accessible(officer)
        officer.get_by_role("group", name=f"How would you rate this provider on {title}?") \
            .get_by_label("Red" if number == 1 else "Green", exact=True).check()
        officer.get_by_label("Narrative").fill(f"{title}: what we saw matched the evidence.")
        if number == 1:
            officer.get_by_label("Follow-up actions agreed with the provider").fill(
                "Safeguarding lead to audit staff files by half term.")
        officer.get_by_role("button", name="Save", exact=True).click()
        expect(officer.get_by_text(f"Saved the judgement for {title}.")).to_be_visible()
        assert_accessible(officer)
        officer.get_by_role("link", name="Back to the overview").click()
        on_overview(officer)
        assert_accessible(officer)
    officer.get_by_role("button", name="Mark the visit recorded").click()
    expect(officer.get_by_text("Learner Safety is judged Red in a key aspect")).to_be_visible()
    assert_accessible(officer)
    officer.get_by_role("button", name="Mark the visit recorded").click()
    expect(officer.get_by_text("Cause for concern raised for Learner Safety")).to_be_visible()
    assert_accessible(officer)
    call_command("db_worker", batch=True, startup_delay=False, queue_name="*", reload=False,
                 verbosity=0)  # the worker sends the emails
    assert [m.to for m in mail.outbox if m.subject.startswith("Cause for concern")] == [
        ["chair@nwl.test"]]

    # 4. The chair sees the concern and suspends new placements.
    chair = new_page()
    login(chair, "chair@nwl.test", PASSWORD)
    expect(chair.get_by_role("heading", name="Causes for concern")).to_be_visible()
    expect(chair.get_by_text("Awaiting decision", exact=True)).to_be_visible()
    assert_accessible(chair)
    chair.get_by_role("link", name="Oakfield Alternative Provision: Learner Safety").click()
    expect(chair.get_by_role("heading", name="Cause for concern: Learner Safety")).to_be_visible()
    assert_accessible(chair)
    chair.get_by_label("Suspend new placements").check()
    chair.get_by_label("Reasons for the decision").fill(
        "Staff files without DBS dates: no new placements until the record is complete.")
    chair.get_by_role("button", name="Record the decision").click()
    expect(chair.get_by_text("Decision recorded: Suspend new placements.")).to_be_visible()
    assert_accessible(chair)
    assert Commissioning.objects.get(commissioner=people["partnership"]).status == "suspended"
    chair.goto("/organisations/oakfield/")
    expect(chair.get_by_role("heading", name="Causes for concern")).to_be_visible()
    assert_accessible(chair)

    # 5. The judgements are shared and the provider responds.
    officer.reload()
    assert_accessible(officer)
    officer.get_by_role("button", name="Share the judgements").click()
    expect(officer.get_by_role("heading", name="Share the judgements with the provider")).to_be_visible()
    assert_accessible(officer)
    officer.get_by_role("button", name="Share the judgements").click()
    expect(officer.get_by_text("Shared the judgements.")).to_be_visible()
    assert_accessible(officer)

    provider.get_by_role("link", name="Back to the overview").click()
    on_overview(provider)
    assert_accessible(provider)
    provider.get_by_role("button", name="Respond to the judgements").click()
    expect(provider.get_by_role("heading", name="Respond to the judgements")).to_be_visible()
    assert_accessible(provider)
    provider.get_by_label("Your response to the judgements").fill(
        "We accept the judgement; the record was completed on 13 March.")
    provider.get_by_role("button", name="Send your response").click()
    expect(provider.get_by_text("Your response has been sent")).to_be_visible()
    assert_accessible(provider)
    provider.get_by_role("link", name="1. Learner Safety", exact=True).click()
    expect(provider.get_by_text("Two staff files had no DBS date.")).to_be_visible()
    assert INTERNAL not in provider.content()
    assert_accessible(provider)

    # 6. The officer finalises; the record is read-only.
    officer.reload()
    expect(officer.get_by_text("We accept the judgement")).to_be_visible()
    assert_accessible(officer)
    # Each action agreed at the visit needs who is responsible and when it is due (SMART):
    # without a date for the second, the record is not final.
    officer.get_by_role("button", name="Finalise").click()
    expect(officer.get_by_role("heading", name="Finalise the visit record")).to_be_visible()
    assert_accessible(officer)
    officer.set_viewport_size({"width": 320, "height": 900})
    assert_no_horizontal_scroll(officer)
    assert_accessible(officer)
    officer.set_viewport_size({"width": 1280, "height": 900})
    officer.get_by_label("Who is responsible for action 1").fill("Oakfield's safeguarding lead")
    due = datetime.date.today() + datetime.timedelta(days=14)
    fill_date(officer, "When action 1 is due", due)
    officer.get_by_label("Who is responsible for action 2").fill("Oakfield's manager")
    officer.get_by_role("button", name="Finalise").click()
    expect(officer.get_by_role("link", name="Enter the date action 2 is due.")).to_be_visible()
    assert_accessible(officer)
    assert Visit.objects.get().state != "final"
    # The form shown again with its errors is a 400, which the browser notes: expected.
    console_problems[:] = [p for p in console_problems if "status of 400" not in p]
    fill_date(officer, "When action 2 is due", due)
    officer.get_by_role("button", name="Finalise").click()
    expect(officer.get_by_text("This visit record is final and read-only.")).to_be_visible()
    # On a fixed clock the day after that date, both actions are overdue and the daily
    # reminder run tells Oakfield's lead.
    mail.outbox.clear()
    said = io.StringIO()
    call_command("send_reminders", date=(due + datetime.timedelta(days=1)).isoformat(),
                 stdout=said)
    call_command("db_worker", batch=True, startup_delay=False, queue_name="*", reload=False,
                 verbosity=0)  # the worker sends the emails
    overdue = [m for m in mail.outbox if m.to == ["lead@oakfield.test"]
               and "Action overdue: Oakfield Alternative Provision" in m.subject]
    assert len(overdue) == 2, said.getvalue()
    assert "Owner: Oakfield's manager." in overdue[0].body + overdue[1].body
    assert_accessible(officer)
    officer.get_by_role("link", name="1. Learner Safety", exact=True).click()
    # The overview being left says "read-only" too: wait for the section's own page.
    expect(officer).to_have_url(re.compile(r"/visits/\d+/sections/1/$"))
    expect(officer.get_by_text("This visit record is final and read-only.")).to_be_visible()
    assert officer.locator("textarea").count() == 0
    assert officer.locator("input[type=radio]").count() == 0
    expect(officer.get_by_role("button", name="Save", exact=True)).to_have_count(0)
    assert_accessible(officer)
