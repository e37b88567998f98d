"""The commissioning cycle at scale, for ``make bench`` and ``make load``: most links work to an
agreement with a standard of each kind, and most providers have a support-log entry, so the
dashboard and the profile judge standards as they would in a real service. Rows only (no
history), made in bulk for the links that have none yet."""
import datetime
import random

from commissioning.models import Agreement, ExpectedStandard, SupportEntry
from organisations.models import Commissioning

CHUNK = 1000


def seed_cycle(*, seed: int, recorded_by_id: int) -> int:
    """Agreements, standards and support entries for the scale providers' links that have no
    agreement; returns how many agreements it made."""
    rng = random.Random(seed)
    links = list(Commissioning.objects.filter(provider__slug__startswith="scale-provider-",
                                              agreements__isnull=True)
                 .values_list("pk", "provider_id", "commissioner_id"))
    made = 0
    for first in range(0, len(links), CHUNK):
        chunk = [link for link in links[first:first + CHUNK] if rng.random() < 0.85]
        agreements = Agreement.objects.bulk_create([
            Agreement(link_id=pk, reference=f"SLA-{pk:06d}", places=rng.randint(4, 40),
                      starts=datetime.date(2025, 9, 1),
                      ends=datetime.date(2026 + rng.randint(0, 1), 8, 31))
            for pk, _, _ in chunk])
        Kind = ExpectedStandard.Kind
        standards = []
        for agreement in agreements:
            standards += [
                ExpectedStandard(agreement=agreement, kind=Kind.SUBMITTED_BY,
                                 framework_slug="si-qaf", due=datetime.date(2026, 7, 31)),
                ExpectedStandard(agreement=agreement, kind=Kind.VISIT_EACH_YEAR),
                ExpectedStandard(agreement=agreement, kind=Kind.ACTIONS_ON_TIME),
                ExpectedStandard(agreement=agreement, kind=Kind.RECORDED,
                                 text="Attendance at least 90%",
                                 outcome=rng.choice(["", "met", "not_met"]))]
        ExpectedStandard.objects.bulk_create(standards)
        SupportEntry.objects.bulk_create([
            SupportEntry(provider_id=provider_id, commissioner_id=commissioner_id,
                         kind="training", topic="Safeguarding refresher",
                         on=datetime.date(2026, 1, 1) + datetime.timedelta(rng.randint(0, 300)),
                         uptake=rng.choice(SupportEntry.Uptake.values), given_by="LA team",
                         recorded_by_id=recorded_by_id)
            for _, provider_id, commissioner_id in chunk])
        made += len(agreements)
    return made
