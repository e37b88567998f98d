"""The demo fixture seeds once per module and still gives every test the demo as seeded: what
one test changes, in the database or in memory, the next never sees; and a test that does not
ask for the demo never sees it, wherever it stands in its module."""
import pytest

from actionplans.models import Action
from assessments.models import Assessment
from organisations.models import Organisation
from tests.demo_data import SharedDemo

SUBMITTED = Assessment.State.SUBMITTED


@pytest.mark.parametrize("turn", ["first", "second"])
def test_each_test_starts_from_the_demo_as_seeded_whatever_the_one_before_changed(demo, turn):
    assert SharedDemo.open_in == "tests/demo/test_shared_demo.py"
    assert demo.riverside.name == "Riverside College"
    assert Organisation.objects.get(pk=demo.riverside.pk).name == "Riverside College"
    assert demo.plan.actions.count() == 2
    assert demo.si.state == SUBMITTED

    demo.riverside.name = f"Renamed in the {turn} test"
    demo.riverside.save()
    Action.objects.filter(plan=demo.plan).delete()
    demo.si.state = Assessment.State.DRAFT  # in memory only: the next test has its own


def test_the_demo_records_are_new_instances_for_each_test(demo):
    assert demo.riverside.name == "Riverside College"
    assert demo.si.state == SUBMITTED
    assert demo.user("riverside_lead").email == "lead@riverside.example"


def test_a_test_written_after_the_demo_tests_runs_before_the_demo_is_seeded(db):
    assert SharedDemo.open_in is None
    assert not Organisation.objects.filter(slug="riverside-college").exists()
