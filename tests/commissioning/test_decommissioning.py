"""De-commissioning (issue 28): the decision records its reason and the QA evidence it rests on
(the link's visits, causes for concern, standards not met), keeps the link's history, takes
the provider out of that organisation's reminders and samples, and leaves its records readable
to those who could read them."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commissioning import services
from commissioning.models import Decommissioning, ExpectedStandard
from organisations.models import Commissioning
from reminders.rules import concern_review_reminders, visit_reminders
from tests.list_data import visit
from visits.models import Concern, ConcernDecision, Visit

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def evidence(world, frameworks):
    """The partnership's final visit of the world's provider with a cause for concern, and an
    agreement whose recorded standard is not met."""
    chair = world.users["partnership_chair"]
    made = visit(world, frameworks, world.provider, state=Visit.State.FINAL, day=D(2026, 2, 2))
    Visit.objects.filter(pk=made.pk).update(visited_on=D(2026, 2, 2))
    concern = Concern.objects.create(
        visit=made, provider=world.provider, partnership=world.partnership,
        section=frameworks["leics-ap-visit"].sections.first(),
        basis=Concern.Basis.KEY_ASPECT, raised_by=world.users["partnership_officer"],
        status=Concern.Status.DECIDED)
    agreement = services.agreement_create(link=link_of(world), by=chair, kind="sla",
                                          reference="SLA-3", starts=D(2025, 9, 1), ends=None,
                                          places=None)
    standard = services.standard_add(agreement=agreement, kind=ExpectedStandard.Kind.RECORDED,
                                     text="Attendance at least 90%", by=chair)
    services.standard_record(standard=standard, outcome="not_met", note="72%", by=chair)
    return Visit.objects.get(pk=made.pk), concern, standard


def link_of(world, commissioner="partnership"):
    return Commissioning.objects.get(commissioner=getattr(world, commissioner),
                                     provider=world.provider)


def test_the_decision_records_why_and_the_evidence_and_keeps_the_history(world, evidence):
    made, concern, standard = evidence
    record = services.decommission(link=link_of(world), reason="Unsafe, and no improvement.",
                                   by=world.users["partnership_chair"], visits=[made],
                                   concerns=[concern], standards=[standard])
    link = link_of(world)
    assert link.status == Commissioning.Status.DECOMMISSIONED
    assert link.history.first().history_change_reason == "Unsafe, and no improvement."
    assert (list(record.visits.all()), list(record.concerns.all()),
            list(record.standards.all())) == ([made], [concern], [standard])
    # Nothing else changed: the LA's link to the same provider is as it was.
    assert link_of(world, "la").status == Commissioning.Status.ACTIVE


def test_what_the_evidence_may_be_is_the_links_own(world, evidence):
    made, concern, standard = evidence
    offered = services.decommission_evidence(link_of(world))
    assert (offered["visits"], offered["concerns"], offered["standards"]) == (
        [made], [concern], [standard])
    # The LA did not visit or raise the concern: its link offers neither.
    theirs = services.decommission_evidence(link_of(world, "la"))
    assert theirs["visits"] == theirs["concerns"] == theirs["standards"] == []
    with pytest.raises(ValidationError) as caught:
        services.decommission(link=link_of(world, "la"), reason="x",
                              by=world.users["la_commissioner"], visits=[made])
    assert caught.value.message_dict == {
        "visits": ["Choose evidence about Riverside College from those listed."]}
    assert link_of(world, "la").status == Commissioning.Status.ACTIVE


@pytest.mark.parametrize("who", ["partnership_officer", "provider_lead", "la_commissioner"])
def test_only_those_who_decide_on_the_link_de_commission(world, who):
    with pytest.raises(PermissionDenied):
        services.decommission(link=link_of(world), reason="x", by=world.users[who])
    assert not Decommissioning.objects.exists()


def test_a_reason_is_needed_and_it_happens_once(world):
    chair = world.users["partnership_chair"]
    with pytest.raises(ValidationError) as caught:
        services.decommission(link=link_of(world), reason="  ", by=chair)
    assert caught.value.message_dict == {"reason": ["Give the reason for de-commissioning."]}
    services.decommission(link=link_of(world), reason="Closing.", by=chair)
    with pytest.raises(ValidationError):
        services.decommission(link=link_of(world), reason="Again.", by=chair)
    assert Decommissioning.objects.count() == 1


def test_a_de_commissioned_provider_leaves_that_organisations_reminders(world, frameworks,
                                                                       evidence):
    _, concern, _ = evidence
    planned = visit(world, frameworks, world.provider, state=Visit.State.SHARED_WITH_PROVIDER,
                    day=D(2026, 3, 20))
    ConcernDecision.objects.create(
        concern=concern, decision=ConcernDecision.Decision.CONDITIONS, reasons="Records.",
        conditions="Weekly audit.", review_date=D(2026, 3, 1),
        decided_by=world.users["partnership_chair"])
    assert [r.message.url for r in visit_reminders(D(2026, 3, 15))] == [
        planned.get_absolute_url()]
    assert len(concern_review_reminders(D(2026, 3, 15))) == 1
    services.decommission(link=link_of(world), reason="Closing.",
                          by=world.users["partnership_chair"])
    assert visit_reminders(D(2026, 3, 15)) == []
    assert concern_review_reminders(D(2026, 3, 15)) == []


def test_the_records_stay_readable_and_the_record_says_why(world, evidence, client_for):
    made, concern, standard = evidence
    record = services.decommission(link=link_of(world), reason="Unsafe, and no improvement.",
                                   by=world.users["partnership_chair"], visits=[made],
                                   concerns=[concern], standards=[standard])
    officer = client_for(world.users["partnership_officer"])
    assert officer.get(made.get_absolute_url()).status_code == 200
    page = officer.get(record.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Unsafe, and no improvement." in text and "Attendance at least 90%" in text
    profile = officer.get(reverse("dashboards:provider_profile", args=[world.provider.slug]))
    assert record.get_absolute_url() in profile.content.decode()


def test_the_form_shows_the_evidence_to_choose_and_its_errors(world, evidence, client_for):
    chair = client_for(world.users["partnership_chair"])
    url = reverse("commissioning:decommission", args=[link_of(world).pk])
    page = chair.get(url).content.decode()
    assert "Attendance at least 90%: 72%" in page and "QA visit 2 February 2026" in page
    sent = chair.post(url, {"reason": ""})
    assert sent.status_code == 400
    assert "Give the reason for de-commissioning." in sent.content.decode()
    assert link_of(world).status == Commissioning.Status.ACTIVE
