"""Permission rules of the commissioning cycle (django-rules): who opens a due-diligence
check, records its items and decides; who keeps agreements and their standards, logs support
and invites a prospective provider's first lead. Seeing a check is
``CheckQuerySet.visible_to``; seeing an agreement or a support entry, its provider's rule."""
import rules

from organisations.permissions import (
    COMMISSIONER_ROLES,
    COMMISSIONING_DECIDERS,
    PROVIDER_ROLES,
    is_admin,
    roles_in,
)
from people.grants import has_lead

from . import workflow


@rules.predicate
def commissions_for(user, organisation):
    """An officer, chair or LA commissioner of the (commissioning) organisation."""
    return bool(roles_in(user, organisation) & COMMISSIONER_ROLES)


# On anything naming its commissioner (a check, a commissioning link):
@rules.predicate
def works_for_commissioner(user, obj):
    """An officer, chair or LA commissioner of the object's commissioning organisation."""
    return bool(roles_in(user, obj.commissioner_id) & COMMISSIONER_ROLES)


@rules.predicate
def decides_for_commissioner(user, obj):
    """A partnership chair or LA commissioner of the object's commissioning organisation."""
    return bool(roles_in(user, obj.commissioner_id) & COMMISSIONING_DECIDERS)


@rules.predicate
def is_open_check(user, check):
    return workflow.is_open(check)


@rules.predicate
def is_checked_provider_member(user, check):
    return bool(roles_in(user, check.provider_id) & PROVIDER_ROLES)


rules.add_perm("commissioning.open_check", commissions_for)
# Evidence per item: the provider's people, asked for it, or the commissioner's, who received it.
rules.add_perm("commissioning.add_evidence",
               (is_checked_provider_member | works_for_commissioner) & is_open_check)
rules.add_perm("commissioning.record_check", works_for_commissioner & is_open_check)
rules.add_perm("commissioning.decide_check", decides_for_commissioner & is_open_check)


@rules.predicate
def works_for_standard(user, standard):
    return works_for_commissioner(user, standard.agreement.link)


@rules.predicate
def is_recorded_standard(user, standard):
    return standard.is_recorded_kind


@rules.predicate
def provider_has_no_lead(user, check):
    return not has_lead(check.provider)


# Agreements and their expected standards: those who decide on commissioning keep them; any
# of the commissioner's officers records a standard the portal cannot check.
rules.add_perm("commissioning.manage_agreements", is_admin | decides_for_commissioner)
rules.add_perm("commissioning.record_standard",
               (is_admin | works_for_standard) & is_recorded_standard)
# The support log: the commissioner's officers, chairs and LA commissioners.
rules.add_perm("commissioning.log_support", works_for_commissioner)
# A prospective provider's first lead, invited by the commissioner checking it, so the
# provider can give its evidence; once it has a lead, the lead invites its own people.
rules.add_perm("commissioning.invite_lead",
               works_for_commissioner & is_open_check & provider_has_no_lead)
# De-commissioning: those who decide on the link's commissioning (as its status).
rules.add_perm("commissioning.decommission", is_admin | decides_for_commissioner)
