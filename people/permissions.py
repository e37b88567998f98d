"""Who may manage an organisation's people: its lead (``grants.GRANTS``) or an administrator.
Which roles they may give is ``grants.grantable_roles``."""
import rules

from . import grants


@rules.predicate
def leads_organisation(user, organisation):
    return grants.leads(user, organisation)


rules.add_perm("people.manage_people", leads_organisation)
