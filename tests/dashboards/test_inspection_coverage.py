"""The inspection pack's QA coverage figures with known data: each row counted by hand for 2025/26
and 2024/25, what never counts (a provider the LA does not commission, a withdrawn visit, work
not final), who sees which figures, and a query count that does not grow with the providers.
Rows are made directly: the figures only read them (the services are tested in their apps)."""
import datetime

import pytest
from django.utils import timezone

from actionplans.models import Action, ActionPlan, ActionUpdate
from assessments.models import Assessment
from commissioning.models import Decommissioning
from dashboards.inspection_coverage import CoverageRow, qa_coverage
from frameworks.models import RatingLevel
from organisations.models import Commissioning, User
from reviews.models import Review
from tests.factories import CommissioningFactory, ProviderFactory
from tests.list_data import visit
from visits.models import Concern, ConcernDecision, Visit, VisitJudgement

YEAR, BEFORE = "2025/26", "2024/25"
LONDON = timezone.get_fixed_timezone(60)  # British Summer Time, for a moment near midnight
LABELS = ["Providers commissioned", "Providers with a submitted self-assessment",
          "Providers with a moderated self-assessment", "QA visits made",
          "Visit judgements: Red", "Visit judgements: Amber", "Visit judgements: Green",
          "Causes for concern raised", "Decisions made on causes for concern", "Actions due",
          "Actions closed on time"]
# (before, now) for each row of LABELS, counted by hand from ``known``.
EXPECTED = [(3, 3), (1, 2), (1, 1), (1, 2), (0, 2), (2, 1), (0, 1), (1, 1), (0, 2), (2, 6),
            (1, 2)]
ZEROS = [(0, 0)] * len(LABELS)


def at(day: str, hour: int = 12):
    """A moment on ``day`` (YYYY-MM-DD) in the site's time zone."""
    return timezone.make_aware(datetime.datetime.fromisoformat(day).replace(hour=hour))


def figures(user, organisation, year=YEAR) -> list[tuple[int, int]]:
    return [(row.before, row.now) for row in qa_coverage(user, organisation, year)]


def fresh(user) -> User:
    """The user read again, so nothing about their memberships is remembered yet."""
    return User.objects.get(pk=user.pk)


def commissioned(world, name, **link):
    provider = ProviderFactory(name=name)
    return provider, CommissioningFactory(commissioner=world.la, provider=provider, **link)


def decommissioned(world, link, *days):
    """The link de-commissioned, with a decision on each of ``days`` (the last the latest: it
    was commissioned again between them)."""
    link.status = Commissioning.Status.DECOMMISSIONED
    link.save()
    for day in days:
        record = Decommissioning.objects.create(link=link, reason="Safeguarding failures.",
                                                decided_by=world.users["la_commissioner"])
        Decommissioning.objects.filter(pk=record.pk).update(decided_at=at(day))


def self_assessment(world, frameworks, provider, period, *, slug="si-qaf", state="submitted",
                    shared=False):
    framework = frameworks[slug]
    return Assessment.objects.create(
        framework=framework, framework_slug=slug, kind=framework.kind, provider=provider,
        period=period, state=state, shared_with_commissioners=shared,
        submitted_at=timezone.now(), created_by=world.users["provider_lead"])


def review(world, assessment, state, organisation=None):
    return Review.objects.create(
        assessment=assessment, organisation=organisation or world.la, state=state,
        reviewed_submitted_at=assessment.submitted_at, created_by=world.users["la_commissioner"])


def judged(world, frameworks, provider, colours, *, state="final", period=YEAR):
    """A visit in ``state`` with a judgement per question, in ``colours`` order (fewer colours
    than questions leave the rest unjudged)."""
    record = visit(world, frameworks, provider, state=state, day=None, period=period)
    levels = {lv.colour: lv for lv in RatingLevel.objects.filter(
        scale=frameworks["leics-ap-visit"].judgement_scale)}
    VisitJudgement.objects.bulk_create(
        VisitJudgement(visit=record, section=section, level=levels[colour])
        for section, colour in zip(frameworks["leics-ap-visit"].sections.order_by("order"),
                                   colours, strict=False))
    return record


def withdrawn_after_sharing(world, frameworks, provider):
    """A visit judged all Red, shared, then withdrawn: its history shows it was shared, so the
    provider's commissioners still see the record."""
    record = judged(world, frameworks, provider, ["red"] * 4, state="shared_with_provider")
    for state in (Visit.State.JUDGEMENTS_SHARED, Visit.State.WITHDRAWN):
        record.state = state
        record.save()
    return record


def concern(world, frameworks, record, raised, *, decided=(), question=0):
    """A cause for concern on ``record`` raised at ``raised``, with a decision at each moment
    of ``decided``."""
    made = Concern.objects.create(
        visit=record, provider=record.provider, partnership=world.partnership,
        section=frameworks["leics-ap-visit"].sections.order_by("order")[question],
        basis=Concern.Basis.KEY_ASPECT, raised_by=world.users["partnership_officer"])
    Concern.objects.filter(pk=made.pk).update(raised_at=raised)
    for moment in decided:
        decision = ConcernDecision.objects.create(
            concern=made, decision=ConcernDecision.Decision.CONTINUE, reasons="Put right.",
            decided_by=world.users["partnership_chair"])
        ConcernDecision.objects.filter(pk=decision.pk).update(decided_at=moment)
    return made


def action(world, plan, due, status="not_started", closed=()):
    """An action due on ``due`` (YYYY-MM-DD or None); ``closed``: the days of the progress
    notes that left it in ``status`` (more than one: it was reopened between them)."""
    made = Action.objects.create(
        plan=plan, area="Employer links", smart_action="Hold termly employer forums.",
        owner="Employer liaison officer", created_by=world.users["provider_lead"],
        due_date=due and datetime.date.fromisoformat(due), status=status,
        dropped_reason="No longer needed" if status == Action.Status.DROPPED else "")
    for day in closed:
        note = ActionUpdate.objects.create(action=made, note="Closed.", status=status,
                                           created_by=world.users["provider_lead"])
        ActionUpdate.objects.filter(pk=note.pk).update(created_at=at(day))
    return made


def plan(provider, period):
    return ActionPlan.objects.create(provider=provider, period=period)


@pytest.fixture
def known(world, frameworks):
    """Shire's providers, by hand (2024/25, 2025/26):

    - commissioned: Riverside (no start date) and Oakfield (since 2020) in both; Newbrook
      since October 2025; Ashdown de-commissioned in March 2025 (and once before, in 2022);
      Beech in 2023: 3, 3;
    - submitted self-assessments: Riverside in both, Newbrook this year (two frameworks, one
      provider); Oakfield's drafts count nowhere, shared or not: 1, 2;
    - moderated: Riverside's last year by the partnership, this year by Shire, final; Newbrook's
      reviews draft and shared only: 1, 1;
    - visits: Riverside all Amber (two questions judged) last year; this year Riverside final
      Red, Red, Green and Newbrook's judgements shared, Amber; Oakfield's recorded visit (not
      shared) and withdrawn one (shared first) count nowhere: 1, 2; Red 0, 2; Amber 2, 1;
      Green 0, 1;
    - concerns: one raised at 00:30 on 1 September 2024 London time (23:30 UTC the day before)
      and decided on 15 September 2025; one raised in November 2025, decided that month and
      again in September 2026: concerns 1, 1; decisions 0, 2;
    - actions: Ashdown's last year, one done on its date and one open; Riverside's this year,
      done early, done late, dropped early, open, done early then reopened, done early then
      reopened and done late, and one with no date: due 2, 6; on time 1, 2.

    Everything again for Hilltop (Far Council's) and for Mill Lane (commissioned by the
    partnership only): none of it counts for Shire."""
    riverside = world.provider
    newbrook, _ = commissioned(world, "Newbrook", since=datetime.date(2025, 10, 1))
    oakfield, _ = commissioned(world, "Oakfield", since=datetime.date(2020, 1, 6))
    ashdown, link = commissioned(world, "Ashdown")
    decommissioned(world, link, "2022-01-10", "2025-03-01")
    beech, link = commissioned(world, "Beech")
    decommissioned(world, link, "2023-05-01")

    last = self_assessment(world, frameworks, riverside, BEFORE)
    review(world, last, Review.State.FINAL, organisation=world.partnership)
    review(world, self_assessment(world, frameworks, riverside, YEAR), Review.State.FINAL)
    review(world, self_assessment(world, frameworks, newbrook, YEAR), Review.State.DRAFT)
    review(world, self_assessment(world, frameworks, newbrook, YEAR,
                                  slug="integrated-ap-benchmarks"), Review.State.SHARED)
    self_assessment(world, frameworks, oakfield, YEAR, state="draft", shared=True)
    self_assessment(world, frameworks, oakfield, BEFORE, state="draft")

    earlier = judged(world, frameworks, riverside, ["amber", "amber"], period=BEFORE)
    this = judged(world, frameworks, riverside, ["red", "red", "green"])
    judged(world, frameworks, newbrook, ["amber"], state="judgements_shared")
    judged(world, frameworks, oakfield, ["red"] * 4, state="visit_recorded")
    withdrawn_after_sharing(world, frameworks, oakfield)

    concern(world, frameworks, earlier, datetime.datetime(2024, 9, 1, 0, 30, tzinfo=LONDON),
            decided=[at("2025-09-15")])
    concern(world, frameworks, this, at("2025-11-10"),
            decided=[at("2025-11-20"), at("2026-09-05")])

    old = plan(ashdown, BEFORE)
    action(world, old, "2025-01-31", Action.Status.DONE, closed=["2025-01-31"])
    action(world, old, "2025-02-28", Action.Status.IN_PROGRESS)
    now = plan(riverside, YEAR)
    action(world, now, "2026-03-01", Action.Status.DONE, closed=["2026-02-20"])
    action(world, now, "2026-03-01", Action.Status.DONE, closed=["2026-03-10"])
    action(world, now, "2026-05-01", Action.Status.DROPPED, closed=["2026-04-01"])
    action(world, now, "2026-06-01", Action.Status.IN_PROGRESS)
    reopened = action(world, now, "2026-06-01", Action.Status.DONE, closed=["2026-02-01"])
    Action.objects.filter(pk=reopened.pk).update(status=Action.Status.IN_PROGRESS)
    action(world, now, "2026-03-01", Action.Status.DONE, closed=["2026-02-01", "2026-03-20"])
    action(world, now, None, Action.Status.DONE, closed=["2026-01-01"])

    mill_lane = ProviderFactory(name="Mill Lane")
    CommissioningFactory(commissioner=world.partnership, provider=mill_lane)
    for other in (world.other_provider, mill_lane):
        everything(world, frameworks, other)


def everything(world, frameworks, provider):
    """A year of QA work for ``provider``: a submitted, moderated self-assessment each year, a
    final visit with a Red judgement and a decided concern, an action closed on time."""
    for period in (BEFORE, YEAR):
        review(world, self_assessment(world, frameworks, provider, period), Review.State.FINAL,
               organisation=world.partnership)
        record = judged(world, frameworks, provider, ["red", "amber", "green"], period=period)
        start = int(period[:4])
        concern(world, frameworks, record, at(f"{start}-11-01"), decided=[at(f"{start}-11-05")])
        action(world, plan(provider, period), f"{start + 1}-03-01", Action.Status.DONE,
               closed=[f"{start + 1}-02-01"])


def test_the_rows_are_in_order_in_plain_words_each_with_a_hint(known, world):
    rows = qa_coverage(world.users["la_commissioner"], world.la, YEAR)
    assert [row.label for row in rows] == LABELS
    assert all(row.hint.endswith(".") for row in rows)


def test_each_figure_is_counted_for_the_year_and_the_year_before(known, world):
    assert figures(world.users["la_commissioner"], world.la) == EXPECTED


def test_the_year_before_is_the_previous_years_now(known, world):
    earlier = figures(world.users["la_commissioner"], world.la, year=BEFORE)
    assert [now for _, now in earlier] == [before for before, _ in EXPECTED]


def test_an_admin_counts_only_the_organisations_providers_and_no_withdrawn_visit(known, world):
    """The admin sees every record, Hilltop's, Mill Lane's and Oakfield's withdrawn visit
    among them: the figures are still Shire's."""
    assert figures(world.users["admin"], world.la) == EXPECTED


def test_a_withdrawn_visit_the_commissioner_still_sees_counts_nowhere(known, world):
    user = world.users["la_commissioner"]
    assert Visit.objects.visible_to(user).filter(state=Visit.State.WITHDRAWN).exists()
    rows = qa_coverage(user, world.la, YEAR)
    assert (rows[3].now, rows[4].now) == (2, 2)  # visits, Red: not Oakfield's four Reds


def test_another_las_commissioner_gets_zeros_for_providers_they_cannot_see(known, world):
    assert figures(world.users["other_la_commissioner"], world.la) == ZEROS


def test_another_las_commissioner_gets_their_own_providers_figures(known, world):
    assert figures(world.users["other_la_commissioner"], world.other_la) == [
        (1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1), (1, 1),
        (1, 1)]


def test_nobody_signed_in_to_no_organisation_sees_anything(known, world):
    assert figures(world.users["no_membership"], world.la) == ZEROS


def test_a_year_with_nothing_recorded_is_all_zeros_but_the_providers(known, world):
    rows = figures(world.users["la_commissioner"], world.la, year="2019/20")
    assert rows[0] == (3, 4)  # Riverside, Ashdown, Beech; Oakfield from January 2020
    assert rows[1:] == ZEROS[1:]


@pytest.mark.parametrize("before, now, shown", [
    (1, 4, "+3"), (5, 3, "\N{MINUS SIGN}2"), (2, 2, "No change"), (0, 0, "No change"),
    (0, 1, "+1")])
def test_the_change_is_shown_with_its_sign(before, now, shown):
    row = CoverageRow("QA visits made", before=before, now=now)
    assert (row.change, row.change_shown) == (now - before, shown)


def many(world, frameworks, n):
    """``n`` more providers of Shire's, each with a year of QA work (``everything``)."""
    for i in range(n):
        provider = ProviderFactory(name=f"Many {n}-{i}")
        CommissioningFactory(commissioner=world.la, provider=provider)
        everything(world, frameworks, provider)


QUERIES = 7  # memberships, links, self-assessments, visits, judgements, concerns, actions


@pytest.mark.parametrize("n", [2, 12])
def test_the_queries_do_not_grow_with_the_providers(world, frameworks, n,
                                                    django_assert_num_queries):
    many(world, frameworks, n)
    user = fresh(world.users["la_commissioner"])
    with django_assert_num_queries(QUERIES):
        rows = qa_coverage(user, world.la, YEAR)
    assert [(row.before, row.now) for row in rows][1:] == [(n, n)] * (len(LABELS) - 1)
    assert rows[0].now == n + 1  # and Riverside, the world's own
