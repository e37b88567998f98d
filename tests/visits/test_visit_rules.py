"""The QA visit record's rules as pure functions, table by table, without a database."""
import datetime

import pytest

from assessments.scoring import Level
from visits import rag_rules
from visits.services import academic_year

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


@pytest.mark.parametrize(("code", "key_aspect", "key_sections", "chosen", "basis"), [
    ("1", True, ["1"], ["1"], "key_aspect"),             # key aspect wins
    ("4", False, ["1", "4"], ["4"], "key_section"),       # framework list beats the choice
    ("4", False, [4], [], "key_section"),                 # numbers in the YAML still match
    ("3", False, ["1"], ["3"], "chosen_for_visit"),
    ("2", False, ["1"], ["3"], None),                     # not a key section
    ("2", False, None, None, None),
])
def test_is_key(code, key_aspect, key_sections, chosen, basis):
    args = {"section_code": code, "key_aspect": key_aspect, "key_sections": key_sections,
            "chosen_for_visit": chosen}
    assert rag_rules.key_basis(**args) == basis
    assert rag_rules.is_key(**args) is (basis is not None)


@pytest.mark.parametrize(("code", "key_aspect", "key_sections", "framework_key"), [
    ("1", True, [], True), ("4", False, ["4"], True), ("3", False, ["1"], False),
])
def test_is_key_section_ignores_the_partnerships_choice(code, key_aspect, key_sections,
                                                       framework_key):
    assert rag_rules.is_key_section(section_code=code, key_aspect=key_aspect,
                                    key_sections=key_sections) is framework_key


@pytest.mark.parametrize(("colour", "key", "concern"), [
    ("red", True, True),
    ("red", False, False),      # Red, but not a key section
    ("amber", True, False),     # key, but not Red
    ("green", True, False),
    (None, True, False),        # no judgement yet
])
def test_raises_concern(colour, key, concern):
    assert rag_rules.raises_concern(judgement_colour=colour, key=key) is concern


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
    from tests.visits.helpers import create_visit, shared_visit
    from visits import services as visit_services
    from visits.models import Visit

    officer, lead = world.users["partnership_officer"], world.users["provider_lead"]
    never_shared = create_visit(world, frameworks)
    visit_services.visit_withdraw(visit=never_shared, by=officer, reason="Provider closed.")
    shared = shared_visit(world, frameworks)
    visit_services.visit_withdraw(visit=shared, by=officer, reason="Rescheduled.")
    for outsider in (lead, world.users["la_commissioner"]):  # the LA sees what was shared
        visible = set(Visit.objects.visible_to(outsider))
        assert never_shared not in visible
        assert shared in visible
    assert never_shared in set(Visit.objects.visible_to(officer))
