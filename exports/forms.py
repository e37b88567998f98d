"""The bulk export form: validation only; the view hands cleaned data to
``exports.services.export_request``."""
import datetime

from crispy_forms_gds.layout import Field, Size
from django import forms

from qaportal.forms import ModelMultipleChoiceField, gds_helper
from qaportal.periods import academic_year

from .models import BulkExport
from .selectors import years_offered
from .services import PROVIDER_NOT_COMMISSIONED, PROVIDERS_REQUIRED, REPORTS_REQUIRED

ALL = "all"
CHOSEN = "chosen"
WHICH_REQUIRED = "Choose every provider you commission, or only the providers you tick."
YEAR_REQUIRED = "Choose the academic year."
AUDIENCE_REQUIRED = "Choose the provider copy or the commissioner copy."


class BulkExportForm(forms.Form):
    """Which providers (every one the organisation commissions, or those ticked), the year,
    the kinds of report and the copy. The ticked providers are only those it commissions."""

    which = forms.ChoiceField(
        label="Which providers?", widget=forms.RadioSelect,
        error_messages={"required": WHICH_REQUIRED, "invalid_choice": WHICH_REQUIRED})
    providers = ModelMultipleChoiceField(
        label="Providers", required=False, queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text="Used when you choose “Only the providers I tick”.")
    period = forms.ChoiceField(label="Academic year", error_messages={
        "required": YEAR_REQUIRED, "invalid_choice": YEAR_REQUIRED})
    reports = forms.MultipleChoiceField(
        label="Which reports?", choices=BulkExport.Report.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": REPORTS_REQUIRED, "invalid_choice": REPORTS_REQUIRED})
    audience = forms.ChoiceField(
        label="Which copy?", choices=BulkExport.Audience.choices, widget=forms.RadioSelect,
        help_text="The provider copy is the one a provider may be sent. A visit's internal "
                  "notes are only ever in the visiting partnership's commissioner copy.",
        error_messages={"required": AUDIENCE_REQUIRED, "invalid_choice": AUDIENCE_REQUIRED})

    def __init__(self, *args, organisation, providers, today: datetime.date, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("period", academic_year(today))
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        field = self.fields["providers"]
        field.queryset = providers
        field.error_messages["invalid_choice"] = PROVIDER_NOT_COMMISSIONED.format(
            organisation=organisation.name)
        self.fields["which"].choices = [
            (ALL, f"Every provider {organisation.name} commissions"),
            (CHOSEN, "Only the providers I tick"),
        ]
        self.fields["period"].choices = years_offered(today)
        self.helper = gds_helper(
            Field.radios("which", legend_size=Size.SMALL),
            Field.checkboxes("providers", legend_size=Size.SMALL, small=True),
            Field("period", context={"label_size": Size.for_label(Size.SMALL)}),
            Field.checkboxes("reports", legend_size=Size.SMALL),
            Field.radios("audience", legend_size=Size.SMALL),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("which") == ALL:
            # Ticks under "every provider" are not asked for: neither used nor a mistake.
            self._errors.pop("providers", None)
            cleaned["providers"] = []
        elif cleaned.get("which") == CHOSEN and not cleaned.get("providers") \
                and "providers" not in self._errors:
            self.add_error("providers", PROVIDERS_REQUIRED)
        return cleaned
