"""The QA visits of one chunk of scale providers (``demo.scale_content`` plans them with
``plan_visits`` and writes them with ``write_visits``): ``Visit`` rows in every state with
the history of each state they passed through, an answer per requirement, the team, the
section judgements, causes for concern and the chair's decisions, as ``visits.services``
and ``visits.concerns`` would have written them."""
import datetime
import random

from django.db import models
from django.utils import timezone

from core.history import save_with_history
from frameworks.models import Criterion
from organisations.models import Commissioning, User
from visits import rag_rules
from visits import workflow as visit_workflow
from visits.models import (
    Concern,
    ConcernDecision,
    Visit,
    VisitAnswer,
    VisitDetail,
    VisitJudgement,
    VisitTeamMember,
)

from .scale_content import BATCH, day_in, history_row, insert, moment, year_start
from .scale_sql import insert_objects, next_id, raw_insert

State = Visit.State
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


def plan_visits(ctx, work, provider_id, ap_number, year, period, partnerships, rng):
    """The provider's visits of one year, added to ``work.visits`` (not yet written)."""
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
            visited = day_in(ctx, period, rng, 30, 290)
        else:
            end = year_start(period).replace(year=year_start(period).year + 1) - datetime.timedelta(days=1)
            visited = min(ctx.today + datetime.timedelta(days=rng.randint(10, 90)), end)
        concern = before in RATED and (ap_number % 5 in (0, 2) if year == 0 else rng.random() < 0.05)
        v = Visit(framework=ctx.visit.framework, provider_id=provider_id,
                  commissioner_id=partnership, period=period, state=state,
                  created_by_id=officer, planned_visit_date=visited,
                  visited_on=visited if before in RATED else None)
        steps = _visit_steps(ctx, visited, path, state)
        v.created_at = steps[State.PREPARING]
        if State.JUDGEMENTS_SHARED in path:
            v.response_due = steps[State.JUDGEMENTS_SHARED].date() + datetime.timedelta(days=14)
            if state == State.FINAL and rng.random() < 0.7:
                v.provider_response = "We accept the judgements and have begun the actions agreed."
        work.visits.append(v)
        work.specs[id(v)] = {"fw": ctx.visit, "strength": rng.random(), "by": officer,
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


def write_visits(ctx, work):
    """Write the chunk's planned visits and everything that hangs off them."""
    insert_objects(Visit, work.visits)
    _visit_history(work)
    _answers(work)
    _visit_rows(ctx, work)


def _visit_history(work):
    """A history row per state each visit passed through, with the fields as they were then."""
    rows = []
    reasons = dict(VISIT_PATH)
    for v in work.visits:
        spec = work.specs[id(v)]
        for position, (state, when) in enumerate(spec["steps"].items()):
            rated = state in RATED
            reason = reasons.get(state, "Withdrawn: the placement ended before the visit")
            rows.append(history_row(
                v, when=when, by=spec["by"], kind="+" if position == 0 else "~", reason=reason,
                state=state, visited_on=v.visited_on if rated or state == State.WITHDRAWN else None,
                response_due=v.response_due if state in (State.JUDGEMENTS_SHARED, State.FINAL,
                                                          State.WITHDRAWN) else None,
                provider_response=v.provider_response if state == State.FINAL else ""))
    raw_insert(Visit.history.model, rows)


def _answers(work):
    """Every requirement's answer and its history row, written a batch at a time, with
    explicit ids so the history rows can name them."""
    pending = []
    now = timezone.now()
    next_pk = next_id(VisitAnswer)
    for v in work.visits:
        spec = work.specs[id(v)]
        spec["ratings"] = ratings = {}
        for position, criterion in enumerate(spec["fw"].criteria):
            row, level = _answer(v, spec, criterion, position)
            row.update(id=next_pk, visit_id=v.pk, criterion_id=criterion.pk,
                       updated_by_id=spec["by"], updated_at=now)
            next_pk += 1
            if level:
                ratings[criterion.pk] = level
            pending.append(row)
            if len(pending) >= BATCH:
                _flush_answers(pending, now)
    _flush_answers(pending, now)


def _answer(v, spec, criterion: Criterion, position) -> tuple[dict, object]:
    """An answer's values (less its ids) and its level: the provider's evidence once shared,
    a rating and notes once recorded, Red on the key requirement of a visit with a concern."""
    rng = random.Random(v.pk * 131 + position)
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


def _flush_answers(pending, now):
    if not pending:
        return
    raw_insert(VisitAnswer, pending)
    raw_insert(VisitAnswer.history.model, [
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
    for v in work.visits:
        spec = work.specs[id(v)]
        details.append(VisitDetail(visit_id=v.pk, withdrawn_reason=(
            "The placement ended before the visit" if v.state == State.WITHDRAWN else "")))
        team.append(VisitTeamMember(visit_id=v.pk, kind=VisitTeamMember.Kind.OFFICER,
                                    user_id=spec["by"]))
        if spec["visitor"]:
            team.append(VisitTeamMember(visit_id=v.pk, kind=VisitTeamMember.Kind.SCHOOL_VISITOR,
                                        name="Sam Visitor", school="Scale Secondary School"))
        judgements += _judgements(v, spec)
        if spec["concern"]:
            section = _key_section(spec["fw"])
            concerns.append(Concern(
                visit_id=v.pk, provider_id=v.provider_id, partnership_id=v.commissioner_id,
                section=section, raised_by_id=spec["by"], raised_at=spec["steps"][State.VISIT_RECORDED],
                basis=rag_rules.key_basis(section_code=section.code, key_aspect=section.key_aspect,
                                          key_sections=spec["fw"].framework.scoring_parameters
                                          .get("key_sections", [])),
                status=Concern.Status.DECIDED if spec["decide"] else Concern.Status.OPEN))
    by_visit = {v.pk: work.specs[id(v)]["by"] for v in work.visits}
    now = timezone.now()
    insert(VisitDetail, details, when=now, by=lambda d: by_visit[d.visit_id])
    insert(VisitTeamMember, team, when=now, by=lambda m: by_visit[m.visit_id])
    insert(VisitJudgement, judgements, when=now, by=lambda j: j.updated_by_id)
    insert(Concern, concerns, when=lambda c: c.raised_at, by=lambda c: c.raised_by_id,
           reason="Raised")
    _decisions(ctx, [c for c in concerns if c.status == Concern.Status.DECIDED])


def _judgements(v, spec) -> list:
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
        rows.append(VisitJudgement(
            visit_id=v.pk, section=section, level=judged, updated_by_id=spec["by"],
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


def action_sections(v, spec) -> list:
    """(section, detail) for each Amber or Red section of a visit whose judgements are
    shared: the sections its actions are for."""
    if v.state not in visit_workflow.FINDINGS_SHARED:
        return []
    return [(s, f"Judged {j.label}") for s, j in spec["judged"].values()
            if j is not None and j.code != "green"]


def action_source(v, spec, section) -> dict:
    """An action's fields naming the visit: the visit, its first non-Green requirement of the
    section, and when the action was made (the day the judgements were shared)."""
    criterion = next((c for c in spec["fw"].criteria if c.section_id == section.pk
                      and c.pk in spec["ratings"] and spec["ratings"][c.pk].code != "green"), None)
    return {"source_visit_id": v.pk, "criterion": criterion,
            "made": spec["steps"].get(State.JUDGEMENTS_SHARED)}
