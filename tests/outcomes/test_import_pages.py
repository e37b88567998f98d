"""The import in the browser, through the test client: upload, preview, confirm; the
template downloads; who may use the pages."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.imports.uploads import ALREADY_APPLIED
from organisations.models import Commissioning, Membership
from outcomes import services
from outcomes.import_models import OutcomeImport
from outcomes.import_rows import GOAL_CONTROL, NOT_COMMISSIONED
from outcomes.importer import PERSONAL_DATA, import_check
from outcomes.models import GoalOutcome, Learner
from outcomes.scheme import current_scheme
from outcomes.views import PREVIEW_LIMIT
from tests.factories import MembershipFactory

from .helpers import HEADINGS, csv_bytes, with_cell, xlsx_bytes

IMPORT = reverse("outcomes:import")
CONFIRM = reverse("outcomes:import_confirm")


def upload(client, content, name="outcomes.csv", **data):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content), **data})


def test_the_upload_form_has_a_file_input_and_links_to_the_templates(commissioner):
    page = commissioner.get(IMPORT).content.decode()
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert reverse("outcomes:template_csv") in page and reverse("outcomes:template_xlsx") in page
    assert "Shire Council" in page


@pytest.mark.parametrize("make, name", [(csv_bytes, "o.csv"), (xlsx_bytes, "o.xlsx")])
def test_upload_preview_and_confirm_import_the_file(shire, commissioner, make, name):
    content = make()  # once: an XLSX written a second later carries another timestamp
    preview = upload(commissioner, content, name)
    assert preview.status_code == 200
    assert [len(preview.context["plan"].rows_to_add), len(preview.context["plan"].learners_to_add)] \
        == [3, 2]
    assert not GoalOutcome.objects.exists()
    kept = preview.context["upload"]
    assert kept.state == OutcomeImport.State.PREVIEWED and bytes(kept.content) == content
    assert "Confirm and import" in preview.content.decode()
    done = commissioner.post(CONFIRM, {"upload": kept.pk}, follow=True)
    # Straight to the figures, for the year the file was about, saying what was added.
    assert done.redirect_chain[-1][0] == reverse("dashboards:outcomes") + "?year=2025%2F26"
    assert done.context["filters"].year == "2025/26"
    assert f"{name} imported for Shire Council: 3 goals added; 2 learners added." in \
        done.content.decode()
    assert GoalOutcome.objects.count() == 3
    assert {o.updated_by for o in GoalOutcome.objects.all()} == {shire.users["la_commissioner"]}
    kept.refresh_from_db()
    assert kept.state == OutcomeImport.State.APPLIED
    # Confirming again does nothing.
    again = commissioner.post(CONFIRM, {"upload": kept.pk}, follow=True)
    assert ALREADY_APPLIED in again.content.decode()
    assert GoalOutcome.history.count() == 3


def test_a_changed_rating_is_shown_before_it_is_applied(shire, commissioner):
    commissioner.post(CONFIRM, {"upload": upload(commissioner, csv_bytes()).context["upload"].pk})
    preview = upload(commissioner, csv_bytes(rows=with_cell("rating", "Not met", row=1)))
    page = preview.content.decode()
    assert "What changes" in page and "Partially met" in page and "Not met" in page
    done = commissioner.post(CONFIRM, {"upload": preview.context["upload"].pk}, follow=True)
    assert GoalOutcome.objects.get(goal="Make a sandwich").rating == "not_met"
    assert "outcomes.csv imported for Shire Council: 1 goal changed; 2 goals already as in " \
        "the file." in done.content.decode()


def test_every_error_is_in_the_error_summary_with_row_and_column(shire, commissioner):
    rows = with_cell("provider", "hilltop-ap", row=2, rows=with_cell("rating", "brilliant"))
    preview = upload(commissioner, csv_bytes(rows=rows))
    page = preview.content.decode()
    assert "govuk-error-summary" in page and preview.context["upload"] is None
    assert "Row 2, rating: &#x27;brilliant&#x27; is not one of" in page
    assert "Row 4, provider: " + NOT_COMMISSIONED.format(
        value="hilltop-ap", la="Shire Council").replace("'", "&#x27;") in page
    assert "Confirm and import" not in page
    assert not OutcomeImport.objects.exists() and not GoalOutcome.objects.exists()


def test_a_nul_byte_in_a_goal_is_an_error_not_a_server_error(shire, commissioner):
    preview = upload(commissioner, csv_bytes(rows=with_cell("goal", "Cook\x00 a meal")))
    assert preview.status_code == 200
    assert [(e.row, e.column, e.message) for e in preview.context["plan"].errors] == [
        (2, "goal", GOAL_CONTROL)]
    assert preview.context["upload"] is None
    response = upload(commissioner, b"learner_ref\x00,goal\n\x00\x00,\x00\n", "n\x00ul.csv")
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not GoalOutcome.objects.exists() and not OutcomeImport.objects.exists()


def test_a_file_with_a_date_of_birth_column_is_refused_on_the_form(shire, commissioner):
    response = upload(commissioner, csv_bytes([*HEADINGS, "date_of_birth"],
                                              [["x"] * 11]))
    assert response.context["form"].errors["file"] == [
        PERSONAL_DATA.format(columns="date_of_birth")]
    assert "govuk-error-summary" in response.content.decode()
    assert not OutcomeImport.objects.exists()


def test_the_file_is_checked_again_at_confirm(shire, commissioner):
    kept = upload(commissioner, csv_bytes()).context["upload"]
    Commissioning.objects.filter(commissioner=shire.la, provider=shire.provider).delete()
    response = commissioner.post(CONFIRM, {"upload": kept.pk})
    assert response.status_code == 200 and response.context["plan"].errors
    assert not GoalOutcome.objects.exists() and not Learner.objects.exists()


def test_another_users_or_another_las_upload_cannot_be_confirmed(shire, client_for):
    kept = upload(client_for(shire.users["la_commissioner"]), csv_bytes()).context["upload"]
    colleague = MembershipFactory(organisation=shire.la,
                                  role=Membership.Role.LA_COMMISSIONER).user
    assert client_for(colleague).post(CONFIRM, {"upload": kept.pk}).status_code == 404
    other = client_for(shire.users["other_la_commissioner"])
    assert other.post(CONFIRM, {"upload": kept.pk}).status_code == 404
    assert other.post(CONFIRM, {"upload": "99999999999999999999"}).status_code == 404
    assert not GoalOutcome.objects.exists()


@pytest.mark.parametrize("role", ["provider_lead", "partnership_officer", "admin",
                                  "no_membership"])
def test_everyone_but_la_commissioners_is_refused(shire, client_for, role):
    client = client_for(shire.users[role])
    for name in ("outcomes:import", "outcomes:template_csv", "outcomes:template_xlsx"):
        assert client.get(reverse(name)).status_code == 403
    assert client.post(CONFIRM, {"upload": 1}).status_code == 403


def test_a_commissioner_of_several_las_chooses_which(shire, client_for):
    MembershipFactory(user=shire.users["la_commissioner"], organisation=shire.other_la,
                      role=Membership.Role.LA_COMMISSIONER)
    client = client_for(shire.users["la_commissioner"])
    page = client.get(IMPORT).content.decode()
    assert 'type="radio"' in page and "Far Council" in page
    missing = upload(client, csv_bytes())
    assert "local_authority" in missing.context["form"].errors
    preview = upload(client, csv_bytes(), local_authority=shire.other_la.pk)
    # Riverside is not commissioned by Far Council.
    assert {e.column for e in preview.context["plan"].errors} == {"provider"}
    preview = upload(client, csv_bytes(), local_authority=shire.la.pk)
    assert preview.context["plan"].ok and preview.context["upload"].local_authority == shire.la


@pytest.mark.parametrize("name, filename", [("outcomes:template_csv", "o.csv"),
                                            ("outcomes:template_xlsx", "o.xlsx")])
def test_the_templates_import_without_errors(shire, commissioner, name, filename):
    response = commissioner.get(reverse(name))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    plan = import_check(content=response.content, filename=filename, local_authority=shire.la)
    assert plan.errors == []
    assert len(plan.rows_to_add) == 2
    assert {r.provider for r in plan.rows_to_add} == {shire.provider}
    assert {r.reference for r in plan.rows_to_add} == {"EXAMPLE-0001", "EXAMPLE-0002"}


def test_an_applied_upload_keeps_no_content_and_a_superseded_preview_is_gone(shire,
                                                                          commissioner):
    first = upload(commissioner, csv_bytes()).context["upload"]
    second = upload(commissioner, xlsx_bytes(), "o.xlsx").context["upload"]
    assert commissioner.post(CONFIRM, {"upload": first.pk}).status_code == 404
    commissioner.post(CONFIRM, {"upload": second.pk})
    second.refresh_from_db()
    assert second.state == OutcomeImport.State.APPLIED and bytes(second.content) == b""
    assert GoalOutcome.objects.count() == 3


def test_a_commissioner_of_one_la_cannot_import_for_another_by_changing_the_form(shire,
                                                                               commissioner):
    preview = upload(commissioner, csv_bytes(), local_authority=shire.other_la.pk)
    assert preview.context["plan"].local_authority == shire.la


def test_changes_to_a_learner_and_soft_outcomes_read_as_labels(shire, commissioner):
    commissioner.post(CONFIRM, {"upload": upload(commissioner, csv_bytes()).context["upload"].pk})
    rows = with_cell("soft_confidence", "5", row=0,
                     rows=with_cell("primary_need", "SLD", row=0,
                                    rows=with_cell("primary_need", "SLD", row=1)))
    page = upload(commissioner, csv_bytes(rows=rows)).content.decode()
    changes = page[page.index("What changes"):page.index("</table>", page.index("What changes"))]
    assert "Autistic spectrum disorder" in changes and "Severe learning difficulty" in changes
    assert ">ASD<" not in changes and ">SLD<" not in changes
    scale = {t.code: t.label for t in current_scheme().soft_scale}
    assert scale["4"] in changes and scale["5"] in changes


def test_a_long_list_of_errors_is_cut_at_the_limit_and_says_so(shire, commissioner):
    bad = [with_cell("rating", "brilliant")[0][:] for _ in range(PREVIEW_LIMIT + 20)]
    for n, row in enumerate(bad):
        row[HEADINGS.index("goal")] = f"Goal {n}"
    preview = upload(commissioner, csv_bytes(rows=bad))
    page = preview.content.decode()
    assert f"There is a problem: {PREVIEW_LIMIT + 20} to correct" in page
    assert f"The first {PREVIEW_LIMIT} of {PREVIEW_LIMIT + 20} problems are listed" in page
    assert page.count("<li>Row ") == PREVIEW_LIMIT


def test_an_unconfirmed_preview_is_deleted_by_the_daily_run(shire, commissioner, capsys):
    from django.core.management import call_command
    from django.utils import timezone

    hours_ago = timezone.now() - services.PREVIEW_LASTS - timezone.timedelta(minutes=1)
    applied = upload(commissioner, xlsx_bytes(), "o.xlsx").context["upload"]
    OutcomeImport.objects.filter(pk=applied.pk).update(
        state=OutcomeImport.State.APPLIED, content=b"", uploaded_at=hours_ago)
    stale = upload(commissioner, csv_bytes()).context["upload"]
    OutcomeImport.objects.filter(pk=stale.pk).update(uploaded_at=hours_ago)
    # Another commissioner's preview, made just now, stays for its Confirm.
    fresh = services.import_upload(
        local_authority=shire.other_la, filename="o.csv", content=csv_bytes(), sha256="0" * 64,
        by=shire.users["other_la_commissioner"])
    call_command("send_reminders")
    assert "Deleted 1 outcomes file previewed but not imported" in capsys.readouterr().out
    assert set(OutcomeImport.objects.values_list("pk", flat=True)) == {fresh.pk, applied.pk}


def test_a_preview_left_too_long_cannot_be_confirmed(shire, commissioner):
    from django.utils import timezone

    kept = upload(commissioner, csv_bytes()).context["upload"]
    OutcomeImport.objects.filter(pk=kept.pk).update(
        uploaded_at=timezone.now() - services.PREVIEW_LASTS - timezone.timedelta(minutes=1))
    done = commissioner.post(CONFIRM, {"upload": kept.pk}, follow=True)
    assert done.redirect_chain[-1][0] == IMPORT
    assert services.PREVIEW_EXPIRED in done.content.decode()
    assert not GoalOutcome.objects.exists()
