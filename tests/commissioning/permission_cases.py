"""The permission matrix's rows for due diligence (``commissioning/``): every signed-in person
has the list (of the checks they may see); the officers, chairs and commissioners of a
partnership or LA start checks; a check is its commissioner's and its provider's to see; its
commissioner's people mark items and its chairs and commissioners decide. Empty forms are
shown again with their errors (400)."""
from tests.permission_roles import SEES_PROVIDER, Case, everyone

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


INVITES = everyone(404) | {"la_commissioner": 200, "admin": 403}
NOT_THE_LINKS = {"provider_lead": 403, "provider_staff": 403, "partnership_officer": 403,
                 "la_commissioner": 403}
KEEPS_AGREEMENTS = SEES_PROVIDER | NOT_THE_LINKS
RECORDS = KEEPS_AGREEMENTS | {"partnership_officer": 200}
LOGS_SUPPORT = RECORDS | {"admin": 403}


def _prospective_check(ctx):
    """The LA's check of a prospective provider with no people yet."""
    from commissioning.services import check_open, prospective_provider_create

    if "prospective_check" not in ctx.__dict__:
        by = ctx.world.users["la_commissioner"]
        provider = prospective_provider_create(name="Meadow Farm", provider_type="independent_ap",
                                               by=by, commissioner=ctx.world.la)
        ctx.prospective_check = check_open(commissioner=ctx.world.la, provider=provider, by=by)
    return {"pk": ctx.prospective_check.pk}


def _link(ctx):
    """The partnership's commissioning of the world's provider."""
    from organisations.models import Commissioning

    return {"pk": Commissioning.objects.get(commissioner=ctx.world.partnership,
                                            provider=ctx.world.provider).pk}


def _agreement(ctx):
    """An SLA on the partnership's link, with a standard its people record."""
    import datetime

    from commissioning import services
    from organisations.models import Commissioning

    if "agreement" not in ctx.__dict__:
        link = Commissioning.objects.get(pk=_link(ctx)["pk"])
        by = ctx.world.users["partnership_chair"]
        ctx.agreement = services.agreement_create(
            link=link, by=by, kind="sla", reference="SLA-1", starts=datetime.date(2026, 9, 1),
            ends=None, places=None)
        ctx.standard = services.standard_add(agreement=ctx.agreement, kind="recorded",
                                             text="Attendance at least 90%", by=by)
    return {"pk": ctx.agreement.pk}


def _standard(ctx):
    _agreement(ctx)
    return {"pk": ctx.standard.pk}


def _decommissioning(ctx):
    """The partnership's de-commissioning of the world's provider."""
    from commissioning import services
    from organisations.models import Commissioning

    if "decommissioning" not in ctx.__dict__:
        ctx.decommissioning = services.decommission(
            link=Commissioning.objects.get(pk=_link(ctx)["pk"]), reason="Closing.",
            by=ctx.world.users["partnership_chair"])
    return {"pk": ctx.decommissioning.pk}


def _form(name, kwargs, expected, *posting) -> list[Case]:
    """A form page: shown to ``expected``; sent empty, shown again with its errors (400) to
    those of ``posting``, refused as before to everyone else."""
    return [Case(name, kwargs=kwargs, expected=expected),
            Case(name, kwargs=kwargs, method="post",
                 expected=expected | dict.fromkeys(posting, 400))]


DECIDERS = ("partnership_chair", "admin")
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
    # Inviting a prospective provider's first lead: the checking LA's people, while the
    # provider has no lead (no one else sees a check of a provider with no people).
    *_form("commissioning:invite_lead", _prospective_check, INVITES, "la_commissioner"),
    # The world's provider already has a lead: it invites its own people.
    Case("commissioning:invite_lead", kwargs=_check, method="post",
         expected=SEES_CHECK | {"la_commissioner": 403, "provider_lead": 403,
                                "provider_staff": 403, "admin": 403}),
    # Agreements on the partnership's link: whoever sees the provider reads them; those who
    # decide on its commissioning (its chair, an administrator) keep them; empty forms: 400.
    Case("commissioning:link_agreements", kwargs=_link, expected=SEES_PROVIDER),
    *_form("commissioning:agreement_new", _link, KEEPS_AGREEMENTS, *DECIDERS),
    Case("commissioning:agreement", kwargs=_agreement, expected=SEES_PROVIDER),
    *_form("commissioning:agreement_edit", _agreement, KEEPS_AGREEMENTS, *DECIDERS),
    *_form("commissioning:standard_new", _agreement, KEEPS_AGREEMENTS, *DECIDERS),
    # A standard the portal cannot check: any of the partnership's people records it.
    *_form("commissioning:standard_record", _standard, RECORDS, "partnership_officer",
           *DECIDERS),
    Case("commissioning:standard_remove", kwargs=_standard, expected=everyone(405)),
    # The chair removes it; for those who come after, it is gone.
    Case("commissioning:standard_remove", kwargs=_standard, method="post",
         expected=KEEPS_AGREEMENTS | {"partnership_chair": 302, "la_commissioner": 404,
                                      "admin": 404}),
    # The support log: whoever sees the provider reads it; the partnership's people log.
    Case("commissioning:support", kwargs=lambda c: {"slug": c.world.provider.slug},
         expected=SEES_PROVIDER),
    *_form("commissioning:support_new", _link, LOGS_SUPPORT, "partnership_officer",
           "partnership_chair"),
    # De-commissioning: as keeping agreements (those who decide on the link); the record is
    # read by whoever sees the provider.
    *_form("commissioning:decommission", _link, KEEPS_AGREEMENTS, *DECIDERS),
    Case("commissioning:decommissioning", kwargs=_decommissioning, expected=SEES_PROVIDER),
]
