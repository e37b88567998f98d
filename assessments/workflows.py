"""Which workflow governs an assessment of each kind.

Self-assessments and benchmark reviews follow ``assessments.workflow``. An app above this one
that adds a kind of assessment (QA visits: ``visits.workflow``) registers its own workflow
module for that kind at start-up, so this app never imports it. Every workflow module names
its state groups and transitions, and gives the database form of who sees which state:
``provider_sees(prefix)`` and ``commissioners_see(prefix)``, each a ``Q``.
"""
from types import ModuleType

_BY_KIND: dict[str, ModuleType] = {}


def register(kind: str, module: ModuleType) -> None:
    """Make ``module`` the workflow of assessments of ``kind`` (called from ``AppConfig.ready``)."""
    _BY_KIND[kind] = module


def for_kind(kind: str) -> ModuleType:
    """The workflow module of an assessment of ``kind``."""
    from . import workflow

    return _BY_KIND.get(kind, workflow)


def registered() -> dict[str, ModuleType]:
    """The kinds with a workflow of their own, and those workflows."""
    return dict(_BY_KIND)
