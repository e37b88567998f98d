"""The bulk export pages through the test client: the form's validation, the journey from
asking to downloading, the progress fragment htmx polls, who may open what, and query counts
that do not grow with the number of providers."""
import re

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exports.forms import WHICH_REQUIRED
from exports.models import BulkExport
from exports.services import PROVIDERS_REQUIRED, REPORTS_REQUIRED
from organisations.models import Commissioning
from tests.factories import CommissioningFactory, ProviderFactory

from .conftest import request_export, run_worker, summary_rows, zip_contents

pytestmark = pytest.mark.django_db
NEW = reverse("exports:new")


def _post(client, **data):
    base = {"which": "chosen", "period": "2024/25", "reports": ["self_assessments"],
            "audience": "commissioner"}
    return client.post(NEW, {**base, **data})


def _field_error(html: str, field: str, message: str) -> bool:
    """The message is shown next to the field (its error paragraph) and in the summary."""
    # crispy-forms-gds names a radio or checkbox group's message after its first box.
    return f'id="id_{field}_1_error"' in html and html.count(message) >= 2


def test_a_commissioner_asks_for_an_export_sees_it_queued_then_downloads_the_zip(
        world, client_for, ctx, media):
    client = client_for(world.users["la_commissioner"])
    page = client.get(NEW)
    assert page.status_code == 200 and "Riverside College" in page.content.decode()
    response = _post(client, providers=[world.provider.pk])
    export = BulkExport.objects.get()
    assert response.status_code == 302 and response["Location"] == export.get_absolute_url()

    queued = client.get(export.get_absolute_url()).content.decode()
    assert "Waiting to start" in queued and 'hx-trigger="every 2s"' in queued
    assert 'aria-live="polite"' in queued and ">Refresh<" in queued
    assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404

    run_worker()

    ready = client.get(export.get_absolute_url()).content.decode()
    assert "Ready to download" in ready and "hx-trigger" not in ready and ">Refresh<" not in ready
    download = client.get(reverse("exports:download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert "shire-council_2024-25_reports_" in download["Content-Disposition"]
    contents = zip_contents(b"".join(download.streaming_content))
    pdfs = [name for name in contents if name.endswith(".pdf")]
    assert pdfs == ["riverside-college_si-qaf_2024-25_commissioner-copy.pdf"]
    assert [r[4] for r in summary_rows(contents)[1:]] == pdfs
    listing = client.get(reverse("exports:list")).content.decode()
    assert export.get_absolute_url() in listing and "Ready to download" in listing


def test_the_progress_fragment_polls_while_queued_and_stops_once_finished(
        world, client_for, ctx, media):
    user = world.users["la_commissioner"]
    export = request_export(user, world.la, providers=[world.provider], period="2024/25")
    client = client_for(user)
    url = export.get_absolute_url()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode().strip()
    assert fragment.startswith('<div id="export-progress" hx-get="' + url)
    assert "<html" not in fragment
    seen = f'"seen": "{BulkExport.State.QUEUED}-0-0-0"'
    assert seen in fragment
    # A poll that has already seen this progress gets nothing to swap in.
    unchanged = client.get(url, {"seen": "queued-0-0-0"}, headers={"HX-Request": "true"})
    assert unchanged.status_code == 204
    run_worker()
    changed = client.get(url, {"seen": "queued-0-0-0"}, headers={"HX-Request": "true"})
    assert changed.status_code == 200 and "Ready to download" in changed.content.decode()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode().strip()
    assert fragment.startswith('<div id="export-progress">')
    assert reverse("exports:download", args=[export.pk]) in fragment


def test_no_report_chosen_is_an_error_next_to_the_field(world, client_for):
    client = client_for(world.users["la_commissioner"])
    html = _post(client, providers=[world.provider.pk], reports=[]).content.decode()
    assert _field_error(html, "reports", REPORTS_REQUIRED)
    assert 'href="#id_reports_1"' in html and 'id="id_reports_1"' in html
    assert not BulkExport.objects.exists()


def test_a_provider_the_organisation_does_not_commission_is_an_error_next_to_the_field(
        world, client_for):
    client = client_for(world.users["la_commissioner"])
    response = _post(client, providers=[world.other_provider.pk])
    html = response.content.decode()
    assert response.status_code == 200
    assert _field_error(html, "providers", "Choose only providers Shire Council commissions.")
    assert not BulkExport.objects.exists()


def test_choosing_only_ticked_providers_without_ticking_one_is_an_error(world, client_for):
    client = client_for(world.users["la_commissioner"])
    html = _post(client).content.decode()
    assert _field_error(html, "providers", PROVIDERS_REQUIRED)
    html = _post(client, which="").content.decode()
    assert _field_error(html, "which", WHICH_REQUIRED)
    assert not BulkExport.objects.exists()


@pytest.mark.parametrize("field", ["period", "which", "audience", "reports", "providers"])
def test_a_nul_byte_or_an_impossible_id_in_any_field_is_a_form_error_not_a_server_error(
        world, client_for, field):
    client = client_for(world.users["la_commissioner"])
    for value in ("\x00", "1\x00", "99999999999999999999999"):
        response = _post(client, **{field: [value]})
        assert response.status_code == 200, (field, value)
        assert "There is a problem" in response.content.decode()
    assert client.get(reverse("exports:list") + "?page=%00").status_code == 400
    assert not BulkExport.objects.exists()


def test_a_provider_lead_may_not_ask_for_an_export(world, client_for):
    client = client_for(world.users["provider_lead"])
    assert client.get(NEW).status_code == 403
    assert _post(client, providers=[world.provider.pk]).status_code == 403
    assert client.get(reverse("exports:list")).status_code == 403


def test_another_organisations_user_cannot_open_or_download_an_export(
        world, client_for, ctx, media):
    user = world.users["la_commissioner"]
    export = request_export(user, world.la, providers=[world.provider], period="2024/25")
    run_worker()
    for other in ("other_la_commissioner", "partnership_officer", "provider_lead", "admin"):
        client = client_for(world.users[other])
        assert client.get(export.get_absolute_url()).status_code == 404, other
        assert client.get(reverse("exports:download", args=[export.pk])).status_code == 404
        listing = client.get(reverse("exports:list")).content.decode()
        assert export.get_absolute_url() not in listing, other


def test_an_admin_exports_for_any_partnership_or_la_and_sees_failures_in_the_admin(
        world, client_for, media):
    admin = world.users["admin"]
    client = client_for(admin)
    page = client.get(NEW + f"?org={world.other_la.slug}").content.decode()
    assert "Hilltop AP" in page and "Riverside College" not in page
    export = request_export(admin, world.other_la, providers=[world.other_provider])
    BulkExport.objects.filter(pk=export.pk).update(state="failed",
                                                   failure_reason="The worker stopped.")
    listing = client.get(reverse("admin:exports_bulkexport_changelist")).content.decode()
    assert "Failed" in listing
    detail = client.get(reverse("admin:exports_bulkexport_change", args=[export.pk]))
    assert "The worker stopped." in detail.content.decode()
    assert reverse("admin:django_tasks_database_dbtaskresult_change",
                   args=[export.task_id]) in detail.content.decode()


def _counts(client, urls) -> list[int]:
    counts = []
    for url in urls:
        client.get(url)
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        counts.append(len(captured))
    return counts


def test_the_list_and_progress_pages_ask_the_same_queries_at_2_and_12_providers(
        world, client_for, media):
    user = world.users["la_commissioner"]
    client = client_for(user)

    def pages():
        providers = [c.provider for c in Commissioning.objects.filter(commissioner=world.la)]
        export = request_export(user, world.la, providers=providers, period="2024/25")
        return [reverse("exports:list"), export.get_absolute_url(), NEW]

    CommissioningFactory(commissioner=world.la, provider=ProviderFactory())
    small = _counts(client, pages())
    for _ in range(10):
        CommissioningFactory(commissioner=world.la, provider=ProviderFactory())
    large = _counts(client, pages())
    assert small == large


@pytest.mark.parametrize("role, organisation", [("la_commissioner", "la"),
                                                ("partnership_officer", "partnership")])
def test_the_provider_dashboard_links_to_a_bulk_export_for_its_organisation(
        world, client_for, role, organisation):
    html = client_for(world.users[role]).get(reverse("dashboards:providers")).content.decode()
    assert f'href="{NEW}?org={getattr(world, organisation).slug}"' in html


def test_the_progress_pages_polling_does_not_keep_an_idle_session_alive(world, client_for, ctx,
                                                                        media):
    import time

    from qaportal.middleware import LAST_ACTIVITY

    client = client_for(world.users["la_commissioner"])
    _post(client, providers=[world.provider.pk])
    url = BulkExport.objects.get().get_absolute_url()
    session = client.session
    two_minutes_ago = int(time.time()) - 120  # idle, though not yet long enough to sign out
    session[LAST_ACTIVITY] = two_minutes_ago
    session.save()
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
    assert client.session[LAST_ACTIVITY] == two_minutes_ago
    client.get(url)  # the user opening the page is activity
    assert client.session[LAST_ACTIVITY] > two_minutes_ago


def _ticks(html: str) -> list[str]:
    """The provider checkboxes the form lists, by name (their labels)."""
    return re.findall(r'<input[^>]*name="providers"[^>]*>\s*<label[^>]*>\s*([^<]+?)\s*</label>',
                      html)


def _commission(world, names):
    return [CommissioningFactory(commissioner=world.la, provider=ProviderFactory(name=name)
                                 ).provider for name in names]


def test_the_form_lists_50_providers_to_tick_and_says_how_to_find_the_rest(world, client_for):
    _commission(world, [f"Zed Academy {n:03d}" for n in range(60)])
    html = client_for(world.users["la_commissioner"]).get(NEW).content.decode()
    ticks = _ticks(html)
    assert len(ticks) == 50 and ticks == sorted(ticks)
    assert "The first 50 of 61 by name are listed: find others by name above." in html


def test_finding_providers_keeps_every_answer_and_every_tick_and_checks_nothing(
        world, client_for):
    last = _commission(world, [f"Zed Academy {n:03d}" for n in range(60)])[-1]
    _commission(world, ["Brook Farm"])
    client = client_for(world.users["la_commissioner"])
    response = client.post(NEW, {"action": "find", "find": " brook ", "which": "chosen",
                                 "providers": [str(last.pk)], "period": "2024/25",
                                 "reports": ["visits"]})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" not in html
    assert _ticks(html) == ["Brook Farm", "Zed Academy 059"]  # found, and ticked before
    assert "1 provider has “brook” in their name, with any you have ticked." in html
    assert re.search(rf'value="{last.pk}"[^>]*checked', html)
    assert re.search(r'<option value="2024/25"\s+selected', html)
    assert re.search(r'value="visits"[^>]*checked', html)
    assert not BulkExport.objects.exists()

    # Ticked from the found list, the export is asked for with both.
    brook = Commissioning.objects.get(provider__name="Brook Farm").provider
    _post(client, providers=[last.pk, brook.pk])
    assert set(BulkExport.objects.get().providers.all()) == {last, brook}


def test_a_search_that_finds_nothing_says_so_and_shows_the_words_as_text(world, client_for):
    client = client_for(world.users["la_commissioner"])
    html = client.post(NEW, {"action": "find", "find": "<b>x</b>\x00"}).content.decode()
    assert "No provider you commission has “&lt;b&gt;x&lt;/b&gt;” in its name." in html
    assert _ticks(html) == []


def test_the_form_asks_the_same_queries_for_5_or_60_providers(world, client_for):
    client = client_for(world.users["la_commissioner"])
    _commission(world, [f"Zed Academy {n:03d}" for n in range(4)])
    few = _counts(client, [NEW])
    _commission(world, [f"Zed Academy {n:03d}" for n in range(4, 60)])
    assert _counts(client, [NEW]) == few
