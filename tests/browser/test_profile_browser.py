"""An LA commissioner opens the profile of a provider the demo's partnership visited, at
1280 px and at 320 px: the visit's judgements are there as words, the page fits the window
and passes axe."""
import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from organisations.models import Organisation
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_a_commissioner_reads_a_providers_profile(demo, browser_page, login, width):
    oakfield = Organisation.objects.get(name="Oakfield Alternative Provision")
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto(f"/dashboard/providers/{oakfield.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(oakfield.name)
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumbs.get_by_role("link", name="Provider dashboard")).to_have_count(1)

    visits = page.get_by_role("table", name="QA visits to Oakfield Alternative Provision")
    expect(visits).to_be_visible()
    expect(visits.get_by_text("Learner Safety:")).to_have_count(1)
    expect(visits.locator(".app-rag--red").first).to_have_text("Red")
    expect(page.get_by_role("heading", name="Causes for concern and decisions")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    visits.get_by_role("link", name="Red").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Learner Safety")
