"""Whole-number percentages, the one way the portal rounds them: half up (32.5% is 33%), and
where shares of one whole are shown together, by largest remainder so that they add up to 100."""
from fractions import Fraction


def percent(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` as a whole percentage rounded half up; None for a whole of 0."""
    if not whole:
        return None
    return int(Fraction(100 * part, whole) + Fraction(1, 2))


def shares(counts: list[int]) -> list[int | None]:
    """Each count's share of their sum as whole percentages adding up to exactly 100: each
    rounded down, then the points left over go one each to the largest remainders (ties to the
    larger count, then the earlier). None for every count when the sum is 0."""
    total = sum(counts)
    if not total:
        return [None] * len(counts)
    exact = [Fraction(100 * count, total) for count in counts]
    whole = [int(share) for share in exact]
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - whole[i]), -counts[i], i))
    for i in order[:100 - sum(whole)]:
        whole[i] += 1
    return whole


def shown(share: int | None) -> str:
    """A share as text: "45%", or "–" where there is nothing to share."""
    return "–" if share is None else f"{share}%"
