"""Reading the framework library in Chromium: the list, each framework, axe on every page."""
import pytest
from playwright.sync_api import expect

from frameworks.services import framework_load
from organisations.models import User
from tests.browser.conftest import assert_accessible
from tests.frameworks.conftest import DATA_FILES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "reader@frameworks.test"
PASSWORD = "frameworks-browser-password"
NAMES = {
    "integrated-ap-benchmarks": "IntegratED AP Quality Benchmark Toolkit",
    "leics-ap-visit": "Leicestershire QA Visit Record of Evidence and Evaluations",
    "si-qaf": "Supported Internship Quality Assurance Framework",
}


@pytest.fixture
def library(transactional_db):
    """The three shipped frameworks (already there when the session loaded them) and a reader."""
    for path in DATA_FILES.values():
        framework_load(path_or_text=path, filename=path.name)
    User.objects.create_user(email=EMAIL, password=PASSWORD)


def test_signed_in_user_reads_each_framework(browser_page, login, library):
    page = browser_page
    login(page, EMAIL, PASSWORD)

    page.get_by_role("link", name="Frameworks", exact=True).click()
    expect(page.get_by_role("heading", name="Frameworks", level=1)).to_be_visible()
    for name in NAMES.values():
        expect(page.get_by_role("heading", name=name, level=2)).to_be_visible()
    assert_accessible(page)

    for slug, name in NAMES.items():
        page.goto("/frameworks/")
        page.get_by_role("link", name=f"Version 1 of {name}").click()
        expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
        assert page.url.endswith(f"/frameworks/{slug}/1/")
        expect(page.get_by_role("heading", name="Rating scales", level=2)).to_be_visible()
        expect(page.get_by_role("heading", name="Corrections to the source text",
                                level=2)).to_be_visible()
        expect(page.get_by_role("link", name="Print this page")).to_be_visible()
        assert_accessible(page)

    # What each page shows of its own framework.
    page.goto("/frameworks/integrated-ap-benchmarks/1/")
    expect(page.get_by_role("heading", name="Community", level=2)).to_be_visible()
    expect(page.get_by_text("This is the portal's default scale: the source document defines "
                            "no rating scale.")).to_be_visible()
    page.goto("/frameworks/leics-ap-visit/1/")
    expect(page.get_by_role("heading", name="1. Learner Safety", level=3)).to_be_visible()
    expect(page.get_by_role("cell", name="Before the visit").first).to_be_visible()
    page.goto("/frameworks/si-qaf/1/")
    expect(page.get_by_role("heading", name="Prompts / Expected Practice").first).to_be_visible()


def test_the_printed_page_leaves_out_the_service_navigation(browser_page, login, library):
    page = browser_page
    login(page, EMAIL, PASSWORD)
    page.goto("/frameworks/si-qaf/1/")
    on_screen = [page.locator(".govuk-header"), page.locator(".govuk-service-navigation"),
                 page.get_by_role("link", name="Print this page")]
    for part in on_screen:  # shown on screen, so hiding them in print is the print rules' doing
        expect(part).to_be_visible()
    page.emulate_media(media="print")
    for part in on_screen:
        expect(part).to_be_hidden()
    expect(page.get_by_role("heading", name=NAMES["si-qaf"], level=1)).to_be_visible()
