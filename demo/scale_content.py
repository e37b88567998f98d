"""The years of work of one chunk of scale providers (``demo.scale``): self-assessments for
every framework that applies to the provider's type, QA visits in every state with their
team, ratings, judgements and causes for concern, action plans, and (``scale_reviews``) an
LA's reviews of some submitted self-assessments, and (``scale_outcomes``) the LAs' learners
at the providers with their annual-review goal outcomes. Rows and history rows
are what the services would have written: the states a record passed through, each with
its history row, so rules that read the history (a withdrawn visit "ever shared with the
provider") answer as they would for real records."""
import datetime
import random
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from actionplans.models import Action, ActionPlan
from assessments.models import Assessment, Response, SectionJudgement
from assessments.records import record_type
from core.history import save_with_history
from frameworks.models import Criterion, Framework
from organisations.models import Commissioning, User
from visits import rag_rules
from visits import workflow as visit_workflow
from visits.models import Concern, ConcernDecision, VisitDetail, VisitTeamMember
from visits.records import VISITS

from .scale import AP_TYPES, PROVIDER_TYPES, email, provider_slug
from .scale_sql import insert_objects, next_id, raw_insert

State = Assessment.State
BATCH = 2000
# Current-year visits cycle through the states, so even a few providers show every one.
RECORDED_CYCLE = [State.FINAL, State.JUDGEMENTS_SHARED, State.VISIT_RECORDED, State.WITHDRAWN]
PLANNED_CYCLE = [State.PREPARING, State.SHARED_WITH_PROVIDER]
# The path a visit takes to each state, with the reason its history row gives.
VISIT_PATH = [(State.PREPARING, "Visit record created"),
              (State.SHARED_WITH_PROVIDER, "Shared with the provider"),
              (State.VISIT_RECORDED, "Visit recorded"),
              (State.JUDGEMENTS_SHARED, "Judgements shared with the provider"),
              (State.FINAL, "Finalised")]
RATED = {State.VISIT_RECORDED, State.JUDGEMENTS_SHARED, State.FINAL}
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


def visit_row(a) -> bool:
    """Whether a row being built is a QA visit record (by its type of record)."""
    return record_type(a) is VISITS


def moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class Work:
    """The rows of one chunk waiting to be written, with what later rows need to know."""
    assessments: list = field(default_factory=list)
    plans: dict = field(default_factory=dict)  # (provider id, period) -> ActionPlan
    actions: list = field(default_factory=list)  # (plan key, Action) before plans have ids
    specs: dict = field(default_factory=dict)  # id(assessment) -> what the content needs


def seed_providers(ctx, chunk) -> None:
    """Write every provider's content in ``chunk`` (pairs of number and organisation id)."""
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
                _visits(ctx, work, provider_id, ap_number, year, period, partnerships, rng)
    insert_objects(Assessment, work.assessments)
    _assessment_history(work)
    _responses(ctx, work)
    _visit_rows(ctx, work)
    _actions(ctx, work)
    from .scale_outcomes import outcomes  # the LAs' learners and their goal outcomes
    from .scale_reviews import reviews  # the LAs' reviews of what was just written

    reviews(ctx, work)
    outcomes(ctx, chunk)


def _year_start(period: str) -> datetime.date:
    return datetime.date(int(period[:4]), 9, 1)


def _day(ctx, period: str, rng, lo: int, hi: int) -> datetime.date:
    """A day ``lo``..``hi`` days into the academic year, never after today (in the current
    year, spread over the days so far)."""
    start = _year_start(period)
    hi = max(0, min(hi, (ctx.today - start).days))
    return start + datetime.timedelta(days=rng.randint(min(lo, hi), hi))


def _self_assessment(ctx, work, fw, provider_id, number, year, period, lead, rng):
    # Some providers' current year is a draft, every other one shared with the commissioners.
    draft = year == 0 and ((number - 1) // len(PROVIDER_TYPES)) % 3 == 1
    started = _day(ctx, period, rng, 20, 120)
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


def _visits(ctx, work, provider_id, ap_number, year, period, partnerships, rng):
    if year == 0:
        plans = [RECORDED_CYCLE[ap_number % 4], PLANNED_CYCLE[ap_number % 2]]
    else:
        plans = [State.WITHDRAWN if rng.random() < 0.08 else State.FINAL]
    for which, state in enumerate(plans):
        partnership = partnerships[(year + which) % len(partnerships)]
        officers = ctx.officers[partnership]
        officer = officers[(ap_number + which) % len(officers)]
        # A withdrawn visit was withdrawn while being prepared, once shared, or once recorded.
        before = {0: State.PREPARING, 1: State.SHARED_WITH_PROVIDER}.get(
            (ap_number // 4 + year) % 3, State.VISIT_RECORDED) if state == State.WITHDRAWN else state
        path = [s for s, _ in VISIT_PATH[:[s for s, _ in VISIT_PATH].index(before) + 1]]
        if before in RATED or year > 0:
            visited = _day(ctx, period, rng, 30, 290)
        else:
            end = _year_start(period).replace(year=_year_start(period).year + 1) - datetime.timedelta(days=1)
            visited = min(ctx.today + datetime.timedelta(days=rng.randint(10, 90)), end)
        concern = before in RATED and (ap_number % 5 in (0, 2) if year == 0 else rng.random() < 0.05)
        a = Assessment(framework=ctx.visit.framework, framework_slug=ctx.visit.framework.slug,
                       kind=ctx.visit.framework.kind, provider_id=provider_id,
                       commissioner_id=partnership, period=period, state=state,
                       created_by_id=officer, planned_visit_date=visited,
                       visited_on=visited if before in RATED else None)
        steps = _visit_steps(ctx, visited, path, state)
        a.created_at = steps[State.PREPARING]
        if State.JUDGEMENTS_SHARED in path:
            a.response_due = steps[State.JUDGEMENTS_SHARED].date() + datetime.timedelta(days=14)
            if state == State.FINAL and rng.random() < 0.7:
                a.provider_response = "We accept the judgements and have begun the actions agreed."
        work.assessments.append(a)
        work.specs[id(a)] = {"fw": ctx.visit, "strength": rng.random(), "by": officer,
                             "partnership": partnership, "before": before, "steps": steps,
                             "concern": concern, "visitor": rng.random() < 0.4,
                             "decide": concern and (state == State.FINAL or year > 0)}


def _visit_steps(ctx, visited, path, state) -> dict:
    """When the visit reached each state: prepared a month before, shared three weeks
    before, recorded on the day, judgements shared after five days, final after twenty."""
    offsets = {State.PREPARING: -30, State.SHARED_WITH_PROVIDER: -20, State.VISIT_RECORDED: 0,
               State.JUDGEMENTS_SHARED: 5, State.FINAL: 20}
    now = timezone.now()
    # A visit still to come was prepared in the last few weeks.
    anchor = min(visited, ctx.today + datetime.timedelta(days=20))
    steps, last = {}, None
    for position, s in enumerate(path):
        when = min(moment(anchor + datetime.timedelta(days=offsets[s]), 9 + position), now)
        last = when if last is None else max(when, last + datetime.timedelta(seconds=1))
        steps[s] = last
    if state == State.WITHDRAWN:
        steps[State.WITHDRAWN] = min(last + datetime.timedelta(days=3), now)
        steps[State.WITHDRAWN] = max(steps[State.WITHDRAWN], last + datetime.timedelta(seconds=1))
    return steps


def _assessment_history(work):
    rows = []
    for a in work.assessments:
        spec = work.specs[id(a)]
        if not visit_row(a):
            rows.append(history_row(a, when=moment(spec["started"]), by=spec["by"],
                                    state=State.DRAFT, submitted_by_id=None, submitted_at=None,
                                    shared_with_commissioners=False))
            if a.state == State.SUBMITTED:
                rows.append(history_row(a, when=a.submitted_at, by=spec["by"], kind="~",
                                        reason="Submitted"))
            continue
        reasons = dict(VISIT_PATH)
        for position, (state, when) in enumerate(spec["steps"].items()):
            rated = state in RATED
            reason = reasons.get(state, "Withdrawn: the placement ended before the visit")
            rows.append(history_row(
                a, when=when, by=spec["by"], kind="+" if position == 0 else "~", reason=reason,
                state=state, visited_on=a.visited_on if rated or state == State.WITHDRAWN else None,
                response_due=a.response_due if state in (State.JUDGEMENTS_SHARED, State.FINAL,
                                                          State.WITHDRAWN) else None,
                provider_response=a.provider_response if state == State.FINAL else ""))
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
    """A response's values (less its ids) and its level."""
    rng = random.Random(a.pk * 131 + position)
    if not visit_row(a):
        rated = position < round(spec["rated"] * len(spec["fw"].criteria))
        level = _pick(ordered, spec["strength"], rng) if rated else None
        return {"level_id": level.pk if level else None, "revision": 1 if rated else 0,
                "evidence": f"Scale data for {criterion.code}" if rated else ""}, level
    before = spec["before"]
    evidence = ("Policy and records held on site." if before != State.PREPARING
                and criterion.phase == Criterion.Phase.BEFORE_VISIT and rng.random() < 0.7 else "")
    if before not in RATED:
        return {"level_id": None, "evidence": evidence, "revision": 1 if evidence else 0}, None
    colour = "green" if rng.random() < 0.55 + 0.4 * spec["strength"] else "amber"
    if spec["concern"] and criterion.pk == _key_criterion(spec["fw"]).pk:
        colour = "red"
    level = spec["fw"].levels[colour]
    return {"level_id": level.pk, "evidence": evidence, "revision": 2,
            "observer_notes": f"Seen at the visit: {criterion.code}.",
            "action_points": "" if colour == "green" else f"Improve {criterion.code}."}, level


def _flush_responses(pending, now):
    if not pending:
        return
    raw_insert(Response, pending)
    raw_insert(Response.history.model, [
        {**row, "history_date": now, "history_type": "+", "history_change_reason": "",
         "history_user_id": row["updated_by_id"]} for row in pending])
    pending.clear()


def _key_section(fw):
    key_sections = fw.framework.scoring_parameters.get("key_sections", [])
    for section in fw.sections:
        if rag_rules.is_key_section(section_code=section.code, key_aspect=section.key_aspect,
                                    key_sections=key_sections):
            return section
    return fw.sections[0]


def _key_criterion(fw):
    """The first requirement of the key section: Red there makes the section Red."""
    if not hasattr(fw, "key_criterion"):
        section = _key_section(fw)
        fw.key_criterion = next(c for c in fw.criteria if c.section_id == section.pk)
    return fw.key_criterion


def _visit_rows(ctx, work):
    """Details, teams, section judgements and causes for concern of the chunk's visits."""
    details, team, judgements, concerns = [], [], [], []
    for a in work.assessments:
        if not visit_row(a):
            continue
        spec = work.specs[id(a)]
        details.append(VisitDetail(assessment_id=a.pk, withdrawn_reason=(
            "The placement ended before the visit" if a.state == State.WITHDRAWN else "")))
        team.append(VisitTeamMember(assessment_id=a.pk, kind=VisitTeamMember.Kind.OFFICER,
                                    user_id=spec["by"]))
        if spec["visitor"]:
            team.append(VisitTeamMember(assessment_id=a.pk, kind=VisitTeamMember.Kind.SCHOOL_VISITOR,
                                        name="Sam Visitor", school="Scale Secondary School"))
        judgements += _judgements(a, spec)
        if spec["concern"]:
            section = _key_section(spec["fw"])
            concerns.append(Concern(
                assessment_id=a.pk, provider_id=a.provider_id, partnership_id=a.commissioner_id,
                section=section, raised_by_id=spec["by"], raised_at=spec["steps"][State.VISIT_RECORDED],
                basis=rag_rules.key_basis(section_code=section.code, key_aspect=section.key_aspect,
                                          key_sections=spec["fw"].framework.scoring_parameters
                                          .get("key_sections", [])),
                status=Concern.Status.DECIDED if spec["decide"] else Concern.Status.OPEN))
    by_visit = {a.pk: work.specs[id(a)]["by"] for a in work.assessments if visit_row(a)}
    now = timezone.now()
    insert(VisitDetail, details, when=now, by=lambda d: by_visit[d.assessment_id])
    insert(VisitTeamMember, team, when=now, by=lambda m: by_visit[m.assessment_id])
    insert(SectionJudgement, judgements, when=now, by=lambda j: j.updated_by_id)
    insert(Concern, concerns, when=lambda c: c.raised_at, by=lambda c: c.raised_by_id,
           reason="Raised")
    _decisions(ctx, [c for c in concerns if c.status == Concern.Status.DECIDED])


def _judgements(a, spec) -> list:
    """One per section; once the visit is recorded, each as bad as the section's worst
    requirement (so no justification is needed), with narrative and follow-up."""
    rows = []
    ratings = spec["ratings"]
    for section in spec["fw"].sections:
        worst = None
        if spec["before"] in RATED:
            levels = [ratings[c.pk] for c in spec["fw"].criteria
                      if c.section_id == section.pk and c.pk in ratings]
            worst = min(levels, key=lambda lv: lv.points) if levels else None
        judged = spec["fw"].judgement_levels.get(worst.code) if worst else None
        rows.append(SectionJudgement(
            assessment_id=a.pk, section=section, level=judged, updated_by_id=spec["by"],
            narrative=f"{section.title}: {judged.label}." if judged else "",
            follow_up_actions="" if judged is None or judged.code == "green"
            else "Agree an action plan with the provider.", revision=1 if judged else 0))
        spec.setdefault("judged", {})[section.pk] = (section, judged)
    return rows


def _decisions(ctx, concerns):
    """The chair's decision on each decided concern; conditions put the link under review."""
    decisions, history, links = [], [], []
    now = timezone.now()
    for concern in concerns:
        chair = ctx.chairs[concern.partnership_id]
        conditions = concern.pk % 3 == 0
        decided = min(concern.raised_at + datetime.timedelta(days=10), now)
        decision = ConcernDecision(
            concern_id=concern.pk, decided_by_id=chair, decided_at=decided,
            decision=(ConcernDecision.Decision.CONDITIONS if conditions
                      else ConcernDecision.Decision.CONTINUE),
            reasons="The provider has put safeguarding right since the visit.",
            conditions="Weekly safeguarding checks until the review." if conditions else "",
            review_date=ctx.today + datetime.timedelta(days=60) if conditions else None)
        decisions.append(decision)
        history.append(history_row(concern, when=decided, by=chair, kind="~",
                                   reason=f"Decided: {decision.get_decision_display()}"))
        if conditions:
            links.append((concern.partnership_id, concern.provider_id))
    insert(ConcernDecision, decisions, when=lambda d: d.decided_at, by=lambda d: d.decided_by_id)
    raw_insert(Concern.history.model, history)
    for link in Commissioning.objects.filter(
            models.Q(*[models.Q(commissioner_id=c, provider_id=p) for c, p in links],
                     _connector=models.Q.OR) if links else models.Q(pk__in=[]),
            status=Commissioning.Status.ACTIVE):
        link.status = Commissioning.Status.UNDER_REVIEW
        link.status_reason = "Continue with conditions: decision on the cause for concern."
        save_with_history(link, by=User(pk=ctx.chairs[link.commissioner_id]),
                          reason="Continue with conditions")


def _actions(ctx, work):
    """Action plans with SMART actions: a Stage 2 action for each SI QAF section below the
    maximum, one for the weakest benchmark area, one per Amber or Red visit section whose
    judgements are shared. Some open actions are past their date (overdue)."""
    for a in work.assessments:
        spec = work.specs[id(a)]
        rng = random.Random(a.pk * 7919)
        for section, detail in _action_sections(a, spec):
            key = (a.provider_id, a.period)
            if key not in work.plans:
                work.plans[key] = ActionPlan(provider_id=a.provider_id, period=a.period)
            work.actions.append((key, _action(ctx, a, spec, section, detail, rng)))
    now = timezone.now()
    makers = {key: action.created_by_id for key, action in work.actions}
    insert(ActionPlan, list(work.plans.values()), when=now,
           by=lambda p: makers[(p.provider_id, p.period)])
    actions = []
    for key, action in work.actions:
        action.plan_id = work.plans[key].pk
        actions.append(action)
    insert(Action, actions, when=now, by=lambda x: x.created_by_id)


def _action_sections(a, spec):
    fw = spec["fw"]
    if visit_row(a):
        if a.state not in visit_workflow.FINDINGS_SHARED:
            return []
        return [(s, f"Judged {j.label}") for s, j in spec["judged"].values()
                if j is not None and j.code != "green"]
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


def _action(ctx, a, spec, section, detail, rng) -> Action:
    start = _year_start(a.period)
    due = start + datetime.timedelta(days=rng.randint(90, 330))
    if a.period == ctx.periods[0]:
        due = ctx.today + datetime.timedelta(days=rng.randint(-60, 120))
    # Earlier years' actions are mostly done; some were left open past their date (overdue).
    status = rng.choices(
        [Action.Status.DONE, Action.Status.DROPPED, Action.Status.IN_PROGRESS,
         Action.Status.NOT_STARTED],
        [25, 5, 50, 20] if a.period == ctx.periods[0] else [75, 5, 13, 7])[0]
    criterion = None
    if visit_row(a):
        criterion = next((c for c in spec["fw"].criteria if c.section_id == section.pk
                          and c.pk in spec["ratings"] and spec["ratings"][c.pk].code != "green"), None)
    made = (spec["steps"].get(State.JUDGEMENTS_SHARED) if visit_row(a)
            else a.submitted_at or moment(spec["started"]))
    return Action(
        created_at=made, updated_at=made, section=section, source_assessment_id=a.pk,
        area=f"{section.title} ({detail})"[:300],
        criterion=criterion, due_date=due, owner="Provider lead", created_by_id=spec["by"],
        smart_action=f"Raise {section.title} to the expected standard by {due:%B %Y}.",
        success_measure="Seen at the next review.", status=status,
        dropped_reason="Superseded by a later action." if status == Action.Status.DROPPED else "",
        progress="Under way." if status != Action.Status.NOT_STARTED else "",
        outcome="Achieved." if status == Action.Status.DONE else "")
