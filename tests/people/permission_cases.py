"""The permission matrix's rows for people (``people/``): an organisation's people are
managed by its lead and administrators; others who can see the organisation get a 403, the
rest a 404. Empty forms are shown again with their errors."""
from tests.permission_roles import SEES_PROVIDER, Case, everyone

# Managing the world's provider's people: its lead and administrators.
PEOPLE_MANAGERS = SEES_PROVIDER | {"provider_staff": 403, "partnership_officer": 403,
                                   "partnership_chair": 403, "la_commissioner": 403}


def _provider_slug(ctx):
    return {"slug": ctx.world.provider.slug}


def _staff_membership(ctx):
    return {"slug": ctx.world.provider.slug, "pk": ctx.staff_membership.pk}


def _la_membership(ctx):
    return {"slug": ctx.world.la.slug,
            "pk": ctx.world.users["la_commissioner"].memberships.get(organisation=ctx.world.la).pk}


# Making an LA's member its data-protection lead: the LA's lead and administrators; others
# who can see the LA get a 403, the rest a 404.
DATA_PROTECTION_GRANTERS = {
    "anonymous": 302, "no_membership": 404, "provider_lead": 403, "provider_staff": 403,
    "other_provider_lead": 404, "partnership_officer": 404, "partnership_chair": 404,
    "la_commissioner": 200, "other_la_commissioner": 404, "admin": 200}


def _invitation(ctx):
    return {"slug": ctx.world.provider.slug, "pk": ctx.invitation.pk}


PEOPLE_CASES = [
    # An organisation's people (people/): its lead and administrators; others who can see
    # the organisation get a 403, the rest a 404. Empty forms are shown again with errors.
    *[Case(name, kwargs=kwargs, expected=PEOPLE_MANAGERS, method=method)
      for name, kwargs in (("people:list", _provider_slug), ("people:invite", _provider_slug),
                           ("people:change_role", _staff_membership),
                           ("people:remove", _staff_membership))
      for method in ("get", "post") if (name, method) != ("people:list", "post")],
    Case("people:list", kwargs=_provider_slug, method="post", expected=everyone(405)),
    *[Case("people:data_protection", kwargs=_la_membership, method=method,
           expected=DATA_PROTECTION_GRANTERS) for method in ("get", "post")],
    *[Case(name, kwargs=_invitation, method="post",
           expected=PEOPLE_MANAGERS | {"provider_lead": 302, "admin": 302})
      for name in ("people:resend", "people:withdraw")],
    *[Case(name, kwargs=_invitation, expected=everyone(405))
      for name in ("people:resend", "people:withdraw")],
    # The invitation link: for anyone holding it (signed in as someone else, a page saying
    # so); a forged link is a 404 for everyone.
    Case("people:accept", kwargs=lambda c: {"token": c.invitation_token},
         expected=everyone(200, anonymous=200)),
    Case("people:accept", kwargs=lambda c: {"token": c.invitation_token}, method="post",
         expected=everyone(200, anonymous=200)),
    Case("people:accept", kwargs=lambda c: {"token": f"{c.invitation.pk}.{'x' * 43}"},
         expected=everyone(404, anonymous=404)),
]

# Signing in and two-factor (django-allauth's pages). A signed-in person's own settings:
# nobody reaches another's. Signed in without a fresh password (as here), setting up or
# changing two-factor first asks for it again (302); with no authenticator app, there is
# nothing to turn off and no recovery code to see (404); the code step outside a sign-in
# sends back to the start (302).
SIGN_IN_CASES = [
    *[Case("account_login", method=method, expected=everyone(302, anonymous=200))
      for method in ("get", "post")],
    *[Case("account_reauthenticate", method=method) for method in ("get", "post")],
    Case("mfa_index"),
    Case("mfa_index", method="post", expected=everyone(405)),
    *[Case(name, method=method, expected=everyone(302))
      for name in ("mfa_activate_totp", "mfa_generate_recovery_codes", "mfa_reauthenticate",
                   "mfa_authenticate")
      for method in ("get", "post")],
    *[Case(name, method=method, expected=everyone(404))
      for name in ("mfa_deactivate_totp", "mfa_download_recovery_codes")
      for method in ("get", "post")],
    Case("mfa_view_recovery_codes", expected=everyone(404)),
    Case("mfa_view_recovery_codes", method="post", expected=everyone(405)),
    # Single sign-on, off here (as in the demo): its addresses lead nowhere. With it on
    # (tests/people/test_single_sign_on.py), the same for every role. Its pages for a sign-in
    # cancelled or gone wrong are for anyone.
    *[Case(name, kwargs=lambda ctx: {"provider_id": "organisation"}, method=method,
           expected=everyone(404, anonymous=404))
      for name in ("openid_connect_login", "openid_connect_callback")
      for method in ("get", "post")],
    Case("socialaccount_login_cancelled", expected=everyone(200, anonymous=200)),
    Case("socialaccount_login_error", expected=everyone(401, anonymous=401)),
    *[Case(name, method="post", expected=everyone(405, anonymous=405))
      for name in ("socialaccount_login_cancelled", "socialaccount_login_error")],
]

# A self-assessment's SAR and QIP (assessments.quality_documents), here rather than beside the
# other assessment rows to keep tests/test_permission_matrix.py under 500 lines. Whoever sees
# the self-assessment reads them; its provider's people change them while it is a draft (an
# empty form is shown again with its error, 400); on a submitted one, or for anyone else who
# sees it, a POST is a 403. An attached file downloads for whoever sees the self-assessment.
OWN_PROVIDER = {**{role: 404 for role in SEES_PROVIDER}, "anonymous": 302, "provider_lead": 200,
                "provider_staff": 200, "admin": 200}


def _refused(expected):
    return {role: 403 if status == 200 else status for role, status in expected.items()}


def _quality_document(ctx, record: str):
    """An attached SAR on the world's draft (``record="draft"``) or submitted SI QAF, made
    when a case first asks (as rows: the submitted one no longer takes changes)."""
    from django.core.files.base import ContentFile

    from assessments.models import QualityDocument

    made = ctx.__dict__.setdefault("quality_documents", {})
    if record not in made:
        document = QualityDocument(assessment=getattr(ctx, record), kind="sar",
                                   original_name="sar.txt", content_type="text/plain", size=3,
                                   sha256="0" * 64, added_by=ctx.world.users["provider_lead"])
        document.file.save("sar.txt", ContentFile(b"SAR"), save=True)
        made[record] = document
    return {"pk": made[record].pk}


QUALITY_DOCUMENT_CASES = [
    Case("assessments:quality_documents", kwargs=lambda c: {"pk": c.draft.pk},
         expected=OWN_PROVIDER),
    Case("assessments:quality_documents", kwargs=lambda c: {"pk": c.submitted.pk},
         expected=SEES_PROVIDER),
    Case("assessments:quality_documents", kwargs=lambda c: {"pk": c.draft.pk}, method="post",
         expected=OWN_PROVIDER | {"provider_lead": 400, "provider_staff": 400, "admin": 403}),
    Case("assessments:quality_documents", kwargs=lambda c: {"pk": c.submitted.pk},
         method="post", expected=_refused(SEES_PROVIDER)),
    Case("assessments:quality_document", kwargs=lambda c: _quality_document(c, "draft"),
         expected=OWN_PROVIDER),
    Case("assessments:quality_document", kwargs=lambda c: _quality_document(c, "submitted"),
         expected=SEES_PROVIDER),
]

# What the provider says beside its ratings (assessments.narrative_views): the cohort's figures
# and the narrative and strengths. Its own people change a draft (an empty cohort form is shown
# again with its errors, 400; an empty narrative, every box optional, is saved: 302); everyone
# else who sees the self-assessment reads them on its pages and gets a 403 here, as everyone
# does once it is submitted.
NARRATIVE_CASES = [
    case for name, empty in (("assessments:cohort", 400), ("assessments:narrative", 302))
    for case in (
        Case(name, kwargs=lambda c: {"pk": c.draft.pk}, expected=OWN_PROVIDER | {"admin": 403}),
        Case(name, kwargs=lambda c: {"pk": c.draft.pk}, method="post",
             expected=OWN_PROVIDER | {"provider_lead": empty, "provider_staff": empty,
                                      "admin": 403}),
        Case(name, kwargs=lambda c: {"pk": c.submitted.pk}, expected=_refused(SEES_PROVIDER)),
        Case(name, kwargs=lambda c: {"pk": c.submitted.pk}, method="post",
             expected=_refused(SEES_PROVIDER)))
]
