"""Riverside's lead links the 2025/26 draft to its Self-Assessment Report by web address and
attaches its Quality Improvement Plan as a file (after being told a web address must start
with https://), sees both listed, downloads the file, and removes the link after confirming.
axe at 1280 px and at 320 px on every page, which never scrolls sideways."""
import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from tests.assessments.test_evidence_files import PDF
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LEAD = "lead@riverside.example"
SAR = "https://www.riverside.example/quality/self-assessment-report-2025-26.pdf"


def check(page):
    """axe and reflow at 1280 px and at 320 px, back at 1280 px after."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_lead_links_the_sar_and_attaches_the_qip(demo, browser_page, login,
                                                     console_problems):
    page = browser_page
    login(page, LEAD, DEMO_PASSWORD)
    page.goto(f"/assessments/{demo.draft.pk}/sar-and-qip/")
    expect(page.get_by_role("heading", level=1,
                            name="Self-Assessment Report and Quality Improvement Plan")).to_be_visible()
    expect(page.get_by_text("None linked yet.")).to_be_visible()
    check(page)

    # A web address that is not one is refused beside the field, with what was typed kept.
    page.get_by_label("Self-Assessment Report (SAR)").check()
    page.get_by_label("Web address").fill("javascript:alert(1)")
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator("#id_url_1_error")).to_contain_text("starts with https:// or http://")
    expect(page.get_by_label("Web address")).to_have_value("javascript:alert(1)")
    refused = [p for p in console_problems if "status of 400" in p]
    assert len(refused) == 1, console_problems  # the refused form comes back as a 400
    console_problems[:] = [p for p in console_problems if p not in refused]
    check(page)

    page.get_by_label("Web address").fill(SAR)
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_text("Added Self-Assessment Report (SAR)")).to_be_visible()

    page.get_by_label("Quality Improvement Plan (QIP)").check()
    page.get_by_label("Or attach the file").set_input_files(
        files=[{"name": "QIP 2025-26.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Add the document").click()
    expect(page.get_by_text("Added Quality Improvement Plan (QIP)")).to_be_visible()

    listed = page.locator(".govuk-summary-list")
    link = listed.get_by_role("link", name=SAR)
    expect(link).to_have_attribute("href", SAR)
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(listed.get_by_role("link", name="QIP 2025-26.pdf")).to_be_visible()
    expect(listed.get_by_text("Added by")).to_have_count(2)
    check(page)

    with page.expect_download() as download:
        listed.get_by_role("link", name="QIP 2025-26.pdf").click()
    assert download.value.suggested_filename == "QIP 2025-26.pdf"

    # Removing asks first; "No, keep it" keeps it, "Yes, remove it" removes it.
    listed.get_by_role("button", name="Remove Self-Assessment Report (SAR)").click()
    expect(page.get_by_role("heading", level=1,
                            name="Remove the Self-Assessment Report (SAR)?")).to_be_visible()
    check(page)
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_text("Removed Self-Assessment Report (SAR)")).to_be_visible()
    expect(page.locator(".govuk-summary-list").get_by_role("link", name=SAR)).to_have_count(0)
    expect(page.get_by_role("link", name="QIP 2025-26.pdf")).to_be_visible()
    check(page)
