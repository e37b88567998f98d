"""The QA visit-record report: the provider's and the commissioners' PDF and spreadsheets of a
visit, read back as a reader would, and what each copy must leave out."""
import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from actionplans.models import Action
from demo import seed as demo_data
from organisations.models import Commissioning
from reports.audience import COMMISSIONER_COPY, audience_for, hidden_from, internal_notes_for
from reports.filenames import assessment_filename
from reports.renderers import (
    ReportNotAvailable,
    render_assessment_pdf,
    render_visit_record_pdf,
    renderer_for,
)
from reports.selectors import visit_report
from reports.spreadsheets import NOT_SHARED_YET, to_csv, to_xlsx, visit_table
from tests.visits.helpers import (
    VISIT_DATE,
    create_visit,
    judge,
    observe,
    shared_visit,
)
from visits import concerns
from visits import services as vs
from visits.models import Concern, VisitAnswer

from .conftest import pdf_pages, pdf_text

BEFORE_NOTES = "Ofsted rumour: do not share"  # what shared_visit writes as internal notes
AT_VISIT_NOTES = "Chair of governors is the manager's brother"
EVIDENCE = "LEBC audit certificate, March 2026"
SCR_EVIDENCE = "Single central record, held in the office"
ACTION_POINTS = "Send the completed single central record by Friday."
FOLLOW_UP = "Weekly safeguarding check-ins with the partnership officer."
JUSTIFICATION = "The two missing DBS dates were found and added during the visit."
RESPONSE = "We accept the judgements and have completed the single central record."
REASONS = "The single central record was incomplete at the visit."
CONDITIONS = "Monthly safeguarding audit shared with the partnership."
REVIEW_DATE = datetime.date.today() + datetime.timedelta(days=60)
SHARED_ON = datetime.date(2026, 3, 13)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def recorded(world, frameworks):
    """A visit with every requirement rated (1.2 and 2.4 Red), internal notes before and at
    the visit, provider evidence, and judgements: Learner Safety Red (a cause for concern),
    Learner Progress Amber with a justification, the rest Green. Marked recorded."""
    officer = world.users["partnership_officer"]
    visit = shared_visit(world, frameworks)
    for code, text in (("1.1", EVIDENCE), ("1.2", SCR_EVIDENCE)):
        response = visit.responses.get(criterion__code=code)
        vs.provider_evidence_record(response=response, by=world.users["provider_lead"],
                                    expected_revision=response.revision, evidence=text)
    observe(visit, officer, phase="at_visit", ratings={"1.2": "red", "2.4": "red"},
            action_points=ACTION_POINTS, internal_notes=AT_VISIT_NOTES)
    for code, level in (("1", "red"), ("2", "amber"), ("3", "green"), ("4", "green")):
        judge(visit, officer, code, level, follow_up=FOLLOW_UP if code == "1" else "",
              justification=JUSTIFICATION if code == "2" else "")
    vs.visit_mark_recorded(visit=visit, by=officer, visited_on=VISIT_DATE)
    visit.refresh_from_db()
    return visit


@pytest.fixture
def full_visit(world, frameworks):
    """The recorded visit, its judgements shared, the provider's response given and the
    chair's decision (continue with conditions) on the Learner Safety concern."""
    visit = recorded(world, frameworks)
    vs.visit_share_judgements(visit=visit, by=world.users["partnership_officer"],
                              today=SHARED_ON)
    vs.visit_respond(visit=visit, by=world.users["provider_lead"], response=RESPONSE,
                     today=SHARED_ON)
    concerns.concern_decide(concern=Concern.objects.get(visit=visit),
                      by=world.users["partnership_chair"], decision="continue_with_conditions",
                      reasons=REASONS, conditions=CONDITIONS, review_date=REVIEW_DATE)
    visit.refresh_from_db()
    return visit


def _pages_with_internal_notes(pages):
    """The pages that show an internal note or its label (none, for a provider copy)."""
    return [n for n, page in enumerate(pages, start=1)
            if BEFORE_NOTES in page or AT_VISIT_NOTES in page or "Internal notes" in page]


# The PDF ----------------------------------------------------------------------------------


def test_the_visit_record_is_registered_for_qa_visits(full_visit):
    assert renderer_for(full_visit) is render_visit_record_pdf


def test_the_provider_copy_shows_the_record_and_never_an_internal_note(world, full_visit):
    pages = pdf_pages(render_visit_record_pdf(full_visit, audience="provider"))
    text = " ".join(pages)

    assert _pages_with_internal_notes(pages) == []
    assert not any("Commissioner copy" in page for page in pages)
    # Running header on every page.
    for number, page in enumerate(pages, start=1):
        assert ("Riverside College · Leicestershire QA Visit Record of Evidence and Evaluations "
                "(version 2)") in page
        assert "Academic year 2025/26 · Status: Judgements shared with provider · Generated" in page
        assert f"Page {number} of {len(pages)}" in page
    assert "Visit date: Thursday 12 March 2026" in text
    officer = world.users["partnership_officer"].display_name
    assert f"Visiting team {officer}, partnership officer (North SEIP)" in text
    assert "Sam Patel, school visitor (Hill School)" in text
    # The summary: each section's judgement as a word.
    assert "1. Learner Safety Key aspect Is the AP ensuring effective Learner Safety? Red" in text
    assert ("2. Learner Progress Key aspect Is the AP effective in securing progress for "
            "learners? Amber") in text
    assert "Green" in text
    # Requirements: code, title, phase, text, evidence, notes, rating.
    assert "1.1 LEBC compliance Before the visit" in text
    assert "1.2 Examine evidence At the visit Examine evidence: The single central record" in text
    assert EVIDENCE in text and SCR_EVIDENCE in text
    assert f"Observer notes Seen for 1.2 Action points {ACTION_POINTS} Red" in text
    assert "Evaluative question: Is the AP ensuring effective Learner Safety?" in text
    # Judgements with narrative, follow-up and justification.
    assert "Concluding judgement: Learner Safety Judgement Red Narrative" in text
    assert f"Follow-up actions agreed {FOLLOW_UP}" in text
    assert f"Justification {JUSTIFICATION}" in text
    assert f"The provider’s response {RESPONSE}" in text
    assert "The provider could respond until 27 March 2026." in text
    # Causes for concern are the commissioners': the provider's people never see them.
    assert REASONS not in text and "Causes for concern" not in text


def test_the_commissioner_copy_holds_internal_notes_and_the_chairs_decision(full_visit):
    pages = pdf_pages(render_visit_record_pdf(full_visit, audience="commissioner"))
    text = " ".join(pages)

    assert len(pages) > 1
    assert all(COMMISSIONER_COPY in page for page in pages)
    assert f"Internal notes (not shared with the provider) {BEFORE_NOTES}" in text
    assert f"Internal notes (not shared with the provider) {AT_VISIT_NOTES}" in text
    at_visit = full_visit.responses.filter(criterion__phase="at_visit").count()
    assert text.count(AT_VISIT_NOTES) == at_visit == 13  # every "at the visit" requirement
    assert "Learner Safety: cause for concern" in text
    assert "Learner Safety is a key aspect in the framework." in text
    assert "Chair’s decision Continue with conditions" in text
    assert f"Reasons {REASONS}" in text
    assert f"Conditions {CONDITIONS}" in text
    assert f"Review date {REVIEW_DATE.day} {REVIEW_DATE:%B %Y}" in text
    for word in ("Red", "Amber", "Green"):
        assert word in text
    assert RESPONSE in text


def test_before_the_judgements_are_shared_the_provider_gets_only_the_before_the_visit_part(
        world, frameworks):
    visit = recorded(world, frameworks)
    text = pdf_text(render_visit_record_pdf(visit, audience="provider"))
    assert "Seen for 1.1" in text  # before the visit: shared with the record
    assert EVIDENCE in text
    for withheld in ("Seen for 1.2", ACTION_POINTS, FOLLOW_UP, JUSTIFICATION, "Narrative",
                     BEFORE_NOTES, AT_VISIT_NOTES):
        assert withheld not in text, withheld
    assert "shared with the provider with the judgements" in text
    # The commissioners see everything at once.
    commissioner = pdf_text(render_visit_record_pdf(visit, audience="commissioner"))
    assert "Seen for 1.2" in commissioner and FOLLOW_UP in commissioner


def test_a_commissioner_copy_without_internal_notes_says_it_is_not_for_the_provider(full_visit):
    pages = pdf_pages(render_visit_record_pdf(full_visit, audience="commissioner",
                                              internal_notes=False))
    assert _pages_with_internal_notes(pages) == []
    assert all("Commissioner copy: not for the provider" in page for page in pages)
    assert REASONS in " ".join(pages)


def test_the_provider_never_gets_a_visit_being_prepared(world, frameworks):
    visit = create_visit(world, frameworks)
    assert "being prepared" in hidden_from(visit, "provider")
    assert hidden_from(visit, "commissioner") == ""
    with pytest.raises(ReportNotAvailable, match="provider cannot see it"):
        render_assessment_pdf(visit, audience="provider")
    text = pdf_text(render_assessment_pdf(visit, audience="commissioner"))
    assert "This record has not been shared with the provider yet." in text


def test_the_report_reads_a_fixed_number_of_queries(full_visit, django_assert_num_queries):
    with django_assert_num_queries(10):
        commissioner = visit_report(full_visit, "commissioner")
    with django_assert_num_queries(8) as provider_copy:
        provider = visit_report(full_visit, "provider")
    # The provider's copy never reads internal notes from the database at all.
    assert not [q for q in provider_copy.captured_queries if "internal_notes" in q["sql"]]
    assert commissioner.internal_notes and not provider.internal_notes
    assert {r.internal_notes for row in provider.sections for r in row.requirements} == {None}
    assert provider.concerns == [] and len(commissioner.concerns) == 1


def test_render_report_writes_the_provider_copy_of_a_visit(full_visit, tmp_path):
    out = tmp_path / "visit.pdf"
    message = io.StringIO()
    call_command("render_report", str(full_visit.pk), "--visit", "--out", str(out),
                 "--audience", "provider", stdout=message)
    assert "Wrote the provider copy" in message.getvalue()
    pages = pdf_pages(out.read_bytes())
    assert _pages_with_internal_notes(pages) == []
    assert RESPONSE in " ".join(pages)
    call_command("render_report", str(full_visit.pk), "--visit", "--out",
                 str(tmp_path / "c.pdf"), "--audience", "commissioner", stdout=io.StringIO())
    assert all(COMMISSIONER_COPY in p for p in pdf_pages((tmp_path / "c.pdf").read_bytes()))


# On the demo data ---------------------------------------------------------------------------

DEMO_INTERNAL_NOTES = [notes for _, _, _, notes in demo_data.OAKFIELD_OBSERVATIONS.values() if notes]
DEMO_SUMMARY = [  # the concluding judgements table, each judgement as a word
    "1. Learner Safety Key aspect Is the AP ensuring effective Learner Safety? Red",
    "2. Learner Progress Key aspect Is the AP effective in securing progress for learners? Amber",
    "3. Learner Pastoral Care Is the AP ensuring effective pastoral care for each learner? Green",
    "4. Systems and Processes Does the AP provide a secure and stable learning environment and "
    "will it continue to develop and flourish in the future? Amber",
]


def test_the_demo_visit_went_through_the_whole_workflow(demo):
    visit = demo.visit
    assert (visit.state, visit.period, visit.planned_visit_date) == (
        "final", "2025/26", datetime.date(2026, 6, 18))
    concern = Concern.objects.get(visit=visit)
    assert (concern.section.code, concern.status, concern.decisions.get().decision) == (
        "1", "decided", "continue_with_conditions")
    link = Commissioning.objects.get(commissioner=visit.commissioner, provider=demo.oakfield)
    assert link.status == "under_review"
    actions = Action.objects.filter(source_visit=visit).order_by("pk")
    assert [(a.plan.period, a.area) for a in actions] == [
        ("2025/26", "Learner Safety"), ("2025/26", "Learner Safety"),
        ("2025/26", "Learner Progress"), ("2025/26", "Learner Progress"),
        ("2025/26", "Systems and Processes")]
    assert demo.beacon_visit.state == "shared_with_provider"


def test_the_demo_visit_record_for_the_provider(demo):
    pages = pdf_pages(render_visit_record_pdf(demo.visit, audience="provider"))
    text = " ".join(pages)
    for row in DEMO_SUMMARY:
        assert row in text
    assert "Concluding judgement: Learner Safety Judgement Red Narrative" in text
    assert "Concluding judgement: Learner Pastoral Care Judgement Green Narrative" in text
    assert demo_data.OAKFIELD_RESPONSE in text
    assert "Complete the single central record and send a copy" in text  # an action point
    for notes in DEMO_INTERNAL_NOTES:
        assert notes not in text
    assert "Internal notes" not in text and "Causes for concern" not in text
    assert not any(COMMISSIONER_COPY in page for page in pages)
    assert all("Academic year 2025/26 · Status: Final" in page for page in pages)


def test_the_demo_visit_record_for_the_partnership(demo):
    pages = pdf_pages(render_visit_record_pdf(demo.visit, audience="commissioner"))
    text = " ".join(pages)
    assert all(COMMISSIONER_COPY in page for page in pages)
    for row in DEMO_SUMMARY:
        assert row in text
    assert len(DEMO_INTERNAL_NOTES) == 2
    for notes in DEMO_INTERNAL_NOTES:
        assert f"Internal notes (not shared with the provider) {notes}" in text
    assert "Learner Safety: cause for concern" in text
    assert "Chair’s decision Continue with conditions 2 July 2026, " in text
    assert "Learner Safety is a key aspect in the framework. Raised 18 June 2026 by " in text


def test_the_demo_visit_shared_for_evidence_shows_only_the_before_the_visit_part(demo):
    text = pdf_text(render_visit_record_pdf(demo.beacon_visit, audience="provider"))
    assert "Status: Shared with provider" in text
    assert text.count("Checked against the partnership's records before the visit.") == 7
    assert ("The partnership shares its concluding judgements with the provider once the "
            "visit is recorded.") in text
    assert "Recorded at the visit: shared with the provider with the judgements." in text


# Spreadsheets -----------------------------------------------------------------------------

HEADINGS = ["Section", "Code", "Phase", "Requirement", "Rating", "Provider evidence",
            "Observer notes", "Action points"]
NOTES_HEADING = "Internal notes (not shared with the provider)"


def read_csv(content: bytes):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_visit_csv_has_a_row_per_requirement_and_notes_only_for_commissioners(full_visit):
    provider = read_csv(to_csv(visit_table(full_visit, "provider")))
    commissioner = read_csv(to_csv(visit_table(full_visit, "commissioner")))
    assert provider[0] == HEADINGS
    assert commissioner[0] == [*HEADINGS, NOTES_HEADING]
    assert len(provider) == len(commissioner) == 1 + 20
    row = {r[1]: r for r in provider[1:]}["1.2"]
    assert row[:3] == ["1. Learner Safety", "1.2", "At the visit"]
    assert row[3].startswith("Examine evidence:\n• The single central record")
    assert row[4:] == ["Red", SCR_EVIDENCE, "Seen for 1.2", ACTION_POINTS]
    assert BEFORE_NOTES not in str(provider) and AT_VISIT_NOTES not in str(provider)
    by_code = {r[1]: r for r in commissioner[1:]}
    assert by_code["1.1"][-1] == BEFORE_NOTES
    assert by_code["1.2"][-1] == AT_VISIT_NOTES


def test_the_visit_xlsx_matches_and_keeps_the_formula_guard(full_visit):
    # The provider can no longer write evidence through the services: write it to the row.
    VisitAnswer.objects.filter(visit=full_visit, criterion__code="3.1").update(
        evidence='=HYPERLINK("x")')
    provider = list(load_workbook(io.BytesIO(to_xlsx(visit_table(full_visit, "provider"))))
                    .active.values)
    commissioner = list(load_workbook(io.BytesIO(to_xlsx(
        visit_table(full_visit, "commissioner")))).active.values)
    assert list(provider[0]) == HEADINGS
    assert list(commissioner[0]) == [*HEADINGS, NOTES_HEADING]
    assert {r[1]: r for r in provider[1:]}["3.1"][5] == "'=HYPERLINK(\"x\")"
    assert {r[1]: r for r in commissioner[1:]}["2.4"][4] == "Red"


def test_before_the_judgements_the_providers_spreadsheet_withholds_the_findings(world, frameworks):
    visit = recorded(world, frameworks)
    rows = {r[1]: r for r in read_csv(to_csv(visit_table(visit, "provider")))[1:]}
    assert rows["1.1"][4:7] == ["Green", EVIDENCE, "Seen for 1.1"]
    assert rows["1.2"][4:] == [NOT_SHARED_YET, SCR_EVIDENCE, NOT_SHARED_YET, NOT_SHARED_YET]


# Downloads --------------------------------------------------------------------------------


@pytest.fixture
def get(client):
    def _get(user, name, pk):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client.get(reverse(f"reports:{name}", args=[pk]))
    return _get


def test_each_reader_downloads_the_copy_meant_for_them(world, full_visit, get):
    users = world.users
    assert audience_for(users["provider_lead"], full_visit.provider) == "provider"
    assert audience_for(users["la_commissioner"], full_visit.provider) == "commissioner"
    assert internal_notes_for(users["partnership_officer"], full_visit)
    assert not internal_notes_for(users["la_commissioner"], full_visit)
    assert not internal_notes_for(users["provider_lead"], full_visit)

    response = get(users["provider_lead"], "visit_pdf", full_visit.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="riverside-college_leics-ap-visit_2025-26_visit-2026-03-12.pdf"')
    pages = pdf_pages(response.content)
    assert _pages_with_internal_notes(pages) == [] and RESPONSE in " ".join(pages)

    response = get(users["partnership_chair"], "visit_pdf", full_visit.pk)
    assert response["Content-Disposition"] == (
        'attachment; filename="riverside-college_leics-ap-visit_2025-26_visit-2026-03-12_'
        'commissioner-copy.pdf"')
    pages = pdf_pages(response.content)
    assert all(COMMISSIONER_COPY in page for page in pages)
    assert AT_VISIT_NOTES in " ".join(pages)

    # The LA commissions the provider too, but the internal notes are the partnership's.
    pages = pdf_pages(get(users["la_commissioner"], "visit_pdf", full_visit.pk).content)
    assert all("Commissioner copy" in page for page in pages)
    assert _pages_with_internal_notes(pages) == [] and REASONS in " ".join(pages)

    rows = read_csv(get(users["provider_staff"], "visit_csv", full_visit.pk).content)
    assert rows[0] == HEADINGS
    rows = read_csv(get(users["la_commissioner"], "visit_csv", full_visit.pk).content)
    assert rows[0] == HEADINGS
    response = get(users["partnership_officer"], "visit_xlsx", full_visit.pk)
    assert response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][-1] == NOTES_HEADING
    assert sheet.max_row == 21


def test_the_visit_overview_offers_the_downloads(world, full_visit, client):
    client.force_login(world.users["provider_lead"],
                       backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("visits:overview", args=[full_visit.pk])).content.decode()
    assert '<h2 class="govuk-heading-m">Download</h2>' in html
    for name in ("visit_pdf", "visit_csv", "visit_xlsx"):
        assert f'href="{reverse(f"reports:{name}", args=[full_visit.pk])}"' in html


def test_a_visit_held_on_another_day_than_planned_is_reported_and_named_by_that_day(
        world, frameworks):
    officer = world.users["partnership_officer"]
    visit = shared_visit(world, frameworks)  # planned for Thursday 12 March 2026
    observe(visit, officer, phase="at_visit")
    for code in "1234":
        judge(visit, officer, code)
    vs.visit_mark_recorded(visit=visit, by=officer, visited_on=datetime.date(2026, 3, 17))
    visit.refresh_from_db()

    text = pdf_text(render_visit_record_pdf(visit, audience="commissioner"))

    assert "Riverside College, QA visit of 17 March 2026" in text
    assert "Visit date: Tuesday 17 March 2026" in text
    assert "12 March" not in text
    assert assessment_filename(visit, "pdf") == (
        "riverside-college_leics-ap-visit_2025-26_visit-2026-03-17.pdf")


def test_a_visits_old_report_address_leads_to_its_own(world, frameworks, client_for):
    """Before visits had ids of their own, their downloads were at /reports/assessments/<id>/:
    such a link goes to the visit's own address, for whoever may see the visit; it reveals
    nothing to anyone else."""
    from assessments.models import Assessment

    visit = shared_visit(world, frameworks)
    assert not Assessment.objects.filter(pk=visit.pk).exists()
    officer = client_for(world.users["partnership_officer"])
    for fmt, name in (("pdf", "report.pdf"), ("csv", "ratings.csv"), ("xlsx", "ratings.xlsx")):
        old = f"/reports/assessments/{visit.pk}/{name}"
        response = officer.get(old)
        assert response.status_code == 301
        assert response["Location"] == reverse(f"reports:visit_{fmt}", args=[visit.pk])
        assert officer.get(response["Location"]).status_code == 200
    outsider = client_for(world.users["other_provider_lead"])
    assert outsider.get(f"/reports/assessments/{visit.pk}/report.pdf").status_code == 404
