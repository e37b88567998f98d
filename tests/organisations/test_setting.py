"""What an alternative provision setting is for and how long its placements last (the
IntegratED toolkit's "differences in purpose and function ... and placement lengths"): said
by the setting's own lead, kept in its history, shown beside its results."""
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from organisations.models import Organisation

PURPOSE = Organisation.SettingPurpose
LENGTH = Organisation.PlacementLength


@pytest.fixture
def hilltop(world):
    return world.other_provider  # an independent alternative provider


def test_the_lead_says_what_the_setting_is_for(world, hilltop, client_for):
    lead = world.users["other_provider_lead"]
    client = client_for(lead)
    url = reverse("organisations:setting", args=[hilltop.slug])
    page = client.get(hilltop.get_absolute_url()).content.decode()
    assert "What the setting is for" in page and "Not recorded yet" in page
    assert f'href="{url}"' in page
    refused = client.post(url, {})
    assert refused.status_code == 400
    assert "Choose what the setting is for." in refused.content.decode()
    assert "Choose how long placements usually last." in refused.content.decode()
    assert client.post(url, {"purpose": "sometimes", "placement": LENGTH.TERM}).status_code == 400
    done = client.post(url, {"purpose": PURPOSE.SHORT_TERM, "placement": LENGTH.WEEKS})
    assert done.status_code == 302 and done["Location"] == hilltop.get_absolute_url()
    hilltop.refresh_from_db()
    assert (hilltop.setting_purpose, hilltop.typical_placement) == ("short_term", "weeks")
    change = hilltop.history.first()
    assert (change.history_user, change.history_change_reason) == (lead, "described the setting")
    page = client.get(hilltop.get_absolute_url()).content.decode()
    assert "Short-term or respite placements" in page and "A few weeks, up to half a term" in page


def test_its_commissioner_sees_it_beside_the_results(world, hilltop, client_for):
    Organisation.objects.filter(pk=hilltop.pk).update(setting_purpose=PURPOSE.MEDICAL,
                                                      typical_placement=LENGTH.LONGER)
    client = client_for(world.users["other_la_commissioner"])
    profile = client.get(reverse("dashboards:provider_profile", args=[hilltop.slug]))
    text = profile.content.decode()
    assert "Medical: pupils who cannot attend school because of their health" in text
    assert "More than a school year" in text
    # Seen, not changed: no link to change it, and the page refuses.
    assert reverse("organisations:setting", args=[hilltop.slug]) not in text
    assert client.get(reverse("organisations:setting", args=[hilltop.slug])).status_code == 403


def test_only_an_alternative_provision_setting_has_one(world):
    assert not world.provider.is_alternative_provision  # a supported internship provider
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=world.provider.pk).update(setting_purpose="full_time")
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=world.la.pk).update(typical_placement="term")
