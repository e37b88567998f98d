"""Scoring rules, table-driven, without the database."""
import pytest

from assessments.scoring import Level, SectionInput, score, worst

EVIDENCED = Level("evidenced", "Evidenced", 1, 1)
NOT_YET = Level("not_evidenced", "Not yet evidenced", 0, 0)
SI_LEVELS = [NOT_YET, EVIDENCED]
SI_PARAMS = {"section_max": 6, "total_max": 36, "action_plan_threshold": 35}
SI_TITLES = ["Leadership", "Planning", "Partnership", "Readiness", "Progress", "Results"]


def si_sections(evidenced_per_section, unrated_per_section=(0,) * 6):
    sections = []
    for i, (count, unrated) in enumerate(zip(evidenced_per_section, unrated_per_section, strict=True)):
        ratings = [EVIDENCED] * count + [None] * unrated + [NOT_YET] * (6 - count - unrated)
        sections.append(SectionInput(str(i + 1), SI_TITLES[i], tuple(ratings)))
    return sections


@pytest.mark.parametrize(("per_section", "total", "plan_required", "needing"), [
    ((0, 0, 0, 0, 0, 0), 0, True, SI_TITLES),
    ((6, 6, 6, 6, 6, 5), 35, True, ["Results"]),
    ((6, 6, 6, 6, 6, 6), 36, False, []),
    ((6, 3, 2, 1, 4, 5), 21, True, ["Planning", "Partnership", "Readiness", "Progress", "Results"]),
    ((5, 6, 6, 6, 6, 6), 35, True, ["Leadership"]),
])
def test_si_qaf_points(per_section, total, plan_required, needing):
    result = score("points", SI_PARAMS, SI_LEVELS, si_sections(per_section))
    assert result.score == total
    assert result.max_score == 36
    assert result.complete
    assert [s.score for s in result.sections] == list(per_section)
    assert all(s.max_score == 6 for s in result.sections)
    assert result.action_plan_required is plan_required
    assert [s.title for s in result.sections_needing_action] == needing


def test_si_qaf_36_says_no_action_plan_is_needed():
    result = score("points", SI_PARAMS, SI_LEVELS, si_sections((6,) * 6))
    assert result.meaning == "36 out of 36: every statement is evidenced. No action plan is required."


def test_si_qaf_35_names_the_section_needing_an_action():
    result = score("points", SI_PARAMS, SI_LEVELS, si_sections((6, 6, 6, 6, 6, 5)))
    assert "35 out of 36" in result.meaning
    assert "Results (5/6)" in result.meaning


def test_unrated_criteria_count_toward_progress_only_and_no_plan_is_required_yet():
    result = score("points", SI_PARAMS, SI_LEVELS,
                   si_sections((3, 6, 6, 6, 6, 6), unrated_per_section=(3, 0, 0, 0, 0, 0)))
    assert result.rated == 33 and result.total == 36
    assert result.score == 33
    assert not result.complete
    assert result.action_plan_required is False
    assert result.sections[0].rated == 3 and not result.sections[0].complete
    assert "3 of 36 statements are not yet rated" in result.meaning


def test_threshold_comes_from_the_parameters():
    params = {**SI_PARAMS, "action_plan_threshold": 30}
    result = score("points", params, SI_LEVELS, si_sections((6, 6, 6, 6, 6, 1)))
    assert result.score == 31
    assert result.action_plan_required is False


# IntegratED: the portal's default four-level scale.
L1 = Level("not_in_place", "Not yet in place", 1, 1)
L2 = Level("developing", "Developing", 2, 2)
L3 = Level("established", "Established", 3, 3)
L4 = Level("embedded", "Embedded", 4, 4)
LEVELS = [L1, L2, L3, L4]


@pytest.mark.parametrize(("ratings", "needs_action", "plan_required", "counts"), [
    ([[L4], [L3, L3, L4, L4]], [False, False], False, {"embedded": 3, "established": 2}),
    ([[L2], [L3, L4, L4, L4]], [True, False], True, {"developing": 1, "established": 1,
                                                      "embedded": 3}),
    ([[L4], [L3, L1, L4, L4]], [False, True], True, {"embedded": 3, "established": 1,
                                                      "not_in_place": 1}),
    ([[None], [L3, L3, L4, L4]], [False, False], False, {"established": 2, "embedded": 2}),
])
def test_integrated_levels(ratings, needs_action, plan_required, counts):
    sections = [SectionInput(str(i + 1), f"Benchmark {i + 1}", tuple(r)) for i, r in enumerate(ratings)]
    result = score("levels", {"improvement_levels": 2}, LEVELS, sections)
    assert [s.needs_action for s in result.sections] == needs_action
    assert result.action_plan_required is plan_required
    assert result.level_counts == counts


def test_integrated_meaning_counts_items_at_the_low_levels():
    sections = [SectionInput("1", "Workforce", (L1,)), SectionInput("2", "Home", (L4,))]
    result = score("levels", {"improvement_levels": 2}, LEVELS, sections)
    assert result.meaning == ("1 of 2 items are rated “Not yet in place” or “Developing”: "
                              "each is an area for improvement in the action plan.")


RED = Level("red", "Red", 1, 1, "red")
AMBER = Level("amber", "Amber", 2, 2, "amber")
GREEN = Level("green", "Green", 3, 3, "green")


@pytest.mark.parametrize(("ratings", "expected"), [
    ([GREEN, AMBER, RED], RED),
    ([GREEN, AMBER, None], AMBER),
    ([GREEN, GREEN], GREEN),
    ([None, None], None),
    ([], None),
])
def test_worst_rag(ratings, expected):
    assert worst(ratings) == expected


def test_rag_counts_each_colour():
    sections = [SectionInput("1", "Learner Safety", (GREEN, RED, None)),
                SectionInput("2", "Learner Progress", (AMBER, GREEN))]
    result = score("rag", {"key_sections": ["1"]}, [RED, AMBER, GREEN], sections)
    assert result.level_counts == {"green": 2, "red": 1, "amber": 1}
    assert result.rated == 4 and result.total == 5
    assert result.meaning == "4 of 5 requirements rated; the worst rating is Red."


def test_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="Unknown scoring scheme"):
        score("stars", {}, [], [])
