"""The bulk export form: validation only; the view hands cleaned data to
``exports.services.export_request``."""
import datetime

from crispy_forms_gds.layout import HTML, Field, Size
from django import forms
from django.db.models import Q
from django.utils.html import escape

from core.forms import ModelMultipleChoiceField, gds_helper, parse_id
from core.lists import SEARCH_MAX_LENGTH, search_text
from core.periods import academic_year

from .models import BulkExport
from .selectors import years_offered
from .services import PROVIDER_NOT_COMMISSIONED, PROVIDERS_REQUIRED, REPORTS_REQUIRED

ALL = "all"
CHOSEN = "chosen"
WHICH_REQUIRED = "Choose every provider you commission, or only the providers you tick."
YEAR_REQUIRED = "Choose the academic year."
AUDIENCE_REQUIRED = "Choose the provider copy or the commissioner copy."
# The button that narrows the providers to tick, rather than starting the export.
FIND = "find"
# How many providers the form lists to tick (beside those already ticked): the page costs the
# same for an LA commissioning 5 providers or 500.
PROVIDERS_SHOWN = 50


class BulkExportForm(forms.Form):
    """Which providers (every one the organisation commissions, or those ticked), the year,
    the kinds of report and the copy. The ticked providers are only those it commissions."""

    which = forms.ChoiceField(
        label="Which providers?", widget=forms.RadioSelect,
        error_messages={"required": WHICH_REQUIRED, "invalid_choice": WHICH_REQUIRED})
    find = forms.CharField(
        label="Find providers to tick by name", required=False, max_length=SEARCH_MAX_LENGTH,
        help_text="Providers you have ticked stay ticked when you find others.")
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
        field.queryset = self._listed(providers)
        field.help_text = self._listed_text()
        field.error_messages["invalid_choice"] = PROVIDER_NOT_COMMISSIONED.format(
            organisation=organisation.name)
        self.fields["which"].choices = [
            (ALL, f"Every provider {organisation.name} commissions"),
            (CHOSEN, "Only the providers I tick"),
        ]
        self.fields["period"].choices = years_offered(today)
        self.helper = gds_helper(
            Field.radios("which", legend_size=Size.SMALL),
            Field("find", context={"label_size": Size.for_label(Size.SMALL)}),
            HTML(f'<button type="submit" name="action" value="{FIND}" class="govuk-button '
                 'govuk-button--secondary" data-module="govuk-button">Find providers</button>'),
            Field.checkboxes("providers", legend_size=Size.SMALL, small=True),
            Field("period", context={"label_size": Size.for_label(Size.SMALL)}),
            Field.checkboxes("reports", legend_size=Size.SMALL),
            Field.radios("audience", legend_size=Size.SMALL),
        )

    @classmethod
    def as_filled(cls, data) -> dict:
        """The answers in ``data``, read by each field's widget as binding reads them, as the
        initial values of an unbound form: the form again as filled in, nothing checked."""
        answers = {name: field.widget.value_from_datadict(data, {}, name)
                   for name, field in cls.base_fields.items()}
        answers["find"] = search_text(answers["find"])
        return answers

    def _answer(self, name):
        """The posted value when bound, read by the field's widget; else the initial one. Not
        through ``self[name]``: a bound field copies the hint when made, before it is set."""
        field = self.fields[name]
        if self.is_bound:
            return field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        return self.get_initial_for_field(field, name)

    def _listed(self, providers):
        """The providers to tick: those ticked already and the first 50 by name whose name
        holds the words in "find" (one query, however many the organisation commissions).
        ``matching``, how many match, says whether there are more to find."""
        self.searched = search_text(self._answer("find"))
        matching = providers.filter(name__icontains=self.searched) if self.searched else providers
        self.matching = matching.count()
        ticked = [pk for pk in map(parse_id, self._answer("providers") or []) if pk is not None]
        return providers.filter(Q(pk__in=ticked)
                                | Q(pk__in=matching.values("pk")[:PROVIDERS_SHOWN]))

    def _listed_text(self) -> str:
        used = "Used when you choose “Only the providers I tick”."
        searched = escape(self.searched)  # the hint is drawn as HTML
        if self.searched:
            if not self.matching:
                return f"No provider you commission has “{searched}” in its name. {used}"
            found = (f"{self.matching} providers have" if self.matching > 1
                     else "1 provider has") + f" “{searched}” in their name"
            if self.matching > PROVIDERS_SHOWN:
                found += f"; the first {PROVIDERS_SHOWN} are listed"
            return f"{found}, with any you have ticked. {used}"
        if self.matching > PROVIDERS_SHOWN:
            return (f"The first {PROVIDERS_SHOWN} of {self.matching} by name are listed: find "
                    f"others by name above. {used}")
        return used

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


class PackForm(forms.Form):
    """The year of a local authority's inspection pack (its years: ``years_offered``)."""

    period = forms.ChoiceField(label="Academic year", error_messages={
        "required": YEAR_REQUIRED, "invalid_choice": YEAR_REQUIRED})

    def __init__(self, *args, today: datetime.date, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("period", academic_year(today))
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = years_offered(today)
        self.helper = gds_helper(
            Field("period", context={"label_size": Size.for_label(Size.SMALL)}))
