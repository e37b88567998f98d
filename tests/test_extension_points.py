"""Who registers what at each extension point once Django has started, and the registries'
contract. A new registration, or a new extension point, must be added to the listing here
and to docs/development/extension-points.md on purpose."""
import ast
from pathlib import Path
from types import ModuleType

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from assessments import records, submission_rules
from core.registry import Registry
from frameworks import data_loaders
from outcomes import imported_hooks
from people import removed_hooks
from reminders import housekeeping
from reminders.rules import RULES
from reports import renderers
from visits import finalised_hooks
from visits.records import VISITS

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "development" / "extension-points.md"


def qualified(entry) -> str:
    if isinstance(entry, ModuleType):
        return entry.__name__
    return f"{entry.__module__}.{entry.__qualname__}"


def listing() -> dict:
    """Every extension point and what is registered at it, by qualified name."""
    return {
        "assessments.submission_rules": [qualified(r) for r in submission_rules.registered()],
        "visits.finalised_hooks": [qualified(h) for h in finalised_hooks.registered()],
        "outcomes.imported_hooks": [qualified(h) for h in imported_hooks.registered()],
        "people.removed_hooks": [qualified(h) for h in removed_hooks.registered()],
        "frameworks.data_loaders": [(qualified(loader.directory), qualified(loader.load))
                                    for loader in data_loaders.registered()],
        "reminders.housekeeping": [qualified(job) for job in housekeeping.registered()],
        "assessments.records": [t.key for t in records.record_types()],
        "reports.renderers": {type_.key: qualified(f)
                              for type_, f in renderers.ASSESSMENT_RENDERERS.items()},
        # A closed list inside reminders, not an extension point: listed so a new rule is seen.
        "reminders.rules": [qualified(rule) for rule in RULES],
    }


EXPECTED = {
    "assessments.submission_rules": ["actionplans.submission_checks.stage2_action_plan_rule"],
    "visits.finalised_hooks": ["actionplans.visit_hooks.actions_from_finalised_visit"],
    "outcomes.imported_hooks": ["dashboards.outcomes.figures_after_import"],
    "people.removed_hooks": ["api.tokens.revoke_on_removal"],
    "frameworks.data_loaders": [
        ("outcomes.scheme.directory", "outcomes.scheme.scheme_load"),
        ("commissioning.checklists.directory", "commissioning.checklists.checklist_load")],
    "reminders.housekeeping": ["exports.services.daily_housekeeping"],
    "assessments.records": ["self_assessment", "qa_visit"],
    "reports.renderers": {
        "self_assessment": "reports.renderers.render_self_assessment_pdf",
        "qa_visit": "reports.renderers.render_visit_record_pdf",
    },
    "reminders.rules": [
        "reminders.rules.action_reminders",
        "reminders.rules.response_reminders",
        "reminders.rules.concern_review_reminders",
        "reminders.rules.visit_reminders",
    ],
}


@pytest.mark.parametrize("point", EXPECTED)
def test_each_extension_point_has_exactly_the_listed_registrations(point):
    assert listing()[point] == EXPECTED[point]


def test_starting_the_project_apps_again_registers_nothing_twice():
    for config in _project_apps():
        config.ready()
    assert listing() == EXPECTED


def _project_apps():
    return [c for c in apps.get_app_configs() if Path(c.path).parent == ROOT]


def _extension_points_in_source() -> set[str]:
    """Modules (of the apps in INSTALLED_APPS) that make a ``Registry`` or define a
    module-level ``register...`` function: the places other code can register into."""
    found = set()
    for config in _project_apps():
        for path in Path(config.path).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in tree.body:
                defines = isinstance(node, ast.FunctionDef) and node.name.startswith("register")
                makes = (isinstance(node, ast.Assign | ast.AnnAssign)
                         and isinstance(node.value, ast.Call)
                         and getattr(node.value.func, "id", None) == "Registry")
                if defines or makes:
                    found.add(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


def test_every_registry_in_the_source_is_listed():
    assert _extension_points_in_source() == set(EXPECTED) - {"reminders.rules"}


def test_the_developer_docs_give_each_extension_point_a_section_naming_who_registers():
    text = DOC.read_text()
    headings = {line.strip("# `\n") for line in text.splitlines() if line.startswith("## ")}
    assert set(EXPECTED) <= headings
    for point, registered in EXPECTED.items():
        names = registered.values() if isinstance(registered, dict) else registered
        for name in names:
            for part in (name if isinstance(name, tuple) else (name,)):
                assert part in text, f"{point}: the docs do not name {part}"


def test_a_registry_keeps_first_registration_order_and_ignores_repeats():
    registry = Registry("test")

    def first(): ...

    def second(): ...

    assert registry.register(second) is second  # usable as a decorator
    registry.register(first)
    before = registry.registered()
    registry.register(second)
    assert registry.registered() == (second, first)
    registry.register(lambda: None)
    assert before == (second, first)  # a snapshot does not change later


def test_a_second_renderer_for_a_type_of_record_is_refused_and_the_first_kept():
    renderers.register_assessment_renderer(VISITS)(renderers.render_visit_record_pdf)
    with pytest.raises(ImproperlyConfigured, match="render_visit_record_pdf"):
        renderers.register_assessment_renderer(VISITS)(renderers.render_self_assessment_pdf)
    assert renderers.ASSESSMENT_RENDERERS[VISITS] is renderers.render_visit_record_pdf


def test_a_type_of_record_registered_again_changes_nothing():
    records.register(VISITS)
    assert records.record_types() == (records.SELF_ASSESSMENTS, VISITS)
