"""The QA visit record's rules as pure functions, table by table, without a database."""
import datetime

import pytest

from assessments import rag_rules
from assessments.scoring import Level
from assessments.visit_services import academic_year

RED = Level("red", "Red", 1, 0, "red")
AMBER = Level("amber", "Amber", 2, 1, "amber")
GREEN = Level("green", "Green", 3, 2, "green")


@pytest.mark.parametrize(("judgement", "ratings", "required"), [
    (GREEN, [RED, GREEN], True),
    (AMBER, [RED, AMBER, GREEN], True),
    (RED, [RED, GREEN], False),          # not better than Red
    (GREEN, [AMBER, GREEN], False),      # no Red requirement
    (AMBER, [GREEN, GREEN], False),
    (GREEN, [None, None], False),        # nothing rated
    (GREEN, [None, RED], True),
    (None, [RED], False),                # no judgement yet
    (GREEN, [], False),
])
def test_justification_required(judgement, ratings, required):
    pairs = [(f"1.{n}", level) for n, level in enumerate(ratings, start=1)]
    assert rag_rules.justification_required(judgement, pairs) is required


@pytest.mark.parametrize(("judgement", "ratings", "justification", "error"), [
    (GREEN, [("1.2", RED)], "", "Explain why the judgement is Green when 1.2 in this section is "
                                "rated Red."),
    (AMBER, [("1.2", RED), ("1.3", GREEN), ("1.5", RED)], "",
     "Explain why the judgement is Amber when 1.2 and 1.5 in this section are rated Red."),
    (AMBER, [("2.4", RED), ("2.5", RED), ("2.6", RED)], "  ",
     "Explain why the judgement is Amber when 2.4, 2.5 and 2.6 in this section are rated Red."),
    (AMBER, [("1.2", RED)], "Isolated lapse, fixed during the visit.", None),
    (RED, [("1.2", RED)], "", None),
])
def test_justification_error(judgement, ratings, justification, error):
    assert rag_rules.justification_error(judgement, ratings, justification) == error


@pytest.mark.parametrize(("colour", "code", "key_aspect", "key_sections", "chosen", "basis"), [
    ("red", "1", True, ["1"], [], "key_aspect"),
    ("red", "4", False, ["1", "4"], [], "key_section"),
    ("red", "4", False, [4], [], "key_section"),          # numbers in the YAML still match
    ("red", "3", False, ["1"], ["3"], "chosen_for_visit"),
    ("red", "2", False, ["1"], ["3"], None),             # Red, but not a key section
    ("amber", "1", True, ["1"], ["1"], None),            # key, but not Red
    ("green", "3", False, [], ["3"], None),
    ("red", "2", False, None, None, None),
])
def test_concern_basis(colour, code, key_aspect, key_sections, chosen, basis):
    assert rag_rules.concern_basis(judgement_colour=colour, section_code=code,
                                   key_aspect=key_aspect, key_sections=key_sections,
                                   chosen_for_visit=chosen) == basis


@pytest.mark.parametrize(("judgement", "rating", "better"), [
    (GREEN, RED, True), (AMBER, RED, True), (GREEN, AMBER, True), (RED, RED, False),
    (RED, GREEN, False), (AMBER, GREEN, False), (None, RED, False), (GREEN, None, False),
])
def test_better_than(judgement, rating, better):
    assert rag_rules.better_than(judgement, rating) is better


@pytest.mark.parametrize(("day", "year"), [
    ("2026-03-12", "2025/26"), ("2026-08-31", "2025/26"), ("2026-09-01", "2026/27"),
    ("2099-12-01", "2099/00"),
])
def test_academic_year(day, year):
    assert academic_year(datetime.date.fromisoformat(day)) == year


def test_a_visit_withdrawn_before_sharing_stays_hidden_from_the_provider_and_the_la(
        world, frameworks):
    from assessments import visit_services
    from assessments.models import Assessment
    from tests.assessments.test_visits import create_visit, shared_visit

    officer, lead = world.users["partnership_officer"], world.users["provider_lead"]
    never_shared = create_visit(world, frameworks)
    visit_services.visit_withdraw(assessment=never_shared, by=officer, reason="Provider closed.")
    shared = shared_visit(world, frameworks)
    visit_services.visit_withdraw(assessment=shared, by=officer, reason="Rescheduled.")
    for outsider in (lead, world.users["la_commissioner"]):  # the LA sees what was shared
        visible = set(Assessment.objects.visible_to(outsider).visits())
        assert never_shared not in visible
        assert shared in visible
    assert never_shared in set(Assessment.objects.visible_to(officer).visits())
