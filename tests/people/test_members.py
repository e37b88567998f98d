"""An organisation's lead manages its people: roles changed and members removed with a
reason kept in the history, the last lead kept, a removed person's last membership closing
their account and ending their session."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from organisations.models import Membership, User
from people import services
from tests.factories import MembershipFactory, UserFactory

PEOPLE = "/organisations/riverside-college/people/"
Role = Membership.Role


def membership(world, role_key):
    return world.users[role_key].memberships.get(organisation=world.provider)


def test_the_lead_sees_each_member_with_role_date_joined_and_last_sign_in(client, world):
    client.force_login(world.users["provider_lead"])
    page = client.get(PEOPLE)
    assert page.status_code == 200
    text = page.text
    assert "Members (2)" in text and "staff@riverside.test" in text and "Provider staff" in text
    assert "Last signed in" in text and "Never" in text  # staff has not signed in
    assert "lead@hilltop.test" not in text  # another organisation's people


def test_the_organisation_page_links_its_lead_to_the_people_page(client, world):
    client.force_login(world.users["provider_lead"])
    assert PEOPLE in client.get("/organisations/riverside-college/").text
    client.force_login(world.users["provider_staff"])
    assert PEOPLE not in client.get("/organisations/riverside-college/").text


def test_a_role_change_keeps_who_when_and_why(client, world):
    client.force_login(world.users["provider_lead"])
    staff = membership(world, "provider_staff")
    url = f"{PEOPLE}{staff.pk}/role/"
    blank = client.post(url, {})
    assert "Choose their new role." in blank.text and "Give the reason for the change." in blank.text
    response = client.post(url, {"role": "provider_lead", "reason": "Deputy head of centre"},
                           follow=True)
    assert "is now provider lead" in response.text
    staff.refresh_from_db()
    assert staff.role == Role.PROVIDER_LEAD
    latest = staff.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        world.users["provider_lead"], "Deputy head of centre")


def test_the_last_lead_can_neither_step_down_nor_leave(client, world):
    lead = world.users["provider_lead"]
    own = membership(world, "provider_lead")
    with pytest.raises(ValidationError, match="must keep at least one provider lead"):
        services.change_role(membership=own, role=Role.PROVIDER_STAFF, reason="x", by=lead)
    with pytest.raises(ValidationError, match="must keep at least one provider lead"):
        services.remove(membership=own, reason="Leaving", by=lead)
    client.force_login(lead)
    page = client.post(f"{PEOPLE}{own.pk}/remove/", {"reason": "Leaving"})
    assert page.status_code == 200 and "must keep at least one provider lead" in page.text
    # With a second lead, the first may step down.
    services.change_role(membership=membership(world, "provider_staff"), role=Role.PROVIDER_LEAD,
                         reason="Co-lead", by=lead)
    services.change_role(membership=own, role=Role.PROVIDER_STAFF, reason="Handing over",
                         by=lead)
    assert client.get(PEOPLE).status_code == 403  # no longer a lead


def test_a_lead_acts_only_on_their_own_organisations_people(client, world):
    client.force_login(world.users["provider_lead"])
    other = world.users["other_provider_lead"].memberships.get()
    for url in (f"{PEOPLE}{other.pk}/role/", f"{PEOPLE}{other.pk}/remove/",
                f"/organisations/hilltop-ap/people/{other.pk}/remove/"):
        assert client.post(url, {"role": "provider_staff", "reason": "x"}).status_code == 404
    other.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.remove(membership=other, reason="x", by=world.users["provider_lead"])
    with pytest.raises(ValidationError, match="cannot give that role"):
        services.change_role(membership=membership(world, "provider_staff"),
                             role=Role.LA_COMMISSIONER, reason="x",
                             by=world.users["provider_lead"])


def test_removing_a_last_membership_closes_the_account_and_ends_its_session(client, world,
                                                                             start):
    staff = world.users["provider_staff"]
    written = start(user=staff)  # what they wrote stays, and stays theirs
    staff_client = client.__class__()
    staff_client.force_login(staff)
    assert staff_client.get("/").status_code == 200

    client.force_login(world.users["provider_lead"])
    response = client.post(f"{PEOPLE}{membership(world, 'provider_staff').pk}/remove/",
                           {"reason": "Left the college"}, follow=True)
    assert "their account is closed" in response.text
    staff.refresh_from_db()
    assert not staff.is_active and not staff.memberships.exists()
    gone = Membership.history.filter(user_id=staff.pk, history_type="-").get()
    assert gone.history_change_reason == "Left the college"
    assert gone.history_user == world.users["provider_lead"]
    # Their open session ends at the next request; signing in again is refused.
    assert staff_client.get("/")["Location"].startswith("/accounts/login/")
    refused = client.__class__().post("/accounts/login/", {"login": staff.email,
                                                          "password": "correct-horse-battery"})
    assert refused.status_code == 200
    written.refresh_from_db()
    assert written.created_by == staff
    assert User.objects.filter(pk=staff.pk).exists()


def test_someone_in_two_organisations_keeps_their_account_when_removed_from_one(world):
    person = UserFactory(email="both@riverside.test")
    MembershipFactory(user=person, organisation=world.provider, role=Role.PROVIDER_STAFF)
    MembershipFactory(user=person, organisation=world.other_provider, role=Role.PROVIDER_STAFF)
    closed = services.remove(membership=person.memberships.get(organisation=world.provider),
                             reason="Moved", by=world.users["provider_lead"])
    person.refresh_from_db()
    assert closed is False and person.is_active


def test_emails_are_one_account_in_any_case(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="STAFF@riverside.test")])


@pytest.mark.parametrize("single_sign_on_on", [False, True])
def test_the_people_page_asks_the_same_queries_for_3_members_and_60(client, world, request,
                                                                    single_sign_on_on):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from people.models import Invitation

    client.force_login(world.users["provider_lead"])
    if single_sign_on_on:  # who used a second factor at the provider: one query more
        request.getfixturevalue("single_sign_on")

    def queries():
        client.get(PEOPLE)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PEOPLE).status_code == 200
        return len(captured)

    Invitation.objects.create(organisation=world.provider, email="one@riverside.test",
                              role=Role.PROVIDER_STAFF, invited_by=world.users["provider_lead"])
    few = queries()
    for n in range(57):
        MembershipFactory(user=UserFactory(email=f"p{n}@riverside.test"),
                          organisation=world.provider, role=Role.PROVIDER_STAFF)
        Invitation.objects.create(organisation=world.provider, email=f"i{n}@riverside.test",
                                  role=Role.PROVIDER_STAFF,
                                  invited_by=world.users["provider_lead"])
    assert queries() == few
    page = client.get(PEOPLE).text
    assert "Members (59)" in page and "Invitations waiting (58)" in page
    assert 'aria-label="Pages of members"' in page and 'aria-label="Pages of invitations"' in page
