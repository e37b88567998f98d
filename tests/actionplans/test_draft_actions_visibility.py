"""A Stage 2 action added on an unshared draft self-assessment is the provider's working:
commissioners (LA commissioner, partnership officer and chair) do not see it — on the plan
page, the action's page, the plans list counts, or the plan's CSV, XLSX and PDF — until the
provider shares or submits that self-assessment. The provider's own people always see it."""
import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from actionplans import services
from assessments import services as assessment_services
from frameworks.models import Section
from tests.assessments.conftest import rate, si_ratings
from tests.reports.conftest import pdf_text

SOON = datetime.date.today() + datetime.timedelta(days=30)
DRAFT_ACTION = "Job coaches carve two roles with the hospital by March."
OPEN_ACTION = "Run a termly family forum with the parent carers."

COMMISSIONERS = ["la_commissioner", "partnership_officer", "partnership_chair"]
PROVIDER_PEOPLE = ["provider_lead", "provider_staff"]


@pytest.fixture
def draft_with_action(world, start):
    """Riverside's SI QAF 2025/26 draft at 34/36 (section 3 at 4/6), not shared, with a
    Stage 2 action for section 3 on it; and an action the provider added with no source,
    which commissioners always see."""
    lead = world.users["provider_lead"]
    draft = start("si-qaf")
    rate(draft, lead, si_ratings((6, 6, 4, 6, 6, 6)))
    section = Section.objects.get(framework=draft.framework, code="3")
    action = services.stage2_action_create(
        assessment=draft, by=lead, section=section, area=section.title,
        smart_action=DRAFT_ACTION, due_date=SOON, owner="Lead job coach",
        success_measure="Two carved roles in use.")
    services.action_create(
        provider=world.provider, period="2025/26", by=lead, section=None, area="Families",
        smart_action=OPEN_ACTION, due_date=SOON, owner="Family liaison",
        success_measure="Four in five families attend.")
    return draft, action


def share(world, draft):
    assessment_services.assessment_share(assessment=draft, by=world.users["provider_lead"],
                                         shared=True)


def submit(world, draft):
    assessment_services.assessment_submit(assessment=draft, by=world.users["provider_lead"])


def plan_page(client, world) -> str:
    response = client.get(reverse("actionplans:plan", args=[world.provider.slug, "2025-26"]))
    assert response.status_code == 200
    return response.content.decode()


def plans_list_counts(client) -> list[int]:
    """The Actions, Open and Overdue figures in the one row of the plans list."""
    response = client.get(reverse("actionplans:list"))
    assert response.status_code == 200
    row = re.search(r"<tbody.*?</tbody>", response.content.decode(), re.S).group(0)
    cells = re.findall(r'govuk-table__cell--numeric">(.*?)</td>', row, re.S)
    return [int(re.sub(r"\D", "", cell) or 0) for cell in cells]


def download(client, world, fmt) -> bytes:
    response = client.get(reverse(f"reports:action_plan_{fmt}",
                                  kwargs={"slug": world.provider.slug, "year": "2025-26"}))
    assert response.status_code == 200
    return response.content


def csv_text(client, world) -> str:
    rows = list(csv.reader(io.StringIO(download(client, world, "csv").decode("utf-8-sig"))))
    return "\n".join(" | ".join(row) for row in rows)


def xlsx_text(client, world) -> str:
    sheet = load_workbook(io.BytesIO(download(client, world, "xlsx"))).active
    return "\n".join(" | ".join(str(v) for v in row if v is not None)
                     for row in sheet.iter_rows(values_only=True))


def pdf_download_text(client, world) -> str:
    return pdf_text(download(client, world, "pdf"))


EXPORTS = {"csv": csv_text, "xlsx": xlsx_text, "pdf": pdf_download_text}


@pytest.mark.parametrize("role", COMMISSIONERS)
def test_commissioners_do_not_see_an_unshared_drafts_action_on_the_plan_page(
        world, draft_with_action, client_for, role):
    html = plan_page(client_for(world.users[role]), world)
    assert OPEN_ACTION in html
    assert DRAFT_ACTION not in html
    assert "section 3" not in html


@pytest.mark.parametrize("role", COMMISSIONERS)
def test_commissioners_get_a_404_for_an_unshared_drafts_action(world, draft_with_action,
                                                              client_for, role):
    _, action = draft_with_action
    client = client_for(world.users[role])
    assert client.get(action.get_absolute_url()).status_code == 404
    assert client.get(reverse("actionplans:action_edit", args=[action.pk])).status_code == 404


@pytest.mark.parametrize("role", COMMISSIONERS)
def test_commissioners_plan_counts_leave_out_an_unshared_drafts_action(
        world, draft_with_action, client_for, role):
    assert plans_list_counts(client_for(world.users[role])) == [1, 1, 0]


@pytest.mark.parametrize("fmt", EXPORTS)
@pytest.mark.parametrize("role", COMMISSIONERS)
def test_commissioners_exports_leave_out_an_unshared_drafts_action(
        world, draft_with_action, client_for, role, fmt):
    text = EXPORTS[fmt](client_for(world.users[role]), world)
    assert OPEN_ACTION in text
    assert DRAFT_ACTION not in text
    assert "2025/26, section 3" not in text


@pytest.mark.parametrize("role", PROVIDER_PEOPLE)
def test_the_provider_always_sees_its_drafts_action_everywhere(world, draft_with_action,
                                                               client_for, role):
    _, action = draft_with_action
    client = client_for(world.users[role])
    assert DRAFT_ACTION in plan_page(client, world)
    assert DRAFT_ACTION in client.get(action.get_absolute_url()).content.decode()
    assert plans_list_counts(client) == [2, 2, 0]
    for fmt, read in EXPORTS.items():
        assert DRAFT_ACTION in read(client, world), fmt


@pytest.mark.parametrize("reveal", [share, submit], ids=["shared", "submitted"])
@pytest.mark.parametrize("role", COMMISSIONERS)
def test_commissioners_see_the_drafts_action_once_it_is_shared_or_submitted(
        world, draft_with_action, client_for, role, reveal):
    draft, action = draft_with_action
    reveal(world, draft)
    client = client_for(world.users[role])
    assert DRAFT_ACTION in plan_page(client, world)
    detail = client.get(action.get_absolute_url())
    assert detail.status_code == 200 and DRAFT_ACTION in detail.content.decode()
    assert plans_list_counts(client) == [2, 2, 0]
    for fmt, read in EXPORTS.items():
        text = read(client, world)
        assert DRAFT_ACTION in text, fmt
        assert "2025/26, section 3" in text, fmt


def test_stopping_sharing_hides_the_drafts_action_again(world, draft_with_action, client_for):
    draft, action = draft_with_action
    share(world, draft)
    assessment_services.assessment_share(assessment=draft, by=world.users["provider_lead"],
                                         shared=False)
    client = client_for(world.users["la_commissioner"])
    assert DRAFT_ACTION not in plan_page(client, world)
    assert client.get(action.get_absolute_url()).status_code == 404


def test_another_assessments_pages_and_pdf_leave_out_an_unshared_drafts_action(
        world, start, client_for):
    """An action filed under a section of a submitted SI QAF but drawn from an unshared
    draft (next year's SI QAF) stays hidden in the submitted one's Stage 2 table and its PDF."""
    lead = world.users["provider_lead"]
    submitted = start("si-qaf")
    rate(submitted, lead, default="evidenced")
    assessment_services.assessment_submit(assessment=submitted, by=lead)
    draft = start("si-qaf", period="2026/27")
    section = Section.objects.get(framework=submitted.framework, code="3")
    services.action_create(
        provider=world.provider, period="2025/26", by=lead, section=section, area=section.title,
        smart_action=DRAFT_ACTION, due_date=SOON, owner="Lead job coach",
        success_measure="Two carved roles in use.", source_assessment=draft)
    commissioner = client_for(world.users["la_commissioner"])
    for name in ("assessments:overview", "assessments:summary"):
        response = commissioner.get(reverse(name, args=[submitted.pk]))
        assert response.status_code == 200
        assert "Stage 2 action plan" in response.content.decode()
        assert DRAFT_ACTION not in response.content.decode(), name
    pdf = commissioner.get(reverse("reports:assessment_pdf", args=[submitted.pk]))
    assert pdf.status_code == 200 and DRAFT_ACTION not in pdf_text(pdf.content)
    provider = client_for(lead)
    assert DRAFT_ACTION in provider.get(reverse("assessments:summary", args=[submitted.pk])
                                        ).content.decode()
    pdf = provider.get(reverse("reports:assessment_pdf", args=[submitted.pk]))
    assert DRAFT_ACTION in pdf_text(pdf.content)
