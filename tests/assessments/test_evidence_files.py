"""Evidence files: limits, type checks by content, permission-checked downloads."""
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import EvidenceFile

# The smallest real files of each kind the checks look at.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture
def draft(start):
    return start("si-qaf")


def upload(client, assessment, response, files, evidence="Kept evidence text"):
    url = reverse("assessments:section", args=[assessment.pk, response.criterion.section.code])
    data = {f"c{response.pk}-revision": response.revision,
            f"c{response.pk}-evidence": evidence, f"c{response.pk}-files": files}
    return client.post(url, data)


def test_a_pdf_is_stored_with_its_checksum_and_downloads_for_the_provider(
        world, draft, client_for):
    client = client_for(world.users["provider_lead"])
    response = draft.responses.get(criterion__code="1.1")
    page = upload(client, draft, response, [SimpleUploadedFile("Steering minutes.pdf", PDF)])
    assert page.status_code == 302
    stored = EvidenceFile.objects.get()
    assert stored.original_name == "Steering minutes.pdf"
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.content_type == "application/pdf"
    assert "Steering" not in stored.file.name  # the stored name is random
    download = client.get(stored.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'filename="Steering minutes.pdf"' in download["Content-Disposition"]


def test_other_providers_and_uncommissioned_users_cannot_download(world, draft, client_for):
    response = draft.responses.get(criterion__code="1.1")
    upload(client_for(world.users["provider_lead"]), draft, response,
           [SimpleUploadedFile("photo.png", PNG)])
    url = EvidenceFile.objects.get().get_absolute_url()
    for role in ("other_provider_lead", "other_la_commissioner", "no_membership",
                 "la_commissioner"):  # a commissioner cannot see the unshared draft either
        assert client_for(world.users[role]).get(url).status_code == 404, role


def test_a_renamed_program_is_refused_and_the_typed_evidence_is_still_saved(
        world, draft, client_for):
    client = client_for(world.users["provider_lead"])
    response = draft.responses.get(criterion__code="1.2")
    page = upload(client, draft, response, [SimpleUploadedFile("report.pdf", EXE)],
                  evidence="Partnership agreement, shared drive")
    html = page.content.decode()
    assert page.status_code == 200
    assert "The file report.pdf is named as a .pdf file but its content is not." in html
    assert not EvidenceFile.objects.exists()
    response.refresh_from_db()
    assert response.evidence == "Partnership agreement, shared drive"


def test_a_disallowed_type_is_refused_by_name(world, draft, client_for):
    response = draft.responses.get(criterion__code="1.2")
    page = upload(client_for(world.users["provider_lead"]), draft, response,
                  [SimpleUploadedFile("setup.exe", EXE)])
    assert "The file setup.exe must be a PDF, an Office document" in page.content.decode()


def test_a_file_over_the_limit_is_refused_with_the_sizes(world, draft, client_for, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = draft.responses.get(criterion__code="1.3")
    page = upload(client_for(world.users["provider_lead"]), draft, response,
                  [SimpleUploadedFile("notes.txt", b"x" * 3000)])
    assert "The file notes.txt is 3 KB. Choose a file smaller than 1 KB." in page.content.decode()
    assert not EvidenceFile.objects.exists()


def test_csv_and_text_are_accepted_but_binary_named_csv_is_not(world, draft, client_for):
    client = client_for(world.users["provider_lead"])
    response = draft.responses.get(criterion__code="1.4")
    upload(client, draft, response, [SimpleUploadedFile("outcomes.csv", b"intern,hours\nA,16\n"),
                                     SimpleUploadedFile("notes.txt", "Café minutes".encode())])
    assert EvidenceFile.objects.count() == 2
    response.refresh_from_db()
    page = upload(client, draft, response, [SimpleUploadedFile("data.csv", PNG)])
    assert "named as a .csv file but its content is not" in page.content.decode()


def test_removing_a_file_while_draft_keeps_it_in_the_history(world, draft, client_for):
    client = client_for(world.users["provider_lead"])
    response = draft.responses.get(criterion__code="1.5")
    upload(client, draft, response, [SimpleUploadedFile("plan.pdf", PDF)])
    stored = EvidenceFile.objects.get()
    response.refresh_from_db()
    url = reverse("assessments:section", args=[draft.pk, "1"])
    client.post(url, {f"c{response.pk}-revision": response.revision,
                      f"c{response.pk}-evidence": response.evidence, "remove_file": stored.pk})
    assert not EvidenceFile.objects.exists()
    assert EvidenceFile.history.filter(id=stored.pk, history_type="-").exists()
    history = client.get(reverse("assessments:history", args=[draft.pk])).content.decode()
    assert "plan.pdf" in history
