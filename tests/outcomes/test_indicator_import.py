"""Area indicator figures imported from a file: checked as every import is (each problem by row
and column, nothing recorded from a file with one), previewed with what each figure replaces,
recorded on Confirm exactly as typed-in figures are (the history keeps the one before), and
once only."""
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from outcomes.indicator_import import BOTH_GIVEN
from outcomes.indicator_models import IndicatorUpload, IndicatorValue
from tests.import_files import ImportFile

from .test_indicators import record, text

pytestmark = pytest.mark.django_db

URL = "/outcomes/indicators/import/"
CONFIRM = "/outcomes/indicators/import/confirm/"
FIGURES = ImportFile(
    headings=["indicator", "academic_year", "value", "comparator", "provider"],
    rows=[["Attendance", "2024/25", "90.4", "", ""],
          ["Attendance", "2025/26", "91.2%", "", ""],
          ["Attendance", "2025/26", "91.5", "England", ""],
          ["Suspensions", "2025/26", "3.4", "Statistical neighbours", ""],
          ["attendance", "2025/26", "88.4", "", "Riverside College"]])


def _upload(client, content: bytes, name="figures.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def test_a_file_is_previewed_then_recorded_on_confirm_once(world, client_for):
    record(world, "Attendance", "2025/26", "90.0")
    client = client_for(world.users["la_commissioner"])
    preview = _upload(client, FIGURES.csv_bytes())
    assert preview.status_code == 200
    page = text(preview)
    assert "New figures 4" in page and "Figures replaced 1" in page
    assert "3 Attendance 2025/26 Your SEND cohort 91.2% 90%" in page
    assert "6 Attendance 2025/26 Riverside College 88.4% New" in page
    assert IndicatorValue.objects.count() == 1  # nothing recorded by the preview

    upload = IndicatorUpload.objects.get()
    done = client.post(CONFIRM, {"upload": upload.pk}, follow=True)
    assert "Recorded 5 figures from figures.csv for Shire Council: 4 new, 1 changed." in text(
        done)
    held = {(v.indicator.name, v.academic_year, v.comparator, v.provider_id): v.value
            for v in IndicatorValue.objects.select_related("indicator")}
    assert held == {
        ("Attendance", "2024/25", "", None): Decimal("90.40"),
        ("Attendance", "2025/26", "", None): Decimal("91.20"),
        ("Attendance", "2025/26", "England", None): Decimal("91.50"),
        ("Suspensions", "2025/26", "Statistical neighbours", None): Decimal("3.40"),
        ("Attendance", "2025/26", "", world.provider.pk): Decimal("88.40")}
    changed = IndicatorValue.objects.get(academic_year="2025/26", comparator="", provider=None)
    assert [h.value for h in changed.history.order_by("history_date")] == [
        Decimal("90.00"), Decimal("91.20")]

    again = client.post(CONFIRM, {"upload": upload.pk}, follow=True)
    assert "already been imported" in text(again)
    assert IndicatorValue.objects.count() == 5


def test_an_xlsx_file_is_read_as_the_csv_is(world, client_for):
    rows = FIGURES.with_cell("value", 91.2, row=1)
    preview = _upload(client_for(world.users["la_commissioner"]),
                      FIGURES.xlsx_bytes(rows=rows), "figures.xlsx")
    assert preview.status_code == 200 and "91.2%" in text(preview)


@pytest.mark.parametrize("column, value, message", [
    ("indicator", "Happiness", "is not one of your indicators"),
    ("academic_year", "2025-26", "Give the academic year as 2025/26"),
    ("value", "ninety", "Give the figure as a number"),
    ("value", "91.234", "Give the figure as a number"),
    ("value", "99999999", "between -9,999,999.99 and 9,999,999.99"),
    ("value", "", "Enter a value: this column is required."),
    ("provider", "Hilltop AP", "is not a provider Shire Council commissions"),
    ("comparator", "England\x07", "plain text"),
])
def test_each_problem_is_named_by_row_and_column_and_nothing_is_recorded(
        world, client_for, column, value, message):
    rows = FIGURES.with_cell(column, value, row=2)
    response = _upload(client_for(world.users["la_commissioner"]), FIGURES.csv_bytes(rows=rows))
    assert response.status_code == 400
    page = text(response)
    assert f"Row 4, column {chr(65 + FIGURES.headings.index(column))} ({column}):" in page
    assert message in page
    assert not IndicatorUpload.objects.exists() and not IndicatorValue.objects.exists()


def test_a_comparator_at_a_provider_and_a_repeated_figure_are_refused(world, client_for):
    rows = [*FIGURES.rows, ["Attendance", "2025/26", "92", "England", "Riverside College"],
            ["Attendance", "2025/26", "93", "england", ""]]
    page = text(_upload(client_for(world.users["la_commissioner"]),
                        FIGURES.csv_bytes(rows=rows)))
    assert BOTH_GIVEN in page
    assert "Row 8, value: This figure is also given in row 4" in page.replace(
        "column C (value)", "value")


def test_a_personal_data_column_or_an_unknown_one_refuses_the_file(world, client_for):
    client = client_for(world.users["la_commissioner"])
    personal = _upload(client, FIGURES.csv_bytes(
        headings=[*FIGURES.headings, "name"], rows=[[*r, "Sam"] for r in FIGURES.rows]))
    assert personal.status_code == 400 and "looks like personal data" in text(personal)
    unknown = _upload(client, FIGURES.csv_bytes(
        headings=[*FIGURES.headings, "notes"], rows=[[*r, ""] for r in FIGURES.rows]))
    assert "Unknown column: notes" in text(unknown)
    assert not IndicatorUpload.objects.exists()


def test_only_the_las_commissioners_import_and_only_their_own_upload_is_confirmed(
        world, client_for):
    for role in ("provider_lead", "partnership_officer", "admin"):
        assert client_for(world.users[role]).get(URL).status_code == 403
    _upload(client_for(world.users["la_commissioner"]), FIGURES.csv_bytes())
    upload = IndicatorUpload.objects.get()
    other = client_for(world.users["other_la_commissioner"])
    assert other.post(CONFIRM, {"upload": upload.pk}).status_code == 404
    assert not IndicatorValue.objects.exists()
