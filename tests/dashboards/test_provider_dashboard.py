"""The provider dashboard with known data: every figure it shows, its filters, its exports,
and who may open it. Rows are made directly where the dashboard only reads them (the
services that make them are tested in their own apps)."""
import csv
import io
import re

import pytest
from openpyxl import load_workbook

from assessments.models import Assessment
from frameworks.models import RatingLevel
from organisations.models import Commissioning
from tests.assessments.conftest import rate, si_ratings
from tests.exports.dashboard_pdf import dashboard_pdf_text
from tests.factories import CommissioningFactory, ProviderFactory
from tests.list_data import plan, visit
from visits.models import Concern, VisitJudgement

URL = "/dashboard/providers/"


def text(response) -> str:
    """The page's words, tags removed and spaces collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def submitted_si_qaf(world, start, period, evidenced_per_section):
    """An SI QAF for the world's provider, rated through the service and marked submitted."""
    lead = world.users["provider_lead"]
    assessment = start("si-qaf", period=period)
    rate(assessment, lead, si_ratings(evidenced_per_section))
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.SUBMITTED)
    return assessment


def judged_visit(world, frameworks, provider, colours, period="2025/26"):
    """A final QA visit with one judgement per question, in ``colours`` order."""
    record = visit(world, frameworks, provider, state="final", day=None, period=period)
    levels = {lv.colour: lv for lv in RatingLevel.objects.filter(
        scale=frameworks["leics-ap-visit"].judgement_scale)}
    for section, colour in zip(frameworks["leics-ap-visit"].sections.order_by("order"), colours,
                               strict=True):
        VisitJudgement.objects.create(visit=record, section=section, level=levels[colour])
    return record


def open_concern(world, frameworks, record):
    return Concern.objects.create(
        visit=record, provider=record.provider, partnership=world.partnership,
        section=frameworks["leics-ap-visit"].sections.order_by("order").first(),
        basis=Concern.Basis.KEY_ASPECT, raised_by=world.users["partnership_officer"])


@pytest.fixture
def known(world, frameworks, start):
    """Riverside: SI QAF 33 in 2024/25, 36 in 2025/26 and an unshared draft (30) in 2026/27, a
    visit judged Red / Amber / Green / Green with an open concern, one overdue action.
    Greenfield (also the LA's): a visit judged all Green, nothing else."""
    submitted_si_qaf(world, start, "2024/25", [6, 6, 6, 6, 6, 3])
    submitted_si_qaf(world, start, "2025/26", [6] * 6)
    draft = start("si-qaf", period="2026/27")
    rate(draft, world.users["provider_lead"], si_ratings([6, 6, 6, 6, 6, 0]))
    record = judged_visit(world, frameworks, world.provider, ["red", "amber", "green", "green"])
    open_concern(world, frameworks, record)
    plan(world, world.provider, statuses=["overdue", "in_progress", "done"])
    greenfield = ProviderFactory(name="Greenfield Academy", slug="greenfield")
    CommissioningFactory(commissioner=world.la, provider=greenfield,
                         status=Commissioning.Status.UNDER_REVIEW)
    CommissioningFactory(commissioner=world.partnership, provider=greenfield)
    judged_visit(world, frameworks, greenfield, ["green"] * 4)
    return greenfield


def test_a_commissioner_sees_each_providers_figures(known, world, client_for):
    page = text(client_for(world.users["la_commissioner"]).get(URL, {"year": "2025/26"}))
    riverside = page[page.index("Riverside College"):]
    assert "36 of 36" in riverside
    assert "Up 3 since 2024/25" in riverside
    assert "None submitted" in riverside  # no IntegratED
    for question, judgement in zip(
            ["Learner Safety", "Learner Progress", "Learner Pastoral Care", "Systems and Processes"],
            ["Red", "Amber", "Green", "Green"], strict=True):
        assert re.search(rf"Question \d, {question}: {judgement}", riverside)
    assert "1 awaiting decision : cause for concern about Riverside College" in riverside
    assert "2 open actions for Riverside College" in riverside
    assert "1 overdue" in riverside
    greenfield = page[page.index("Greenfield Academy"):]
    assert "Under review" in greenfield


def test_an_unshared_draft_counts_nowhere(known, world, client_for):
    page = text(client_for(world.users["la_commissioner"]).get(URL, {"year": "2026/27"}))
    assert "36 of 36" in page and "(2025/26)" in page
    assert "30 of 36" not in page


def test_the_previous_year_shows_its_own_latest_result(known, world, client_for):
    page = text(client_for(world.users["la_commissioner"]).get(URL, {"year": "2024/25"}))
    assert "33 of 36" in page
    assert "36 of 36" not in page
    assert "Since" not in page and "Up " not in page  # nothing earlier to compare with


@pytest.mark.parametrize("params, shown", [
    ({"concern": "1"}, ["Riverside College"]),
    ({"concern": "open"}, ["Riverside College"]),
    ({"band": "si-qaf:full"}, ["Riverside College"]),
    ({"band": "si-qaf:from-30"}, []),
    ({"framework": "si-qaf"}, ["Riverside College"]),
    ({"framework": "integrated-ap-benchmarks"}, []),
    ({"red_amber": "1"}, ["Riverside College"]),
    ({"overdue": "1"}, ["Riverside College"]),
    ({"status": "under_review"}, ["Greenfield Academy"]),
    ({"q": "green"}, ["Greenfield Academy"]),
    ({}, ["Greenfield Academy", "Riverside College"]),
])
def test_filters_keep_only_the_providers_that_match(known, world, client_for, params, shown):
    response = client_for(world.users["la_commissioner"]).get(URL, {"year": "2025/26", **params})
    rows = re.findall(r'<th scope="row" class="govuk-table__header"><a class="govuk-link" '
                      r'href="/dashboard/providers/[\w-]+/">([^<]+)</a>', response.content.decode())
    assert rows == shown


def test_the_csv_is_the_table_as_filtered_every_page(known, world, client_for):
    client = client_for(world.users["la_commissioner"])
    response = client.get("/dashboard/providers.csv", {"year": "2025/26", "red_amber": "1"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Provider"] for r in rows] == ["Riverside College"]
    row = rows[0]
    assert row["Supported Internship Quality Assurance Framework: result"] == "36 of 36"
    assert row["Supported Internship Quality Assurance Framework: change"] == "Up 3 since 2024/25"
    assert row["IntegratED AP Quality Benchmark Toolkit: result"] == "None submitted"
    assert row["Question 1: Learner Safety"] == "Red"
    assert (row["Causes for concern not closed"], row["Open actions 2025/26"],
            row["Overdue actions 2025/26"]) == ("1 awaiting decision", "2", "1")
    assert (row["Causes for concern awaiting decision"],
            row["Causes for concern under review"], row["Soonest review date"]) == ("1", "0", "")
    every = client.get("/dashboard/providers.xlsx", {"year": "2025/26"})
    sheet = load_workbook(io.BytesIO(every.content)).active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Greenfield Academy", "Riverside College"]


def test_another_las_commissioner_sees_none_of_these_providers(known, world, client_for):
    client = client_for(world.users["other_la_commissioner"])
    page = client.get(URL, {"year": "2025/26"}).content.decode()
    exported = client.get("/dashboard/providers.csv", {"year": "2025/26"}).content.decode()
    for name in ("Riverside College", "Greenfield Academy"):
        assert name not in page and name not in exported
    assert "Hilltop AP" in page and "Hilltop AP" in exported


def test_a_partnership_officer_sees_only_the_partnerships_providers(known, world, client_for):
    page = client_for(world.users["partnership_officer"]).get(URL, {"year": "2025/26"})
    assert "North SEIP" in text(page)
    rows = re.findall(r'href="/dashboard/providers/([\w-]+)/">', page.content.decode())
    assert set(rows) == {"riverside-college", "greenfield"}


@pytest.mark.parametrize("role", ["provider_lead", "provider_staff", "no_membership"])
def test_people_who_commission_nothing_cannot_open_it(world, client_for, role):
    client = client_for(world.users[role])
    assert client.get(URL).status_code == 403
    assert client.get("/dashboard/providers.csv").status_code == 403
    assert "Provider dashboard" not in client.get("/").content.decode()


def test_a_year_or_filter_no_form_offers_is_ignored_not_an_error(known, world, client_for):
    client = client_for(world.users["la_commissioner"])
    for params in ({"year": "1999/00"}, {"type": "x"}, {"status": "\x00"}, {"page": "-1"},
                   {"q": "a" * 500}):
        assert client.get(URL, params).status_code in (200, 400)


def test_band_and_sort_use_the_latest_total_up_to_the_year(known, world, frameworks, client_for):
    """Lowfield (SI QAF 28 in 2025/26) sorts before Riverside (36); Greenfield, with no SI QAF,
    sorts last. In 2024/25 Riverside's latest total is 33: in the 30 to 35 band."""
    from assessments import services
    from organisations.models import Membership, Organisation
    from tests.factories import MembershipFactory

    lowfield = ProviderFactory(name="Lowfield College", slug="lowfield",
                               provider_type=Organisation.ProviderType.SUPPORTED_INTERNSHIP)
    CommissioningFactory(commissioner=world.la, provider=lowfield)
    lead = MembershipFactory(organisation=lowfield, role=Membership.Role.PROVIDER_LEAD).user
    assessment, _ = services.assessment_start(provider=lowfield, framework=frameworks["si-qaf"],
                                              period="2025/26", by=lead)
    rate(assessment, lead, si_ratings([6, 6, 6, 4, 3, 3]))
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.SUBMITTED)
    client = client_for(world.users["la_commissioner"])

    def names(params):
        return re.findall(r'href="/dashboard/providers/[\w-]+/">([^<]+)</a>',
                          client.get(URL, params).content.decode())

    assert names({"year": "2025/26", "sort": "total:si-qaf"}) == [
        "Lowfield College", "Riverside College", "Greenfield Academy"]
    assert names({"year": "2025/26", "band": "si-qaf:from-24"}) == ["Lowfield College"]
    assert names({"year": "2024/25", "band": "si-qaf:from-30"}) == ["Riverside College"]
    exported = client.get("/dashboard/providers.csv", {"year": "2025/26", "band": "si-qaf:from-24"})
    assert [r["Provider"] for r in csv.DictReader(
        io.StringIO(exported.content.decode("utf-8-sig")))] == ["Lowfield College"]


def test_the_pdf_holds_the_filtered_table_and_the_trends(known, world):
    # Made by the exports worker (tests/exports/test_dashboard_pdf.py: asking, progress, rights).
    text = dashboard_pdf_text(world.users["la_commissioner"], world.la,
                              {"year": "2025/26", "red_amber": "1"})
    assert "Provider dashboard: Shire Council" in text
    assert "judged Red or Amber at a QA visit in 2025/26: 1 provider" in text
    assert "Riverside College" in text and "Greenfield Academy" not in text
    assert "36 of 36" in text and "Up 3 since 2024/25" in text
    assert "Commissioner copy: not for the provider" in text
    assert "Learner Safety: visit judgements" in text  # a trends chart's title


def test_another_las_pdf_holds_none_of_these_providers(known, world):
    text = dashboard_pdf_text(world.users["other_la_commissioner"], world.other_la,
                              {"year": "2025/26"})
    assert "Riverside College" not in text and "Greenfield Academy" not in text
    assert "Hilltop AP" in text
