"""A self-assessment's SAR and QIP (issue 27): linked by web address or attached as a checked
file while it is a draft, listed for everyone who sees it, downloaded only by them."""
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from assessments import services
from assessments.models import QualityDocument
from assessments.quality_document_forms import (
    ADDRESS_OR_FILE,
    ADDRESS_SCHEME,
    ADDRESS_TOO_LONG,
    KIND_REQUIRED,
    NOT_BOTH,
)
from assessments.quality_documents import document_add, document_remove, quality_documents_of
from tests.assessments.conftest import rate
from tests.assessments.test_evidence_files import EXE, PDF

SAR_ADDRESS = "https://www.riverside.ac.uk/quality/sar-2025-26.pdf"


@pytest.fixture
def draft(start):
    return start("si-qaf")


def page_url(assessment):
    return reverse("assessments:quality_documents", kwargs={"pk": assessment.pk})


def add(client, assessment, **data):
    return client.post(page_url(assessment), {"kind": "sar", "url": "", **data})


def html(response):
    return response.content.decode()


def test_the_lead_links_the_sar_by_its_address_and_it_is_listed(world, draft, client_for):
    client = client_for(world.users["provider_lead"])
    response = add(client, draft, url=f"  {SAR_ADDRESS} ")
    assert response.status_code == 302
    document = QualityDocument.objects.get()
    assert (document.kind, document.url, document.file.name) == ("sar", SAR_ADDRESS, "")
    assert document.added_by == world.users["provider_lead"]
    assert document.history.get().history_user == world.users["provider_lead"]
    page = html(client.get(page_url(draft)))
    assert f'href="{SAR_ADDRESS}" rel="noopener noreferrer">{SAR_ADDRESS}</a>' in page
    assert "Self-Assessment Report (SAR)" in page
    # As the page writes it: a generated name may hold an apostrophe (O'Brien), escaped.
    assert escape(world.users["provider_lead"].display_name) in page


def test_staff_attach_the_qip_as_a_file_which_downloads_with_its_type(world, draft, client_for):
    client = client_for(world.users["provider_staff"])
    response = add(client, draft, kind="qip", file=SimpleUploadedFile("QIP 2025-26.pdf", PDF))
    assert response.status_code == 302
    document = QualityDocument.objects.get()
    assert (document.kind, document.url, document.original_name) == ("qip", "", "QIP 2025-26.pdf")
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert "QIP" not in document.file.name  # stored under a random name
    download = client.get(reverse("assessments:quality_document", kwargs={"pk": document.pk}))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="QIP 2025-26.pdf"' in download["Content-Disposition"]
    assert document.get_absolute_url() in html(client.get(page_url(draft)))


def test_both_an_address_and_a_file_are_refused_beside_the_address(world, draft, client_for):
    client = client_for(world.users["provider_lead"])
    response = add(client, draft, url=SAR_ADDRESS, file=SimpleUploadedFile("sar.pdf", PDF))
    assert response.status_code == 400
    assert NOT_BOTH in html(response)
    assert 'id="id_url_1_error"' in html(response)
    assert not QualityDocument.objects.exists()


def test_neither_an_address_nor_a_file_is_refused_beside_the_address(world, draft, client_for):
    response = add(client_for(world.users["provider_lead"]), draft, url="   ")
    assert response.status_code == 400
    assert ADDRESS_OR_FILE in html(response)
    assert 'id="id_url_1_error"' in html(response)
    assert not QualityDocument.objects.exists()


def test_the_kind_must_be_chosen(world, draft, client_for):
    response = add(client_for(world.users["provider_lead"]), draft, kind="", url=SAR_ADDRESS)
    assert response.status_code == 400
    assert KIND_REQUIRED in html(response)


@pytest.mark.parametrize("address", [
    "javascript:alert(document.cookie)", "JavaScript://%0aalert(1)", "data:text/html,<b>x</b>",
    "ftp://files.riverside.ac.uk/sar.pdf", "file:///etc/passwd", "www.riverside.ac.uk/sar.pdf",
    "https:/riverside.ac.uk", "mailto:quality@riverside.ac.uk",
])
def test_an_address_that_is_not_http_or_https_is_refused(world, draft, client_for, address):
    response = add(client_for(world.users["provider_lead"]), draft, url=address)
    assert response.status_code == 400
    assert ADDRESS_SCHEME in html(response)
    assert not QualityDocument.objects.exists()


@pytest.mark.parametrize("address", ["https://", "https://exa mple.org/sar", "https://\x00x.org",
                                     "https://riverside.ac.uk/\u202esar", "1\x00"])
def test_a_malformed_address_is_refused_not_a_server_error(world, draft, client_for, address):
    response = add(client_for(world.users["provider_lead"]), draft, url=address)
    assert response.status_code == 400
    assert not QualityDocument.objects.exists()


def test_a_huge_address_is_refused_with_the_limit(world, draft, client_for):
    response = add(client_for(world.users["provider_lead"]), draft,
                   url="https://riverside.ac.uk/" + "a" * 5000)
    assert response.status_code == 400
    assert ADDRESS_TOO_LONG in html(response)


def test_a_wrong_file_type_is_refused_with_the_evidence_message(world, draft, client_for):
    client = client_for(world.users["provider_lead"])
    response = add(client, draft, file=SimpleUploadedFile("sar.exe", EXE))
    assert response.status_code == 400
    assert "The file sar.exe must be a PDF, an Office document" in html(response)
    response = add(client, draft, file=SimpleUploadedFile("sar.pdf", EXE))
    assert "The file sar.pdf is named as a .pdf file but its content is not." in html(response)
    assert 'id="id_file_1_error"' in html(response)
    assert not QualityDocument.objects.exists()


def test_a_file_over_the_limit_is_refused_and_a_huge_name_is_cut(world, draft, client_for,
                                                                   settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    client = client_for(world.users["provider_lead"])
    response = add(client, draft, file=SimpleUploadedFile("sar.txt", b"x" * 3000))
    assert response.status_code == 400
    assert "The file sar.txt is 3 KB. Choose a file smaller than 1 KB." in html(response)
    assert not QualityDocument.objects.exists()
    response = add(client, draft, file=SimpleUploadedFile("s" * 5000 + ".pdf", PDF))
    assert response.status_code == 302
    name = QualityDocument.objects.get().original_name
    assert len(name) <= 255 and name.endswith(".pdf")


def test_a_file_of_more_than_20_mb_is_refused_not_a_server_error(world, draft, client_for):
    response = add(client_for(world.users["provider_lead"]), draft,
                   file=SimpleUploadedFile("sar.txt", b"x" * (21 * 1024 * 1024)))
    assert response.status_code == 400
    assert "The file sar.txt is 21.0 MB. Choose a file smaller than 20.0 MB." in html(response)
    assert not QualityDocument.objects.exists()


def test_removing_asks_to_confirm_then_removes_and_deletes_the_file(
        world, draft, client_for, django_capture_on_commit_callbacks):
    lead = world.users["provider_lead"]
    document = document_add(assessment=draft, by=lead, kind="qip",
                            upload=SimpleUploadedFile("qip.pdf", PDF))
    storage, name = document.file.storage, document.file.name
    client = client_for(lead)
    confirm = client.post(page_url(draft), {"remove": document.pk})
    assert confirm.status_code == 200
    assert "Remove the Quality Improvement Plan (QIP)?" in html(confirm)
    assert QualityDocument.objects.exists() and storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(page_url(draft), {"remove": document.pk, "confirm": "yes"})
    assert done.status_code == 302
    assert not QualityDocument.objects.exists()
    assert not storage.exists(name)
    assert QualityDocument.history.filter(id=document.pk, history_type="-",
                                          history_user=lead).exists()


def test_removing_a_document_of_another_assessment_or_no_document_is_a_404(
        world, draft, start, client_for):
    lead = world.users["provider_lead"]
    other = start(period="2024/25")
    document = document_add(assessment=other, by=lead, kind="sar", url=SAR_ADDRESS)
    client = client_for(lead)
    for value in (document.pk, "9999999999999999999999999", "1\x00", ""):
        assert client.post(page_url(draft), {"remove": value}).status_code == 404, value
    assert QualityDocument.objects.exists()


def test_a_submitted_self_assessment_refuses_changes(world, draft, client_for):
    lead = world.users["provider_lead"]
    document = document_add(assessment=draft, by=lead, kind="sar", url=SAR_ADDRESS)
    rate(draft, lead, default="evidenced")
    services.assessment_submit(assessment=draft, by=lead)
    client = client_for(lead)
    page = client.get(page_url(draft))
    assert page.status_code == 200
    assert "has been submitted, so its SAR and QIP cannot change" in html(page)
    assert 'name="remove"' not in html(page) and 'name="kind"' not in html(page)
    assert add(client, draft, url=SAR_ADDRESS + "?v=2").status_code == 403
    assert client.post(page_url(draft), {"remove": document.pk,
                                         "confirm": "yes"}).status_code == 403
    assert QualityDocument.objects.count() == 1
    with pytest.raises(PermissionDenied):
        document_add(assessment=draft, by=lead, kind="qip", url=SAR_ADDRESS)
    with pytest.raises(PermissionDenied):
        document_remove(document=document, by=lead)


def test_another_providers_lead_gets_a_404_for_the_page_and_the_download(
        world, draft, client_for):
    document = document_add(assessment=draft, by=world.users["provider_lead"], kind="qip",
                            upload=SimpleUploadedFile("qip.pdf", PDF))
    download = reverse("assessments:quality_document", kwargs={"pk": document.pk})
    for role in ("other_provider_lead", "other_la_commissioner", "no_membership",
                 "la_commissioner"):  # the commissioner does not see the unshared draft
        client = client_for(world.users[role])
        assert client.get(page_url(draft)).status_code == 404, role
        assert add(client, draft, url=SAR_ADDRESS).status_code == 404, role
        assert client.get(download).status_code == 404, role


def test_a_commissioner_sees_and_downloads_but_cannot_add_or_remove(world, draft, client_for):
    lead = world.users["provider_lead"]
    document = document_add(assessment=draft, by=lead, kind="qip",
                            upload=SimpleUploadedFile("qip.pdf", PDF))
    services.assessment_share(assessment=draft, by=lead, shared=True)
    client = client_for(world.users["la_commissioner"])
    page = client.get(page_url(draft))
    assert page.status_code == 200
    assert "qip.pdf" in html(page)
    assert 'name="remove"' not in html(page) and 'name="kind"' not in html(page)
    download = client.get(reverse("assessments:quality_document", kwargs={"pk": document.pk}))
    assert b"".join(download.streaming_content) == PDF
    assert add(client, draft, url=SAR_ADDRESS).status_code == 403
    assert client.post(page_url(draft), {"remove": document.pk,
                                         "confirm": "yes"}).status_code == 403
    with pytest.raises(PermissionDenied):
        document_add(assessment=draft, by=world.users["la_commissioner"], kind="sar",
                     url=SAR_ADDRESS)
    assert QualityDocument.objects.count() == 1


def test_a_linked_document_has_no_download(world, draft, client_for):
    document = document_add(assessment=draft, by=world.users["provider_lead"], kind="sar",
                            url=SAR_ADDRESS)
    assert document.get_absolute_url() == SAR_ADDRESS
    download = reverse("assessments:quality_document", kwargs={"pk": document.pk})
    assert client_for(world.users["provider_lead"]).get(download).status_code == 404


def test_the_service_refuses_both_neither_and_a_bad_scheme(world, draft):
    lead = world.users["provider_lead"]
    cases = [({"url": SAR_ADDRESS, "upload": SimpleUploadedFile("s.pdf", PDF)}, NOT_BOTH),
             ({}, ADDRESS_OR_FILE), ({"url": "javascript:alert(1)"}, ADDRESS_SCHEME)]
    for kwargs, message in cases:
        with pytest.raises(ValidationError) as refused:
            document_add(assessment=draft, by=lead, kind="sar", **kwargs)
        assert refused.value.message_dict == {"url": [message]}
    with pytest.raises(ValidationError):
        document_add(assessment=draft, by=lead, kind="x", url=SAR_ADDRESS)
    assert not QualityDocument.objects.exists()


def test_the_list_is_sars_then_qips_in_one_query(world, draft, django_assert_num_queries):
    lead = world.users["provider_lead"]
    for kind, n in (("qip", 1), ("sar", 1), ("qip", 2)):
        document_add(assessment=draft, by=lead, kind=kind, url=f"{SAR_ADDRESS}?{kind}={n}")
    with django_assert_num_queries(1):
        documents = quality_documents_of(draft)
        names = [(d.kind, d.url[-5:], d.added_by.email) for d in documents]
    assert [(kind, tail) for kind, tail, _ in names] == [
        ("sar", "sar=1"), ("qip", "qip=1"), ("qip", "qip=2")]


def _page_queries(client, url) -> int:
    client.get(url)  # the first request of a session may write it; count the next
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_asks_the_same_queries_for_1_and_10_documents(world, draft, client_for):
    lead = world.users["provider_lead"]
    client = client_for(lead)
    document_add(assessment=draft, by=lead, kind="sar", url=SAR_ADDRESS)
    one = _page_queries(client, page_url(draft))
    for n in range(9):
        document_add(assessment=draft, by=world.users["provider_staff"], kind="qip",
                     upload=SimpleUploadedFile(f"qip-{n}.pdf", PDF))
    assert len(quality_documents_of(draft)) == 10
    assert _page_queries(client, page_url(draft)) == one

