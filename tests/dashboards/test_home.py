"""The home page's lists show their first few rows and say how many there are in all: QA
visits in progress (the soonest ten) and the providers needing attention (ten by name)."""
import re

from django.urls import reverse

from tests.factories import CommissioningFactory, ProviderFactory
from tests.list_data import many_providers


def test_the_home_page_shows_the_ten_soonest_visits_in_progress_and_the_total(
        world, frameworks, client_for):
    many_providers(world, frameworks, 16)  # states in turn: 12 of the 16 are still in progress
    html = client_for(world.users["partnership_officer"]).get(reverse("home")).content.decode()
    section = html[html.index("QA visits in progress"):]
    assert len(re.findall(r'href="/visits/\d+/"', section)) == 10
    assert "These are the 10 soonest of 12 visits in progress." in section
    assert 'href="/visits/"' in section


def test_with_few_visits_in_progress_all_are_shown_without_the_note(world, frameworks, client_for):
    many_providers(world, frameworks, 4)
    html = client_for(world.users["partnership_officer"]).get(reverse("home")).content.decode()
    section = html[html.index("QA visits in progress"):]
    assert len(re.findall(r'href="/visits/\d+/"', section)) == 3
    assert "soonest of" not in section


def test_needs_attention_lists_the_first_ten_by_name_and_says_how_many(world, client_for):
    for n in range(12):
        CommissioningFactory(commissioner=world.la, status="suspended",
                             provider=ProviderFactory(name=f"Suspended provider {n:02d}"))
    html = client_for(world.users["la_commissioner"]).get(reverse("home")).content.decode()
    section = html[html.index("Needs attention"):]
    shown = re.findall(r">(Suspended provider \d\d)</a>: suspended", section)
    assert shown == [f"Suspended provider {n:02d}" for n in range(10)]
    assert "These are the first 10 of 12 by name." in section
