"""Fixtures for bulk export tests: asking for an export, running the background worker as
``manage.py db_worker`` does, and reading the ZIP it makes."""
import io
import zipfile
from unittest import mock

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from exports import services
from exports.models import BulkExport
from tests.permission_context import ctx  # noqa: F401  (a fixture for these tests too)

ALL_REPORTS = [r.value for r in BulkExport.Report]


def run_worker():
    """Run every queued task (the exports queue included) and return when none is left, as
    ``manage.py db_worker --batch`` does. Inside a test's transaction the worker must keep the
    connection it shares with the test: between tasks it closes a connection that is not in
    autocommit mode (Django's ``close_old_connections``), which a test's always is. The
    browser test runs the worker as it is, outside any transaction."""
    from django_tasks_db.management.commands import db_worker

    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        call_command("db_worker", batch=True, startup_delay=False, queue_name="*",
                     reload=False, verbosity=0)


def request_export(user, organisation, *, providers=(), period="2025/26", reports=None,
                   audience="commissioner", all_commissioned=False) -> BulkExport:
    return services.export_request(
        by=user, organisation=organisation, period=period,
        reports=ALL_REPORTS if reports is None else reports, audience=audience,
        providers=providers, all_commissioned=all_commissioned)


def zip_contents(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def summary_rows(contents: dict[str, bytes]) -> list[tuple]:
    """The summary sheet's rows (heading first)."""
    sheet = load_workbook(io.BytesIO(contents["summary.xlsx"])).active
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def pdf_page_count(data: bytes) -> int:
    assert data.startswith(b"%PDF")
    return len(PdfReader(io.BytesIO(data)).pages)


def stored_zip(export: BulkExport) -> bytes:
    with export.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def media(settings, tmp_path):
    """Each test's files in its own folder, so a test can see exactly what was stored."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
