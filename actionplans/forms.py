"""Forms for actions: validation only, the views hand cleaned data to the services."""
import re
from dataclasses import dataclass

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Field, Size
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from core.forms import GovDateField, ModelChoiceField, date_input, gds_helper, parse_id
from frameworks.models import Section

from . import carry_forward
from .carry_forward import Choice
from .models import Action
from .services import DROPPED_NEEDS_REASON, NOTE_REQUIRED

DUE_DATE_IN_PAST = "The date must be today or in the future."
# The message GovDateField gives for a missing date (built from ``what`` below).
DUE_DATE_WHAT = "the date the action will be done by"
DUE_DATE_REQUIRED = f"Enter {DUE_DATE_WHAT}."
SECTION_REQUIRED = "Choose the section this action improves."
TOO_LONG = "{name} must be {limit:,} characters or fewer."


def _say_how_long(form, names: dict[str, str]):
    """Give each named text field a too-long message with its own limit: "The SMART action
    must be 4,000 characters or fewer." instead of Django's count of what was typed."""
    for field_name, name in names.items():
        field = form.fields.get(field_name)
        if field is not None:
            field.error_messages["max_length"] = TOO_LONG.format(name=name, limit=field.max_length)


class ActionForm(forms.Form):
    """A SMART action: Identified area, SMART action, When, Who, and how success is measured."""

    section = ModelChoiceField(
        label="Section", queryset=Section.objects.none(), required=False,
        empty_label="Not linked to a section",
    )
    area = forms.CharField(
        label="Identified area for improvement", max_length=300,
        error_messages={"required": "Enter the area for improvement."},
    )
    smart_action = forms.CharField(
        label="SMART action", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        help_text="Specific, measurable, achievable, relevant and timebound.",
        error_messages={"required": "Enter the SMART action."},
    )
    due_date = GovDateField(
        label="When", what=DUE_DATE_WHAT, example="31 3 2027",
        help_text="The date it will be done by, for example 31 3 2027.", required=False,
    )
    owner = forms.CharField(
        label="Who", max_length=200,
        help_text="The person or partner responsible, for example a member of staff or an employer.",
        error_messages={"required": "Enter who is responsible for the action."},
    )
    success_measure = forms.CharField(
        label="How you will know it has worked", widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000, error_messages={"required": "Enter how success will be measured."},
    )
    outcome = forms.CharField(
        label="Outcome", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False,
        help_text="What changed as a result, once you know.",
    )

    def __init__(self, *args, sections=None, with_outcome=False, **kwargs):
        super().__init__(*args, **kwargs)
        if sections is None:
            del self.fields["section"]
        else:
            self.fields["section"].queryset = sections
            self.fields["section"].label_from_instance = lambda s: f"{s.framework.name}: {s.code}. {s.title}"
        if not with_outcome:
            del self.fields["outcome"]
        _say_how_long(self, {
            "area": "The area for improvement", "smart_action": "The SMART action",
            "owner": "Who is responsible", "success_measure": "How you will know it has worked",
            "outcome": "The outcome",
        })
        layout = []
        if "section" in self.fields:
            # Field.select() sizes only a legend (its other arguments become attributes of
            # the <select>), so the label is sized here, bold like the other labels.
            layout.append(Field("section", context={"label_size": Size.for_label(Size.SMALL)}))
        layout += [
            Field.text("area", label_size=Size.SMALL),
            Field.textarea("smart_action", label_size=Size.SMALL),
            date_input("due_date"),
            Field.text("owner", label_size=Size.SMALL),
            Field.textarea("success_measure", label_size=Size.SMALL),
        ]
        if with_outcome:
            layout.append(Field.textarea("outcome", label_size=Size.SMALL))
        layout.append(Button("submit", "Save action"))
        self.helper = gds_helper(*layout)

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due and due < timezone.localdate() and due != self.initial.get("due_date"):
            raise forms.ValidationError(DUE_DATE_IN_PAST)
        return due


class Stage2ActionForm(ActionForm):
    """The SI QAF Stage 2 template needs a section and a date for every action."""

    def __init__(self, *args, framework, **kwargs):
        sections = Section.objects.filter(framework=framework).select_related("framework").order_by("order")
        super().__init__(*args, sections=sections, **kwargs)
        self.fields["section"].required = True
        self.fields["section"].empty_label = None
        self.fields["section"].label_from_instance = lambda s: f"{s.code}. {s.title}"
        self.fields["section"].error_messages["required"] = SECTION_REQUIRED
        self.fields["due_date"].required = True


class ProgressForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=Action.Status.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status."},
    )
    note = forms.CharField(
        label="Progress update", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        help_text="What has happened since the last update. It is kept, dated, with your name.",
        error_messages={"required": NOTE_REQUIRED},
    )
    dropped_reason = forms.CharField(
        label="If you are dropping the action, why?", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _say_how_long(self, {"note": "The progress update",
                             "dropped_reason": "The reason for dropping the action"})
        self.helper = gds_helper(
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            Field.textarea("note", label_size=Size.SMALL),
            Field.textarea("dropped_reason", label_size=Size.SMALL),
            Button("submit", "Record progress"),
        )

    def clean(self):
        data = super().clean()
        if data.get("status") == Action.Status.DROPPED and not data.get("dropped_reason", "").strip():
            self.add_error("dropped_reason", DROPPED_NEEDS_REASON)
        return data


# Carrying last year's open actions forward ----------------------------------------------

ALREADY_DECIDED_ON_PAGE = ("Some of the actions you chose for have already been carried forward, "
                           "closed or dropped since you opened this page, so nothing was changed. "
                           "Check the actions below and choose again.")
DECISION_INVALID = "Choose carry forward, close as done or drop for “{action}”."
# The field each decision needs filled in.
NEEDS = {Choice.CARRY: "due_date", Choice.CLOSE: "note", Choice.DROP: "reason"}
# A posted decision for an action: action_<id>_decision.
DECISION_NAME = re.compile(r"action_([0-9]+)_decision")


class ShownQuestion(ConditionalQuestion):
    """A radio with its follow-up question always shown beneath it, not revealed by script:
    govuk-frontend's reveal sets aria-expanded on the radio, which axe refuses
    (aria-allowed-attr), as on the moderation sample's page."""

    template = "actionplans/includes/_shown_question.html"


class DecisionRadios(ConditionalRadios):
    """The three decisions on one action, each with its follow-up question, under a small
    legend (which ConditionalRadios does not size itself)."""

    def render(self, form, context, *args, **kwargs):
        with context.push(legend_size=Size.for_legend(Size.SMALL)):
            return super().render(form, context, *args, **kwargs)


@dataclass
class ActionBlock:
    """One open action on the page and the helper that draws its own fields."""

    number: int
    action: Action
    helper: FormHelper


class CarryForwardForm(forms.Form):
    """For each open action of the last plan: carry forward (with a new due date), close as done
    (with a note) or drop (with a reason). Any may be left for later, but one at least is
    decided; a decision for an action no longer offered (decided since the page was opened)
    refuses the whole form."""

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = []
        for number, action in enumerate(actions, 1):
            name = f"action_{action.pk}"
            self.fields[f"{name}_decision"] = forms.ChoiceField(
                label=format_html('What happens to this action<span class="govuk-visually-hidden">: '
                                  "{}</span>?", action.area),
                choices=Choice.choices, widget=forms.RadioSelect, required=False,
                error_messages={"invalid_choice": DECISION_INVALID.format(action=action.area)})
            self.fields[f"{name}_due_date"] = GovDateField(
                label="New due date", what=f"the new due date for “{action.area}”",
                example="31 3 2027", required=False,
                help_text="Today or later, for example 31 3 2027.")
            self.fields[f"{name}_note"] = forms.CharField(
                label="What was done", widget=forms.Textarea, max_length=4000, required=False)
            self.fields[f"{name}_reason"] = forms.CharField(
                label="Why drop it", widget=forms.Textarea, max_length=2000, required=False)
            _say_how_long(self, {f"{name}_note": f"What was done for “{action.area}”",
                                 f"{name}_reason": f"The reason for dropping “{action.area}”"})
            helper = gds_helper(DecisionRadios(
                f"{name}_decision",
                ShownQuestion(Choice.CARRY.label, date_input(f"{name}_due_date")),
                ShownQuestion(Choice.CLOSE.label,
                              Field.textarea(f"{name}_note", label_size=Size.SMALL, rows=3)),
                ShownQuestion(Choice.DROP.label,
                              Field.textarea(f"{name}_reason", label_size=Size.SMALL, rows=3)),
            ))
            self.blocks.append(ActionBlock(number, action, helper))
        self.offered = {block.action.pk for block in self.blocks}

    def clean(self):
        data = super().clean()
        stale = [pk for key, value in self.data.items()
                 if value and (match := DECISION_NAME.fullmatch(key))
                 and (pk := parse_id(match.group(1))) not in self.offered]
        if stale:
            raise forms.ValidationError(ALREADY_DECIDED_ON_PAGE)
        today = timezone.localdate()
        chosen = False
        for block in self.blocks:
            action, name = block.action, f"action_{block.action.pk}"
            choice = data.get(f"{name}_decision")
            if not choice:
                continue
            chosen = True
            field = f"{name}_{NEEDS[choice]}"
            if field in self.errors:
                continue  # already told what is wrong with it
            value = data.get(field)
            if choice == Choice.CARRY:
                if value is None:
                    self.add_error(field, carry_forward.DUE_DATE_NEEDED.format(action=action.area))
                elif value < today:
                    self.add_error(field, carry_forward.DUE_DATE_IN_PAST.format(action=action.area))
            elif not (value or "").strip():
                message = (carry_forward.NOTE_NEEDED if choice == Choice.CLOSE
                           else carry_forward.REASON_NEEDED)
                self.add_error(field, message.format(action=action.area))
        if not chosen and not self.errors:
            raise forms.ValidationError(carry_forward.NOTHING_DECIDED)
        return data

    def full_clean(self):
        super().full_clean()
        # crispy-forms-gds marks an invalid textarea govuk-input--error: add GOV.UK's own class.
        for name in self.errors:
            if isinstance(getattr(self.fields.get(name), "widget", None), forms.Textarea):
                self.fields[name].widget.attrs["class"] = "govuk-textarea--error"

    def decisions(self) -> list[carry_forward.Decision]:
        """The decisions made, for ``carry_forward.carry_forward`` (after ``is_valid``)."""
        data, made = self.cleaned_data, []
        for block in self.blocks:
            name = f"action_{block.action.pk}"
            if choice := data.get(f"{name}_decision"):
                made.append(carry_forward.Decision(
                    action=block.action, choice=choice, due_date=data.get(f"{name}_due_date"),
                    note=data.get(f"{name}_note", ""), reason=data.get(f"{name}_reason", "")))
        return made
