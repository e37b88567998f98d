"""Extension point: what other apps do when a person is taken out of an organisation.

``people.services.remove`` runs every registered hook after it has deleted the membership.
People sits below the apps that react (the API's tokens), so they register here instead of
being imported.

Contract
    Who registers: an app above ``people`` (today ``api``: the API tokens the person made for
    the organisation are revoked, since they may hold the secret), from its
    ``AppConfig.ready``: ``removed_hooks.register(hook)``.
    Call: ``hook(*, user, organisation, by)``: the person taken out, the organisation they
    left, and the lead taking them out. The return value is ignored.
    When it runs: inside ``remove``'s transaction, once per removal. Raising rolls the whole
    removal back, so the person stays: raise only when they must not be removed.
    Permissions: the user may remove the person (already checked: a lead of the organisation
    or an administrator); a hook writes what follows from that.
    Order: registration order.
    Idempotent: registering the same hook again changes nothing.
"""
from core.registry import Registry

_hooks = Registry("people.removed_hooks")

register = _hooks.register
registered = _hooks.registered
