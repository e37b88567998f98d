"""The permission matrix's rows for the organisations import (``organisations/import_views.py``):
the service's administrators use it; everyone else signed in is refused (403). An empty upload
is shown again with its error; confirming an upload that is not one of yours finds none (404)."""
from tests.permission_roles import Case, everyone

ADMINS_ONLY = everyone(403) | {"admin": 200}

IMPORT_CASES = [
    Case("organisations:import", expected=ADMINS_ONLY),
    Case("organisations:import", method="post", expected=ADMINS_ONLY),
    Case("organisations:import_confirm", method="post", expected=everyone(403) | {"admin": 404}),
    Case("organisations:import_confirm", expected=everyone(405)),
    Case("organisations:template_csv", expected=ADMINS_ONLY),
    Case("organisations:template_xlsx", expected=ADMINS_ONLY),
]
