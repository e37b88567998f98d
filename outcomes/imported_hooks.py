"""Extension point: what other apps do once the task worker has imported an outcomes file.

``outcomes.import_runs.import_run`` runs every registered hook after the import is applied
and recorded done. Outcomes sits below the apps that react (dashboards), so they register
here instead of being imported.

Contract
    Who registers: an app above ``outcomes`` (today ``dashboards``: the figures the status
    page links to are worked out for the importer, so their first view is quick), from its
    ``AppConfig.ready``: ``imported_hooks.register(hook)``.
    Call: ``hook(*, upload)``: the ``OutcomeImport`` just imported (its ``uploaded_by``, its
    local authority, its ``latest_year``). The return value is ignored.
    When it runs: in the worker, after the import's transaction has committed, once per
    import. The import is done whatever a hook does: an exception is logged and the next hook
    runs.
    Permissions: a hook reads only what the importer may read.
    Order: registration order.
    Idempotent: registering the same hook again changes nothing.
"""
from core.registry import Registry

_hooks = Registry("outcomes.imported_hooks")

register = _hooks.register
registered = _hooks.registered
