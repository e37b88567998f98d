"""Forms of the commissioning cycle: validation only, messages beside the field; views hand
cleaned data to ``commissioning.services``."""
from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.utils import timezone
from django.utils.formats import date_format

from assessments.selectors import self_assessment_frameworks
from core.forms import GovDateField, date_input, gds_helper
from organisations.models import Organisation

from .models import Agreement, CheckItem, DueDiligenceCheck, ExpectedStandard, SupportEntry

NOTE_MAX = 2000
NAME_REQUIRED = "Enter the provider's name."
TYPE_REQUIRED = "Choose the type of provider."
OUTCOME_REQUIRED = "Choose met, not met or not applicable."
DECISION_REQUIRED = "Choose commission, commission with conditions or do not commission."


class ProspectiveProviderForm(forms.Form):
    """A provider that is not in the portal yet."""

    name = forms.CharField(label="Provider's name", max_length=200,
                           error_messages={"required": NAME_REQUIRED})
    provider_type = forms.ChoiceField(
        label="Type of provider", choices=Organisation.ProviderType.choices,
        widget=forms.RadioSelect, error_messages={"required": TYPE_REQUIRED})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("name"),
                                 Field.radios("provider_type", legend_size=Size.SMALL),
                                 Button("submit", "Record the provider and start the check"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(NAME_REQUIRED)
        return name


class ItemForm(forms.Form):
    outcome = forms.ChoiceField(label="Is this in place?", choices=CheckItem.Outcome.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": OUTCOME_REQUIRED})
    note = forms.CharField(label="Note (optional)", required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="What you saw, and when: for example the policy's date.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("outcome", legend_size=Size.MEDIUM),
                                 Field.textarea("note"), Button("submit", "Save"))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Decision", choices=DueDiligenceCheck.Decision.choices,
                                 widget=forms.RadioSelect,
                                 error_messages={"required": DECISION_REQUIRED})
    conditions = forms.CharField(
        label="Conditions (with conditions only)", required=False, max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the provider must do, and by when.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("decision", legend_size=Size.MEDIUM),
                                 Field.textarea("conditions"), Button("submit", "Record the decision"))


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Upload a file", error_messages={
        "required": "Choose a file to upload.",
        "invalid": "The file could not be read: choose it again."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field("file"), Button("submit", "Upload"))


class InviteLeadForm(forms.Form):
    email = forms.EmailField(label="Email address of the provider's lead", max_length=254,
                             error_messages={
                                 "required": "Enter the email address of the provider's lead.",
                                 "invalid": "Enter an email address in the correct format, "
                                            "like name@example.org."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("email"), Button("submit", "Send the invitation"))


class AgreementForm(forms.Form):
    """A service level agreement, contract or individual plan a commissioning link works to."""

    kind = forms.ChoiceField(label="What kind of agreement is it?", choices=Agreement.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of agreement."})
    reference = forms.CharField(
        label="Reference", max_length=100,
        help_text="As it is written on the agreement, for example SLA-2026-014.",
        error_messages={"required": "Enter the agreement's reference.",
                        "max_length": "The reference must be 100 characters or fewer."})
    starts = GovDateField(label="When does it start?", what="the date the agreement starts",
                          example="1 9 2026", help_text="For example, 1 9 2026.")
    ends = GovDateField(label="When does it end? (optional)", what="the date the agreement ends",
                        example="31 8 2027", help_text="Leave empty if it runs until ended.",
                        required=False)
    places = forms.IntegerField(
        label="Places or learners (optional)", required=False, min_value=0, max_value=100_000,
        error_messages={"invalid": "Enter the number of places as a whole number, like 12.",
                        "min_value": "The number of places cannot be negative.",
                        "max_value": "Enter a number of places of 100,000 or fewer."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("kind", legend_size=Size.SMALL),
                                 Field.text("reference", label_size=Size.SMALL),
                                 date_input("starts"), date_input("ends"),
                                 Field.text("places", field_width=5),
                                 Button("submit", "Save the agreement"))


class StandardForm(forms.Form):
    """An expected standard: what kind, and for a checked kind what it checks."""

    kind = forms.ChoiceField(label="What does the agreement expect?",
                             choices=ExpectedStandard.Kind.choices, widget=forms.RadioSelect,
                             error_messages={"required": "Choose the kind of standard."})
    framework_slug = forms.ChoiceField(
        label="Which self-assessment?", required=False,
        help_text="For a self-assessment submitted by a date.")
    due = GovDateField(label="Due by", what="the date the self-assessment is due by",
                       example="31 7 2027", required=False,
                       help_text="For a self-assessment submitted by a date. For example, "
                                 "31 7 2027.")
    text = forms.CharField(
        label="What is the standard?", required=False, max_length=300,
        help_text="For another standard, for example “Attendance at least 90%”.",
        error_messages={"max_length": "The standard must be 300 characters or fewer."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework_slug"].choices = [("", "Choose a self-assessment")] + list(
            self_assessment_frameworks().order_by("name").values_list("slug", "name"))
        self.helper = gds_helper(Field.radios("kind", legend_size=Size.SMALL),
                                 Field.select("framework_slug"), date_input("due"),
                                 Field.text("text"), Button("submit", "Add the standard"))


class RecordStandardForm(forms.Form):
    outcome = forms.ChoiceField(label="Is the standard met?",
                                choices=ExpectedStandard.Outcome.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": "Choose met or not met."})
    note = forms.CharField(label="Note (optional)", required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text="What it rests on: for example the attendance figures "
                                     "for the autumn term.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("outcome", legend_size=Size.MEDIUM),
                                 Field.textarea("note"), Button("submit", "Save"))


class SupportForm(forms.Form):
    """One entry of a provider's support log."""

    kind = forms.ChoiceField(label="What was offered?", choices=SupportEntry.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Choose training, support or a network."})
    topic = forms.CharField(label="Topic", max_length=200,
                            help_text="For example, “Safeguarding refresher”.",
                            error_messages={"required": "Enter the topic.",
                                            "max_length": "The topic must be 200 characters "
                                                          "or fewer."})
    on = GovDateField(label="Date", what="the date", example="14 10 2026",
                      help_text="For example, 14 10 2026.")
    uptake = forms.ChoiceField(label="Did the provider take it up?",
                               choices=SupportEntry.Uptake.choices, widget=forms.RadioSelect,
                               error_messages={"required": "Choose offered, attended or "
                                                           "declined."})
    given_by = forms.CharField(label="Given by", max_length=200,
                               help_text="Who offered or led it: a person or a team.",
                               error_messages={"required": "Enter who offered or led it.",
                                               "max_length": "Given by must be 200 characters "
                                                             "or fewer."})
    note = forms.CharField(label="Note (optional)", required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("kind", legend_size=Size.SMALL),
                                 Field.text("topic"), date_input("on"),
                                 Field.radios("uptake", legend_size=Size.SMALL),
                                 Field.text("given_by"), Field.textarea("note"),
                                 Button("submit", "Save the entry"))

    def clean_topic(self):
        return _not_blank(self.cleaned_data["topic"], "Enter the topic.")

    def clean_given_by(self):
        return _not_blank(self.cleaned_data["given_by"], "Enter who offered or led it.")


def _not_blank(value: str, message: str) -> str:
    if not value.strip():
        raise forms.ValidationError(message)
    return value.strip()


class DecommissionForm(forms.Form):
    """Why the provider is de-commissioned, and the QA evidence it rests on (chosen from the
    link's own, ``services.decommission_evidence``)."""

    reason = forms.CharField(
        label="Why is the provider being de-commissioned?", max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Give the reason for de-commissioning."})
    visits = forms.MultipleChoiceField(label="QA visits it rests on", required=False,
                                       widget=forms.CheckboxSelectMultiple)
    concerns = forms.MultipleChoiceField(label="Causes for concern it rests on", required=False,
                                         widget=forms.CheckboxSelectMultiple)
    standards = forms.MultipleChoiceField(label="Expected standards not met", required=False,
                                          widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.evidence = evidence
        self.fields["visits"].choices = [
            (str(v.pk), f"QA visit {date_format(v.visit_date, 'j F Y') if v.visit_date else ''}"
                        f" ({v.get_state_display().lower()})")
            for v in evidence["visits"]]
        self.fields["concerns"].choices = [
            (str(c.pk), f"{c.section.title}, raised "
                        f"{date_format(timezone.localdate(c.raised_at), 'j F Y')}")
            for c in evidence["concerns"]]
        self.fields["standards"].choices = [
            (str(j.standard.pk), f"{j.asks}: {j.why}" if j.why else j.asks)
            for j in evidence["judged"]]
        shown = [name for name in ("visits", "concerns", "standards")
                 if self.fields[name].choices]
        for name in {"visits", "concerns", "standards"} - set(shown):
            del self.fields[name]
        self.helper = gds_helper(Field.textarea("reason"),
                                 *[Field.checkboxes(name, legend_size=Size.SMALL)
                                   for name in shown],
                                 Button("submit", "De-commission the provider",
                                        css_class="govuk-button--warning"))

    def chosen(self) -> dict:
        """The evidence chosen, as the objects themselves."""
        return {name: [item for item in self.evidence[name]
                       if str(item.pk) in self.cleaned_data.get(name, [])]
                for name in ("visits", "concerns", "standards")}
