"""Names for downloaded reports: provider, framework (or "action-plan") and year; a QA visit
adds its date (the day it took place once recorded, the planned day before; a provider can
have two visits in a year), and a copy meant for commissioners
says so, so a file saved to a shared folder is not sent to the provider by mistake."""
from django.utils.text import slugify

from core.periods import period_slug

COMMISSIONER_SUFFIX = "_commissioner-copy"


def assessment_filename(assessment, fmt: str, *, audience: str = "provider") -> str:
    """e.g. ``riverside-college_si-qaf_2025-26.pdf``, or for a visit
    ``oakfield-ap_leics-ap-visit_2025-26_visit-2026-06-18_commissioner-copy.pdf``."""
    name = (f"{slugify(assessment.provider.slug)}_{slugify(assessment.framework_slug)}_"
            f"{period_slug(assessment.period)}")
    if assessment.is_visit and assessment.visit_date:
        name += f"_visit-{assessment.visit_date:%Y-%m-%d}"
    # A self-assessment's spreadsheet is the same for everyone; its PDF and every visit
    # export differ by audience.
    if audience == "commissioner" and (fmt == "pdf" or assessment.is_visit):
        name += COMMISSIONER_SUFFIX
    return f"{name}.{fmt}"


def action_plan_filename(provider, period: str, fmt: str, *, audience: str = "provider") -> str:
    """e.g. ``riverside-college_action-plan_2024-25.pdf``."""
    suffix = COMMISSIONER_SUFFIX if audience == "commissioner" and fmt == "pdf" else ""
    return f"{slugify(provider.slug)}_action-plan_{period_slug(period)}{suffix}.{fmt}"
