"""A cause for concern and the partnership chair's decision, through the services: what the
decision does to the commissioning link, who may decide, and the history kept."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from organisations.models import Commissioning
from visits import concerns
from visits.models import Concern, ConcernDecision

from .helpers import link_for, recorded_visit


@pytest.fixture
def concern(world, frameworks):
    recorded_visit(world, frameworks, judgements={"1": "red"})
    return Concern.objects.get()


@pytest.mark.parametrize(("decision", "status"), [
    ("continue", "active"), ("continue_with_conditions", "under_review"),
    ("suspend_new_placements", "suspended"), ("decommission", "decommissioned"),
])
def test_the_decision_sets_the_partnerships_commissioning_status(world, concern, decision, status):
    chair = world.users["partnership_chair"]
    extra = ({"conditions": "Weekly safeguarding check-ins.",
              "review_date": datetime.date.today() + datetime.timedelta(days=30)}
             if decision == "continue_with_conditions" else {})
    concerns.concern_decide(concern=concern, by=chair, decision=decision,
                      reasons="The single central record was incomplete.", **extra)
    link = link_for(world)
    assert link.status == status
    assert Concern.objects.get().status == "decided"
    assert ConcernDecision.objects.get().decided_by == chair
    if status != "active":
        record = link.history.first()
        assert record.history_user == chair
        assert "The single central record was incomplete." in record.status_reason
    # The LA's own link is the LA's decision, not the partnership's.
    assert Commissioning.objects.get(commissioner=world.la).status == "active"


@pytest.mark.parametrize("role", ["partnership_officer", "la_commissioner", "provider_lead", "admin"])
def test_only_the_partnership_chair_decides(world, concern, role):
    with pytest.raises(PermissionDenied):
        concerns.concern_decide(concern=concern, by=world.users[role], decision="decommission",
                          reasons="x")
    assert not ConcernDecision.objects.exists()
    assert link_for(world).status == "active"


def test_conditions_need_the_conditions_a_review_date_and_reasons(world, concern):
    with pytest.raises(ValidationError) as refused:
        concerns.concern_decide(concern=concern, by=world.users["partnership_chair"],
                          decision="continue_with_conditions", reasons="")
    assert refused.value.message_dict == {
        "reasons": [concerns.DECISION_REASONS_REQUIRED], "conditions": [concerns.CONDITIONS_REQUIRED],
        "review_date": [concerns.REVIEW_DATE_REQUIRED]}
    assert not ConcernDecision.objects.exists()


def test_concerns_and_decisions_keep_their_history(world, concern):
    chair = world.users["partnership_chair"]
    concerns.concern_decide(concern=concern, by=chair, decision="suspend_new_placements", reasons="SCR.")
    concerns.concern_decide(concern=concern, by=chair, decision="continue", reasons="SCR now complete.")
    assert [d.decision for d in concern.decisions.all()] == ["suspend_new_placements", "continue"]
    assert link_for(world).status == "active"
    assert [h.status for h in Concern.history.filter(id=concern.pk).order_by("history_id")] == [
        "open", "decided", "decided"]


def test_concern_visibility_follows_commissioning(world, concern):
    for role, sees in [("partnership_chair", True), ("partnership_officer", True),
                       ("la_commissioner", True), ("admin", True), ("provider_lead", False),
                       ("provider_staff", False), ("other_la_commissioner", False),
                       ("no_membership", False)]:
        assert Concern.objects.visible_to(world.users[role]).exists() is sees, role
