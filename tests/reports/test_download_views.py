"""Downloading reports as a user would: names, types, audiences and who gets a 404."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Assessment
from reports.audience import COMMISSIONER_COPY, COMMISSIONER_COPY_WITHOUT_NOTES, audience_for

from .conftest import pdf_pages

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def get(client):
    def _get(user, name, **kwargs):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client.get(reverse(f"reports:{name}", kwargs=kwargs))
    return _get


def test_the_provider_downloads_its_report_as_pdf(demo, get):
    response = get(demo.user("riverside_lead"), "assessment_pdf", pk=demo.si.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="riverside-college_si-qaf_2024-25.pdf"')
    assert "no-store" in response["Cache-Control"]
    pages = pdf_pages(response.content)
    assert "Total score 34/36" in pages[0]
    assert not any(COMMISSIONER_COPY in page for page in pages)


def test_a_commissioner_gets_the_commissioner_copy(demo, get):
    # Rutland reviewed it with an internal note: an admin's copy holds the note, Leicestershire's
    # (not the reviewer) does not, and each copy's line says which.
    for user, line in (("leics_commissioner", COMMISSIONER_COPY_WITHOUT_NOTES),
                       ("admin", COMMISSIONER_COPY)):
        response = get(demo.user(user), "assessment_pdf", pk=demo.review.pk)
        assert response.status_code == 200
        assert response["Content-Disposition"] == (
            'attachment; filename="oakfield-ap_integrated-ap-benchmarks_2025-26_commissioner-copy.pdf"')
        assert all(line in page for page in pdf_pages(response.content)), user


def test_the_ratings_download_as_csv_and_xlsx(demo, get):
    csv_response = get(demo.user("riverside_staff"), "assessment_csv", pk=demo.si.pk)
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == (
        'attachment; filename="riverside-college_si-qaf_2024-25.csv"')
    assert csv_response.content.decode("utf-8-sig").startswith("Section,Code,Criterion,Rating")

    xlsx_response = get(demo.user("leics_commissioner"), "assessment_xlsx", pk=demo.si.pk)
    assert xlsx_response.status_code == 200
    assert xlsx_response["Content-Type"] == XLSX
    assert xlsx_response["Content-Disposition"] == (
        'attachment; filename="riverside-college_si-qaf_2024-25.xlsx"')
    assert load_workbook(io.BytesIO(xlsx_response.content)).active.max_row == 37


@pytest.mark.parametrize("name", ["assessment_pdf", "assessment_csv", "assessment_xlsx"])
def test_another_provider_and_another_la_get_a_404(demo, get, name):
    assert get(demo.user("oakfield_lead"), name, pk=demo.si.pk).status_code == 404
    # Rutland commissions Oakfield only; the North West Leicestershire SEIP likewise.
    assert get(demo.user("rutland_commissioner"), name, pk=demo.si.pk).status_code == 404
    assert get(demo.user("seip_officer"), name, pk=demo.si.pk).status_code == 404
    assert get(demo.user("riverside_lead"), name, pk=demo.review.pk).status_code == 404


@pytest.mark.parametrize("fmt", ["pdf", "csv", "xlsx"])
def test_a_visit_downloads_by_its_own_id_and_never_through_a_self_assessments(demo, get, fmt):
    """QA visits and self-assessments number their records separately: the same id names
    Oakfield's visit under /reports/visits/ and one of the self-assessments under
    /reports/assessments/, or, where no self-assessment has it, that address is the visit's
    old one and leads to its own."""
    oakfield = demo.user("oakfield_lead")
    visit = get(oakfield, f"visit_{fmt}", pk=demo.visit.pk)
    assert visit.status_code == 200
    assert visit["Content-Disposition"].startswith(
        'attachment; filename="oakfield-ap_leics-ap-visit_2025-26_visit-2026-06-18')
    old = get(oakfield, f"assessment_{fmt}", pk=demo.visit.pk)
    if Assessment.objects.filter(pk=demo.visit.pk).exists():
        assert old.status_code == (200 if demo.visit.pk == demo.review.pk else 404)
    else:
        assert old.status_code == 301
        assert old["Location"] == reverse(f"reports:visit_{fmt}", args=[demo.visit.pk])
    assert get(demo.user("riverside_lead"), f"visit_{fmt}", pk=demo.visit.pk).status_code == 404


@pytest.mark.parametrize("name", ["assessment_pdf", "assessment_csv", "assessment_xlsx"])
def test_a_commissioner_cannot_download_an_unshared_draft(demo, get, name):
    assert get(demo.user("leics_commissioner"), name, pk=demo.draft.pk).status_code == 404
    assert get(demo.user("riverside_staff"), name, pk=demo.draft.pk).status_code == 200


def test_a_commissioner_can_download_a_shared_draft(demo, get):
    Assessment.objects.filter(pk=demo.draft.pk).update(shared_with_commissioners=True)
    response = get(demo.user("leics_commissioner"), "assessment_pdf", pk=demo.draft.pk)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="riverside-college_si-qaf_2025-26_commissioner-copy.pdf"')
    assert "Status: Draft (shared with commissioners)" in pdf_pages(response.content)[0]


def test_the_action_plan_downloads_for_a_provider_and_year(demo, get):
    response = get(demo.user("leics_commissioner"), "action_plan_pdf",
                   slug="riverside-college", year="2024-25")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="riverside-college_action-plan_2024-25_commissioner-copy.pdf"')
    pages = pdf_pages(response.content)
    assert all(COMMISSIONER_COPY_WITHOUT_NOTES in page for page in pages)
    assert "Job coaches complete job analysis" in " ".join(pages)

    response = get(demo.user("riverside_lead"), "action_plan_csv",
                   slug="riverside-college", year="2024-25")
    assert response["Content-Disposition"] == (
        'attachment; filename="riverside-college_action-plan_2024-25.csv"')
    assert len(response.content.decode("utf-8-sig").strip().splitlines()) == 3

    response = get(demo.user("riverside_lead"), "action_plan_xlsx",
                   slug="riverside-college", year="2025-26")
    assert response["Content-Type"] == XLSX
    # Headings and the one action the demo carried forward from 2024/25.
    assert load_workbook(io.BytesIO(response.content)).active.max_row == 2


@pytest.mark.parametrize("name", ["action_plan_pdf", "action_plan_csv", "action_plan_xlsx"])
def test_an_action_plan_is_a_404_for_those_who_cannot_see_the_provider(demo, get, name):
    kwargs = {"slug": "riverside-college", "year": "2024-25"}
    assert get(demo.user("oakfield_lead"), name, **kwargs).status_code == 404
    assert get(demo.user("rutland_commissioner"), name, **kwargs).status_code == 404
    assert get(demo.user("riverside_lead"), name, slug="no-such-provider",
               year="2024-25").status_code == 404
    # A local authority the user belongs to is visible, but it is not a provider.
    assert get(demo.user("leics_commissioner"), name, slug="leicestershire-cc",
               year="2024-25").status_code == 404


def test_the_audience_follows_the_users_role_for_the_provider(demo):
    assert audience_for(demo.user("riverside_lead"), demo.riverside) == "provider"
    assert audience_for(demo.user("riverside_staff"), demo.riverside) == "provider"
    assert audience_for(demo.user("leics_commissioner"), demo.riverside) == "commissioner"
    assert audience_for(demo.user("seip_officer"), demo.oakfield) == "commissioner"
    assert audience_for(demo.user("admin"), demo.riverside) == "commissioner"


@pytest.mark.parametrize("page", ["assessments:overview", "assessments:summary"])
def test_assessment_pages_offer_the_downloads(demo, client, page):
    client.force_login(demo.user("riverside_lead"),
                       backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse(page, args=[demo.si.pk])).content.decode()
    assert '<h2 class="govuk-heading-m">Download</h2>' in html
    for name in ("assessment_pdf", "assessment_csv", "assessment_xlsx"):
        assert f'href="{reverse(f"reports:{name}", args=[demo.si.pk])}"' in html
    for fmt in ("pdf", "csv", "xlsx"):
        url = reverse(f"reports:action_plan_{fmt}",
                      kwargs={"slug": "riverside-college", "year": "2024-25"})
        assert f'href="{url}"' in html
