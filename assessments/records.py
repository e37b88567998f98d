"""The types of assessment record (a self-assessment, a QA visit): what every record answers
for itself, and which type a record is.

Apps above this one never ask a record what kind it is. They take each type's records from
that type's own domain (``assessments.selectors.self_assessments()``,
``visits.selectors.visits()``), and where one thing is done differently per type (a report's
renderer, who may have which copy) they key it by the record's :class:`RecordType`, found with
:func:`record_type`. Whatever the type, a record answers the :class:`Record` protocol.

Self-assessments (benchmark reviews too) are defined here; QA visits register theirs from
``VisitsConfig.ready`` (``visits.records.VISITS``), so this app never imports ``visits``: an
extension point (``register``).

Each type has its own model (``Assessment``, ``visits.models.Visit``): ``record_type`` finds a
record's type by its model class.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from core.registry import Registry
from frameworks.models import Framework

from .models import Assessment


class Row(Protocol):
    """One criterion's (a visit's: requirement's) row of a record: what ``row_editor`` edits.
    A save names the ``revision`` it was drawn from; an older one is a conflict."""

    pk: int
    criterion: object  # a ``frameworks.models.Criterion``
    level: object  # its ``RatingLevel``, or None while unrated
    revision: int
    updated_at: object
    updated_by: object


class Record(Protocol):
    """What a self-assessment and a QA visit record both answer (fields, or properties)."""

    pk: int
    framework: Framework  # the framework version it is made against
    provider: object  # the provider (an ``Organisation``) it is about
    period: str  # the academic year, "2025/26"
    state: str  # a state of its type's workflow module (``workflow``)
    noun: str  # how it names itself in a sentence: "self-assessment", "QA visit"
    description: str  # which one it is, for a reader: "SI QAF 2025/26", "QA visit of 18 June 2026"
    history: object  # its django-simple-history manager (its rows keep their own history too)
    responses: object  # its rows (``Row``), one per criterion: a related manager

    @property
    def workflow(self):
        """Its type's workflow module: state groups, transitions, who sees which state."""

    def get_absolute_url(self) -> str:
        """Its overview page."""


@dataclass(frozen=True, eq=False)
class RecordType:
    """One type of record: its key (stable, for registries and URLs), how it names itself, and
    where its records come from (its domain's selector). Compared by identity."""

    key: str
    noun: str
    model: type  # its records' model
    records: Callable  # () -> a queryset of every record of this type
    # The kinds of framework its records are made against.
    framework_kinds: frozenset = field(default_factory=frozenset)

    def __repr__(self):
        return f"<RecordType {self.key}>"


def _self_assessments():
    from .selectors import self_assessments

    return self_assessments()


SELF_ASSESSMENTS = RecordType(
    key="self_assessment", noun=Assessment.noun, model=Assessment, records=_self_assessments,
    framework_kinds=frozenset({Framework.Kind.SELF_ASSESSMENT, Framework.Kind.BENCHMARK_REVIEW}),
)

_TYPES: Registry[RecordType] = Registry("assessments.records")
_TYPES.register(SELF_ASSESSMENTS)


def register(record_type_: RecordType) -> RecordType:
    """Extension point: add a type of record.

    Contract
        Who registers: the app that owns a type of record (today ``visits``:
        ``visits.records.VISITS``), from its ``AppConfig.ready``; self-assessments are
        registered here. What: a :class:`RecordType` whose ``records()`` gives every record
        of the type (its domain's selector) and whose records answer :class:`Record`.
        Registering the same type again changes nothing. Code above this app keys what it
        does per type by the type (``reports.renderers.register_assessment_renderer``).
    """
    return _TYPES.register(record_type_)


def record_types() -> tuple[RecordType, ...]:
    """Every type of record, self-assessments first."""
    return _TYPES.registered()


def record_type(record) -> RecordType:
    """The type of ``record`` (a saved or unsaved row), by its model."""
    for type_ in _TYPES.registered():
        if isinstance(record, type_.model):
            return type_
    raise LookupError(f"No type of record is registered for {type(record).__name__}.")


def framework_record_type(framework: Framework) -> RecordType:
    """The type of record made against ``framework`` (a QA visit framework's are visits)."""
    for type_ in _TYPES.registered():
        if framework.kind in type_.framework_kinds:
            return type_
    raise LookupError(f"No type of record is registered for {framework!r} ({framework.kind!r}).")
