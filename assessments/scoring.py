"""Scoring: pure functions over plain values, one per scoring scheme. No ORM here.

The scheme and its parameters come from the framework's data file:

- ``points`` (SI QAF): a criterion scores its level's points (evidenced 1, not yet
  evidenced 0). A section scores the sum, out of ``section_max``; the assessment
  scores the sum of its sections, out of ``total_max``. When every criterion is rated
  and the total is at or below ``action_plan_threshold``, a Stage 2 action plan is
  required, with an action for every section below ``section_max``.
- ``levels`` (IntegratED): each criterion is rated on an ordered scale. A criterion
  rated on one of the lowest ``improvement_levels`` levels proposes an area for
  improvement, and its section needs an action.
- ``rag`` (visit record): ratings are Red / Amber / Green; summaries count each
  colour and name the worst.

A criterion that is not yet rated counts towards nothing but progress: its points are 0.
Under ``points`` and ``levels`` a score is the sum of the rated levels' points (``SUMMED``,
``rating_points``); under ``rag`` nothing is scored. ``assessments.scoring_db`` is the same
rule as database expressions, for the dashboards that sum it over many assessments; the two
are tested together on generated ratings of every framework.
"""
from dataclasses import dataclass, field

RAG_ORDER = {"red": 0, "amber": 1, "green": 2}  # worst first
# The schemes whose score is the sum of the rated levels' points; any other scores nothing.
SUMMED = frozenset({"points", "levels"})


@dataclass(frozen=True)
class Level:
    """A rating level as scoring sees it."""

    code: str
    label: str
    points: int
    order: int
    colour: str = ""


@dataclass(frozen=True)
class SectionInput:
    code: str
    title: str
    ratings: tuple  # one Level or None per criterion, in criterion order


class Shown:
    """A result as people read it: its points out of the maximum where the framework's results
    may be totalled (``totalled``: the file's ``comparison`` and a summed scheme), else its items
    at each level, highest first ("Embedded 3, Developing 1"; one item: its level alone)."""

    @property
    def shown(self) -> str:
        if self.totalled:
            return f"{self.score}/{self.max_score}"
        counts = [(label, self.level_counts[code]) for code, label in self.labels
                  if self.level_counts.get(code)]
        if not counts:
            return "Not rated"
        if self.total == 1:
            return counts[0][0]
        return ", ".join(f"{label} {count}" for label, count in counts)


@dataclass(frozen=True)
class SectionResult(Shown):
    code: str
    title: str
    rated: int
    total: int
    score: int
    max_score: int
    level_counts: dict = field(default_factory=dict)  # level code -> count
    needs_action: bool = False
    totalled: bool = True  # whether the score may be shown as a total (``Shown``)
    labels: tuple = ()  # (level code, label) pairs, highest level first

    @property
    def complete(self) -> bool:
        return self.rated == self.total


@dataclass(frozen=True)
class AssessmentResult(Shown):
    scheme: str
    sections: tuple
    rated: int
    total: int
    score: int
    max_score: int
    action_plan_required: bool
    meaning: str
    level_counts: dict = field(default_factory=dict)
    totalled: bool = True  # whether the score may be shown as a total (``Shown``)
    labels: tuple = ()  # (level code, label) pairs, highest level first

    @property
    def complete(self) -> bool:
        return self.rated == self.total

    @property
    def sections_needing_action(self) -> tuple:
        return tuple(s for s in self.sections if s.needs_action)


def score(scheme: str, parameters: dict, levels: list[Level], sections: list[SectionInput],
          *, comparison: bool = True):
    """Score an assessment under its framework's scheme. ``comparison`` is the framework
    file's: where it is false (IntegratED) the result is never shown as a total, only as its
    items at each level (``Shown``), though the points are still worked out for the rule's
    own use (which items need an action)."""
    try:
        scorer = SCHEMES[scheme]
    except KeyError:
        raise ValueError(f"Unknown scoring scheme {scheme!r}.") from None
    # How the result and each section are shown, given to the scheme so that each is built
    # once (a copy of each with these set was a tenth of a 500-row API page, measured).
    return scorer(parameters, levels, sections, **shown_as(scheme, levels, comparison))


def shown_as(scheme: str, levels: list[Level], comparison: bool) -> dict:
    """How a result of ``scheme`` is shown (``Shown``): whether as a total, and the levels'
    (code, label) pairs, highest first."""
    return {"totalled": comparison and scheme in SUMMED,
            "labels": tuple((lv.code, lv.label) for lv in sorted(levels, key=lambda lv: -lv.order))}


# A result as stored with its assessment (``as_data``; ``assessments.results``): its figures
# and its words, never how it is shown (that is the framework's) nor the sections' titles.
FIGURES = ("rated", "total", "score", "max_score", "level_counts")


def as_data(result: AssessmentResult) -> dict:
    """The result as plain values for a JSON column; ``from_data`` gives it back."""
    return {**{name: getattr(result, name) for name in FIGURES},
            "action_plan_required": result.action_plan_required, "meaning": result.meaning,
            "sections": [{"code": s.code, "needs_action": s.needs_action,
                          **{name: getattr(s, name) for name in FIGURES}}
                         for s in result.sections]}


def from_data(data: dict, scheme: str, titles: dict, **shown) -> AssessmentResult:
    """The result ``as_data`` stored, for an assessment of a framework scored by ``scheme``
    whose sections' titles are ``titles`` (by code), shown as ``shown_as`` says."""
    return AssessmentResult(
        scheme=scheme, action_plan_required=data["action_plan_required"],
        meaning=data["meaning"], **{name: data[name] for name in FIGURES}, **shown,
        sections=tuple(SectionResult(title=titles[s["code"]], **s, **shown)
                       for s in data["sections"]))


def rating_points(scheme: str, level: "Level | None") -> int:
    """What one rating scores under ``scheme``: its level's points where the scheme sums them
    (``SUMMED``), else 0; 0 while not yet rated (``scoring_db.rating_points`` in SQL)."""
    return level.points if level is not None and scheme in SUMMED else 0


def _counts(ratings) -> dict:
    """How many ratings are at each level, by code. A plain loop: a ``Counter`` for each
    section of each result was a fifth of scoring a page of 500 (measured)."""
    counts = {}
    for rating in ratings:
        if rating is not None:
            counts[rating.code] = counts.get(rating.code, 0) + 1
    return counts


def score_points(parameters: dict, levels: list[Level], sections: list[SectionInput],
                 **shown):
    """SI QAF: evidenced statements count; see the module docstring for the rule."""
    section_max = int(parameters["section_max"])
    total_max = int(parameters["total_max"])
    threshold = int(parameters["action_plan_threshold"])
    results = []
    for section in sections:
        points = sum(rating_points("points", r) for r in section.ratings)
        rated = sum(r is not None for r in section.ratings)
        results.append(SectionResult(
            code=section.code, title=section.title, rated=rated, total=len(section.ratings),
            score=points, max_score=section_max, level_counts=_counts(section.ratings),
            needs_action=points < section_max, **shown,
        ))
    rated = sum(s.rated for s in results)
    total = sum(s.total for s in results)
    points = sum(s.score for s in results)
    required = rated == total and points <= threshold
    if rated < total:
        meaning = (f"{points} of {total_max} so far. {total - rated} of {total} statements are "
                   f"not yet rated.")
    elif required:
        weak = ", ".join(f"{s.title} ({s.score}/{s.max_score})" for s in results if s.needs_action)
        meaning = (f"{points} out of {total_max}. A total of {threshold} or below needs a Stage 2 "
                   f"measurable and timebound action plan, with an action for each section below "
                   f"{section_max}/{section_max}: {weak}.")
    else:
        meaning = (f"{points} out of {total_max}: every statement is evidenced. No action plan "
                   f"is required.")
    return AssessmentResult(
        scheme="points", sections=tuple(results), rated=rated, total=total, score=points,
        max_score=total_max, action_plan_required=required, meaning=meaning,
        level_counts=_merge(results), **shown,
    )


def score_levels(parameters: dict, levels: list[Level], sections: list[SectionInput],
                 **shown):
    """IntegratED: criteria on the lowest ``improvement_levels`` levels need an action."""
    ordered = sorted(levels, key=lambda lv: lv.order)
    low = {lv.code for lv in ordered[: int(parameters["improvement_levels"])]}
    top = max(lv.points for lv in ordered)
    results = []
    for section in sections:
        rated = [r for r in section.ratings if r is not None]
        results.append(SectionResult(
            code=section.code, title=section.title, rated=len(rated),
            total=len(section.ratings), score=sum(rating_points("levels", r) for r in rated),
            max_score=top * len(section.ratings), level_counts=_counts(section.ratings),
            needs_action=any(r.code in low for r in rated), **shown,
        ))
    rated = sum(s.rated for s in results)
    total = sum(s.total for s in results)
    counts = _merge(results)
    weak = sum(counts.get(code, 0) for code in low)
    low_labels = " or ".join(f"“{lv.label}”" for lv in ordered if lv.code in low)
    if rated < total:
        meaning = f"{rated} of {total} items rated so far."
    elif weak:
        meaning = (f"{weak} of {total} items are rated {low_labels}: each is an area for "
                   f"improvement in the action plan.")
    else:
        meaning = f"All {total} items are rated above {low_labels}."
    return AssessmentResult(
        scheme="levels", sections=tuple(results), rated=rated, total=total,
        score=sum(s.score for s in results), max_score=sum(s.max_score for s in results),
        action_plan_required=rated == total and weak > 0, meaning=meaning, level_counts=counts,
        **shown,
    )


def score_rag(parameters: dict, levels: list[Level], sections: list[SectionInput],
              **shown):
    """Visit record: count Red / Amber / Green per section and overall."""
    results = []
    for section in sections:
        rated = [r for r in section.ratings if r is not None]
        results.append(SectionResult(
            code=section.code, title=section.title, rated=len(rated),
            total=len(section.ratings), score=sum(rating_points("rag", r) for r in rated),
            max_score=0,
            level_counts=_counts(section.ratings),
            needs_action=any(r.colour in ("red", "amber") for r in rated), **shown,
        ))
    rated = sum(s.rated for s in results)
    total = sum(s.total for s in results)
    counts = _merge(results)
    worst_level = worst([r for s in sections for r in s.ratings])
    meaning = (f"{rated} of {total} requirements rated" +
               (f"; the worst rating is {worst_level.label}." if worst_level else "."))
    return AssessmentResult(
        scheme="rag", sections=tuple(results), rated=rated, total=total,
        score=sum(s.score for s in results), max_score=0,
        action_plan_required=any(s.needs_action for s in results), meaning=meaning,
        level_counts=counts, **shown,
    )


def worst(ratings) -> Level | None:
    """The worst RAG rating (Red before Amber before Green), or None when nothing is rated."""
    rated = [r for r in ratings if r is not None and r.colour in RAG_ORDER]
    return min(rated, key=lambda r: RAG_ORDER[r.colour], default=None)


def _merge(results) -> dict:
    total = {}
    for result in results:
        for code, n in result.level_counts.items():
            total[code] = total.get(code, 0) + n
    return total


SCHEMES = {"points": score_points, "levels": score_levels, "rag": score_rag}
