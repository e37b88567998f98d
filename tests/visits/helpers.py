"""Visits in any state, built through the services, for the visit tests and every other test
that needs one."""
import datetime

from frameworks.models import Section
from organisations.models import Commissioning
from visits import services as vs
from visits.models import VisitAnswer, VisitJudgement

VISIT_DATE = datetime.date(2026, 3, 12)  # a Thursday in 2025/26
NARRATIVE = "The evidence seen matched what the provider told us."


def link_for(world):
    return Commissioning.objects.get(commissioner=world.partnership, provider=world.provider)


def create_visit(world, frameworks, by=None, **kwargs):
    officer = world.users["partnership_officer"]
    kwargs.setdefault("officers", [officer])
    kwargs.setdefault("school_visitors", [("Sam Patel", "Hill School")])
    return vs.visit_create(link=link_for(world), framework=frameworks["leics-ap-visit"],
                           planned_visit_date=VISIT_DATE, by=by or officer, **kwargs)


def scale(visit):
    return {lv.code: lv for lv in visit.framework.item_scale.levels.all()}


def observe(visit, by, phase=None, default="green", ratings=None, **fields):
    """Record observer fields for every requirement (of one phase): ``ratings`` maps
    criterion code -> level code, ``default`` the rest."""
    levels = scale(visit)
    responses = VisitAnswer.objects.filter(visit=visit).select_related("criterion")
    if phase:
        responses = responses.filter(criterion__phase=phase)
    for response in responses:
        code = (ratings or {}).get(response.criterion.code, default)
        vs.requirement_record(
            response=response, by=by, expected_revision=response.revision,
            level=levels[code] if code else None,
            observer_notes=fields.get("observer_notes", f"Seen for {response.criterion.code}"),
            action_points=fields.get("action_points", ""),
            internal_notes=fields.get("internal_notes", ""))


def judge(visit, by, code, level="green", justification="", follow_up=""):
    judgement = VisitJudgement.objects.get(visit=visit, section__code=code)
    return vs.visit_record_judgement(
        judgement=judgement, by=by, expected_revision=judgement.revision,
        level=scale(visit)[level] if level else None, narrative=NARRATIVE,
        follow_up_actions=follow_up, justification=justification)


def shared_visit(world, frameworks, **kwargs):
    officer = world.users["partnership_officer"]
    visit = create_visit(world, frameworks, **kwargs)
    observe(visit, officer, phase="before_visit", internal_notes="Ofsted rumour: do not share")
    return vs.visit_share_with_provider(visit=visit, by=officer)


def ready_to_record_visit(world, frameworks, judgements=None, ratings=None, **kwargs):
    """A shared visit with every requirement rated and every section judged (default green)."""
    officer = world.users["partnership_officer"]
    visit = shared_visit(world, frameworks, **kwargs)
    observe(visit, officer, phase="at_visit", ratings=ratings)
    for section in Section.objects.filter(framework=visit.framework):
        judge(visit, officer, section.code, (judgements or {}).get(section.code, "green"))
    return visit


def recorded_visit(world, frameworks, judgements=None, ratings=None, **kwargs):
    """A visit marked recorded; ``judgements`` maps section code -> level (default green)."""
    officer = world.users["partnership_officer"]
    visit = ready_to_record_visit(world, frameworks, judgements, ratings, **kwargs)
    vs.visit_mark_recorded(visit=visit, by=officer, visited_on=VISIT_DATE)
    visit.refresh_from_db()
    return visit


def judgements_shared_visit(world, frameworks, **kwargs):
    visit = recorded_visit(world, frameworks, **kwargs)
    return vs.visit_share_judgements(visit=visit, by=world.users["partnership_officer"],
                                     today=datetime.date(2026, 3, 13))


def final_visit(world, frameworks, **kwargs):
    visit = judgements_shared_visit(world, frameworks, **kwargs)
    vs.visit_respond(visit=visit, by=world.users["provider_lead"], response="We agree.",
                     today=datetime.date(2026, 3, 16))
    return vs.visit_finalise(visit=visit, by=world.users["partnership_officer"],
                             agreed=agree_all(visit))


# Far enough ahead that an action agreed at a test's visit is never overdue by accident.
AGREED_DUE = datetime.date(2030, 7, 31)


def agree_all(visit, owner="The provider's manager", due=AGREED_DUE) -> dict:
    """Who is responsible for each action agreed at the visit, and when it is due, as the
    finalise page asks: the same for each."""
    from visits.follow_up import agreed_actions

    return {action.key: (owner, due) for action in agreed_actions(visit)}


def refreshed(record):
    """The record read again, as a new instance of its own model (a visit or a
    self-assessment)."""
    return type(record).objects.get(pk=record.pk)


STATES = ["preparing", "shared_with_provider", "visit_recorded", "judgements_shared", "final",
          "withdrawn"]


def visit_in(world, frameworks, state):
    if state == "preparing":
        visit = create_visit(world, frameworks)
        observe(visit, world.users["partnership_officer"], phase="before_visit")
        return visit
    if state == "withdrawn":
        visit = shared_visit(world, frameworks)
        return vs.visit_withdraw(visit=visit, by=world.users["partnership_officer"],
                                 reason="Closed")
    return {"shared_with_provider": ready_to_record_visit, "visit_recorded": recorded_visit,
            "judgements_shared": judgements_shared_visit, "final": final_visit}[state](
        world, frameworks)
