"""Self-assessment PDFs on the demo data, read back as text, as a reader would."""
import re

from reports.audience import COMMISSIONER_COPY
from reports.renderers import render_self_assessment_pdf

from .conftest import pdf_pages, pdf_text

SI_SUBTOTALS = {"1. Leadership": 6, "2. Planning": 5, "3. Partnership": 6, "4. Readiness": 6,
                "5. Progress": 6, "6. Results": 5}


def test_si_qaf_report_shows_the_total_subtotals_matrix_meaning_and_stage2_plan(demo):
    pages = pdf_pages(render_self_assessment_pdf(demo.si, audience="provider"))
    text = " ".join(pages)

    assert "Total score 34/36" in text
    assert "Matrix mapping" in text
    assert "Section Section total 6 5 4 3 2 1" in text
    for section, score in SI_SUBTOTALS.items():
        # The matrix row: subtotal, then the grid with the marked box named by its number.
        cells = " ".join(f"■ {n} MARKED" if n == score else str(n) for n in range(6, 0, -1))
        assert f"{section} {score}/6 {cells}" in text, section
        # The section's own heading in the ratings part.
        assert f"{section}: {score}/6" in text, section
    assert re.search(r"Total score 34/36 What the score means", text)
    assert ("34 out of 36. A total of 35 or below needs a Stage 2 measurable and timebound "
            "action plan") in text
    assert "Planning (5/6), Results (5/6)" in text

    assert ("Identified Areas for Improvement SMART Action When Who Progress Outcome") in text
    for action in demo.plan.actions.all():
        assert " ".join(action.smart_action.split()) in text
        assert action.owner in text
    assert "2. Planning Job coaches complete job analysis" in text
    assert "Not started" in text


def test_si_qaf_report_lists_every_criterion_with_rating_and_evidence(demo):
    text = pdf_text(render_self_assessment_pdf(demo.si, audience="provider"))
    for response in demo.si.responses.select_related("criterion", "level"):
        assert f"Criterion {response.criterion.code}: QA evidence folder on the shared drive" in text
    assert "Not yet evidenced 0 points" in text  # 2.3 and 6.4
    assert text.count("Evidenced 1 point") == 34


def test_integrated_report_shows_levels_per_benchmark_and_the_category_summary(demo):
    text = pdf_text(render_self_assessment_pdf(demo.review, audience="provider"))
    assert "20 of 20 rated" in text
    assert "Summary by category" in text
    assert "Community Summary: Not yet in place 0; Developing 1; Established 0; Embedded 6." in text
    assert "Curriculum Summary: Not yet in place 1; Developing 0; Established 0; Embedded 5." in text
    assert "Currency Summary: Not yet in place 0; Developing 1; Established 1; Embedded 5." in text
    assert "3. Partnership working 3a Local authority: Developing" in text
    assert "7a Literacy: Not yet in place" in text
    assert "11. Assessment of need Established No" in text
    assert "13. Post-16 destinations Developing Yes" in text
    assert "This scale is the portal’s default, not the toolkit’s." in text
    assert "Benchmark 3a: see the 2025/26 self-" in text  # the cell wraps after "self-"


def test_commissioner_copy_says_so_on_every_page_and_the_provider_copy_does_not(demo):
    commissioner = pdf_pages(render_self_assessment_pdf(demo.si, audience="commissioner"))
    provider = pdf_pages(render_self_assessment_pdf(demo.si, audience="provider"))
    assert len(commissioner) > 1
    assert all("Commissioner copy" in page for page in commissioner)
    assert not any("Commissioner copy" in page for page in provider)
    # Made for no reviewer, it holds no internal notes and does not claim any.
    assert not any(COMMISSIONER_COPY in page for page in commissioner)


def test_every_page_has_the_running_header_and_its_page_number(demo):
    pages = pdf_pages(render_self_assessment_pdf(demo.review, audience="provider"))
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Oakfield Alternative Provision · IntegratED AP Quality Benchmark Toolkit (version 1)" in page
        assert "Academic year 2025/26 · Status: Submitted · Generated " in page


def test_a_draft_report_says_it_is_a_draft(demo):
    text = pdf_text(render_self_assessment_pdf(demo.draft, audience="provider"))
    assert "Status: Draft" in text
    assert "This self-assessment has not been submitted" in text
    assert "Total score 0/36" in text
