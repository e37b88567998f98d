"""The forms of an LA data-protection lead's pages: its retention periods, and one learner by
reference (for a subject-access file, or to erase them, with the reason)."""
from crispy_forms_gds.layout import Button, Field, Size
from django import forms

from core.forms import gds_helper

from .models import Learner
from .retention_models import RetentionPeriods

# Tests assert these.
NO_SUCH_LEARNER = ("There is no learner with the reference {reference} in {la}. Check the "
                   "reference: it is your authority's own, such as SH-0001.")
GIVE_REFERENCE = "Enter the learner’s reference."
GIVE_REASON = "Give the reason for erasing the learner, such as the request it answers."
REASON_LENGTH = 500


class RetentionForm(forms.ModelForm):
    class Meta:
        model = RetentionPeriods
        fields = ["learner_age", "access_years"]
        labels = {"learner_age": "Keep a learner’s rows until the end of the year they turn",
                  "access_years": "Keep the records of access to learners’ rows for (years)"}
        help_texts = {
            "learner_age": "Between 25 and 100. Only the year of birth is held, so a learner "
                           "born in 2000 kept to 31 is deleted on 1 January 2032.",
            "access_years": "Between 1 and 20. A record older than this is deleted."}
        error_messages = {
            "learner_age": {"required": "Enter the age, such as 31.",
                            "invalid": "Enter the age as a whole number, such as 31.",
                            "min_value": "The age must be 25 or more: a plan can run to 25.",
                            "max_value": "The age must be 100 or less."},
            "access_years": {"required": "Enter the years, such as 2.",
                             "invalid": "Enter the years as a whole number, such as 2.",
                             "min_value": "Keep the records for a year at least.",
                             "max_value": "The years must be 20 or fewer."}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].widget.attrs.update(inputmode="numeric")
        self.helper = gds_helper(Field.text("learner_age", field_width=3),
                              Field.text("access_years", field_width=3),
                              Button("save", "Save retention periods"))


class LearnerForm(forms.Form):
    """One learner of an LA whose data-protection lead the user is, by reference (the LA is
    chosen only when they lead several)."""

    local_authority = forms.ModelChoiceField(
        queryset=None, empty_label=None, label="Local authority",
        error_messages={"invalid_choice": "Choose one of your local authorities."})
    reference = forms.CharField(label="Learner reference", max_length=40,
                                error_messages={"required": GIVE_REFERENCE})
    button = "Continue"

    def __init__(self, *args, las, **kwargs):
        super().__init__(*args, **kwargs)
        self.learner = None
        field = self.fields["local_authority"]
        field.queryset = type(las[0]).objects.filter(pk__in=[la.pk for la in las]).order_by("name")
        field.initial = las[0].pk
        layout = [Field.text("reference", label_size=Size.SMALL, field_width=20)]
        if len(las) == 1:  # their one LA, whatever is posted
            field.widget, field.disabled = forms.HiddenInput(), True
        else:
            layout.insert(0, Field.select("local_authority", label_size=Size.SMALL))
        self.helper = gds_helper(*layout, *self.extra_layout(), Button("continue", self.button))

    def extra_layout(self) -> list:
        return []

    def clean(self):
        data = super().clean()
        la, reference = data.get("local_authority"), data.get("reference", "").strip()
        if la and reference:
            self.learner = (Learner.objects.select_related("local_authority")
                            .filter(local_authority=la, reference=reference).first())
            if self.learner is None:
                self.add_error("reference", NO_SUCH_LEARNER.format(reference=reference,
                                                                   la=la.name))
        return data


class SubjectAccessForm(LearnerForm):
    button = "Download everything held (ZIP)"


class ErasureForm(LearnerForm):
    reason = forms.CharField(
        label="Why erase them", max_length=REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the learner’s request of 3 December 2026. It is kept with the "
                  "record of the erasure.",
        error_messages={"required": GIVE_REASON,
                        "max_length": f"The reason must be {REASON_LENGTH} characters or fewer."})

    def extra_layout(self) -> list:
        return [Field.textarea("reason", label_size=Size.SMALL)]
