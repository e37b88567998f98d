"""Extension point: what other apps do when a QA visit is finalised.

``visits.services.visit_finalise`` runs every registered hook after it has saved the visit
as final. Visits sits below the apps that react (action plans), so they register here
instead of being imported.

Contract
    Who registers: an app above ``visits`` (today ``actionplans``: the actions agreed at the
    visit become actions in the provider's plan), from its ``AppConfig.ready``:
    ``finalised_hooks.register(hook)``.
    Call: ``hook(*, visit, by, actions)``: the visit just made final (locked for update),
    the user finalising it, and the actions agreed at it (``follow_up.AgreedAction``, each
    with who is responsible and its due date). The return value is ignored.
    When it runs: inside ``visit_finalise``'s transaction, once per finalisation (a final
    visit cannot be finalised again). Raising rolls the whole finalisation back, so the visit
    stays unfinalised: raise only when the visit must not become final.
    Permissions: the user may finalise the visit (already checked); a hook writes what
    follows from that, not what its own app's permissions would allow this user to do.
    Order: registration order.
    Idempotent: registering the same hook again changes nothing.
"""
from core.registry import Registry

_hooks = Registry("visits.finalised_hooks")

register = _hooks.register
registered = _hooks.registered
