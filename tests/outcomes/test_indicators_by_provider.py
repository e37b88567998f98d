"""Area indicators by provider: an LA records a figure for its learners at a provider it
commissions, reads it on its indicators page beside its whole SEND cohort that year; a
comparator's figure is never a provider's; another LA's provider is not offered. The cohort's
series on the outcomes dashboard is unchanged, and the page's queries do not grow with the
figures."""
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes import indicators
from outcomes.indicator_models import IndicatorValue
from tests.outcomes.test_indicators import indicator, record, text

pytestmark = pytest.mark.django_db
URL = "/outcomes/indicators/"


def _post(client, **values):
    return client.post(URL, {"indicator": indicator("Attendance").pk, "academic_year": "2025/26",
                             "comparator": "", "provider": "", **values})


def test_a_figure_by_provider_beside_the_whole_cohort(world, client_for):
    client = client_for(world.users["la_commissioner"])
    assert _post(client, value="91.2").status_code == 302
    response = _post(client, value="88", provider=world.provider.pk)
    assert response.status_code == 302
    held = IndicatorValue.objects.get(provider=world.provider)
    assert (held.value, held.comparator, held.recorded_by) == (
        88, "", world.users["la_commissioner"])
    page = text(client.get(URL))
    assert "Attendance by provider, 2025/26" in page
    assert "Riverside College 88% 91.2% worse" in page
    # The cohort's own series is the whole cohort's, on the page and the dashboard alike.
    dashboard = text(client.get("/dashboard/outcomes/"))
    assert "2025/26 91.2%" in dashboard and "88%" not in dashboard


def test_recording_again_replaces_the_providers_figure(world):
    la_user = "la_commissioner"
    for value in ("88", "89.5"):
        indicators.value_record(indicator=indicator("Attendance"), local_authority=world.la,
                                academic_year="2025/26", value=value, provider=world.provider,
                                by=world.users[la_user])
    assert list(IndicatorValue.objects.values_list("value", flat=True)) == [89.5]


def test_a_comparator_is_never_a_providers(world, client_for):
    response = _post(client_for(world.users["la_commissioner"]), value="88",
                     provider=world.provider.pk, comparator="England")
    assert response.status_code == 400
    assert "for the whole cohort" in text(response)
    assert not IndicatorValue.objects.exists()


def test_a_provider_the_la_does_not_commission_is_refused(world, client_for):
    response = _post(client_for(world.users["la_commissioner"]), value="88",
                     provider=world.other_provider.pk)
    assert response.status_code == 400
    assert "Choose one of the providers you commission" in text(response)
    with pytest.raises(ValidationError):
        indicators.value_record(indicator=indicator("Attendance"), local_authority=world.la,
                                academic_year="2025/26", value=88,
                                provider=world.other_provider, by=world.users["la_commissioner"])
    assert not IndicatorValue.objects.exists()


def test_the_pages_queries_do_not_grow_with_figures_by_provider(world, client_for):
    client = client_for(world.users["la_commissioner"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    record(world, "Attendance", "2025/26", "91.2")
    indicators.value_record(indicator=indicator("Attendance"), local_authority=world.la,
                            academic_year="2025/26", value=88, provider=world.provider,
                            by=world.users["la_commissioner"])
    few = queries()
    for name in ("Suspensions", "Permanent exclusions"):
        for year in ("2023/24", "2024/25", "2025/26"):
            indicators.value_record(indicator=indicator(name), local_authority=world.la,
                                    academic_year=year, value=3, provider=world.provider,
                                    by=world.users["la_commissioner"])
    assert queries() == few
