"""The academic year helpers in core/periods.py, as a table."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from core.periods import (
    PERIOD_VALIDATOR,
    academic_year,
    academic_years,
    is_open_period,
    latest_open_period,
    period_from_slug,
    period_slug,
    period_starting,
    previous_period,
)


@pytest.mark.parametrize(("day", "period"), [
    ("2026-03-12", "2025/26"),
    ("2026-08-31", "2025/26"),
    ("2026-09-01", "2026/27"),
    ("2026-12-31", "2026/27"),
    ("1999-09-01", "1999/00"),
])
def test_academic_year_starts_on_1_september(day, period):
    assert academic_year(datetime.date.fromisoformat(day)) == period


@pytest.mark.parametrize(("period", "previous"), [
    ("2025/26", "2024/25"), ("2000/01", "1999/00"), ("2100/01", "2099/00"),
])
def test_previous_period(period, previous):
    assert previous_period(period) == previous


def test_period_starting_writes_two_digit_end_year():
    assert period_starting(2009) == "2009/10"


def test_academic_years_offers_the_current_and_last_year_never_one_not_begun():
    assert academic_years(datetime.date(2026, 12, 6)) == [
        ("2026/27", "2026/27"), ("2025/26", "2025/26")]


@pytest.mark.parametrize(("month", "day", "latest"), [
    (None, "2026-12-06", "2026/27"),  # December 2026: 2027/28 has not begun
    (None, "2027-08-31", "2026/27"),
    (None, "2027-09-01", "2027/28"),
    (6, "2027-05-31", "2026/27"),  # the next year opens on 1 June
    (6, "2027-06-01", "2027/28"),
    (6, "2026-12-06", "2026/27"),
    (10, "2026-09-30", "2026/27"),  # a month in the autumn: opens early in the year
    (10, "2026-10-01", "2027/28"),
    (9, "2026-09-01", "2027/28"),  # always open
])
def test_latest_open_period_is_the_current_year_or_the_next_once_the_setting_opens_it(
        settings, month, day, latest):
    settings.SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH = month
    today = datetime.date.fromisoformat(day)
    assert latest_open_period(today) == latest
    assert is_open_period(latest, today)
    assert not is_open_period(f"{int(latest[:4]) + 1}/{(int(latest[:4]) + 2) % 100:02d}", today)


def test_academic_years_offers_the_next_year_once_the_setting_opens_it(settings):
    settings.SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH = 6
    assert academic_years(datetime.date(2027, 6, 1)) == [
        ("2027/28", "2027/28"), ("2026/27", "2026/27"), ("2025/26", "2025/26")]


@pytest.mark.parametrize("month", [0, 13, "6"])
def test_a_month_outside_1_to_12_is_a_configuration_error(settings, month):
    from django.core.exceptions import ImproperlyConfigured
    settings.SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH = month
    with pytest.raises(ImproperlyConfigured, match="SELF_ASSESSMENT_NEXT_YEAR_FROM_MONTH"):
        latest_open_period(datetime.date(2026, 12, 6))


@pytest.mark.parametrize(("period", "slug"), [("2025/26", "2025-26"), ("1999/00", "1999-00")])
def test_period_slug_round_trips(period, slug):
    assert period_slug(period) == slug
    assert period_from_slug(slug) == period


@pytest.mark.parametrize("slug", ["2025/26", "2025-2026", "25-26", "2025-26x", ""])
def test_period_from_slug_refuses_what_is_not_a_year_slug(slug):
    with pytest.raises(ValueError):
        period_from_slug(slug)


@pytest.mark.parametrize(("value", "ok"), [
    ("2025/26", True), ("2025-26", False), ("2025/2026", False), ("25/26", False),
])
def test_period_validator(value, ok):
    if ok:
        PERIOD_VALIDATOR(value)
    else:
        with pytest.raises(ValidationError, match="Enter the academic year like 2025/26."):
            PERIOD_VALIDATOR(value)
