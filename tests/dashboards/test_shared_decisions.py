"""A chair's decision on a cause for concern is shared across the area ("this decision will
be shared across Leicestershire schools and SEIPS"): every other partnership and local
authority in the deciding partnership's area sees its headline (provider, decision, date,
review date) on its causes for concern page and dashboard, without the visit record or its
notes; nobody outside the area does."""
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.models import Area, Organisation, User
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from visits.models import Concern, ConcernDecision, Visit

CONCERNS = reverse("dashboards:concerns")


def test_a_second_partnership_in_the_area_sees_the_headline_only(demo, client_for):
    client = client_for(User.objects.get(email="officer@hinckley-seip.example"))
    page = client.get(CONCERNS).content.decode()
    assert "Decisions shared across Leicestershire" in page
    [decision] = ConcernDecision.objects.filter(concern__provider=demo.oakfield)
    section = page.split('id="shared"')[1]
    assert "Oakfield Alternative Provision" in section
    assert "North West Leicestershire SEIP" in section
    assert decision.get_decision_display() in section
    assert f"{decision.review_date.day} {decision.review_date:%b %Y}" in section
    # Nothing that leads to the record: no link to the concern, and the concern is not theirs.
    concern = decision.concern
    assert concern.get_absolute_url() not in page
    assert client.get(concern.get_absolute_url()).status_code == 404
    assert client.get(demo.visit.get_absolute_url()).status_code == 404
    dashboard = client.get(reverse("dashboards:providers")).content.decode()
    assert "1 decision on causes for concern shared across Leicestershire" in dashboard


def test_the_deciding_partnership_and_those_commissioning_the_provider_have_it_already(
        demo, client_for):
    for email in ("chair@nwleics-seip.example", "commissioner@leics.example"):
        page = client_for(User.objects.get(email=email)).get(CONCERNS).content.decode()
        shared = page.split('id="shared"')[1]
        assert "Oakfield Alternative Provision" not in shared
        assert "No other partnership in Leicestershire has shared a decision" in shared


def test_nobody_outside_the_area_sees_it(demo, client_for):
    elsewhere = PartnershipFactory(name="Rutland Partnership",
                                   area=Area.objects.get(name="Rutland"))
    nowhere = PartnershipFactory(name="Partnership with no area")
    for partnership, heading in ((elsewhere, True), (nowhere, False)):
        officer = UserFactory()
        MembershipFactory(user=officer, organisation=partnership, role="partnership_officer")
        page = client_for(officer).get(CONCERNS).content.decode()
        assert "Oakfield Alternative Provision" not in page
        assert ("Decisions shared across" in page) is heading


def test_the_page_asks_the_same_queries_for_one_shared_decision_and_many(demo, client_for):
    client = client_for(User.objects.get(email="officer@hinckley-seip.example"))

    def queries():
        client.get(CONCERNS)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(CONCERNS).status_code == 200
        return len(captured)

    one = queries()
    [decision] = ConcernDecision.objects.all()
    concern = decision.concern
    visit = concern.visit
    for n in range(55):  # more than a page
        provider = Organisation.objects.create(name=f"Shared {n}", slug=f"shared-{n}",
                                               kind="provider", provider_type="independent_ap")
        visited = Visit.objects.create(framework=visit.framework, provider=provider,
                                       commissioner=visit.commissioner, period=visit.period,
                                       state=visit.state, created_by=visit.created_by)
        copy = Concern.objects.create(visit=visited, provider=provider,
                                      partnership=concern.partnership, section=concern.section,
                                      basis=concern.basis, status=concern.status,
                                      raised_by=concern.raised_by)
        ConcernDecision.objects.create(concern=copy, decision=decision.decision,
                                       reasons=decision.reasons, conditions=decision.conditions,
                                       review_date=decision.review_date,
                                       decided_by=decision.decided_by)
    assert queries() == one
    page = client.get(CONCERNS).content.decode()
    assert 'aria-label="Pages of shared decisions"' in page
