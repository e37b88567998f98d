"""Forms for actions: validation only, the views hand cleaned data to the services."""
from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils import timezone

from core.forms import GovDateField, ModelChoiceField, date_input, gds_helper
from frameworks.models import Section

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
