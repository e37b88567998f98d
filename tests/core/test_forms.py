"""The project's form fields: the GOV.UK date input and model choices that refuse ids no row
can have, and a check that every form of ours uses them."""
import datetime
import importlib
import inspect
import re
from pathlib import Path

import pytest
from crispy_forms_gds.fields import DateInputField
from django import forms
from django.apps import apps
from django.conf import settings

from core.forms import (
    DATE_INCOMPLETE,
    DATE_NOT_REAL,
    DATE_YEAR_DIGITS,
    GovDateField,
    ModelChoiceField,
    ModelMultipleChoiceField,
    parse_id,
)
from frameworks.models import Section
from organisations.models import User

HUGE = "9999999999999999999999999"


class DateForm(forms.Form):
    when = GovDateField(label="When", what="the date", example="31 3 2027", required=False)


def date_errors(day, month, year):
    form = DateForm({"when_0": day, "when_1": month, "when_2": year})
    return None if form.is_valid() else form.errors["when"]


def test_a_real_date_is_cleaned():
    form = DateForm({"when_0": "31", "when_1": "3", "when_2": "2027"})
    assert form.is_valid() and form.cleaned_data["when"] == datetime.date(2027, 3, 31)


def test_an_optional_date_left_blank_is_none():
    form = DateForm({"when_0": "", "when_1": "", "when_2": ""})
    assert form.is_valid() and form.cleaned_data["when"] is None


@pytest.mark.parametrize("day, month, year", [
    (HUGE, "1", "2027"), ("1", HUGE, "2027"), ("1", "1", HUGE), ("9" * 5000, "1", "2027"),
    ("31", "2", "2027"), ("0", "1", "2027"), ("1.5", "1", "2027"), ("-1", "1", "2027"),
    ("²", "1", "2027"), ("1\x00", "1", "2027"), ("abc", "1", "2027"),
])
def test_a_date_that_cannot_be_is_a_form_error_not_a_server_error(day, month, year):
    assert date_errors(day, month, year) == [DATE_NOT_REAL.format(example="31 3 2027")]


def test_a_year_without_four_numbers_is_refused():
    assert date_errors("1", "1", "27") == [DATE_YEAR_DIGITS]


def test_an_optional_date_half_filled_in_is_refused_not_dropped():
    assert date_errors("12", "", "2027") == [DATE_INCOMPLETE.format(what="the date")]


def _page(world, frameworks, start, which):
    if which == "action":
        return world.users["provider_lead"], f"/action-plans/assessments/{start().pk}/actions/new/"
    if which == "visit":
        return world.users["partnership_officer"], "/visits/new/"
    from tests.visits.helpers import recorded_visit
    from visits.models import Concern

    visit = recorded_visit(world, frameworks, judgements={"1": "red"})
    return world.users["partnership_chair"], Concern.objects.get(visit=visit).get_absolute_url()


@pytest.mark.parametrize("which, question", [
    ("action", "When"), ("visit", "Planned visit date"), ("decision", "Review date")])
def test_a_date_input_asks_its_question_once(world, frameworks, start, client_for, which, question):
    """One legend (the question), then Day / Month / Year: the question is not said twice."""
    user, url = _page(world, frameworks, start, which)
    html = client_for(user).get(url).content.decode()
    texts = [re.sub(r"<[^>]+>|\s+", " ", t).strip()
             for t in re.findall(r"<(?:legend|label)[^>]*>(.*?)</(?:legend|label)>", html, re.S)]
    assert texts.count(question) == 1
    i = texts.index(question)
    assert texts[i + 1:i + 4] == ["Day", "Month", "Year"]


@pytest.mark.parametrize("value, expected", [
    ("12", 12), ("0012", 12), ("9" * 18, int("9" * 18)), ("9" * 19, None), (HUGE, None),
    ("²", None), ("١٢", None), ("1.5", None), ("-1", None), (" 1", None), ("1\n", None),
    ("", None), (None, None), ("1\x00", None),
])
def test_parse_id_takes_only_ascii_digits_that_fit_a_key(value, expected):
    assert parse_id(value) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "²", "1.5"])
def test_a_choice_no_row_can_have_is_not_one_of_the_choices(value):
    single = ModelChoiceField(queryset=Section.objects.all())
    several = ModelMultipleChoiceField(queryset=User.objects.all())
    with pytest.raises(forms.ValidationError) as error:
        single.clean(value)
    assert error.value.code == "invalid_choice"
    with pytest.raises(forms.ValidationError) as error:
        several.clean(["1", value])
    assert error.value.code == "invalid_choice"


def _project_forms():
    """Every Form class defined in the project's own apps."""
    # An app of ours sits at the top of the checkout (the virtualenv's packages may sit below it).
    ours = {app.module.__name__ for app in apps.get_app_configs()
            if Path(app.path).parent == Path(settings.BASE_DIR)}
    for name in sorted(ours):
        for module_name in ("forms",):
            try:
                module = importlib.import_module(f"{name}.{module_name}")
            except ModuleNotFoundError:
                continue
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    yield cls


def test_every_form_uses_the_projects_choice_and_date_fields():
    """Django's ModelChoiceField lets an id beyond 64 bits reach SQLite (OverflowError) and the
    template pack's DateInputField lets a day of 10**25 reach ``date()``: ours refuse both."""
    found = list(_project_forms())
    assert len(found) > 10
    wrong = []
    for form in found:
        for name, field in form.base_fields.items():
            if (isinstance(field, forms.ModelMultipleChoiceField)
                    and not isinstance(field, ModelMultipleChoiceField)) or (
                    isinstance(field, forms.ModelChoiceField)
                    and not isinstance(field, ModelChoiceField | ModelMultipleChoiceField)) or (
                    isinstance(field, DateInputField) and not isinstance(field, GovDateField)):
                wrong.append(f"{form.__module__}.{form.__name__}.{name}")
    assert not wrong, f"Use core.forms fields in: {wrong}"
