"""Actions through the API: the action plans' actions the organisation's lead sees, each open
or not and overdue or not by the one rule, filtered by state; another LA sees none."""
import datetime

import pytest

from actionplans.models import Action
from actionplans.services import action_create

URL = "/api/v1/actions"


@pytest.fixture
def three(world):
    """Riverside's 2024/25 actions: one overdue, one due next year, one done."""
    lead = world.users["provider_lead"]
    made = {}
    for name, due in [("overdue", datetime.date(2020, 1, 31)),
                      ("later", datetime.date(2099, 1, 31)), ("done", None)]:
        made[name] = action_create(provider=world.provider, period="2024/25", by=lead,
                                   section=None, area=f"Area {name}",
                                   smart_action="Daily first-day calls.", due_date=due,
                                   owner="Attendance officer", success_measure="Above 90%.")
    Action.objects.filter(pk=made["done"].pk).update(status=Action.Status.DONE)
    return made


def _areas(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    return [row["area"] for row in response.json()["results"]]


def test_the_commissioner_reads_the_actions_with_open_and_overdue(world, three, api_for):
    client = api_for("la_commissioner")
    rows = {row["area"]: row for row in client.get(URL).json()["results"]}
    assert set(rows) == {"Area overdue", "Area later", "Area done"}
    assert (rows["Area overdue"]["open"], rows["Area overdue"]["overdue"]) == (True, True)
    assert (rows["Area later"]["open"], rows["Area later"]["overdue"]) == (True, False)
    assert (rows["Area done"]["open"], rows["Area done"]["status"]) == (False, "Done")
    assert _areas(client, state="overdue") == ["Area overdue"]
    assert _areas(client, state="open") == ["Area overdue", "Area later"]
    assert _areas(client, state="closed") == ["Area done"]
    assert _areas(client, academic_year="2025/26") == []
    bad = client.get(URL, {"state": "late"})
    assert bad.status_code == 400 and bad.json()["parameter"] == "state"
    assert "'open', 'overdue', 'done' or 'closed'" in bad.json()["detail"]
    assert _areas(api_for("other_la_commissioner")) == []
