"""The due-diligence pages as a commissioner uses them: start a check of a provider found by
name or recorded new, mark items, decide; bad input shown beside its field, never a 500; the
list and the check page read a fixed number of queries."""
import html
import re

import pytest
from django.urls import reverse

from commissioning import services
from commissioning.models import CheckItem, DueDiligenceCheck
from organisations.models import Commissioning, Organisation
from tests.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_a_commissioner_records_a_new_provider_and_starts_its_check(world, client_for):
    client = client_for(world.users["la_commissioner"])
    response = client.post(reverse("commissioning:new"), {
        "org": world.la.slug, "name": "Meadow Farm Learning", "provider_type": "independent_ap"})
    check = DueDiligenceCheck.objects.get()
    assert response.status_code == 302 and response["Location"] == check.get_absolute_url()
    page = text(client.get(check.get_absolute_url()))
    assert "Meadow Farm Learning" in page and "Items checked 0 of 13" in page
    assert "From: Islington: \"all the right policies in place\"" in page


def test_a_provider_in_the_portal_is_found_by_name(world, client_for):
    ProviderFactory(name="Oak Tree Academy", slug="oak-tree")
    client = client_for(world.users["la_commissioner"])
    page = text(client.get(reverse("commissioning:new") + "?q=oak"))
    assert "Check Oak Tree Academy" in page
    assert "Check Riverside" not in page
    short = text(client.get(reverse("commissioning:new") + "?q=oa"))
    assert "Check Oak Tree Academy" not in short  # at least three letters
    oak = Organisation.objects.get(slug="oak-tree")
    client.post(reverse("commissioning:new"), {"org": world.la.slug, "provider": oak.pk})
    assert DueDiligenceCheck.objects.get().provider == oak


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"name": "", "provider_type": "independent_ap"}, "name", "Enter the provider's name."),
    ({"name": "  ", "provider_type": "independent_ap"}, "name", "Enter the provider's name."),
    ({"name": "Meadow", "provider_type": "college"}, "provider_type",
     "Select a valid choice. college is not one of the available choices."),
    ({"name": "Meadow\x00", "provider_type": "independent_ap"}, "name",
     "Null characters are not allowed."),
    ({"name": "M" * 201, "provider_type": "independent_ap"}, "name",
     "Ensure this value has at most 200 characters (it has 201)."),
], ids=["empty", "blank", "bad-type", "nul", "long"])
def test_a_bad_new_provider_is_refused_beside_the_field(world, client_for, data, field, message):
    response = client_for(world.users["la_commissioner"]).post(
        reverse("commissioning:new"), {"org": world.la.slug, **data})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert not DueDiligenceCheck.objects.exists()


@pytest.mark.parametrize("value", ["0", "x", "99999999999999999999", "1\x00"])
def test_an_unknown_provider_is_a_404(world, client_for, value):
    response = client_for(world.users["la_commissioner"]).post(
        reverse("commissioning:new"), {"org": world.la.slug, "provider": value})
    assert response.status_code == 404


def test_a_second_open_check_is_refused_with_a_message(world, client_for):
    client = client_for(world.users["la_commissioner"])
    data = {"org": world.la.slug, "provider": world.provider.pk}
    client.post(reverse("commissioning:new"), data)
    response = client.post(reverse("commissioning:new"), data)
    assert response.status_code == 400
    assert "Shire Council already has a due-diligence check of Riverside College in progress." \
        in text(response)


def test_marking_items_then_deciding_commissions_the_provider(world, client_for):
    client = client_for(world.users["la_commissioner"])
    provider = ProviderFactory(name="Meadow Farm Learning", slug="meadow")
    check = services.check_open(commissioner=world.la, provider=provider,
                                by=world.users["la_commissioner"])
    url = reverse("commissioning:item", args=[check.pk, "insurance"])
    bad = client.post(url, {"outcome": "", "note": "x"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["outcome"] == ["Choose met, not met or not applicable."]
    client.post(url, {"outcome": "met", "note": "Certificate to March 2027."})
    page = text(client.get(check.get_absolute_url()))
    assert "Met Certificate to March 2027." in page and "Items checked 1 of 13" in page
    assert "Check every item, then decide" in page
    CheckItem.objects.filter(due_diligence=check, outcome="").update(outcome="met")
    decide = reverse("commissioning:decide", args=[check.pk])
    refused = client.post(decide, {"decision": "with_conditions", "conditions": ""})
    assert refused.context["form"].errors["conditions"] == ["Say what the conditions are."]
    client.post(decide, {"decision": "with_conditions", "conditions": "A DBS record by May."})
    page = text(client.get(check.get_absolute_url()))
    assert "Commission with conditions" in page and "Conditions: A DBS record by May." in page
    assert Commissioning.objects.filter(commissioner=world.la, provider=provider).count() == 1
    assert client.get(decide).status_code == 403  # decided for good


def test_an_unknown_item_is_a_404(world, client_for):
    check = services.check_open(commissioner=world.la, provider=world.provider,
                                by=world.users["la_commissioner"])
    client = client_for(world.users["la_commissioner"])
    assert client.get(reverse("commissioning:item", args=[check.pk, "nothing"])).status_code == 404


@pytest.mark.parametrize("many", [False, True])
def test_the_list_and_the_check_read_the_same_queries_at_any_size(
        world, client_for, django_assert_num_queries, many):
    lead = world.users["la_commissioner"]
    providers = [ProviderFactory(slug=f"p-{n}") for n in range(30 if many else 2)]
    checks = [services.check_open(commissioner=world.la, provider=p, by=lead) for p in providers]
    if many:
        CheckItem.objects.update(outcome="met", note="Seen.", updated_by=lead)
    client = client_for(lead)
    client.get(reverse("commissioning:list"))  # the session warmed
    with django_assert_num_queries(7):
        assert client.get(reverse("commissioning:list")).status_code == 200
    with django_assert_num_queries(8):  # and whether the provider has a lead yet
        assert client.get(checks[0].get_absolute_url()).status_code == 200


def test_the_dashboard_says_when_each_providers_due_diligence_was_last_decided(world, client_for):
    from django.utils import timezone

    lead = world.users["la_commissioner"]
    client = client_for(lead)
    assert "Due diligence: none recorded" in text(client.get(reverse("dashboards:providers")))
    check = services.check_open(commissioner=world.la, provider=world.provider, by=lead)
    CheckItem.objects.filter(due_diligence=check).update(outcome="met")
    services.check_decide(check=check, decision="commission", conditions="", by=lead)
    today = timezone.localdate()
    page = text(client.get(reverse("dashboards:providers")))
    assert f"Due diligence: {today:%-d %b %Y}" in page
    csv = client.get(reverse("dashboards:providers_csv")).content.decode("utf-8-sig")
    assert "Due diligence last decided" in csv and today.isoformat() in csv
    # The partnership that also commissions Riverside has checked nothing itself.
    other = text(client_for(world.users["partnership_officer"]).get(reverse("dashboards:providers")))
    assert "Due diligence: none recorded" in other


def test_the_providers_lead_uploads_evidence_the_commissioner_downloads_it(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    check = services.check_open(commissioner=world.la, provider=world.provider,
                                by=world.users["la_commissioner"])
    url = reverse("commissioning:item_evidence", args=[check.pk, "insurance"])
    lead = client_for(world.users["provider_lead"])
    page = text(lead.get(check.get_absolute_url()))
    assert "Add evidence for Employer's and public liability insurance in date." in page
    assert lead.post(url, {}).context["form"].errors["file"] == ["Choose a file to upload."]
    wrong = lead.post(url, {"file": SimpleUploadedFile("policy.exe", b"MZ\x90\x00")})
    assert wrong.status_code == 400 and "must be a PDF" in text(wrong)
    response = lead.post(url, {"file": SimpleUploadedFile("insurance.txt", b"Insured to 2027.")})
    assert response.status_code == 302
    evidence = check.files.get()
    assert (evidence.original_name, evidence.row.item.code) == ("insurance.txt", "insurance")
    commissioner = client_for(world.users["la_commissioner"])
    assert "insurance.txt" in text(commissioner.get(check.get_absolute_url()))
    download = commissioner.get(evidence.get_absolute_url())
    assert b"".join(download.streaming_content) == b"Insured to 2027."
    other = client_for(world.users["partnership_officer"])  # commissions Riverside, not its check
    assert other.get(evidence.get_absolute_url()).status_code == 404
    CheckItem.objects.filter(due_diligence=check).update(outcome="met")
    services.check_decide(check=check, decision="commission", conditions="",
                          by=world.users["la_commissioner"])
    lead = client_for(world.users["provider_lead"])  # the one test client, signed in again
    assert lead.get(url).status_code == 403  # decided: no more evidence
