"""The step a learner reached towards a medium-term outcome, sent by a provider the learner's
LA shares them with: waiting for the LA's decision like any progress, recorded on the
learner's timeline (and so counted) only once accepted, the provider reading a refusal's
reason. Bad input is shown next to its field and nothing is sent."""
import datetime

import pytest
from django.db import IntegrityError, transaction

from outcomes import medium_term, progress
from outcomes.medium_term_models import MediumTermProgress
from outcomes.progress_models import ProgressRow, ProgressSubmission
from tests.outcomes.helpers import shared_learners

pytestmark = pytest.mark.django_db

GOOD = {"academic_year": "2025/26", "review_date_0": "12", "review_date_1": "3",
        "review_date_2": "2026", "step": "secure"}


@pytest.fixture
def outcome(world, outcome_scheme):
    learner = shared_learners(world.la, world.provider, world.users["la_commissioner"], 1)[0]
    return medium_term.medium_term_add(learner=learner, pfa_area="employment",
                                       outcome="Work part-time in a shop",
                                       target_year="2027/28", by=world.users["la_commissioner"])


def _url(outcome):
    return f"/outcomes/medium-term/{outcome.pk}/steps/send/"


def test_the_lead_sends_a_step_and_it_is_recorded_once_the_la_accepts_it(world, outcome,
                                                                         client_for):
    lead = client_for(world.users["provider_lead"])
    learner_page = lead.get(f"/outcomes/learners/{outcome.learner.pk}/").content.decode()
    assert f'href="{_url(outcome)}"' in learner_page

    response = lead.post(_url(outcome), GOOD, follow=True)
    assert "Step for learner SH-0001 sent to Shire Council" in response.content.decode()
    row = ProgressRow.objects.get()
    assert (row.is_step, row.medium_term, row.step, row.pfa_area, row.goal, row.status) == (
        True, outcome, "secure", "employment", "", ProgressRow.Status.PENDING)
    assert row.submission.filename == progress.ENTERED_BY_HAND
    assert not MediumTermProgress.objects.exists()  # nothing counts before the decision

    la = client_for(world.users["la_commissioner"])
    page = la.get(row.submission.get_absolute_url()).content.decode()
    assert "Medium-term outcome: Work part-time in a shop" in page
    assert "Step reached: Secure" in page
    la.post(row.submission.get_absolute_url(), {"decision": "accept_all"})

    step = MediumTermProgress.objects.get()
    assert (step.outcome, step.academic_year, step.step, step.provider, step.review_date,
            step.recorded_by) == (outcome, "2025/26", "secure", world.provider,
                                  datetime.date(2026, 3, 12), world.users["la_commissioner"])
    row.refresh_from_db()
    assert (row.status, row.step_progress, row.decided_by) == (
        ProgressRow.Status.ACCEPTED, step, world.users["la_commissioner"])
    timeline = la.get(f"/outcomes/learners/{outcome.learner.pk}/").content.decode()
    assert "Secure" in timeline and world.provider.name in timeline


def test_a_refused_step_is_never_recorded_and_the_provider_reads_why(world, outcome,
                                                                      client_for):
    client_for(world.users["provider_staff"]).post(_url(outcome), GOOD)
    submission = ProgressSubmission.objects.get()
    progress.progress_decide(submission=submission, rows=None, accept=False,
                             reason="The review said Developing.",
                             by=world.users["la_commissioner"])
    assert not MediumTermProgress.objects.exists()
    page = client_for(world.users["provider_lead"]).get(submission.get_absolute_url())
    assert "The review said Developing." in page.content.decode()


@pytest.mark.parametrize("values, field, message", [
    ({"step": ""}, "step", "Choose the step reached."),
    ({"step": "top"}, "step", "Choose the step reached."),
    ({"academic_year": "2025-26"}, "academic_year", "2025/26"),
    ({"review_date_0": "31", "review_date_1": "2"}, "review_date", "real date"),
])
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_sent(world, outcome, client_for,
                                                                  values, field, message):
    response = client_for(world.users["provider_lead"]).post(_url(outcome), {**GOOD, **values})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and f'href="#id_{field}' in page
    assert not ProgressRow.objects.exists()


def test_only_a_provider_the_learner_is_shared_with_sends_a_step(world, outcome, client_for):
    assert client_for(world.users["other_provider_lead"]).get(_url(outcome)).status_code == 404
    assert client_for(world.users["la_commissioner"]).get(_url(outcome)).status_code == 403
    assert client_for(world.users["admin"]).get(_url(outcome)).status_code == 403
    assert client_for(world.users["provider_lead"]).get(_url(outcome)).status_code == 200


def test_a_row_is_a_goal_or_a_step_never_both(world, outcome):
    submission = progress.progress_step_send(
        provider=world.provider, by=world.users["provider_lead"], outcome=outcome,
        academic_year="2025/26", review_date=datetime.date(2026, 3, 12), step="secure")
    row = submission.rows.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressRow.objects.filter(pk=row.pk).update(goal="Travel by bus", rating="fully_met")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressRow.objects.filter(pk=row.pk).update(step="")
