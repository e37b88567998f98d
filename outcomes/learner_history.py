"""A learner's change history for the LA's people: the learner's own record and each of
their goals, who changed what and when, read from django-simple-history in a few queries."""
from assessments.history import Change, changed_by

from .models import GoalOutcome, Learner
from .scheme import scheme_by_pk

LEARNER_FIELDS = {"reference": "Reference", "year_of_birth": "Year of birth",
                  "primary_need": "Primary need"}
OUTCOME_FIELDS = {"review_date": "Review date", "provider_id": "Provider",
                  "pfa_area": "Area", "rating": "Rating", "soft": "Soft outcomes"}


def _diff(records, fields, label, shown) -> list[Change]:
    """One change per field that differs from the record before it, and one for each record
    added ("+") or removed ("-")."""
    changes = []
    previous = {}
    for record in records:
        key = record.id
        before = previous.get(key)
        reason = record.history_change_reason or ""
        if record.history_type == "+":
            changes.append(Change(record.history_date, changed_by(record), label(record), "",
                                  f"Added{'. ' + reason if reason else ''}"))
        elif record.history_type == "-":
            changes.append(Change(record.history_date, changed_by(record), label(record),
                                  "", "Removed"))
        elif before is not None:
            for name, title in fields.items():
                old, new = getattr(before, name), getattr(record, name)
                if old != new:
                    changes.append(Change(record.history_date, changed_by(record),
                                          f"{label(record)}: {title}", shown(record, name, old),
                                          shown(record, name, new)))
        previous[key] = record
    return changes


def learner_changes(learner: Learner) -> list[Change]:
    """Every recorded change to the learner and their goals, newest first."""
    from organisations.models import Organisation

    learner_records = (Learner.history.filter(id=learner.pk).select_related("history_user")
                       .order_by("history_date", "history_id"))
    needs = dict(Learner.Need.choices)

    def learner_shown(record, name, value):
        return needs.get(value, value) if name == "primary_need" else str(value)

    changes = _diff(learner_records, LEARNER_FIELDS, lambda r: "Learner", learner_shown)
    outcome_records = list(GoalOutcome.history.filter(learner_id=learner.pk)
                           .select_related("history_user").order_by("history_date", "history_id"))
    providers = dict(Organisation.objects.filter(
        pk__in={r.provider_id for r in outcome_records}).values_list("pk", "name"))
    schemes = {pk: scheme_by_pk(pk) for pk in {r.scheme_id for r in outcome_records}}

    def outcome_shown(record, name, value):
        scheme = schemes[record.scheme_id]
        if name == "provider_id":
            return providers.get(value, "")
        if name == "pfa_area":
            return scheme.area_label(value)
        if name == "rating":
            return scheme.rating_label(value)
        if name == "soft":
            return "\n".join(f"{dimension}: {rating}"
                             for dimension, rating in scheme.soft_labelled(value))
        return value.strftime("%-d %B %Y") if hasattr(value, "strftime") else str(value)

    changes += _diff(outcome_records, OUTCOME_FIELDS,
                     lambda r: f"{r.academic_year} goal “{r.goal[:60]}”", outcome_shown)
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes
