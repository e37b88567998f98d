"""The demo's commissioning cycle (issue 28): Leicestershire's due-diligence check of Meadow
Farm Learning, a prospective independent alternative provider, in progress, with the
policies checked and the rest still to do."""
from commissioning.checklists import current_checklist
from commissioning.models import DueDiligenceCheck
from commissioning.services import check_open, item_record, prospective_provider_create
from organisations.models import Organisation, User

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
