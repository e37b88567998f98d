"""Due diligence before commissioning (issue 28): a commissioner records a prospective
provider, checks it item by item against the checklist, and decides. Commissioning makes
exactly one commissioning link; not commissioning makes none; a decided check is final."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from commissioning import services
from commissioning.models import CheckItem, DueDiligenceCheck
from organisations.models import Commissioning, Organisation

pytestmark = pytest.mark.django_db
AP = Organisation.ProviderType.INDEPENDENT_AP


@pytest.fixture
def prospective(world):
    return services.prospective_provider_create(
        name="Meadow Farm Learning", provider_type=AP, by=world.users["la_commissioner"],
        commissioner=world.la)


def opened(world, provider, who="la_commissioner"):
    return services.check_open(commissioner=world.la, provider=provider, by=world.users[who])


def mark_all(world, check, outcome="met", who="la_commissioner"):
    for row in check.items.all():
        services.item_record(row=row, outcome=outcome, note="Seen on 1 December.",
                             by=world.users[who])


def test_a_prospective_provider_is_a_provider_no_one_commissions(world, prospective):
    assert prospective.kind == "provider" and prospective.slug == "meadow-farm-learning"
    assert not Commissioning.objects.filter(provider=prospective).exists()
    assert prospective.history.count() == 1


def test_opening_a_check_makes_a_row_per_checklist_item(world, prospective):
    check = opened(world, prospective)
    assert check.state == DueDiligenceCheck.State.OPEN and check.link is None
    assert check.items.count() == check.checklist.items.count() == 13
    assert not check.items.exclude(outcome="").exists()


def test_one_open_check_of_a_provider_per_commissioner(world, prospective):
    opened(world, prospective)
    with pytest.raises(ValidationError) as caught:
        opened(world, prospective)
    assert caught.value.message_dict["provider"] == [
        "Shire Council already has a due-diligence check of Meadow Farm Learning in progress."]
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds it too
        DueDiligenceCheck.objects.create(
            commissioner=world.la, provider=prospective, opened_by=world.users["la_commissioner"],
            checklist=DueDiligenceCheck.objects.get().checklist)


def test_commissioning_with_conditions_makes_exactly_one_link(world, prospective):
    check = opened(world, prospective)
    mark_all(world, check)
    decided = services.check_decide(check=check, decision="with_conditions",
                                    conditions="A named safeguarding lead by January.",
                                    by=world.users["la_commissioner"])
    link = Commissioning.objects.get(commissioner=world.la, provider=prospective)
    assert decided.link == link and link.status == Commissioning.Status.ACTIVE
    assert link.status_reason == "A named safeguarding lead by January."
    assert decided.state == DueDiligenceCheck.State.DECIDED and decided.decided_at
    assert Commissioning.objects.filter(provider=prospective).count() == 1
    assert link.history.get().history_change_reason == services.COMMISSIONED_REASON
    with pytest.raises(PermissionDenied):  # decided once, for good
        services.check_decide(check=decided, decision="commission", conditions="",
                              by=world.users["la_commissioner"])


def test_a_check_repeated_a_year_on_keeps_the_link_it_is_about(world):
    link = Commissioning.objects.get(commissioner=world.la, provider=world.provider)
    check = opened(world, world.provider)
    assert check.link == link
    mark_all(world, check)
    services.check_decide(check=check, decision="commission", conditions="",
                          by=world.users["la_commissioner"])
    assert Commissioning.objects.filter(commissioner=world.la,
                                        provider=world.provider).count() == 1


def test_not_commissioning_makes_no_link(world, prospective):
    check = opened(world, prospective)
    mark_all(world, check, outcome="not_met")
    services.check_decide(check=check, decision="do_not_commission", conditions="",
                          by=world.users["la_commissioner"])
    assert not Commissioning.objects.filter(provider=prospective).exists()


@pytest.mark.parametrize(("decision", "conditions", "field", "message"), [
    ("with_conditions", "  ", "conditions", services.CONDITIONS_REQUIRED),
    ("commission", "Something", "conditions", services.CONDITIONS_ONLY),
    ("maybe", "", "decision", services.DECISION_UNKNOWN),
])
def test_a_decision_that_does_not_hold_together_is_refused(world, prospective, decision,
                                                           conditions, field, message):
    check = opened(world, prospective)
    mark_all(world, check)
    with pytest.raises(ValidationError) as caught:
        services.check_decide(check=check, decision=decision, conditions=conditions,
                              by=world.users["la_commissioner"])
    assert caught.value.message_dict[field] == [message]
    assert not Commissioning.objects.filter(provider=prospective).exists()


def test_every_item_is_marked_before_deciding(world, prospective):
    check = opened(world, prospective)
    first = check.items.first()
    services.item_record(row=first, outcome="not_applicable", note="",
                         by=world.users["la_commissioner"])
    with pytest.raises(ValidationError) as caught:
        services.check_decide(check=check, decision="commission", conditions="",
                              by=world.users["la_commissioner"])
    assert caught.value.messages == [
        "Mark every item before deciding: 12 of 13 are not checked yet."]


def test_who_may_open_mark_and_decide(world, prospective):
    with pytest.raises(PermissionDenied):  # another LA's commissioner, for this LA
        services.check_open(commissioner=world.la, provider=prospective,
                            by=world.users["other_la_commissioner"])
    with pytest.raises(PermissionDenied):  # the provider's own lead
        services.check_open(commissioner=world.la, provider=prospective,
                            by=world.users["provider_lead"])
    check = services.check_open(commissioner=world.partnership, provider=prospective,
                                by=world.users["partnership_officer"])
    mark_all(world, check, who="partnership_officer")  # an officer marks items ...
    with pytest.raises(PermissionDenied):  # ... but the chair decides
        services.check_decide(check=check, decision="commission", conditions="",
                              by=world.users["partnership_officer"])
    services.check_decide(check=check, decision="commission", conditions="",
                          by=world.users["partnership_chair"])


def test_an_item_takes_a_known_outcome_and_keeps_its_history(world, prospective):
    check = opened(world, prospective)
    row = check.items.first()
    with pytest.raises(ValidationError):
        services.item_record(row=row, outcome="nearly", note="", by=world.users["la_commissioner"])
    services.item_record(row=row, outcome="met", note="Policy dated May.",
                         by=world.users["la_commissioner"])
    services.item_record(row=row, outcome="met", note="Policy dated May.",
                         by=world.users["la_commissioner"])  # the same again writes nothing
    row = CheckItem.objects.get(pk=row.pk)
    assert (row.outcome, row.note, row.history.count()) == ("met", "Policy dated May.", 2)


def test_each_sees_their_own_checks(world, prospective):
    check = opened(world, prospective)
    seen_by = {name for name, user in world.users.items()
               if DueDiligenceCheck.objects.visible_to(user).filter(pk=check.pk).exists()}
    assert seen_by == {"la_commissioner", "admin"}


def test_an_archived_provider_gets_no_new_check(world, prospective):
    from organisations.services import organisation_archive

    organisation_archive(organisation=prospective, reason="Closed.", by=world.users["admin"])
    prospective.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        opened(world, prospective)
    assert caught.value.message_dict == {
        "provider": ["Meadow Farm Learning is archived: no new work starts with it."]}
    assert not DueDiligenceCheck.objects.exists()
