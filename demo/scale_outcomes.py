"""The scale data's learners and annual-review outcomes (``demo.scale_content`` calls
``outcomes`` for each chunk): three or four learners a provider, each one of its
commissioning LAs' (a pseudonymous reference, a year of birth, a primary need), and for each
academic year the learner attends one to three goals rated in the current outcomes scheme,
drifting year on year with the learner so distance travelled finds learners improved, the
same and worse. Rows and history rows are what ``outcomes.services.import_apply`` leaves: an
LA commissioner's import of the year's file."""
import datetime
import json
import random

from django.utils import timezone

from organisations.models import Organisation
from outcomes.models import GoalOutcome, Learner
from outcomes.scheme import current_scheme

from .scale import PROVIDER_TYPES, email
from .scale_content import history_row, moment
from .scale_sql import insert_objects, raw_insert

PType = Organisation.ProviderType
Need = Learner.Need

# 2, 3, 3, 4, 4 or 4 learners a provider: about 10,000 at 3,000 providers.
LEARNERS_PER_PROVIDER = [2, 3, 3, 4, 4, 4]
REFERENCE = "SCL-{number:04d}-{k}"  # unique per LA: a provider's number and the learner's
# Age on 31 August before the first year at the provider, by the provider's type.
AGES = {PType.SUPPORTED_INTERNSHIP: (16, 24), PType.AP_SCHOOL: (14, 16),
        PType.INDEPENDENT_AP: (14, 18)}
OLDEST = 24
# Primary needs as they are spread at each type of provider (SEN2 codes, weights).
NEEDS = {
    PType.SUPPORTED_INTERNSHIP: {Need.MLD: 5, Need.ASD: 5, Need.SLD: 3, Need.SLCN: 2,
                                 Need.PD: 1, Need.HI: 1, Need.OTH: 1},
    PType.AP_SCHOOL: {Need.SEMH: 8, Need.ASD: 3, Need.SLCN: 2, Need.SPLD: 2, Need.MLD: 1,
                      Need.NSA: 1},
    PType.INDEPENDENT_AP: {Need.SEMH: 7, Need.ASD: 4, Need.SPLD: 2, Need.MLD: 2, Need.VI: 1,
                           Need.MSI: 1, Need.OTH: 1},
}
# What a goal in each Preparing for Adulthood area says (areas the scheme adds get the last).
GOALS = {
    "employment": ["Complete a work placement two days a week",
                   "Write a CV and apply for three jobs", "Travel to the workplace on time"],
    "community_inclusion": ["Join a club or group outside college",
                            "Use the bus on a familiar route alone", "Volunteer once a month"],
    "independent_living": ["Plan and cook a meal each week", "Manage a weekly budget",
                           "Keep to a morning routine without prompts"],
    "health": ["Book and attend own health appointments", "Take part in exercise weekly",
               "Manage medication with a reminder app"],
}
OTHER_GOALS = ["Work towards the goal agreed at the review"]
SOFT_EVERY = 0.35  # the share of goals with soft outcomes recorded


def outcomes(ctx, chunk) -> None:
    """Learners and goal outcomes of the chunk's providers (pairs of number and id), with
    their history rows; nothing when no outcomes scheme is loaded or a provider has no
    active LA."""
    scheme = current_scheme()
    if scheme is None or not ctx.periods:
        return
    ratings = sorted(scheme.ratings, key=lambda t: t.score)  # worst first
    learners, plans = [], []
    for number, provider_id in chunk:
        las = ctx.la_links.get(provider_id)
        if not las:
            continue
        rng = random.Random(f"{ctx.seed}/learners/{number}")
        ptype = PROVIDER_TYPES[(number - 1) % len(PROVIDER_TYPES)]
        for k in range(1, rng.choice(LEARNERS_PER_PROVIDER) + 1):
            learner, plan = _learner(ctx, rng, number, k, ptype, las)
            learners.append(learner)
            plans.append((learner, provider_id, plan))
    insert_objects(Learner, learners)
    raw_insert(Learner.history.model, [
        history_row(lr, when=lr.created_at, by=plan["by"], reason=_reason(plan["years"][0]))
        for lr, _, plan in plans])
    rows = []
    for learner, provider_id, plan in plans:
        rows += _goals(ctx, scheme, ratings, learner, provider_id, plan)
    insert_objects(GoalOutcome, rows)
    raw_insert(GoalOutcome.history.model, [
        history_row(o, when=o.updated_at, by=o.updated_by_id, reason=_reason(o.academic_year))
        for o in rows])


def _reason(academic_year: str) -> str:
    """The history reason an import of the year's file leaves (``import_apply``)."""
    return f"Imported from outcomes-{academic_year.replace('/', '-')}.csv"


def _learner(ctx, rng, number, k, ptype, las) -> tuple[Learner, dict]:
    """A learner of one of the provider's LAs and what their goals need: the years attended
    (oldest first: joined some year, most still there), a strength and a yearly drift."""
    la_id, la = las[rng.randrange(len(las))]
    joined = rng.randrange(len(ctx.periods))  # index into ctx.periods (current year first)
    left = 0 if rng.random() < 0.75 else rng.randint(0, joined)
    years = [ctx.periods[i] for i in range(joined, left - 1, -1)]
    lo, hi = AGES[ptype]
    first = int(years[0][:4])
    age = rng.randint(lo, max(lo, min(hi, OLDEST - (len(years) - 1))))
    commissioner = rng.choice(["commissioner", "commissioner-2"])
    plan = {"years": years, "by": ctx.users[email(la, commissioner)],
            "reviewed": [_review_moment(ctx, year, rng) for year in years],
            "strength": rng.random(), "drift": rng.choice([-0.35, -0.15, 0.0, 0.2, 0.35, 0.5]),
            "areas": rng.sample(sorted(GOALS), 2), "rng": rng}
    # Added by the import of the first year's file; age as the aggregates count it (the
    # calendar year the academic year starts less the year of birth).
    created = plan["reviewed"][0]
    learner = Learner(local_authority_id=la_id, reference=REFERENCE.format(number=number, k=k),
                      year_of_birth=first - age, primary_need=_weighted(rng, NEEDS[ptype]),
                      created_at=created, updated_at=created)
    return learner, plan


def _weighted(rng, weights: dict):
    return rng.choices(list(weights), list(weights.values()))[0]


def _review_moment(ctx, academic_year: str, rng) -> datetime.datetime:
    """The afternoon of an annual review in the year, never after now (in the current year,
    spread over the days so far)."""
    start = datetime.date(int(academic_year[:4]), 9, 1)
    hi = max(0, min(300, (ctx.today - start).days))
    day = start + datetime.timedelta(days=rng.randint(min(30, hi), hi))
    return min(moment(day, 14), timezone.now())


def _goals(ctx, scheme, ratings, learner, provider_id, plan) -> list[GoalOutcome]:
    """One to three goals a year attended, mostly in the learner's two chosen areas, rated by
    strength plus the year's drift (levels worst first), some with soft outcomes."""
    rng = plan["rng"]
    areas = [a.code for a in scheme.areas]
    focus = [a for a in plan["areas"] if a in areas] or areas[:1]
    dimensions = [d.code for d in scheme.soft_dimensions]
    scale = [s.code for s in scheme.soft_scale]
    rows = []
    for t, year in enumerate(plan["years"]):
        when = plan["reviewed"][t]
        level = plan["strength"] + plan["drift"] * t
        for g in range(rng.choice([1, 2, 2, 3])):
            area = focus[g % len(focus)] if rng.random() < 0.85 else rng.choice(areas)
            index = round(level * (len(ratings) - 1) + rng.gauss(0, 0.35))
            rating = ratings[max(0, min(len(ratings) - 1, index))]
            soft = {}
            if dimensions and scale and rng.random() < SOFT_EVERY:
                middle = len(scale) // 2 + (1 if plan["drift"] > 0 else -1 if plan["drift"] < 0
                                            else 0)
                soft = {d: scale[max(0, min(len(scale) - 1, middle + rng.choice([-1, 0, 0, 1])))]
                        for d in rng.sample(dimensions, rng.randint(1, len(dimensions)))}
            rows.append(GoalOutcome(
                learner_id=learner.pk, local_authority_id=learner.local_authority_id,
                scheme_id=scheme.pk, academic_year=year,
                review_date=timezone.localtime(when).date(), provider_id=provider_id,
                goal=f"Goal {g + 1}: {rng.choice(GOALS.get(area, OTHER_GOALS))}",
                pfa_area=area, rating=rating.code,
                # Written as JSON text: the raw insert passes values to the driver unchanged.
                soft=json.dumps(soft), updated_at=when, updated_by_id=plan["by"]))
    return rows

