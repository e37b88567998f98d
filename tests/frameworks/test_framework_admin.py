"""The framework admin: read-only rows, and uploading a file through check, preview and confirm."""
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from frameworks import forms as upload_forms
from frameworks.models import Criterion, Framework

from .conftest import data_text, signed_in
from .test_loader_validation import TINY

UPLOAD_URL = reverse("admin:frameworks_framework_upload")
CONFIRM_URL = reverse("admin:frameworks_framework_upload_confirm")


def upload(client, text: str, name: str = "si-qaf-1.yaml"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def payload_of(html: str) -> str:
    return re.search(r'name="payload" value="([^"]+)"', html).group(1)


def test_staff_uploads_a_good_file_sees_the_preview_and_confirm_loads_it(staff_client,
                                                                         no_frameworks):
    preview = upload(staff_client, data_text("si-qaf"))
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "Supported Internship Quality Assurance Framework" in html
    assert "6 sections, 36 criteria, 1 rating scale" in html
    assert html.count("<td>6</td>") >= 6  # each section's criterion count
    assert "Evidenced (1), Not yet evidenced (0)" in html
    assert not Framework.objects.exists()  # nothing is loaded before Confirm

    response = staff_client.post(CONFIRM_URL, {"payload": payload_of(html)}, follow=True)

    framework = Framework.objects.get(slug="si-qaf", version="1")
    assert framework.criteria.count() == 36
    assert framework.source_file == "si-qaf-1.yaml"
    assert response.redirect_chain[-1][0] == reverse(
        "admin:frameworks_framework_change", args=[framework.pk])
    assert "Loaded Supported Internship Quality Assurance Framework version 1" in (
        response.content.decode())


def test_a_bad_file_shows_every_problem_next_to_the_field_and_loads_nothing(staff_client, db):
    before = Criterion.objects.count()
    bad = TINY.replace('version: "1"', "version: 1").replace("item_scale: met", "item_scale: nope")
    html = upload(staff_client, bad, name="tiny-1.yaml").content.decode()
    errors = re.search(r'<ul class="errorlist"[^>]*>(.*?)</ul>', html, re.S).group(1)
    assert "tiny-1.yaml, line 3: &#x27;version&#x27; must be text" in errors
    assert "tiny-1.yaml, line 10: &#x27;item_scale&#x27; names scale &#x27;nope&#x27;" in errors
    assert 'name="payload"' not in html
    assert not Framework.objects.filter(slug="tiny").exists()
    assert Criterion.objects.count() == before


def test_a_yaml_syntax_error_is_shown_with_its_line(staff_client, db):
    html = upload(staff_client, "slug: [broken\n", name="broken.yaml").content.decode()
    assert "broken.yaml, line 2: YAML syntax error" in html


def test_a_file_many_times_larger_than_any_framework_is_refused_before_it_is_parsed(
        staff_client, db):
    # Parsing YAML in Python takes about 13 s a megabyte here; the largest framework file is
    # 23 KB, so a file over ten times that is refused unread.
    text = data_text("si-qaf") + "# padding\n" * 30_000
    assert 256 * 1024 < len(text) < 1024 * 1024
    before = Framework.objects.count()
    html = upload(staff_client, text).content.decode()
    assert upload_forms.TOO_LARGE in html  # next to the field, in the admin's own style
    assert Framework.objects.count() == before


def test_a_file_that_is_not_yaml_is_refused(staff_client, db):
    html = upload(staff_client, "slug: x", name="framework.docx").content.decode()
    assert upload_forms.WRONG_EXTENSION in html


def test_uploading_an_already_loaded_file_says_so_and_changes_nothing(staff_client, loaded):
    before = Framework.objects.count()
    response = upload(staff_client, data_text("leics-ap-visit"), name="leics-ap-visit-1.yaml")
    framework = Framework.objects.get(slug="leics-ap-visit", version="1")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:frameworks_framework_change",
                                           args=[framework.pk])
    page = staff_client.get(response["Location"]).content.decode()
    assert "is already loaded with this content" in page
    assert Framework.objects.count() == before


def test_changed_content_for_a_loaded_version_is_refused_clearly(staff_client, loaded):
    changed = data_text("si-qaf").replace("Leadership", "Leading", 1)
    html = upload(staff_client, changed).content.decode()
    assert "si-qaf version 1 is already loaded with different content" in html
    assert "a changed framework is a new version" in html
    assert not Framework.objects.filter(sections__title="Leading").exists()


def test_confirm_validates_again(staff_client, no_frameworks):
    html = upload(staff_client, TINY, name="tiny-1.yaml").content.decode()
    payload = payload_of(html)
    # Someone loads different content under the same version between preview and Confirm.
    from frameworks.services import framework_load
    framework_load(path_or_text=TINY.replace("The first criterion.", "Changed."),
                   filename="tiny-1.yaml")
    html = staff_client.post(CONFIRM_URL, {"payload": payload}).content.decode()
    assert "tiny version 1 is already loaded with different content" in html
    assert Framework.objects.get(slug="tiny").criteria.get(code="1.1").text == "Changed."


def test_a_tampered_preview_is_refused(staff_client, db):
    html = upload(staff_client, TINY, name="tiny-1.yaml").content.decode()
    html = staff_client.post(CONFIRM_URL, {"payload": payload_of(html) + "x"}).content.decode()
    assert upload_forms.UPLOAD_EXPIRED in html
    assert not Framework.objects.filter(slug="tiny").exists()


def test_signed_in_non_staff_user_is_sent_to_the_admin_sign_in(reader_client, db):
    for url in (UPLOAD_URL, CONFIRM_URL):
        response = reader_client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    response = reader_client.post(UPLOAD_URL, {"file": SimpleUploadedFile("x.yaml", b"slug: x")})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_anonymous_visitor_cannot_upload(client, db):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_frameworks_are_read_only_in_the_admin(staff, staff_client, loaded):
    framework = Framework.objects.get(slug="si-qaf")
    changelist = staff_client.get(reverse("admin:frameworks_framework_changelist"))
    assert changelist.status_code == 200
    assert "Upload a framework file" in changelist.content.decode()
    assert staff_client.get(reverse("admin:frameworks_framework_add")).status_code == 403
    change_url = reverse("admin:frameworks_framework_change", args=[framework.pk])
    page = staff_client.get(change_url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Leadership" in html  # sections, read-only inline
    assert framework.get_absolute_url() in html  # link to the browser page
    assert 'name="_save"' not in html
    response = staff_client.post(change_url, {"name": "Renamed"})
    assert response.status_code == 403
    delete = staff_client.post(
        reverse("admin:frameworks_framework_delete", args=[framework.pk]), {"post": "yes"})
    assert delete.status_code == 403
    framework.refresh_from_db()
    assert framework.name == "Supported Internship Quality Assurance Framework"


def test_superusers_cannot_change_frameworks_either(db, loaded):
    from organisations.models import User
    root = User.objects.create_superuser(email="root@frameworks.test", password="x")
    framework = Framework.objects.get(slug="si-qaf")
    client = signed_in(root)
    change_url = reverse("admin:frameworks_framework_change", args=[framework.pk])
    assert client.post(change_url, {"name": "Renamed"}).status_code == 403


def test_loading_through_the_admin_is_logged(staff, staff_client, no_frameworks):
    from django.contrib.admin.models import LogEntry
    html = upload(staff_client, TINY, name="tiny-1.yaml").content.decode()
    staff_client.post(CONFIRM_URL, {"payload": payload_of(html)})
    entry = LogEntry.objects.get(user=staff)
    assert entry.object_repr == str(Framework.objects.get(slug="tiny"))
    assert entry.is_addition()


def test_the_preview_says_which_provider_types_the_framework_is_for(staff_client, no_frameworks):
    html = upload(staff_client, data_text("integrated-ap-benchmarks"),
                  name="integrated-ap-benchmarks-1.yaml").content.decode()
    assert re.search(r'id="upload-applies-to">AP school or pupil referral unit, '
                     r'Independent alternative provider</td>', html)


def test_uploading_a_loaded_version_that_names_other_provider_types_updates_only_that(
        staff_client, loaded):
    Framework.objects.filter(slug="si-qaf").update(applies_to=[])
    before = Criterion.objects.count()
    html = upload(staff_client, data_text("si-qaf")).content.decode()
    assert "changes only who it applies to, from no provider type to Supported internship" in html
    assert Framework.objects.get(slug="si-qaf").applies_to == []

    response = staff_client.post(CONFIRM_URL, {"payload": payload_of(html)}, follow=True)

    assert Framework.objects.get(slug="si-qaf").applies_to == ["supported_internship"]
    assert Criterion.objects.count() == before
    assert "now applies to: Supported internship provider / college" in response.content.decode()
