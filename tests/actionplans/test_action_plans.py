"""Action plans: proposals from assessments, SMART validation, progress with history,
overdue marking, read-only for commissioners, last year's actions beside next year's sections."""
import datetime

import pytest
import time_machine
from django.urls import reverse

from actionplans import services
from actionplans.models import Action, ActionPlan
from frameworks.models import Section
from tests.assessments.conftest import rate, si_ratings

SOON = datetime.date.today() + datetime.timedelta(days=30)


def plan_url(world, period="2025-26"):
    return reverse("actionplans:plan", args=[world.provider.slug, period])


def make_action(world, frameworks, code="2", due=SOON, period="2025/26"):
    section = Section.objects.get(framework=frameworks["si-qaf"], code=code)
    return services.action_create(
        provider=world.provider, period=period, by=world.users["provider_lead"], section=section,
        area=section.title, smart_action="Run monthly employer forums with two new employers.",
        due_date=due, owner="Employer liaison officer",
        success_measure="Two employers sign placement agreements.")


def test_weak_sections_are_proposed_and_turning_one_into_an_action_keeps_the_link(
        world, start, client_for):
    lead = world.users["provider_lead"]
    assessment = start("si-qaf")
    rate(assessment, lead, si_ratings((6, 4, 6, 6, 6, 6)))
    client = client_for(lead)
    html = client.get(plan_url(world)).content.decode()
    assert "Areas your self-assessments propose" in html
    assert "2. Planning" in html and "4/6 evidenced" in html
    section = Section.objects.get(framework=assessment.framework, code="2")
    create = reverse("actionplans:action_create", args=[world.provider.slug, "2025-26"])
    form = client.get(f"{create}?section={section.pk}&assessment={assessment.pk}").content.decode()
    assert 'value="Planning"' in form
    due = SOON
    response = client.post(create, {
        "section": section.pk, "area": "Planning", "assessment": assessment.pk,
        "smart_action": "Job coaches carve two roles with the hospital by March.",
        "due_date_0": due.day, "due_date_1": due.month, "due_date_2": due.year,
        "owner": "Lead job coach", "success_measure": "Two carved roles in use."})
    assert response.status_code == 302
    action = Action.objects.get()
    assert action.source_assessment == assessment and action.section == section
    assert "4/6 evidenced" not in client.get(plan_url(world)).content.decode()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("smart_action", "", "Enter the SMART action."),
    ("success_measure", "", "Enter how success will be measured."),
    ("owner", "", "Enter who is responsible for the action."),
    ("due_date_2", "2020", "The date must be today or in the future."),
    ("area", "A" * 301, "The area for improvement must be 300 characters or fewer."),
    ("smart_action", "S" * 4001, "The SMART action must be 4,000 characters or fewer."),
    ("owner", "W" * 201, "Who is responsible must be 200 characters or fewer."),
    ("success_measure", "M" * 2001,
     "How you will know it has worked must be 2,000 characters or fewer."),
])
def test_an_action_must_stay_smart(world, frameworks, client_for, field, value, message):
    data = {"area": "Partnership", "smart_action": "Termly family forum.", "due_date_0": SOON.day,
            "due_date_1": SOON.month, "due_date_2": SOON.year, "owner": "Family liaison",
            "success_measure": "Attendance of 80% of families.", field: value}
    url = reverse("actionplans:action_create", args=[world.provider.slug, "2025-26"])
    html = client_for(world.users["provider_staff"]).post(url, data).content.decode()
    assert message in html
    assert "Termly family forum." in html or field == "smart_action"  # typed text kept
    assert not Action.objects.exists()


def test_progress_is_dated_with_history_and_dropping_needs_a_reason(world, frameworks, client_for):
    action = make_action(world, frameworks)
    client = client_for(world.users["provider_staff"])
    url = action.get_absolute_url()
    html = client.post(url, {"status": "dropped", "note": "Employer withdrew."}).content.decode()
    assert "Give the reason for dropping this action." in html
    client.post(url, {"status": "in_progress", "note": "First forum held on 3 March."})
    action.refresh_from_db()
    assert action.status == "in_progress"
    assert action.updates.get().created_by == world.users["provider_staff"]
    assert action.history.count() == 2
    assert "First forum held on 3 March." in client.get(url).content.decode()


def test_a_too_long_progress_note_or_outcome_says_the_limit(world, frameworks, client_for):
    action = make_action(world, frameworks)
    client = client_for(world.users["provider_lead"])
    html = client.post(action.get_absolute_url(), {
        "status": "dropped", "note": "N" * 4001, "dropped_reason": "R" * 2001}).content.decode()
    assert "The progress update must be 4,000 characters or fewer." in html
    assert "The reason for dropping the action must be 2,000 characters or fewer." in html
    edit = reverse("actionplans:action_edit", args=[action.pk])
    html = client.post(edit, {
        "area": action.area, "smart_action": action.smart_action, "owner": action.owner,
        "due_date_0": SOON.day, "due_date_1": SOON.month, "due_date_2": SOON.year,
        "success_measure": action.success_measure, "outcome": "O" * 4001}).content.decode()
    assert "The outcome must be 4,000 characters or fewer." in html
    assert not action.updates.exists()


def test_overdue_actions_are_marked_on_the_plan_and_the_list(world, frameworks, client_for):
    make_action(world, frameworks, due=datetime.date.today() + datetime.timedelta(days=5))
    client = client_for(world.users["la_commissioner"])
    assert "Overdue" not in client.get(plan_url(world)).content.decode()
    with time_machine.travel(datetime.date.today() + datetime.timedelta(days=10)):
        client = client_for(world.users["la_commissioner"])  # ten days on: a new session
        assert "Overdue" in client.get(plan_url(world)).content.decode()
        assert "1 overdue" in client.get(reverse("actionplans:list")).content.decode()


def test_commissioners_read_the_plan_but_cannot_change_it(world, frameworks, client_for):
    action = make_action(world, frameworks)
    client = client_for(world.users["la_commissioner"])
    html = client.get(plan_url(world)).content.decode()
    assert "Run monthly employer forums" in html and "Add an action" not in html
    assert client.post(action.get_absolute_url(), {"status": "done", "note": "x"}).status_code == 403
    assert client.get(reverse("actionplans:action_edit", args=[action.pk])).status_code == 403
    other = client_for(world.users["other_la_commissioner"])
    assert other.get(plan_url(world)).status_code == 404
    assert other.get(action.get_absolute_url()).status_code == 404


def test_next_years_section_shows_last_years_actions_and_outcomes(world, frameworks, start,
                                                                  client_for):
    action = make_action(world, frameworks, code="2", period="2024/25")
    services.action_progress_record(action=action, by=world.users["provider_lead"],
                                    note="Both employers signed.", status="done")
    Action.objects.filter(pk=action.pk).update(outcome="Two new placements from September.")
    this_year = start("si-qaf", period="2025/26")
    html = client_for(world.users["provider_lead"]).get(
        reverse("assessments:section", args=[this_year.pk, "2"])).content.decode()
    assert "Last year’s actions for Planning" in html
    assert "Two new placements from September." in html
    other = client_for(world.users["provider_lead"]).get(
        reverse("assessments:section", args=[this_year.pk, "3"])).content.decode()
    assert "Last year’s actions" not in other


@pytest.mark.parametrize("extra", [1, 25])
def test_plan_pages_do_not_grow_queries_with_actions(world, frameworks, client_for, extra,
                                                     django_assert_max_num_queries):
    for _ in range(extra):
        make_action(world, frameworks)
    client = client_for(world.users["la_commissioner"])
    with django_assert_max_num_queries(10):
        client.get(plan_url(world))
    with django_assert_max_num_queries(10):
        client.get(reverse("actionplans:list"))
    assert ActionPlan.objects.get().actions.count() == extra


@pytest.mark.parametrize("page", ["stage2", "plan"])
def test_every_label_on_the_add_an_action_page_is_bold(world, frameworks, start, client_for, page):
    url = (reverse("actionplans:stage2_action_create", args=[start("si-qaf").pk]) if page == "stage2"
           else reverse("actionplans:action_create", args=[world.provider.slug, "2025-26"]))
    html = client_for(world.users["provider_lead"]).get(url).content.decode()
    assert '<label for="id_section" class="govuk-label govuk-label--s">' in html
    assert "label_size" not in html
