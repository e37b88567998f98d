"""Progress a provider sends for its learners: checked like the LA's import, waiting until the
LA accepts or refuses each row, and counted only once accepted."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.imports.files import ImportFileError
from outcomes import progress
from outcomes.aggregates import Filters, base_rows
from outcomes.models import GoalOutcome, Learner, LearnerSharing
from outcomes.progress_models import ProgressRow, ProgressSubmission
from tests.import_files import ImportFile
from tests.outcomes.helpers import PROGRESS_HEADINGS as HEADINGS
from tests.outcomes.helpers import progress_file, shared_learners


def send(world, file: ImportFile, *, fmt="csv") -> ProgressSubmission:
    content = file.csv_bytes() if fmt == "csv" else file.xlsx_bytes()
    lead = world.users["provider_lead"]
    upload = progress.progress_upload(provider=world.provider, local_authority=world.la,
                                      filename=f"progress.{fmt}", content=content, by=lead)
    plan, sent = progress.progress_confirm(upload=upload, by=lead)
    assert sent, plan.errors
    upload.refresh_from_db()
    return upload


@pytest.fixture
def twelve(world, outcome_scheme):
    return shared_learners(world.la, world.provider, world.users["la_commissioner"], 12)


def test_a_sent_file_waits_and_counts_nowhere_until_accepted(world, twelve):
    submission = send(world, progress_file(12))
    assert submission.state == ProgressSubmission.State.APPLIED and submission.content == b""
    assert ProgressRow.objects.filter(submission=submission,
                                      status=ProgressRow.Status.PENDING).count() == 12
    assert not GoalOutcome.objects.filter(academic_year="2025/26").exists()


def test_the_la_accepts_ten_and_refuses_two_and_exactly_the_ten_count(world, twelve):
    submission = send(world, progress_file(12))
    rows = list(ProgressRow.objects.filter(submission=submission).order_by("row"))
    commissioner = world.users["la_commissioner"]
    refused = progress.progress_decide(submission=submission, rows=[r.pk for r in rows[:2]],
                                       accept=False, reason="No review held for these two.",
                                       by=commissioner)
    accepted = progress.progress_decide(submission=submission, rows=None, accept=True,
                                        by=commissioner)
    assert (refused, accepted) == (2, 10)
    held = GoalOutcome.objects.filter(academic_year="2025/26")
    assert held.count() == 10
    assert set(held.values_list("learner__reference", flat=True)) == {
        f"SH-{n:04d}" for n in range(3, 13)}
    # Each accepted row names who sent it and who accepted it.
    assert set(held.values_list("submitted_by", "accepted_by")) == {
        (world.users["provider_lead"].pk, commissioner.pk)}
    assert {r.reason for r in ProgressRow.objects.filter(status=ProgressRow.Status.REFUSED)} == {
        "No review held for these two."}
    # The rows every figure on the outcomes dashboard counts.
    assert base_rows(commissioner, Filters(year="2025/26")).count() == 10


def test_accepting_changes_the_goal_already_held_for_the_year(world, twelve):
    first = send(world, progress_file(1))
    progress.progress_decide(submission=first, rows=None, accept=True,
                             by=world.users["la_commissioner"])
    second = send(world, progress_file(1, {(0, "rating"): "not_met"}))
    progress.progress_decide(submission=second, rows=None, accept=True,
                             by=world.users["la_commissioner"])
    [held] = GoalOutcome.objects.filter(academic_year="2025/26")
    assert held.rating == "not_met"


def test_a_refusal_needs_its_reason_and_a_decision_needs_rows_waiting(world, twelve):
    submission = send(world, progress_file(2))
    commissioner = world.users["la_commissioner"]
    with pytest.raises(ValidationError, match="Say why"):
        progress.progress_decide(submission=submission, rows=None, accept=False, reason="  ",
                                 by=commissioner)
    progress.progress_decide(submission=submission, rows=None, accept=True, by=commissioner)
    with pytest.raises(ValidationError, match="Choose at least one row"):
        progress.progress_decide(submission=submission, rows=None, accept=True, by=commissioner)


def test_only_the_las_commissioners_decide_and_only_the_providers_people_send(world, twelve):
    submission = send(world, progress_file(1))
    for role in ("provider_lead", "partnership_officer", "other_la_commissioner"):
        with pytest.raises(PermissionDenied):
            progress.progress_decide(submission=submission, rows=None, accept=True,
                                     by=world.users[role])
    for role in ("la_commissioner", "other_provider_lead", "partnership_officer"):
        with pytest.raises(PermissionDenied):
            progress.progress_upload(provider=world.provider, local_authority=world.la,
                                     filename="p.csv", content=b"x", by=world.users[role])
    staff = world.users["provider_staff"]
    assert progress.progress_upload(provider=world.provider, local_authority=world.la,
                                    filename="p.csv", content=b"x", by=staff).pk


def check(world, file, fmt="csv"):
    return progress.progress_check(
        content=file.csv_bytes() if fmt == "csv" else file.xlsx_bytes(),
        filename=f"p.{fmt}", provider=world.provider, local_authority=world.la)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_row_problem_is_named_and_nothing_is_sent(world, twelve, fmt):
    other = Learner.objects.create(local_authority=world.other_la, reference="FAR-0001",
                                   year_of_birth=2007, primary_need="ASD")
    file = progress_file(4, {(0, "learner_ref"): "SH-9999", (1, "rating"): "brilliant",
                             (2, "learner_ref"): other.reference})
    file.rows.append(list(file.rows[3]))  # the same learner, year and goal twice
    plan = check(world, file, fmt)
    assert [(e.row, e.column) for e in plan.errors] == [
        (2, "learner_ref"), (3, "rating"), (4, "learner_ref"), (6, "goal")]
    assert "'SH-9999' is not a learner of Shire Council at Riverside College" in (
        plan.errors[0].message)
    assert not plan.ok
    lead = world.users["provider_lead"]
    upload = progress.progress_upload(provider=world.provider, local_authority=world.la,
                                      filename=f"p.{fmt}", content=file.csv_bytes()
                                      if fmt == "csv" else file.xlsx_bytes(), by=lead)
    assert progress.progress_confirm(upload=upload, by=lead)[1] is False
    assert not ProgressRow.objects.exists()


def test_a_personal_data_column_refuses_the_file(world, twelve):
    with pytest.raises(ImportFileError, match="looks like personal data: date_of_birth"):
        check(world, ImportFile([*HEADINGS, "date_of_birth"], [[""] * 8]))


def test_nothing_is_sent_to_an_la_that_does_not_share_its_learners(world, twelve):
    LearnerSharing.objects.all().delete()
    with pytest.raises(ValidationError, match="does not share its learners"):
        progress.progress_upload(provider=world.provider, local_authority=world.la,
                                 filename="p.csv", content=b"x", by=world.users["provider_lead"])


def test_a_second_confirm_sends_nothing_more(world, twelve):
    submission = send(world, progress_file(3))
    assert progress.progress_confirm(upload=submission, by=world.users["provider_lead"]) == (
        None, False)
    assert ProgressRow.objects.count() == 3


def queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_ask_the_same_queries_for_a_few_rows_and_files_as_for_many(
        world, outcome_scheme, client_for):
    shared_learners(world.la, world.provider, world.users["la_commissioner"], 120)
    few = send(world, progress_file(3))
    for role in ("la_commissioner", "provider_lead"):
        client = client_for(world.users[role])
        counted = (queries(client, few.get_absolute_url()),
                   queries(client, "/outcomes/progress/"))
        many = send(world, progress_file(120))
        for _ in range(25):
            send(world, progress_file(2))
        progress.progress_decide(submission=many, rows=list(
            ProgressRow.objects.filter(submission=many).values_list("pk", flat=True)[:7]),
            accept=False, reason="Not reviewed.", by=world.users["la_commissioner"])
        assert (queries(client, many.get_absolute_url()),
                queries(client, "/outcomes/progress/")) == counted, role


def test_the_preview_warns_of_a_goal_that_may_identify_a_learner(world, twelve, client_for):
    """The same warning as the LA's import: the provider may still send the file."""
    file = progress_file(3, {(1, "goal"): "Meet Mrs Patel at the station"})
    response = client_for(world.users["provider_lead"]).post(
        reverse("outcomes:progress_send"),
        {"route": f"{world.provider.pk}-{world.la.pk}",
         "file": SimpleUploadedFile("progress.csv", file.csv_bytes())})
    plan = response.context["plan"]
    assert plan.ok and [(w.row, w.column) for w in plan.warnings] == [(3, "goal")]
    page = response.content.decode()
    assert "1 goal may identify a learner" in page and "Row 3, goal: It looks as if" in page
    assert "send the file as it is" in page and "Send to Shire Council" in page
