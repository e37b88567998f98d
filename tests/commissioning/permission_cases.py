"""The permission matrix's rows for due diligence (``commissioning/``): every signed-in person
has the list (of the checks they may see); the officers, chairs and commissioners of a
partnership or LA start checks; a check is its commissioner's and its provider's to see; its
commissioner's people mark items and its chairs and commissioners decide. Empty forms are
shown again with their errors (400)."""
from tests.permission_roles import Case, everyone

COMMISSIONERS = ("partnership_officer", "partnership_chair", "la_commissioner",
                 "other_la_commissioner")
STARTS = everyone(403) | dict.fromkeys(COMMISSIONERS, 200)
# The LA's check of the world's provider: the LA's people and the provider's see it.
SEES_CHECK = everyone(404) | {"la_commissioner": 200, "provider_lead": 200,
                              "provider_staff": 200, "admin": 200}
WORKS_ON_CHECK = SEES_CHECK | {"provider_lead": 403, "provider_staff": 403, "admin": 403}


def _check(ctx, **extra):
    """The world's LA's open check of its provider, made when a case first asks."""
    from commissioning.services import check_open

    if "due_diligence" not in ctx.__dict__:
        ctx.due_diligence = check_open(commissioner=ctx.world.la, provider=ctx.world.provider,
                                       by=ctx.world.users["la_commissioner"])
    return {"pk": ctx.due_diligence.pk, **extra}


ADDS_EVIDENCE = SEES_CHECK | {"admin": 403}


def _evidence(ctx):
    """A file the provider's lead gave for the check's insurance item."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from commissioning.services import evidence_add

    _check(ctx)
    if "due_diligence_file" not in ctx.__dict__:
        row = ctx.due_diligence.items.get(item__code="insurance")
        ctx.due_diligence_file = evidence_add(
            row=row, upload=SimpleUploadedFile("insurance.txt", b"Insured to 2027."),
            by=ctx.world.users["provider_lead"])
    return {"pk": ctx.due_diligence_file.pk}


COMMISSIONING_CASES = [
    Case("commissioning:list", expected=everyone()),
    Case("commissioning:new", expected=STARTS),
    Case("commissioning:new", method="post",
         expected=STARTS | dict.fromkeys(COMMISSIONERS, 400)),
    Case("commissioning:check", kwargs=_check, expected=SEES_CHECK),
    Case("commissioning:item", kwargs=lambda c: _check(c, code="insurance"),
         expected=WORKS_ON_CHECK),
    Case("commissioning:item", kwargs=lambda c: _check(c, code="insurance"), method="post",
         expected=WORKS_ON_CHECK | {"la_commissioner": 400}),
    Case("commissioning:item_evidence", kwargs=lambda c: _check(c, code="insurance"),
         expected=ADDS_EVIDENCE),
    Case("commissioning:item_evidence", kwargs=lambda c: _check(c, code="insurance"),
         method="post", expected=ADDS_EVIDENCE | {"la_commissioner": 400, "provider_lead": 400,
                                                  "provider_staff": 400}),
    Case("commissioning:evidence", kwargs=_evidence, expected=SEES_CHECK),
    Case("commissioning:decide", kwargs=_check, expected=WORKS_ON_CHECK),
    Case("commissioning:decide", kwargs=_check, method="post",
         expected=WORKS_ON_CHECK | {"la_commissioner": 400}),
]
