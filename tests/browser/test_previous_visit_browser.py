"""A partnership officer prepares the next visit to Oakfield and sees, beside each requirement,
how it was rated at the previous visit and the actions raised from it, at 1280 and 320 px:
the page fits the window and passes axe."""
import datetime

import pytest
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from organisations.models import Commissioning, User
from tests.browser.conftest import assert_accessible, assert_no_horizontal_scroll
from visits import services
from visits.models import Visit
from visits.selectors import visit_framework

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 320])
def test_the_next_visit_shows_the_previous_visits_ratings(demo, browser_page, login, width):
    previous = Visit.objects.get(state="final")
    officer = User.objects.get(email="officer@nwleics-seip.example")
    link = Commissioning.objects.get(provider=previous.provider, commissioner=previous.commissioner)
    after = (previous.visited_on or previous.planned_visit_date) + datetime.timedelta(days=120)
    visit = services.visit_create(link=link, framework=visit_framework(),
                                  planned_visit_date=after, officers=[officer], by=officer)
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    login(page, "officer@nwleics-seip.example", DEMO_PASSWORD)
    page.goto(f"/visits/{visit.pk}/sections/1/")
    asides = page.get_by_role("complementary", name="at the previous visit")
    expect(asides.first).to_contain_text("At the previous visit")
    expect(page.get_by_text("Actions raised from it:").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
