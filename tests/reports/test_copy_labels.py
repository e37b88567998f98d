"""A copy's label says what the copy holds: "contains internal notes" only on a PDF that has
some, and a review's internal notes in the reviewing organisation's copy alone. Read back from
the PDFs people download, as text."""
import pytest
from django.urls import reverse

from reports.audience import COMMISSIONER_COPY, COMMISSIONER_COPY_WITHOUT_NOTES
from reviews import services as review_services
from reviews.models import ReviewItem

from .conftest import pdf_pages

# The demo's review of Oakfield's IntegratED benchmarks is Rutland's, with this internal note.
RUTLAND_NOTE = "Check the destinations return with the virtual school."
LEICS_NOTE = "Ask the LA lead about the steering group minutes before we agree."
INTERNAL_LABEL = "(not shared with the provider)"


@pytest.fixture
def get(client):
    def _get(user, name, **kwargs):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        response = client.get(reverse(f"reports:{name}", kwargs=kwargs))
        assert response.status_code == 200
        return pdf_pages(response.content)
    return _get


def _leicestershire_reviews_riverside(demo):
    """Leicestershire's commissioner reviews Riverside's 2024/25 SI QAF: agrees with all but
    1.2, where it writes a comment for Riverside and a note for itself, and shares it."""
    commissioner = demo.user("leics_commissioner")
    review = review_services.review_start(
        assessment=demo.si, organisation=commissioner.memberships.get().organisation,
        by=commissioner)
    for item in ReviewItem.objects.filter(review=review).select_related("response__criterion"):
        disagrees = item.response.criterion.code == "1.2"
        review_services.item_record(
            item=item, by=commissioner, expected_revision=item.revision,
            agrees=not disagrees,
            level=(demo.si.framework.item_scale.levels.get(label="Not yet evidenced")
                   if disagrees else None),
            comment="The minutes do not show who signs off the plan." if disagrees else "",
            internal_note=LEICS_NOTE if disagrees else "")
    review_services.review_share(review=review, by=commissioner)
    return review


def test_the_reviewing_organisations_copy_holds_its_internal_note_and_says_so(demo, get):
    _leicestershire_reviews_riverside(demo)
    pages = get(demo.user("leics_commissioner"), "assessment_pdf", pk=demo.si.pk)
    text = " ".join(pages)
    assert LEICS_NOTE in text
    assert (f"Internal notes of Leicestershire County Council {INTERNAL_LABEL} 1.2 {LEICS_NOTE}"
            in text)
    assert all(COMMISSIONER_COPY in page for page in pages)


def test_the_provider_copy_of_a_reviewed_self_assessment_holds_no_internal_note(demo, get):
    _leicestershire_reviews_riverside(demo)
    pages = get(demo.user("riverside_lead"), "assessment_pdf", pk=demo.si.pk)
    text = " ".join(pages)
    assert "The minutes do not show who signs off the plan." in text  # the shared comment
    assert LEICS_NOTE not in text and INTERNAL_LABEL not in text
    assert not any("Commissioner copy" in page for page in pages)


def test_only_the_reviewer_reads_its_note_and_other_copies_do_not_claim_any(demo, get):
    rutland = get(demo.user("rutland_commissioner"), "assessment_pdf", pk=demo.review.pk)
    assert RUTLAND_NOTE in " ".join(rutland)
    assert all(COMMISSIONER_COPY in page for page in rutland)

    # Leicestershire commissions Oakfield too, but the review is not its own.
    leics = get(demo.user("leics_commissioner"), "assessment_pdf", pk=demo.review.pk)
    assert RUTLAND_NOTE not in " ".join(leics)
    assert not any(COMMISSIONER_COPY in page for page in leics)
    assert all(COMMISSIONER_COPY_WITHOUT_NOTES in page for page in leics)


def test_a_self_assessment_without_reviews_is_not_labelled_as_holding_notes(demo, get):
    pages = get(demo.user("leics_commissioner"), "assessment_pdf", pk=demo.si.pk)
    assert not any(COMMISSIONER_COPY in page for page in pages)
    assert all(COMMISSIONER_COPY_WITHOUT_NOTES in page for page in pages)


def test_an_action_plan_copy_is_never_labelled_as_holding_internal_notes(demo, get):
    for user, slug, year in (("leics_commissioner", "riverside-college", "2024-25"),
                             ("seip_officer", "oakfield-ap", "2025-26")):
        pages = get(demo.user(user), "action_plan_pdf", slug=slug, year=year)
        assert not any(COMMISSIONER_COPY in page for page in pages), user
        assert all(COMMISSIONER_COPY_WITHOUT_NOTES in page for page in pages), user


def test_a_visit_record_with_no_internal_notes_written_does_not_claim_any(demo, get):
    # The SEIP may hold the notes of its visit to Beacon, but none has been written yet.
    assert not any(r.internal_notes for r in demo.beacon_visit.responses.all())
    pages = get(demo.user("seip_officer"), "visit_pdf", pk=demo.beacon_visit.pk)
    assert not any(COMMISSIONER_COPY in page for page in pages)
    assert all(COMMISSIONER_COPY_WITHOUT_NOTES in page for page in pages)
    # Its visit to Oakfield has two, and its copy says so.
    pages = get(demo.user("seip_officer"), "visit_pdf", pk=demo.visit.pk)
    assert all(COMMISSIONER_COPY in page for page in pages)
