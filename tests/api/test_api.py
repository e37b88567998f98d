"""The read-only API with a token: what each organisation's token sees is what its lead sees
(through the pages' own visibility rule), paged by id with a ``next`` link and a CSV form;
bad parameters are a 400 naming them, a bad token a 401, a token past its minute's limit a
429 with Retry-After; every request is recorded."""
import csv
import io
import json

import pytest
from django.test import override_settings
from django.utils import timezone

from api.base import NOT_IN_SCOPE
from api.models import ApiRequest, ApiToken, Scope
from api.paging import BAD_CURSOR
from api.tokens import token_revoke
from assessments.models import Assessment
from organisations.models import Organisation
from tests.factories import CommissioningFactory, ProviderFactory

from .conftest import ApiClient, make_token, query_counts

PROVIDERS = "/api/v1/providers"


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_each_token_sees_what_its_organisations_lead_sees(world, api_for):
    assert _slugs(api_for("la_commissioner").get(PROVIDERS)) == [world.provider.slug]
    assert _slugs(api_for("other_la_commissioner").get(PROVIDERS)) == [world.other_provider.slug]
    assert _slugs(api_for("partnership_officer").get(PROVIDERS)) == [world.provider.slug]
    assert _slugs(api_for("provider_lead").get(PROVIDERS)) == [world.provider.slug]
    [row] = api_for("la_commissioner").get(PROVIDERS).json()["results"]
    assert row["commissioning_status"] == "Active" and row["name"] == world.provider.name


def test_a_token_made_by_someone_in_two_organisations_reads_as_its_own_only(world):
    """The LA's commissioner also works at Hilltop: the LA's token does not see Hilltop."""
    from tests.factories import MembershipFactory

    person = world.users["la_commissioner"]
    MembershipFactory(user=person, organisation=world.other_provider)
    client = ApiClient(make_token(world.la, person))
    assert _slugs(client.get(PROVIDERS)) == [world.provider.slug]


def test_pages_follow_next_in_a_stable_order_and_the_csv_is_the_same_rows(world, api_for):
    for _ in range(7):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory())
    client = api_for("la_commissioner")
    seen, url, pages = [], PROVIDERS + "?limit=3", 0
    while url:
        response = client.get(url)
        seen += _slugs(response)
        url = response.json()["next"]
        pages += 1
    assert pages == 3 and len(seen) == 8 == len(set(seen))
    expected = list(Organisation.objects.filter(slug__in=seen).order_by("pk")
                    .values_list("slug", flat=True))
    assert seen == expected
    rows, url = [], PROVIDERS + ".csv?limit=3"
    while url:
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows += list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        link = response.get("Link", "")
        url = link[1:link.index(">")] if link else None
    assert [row["slug"] for row in rows] == seen


@pytest.mark.parametrize("query, parameter", [
    ("limit=501", "limit"), ("limit=0", "limit"), ("limit=abc", "limit"),
    ("limit=99999999999999999999999", "limit"), ("updated_since=yesterday", "updated_since"),
    # Numbers pydantic alone would read as seconds since 1970, answering with every row.
    ("updated_since=0.5", "updated_since"), ("updated_since=20261207", "updated_since"),
    # An offset no place has (PostgreSQL refuses -19:55), and a moment before the year 1.
    ("updated_since=0920-01-04T23:31:13-19:55", "updated_since"),
    ("updated_since=0001-01-01T00:00:00%2B01:00", "updated_since"),
    ("cursor=forged", "cursor"), ("colour=red", "colour"), ("Limit=5", "Limit"),
])
def test_bad_parameters_are_a_400_naming_them(world, api_for, query, parameter):
    response = api_for("la_commissioner").get(f"{PROVIDERS}?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == parameter and body["detail"]
    if parameter == "cursor":
        assert body["detail"] == BAD_CURSOR


def test_a_missing_wrong_revoked_or_expired_token_is_a_401(world, api_for):
    assert ApiClient("").get(PROVIDERS).status_code == 401
    assert ApiClient("qap_nothing_here").get(PROVIDERS).status_code == 401
    secret = make_token(world.la, world.users["la_commissioner"])
    client = ApiClient(secret)
    assert client.get(PROVIDERS).status_code == 200
    assert ApiClient(secret[:-1] + ("A" if secret[-1] != "A" else "B")).get(
        PROVIDERS).status_code == 401
    token = ApiToken.objects.get(prefix=secret.split("_", 2)[1])
    token_revoke(token=token, by=world.users["la_commissioner"])
    response = client.get(PROVIDERS)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    other = ApiClient(make_token(world.la, world.users["la_commissioner"]))
    ApiToken.objects.filter(name="Power BI", revoked_at__isnull=True).update(
        expires_at="2020-01-01T00:00:00Z")
    assert other.get(PROVIDERS).status_code == 401


def test_a_token_without_the_scope_is_refused(world, api_for):
    response = api_for("la_commissioner", scopes=[Scope.OUTCOMES]).get(PROVIDERS)
    assert response.status_code == 403
    assert response.json()["detail"] == NOT_IN_SCOPE.format(what="quality data")


@override_settings(API_RATE_LIMIT=3)
def test_past_the_minutes_limit_a_429_says_when_to_come_back(world, api_for):
    client = api_for("la_commissioner")
    assert [client.get(PROVIDERS).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(PROVIDERS)
    assert response.status_code == 429 and 1 <= int(response["Retry-After"]) <= 60


def test_every_request_is_recorded_with_its_status_and_rows(world, api_for):
    client = api_for("la_commissioner")
    client.get(PROVIDERS + "?limit=5")
    client.get(PROVIDERS + "?limit=501")
    token = ApiToken.objects.get()
    assert list(ApiRequest.objects.order_by("pk").values_list("path", "query", "status",
                                                               "rows")) == [
        (PROVIDERS, "limit=5", 200, 1), (PROVIDERS, "limit=501", 400, 0)]
    assert (token.use_count, token.last_used_at is not None) == (2, True)


def test_frameworks_and_their_structure_label_the_rest(world, api_for, frameworks):
    client = api_for("provider_lead")
    listed = client.get("/api/v1/frameworks").json()["results"]
    assert {"si-qaf"} <= {f["slug"] for f in listed}
    structure = client.get("/api/v1/frameworks/si-qaf").json()
    assert structure["sections"] and structure["sections"][0]["criteria"]
    assert structure["scales"] and structure["scales"][0]["levels"]
    assert client.get("/api/v1/frameworks/no-such").status_code == 404


def test_the_schema_is_served_and_matches_the_file_in_the_repository(world):
    from pathlib import Path

    from api.urls import api

    schema = api.get_openapi_schema()
    kept = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"
    assert json.loads(kept.read_text()) == json.loads(json.dumps(schema)), \
        "docs/api/openapi.json is out of date: run `make api-schema`"


@pytest.mark.parametrize("path", [PROVIDERS, PROVIDERS + ".csv", "/api/v1/frameworks",
                                  "/api/v1/frameworks.csv", "/api/v1/self-assessments",
                                  "/api/v1/self-assessments.csv", "/api/v1/actions",
                                  "/api/v1/actions.csv", "/api/v1/outcome-figures",
                                  "/api/v1/outcome-figures.csv"])
@override_settings(API_RATE_LIMIT=10_000)  # some 150 requests a path, in well under a minute
def test_nothing_sent_as_a_parameter_is_a_server_error(world, api_for, path):
    """Each parameter, and an unknown one, with each of the fuzz test's nasty values: a 200 or
    a 400, never a 5xx."""
    from tests.qaportal.test_fuzz_no_server_errors import NASTY

    client = api_for("la_commissioner")
    for name in ("cursor", "limit", "updated_since", "provider", "academic_year", "framework",
                 "state", "year", "need", "age_band", "area", "x" * 300):
        for value in [*NASTY, "2026-01-01T00:00:00Z", "-5", "1e9", "null"]:
            response = client.get(path, {name: value})
            assert response.status_code in (200, 400), (name, value, response.status_code)
            if response.status_code == 400:
                assert response.json()["parameter"] == name
    for slug in [*NASTY, "../providers", "si-qaf%00"]:
        assert client.get(f"/api/v1/frameworks/{slug}").status_code in (200, 400, 404), slug


def test_each_endpoint_asks_the_same_queries_at_5_and_50_providers(world, api_for,
                                                                   frameworks):
    client = api_for("la_commissioner")
    urls = [PROVIDERS + "?limit=500", PROVIDERS + ".csv?limit=500", "/api/v1/frameworks",
            "/api/v1/frameworks/si-qaf", "/api/v1/self-assessments?limit=500",
            "/api/v1/self-assessments.csv?limit=500", "/api/v1/actions?limit=500",
            "/api/v1/outcome-figures?limit=500"]

    def counts():
        return query_counts(client, urls)

    def providers(n):
        for _ in range(n):
            provider = ProviderFactory(provider_type=world.provider.provider_type)
            CommissioningFactory(commissioner=world.la, provider=provider)
            Assessment.objects.create(
                framework=frameworks["si-qaf"], framework_slug="si-qaf",
                kind=frameworks["si-qaf"].kind, provider=provider, period="2024/25",
                state=Assessment.State.SUBMITTED, submitted_at=timezone.now(),
                created_by=world.users["admin"])

    providers(4)
    few = counts()
    providers(45)
    assert counts() == few
    # The token's lookup, its use (one UPDATE), the page, and the request's record.
    assert few[0] <= 5


def test_updated_since_takes_a_date_and_time_with_or_without_its_offset(world, api_for):
    client = api_for("la_commissioner")
    assert _slugs(client.get(PROVIDERS, {"updated_since": "2000-01-01T00:00:00Z"})) == [
        world.provider.slug]
    assert _slugs(client.get(PROVIDERS, {"updated_since": "2000-01-01 00:00"})) == [
        world.provider.slug]
    assert _slugs(client.get(PROVIDERS, {"updated_since": "2999-01-01T00:00:00+01:00"})) == []
