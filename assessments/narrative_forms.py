"""Forms for what a provider says beside its ratings: the cohort's figures and the narrative
and strengths. Validation only; views hand cleaned data to ``assessments.narrative``."""
from crispy_forms_gds.layout import Button, Field, Fieldset, Size
from django import forms

from core.forms import gds_helper

from .models import COUNT_LIMIT

TEXT_MAX_CHARS = 10_000
COUNT_REQUIRED = "Enter the number of {what}, 0 if none."
COUNT_NOT_WHOLE = "The number of {what} must be a whole number, like 8."
COUNT_RANGE = "The number of {what} must be between 0 and {limit:,}."
FOLLOW_UP_RANGE = "The follow-up point must be between 1 and 36 months."


def _count(label: str, what: str, *, required=True, hint="") -> forms.IntegerField:
    return forms.IntegerField(
        label=label, help_text=hint, required=required, min_value=0, max_value=COUNT_LIMIT,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": COUNT_REQUIRED.format(what=what),
                        "invalid": COUNT_NOT_WHOLE.format(what=what),
                        "min_value": COUNT_RANGE.format(what=what, limit=COUNT_LIMIT),
                        "max_value": COUNT_RANGE.format(what=what, limit=COUNT_LIMIT)})


class CohortForm(forms.Form):
    """The year's interns. That each figure is at most the one it is part of is the service's
    rule (``narrative.cohort_save``), shown beside each field it refuses."""

    started = _count("Interns who started the programme this year", "interns who started")
    completed = _count("Interns who completed it", "interns who completed")
    employed = _count("Interns who moved into paid employment", "interns in paid employment")
    employed_qualifying = _count("Of those, how many work {hours} hours a week or more at or "
                                 "above the minimum wage", "interns in qualifying work")
    sustained = _count("Of those in paid employment, how many are still employed at the "
                       "follow-up point", "interns still employed", required=False,
                       hint="Leave empty until the follow-up point has come.")
    follow_up_months = forms.IntegerField(
        label="Follow-up point, in months after completing", min_value=1, max_value=36,
        initial=6, widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": FOLLOW_UP_RANGE, "invalid": FOLLOW_UP_RANGE,
                        "min_value": FOLLOW_UP_RANGE, "max_value": FOLLOW_UP_RANGE})

    def __init__(self, *args, minimum_hours: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["employed_qualifying"]
        field.label = field.label.format(hours=minimum_hours)
        self.helper = gds_helper(*[Field.text(name, field_width=4) for name in self.fields],
                                 Button("submit", "Save cohort figures"))


class NarrativeForm(forms.Form):
    """The whole self-assessment's narrative and strengths, then each section's."""

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        layout = [self._pair("", "The whole self-assessment")]
        for section in sections:
            layout.append(self._pair(f"{section.pk}", f"{section.code}. {section.title}"))
        self.sections = list(sections)
        self.helper = gds_helper(*layout, Button("submit", "Save"))

    def _pair(self, key: str, legend: str) -> Fieldset:
        for kind, label in (("strengths", "Strengths to celebrate"), ("narrative", "Narrative")):
            self.fields[f"{kind}_{key or 'all'}"] = forms.CharField(
                label=label, required=False, max_length=TEXT_MAX_CHARS, widget=forms.Textarea(
                    attrs={"rows": 4}),
                error_messages={"max_length": f"{label} must be {TEXT_MAX_CHARS:,} characters "
                                              f"or fewer."})
        return Fieldset(Field.textarea(f"strengths_{key or 'all'}"),
                        Field.textarea(f"narrative_{key or 'all'}"),
                        legend=legend, legend_size=Size.MEDIUM)

    def texts(self) -> dict:
        """{section id or None: (narrative, strengths)} from the cleaned data."""
        keys = [(None, "all")] + [(s.pk, str(s.pk)) for s in self.sections]
        return {pk: (self.cleaned_data[f"narrative_{key}"].strip(),
                     self.cleaned_data[f"strengths_{key}"].strip()) for pk, key in keys}

    @staticmethod
    def initial_for(narratives) -> dict:
        initial = {}
        for row in narratives:
            key = row.section_id or "all"
            initial[f"narrative_{key}"], initial[f"strengths_{key}"] = row.narrative, row.strengths
        return initial

