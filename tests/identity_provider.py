"""A real OpenID Connect provider on loopback for single sign-on's tests (oidc-provider-mock:
discovery, authorisation, token and userinfo endpoints, signed ID tokens), started on a free
port by the ``identity_provider`` fixture and stopped after the run. Nothing is mocked at the
HTTP level: the portal fetches its configuration, exchanges the code and reads the claims
over the network as it would from Microsoft Entra ID.

A person is signed in at the provider by their subject (``sub``); the claims the provider
then gives for them are set beforehand with ``IdentityProvider.person``.
"""
import logging
from contextlib import contextmanager
from dataclasses import dataclass

import requests
from oidc_provider_mock import run_server_in_thread

CLIENT_ID = "qa-portal-tests"
CLIENT_SECRET = "not-a-secret-only-for-the-tests"
NAME = "Council account"


@dataclass
class IdentityProvider:
    issuer: str

    def person(self, sub: str, **claims) -> str:
        """Sets the claims the provider gives for ``sub`` (its ``email``, ``email_verified``,
        ``amr``...) and returns ``sub``."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        response.raise_for_status()
        return sub

    def sign_in(self, authorize_url: str, sub: str) -> str:
        """Signs ``sub`` in on the provider's page (as the form there would) and returns the
        address it sends the browser back to."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False,
                                 timeout=10)
        assert response.status_code == 302, response.text[:500]
        return response.headers["Location"]


@contextmanager
def running():
    # Its request log would fill every failing test's report.
    for name in ("werkzeug", "oidc_provider_mock"):
        logging.getLogger(name).setLevel(logging.WARNING)
    with run_server_in_thread(port=0) as server:
        yield IdentityProvider(issuer=f"http://localhost:{server.server_port}")


def configure(settings, provider: IdentityProvider, **more) -> None:
    """Turns single sign-on on with ``provider``, through the settings a deployment sets."""
    settings.SSO_ISSUER = provider.issuer
    settings.SSO_CLIENT_ID = CLIENT_ID
    settings.SSO_CLIENT_SECRET = CLIENT_SECRET
    settings.SSO_NAME = NAME
    for name, value in more.items():
        setattr(settings, name, value)
