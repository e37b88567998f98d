"""The change history of a QA visit record, as far as the viewer may see it, read from
django-simple-history in a few queries."""
from assessments.history import Change, changed_by, evidence_file_changes, field_changes
from frameworks.models import Criterion, RatingLevel, Section

from .models import Visit, VisitAnswer, VisitEvidenceFile, VisitJudgement, VisitTeamMember

OBSERVER_LABELS = {"level_id": "Rating", "observer_notes": "Observer notes",
                   "action_points": "Action points"}
JUDGEMENT_LABELS = {"level_id": "Judgement", "narrative": "Narrative",
                    "follow_up_actions": "Follow-up actions", "justification": "Justification"}


def visit_changes(visit: Visit, *, internal_notes: bool, findings: bool) -> list[Change]:
    """Every recorded change to a visit, newest first, as the viewer may see it: internal
    notes only when ``internal_notes``; what was found at the visit and the judgements only
    when ``findings`` (the provider, before the judgements are shared, sees neither)."""
    states = dict(Visit.State.choices)
    changes: list[Change] = []
    previous = None
    for record in visit.history.select_related("history_user").order_by("history_date",
                                                                              "history_id"):
        if previous is None:
            changes.append(Change(record.history_date, changed_by(record), "Visit record", "",
                                  f"Created ({states.get(record.state, record.state)})"))
        elif record.state != previous.state:
            after = states.get(record.state, record.state)
            if record.visited_on and record.visited_on != previous.visited_on:
                after = f"{after}: the visit took place on {record.visited_on:%d/%m/%Y}"
            reason = record.history_change_reason or ""
            if reason.startswith("Withdrawn: "):
                after = f"{after}. {reason[len('Withdrawn: '):]}"
            changes.append(Change(record.history_date, changed_by(record), "Visit record",
                                  states.get(previous.state, previous.state), after))
        elif record.planned_visit_date != previous.planned_visit_date:
            changes.append(Change(record.history_date, changed_by(record), "Planned visit date",
                                  f"{previous.planned_visit_date:%d/%m/%Y}",
                                  f"{record.planned_visit_date:%d/%m/%Y}"))
        elif record.provider_response != previous.provider_response:
            changes.append(Change(record.history_date, changed_by(record), "Provider's response",
                                  previous.provider_response or "(blank)", record.provider_response))
        previous = record

    framework = visit.framework
    labels = dict(RatingLevel.objects.filter(
        scale_id__in=[framework.item_scale_id, framework.judgement_scale_id])
        .values_list("pk", "label"))
    criteria = {pk: (code, phase) for pk, code, phase in Criterion.objects.filter(
        framework=framework).values_list("pk", "code", "phase")}
    tracked = {"evidence": "Provider evidence", **OBSERVER_LABELS}
    if internal_notes:
        tracked["internal_notes"] = "Internal notes"
    field_changes(changes, VisitAnswer.history.filter(visit_id=visit.pk), tracked, labels,
                   lambda r: criteria.get(r.criterion_id, ("?", ""))[0],
                   lambda r, f: f == "evidence" or findings
                   or criteria.get(r.criterion_id, ("", ""))[1] == Criterion.Phase.BEFORE_VISIT)
    if findings:
        titles = dict(Section.objects.filter(framework=framework).values_list("pk", "title"))
        field_changes(changes, VisitJudgement.history.filter(visit_id=visit.pk),
                       JUDGEMENT_LABELS, labels, lambda r: titles.get(r.section_id, "?"),
                       lambda r, f: True)
    changes += evidence_file_changes(VisitEvidenceFile.history.filter(visit_id=visit.pk))
    for record in (VisitTeamMember.history.filter(visit_id=visit.pk)
                   .select_related("history_user", "user").order_by("history_date")):
        if record.history_type in ("+", "-"):
            who = (record.user.display_name if record.user_id and record.user
                   else f"{record.name} ({record.school})")
            changes.append(Change(record.history_date, changed_by(record), "Visiting team",
                                  "" if record.history_type == "+" else who,
                                  who if record.history_type == "+" else "(removed)"))
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes
