"""Input that once gave a server error (found by fuzzing) now gets a form error beside the
field, a 404 or a 400, on SQLite and PostgreSQL alike."""
import pytest
from django.urls import reverse

from actionplans.forms import SECTION_REQUIRED
from core.forms import DATE_NOT_REAL
from tests.visits.helpers import create_visit, recorded_visit
from visits.models import Concern

HUGE = "9999999999999999999999999"
ACTION = {"area": "Attendance", "smart_action": "Daily first-day calls.", "owner": "Officer",
          "success_measure": "Attendance above 90%."}


def huge_date(name):
    return {f"{name}_0": HUGE, f"{name}_1": "3", f"{name}_2": "2027"}


def assert_error_beside_field(response, field, message):
    """The GOV.UK error message by the field and the same message in the error summary."""
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html and f'href="#id_{field}' in html
    assert html.count(message) >= 2


@pytest.fixture
def officer(world, client_for):
    return client_for(world.users["partnership_officer"])


def test_a_huge_day_in_an_action_date_is_a_form_error(world, client_for):
    client = client_for(world.users["provider_lead"])
    url = reverse("actionplans:action_create", args=[world.provider.slug, "2025-26"])
    response = client.post(url, {**ACTION, **huge_date("due_date")})
    assert_error_beside_field(response, "due_date", DATE_NOT_REAL.format(example="31 3 2027"))


def test_a_huge_day_in_a_stage2_action_date_is_a_form_error(world, start, client_for):
    client = client_for(world.users["provider_lead"])
    url = reverse("actionplans:stage2_action_create", args=[start().pk])
    response = client.post(url, {**ACTION, "section": "", **huge_date("due_date")})
    assert_error_beside_field(response, "due_date", DATE_NOT_REAL.format(example="31 3 2027"))
    assert_error_beside_field(response, "section", SECTION_REQUIRED)


def test_a_stage2_action_without_a_section_is_a_form_error(world, start, client_for):
    client = client_for(world.users["provider_lead"])
    url = reverse("actionplans:stage2_action_create", args=[start().pk])
    response = client.post(url, {**ACTION, "due_date_0": "1", "due_date_1": "1",
                                 "due_date_2": "2099"})
    assert_error_beside_field(response, "section", SECTION_REQUIRED)


def test_a_huge_day_in_a_new_visits_date_is_a_form_error(world, frameworks, officer):
    response = officer.post(reverse("visits:create"), {
        **huge_date("planned_visit_date"), "officers": [world.users["partnership_officer"].pk]})
    assert_error_beside_field(response, "planned_visit_date",
                              DATE_NOT_REAL.format(example="12 3 2026"))


def test_a_huge_day_on_the_visit_team_page_is_a_form_error(world, frameworks, officer):
    visit = create_visit(world, frameworks)
    response = officer.post(reverse("visits:setup", args=[visit.pk]), {
        **huge_date("planned_visit_date"), "officers": [world.users["partnership_officer"].pk]})
    assert_error_beside_field(response, "planned_visit_date",
                              DATE_NOT_REAL.format(example="12 3 2026"))


def test_a_huge_day_in_the_chairs_review_date_is_a_form_error(world, frameworks, client_for):
    concern = Concern.objects.get(
        visit=recorded_visit(world, frameworks, judgements={"1": "red"}))
    response = client_for(world.users["partnership_chair"]).post(concern.get_absolute_url(), {
        "decision": "continue_with_conditions", "reasons": "Improving.",
        "conditions": "Monthly reports.", **huge_date("review_date")})
    assert_error_beside_field(response, "review_date", DATE_NOT_REAL.format(example="30 6 2026"))


@pytest.mark.parametrize("field", ["officers", "key_sections"])
def test_a_huge_id_among_a_visits_choices_is_a_form_error(world, frameworks, officer, field):
    data = {"planned_visit_date_0": "12", "planned_visit_date_1": "3",
            "planned_visit_date_2": "2026", "officers": [world.users["partnership_officer"].pk]}
    data[field] = [*data.get(field, []), HUGE]
    response = officer.post(reverse("visits:create"), data)
    assert response.status_code == 200 and field in response.context["form"].errors


@pytest.mark.parametrize("value", ["abc", "1.5", "²", HUGE])
def test_removing_a_file_that_is_no_id_is_ignored(world, start, client_for, value):
    client = client_for(world.users["provider_lead"])
    response = client.post(reverse("assessments:section", args=[start().pk, "1"]),
                           {"remove_file": value})
    assert response.status_code == 302


@pytest.mark.parametrize("value", ["²", HUGE])
def test_an_id_in_the_address_that_is_no_id_is_ignored(world, frameworks, client_for, value):
    lead = client_for(world.users["provider_lead"])
    url = reverse("actionplans:action_create", args=[world.provider.slug, "2025-26"])
    assert lead.get(url, {"section": value}).status_code == 200
    assert lead.get(url, {"assessment": value}).status_code == 200
    officer = client_for(world.users["partnership_officer"])
    assert officer.get(reverse("visits:create"), {"link": value}).status_code == 200


@pytest.mark.parametrize("url", [
    "/assessments/{draft}/sections/%00/",
    "/visits/{visit}/sections/1%00/",
    "/frameworks/si-qaf/1%00/",
    "/organisations/?q=a%00b",
    "/action-plans/assessments/{draft}/actions/new/?section=1%00",
    "/assessments/?year=%00",
])
def test_a_nul_in_the_address_is_a_bad_request(world, frameworks, start, client_for, url):
    visit = create_visit(world, frameworks)
    client = client_for(world.users["admin"])
    response = client.get(url.format(draft=start().pk, visit=visit.pk))
    assert response.status_code == 400
    assert "Sorry, there is a problem with the request" in response.content.decode()


def test_a_nul_in_the_address_is_refused_even_when_signed_out(client):
    assert client.get("/organisations/%00/").status_code == 400
