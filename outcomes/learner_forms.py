"""Forms for learners and their goals entered by hand (validation only: the views hand the
cleaned data to ``outcomes.services``). The checks are the importer's (``import_rows``)."""
import re

from crispy_forms_gds.layout import Button, Field, Size
from django import forms

from core.forms import GovDateField, ModelChoiceField, date_input, gds_helper
from core.imports.files import CONTROL_CHARACTERS
from organisations.models import Organisation

from .forms import RouteChoice
from .import_rows import BAD_YEAR_OF_BIRTH, GOAL_CONTROL, GOAL_MAX_LENGTH, academic_year_ok
from .models import EARLIEST_BIRTH_YEAR, LATEST_BIRTH_YEAR, Learner
from .references import EXAMPLE, reference_problem
from .scheme import Scheme
from .services import commissioned_providers

# Tests assert these.
ENTER_REFERENCE = "Enter the learner's reference."
ENTER_YEAR_OF_BIRTH = "Enter the learner's year of birth, for example 2008."
CHOOSE_NEED = "Choose the learner's primary need."
CHOOSE_LA = "Choose the local authority the learner is yours in."
ENTER_ACADEMIC_YEAR = "Enter the academic year, for example 2025/26."
BAD_ACADEMIC_YEAR = "Give the academic year as 2025/26."
ENTER_GOAL = "Enter the goal."
GOAL_TOO_LONG = f"The goal must be {GOAL_MAX_LENGTH} characters or fewer."
CHOOSE_PROVIDER = "Choose the provider the learner attends."
CHOOSE_AREA = "Choose a Preparing for Adulthood area."
CHOOSE_RATING = "Choose how far the goal was met."
CHOOSE_SOFT = "Choose from the scale, or leave it not rated."
REVIEW_DATE_WHAT = "the date of the annual review"
ENTER_OUTCOME = "Enter the medium-term outcome."
ENTER_TARGET_YEAR = "Enter the academic year to reach it by, for example 2027/28."
CHOOSE_STEP = "Choose the step reached."
NUL_REFUSED = "Remove the control characters (such as a null byte) from what you typed."


def _printable(value: str) -> bool:
    return not CONTROL_CHARACTERS.search(value) and "\x00" not in value


def _academic_year(text: str) -> str:
    text = text.strip()
    if not academic_year_ok(text):
        raise forms.ValidationError(BAD_ACADEMIC_YEAR)
    return text


def _review_date():
    return GovDateField(label="Date of the annual review", what=REVIEW_DATE_WHAT,
                        example="12 3 2026", help_text="For example, 12 3 2026.")


def _provider_choice():
    """The provider of a goal or step: its choices are the LA's commissioned providers."""
    return ModelChoiceField(
        queryset=Organisation.objects.none(), label="Provider", empty_label="Choose the provider",
        error_messages={"required": CHOOSE_PROVIDER, "invalid_choice": CHOOSE_PROVIDER})


def _text(required: str, max_length: int, *, label: str, **kwargs):
    """A text field refusing NUL and over-long text with messages that say what to do."""
    return forms.CharField(label=label, max_length=max_length, error_messages={
        "required": required, "null_characters_not_allowed": NUL_REFUSED,
        "max_length": f"{label} must be {max_length} characters or fewer."}, **kwargs)


class LearnerForm(forms.Form):
    """A learner: the LA's reference, year of birth and primary need (and the LA, when the
    user manages several)."""

    local_authority = ModelChoiceField(
        queryset=Organisation.objects.none(), label="Which local authority is the learner yours in?",
        widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": CHOOSE_LA, "invalid_choice": CHOOSE_LA})
    reference = _text(ENTER_REFERENCE, 40, label="Learner reference",
                      help_text=f"Your authority's pseudonymous reference, such as {EXAMPLE}: 4 "
                                "to 40 letters, digits or hyphens, with at least one digit. Never "
                                "a name, date of birth, UPN, ULN, NHS number, email, phone number "
                                "or postcode.")
    year_of_birth = _text(ENTER_YEAR_OF_BIRTH, 4, label="Year of birth",
                          help_text="For example, 2008.")
    primary_need = forms.ChoiceField(
        label="Primary need", choices=[("", "Choose the primary need"), *Learner.Need.choices],
        error_messages={"required": CHOOSE_NEED, "invalid_choice": CHOOSE_NEED})

    def __init__(self, *args, local_authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["local_authority"].queryset = Organisation.objects.filter(
            pk__in=[la.pk for la in local_authorities]).order_by("name")
        self.only = local_authorities[0] if len(local_authorities) == 1 else None
        layout = []
        if self.only is not None:
            del self.fields["local_authority"]
        else:
            layout.append(Field.radios("local_authority", legend_size=Size.SMALL))
        layout += [
            Field.text("reference", label_size=Size.SMALL, field_width=20),
            Field.text("year_of_birth", label_size=Size.SMALL, field_width=4),
            Field("primary_need", context={"label_size": Size.for_label(Size.SMALL)}),
            Button("submit", "Add the learner"),
        ]
        self.helper = gds_helper(*layout)

    def clean_local_authority(self):
        return self.only or self.cleaned_data["local_authority"]

    def clean_reference(self):
        reference = self.cleaned_data["reference"]
        problem = reference_problem(reference)
        if problem:
            raise forms.ValidationError(problem)
        return reference

    def clean_year_of_birth(self):
        text = self.cleaned_data["year_of_birth"]
        if not (re.fullmatch(r"[0-9]{4}", text)
                and EARLIEST_BIRTH_YEAR <= int(text) <= LATEST_BIRTH_YEAR):
            raise forms.ValidationError(BAD_YEAR_OF_BIRTH.format(
                low=EARLIEST_BIRTH_YEAR, high=LATEST_BIRTH_YEAR, value=text))
        return int(text)

    def clean(self):
        data = super().clean()
        if self.only is not None:
            data["local_authority"] = self.only
        return data


class OutcomeForm(forms.Form):
    """One goal's outcome. New: the academic year and the goal as well; a correction changes
    the review date, provider, area, rating and soft outcomes (a goal and its year identify
    the row)."""

    academic_year = _text(ENTER_ACADEMIC_YEAR, 7, label="Academic year",
                          help_text="For example, 2025/26.")
    review_date = _review_date()
    provider = _provider_choice()
    goal = _text(ENTER_GOAL, GOAL_MAX_LENGTH, label="Goal",
                 widget=forms.Textarea(attrs={"rows": 3}),
                 help_text="As written in the EHC plan's outcomes, on one line.")
    pfa_area = forms.ChoiceField(
        label="Preparing for Adulthood area", widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_AREA, "invalid_choice": CHOOSE_AREA})
    rating = forms.ChoiceField(
        label="How far was the goal met?", widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_RATING, "invalid_choice": CHOOSE_RATING})

    def __init__(self, *args, local_authority: Organisation | None, scheme: Scheme, new: bool,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].error_messages["max_length"] = GOAL_TOO_LONG
        if local_authority is None:  # the provider is the sender (``ProgressEntryForm``)
            del self.fields["provider"]
        else:
            self.fields["provider"].queryset = commissioned_providers(local_authority)
        self.fields["pfa_area"].choices = [(t.code, t.label) for t in scheme.areas]
        self.fields["rating"].choices = [(t.code, t.label) for t in scheme.ratings]
        self.soft_names = {}
        for dimension in scheme.soft_dimensions:
            name = f"soft_{dimension.code}"
            self.soft_names[name] = dimension.code
            self.fields[name] = forms.ChoiceField(
                label=f"{dimension.label} (optional)", required=False,
                choices=[("", "Not rated"), *((t.code, t.label) for t in scheme.soft_scale)],
                error_messages={"invalid_choice": CHOOSE_SOFT})
        if not new:
            del self.fields["academic_year"]
            del self.fields["goal"]
        self.helper = gds_helper(*self.goal_layout(), Button("submit", "Save the goal"))

    def goal_layout(self) -> list:
        """The goal's fields in the order people fill them in (those the form has)."""
        layout = []
        if "academic_year" in self.fields:
            layout.append(Field.text("academic_year", label_size=Size.SMALL, field_width=10))
        layout.append(date_input("review_date"))
        if "provider" in self.fields:
            layout.append(Field("provider", context={"label_size": Size.for_label(Size.SMALL)}))
        if "goal" in self.fields:
            layout.append(Field.textarea("goal", label_size=Size.SMALL))
        layout += [Field.radios("pfa_area", legend_size=Size.SMALL),
                   Field.radios("rating", legend_size=Size.SMALL)]
        layout += [Field(name, context={"label_size": Size.for_label(Size.SMALL)})
                   for name in self.soft_names]
        return layout

    def clean_academic_year(self):
        return _academic_year(self.cleaned_data["academic_year"])

    def clean_goal(self):
        goal = self.cleaned_data["goal"]
        if not _printable(goal):
            raise forms.ValidationError(GOAL_CONTROL)
        return goal

    def clean(self):
        data = super().clean()
        data["soft"] = {code: data[name] for name, code in self.soft_names.items()
                        if data.get(name)}
        return data

    @staticmethod
    def initial_for(outcome) -> dict:
        """A recorded outcome as the form's initial values."""
        return {"review_date": outcome.review_date, "provider": outcome.provider_id,
                "pfa_area": outcome.pfa_area, "rating": outcome.rating,
                **{f"soft_{code}": value for code, value in outcome.soft.items()}}


class ProgressEntryForm(RouteChoice, OutcomeForm):
    """One goal's progress a provider's person types in: whose learner and to which local
    authority (a route, hidden when there is one), the LA's reference for the learner, and
    the goal as the LA's own form takes it (the provider is the sender)."""

    route_label = "Whose learner, and to which local authority?"

    learner_ref = _text(ENTER_REFERENCE, 40, label="The learner's reference",
                        help_text=f"As the local authority shares it with you, such as {EXAMPLE}.")

    def __init__(self, *args, routes, scheme: Scheme, **kwargs):
        super().__init__(*args, routes=routes, local_authority=None, scheme=scheme, new=True,
                         **kwargs)
        self.fields["learner_ref"].widget.attrs.update(autocomplete="off", spellcheck="false")
        first = [] if self.only else [Field.radios("route", legend_size=Size.SMALL)]
        self.helper = gds_helper(
            *first, Field.text("learner_ref", label_size=Size.SMALL, field_width=20),
            *self.goal_layout(), Button("submit", "Send to the local authority"))

    def clean_learner_ref(self):
        reference = self.cleaned_data["learner_ref"].strip()
        problem = reference_problem(reference)
        if problem:
            raise forms.ValidationError(problem)
        return reference


class MediumTermForm(forms.Form):
    """A medium-term outcome for a learner: its area, what it is, and the year to reach it."""

    pfa_area = forms.ChoiceField(
        label="Preparing for Adulthood area", widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_AREA, "invalid_choice": CHOOSE_AREA})
    outcome = _text(ENTER_OUTCOME, GOAL_MAX_LENGTH, label="Medium-term outcome",
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text="As written in the EHC plan, on one line.")
    target_year = _text(ENTER_TARGET_YEAR, 7, label="Academic year to reach it by",
                        help_text="For example, 2027/28.")

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pfa_area"].choices = [(t.code, t.label) for t in scheme.areas]
        self.helper = gds_helper(
            Field.radios("pfa_area", legend_size=Size.SMALL),
            Field.textarea("outcome", label_size=Size.SMALL),
            Field.text("target_year", label_size=Size.SMALL, field_width=10),
            Button("submit", "Save the outcome"))

    def clean_outcome(self):
        outcome = self.cleaned_data["outcome"].strip()
        if not _printable(outcome):
            raise forms.ValidationError(GOAL_CONTROL)
        return outcome

    def clean_target_year(self):
        return _academic_year(self.cleaned_data["target_year"])


class StepFields(forms.Form):
    """The step reached towards a medium-term outcome at one year's annual review."""

    academic_year = _text(ENTER_ACADEMIC_YEAR, 7, label="Academic year of the review",
                          help_text="For example, 2025/26.")
    review_date = _review_date()
    step = forms.ChoiceField(
        label="Step reached", widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_STEP, "invalid_choice": CHOOSE_STEP})

    def __init__(self, *args, scheme: Scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(t.code, t.label) for t in scheme.steps]

    def step_layout(self) -> list:
        return [Field.text("academic_year", label_size=Size.SMALL, field_width=10),
                date_input("review_date")]

    def clean_academic_year(self):
        return _academic_year(self.cleaned_data["academic_year"])


class StepForm(StepFields):
    """The LA's own record of a step: at which provider too (one it commissions)."""

    provider = _provider_choice()
    field_order = ["academic_year", "review_date", "provider", "step"]

    def __init__(self, *args, local_authority: Organisation, scheme: Scheme, **kwargs):
        super().__init__(*args, scheme=scheme, **kwargs)
        self.fields["provider"].queryset = commissioned_providers(local_authority)
        self.helper = gds_helper(
            *self.step_layout(),
            Field("provider", context={"label_size": Size.for_label(Size.SMALL)}),
            Field.radios("step", legend_size=Size.SMALL),
            Button("submit", "Save the step"))


class StepSendForm(RouteChoice, StepFields):
    """The step a provider's person sends for a learner the LA shares with them: from which
    provider (a route, hidden when there is one), the year, the review and the step."""

    route_label = "Sent by which provider?"
    field_order = ["route", "academic_year", "review_date", "step"]

    def __init__(self, *args, routes, scheme: Scheme, **kwargs):
        super().__init__(*args, routes=routes, scheme=scheme, **kwargs)
        first = [] if self.only else [Field.radios("route", legend_size=Size.SMALL)]
        self.helper = gds_helper(
            *first, *self.step_layout(), Field.radios("step", legend_size=Size.SMALL),
            Button("submit", "Send to the local authority"))
