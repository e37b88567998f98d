"""A provider's profile page with known data: every figure it shows, who may open it and what
each of them sees, and a number of queries that does not grow with the service. Rows are made
directly where the page only reads them (the services that make them are tested in their own
apps)."""
import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionplans.models import Action
from organisations.models import Commissioning
from tests.assessments.conftest import rate, si_ratings
from tests.dashboards.test_provider_dashboard import (
    judged_visit,
    open_concern,
    submitted_si_qaf,
    text,
)
from tests.list_data import many_providers, plan
from visits.models import Concern, ConcernDecision, Visit

QUESTIONS = ["Learner Safety", "Learner Progress", "Learner Pastoral Care", "Systems and Processes"]
REVIEW = datetime.date(2026, 9, 30)


def url(provider) -> str:
    return f"/dashboard/providers/{provider.slug}/"


def section(page: str, heading: str, next_heading: str) -> str:
    """The page's words from one section heading to the next (after the page's own heading,
    so that the menu's links do not count)."""
    main = page[page.index("Provider profile "):]
    return main[main.index(heading):main.index(next_heading)]


@pytest.fixture
def known(world, frameworks, start):
    """Riverside: SI QAF 33 in 2024/25, 36 in 2025/26 and an unshared draft (30) in 2026/27;
    a final 2025/26 visit judged Red / Amber / Green / Green with a concern the chair decided
    (continue with conditions, review by 30 September 2026); a 2025/26 plan with one overdue,
    one in progress and one done action, and a 2024/25 plan with two done."""
    submitted_si_qaf(world, start, "2024/25", [6, 6, 6, 6, 6, 3])
    submitted_si_qaf(world, start, "2025/26", [6] * 6)
    draft = start("si-qaf", period="2026/27")
    rate(draft, world.users["provider_lead"], si_ratings([6, 6, 6, 6, 6, 0]))
    record = judged_visit(world, frameworks, world.provider, ["red", "amber", "green", "green"])
    record.visited_on = datetime.date(2026, 3, 12)
    record.save(update_fields=["visited_on"])
    concern = open_concern(world, frameworks, record)
    ConcernDecision.objects.create(
        concern=concern, decision=ConcernDecision.Decision.CONDITIONS,
        reasons="Safeguarding lead in post from April.", conditions="Weekly attendance returns.",
        review_date=REVIEW, decided_by=world.users["partnership_chair"])
    Concern.objects.filter(pk=concern.pk).update(status=Concern.Status.DECIDED)
    plan(world, world.provider, statuses=["overdue", Action.Status.IN_PROGRESS,
                                          Action.Status.DONE])
    plan(world, world.provider, period="2024/25", statuses=[Action.Status.DONE] * 2)
    Commissioning.objects.filter(commissioner=world.la, provider=world.provider).update(
        status=Commissioning.Status.UNDER_REVIEW, since=datetime.date(2023, 9, 1))
    return record


def test_a_commissioner_sees_the_provider_across_every_framework(known, world, client_for):
    response = client_for(world.users["la_commissioner"]).get(url(world.provider))
    assert response.status_code == 200
    page = text(response)

    status = section(page, "Commissioning status", "Self-assessment results")
    assert "North SEIP Active" in status
    assert "Shire Council Under review 1 September 2023" in status

    results = section(page, "Self-assessment results", "QA visits")
    si = results[results.index("Supported Internship Quality Assurance Framework"):]
    assert re.search(r"2025/26 36 of 36 .*Up 3 since 2024/25 (Not reported )?2024/25 33 of 36", si)
    assert "IntegratED AP Quality Benchmark Toolkit None submitted" in results

    visits = section(page, "QA visits", "Causes for concern and decisions")
    assert "12 March 2026 , QA visit 2025/26 Final" in visits
    for question, judgement in zip(QUESTIONS, ["Red", "Amber", "Green", "Green"], strict=True):
        assert f"{question}: {judgement}" in visits

    concerns = section(page, "Causes for concern and decisions", "Action plans")
    assert "Learner Safety" in concerns and "Raised by North SEIP" in concerns
    # The status in the words every page uses (the review date has passed).
    assert "Decided, under review, review was due 30 Sep 2026 Continue with conditions" in concerns
    assert "Review by 30 September 2026" in concerns

    plans = section(page, "Action plans", "Accessibility statement")
    assert "2025/26 action plan 2 1 1" in plans
    assert "2024/25 action plan 0 2 0" in plans


def test_each_judgement_is_a_word_linking_to_its_section(known, world, client_for):
    html = client_for(world.users["la_commissioner"]).get(url(world.provider)).content.decode()
    assert (f'<a class="govuk-link" href="/visits/{known.pk}/sections/1/">'
            '<span class="app-rag app-rag--red">Red</span>') in html
    assert '<span class="app-rag app-rag--amber">Amber</span>' in html
    assert html.count('<span class="app-rag app-rag--green">Green</span>') == 2
    concern = Concern.objects.get(visit=known)
    assert f'href="{concern.get_absolute_url()}"' in html
    visits = html[html.index('id="visits"'):html.index('id="outcomes"')]
    assert "/summary/" not in visits  # a visit has no summary


def test_an_unshared_draft_appears_nowhere(known, world, client_for):
    for role in ("la_commissioner", "partnership_officer", "provider_lead"):
        page = text(client_for(world.users[role]).get(url(world.provider)))
        assert "30 of 36" not in page and "2026/27" not in page, role


def test_the_providers_own_lead_sees_the_page_without_concerns(known, world, client_for):
    response = client_for(world.users["provider_lead"]).get(url(world.provider))
    assert response.status_code == 200
    page = text(response)
    assert "36 of 36" in page and "Up 3 since 2024/25" in page
    assert "Learner Safety: Red" in page  # the visit is final: its findings are shared
    assert "cause for concern" not in page.lower()
    assert "Continue with conditions" not in page
    assert "Provider dashboard" not in page  # not in the breadcrumbs: they may not open it


def test_a_provider_does_not_see_judgements_before_they_are_shared(world, frameworks, client_for):
    judged_visit(world, frameworks, world.provider, ["red", "amber", "green", "green"])
    Visit.objects.update(state=Visit.State.VISIT_RECORDED)
    lead_page = text(client_for(world.users["provider_lead"]).get(url(world.provider)))
    assert "Not yet shared with the provider" in lead_page and "Learner Safety: Red" not in lead_page
    officer_page = text(client_for(world.users["partnership_officer"]).get(url(world.provider)))
    assert "Learner Safety: Red" in officer_page


def test_breadcrumbs_lead_through_the_dashboard_for_those_who_may_open_it(known, world,
                                                                           client_for):
    html = client_for(world.users["la_commissioner"]).get(url(world.provider)).content.decode()
    crumbs = html[html.index('aria-label="Breadcrumb"'):html.index("</nav>", html.index(
        'aria-label="Breadcrumb"'))]
    assert re.findall(r">([^<>]+)</(?:a|span)>", crumbs) == [
        "Home", "Provider dashboard", "Riverside College"]


@pytest.mark.parametrize("role", ["other_la_commissioner", "other_provider_lead", "no_membership"])
def test_people_who_cannot_see_the_provider_get_404(known, world, client_for, role):
    assert client_for(world.users[role]).get(url(world.provider)).status_code == 404


def test_a_commissioner_of_another_la_sees_its_own_provider(world, client_for):
    response = client_for(world.users["other_la_commissioner"]).get(url(world.other_provider))
    assert response.status_code == 200
    assert "Far Council" in text(response)


def test_a_partnership_or_la_is_not_a_provider_profile(world, client_for):
    client = client_for(world.users["admin"])
    assert client.get(f"/dashboard/providers/{world.la.slug}/").status_code == 404


def test_the_number_of_queries_does_not_grow_with_the_service(known, world, frameworks,
                                                             client_for):
    client = client_for(world.users["la_commissioner"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world.provider)).status_code == 200
        return len(queries)

    client.get(url(world.provider))  # the session and caches warmed, as on any later page
    # At each size: the first view after the service changed works the outcomes out again,
    # the next reads them as kept (``dashboards.outcomes.provider_outcomes``).
    many_providers(world, frameworks, 5, own=False)
    few = [count(), count()]
    many_providers(world, frameworks, 45, first=6, own=False)
    assert [count(), count()] == few, few
    assert few[1] < few[0]
