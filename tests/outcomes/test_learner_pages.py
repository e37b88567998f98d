"""The learner pages through the test client: the list and one learner as each role sees
them, goals and learners added and corrected by hand with history, and the LA's choice of
which providers see learner rows."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes import services
from outcomes.learner_forms import BAD_ACADEMIC_YEAR, CHOOSE_RATING, NUL_REFUSED
from outcomes.models import GoalOutcome, Learner, LearnerSharing
from outcomes.services import LEARNER_EXISTS
from tests.factories import CommissioningFactory, LocalAuthorityFactory

LEARNERS = reverse("outcomes:learners")
SHARING = reverse("outcomes:sharing")
REVIEWED = datetime.date(2026, 3, 12)


def learner(la, reference, by, *, provider=None, year="2025/26", goal="Travel by bus",
            rating="partially_met", need="ASD"):
    """A learner of ``la`` added by hand, with one goal at ``provider`` when given."""
    made = services.learner_create(local_authority=la, reference=reference, year_of_birth=2008,
                                   primary_need=need, by=by)
    if provider is not None:
        services.outcome_record(learner=made, academic_year=year, review_date=REVIEWED,
                                provider=provider, goal=goal, pfa_area="independent_living",
                                rating=rating, by=by)
    return made


@pytest.fixture
def learners(shire):
    """Two of Shire's learners at Riverside and one of Far Council's at Hilltop."""
    commissioner = shire.users["la_commissioner"]
    return {
        "SH-0001": learner(shire.la, "SH-0001", commissioner, provider=shire.provider),
        "SH-0002": learner(shire.la, "SH-0002", commissioner, provider=shire.provider,
                           need="SLCN", year="2024/25"),
        "FAR-0001": learner(shire.other_la, "FAR-0001", shire.users["other_la_commissioner"],
                            provider=shire.other_provider),
    }


def references(response):
    return [row.reference for row in response.context["learners"]]


def test_an_la_commissioner_sees_its_learners_and_never_another_las(shire, learners, client_for):
    client = client_for(shire.users["la_commissioner"])
    assert references(client.get(LEARNERS)) == ["SH-0001", "SH-0002"]
    assert client.get(reverse("outcomes:learner", args=[learners["SH-0001"].pk])).status_code == 200
    assert client.get(reverse("outcomes:learner",
                              args=[learners["FAR-0001"].pk])).status_code == 404
    far_goal = learners["FAR-0001"].outcomes.get()
    assert client.get(reverse("outcomes:outcome_edit", args=[far_goal.pk])).status_code == 404
    assert client.get(reverse("outcomes:outcome_add",
                              args=[learners["FAR-0001"].pk])).status_code == 404


def test_the_list_searches_by_reference_and_filters_by_need_and_year(shire, learners, client_for):
    client = client_for(shire.users["la_commissioner"])
    assert references(client.get(LEARNERS, {"q": "0002"})) == ["SH-0002"]
    assert references(client.get(LEARNERS, {"need": "ASD"})) == ["SH-0001"]
    assert references(client.get(LEARNERS, {"year": "2024/25"})) == ["SH-0002"]
    # A value no option has is no filter; junk is never a server error.
    assert references(client.get(LEARNERS, {"need": "XX", "year": "2099/00"})) == \
        ["SH-0001", "SH-0002"]
    page = client.get(LEARNERS).content.decode()
    assert "Autistic spectrum disorder" in page and "FAR-0001" not in page


def test_the_learner_page_shows_goals_by_year_with_labels_and_history(shire, learners,
                                                                        client_for):
    client = client_for(shire.users["la_commissioner"])
    response = client.get(reverse("outcomes:learner", args=[learners["SH-0001"].pk]))
    page = response.content.decode()
    assert "2025/26" in page and "Travel by bus" in page and "Riverside College" in page
    assert "Partially met" in page and "Independent Living" in page
    changes = response.context["changes"]
    assert changes and {c.who for c in changes} == {shire.users["la_commissioner"].display_name}


def test_a_provider_sees_no_learner_rows_until_the_la_shares_them(shire, learners, client_for):
    lead = shire.users["provider_lead"]
    client = client_for(lead)
    response = client.get(LEARNERS)
    assert response.status_code == 200 and references(response) == []
    assert "no learner rows for you to see" in response.content.decode()
    assert client.get(reverse("outcomes:learner", args=[learners["SH-0001"].pk])).status_code == 404

    # Shire's SH-0001 has a goal at another provider too: Riverside never sees it.
    elsewhere = CommissioningFactory(commissioner=shire.la,
                                     provider=shire.other_provider).provider
    services.outcome_record(learner=learners["SH-0001"], academic_year="2025/26",
                            review_date=REVIEWED, provider=elsewhere, goal="Cook a meal",
                            pfa_area="independent_living", rating="fully_met",
                            by=shire.users["la_commissioner"])
    services.learner_sharing_set(local_authority=shire.la, provider=shire.provider, shared=True,
                                 by=shire.users["la_commissioner"])
    listed = client.get(LEARNERS)
    assert references(listed) == ["SH-0001", "SH-0002"]
    # Only the goals at Riverside are counted for Riverside; Shire counts both.
    assert [row.goals for row in listed.context["learners"]] == [1, 1]
    assert [row.goals for row in client_for(shire.users["la_commissioner"]).get(LEARNERS)
            .context["learners"]] == [2, 1]
    client = client_for(lead)
    response = client.get(reverse("outcomes:learner", args=[learners["SH-0001"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Travel by bus" in page and "Cook a meal" not in page
    assert response.context["changes"] is None and not response.context["can_manage"]
    assert client.get(reverse("outcomes:learner",
                              args=[learners["FAR-0001"].pk])).status_code == 404
    goal = learners["SH-0001"].outcomes.get(goal="Travel by bus")
    assert client.get(reverse("outcomes:outcome_edit", args=[goal.pk])).status_code == 403


@pytest.mark.parametrize("role, status", [("partnership_officer", 403), ("no_membership", 403),
                                          ("other_provider_lead", 200)])
def test_others_see_no_learner_rows(shire, learners, client_for, role, status):
    client = client_for(shire.users[role])
    response = client.get(LEARNERS)
    assert response.status_code == status
    if status == 200:
        assert references(response) == []
    assert client.get(reverse("outcomes:learner", args=[learners["SH-0001"].pk])).status_code == 404


def test_a_commissioner_adds_a_learner_and_a_goal_with_history(shire, client_for):
    commissioner = shire.users["la_commissioner"]
    client = client_for(commissioner)
    response = client.post(reverse("outcomes:learner_add"), {
        "reference": "SH-0100", "year_of_birth": "2009", "primary_need": "SEMH"})
    added = Learner.objects.get(reference="SH-0100")
    assert response.status_code == 302 and added.local_authority == shire.la
    assert added.history.get().history_user == commissioner
    response = client.post(reverse("outcomes:outcome_add", args=[added.pk]), {
        "academic_year": "2025/26", "review_date_0": "12", "review_date_1": "3",
        "review_date_2": "2026", "provider": shire.provider.pk, "goal": "Use a bank card",
        "pfa_area": "independent_living", "rating": "not_met", "soft_confidence_motivation": "4"})
    assert response.status_code == 302
    goal = GoalOutcome.objects.get(learner=added)
    assert (goal.review_date, goal.rating, goal.soft) == (REVIEWED, "not_met", {"confidence_motivation": "4"})
    assert goal.history.get().history_user == commissioner


def test_a_commissioner_corrects_a_rating_with_history(shire, learners, client_for):
    commissioner = shire.users["la_commissioner"]
    client = client_for(commissioner)
    goal = learners["SH-0001"].outcomes.get()
    url = reverse("outcomes:outcome_edit", args=[goal.pk])
    form = client.get(url)
    assert form.status_code == 200 and form.context["form"]["rating"].value() == "partially_met"
    response = client.post(url, {
        "review_date_0": "12", "review_date_1": "3", "review_date_2": "2026",
        "provider": shire.provider.pk, "pfa_area": "independent_living",
        "rating": "fully_met"})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.rating == "fully_met"
    latest = goal.history.latest()
    assert latest.history_type == "~" and latest.history_user == commissioner
    detail = client.get(reverse("outcomes:learner", args=[goal.learner_id]))
    assert any(c.what.endswith("Rating") and c.after == "Fully met"
               for c in detail.context["changes"])


def test_bad_input_is_shown_next_to_its_fields(shire, learners, client_for):
    client = client_for(shire.users["la_commissioner"])
    response = client.post(reverse("outcomes:outcome_add", args=[learners["SH-0001"].pk]), {
        "academic_year": "2025/27", "review_date_0": "31", "review_date_1": "2",
        "review_date_2": "2026", "provider": "99999", "goal": "Line\x00break",
        "pfa_area": "independent_living", "rating": "mostly_met"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["academic_year"] == [BAD_ACADEMIC_YEAR]
    assert errors["rating"] == [CHOOSE_RATING]
    assert {"review_date", "provider", "goal"} <= set(errors)
    assert NUL_REFUSED in errors["goal"]
    page = response.content.decode()
    # The summary links each message to its field's first box, which the page has.
    assert 'href="#id_rating_1"' in page and 'id="id_rating_1"' in page
    assert 'href="#id_review_date_0"' in page and 'id="id_review_date_0"' in page
    assert 'href="#id_academic_year"' in page
    response = client.post(reverse("outcomes:outcome_add", args=[learners["SH-0001"].pk]), {
        "academic_year": "2025/26", "goal": "x" * 600})
    assert "The goal must be 500 characters or fewer." in response.context["form"].errors["goal"]
    assert not GoalOutcome.objects.filter(learner=learners["SH-0001"]).exclude(
        goal="Travel by bus").exists()


def test_a_learner_reference_follows_the_importers_rules(shire, learners, client_for):
    client = client_for(shire.users["la_commissioner"])
    url = reverse("outcomes:learner_add")
    errors = client.post(url, {"reference": "A123456789012", "year_of_birth": "1850",
                               "primary_need": "ZZ"}).context["form"].errors
    assert "looks like a UPN" in errors["reference"][0]
    assert set(errors) == {"reference", "year_of_birth", "primary_need"}
    errors = client.post(url, {"reference": "SH-0001", "year_of_birth": "2008",
                               "primary_need": "ASD"}).context["form"].errors
    assert errors["reference"] == [LEARNER_EXISTS.format(la="Shire Council",
                                                         reference="SH-0001")]
    errors = client.post(url, {"reference": "SH\x000", "year_of_birth": "2008",
                               "primary_need": "ASD"}).context["form"].errors
    assert errors["reference"] == [NUL_REFUSED]


def test_the_la_switches_sharing_on_and_off_with_history(shire, client_for):
    commissioner = shire.users["la_commissioner"]
    client = client_for(commissioner)
    page = client.get(SHARING).content.decode()
    assert "Riverside College" in page and "Not shared" in page and "Hilltop AP" not in page
    response = client.post(SHARING, {"la": shire.la.pk, "provider": shire.provider.pk,
                                     "share": "yes"}, follow=True)
    assert "Shared" in response.content.decode()
    sharing = LearnerSharing.objects.get(local_authority=shire.la, provider=shire.provider)
    assert sharing.enabled_by == commissioner
    assert sharing.history.get().history_user == commissioner
    client.post(SHARING, {"la": shire.la.pk, "provider": shire.provider.pk, "share": "no"})
    assert not LearnerSharing.objects.exists()
    assert LearnerSharing.history.latest().history_type == "-"
    assert LearnerSharing.history.latest().history_user == commissioner
    # Another LA's provider is not one of Shire's.
    assert client.post(SHARING, {"la": shire.la.pk, "provider": shire.other_provider.pk,
                                 "share": "yes"}).status_code == 404
    assert client_for(shire.users["provider_lead"]).get(SHARING).status_code == 403


def _list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LEARNERS).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_at_5_and_50_learners(shire, client_for):
    commissioner = shire.users["la_commissioner"]
    client = client_for(commissioner)
    for n in range(5):
        learner(shire.la, f"SH-{n:04}", commissioner, provider=shire.provider)
    few = _list_queries(client)
    for n in range(5, 50):
        learner(shire.la, f"SH-{n:04}", commissioner, provider=shire.provider)
    assert _list_queries(client) == few


def test_an_la_commissioner_of_two_las_sees_both(shire, learners, client_for):
    from organisations.models import Membership
    from tests.factories import MembershipFactory

    second = LocalAuthorityFactory(name="Dale Council", slug="dale-council")
    commissioner = shire.users["la_commissioner"]
    MembershipFactory(user=commissioner, organisation=second,
                      role=Membership.Role.LA_COMMISSIONER)
    learner(second, "DA-0001", commissioner)
    response = client_for(commissioner).get(LEARNERS)
    assert references(response) == ["DA-0001", "SH-0001", "SH-0002"]
    assert "Dale Council" in response.content.decode()
