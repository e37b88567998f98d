"""Leak test on the demo data (issue 31, acceptance 3): a token of each demo organisation
against every collection, with every filter the demo's rows give, paging to the end: no row
of a provider outside what the organisation commissions (a provider: itself); and a revoked
token is refused at once."""
import itertools

from api.models import ApiToken
from api.tokens import token_revoke
from demo.seed import COMMISSIONING, ORGANISATIONS
from organisations.models import Organisation, User

from .conftest import ApiClient, make_token

COLLECTIONS = ["/api/v1/providers", "/api/v1/self-assessments", "/api/v1/actions"]
PROVIDERS = {slug for slug, _, kind, _ in ORGANISATIONS if kind == Organisation.Kind.PROVIDER}


def _allowed(slug: str) -> set[str]:
    if slug in PROVIDERS:
        return {slug}
    return {provider for commissioner, provider in COMMISSIONING if commissioner == slug}


def _every_row(client, url, query):
    rows, address = [], url
    params = {**query, "limit": 2}
    while address:
        response = client.get(address, params)
        assert response.status_code == 200, (address, response.content)
        rows += response.json()["results"]
        address, params = response.json()["next"], None
    return rows


def test_no_token_sees_a_row_outside_its_organisations_share(demo):
    admin = User.objects.get(email="admin@qaportal.example")
    years = ["2023/24", "2024/25", "2025/26", "2099/00"]
    frameworks = ["si-qaf", "ap-benchmarks", "no-such"]
    seen_any = set()
    for slug, *_ in ORGANISATIONS:
        organisation = Organisation.objects.get(slug=slug)
        client = ApiClient(make_token(organisation, admin))
        allowed = _allowed(slug)
        filters = [{}, *({"academic_year": y} for y in years),
                   *({"framework": f} for f in frameworks),
                   *({"provider": p} for p in sorted(PROVIDERS)),
                   *({"academic_year": y, "provider": p}
                     for y, p in itertools.product(years[:2], sorted(PROVIDERS)))]
        for url, query in itertools.product(COLLECTIONS[1:], filters):
            if "framework" in query and url.endswith("actions"):
                continue  # actions take no framework filter
            rows = _every_row(client, url, query)
            assert {row["provider_slug"] for row in rows} <= allowed, (slug, url, query)
            seen_any |= {(url, row["id"]) for row in rows}
        providers = _every_row(client, COLLECTIONS[0], {})
        assert {row["slug"] for row in providers} == allowed, slug
    # The demo's self-assessments and actions were found by someone.
    assert {url for url, _ in seen_any} == set(COLLECTIONS[1:])


def test_a_revoked_token_is_refused_at_once(demo):
    leicestershire = Organisation.objects.get(slug="leicestershire-cc")
    lead = User.objects.get(email="commissioner@leics.example")
    client = ApiClient(make_token(leicestershire, lead))
    assert client.get(COLLECTIONS[0]).status_code == 200
    token_revoke(token=ApiToken.objects.get(organisation=leicestershire), by=lead)
    for url in COLLECTIONS:
        assert client.get(url).status_code == 401
