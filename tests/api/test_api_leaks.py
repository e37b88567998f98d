"""Leak test on the demo data (issue 31, acceptance 3): a token of each demo organisation
against every collection in the API's own schema, with every filter the demo's rows give,
paging to the end: no row about a provider outside what the organisation commissions (a
provider: itself); and a revoked token is refused at once, in JSON and CSV."""
import itertools

from api.models import ApiToken
from api.tokens import token_revoke
from demo.seed import COMMISSIONING, ORGANISATIONS
from organisations.models import Organisation, User
from outcomes.models import Learner

from .conftest import ApiClient, make_token

PROVIDERS = {slug for slug, _, kind, _ in ORGANISATIONS if kind == Organisation.Kind.PROVIDER}
YEARS = ["2023/24", "2024/25", "2025/26", "2099/00"]


def collections() -> dict[str, set[str]]:
    """Every JSON collection in the API's own schema (a new one is tested unedited), with the
    filters it takes."""
    from api.base import api

    found = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "{" in path or path.endswith(".csv") or "get" not in operations:
            continue
        if path.endswith("openapi.json"):
            continue
        names = {p["name"] for p in operations["get"].get("parameters", [])}
        if "limit" in names:
            found[path] = names - {"cursor", "limit", "updated_since"}
    return found


def _allowed(slug: str) -> set[str]:
    if slug in PROVIDERS:
        return {slug}
    return {provider for commissioner, provider in COMMISSIONING if commissioner == slug}


def _every_row(client, url, query):
    rows, address = [], url
    params = {**query, "limit": 2}
    while address:
        response = client.get(address, params)
        assert response.status_code in (200, 403), (address, response.content)
        if response.status_code == 403:  # outcome figures the organisation has none of
            return []
        rows += response.json()["results"]
        address, params = response.json()["next"], None
    return rows


def _filters(takes: set[str], providers: dict[str, int]) -> list[dict]:
    """Every filter the demo's rows give, as far as the collection takes it."""
    found = [{}]
    if "academic_year" in takes:
        found += [{"academic_year": y} for y in YEARS]
        found += [{"academic_year": y, "provider": p}
                  for y, p in itertools.product(YEARS[:2], sorted(PROVIDERS))]
    if "year" in takes:
        found += [{"year": y} for y in ("2024/25", "2025/26", "2099/00")]
    if "framework" in takes:
        found += [{"framework": f} for f in ("si-qaf", "ap-benchmarks", "no-such")]
    if "provider" in takes:
        # A provider by slug, or (outcome figures, as the dashboard's filter) by id.
        found += [{"provider": p if "academic_year" in takes else providers[p]}
                  for p in sorted(PROVIDERS)]
    return found


def _providers_named(url: str, row: dict, names: dict[str, str]) -> set[str]:
    """The demo providers a row is about: by slug, or (an outcome figure's group) by name."""
    if "provider_slug" in row:
        return {row["provider_slug"]}
    if url.endswith("/providers"):
        return {row["slug"]}
    return {names[row["group"]]} if row.get("group") in names else set()


def test_no_token_sees_a_row_outside_its_organisations_share(demo):
    admin = User.objects.get(email="admin@qaportal.example")
    demo_providers = Organisation.objects.filter(slug__in=PROVIDERS)
    ids = {p.slug: p.pk for p in demo_providers}
    names = {p.name: p.slug for p in demo_providers}
    seen_any = set()
    for slug, *_ in ORGANISATIONS:
        organisation = Organisation.objects.get(slug=slug)
        client = ApiClient(make_token(organisation, admin))
        allowed = _allowed(slug)
        for url, takes in collections().items():
            for query in _filters(takes, ids):
                rows = _every_row(client, url, query)
                about = set().union(*(_providers_named(url, row, names) for row in rows))
                assert about <= allowed, (slug, url, query, about - allowed)
                seen_any |= {url} if rows else set()
        providers = _every_row(client, "/api/v1/providers", {})
        assert {row["slug"] for row in providers} == allowed, slug
        for provider in sorted(PROVIDERS):  # one by one: a 404 alike for one not its own
            status = client.get(f"/api/v1/providers/{provider}").status_code
            assert status == (200 if provider in allowed else 404), (slug, provider)
    # Someone found rows in every collection of a kind the demo has (it has no learners: the
    # outcome figures' own tests make theirs, tests/api/test_outcome_figures.py).
    expected = set(collections()) - ({"/api/v1/outcome-figures"}
                                     if not Learner.objects.exists() else set())
    assert seen_any == expected, seen_any


def test_a_revoked_token_is_refused_at_once(demo):
    leicestershire = Organisation.objects.get(slug="leicestershire-cc")
    lead = User.objects.get(email="commissioner@leics.example")
    client = ApiClient(make_token(leicestershire, lead))
    assert client.get("/api/v1/providers").status_code == 200
    token_revoke(token=ApiToken.objects.get(organisation=leicestershire), by=lead)
    for url in collections():
        assert client.get(url).status_code == 401
        assert client.get(url + ".csv").status_code == 401
