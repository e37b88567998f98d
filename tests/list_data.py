"""Many providers, each with QA visits and action plans, for the paged list tests. Rows are
made directly (not through the services, which the workflow tests cover): the lists only
read them, and 50 providers through the services would make these tests slow."""
import datetime
import itertools

from actionplans.models import Action, ActionPlan
from commissioning.models import Agreement, ExpectedStandard, SupportEntry
from tests.factories import CommissioningFactory, ProviderFactory
from visits.models import Visit

# Every state a provider may see a visit in (a withdrawn visit needs its history to show).
SEEN_STATES = ["shared_with_provider", "visit_recorded", "judgements_shared", "final"]
LATE = datetime.date(2020, 1, 1)  # an open action due then is overdue


def visit(world, frameworks, provider, *, state, day, period="2025/26"):
    framework = frameworks["leics-ap-visit"]
    return Visit.objects.create(
        framework=framework, provider=provider, commissioner=world.partnership, period=period,
        planned_visit_date=day, state=state, created_by=world.users["partnership_officer"])


def plan(world, provider, *, period="2025/26", statuses=()):
    """A plan with an action in each of ``statuses`` ("overdue": open and past its date)."""
    made = ActionPlan.objects.create(provider=provider, period=period)
    for status in statuses:
        Action.objects.create(
            plan=made, area="Employer links", smart_action="Hold termly employer forums.",
            owner="Employer liaison officer", created_by=world.users["provider_lead"],
            status=Action.Status.NOT_STARTED if status == "overdue" else status,
            due_date=LATE if status == "overdue" else None,
            dropped_reason="No longer needed" if status == Action.Status.DROPPED else "")
    return made


def many_providers(world, frameworks, n, *, period="2025/26", first=1, own=True):
    """``n`` more providers commissioned by the world's partnership and LA, named "Provider
    001" on (or from ``first``), each with a visit (states in turn, a day apart) and a plan for
    ``period``; unless ``own`` is False, the world's own provider gets a visit and a plan too.
    Returns the new providers."""
    states = itertools.cycle(SEEN_STATES)
    start = datetime.date(2026, 1, 5)
    providers = []
    for i in range(first, first + n):
        provider = ProviderFactory(name=f"Provider {i:03d}", slug=f"provider-{i:03d}")
        CommissioningFactory(commissioner=world.partnership, provider=provider)
        agreement(world, CommissioningFactory(commissioner=world.la, provider=provider))
        visit(world, frameworks, provider, state=next(states), day=start + datetime.timedelta(i),
              period=period)
        plan(world, provider, period=period, statuses=["overdue", Action.Status.DONE])
        providers.append(provider)
    if own:
        visit(world, frameworks, world.provider, state="final", day=start, period=period)
        plan(world, world.provider, period=period, statuses=["overdue"])
    return providers


def agreement(world, link):
    """An agreement on ``link`` with a standard of each kind, and a support-log entry."""
    made = Agreement.objects.create(link=link, reference=f"SLA-{link.pk}",
                                    starts=datetime.date(2025, 9, 1))
    Kind = ExpectedStandard.Kind
    ExpectedStandard.objects.bulk_create([
        ExpectedStandard(agreement=made, kind=Kind.SUBMITTED_BY, framework_slug="si-qaf",
                         due=datetime.date(2026, 7, 31)),
        ExpectedStandard(agreement=made, kind=Kind.VISIT_EACH_YEAR),
        ExpectedStandard(agreement=made, kind=Kind.ACTIONS_ON_TIME),
        ExpectedStandard(agreement=made, kind=Kind.RECORDED, text="Attendance at least 90%",
                         outcome="met")])
    SupportEntry.objects.create(provider=link.provider, commissioner=link.commissioner,
                                kind="training", topic="Safeguarding", on=datetime.date(2026, 1, 5),
                                uptake="attended", given_by="The LA",
                                recorded_by=world.users["la_commissioner"])
    return made
