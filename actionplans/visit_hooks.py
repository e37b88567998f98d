"""When a QA visit is finalised, its agreed action points and follow-up actions become actions
in the provider's action plan for the visit's year (registered in ``visits.finalised_hooks`` by
ActionplansConfig.ready)."""
from core.history import save_with_history
from frameworks.models import Section
from organisations.models import User
from visits.models import Visit, VisitAnswer, VisitJudgement

from .models import Action
from .services import TO_BE_AGREED, plan_for


def actions_from_finalised_visit(*, visit: Visit, by: User) -> list[Action]:
    """One action per requirement with action points and per section with follow-up actions,
    in section order, each naming the visit as its source. Runs inside visit_finalise's
    transaction, so a failure here leaves the visit unfinalised."""
    # Not actionplans.services.action_create: that checks the provider's own permission to
    # manage its plan, and here the partnership's officer or chair is finalising the visit.
    plan = plan_for(visit.provider, visit.period)
    sections = {s.pk: s for s in Section.objects.filter(framework_id=visit.framework_id)}
    # (section order, order within the section, section, requirement or None, text)
    items = []
    for answer in (VisitAnswer.objects.filter(visit=visit).exclude(action_points="")
                   .select_related("criterion")):
        section = sections[answer.criterion.section_id]
        items.append((section.order, answer.criterion.order, section, answer.criterion,
                      answer.action_points))
    for judgement in VisitJudgement.objects.filter(visit=visit).exclude(follow_up_actions=""):
        section = sections[judgement.section_id]
        items.append((section.order, 10**6, section, None, judgement.follow_up_actions))
    actions = []
    for _, _, section, criterion, text in sorted(items, key=lambda item: item[:2]):
        action = Action(plan=plan, section=section, criterion=criterion, area=section.title,
                        smart_action=text, owner=TO_BE_AGREED, source_visit=visit,
                        created_by=by)
        action.full_clean()
        save_with_history(action, by=by)
        actions.append(action)
    return actions
