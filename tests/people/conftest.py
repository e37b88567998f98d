import re

import pytest
from django.core import mail

from people import services
from people.models import Invitation
from tests.tasks import run_tasks

LINK = re.compile(r"https?://\S+/invitations/(\S+)/")


def sent_link(to: str) -> str:
    """The path of the invitation link in the newest email to ``to`` (the worker sends it)."""
    run_tasks()
    [*_, message] = [m for m in mail.outbox if m.to == [to]]
    return "/invitations/" + LINK.search(message.body).group(1) + "/"


@pytest.fixture
def invite(world):
    """Invite an address into the world's provider (its lead, unless ``by`` is given) and
    return the link its email carries."""
    def _invite(email="new@riverside.test", role="provider_staff", by=None, organisation=None):
        services.invite(organisation=organisation or world.provider, email=email, role=role,
                        by=by or world.users["provider_lead"])
        return sent_link(email.lower())
    return _invite


def pending(email) -> Invitation:
    return Invitation.objects.pending().get(email=email)
