"""Recording and changing one goal's outcome by hand: the LA's commissioners only, codes from
the scheme, a provider the LA commissions, plain text, and a history row naming the user."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from outcomes import services
from outcomes.models import Learner


@pytest.fixture
def learner(shire):
    return Learner.objects.create(local_authority=shire.la, reference="SH-0100",
                                  year_of_birth=2008, primary_need="MLD")


def record(shire, learner, by="la_commissioner", **kwargs):
    values = {"academic_year": "2025/26", "review_date": datetime.date(2026, 3, 12),
              "provider": shire.provider, "goal": "Shop for a week's food",
              "pfa_area": "independent_living", "rating": "partially_met",
              "soft": {"feelings": "4"}, **kwargs}
    return services.outcome_record(learner=learner, by=shire.users[by], **values)


def test_a_commissioner_records_and_changes_an_outcome_with_history(shire, learner):
    outcome = record(shire, learner)
    assert outcome.history.get().history_user == shire.users["la_commissioner"]
    services.outcome_change(outcome=outcome, by=shire.users["la_commissioner"],
                            rating="fully_met")
    outcome.refresh_from_db()
    assert outcome.rating == "fully_met"
    assert [r.rating for r in outcome.history.order_by("history_id")] == [
        "partially_met", "fully_met"]


@pytest.mark.parametrize("kwargs, field", [
    ({"rating": "brilliant"}, "rating"), ({"pfa_area": "leisure"}, "pfa_area"),
    ({"soft": {"feelings": "9"}}, "soft"), ({"goal": "Cook\x00"}, "goal"),
])
def test_values_outside_the_scheme_or_not_plain_text_are_refused(shire, learner, kwargs, field):
    with pytest.raises(ValidationError) as refused:
        record(shire, learner, **kwargs)
    assert field in refused.value.message_dict


def test_a_provider_the_la_does_not_commission_is_refused(shire, learner):
    with pytest.raises(ValidationError) as refused:
        record(shire, learner, provider=shire.other_provider)
    assert refused.value.message_dict["provider"] == [
        services.PROVIDER_NOT_COMMISSIONED.format(la="Shire Council")]


@pytest.mark.parametrize("role", ["other_la_commissioner", "provider_lead", "admin"])
def test_only_the_las_commissioners_record_or_change(shire, learner, role):
    with pytest.raises(PermissionDenied):
        record(shire, learner, by=role)
    outcome = record(shire, learner)
    with pytest.raises(PermissionDenied):
        services.outcome_change(outcome=outcome, by=shire.users[role], rating="not_met")
