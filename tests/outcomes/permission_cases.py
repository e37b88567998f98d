"""The permission matrix's rows for progress providers send (``outcomes/progress_views.py``)
and for area indicators and the status of an outcomes import (an LA's commissioners only).
Progress:
the provider's lead and staff send it, to an LA that shares its learners with them; the LA's
commissioners decide it; both read it, as do administrators. Anyone else signed in is refused
(403) or finds no such file (404). A form posted empty is shown again with its error (400);
confirming a file that is not one of yours finds none (404)."""
from tests.permission_roles import ROLES, Case, everyone

PROVIDERS_AND_LAS = everyone(403) | {
    "provider_lead": 200, "provider_staff": 200, "other_provider_lead": 200,
    "la_commissioner": 200, "other_la_commissioner": 200, "admin": 200}
SENDERS = everyone(403) | {"provider_lead": 200, "provider_staff": 200}
READERS = everyone(404) | {"provider_lead": 200, "provider_staff": 200, "la_commissioner": 200,
                           "admin": 200}


def _sharing(ctx):
    """No URL parameters, once the LA shares its learners with the world's provider."""
    assert ctx.shared_learner.pk
    return None


def _progress(ctx):
    return {"pk": ctx.progress.pk}


PROGRESS_CASES = [
    Case("outcomes:progress_list", expected=PROVIDERS_AND_LAS),
    Case("outcomes:progress_list", method="post", expected=everyone(405)),
    Case("outcomes:progress_send", kwargs=_sharing, expected=SENDERS),
    Case("outcomes:progress_send", kwargs=_sharing, method="post",
         expected=SENDERS | {"provider_lead": 400, "provider_staff": 400}),
    Case("outcomes:progress_enter", kwargs=_sharing, expected=SENDERS),
    Case("outcomes:progress_enter", kwargs=_sharing, method="post",
         expected=SENDERS | {"provider_lead": 400, "provider_staff": 400}),
    Case("outcomes:progress_send_confirm", kwargs=_sharing, method="post",
         expected=SENDERS | {"provider_lead": 404, "provider_staff": 404}),
    Case("outcomes:progress_send_confirm", expected=everyone(405)),
    Case("outcomes:progress", kwargs=_progress, expected=READERS),
    # Deciding: the LA's commissioners (nothing chosen: shown again, 400); the provider's
    # people and administrators read but do not decide.
    Case("outcomes:progress", kwargs=_progress, method="post",
         expected=READERS | {"la_commissioner": 400, "provider_lead": 403,
                             "provider_staff": 403, "admin": 403}),
]


LA_COMMISSIONERS = everyone(403) | {"la_commissioner": 200, "other_la_commissioner": 200}
INDICATOR_CASES = [
    Case("outcomes:indicators", expected=LA_COMMISSIONERS),
    Case("outcomes:indicators", method="post",
         expected=LA_COMMISSIONERS | {"la_commissioner": 400, "other_la_commissioner": 400}),
    Case("outcomes:indicator_add", expected=LA_COMMISSIONERS),
    Case("outcomes:indicator_add", method="post",
         expected=LA_COMMISSIONERS | {"la_commissioner": 400, "other_la_commissioner": 400}),
    Case("outcomes:indicators_import", expected=LA_COMMISSIONERS),
    Case("outcomes:indicators_import", method="post",
         expected=LA_COMMISSIONERS | {"la_commissioner": 400, "other_la_commissioner": 400}),
    # Confirming names no upload of the user's own: none is found.
    Case("outcomes:indicators_import_confirm", method="post",
         expected=LA_COMMISSIONERS | {"la_commissioner": 404, "other_la_commissioner": 404}),
    Case("outcomes:indicators_import_confirm", expected=everyone(405)),
    # An outcomes file handed to the task worker: its uploader's status page; another LA's
    # commissioner finds none.
    Case("outcomes:import_status", kwargs=lambda c: {"pk": c.outcome_import.pk},
         expected=LA_COMMISSIONERS | {"other_la_commissioner": 404}),
    Case("outcomes:import_status", kwargs=lambda c: {"pk": c.outcome_import.pk},
         method="post", expected=everyone(405)),
    # The records of access to learners' data: an LA's data-protection lead only (no role
    # here is one: tests/outcomes/test_access_records.py signs one in), administrators too.
    *[Case(name, method=method, expected=everyone(403 if method == "get" else 405))
      for name in ("outcomes:access_records", "outcomes:access_records_csv")
      for method in ("get", "post")],
    # The data-protection pages: the same (tests/outcomes/test_erasure.py signs a lead in).
    Case("outcomes:data_protection", expected=everyone(403)),
    Case("outcomes:data_protection", method="post", expected=everyone(405)),
    *[Case(name, method=method, expected=everyone(403))
      for name in ("outcomes:subject_access", "outcomes:erase") for method in ("get", "post")],
    *[Case("outcomes:retention", kwargs=lambda c: {"slug": c.world.la.slug}, method=method,
           expected=everyone(403)) for method in ("get", "post")],
]


# Medium-term outcomes and their steps: the learner's LA's commissioners; another LA's people
# and providers without sharing find no such learner (404); those who see it but may not
# change it (administrators, the provider's people once shared) are refused (403). A form
# posted empty is shown again with its errors (400).
KEEPERS = {role: 404 for role in ROLES} | {"anonymous": 302, "la_commissioner": 200,
                                          "admin": 403}


def _learner(ctx):
    return {"pk": ctx.learner.pk}


def _shared_learner(ctx):
    return {"pk": ctx.shared_learner.pk}


def _medium_term(ctx):
    return {"pk": ctx.medium_term.pk}


def _shared_medium_term(ctx):
    return {"pk": ctx.shared_medium_term.pk}


# Sending a step: the provider's people the learner is shared with; those who see the learner
# but send no progress for the provider (its LA's commissioners, administrators) are refused.
STEP_SENDERS = KEEPERS | {"provider_lead": 200, "provider_staff": 200,
                          "la_commissioner": 403}

MEDIUM_TERM_CASES = [
    Case("outcomes:step_send", kwargs=_shared_medium_term, expected=STEP_SENDERS),
    Case("outcomes:step_send", kwargs=_shared_medium_term, method="post",
         expected=STEP_SENDERS | {"provider_lead": 400, "provider_staff": 400}),
    Case("outcomes:medium_term_add", kwargs=_learner, expected=KEEPERS),
    Case("outcomes:medium_term_add", kwargs=_learner, method="post",
         expected=KEEPERS | {"la_commissioner": 400}),
    Case("outcomes:medium_term_add", kwargs=_shared_learner,
         expected=KEEPERS | {"provider_lead": 403, "provider_staff": 403}),
    Case("outcomes:step_add", kwargs=_medium_term, expected=KEEPERS),
    Case("outcomes:step_add", kwargs=_medium_term, method="post",
         expected=KEEPERS | {"la_commissioner": 400}),
]
