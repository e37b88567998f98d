"""Permission rules over bulk exports (django-rules), registered by ``ExportsConfig.ready``.

Who may export: an administrator, or a partnership officer or chair or LA commissioner
(``COMMISSIONER_ROLES``) for their own partnership or LA. Provider people may not (403): they
download their own reports one at a time. Seeing an export is ``visible_to`` (its requester's
alone, while they may still export for its organisation). Downloading its ZIP needs, at the
time of the download, the rights it was made with (``download_refused``)."""
import rules
from django.conf import settings

from organisations.models import Membership, Organisation
from organisations.permissions import COMMISSIONER_ROLES, is_admin, roles_in
from organisations.querysets import COMMISSIONER_KINDS, memberships_of
from outcomes.permissions import is_la_commissioner_of

NOT_ALLOWED = "Only partnership and local authority staff and administrators make bulk exports."
PACK_NOT_ALLOWED = "Only a local authority’s commissioners make its inspection pack."


@rules.predicate
def commissions_for(user, organisation):
    """A partnership officer or chair, or LA commissioner, of this partnership or LA."""
    return (organisation is not None and organisation.kind in COMMISSIONER_KINDS
            and bool(roles_in(user, organisation) & COMMISSIONER_ROLES))


def exporting_org_ids(user) -> list[int]:
    """The partnerships and LAs the user is an officer, chair or commissioner of."""
    return [m.organisation_id for m in memberships_of(user)
            if m.role in COMMISSIONER_ROLES and m.organisation.kind in COMMISSIONER_KINDS]


@rules.predicate
def commissions_anywhere(user):
    """A partnership officer or chair, or LA commissioner, of some partnership or LA."""
    return bool(exporting_org_ids(user))


# Asked about the partnership or LA the export is for.
rules.add_perm("exports.export_for", is_admin | commissions_for)
# An LA's inspection pack is its own evidence, read as its own people read it: its
# commissioners make it, as they manage its outcomes (an administrator is not one of them).
rules.add_perm("exports.inspection_pack_for", is_la_commissioner_of)
# Asked without an object: the exports pages and the dashboard's link.
rules.add_perm("exports.use_exports", is_admin | commissions_anywhere)

NO_LONGER_SEEN = ("You can no longer see {count} {providers} in this export, so it cannot be "
                  "downloaded. Ask for a new export: it will hold what you may see now.")
ROLES_CHANGED = ("Your roles have changed since this export was made (you no longer have the "
                 "role of {role} at {organisation}), so it cannot be downloaded. Ask for a new "
                 "export: it will hold what you may see now.")
RIGHTS_NOT_RECORDED = ("This export was made before the portal recorded the rights it was made "
                       "with, so it cannot be downloaded. Ask for a new export.")


def rights_of(user) -> dict:
    """Everything a report's copy may depend on about its reader: administrator or not, and
    each role in each organisation (what they see, and what a copy holds, such as a visiting
    partnership's internal notes, follow from these). Recorded when an export is made."""
    return {"admin": bool(user.is_admin),
            "roles": sorted([m.organisation_id, m.role] for m in memberships_of(user))}


def _role_name(role: str) -> str:
    label = Membership.Role(role).label if role in Membership.Role.values else role
    return label if label[:2].isupper() else label[:1].lower() + label[1:]  # "LA commissioner"


def _rights_lost(user, made_with: dict) -> str:
    """Why the user now lacks a right the export was made with ("" when they have them all)."""
    if user.is_admin:
        return ""  # an administrator sees everything, and every copy
    if made_with.get("admin"):
        return ROLES_CHANGED.format(role="administrator", organisation=settings.SERVICE_NAME)
    now = {(m.organisation_id, m.role) for m in memberships_of(user)}
    lost = [(org_id, role) for org_id, role in made_with.get("roles", [])
            if (org_id, role) not in now]
    if not lost:
        return ""
    org_id, role = lost[0]
    organisation = Organisation.objects.filter(pk=org_id).values_list("name", flat=True).first()
    return ROLES_CHANGED.format(role=_role_name(role),
                                organisation=organisation or "an organisation since removed")


def providers_unseen(user, export) -> int:
    """How many of the export's providers the user can no longer see (one query)."""
    return export.providers.exclude(
        pk__in=Organisation.objects.visible_to(user).values("pk")).count()


def download_refused(user, export) -> str:
    """Why ``user`` (the export's requester, who can see it) may not download its ZIP now, or
    "" when they may: the ZIP holds every provider and every copy as the rights they had when
    it was made allowed, so those rights must all still be theirs at the time of download."""
    if export.made_with is None:
        return RIGHTS_NOT_RECORDED
    lost = _rights_lost(user, export.made_with)
    if lost:
        return lost
    unseen = providers_unseen(user, export)
    if unseen:
        return NO_LONGER_SEEN.format(count=unseen, providers="provider" if unseen == 1
                                     else "providers")
    return ""
