"""The academic year (a "period", e.g. "2025/26", from 1 September): reading, writing and
validating it, and its URL / file-name form ("2025-26")."""
import datetime
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
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


def next_year_opens(today: datetime.date) -> datetime.date | None:
    """The day in the academic year of ``today`` from which the next academic year is open to
    self-assessment too (``settings.SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH``, a month 1-12:
    6 opens 2027/28 on 1 June 2027; 9 keeps the next year open all year); None when unset."""
    month = getattr(settings, "SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH", None)
    if month is None:
        return None
    if not isinstance(month, int) or not 1 <= month <= 12:
        raise ImproperlyConfigured(
            f"SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH must be a month from 1 to 12, not {month!r}.")
    start = start_year(today)
    return datetime.date(start if month >= FIRST_MONTH else start + 1, month, 1)


def latest_open_period(today: datetime.date) -> str:
    """The newest academic year a self-assessment may be for on ``today``: the current one,
    or the next one once the setting opens it (``next_year_opens``). The one rule for what
    may be started, submitted, counted as a provider's latest result or compared with peers,
    and sampled for moderation: a year that has not begun holds nothing to assess."""
    opens = next_year_opens(today)
    start = start_year(today)
    return period_starting(start + 1 if opens is not None and today >= opens else start)


def is_open_period(period: str, today: datetime.date) -> bool:
    """Whether a self-assessment may be for ``period`` on ``today`` (``latest_open_period``)."""
    return period <= latest_open_period(today)


def academic_years(today: datetime.date) -> list[tuple[str, str]]:
    """Choices for a form: the newest open year (``latest_open_period``: the current one, or
    the next once it opens), then the years back to the one before the current one."""
    return [(p, p) for p in periods_between(latest_open_period(today),
                                            previous_period(academic_year(today)))]


def periods_between(newest: str, oldest: str) -> list[str]:
    """The academic years from ``newest`` back to ``oldest``, newest first (none if ``oldest``
    is after ``newest``)."""
    return [period_starting(y) for y in range(int(newest[:4]), int(oldest[:4]) - 1, -1)]


def period_slug(period: str) -> str:
    """The form of a period in URLs and file names: "2025/26" -> "2025-26"."""
    return period.replace("/", "-")


def period_from_slug(slug: str) -> str:
    """"2025-26" -> "2025/26"; ValueError for anything that is not a year slug."""
    if not SLUG_PATTERN.fullmatch(slug):
        raise ValueError(f"Not an academic year slug: {slug!r}")
    return slug.replace("-", "/")
