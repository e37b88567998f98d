"""The page people see while the database is unavailable (503), in a real browser at 1280 px
and at 320 px: it passes axe and fits the window. It is the exact response the portal sends
(``qaportal.outage.unavailable_response``), shown in the browser on the portal's own origin
so its stylesheets load as they would."""
import pytest
from django.db import OperationalError
from django.test import RequestFactory
from playwright.sync_api import expect

from qaportal.outage import unavailable_response
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_unavailable_page_passes_axe_and_fits_the_window(browser_page, width):
    response = unavailable_response(RequestFactory().get("/"),
                                    OperationalError("connection refused"))
    assert response.status_code == 503
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accessibility/")  # the portal's origin, so /static/ resolves
    page.set_content(response.content.decode())
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sorry, the service is unavailable")
    expect(page.get_by_text("Try again in a few minutes.")).to_be_visible()
    assert page.evaluate(
        "getComputedStyle(document.querySelector('h1')).fontFamily").lower().startswith("arial")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
