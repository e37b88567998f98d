"""A disagreement becomes an action in the provider's plan in one step: once, by the
reviewing organisation, only once the provider can read the review."""
import pytest
from django.urls import reverse

from actionplans.models import Action
from reviews import services

from .conftest import agree_with_all, item, level, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(world, submitted):
    commissioner = world.users["la_commissioner"]
    review = services.review_start(assessment=submitted, organisation=world.la, by=commissioner)
    record(review, commissioner, "1.1", agrees=False, level=level(submitted, "not_evidenced"),
           comment="No sign-off in the minutes.", internal_note="SECRET-NOTE")
    agree_with_all(review, commissioner)
    return review


def _raise(client, user, review, code):
    client.force_login(user)
    return client.post(reverse("actionplans:review_action", args=[item(review, code).pk]))


def test_the_reviewer_turns_a_disagreement_into_the_providers_action_once(
        client, world, submitted, review):
    commissioner = world.users["la_commissioner"]
    services.review_share(review=review, by=commissioner)
    response = _raise(client, commissioner, review, "1.1")
    assert response.status_code == 302
    assert response.url == review.get_absolute_url() + "#disagreements"
    action = Action.objects.get(source_assessment=submitted, criterion__isnull=False)
    assert (action.plan.provider, action.plan.period) == (world.provider, submitted.period)
    assert action.criterion.code == "1.1" and action.section.code == "1"
    assert action.owner == "To be agreed"
    assert action.smart_action == ("Shire Council's review rates 1.1 “Not yet evidenced” "
                                   "(self-assessed “Evidenced”). No sign-off in the minutes.")
    assert "SECRET-NOTE" not in action.smart_action
    assert action.history.first().history_user == commissioner

    page = client.get(review.get_absolute_url()).content.decode()
    assert f'href="{action.get_absolute_url()}"' in page
    assert "Make 1.1 an action" not in page

    again = _raise(client, commissioner, review, "1.1")
    assert again.status_code == 302
    followed = client.get(again.url).content.decode()
    assert "1.1 is already an action in Riverside College&#x27;s plan for 2025/26." in followed
    assert Action.objects.filter(source_assessment=submitted, criterion__isnull=False).count() == 1

    # The provider reads it in its own plan, and makes it SMART there.
    client.force_login(world.users["provider_lead"])
    assert client.get(action.get_absolute_url()).status_code == 200
    assert f'href="{action.get_absolute_url()}"' in client.get(
        review.get_absolute_url()).content.decode()


def test_an_agreed_item_is_no_action(client, world, submitted, review):
    commissioner = world.users["la_commissioner"]
    services.review_share(review=review, by=commissioner)
    response = _raise(client, commissioner, review, "1.2")
    assert "Only an item the reviewer does not agree with can become an action." in \
        client.get(response.url).content.decode()
    assert not Action.objects.filter(source_assessment=submitted, criterion__isnull=False).exists()


def test_not_from_a_draft_nor_by_anyone_but_the_reviewer(client, world, submitted, review):
    commissioner = world.users["la_commissioner"]
    assert _raise(client, commissioner, review, "1.1").status_code == 403  # still a draft
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Make 1.1 an action" not in page
    services.review_share(review=review, by=commissioner)
    assert "Make 1.1 an action for Riverside College" in client.get(
        review.get_absolute_url()).content.decode()
    assert _raise(client, world.users["provider_lead"], review, "1.1").status_code == 403
    assert _raise(client, world.users["partnership_officer"], review, "1.1").status_code == 404
    assert _raise(client, world.users["other_la_commissioner"], review, "1.1").status_code == 404
    assert not Action.objects.filter(source_assessment=submitted, criterion__isnull=False).exists()
