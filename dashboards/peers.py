"""Anonymised peer figures: the median section score of providers of the same type across the
whole service, shown beside a provider's own result only when enough providers contribute.

This is the one module that reads self-assessments past ``visible_to(user)``, and it returns
numbers only (how many providers contributed and a median per section), never a row, a name or
an id, and no median at all below ``PEER_MINIMUM`` contributors.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import median

from django.db.models import Q

from assessments.models import Response
from assessments.scoring_db import points_total
from assessments.workflow import FINAL

# Below this many contributing providers a median could point at one of them: none is shown.
PEER_MINIMUM = 5


@dataclass(frozen=True)
class PeerMedians:
    """What the service's other providers of one type show for one framework and year:
    how many contributed and, only when at least ``PEER_MINIMUM`` did, the median section
    score (points) per section code."""

    contributors: int
    medians: dict = field(default_factory=dict)  # section code -> int or float (a half: x.5)

    @property
    def shown(self) -> bool:
        return self.contributors >= PEER_MINIMUM


def service_wide_peer_medians(*, provider_id: int, provider_type: str,
                              wanted: dict[tuple[str, str], list[str]],
                              ) -> dict[tuple[str, str], PeerMedians]:
    """The median section score of every OTHER provider of ``provider_type`` in the whole
    service with a final self-assessment in each (framework slug, period) of ``wanted``, for
    the section codes listed there: aggregates only, by (framework slug, period).

    Why it reads across organisations: a provider, its commissioners and admins compare its
    result with the service's providers of the same type, most of which none of them may see
    (``visible_to`` would limit the read to the user's own organisations). So it returns
    numbers only, and no median below ``PEER_MINIMUM`` contributors, so that nothing it
    returns can identify a provider. A provider counts once per framework and year (one
    assessment per provider, framework and period, as the database keeps it), with its
    section scores summed in the database by the scoring rule's database form
    (``assessments.scoring_db``): one query, whatever the number of providers. A section
    with nothing rated scores 0, as in ``assessments.scoring``.
    """
    if not wanted:
        return {}
    pairs = Q()
    for slug, period in wanted:
        pairs |= Q(assessment__framework_slug=slug, assessment__period=period)
    scores = defaultdict(dict)  # (slug, period) -> assessment id -> {section code: points}
    for row in (Response.objects.filter(pairs, assessment__state__in=FINAL,
                                        assessment__provider__provider_type=provider_type)
                .exclude(assessment__provider_id=provider_id)
                .order_by()
                .values("assessment__framework_slug", "assessment__period", "assessment_id",
                        "criterion__section__code")
                .annotate(points=points_total())):
        key = row["assessment__framework_slug"], row["assessment__period"]
        scores[key].setdefault(row["assessment_id"], {})[row["criterion__section__code"]] = (
            row["points"])
    found = {}
    for key, codes in wanted.items():
        by_assessment = scores.get(key, {})
        if len(by_assessment) < PEER_MINIMUM:
            found[key] = PeerMedians(len(by_assessment))
            continue
        found[key] = PeerMedians(len(by_assessment), {code: _plain(median(
            sections.get(code, 0) for sections in by_assessment.values())) for code in codes})
    return found


def _plain(value):
    """A median as people read it: 4 rather than 4.0; a half stays 4.5."""
    return int(value) if float(value).is_integer() else value
