"""Who a report is written for: the provider's copy, or the commissioners' copy that may hold
internal notes. Every report template shows the commissioner line through ``reports/base_pdf.html``."""
from organisations.permissions import is_provider_member

PROVIDER = "provider"
COMMISSIONER = "commissioner"
AUDIENCES = (PROVIDER, COMMISSIONER)

COMMISSIONER_COPY = "Commissioner copy: contains internal notes"
UNKNOWN_AUDIENCE = "Unknown audience {audience!r}: choose provider or commissioner."
NOT_FOR_AUDIENCE = (
    "The {audience} copy of assessment {pk} cannot be made: the {audience} cannot see it "
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


def hidden_from(assessment, audience: str) -> str:
    """Why ``audience`` may not see the assessment ("" when it may), following the rules of
    ``Assessment.objects.visible_to``: commissioners see a self-assessment once it is
    submitted or shared; a provider sees a QA visit record once it is no longer being
    prepared."""
    check_audience(audience)
    if assessment.kind == "qa_visit":
        if audience == PROVIDER and assessment.state == "preparing":
            return "the visit record is still being prepared and has not been shared"
        return ""
    if (audience == COMMISSIONER and assessment.state == "draft"
            and not assessment.shared_with_commissioners):
        return "it is a draft the provider has not shared with its commissioners"
    return ""


def audience_context(audience: str) -> dict:
    """What ``reports/base_pdf.html`` needs to mark the copy on every page."""
    check_audience(audience)
    return {
        "audience": audience,
        "is_commissioner_copy": audience == COMMISSIONER,
        "audience_line": COMMISSIONER_COPY if audience == COMMISSIONER else "",
    }
