"""Medium-term outcomes: held per learner with their Preparing for Adulthood area and the year
to reach them by, the step reached recorded at each annual review, and the learner's page
showing each as a timeline with the distance travelled (counted by hand below). Only the
learner's LA's commissioners enter them; bad input is shown next to its field and nothing is
saved."""
import datetime

import pytest

from outcomes import medium_term
from outcomes.medium_term_models import MediumTermOutcome, MediumTermProgress
from outcomes.models import Learner
from outcomes.scheme import current_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(world, outcome_scheme):
    return Learner.objects.create(local_authority=world.la, reference="SH-0042",
                                  year_of_birth=2007, primary_need="ASD")


def _steps(world, outcome, steps):
    for year, step in steps:
        medium_term.step_record(
            outcome=outcome, academic_year=year,
            review_date=datetime.date(int(year[:4]) + 1, 3, 12), provider=world.provider,
            step=step, by=world.users["la_commissioner"])


def test_version_2_of_the_scheme_holds_the_steps(outcome_scheme):
    scheme = current_scheme()
    assert scheme.version == "2"
    assert [(t.label, t.score) for t in scheme.steps] == [
        ("Not started", 0), ("Emerging", 1), ("Developing", 2), ("Secure", 3), ("Achieved", 4)]


def test_the_timeline_shows_each_step_and_the_distance_travelled(world, learner, client_for):
    """Emerging (1) in 2023/24, Developing (2) in 2024/25, Developing again in 2025/26 then
    corrected to Secure (3): up 1, up 1; 2 steps up since 2023/24."""
    client = client_for(world.users["la_commissioner"])
    response = client.post(f"/outcomes/learners/{learner.pk}/medium-term/new/", {
        "pfa_area": "employment", "outcome": "Work part-time in retail",
        "target_year": "2027/28"})
    assert response.status_code == 302
    outcome = MediumTermOutcome.objects.get()
    assert (outcome.local_authority, outcome.pfa_area, outcome.target_year) == (
        world.la, "employment", "2027/28")
    _steps(world, outcome, [("2023/24", "emerging"), ("2024/25", "developing"),
                            ("2025/26", "developing")])
    response = client.post(f"/outcomes/medium-term/{outcome.pk}/steps/new/", {
        "academic_year": "2025/26", "review_date_0": "12", "review_date_1": "3",
        "review_date_2": "2026", "provider": world.provider.pk, "step": "secure"})
    assert response.status_code == 302
    assert MediumTermProgress.objects.count() == 3  # the year's step replaced, not added
    [timeline] = medium_term.timelines(learner, current_scheme())
    assert [(s.academic_year, s.label, s.change_shown) for s in timeline.steps] == [
        ("2023/24", "Emerging", "First review"), ("2024/25", "Developing", "Up 1 step"),
        ("2025/26", "Secure", "Up 1 step")]
    assert timeline.travelled == 2
    page = client.get(f"/outcomes/learners/{learner.pk}/").content.decode()
    assert "Work part-time in retail" in page
    assert "2 steps up since 2023/24" in page and "Riverside College" in page


def test_one_review_is_no_distance_yet(world, learner):
    outcome = medium_term.medium_term_add(learner=learner, pfa_area="health",
                                          outcome="Manage own medication",
                                          target_year="2026/27", by=world.users["la_commissioner"])
    _steps(world, outcome, [("2025/26", "secure")])
    [timeline] = medium_term.timelines(learner, current_scheme())
    assert timeline.travelled is None and "fewer than two reviews" in timeline.travelled_shown
    _steps(world, outcome, [("2026/27", "emerging")])
    [timeline] = medium_term.timelines(learner, current_scheme())
    assert timeline.travelled == -2 and timeline.travelled_shown == "2 steps down since 2025/26"


@pytest.mark.parametrize("values, message", [
    ({"outcome": ""}, "Enter the medium-term outcome."),
    ({"outcome": "Work\x00 part-time"}, "Remove the control characters"),
    ({"outcome": "x" * 501}, "500 characters or fewer"),
    ({"target_year": "2027-28"}, "Give the academic year as 2025/26."),
    ({"target_year": ""}, "Enter the academic year to reach it by"),
    ({"pfa_area": "flying"}, "Choose a Preparing for Adulthood area."),
])
def test_bad_outcomes_are_refused_next_to_their_field(world, learner, client_for, values,
                                                      message):
    response = client_for(world.users["la_commissioner"]).post(
        f"/outcomes/learners/{learner.pk}/medium-term/new/",
        {"pfa_area": "employment", "outcome": "Work part-time", "target_year": "2027/28",
         **values})
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not MediumTermOutcome.objects.exists()


def test_the_same_outcome_twice_is_refused(world, learner, client_for):
    data = {"pfa_area": "employment", "outcome": "Work part-time", "target_year": "2027/28"}
    client = client_for(world.users["la_commissioner"])
    assert client.post(f"/outcomes/learners/{learner.pk}/medium-term/new/", data).status_code == 302
    again = client.post(f"/outcomes/learners/{learner.pk}/medium-term/new/", data)
    assert again.status_code == 400 and medium_term.SAME_OUTCOME in again.content.decode()
    assert MediumTermOutcome.objects.count() == 1


@pytest.mark.parametrize("values, message", [
    ({"step": "flying"}, "Choose the step reached."),
    ({"provider": "999999999"}, "Choose the provider the learner attends."),
    ({"review_date_1": "13"}, "review"),
    ({"academic_year": "9999999999999"}, "characters or fewer"),
])
def test_bad_steps_are_refused_next_to_their_field(world, learner, client_for, values, message):
    outcome = medium_term.medium_term_add(learner=learner, pfa_area="employment",
                                          outcome="Work part-time", target_year="2027/28",
                                          by=world.users["la_commissioner"])
    response = client_for(world.users["la_commissioner"]).post(
        f"/outcomes/medium-term/{outcome.pk}/steps/new/",
        {"academic_year": "2025/26", "review_date_0": "12", "review_date_1": "3",
         "review_date_2": "2026", "provider": world.provider.pk, "step": "secure", **values})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MediumTermProgress.objects.exists()


def test_a_provider_shown_the_learner_sees_the_plans_outcomes_but_not_their_steps(
        world, learner, client_for):
    """The steps name every provider the learner attended: the LA's own people's. A provider
    the learner is shared with sees the outcomes, to send the step reached."""
    from outcomes import services
    outcome = medium_term.medium_term_add(learner=learner, pfa_area="employment",
                                          outcome="Work part-time", target_year="2027/28",
                                          by=world.users["la_commissioner"])
    _steps(world, outcome, [("2024/25", "emerging")])
    services.outcome_record(
        learner=learner, academic_year="2025/26", review_date=datetime.date(2026, 3, 1),
        provider=world.provider, goal="Travel by bus", pfa_area="employment",
        rating="fully_met", by=world.users["la_commissioner"])
    services.learner_sharing_set(local_authority=world.la, provider=world.provider,
                                 shared=True, by=world.users["la_commissioner"])
    page = client_for(world.users["provider_lead"]).get(f"/outcomes/learners/{learner.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Work part-time" in html and "Send the step reached" in html
    assert "Emerging" not in html and "step reached at each annual review" not in html
