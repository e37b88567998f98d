"""Names for downloaded reports: provider, framework (or "action-plan") and year; a QA visit
adds its date (the day it took place once recorded, the planned day before; a provider can
have two visits in a year), and a copy meant for commissioners
says so, so a file saved to a shared folder is not sent to the provider by mistake."""
from django.utils.text import slugify

from assessments.records import SELF_ASSESSMENTS, record_type
from core.periods import period_slug
from visits.records import VISITS

COMMISSIONER_SUFFIX = "_commissioner-copy"
# The day a record's file name carries, by its type: a visit's.
DATED = {VISITS: lambda visit: visit.visit_date}
# The formats whose content differs by audience, by type of record: a self-assessment's
# spreadsheet is the same for everyone; its PDF and every visit export differ.
BY_AUDIENCE = {SELF_ASSESSMENTS: frozenset({"pdf"}), VISITS: frozenset({"pdf", "csv", "xlsx"})}


def assessment_filename(assessment, fmt: str, *, audience: str = "provider") -> str:
    """e.g. ``riverside-college_si-qaf_2025-26.pdf``, or for a visit
    ``oakfield-ap_leics-ap-visit_2025-26_visit-2026-06-18_commissioner-copy.pdf``."""
    name = (f"{slugify(assessment.provider.slug)}_{slugify(assessment.framework.slug)}_"
            f"{period_slug(assessment.period)}")
    type_ = record_type(assessment)
    day = DATED[type_](assessment) if type_ in DATED else None
    if day:
        name += f"_visit-{day:%Y-%m-%d}"
    if audience == "commissioner" and fmt in BY_AUDIENCE[type_]:
        name += COMMISSIONER_SUFFIX
    return f"{name}.{fmt}"


def action_plan_filename(provider, period: str, fmt: str, *, audience: str = "provider") -> str:
    """e.g. ``riverside-college_action-plan_2024-25.pdf``."""
    suffix = COMMISSIONER_SUFFIX if audience == "commissioner" and fmt == "pdf" else ""
    return f"{slugify(provider.slug)}_action-plan_{period_slug(period)}{suffix}.{fmt}"
