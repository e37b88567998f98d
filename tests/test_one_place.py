"""Rules stated in one place, checked by reading the source: no module outside a workflow's own
app spells that workflow's states in a comparison or a filter (an open action is
``actionplans.workflow``'s; which visits count is ``visits.workflow``'s), no template compares
a state, and no module outside the scoring modules re-states the score in SQL."""
import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps

from actionplans.models import Action
from visits.models import Visit

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "tests", "migrations", "node_modules", "frontend", "static", "var",
                "build", "__pycache__"}
# A keyword naming a state or status, or a lookup on one: state=, status__in=, plan__status=.
STATE_KEYWORD = re.compile(r"(^|__)(state|status)(__in|__exact|__iexact)?$")
# Templates never compare a state or status with a string.
TEMPLATE_COMPARISON = re.compile(r"""\.(state|status)\s*(==|!=|\bin\b|\bnot in\b)\s*["']""")


@dataclass(frozen=True)
class Workflow:
    name: str
    model: str  # the model whose enum it is: Action.Status.DONE, Assessment.State.WITHDRAWN
    enum: str  # the enum's name (also spelled alone: State.WITHDRAWN)
    members: dict  # member name -> the state string
    owners: tuple  # the apps that may spell them

    @property
    def values(self) -> set:
        return set(self.members.values())


WORKFLOWS = [
    Workflow("action statuses", "Action", "Status", {s.name: s.value for s in Action.Status},
             ("actionplans",)),
    Workflow("visit states", "Visit", "State", {s.name: s.value for s in Visit.State},
             ("visits",)),
]


def python_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) > 1 and not SKIPPED_DIRS & set(parts):
            yield path


def _strings(node) -> list[str]:
    """The string constants ``node`` is, or holds (a tuple, list or set of them)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [s for item in node.elts for s in _strings(item)]
    return []


def _members(node, workflow: Workflow) -> list[str]:
    """The workflow's enum members ``node`` names, or holds: ``Action.Status.DONE`` or
    ``Status.DONE`` -> ["DONE"]; never another model's (``Review.State.FINAL``)."""
    if isinstance(node, ast.Attribute) and node.attr in workflow.members:
        enum = node.value
        if isinstance(enum, ast.Name) and enum.id == workflow.enum:
            return [node.attr]
        if (isinstance(enum, ast.Attribute) and enum.attr == workflow.enum
                and isinstance(enum.value, ast.Name) and enum.value.id == workflow.model):
            return [node.attr]
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [m for item in node.elts for m in _members(item, workflow)]
    return []


def _names_state(node) -> bool:
    """``x.state``, ``x.status``, ``state``, ``status``, ``x["state"]``: a state is compared."""
    if isinstance(node, ast.Attribute):
        return node.attr in ("state", "status")
    if isinstance(node, ast.Name):
        return node.id in ("state", "status")
    if isinstance(node, ast.Subscript):
        return _strings(node.slice) in (["state"], ["status"])
    return False


def own_states(app: str) -> set[str]:
    """The strings of the states and statuses of the app's own models (a review's "final" is
    the reviews app's to spell, whatever other workflow has a "final")."""
    try:
        models = apps.get_app_config(app).get_models()
    except LookupError:
        return set()
    return {value for model in models for field in model._meta.get_fields()
            if field.name in ("state", "status") and getattr(field, "choices", None)
            for value, _ in field.choices}


def spelled_states(source: str, workflow: Workflow, *, members: bool = True,
                   own: frozenset = frozenset()) -> list[str]:
    """Each place ``source`` compares a state or status with, or filters on, one of the
    workflow's states spelled out: a string (unless one of the module's ``own`` states), or
    (with ``members``) its enum member."""
    found = []

    def spelled(node) -> list[str]:
        words = [s for s in _strings(node) if s in workflow.values and s not in own]
        return words + (_members(node, workflow) if members else [])

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_names_state(side) for side in sides):
                for side in sides:
                    found += [f"line {node.lineno}: {w}" for w in spelled(side)]
        elif isinstance(node, ast.keyword) and node.arg and STATE_KEYWORD.search(node.arg):
            found += [f"line {node.value.lineno}: {node.arg}={w}" for w in spelled(node.value)]
    return found


def _app(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_no_module_outside_the_workflows_app_spells_its_states(workflow):
    """Outside its own apps (and migrations, tests), a module asks the workflow's named groups
    (``actionplans.workflow.OPEN``, ``visits.workflow.COUNTED``, ...) rather than comparing or
    filtering on a state it spells out. The demo's seeders name the states they write."""
    found = []
    for path in python_modules():
        if _app(path) in workflow.owners:
            continue
        found += [f"{path.relative_to(ROOT)} {where}" for where in spelled_states(
            path.read_text(), workflow, members=_app(path) != "demo",
            own=frozenset(own_states(_app(path))))]
    assert found == []


def test_no_template_compares_a_state_or_status():
    found = [f"{path.relative_to(ROOT)}: {match.group(0)}"
             for path in sorted((ROOT / "templates").rglob("*.html"))
             for match in TEMPLATE_COMPARISON.finditer(path.read_text())]
    assert found == []


SCORING_MODULES = {"assessments/scoring.py", "assessments/scoring_db.py", "reviews/scoring_db.py"}


def test_no_module_outside_the_scoring_modules_restates_the_score():
    """A level's points are summed only by ``assessments.scoring_db`` (and the moderated score
    by ``reviews.scoring_db``, built from it): no other module names ``level__points``."""
    found = [str(path.relative_to(ROOT)) for path in python_modules()
             if "level__points" in path.read_text()
             and str(path.relative_to(ROOT)) not in SCORING_MODULES]
    assert found == []


@pytest.mark.parametrize(("source", "workflow", "expected"), [
    ('open_actions = [a for a in actions if a.status not in ("done", "dropped")]',
     WORKFLOWS[0], ["line 1: done", "line 1: dropped"]),
    ("rows.filter(plan__status__in=[Action.Status.DONE])", WORKFLOWS[0],
     ["line 1: plan__status__in=DONE"]),
    ('still_open = ~Q(status__in=["done", Action.Status.DROPPED])', WORKFLOWS[0],
     ["line 1: status__in=done", "line 1: status__in=DROPPED"]),
    ('visits.exclude(state="withdrawn")', WORKFLOWS[1], ["line 1: state=withdrawn"]),
    ("if visit.state == State.WITHDRAWN: pass", WORKFLOWS[1], ["line 1: WITHDRAWN"]),
    ('if row["state"] in ("final", "judgements_shared"): pass', WORKFLOWS[1],
     ["line 1: final", "line 1: judgements_shared"]),
    # Not a state: a dict key, a label, another field.
    ('context = {"in_progress": True, "label": "done"}', WORKFLOWS[0], []),
    ('rows.filter(kind="final", phase="done")', WORKFLOWS[0], []),
])
def test_the_checker_sees_states_spelled_in_comparisons_and_filters(source, workflow, expected):
    assert spelled_states(source, workflow) == expected


def test_the_template_checker_sees_a_comparison():
    assert TEMPLATE_COMPARISON.search('{% if action.status == "done" %}')
    assert not TEMPLATE_COMPARISON.search("{% if action.is_overdue %}")
