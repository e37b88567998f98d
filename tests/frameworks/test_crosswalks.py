"""Crosswalk files: loaded with the frameworks, checked against them, every problem reported at
once with its line, never changed once loaded."""
import pytest
from django.core.management import call_command

from frameworks.loader import FrameworkFileError
from frameworks.models import Crosswalk, CrosswalkLink
from frameworks.services import crosswalk_load

GOOD = """\
slug: test-walk
version: "1"
name: A test crosswalk
framework: {slug: si-qaf, version: "1"}
visit_framework: {slug: leics-ap-visit, version: "1"}
links:
  "1": ["4"]
  "5": ["2", "3"]
"""


def load(text):
    return crosswalk_load(path_or_text=text, filename="walk.yaml")


def test_the_seed_crosswalks_are_loaded_with_the_frameworks(frameworks):
    walks = {c.slug: c for c in Crosswalk.objects.all()}
    assert set(walks) == {"integrated-to-leics-visit", "si-qaf-to-leics-visit"}
    integrated = walks["integrated-to-leics-visit"]
    assert integrated.links.count() == 16
    assert sorted(integrated.links.filter(section__code="6").values_list(
        "question__title", flat=True)) == ["Learner Progress", "Learner Safety"]
    call_command("load_frameworks", verbosity=0)  # again: nothing changes
    assert Crosswalk.objects.count() == 2


def test_a_good_file_loads_once(frameworks):
    assert load(GOOD) == "created crosswalk test-walk 1: 3 links"
    assert load(GOOD) == "unchanged crosswalk test-walk 1"
    assert CrosswalkLink.objects.filter(crosswalk__slug="test-walk").count() == 3


def test_changed_content_under_a_loaded_version_is_refused(frameworks):
    load(GOOD)
    with pytest.raises(FrameworkFileError) as raised:
        load(GOOD.replace('"1": ["4"]', '"1": ["3"]'))
    assert raised.value.messages == [
        "walk.yaml, line 2: crosswalk test-walk version 1 is already loaded with different "
        "content: a changed crosswalk is a new version, in a new file"]


def test_every_problem_is_reported_with_its_line(frameworks):
    text = GOOD.replace('"1": ["4"]', '"99": ["4"]').replace('"5": ["2", "3"]', '"5": ["2", "7"]')
    with pytest.raises(FrameworkFileError) as raised:
        load(text)
    assert raised.value.messages == [
        "walk.yaml, line 7: links: 'si-qaf' has no section '99' (its sections: 1, 2, 3, 4, 5, 6)",
        "walk.yaml, line 8: links: '5': 'leics-ap-visit' has no question '7' "
        "(its questions: 1, 2, 3, 4)"]
    assert not Crosswalk.objects.filter(slug="test-walk").exists()


@pytest.mark.parametrize("change, message", [
    (('framework: {slug: si-qaf, version: "1"}', 'framework: {slug: si-qaf, version: "9"}'),
     "walk.yaml, line 4: framework: framework 'si-qaf' version 9 is not loaded: load the "
     "framework files first"),
    (('visit_framework: {slug: leics-ap-visit, version: "1"}',
      'visit_framework: {slug: si-qaf, version: "1"}'),
     "walk.yaml, line 5: visit_framework: 'si-qaf' is not a QA visit framework"),
    (('"1": ["4"]', '"1": 4'),
     "walk.yaml, line 7: links: '1': '1' must be a list of question codes, not a number (4)"),
    (("name: A test crosswalk\n", "nmae: A test crosswalk\n"),
     "walk.yaml, line 3: unknown field 'nmae' (did you mean 'name'?)"),
])
def test_a_wrong_file_says_what_is_wrong(frameworks, change, message):
    with pytest.raises(FrameworkFileError) as raised:
        load(GOOD.replace(*change))
    assert message in raised.value.messages
