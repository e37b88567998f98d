"""Cohort results, the one rule: a provider's cohort figures for a year measured against its
framework's targets (the file's ``cohort``: SI QAF section 6, "Outcomes of high-quality
sustainable employment from the overall cohort exceed 70% or above", in jobs of "no less
[than] 16 hours per week" at "no less than the minimum wage").

The employment rate is the interns who moved into paid work of the minimum hours or more at
or above the minimum wage, of those who completed (8 started, 7 completed, 5 into such work:
71%), rounded as every percentage is (``core.percentages``). It meets the target at or above
it. ``below_target`` is the same rule as a database condition, for the dashboard's filter.
"""
from dataclasses import dataclass

from django.db.models import F, Q
from django.db.models.lookups import GreaterThan, LessThan

from core.percentages import percent


@dataclass(frozen=True)
class Figures:
    """One year's cohort figures beside the framework's targets, as pages show them."""

    started: int
    completed: int
    employed: int
    employed_qualifying: int
    sustained: int | None
    follow_up_months: int
    target: int  # percent
    minimum_hours: int

    @property
    def rate(self) -> int | None:
        """The employment rate, a whole percentage; None when nobody completed."""
        return percent(self.employed_qualifying, self.completed)

    @property
    def meets_target(self) -> bool | None:
        return None if self.rate is None else meets(self.employed_qualifying, self.completed,
                                                    self.target)

    @property
    def rate_text(self) -> str:
        """"71% (5 of 7 who completed), against the framework's 70%: met"."""
        if self.rate is None:
            return f"No rate: nobody completed (the framework's target is {self.target}%)"
        verdict = "met" if self.meets_target else "below the target"
        return (f"{self.rate}% ({self.employed_qualifying} of {self.completed} who completed), "
                f"against the framework's {self.target}%: {verdict}")


def meets(employed_qualifying: int, completed: int, target: int) -> bool:
    """Whether the cohort's employment rate reaches ``target`` percent: compared exactly
    (5 of 7 is 71.4%, not below 70%; 69.5% is below 70% though it rounds to 70%)."""
    return completed > 0 and 100 * employed_qualifying >= target * completed


def below_target(target: int, prefix: str = "") -> Q:
    """The rows whose cohort (under ``prefix``, e.g. "cohort__") has a rate below ``target``:
    ``meets`` as a database condition, in whole numbers. A cohort where nobody completed is
    not below it."""
    return Q(GreaterThan(F(f"{prefix}completed"), 0)) & Q(LessThan(
        F(f"{prefix}employed_qualifying") * 100, F(f"{prefix}completed") * target))


def figures_of(cohort, framework) -> Figures | None:
    """A stored ``CohortResult`` with its framework's targets; None without either."""
    targets = framework.cohort if framework is not None else None
    if cohort is None or not targets:
        return None
    return Figures(started=cohort.started, completed=cohort.completed, employed=cohort.employed,
                   employed_qualifying=cohort.employed_qualifying, sustained=cohort.sustained,
                   follow_up_months=cohort.follow_up_months,
                   target=targets["employment_target"], minimum_hours=targets["minimum_hours"])
