"""The provider dashboard's PDF (issue 32): asked for from the dashboard with its filters (a
POST), made by the worker with progress after each chunk of rows, the charts and the PDF,
downloaded from its page by its requester alone while they keep the rights it was made with,
and expiring as every export does. Filters the dashboard would not read are refused, naming
them; the old PDF address leads to the page that asks for it."""
import io
import re
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from dashboards import dashboard_pdf, provider_table
from dashboards.dashboard_pdf import DashboardPdf
from dashboards.trend_kept import counted_version
from exports import services
from exports.dashboard import (
    FILTER_NOT_OFFERED,
    ORGANISATION_NOT_OFFERED,
    asked_filters,
    dashboard_for,
    write_dashboard,
)
from exports.models import BulkExport
from exports.permissions import NO_LONGER_SEEN
from organisations.models import Commissioning, Organisation
from tests.factories import CommissioningFactory, ProviderFactory
from tests.reports.conftest import pdf_text

from .conftest import run_worker
from .dashboard_pdf import made_dashboard_pdf, stored_pdf

pytestmark = pytest.mark.django_db
State = BulkExport.State
NEW = reverse("exports:dashboard_pdf")
DASHBOARD = reverse("dashboards:providers")
SI = Organisation.ProviderType.SUPPORTED_INTERNSHIP


@pytest.fixture
def meadow(world):
    """A second provider Shire Council commissions, of another type than Riverside College."""
    provider = ProviderFactory(name="Meadow Farm AP", slug="meadow-farm-ap",
                               provider_type=Organisation.ProviderType.INDEPENDENT_AP)
    CommissioningFactory(commissioner=world.la, provider=provider)
    return provider


def _downloaded(client, export) -> bytes:
    response = client.get(reverse("exports:download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "provider_dashboard" in response["Content-Disposition"]
    return b"".join(response.streaming_content)


def _messages(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_dashboards_button_asks_for_the_pdf_with_its_filters_and_the_worker_makes_it(
        world, meadow, client_for, media):
    client = client_for(world.users["la_commissioner"])
    page = client.get(DASHBOARD, {"year": "2025/26", "type": SI}).content.decode()
    action = f"{NEW}?year=2025%2F26&amp;type={SI}&amp;"
    assert f'<form method="post" action="{action}"' in page
    assert "csrfmiddlewaretoken" in page
    assert "Make a PDF of the dashboard" in page
    assert reverse("dashboards:providers_pdf") not in page

    response = client.post(action.replace("&amp;", "&"))
    export = BulkExport.objects.get()
    assert response.url == export.get_absolute_url()
    assert export.is_dashboard and export.state == State.QUEUED and export.task_id
    assert export.filters == {"year": "2025/26", "type": SI}
    assert (export.organisation, export.period) == (world.la, "2025/26")
    waiting = _messages(client.get(export.get_absolute_url()))
    assert "Provider dashboard PDF for 2025/26" in waiting and "Waiting to start" in waiting
    assert "Type: Supported internship provider / college." in waiting

    run_worker()
    export.refresh_from_db()
    assert export.state == State.READY, export.failure_reason
    assert export.items_done == export.items_total == 3  # one chunk of rows, charts, the PDF
    assert list(export.providers.all()) == [world.provider]
    ready = client.get(export.get_absolute_url()).content.decode()
    assert "Download the provider dashboard (PDF)" in ready
    pdf = _downloaded(client, export)
    assert pdf.startswith(b"%PDF") and pdf == stored_pdf(export)
    text = pdf_text(pdf)
    assert "Provider dashboard: Shire Council" in text
    assert "Riverside College" in text and "Meadow Farm AP" not in text
    assert "Trends" in text  # the charts' part (their figures: tests/dashboards/)
    assert mail.outbox[-1].subject.endswith("Provider dashboard PDF ready: Shire Council, 2025/26")
    assert "Your PDF of Shire Council’s provider dashboard" in mail.outbox[-1].body
    assert "Provider dashboard PDF" in client.get(reverse("exports:list")).content.decode()
    # A PDF has no workbook.
    assert client.get(reverse("exports:spreadsheet", args=[export.pk])).status_code == 404


def test_the_page_asking_for_it_says_what_it_will_hold_and_queues_nothing(
        world, meadow, client_for):
    client = client_for(world.users["la_commissioner"])
    response = client.get(NEW, {"year": "2025/26", "type": SI})
    assert response.status_code == 200
    page = _messages(response)
    assert "PDF of the provider dashboard" in page
    assert ("1 provider Shire Council commissions, type: Supported internship provider / "
            "college.") in page
    assert f'action="{NEW}?year=2025%2F26&amp;type={SI}"' in page
    assert "Make the PDF" in page
    assert not BulkExport.objects.exists()


def test_the_old_pdf_address_leads_to_the_page_asking_for_it_with_the_same_filters(
        world, client_for):
    client = client_for(world.users["la_commissioner"])
    old = reverse("dashboards:providers_pdf")
    response = client.get(old, {"year": "2025/26", "red_amber": "1"})
    assert response.status_code == 302
    assert response.url == f"{NEW}?year=2025%2F26&red_amber=1"
    assert client.get(response.url).status_code == 200
    assert client.get(old).url == NEW
    assert client.post(old).status_code == 405
    assert not BulkExport.objects.exists()
    provider_lead = client_for(world.users["provider_lead"])
    assert provider_lead.get(old).status_code == 403


def test_progress_moves_after_each_chunk_of_rows_and_the_charts(
        world, meadow, monkeypatch, media):
    monkeypatch.setattr(dashboard_pdf, "EXPORT_CHUNK", 1)
    CommissioningFactory(commissioner=world.la, provider=ProviderFactory(name="Oak College"))
    seen = []
    fill, chart = provider_table.fill, DashboardPdf.chart

    def progress_then(step):
        def recorded(*args, **kwargs):
            seen.append((step, *BulkExport.objects.values_list("items_done", "items_total")
                         .get()))
            return (fill if step == "rows" else chart)(*args, **kwargs)
        return recorded

    monkeypatch.setattr(provider_table, "fill", progress_then("rows"))
    monkeypatch.setattr(DashboardPdf, "chart", progress_then("charts"))
    export = made_dashboard_pdf(world.users["la_commissioner"], world.la)

    # Three providers, a chunk of one each, then the charts, then the PDF: 5 steps.
    assert seen == [("rows", 0, 5), ("rows", 1, 5), ("rows", 2, 5), ("charts", 3, 5)]
    assert export.items_done == export.items_total == 5


def test_the_writer_reports_each_step_and_stops_when_the_export_is_taken_away(
        world, meadow, monkeypatch):
    monkeypatch.setattr(dashboard_pdf, "EXPORT_CHUNK", 1)
    export = services.dashboard_pdf_request(by=world.users["la_commissioner"],
                                            organisation=world.la, params={})
    made = dashboard_for(export)
    assert (made.total, made.chunks, made.steps) == (2, 2, 4)
    done = []
    out = io.BytesIO()
    assert write_dashboard(out, made, progress=lambda n: done.append(n) or True)
    assert done == [1, 2, 3] and out.getvalue().startswith(b"%PDF")

    stopped = io.BytesIO()
    assert not write_dashboard(stopped, dashboard_for(export), progress=lambda n: False)
    assert stopped.getvalue() == b""


def test_the_running_page_shows_the_steps_done(world, client_for):
    client = client_for(world.users["la_commissioner"])
    export = services.dashboard_pdf_request(by=world.users["la_commissioner"],
                                            organisation=world.la, params={})
    BulkExport.objects.filter(pk=export.pk).update(state=State.RUNNING, items_total=4,
                                                   items_done=2)
    assert "2 of 4 steps done" in client.get(export.get_absolute_url()).content.decode()


def test_another_organisations_person_can_neither_see_nor_download_it(
        world, client_for, media):
    export = made_dashboard_pdf(world.users["la_commissioner"], world.la)
    for other in ("other_la_commissioner", "partnership_officer", "provider_lead", "admin"):
        client = client_for(world.users[other])
        assert client.get(export.get_absolute_url()).status_code == 404, other
        assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404
        assert export.get_absolute_url() not in client.get(reverse("exports:list")).content.decode()


def test_a_provider_no_longer_seen_stops_the_download(world, client_for, media):
    user = world.users["la_commissioner"]
    export = made_dashboard_pdf(user, world.la)
    client = client_for(user)
    assert _downloaded(client, export).startswith(b"%PDF")

    Commissioning.objects.filter(commissioner=world.la, provider=world.provider).delete()

    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 403
    page = client.get(export.get_absolute_url()).content.decode()
    assert NO_LONGER_SEEN.format(count=1, providers="provider") in page
    assert "Ask for a new PDF of the dashboard" in page


def test_it_expires_after_7_days_and_its_page_offers_to_make_it_again(
        world, client_for, media):
    export = made_dashboard_pdf(world.users["la_commissioner"], world.la, {"year": "2025/26"})
    stored = media / export.file.name
    assert stored.exists()
    BulkExport.objects.filter(pk=export.pk).update(expires_at=export.finished_at)
    assert services.exports_expire() == 1
    export.refresh_from_db()
    assert export.state == State.EXPIRED and not export.file and not stored.exists()
    page = client_for(world.users["la_commissioner"]).get(export.get_absolute_url())
    assert f'href="{NEW}?year=2025%2F26&amp;org=shire-council">Make it again' in (
        page.content.decode())


@pytest.mark.parametrize("params, refused", [
    ({"type": "castle"}, ("type", "castle")),
    ({"year": "1999/00"}, ("year", "1999/00")),
    ({"band": "si-qaf:from-99"}, ("band", "si-qaf:from-99")),
    ({"red_amber": "yes"}, ("red_amber", "yes")),
    ({"colour": "red"}, ("colour", "red")),
    ({"type": "\x01castle"}, ("type", "castle")),
])
def test_a_filter_the_dashboard_does_not_offer_is_named_and_nothing_is_queued(
        world, client_for, params, refused):
    client = client_for(world.users["la_commissioner"])
    message = FILTER_NOT_OFFERED.format(name=refused[0], value=refused[1])
    for response in (client.get(NEW, params), client.post(f"{NEW}?{urlencode(params)}")):
        assert response.status_code == 400
        page = response.content.decode()
        assert "There is a problem" in page and escape(message) in page
        assert "Make the PDF" not in page
    assert not BulkExport.objects.exists()


def test_a_nul_byte_in_the_filters_is_a_bad_request_not_a_server_error(world, client_for):
    client = client_for(world.users["la_commissioner"])
    for response in (client.get(NEW, {"type": "\x00"}), client.post(f"{NEW}?q=%00"),
                     client.get(reverse("dashboards:providers_pdf"), {"band": "\x00"})):
        assert response.status_code == 400
    assert not BulkExport.objects.exists()


def test_another_organisations_slug_is_refused_not_replaced_by_ones_own(world, client_for):
    client = client_for(world.users["la_commissioner"])
    response = client.post(f"{NEW}?org={world.other_la.slug}")
    assert response.status_code == 400
    assert escape(ORGANISATION_NOT_OFFERED.format(value=world.other_la.slug)) in (
        response.content.decode())
    assert not BulkExport.objects.exists()
    # An administrator may choose it.
    admin = client_for(world.users["admin"])
    assert admin.post(f"{NEW}?org={world.other_la.slug}").status_code == 302
    assert BulkExport.objects.get().organisation == world.other_la


def test_a_search_keeps_its_words_without_control_characters(world):
    filters, kept = asked_filters({"q": " river\x00side ", "page": "3", "org": "shire-council"},
                                  organisation=world.la)
    assert filters.q == "riverside" and kept == {"year": "latest", "q": "riverside"}


def test_only_those_who_may_open_the_dashboard_ask_for_its_pdf(world, client_for):
    for role in ("provider_lead", "provider_staff", "no_membership"):
        client = client_for(world.users[role])
        assert client.get(NEW).status_code == 403, role
        assert client.post(NEW).status_code == 403, role
        with pytest.raises(PermissionDenied):
            services.dashboard_pdf_request(by=world.users[role], organisation=world.la,
                                           params={})
    # A partnership officer asks for its own partnership's, not an LA's.
    with pytest.raises(PermissionDenied):
        services.dashboard_pdf_request(by=world.users["partnership_officer"],
                                       organisation=world.la, params={})
    assert not BulkExport.objects.exists()


def _made_queries(world) -> int:
    """The queries the worker asks to make Shire Council's dashboard PDF (the render's
    included)."""
    from organisations.models import User

    export = services.dashboard_pdf_request(by=world.users["la_commissioner"],
                                            organisation=world.la, params={})
    export = BulkExport.objects.select_related("requested_by", "organisation").get(pk=export.pk)
    export.requested_by = User.objects.get(pk=export.requested_by.pk)  # memberships afresh
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        made = dashboard_for(export)
        assert write_dashboard(io.BytesIO(), made, progress=lambda n: True)
    return len(queries)


def test_making_it_asks_the_same_queries_at_2_and_12_providers(world, frameworks):
    counted_version(world.la.pk)  # the LA's trends token, as any write leaves it
    CommissioningFactory(commissioner=world.la, provider=ProviderFactory())
    few = [_made_queries(world), _made_queries(world)]  # the trends worked out, then kept
    for _ in range(10):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory())
    assert [_made_queries(world), _made_queries(world)] == few
    assert few[1] < few[0]


def test_the_page_asking_for_it_asks_the_same_queries_at_2_and_12_providers(
        world, client_for):
    client = client_for(world.users["la_commissioner"])

    def count() -> int:
        client.get(NEW)
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(NEW).status_code == 200
        return len(captured)

    CommissioningFactory(commissioner=world.la, provider=ProviderFactory())
    few = count()
    for _ in range(10):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory())
    assert count() == few


def test_no_value_in_any_filter_is_a_server_error(world):
    from django.test import Client

    from tests.qaportal.test_fuzz_no_server_errors import NASTY

    client = Client(raise_request_exception=False)
    client.force_login(world.users["la_commissioner"],
                       backend="django.contrib.auth.backends.ModelBackend")
    names = ["org", "year", "type", "status", "concern", "red_amber", "overdue", "differ", "q",
             "band", "sort", "framework", "cohort", "page", "fuzz"]
    for name in names:
        for value in NASTY:
            query = urlencode({name: value})
            for method, url in (("get", NEW), ("post", NEW),
                                ("get", reverse("dashboards:providers_pdf"))):
                response = getattr(client, method)(f"{url}?{query}")
                assert response.status_code < 500, (method, url, name, value)
