"""Demo data for carrying an action forward: one of Riverside's open 2024/25 actions carried
into its 2025/26 plan, through the service the page uses."""
import datetime

from django.utils import timezone

from actionplans.carry_forward import Choice, Decision, carry_forward_into, open_from_last_year
from actionplans.models import Action
from organisations.models import Organisation, User

# Riverside's 2024/25 action on outcomes (SI QAF section 6) goes on into 2025/26; its action on
# planning (section 2) stays open for the page to offer.
PROVIDER, LEAD, FROM_SECTION, INTO = "riverside-college", "lead@riverside.example", "6", "2025/26"
# The new due date: this many days after the old one (or after today, if that has passed).
MORE_DAYS = 60


def seed_carried_action() -> Action | None:
    """Carry Riverside's open 2024/25 action for section 6 forward into its 2025/26 plan, as
    its lead, and return the new action. Idempotent: nothing (None) when Riverside already has
    an action carried forward, or no such open action (the demo not seeded yet)."""
    riverside = Organisation.objects.filter(slug=PROVIDER).first()
    if riverside is None or Action.objects.filter(plan__provider=riverside,
                                                  carried_from__isnull=False).exists():
        return None
    action = open_from_last_year(riverside, INTO).filter(section__code=FROM_SECTION).first()
    if action is None:
        return None
    today = timezone.localdate()
    due = max(action.due_date or today, today) + datetime.timedelta(days=MORE_DAYS)
    plan = carry_forward_into(provider=riverside, period=INTO, by=User.objects.get(email=LEAD),
                              decisions=[Decision(action, Choice.CARRY, due_date=due)])
    return plan.actions.get(carried_from=action)
