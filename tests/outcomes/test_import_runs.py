"""A large outcomes file is imported by the task worker: Confirm hands it over and shows its
status page, which says how it goes and, once done, what it imported or why it did not;
nothing counts until all of it is in. One LA's year (50,000 rows) fits one file."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.imports.files import read_sheet
from organisations.models import Commissioning, Membership
from outcomes import import_runs, services
from outcomes.import_models import OutcomeImport
from outcomes.models import GoalOutcome
from tests.exports.conftest import run_worker
from tests.factories import MembershipFactory
from tests.import_files import ImportFile

from .helpers import HEADINGS, ROWS, csv_bytes, shire  # noqa: F401  (shire: a fixture)

IMPORT = reverse("outcomes:import")
CONFIRM = reverse("outcomes:import_confirm")


def _previewed(client, content=None):
    preview = client.post(IMPORT, {"file": SimpleUploadedFile("year.csv",
                                                              content or csv_bytes())})
    assert preview.status_code == 200
    return preview


def test_a_large_file_is_imported_by_the_worker_with_its_status_shown(shire, commissioner,  # noqa: F811
                                                                       in_worker):
    preview = _previewed(commissioner)
    assert "imported in the background" in preview.content.decode()
    kept = preview.context["upload"]
    assert kept.writes == 5  # three goals, two learners

    waiting = commissioner.post(CONFIRM, {"upload": kept.pk}, follow=True)
    status = reverse("outcomes:import_status", args=[kept.pk])
    assert waiting.redirect_chain[-1][0] == status
    page = waiting.content.decode()
    assert "Waiting to start" in page and "You can leave this page" in page
    assert 'hx-trigger="every 2s"' in page
    assert not GoalOutcome.objects.exists()
    # The page polling, with nothing new: no content, so a screen reader is not told again.
    seen = waiting.context["seen"]
    assert commissioner.get(status, {"seen": seen}, HTTP_HX_REQUEST="true").status_code == 204
    # A second Confirm queues nothing more.
    again = commissioner.post(CONFIRM, {"upload": kept.pk})
    assert again.url == status
    assert DBTaskResult.objects.count() == 1

    run_worker()
    done = commissioner.get(status, {"seen": seen}, HTTP_HX_REQUEST="true")
    assert done.status_code == 200  # the fragment, changed
    text = done.content.decode()
    assert "year.csv imported for Shire Council: 3 goals added; 2 learners added." in text
    assert "hx-trigger" not in text  # finished: the polling stops
    assert reverse("dashboards:outcomes") + "?year=2025%2F26" in text
    assert GoalOutcome.objects.count() == 3
    assert {o.updated_by for o in GoalOutcome.objects.all()} == {shire.users["la_commissioner"]}
    kept.refresh_from_db()
    assert kept.state == OutcomeImport.State.APPLIED and bytes(kept.content) == b""
    # The figures the page links to were worked out by the worker: their first view is as
    # quick as the next.
    figures = reverse("dashboards:outcomes") + "?year=2025%2F26"
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert "Employment" in commissioner.get(figures).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_small_file_is_still_imported_in_the_request(commissioner):
    kept = _previewed(commissioner).context["upload"]
    done = commissioner.post(CONFIRM, {"upload": kept.pk})
    assert done.url == reverse("dashboards:outcomes") + "?year=2025%2F26"
    assert GoalOutcome.objects.count() == 3


def test_a_file_with_errors_when_checked_again_imports_nothing_and_says_why(shire,  # noqa: F811
                                                                            commissioner,
                                                                            in_worker):
    kept = _previewed(commissioner).context["upload"]
    commissioner.post(CONFIRM, {"upload": kept.pk})
    # Between the preview and the worker, the LA stops commissioning the file's provider.
    Commissioning.objects.filter(provider=shire.provider).delete()
    run_worker()
    page = commissioner.get(reverse("outcomes:import_status", args=[kept.pk])).content.decode()
    assert "Not imported" in page and import_runs.HAS_ERRORS_NOW in page
    assert "Row 2, provider: " in page  # each row's error, as the preview lists them
    assert not GoalOutcome.objects.exists()


def test_a_run_whose_worker_was_lost_is_failed_and_its_file_kept_until_then(shire,  # noqa: F811
                                                                           commissioner,
                                                                           in_worker):
    kept = _previewed(commissioner).context["upload"]
    commissioner.post(CONFIRM, {"upload": kept.pk})
    # A new upload by the same person supersedes previews, not a file being imported.
    _previewed(commissioner)
    assert OutcomeImport.objects.filter(pk=kept.pk).exists()
    later = timezone.now() + datetime.timedelta(minutes=59)
    services.import_prune(now=later)
    assert OutcomeImport.objects.get(pk=kept.pk).run == OutcomeImport.Run.QUEUED
    services.import_prune(now=timezone.now() + import_runs.STALE_AFTER
                          + datetime.timedelta(minutes=1))
    assert not OutcomeImport.objects.filter(pk=kept.pk).exists()  # failed, then pruned
    # Failed but not yet pruned: its page says so.
    kept = _previewed(commissioner).context["upload"]
    commissioner.post(CONFIRM, {"upload": kept.pk})
    assert import_runs.runs_fail_stale(now=timezone.now() + import_runs.STALE_AFTER
                                       + datetime.timedelta(minutes=1)) == 1
    page = commissioner.get(reverse("outcomes:import_status", args=[kept.pk])).content.decode()
    assert import_runs.LOST in page
    run_worker()  # its task finds it no longer queued, and does nothing
    assert not GoalOutcome.objects.exists()


def test_the_status_page_is_the_uploaders_own(shire, commissioner, client_for,  # noqa: F811
                                              in_worker):
    kept = _previewed(commissioner).context["upload"]
    status = reverse("outcomes:import_status", args=[kept.pk])
    # Not handed to the worker yet: there is no status to show.
    assert commissioner.get(status).status_code == 404
    commissioner.post(CONFIRM, {"upload": kept.pk})
    colleague = MembershipFactory(organisation=shire.la,
                                  role=Membership.Role.LA_COMMISSIONER).user
    assert client_for(colleague).get(status).status_code == 404
    assert client_for(shire.users["provider_lead"]).get(status).status_code == 403


def test_one_las_year_of_50000_rows_fits_one_file():
    rows = [[f"LRN-{n // 5:05d}", "2008", "ASD", "100001", "2025/26", "2026-03-12",
             f"Goal {n % 5}: travel to the workplace on time", "employment", "fully_met", "4"]
            for n in range(50_000)]
    content = ImportFile(HEADINGS, rows).csv_bytes()
    sheet = read_sheet(content, "year.csv")
    assert sum(1 for _ in sheet.rows) == 50_000
