"""A local authority's inspection pack: asked for by its commissioner, made by the worker with
progress after each step, a PDF holding every part and a workbook of the same figures, its
small numbers withheld though the LA's own pages show them, and its files the requester's
alone while they keep the rights it was made with."""
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.inspection import PARTS, Pack
from exports import services
from exports.models import BulkExport
from exports.pack import PACK_STEPS
from organisations.models import Membership
from organisations.querysets import forget_memberships
from tests.dashboards.test_outcomes_dashboard import URL as OUTCOMES
from tests.dashboards.test_outcomes_dashboard import table
from tests.outcomes.test_aggregates import YEAR
from tests.outcomes.test_soft_outcomes import soft  # noqa: F401  (a fixture)
from tests.reports.conftest import pdf_text

from .conftest import run_worker

pytestmark = pytest.mark.django_db
State = BulkExport.State
TITLES = ["QA coverage", "Outcomes by Preparing for Adulthood area", "Distance travelled",
          "Soft outcomes", "Area indicators against comparators",
          "The improvement story, year on year"]


def _stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def _sheets(export) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(_stored(export.spreadsheet)))
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)]
            for sheet in book.worksheets}


def _made(user, la, period) -> BulkExport:
    export = services.pack_request(by=user, organisation=la, period=period)
    assert export.state == State.QUEUED and export.is_pack and export.task_id
    run_worker()
    export.refresh_from_db()
    assert export.state == State.READY, export.failure_reason
    return export


def test_the_demo_las_pack_is_made_by_the_worker_with_every_part(demo, media):
    user = demo.user("leics_commissioner")
    leics = user.memberships.get().organisation
    export = _made(user, leics, "2025/26")

    assert export.items_done == export.items_total == PACK_STEPS == len(PARTS) + 2
    assert mail.outbox[-1].subject.endswith(
        "Inspection pack ready: Leicestershire County Council, 2025/26")
    assert ("Your inspection pack of Leicestershire County Council for 2025/26 is ready"
            in mail.outbox[-1].body)
    text = pdf_text(_stored(export.file))
    assert text.startswith("Leicestershire County Council: local area inspection pack, 2025/26")
    for n, title in enumerate(TITLES, start=1):
        assert f"{n}. {title}" in text
    # QA coverage beside the year before: the demo's visit to Oakfield in 2025/26.
    assert "QA visits made" in text and "Providers commissioned" in text
    # Leicestershire records attendance beside England's.
    assert "Attendance 2025/26: 91.2% against England 91.5%, worse." in text
    sheets = _sheets(export)
    assert list(sheets) == ["QA coverage", "Outcomes", "Area indicators", "Year on year"]
    coverage = {row[0]: row[1:] for row in sheets["QA coverage"][1:]}
    assert sheets["QA coverage"][0] == ("Figure", "2024/25", "2025/26", "Change")
    assert coverage["QA visits made"] == (0, 1, 1)
    indicators = sheets["Area indicators"]
    assert ("Attendance", "Per cent", "2025/26", "England", 91.5) in indicators


def test_the_pack_withholds_small_numbers_the_las_own_dashboard_shows(world, soft, media,  # noqa: F811
                                                                       client_for):
    """Confidence and motivation: 10 learners rated, 6 better, 3 the same, 1 worse. The LA's
    commissioner sees 30% and 10% on the dashboard; the pack leaves the service, so it
    withholds both, in the PDF and the workbook alike."""
    user = world.users["la_commissioner"]
    page = table(client_for(user).get(OUTCOMES, {"year": YEAR}), "soft")
    assert "Confidence and motivation changes 10 60% 30% 10%" in page

    export = _made(user, world.la, YEAR)
    text = pdf_text(_stored(export.file))
    assert "Confidence and motivation changes 10 60% withheld withheld" in text
    assert "30%" not in text
    soft_rows = [row for row in _sheets(export)["Outcomes"]
                 if row[0] == f"Soft outcomes, {YEAR}" and row[1] == "Confidence and motivation changes"]
    assert len(soft_rows) == 1 and soft_rows[0][2] == 10
    assert [cell for cell in soft_rows[0] if cell in ("60%", "withheld", "30%", "10%")] == [
        "60%", "withheld", "withheld"]


def test_the_pack_counts_only_the_las_own_learners_whatever_else_the_asker_belongs_to(
        world, soft):  # noqa: F811
    """The LA's commissioner is also a provider's lead elsewhere: the pack is read as the LA's
    people read it, so Far Council's learner at the provider never counts."""
    user = world.users["la_commissioner"]
    Membership.objects.create(user=user, organisation=world.other_provider,
                              role=Membership.Role.PROVIDER_LEAD)
    forget_memberships(user)
    pack = Pack(user, world.la, YEAR)
    rows = pack.part("soft").sections[0].rows
    assert [row.learners for row in rows] == [10, 5]
    assert not pack.reader.is_admin
    assert [m.organisation for m in pack.reader._qaportal_memberships] == [world.la]


@pytest.mark.parametrize("role", ["provider_lead", "partnership_officer", "admin",
                                  "other_la_commissioner"])
def test_only_the_las_own_commissioners_make_its_pack(world, role):
    with pytest.raises(PermissionDenied):
        services.pack_request(by=world.users[role], organisation=world.la, period=YEAR)
    assert not BulkExport.objects.exists()


def test_the_commissioner_asks_for_a_year_and_follows_its_progress(world, outcome_scheme,
                                                                   client_for, media):
    client = client_for(world.users["la_commissioner"])
    page = client.get(reverse("exports:pack_new")).content.decode()
    assert "Make an inspection pack" in page and world.la.name in page

    refused = client.post(reverse("exports:pack_new"), {"period": "1999/00"})
    assert refused.status_code == 400
    assert "Choose the academic year." in refused.content.decode()
    assert not BulkExport.objects.exists()

    response = client.post(reverse("exports:pack_new"), {"period": YEAR})
    export = BulkExport.objects.get()
    assert response.url == export.get_absolute_url()
    BulkExport.objects.filter(pk=export.pk).update(state=State.RUNNING, items_total=PACK_STEPS,
                                                   items_done=3)
    waiting = client.get(export.get_absolute_url()).content.decode()
    assert f"3 of {PACK_STEPS} steps done" in waiting
    BulkExport.objects.filter(pk=export.pk).update(state=State.QUEUED, items_done=0)

    run_worker()
    ready = client.get(export.get_absolute_url()).content.decode()
    assert "Download the inspection pack (PDF)" in ready
    assert "Download its figures (Excel)" in ready
    pdf = client.get(reverse("exports:download", args=[export.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert "inspection_pack" in pdf["Content-Disposition"]
    xlsx = client.get(reverse("exports:spreadsheet", args=[export.pk]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    listed = client.get(reverse("exports:list")).content.decode()
    assert "Local area inspection pack" in listed


def test_an_expired_pack_loses_both_files(world, outcome_scheme, media):
    export = _made(world.users["la_commissioner"], world.la, YEAR)
    names = [export.file.name, export.spreadsheet.name]
    assert all((media / name).exists() for name in names)
    BulkExport.objects.filter(pk=export.pk).update(expires_at=export.finished_at)
    assert services.exports_expire() == 1
    export.refresh_from_db()
    assert export.state == State.EXPIRED and not export.file and not export.spreadsheet
    assert not any((media / name).exists() for name in names)


def _pack_queries(world, frameworks) -> int:
    """The queries every part of Shire Council's pack asks (the protection worked out afresh)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from organisations.models import User

    cache.clear()
    user = User.objects.get(pk=world.users["la_commissioner"].pk)
    with CaptureQueriesContext(connection) as queries:
        pack = Pack(user, world.la, YEAR)
        parts = [pack.part(key) for key in PARTS]
    assert [part.key for part in parts] == list(PARTS)
    return len(queries)


def test_the_pack_asks_the_same_queries_at_3_and_20_providers(world, frameworks,
                                                               outcome_scheme):
    from tests.dashboards.test_inspection_coverage import many
    from tests.dashboards.test_outcomes_dashboard import _outcomes_for

    many(world, frameworks, 2)
    _outcomes_for(world, [world.provider], 1)
    few = _pack_queries(world, frameworks)
    many(world, frameworks, 17)
    _outcomes_for(world, [world.provider], 2)
    assert few > 10 and _pack_queries(world, frameworks) == few, few


def test_the_packs_headings_nest_under_its_parts(demo):
    """A screen reader lists the PDF's headings: the contents and the six parts at level 2,
    everything within a part below it (the trends' own headings included)."""
    import re

    from django.template.loader import render_to_string

    from exports.pack import PDF_TEMPLATE

    user = demo.user("leics_commissioner")
    pack = Pack(user, user.memberships.get().organisation, "2025/26")
    html = render_to_string(PDF_TEMPLATE, {"report": {}, "pack": pack, "ratings": pack.ratings,
                                           "parts": [pack.part(key) for key in PARTS]})
    assert re.findall(r"<h2[^>]*>([^<]*)</h2>", html) == [
        "Contents", *[f"{n}. {title}" for n, title in enumerate(TITLES, start=1)]]
    assert "Self-assessment totals" in html
