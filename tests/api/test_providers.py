"""Providers through the API: each with the token's organisation's link and that link's
agreements (a provider's token: all of its own), and one provider by its slug, where a provider
the organisation does not commission is a 404 exactly as a missing one is."""
import csv
import datetime
import io

from django.utils import timezone

from api.v1 import NO_PROVIDER
from commissioning.models import Agreement
from organisations.models import Commissioning

URL = "/api/v1/providers"


def _agreement(world, commissioner, reference, starts, ends=None):
    link = Commissioning.objects.get(commissioner=commissioner, provider=world.provider)
    return Agreement.objects.create(link=link, kind=Agreement.Kind.CONTRACT, reference=reference,
                                    starts=starts, ends=ends, places=12)


def test_each_provider_carries_its_links_agreements(world, api_for):
    today = timezone.localdate()
    running = _agreement(world, world.la, "SHIRE-C-7", today - datetime.timedelta(days=30))
    ended = _agreement(world, world.la, "SHIRE-C-1", today - datetime.timedelta(days=800),
                       today - datetime.timedelta(days=400))
    partnership = _agreement(world, world.partnership, "SEIP-SLA-2",
                             today - datetime.timedelta(days=10))
    [row] = api_for("la_commissioner").get(URL).json()["results"]
    assert [(a["reference"], a["in_force"]) for a in row["agreements"]] == [
        ("SHIRE-C-7", True), ("SHIRE-C-1", False)]
    assert row["agreements"][0]["kind_label"] == "Contract" and running.pk != ended.pk
    [row] = api_for("partnership_officer").get(URL).json()["results"]
    assert [a["id"] for a in row["agreements"]] == [partnership.pk]
    # The provider's own token: every agreement it works to, each with its commissioner.
    [own] = api_for("provider_lead").get(URL).json()["results"]
    assert {(a["reference"], a["commissioner_slug"]) for a in own["agreements"]} == {
        ("SHIRE-C-7", world.la.slug), ("SHIRE-C-1", world.la.slug),
        ("SEIP-SLA-2", world.partnership.slug)}
    response = api_for("la_commissioner").get(URL + ".csv")
    [line] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert line["agreements"].startswith(f"Contract SHIRE-C-7 ({running.starts} to open-ended)")


def test_one_provider_by_slug_and_a_404_alike_for_one_not_commissioned_or_missing(world,
                                                                                    api_for):
    client = api_for("la_commissioner")
    found = client.get(f"{URL}/{world.provider.slug}")
    assert found.status_code == 200 and found.json()["name"] == world.provider.name
    not_ours = client.get(f"{URL}/{world.other_provider.slug}")
    missing = client.get(f"{URL}/no-such-provider")
    assert not_ours.status_code == missing.status_code == 404
    assert not_ours.json() == missing.json() == {"detail": NO_PROVIDER, "parameter": None}
    assert api_for("other_la_commissioner").get(
        f"{URL}/{world.other_provider.slug}").status_code == 200
