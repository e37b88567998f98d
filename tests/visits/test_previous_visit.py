"""A new QA visit shows, beside each requirement, its rating at the provider's previous visit
and the actions raised from it with their status — only to those who may see that visit's
findings, in a fixed number of queries."""
import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionplans.models import Action
from visits import services as vs
from visits.models import VisitAnswer

from .helpers import (
    agree_all,
    create_visit,
    judge,
    link_for,
    observe,
    recorded_visit,
    scale,
    shared_visit,
)

LAST_YEAR = datetime.date(2025, 3, 12)  # 2024/25
PAST_DUE = datetime.date(2025, 6, 30)
ACTION_TEXT = "Add the missing DBS dates to the single central record."
MARK = "At the previous visit"


def last_years_visit(world, frameworks, *, until="final"):
    """A 2024/25 visit in which requirement 1.2 was Amber with an action point, recorded (and,
    by default, its judgements shared and finalised, which raises the action)."""
    officer = world.users["partnership_officer"]
    visit = vs.visit_create(link=link_for(world), framework=frameworks["leics-ap-visit"],
                            planned_visit_date=LAST_YEAR, officers=[officer], by=officer)
    observe(visit, officer, phase="before_visit")
    vs.visit_share_with_provider(visit=visit, by=officer)
    observe(visit, officer, phase="at_visit")
    response = visit.responses.get(criterion__code="1.2")
    vs.requirement_record(response=response, by=officer, expected_revision=response.revision,
                          level=scale(visit)["amber"], observer_notes="Two DBS dates missing.",
                          action_points=ACTION_TEXT, internal_notes="")
    for code in "1234":
        judge(visit, officer, code, "amber" if code == "1" else "green")
    vs.visit_mark_recorded(visit=visit, by=officer, visited_on=LAST_YEAR)
    if until == "visit_recorded":
        return visit
    vs.visit_share_judgements(visit=visit, by=officer, today=datetime.date(2025, 3, 13))
    if until == "judgements_shared":
        return visit
    vs.visit_respond(visit=visit, by=world.users["provider_lead"], response="Agreed.",
                     today=datetime.date(2025, 3, 14))
    vs.visit_finalise(visit=visit, by=officer, agreed=agree_all(visit))
    # The action raised at finalising: still open, and past its date.
    Action.objects.filter(source_visit=visit, criterion__code="1.2").update(
        due_date=PAST_DUE, status=Action.Status.IN_PROGRESS)
    return visit


def requirement_block(html: str, code: str) -> str:
    """The markup of one requirement on a section or evidence page."""
    start = html.index(f'id="requirement-{code}"')
    end = html.find('id="requirement-', start + 1)
    return html[start:end] if end != -1 else html[start:]


def section_page(client, visit, code="1"):
    response = client.get(reverse("visits:section", args=[visit.pk, code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_officer_sees_last_visits_amber_and_its_overdue_action_beside_the_requirement(
        world, frameworks, client_for):
    previous = last_years_visit(world, frameworks)
    visit = create_visit(world, frameworks)  # 2025/26
    html = section_page(client_for(world.users["partnership_officer"]), visit)
    block = requirement_block(html, "1.2")
    assert f"{MARK} (12 March 2025)" in block
    assert '<strong class="app-rag app-rag--amber">Amber</strong>' in block
    previous_section = reverse("visits:section", args=[previous.pk, "1"])
    assert f'href="{previous_section}#requirement-1.2"' in block
    action = Action.objects.get(source_visit=previous, criterion__code="1.2")
    assert f'href="{action.get_absolute_url()}"' in block
    assert ACTION_TEXT in block
    assert "In progress, <strong>overdue</strong>" in block
    # The other requirements were Green, with no action raised from them.
    other = requirement_block(html, "1.1")
    assert "app-rag--green" in other and "overdue" not in other and ACTION_TEXT not in other


def test_a_done_action_shows_its_status_and_is_not_overdue(world, frameworks, client_for):
    previous = last_years_visit(world, frameworks)
    Action.objects.filter(source_visit=previous).update(status=Action.Status.DONE)
    visit = create_visit(world, frameworks)
    block = requirement_block(section_page(client_for(world.users["partnership_officer"]), visit),
                              "1.2")
    assert ACTION_TEXT in block and "Done" in block and "overdue" not in block


def test_a_requirement_with_no_previous_rating_shows_nothing_extra(world, frameworks, client_for):
    previous = last_years_visit(world, frameworks)
    # As a requirement new in a later framework version would be: no rating last time.
    VisitAnswer.objects.filter(visit=previous, criterion__code="1.1").update(level=None)
    visit = create_visit(world, frameworks)
    html = section_page(client_for(world.users["partnership_officer"]), visit)
    assert MARK not in requirement_block(html, "1.1")
    assert MARK in requirement_block(html, "1.2")


def test_a_first_visit_shows_no_previous_visit(world, frameworks, client_for):
    visit = create_visit(world, frameworks)
    assert MARK not in section_page(client_for(world.users["partnership_officer"]), visit)


def test_a_later_or_withdrawn_visit_is_never_the_previous_one(world, frameworks, client_for):
    previous = last_years_visit(world, frameworks)
    withdrawn = recorded_visit(world, frameworks)  # judged on 12 March 2026, then withdrawn
    vs.visit_withdraw(visit=withdrawn, by=world.users["partnership_officer"], reason="Closed")
    client = client_for(world.users["partnership_officer"])
    # Last year's own page looks back on nothing: the only other visits are later.
    assert MARK not in section_page(client, previous)
    later = vs.visit_create(link=link_for(world), framework=frameworks["leics-ap-visit"],
                            planned_visit_date=datetime.date(2026, 9, 10),
                            officers=[world.users["partnership_officer"]],
                            by=world.users["partnership_officer"])
    # The withdrawn visit in between does not count: last year's is still the previous one.
    assert f"{MARK} (12 March 2025)" in section_page(client, later)


def test_the_provider_never_sees_a_previous_judgement_not_yet_shared_with_it(
        world, frameworks, client_for):
    last_years_visit(world, frameworks, until="visit_recorded")
    visit = shared_visit(world, frameworks)  # the provider may open this one
    officer = client_for(world.users["partnership_officer"])
    assert MARK in section_page(officer, visit)  # the partnership sees its own judgement
    for role in ["provider_lead", "provider_staff"]:
        client = client_for(world.users[role])
        for name in ["visits:section", "visits:evidence"]:
            page = client.get(reverse(name, args=[visit.pk, "1"]))
            assert page.status_code == 200
            html = page.content.decode()
            assert MARK not in html and "app-rag--amber" not in html


def test_the_provider_sees_the_previous_judgement_once_it_is_shared(world, frameworks,
                                                                    client_for):
    last_years_visit(world, frameworks, until="judgements_shared")
    visit = shared_visit(world, frameworks)
    block = requirement_block(section_page(client_for(world.users["provider_lead"]), visit), "1.2")
    assert f"{MARK} (12 March 2025)" in block and "app-rag--amber" in block


def test_the_section_page_reads_as_many_queries_with_one_or_six_previous_actions(
        world, frameworks, client_for):
    previous = last_years_visit(world, frameworks)
    visit = create_visit(world, frameworks)
    client = client_for(world.users["partnership_officer"])
    section_page(client, visit)  # warm up: the session, the user
    with CaptureQueriesContext(connection) as one:
        section_page(client, visit)
    first = Action.objects.get(source_visit=previous, criterion__code="1.2")
    criteria = {r.criterion.code: r.criterion for r in previous.responses.select_related("criterion")}
    for n, code in enumerate(["1.1", "1.2", "1.3", "1.4", "1.1"]):
        Action.objects.create(
            plan=first.plan, section=first.section, area=first.area, source_visit=previous,
            criterion=criteria[code], smart_action=f"Extra action number {n}", owner="Head",
            due_date=PAST_DUE, created_by=world.users["partnership_officer"])
    assert Action.objects.filter(source_visit=previous).count() == 6
    with CaptureQueriesContext(connection) as six:
        html = section_page(client, visit)
    assert all(f"Extra action number {n}" in html for n in range(5))
    assert len(six) == len(one), [q["sql"] for q in six.captured_queries]
    # However many requirements the section has, the actions are read once.
    assert sum('"actionplans_action"' in q["sql"] for q in six.captured_queries) == 1
