"""Permission rules over due-diligence checks (django-rules): who opens one for an
organisation, records its items and decides. Seeing a check is ``CheckQuerySet.visible_to``."""
import rules

from organisations.permissions import (
    COMMISSIONER_ROLES,
    COMMISSIONING_DECIDERS,
    PROVIDER_ROLES,
    roles_in,
)

from . import workflow


@rules.predicate
def commissions_for(user, organisation):
    """An officer, chair or LA commissioner of the (commissioning) organisation."""
    return bool(roles_in(user, organisation) & COMMISSIONER_ROLES)


@rules.predicate
def checks_for_commissioner(user, check):
    return bool(roles_in(user, check.commissioner_id) & COMMISSIONER_ROLES)


@rules.predicate
def decides_for_commissioner(user, check):
    return bool(roles_in(user, check.commissioner_id) & COMMISSIONING_DECIDERS)


@rules.predicate
def is_open_check(user, check):
    return workflow.is_open(check)


@rules.predicate
def is_checked_provider_member(user, check):
    return bool(roles_in(user, check.provider_id) & PROVIDER_ROLES)


rules.add_perm("commissioning.open_check", commissions_for)
# Evidence per item: the provider's people, asked for it, or the commissioner's, who received it.
rules.add_perm("commissioning.add_evidence",
               (is_checked_provider_member | checks_for_commissioner) & is_open_check)
rules.add_perm("commissioning.record_check", checks_for_commissioner & is_open_check)
rules.add_perm("commissioning.decide_check", decides_for_commissioner & is_open_check)
