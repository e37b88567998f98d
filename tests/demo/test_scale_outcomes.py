"""`manage.py seed_scale` gives each provider three or four learners of its commissioning LAs
with annual-review goal outcomes in the current scheme, so the bench measures the outcomes
dashboard with real figures."""
import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.periods import period_starting, start_year
from demo.bench import busiest, pages_for
from organisations.models import Commissioning, Membership, Organisation, User
from outcomes import aggregates
from outcomes.models import REFERENCE_PATTERN, GoalOutcome, Learner
from outcomes.scheme import current_scheme

SCALE = {"providers": 12, "years": 3}


@pytest.fixture
def seeded(db, frameworks):
    out = io.StringIO()
    call_command("seed_scale", stdout=out, **SCALE)
    return out.getvalue()


def scale_outcomes():
    return GoalOutcome.objects.filter(provider__slug__startswith="scale-provider-")


def test_seed_scale_makes_three_or_four_learners_a_provider_with_outcomes_across_years(seeded):
    learners = Learner.objects.filter(local_authority__slug__startswith="scale-la-")
    assert 2 * 12 <= learners.count() <= 4 * 12
    assert "learners:" in seeded and "goal outcomes:" in seeded
    years = set(scale_outcomes().values_list("academic_year", flat=True))
    now = start_year(timezone.localdate())
    assert years == {period_starting(now - offset) for offset in range(SCALE["years"])}
    assert not learners.filter(outcomes=None).exists()
    per_year = {}
    for learner_id, year in scale_outcomes().values_list("learner_id", "academic_year"):
        per_year[(learner_id, year)] = per_year.get((learner_id, year), 0) + 1
    assert set(per_year.values()) <= {1, 2, 3}
    assert len({learner for learner, _ in per_year}) < len(per_year)  # some attend two years
    assert scale_outcomes().exclude(soft={}).exists() and scale_outcomes().filter(soft={}).exists()


def test_every_learner_is_an_la_commissioning_the_provider_with_its_commissioner(seeded):
    for outcome in scale_outcomes().select_related("learner"):
        la = outcome.learner.local_authority_id
        assert Commissioning.objects.filter(commissioner=la, provider=outcome.provider_id,
                                            status=Commissioning.Status.ACTIVE).exists()
        assert Membership.objects.filter(user=outcome.updated_by_id, organisation=la,
                                         role=Membership.Role.LA_COMMISSIONER).exists()
    assert set(Organisation.objects.filter(learners__isnull=False)
               .values_list("kind", flat=True)) == {Organisation.Kind.LOCAL_AUTHORITY}


def test_outcomes_use_the_current_scheme_and_plausible_values(seeded):
    scheme = current_scheme()
    rows = scale_outcomes()
    assert set(rows.values_list("scheme_id", flat=True)) == {scheme.pk}
    assert set(rows.values_list("pfa_area", flat=True)) <= {a.code for a in scheme.areas}
    assert set(rows.values_list("rating", flat=True)) == {r.code for r in scheme.ratings}
    dimensions = {d.code for d in scheme.soft_dimensions}
    scale = {s.code for s in scheme.soft_scale}
    for outcome in rows.select_related("learner"):
        assert set(outcome.soft) <= dimensions and set(outcome.soft.values()) <= scale
        start = int(outcome.academic_year[:4])
        assert outcome.review_date >= datetime.date(start, 9, 1)
        assert outcome.review_date < datetime.date(start + 1, 9, 1)
        assert 14 <= start - outcome.learner.year_of_birth <= 24
    assert set(Learner.objects.filter(local_authority__slug__startswith="scale-la-")
               .values_list("primary_need", flat=True)) <= set(Learner.Need.values)


def test_references_are_pseudonymous_and_unique_per_la(seeded):
    pairs = list(Learner.objects.filter(local_authority__slug__startswith="scale-la-")
                 .values_list("local_authority_id", "reference"))
    assert len(pairs) == len(set(pairs))
    assert all(re.fullmatch(REFERENCE_PATTERN, ref) for _, ref in pairs)
    for learner in Learner.objects.filter(local_authority__slug__startswith="scale-la-"):
        learner.full_clean()


def test_learners_and_outcomes_have_the_history_rows_an_import_leaves(seeded):
    learners = Learner.objects.filter(local_authority__slug__startswith="scale-la-")
    assert Learner.history.filter(id__in=learners.values("pk"), history_type="+").count() \
        == learners.count()
    rows = scale_outcomes()
    assert GoalOutcome.history.filter(id__in=rows.values("pk"), history_type="+").count() \
        == rows.count()
    for outcome in rows[:30]:
        row = outcome.history.get()
        assert (row.rating, row.soft, row.history_user_id) == (
            outcome.rating, outcome.soft, outcome.updated_by_id)
        assert row.history_change_reason.startswith("Imported from outcomes-")


def test_distance_travelled_finds_learners_improved_the_same_and_worse(seeded):
    admin = User.objects.create_superuser("scale-admin@example.org", "x")
    scheme = current_scheme()
    year = scale_outcomes().order_by("-academic_year").first().academic_year
    travel = aggregates.distance_travelled(admin, scheme, aggregates.Filters(year=year),
                                           suppress=False)
    assert sum(t.improved for t in travel) and sum(t.same for t in travel) \
        and sum(t.worse for t in travel)


def test_an_la_commissioner_of_the_scale_sees_figures_on_the_outcomes_dashboard(
        seeded, client_for):
    user = busiest(Membership.Role.LA_COMMISSIONER)
    assert user.email.startswith("scale-la-")
    pages = dict(pages_for(user))
    assert pages["outcomes dashboard"] == "/dashboard/outcomes/"
    response = client_for(user).get("/dashboard/outcomes/")
    assert response.status_code == 200
    assert re.search(rb">\s*\d+%\s*<", response.content)


def test_an_outcome_recorded_after_the_seed_gets_a_new_id(seeded):
    """The seed gives ids itself; the sequences (PostgreSQL) are moved past them."""
    from outcomes import services

    outcome = scale_outcomes().select_related("learner__local_authority", "provider").first()
    by = Membership.objects.filter(organisation=outcome.learner.local_authority,
                                   role=Membership.Role.LA_COMMISSIONER).first().user
    top = GoalOutcome.objects.order_by("-pk").first().pk
    made = services.outcome_record(
        learner=outcome.learner, academic_year=outcome.academic_year,
        review_date=outcome.review_date, provider=outcome.provider, goal="A new goal",
        pfa_area=outcome.pfa_area, rating=outcome.rating, by=by)
    assert made.pk > top
