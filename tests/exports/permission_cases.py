"""The permission matrix's rows for inspection packs (``exports/views.py``): a local
authority's commissioners make their own LA's pack (a year posted that is not offered: shown
again with its error, 400); one pack, its PDF and its workbook are its requester's alone
(anyone else: 404). A bulk export of reports has no workbook to download (404)."""
from tests.permission_roles import ROLES, Case, everyone

LA_COMMISSIONERS = everyone(403) | {"la_commissioner": 200, "other_la_commissioner": 200}
REQUESTER_ONLY = {role: 404 for role in ROLES} | {"anonymous": 302, "la_commissioner": 200}


def _pack(ctx):
    return {"pk": ctx.inspection_pack.pk}


def _bulk_export(ctx):
    return {"pk": ctx.bulk_export.pk}


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
]
