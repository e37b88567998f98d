"""Riverside's lead sends progress for 12 learners in a real browser; Leicestershire's
commissioner refuses two with a reason and accepts the other ten; the outcomes dashboard
counts exactly the ten, and Riverside reads the reason beside each refused row. At 1280 px and
at 320 px, every page passing axe and fitting the window."""
import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from organisations.models import Organisation, User
from outcomes.aggregates import Filters, base_rows
from outcomes.models import GoalOutcome
from outcomes.progress_models import ProgressRow
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from tests.outcomes.helpers import progress_file, shared_learners

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REASON = "No annual review was held for this learner in 2025/26."


def _checked(page):
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()


@pytest.mark.parametrize("width", [1280, 320])
def test_riverside_sends_progress_and_leicestershire_accepts_ten_and_refuses_two(
        demo, outcome_scheme, browser_page, console_problems, login, width, tmp_path):
    leics = Organisation.objects.get(slug="leicestershire-cc")
    commissioner = User.objects.get(email="commissioner@leics.example")
    shared_learners(leics, demo.riverside, commissioner, 12, prefix="LE")
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})

    login(page, "lead@riverside.example", DEMO_PASSWORD)
    page.goto("/outcomes/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress from providers")
    _checked(page)
    page.get_by_role("link", name="Send progress").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send progress")
    _checked(page)
    sheet = tmp_path / "riverside-progress.csv"
    sheet.write_bytes(progress_file(12, prefix="LE").csv_bytes())
    page.get_by_label("Upload a file").set_input_files(str(sheet))
    page.get_by_role("button", name="Check the file").click()
    counts = page.locator("#progress-counts")
    expect(counts.locator(".govuk-summary-list__row", has_text="Rows to send")
           .locator("dd")).to_have_text("12")
    _checked(page)
    page.get_by_role("button", name=f"Send to {leics.name}").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "riverside-progress.csv sent to")
    _checked(page)
    assert not GoalOutcome.objects.filter(academic_year="2025/26").exists()
    _sign_out(page)

    login(page, "commissioner@leics.example", DEMO_PASSWORD)
    page.goto("/outcomes/progress/")
    _checked(page)
    page.get_by_role("link", name="riverside-progress.csv").click()
    # Refusing with no reason is refused, next to the reason box.
    page.get_by_label("Row 2, LE-0001").check()
    page.get_by_role("button", name="Refuse the chosen rows").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why")
    _checked(page)
    # The page with the error is answered 400, which the browser logs: expected here.
    console_problems[:] = [p for p in console_problems if "400 (Bad Request)" not in p]
    page.get_by_label("Row 2, LE-0001").check()
    page.get_by_label("Row 3, LE-0002").check()
    page.get_by_label("Why are they refused?").fill(REASON)
    page.get_by_role("button", name="Refuse the chosen rows").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2 rows refused")
    page.get_by_role("button", name="Accept all 10 rows waiting").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("10 rows accepted")
    _checked(page)
    assert base_rows(commissioner, Filters(year="2025/26")).count() == 10

    page.goto("/dashboard/outcomes/?year=2025%2F26")
    by_provider = page.locator("table:has(#outcomes-provider-caption)")
    riverside = by_provider.locator("tr", has_text=demo.riverside.name)
    expect(riverside.locator("td").nth(1)).to_have_text("10")  # goals, after learners
    _checked(page)
    _sign_out(page)

    login(page, "lead@riverside.example", DEMO_PASSWORD)
    page.goto("/outcomes/progress/")
    page.get_by_role("link", name="riverside-progress.csv").click()
    refused = page.locator("tr", has_text="LE-0001")
    expect(refused).to_contain_text("Refused")
    expect(refused).to_contain_text(REASON)
    expect(page.locator("tr", has_text="LE-0003")).to_contain_text("Accepted")
    expect(page.get_by_role("button", name="Refuse the chosen rows")).to_have_count(0)
    _checked(page)
    assert ProgressRow.objects.filter(status=ProgressRow.Status.REFUSED).count() == 2
