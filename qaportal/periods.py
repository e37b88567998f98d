"""The academic year (a "period", e.g. "2025/26", from 1 September): reading, writing and
validating it, and its URL / file-name form ("2025-26")."""
import datetime
import re

from django.core.validators import RegexValidator

# The academic year starts on 1 September.
FIRST_MONTH = 9

PERIOD_VALIDATOR = RegexValidator(r"^\d{4}/\d{2}$", "Enter the academic year like 2025/26.")

SLUG_PATTERN = re.compile(r"\d{4}-\d{2}")


def period_starting(year: int) -> str:
    """The academic year starting in September of ``year``: 2025 -> "2025/26"."""
    return f"{year}/{(year + 1) % 100:02d}"


def start_year(day: datetime.date) -> int:
    """The calendar year in which the academic year of ``day`` started: 2026-03-12 -> 2025."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def academic_year(day: datetime.date) -> str:
    """The academic year a date falls in: 2026-03-12 -> "2025/26", 2026-09-01 -> "2026/27"."""
    return period_starting(start_year(day))


def previous_period(period: str) -> str:
    """The academic year before: "2025/26" -> "2024/25"."""
    return period_starting(int(period[:4]) - 1)


def academic_years(today: datetime.date) -> list[tuple[str, str]]:
    """Choices for a form: the year after the current one, the current one, the one before."""
    start = start_year(today)
    return [(p, p) for p in (period_starting(y) for y in (start + 1, start, start - 1))]


def period_slug(period: str) -> str:
    """The form of a period in URLs and file names: "2025/26" -> "2025-26"."""
    return period.replace("/", "-")


def period_from_slug(slug: str) -> str:
    """"2025-26" -> "2025/26"; ValueError for anything that is not a year slug."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise ValueError(f"Not an academic year slug: {slug!r}")
    return slug.replace("-", "/")
