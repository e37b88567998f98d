"""Permission rules over the dashboards (django-rules), registered by ``DashboardsConfig.ready``.

The provider dashboard is for the organisations that commission providers: a partnership's
officers and chair, an LA's commissioners, and admins. What it shows is still only what
``visible_to(user)`` gives them. A provider's profile is for its own people, those who
commission it and admins: the providers ``Organisation.objects.visible_to`` gives. The outcomes
dashboard is for every member of a provider, partnership or local authority, and admins: each
sees the figures their organisations count.
"""
import rules

from organisations.permissions import COMMISSIONER_ROLES, is_admin, is_member
from organisations.querysets import commissioned_provider_ids, memberships_of


@rules.predicate
def commissions_providers(user):
    """A member, in a commissioning role, of a partnership or local authority."""
    return any(m.role in COMMISSIONER_ROLES for m in memberships_of(user))


rules.add_perm("dashboards.view_provider_dashboard", is_admin | commissions_providers)


@rules.predicate
def is_a_provider(user, organisation):
    return organisation.is_provider


@rules.predicate
def commissions_provider(user, provider):
    """A member of a partnership or LA that commissions the provider, whatever the link's
    status (as ``Organisation.objects.visible_to``): a query, asked only of such members."""
    provider_ids = commissioned_provider_ids(user)
    return bool(provider_ids) and provider_ids.filter(provider_id=provider.pk).exists()


# Its own people's membership is read from the cached roles, so Home pays no query for it.
rules.add_perm("dashboards.view_provider_profile",
               is_a_provider & (is_admin | is_member | commissions_provider))


@rules.predicate
def has_outcome_figures(user):
    """A member, in any role, of a provider, partnership or local authority: each sees the
    outcomes aggregates count for them (``outcomes.aggregates``)."""
    return bool(memberships_of(user))


rules.add_perm("dashboards.view_outcomes_dashboard", is_admin | has_outcome_figures)
