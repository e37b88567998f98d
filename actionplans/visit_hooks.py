"""When a QA visit is finalised, the actions agreed at it (its action points and follow-up
actions, each with who is responsible and when it is due) become actions in the provider's
action plan for the visit's year (registered in ``visits.finalised_hooks`` by
ActionplansConfig.ready)."""
from core.history import save_with_history
from organisations.models import User
from visits.follow_up import AgreedAction
from visits.models import Visit

from .models import Action
from .services import plan_for


def actions_from_finalised_visit(*, visit: Visit, by: User,
                                 actions: list[AgreedAction]) -> list[Action]:
    """One action per agreed action, in the record's order, each naming the visit as its
    source. Runs inside visit_finalise's transaction, so a failure here leaves the visit
    unfinalised."""
    # Not actionplans.services.action_create: that checks the provider's own permission to
    # manage its plan, and here the partnership's officer or chair is finalising the visit.
    plan = plan_for(visit.provider, visit.period)
    made = []
    for agreed in actions:
        action = Action(plan=plan, section=agreed.section, criterion=agreed.criterion,
                        area=agreed.section.title, smart_action=agreed.text,
                        owner=agreed.owner, due_date=agreed.due, source_visit=visit,
                        created_by=by)
        action.full_clean()
        save_with_history(action, by=by)
        made.append(action)
    return made
