"""IntegratED's toolkit "is not a means by which to compare AP schools": its file says
``comparison: false``, and no page, export or PDF shows a total of its ratings, a rank by them
or a median of other providers' (issue 27, acceptance 4). Each benchmark's level, the count at
each level and the provider's own earlier results are shown instead."""
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.selectors import assessment_result
from frameworks.models import Framework
from organisations.permissions import can
from reviews.models import Review
from tests.exports.dashboard_pdf import dashboard_pdf_text

from ..reports.conftest import pdf_text

pytestmark = pytest.mark.django_db


def forbidden(demo) -> list[str]:
    """The ways a total of Oakfield's IntegratED ratings could be written: the whole review's
    and each benchmark's with sub-benchmarks, self-assessed and after Rutland's review."""
    result = assessment_result(demo.review)
    sums = [(result.score, result.max_score)]
    sums += [(s.score, s.max_score) for s in result.sections if s.total > 1]
    review = Review.objects.get(assessment=demo.review)
    moderated = sum(item.level.points for item in review.items.select_related("level")
                    if item.level_id)
    sums.append((moderated, result.max_score))
    return [text for score, top in sums for text in (f"{score}/{top}", f"{score} of {top}")]


def text_of(response) -> str:
    assert response.status_code == 200, response.status_code
    kind = response["Content-Type"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "pdf" in kind:
        return pdf_text(body)
    if "spreadsheet" in kind:
        sheets = load_workbook(io.BytesIO(body)).worksheets
        return "\n".join(" ".join(str(cell) for cell in row if cell is not None)
                         for sheet in sheets for row in sheet.iter_rows(values_only=True))
    return re.sub(r"\s+", " ", body.decode())


def pages(demo) -> list[str]:
    review = Review.objects.get(assessment=demo.review)
    assessment, slug = demo.review.pk, demo.oakfield.slug
    urls = [reverse(name, args=[assessment]) for name in (
        "assessments:overview", "assessments:summary", "reports:assessment_pdf",
        "reports:assessment_csv", "reports:assessment_xlsx")]
    urls += [reverse("reviews:overview", args=[review.pk]), reverse("reviews:list"),
             reverse("dashboards:provider_profile", args=[slug]), reverse("dashboards:providers"),
             reverse("dashboards:providers_csv"), reverse("dashboards:providers_xlsx"),
             reverse("dashboards:trends"),
             reverse("dashboards:beside"), reverse("home")]
    urls += [reverse("reviews:section", args=[review.pk, s.code])
             for s in demo.review.framework.sections.all()]
    return urls


@pytest.mark.parametrize("who", ["leics_commissioner", "rutland_commissioner", "oakfield_lead"])
def test_no_page_export_or_pdf_shows_an_integrated_total(demo, client, who):
    framework = demo.review.framework
    assert framework.comparison is False
    client.force_login(demo.user(who))
    forbidden_texts = forbidden(demo)
    for url in pages(demo):
        response = client.get(url)
        if response.status_code in (403, 404):
            continue  # not this person's page: the permission tests cover who sees what
        text = text_of(response)
        shown = [total for total in forbidden_texts if total in text]
        assert not shown, f"{url} shows {shown} for {who}"
        assert f"{framework.name} total" not in text, url  # a sort "... total, lowest first"
    user = demo.user(who)
    if can(user, "dashboards.view_provider_dashboard"):  # its PDF: made by the exports worker
        text = dashboard_pdf_text(user, user.memberships.get().organisation)
        assert not [total for total in forbidden_texts if total in text], who
        assert f"{framework.name} total" not in text, who


def test_the_levels_are_shown_instead(demo, client):
    client.force_login(demo.user("rutland_commissioner"))
    text = text_of(client.get(reverse("assessments:summary", args=[demo.review.pk])))
    assert "Not yet in place 1" in text or "Not yet in place: 1" in text


def test_a_framework_that_allows_comparison_still_shows_its_total(demo, client):
    client.force_login(demo.user("leics_commissioner"))
    result = assessment_result(demo.si)
    text = text_of(client.get(reverse("assessments:summary", args=[demo.si.pk])))
    assert f"{result.score}/{result.max_score}" in text


def test_no_peer_median_is_set_beside_a_framework_without_comparison(demo):
    from dashboards import profile

    user = demo.user("rutland_commissioner")
    histories = profile.histories_of(user, demo.oakfield)
    assert any(h.results for h in histories if h.framework.slug == "integrated-ap-benchmarks")
    assert profile.comparisons_of(demo.oakfield, histories) == []


def test_the_check_finds_a_total_when_the_framework_allows_comparison(demo, client):
    """The check above can fail: with comparison allowed, the review shows the totals."""
    Framework.objects.filter(pk=demo.review.framework_id).update(comparison=True)
    client.force_login(demo.user("rutland_commissioner"))
    review = Review.objects.get(assessment=demo.review)
    text = text_of(client.get(reverse("reviews:overview", args=[review.pk])))
    assert any(total in text for total in forbidden(demo))
