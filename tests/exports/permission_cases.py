"""The permission matrix's rows for inspection packs and the provider dashboard's PDF
(``exports/views.py``): a local authority's commissioners make their own LA's pack (a year
posted that is not offered: shown again with its error, 400); whoever may open the provider
dashboard asks for its PDF (a POST with no filters: queued, and its progress page opened), and
the dashboard's old PDF address sends them to the page asking for it. One pack or PDF, its
file and a pack's workbook are its requester's alone (anyone else: 404). A bulk export of
reports, or a dashboard's PDF, has no workbook to download (404)."""
from tests.permission_roles import ROLES, Case, everyone

LA_COMMISSIONERS = everyone(403) | {"la_commissioner": 200, "other_la_commissioner": 200}
REQUESTER_ONLY = {role: 404 for role in ROLES} | {"anonymous": 302, "la_commissioner": 200}
# The provider dashboard (``dashboards:providers``): whoever commissions providers, and admins.
DASHBOARD_USERS = everyone(403) | {
    "partnership_officer": 200, "partnership_chair": 200, "la_commissioner": 200,
    "other_la_commissioner": 200, "admin": 200}
# Sent on (302): to the PDF's progress page once queued, or to the page asking for it.
DASHBOARD_QUEUED = {role: 302 if status == 200 else status
                    for role, status in DASHBOARD_USERS.items()}


def _pack(ctx):
    return {"pk": ctx.inspection_pack.pk}


def _bulk_export(ctx):
    return {"pk": ctx.bulk_export.pk}


def _dashboard_pdf(ctx):
    return {"pk": ctx.dashboard_pdf.pk}


PACK_CASES = [
    Case("exports:pack_new", expected=LA_COMMISSIONERS),
    Case("exports:pack_new", method="post",
         expected=LA_COMMISSIONERS | {"la_commissioner": 400, "other_la_commissioner": 400}),
    Case("exports:detail", kwargs=_pack, expected=REQUESTER_ONLY),
    Case("exports:download", kwargs=_pack, expected=REQUESTER_ONLY),
    Case("exports:spreadsheet", kwargs=_pack, expected=REQUESTER_ONLY),
    Case("exports:spreadsheet", kwargs=_pack, method="post", expected=everyone(405)),
    Case("exports:spreadsheet", kwargs=_bulk_export,
         expected=REQUESTER_ONLY | {"la_commissioner": 404}),
    Case("exports:dashboard_pdf", expected=DASHBOARD_USERS),
    Case("exports:dashboard_pdf", method="post", expected=DASHBOARD_QUEUED),
    # The dashboard's old PDF address leads to the page asking for it.
    Case("dashboards:providers_pdf", expected=DASHBOARD_QUEUED),
    Case("exports:detail", kwargs=_dashboard_pdf, expected=REQUESTER_ONLY),
    Case("exports:download", kwargs=_dashboard_pdf, expected=REQUESTER_ONLY),
    Case("exports:spreadsheet", kwargs=_dashboard_pdf,
         expected=REQUESTER_ONLY | {"la_commissioner": 404}),
]
