"""The permission matrix's rows for the organisations import (``organisations/import_views.py``)
and for archiving: the service's administrators use them; everyone else signed in is refused
(403), or finds no organisation they cannot see (404). An empty upload is shown again with its
error, an empty reason too (400); confirming an upload that is not one of yours finds none
(404); restoring an organisation in use leaves it as it is (back to its page, 302)."""
from tests.permission_roles import SEES_PROVIDER, Case, everyone

ADMINS_ONLY = everyone(403) | {"admin": 200}

IMPORT_CASES = [
    Case("organisations:import", expected=ADMINS_ONLY),
    Case("organisations:import", method="post", expected=ADMINS_ONLY),
    Case("organisations:import_confirm", method="post", expected=everyone(403) | {"admin": 404}),
    Case("organisations:import_confirm", expected=everyone(405)),
    Case("organisations:template_csv", expected=ADMINS_ONLY),
    Case("organisations:template_xlsx", expected=ADMINS_ONLY),
]


def _provider(ctx):
    return {"slug": ctx.world.provider.slug}


SEES_ONLY = {role: 403 if status == 200 else status for role, status in SEES_PROVIDER.items()}
ARCHIVE_CASES = [
    Case("organisations:archive", kwargs=_provider, expected=SEES_ONLY | {"admin": 200}),
    Case("organisations:archive", kwargs=_provider, method="post",
         expected=SEES_ONLY | {"admin": 400}),
    Case("organisations:restore", kwargs=_provider, method="post",
         expected=SEES_ONLY | {"admin": 302}),
    Case("organisations:restore", kwargs=_provider, expected=everyone(405)),
]
