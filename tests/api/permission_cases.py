"""The permission matrix's rows for the API and its token pages. The API answers to a token,
not to a signed-in session: without one every endpoint is a 401, for everyone (its schema is
public). A provider's API tokens are managed by its lead and administrators (as its people
are); those who see the provider but do not lead it are refused (403), others find none."""
import datetime

from django.utils import timezone

from tests.people.permission_cases import PEOPLE_MANAGERS
from tests.permission_roles import Case, everyone


def _provider(ctx):
    return {"slug": ctx.world.provider.slug}


def _token(ctx):
    from api.tokens import token_create

    token, _ = token_create(organisation=ctx.world.provider, name="Power BI",
                            expires=timezone.localdate() + datetime.timedelta(days=30),
                            scopes=["quality"], by=ctx.world.users["provider_lead"])
    return {"slug": ctx.world.provider.slug, "pk": token.pk}


NO_TOKEN = everyone(401, anonymous=401)
API_CASES = [
    *[Case(f"api-v1:{name}", expected=NO_TOKEN)
      for name in ("providers", "providers_csv", "frameworks", "frameworks_csv",
                   "self_assessments", "self_assessments_csv", "actions", "actions_csv",
                   "outcome_figures", "outcome_figures_csv", "visits", "visits_csv",
                   "concerns", "concerns_csv", "final_reviews", "final_reviews_csv")],
    Case("api-v1:framework", kwargs=lambda c: {"slug": "si-qaf"}, expected=NO_TOKEN),
    Case("api-v1:provider", kwargs=_provider, expected=NO_TOKEN),
    *[Case(f"api-v1:{name}", method="post", expected=everyone(405, anonymous=405))
      for name in ("providers", "frameworks", "self_assessments", "actions",
                   "outcome_figures", "visits", "concerns", "final_reviews")],
    Case("api-v1:openapi-json", expected=everyone(200, anonymous=200)),
    Case("api-v1:api-root", expected=everyone(404, anonymous=404)),
    Case("tokens:list", kwargs=_provider, expected=PEOPLE_MANAGERS),
    Case("tokens:list", kwargs=_provider, method="post", expected=everyone(405)),
    Case("tokens:new", kwargs=_provider, expected=PEOPLE_MANAGERS),
    # Posted empty: shown again with its errors, nothing made.
    Case("tokens:new", kwargs=_provider, method="post",
         expected=PEOPLE_MANAGERS | {"provider_lead": 400, "admin": 400}),
    Case("tokens:detail", kwargs=_token, expected=PEOPLE_MANAGERS),
    # Posting revokes it.
    Case("tokens:detail", kwargs=_token, method="post",
         expected=PEOPLE_MANAGERS | {"provider_lead": 302, "admin": 302}),
    # The API reference shows no data: public, as the schema it is written from is.
    Case("api_reference", expected=everyone(200, anonymous=200)),
    Case("api_reference", method="post", expected=everyone(405, anonymous=405)),
]
