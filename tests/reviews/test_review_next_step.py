"""A reviewer's next step wherever a submitted self-assessment is read: its summary (where the
provider dashboard's result links lead) offers "Start a review", or the way into the
reviewer's own organisation's review; nobody else is offered either."""
import re

from django.urls import reverse

from reviews import services
from reviews.models import Review

from .conftest import agree_with_all

START = "Start a review"


def summary(client, assessment) -> str:
    page = client.get(reverse("assessments:summary", args=[assessment.pk]))
    assert page.status_code == 200
    return page.content.decode()


def test_the_dashboards_result_link_opens_a_page_that_offers_start_a_review(
        world, submitted, client_for):
    client = client_for(world.users["la_commissioner"])
    dashboard = client.get("/dashboard/providers/", {"year": "2025/26"}).content.decode()
    link = re.search(r'href="([^"]+)">34 of 36', dashboard).group(1)
    html = client.get(link).content.decode()
    assert START in html
    assert reverse("reviews:start", args=[submitted.pk]) in html


def test_each_reviewer_of_a_commissioner_is_offered_to_start(world, submitted, client_for):
    for role in ("la_commissioner", "partnership_officer", "partnership_chair"):
        html = summary(client_for(world.users[role]), submitted)
        assert reverse("reviews:start", args=[submitted.pk]) in html, role


def test_the_provider_and_an_admin_are_not_offered_a_review(world, submitted, client_for):
    for role in ("provider_lead", "provider_staff", "admin"):
        html = summary(client_for(world.users[role]), submitted)
        assert START not in html and reverse("reviews:start", args=[submitted.pk]) not in html


def test_once_started_the_summary_leads_to_the_review_to_continue_it(world, submitted,
                                                                    client_for):
    commissioner = world.users["la_commissioner"]
    review = services.review_start(assessment=submitted, organisation=world.la, by=commissioner)
    html = summary(client_for(commissioner), submitted)
    assert "Continue the review" in html and review.get_absolute_url() in html
    assert reverse("reviews:start", args=[submitted.pk]) not in html
    # The partnership has not started one: it is still offered the start.
    officer_html = summary(client_for(world.users["partnership_officer"]), submitted)
    assert reverse("reviews:start", args=[submitted.pk]) in officer_html
    assert review.get_absolute_url() not in officer_html


def test_a_final_review_is_opened_not_continued(world, submitted, client_for):
    commissioner = world.users["la_commissioner"]
    review = services.review_start(assessment=submitted, organisation=world.la, by=commissioner)
    agree_with_all(review, commissioner)
    review = services.review_share(review=review, by=commissioner)
    review = services.review_finalise(review=Review.objects.get(pk=review.pk), by=commissioner)
    html = summary(client_for(commissioner), submitted)
    assert "Open the review" in html and "Continue the review" not in html
    assert review.get_absolute_url() in html
