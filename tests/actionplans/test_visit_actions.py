"""Actions from a finalised QA visit (the demo's visit to Oakfield) keep their link to the
requirement or section they came from, on the plan page and on each action's page."""
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from actionplans.models import Action, ActionPlan
from actionplans.services import TO_BE_AGREED
from assessments import services as assessment_services
from tests.list_data import visit
from visits.models import Visit


def test_the_plan_page_says_where_each_visit_action_came_from(demo, client_for):
    html = client_for(demo.user("oakfield_lead")).get(
        reverse("actionplans:plan", args=["oakfield-ap", "2025-26"])).content.decode()
    assert html.count("From the QA visit of 18 June 2026, requirement ") == 3
    assert "From the QA visit of 18 June 2026, section 1" in html


def test_an_action_links_to_the_visit_and_quotes_the_requirement(demo, client_for):
    action = Action.objects.get(source_visit=demo.visit, criterion__code="1.2")
    html = client_for(demo.user("oakfield_lead")).get(action.get_absolute_url()).content.decode()
    link = re.search(r'<dt class="govuk-summary-list__key">Came from</dt>'
                     r'<dd class="govuk-summary-list__value"><a class="govuk-link" href="([^"]+)">'
                     r'The QA visit of 18 June 2026, requirement 1.2</a>', html)
    assert link and link.group(1) == demo.visit.get_absolute_url()
    # Requirement 1.2 as the visit record words it: its title and what to examine.
    assert "<strong>1.2 Examine evidence</strong>" in html
    assert "<li>The single central record</li>" in html


def test_an_action_from_an_unshared_draft_and_its_link_wait_for_sharing(demo, client_for):
    # Riverside's 2025/26 draft is not shared: its commissioner sees neither the draft nor the
    # actions drawn from it; once shared, the action links to the draft.
    action = Action.objects.filter(plan__provider=demo.riverside).first()
    action.source_assessment = demo.draft
    action.save()
    client = client_for(demo.user("leics_commissioner"))
    assert client.get(action.get_absolute_url()).status_code == 404
    assessment_services.assessment_share(assessment=demo.draft, by=demo.user("riverside_lead"),
                                         shared=True)
    html = client.get(action.get_absolute_url()).content.decode()
    assert "The Supported Internship Quality Assurance Framework 2025/26, section " in html
    assert f'href="{demo.draft.get_absolute_url()}"' in html


def test_an_action_from_a_visit_is_seen_by_whoever_sees_the_visit(world, frameworks):
    made = visit(world, frameworks, world.provider, state=Visit.State.PREPARING, day=None)
    plan = ActionPlan.objects.create(provider=world.provider, period="2025/26")
    action = Action.objects.create(plan=plan, area="Safeguarding", smart_action="Audit the SCR.",
                                   owner=TO_BE_AGREED, source_visit=made,
                                   created_by=world.users["partnership_officer"])
    lead, officer = world.users["provider_lead"], world.users["partnership_officer"]
    assert not Action.objects.visible_to(lead).filter(pk=action.pk).exists()  # being prepared
    assert Action.objects.visible_to(officer).filter(pk=action.pk).exists()
    Visit.objects.filter(pk=made.pk).update(state=Visit.State.FINAL)
    assert Action.objects.visible_to(lead).filter(pk=action.pk).exists()
    assert (action.source, action.source_description) == (made, "QA visit, 2025/26")


def test_an_action_comes_from_a_self_assessment_or_a_visit_never_both(world, frameworks, start):
    made = visit(world, frameworks, world.provider, state=Visit.State.FINAL, day=None)
    plan = ActionPlan.objects.create(provider=world.provider, period="2025/26")
    action = Action(plan=plan, area="Safeguarding", smart_action="Audit the SCR.",
                    owner=TO_BE_AGREED, source_visit=made, source_assessment=start("si-qaf"),
                    created_by=world.users["partnership_officer"])
    with pytest.raises(ValidationError, match="not both"):
        action.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()
