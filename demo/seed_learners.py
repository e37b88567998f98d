"""The demo's learners (issue 29): twenty-four of Leicestershire's, at Oakfield AP and Beacon
Academy, each with two annual-review goals in 2024/25 and 2025/26 (rated, drifting year on
year, soft outcomes on most) and one medium-term outcome with the step reached at both
reviews, so the outcomes dashboard, a learner's page and the provider profiles show figures
from ``make run``. Riverside College's learners are left to the progress it sends.

Invented, pseudonymous (LC-0001 on), the same every time; rows and their history rows made in
bulk, as an import leaves them. Idempotent, as the rest of the demo."""
import datetime
import random

from simple_history.utils import bulk_create_with_history

from organisations.models import Organisation, User
from outcomes.medium_term_models import MediumTermOutcome, MediumTermProgress
from outcomes.models import GoalOutcome, Learner
from outcomes.scheme import current_scheme

LEARNERS = 24
YEARS = ("2024/25", "2025/26")
NEEDS = ("SEMH", "ASD", "SEMH", "MLD", "SLCN", "ASD")
AREAS = ("employment", "community_inclusion", "independent_living", "health")
GOALS = {"employment": "Complete a work placement two days a week",
         "community_inclusion": "Use the bus on a familiar route alone",
         "independent_living": "Plan and cook a meal each week",
         "health": "Book and attend own health appointments"}
MEDIUM = {"employment": "Hold a part-time job by the end of college",
          "community_inclusion": "Take part in a community group every week",
          "independent_living": "Live with support away from the family home",
          "health": "Manage own health needs with little prompting"}
RATINGS = ("not_met", "partially_met", "fully_met")
STEPS = ("not_started", "emerging", "developing", "secure", "achieved")
SOFT = ("confidence_motivation", "feelings", "personal_skills", "social_cohesion")


def seed_learners() -> None:
    scheme = current_scheme()
    la = Organisation.objects.get(slug="leicestershire-cc")
    if scheme is None or Learner.objects.filter(local_authority=la).exists():
        return
    by = User.objects.get(email="commissioner@leics.example")
    providers = list(Organisation.objects.filter(slug__in=["oakfield-ap", "beacon-academy"])
                     .order_by("slug"))
    reason = "Demo learners"
    bulk_create_with_history([
        Learner(local_authority=la, reference=f"LC-{n:04d}", year_of_birth=2008 + n % 4,
                primary_need=NEEDS[n % len(NEEDS)]) for n in range(1, LEARNERS + 1)],
        Learner, default_user=by, default_change_reason=reason)
    learners = list(Learner.objects.filter(local_authority=la).order_by("reference"))
    goals, outcomes = [], []
    rng = random.Random(29)  # the same demo every time
    for n, learner in enumerate(learners, start=1):
        provider = providers[n % 2]
        start = {area: rng.choice((0, 0, 1, 1, 2)) for area in AREAS}
        for k, year in enumerate(YEARS):
            for area in (AREAS[n % 4], AREAS[(n % 4 + 1 + (n // 7) % 3) % 4]):
                # Most do better the second year; some stay, a few slip.
                level = min(2, max(0, start[area] + k * rng.choice((1, 1, 0, -1))))
                soft = {code: rng.choice(("2", "3", "3", "4", "4", "5"))
                        for code in SOFT if rng.random() < 0.7}
                goals.append(GoalOutcome(
                    learner=learner, local_authority=la, scheme_id=scheme.pk,
                    academic_year=year, review_date=datetime.date(2025 + k, 3, 1 + n % 27),
                    provider=provider, goal=GOALS[area], pfa_area=area, rating=RATINGS[level],
                    soft=soft, updated_by=by, submitted_by=by, accepted_by=by))
        outcomes.append(MediumTermOutcome(
            learner=learner, local_authority=la, pfa_area=AREAS[n % 4],
            outcome=MEDIUM[AREAS[n % 4]], target_year="2027/28", created_by=by))
    bulk_create_with_history(goals, GoalOutcome, default_user=by,
                             default_change_reason=reason)
    bulk_create_with_history(outcomes, MediumTermOutcome, default_user=by,
                             default_change_reason=reason)
    steps = []
    for n, outcome in enumerate(MediumTermOutcome.objects.filter(local_authority=la)
                                .select_related("learner").order_by("learner__reference"),
                                start=1):
        first = rng.choice((0, 1, 1, 2))
        for k, year in enumerate(YEARS):
            step = first + k * rng.choice((1, 1, 2, 0, -1)) if first or k == 0 else k
            steps.append(MediumTermProgress(
                outcome=outcome, local_authority=la, scheme_id=scheme.pk, academic_year=year,
                review_date=datetime.date(2025 + k, 3, 1 + n % 27),
                provider=providers[n % 2], step=STEPS[step], recorded_by=by))
    bulk_create_with_history(steps, MediumTermProgress, default_user=by,
                             default_change_reason=reason)
