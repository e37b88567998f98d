"""Starting next year's plan from the last: each open action of the provider's last plan is
carried forward (linked to its origin), closed as done or dropped with a reason, once; the page
validates what it is given, refuses those who may not keep the plan, and asks as many queries
for 20 open actions as for 2."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from actionplans import carry_forward, services, workflow
from actionplans.carry_forward import Choice, Decision
from actionplans.forms import ALREADY_DECIDED_ON_PAGE
from actionplans.models import Action, ActionPlan
from frameworks.models import Section

TODAY = datetime.date.today()
SOON = TODAY + datetime.timedelta(days=30)
LATER = TODAY + datetime.timedelta(days=200)


def make_action(world, frameworks, *, period="2024/25", code="2", area=None, provider=None,
                smart="Run monthly employer forums with two new employers."):
    section = Section.objects.get(framework=frameworks["si-qaf"], code=code)
    provider = provider or world.provider
    lead = (world.users["provider_lead"] if provider == world.provider
            else world.users["other_provider_lead"])
    return services.action_create(
        provider=provider, period=period, by=lead, section=section, area=area or section.title,
        smart_action=smart, due_date=SOON, owner="Employer liaison officer",
        success_measure="Two employers sign placement agreements.")


def page_url(world, period="2025-26"):
    return reverse("actionplans:carry_forward", args=[world.provider.slug, period])


def plan_url(world, period="2025-26"):
    return reverse("actionplans:plan", args=[world.provider.slug, period])


def carry(action, due=LATER):
    return {f"action_{action.pk}_decision": "carry", f"action_{action.pk}_due_date_0": due.day,
            f"action_{action.pk}_due_date_1": due.month, f"action_{action.pk}_due_date_2": due.year}


# The service -----------------------------------------------------------------------------

def test_the_open_actions_offered_are_those_of_the_last_plan_before_the_year(world, frameworks):
    older = make_action(world, frameworks, period="2023/24")
    first = make_action(world, frameworks, code="2")
    second = make_action(world, frameworks, code="6")
    done = make_action(world, frameworks, code="3")
    services.action_progress_record(action=done, by=world.users["provider_lead"],
                                    note="Forum held.", status=workflow.CLOSED_AS_DONE)
    make_action(world, frameworks, provider=world.other_provider)
    assert list(carry_forward.open_from_last_year(world.provider, "2025/26")) == [first, second]
    # The most recent earlier plan, whichever year: two years on, still 2024/25's.
    assert list(carry_forward.open_from_last_year(world.provider, "2026/27")) == [first, second]
    assert list(carry_forward.open_from_last_year(world.provider, "2024/25")) == [older]
    assert not carry_forward.open_from_last_year(world.provider, "2023/24").exists()
    assert carry_forward.last_plan_open(world.provider, "2025/26", user=world.users["provider_lead"]) \
        == ("2024/25", 2)


def test_carrying_forward_makes_a_linked_action_and_closes_the_original_with_a_note(
        world, frameworks):
    original = make_action(world, frameworks)
    lead = world.users["provider_staff"]
    plan = services.plan_for(world.provider, "2025/26")
    [new] = carry_forward.carry_forward(
        plan=plan, decisions=[Decision(original, Choice.CARRY, due_date=LATER)], by=lead)
    assert new.plan == plan and new.carried_from == original and new.due_date == LATER
    assert (new.area, new.section, new.smart_action, new.owner) == (
        original.area, original.section, original.smart_action, original.owner)
    assert workflow.is_open(new)
    assert new.history.get().history_user == lead
    assert new.history.get().history_change_reason == "Carried forward from 2024/25"
    original.refresh_from_db()
    assert not workflow.is_open(original)
    assert original.status == workflow.CLOSED_AS_CARRIED_FORWARD
    assert original.updates.get().note == "Carried forward to 2025/26"
    assert original.progress == "Carried forward to 2025/26"
    assert original.history.count() == 2 and original.history.first().history_user == lead
    assert list(original.carried_to.all()) == [new]
    assert not carry_forward.open_from_last_year(world.provider, "2025/26").exists()


def test_closing_as_done_and_dropping_go_through_the_progress_service(world, frameworks):
    done, dropped = make_action(world, frameworks, code="2"), make_action(world, frameworks, code="6")
    plan = services.plan_for(world.provider, "2025/26")
    made = carry_forward.carry_forward(plan=plan, by=world.users["provider_lead"], decisions=[
        Decision(done, Choice.CLOSE, note="Both employers signed."),
        Decision(dropped, Choice.DROP, reason="The employer closed its site.")])
    assert made == [] and not plan.actions.exists()
    done.refresh_from_db()
    dropped.refresh_from_db()
    assert done.status == workflow.CLOSED_AS_DONE and done.updates.get().note == "Both employers signed."
    assert dropped.status == workflow.CLOSED_AS_DROPPED
    assert dropped.dropped_reason == "The employer closed its site."


def test_an_action_is_decided_once_and_a_second_decision_is_refused(world, frameworks):
    original = make_action(world, frameworks)
    plan = services.plan_for(world.provider, "2025/26")
    lead = world.users["provider_lead"]
    carry_forward.carry_forward(plan=plan, decisions=[Decision(original, Choice.CARRY,
                                                               due_date=LATER)], by=lead)
    for choice in (Choice.CARRY, Choice.DROP):
        with pytest.raises(ValidationError) as refused:
            carry_forward.carry_forward(plan=plan, by=lead, decisions=[
                Decision(original, choice, due_date=LATER, reason="Again")])
        assert refused.value.messages == [carry_forward.ALREADY_DECIDED.format(action="Planning")]
    assert Action.objects.filter(carried_from=original).count() == 1
    with pytest.raises(ValidationError, match="more than one decision"):
        other = make_action(world, frameworks, code="6")
        carry_forward.carry_forward(plan=plan, by=lead, decisions=[
            Decision(other, Choice.CLOSE, note="Done"), Decision(other, Choice.DROP, reason="No")])


@pytest.mark.parametrize(("decision", "message"), [
    (dict(choice=Choice.CARRY), carry_forward.DUE_DATE_NEEDED),
    (dict(choice=Choice.CARRY, due_date=TODAY - datetime.timedelta(days=1)),
     carry_forward.DUE_DATE_IN_PAST),
    (dict(choice=Choice.CLOSE, note="  "), carry_forward.NOTE_NEEDED),
    (dict(choice=Choice.DROP), carry_forward.REASON_NEEDED),
])
def test_a_decision_without_what_it_needs_changes_nothing(world, frameworks, decision, message):
    first, second = make_action(world, frameworks, code="6"), make_action(world, frameworks)
    plan = services.plan_for(world.provider, "2025/26")
    with pytest.raises(ValidationError) as refused:
        carry_forward.carry_forward(plan=plan, by=world.users["provider_lead"], decisions=[
            Decision(first, Choice.CLOSE, note="Done."), Decision(second, **decision)])
    assert refused.value.messages == [message.format(action="Planning")]
    assert not plan.actions.exists()  # all or nothing: the first is not closed either
    assert all(workflow.is_open(a) for a in Action.objects.filter(plan__period="2024/25"))


def test_a_new_due_date_of_today_is_accepted(world, frameworks):
    original = make_action(world, frameworks)
    plan = services.plan_for(world.provider, "2025/26")
    [new] = carry_forward.carry_forward(plan=plan, by=world.users["provider_lead"], decisions=[
        Decision(original, Choice.CARRY, due_date=TODAY)])
    assert new.due_date == TODAY


@pytest.mark.parametrize("role", ["la_commissioner", "partnership_officer", "admin"])
def test_only_the_providers_own_people_may_carry_actions_forward(world, frameworks, role):
    original = make_action(world, frameworks)
    plan = services.plan_for(world.provider, "2025/26")
    with pytest.raises(PermissionDenied):
        carry_forward.carry_forward(plan=plan, by=world.users[role], decisions=[
            Decision(original, Choice.CARRY, due_date=LATER)])
    assert workflow.is_open(Action.objects.get(pk=original.pk))


# The page --------------------------------------------------------------------------------

def test_the_plan_page_offers_last_years_open_actions_and_the_page_decides_them(
        world, frameworks, client_for):
    first = make_action(world, frameworks, code="2")
    second = make_action(world, frameworks, code="6", smart="Track outcomes termly.")
    third = make_action(world, frameworks, code="3", smart="Termly family forum.")
    client = client_for(world.users["provider_lead"])
    html = client.get(plan_url(world)).content.decode()
    assert "3 open actions from 2024/25" in html
    assert f'href="{page_url(world)}"' in html
    page = client.get(page_url(world))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Open actions from 2024/25" in text
    for expected in ("2. Planning", "Track outcomes termly.", "Employer liaison officer",
                     SOON.strftime("%-d %B %Y"), "Carry forward", "Close as done", "Drop",
                     "New due date", "What was done", "Why drop it"):
        assert expected in text, expected
    response = client.post(page_url(world), {
        **carry(first), f"action_{second.pk}_decision": "close",
        f"action_{second.pk}_note": "Outcomes tracked each term.",
        f"action_{third.pk}_decision": "drop", f"action_{third.pk}_reason": "Families preferred calls."})
    assert response.status_code == 302 and response["Location"] == plan_url(world)
    html = client.get(plan_url(world)).content.decode()
    assert "3 actions decided: 1 carried forward, 1 closed as done, 1 dropped." in html
    assert "open actions from 2024/25" not in html and "Carried forward from 2024/25" in html
    new = ActionPlan.objects.get(provider=world.provider, period="2025/26").actions.get()
    assert new.carried_from == first


def test_some_actions_can_be_left_for_later(world, frameworks, client_for):
    first, second = make_action(world, frameworks, code="2"), make_action(world, frameworks, code="6")
    client = client_for(world.users["provider_staff"])
    assert client.post(page_url(world), carry(first)).status_code == 302
    assert "1 open action from 2024/25" in client.get(plan_url(world)).content.decode()
    assert list(carry_forward.open_from_last_year(world.provider, "2025/26")) == [second]


def test_deciding_again_from_an_old_copy_of_the_page_is_refused_with_a_message(
        world, frameworks, client_for):
    original = make_action(world, frameworks)
    client = client_for(world.users["provider_lead"])
    assert client.post(page_url(world), carry(original)).status_code == 302
    again = client.post(page_url(world), carry(original))
    assert again.status_code == 400
    assert ALREADY_DECIDED_ON_PAGE in again.content.decode()
    assert Action.objects.filter(carried_from=original).count() == 1


def test_nothing_chosen_is_shown_again_with_the_error(world, frameworks, client_for):
    make_action(world, frameworks)
    response = client_for(world.users["provider_lead"]).post(page_url(world), {})
    assert response.status_code == 400
    assert carry_forward.NOTHING_DECIDED in response.content.decode()
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in response.content.decode()


@pytest.mark.parametrize(("fields", "message"), [
    ({"decision": "carry"}, "Enter the new due date for “Planning”."),
    ({"decision": "carry", "due_date_0": "1", "due_date_1": "9", "due_date_2": "2020"},
     "The new due date for “Planning” must be today or in the future."),
    ({"decision": "carry", "due_date_0": "1", "due_date_1": "9", "due_date_2": "99999"},
     "The year must have 4 numbers."),
    ({"decision": "carry", "due_date_0": "9" * 30, "due_date_1": "9", "due_date_2": "2030"},
     "Enter a real date, for example 31 3 2027."),
    ({"decision": "carry", "due_date_0": "1", "due_date_1": "\x00", "due_date_2": "2030"},
     "Enter a real date, for example 31 3 2027."),
    ({"decision": "carry", "due_date_0": "30", "due_date_1": "2"},
     "Enter the day, month and year of the new due date for “Planning”."),
    ({"decision": "close"}, "Say what was done for “Planning”."),
    ({"decision": "close", "note": "a\x00b"}, "Null characters are not allowed."),
    ({"decision": "close", "note": "N" * 4001},
     "What was done for “Planning” must be 4,000 characters or fewer."),
    ({"decision": "drop", "reason": "   "}, "Give the reason for dropping “Planning”."),
    ({"decision": "drop", "reason": "R" * 2001},
     "The reason for dropping “Planning” must be 2,000 characters or fewer."),
    ({"decision": "done"}, "Choose carry forward, close as done or drop for “Planning”."),
    ({"decision": "carry\x00"}, "Choose carry forward, close as done or drop for “Planning”."),
])
def test_bad_input_is_shown_again_next_to_its_field_and_changes_nothing(
        world, frameworks, client_for, fields, message):
    original = make_action(world, frameworks)
    data = {f"action_{original.pk}_{key}": value for key, value in fields.items()}
    response = client_for(world.users["provider_lead"]).post(page_url(world), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert html.count(message) == 2  # in the summary and beside the field
    assert 'class="govuk-error-message"' in html
    assert workflow.is_open(Action.objects.get(pk=original.pk))
    assert not ActionPlan.objects.filter(period="2025/26").exists()


def test_an_invalid_textarea_is_marked_as_govuk_marks_one(world, frameworks, client_for):
    original = make_action(world, frameworks)
    html = client_for(world.users["provider_lead"]).post(page_url(world), {
        f"action_{original.pk}_decision": "drop"}).content.decode()
    assert 'class="govuk-textarea govuk-textarea--error' in html


@pytest.mark.parametrize("key", [f"action_{'9' * 30}_decision", "action_12345_decision"])
def test_a_decision_for_an_action_not_offered_is_refused(world, frameworks, client_for, key):
    make_action(world, frameworks)
    response = client_for(world.users["provider_lead"]).post(page_url(world), {key: "carry"})
    assert response.status_code == 400
    assert ALREADY_DECIDED_ON_PAGE in response.content.decode()


@pytest.mark.parametrize(("period", "status"), [
    ("99999999999999999999-26", 404), ("2025_26", 404), ("2025-26%00", 400)])
def test_a_year_that_is_not_one_is_not_found(world, frameworks, client_for, period, status):
    url = page_url(world).replace("2025-26", period)
    assert client_for(world.users["provider_lead"]).get(url).status_code == status


def test_with_nothing_open_the_page_says_so(world, frameworks, client_for):
    client = client_for(world.users["provider_lead"])
    html = client.get(page_url(world)).content.decode()
    assert "There are no open actions from an earlier plan left to decide." in html
    assert "open action" not in client.get(plan_url(world)).content.decode().replace(
        "no open actions", "")


# Permissions -----------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "status"), [
    ("provider_lead", 200), ("provider_staff", 200), ("other_provider_lead", 404),
    ("la_commissioner", 403), ("partnership_officer", 403), ("partnership_chair", 403),
    ("other_la_commissioner", 404), ("no_membership", 404), ("admin", 403),
])
def test_only_those_who_keep_the_plan_may_open_or_post_the_page(
        world, frameworks, client_for, role, status):
    original = make_action(world, frameworks)
    client = client_for(world.users[role])
    assert client.get(page_url(world)).status_code == status
    posted = client.post(page_url(world), carry(original)).status_code
    assert posted == (302 if status == 200 else status)
    assert Action.objects.filter(carried_from=original).exists() == (status == 200)


def test_a_commissioner_sees_no_notice_on_the_plan(world, frameworks, client_for):
    make_action(world, frameworks)
    html = client_for(world.users["la_commissioner"]).get(plan_url(world)).content.decode()
    assert "open action" not in html and "carry-forward" not in html


# Linked both ways ------------------------------------------------------------------------

def test_each_action_links_to_the_other_year(world, frameworks, client_for):
    original = make_action(world, frameworks)
    plan = services.plan_for(world.provider, "2025/26")
    [new] = carry_forward.carry_forward(plan=plan, by=world.users["provider_lead"], decisions=[
        Decision(original, Choice.CARRY, due_date=LATER)])
    for role in ("provider_lead", "la_commissioner"):
        client = client_for(world.users[role])
        html = client.get(new.get_absolute_url()).content.decode()
        assert "Carried forward from</dt>" in html
        assert f'<a class="govuk-link" href="{original.get_absolute_url()}">Planning</a> (2024/25)' in html
        html = client.get(original.get_absolute_url()).content.decode()
        assert "Carried forward to</dt>" in html
        assert f'<a class="govuk-link" href="{new.get_absolute_url()}">Planning</a> (2025/26)' in html
        assert "Carried forward to 2025/26" in html  # the progress note


# The notice for other apps' pages --------------------------------------------------------

@pytest.mark.parametrize(("role", "shown"), [("provider_lead", True), ("la_commissioner", False)])
def test_the_notice_tag_points_a_self_assessment_to_the_page(world, frameworks, role, shown):
    make_action(world, frameworks)
    request = RequestFactory().get("/")
    request.user = world.users[role]
    html = Template("{% load action_plan_tags %}{% carry_forward_notice provider period %}").render(
        Context({"request": request, "provider": world.provider, "period": "2025/26"}))
    assert ("1 open action from 2024/25" in html) == shown
    assert (f'href="{page_url(world)}"' in html) == shown


# Queries ---------------------------------------------------------------------------------

# Session, user, the user's roles, the provider, the open actions, the unread notifications
# in the header: whatever the number of actions.
PAGE_QUERIES = 6


@pytest.mark.parametrize("n", [2, 20])
def test_the_page_asks_as_many_queries_for_20_open_actions_as_for_2(
        world, frameworks, client_for, n, django_assert_num_queries):
    for i in range(n):
        make_action(world, frameworks, code=str(i % 6 + 1), area=f"Area {i}")
    client = client_for(world.users["provider_lead"])
    client.get(page_url(world))  # the first request of a session may write it
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(page_url(world))
    assert response.content.decode().count('value="carry"') == n


# The demo --------------------------------------------------------------------------------

def test_the_demo_carries_one_of_riversides_actions_forward_once(demo):
    from demo.seed_carry import seed_carried_action

    carried = Action.objects.get(carried_from__isnull=False)  # seeded with the demo
    assert carried.plan.provider == demo.riverside and carried.plan.period == "2025/26"
    assert carried.carried_from.plan == demo.plan and carried.section.code == "6"
    assert not workflow.is_open(carried.carried_from)
    assert seed_carried_action() is None  # idempotent
    assert Action.objects.filter(carried_from__isnull=False).count() == 1
    assert carry_forward.last_plan_open(demo.riverside, "2025/26", user=demo.user("riverside_lead")) \
        == ("2024/25", 1)
