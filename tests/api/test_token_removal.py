"""A person taken out of an organisation may still hold the secrets of the API tokens they
made for it: those tokens stop at once, the rest (theirs elsewhere, others' here) go on."""
from api.models import ApiToken
from api.tokens import REVOKED_ON_REMOVAL
from organisations.models import Membership
from people import services
from tests.factories import MembershipFactory, UserFactory

from .conftest import ApiClient, make_token

PROVIDERS = "/api/v1/providers"


def test_removing_a_lead_revokes_the_tokens_they_made_there_only(world, client_for):
    provider_lead = world.users["provider_lead"]
    second_lead = UserFactory(email="second.lead@riverside.test")
    membership = MembershipFactory(user=second_lead, organisation=world.provider,
                                   role=Membership.Role.PROVIDER_LEAD)
    MembershipFactory(user=second_lead, organisation=world.other_provider,
                      role=Membership.Role.PROVIDER_LEAD)
    theirs = ApiClient(make_token(world.provider, second_lead, name="Theirs"))
    elsewhere = ApiClient(make_token(world.other_provider, second_lead, name="Elsewhere"))
    others = ApiClient(make_token(world.provider, provider_lead, name="The lead's"))
    assert theirs.get(PROVIDERS).status_code == 200
    page = client_for(provider_lead).get(
        f"/organisations/{world.provider.slug}/people/{membership.pk}/remove/")
    assert "Any API tokens they made for Riverside College are revoked" in page.content.decode()

    services.remove(membership=membership, reason="Left the college", by=provider_lead)

    assert theirs.get(PROVIDERS).status_code == 401
    assert elsewhere.get(PROVIDERS).status_code == 200
    assert others.get(PROVIDERS).status_code == 200
    revoked = ApiToken.objects.get(name="Theirs")
    assert revoked.revoked_by == provider_lead
    assert revoked.history.first().history_change_reason == REVOKED_ON_REMOVAL
