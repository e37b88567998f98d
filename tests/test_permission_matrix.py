"""Every URL × every role × own / other organisation → the status a user must get.

Another organisation's object is a 404 (it does not exist for you); an object you can
see but may not change is a 403; signed-out users are sent to sign in (302) except on
public pages. ``test_every_url_is_in_the_matrix`` fails when a view is added without a row here.
"""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from organisations.models import Commissioning
from tests import permission_context
from tests.api.permission_cases import API_CASES
from tests.commissioning.permission_cases import COMMISSIONING_CASES
from tests.exports.permission_cases import PACK_CASES
from tests.organisations.permission_cases import ARCHIVE_CASES, IMPORT_CASES
from tests.outcomes.permission_cases import INDICATOR_CASES, MEDIUM_TERM_CASES, PROGRESS_CASES
from tests.people import permission_cases as more
from tests.permission_roles import ROLES, SEES_PROVIDER, Case, everyone

# The objects the cases visit (fixtures: shared by this module's cases, and for the fuzzer).
ctx = permission_context.ctx
shared_context, fresh_ctx = permission_context.shared_context, permission_context.fresh_ctx

def _link(ctx):
    return {"pk": Commissioning.objects.get(
        commissioner=ctx.world.partnership, provider=ctx.world.provider).pk}


def _framework(ctx):
    framework = ctx.frameworks["si-qaf"]
    return {"slug": framework.slug, "version": framework.version}


def _draft(ctx, **extra):
    return {"pk": ctx.draft.pk, **extra}


def _submitted(ctx, **extra):
    return {"pk": ctx.submitted.pk, **extra}


# The world's provider's own people: lead and staff.
OWN = {role: 404 for role in ROLES} | {"anonymous": 302, "provider_lead": 200,
                                      "provider_staff": 200, "admin": 200}
# Seen by own people and commissioners (a submitted assessment).
SEEN_SUBMITTED = SEES_PROVIDER
LEAD_ONLY_DRAFT = OWN | {"provider_staff": 403, "admin": 403}


def _visit(ctx, **extra):
    return {"pk": ctx.visit.pk, **extra}


def _preparing(ctx, **extra):
    return {"pk": ctx.preparing.pk, **extra}


# QA visits: the partnership carrying out the visit (and admin) see it while it is prepared.
PARTNERSHIP_ONLY = {role: 404 for role in ROLES} | {
    "anonymous": 302, "partnership_officer": 200, "partnership_chair": 200, "admin": 200}
# Everyone who sees the shared visit is refused, but its officer.
OFFICER_ONLY = {r: 403 if s == 200 else s for r, s in SEES_PROVIDER.items()} | {
    "partnership_officer": 200}
# Everyone who sees the visit is refused: the step is not open in its state.
NOBODY_NOW = {r: 403 if s == 200 else s for r, s in SEES_PROVIDER.items()}
PROVIDER_EDITS = NOBODY_NOW | {"provider_lead": 302, "provider_staff": 302}
# Causes for concern: the partnerships and LAs that commission the provider, and admin.
COMMISSIONERS = SEES_PROVIDER | {"provider_lead": 404, "provider_staff": 404}


# Only the provider's own lead and staff keep its action plan; others who see it read it.
PLAN_KEEPERS = {r: 403 if s == 200 else s for r, s in SEES_PROVIDER.items()} | {
    "provider_lead": 200, "provider_staff": 200}


def _carry_forward(ctx):
    """The provider's 2025/26 plan, with an open action of its 2024/25 plan to decide."""
    from actionplans.services import action_create

    action_create(provider=ctx.world.provider, period="2024/25", by=ctx.world.users["provider_lead"],
                  section=None, area="Attendance", smart_action="Daily first-day calls.",
                  due_date=None, owner="Attendance officer", success_measure="Attendance above 90%.")
    return {"slug": ctx.world.provider.slug, "period": "2025-26"}


# The provider dashboard: whoever commissions providers (their own organisation's), and admins.
DASHBOARD_USERS = {role: 403 for role in ROLES} | {
    "anonymous": 302, "partnership_officer": 200, "partnership_chair": 200,
    "la_commissioner": 200, "other_la_commissioner": 200, "admin": 200}

# Reviews of a submitted self-assessment. The partnership's draft: its own people and admin.
REVIEWING_PARTNERSHIP = PARTNERSHIP_ONLY
# The LA's review once shared: the LA's people, the provider's people and admin.
SHARED_REVIEW = {role: 404 for role in ROLES} | {
    "anonymous": 302, "la_commissioner": 200, "provider_lead": 200, "provider_staff": 200,
    "admin": 200}
# Starting a review: the partnership's and the LA's reviewers; others who see the
# self-assessment are refused.
REVIEW_STARTERS = {r: 403 if s == 200 else s for r, s in SEES_PROVIDER.items()} | {
    "partnership_officer": 200, "partnership_chair": 200, "la_commissioner": 200}


def _review_draft(ctx):
    return {"pk": ctx.review_draft.pk}


def _review_shared(ctx):
    return {"pk": ctx.review_shared.pk}


def _review_final(ctx):
    return {"pk": ctx.review_final.pk}

# Moderation samples: the sampling partnership's or LA's own people (and admins) see them; its
# reviewers draw them. Anyone in no partnership or LA has no samples page at all.
SAMPLE_READERS = DASHBOARD_USERS
SAMPLE_DRAWERS = DASHBOARD_USERS | {"admin": 403}
# The LA's sample: the LA's people and admins; it does not exist for anyone else.
LA_ONLY = {role: 404 for role in ROLES} | {"anonymous": 302, "la_commissioner": 200,
                                          "admin": 200}

# Outcomes: each LA's commissioners import their own learners' outcomes; nobody else may.
LA_OUTCOME_KEEPERS = {role: 403 for role in ROLES} | {
    "anonymous": 302, "la_commissioner": 200, "other_la_commissioner": 200}

# Learner rows: the learner's LA's people and admins; a provider's people only once the LA
# shares them with the provider. Anyone in no LA or provider has no learners page at all.
LEARNER_READERS = {role: 404 for role in ROLES} | {"anonymous": 302, "la_commissioner": 200,
                                                  "admin": 200}
# Goals entered and corrected by hand: the learner's LA's commissioners; others who see the
# learner are refused.
LEARNER_KEEPERS = LEARNER_READERS | {"admin": 403}
LEARNER_LIST_READERS = {role: 200 for role in ROLES} | {
    "anonymous": 302, "no_membership": 403, "partnership_officer": 403,
    "partnership_chair": 403}


def _learner(ctx):
    return {"pk": ctx.learner.pk}


def _shared_learner(ctx):
    return {"pk": ctx.shared_learner.pk}


def _outcome(ctx):
    return {"pk": ctx.outcome.pk}


# Bulk exports: whoever commissions providers (for their own organisation) and admins.
EXPORTERS = DASHBOARD_USERS
# One export: the person who asked for it, nobody else.
REQUESTER_ONLY = {role: 404 for role in ROLES} | {"anonymous": 302, "la_commissioner": 200}


def _bulk_export(ctx):
    return {"pk": ctx.bulk_export.pk}


MATRIX = [
    Case("home"),
    Case("outcomes:learners", expected=LEARNER_LIST_READERS),
    Case("outcomes:learners", method="post", expected=everyone(405)),
    *[Case("outcomes:learners_csv", method=m, expected=LEARNER_LIST_READERS if m == "get"
           else everyone(405)) for m in ("get", "post")],
    Case("outcomes:learner", kwargs=_learner, expected=LEARNER_READERS),
    Case("outcomes:learner", kwargs=_shared_learner,
         expected=LEARNER_READERS | {"provider_lead": 200, "provider_staff": 200}),
    Case("outcomes:learner", kwargs=_learner, method="post", expected=everyone(405)),
    Case("outcomes:learner_add", expected=LA_OUTCOME_KEEPERS),
    # An empty form: shown again with its errors, nothing added.
    Case("outcomes:learner_add", method="post", expected=LA_OUTCOME_KEEPERS),
    Case("outcomes:outcome_add", kwargs=_learner, expected=LEARNER_KEEPERS),
    Case("outcomes:outcome_add", kwargs=_learner, method="post", expected=LEARNER_KEEPERS),
    Case("outcomes:outcome_add", kwargs=_shared_learner,
         expected=LEARNER_KEEPERS | {"provider_lead": 403, "provider_staff": 403}),
    Case("outcomes:outcome_edit", kwargs=_outcome, expected=LEARNER_KEEPERS),
    Case("outcomes:outcome_edit", kwargs=_outcome, method="post", expected=LEARNER_KEEPERS),
    Case("outcomes:sharing", expected=LA_OUTCOME_KEEPERS),
    # Switching sharing for no provider of the LA's: there is none (404).
    Case("outcomes:sharing", method="post",
         expected=LA_OUTCOME_KEEPERS | {"la_commissioner": 404, "other_la_commissioner": 404}),
    Case("outcomes:import", expected=LA_OUTCOME_KEEPERS),
    # The outcomes dashboard: anyone in an organisation sees the figures their organisation's
    # learners or providers give (what each sees is tested in tests/dashboards).
    *[Case(name, expected=everyone() | {"no_membership": 403})
      for name in ("dashboards:outcomes", "dashboards:outcomes_csv", "dashboards:outcomes_xlsx")],
    Case("outcomes:template_csv", expected=LA_OUTCOME_KEEPERS),
    Case("outcomes:template_xlsx", expected=LA_OUTCOME_KEEPERS),
    # Confirming an upload that is not one of yours: there is none (404).
    Case("outcomes:import_confirm", method="post",
         expected=LA_OUTCOME_KEEPERS | {"la_commissioner": 404, "other_la_commissioner": 404}),
    # Notifications: each user's own; another's is a 404.
    Case("notifications:list"),
    Case("notifications:list", method="post", expected=everyone(405)),
    Case("notifications:open", kwargs=lambda c: {"pk": c.notification.pk},
         expected={role: 404 for role in ROLES} | {"anonymous": 302, "provider_lead": 302}),
    Case("notifications:read_all", expected=everyone(405)),
    Case("notifications:read_all", method="post", expected=everyone(302)),
    Case("notifications:preferences"),
    # An empty form: shown again with its error.
    Case("notifications:preferences", method="post", expected=everyone(400)),
    Case("reviews:list"),
    Case("reviews:start", kwargs=lambda c: {"assessment_pk": c.submitted.pk},
         expected=REVIEW_STARTERS),
    Case("reviews:start", kwargs=lambda c: {"assessment_pk": c.submitted.pk}, method="post",
         expected=REVIEW_STARTERS | {"partnership_officer": 302, "partnership_chair": 302,
                                     "la_commissioner": 302}),
    # A draft self-assessment cannot be reviewed; commissioners do not see it at all.
    Case("reviews:start", kwargs=lambda c: {"assessment_pk": c.draft.pk},
         expected=OWN | {"provider_lead": 403, "provider_staff": 403, "admin": 403}),
    Case("reviews:overview", kwargs=_review_draft, expected=REVIEWING_PARTNERSHIP),
    Case("reviews:overview", kwargs=_review_shared, expected=SHARED_REVIEW),
    Case("reviews:overview", kwargs=_review_final, expected=SEES_PROVIDER),
    Case("reviews:section", kwargs=lambda c: {**_review_draft(c), "code": "1"},
         expected=REVIEWING_PARTNERSHIP),
    Case("reviews:section", kwargs=lambda c: {**_review_draft(c), "code": "1"}, method="post",
         expected=REVIEWING_PARTNERSHIP | {"partnership_officer": 302, "partnership_chair": 302,
                                           "admin": 403}),
    Case("reviews:section", kwargs=lambda c: {**_review_shared(c), "code": "1"},
         expected=SHARED_REVIEW),
    Case("reviews:section", kwargs=lambda c: {**_review_shared(c), "code": "1"}, method="post",
         expected=SHARED_REVIEW | {"provider_lead": 302, "provider_staff": 403,
                                   "la_commissioner": 403, "admin": 403}),
    Case("reviews:section", kwargs=lambda c: {**_review_final(c), "code": "1"},
         expected=SEES_PROVIDER),
    Case("reviews:share", kwargs=_review_draft,
         expected=REVIEWING_PARTNERSHIP | {"admin": 403}),
    # Sharing a draft with items still to review is refused with the reason (400).
    Case("reviews:share", kwargs=_review_draft, method="post",
         expected=REVIEWING_PARTNERSHIP | {"partnership_officer": 400, "partnership_chair": 400,
                                           "admin": 403}),
    Case("reviews:share", kwargs=_review_shared,
         expected={r: 403 if s == 200 else s for r, s in SHARED_REVIEW.items()}),
    Case("reviews:respond", kwargs=_review_shared,
         expected={r: 403 if s == 200 else s for r, s in SHARED_REVIEW.items()}
         | {"provider_lead": 200}),
    Case("reviews:respond", kwargs=_review_final,
         expected={r: 403 if s == 200 else s for r, s in SEES_PROVIDER.items()}),
    Case("reviews:finalise", kwargs=_review_shared,
         expected={r: 403 if s == 200 else s for r, s in SHARED_REVIEW.items()}
         | {"la_commissioner": 200}),
    Case("reviews:finalise", kwargs=_review_shared, method="post",
         expected={r: 403 if s == 200 else s for r, s in SHARED_REVIEW.items()}
         | {"la_commissioner": 302}),
    Case("reviews:finalise", kwargs=_review_draft,
         expected=REVIEWING_PARTNERSHIP | {"partnership_officer": 403, "partnership_chair": 403,
                                           "admin": 403}),
    Case("dashboards:providers", expected=DASHBOARD_USERS),
    Case("dashboards:providers_csv", expected=DASHBOARD_USERS),
    Case("dashboards:providers_xlsx", expected=DASHBOARD_USERS),
    # dashboards:providers_pdf (the old PDF address): tests/exports/permission_cases.py
    Case("dashboards:heatmap", expected=DASHBOARD_USERS),
    Case("dashboards:concerns", expected=DASHBOARD_USERS),
    Case("dashboards:beside", expected=DASHBOARD_USERS),
    # A provider's profile and its pack (the PDF): whoever sees the provider (what each sees
    # on it is tested in tests/dashboards/test_provider_profile.py); read-only.
    Case("dashboards:provider_profile", kwargs=lambda c: {"slug": c.world.provider.slug},
         expected=SEES_PROVIDER),
    Case("dashboards:provider_profile", kwargs=lambda c: {"slug": c.world.other_provider.slug},
         expected={role: 404 for role in ROLES} | {
             "anonymous": 302, "other_provider_lead": 200, "other_la_commissioner": 200,
             "admin": 200}),
    Case("dashboards:provider_profile", kwargs=lambda c: {"slug": c.world.provider.slug},
         method="post", expected=everyone(405)),
    Case("dashboards:provider_pack", kwargs=lambda c: {"slug": c.world.provider.slug},
         expected=SEES_PROVIDER),
    Case("dashboards:trends", expected=DASHBOARD_USERS),
    Case("healthz", expected=everyone(anonymous=200)),
    Case("accessibility", expected=everyone(anonymous=200)),
    Case("privacy", expected=everyone(anonymous=200)),
    Case("login", expected=everyone(302, anonymous=200)),
    Case("logout", method="post", expected=everyone(200, anonymous=302)),
    Case("keep_alive", method="post", expected=everyone(204)),
    Case("password_change"),
    Case("password_change_done"),
    Case("password_reset", expected=everyone(anonymous=200)),
    Case("password_reset_done", expected=everyone(anonymous=200)),
    Case("password_reset_confirm", kwargs=lambda c: {"uidb64": "MQ", "token": "bad-token"},
         expected=everyone(anonymous=200)),
    Case("password_reset_complete", expected=everyone(anonymous=200)),
    Case("organisations:list"),
    Case("organisations:detail", kwargs=lambda c: {"slug": c.world.provider.slug},
         expected=SEES_PROVIDER),
    Case("organisations:commissioning_status", kwargs=_link, expected={
        **SEES_PROVIDER, "provider_lead": 403, "provider_staff": 403,
        "partnership_officer": 403, "la_commissioner": 403,
    }),
    Case("organisations:commissioning_status", kwargs=_link, method="post", expected={
        **SEES_PROVIDER, "provider_lead": 403, "provider_staff": 403,
        "partnership_officer": 403, "la_commissioner": 403,
    }),
    # What an AP setting is for: its own lead and administrators; another who sees it (its
    # commissioner) a 403; an empty form is shown again with its errors (400). A supported
    # internship provider has no such page.
    *[Case("organisations:setting", kwargs=lambda c: {"slug": c.world.other_provider.slug},
           method=method, expected={role: 404 for role in ROLES} | {
               "anonymous": 302, "other_provider_lead": ok, "admin": ok,
               "other_la_commissioner": 403})
      for method, ok in (("get", 200), ("post", 400))],
    Case("organisations:setting", kwargs=lambda c: {"slug": c.world.provider.slug},
         expected={role: 404 for role in ROLES} | {"anonymous": 302}),
    Case("frameworks:list"),
    Case("frameworks:detail", kwargs=_framework),
    Case("assessments:list"),
    Case("assessments:start", expected={
        **everyone(403), "provider_lead": 200, "provider_staff": 200, "other_provider_lead": 200}),
    Case("assessments:overview", kwargs=_draft, expected=OWN),
    Case("assessments:overview", kwargs=_submitted, expected=SEEN_SUBMITTED),
    Case("assessments:section", kwargs=lambda c: _draft(c, code="1"), expected=OWN),
    Case("assessments:section", kwargs=lambda c: _submitted(c, code="1"), expected=SEEN_SUBMITTED),
    Case("assessments:section", kwargs=lambda c: _draft(c, code="1"), method="post",
         expected=OWN | {"provider_lead": 302, "provider_staff": 302, "admin": 403}),
    Case("assessments:section", kwargs=lambda c: _submitted(c, code="1"), method="post",
         expected={role: 403 for role in SEES_PROVIDER if SEES_PROVIDER[role] == 200}
         | {r: s for r, s in SEES_PROVIDER.items() if s != 200}),
    Case("assessments:criterion_save", method="post",
         kwargs=lambda c: _draft(c, response_pk=c.draft.responses.first().pk),
         expected=OWN | {"provider_lead": 302, "provider_staff": 302, "admin": 403}),
    Case("assessments:summary", kwargs=_submitted, expected=SEEN_SUBMITTED),
    Case("assessments:summary", kwargs=_draft, expected=OWN),
    Case("assessments:submit", kwargs=_draft, expected=LEAD_ONLY_DRAFT),
    Case("assessments:submit", kwargs=_draft, method="post",
         expected=LEAD_ONLY_DRAFT | {"provider_lead": 400}),
    Case("assessments:reopen", kwargs=_submitted, expected={
        **{r: 403 if s == 200 else s for r, s in SEES_PROVIDER.items()}, "provider_lead": 200}),
    Case("assessments:share", kwargs=_draft, method="post",
         expected=LEAD_ONLY_DRAFT | {"provider_lead": 302}),
    Case("assessments:history", kwargs=_draft, expected=OWN),
    Case("assessments:history", kwargs=_submitted, expected=SEEN_SUBMITTED),
    Case("assessments:evidence_download", kwargs=lambda c: {"pk": c.evidence.pk},
         expected=SEEN_SUBMITTED),
    Case("actionplans:stage2_action_create", kwargs=_draft,
         expected=OWN | {"admin": 403}),
    # Report downloads (reports/): a draft only for those who see it, a provider's action plan
    # for whoever sees the provider.
    *[Case(f"reports:assessment_{fmt}", kwargs=kwargs, expected=expected)
      for fmt in ("pdf", "csv", "xlsx")
      for kwargs, expected in ((_draft, OWN), (_submitted, SEEN_SUBMITTED))],
    *[Case(f"reports:action_plan_{fmt}", expected=SEES_PROVIDER,
           kwargs=lambda c: {"slug": c.world.provider.slug, "year": "2025-26"})
      for fmt in ("pdf", "csv", "xlsx")],
    # QA visits. ``ctx.visit`` is shared with the provider (the provider's people see it);
    # ``ctx.preparing`` is still being prepared (only the partnership sees it).
    Case("visits:list"),
    Case("visits:create", expected=everyone(403) | {"partnership_officer": 200}),
    Case("visits:create", method="post", expected=everyone(403) | {"partnership_officer": 200}),
    Case("visits:overview", kwargs=_visit, expected=SEES_PROVIDER),
    Case("visits:overview", kwargs=_preparing, expected=PARTNERSHIP_ONLY),
    Case("visits:setup", kwargs=_visit, expected=OFFICER_ONLY),
    Case("visits:setup", kwargs=_preparing, method="post",
         expected=PARTNERSHIP_ONLY | {"partnership_chair": 403, "admin": 403}),
    Case("visits:section", kwargs=lambda c: _visit(c, code="1"), expected=SEES_PROVIDER),
    Case("visits:section", kwargs=lambda c: _visit(c, code="1"), method="post",
         expected=OFFICER_ONLY | {"partnership_officer": 302}),
    Case("visits:section", kwargs=lambda c: _preparing(c, code="1"), method="post",
         expected=PARTNERSHIP_ONLY | {"partnership_officer": 302, "partnership_chair": 403,
                                      "admin": 403}),
    Case("visits:requirement_save", method="post",
         kwargs=lambda c: _visit(c, response_pk=c.visit.responses.get(criterion__code="1.2").pk),
         expected=OFFICER_ONLY | {"partnership_officer": 302}),
    Case("visits:judgement", kwargs=lambda c: _visit(c, code="1"),
         expected=SEES_PROVIDER | {"provider_lead": 403, "provider_staff": 403}),
    Case("visits:judgement", kwargs=lambda c: _visit(c, code="1"), method="post",
         expected=OFFICER_ONLY),
    Case("visits:evidence", kwargs=lambda c: _visit(c, code="1"), expected=SEES_PROVIDER),
    Case("visits:evidence", kwargs=lambda c: _visit(c, code="1"), method="post",
         expected=PROVIDER_EDITS),
    Case("visits:evidence_save", method="post",
         kwargs=lambda c: _visit(c, response_pk=c.visit.responses.get(criterion__code="1.1").pk),
         expected=PROVIDER_EDITS),
    Case("visits:evidence_download", kwargs=lambda c: _visit(c, file_pk=c.visit_file.pk),
         expected=SEES_PROVIDER),
    Case("visits:share", kwargs=_preparing,
         expected=PARTNERSHIP_ONLY | {"partnership_chair": 403, "admin": 403}),
    Case("visits:share", kwargs=_preparing, method="post",
         expected=PARTNERSHIP_ONLY | {"partnership_officer": 400, "partnership_chair": 403,
                                      "admin": 403}),
    Case("visits:share", kwargs=_visit, expected=NOBODY_NOW),
    Case("visits:record", kwargs=_visit, expected=OFFICER_ONLY),
    Case("visits:record", kwargs=_visit, method="post",
         expected=OFFICER_ONLY | {"partnership_officer": 400}),
    Case("visits:share_judgements", kwargs=_visit, expected=NOBODY_NOW),
    Case("visits:respond", kwargs=_visit, expected=NOBODY_NOW),
    Case("visits:finalise", kwargs=_visit, expected=NOBODY_NOW),
    Case("visits:withdraw", kwargs=_visit, expected=OFFICER_ONLY),
    Case("visits:withdraw", kwargs=_visit, method="post", expected=OFFICER_ONLY),
    # Before the visit and after: the LEBC check is part of the set-up (its officers); the
    # contact log is the visiting partnership's (its officers and chairs add to it; an
    # administrator reads it). An empty form is shown again with its errors (400).
    Case("visits:lebc", kwargs=_visit, expected=OFFICER_ONLY),
    Case("visits:lebc", kwargs=_visit, method="post",
         expected=OFFICER_ONLY | {"partnership_officer": 400}),
    Case("visits:contacts", kwargs=_visit, expected=NOBODY_NOW | {
        "partnership_officer": 200, "partnership_chair": 200, "admin": 200}),
    Case("visits:contacts", kwargs=_visit, method="post", expected=NOBODY_NOW | {
        "partnership_officer": 400, "partnership_chair": 400}),
    Case("visits:contacts", kwargs=_preparing, expected=PARTNERSHIP_ONLY),
    Case("visits:history", kwargs=_visit, expected=SEES_PROVIDER),
    Case("visits:history", kwargs=_preparing, expected=PARTNERSHIP_ONLY),
    Case("visits:concern", kwargs=lambda c: {"pk": c.concern.pk}, expected=COMMISSIONERS),
    Case("visits:concern", kwargs=lambda c: {"pk": c.concern.pk}, method="post",
         expected={r: 403 if s == 200 else s for r, s in COMMISSIONERS.items()}
         | {"partnership_chair": 200}),
    Case("reviews:sample_list", expected=SAMPLE_READERS),
    Case("reviews:sample_draw", expected=SAMPLE_DRAWERS),
    # An empty form: shown again with its errors, nothing drawn.
    Case("reviews:sample_draw", method="post", expected=SAMPLE_DRAWERS),
    Case("reviews:sample_detail", kwargs=lambda c: {"pk": c.sample.pk}, expected=LA_ONLY),
    Case("reviews:sample_detail", kwargs=lambda c: {"pk": c.sample.pk}, method="post",
         expected=everyone(405)),
    Case("reviews:sample_list", method="post", expected=everyone(405)),
    Case("actionplans:list"),
    Case("actionplans:plan", kwargs=lambda c: {"slug": c.world.provider.slug, "period": "2025-26"},
         expected=SEES_PROVIDER),
    Case("actionplans:action_create",
         kwargs=lambda c: {"slug": c.world.provider.slug, "period": "2025-26"},
         expected=PLAN_KEEPERS),
    Case("actionplans:action", kwargs=lambda c: {"pk": c.action.pk}, expected=SEES_PROVIDER),
    Case("actionplans:action", kwargs=lambda c: {"pk": c.action.pk}, method="post",
         expected=PLAN_KEEPERS),
    Case("actionplans:action_edit", kwargs=lambda c: {"pk": c.action.pk}, expected=PLAN_KEEPERS),
    # Last year's open actions, decided as this year's plan starts: by the plan's keepers; an
    # empty form is shown again with its error (400).
    Case("actionplans:carry_forward", kwargs=_carry_forward, expected=PLAN_KEEPERS),
    Case("actionplans:carry_forward", kwargs=_carry_forward, method="post",
         expected=PLAN_KEEPERS | {"provider_lead": 400, "provider_staff": 400}),
    # A review's item becomes the provider's action: the reviewing LA, once shared (this item
    # is agreed with, so the LA is sent back to the review with the reason).
    Case("actionplans:review_action", kwargs=lambda c: {"pk": c.review_shared.items.first().pk},
         method="post", expected={r: 403 if s == 200 else s for r, s in SHARED_REVIEW.items()}
         | {"la_commissioner": 302}),
    Case("actionplans:review_action", kwargs=lambda c: {"pk": c.review_shared.items.first().pk},
         expected=everyone(405)),
    # A QA visit record's downloads (reports/): whoever sees the visit; a visit still being
    # prepared only the partnership carrying it out.
    *[Case(f"reports:visit_{fmt}", kwargs=kwargs, expected=expected)
      for fmt in ("pdf", "csv", "xlsx")
      for kwargs, expected in ((_visit, SEES_PROVIDER), (_preparing, PARTNERSHIP_ONLY))],
    # Bulk exports (exports/): partnership and LA staff and admins ask for them; an export
    # is its requester's alone (anyone else, an admin too, gets a 404).
    Case("exports:list", expected=EXPORTERS),
    Case("exports:list", method="post", expected=everyone(405)),
    Case("exports:new", expected=EXPORTERS),
    # An empty form: shown again with its errors, nothing queued.
    Case("exports:new", method="post", expected=EXPORTERS),
    Case("exports:detail", kwargs=_bulk_export, expected=REQUESTER_ONLY),
    Case("exports:detail", kwargs=_bulk_export, method="post", expected=everyone(405)),
    Case("exports:download", kwargs=_bulk_export, expected=REQUESTER_ONLY),
    Case("exports:download", kwargs=_bulk_export, method="post", expected=everyone(405)),
    *more.QUALITY_DOCUMENT_CASES,
    *more.NARRATIVE_CASES,
    *more.PEOPLE_CASES,
    *more.SIGN_IN_CASES,
    *COMMISSIONING_CASES,
    *PACK_CASES,
    *IMPORT_CASES,
    *ARCHIVE_CASES,
    *PROGRESS_CASES,
    *INDICATOR_CASES,
    *MEDIUM_TERM_CASES, *API_CASES,
]


def _route_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            if ns == "admin":
                continue  # Django's admin: staff only, tested in tests/organisations/test_admin.py
            prefix = f"{namespace}{ns}:" if ns else namespace
            yield from _route_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def test_every_url_is_in_the_matrix():
    covered = {case.name for case in MATRIX}
    missing = sorted(set(_route_names(get_resolver().url_patterns)) - covered)
    assert not missing, f"Add these URLs to the permission matrix: {missing}"


@pytest.mark.parametrize("case", MATRIX, ids=lambda c: f"{c.method.upper()} {c.name}")
def test_permission_matrix(case, fresh_ctx, client):
    """Every role against one URL; the failure lists every role that got the wrong status."""
    ctx = fresh_ctx
    world = ctx.world
    url = reverse(case.name, kwargs=case.kwargs(ctx) if case.kwargs else None)
    wrong = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
        response = getattr(client, case.method)(url)
        if response.status_code != case.expected[role]:
            wrong.append(f"{role}: got {response.status_code}, expected {case.expected[role]}")
        elif (role == "anonymous" and response.status_code == 302
              and not response["Location"].startswith(reverse("login"))):
            wrong.append(f"anonymous was sent to {response['Location']}, not to sign in")
    assert not wrong, f"{case.method.upper()} {url}:\n" + "\n".join(wrong)
