"""Permission rules over bulk exports (django-rules), registered by ``ExportsConfig.ready``.

Who may export: an administrator, or a partnership officer or chair or LA commissioner
(``COMMISSIONER_ROLES``) for their own partnership or LA. Provider people may not (403): they
download their own reports one at a time. Seeing an export is ``visible_to`` (its requester's
alone)."""
import rules

from organisations.permissions import COMMISSIONER_ROLES, is_admin, roles_in
from organisations.querysets import COMMISSIONER_KINDS, memberships_of

NOT_ALLOWED = "Only partnership and local authority staff and administrators make bulk exports."


@rules.predicate
def commissions_for(user, organisation):
    """A partnership officer or chair, or LA commissioner, of this partnership or LA."""
    return (organisation is not None and organisation.kind in COMMISSIONER_KINDS
            and bool(roles_in(user, organisation) & COMMISSIONER_ROLES))


@rules.predicate
def commissions_anywhere(user):
    """A partnership officer or chair, or LA commissioner, of some partnership or LA."""
    return any(m.role in COMMISSIONER_ROLES and m.organisation.kind in COMMISSIONER_KINDS
               for m in memberships_of(user))


# Asked about the partnership or LA the export is for.
rules.add_perm("exports.export_for", is_admin | commissions_for)
# Asked without an object: the exports pages and the dashboard's link.
rules.add_perm("exports.use_exports", is_admin | commissions_anywhere)
