"""Project-wide form helpers and fields for the GOV.UK Design System template pack."""
import datetime
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

DATE_NOT_REAL = "Enter a real date, for example {example}."
DATE_INCOMPLETE = "Enter the day, month and year of {what}."
DATE_YEAR_DIGITS = "The year must have 4 numbers."

# Any 18-digit number fits in a signed 64-bit integer, the widest key either database
# holds; a longer one is no row of ours, and SQLite raises OverflowError on it.
ID_PATTERN = re.compile(r"[0-9]{1,18}")


def parse_id(value) -> int | None:
    """A row id from a query string or posted value, or None when it cannot be one.
    ``str.isdigit()`` is no test: it accepts "²", which ``int()`` refuses."""
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return int(value)
    return None


def add_service_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: errors keyed by a field of the form
    go on that field, the rest (and a ValidationError without keys) above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def saved(form, save) -> bool:
    """Run ``save`` (a service call) for a valid form: True when it saved, False when the
    service refused, its ValidationError then shown on the form (``add_service_errors``)."""
    try:
        save()
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


def posted(request):
    """The posted data to bind a form to, or None on a GET. An empty POST is still a
    submitted form (a page of radios with none chosen, say, sent without a CSRF field by a
    test client or a script), so it is bound and its errors shown."""
    return request.POST if request.method == "POST" else None


def gds_helper(*layout) -> FormHelper:
    """A crispy helper that lays out fields without its own <form> tag: templates write the
    form element (with its CSRF token and action) and the GOV.UK error summary themselves."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


def date_input(name: str, legend_size: str = Size.SMALL) -> Field:
    """The layout for a ``GovDateField``: its label as the one legend, then Day, Month, Year.
    No Fieldset around it: the template pack draws the fieldset and legend itself, so a
    wrapping Fieldset asks the question twice ("When / When")."""
    return Field(name, context={"legend_size": Size.for_legend(legend_size)})


class GovDateField(DateInputField):
    """The GOV.UK date input: Day, Month and Year boxes under one legend (the field's label).

    Lay it out with ``date_input(name)``. ``what`` names the date in messages ("the
    planned date of the visit"); ``example`` is a real date of the kind wanted, "31 3 2027".
    """

    def __init__(self, *, what: str, example: str, **kwargs):
        super().__init__(**kwargs)
        not_real = DATE_NOT_REAL.format(example=example)
        required = f"Enter {what}."
        self.error_messages.update(required=required, invalid=not_real,
                                   incomplete=DATE_INCOMPLETE.format(what=what))
        for part in self.fields:
            # The template pack's digits-only check refuses NUL too: without Django's own NUL
            # check the user is told once, and what to type, not "Enter a valid month".
            part.validators = [v for v in part.validators if isinstance(v, RegexValidator)]
            for validator in part.validators:
                validator.message = not_real

    def compress(self, data_list):
        parts = [str(p).strip() if p is not None else "" for p in (data_list or ("", "", ""))]
        if not any(parts):
            return None
        if not all(parts):
            # An optional date half filled in is a mistake to show, not a date to drop.
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        day, month, year = parts
        if not all(ID_PATTERN.fullmatch(p) for p in parts):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(year) != 4:
            raise ValidationError(DATE_YEAR_DIGITS, code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            # A day of 9999999999999999999999999 overflows rather than being out of range.
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def _could_be_key(field, value) -> bool:
    """False when ``value`` could be no row's key: an integer key given something that is not
    an id (see ``parse_id``). Asked before the query, which on SQLite would overflow."""
    if not isinstance(value, str):
        return True
    meta = field.queryset.model._meta
    key = meta.pk if not field.to_field_name else meta.get_field(field.to_field_name)
    return not isinstance(key, models.IntegerField) or parse_id(value) is not None


class ModelChoiceField(forms.ModelChoiceField):
    """Django's ModelChoiceField, refusing an id no row can have with its "not one of the
    choices" message before the database sees it. Every form uses this one (a test checks)."""

    def to_python(self, value):
        if value not in self.empty_values and not _could_be_key(self, value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value})
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, refusing ids no row can have, as ``ModelChoiceField``."""

    def _check_values(self, value):
        for pk in value:
            if not _could_be_key(self, pk):
                raise ValidationError(self.error_messages["invalid_choice"],
                                      code="invalid_choice", params={"value": pk})
        return super()._check_values(value)
