"""The form to draw a moderation sample: validation only; the view hands cleaned data to
``reviews.sampling.draw_sample``, which checks the number against the providers."""
import datetime

from django import forms

from core.periods import academic_year, academic_years

from .sampling import METHOD_REQUIRED, SEED_RANGE, SHARE_RANGE, SHARE_REQUIRED, SIZE_REQUIRED
from .sampling_models import SEED_MAX, SHARE_MAX, ModerationSample

Method = ModerationSample.Method

YEAR_REQUIRED = "Choose the academic year."
SIZE_WHOLE_NUMBER = "Enter the number of providers as a whole number, like 5."
SIZE_TOO_SMALL = "Enter a number of providers of 1 or more."
SIZE_TOO_LARGE = "Enter a number of providers no larger than the number you commission."
SHARE_WHOLE_NUMBER = "Enter the percentage as a whole number, like 20."
SEED_WHOLE_NUMBER = "Enter the seed as a whole number, like 4821, or leave it blank."
# No partnership or LA commissions anywhere near this many providers; a larger number is
# refused here, politely, before it could reach a 32-bit database column.
SIZE_MAX = 10_000


def _number(label, *, min_value, max_value, messages, width, suffix="", help_text=""):
    """A whole-number box (GOV.UK: a text input with a numeric keyboard); ``width`` and
    ``suffix`` are for the template (``reviews/includes/_sample_number.html``)."""
    field = forms.IntegerField(
        label=label, required=False, min_value=min_value, max_value=max_value,
        help_text=help_text, error_messages=messages,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false",
                                      "autocomplete": "off"}))
    field.input_width = width
    field.input_suffix = suffix
    return field


class SampleDrawForm(forms.Form):
    """The year, how to choose (all, a number, a percentage) and an optional seed. A number
    typed into the box of a method not chosen is ignored, whatever it holds."""

    period = forms.ChoiceField(label="Academic year",
                               error_messages={"required": YEAR_REQUIRED,
                                               "invalid_choice": YEAR_REQUIRED})
    method = forms.ChoiceField(
        label="How do you want to choose the providers?", choices=Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": METHOD_REQUIRED, "invalid_choice": METHOD_REQUIRED})
    size = _number("Number of providers", min_value=1, max_value=SIZE_MAX,
                   width="govuk-input--width-5", messages={
        "invalid": SIZE_WHOLE_NUMBER, "min_value": SIZE_TOO_SMALL, "max_value": SIZE_TOO_LARGE})
    share = _number("Percentage of providers", min_value=1, max_value=SHARE_MAX,
                    width="govuk-input--width-3", suffix="%",
                    help_text="Rounded to the nearest whole provider, and at least one.",
                    messages={"invalid": SHARE_WHOLE_NUMBER, "min_value": SHARE_RANGE,
                              "max_value": SHARE_RANGE})
    seed = _number("Seed (optional)", min_value=0, max_value=SEED_MAX,
                   width="govuk-input--width-10",
                   help_text="Leave blank to draw with a new random seed. To draw an earlier "
                             "sample again, enter its seed.",
                   messages={"invalid": SEED_WHOLE_NUMBER, "min_value": SEED_RANGE,
                             "max_value": SEED_RANGE})

    # The box each method asks for.
    NUMBER_FIELDS = {"size": Method.SIZE, "share": Method.SHARE}

    def __init__(self, *args, today: datetime.date, years: list[str] | None = None, **kwargs):
        """``years``: the years offered, newest first (``sampling.sample_years``: back to the
        organisation's first submitted self-assessments); by default the years open to
        self-assessment, from the current one back to last year."""
        kwargs.setdefault("initial", {}).setdefault("period", academic_year(today))
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = ([(year, year) for year in years] if years is not None
                                         else academic_years(today))

    @property
    def method_options(self) -> list[tuple]:
        """Each method's radio with the number box it reveals (None for "All")."""
        numbers = {method: self[name] for name, method in self.NUMBER_FIELDS.items()}
        return [(radio, numbers.get(radio.data["value"])) for radio in self["method"]]

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("method")
        for name, needed_by in self.NUMBER_FIELDS.items():
            if method != needed_by:
                # A box for another method: not asked for, so neither used nor a mistake.
                self._errors.pop(name, None)
                cleaned[name] = None
            elif cleaned.get(name) is None and name not in self._errors:
                self.add_error(name, SIZE_REQUIRED if name == "size" else SHARE_REQUIRED)
        return cleaned
