"""The academic year helpers in qaportal/periods.py, as a table."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from qaportal.periods import (
    PERIOD_VALIDATOR,
    academic_year,
    academic_years,
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


def test_academic_years_offers_next_current_and_last_year():
    assert academic_years(datetime.date(2026, 3, 12)) == [
        ("2026/27", "2026/27"), ("2025/26", "2025/26"), ("2024/25", "2024/25")]


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
