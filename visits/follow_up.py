"""The actions a QA visit agrees with the provider, and the rule that makes them SMART before
the record is final.

The Leicestershire visit record asks of each aspect "what follow up actions have you agreed
with the provider". They are written as a requirement's action points and a section's
follow-up actions; on finalising, each becomes an action in the provider's plan (the
``finalised_hooks``). An action with nobody responsible and no date never falls overdue and
nobody is reminded of it, so the visit is final only once each has both (``agree``).
"""
import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from frameworks.models import Criterion, Section

from .models import Visit, VisitAnswer, VisitJudgement

OWNER_REQUIRED = "Enter who is responsible for action {n}."
OWNER_TOO_LONG = "Who is responsible for action {n} must be {limit} characters or fewer."
DUE_REQUIRED = "Enter the date action {n} is due."
DUE_IN_PAST = "The date action {n} is due must be today or in the future."
OWNER_MAX_LENGTH = 200  # actionplans.Action.owner


@dataclass
class AgreedAction:
    """One action agreed at the visit: where it was written, what it says, and (once agreed
    on the finalise page) who is responsible and when it is due."""

    key: str  # "requirement-<answer id>" or "section-<judgement id>": its fields' names
    number: int
    section: Section
    criterion: Criterion | None
    text: str
    owner: str = ""
    due: datetime.date | None = None

    @property
    def where(self) -> str:
        if self.criterion is not None:
            return f"{self.criterion.code} {self.criterion.title}"
        return f"Section {self.section.code}, {self.section.title}: follow-up"

    @property
    def owner_field(self) -> str:
        return f"owner-{self.key}"

    @property
    def due_field(self) -> str:
        return f"due-{self.key}"


def agreed_actions(visit: Visit) -> list[AgreedAction]:
    """The visit's agreed actions in the record's order: each requirement's action points,
    then its section's follow-up actions, section by section (three queries)."""
    sections = {s.pk: s for s in Section.objects.filter(framework_id=visit.framework_id)}
    items = []
    for answer in (VisitAnswer.objects.filter(visit=visit).exclude(action_points="")
                   .select_related("criterion")):
        section = sections[answer.criterion.section_id]
        items.append(((section.order, answer.criterion.order), f"requirement-{answer.pk}",
                      section, answer.criterion, answer.action_points))
    for judgement in VisitJudgement.objects.filter(visit=visit).exclude(follow_up_actions=""):
        section = sections[judgement.section_id]
        items.append(((section.order, 10**6), f"section-{judgement.pk}", section, None,
                      judgement.follow_up_actions))
    items.sort(key=lambda item: item[0])
    return [AgreedAction(key=key, number=n, section=section, criterion=criterion,
                         text=text.strip())
            for n, (_, key, section, criterion, text) in enumerate(items, 1)]


def agree(actions: list[AgreedAction], agreed: Mapping[str, tuple[str, datetime.date | None]],
          today: datetime.date) -> dict[str, str]:
    """Give each action its owner and due date from ``agreed`` (by key); the errors, by field
    name, that keep the visit from being final: an owner and a date, today or later, each."""
    errors = {}
    for action in actions:
        owner, due = agreed.get(action.key, ("", None))
        action.owner, action.due = (owner or "").strip(), due
        if not action.owner:
            errors[action.owner_field] = OWNER_REQUIRED.format(n=action.number)
        elif len(action.owner) > OWNER_MAX_LENGTH:
            errors[action.owner_field] = OWNER_TOO_LONG.format(n=action.number,
                                                               limit=OWNER_MAX_LENGTH)
        if due is None:
            errors[action.due_field] = DUE_REQUIRED.format(n=action.number)
        elif due < today:
            errors[action.due_field] = DUE_IN_PAST.format(n=action.number)
    return errors
