"""Making a bulk export: the PDFs the requester may see, each as its single download makes
it, an XLSX summary listing every item, per-item failures, and nothing half-done offered."""
import datetime

import pytest
from django.utils import timezone

from exports import services, workflow
from exports.models import BulkExport
from exports.rendering import FAILED, INCLUDED, NOT_INCLUDED, NOTHING, NOTHING_REASON
from reports.filenames import action_plan_filename, assessment_filename

from .conftest import (
    pdf_page_count,
    request_export,
    run_worker,
    stored_zip,
    summary_rows,
    zip_contents,
)

State = BulkExport.State
pytestmark = pytest.mark.django_db


def _leics(demo):
    user = demo.user("leics_commissioner")
    return user, user.memberships.get().organisation


def test_an_export_of_two_providers_holds_their_pdfs_and_a_summary_listing_them(demo, media):
    user, leics = _leics(demo)
    export = request_export(user, leics, providers=[demo.riverside, demo.oakfield])
    assert export.state == State.QUEUED and export.task_id

    run_worker()

    export.refresh_from_db()
    assert export.state == State.READY, export.failure_reason
    assert export.items_done == export.items_total == 4
    assert export.expires_at - export.finished_at == datetime.timedelta(days=7)
    contents = zip_contents(stored_zip(export))
    oakfield = {
        assessment_filename(demo.review, "pdf", audience="commissioner"),
        assessment_filename(demo.visit, "pdf", audience="commissioner"),
        action_plan_filename(demo.oakfield, "2025/26", "pdf", audience="commissioner"),
    }
    # Riverside's 2025/26 draft is not shared with its commissioners, so it is not included;
    # its 2025/26 action plan (the action the demo carried forward into it) is.
    riverside = {action_plan_filename(demo.riverside, "2025/26", "pdf", audience="commissioner")}
    assert set(contents) == oakfield | riverside | {"summary.xlsx"}
    assert assessment_filename(demo.draft, "pdf", audience="commissioner") not in contents
    for name in oakfield | riverside:
        assert pdf_page_count(contents[name]) >= 1
    rows = summary_rows(contents)
    assert rows[0] == ("Provider", "Report", "Academic year", "Status", "File or reason")
    assert {(r[0], r[3], r[4]) for r in rows[1:] if r[3] != NOTHING} == {
        ("Oakfield Alternative Provision", INCLUDED, name) for name in oakfield} | {
        ("Riverside College", INCLUDED, name) for name in riverside}
    assert [r[0] for r in rows[1:]] == sorted(r[0] for r in rows[1:])  # by provider


def test_an_la_commissioner_copy_of_a_visit_never_holds_the_partnerships_internal_notes(
        demo, media):
    from tests.reports.conftest import pdf_text

    notes = list(demo.visit.responses.exclude(internal_notes="")
                 .values_list("internal_notes", flat=True))
    assert notes
    copies = {}
    for name in ("leics_commissioner", "seip_officer"):
        user = demo.user(name)
        export = request_export(user, user.memberships.get().organisation,
                                providers=[demo.oakfield], reports=["visits"])
        run_worker()
        export.refresh_from_db()
        copies[name] = pdf_text(next(v for k, v in zip_contents(stored_zip(export)).items()
                                     if k.endswith(".pdf")))
    assert not any(note[:40] in copies["leics_commissioner"] for note in notes)
    assert any(note[:40] in copies["seip_officer"] for note in notes)


def test_one_failing_render_is_reported_and_the_other_reports_are_still_there(
        demo, media, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("pango crashed")

    monkeypatch.setattr("exports.rendering.render_action_plan_pdf", broken)
    user, leics = _leics(demo)
    export = request_export(user, leics, providers=[demo.oakfield])

    run_worker()

    export.refresh_from_db()
    assert export.state == State.READY
    assert [(f["item"], f["status"]) for f in export.failures] == [
        ("Oakfield Alternative Provision: Action plan", FAILED)]
    assert "RuntimeError" in export.failures[0]["reason"]
    contents = zip_contents(stored_zip(export))
    assert len([n for n in contents if n.endswith(".pdf")]) == 2
    statuses = [r[3] for r in summary_rows(contents)[1:]]
    assert sorted(statuses) == sorted([INCLUDED, INCLUDED, FAILED])


def test_the_provider_copy_leaves_out_a_visit_not_yet_shared_and_says_why(
        demo, media):
    from visits.models import Visit

    Visit.objects.filter(pk=demo.beacon_visit.pk).update(state=Visit.State.PREPARING)
    officer = demo.user("seip_officer")
    beacon = demo.beacon_visit.provider
    export = request_export(officer, officer.memberships.get().organisation, providers=[beacon],
                            period=demo.beacon_visit.period, reports=["visits"],
                            audience="provider")
    run_worker()
    export.refresh_from_db()
    assert export.state == State.READY
    assert [f["status"] for f in export.failures] == [NOT_INCLUDED]
    assert "has not been shared" in export.failures[0]["reason"]
    assert set(zip_contents(stored_zip(export))) == {"summary.xlsx"}


def test_an_export_failed_while_it_renders_offers_no_file_and_leaves_none_behind(
        demo, media, monkeypatch):
    """The housekeeping fails a running export (its worker thought lost) mid-way: the worker
    stops at its next item, and no ZIP is stored or offered."""
    from exports import rendering

    real = rendering.item_pdf

    def slow_then_lost(item, **kwargs):
        services.exports_fail_stale(now=timezone.now() + datetime.timedelta(hours=1))
        return real(item, **kwargs)

    monkeypatch.setattr(rendering, "item_pdf", slow_then_lost)
    user, leics = _leics(demo)
    export = request_export(user, leics, providers=[demo.oakfield])

    run_worker()

    export.refresh_from_db()
    assert export.state == State.FAILED
    assert "no progress" in export.failure_reason
    assert not export.file
    assert not list(media.rglob("*.zip"))


def test_a_running_export_without_progress_is_marked_failed_and_the_worker_leaves_it(
        demo, media):
    """A worker killed mid-task leaves its export running; the next housekeeping run fails it
    with the reason, and a worker that later picks its task up does nothing."""
    user, leics = _leics(demo)
    export = request_export(user, leics, providers=[demo.oakfield])
    long_ago = timezone.now() - datetime.timedelta(minutes=services.STALE_MINUTES + 1)
    BulkExport.objects.filter(pk=export.pk).update(state=State.RUNNING, updated_at=long_ago,
                                                   items_total=3, items_done=1)
    recent = request_export(user, leics, providers=[demo.oakfield])
    BulkExport.objects.filter(pk=recent.pk).update(state=State.RUNNING)

    assert services.exports_housekeeping() == {"failed": 1, "expired": 0}

    export.refresh_from_db()
    assert workflow.failed(export) and export.finished_at
    assert "no progress for 15 minutes" in export.failure_reason
    assert services.export_run(export_id=export.pk) == "not queued"
    recent.refresh_from_db()
    assert recent.state == State.RUNNING


def test_the_next_export_to_start_fails_one_whose_worker_was_lost(demo, media):
    user, leics = _leics(demo)
    lost = request_export(user, leics, providers=[demo.oakfield], reports=["action_plans"])
    BulkExport.objects.filter(pk=lost.pk).update(
        state=State.RUNNING, updated_at=timezone.now() - datetime.timedelta(hours=1))
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=lost.task_id).delete()  # its worker had claimed it
    following = request_export(user, leics, providers=[demo.oakfield], reports=["action_plans"])
    run_worker()
    assert BulkExport.objects.get(pk=lost.pk).state == State.FAILED
    assert BulkExport.objects.get(pk=following.pk).state == State.READY


def test_an_export_no_worker_started_within_a_day_is_marked_failed(demo, media):
    user, leics = _leics(demo)
    export = request_export(user, leics, providers=[demo.oakfield])
    BulkExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25))
    assert services.exports_fail_stale() == 1
    export.refresh_from_db()
    assert export.state == State.FAILED and "No worker started" in export.failure_reason


def test_an_export_expires_after_7_days_and_its_file_is_deleted(demo, media):
    user, leics = _leics(demo)
    export = request_export(user, leics, providers=[demo.oakfield], reports=["action_plans"])
    run_worker()
    export.refresh_from_db()
    path = media / export.file.name
    assert path.exists()
    now = timezone.now()
    assert workflow.downloadable(export, now)
    assert services.exports_expire(now=now + datetime.timedelta(days=6)) == 0
    later = now + datetime.timedelta(days=7, minutes=1)
    assert not workflow.downloadable(export, later)  # refused even before the prune runs
    assert services.exports_expire(now=later) == 1
    export.refresh_from_db()
    assert export.state == State.EXPIRED and not export.file
    assert not path.exists()


def test_only_providers_the_organisation_commissions_may_be_asked_for(demo, media):
    from django.core.exceptions import PermissionDenied, ValidationError

    rutland = demo.user("rutland_commissioner")
    with pytest.raises(ValidationError) as error:
        request_export(rutland, rutland.memberships.get().organisation,
                       providers=[demo.riverside])
    assert "providers" in error.value.message_dict
    for reports in ([], ["visits", "minutes"]):
        with pytest.raises(ValidationError) as error:
            request_export(rutland, rutland.memberships.get().organisation,
                           providers=[demo.oakfield], reports=reports)
        assert "reports" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        request_export(demo.user("riverside_lead"), demo.riverside, providers=[demo.riverside])
    assert not BulkExport.objects.exists()


def test_every_provider_i_commission_is_resolved_when_asked(demo, media):
    rutland = demo.user("rutland_commissioner")
    export = request_export(rutland, rutland.memberships.get().organisation,
                            all_commissioned=True)
    assert list(export.providers.all()) == [demo.oakfield]
    assert export.all_commissioned


def test_an_unexpected_error_fails_the_export_and_its_task_with_the_reason(
        demo, media, monkeypatch):
    from django_tasks_db.models import DBTaskResult

    def broken(*args, **kwargs):
        raise LookupError("the database went away")

    monkeypatch.setattr("exports.services.export_items", broken)
    user, leics = _leics(demo)
    export = request_export(user, leics, providers=[demo.oakfield])
    run_worker()
    export.refresh_from_db()
    assert export.state == State.FAILED and "LookupError" in export.failure_reason
    assert not export.file
    task = DBTaskResult.objects.get(pk=export.task_id)
    assert task.status == "FAILED" and "LookupError" in task.exception_class_path


def test_prune_exports_fails_lost_exports_and_expires_old_files(demo, media):
    import io

    from django.core.management import call_command

    user, leics = _leics(demo)
    lost = request_export(user, leics, providers=[demo.oakfield])
    BulkExport.objects.filter(pk=lost.pk).update(
        state=State.RUNNING, updated_at=timezone.now() - datetime.timedelta(hours=1))
    out = io.StringIO()
    call_command("prune_exports", "--dry-run", stdout=out)
    assert "Would mark 1 stalled export(s) failed and 0 export(s) expired." in out.getvalue()
    assert BulkExport.objects.get(pk=lost.pk).state == State.RUNNING
    call_command("prune_exports", stdout=out)
    assert "Marked 1 stalled export(s) failed" in out.getvalue()
    assert BulkExport.objects.get(pk=lost.pk).state == State.FAILED


def test_the_workers_daily_run_fails_an_export_no_worker_started(demo, media):
    from reminders.tasks import daily_run

    user, leics = _leics(demo)
    export = request_export(user, leics, providers=[demo.oakfield])
    BulkExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25))
    daily_run.call()
    export.refresh_from_db()
    assert export.state == State.FAILED and "No worker started" in export.failure_reason


def test_every_chosen_provider_with_nothing_for_the_year_is_listed_in_the_summary(
        demo, media):
    user, leics = _leics(demo)
    chosen = [demo.riverside, demo.oakfield, demo.beacon_visit.provider]
    export = request_export(user, leics, providers=chosen, period="2022/23",
                            reports=["visits", "action_plans"])
    run_worker()
    export.refresh_from_db()
    assert export.state == State.READY and export.items_total == 0
    contents = zip_contents(stored_zip(export))
    assert set(contents) == {"summary.xlsx"}
    labels = "QA visit records, Action plans"
    reason = NOTHING_REASON.format(period="2022/23")
    assert summary_rows(contents)[1:] == [
        (name, labels, "2022/23", NOTHING, reason)
        for name in ("Beacon Academy PRU", "Oakfield Alternative Provision", "Riverside College")]
