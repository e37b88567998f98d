"""Who manages an organisation's API tokens: its lead, or an administrator (``people.grants``'
rule for leading an organisation, the one rule)."""
import rules

from people.grants import leads


@rules.predicate
def leads_organisation(user, organisation):
    return leads(user, organisation)


rules.add_perm("api.manage_tokens", leads_organisation)
