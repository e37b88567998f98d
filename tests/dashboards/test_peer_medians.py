"""The anonymised peer medians on a provider's profile, with known data: the exact median of each
section (a half shown as "4.5"), hidden below five contributing providers with the reason said,
what never counts (another type, drafts, another year, the provider itself), that no other
provider is ever named, who sees them, and a number of queries that does not grow with the
service. Rows are made directly: the page only reads them."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, Response
from dashboards.peers import PEER_MINIMUM, service_wide_peer_medians
from organisations.models import Organisation
from tests.assessments.conftest import si_ratings
from tests.dashboards.test_provider_dashboard import text
from tests.factories import ProviderFactory

SI = Organisation.ProviderType.SUPPORTED_INTERNSHIP
NOT_SHOWN = "Not shown: fewer than 5 providers of this type have submitted this year"

# Six other providers' SI QAF section scores (one column per provider) and each row's median:
# six values, so each median is the mean of the middle two.
PEER_SCORES = [
    [1, 2, 3, 4, 5, 6],  # Leadership: 3.5
    [6, 6, 6, 6, 6, 6],  # Planning: 6
    [0, 0, 1, 5, 6, 6],  # Partnership: 3
    [2, 2, 4, 5, 6, 6],  # Readiness: 4.5
    [3, 3, 3, 3, 3, 3],  # Progress: 3
    [0, 1, 2, 3, 4, 5],  # Results: 2.5
]
MEDIANS = ["3.5", "6", "3", "4.5", "3", "2.5"]
TITLES = ["Leadership", "Planning", "Partnership", "Readiness", "Progress", "Results"]


def url(provider) -> str:
    return f"/dashboard/providers/{provider.slug}/"


def assessment(world, frameworks, provider, scores, *, slug="si-qaf", period="2025/26",
               state=Assessment.State.SUBMITTED, ratings=None):
    """An assessment with a response per criterion: SI QAF with ``scores`` evidenced per
    section, or ``ratings`` (criterion code -> level code) for any framework."""
    framework = frameworks[slug]
    made = Assessment.objects.create(
        framework=framework, framework_slug=slug, kind=framework.kind, provider=provider,
        period=period, state=state, created_by=world.users["provider_lead"])
    levels = {lv.code: lv for lv in framework.item_scale.levels.all()}
    ratings = ratings if ratings is not None else si_ratings(scores)
    Response.objects.bulk_create(
        Response(assessment=made, criterion=c, level=levels.get(ratings.get(c.code)))
        for c in framework.criteria.all())
    return made


def peers(world, frameworks, columns, *, start=1, provider_type=SI, **kwargs):
    """One provider ("Peer College 01" on) per column of ``columns`` (section scores)."""
    made = []
    for i, scores in enumerate(zip(*columns, strict=True), start=start):
        provider = ProviderFactory(name=f"Peer College {i:02d}", slug=f"peer-college-{i:02d}",
                                   provider_type=provider_type)
        assessment(world, frameworks, provider, list(scores), **kwargs)
        made.append(provider)
    return made


def comparison(page: str) -> str:
    main = page[page.index("Provider profile "):]
    return main[main.index("Compared with providers of the same type"):main.index("QA visits")]


@pytest.fixture
def riverside(world, frameworks):
    """Riverside's own SI QAF: 5 in each section in 2025/26 (and 2 in each in 2024/25)."""
    assessment(world, frameworks, world.provider, [2] * 6, period="2024/25")
    return assessment(world, frameworks, world.provider, [5] * 6)


@pytest.fixture
def six(world, frameworks, riverside):
    return peers(world, frameworks, PEER_SCORES)


def test_each_section_shows_the_median_of_six_other_providers(six, world, client_for):
    page = comparison(text(client_for(world.users["provider_lead"]).get(url(world.provider))))
    assert "2025/26: median of 6 providers of the same type" in page
    for i, (title, median) in enumerate(zip(TITLES, MEDIANS, strict=True), start=1):
        assert f"{i}. {title} 5 of 6 {median} of 6 " in page, title
    assert NOT_SHOWN not in page
    assert "2024/25" not in page  # the latest result only


@pytest.mark.parametrize("role", ["provider_lead", "provider_staff", "la_commissioner",
                                  "partnership_officer", "admin"])
def test_everyone_who_may_open_the_profile_sees_the_medians(six, world, client_for, role):
    page = comparison(text(client_for(world.users[role]).get(url(world.provider))))
    assert "median of 6 providers of the same type" in page
    assert "4. Readiness 5 of 6 4.5 of 6" in page


def test_with_four_other_providers_no_median_is_shown_and_the_page_says_why(
        riverside, world, frameworks, client_for):
    peers(world, frameworks, [row[:4] for row in PEER_SCORES])
    page = comparison(text(client_for(world.users["provider_lead"]).get(url(world.provider))))
    assert page.count(NOT_SHOWN) == 6
    assert not re.search(r"median of \d+ providers", page)
    assert not re.search(r"5 of 6 \d", page)  # no figure beside the provider's own


def test_five_other_providers_are_enough(riverside, world, frameworks, client_for):
    peers(world, frameworks, [row[:5] for row in PEER_SCORES])
    page = comparison(text(client_for(world.users["provider_lead"]).get(url(world.provider))))
    assert "median of 5 providers of the same type" in page
    assert "1. Leadership 5 of 6 3 of 6" in page  # 1 2 3 4 5
    assert NOT_SHOWN not in page


def test_another_type_drafts_other_years_and_the_provider_itself_never_count(
        riverside, world, frameworks, client_for):
    peers(world, frameworks, [row[:4] for row in PEER_SCORES])
    zeros = [[0]] * 6
    peers(world, frameworks, zeros, start=11, provider_type=Organisation.ProviderType.AP_SCHOOL)
    peers(world, frameworks, zeros, start=12, state=Assessment.State.DRAFT)
    peers(world, frameworks, zeros, start=13, period="2024/25")
    page = comparison(text(client_for(world.users["provider_lead"]).get(url(world.provider))))
    assert page.count(NOT_SHOWN) == 6  # still four: none of the three above, nor Riverside

    peers(world, frameworks, [[6]] * 6, start=5)  # a fifth of the type: now shown, of five
    page = comparison(text(client_for(world.users["provider_lead"]).get(url(world.provider))))
    assert "median of 5 providers of the same type" in page
    assert "2. Planning 5 of 6 6 of 6" in page
    assert "3. Partnership 5 of 6 1 of 6" in page  # 0 0 1 5 6: the zeros above never counted


def test_no_other_provider_is_named_or_linked(six, world, client_for):
    for role in ("provider_lead", "la_commissioner", "admin"):
        html = client_for(world.users[role]).get(url(world.provider)).content.decode()
        for provider in six:
            assert provider.name not in html and provider.slug not in html, role
        assert "Hilltop AP" not in html


def test_the_peer_read_returns_numbers_only(six, world):
    found = service_wide_peer_medians(provider_id=world.provider.pk, provider_type=SI,
                                      wanted={("si-qaf", "2025/26"): ["1", "4"]})
    assert PEER_MINIMUM == 5
    peer = found["si-qaf", "2025/26"]
    assert (peer.contributors, peer.medians) == (6, {"1": 3.5, "4": 4.5})


def test_a_framework_without_comparison_shows_its_own_levels_year_on_year_and_no_median(
        world, frameworks, client_for):
    """IntegratED is "not a means by which to compare AP schools" (``comparison: false``):
    with five peers that could make a median, none is shown, nor a total of points; each
    benchmark's levels stand year on year against the provider's own earlier result."""
    ap = Organisation.ProviderType.AP_SCHOOL
    Organisation.objects.filter(pk=world.provider.pk).update(provider_type=ap)
    assessment(world, frameworks, world.provider, None, slug="integrated-ap-benchmarks",
               period="2024/25", ratings=dict.fromkeys(["3a", "3b", "3c", "3d"], "developing"))
    assessment(world, frameworks, world.provider, None, slug="integrated-ap-benchmarks",
               ratings={"3a": "embedded", "3b": "embedded", "3c": "developing",
                        "3d": "not_in_place"})
    for i, level in enumerate(["not_in_place", "developing", "developing", "established",
                               "embedded"], start=1):
        other = ProviderFactory(name=f"Peer School {i}", slug=f"peer-school-{i}",
                                provider_type=ap)
        assessment(world, frameworks, other, None, slug="integrated-ap-benchmarks",
                   ratings=dict.fromkeys(["3a", "3b", "3c", "3d"], level))
    whole = text(client_for(world.users["provider_lead"]).get(url(world.provider)))
    assert "median of" not in comparison(whole)
    assert "points" not in whole and "11 of 16" not in whole
    assert ("3. Partnership working Embedded 2, Developing 1, Not yet in place 1 "
            "Developing 4") in whole


def test_the_number_of_queries_is_the_same_with_6_and_30_other_providers(
        six, world, frameworks, client_for):
    client = client_for(world.users["provider_lead"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world.provider)).status_code == 200
        return len(queries)

    client.get(url(world.provider))  # the session and caches warmed, as on any later page
    few = count()
    peers(world, frameworks, [row * 4 for row in PEER_SCORES], start=7)
    page = comparison(text(client.get(url(world.provider))))
    assert "median of 30 providers of the same type" in page
    assert count() == few, few

