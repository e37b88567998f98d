"""The API's addresses (``/api/v1/``). Its views answer to a token, not a signed-in session, so
they are exempt from the portal's sign-in requirement: each one refuses a request without a
usable token (401) itself."""
from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver

from . import (  # noqa: F401  (their endpoints join the API)
    actions,
    concerns,
    final_reviews,
    outcome_figures,
    self_assessments,
    v1,
    visits,
)
from .base import api


def _exempt(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _exempt(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = login_not_required(pattern.callback)
    return patterns


app_name = "api-v1"  # ninja finds its own addresses in this namespace
urlpatterns = _exempt(list(api.urls[0]))
