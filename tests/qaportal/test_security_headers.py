"""Content-Security-Policy, Permissions-Policy and Cache-Control on the portal's responses, and no
inline script or style for the policy to refuse."""
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services

CSP_DIRECTIVES = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self'",
    "form-action": "'self'", "frame-ancestors": "'none'", "base-uri": "'self'",
    "object-src": "'none'",
}
DISABLED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb"]


def csp(response) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1]
            for part in (p.strip() for p in response["Content-Security-Policy"].split(";")) if part}


def assert_security_headers(response):
    policy = csp(response)
    for directive, value in CSP_DIRECTIVES.items():
        assert policy.get(directive) == value, f"{directive}: {policy.get(directive)!r}"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    features = dict(item.strip().split("=") for item in response["Permissions-Policy"].split(","))
    for feature in DISABLED_FEATURES:
        assert features[feature] == "()"


def assert_no_inline_script_or_style(html: str):
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline <script>"
    assert not re.search(r"<style\b", html), "an inline <style>"
    assert not re.search(r"\sstyle=", html), "a style attribute"
    assert not re.search(r"\son[a-z]+=", html), "an inline event handler"


def test_sign_in_page_has_the_security_headers_and_no_inline_script_or_style(db, client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert_security_headers(response)
    assert_no_inline_script_or_style(response.content.decode())


def test_signed_in_page_has_the_security_headers_and_is_not_cached(world, client_for):
    response = client_for(world.users["provider_lead"]).get(reverse("home"))
    assert response.status_code == 200
    assert_security_headers(response)
    assert_no_inline_script_or_style(response.content.decode())
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_signed_in_page_tells_htmx_not_to_add_its_inline_style(world, client_for):
    html = client_for(world.users["provider_lead"]).get(reverse("home")).content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false' in html


def test_a_public_page_seen_signed_out_may_be_cached(db, client):
    response = client.get(reverse("accessibility"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_evidence_download_is_not_cached(world, client_for, start):
    lead = world.users["provider_lead"]
    assessment = start()
    evidence = services.evidence_add(response=assessment.responses.first(), by=lead,
                                     upload=SimpleUploadedFile("minutes.txt", b"Minutes"))
    response = client_for(lead).get(reverse("assessments:evidence_download",
                                            kwargs={"pk": evidence.pk}))
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


TEMPLATES = sorted((settings.BASE_DIR / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_has_inline_script_or_style(path):
    """Pages the browser tests do not visit are held to the policy too."""
    assert_no_inline_script_or_style(path.read_text())
