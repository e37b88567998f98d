"""An administrator imports providers in a real browser, at 1280 px and at 320 px: from the
providers list to the upload page, downloads the template, uploads a file with a problem and
sees it named by row and column beside the file field (nothing saved), uploads the corrected
file from that page, checks the preview and confirms. Every page passes axe and fits the
window; so does the page of a provider it added, with its UKPRN and address."""
from pathlib import Path

import pytest
from playwright.sync_api import expect

from organisations.models import Commissioning, Organisation
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 320])
def test_an_administrator_imports_providers_through_the_preview(
        world, browser_page, login, width, tmp_path):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "admin@service.test", PASSWORD)
    page.goto("/organisations/")
    page.get_by_role("link", name="Import providers from a file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import organisations")
    _checked(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="download the template (CSV)").click()
    template = Path(download.value.path()).read_text(encoding="utf-8-sig")
    header, *examples = template.strip().splitlines()
    assert header == "name,provider_type,urn,ukprn,address,postcode,la_area,commissioned_by"
    assert len(examples) == 2

    broken = tmp_path / "providers-with-a-problem.csv"
    broken.write_text(template.replace("LE2 7AB", "nowhere"), encoding="utf-8")
    page.get_by_label("Upload a file").set_input_files(str(broken))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#import-errors")).to_contain_text("Row 3, column F (postcode): ")
    expect(page.locator("#id_file-error")).to_contain_text("The file has 1 problem")
    expect(page.get_by_role("button", name="Confirm and import")).to_have_count(0)
    _checked(page)
    assert not Organisation.objects.filter(urn="999001").exists()

    good = tmp_path / "providers.csv"
    good.write_text(template, encoding="utf-8")
    page.get_by_label("Upload a file").set_input_files(str(good))
    page.get_by_role("button", name="Check the file").click()
    counts = page.locator("#import-counts")
    expect(counts.locator(".govuk-summary-list__row", has_text="Organisations to add")
           .locator("dd")).to_have_text("2")
    expect(page.locator("#import-added")).to_contain_text("Example Supported Internships")
    _checked(page)
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "providers.csv imported: 2 organisations added; 1 commissioning link added.")
    _checked(page)
    assert Organisation.objects.filter(urn="999001").exists()
    assert Commissioning.objects.filter(provider__ukprn="19999001").count() == 1

    # The provider's page shows what the file gave it.
    page.goto(Organisation.objects.get(ukprn="19999001").get_absolute_url())
    expect(page.locator(".govuk-summary-list").first).to_contain_text("19999001")
    expect(page.locator(".govuk-summary-list").first).to_contain_text("LE2 7AB")
    _checked(page)
