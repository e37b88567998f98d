"""The demo's learners: Leicestershire's twenty-four at Oakfield and Beacon, with goals in two
years, soft outcomes and a medium-term outcome each, so that `make run` shows the outcomes
dashboard's every section with figures; seeding again adds nothing."""
import pytest

from demo.seed_learners import seed_learners
from organisations.models import User
from outcomes.medium_term_models import MediumTermProgress
from outcomes.models import GoalOutcome, Learner
from tests.dashboards.test_outcomes_dashboard import table

pytestmark = pytest.mark.django_db


def test_the_demo_has_learners_whose_figures_fill_the_dashboard(demo, client_for):
    counts = (Learner.objects.filter(local_authority__slug="leicestershire-cc").count(),
              GoalOutcome.objects.count(), MediumTermProgress.objects.count())
    assert counts == (24, 96, 48)
    assert not GoalOutcome.objects.filter(provider=demo.riverside).exists()
    assert Learner.history.filter(reference="LC-0001").count() == 1
    seed_learners()
    assert (Learner.objects.filter(local_authority__slug="leicestershire-cc").count(),
            GoalOutcome.objects.count(), MediumTermProgress.objects.count()) == counts
    client = client_for(User.objects.get(email="commissioner@leics.example"))
    page = client.get("/dashboard/outcomes/?year=2025/26")
    assert page.status_code == 200
    for section in ("area", "travel", "medium"):
        assert "Employment" in table(page, section)
    assert "Confidence and motivation changes" in table(page, "soft")
    learner = Learner.objects.get(reference="LC-0001")
    detail = client.get(f"/outcomes/learners/{learner.pk}/").content.decode()
    assert "Medium-term outcomes" in detail and "Since the review before" in detail

