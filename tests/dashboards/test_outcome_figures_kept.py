"""The outcomes dashboard's figures are worked out once for each reader and filters, and again
as soon as anything they read changes: a goal's rating, a goal taken away, a provider's name,
a commissioning link, the reader's own memberships. What a reader is served is always what
working them out afresh would give."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.models import Commissioning, Membership
from outcomes import services
from outcomes.aggregates import FEWER_THAN
from outcomes.models import GoalOutcome, Learner
from tests.factories import MembershipFactory
from tests.outcomes.test_aggregates import YEAR, _outcome

from .test_outcomes_dashboard import URL, outcomes, table, text  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def _asked(client) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), response


def test_figures_are_kept_and_worked_out_again_when_a_goal_changes(world, outcomes,  # noqa: F811
                                                                   client_for):
    client = client_for(world.users["la_commissioner"])
    client.get(URL)  # the session's first request may write it
    first, response = _asked(client)  # the figures already kept by the request before
    assert "Employment 10 10 20% 30% 50%" in table(response, "area")
    again, response = _asked(client)
    assert again == first and "Employment 10 10 20% 30% 50%" in table(response, "area")

    # One of the two goals not met becomes fully met, by hand.
    outcome = GoalOutcome.objects.filter(academic_year=YEAR, pfa_area="employment",
                                         rating="not_met", learner__local_authority=world.la)[0]
    services.outcome_change(outcome=outcome, by=world.users["la_commissioner"],
                            rating="fully_met")
    worked, response = _asked(client)
    assert worked > again  # worked out again
    assert "Employment 10 10 10% 30% 60%" in table(response, "area")

    # A goal taken away.
    GoalOutcome.objects.filter(pk=outcome.pk).get().delete()
    response = client.get(URL)
    assert "Employment 9 9 11% 33% 56%" in table(response, "area")


def test_a_providers_new_name_is_shown_at_once(world, outcomes, client_for):  # noqa: F811
    client = client_for(world.users["la_commissioner"])
    assert "Riverside College" in table(client.get(URL), "provider")
    world.provider.name = "Riverside Further Education College"
    world.provider.save()
    assert "Riverside Further Education College" in table(client.get(URL), "provider")


def test_a_new_commissioning_link_counts_the_providers_learners(world, outcomes,  # noqa: F811
                                                                client_for):
    client = client_for(world.users["partnership_officer"])
    before = table(client.get(URL), "provider")
    assert "Hilltop AP" not in before
    learners = [Learner.objects.create(local_authority=world.la, reference=f"HT-{n}",
                                       year_of_birth=2008, primary_need="SEMH")
                for n in range(6)]
    for learner in learners:
        _outcome(learner, world.other_provider, YEAR, "employment", "fully_met",
                 world.users["la_commissioner"])
    assert "Hilltop AP" not in table(client.get(URL), "provider")
    Commissioning.objects.create(commissioner=world.partnership, provider=world.other_provider)
    assert "Hilltop AP 6 6" in table(client.get(URL), "provider")


def test_the_readers_own_memberships_key_their_figures(world, outcomes, client_for):  # noqa: F811
    user = world.users["la_commissioner"]
    client = client_for(user)
    assert FEWER_THAN not in text(client.get(URL))
    # Also one of a provider's people now: small numbers are withheld from them everywhere.
    MembershipFactory(user=user, organisation=world.other_provider,
                      role=Membership.Role.PROVIDER_STAFF)
    assert FEWER_THAN in text(client.get(URL))
