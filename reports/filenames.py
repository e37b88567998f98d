"""Names for downloaded reports: provider, framework (or "action-plan") and year."""
from django.utils.text import slugify


def year_slug(period: str) -> str:
    """"2025/26" -> "2025-26", for URLs and file names."""
    return period.replace("/", "-")


def assessment_filename(assessment, fmt: str) -> str:
    """e.g. ``riverside-college_si-qaf_2025-26.pdf``."""
    return (f"{slugify(assessment.provider.slug)}_{slugify(assessment.framework_slug)}_"
            f"{year_slug(assessment.period)}.{fmt}")


def action_plan_filename(provider, period: str, fmt: str) -> str:
    """e.g. ``riverside-college_action-plan_2024-25.pdf``."""
    return f"{slugify(provider.slug)}_action-plan_{year_slug(period)}.{fmt}"
