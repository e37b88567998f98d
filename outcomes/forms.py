"""Forms for outcomes monitoring: uploading an import file (validation only; the view hands
the file to ``outcomes.importer`` and ``outcomes.services``)."""
from django import forms

from core.forms import ModelChoiceField
from core.imports.forms import ImportFileForm
from organisations.models import Organisation

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


class ProgressUploadForm(ImportFileForm):
    """A provider's file of progress, and where it goes: one of ``routes``, (provider, local
    authority) pairs the user may send to (hidden when there is only one)."""

    choose_file = "Choose a CSV or XLSX file of your learners' progress."
    field_order = ["route", "file"]

    route = forms.ChoiceField(label="Whose learners, and to which local authority?",
                              widget=forms.RadioSelect,
                              error_messages={"required": CHOOSE_ROUTE,
                                              "invalid_choice": CHOOSE_ROUTE})

    def __init__(self, *args, routes, **kwargs):
        super().__init__(*args, **kwargs)
        self.routes = {f"{provider.pk}-{la.pk}": (provider, la) for provider, la in routes}
        self.fields["route"].choices = [
            (key, f"{provider.name} to {la.name}") for key, (provider, la) in self.routes.items()]
        self.only = routes[0] if len(routes) == 1 else None
        if self.only is not None:
            self.fields["route"].widget = forms.HiddenInput()
            self.fields["route"].initial = next(iter(self.routes))
            self.fields["route"].disabled = True

    def clean_route(self):
        return self.only or self.routes[self.cleaned_data["route"]]


class RefuseForm(forms.Form):
    """Why progress is refused: the provider reads it."""

    reason = forms.CharField(
        label="Why are they refused?", widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500, help_text="The provider sees this beside each row you refuse.",
        error_messages={"required": "Say why the progress is refused: the provider sees the "
                                    "reason.",
                        "max_length": "The reason is too long: at most 500 characters fit."})
