"""The organisations import through the test client: upload, preview, confirm; errors in the
error summary by row and column, with the file field again beside its message; the template
downloads; who may use the pages; and the preview's queries, as many for 200 rows as for 5."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.imports import uploads
from core.imports.files import WRONG_TYPE
from core.imports.uploads import ALREADY_APPLIED
from organisations.import_models import OrganisationImport
from organisations.import_rows import NOT_A_POSTCODE
from organisations.import_views import CORRECT_THE_FILE
from organisations.importer import import_check
from organisations.models import Commissioning, Organisation
from tests.factories import UserFactory

from .import_helpers import csv_bytes, many_rows, with_cell, xlsx_bytes

IMPORT = reverse("organisations:import")
CONFIRM = reverse("organisations:import_confirm")
# The preview's queries whatever the file's length (today 13): the session and user, reading
# the commissioners, the providers by URN and by UKPRN, their links, the free web addresses,
# and keeping the file.
MOST_QUERIES = 16


def upload(client, content, name="providers.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content)})


@pytest.fixture
def admin(world, client_for):
    return client_for(world.users["admin"])


def test_the_upload_page_has_a_file_input_and_the_templates(admin):
    page = admin.get(IMPORT).content.decode()
    assert 'type="file"' in page and 'enctype="multipart/form-data"' in page
    assert reverse("organisations:template_csv") in page
    assert reverse("organisations:template_xlsx") in page


@pytest.mark.parametrize("make, name", [(csv_bytes, "p.csv"), (xlsx_bytes, "p.xlsx")])
def test_upload_preview_and_confirm_import_exactly_the_file_previewed(world, admin, make, name):
    content = make()
    preview = upload(admin, content, name)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Brook House Tuition" in page and "Confirm and import" in page
    assert not Organisation.objects.filter(urn="100001").exists()
    kept = preview.context["upload"]
    assert kept.state == OrganisationImport.State.PREVIEWED and bytes(kept.content) == content
    done = admin.post(CONFIRM, {"upload": kept.pk}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("organisations:list")
    assert f"{name} imported: 3 organisations added; 3 commissioning links added." in \
        done.content.decode()
    assert Organisation.objects.filter(urn__in=["100001", "100003"]).count() == 2
    kept.refresh_from_db()
    assert kept.state == OrganisationImport.State.APPLIED and bytes(kept.content) == b""
    history = Organisation.history.count()
    again = admin.post(CONFIRM, {"upload": kept.pk}, follow=True)
    assert ALREADY_APPLIED in again.content.decode()
    assert Organisation.history.count() == history


def test_a_change_is_shown_before_it_is_applied(world, admin):
    admin.post(CONFIRM, {"upload": upload(admin, csv_bytes()).context["upload"].pk})
    page = upload(admin, csv_bytes(rows=with_cell("postcode", "LE10 9ZZ"))).content.decode()
    changes = page[page.index("What changes"):page.index("</table>", page.index("What changes"))]
    assert "Brook House Tuition" in changes and "LE10 1AA" in changes and "LE10 9ZZ" in changes


def test_every_error_is_in_the_summary_and_beside_the_file_field(world, admin):
    preview = upload(admin, csv_bytes(rows=with_cell("postcode", "nowhere", row=1)))
    page = preview.content.decode()
    assert preview.context["upload"] is None and "Confirm and import" not in page
    assert ('<a href="#id_file">Row 3, column F (postcode): '
            + NOT_A_POSTCODE.format(value="NOWHERE").replace("'", "&#x27;")) in page
    assert 'id="id_file-error"' in page
    assert CORRECT_THE_FILE.format(count=1, problems="problem") in page
    assert not OrganisationImport.objects.exists()
    assert not Organisation.objects.filter(urn="100001").exists()


def test_a_file_refused_whole_is_explained_beside_the_file_field(admin):
    response = upload(admin, csv_bytes(), "providers.txt")
    assert response.context["form"].errors["file"] == [WRONG_TYPE]
    response = upload(admin, b"name\x00,urn\n\x00,\x00\n", "n\x00ul.csv")
    assert response.status_code == 200 and response.context["form"].errors["file"]
    page = response.content.decode()
    assert "govuk-error-summary" in page and 'href="#id_file"' in page
    assert not OrganisationImport.objects.exists()


def test_the_file_is_checked_again_at_confirm(world, admin):
    kept = upload(admin, csv_bytes()).context["upload"]
    Organisation.objects.filter(pk=world.la.pk).update(slug="shire")  # no longer found by slug
    response = admin.post(CONFIRM, {"upload": kept.pk})
    assert response.status_code == 200 and response.context["plan"].errors
    assert not Organisation.objects.filter(urn="100001").exists()


def test_another_administrators_upload_cannot_be_confirmed(world, admin, client_for):
    kept = upload(admin, csv_bytes()).context["upload"]
    other = client_for(UserFactory(is_staff=True))
    assert other.post(CONFIRM, {"upload": kept.pk}).status_code == 404
    assert other.post(CONFIRM, {"upload": "99999999999999999999"}).status_code == 404
    assert not Organisation.objects.filter(urn="100001").exists()


def test_a_preview_left_too_long_cannot_be_confirmed_and_is_pruned(world, admin):
    kept = upload(admin, csv_bytes()).context["upload"]
    OrganisationImport.objects.filter(pk=kept.pk).update(
        uploaded_at=timezone.now() - uploads.PREVIEW_LASTS - timezone.timedelta(minutes=1))
    done = admin.post(CONFIRM, {"upload": kept.pk}, follow=True)
    assert done.redirect_chain[-1][0] == IMPORT
    assert uploads.PREVIEW_EXPIRED in done.content.decode()
    from django.core.management import call_command
    call_command("send_reminders")
    assert not OrganisationImport.objects.exists()


@pytest.mark.parametrize("role", ["la_commissioner", "partnership_chair", "provider_lead",
                                  "no_membership"])
def test_everyone_but_administrators_is_refused(world, client_for, role):
    client = client_for(world.users[role])
    for name in ("organisations:import", "organisations:template_csv",
                 "organisations:template_xlsx"):
        assert client.get(reverse(name)).status_code == 403
    assert upload(client, csv_bytes()).status_code == 403
    assert client.post(CONFIRM, {"upload": 1}).status_code == 403


@pytest.mark.parametrize("name, filename", [("organisations:template_csv", "t.csv"),
                                            ("organisations:template_xlsx", "t.xlsx")])
def test_the_templates_import_without_errors(world, admin, name, filename):
    response = admin.get(reverse(name))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    plan = import_check(content=response.content, filename=filename)
    assert plan.errors == [] and len(plan.to_add) == 2 and len(plan.links_to_add) == 1


def test_the_organisations_list_and_the_admin_link_to_the_import(world, admin, client_for):
    assert IMPORT in admin.get(reverse("organisations:list")).content.decode()
    assert IMPORT in admin.get(reverse("admin:organisations_organisation_changelist")) \
        .content.decode()
    commissioner = client_for(world.users["la_commissioner"])
    assert IMPORT not in commissioner.get(reverse("organisations:list")).content.decode()


def test_the_preview_reads_as_many_queries_for_200_rows_as_for_5(world, admin):
    counts = []
    for size, start in ((5, 300000), (200, 400000)):
        content = csv_bytes(rows=many_rows(size, start))
        admin.get(IMPORT)  # the session is read and the user loaded alike each time
        with CaptureQueriesContext(connection) as queries:
            response = upload(admin, content)
        assert response.status_code == 200 and len(response.context["plan"].to_add) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= MOST_QUERIES, counts
    assert not Commissioning.objects.filter(provider__urn__startswith="3").exists()
