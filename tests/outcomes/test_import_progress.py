"""An outcomes import applied by the task worker shows its progress: how many learners and rows
of how many are written, batch by batch, and when it started and finished. It writes exactly
what a Confirm in the request writes; one that fails says why and keeps nothing."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outcomes import import_runs, services
from outcomes.import_models import OutcomeImport
from outcomes.models import GoalOutcome, Learner
from tests.exports.conftest import run_worker

from .helpers import ROWS, csv_bytes, shire  # noqa: F401  (shire: a fixture)

IMPORT = reverse("outcomes:import")
CONFIRM = reverse("outcomes:import_confirm")


def _previewed(client, content=None, name="year.csv") -> OutcomeImport:
    preview = client.post(IMPORT, {"file": SimpleUploadedFile(name, content or csv_bytes())})
    assert preview.status_code == 200
    return preview.context["upload"]


def _status(upload) -> str:
    return reverse("outcomes:import_status", args=[upload.pk])


def _written() -> dict:
    """Every learner and goal row as the import leaves them, and their history, without ids
    or times."""
    return {
        "learners": sorted(Learner.objects.values_list(
            "local_authority__name", "reference", "year_of_birth", "primary_need")),
        "goals": sorted(GoalOutcome.objects.values_list(
            "learner__reference", "local_authority__name", "scheme_id", "academic_year",
            "review_date", "provider__name", "goal", "pfa_area", "rating", "soft",
            "updated_by__email", "submitted_by__email", "accepted_by__email")),
        "learner_history": sorted(Learner.history.values_list(
            "reference", "history_type", "history_user__email", "history_change_reason")),
        "goal_history": sorted(GoalOutcome.history.values_list(
            "goal", "rating", "history_type", "history_user__email", "history_change_reason")),
    }


def _forget_everything_imported():
    GoalOutcome.objects.all().delete()
    Learner.objects.all().delete()
    GoalOutcome.history.all().delete()  # with the deletions' own history rows
    Learner.history.all().delete()


def test_the_worker_writes_exactly_what_a_confirm_in_the_request_writes(commissioner,
                                                                       monkeypatch):
    # In the request, as a small file is (tests/outcomes/test_import_pages.py).
    done = commissioner.post(CONFIRM, {"upload": _previewed(commissioner).pk})
    assert done.url == reverse("dashboards:outcomes") + "?year=2025%2F26"
    in_request = _written()
    assert len(in_request["goals"]) == 3 and len(in_request["learners"]) == 2
    _forget_everything_imported()

    monkeypatch.setattr(import_runs, "IN_REQUEST_WRITES", 2)
    kept = _previewed(commissioner)
    assert commissioner.post(CONFIRM, {"upload": kept.pk}).url == _status(kept)
    assert not GoalOutcome.objects.exists()  # queued, not written
    run_worker()
    assert _written() == in_request


def test_progress_moves_batch_by_batch_and_the_run_records_its_times(commissioner, in_worker,
                                                                     monkeypatch):
    monkeypatch.setattr(services, "BATCH", 1)
    told = []
    original = import_runs.Progress.__call__

    def recorded(self, done, total):
        told.append((done, total))
        original(self, done, total)

    monkeypatch.setattr(import_runs.Progress, "__call__", recorded)
    kept = _previewed(commissioner)
    commissioner.post(CONFIRM, {"upload": kept.pk})
    waiting = commissioner.get(_status(kept))
    assert "0 of 5 learners and rows written" in waiting.content.decode()
    assert '<progress max="5" value="0"' in waiting.content.decode()

    run_worker()
    # Two learners, then three goals, each a batch of one here (500 in the service).
    assert told == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    kept.refresh_from_db()
    assert kept.run == OutcomeImport.Run.DONE
    assert (kept.rows_done, kept.rows_total) == (5, 5)
    assert kept.started_at <= kept.finished_at
    page = commissioner.get(_status(kept)).content.decode()
    assert "Learners and rows written: 5, from " in page
    assert "<progress" not in page


def test_a_run_failing_midway_is_marked_failed_with_its_reason_and_keeps_nothing(
        commissioner, in_worker, monkeypatch):
    def broken(*args, **kwargs):
        # After the learners and the new goals are written, inside the import's transaction.
        assert Learner.objects.count() == 2 and GoalOutcome.objects.count() == 3
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "_update_outcomes", broken)
    kept = _previewed(commissioner)
    commissioner.post(CONFIRM, {"upload": kept.pk})
    run_worker()

    assert not Learner.objects.exists() and not GoalOutcome.objects.exists()
    assert not GoalOutcome.history.exists() and not Learner.history.exists()
    kept.refresh_from_db()
    assert kept.run == OutcomeImport.Run.FAILED and kept.rows_done == 0
    assert kept.finished_at is not None
    assert kept.state == OutcomeImport.State.PREVIEWED  # not marked applied either
    page = commissioner.get(_status(kept))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Not imported" in text
    assert import_runs.UNEXPECTED.format(error="RuntimeError") in text
    assert "hx-trigger" not in text  # finished: the polling stops


def test_another_las_commissioner_cannot_see_the_status_page(shire, commissioner,  # noqa: F811
                                                            client_for, in_worker):
    kept = _previewed(commissioner)
    commissioner.post(CONFIRM, {"upload": kept.pk})
    other = client_for(shire.users["other_la_commissioner"])
    assert other.get(_status(kept)).status_code == 404
    assert other.get(_status(kept), HTTP_HX_REQUEST="true").status_code == 404


def _queries(client, url) -> int:
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_status_page_asks_the_same_queries_for_a_small_and_a_larger_import(
        commissioner, in_worker):
    larger = [[f"SH-{n:04d}", "2007", "ASD", "100001", "2025/26", "2026-03-12",
               f"Goal {n}", "employment", "fully_met", "4"] for n in range(1, 61)]
    counts = {}
    for name, content in (("small.csv", None), ("larger.csv", csv_bytes(rows=larger))):
        kept = _previewed(commissioner, content, name)
        commissioner.post(CONFIRM, {"upload": kept.pk})
        waiting = _queries(commissioner, _status(kept))
        run_worker()
        counts[name] = (waiting, _queries(commissioner, _status(kept)))
    assert OutcomeImport.objects.get(filename="larger.csv").rows_done == 119  # SH-0001 is held already
    assert counts["small.csv"] == counts["larger.csv"]


@pytest.mark.django_db(transaction=True)
def test_another_connection_sees_the_progress_while_the_import_is_open(commissioner, in_worker,
                                                                      monkeypatch):
    """On PostgreSQL another connection sees the count move, and the rows only once all are
    in. SQLite takes one writer at a time, so there the count is written only at the end
    (``import_runs.concurrent_writes``): the page shows the start, then the end."""
    monkeypatch.setattr(services, "BATCH", 1)
    told, seen = [], []
    original = import_runs.Progress.__call__
    reader = ThreadPoolExecutor(max_workers=1)

    def read(pk):
        return (OutcomeImport.objects.get(pk=pk).rows_done, Learner.objects.count()
                + GoalOutcome.objects.count())

    def recorded(self, done, total):
        original(self, done, total)
        told.append(done)
        if import_runs.concurrent_writes():
            seen.append(reader.submit(read, self.upload_id).result())

    monkeypatch.setattr(import_runs.Progress, "__call__", recorded)
    kept = _previewed(commissioner)
    commissioner.post(CONFIRM, {"upload": kept.pk})
    run_worker()
    reader.submit(lambda: connection.close()).result()
    reader.shutdown()
    assert told == [0, 1, 2, 3, 4, 5]  # after each batch of one
    if connection.vendor == "postgresql":
        # The count moves; the rows themselves are seen only once all of them are in.
        assert seen == [(0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0)]
    else:
        assert seen == []
    assert OutcomeImport.objects.get(pk=kept.pk).rows_done == 5
    assert Learner.objects.count() + GoalOutcome.objects.count() == 5
