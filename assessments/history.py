"""The change history of an assessment, read from django-simple-history in a few queries."""
from dataclasses import dataclass
from datetime import datetime

from frameworks.models import Criterion, RatingLevel

from .models import Assessment, EvidenceFile, Response

TRACKED_RESPONSE_FIELDS = {"level_id": "Rating", "evidence": "Evidence"}


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    what: str  # e.g. "1.2 Rating" or "Assessment"
    before: str
    after: str


def changed_by(record) -> str:
    """Who made a history record's change, as shown to users ("The system" when nobody)."""
    user = record.history_user
    return user.display_name if user else "The system"


def assessment_changes(assessment: Assessment) -> list[Change]:
    """Every recorded change, newest first: state changes, ratings and evidence text
    (from what to what) and evidence files added or removed."""
    changes: list[Change] = []
    states = dict(Assessment.State.choices)
    previous = None
    for record in assessment.history.select_related("history_user").order_by("history_date",
                                                                              "history_id"):
        if previous is None:
            changes.append(Change(record.history_date, changed_by(record), "Self-assessment",
                                  "", f"Started ({states.get(record.state, record.state)})"))
        elif record.state != previous.state or record.shared_with_commissioners != \
                previous.shared_with_commissioners:
            after = states.get(record.state, record.state)
            if record.history_change_reason:
                after = f"{after}. {record.history_change_reason}"
            if record.shared_with_commissioners != previous.shared_with_commissioners:
                after = ("Shared with commissioners" if record.shared_with_commissioners
                         else "No longer shared with commissioners")
            changes.append(Change(record.history_date, changed_by(record), "Self-assessment",
                                  states.get(previous.state, previous.state), after))
        previous = record

    labels = dict(RatingLevel.objects.filter(
        scale_id=assessment.framework.item_scale_id).values_list("pk", "label"))
    codes = dict(Criterion.objects.filter(framework_id=assessment.framework_id)
                 .values_list("pk", "code"))
    field_changes(changes, Response.history.filter(assessment_id=assessment.pk),
                  TRACKED_RESPONSE_FIELDS, labels, lambda r: codes.get(r.criterion_id, "?"))
    changes += evidence_file_changes(EvidenceFile.history.filter(assessment_id=assessment.pk))
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes


def field_changes(changes, history, fields, labels, name_of, shown=lambda record, name: True):
    """Append a Change for every tracked field (``fields``: name -> label) that differs between
    a row's consecutive history records, unless ``shown(record, name)`` says the viewer may not
    see it. The first record, the blank row's creation, is not a change. A rating shows as
    its label (``labels``: level id -> label); ``name_of(record)`` names the row."""
    last = {}
    for record in history.select_related("history_user").order_by("id", "history_date",
                                                                   "history_id"):
        before = last.get(record.id)
        last[record.id] = record
        if before is None:
            continue
        for name, label in fields.items():
            old, new = getattr(before, name), getattr(record, name)
            if old == new or not shown(record, name):
                continue
            if name == "level_id":
                old, new = labels.get(old, "Not yet rated"), labels.get(new, "Not yet rated")
            changes.append(Change(record.history_date, changed_by(record),
                                  f"{name_of(record)} {label}", old or "(blank)", new or "(blank)"))


def evidence_file_changes(history) -> list[Change]:
    """Evidence files added to or removed from a record, oldest first: ``history`` is its
    files' history rows (``EvidenceFile.history`` or ``VisitEvidenceFile.history``, filtered
    to the record)."""
    changes = []
    for record in (history
                   .select_related("history_user").order_by("history_date")):
        if record.history_type in ("+", "-"):
            added = record.history_type == "+"
            changes.append(Change(
                record.history_date, changed_by(record), "Evidence file",
                "" if added else record.original_name,
                f"{record.original_name} (sha256 {record.sha256[:12]}…)" if added else "(removed)",
            ))
    return changes
