"""Scale data for measuring speed (`manage.py seed_scale`): local authorities, AP
partnerships and providers of every type, their people and commissioning links, then
each provider's years of work and its learners' outcomes (``demo.scale_content``), written
in batches per chunk of providers so memory stays bounded however many providers there are.

Idempotent: organisations, people and links are made only where missing, and a provider
that already has any assessment is skipped (each chunk is written in one transaction, so
a provider has all its content or none)."""
import datetime
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actionplans.models import Action, ActionPlan
from assessments.models import Assessment, Response
from assessments.records import framework_record_type
from core.periods import period_starting, start_year
from frameworks.models import Criterion, Framework, Section
from organisations.models import Commissioning, Membership, Organisation, User
from outcomes.models import GoalOutcome, Learner
from reviews.models import Review, ReviewItem, ReviewSection
from visits.models import (
    Concern,
    ConcernDecision,
    Visit,
    VisitAnswer,
    VisitDetail,
    VisitJudgement,
    VisitTeamMember,
)
from visits.records import VISITS

from .scale_sql import reset_sequences
from .seed import DEMO_PASSWORD

Kind = Organisation.Kind
PType = Organisation.ProviderType
Role = Membership.Role
Status = Commissioning.Status

NOT_ALLOWED = "Scale data is not allowed with these settings (ALLOW_DEMO_DATA is off, as in production)."
NO_FRAMEWORK = "Load the frameworks first: python manage.py load_frameworks"
EMAIL_DOMAIN = "qaportal.example"
# Providers per transaction: big enough for efficient batches, small enough for memory.
CHUNK = 100
# The provider types in turn, so every size has each type.
PROVIDER_TYPES = [PType.SUPPORTED_INTERNSHIP, PType.AP_SCHOOL, PType.INDEPENDENT_AP]
AP_TYPES = {PType.AP_SCHOOL, PType.INDEPENDENT_AP}
# What the counts report covers, in the order printed.
COUNTED = [Organisation, User, Membership, Commissioning, Assessment, Response, Visit, VisitAnswer,
           VisitJudgement, VisitDetail, VisitTeamMember, Concern, ConcernDecision, ActionPlan, Action,
           Review, ReviewItem, ReviewSection, Learner, GoalOutcome]


def provider_slug(number: int) -> str:
    return f"scale-provider-{number:04d}"


def la_slug(number: int) -> str:
    return f"scale-la-{number:02d}"


def partnership_slug(number: int) -> str:
    return f"scale-partnership-{number:02d}"


def email(slug: str, role: str) -> str:
    return f"{slug}-{role}@{EMAIL_DOMAIN}"


@dataclass
class Frameworks:
    """A current framework version with its tree, read once per run."""
    framework: Framework
    criteria: list  # Criterion rows in section and criterion order
    sections: list  # Section rows in order
    levels: dict  # item scale level code -> RatingLevel
    judgement_levels: dict = field(default_factory=dict)

    @classmethod
    def load(cls, framework: Framework) -> "Frameworks":
        criteria = list(Criterion.objects.filter(framework=framework).select_related("section")
                        .order_by("section__order", "order"))
        sections = list(Section.objects.filter(framework=framework).order_by("order"))
        levels = {lv.code: lv for lv in framework.item_scale.levels.order_by("order")}
        judgement = ({lv.code: lv for lv in framework.judgement_scale.levels.all()}
                     if framework.judgement_scale_id else {})
        return cls(framework, criteria, sections, levels, judgement)


@dataclass
class Context:
    """What every chunk needs: frameworks, the years, people and who commissions whom."""
    self_frameworks: list  # Frameworks a provider assesses itself against
    visit: Frameworks | None  # the QA visit framework
    periods: list  # current academic year first
    today: datetime.date
    seed: int
    users: dict  # email -> user id
    partnerships: list  # slugs
    officers: dict = field(default_factory=dict)  # partnership id -> [officer user ids]
    chairs: dict = field(default_factory=dict)  # partnership id -> chair user id
    partnership_links: dict = field(default_factory=dict)  # provider id -> [partnership ids]
    la_links: dict = field(default_factory=dict)  # provider id -> [(LA id, LA slug)]


def frameworks_for_scale() -> list:
    """The current version of every framework, with its tree, in slug order."""
    return [Frameworks.load(f) for f in Framework.objects.current()
            .select_related("item_scale", "judgement_scale").order_by("slug")]


def counts() -> dict:
    return {model._meta.verbose_name_plural: model.objects.count() for model in COUNTED}


def organisations(n_providers: int):
    """Slug, name, kind and provider type of every scale organisation."""
    n_las = min(12, 3 + n_providers // 500)
    n_partnerships = min(12, 2 + n_providers // 400)
    rows = [(la_slug(i), f"Scale Borough Council {i:02d}", Kind.LOCAL_AUTHORITY, "")
            for i in range(1, n_las + 1)]
    rows += [(partnership_slug(i), f"Scale AP Partnership {i:02d}", Kind.PARTNERSHIP, "")
             for i in range(1, n_partnerships + 1)]
    rows += [(provider_slug(i), f"Scale Provider {i:04d}", Kind.PROVIDER,
              PROVIDER_TYPES[(i - 1) % len(PROVIDER_TYPES)]) for i in range(1, n_providers + 1)]
    return rows


def people(org_rows):
    """Email, name, organisation slug and role of every scale person."""
    for slug, name, kind, _ in org_rows:
        if kind == Kind.LOCAL_AUTHORITY:
            roles = [("commissioner", Role.LA_COMMISSIONER), ("commissioner-2", Role.LA_COMMISSIONER)]
        elif kind == Kind.PARTNERSHIP:
            roles = [("officer", Role.PARTNERSHIP_OFFICER), ("officer-2", Role.PARTNERSHIP_OFFICER),
                     ("chair", Role.PARTNERSHIP_CHAIR)]
        else:
            roles = [("lead", Role.PROVIDER_LEAD), ("staff", Role.PROVIDER_STAFF)]
        for label, role in roles:
            yield email(slug, label), f"{name} {label.replace('-', ' ')}", slug, role


def links(n_providers: int, n_las: int, n_partnerships: int, seed: int):
    """(commissioner slug, provider slug, status): every provider has a local authority; AP
    providers have a partnership too; some have a second of either. Mostly active."""
    rng = random.Random(seed)
    statuses = [Status.ACTIVE] * 17 + [Status.UNDER_REVIEW, Status.SUSPENDED, Status.DECOMMISSIONED]
    for i in range(1, n_providers + 1):
        ptype = PROVIDER_TYPES[(i - 1) % len(PROVIDER_TYPES)]
        slug = provider_slug(i)
        group = (i - 1) // len(PROVIDER_TYPES)  # so each commissioner has every type
        las = [la_slug(group % n_las + 1)]
        if rng.random() < 0.3:
            las.append(la_slug((group + 1) % n_las + 1))
        partnerships = []
        if ptype in AP_TYPES:
            partnerships.append(partnership_slug(group % n_partnerships + 1))
            if n_partnerships > 1 and rng.random() < 0.25:
                partnerships.append(partnership_slug((group + 1) % n_partnerships + 1))
        for position, commissioner in enumerate(las + partnerships):
            # The first link of each kind is active, so every provider has a working commissioner.
            first = position == 0 or commissioner == (partnerships[:1] or [None])[0]
            yield commissioner, slug, Status.ACTIVE if first else rng.choice(statuses)


def _setup(n_providers: int, seed: int) -> tuple[dict, dict]:
    """Organisations, users, memberships and links that are missing; returns slug -> id and
    email -> user id for the scale rows."""
    org_rows = organisations(n_providers)
    have = set(Organisation.objects.filter(slug__startswith="scale-").values_list("slug", flat=True))
    bulk_create_with_history(
        [Organisation(slug=s, name=n, kind=k, provider_type=t, email=f"office@{s}.example")
         for s, n, k, t in org_rows if s not in have], Organisation, batch_size=1000)
    orgs = dict(Organisation.objects.filter(slug__startswith="scale-").values_list("slug", "id"))

    person_rows = list(people(org_rows))
    known = set(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}", email__startswith="scale-")
                .values_list("email", flat=True))
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing per user would take minutes
    User.objects.bulk_create(
        [User(email=e, full_name=n, password=password) for e, n, _, _ in person_rows
         if e not in known], batch_size=1000)
    users = dict(User.objects.filter(email__startswith="scale-", email__endswith=f"@{EMAIL_DOMAIN}")
                 .values_list("email", "id"))
    member = set(Membership.objects.filter(organisation__slug__startswith="scale-")
                 .values_list("user_id", "organisation_id"))
    bulk_create_with_history(
        [Membership(user_id=users[e], organisation_id=orgs[s], role=r) for e, _, s, r in person_rows
         if (users[e], orgs[s]) not in member], Membership, batch_size=1000)

    n_las = sum(1 for _, _, k, _ in org_rows if k == Kind.LOCAL_AUTHORITY)
    n_partnerships = sum(1 for _, _, k, _ in org_rows if k == Kind.PARTNERSHIP)
    linked = set(Commissioning.objects.filter(provider__slug__startswith="scale-provider-")
                 .values_list("commissioner_id", "provider_id"))
    since = datetime.date(start_year(timezone.localdate()) - 6, 9, 1)
    bulk_create_with_history(
        [Commissioning(commissioner_id=orgs[c], provider_id=orgs[p], status=st, since=since,
                       status_reason="" if st == Status.ACTIVE else "Scale data: reviewing the placement.")
         for c, p, st in links(n_providers, n_las, n_partnerships, seed)
         if (orgs[c], orgs[p]) not in linked], Commissioning, batch_size=1000)
    return orgs, users


def _context(frameworks: list, n_years: int, seed: int, users: dict, orgs: dict) -> Context:
    today = timezone.localdate()
    periods = [period_starting(start_year(today) - offset) for offset in range(n_years)]
    partnerships = sorted(s for s in orgs if s.startswith("scale-partnership-"))
    visits = [f for f in frameworks if framework_record_type(f.framework) is VISITS]
    ctx = Context([f for f in frameworks if framework_record_type(f.framework) is not VISITS],
                  visits[0] if visits else None, periods, today, seed, users, partnerships)
    for slug in partnerships:
        ctx.officers[orgs[slug]] = [users[email(slug, "officer")], users[email(slug, "officer-2")]]
        ctx.chairs[orgs[slug]] = users[email(slug, "chair")]
    return ctx


def seed_scale(*, providers: int, years: int, seed: int = 2026, progress=None) -> dict:
    """Make the scale data; returns what it made, as counts per model, and the seconds taken."""
    from .scale_commissioning import seed_cycle
    from .scale_content import seed_providers  # the per-provider content

    began = time.perf_counter()
    before = counts()
    frameworks = frameworks_for_scale()
    with transaction.atomic():
        orgs, users = _setup(providers, seed)
    ctx = _context(frameworks, years, seed, users, orgs)
    numbers = list(range(1, providers + 1))
    done = set(Assessment.objects.filter(provider__slug__startswith="scale-provider-")
               .values_list("provider_id", flat=True).distinct())
    for first in range(0, len(numbers), CHUNK):
        chunk = [(n, orgs[provider_slug(n)]) for n in numbers[first:first + CHUNK]
                 if orgs[provider_slug(n)] not in done]
        if not chunk:
            continue
        ctx.partnership_links = _partnership_links([pid for _, pid in chunk])
        ctx.la_links = _la_links([pid for _, pid in chunk])
        with transaction.atomic():
            seed_providers(ctx, chunk)
        if progress:
            progress(min(first + CHUNK, len(numbers)), len(numbers), time.perf_counter() - began)
    reset_sequences(*COUNTED)  # rows were given explicit ids
    with transaction.atomic():
        seed_cycle(seed=seed, recorded_by_id=users[email(la_slug(1), "commissioner")])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # bulk inserts leave the planner without statistics
    after = counts()
    made = {name: after[name] - before[name] for name in after}
    return {"made": made, "total": after, "seconds": time.perf_counter() - began}


def _partnership_links(provider_ids) -> dict:
    """Provider id -> ids of the partnerships with an active link to it (they carry out visits)."""
    result = {}
    for provider_id, commissioner_id in (
            Commissioning.objects.filter(provider_id__in=provider_ids, status=Status.ACTIVE,
                                         commissioner__kind=Kind.PARTNERSHIP)
            .order_by("commissioner__slug").values_list("provider_id", "commissioner_id")):
        result.setdefault(provider_id, []).append(commissioner_id)
    return result


def _la_links(provider_ids) -> dict:
    """Provider id -> (id, slug) of the local authorities with an active link to it (they
    review its self-assessments), in slug order."""
    result = {}
    for provider_id, commissioner_id, slug in (
            Commissioning.objects.filter(provider_id__in=provider_ids, status=Status.ACTIVE,
                                         commissioner__kind=Kind.LOCAL_AUTHORITY)
            .order_by("commissioner__slug")
            .values_list("provider_id", "commissioner_id", "commissioner__slug")):
        result.setdefault(provider_id, []).append((commissioner_id, slug))
    return result
