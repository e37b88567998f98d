"""Forms for outcomes monitoring: uploading an import file (validation only; the view hands
the file to ``outcomes.importer`` and ``outcomes.services``)."""
from crispy_forms_gds.layout import Button, Field, Size
from django import forms

from core.forms import ModelChoiceField, gds_helper
from core.imports.files import CONTROL_CHARACTERS
from core.imports.forms import ImportFileForm
from core.periods import academic_year, period_starting, periods_between, start_year
from organisations.models import Organisation

from .indicator_models import Indicator

CHOOSE_FILE = "Choose a CSV or XLSX file of outcomes."
CHOOSE_LA = "Choose the local authority the outcomes are for."


class ImportUploadForm(ImportFileForm):
    choose_file = CHOOSE_FILE
    field_order = ["local_authority", "file"]

    local_authority = ModelChoiceField(
        queryset=None, label="Which local authority are these learners’?",
        widget=forms.RadioSelect, empty_label=None,
        error_messages={"required": CHOOSE_LA, "invalid_choice": CHOOSE_LA})

    def __init__(self, *args, local_authorities, **kwargs):
        super().__init__(*args, **kwargs)
        # The LAs the user may import for, as the view found them (a list, by name).
        self.fields["local_authority"].queryset = Organisation.objects.filter(
            pk__in=[la.pk for la in local_authorities]).order_by("name")
        self.only = local_authorities[0] if len(local_authorities) == 1 else None
        if self.only is not None:
            # One LA: nothing to choose, and whatever the browser sends is ignored.
            self.fields["local_authority"].widget = forms.HiddenInput()
            self.fields["local_authority"].initial = self.only.pk
            self.fields["local_authority"].disabled = True

    def clean_local_authority(self):
        return self.only or self.cleaned_data["local_authority"]


CHOOSE_ROUTE = "Choose which provider's learners these are and the local authority to send to."


class RouteChoice(forms.Form):
    """Where progress goes: one of ``routes``, (provider, local authority) pairs the user may
    send to (hidden when there is only one); ``cleaned_data["route"]`` is the pair."""

    route_label = "Whose learners, and to which local authority?"

    route = forms.ChoiceField(widget=forms.RadioSelect,
                              error_messages={"required": CHOOSE_ROUTE,
                                              "invalid_choice": CHOOSE_ROUTE})

    def __init__(self, *args, routes, **kwargs):
        super().__init__(*args, **kwargs)
        self.routes = {f"{provider.pk}-{la.pk}": (provider, la) for provider, la in routes}
        self.fields["route"].label = self.route_label
        self.fields["route"].choices = [
            (key, f"{provider.name} to {la.name}") for key, (provider, la) in self.routes.items()]
        self.only = routes[0] if len(routes) == 1 else None
        if self.only is not None:
            self.fields["route"].widget = forms.HiddenInput()
            self.fields["route"].initial = next(iter(self.routes))
            self.fields["route"].disabled = True

    def clean_route(self):
        return self.only or self.routes[self.cleaned_data["route"]]


class ProgressUploadForm(RouteChoice, ImportFileForm):
    """A provider's file of progress, and where it goes (``RouteChoice``)."""

    choose_file = "Choose a CSV or XLSX file of your learners' progress."
    field_order = ["route", "file"]


class RefuseForm(forms.Form):
    """Why progress is refused: the provider reads it."""

    reason = forms.CharField(
        label="Why are they refused?", widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500, help_text="The provider sees this beside each row you refuse.",
        error_messages={"required": "Say why the progress is refused: the provider sees the "
                                    "reason.",
                        "max_length": "The reason is too long: at most 500 characters fit."})


INDICATOR_YEARS = 10  # figures may be recorded for the current year and the nine before
CHOOSE_INDICATOR = "Choose the indicator."
CHOOSE_YEAR = "Choose the academic year the figure is for."
ENTER_FIGURE = "Enter the figure as a number, for example 91.2."
COMPARATOR_NOT_PLAIN = "Name the comparator in plain text, for example England."
CHOOSE_PROVIDER = "Choose one of the providers you commission, or your whole SEND cohort."


class IndicatorValueForm(forms.Form):
    """A year's figure of an area indicator: the LA's own, or a comparator's."""

    indicator = ModelChoiceField(queryset=None, label="Indicator", empty_label=None,
                                 error_messages={"required": CHOOSE_INDICATOR,
                                                 "invalid_choice": CHOOSE_INDICATOR})
    academic_year = forms.ChoiceField(label="Academic year", error_messages={
        "required": CHOOSE_YEAR, "invalid_choice": CHOOSE_YEAR})
    provider = ModelChoiceField(
        queryset=None, required=False, label="Provider (optional)",
        empty_label="Your whole SEND cohort",
        help_text="Where you have the figure for your learners at one provider.",
        error_messages={"invalid_choice": CHOOSE_PROVIDER})
    comparator = forms.CharField(
        label="Comparator (leave blank for your own SEND cohort)", required=False, max_length=80,
        help_text="For example England, Statistical neighbours or Inner London.")
    value = forms.DecimalField(
        label="Figure", max_digits=9, decimal_places=2, min_value=-9_999_999,
        max_value=9_999_999, help_text="In the indicator's unit: 91.2 for 91.2%.",
        # GOV.UK asks for a text input for numbers: a number input mangles what is typed.
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"required": ENTER_FIGURE, "invalid": ENTER_FIGURE})

    def __init__(self, *args, indicators, providers, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["provider"].queryset = providers
        newest = academic_year(today)
        self.fields["academic_year"].choices = [(p, p) for p in periods_between(
            newest, period_starting(start_year(today) - INDICATOR_YEARS + 1))]
        small = {"label_size": Size.for_label(Size.SMALL)}
        self.helper = gds_helper(
            Field("indicator", context=small), Field("academic_year", context=small),
            Field("provider", context=small),
            Field.text("comparator", label_size=Size.SMALL, field_width=20),
            Field.text("value", label_size=Size.SMALL, field_width=10),
            Button("submit", "Record the figure"))

    def clean_comparator(self):
        name = self.cleaned_data["comparator"].strip()
        if CONTROL_CHARACTERS.search(name):
            raise forms.ValidationError(COMPARATOR_NOT_PLAIN)
        return name


class IndicatorForm(forms.Form):
    """An LA's own indicator."""

    name = forms.CharField(label="Name", max_length=120,
                           error_messages={"required": "Enter the indicator's name."})
    unit = forms.ChoiceField(label="Unit", widget=forms.RadioSelect, error_messages={
        "required": "Choose the indicator's unit."})
    higher_is_better = forms.TypedChoiceField(
        label="Which way is better?", widget=forms.RadioSelect,
        choices=[("yes", "Higher is better"), ("no", "Lower is better")],
        coerce=lambda value: value == "yes",
        error_messages={"required": "Choose whether a higher or a lower figure is better."})
    source = forms.CharField(label="Where the figures come from (optional)", required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = Indicator.Unit.choices
        self.helper = gds_helper(
            Field.text("name", label_size=Size.SMALL),
            Field.radios("unit", legend_size=Size.SMALL),
            Field.radios("higher_is_better", legend_size=Size.SMALL),
            Field.textarea("source", label_size=Size.SMALL),
            Button("submit", "Add the indicator"))

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name or CONTROL_CHARACTERS.search(name):
            raise forms.ValidationError("Enter the indicator's name in plain text.")
        return name


class IndicatorFileForm(ImportFileForm):
    """A file of area indicator figures."""

    choose_file = "Choose a CSV or XLSX file of indicator figures."
