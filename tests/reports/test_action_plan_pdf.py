"""The action plan PDF: every action of a provider's year in the Stage 2 columns."""
import datetime
import re

from actionplans import services as action_services
from actionplans.models import Action, ActionPlan
from reports.audience import COMMISSIONER_COPY, COMMISSIONER_COPY_WITHOUT_NOTES
from reports.renderers import render_action_plan_pdf

from .conftest import pdf_pages, pdf_text


def test_action_plan_lists_every_action_in_the_stage2_columns(demo):
    pages = pdf_pages(render_action_plan_pdf(demo.plan, audience="provider",
                                             user=demo.user("riverside_lead")))
    text = " ".join(pages)
    assert "Action plan 2024/25" in text
    assert "Supported Internship Quality Assurance Framework" in text
    assert "Identified Areas for Improvement SMART Action When Who Progress Outcome" in text
    for action in demo.plan.actions.all():
        assert " ".join(action.smart_action.split()) in text
        assert action.owner in text
    assert "Success measure: Reviewed at the termly quality meeting." in text
    assert "1 open of 2" in text  # the other was carried forward into 2025/26
    assert "Overdue" not in text
    assert not any(COMMISSIONER_COPY in page for page in pages)


def test_overdue_actions_are_named_in_words(demo):
    Action.objects.filter(plan=demo.plan, section__code="2").update(
        due_date=datetime.date(2020, 1, 31))
    pages = pdf_pages(render_action_plan_pdf(demo.plan, audience="commissioner",
                                             user=demo.user("leics_commissioner")))
    text = " ".join(pages)
    assert "1 action overdue" in text
    assert "31 Jan 2020 Overdue" in text
    # An action plan holds no internal notes, so its commissioner copy does not claim any.
    assert all(COMMISSIONER_COPY_WITHOUT_NOTES in page for page in pages)


def test_the_visit_actions_say_which_requirement_they_came_from(demo):
    text = pdf_text(render_action_plan_pdf(
        ActionPlan.objects.get(provider=demo.oakfield, period="2025/26"), audience="provider",
        user=demo.user("oakfield_lead")))
    assert "Leicestershire QA Visit Record of Evidence and Evaluations" in text
    assert ("1. Learner Safety From the QA visit of 18 June 2026, requirement 1.2 Complete the "
            "single central record") in text
    assert ("4. Systems and Processes From the QA visit of 18 June 2026, section 4 Agree a "
            "named contact") in text
    assert "5 open of 5" in text


def test_a_year_without_actions_gives_an_empty_plan(demo):
    text = pdf_text(render_action_plan_pdf(
        ActionPlan(provider=demo.riverside, period="2030/31"), audience="provider",
        user=demo.user("riverside_lead")))
    assert "No actions recorded for 2030/31." in text


def test_an_action_of_very_long_words_wraps_in_the_pdf(demo):
    """A word longer than a line (here the longest each field allows, and more for the SMART
    action, which older or imported actions may have) breaks across lines and pages rather than
    running off the page or stopping the report."""
    lead = demo.user("riverside_lead")
    action = action_services.action_create(
        provider=demo.riverside, period="2024/25", by=lead,
        section=demo.si.framework.sections.get(code="1"), area="Z" * 300,
        smart_action="Q" * 5000, due_date=None, owner="J" * 200, success_measure="X" * 2000)
    action_services.action_progress_record(action=action, by=lead, note="K" * 4000,
                                           status=Action.Status.IN_PROGRESS)
    text = pdf_text(render_action_plan_pdf(demo.plan, audience="provider", user=lead))
    # Each word is all there, in pieces a column wide (a long row continues on the next page).
    for letter, length in (("Z", 300), ("Q", 5000), ("J", 200), ("X", 2000), ("K", 4000)):
        pieces = re.findall(rf"(?<![\w]){letter}+(?![\w])", text.replace("\u200b", " "))
        assert sum(map(len, pieces)) == length
        assert max(map(len, pieces)) < 60
