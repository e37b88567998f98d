"""One goal's progress typed in by a provider's person: checked as the LA's own form checks a
goal, sent only for a learner the LA shares with the provider, waiting for the LA's decision
like a file's rows, and counted once accepted. Bad input is shown next to its field; nothing
is sent from a form with a problem."""
import pytest

from outcomes import progress
from outcomes.models import GoalOutcome
from outcomes.progress_models import ProgressRow, ProgressSubmission
from tests.outcomes.helpers import shared_learners

pytestmark = pytest.mark.django_db

URL = "/outcomes/progress/enter/"
GOOD = {"learner_ref": "SH-0002", "academic_year": "2025/26", "review_date_0": "12",
        "review_date_1": "3", "review_date_2": "2026", "goal": "Travel to college by bus",
        "pfa_area": "independent_living", "rating": "fully_met",
        "soft_confidence_motivation": "4"}


@pytest.fixture
def shared(world, outcome_scheme):
    return shared_learners(world.la, world.provider, world.users["la_commissioner"], 3)


def test_the_lead_sends_one_goal_and_it_counts_once_the_la_accepts_it(world, shared,
                                                                      client_for):
    response = client_for(world.users["provider_lead"]).post(URL, GOOD, follow=True)
    assert response.status_code == 200
    assert "Progress for learner SH-0002 sent to Shire Council" in response.content.decode()
    row = ProgressRow.objects.get()
    assert (row.learner.reference, row.academic_year, row.goal, row.rating, row.soft,
            row.status) == ("SH-0002", "2025/26", "Travel to college by bus", "fully_met",
                            {"confidence_motivation": "4"}, ProgressRow.Status.PENDING)
    assert row.submission.filename == progress.ENTERED_BY_HAND
    assert row.submission.uploaded_by == world.users["provider_lead"]
    assert response.redirect_chain[-1][0] == row.submission.get_absolute_url()
    assert not GoalOutcome.objects.filter(academic_year="2025/26").exists()
    progress.progress_decide(submission=row.submission, rows=None, accept=True,
                             by=world.users["la_commissioner"])
    held = GoalOutcome.objects.get(academic_year="2025/26")
    assert (held.learner.reference, held.submitted_by, held.accepted_by) == (
        "SH-0002", world.users["provider_lead"], world.users["la_commissioner"])


def test_staff_send_too(world, shared, client_for):
    response = client_for(world.users["provider_staff"]).post(URL, GOOD)
    assert response.status_code == 302
    assert ProgressSubmission.objects.get().uploaded_by == world.users["provider_staff"]


def test_a_learner_not_shared_with_the_provider_is_refused_next_to_the_reference(
        world, shared, client_for):
    response = client_for(world.users["provider_lead"]).post(
        URL, {**GOOD, "learner_ref": "SH-0099"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a learner of Shire Council at Riverside College" in page
    assert 'href="#id_learner_ref"' in page  # the error summary links to the field
    assert 'value="Travel to college by bus"' in page or "Travel to college by bus" in page
    assert not ProgressRow.objects.exists()


@pytest.mark.parametrize("field, value, message", [
    ("learner_ref", "", "Enter the learner's reference."),
    ("learner_ref", "Jane Smith", "name"),
    ("academic_year", "2025-26", "Give the academic year as 2025/26."),
    ("goal", "Travel\x00 by bus", "Remove the control characters"),
    ("goal", "x" * 501, "500 characters or fewer"),
    ("pfa_area", "flying", "Choose a Preparing for Adulthood area."),
    ("rating", "", "Choose how far the goal was met."),
    ("soft_confidence_motivation", "9", "Choose from the scale"),
    ("review_date_1", "13", "review"),
])
def test_bad_input_is_shown_next_to_its_field_and_nothing_is_sent(world, shared, client_for,
                                                                  field, value, message):
    response = client_for(world.users["provider_lead"]).post(URL, {**GOOD, field: value})
    assert response.status_code == 400
    assert message.lower() in response.content.decode().replace("&#x27;", "'").lower()
    assert not ProgressRow.objects.exists()


def test_the_service_refuses_someone_not_of_the_provider(world, shared):
    from django.core.exceptions import PermissionDenied
    with pytest.raises(PermissionDenied):
        progress.progress_enter(
            provider=world.provider, local_authority=world.la,
            by=world.users["other_provider_lead"], reference="SH-0001",
            academic_year="2025/26", review_date=shared[0].outcomes.first().review_date,
            goal="A goal", pfa_area="employment", rating="not_met", soft={})
    assert not ProgressRow.objects.exists()


def test_the_list_offers_entering_one_goal(world, shared, client_for):
    page = client_for(world.users["provider_lead"]).get("/outcomes/progress/").content.decode()
    assert 'href="/outcomes/progress/enter/"' in page
