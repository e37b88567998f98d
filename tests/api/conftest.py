"""An API token of each of the world's organisations, and a client that sends it."""
import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import Scope
from api.tokens import token_create


def make_token(organisation, by, scopes=(Scope.QUALITY, Scope.OUTCOMES), name="Power BI"):
    _, secret = token_create(organisation=organisation, name=name, scopes=list(scopes), by=by,
                             expires=timezone.localdate() + datetime.timedelta(days=90))
    return secret


def query_counts(client, urls) -> list[int]:
    """The queries each of ``urls`` asks (each must answer 200)."""
    found = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        found.append(len(captured))
    return found


class ApiClient:
    """Django's test client with the token in every request's Authorization header."""

    def __init__(self, secret):
        self.client = Client(raise_request_exception=False)
        self.secret = secret

    def get(self, path, data=None, **extra):
        return self.client.get(path, data, HTTP_AUTHORIZATION=f"Bearer {self.secret}", **extra)


@pytest.fixture
def api_for(world):
    """``api_for(role)``: a client with a token of that role's organisation, made by its lead
    (or an administrator for an organisation without one)."""
    organisations = {"la_commissioner": world.la, "other_la_commissioner": world.other_la,
                     "partnership_officer": world.partnership, "provider_lead": world.provider,
                     "other_provider_lead": world.other_provider}

    def make(role, scopes=(Scope.QUALITY, Scope.OUTCOMES)):
        return ApiClient(make_token(organisations[role], world.users["admin"], scopes))
    return make
