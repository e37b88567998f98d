"""The self-assessment's PDF and spreadsheets show each review the reader may see: the
moderated score beside the self-assessed one, each disagreement, never an internal note."""
import pytest
from django.urls import reverse

from reviews import services
from tests.reports.conftest import pdf_text
from tests.reports.test_spreadsheets import read_csv, read_xlsx

from .conftest import agree_with_all, level, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(world, submitted):
    """The LA's review of Riverside's 34/36 SI QAF: two disagreements, an internal note;
    shared, not yet final."""
    commissioner = world.users["la_commissioner"]
    review = services.review_start(assessment=submitted, organisation=world.la, by=commissioner)
    not_evidenced = level(submitted, "not_evidenced")
    record(review, commissioner, "1.1", agrees=False, level=not_evidenced,
           comment="No sign-off in the minutes.", internal_note="SECRET-NOTE vacancy.")
    record(review, commissioner, "2.1", agrees=False, level=not_evidenced,
           comment="=HYPERLINK(\"x\") no employer forum.")
    agree_with_all(review, commissioner)
    return services.review_share(review=review, by=commissioner)


def _download(client, user, assessment, fmt):
    client.force_login(user)
    response = client.get(reverse(f"reports:assessment_{fmt}", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content


def test_the_pdf_shows_34_self_assessed_and_32_after_review_to_the_provider(
        client, world, submitted, reviewed):
    text = pdf_text(_download(client, world.users["provider_lead"], submitted, "pdf"))
    assert "Self-assessed 34/36; after review by Shire Council 32/36" in text
    assert "No sign-off in the minutes." in text
    assert "SECRET-NOTE" not in text


def test_a_commissioner_who_did_not_review_sees_no_shared_review_in_the_pdf(
        client, world, submitted, reviewed):
    text = pdf_text(_download(client, world.users["partnership_officer"], submitted, "pdf"))
    assert "Total score 34/36" in text
    assert "after review" not in text
    services.review_finalise(review=reviewed, by=world.users["la_commissioner"])
    text = pdf_text(_download(client, world.users["partnership_officer"], submitted, "pdf"))
    assert "Self-assessed 34/36; after review by Shire Council 32/36" in text


def test_the_spreadsheets_carry_the_reviewers_rating_beside_the_providers(
        client, world, submitted, reviewed):
    rows = read_csv(_download(client, world.users["provider_lead"], submitted, "csv"))
    heading = rows[0]
    assert heading[9:] == ["Review by Shire Council (shared with the provider): rating",
                           "Review by Shire Council: points after review",
                           "Review by Shire Council: comment",
                           "Review by Shire Council: provider's reply"]
    by_code = {row[1]: row for row in rows[1:]}
    assert by_code["1.1"][3] == "Evidenced"
    assert by_code["1.1"][9:] == ["Not yet evidenced", "0", "No sign-off in the minutes.", ""]
    assert by_code["2.1"][11] == "'=HYPERLINK(\"x\") no employer forum."
    assert by_code["1.2"][9:11] == ["Agrees: Evidenced", "1"]
    assert sum(int(row[10]) for row in rows[1:]) == 32
    assert "SECRET-NOTE" not in str(rows)

    sheet = read_xlsx(_download(client, world.users["la_commissioner"], submitted, "xlsx"))
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][9] == "Review by Shire Council (shared with the provider): rating"
    assert sum(row[10] for row in values[1:]) == 32


def test_a_draft_review_is_only_in_the_reviewing_organisations_copy(client, world, submitted):
    commissioner = world.users["la_commissioner"]
    review = services.review_start(assessment=submitted, organisation=world.la, by=commissioner)
    record(review, commissioner, "1.1", agrees=False, level=level(submitted, "not_evidenced"))
    mine = read_csv(_download(client, commissioner, submitted, "csv"))
    assert len(mine[0]) == 13
    theirs = read_csv(_download(client, world.users["provider_lead"], submitted, "csv"))
    assert len(theirs[0]) == 9
    text = pdf_text(_download(client, commissioner, submitted, "pdf"))
    assert "after review by Shire Council 33/36" in text and "1 of 36 items reviewed so far" in text
