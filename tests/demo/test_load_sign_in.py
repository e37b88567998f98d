"""The HTTP drivers (``make load``'s virtual users, ``make faults``'s drill) sign in through
the real sign-in page as a person would: a change to its form must not leave them failing
only when run by hand."""
from django.urls import reverse

from demo.load import Client
from demo.seed import DEMO_PASSWORD
from organisations.models import Membership
from tests.factories import LocalAuthorityFactory, MembershipFactory, UserFactory


def test_a_virtual_user_signs_in_through_the_sign_in_page(live_server):
    person = UserFactory(email="load.driver@la.example")
    person.set_password(DEMO_PASSWORD)
    person.save()
    MembershipFactory(user=person, organisation=LocalAuthorityFactory(),
                      role=Membership.Role.LA_COMMISSIONER)
    browser = Client(live_server.url)
    browser.sign_in(person.email)  # raises unless the page answers with a redirect
    status, page = browser.request(reverse("home"))
    assert status == 200
    assert "Sign out" in page
