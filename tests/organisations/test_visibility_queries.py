"""The visibility rule reads through the user's own memberships, so what a query reads follows
what the user may see, not the size of the service: no DISTINCT over a join of every
organisation, link and membership, and the same queries however many providers others have."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.models import Organisation
from organisations.querysets import visible_provider_ids
from tests.factories import CommissioningFactory, MembershipFactory, ProviderFactory


def org_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries
            if 'FROM "organisations_organisation"' in q["sql"]]


def other_providers(world, n):
    """``n`` providers the provider lead has nothing to do with, each with its own lead."""
    for _ in range(n):
        provider = ProviderFactory()
        CommissioningFactory(commissioner=world.other_la, provider=provider)
        MembershipFactory(organisation=provider)


def test_a_provider_leads_list_is_scoped_by_its_own_memberships(world, client_for):
    lead = world.users["provider_lead"]
    queries = org_queries(client_for(lead), "/organisations/")
    assert queries
    for sql in queries:
        assert "DISTINCT" not in sql
        # Every read of organisations is limited by an id set that starts from this user's
        # memberships (their organisations' ids, read once for the request), never a join
        # across every link.
        assert re.search(rf'"id" IN \({world.provider.pk}\)', sql), sql
        assert not re.search(r'FROM "organisations_organisation" (LEFT OUTER |INNER )?JOIN', sql), sql


@pytest.mark.parametrize("role", ["provider_lead", "la_commissioner", "partnership_officer"])
def test_the_providers_list_asks_the_same_queries_at_5_and_50_other_providers(
        world, client_for, role):
    client = client_for(world.users[role])
    other_providers(world, 5)
    few = org_queries(client, "/organisations/")
    other_providers(world, 45)
    many = org_queries(client, "/organisations/")
    assert len(few) == len(many)


def test_the_visible_provider_ids_are_exactly_the_rule(world):
    """Own provider for its people, commissioned providers for commissioners, nothing else."""
    other_providers(world, 3)
    ids = lambda role: set(Organisation.objects.filter(  # noqa: E731
        pk__in=visible_provider_ids(world.users[role])).values_list("pk", flat=True))
    assert ids("provider_lead") == {world.provider.pk}
    assert ids("partnership_officer") == {world.provider.pk}
    assert ids("other_la_commissioner") == {world.other_provider.pk} | set(
        Organisation.objects.filter(commissioned_by__commissioner=world.other_la)
        .values_list("pk", flat=True))
    assert ids("no_membership") == set()


def assessment_queries(client, url, table="assessments_assessment") -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries if f'FROM "{table}"' in q["sql"]]


@pytest.mark.parametrize(("url", "table"), [("/assessments/", "assessments_assessment"),
                                            ("/visits/", "visits_visit")])
def test_a_provider_leads_lists_read_only_its_own_providers_assessments(world, client_for, url,
                                                                        table):
    """A provider lead's lists of self-assessments and QA visits name its own provider's id
    and nothing else: no commissioning link, no other membership, whatever else the service
    holds."""
    lead = world.users["provider_lead"]
    other_providers(world, 5)
    queries = assessment_queries(client_for(lead), url, table)
    assert queries
    for sql in queries:
        if "WHERE" not in sql or f'"{table}"."id" IN' in sql:
            continue  # the page's progress, read for the page's own rows by id
        assert re.search(rf'"{table}"\."provider_id" IN \({world.provider.pk}\)', sql), sql
        assert "organisations_commissioning" not in sql, sql


def test_a_commissioners_lists_start_from_its_own_commissioning_links(world, client_for):
    commissioner = world.users["la_commissioner"]
    queries = assessment_queries(client_for(commissioner), "/assessments/")
    assert queries
    for sql in queries:
        if '"assessments_assessment"."id" IN' in sql:
            continue
        assert re.search(rf'"commissioner_id" IN \({world.la.pk}\)', sql), sql
        # No provider membership: the provider's-own branch of the rule is not asked.
        assert 'U0."user_id"' not in sql, sql


def test_a_new_or_removed_membership_is_seen_at_once_by_the_same_user_object(world):
    """The memberships are read once per user object; changing one forgets them."""
    user = world.users["no_membership"]
    visible = lambda: set(Organisation.objects.visible_to(user).values_list("pk", flat=True))  # noqa: E731
    assert visible() == set()
    membership = MembershipFactory(user=user, organisation=world.other_provider)
    assert world.other_provider.pk in visible()
    membership.delete()
    assert visible() == set()


def test_a_reader_narrowed_to_one_organisation_sees_its_share_only(world):
    """Someone in two organisations, read as one of them (an inspection pack's reader, an API
    token's): the other organisation and what it commissions are not there."""
    from organisations.querysets import narrowed_to

    person = world.users["la_commissioner"]
    MembershipFactory(user=person, organisation=world.other_provider)
    both = set(Organisation.objects.visible_to(person))
    assert world.other_provider in both
    narrowed = narrowed_to(person, world.la)
    shown = set(Organisation.objects.visible_to(narrowed))
    assert world.la in shown and world.other_provider not in shown
    assert set(Organisation.objects.filter(pk__in=visible_provider_ids(narrowed))) == \
        {o for o in shown if o.kind == Organisation.Kind.PROVIDER}
