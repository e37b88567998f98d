"""The workflow modules are the one place state rules live: pages, fragments, exports and
``render_report`` agree with ``visible_to`` for every state and audience, and no template
compares a state string."""
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.urls import reverse

from assessments import services, workflow
from assessments.models import Assessment
from frameworks.models import Section
from reports import renderers
from reports.audience import COMMISSIONER, PROVIDER, hidden_from
from tests.assessments.conftest import rate
from visits import services as vs
from visits import workflow as visit_workflow
from visits.models import Visit

from .helpers import create_visit, observe, refreshed, shared_visit, visit_in

VISIT_STATES = ["preparing", "shared_with_provider", "visit_recorded", "judgements_shared",
                "final", "withdrawn_before_sharing", "withdrawn_after_sharing"]
# Each role and the copy render_report makes for people like them.
VISIT_AUDIENCES = {"provider_lead": PROVIDER, "partnership_officer": COMMISSIONER,
                   "la_commissioner": COMMISSIONER}
SELF_ASSESSMENT_STATES = ["draft_unshared", "draft_shared", "submitted"]
SELF_ASSESSMENT_AUDIENCES = {"provider_lead": PROVIDER, "la_commissioner": COMMISSIONER}


@pytest.fixture
def fast_pdf(monkeypatch):
    """Render the report templates to HTML instead of a PDF: the table is about who gets a
    copy, and WeasyPrint would make it minutes long."""
    def render(template, context, base_url=None):
        return b"%PDF-stub " + render_to_string(template, context).encode()
    monkeypatch.setattr(renderers, "render_pdf", render)


def withdrawn_before_sharing(world, frameworks):
    visit = create_visit(world, frameworks)
    observe(visit, world.users["partnership_officer"], phase="before_visit")
    return vs.visit_withdraw(visit=visit, by=world.users["partnership_officer"],
                             reason="The provider closed before we shared the record")


def withdrawn_after_sharing(world, frameworks):
    return vs.visit_withdraw(visit=shared_visit(world, frameworks),
                             by=world.users["partnership_officer"], reason="Closed")


def visit_for(world, frameworks, state):
    if state == "withdrawn_before_sharing":
        return withdrawn_before_sharing(world, frameworks)
    if state == "withdrawn_after_sharing":
        return withdrawn_after_sharing(world, frameworks)
    return visit_in(world, frameworks, state)


def render_report_ok(record, audience, tmp_path) -> bool:
    """Whether ``render_report`` writes the copy (a visit's id is given with ``--visit``)."""
    visit = ["--visit"] if isinstance(record, Visit) else []
    try:
        call_command("render_report", str(record.pk), "--out", str(tmp_path / "r.pdf"),
                     "--audience", audience, *visit, stdout=io.StringIO())
    except CommandError:
        return False
    return True


def status(client, name, *args):
    return client.get(reverse(name, args=args)).status_code


# The drift the workflow modules fixed ---------------------------------------------------


def test_a_visit_withdrawn_before_it_was_shared_is_hidden_from_the_provider_everywhere(
        world, frameworks, tmp_path):
    visit = refreshed(withdrawn_before_sharing(world, frameworks))
    lead = world.users["provider_lead"]
    assert not Visit.objects.visible_to(lead).filter(pk=visit.pk).exists()
    assert "withdrawn before it was shared" in hidden_from(visit, PROVIDER)
    with pytest.raises(CommandError, match="the provider cannot see it"):
        call_command("render_report", str(visit.pk), "--visit", "--out", str(tmp_path / "v.pdf"),
                     "--audience", "provider")
    assert not (tmp_path / "v.pdf").exists()


def test_a_visit_withdrawn_after_it_was_shared_stays_the_providers_to_see(world, frameworks):
    visit = refreshed(withdrawn_after_sharing(world, frameworks))
    assert Visit.objects.visible_to(world.users["provider_lead"]).filter(pk=visit.pk).exists()
    assert hidden_from(visit, PROVIDER) == ""


# Every state x audience: pages, fragments, exports and render_report agree -------------


@pytest.mark.parametrize("state", VISIT_STATES)
def test_visit_pages_exports_and_render_report_agree_with_visible_to(
        world, frameworks, client_for, fast_pdf, tmp_path, state):
    visit = refreshed(visit_for(world, frameworks, state))
    section = Section.objects.filter(framework=visit.framework).order_by("order").first()
    for role, audience in VISIT_AUDIENCES.items():
        user = world.users[role]
        visible = Visit.objects.visible_to(user).filter(pk=visit.pk).exists()
        client = client_for(user)
        where = f"{state} for {role}"
        assert status(client, "visits:overview", visit.pk) == (200 if visible else 404), where
        assert status(client, "reports:visit_pdf", visit.pk) == (
            200 if visible else 404), where
        for name, args in (("visits:section", (visit.pk, section.code)),
                           ("visits:history", (visit.pk,)),
                           ("reports:visit_csv", (visit.pk,))):
            assert (status(client, name, *args) == 404) == (not visible), (where, name)
        rendered = render_report_ok(visit, audience, tmp_path)
        if role == "la_commissioner":
            # The commissioner copy is also the visiting partnership's, who see a record
            # being prepared that the LA does not: what the LA sees, the copy covers.
            assert rendered or not visible, where
        else:
            assert rendered == visible, where
            assert (hidden_from(visit, audience) == "") == visible, where


def self_assessment_in(world, start, state):
    assessment = start("si-qaf")
    lead = world.users["provider_lead"]
    if state == "draft_shared":
        services.assessment_share(assessment=assessment, by=lead, shared=True)
    if state == "submitted":
        rate(assessment, lead, default="evidenced")
        services.assessment_submit(assessment=assessment, by=lead)
    return refreshed(assessment)


@pytest.mark.parametrize("state", SELF_ASSESSMENT_STATES)
def test_self_assessment_pages_exports_and_render_report_agree_with_visible_to(
        world, start, client_for, fast_pdf, tmp_path, state):
    assessment = self_assessment_in(world, start, state)
    for role, audience in SELF_ASSESSMENT_AUDIENCES.items():
        user = world.users[role]
        visible = Assessment.objects.visible_to(user).filter(pk=assessment.pk).exists()
        client = client_for(user)
        where = f"{state} for {role}"
        assert status(client, "assessments:overview", assessment.pk) == (
            200 if visible else 404), where
        assert status(client, "reports:assessment_pdf", assessment.pk) == (
            200 if visible else 404), where
        for name in ("assessments:summary", "assessments:history", "reports:assessment_csv"):
            assert (status(client, name, assessment.pk) == 404) == (not visible), (where, name)
        assert render_report_ok(assessment, audience, tmp_path) == visible, where
        assert (hidden_from(assessment, audience) == "") == visible, where


# The workflow modules themselves ---------------------------------------------------------


def test_every_state_belongs_to_one_workflow():
    assert set(Assessment.State.values) == workflow.STATES
    assert set(Visit.State.values) == visit_workflow.STATES
    assert not workflow.STATES & visit_workflow.STATES


@pytest.mark.parametrize("module", [workflow, visit_workflow])
def test_transitions_go_between_the_workflows_own_states(module):
    for transition in module.TRANSITIONS.values():
        assert transition.source <= module.STATES | {None}, transition.name
        assert transition.target is None or transition.target in module.STATES, transition.name


def test_a_service_cannot_make_a_move_the_table_lacks():
    with pytest.raises(visit_workflow.TransitionNotAllowed):
        visit_workflow.next_state("finalise", Visit.State.PREPARING)
    assert visit_workflow.next_state("withdraw", Visit.State.JUDGEMENTS_SHARED) == (
        Visit.State.WITHDRAWN)
    assert workflow.next_state("share", Assessment.State.DRAFT) == Assessment.State.DRAFT


# Templates read the workflow through the model, never a state string --------------------

# A state (an assessment's, an action's, a concern's, a commissioning link's) or a role or
# organisation kind compared in a template.
STATE_COMPARISON = re.compile(
    r"\b(state|status|kind|role)\s*(==|!=)|\.(state|status|kind|role)\s+(not\s+)?in\b")


def test_no_template_compares_a_state_or_role_string():
    templates = Path(settings.BASE_DIR) / "templates"
    found = [f"{path.relative_to(templates)}:{number}"
             for path in sorted(templates.rglob("*.html"))
             for number, line in enumerate(path.read_text().splitlines(), start=1)
             if STATE_COMPARISON.search(line)]
    assert found == []
