"""Permission rules over the dashboards (django-rules), registered by ``DashboardsConfig.ready``.

The provider dashboard is for the organisations that commission providers: a partnership's
officers and chair, an LA's commissioners, and admins. What it shows is still only what
``visible_to(user)`` gives them.
"""
import rules

from organisations.permissions import COMMISSIONER_ROLES, is_admin
from organisations.querysets import memberships_of


@rules.predicate
def commissions_providers(user):
    """A member, in a commissioning role, of a partnership or local authority."""
    return any(m.role in COMMISSIONER_ROLES for m in memberships_of(user))


rules.add_perm("dashboards.view_provider_dashboard", is_admin | commissions_providers)
