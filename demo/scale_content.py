"""The years of work of one chunk of scale providers (``demo.scale``): self-assessments for
every framework that applies to the provider's type, (``scale_visits``) QA visits in every
state with their team, ratings, judgements and causes for concern, action plans, and
(``scale_reviews``) an LA's reviews of some submitted self-assessments, and
(``scale_outcomes``) the LAs' learners at the providers with their annual-review goal
outcomes. Rows and history rows are what the services would have written: the states a
record passed through, each with its history row, so rules that read the history (a
withdrawn visit "ever shared with the provider") answer as they would for real records."""
import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from actionplans.models import Action, ActionPlan
from assessments.models import Assessment, Response
from assessments.results import store as store_results
from frameworks.models import Criterion, Framework
from visits.models import Visit

from .scale import AP_TYPES, PROVIDER_TYPES, email, provider_slug
from .scale_sql import insert_objects, next_id, raw_insert

State = Assessment.State
BATCH = 2000
_HISTORICAL = {}


def _historical(model):
    """The model's history model, looked up once: reading ``Model.history`` builds a manager,
    which cost more than the insert itself when done per row."""
    if model not in _HISTORICAL:
        _HISTORICAL[model] = model.history.model
    return _HISTORICAL[model]


def history_row(obj, *, when, by, reason="", kind="+", **changes):
    """The django-simple-history row ``obj`` would get (as values for ``raw_insert``), with
    ``changes`` over its values."""
    historical = _historical(type(obj))
    values = {f.attname: getattr(obj, f.attname) for f in historical.tracked_fields}
    values.update(changes, history_date=when, history_user_id=by, history_change_reason=reason,
                  history_type=kind)
    return values


def insert(model, objs, *, when, by, reason=""):
    """Insert ``objs`` and one "created" history row each (``by``: object -> user id;
    ``when``: a time or object -> time)."""
    if not objs:
        return
    insert_objects(model, objs)
    raw_insert(_historical(model), [
        history_row(o, when=when(o) if callable(when) else when, by=by(o), reason=reason)
        for o in objs])


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class Work:
    """The rows of one chunk waiting to be written, with what later rows need to know."""
    assessments: list = field(default_factory=list)  # self-assessments and benchmark reviews
    visits: list = field(default_factory=list)  # QA visits (``scale_visits``)
    plans: dict = field(default_factory=dict)  # (provider id, period) -> ActionPlan
    actions: list = field(default_factory=list)  # (plan key, Action) before plans have ids
    specs: dict = field(default_factory=dict)  # id(assessment or visit) -> what it needs


def seed_providers(ctx, chunk) -> None:
    """Write every provider's content in ``chunk`` (pairs of number and organisation id)."""
    from .scale_visits import plan_visits, write_visits  # it builds on this module's helpers

    work = Work()
    for number, provider_id in chunk:
        rng = random.Random(ctx.seed * 1_000_003 + number)
        ptype = PROVIDER_TYPES[(number - 1) % len(PROVIDER_TYPES)]
        lead = ctx.users[email(provider_slug(number), "lead")]
        for fw in ctx.self_frameworks:
            if fw.framework.applies_to_provider_type(ptype):
                for year, period in enumerate(ctx.periods):
                    _self_assessment(ctx, work, fw, provider_id, number, year, period, lead, rng)
        visit = ctx.visit
        partnerships = ctx.partnership_links.get(provider_id)
        if visit and partnerships and ptype in AP_TYPES and visit.framework.applies_to_provider_type(ptype):
            ap_number = ((number - 1) // 3) * 2 + (number - 1) % 3 - 1
            for year, period in enumerate(ctx.periods):
                plan_visits(ctx, work, provider_id, ap_number, year, period, partnerships, rng)
    insert_objects(Assessment, work.assessments)
    _assessment_history(work)
    _responses(ctx, work)
    store_results(a.pk for a in work.assessments)  # as the services do when rated
    write_visits(ctx, work)
    _actions(ctx, work)
    from .scale_outcomes import outcomes  # the LAs' learners and their goal outcomes
    from .scale_reviews import reviews  # the LAs' reviews of what was just written

    reviews(ctx, work)
    outcomes(ctx, chunk)


def year_start(period: str) -> datetime.date:
    return datetime.date(int(period[:4]), 9, 1)


def day_in(ctx, period: str, rng, lo: int, hi: int) -> datetime.date:
    """A day ``lo``..``hi`` days into the academic year, never after today (in the current
    year, spread over the days so far)."""
    start = year_start(period)
    hi = max(0, min(hi, (ctx.today - start).days))
    return start + datetime.timedelta(days=rng.randint(min(lo, hi), hi))


def _self_assessment(ctx, work, fw, provider_id, number, year, period, lead, rng):
    # Some providers' current year is a draft, every other one shared with the commissioners.
    draft = year == 0 and ((number - 1) // len(PROVIDER_TYPES)) % 3 == 1
    started = day_in(ctx, period, rng, 20, 120)
    submitted = None if draft else started + datetime.timedelta(
        days=rng.randint(0, max(0, min(150, (ctx.today - started).days))))
    a = Assessment(framework=fw.framework, framework_slug=fw.framework.slug, kind=fw.framework.kind,
                   provider_id=provider_id, period=period,
                   state=State.DRAFT if draft else State.SUBMITTED,
                   shared_with_commissioners=draft and number % 2 == 0, created_by_id=lead,
                   submitted_by_id=None if draft else lead,
                   submitted_at=None if draft else moment(submitted, 15), created_at=moment(started))
    work.assessments.append(a)
    work.specs[id(a)] = {"fw": fw, "strength": rng.random(), "by": lead, "started": started,
                         "submitted": submitted, "rated": rng.uniform(0.2, 0.9) if draft else 1.0,
                         "number": number}


def _assessment_history(work):
    rows = []
    for a in work.assessments:
        spec = work.specs[id(a)]
        rows.append(history_row(a, when=moment(spec["started"]), by=spec["by"],
                                state=State.DRAFT, submitted_by_id=None, submitted_at=None,
                                shared_with_commissioners=False))
        if a.state == State.SUBMITTED:
            rows.append(history_row(a, when=a.submitted_at, by=spec["by"], kind="~",
                                    reason="Submitted"))
    raw_insert(Assessment.history.model, rows)


def _pick(levels, strength, rng):
    """A level, better the stronger the provider: levels are ordered worst first."""
    index = round(strength * (len(levels) - 1) + rng.gauss(0, 0.7))
    return levels[max(0, min(len(levels) - 1, index))]


def _responses(ctx, work):
    """Every criterion's response and its history row, written a batch at a time (never all
    held at once), with explicit ids so the history rows can name them."""
    pending = []
    now = timezone.now()
    next_pk = next_id(Response)
    for a in work.assessments:
        spec = work.specs[id(a)]
        fw = spec["fw"]
        ordered = sorted(fw.levels.values(), key=lambda lv: lv.points)
        spec["ratings"] = ratings = {}
        spec["response_ids"] = response_ids = {}
        for position, criterion in enumerate(fw.criteria):
            row, level = _response(a, spec, criterion, position, ordered)
            row.update(id=next_pk, assessment_id=a.pk, criterion_id=criterion.pk,
                       updated_by_id=spec["by"], updated_at=now)
            response_ids[criterion.pk] = next_pk
            next_pk += 1
            if level:
                ratings[criterion.pk] = level
            pending.append(row)
            if len(pending) >= BATCH:
                _flush_responses(pending, now)
    _flush_responses(pending, now)


def _response(a, spec, criterion: Criterion, position, ordered) -> tuple[dict, object]:
    """A response's values (less its ids) and its level: the first part of a draft rated,
    every criterion of a submitted one."""
    rng = random.Random(a.pk * 131 + position)
    rated = position < round(spec["rated"] * len(spec["fw"].criteria))
    level = _pick(ordered, spec["strength"], rng) if rated else None
    return {"level_id": level.pk if level else None, "revision": 1 if rated else 0,
            "evidence": f"Scale data for {criterion.code}" if rated else ""}, level


def _flush_responses(pending, now):
    if not pending:
        return
    raw_insert(Response, pending)
    raw_insert(Response.history.model, [
        {**row, "history_date": now, "history_type": "+", "history_change_reason": "",
         "history_user_id": row["updated_by_id"]} for row in pending])
    pending.clear()


def _actions(ctx, work):
    """Action plans with SMART actions: a Stage 2 action for each SI QAF section below the
    maximum, one for the weakest benchmark area, one per Amber or Red visit section whose
    judgements are shared. Some open actions are past their date (overdue)."""
    from .scale_visits import action_sections, action_source

    for record in work.assessments + work.visits:
        spec = work.specs[id(record)]
        visit = isinstance(record, Visit)
        # Salted by the type of record: a visit and a self-assessment may share an id.
        rng = random.Random(record.pk * 7919 + (1 if visit else 0))
        sections = action_sections(record, spec) if visit else _action_sections(spec)
        for section, detail in sections:
            key = (record.provider_id, record.period)
            if key not in work.plans:
                work.plans[key] = ActionPlan(provider_id=record.provider_id, period=record.period)
            source = (action_source(record, spec, section) if visit else
                      {"source_assessment_id": record.pk, "criterion": None,
                       "made": record.submitted_at or moment(spec["started"])})
            work.actions.append((key, _action(ctx, record, spec, section, detail, rng, source)))
    now = timezone.now()
    makers = {key: action.created_by_id for key, action in work.actions}
    insert(ActionPlan, list(work.plans.values()), when=now,
           by=lambda p: makers[(p.provider_id, p.period)])
    actions = []
    for key, action in work.actions:
        action.plan_id = work.plans[key].pk
        actions.append(action)
    insert(Action, actions, when=now, by=lambda x: x.created_by_id)


def _action_sections(spec):
    """(section, detail) a self-assessment's actions are for: SI QAF sections below the
    maximum when the total is at or under the threshold, else the weakest benchmark area."""
    fw = spec["fw"]
    totals = {}
    for c in fw.criteria:
        level = spec["ratings"].get(c.pk)
        totals[c.section_id] = totals.get(c.section_id, 0) + (level.points if level else 0)
    if fw.framework.scoring_scheme == Framework.Scheme.POINTS:
        params = fw.framework.scoring_parameters
        if sum(totals.values()) > params.get("action_plan_threshold", -1):
            return []
        return [(s, "Below the section maximum") for s in fw.sections
                if totals.get(s.pk, 0) < params.get("section_max", 0)]
    weakest = min(fw.sections, key=lambda s: totals.get(s.pk, 0))
    return [(weakest, "The weakest benchmark area")]


def _action(ctx, record, spec, section, detail, rng, source) -> Action:
    """An action of ``record``'s provider and year; ``source`` names the record it came from
    (``source_assessment_id`` or ``source_visit_id``), its requirement and when it was made."""
    start = year_start(record.period)
    due = start + datetime.timedelta(days=rng.randint(90, 330))
    if record.period == ctx.periods[0]:
        due = ctx.today + datetime.timedelta(days=rng.randint(-60, 120))
    # Earlier years' actions are mostly done; some were left open past their date (overdue).
    status = rng.choices(
        [Action.Status.DONE, Action.Status.DROPPED, Action.Status.IN_PROGRESS,
         Action.Status.NOT_STARTED],
        [25, 5, 50, 20] if record.period == ctx.periods[0] else [75, 5, 13, 7])[0]
    source = dict(source)
    made = source.pop("made")
    return Action(
        created_at=made, updated_at=made, section=section, **source,
        area=f"{section.title} ({detail})"[:300],
        due_date=due, owner="Provider lead", created_by_id=spec["by"],
        smart_action=f"Raise {section.title} to the expected standard by {due:%B %Y}.",
        success_measure="Seen at the next review.", status=status,
        dropped_reason="Superseded by a later action." if status == Action.Status.DROPPED else "",
        progress="Under way." if status != Action.Status.NOT_STARTED else "",
        outcome="Achieved." if status == Action.Status.DONE else "")
