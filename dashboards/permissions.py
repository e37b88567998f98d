"""Permission rules over the dashboards (django-rules), registered by ``DashboardsConfig.ready``.

The provider dashboard is for the organisations that commission providers: a partnership's
officers and chair, an LA's commissioners, and admins. What it shows is still only what
``visible_to(user)`` gives them. The outcomes dashboard is for every member of a provider,
partnership or local authority, and admins: each sees the figures their organisations count.
"""
import rules

from organisations.permissions import COMMISSIONER_ROLES, is_admin
from organisations.querysets import memberships_of


@rules.predicate
def commissions_providers(user):
    """A member, in a commissioning role, of a partnership or local authority."""
    return any(m.role in COMMISSIONER_ROLES for m in memberships_of(user))


rules.add_perm("dashboards.view_provider_dashboard", is_admin | commissions_providers)


@rules.predicate
def has_outcome_figures(user):
    """A member, in any role, of a provider, partnership or local authority: each sees the
    outcomes aggregates count for them (``outcomes.aggregates``)."""
    return bool(memberships_of(user))


rules.add_perm("dashboards.view_outcomes_dashboard", is_admin | has_outcome_figures)
