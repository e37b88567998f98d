"""Area indicators: an LA records its SEND cohort's figures and its comparators' year by year,
adds indicators of its own, and reads each beside its comparators on the outcomes dashboard as
a chart with its table."""
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes import indicators
from outcomes.indicator_models import Indicator, IndicatorValue


def indicator(name) -> Indicator:
    return Indicator.objects.get(local_authority=None, name=name)


def record(world, name, year, value, comparator="", la=None, by="la_commissioner"):
    return indicators.value_record(indicator=indicator(name), local_authority=la or world.la,
                                   academic_year=year, value=Decimal(value),
                                   comparator=comparator, by=world.users[by])


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_portal_has_the_indicators_islingtons_page_names(db):
    assert list(Indicator.objects.filter(local_authority=None).values_list(
        "name", "unit", "higher_is_better")) == [
        ("Attendance", "percent", True), ("Suspensions", "rate", False),
        ("Permanent exclusions", "rate", False),
        ("Not in education, employment or training at post 16", "percent", False),
        ("Key stage 4 attainment (Attainment 8)", "score", True)]
    assert "similar pupils in inner London" in indicator("Attendance").source


def test_each_figure_beside_its_comparator_with_which_way_is_better(world):
    record(world, "Attendance", "2024/25", "90.5")
    record(world, "Attendance", "2025/26", "91.2")
    record(world, "Attendance", "2025/26", "92.5", comparator="England")
    record(world, "Attendance", "2025/26", "90.0", comparator="Inner London")
    record(world, "Suspensions", "2025/26", "3.4")
    record(world, "Suspensions", "2025/26", "4.1", comparator="England")
    attendance, suspensions = indicators.indicator_tables(world.la)
    assert attendance.years == ["2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]
    assert [s.label for s in attendance.series] == ["Shire Council SEND", "England",
                                                    "Inner London"]
    assert attendance.rows[-1] == ("2025/26", ["91.2%", "92.5%", "90%"])
    assert attendance.rows[-2] == ("2024/25", ["90.5%", "Not recorded", "Not recorded"])
    # Higher attendance is better; fewer suspensions are.
    assert attendance.comparison == "2025/26: 91.2% against England 92.5%, worse"
    assert suspensions.comparison == "2025/26: 3.4 per 100 against England 4.1 per 100, better"


def test_recording_again_replaces_the_figure_and_keeps_the_one_before(world):
    first = record(world, "Attendance", "2025/26", "91.2")
    again = record(world, "Attendance", "2025/26", "91.6")
    assert first.pk == again.pk and IndicatorValue.objects.get().value == Decimal("91.6")
    assert [h.value for h in again.history.order_by("history_date")] == [
        Decimal("91.2"), Decimal("91.6")]


def test_only_the_las_own_commissioners_record_and_only_its_indicators(world):
    for role in ("partnership_officer", "provider_lead", "other_la_commissioner"):
        with pytest.raises(PermissionDenied):
            record(world, "Attendance", "2025/26", "91", by=role)
    theirs = indicators.indicator_add(local_authority=world.other_la, name="KS2 attainment",
                                      unit="score", higher_is_better=True, source="",
                                      by=world.users["other_la_commissioner"])
    with pytest.raises(ValidationError, match="Choose one of the indicators"):
        indicators.value_record(indicator=theirs, local_authority=world.la,
                                academic_year="2025/26", value=Decimal(1),
                                by=world.users["la_commissioner"])
    assert theirs not in indicators.indicators_of(world.la)
    with pytest.raises(ValidationError, match="already has an indicator called"):
        indicators.indicator_add(local_authority=world.la, name="attendance", unit="percent",
                                 higher_is_better=True, source="",
                                 by=world.users["la_commissioner"])


@pytest.mark.parametrize("value", ["", "NaN", "Infinity", "1e400", "99999999", "ninety"])
def test_a_figure_that_is_not_one_is_refused_beside_the_field(world, client_for, value):
    client = client_for(world.users["la_commissioner"])
    response = client.post("/outcomes/indicators/", {
        "indicator": indicator("Attendance").pk, "academic_year": "2025/26", "value": value})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page and not IndicatorValue.objects.exists()


def test_the_la_records_a_figure_and_the_dashboard_draws_it_with_its_table(world, client_for):
    client = client_for(world.users["la_commissioner"])
    response = client.post("/outcomes/indicators/", {
        "indicator": indicator("Attendance").pk, "academic_year": "2025/26",
        "comparator": "", "value": "91.2"})
    assert response.status_code == 302
    client.post("/outcomes/indicators/", {
        "indicator": indicator("Attendance").pk, "academic_year": "2025/26",
        "comparator": "England", "value": "92.5"})
    dashboard = client.get("/dashboard/outcomes/")
    html = dashboard.content.decode()
    assert '<svg class="govuk-!-margin-bottom-4" role="img"' in html
    assert "<title>2025/26, Shire Council SEND: 91.2%</title>" in html
    assert "2025/26 91.2% 92.5%" in text(dashboard)
    # A partnership sees no LA's area indicators.
    other = client_for(world.users["partnership_officer"]).get("/dashboard/outcomes/")
    assert "Area indicators" not in text(other)


def test_an_la_adds_an_indicator_of_its_own(world, client_for):
    client = client_for(world.users["la_commissioner"])
    response = client.post("/outcomes/indicators/new/", {
        "name": "Key stage 2 attainment", "unit": "percent", "higher_is_better": "yes",
        "source": "DfE KS2 statistics"})
    assert response.status_code == 302
    own = Indicator.objects.get(local_authority=world.la)
    assert (own.name, own.higher_is_better) == ("Key stage 2 attainment", True)
    assert client.post("/outcomes/indicators/new/", {"name": ""}).status_code == 400


def test_the_dashboards_queries_do_not_grow_with_indicators_or_figures(world, client_for):
    client = client_for(world.users["la_commissioner"])

    def queries():
        client.get("/dashboard/outcomes/")  # the goals' figures kept: the indicators are not
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/dashboard/outcomes/").status_code == 200
        return len(captured)

    record(world, "Attendance", "2025/26", "91.2")
    few = queries()
    for name in ("Suspensions", "Permanent exclusions"):
        for year in ("2022/23", "2023/24", "2024/25", "2025/26"):
            record(world, name, year, "3.1")
            record(world, name, year, "3.5", comparator="England")
    assert queries() == few
