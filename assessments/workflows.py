"""Extension point: which workflow governs an assessment of each kind.

Self-assessments and benchmark reviews follow ``assessments.workflow``. An app above this one
that adds a kind of assessment (QA visits: ``visits.workflow``) registers its own workflow
module for that kind at start-up, so this app never imports it. ``Assessment.workflow``
(every state question a page or template asks) and the visibility querysets
(``assessments.querysets``) read the workflow through ``for_kind`` and ``registered``.

Contract
    Who registers: the app that owns a kind of assessment (today ``visits``, for
    ``Framework.Kind.QA_VISIT``), from its ``AppConfig.ready``: ``register(kind, module)``.
    What: a workflow module naming its state groups and transitions as
    ``assessments.workflow`` does: at least ``LOCKED`` and ``FINAL`` (sets of states, read
    by ``Assessment.is_locked`` / ``is_final``), and the database form of who sees which
    state, ``provider_sees(prefix)`` and ``commissioners_see(prefix)``, each returning a
    ``Q`` over assessments reached through ``prefix``.
    One owner per kind: registering the same module again changes nothing; another module
    for a kind already registered raises ``ImproperlyConfigured`` at start-up.
    Kinds nobody registers follow ``assessments.workflow``.
"""
from types import ModuleType

from django.core.exceptions import ImproperlyConfigured

ALREADY_REGISTERED = "Assessments of kind {kind!r} already follow {module}."

_BY_KIND: dict[str, ModuleType] = {}


def register(kind: str, module: ModuleType) -> None:
    """Make ``module`` the workflow of assessments of ``kind`` (called from ``AppConfig.ready``)."""
    if _BY_KIND.get(kind, module) is not module:
        raise ImproperlyConfigured(ALREADY_REGISTERED.format(kind=kind,
                                                             module=_BY_KIND[kind].__name__))
    _BY_KIND[kind] = module


def for_kind(kind: str) -> ModuleType:
    """The workflow module of an assessment of ``kind``."""
    from . import workflow

    return _BY_KIND.get(kind, workflow)


def registered() -> dict[str, ModuleType]:
    """The kinds with a workflow of their own, and those workflows."""
    return dict(_BY_KIND)
