"""Mainstream schools and multi-academy trusts commission alternative provision too: each is
a commissioner (``kinds.COMMISSIONER_KINDS``) whose AP commissioners see the providers it
commissions and what those share, decide on its links, check providers' due diligence,
review, export and read suppressed outcome figures, and lead their own people; they carry out
no QA visits (a partnership's) and see no other provider."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from organisations.kinds import COMMISSIONER_KINDS
from organisations.models import Commissioning, Membership, Organisation
from organisations.permissions import can
from outcomes.aggregates import sees_small_numbers
from people.grants import grantable_roles, lead_role
from tests.factories import CommissioningFactory, MembershipFactory, OrganisationFactory

from .import_helpers import ROWS, csv_bytes, with_cell

Kind = Organisation.Kind
Role = Membership.Role


@pytest.fixture(params=[Kind.SCHOOL, Kind.MULTI_ACADEMY_TRUST])
def school(world, request):
    """A school (or trust) commissioning Hilltop AP, with its AP commissioner."""
    org = OrganisationFactory(name="Hillside Academy", slug="hillside-academy",
                              kind=request.param, provider_type="")
    CommissioningFactory(commissioner=org, provider=world.other_provider)
    member = MembershipFactory(organisation=org, role=Role.AP_COMMISSIONER).user
    return org, member


def test_schools_and_trusts_are_commissioners_in_the_one_tuple():
    assert Kind.SCHOOL in COMMISSIONER_KINDS and Kind.MULTI_ACADEMY_TRUST in COMMISSIONER_KINDS
    assert not OrganisationFactory.build(kind=Kind.SCHOOL).is_provider
    assert OrganisationFactory.build(kind=Kind.MULTI_ACADEMY_TRUST, provider_type="").is_commissioner


def test_a_school_commissions_and_holds_only_ap_commissioners(world, school):
    org, _ = school
    link = Commissioning(commissioner=org, provider=world.provider)
    link.full_clean()
    wrong = Membership(user=world.users["no_membership"], organisation=org,
                       role=Role.LA_COMMISSIONER)
    with pytest.raises(ValidationError):
        wrong.full_clean()
    with pytest.raises(ValidationError):
        Commissioning(commissioner=world.provider, provider=org).full_clean()


def test_its_commissioner_sees_the_providers_it_commissions_and_no_other(world, school,
                                                                         client_for):
    _, member = school
    client = client_for(member)
    assert client.get(world.other_provider.get_absolute_url()).status_code == 200
    assert client.get(world.provider.get_absolute_url()).status_code == 404
    page = client.get(reverse("organisations:list")).content.decode()
    assert "Hilltop AP" in page and "Riverside College" not in page
    assert client.get(reverse("dashboards:providers")).status_code == 200
    assert client.get(reverse("exports:list")).status_code == 200


def test_its_commissioner_decides_on_its_links_and_starts_due_diligence(world, school,
                                                                         client_for):
    org, member = school
    link = Commissioning.objects.get(commissioner=org)
    assert can(member, "organisations.change_commissioning_status", link)
    client = client_for(member)
    assert client.get(reverse("organisations:commissioning_status", args=[link.pk])) \
        .status_code == 200
    assert client.get(reverse("commissioning:new")).status_code == 200


def test_its_commissioner_carries_out_no_qa_visits(world, school, client_for):
    _, member = school
    assert client_for(member).get(reverse("visits:create")).status_code == 403


def test_its_commissioner_leads_its_people(world, school):
    org, member = school
    assert lead_role(org) == Role.AP_COMMISSIONER
    assert grantable_roles(member, org) == [Role.AP_COMMISSIONER]
    assert grantable_roles(member, world.la) == []


def test_its_outcome_figures_are_suppressed_like_a_partnerships(world, school):
    _, member = school
    assert not sees_small_numbers(member)


def test_the_organisations_import_names_a_school_as_a_commissioner(world, school):
    from organisations import import_services
    from organisations.importer import import_check

    org, _ = school
    plan = import_check(content=csv_bytes(rows=with_cell("commissioned_by", org.name)[:1]),
                        filename="p.csv")
    assert plan.ok and [link.commissioner for link in plan.links_to_add] == [org]
    import_services.import_apply(plan=plan, by=world.users["admin"])
    assert Commissioning.objects.filter(commissioner=org, provider__urn=ROWS[0][2]).exists()
