"""Who a report is written for: the provider's copy, or the commissioners' copy that may hold
internal notes. Every report template shows the commissioner line through ``reports/base_pdf.html``;
it says "contains internal notes" only when the copy holds some.

A QA visit record has two more rules, the same as its pages': internal notes are the visiting
partnership's alone (an LA that also commissions the provider gets the commissioner copy
without them), and the provider's copy holds what was found at the visit and the judgements
only once they are shared with the provider."""
from assessments import workflow
from assessments.records import SELF_ASSESSMENTS, record_type
from organisations.permissions import can, is_provider_member
from visits import workflow as visit_workflow
from visits.records import VISITS

PROVIDER = "provider"
COMMISSIONER = "commissioner"
AUDIENCES = (PROVIDER, COMMISSIONER)

COMMISSIONER_COPY = "Commissioner copy: contains internal notes"
COMMISSIONER_COPY_WITHOUT_NOTES = "Commissioner copy: not for the provider"
UNKNOWN_AUDIENCE = "Unknown audience {audience!r}: choose provider or commissioner."
NOT_FOR_AUDIENCE = (
    "The {audience} copy of {noun} {pk} cannot be made: the {audience} cannot see it "
    "({reason})."
)


def audience_for(user, provider) -> str:
    """The provider's own people get the provider copy; commissioners and admins get the
    commissioner copy. Decided per provider, so a person in two organisations gets the
    provider copy of their own provider's reports."""
    return PROVIDER if is_provider_member(user, provider) else COMMISSIONER


def check_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise ValueError(UNKNOWN_AUDIENCE.format(audience=audience))
    return audience


def _self_assessment_hidden_from(assessment, audience: str) -> str:
    if audience == COMMISSIONER and not workflow.seen_by_commissioners(assessment):
        return "it is a draft the provider has not shared with its commissioners"
    return ""


def _visit_hidden_from(visit, audience: str) -> str:
    if audience == PROVIDER and not visit_workflow.seen_by_provider(
            visit, visit_workflow.ever_shared_with_provider(visit)):
        if visit.is_withdrawn:
            return "the visit record was withdrawn before it was shared with the provider"
        return "the visit record is still being prepared and has not been shared"
    return ""


_HIDDEN_FROM = {SELF_ASSESSMENTS: _self_assessment_hidden_from, VISITS: _visit_hidden_from}


def hidden_from(assessment, audience: str) -> str:
    """Why ``audience`` may not see the record ("" when it may), by the same workflow rules
    as ``visible_to``: commissioners see a self-assessment once it is submitted or shared
    (``workflow.seen_by_commissioners``); a provider sees a QA visit record once it is shared,
    and after a withdrawal only if it had been shared (``visit_workflow.seen_by_provider``)."""
    check_audience(audience)
    return _HIDDEN_FROM[record_type(assessment)](assessment, audience)


def internal_notes_for(user, visit) -> bool:
    """Whether the user's copy of a QA visit may hold its internal notes: the visiting
    partnership's officers and chairs, and admins (``visits.view_visit_internal_notes``).
    Never the provider's people, nor another partnership or LA that commissions it."""
    return can(user, "visits.view_visit_internal_notes", visit)


# What a renderer or table of each type of record is told about the person it is made for.
_COPY_OPTIONS = {
    # The user: its actions and reviews as they see them, and in a commissioner copy the
    # internal notes of the reviews their organisation made.
    SELF_ASSESSMENTS: lambda user, assessment: {"user": user},
    # Whether their copy may hold the visit's internal notes.
    VISITS: lambda user, visit: {"internal_notes": internal_notes_for(user, visit)},
}


def copy_options(user, assessment) -> dict:
    """What a renderer or table of the record is told about the person it is made for (the
    keyword arguments it takes, by its type): the single downloads and bulk exports alike."""
    return _COPY_OPTIONS[record_type(assessment)](user, assessment)


def with_internal_notes(audience: str, internal_notes: bool = True) -> bool:
    """Internal notes go only into a commissioner copy, and only when allowed."""
    return check_audience(audience) == COMMISSIONER and internal_notes


def visit_findings_shown(assessment, audience: str) -> bool:
    """Whether the copy holds what was found at the visit ("at the visit" ratings, observer
    notes and action points) and the concluding judgements: always for commissioners, for the
    provider once the judgements are shared (``visits.view_visit_findings``)."""
    check_audience(audience)
    return audience == COMMISSIONER or visit_workflow.findings_shared(assessment)


def audience_context(audience: str, *, internal_notes: bool) -> dict:
    """What ``reports/base_pdf.html`` needs to mark the copy on every page. ``internal_notes``
    is whether this copy holds any (what the report's selector put in, never what it might
    have): a commissioner copy without them says it is not for the provider instead."""
    check_audience(audience)
    commissioner = audience == COMMISSIONER
    line = ""
    if commissioner:
        line = COMMISSIONER_COPY if internal_notes else COMMISSIONER_COPY_WITHOUT_NOTES
    elif internal_notes:
        raise ValueError("A provider copy never holds internal notes.")
    return {
        "audience": audience,
        "is_commissioner_copy": commissioner,
        "audience_line": line,
    }
