"""The SI QAF Stage 2 rule: at or below the threshold every section below the maximum needs a
complete SMART action (area, action, when and who) that is not dropped — through the Stage 2
form, the rule itself, and submitting."""
import datetime
import re

import pytest
from django.urls import reverse

from actionplans import services
from actionplans.forms import DUE_DATE_REQUIRED, SECTION_REQUIRED
from actionplans.models import Action
from actionplans.selectors import sections_with_complete_actions
from actionplans.submission_checks import ACTION_NEEDED
from assessments.models import Assessment
from frameworks.models import Section
from tests.assessments.conftest import rate, si_ratings

SOON = datetime.date.today() + datetime.timedelta(days=30)
# Section 3 (Delivery) at 5/6: 35 of 36, at the threshold, so it needs an action.
RATINGS = si_ratings((6, 6, 5, 6, 6, 6))


@pytest.fixture
def draft(world, start):
    assessment = start("si-qaf")
    rate(assessment, world.users["provider_lead"], RATINGS)
    return assessment


def section(draft, code="3"):
    return Section.objects.get(framework=draft.framework, code=code)


def stage2_post(draft, **changes):
    """A complete Stage 2 action for section 3, with ``changes`` (None drops a field)."""
    data = {"section": section(draft).pk, "area": "Delivery",
            "smart_action": "Job coaches carve two roles with the hospital by March.",
            "due_date_0": SOON.day, "due_date_1": SOON.month, "due_date_2": SOON.year,
            "owner": "Lead job coach", "success_measure": "Two carved roles in use."}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def error_next_to(html: str, field_id: str) -> str:
    """The GOV.UK error message shown with the field: the error element in the field's form
    group that the field (or its fieldset) names in ``aria-describedby``."""
    found = re.search(rf'<span id="({field_id}_\d+_error)" class="govuk-error-message">\s*'
                      r'<span class="govuk-visually-hidden">Error:</span>(.*?)</span>', html, re.S)
    assert found, f"no error message shown next to {field_id}"
    assert re.search(rf'aria-describedby="[^"]*\b{found.group(1)}\b', html)
    return re.sub(r"<[^>]+>|\s+", " ", found.group(2)).strip()


def add_action(world, draft, *, due_date=SOON):
    return services.stage2_action_create(
        assessment=draft, by=world.users["provider_lead"], section=section(draft), area="Delivery",
        smart_action="Job coaches carve two roles with the hospital by March.",
        due_date=due_date, owner="Lead job coach", success_measure="Two carved roles in use.")


def drop(world, action):
    services.action_progress_record(action=action, by=world.users["provider_lead"],
                                    note="The hospital withdrew.", status="dropped",
                                    dropped_reason="No hospital placements this year.")


# Through the Stage 2 form ----------------------------------------------------------------

# The error summary links to the box to correct: a date's Day box, the section's select.
@pytest.mark.parametrize(("missing", "field_id", "summary_link", "message"), [
    ({"due_date_0": None, "due_date_1": None, "due_date_2": None}, "id_due_date",
     "id_due_date_0", DUE_DATE_REQUIRED),
    ({"section": None}, "id_section", "id_section", SECTION_REQUIRED),
], ids=["no due date", "no section"])
def test_the_stage2_form_asks_for_a_missing_date_or_section_and_saves_nothing(
        world, draft, client_for, missing, field_id, summary_link, message):
    url = reverse("actionplans:stage2_action_create", args=[draft.pk])
    response = client_for(world.users["provider_lead"]).post(url, stage2_post(draft, **missing))
    assert response.status_code == 200
    html = response.content.decode()
    assert error_next_to(html, field_id) == message
    assert f'<a href="#{summary_link}">{message}</a>' in html  # and in the error summary
    assert "Job coaches carve two roles with the hospital by March." in html  # typed text kept
    assert not Action.objects.exists()


def test_a_complete_stage2_action_is_saved_from_the_form(world, draft, client_for):
    url = reverse("actionplans:stage2_action_create", args=[draft.pk])
    response = client_for(world.users["provider_lead"]).post(url, stage2_post(draft))
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.section.code, action.due_date, action.source_assessment) == ("3", SOON, draft)


# The rule --------------------------------------------------------------------------------

def test_a_dated_open_action_covers_its_section(world, draft):
    add_action(world, draft)
    assert sections_with_complete_actions(world.provider.pk, "2025/26") == {"3"}


def test_an_action_without_a_date_does_not_cover_its_section(world, draft):
    add_action(world, draft, due_date=None)
    assert sections_with_complete_actions(world.provider.pk, "2025/26") == set()


def test_a_dropped_action_does_not_cover_its_section(world, draft):
    drop(world, add_action(world, draft))
    assert sections_with_complete_actions(world.provider.pk, "2025/26") == set()


# Through submitting ----------------------------------------------------------------------

def submit(client, draft):
    return client.post(reverse("assessments:submit", args=[draft.pk]))


def action_needed_message(draft):
    return ACTION_NEEDED.format(threshold=35, sections=section(draft).title)


@pytest.mark.parametrize("spoil", ["undated", "dropped"])
def test_a_35_of_36_self_assessment_with_only_an_undated_or_dropped_action_cannot_be_submitted(
        world, draft, client_for, spoil):
    if spoil == "undated":
        add_action(world, draft, due_date=None)
    else:
        drop(world, add_action(world, draft))
    client = client_for(world.users["provider_lead"])
    response = submit(client, draft)
    assert response.status_code == 400
    assert action_needed_message(draft) in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == Assessment.State.DRAFT


def test_a_35_of_36_self_assessment_with_a_dated_open_action_is_submitted(world, draft,
                                                                        client_for):
    add_action(world, draft)
    response = submit(client_for(world.users["provider_lead"]), draft)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == Assessment.State.SUBMITTED
