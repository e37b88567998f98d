"""The demo's commissioning cycle (issue 28): Leicestershire's due-diligence check of Meadow
Farm Learning, a prospective independent alternative provider, in progress, with the
policies checked and the rest still to do; the agreements Oakfield works to, with their
expected standards (one not met); and Oakfield's support log."""
import datetime

from commissioning import services
from commissioning.checklists import current_checklist
from commissioning.models import Agreement, DueDiligenceCheck, ExpectedStandard, SupportEntry
from commissioning.services import check_open, item_record, prospective_provider_create
from organisations.models import Commissioning, Organisation, User

Standard = ExpectedStandard.Kind
# (commissioner, provider): (kind, reference, starts, ends, places, who records it,
#  [(standard kind, text, outcome, note)]). The Oakfield visit is linked to its SEIP's SLA.
AGREEMENTS = {
    ("nw-leics-seip", "oakfield-ap"): (
        Agreement.Kind.SLA, "NWL-SEIP-SLA-2025-07", datetime.date(2025, 9, 1),
        datetime.date(2027, 8, 31), 12, "chair@nwleics-seip.example", [
            (Standard.VISIT_EACH_YEAR, "", "", ""),
            (Standard.ACTIONS_ON_TIME, "", "", ""),
            (Standard.RECORDED, "Serious incidents reported to the partnership the same day",
             "met", "No incident reported late this year."),
        ]),
    ("leicestershire-cc", "oakfield-ap"): (
        Agreement.Kind.CONTRACT, "LCC-AP-2026-031", datetime.date(2026, 9, 1),
        datetime.date(2027, 7, 31), 8, "commissioner@leics.example", [
            (Standard.VISIT_EACH_YEAR, "", "", ""),
            (Standard.RECORDED, "Attendance at least 90%", "not_met",
             "Autumn half-term attendance was 84%: raised at the termly review."),
        ]),
}
# (commissioner, provider, kind, topic, date, uptake, given by, note)
SUPPORT = [
    ("leicestershire-cc", "oakfield-ap", SupportEntry.Kind.TRAINING,
     "Designated safeguarding lead refresher", datetime.date(2026, 10, 14),
     SupportEntry.Uptake.ATTENDED, "Leicestershire safeguarding team", ""),
    ("nw-leics-seip", "oakfield-ap", SupportEntry.Kind.NETWORK,
     "Attendance strategies network", datetime.date(2026, 11, 5), SupportEntry.Uptake.DECLINED,
     "Alex Morgan", "The centre manager could not be released that afternoon."),
]

PROSPECTIVE = "Meadow Farm Learning"
CHECKED = {
    "safeguarding-policy": ("met", "Policy dated September 2026; the designated safeguarding "
                                   "lead is the centre manager."),
    "behaviour-policy": ("met", "Serious incidents reported to the commissioner the same day."),
    "send-policy": ("not_met", "No SEND policy yet: the manager will send one by Friday."),
    "lebc-audit": ("not_applicable", "Not a Leicestershire partnership provider yet."),
}


def seed_due_diligence() -> None:
    """Leicestershire's check of Meadow Farm Learning, unless one is already there (or the
    checklist is not loaded yet: `make run` loads it first)."""
    leics = Organisation.objects.get(slug="leicestershire-cc")
    if current_checklist() is None or DueDiligenceCheck.objects.filter(commissioner=leics).exists():
        return
    officer = User.objects.get(email="commissioner@leics.example")
    provider = (Organisation.objects.filter(name=PROSPECTIVE).first()
                or prospective_provider_create(
                    name=PROSPECTIVE, provider_type=Organisation.ProviderType.INDEPENDENT_AP,
                    by=officer, commissioner=leics))
    check = check_open(commissioner=leics, provider=provider, by=officer)
    for row in check.items.select_related("item").filter(item__code__in=CHECKED):
        outcome, note = CHECKED[row.item.code]
        item_record(row=row, outcome=outcome, note=note, by=officer)


def seed_agreements_and_support() -> None:
    """The agreements and support log above, unless there are agreements already."""
    if Agreement.objects.exists():
        return
    for (commissioner, provider), (kind, reference, starts, ends, places, email,
                                   standards) in AGREEMENTS.items():
        link = Commissioning.objects.get(commissioner__slug=commissioner, provider__slug=provider)
        by = User.objects.get(email=email)
        agreement = services.agreement_create(link=link, by=by, kind=kind, reference=reference,
                                              starts=starts, ends=ends, places=places)
        for standard_kind, text, outcome, note in standards:
            standard = services.standard_add(agreement=agreement, kind=standard_kind, text=text,
                                             by=by)
            if outcome:
                services.standard_record(standard=standard, outcome=outcome, note=note, by=by)
    for commissioner, provider, kind, topic, on, uptake, given_by, note in SUPPORT:
        link = Commissioning.objects.get(commissioner__slug=commissioner, provider__slug=provider)
        by = User.objects.get(email=AGREEMENTS[(commissioner, provider)][5])
        services.support_log(link=link, kind=kind, topic=topic, on=on, uptake=uptake,
                             given_by=given_by, note=note, by=by)
