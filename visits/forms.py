"""Forms for QA visits: validation only; views hand cleaned data to ``visit_services``."""
from crispy_forms_gds.layout import HTML, Button, Field, Size
from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import linebreaksbr
from django.utils.html import format_html

from assessments.forms import EVIDENCE_MAX_CHARS, CriterionForm, MultipleFileField, RowForm
from assessments.selectors import as_level
from core.forms import (
    GovDateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    date_input,
    gds_helper,
)
from frameworks.models import RatingLevel, Section
from organisations.models import Commissioning, Membership, User

from . import rag_rules
from .concerns import DECISION_REASONS_REQUIRED
from .contacts import KIND_REQUIRED, LISTED_REQUIRED, SUMMARY_REQUIRED, WITH_WHOM_REQUIRED
from .dates import VISIT_DATE_REQUIRED, visit_date_error
from .follow_up import OWNER_MAX_LENGTH, OWNER_REQUIRED, OWNER_TOO_LONG
from .models import ConcernDecision, VisitContact
from .services import (
    OFFICERS_REQUIRED,
    RESPONSE_REQUIRED,
    VISITOR_INCOMPLETE,
    WITHDRAW_REASON_REQUIRED,
)

TEXT_MAX = 10_000
VISITOR_ROWS = 3  # blank school-visitor rows offered (more can be added after saving)
LEVEL_CHOICE_ERROR = "Choose Red, Amber or Green."


def _text(label, rows=4, required=False, help_text="", max_length=TEXT_MAX):
    return forms.CharField(
        label=label, required=required, help_text=help_text, max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"{label} must be {max_length:,} characters or fewer."},
    )


class ChooseProviderForm(forms.Form):
    """Which provider (and, for officers of several partnerships, which partnership) to visit."""

    link = ModelChoiceField(
        label="Which provider are you visiting?", queryset=Commissioning.objects.none(),
        widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": "Choose the provider you are visiting."},
    )

    def __init__(self, *args, links, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["link"].queryset = links
        several = len({link.commissioner_id for link in links}) > 1
        self.fields["link"].label_from_instance = (
            lambda link: f"{link.provider.name}" + (f", for {link.commissioner.name}" if several else ""))


class VisitSetupForm(forms.Form):
    """The planned visit date, the visiting team and the sections chosen as key for this visit."""

    planned_visit_date = GovDateField(
        label="Planned visit date", what="the planned date of the visit", example="12 3 2026",
        help_text="For example, 12 3 2026.",
    )
    officers = ModelMultipleChoiceField(
        label="Partnership officers on the visiting team", queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple, error_messages={"required": OFFICERS_REQUIRED},
    )
    key_sections = ModelMultipleChoiceField(
        label="Other key aspects for this visit (optional)", queryset=Section.objects.none(),
        widget=forms.CheckboxSelectMultiple, required=False,
        help_text="A Red judgement in a key aspect is a cause for concern: the partnership "
                  "chair is alerted and decides on the future use of the provider.",
    )

    def __init__(self, *args, partnership, framework, visitors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officers"].queryset = User.objects.filter(
            memberships__organisation=partnership,
            memberships__role=Membership.Role.PARTNERSHIP_OFFICER, is_active=True,
        ).order_by("full_name", "email")
        self.fields["officers"].label_from_instance = lambda u: u.display_name
        key_sections = framework.scoring_parameters.get("key_sections", [])
        sections = list(Section.objects.filter(framework=framework).order_by("order"))
        self.always_key = [s for s in sections if rag_rules.is_key_section(
            section_code=s.code, key_aspect=s.key_aspect, key_sections=key_sections)]
        self.fields["key_sections"].queryset = Section.objects.filter(
            pk__in=[s.pk for s in sections if s not in self.always_key]).order_by("order")
        self.fields["key_sections"].label_from_instance = lambda s: f"{s.code}. {s.title}"
        self.visitor_rows = []
        rows = list(visitors) + [("", "")] * VISITOR_ROWS
        for i, (name, school) in enumerate(rows):
            self.fields[f"visitor_name_{i}"] = forms.CharField(
                label="Name", required=False, max_length=200, initial=name)
            self.fields[f"visitor_school_{i}"] = forms.CharField(
                label="School", required=False, max_length=200, initial=school)
            self.visitor_rows.append((self[f"visitor_name_{i}"], self[f"visitor_school_{i}"]))
        self.helper = gds_helper(
            date_input("planned_visit_date"),
            Field.checkboxes("officers", legend_size=Size.SMALL),
        )

    def clean(self):
        cleaned = super().clean()
        visitors = []
        for i in range(len(self.visitor_rows)):
            name = (cleaned.get(f"visitor_name_{i}") or "").strip()
            school = (cleaned.get(f"visitor_school_{i}") or "").strip()
            if bool(name) != bool(school):
                self.add_error(f"visitor_school_{i}" if name else f"visitor_name_{i}",
                               VISITOR_INCOMPLETE)
            elif name:
                visitors.append((name, school))
        cleaned["school_visitors"] = visitors
        return cleaned


class VisitRecordForm(forms.Form):
    """The date the visit took place, asked for when it is marked recorded: today or earlier,
    offered as the planned date when that has come."""

    visited_on = GovDateField(
        label="When did the visit take place?", what="the date the visit took place",
        example="12 3 2026",
        help_text="The day the visit took place, today or earlier. For example, 12 3 2026.",
    )

    def __init__(self, *args, visit, today, **kwargs):
        planned = visit.planned_visit_date
        kwargs.setdefault("initial", {
            "visited_on": planned if planned and planned <= today else None})
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["visited_on"].error_messages["required"] = VISIT_DATE_REQUIRED
        self.helper = gds_helper(date_input("visited_on"))

    def clean_visited_on(self):
        visited_on = self.cleaned_data["visited_on"]
        error = visit_date_error(visited_on, self.today)
        if error:
            raise ValidationError(error)
        return visited_on


def _level_field():
    return ModelChoiceField(
        queryset=RatingLevel.objects.none(), required=False, widget=forms.RadioSelect,
        empty_label=None, error_messages={"invalid_choice": LEVEL_CHOICE_ERROR},
    )


class RequirementForm(RowForm):
    """The partnership's part of one requirement: observer notes, R/A/G, action points and
    internal notes (never shown to the provider)."""

    observer_notes = _text("Observer notes")
    level = _level_field()
    action_points = _text("Action points", rows=3)
    internal_notes = _text("Internal notes, not shared", rows=3)
    initial_fields = ("observer_notes", "action_points", "internal_notes")
    level_choice_error = LEVEL_CHOICE_ERROR


class EvidenceForm(RowForm):
    """The provider's evidence for one requirement: text and files."""

    evidence = _text("Provider evidence", rows=5, max_length=EVIDENCE_MAX_CHARS)
    files = MultipleFileField(required=False)
    initial_fields = ("evidence",)

    clean_files = CriterionForm.clean_files  # the same upload checks as a self-assessment


class JudgementForm(RowForm):
    """A section's concluding judgement. The justification rule is checked by the service
    too; here it gives the message beside the field."""

    level = _level_field()
    narrative = _text("Narrative", rows=6)
    follow_up_actions = _text("Follow-up actions agreed with the provider", rows=4)
    justification = _text(
        "Justification", rows=3,
        help_text="Needed when your judgement is better than a requirement rated Red in this "
                  "section.")
    initial_fields = ("narrative", "follow_up_actions", "justification")
    level_choice_error = LEVEL_CHOICE_ERROR

    def __init__(self, *args, ratings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.ratings = list(ratings)

    def clean(self):
        cleaned = super().clean()
        if "level" in cleaned and "justification" in cleaned:
            error = rag_rules.justification_error(as_level(cleaned["level"]), self.ratings,
                                                  cleaned["justification"])
            if error:
                self.add_error("justification", error)
        return cleaned


class RespondForm(forms.Form):
    response = _text(
        "Your response to the judgements", rows=8, required=True,
        help_text="The partnership sees your response with the judgements before the record "
                  "is finalised.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].error_messages["required"] = RESPONSE_REQUIRED
        self.helper = gds_helper(Field.textarea("response", label_size=Size.SMALL))

    def clean_response(self):
        response = self.cleaned_data["response"].strip()
        if not response:
            raise ValidationError(RESPONSE_REQUIRED)
        return response


class WithdrawForm(forms.Form):
    reason = _text("Why are you withdrawing this visit record?", rows=4, required=True,
                   help_text="This is recorded in the visit's history.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = WITHDRAW_REASON_REQUIRED
        self.helper = gds_helper(Field.textarea("reason", label_size=Size.SMALL))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(WITHDRAW_REASON_REQUIRED)
        return reason


class DecisionForm(forms.Form):
    """The chair's decision on a cause for concern."""

    decision = forms.ChoiceField(
        label="Your decision about the future use of the provider",
        choices=ConcernDecision.Decision.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose your decision."},
    )
    reasons = _text("Reasons for the decision", rows=5, required=True)
    conditions = _text("Conditions", rows=4,
                       help_text="Only for “Continue with conditions”: what the provider must do.")
    review_date = GovDateField(
        label="Review date", what="the date the conditions will be reviewed", example="30 6 2026",
        required=False,
        help_text="Only for “Continue with conditions”. For example, 30 6 2026.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons"].error_messages["required"] = DECISION_REASONS_REQUIRED
        self.helper = gds_helper(
            Field.radios("decision", legend_size=Size.SMALL),
            Field.textarea("reasons", label_size=Size.SMALL),
            Field.textarea("conditions", label_size=Size.SMALL),
            date_input("review_date"),
        )



class FinaliseForm(forms.Form):
    """Who is responsible for each action agreed at the visit, and when it is due: the visit
    is final only once each has both (``follow_up.agree``, which also checks them)."""

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.actions = list(actions)
        layout = []
        for action in self.actions:
            n = action.number
            self.fields[action.owner_field] = forms.CharField(
                label=f"Who is responsible for action {n}", max_length=OWNER_MAX_LENGTH,
                help_text="A person, a role or a partner, for example the provider's "
                          "designated safeguarding lead.",
                error_messages={"required": OWNER_REQUIRED.format(n=n),
                                "max_length": OWNER_TOO_LONG.format(n=n,
                                                                    limit=OWNER_MAX_LENGTH)})
            self.fields[action.due_field] = GovDateField(
                label=f"When action {n} is due", what=f"the date action {n} is due",
                example="31 3 2027", help_text="For example, 31 3 2027.")
            layout += [HTML(format_html(
                '<h2 class="govuk-heading-m">Action {}</h2><p class="govuk-body govuk-!-margin-'
                'bottom-1"><strong>{}</strong></p><div class="govuk-inset-text app-break-words">'
                '{}</div>', n, action.where, linebreaksbr(action.text))),
                Field.text(action.owner_field, label_size=Size.SMALL),
                date_input(action.due_field)]
        self.helper = gds_helper(*layout)

    def agreed(self) -> dict:
        """Who and when for each action, by its key (as ``visit_finalise`` takes them)."""
        return {a.key: (self.cleaned_data.get(a.owner_field, ""),
                        self.cleaned_data.get(a.due_field)) for a in self.actions}


class ContactForm(forms.Form):
    """One contact with the provider, for the visit's contact log."""

    kind = forms.ChoiceField(label="How were you in contact?", choices=VisitContact.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": KIND_REQUIRED,
                                             "invalid_choice": KIND_REQUIRED})
    contacted_on = GovDateField(label="Date", what="the date of the contact",
                                example="12 3 2026", help_text="For example, 12 3 2026.")
    with_whom = forms.CharField(label="With whom", max_length=200,
                                help_text="Who you spoke to or wrote to at the provider.",
                                error_messages={"required": WITH_WHOM_REQUIRED})
    summary = _text("Summary", rows=4, required=True,
                    help_text="What was said or agreed. The provider does not see the log.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].error_messages["required"] = SUMMARY_REQUIRED
        self.helper = gds_helper(Field.radios("kind", legend_size=Size.SMALL, inline=True),
                                 date_input("contacted_on"),
                                 Field.text("with_whom", label_size=Size.SMALL),
                                 Field.textarea("summary", label_size=Size.SMALL),
                                 Button("submit", "Add to the contact log"))


class LebcForm(forms.Form):
    """What consulting the LEBC database found, before the visit."""

    listed = forms.TypedChoiceField(
        label="Is the provider on the LEBC database?", widget=forms.RadioSelect,
        choices=[("yes", "Yes, as a result of its annual audit"), ("no", "No")],
        coerce=lambda value: value == "yes",
        help_text="Providers are on it once they complete the annual audit for health and "
                  "safety and safeguarding.",
        error_messages={"required": LISTED_REQUIRED, "invalid_choice": LISTED_REQUIRED})
    checked_on = GovDateField(label="When did you check?", what="the date you checked the "
                              "LEBC database", example="12 3 2026",
                              help_text="For example, 12 3 2026.")
    outstanding = _text("Recommendations outstanding (optional)", rows=3,
                        help_text="Any of the audit's recommendations the provider has not yet "
                                  "completed.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.radios("listed", legend_size=Size.SMALL),
                                 date_input("checked_on"),
                                 Field.textarea("outstanding", label_size=Size.SMALL),
                                 Button("submit", "Save the LEBC check"))
