"""The outcomes vocabulary is data: loaded once per version, refused when a loaded version's
content changes, and every problem in a file named."""
import pytest

from frameworks.loader import FrameworkFileError
from outcomes.models import OutcomeScheme
from outcomes.scheme import current_scheme, directory, parse, scheme_load

pytestmark = pytest.mark.django_db

SHIPPED = directory() / "outcomes-1.yaml"


def test_the_shipped_vocabulary_is_the_sources(outcome_scheme):
    scheme = current_scheme()
    assert [a.label for a in scheme.areas] == [
        "Employment", "Community Inclusion", "Independent Living", "Health"]
    assert [(r.code, r.score) for r in scheme.ratings] == [
        ("not_met", 0), ("partially_met", 1), ("fully_met", 2)]
    assert [d.column for d in scheme.soft_dimensions] == [
        "soft_confidence", "soft_feelings", "soft_personal_skills", "soft_social_cohesion"]
    assert scheme.best_rating.code == "fully_met"


def test_loading_again_is_unchanged_and_changed_content_is_refused(outcome_scheme, tmp_path):
    assert scheme_load(SHIPPED) == "unchanged outcomes 1"
    changed = tmp_path / "outcomes-1.yaml"
    changed.write_text(SHIPPED.read_text().replace("label: Health", "label: Wellbeing"))
    with pytest.raises(FrameworkFileError, match="already loaded with different content"):
        scheme_load(changed)
    assert OutcomeScheme.objects.count() == 2  # the two shipped versions, nothing more


def test_a_new_version_becomes_the_current_one(outcome_scheme, tmp_path):
    newer = tmp_path / "outcomes-3.yaml"
    newer.write_text(SHIPPED.read_text().replace('version: "1"', 'version: "3"')
                     .replace("label: Health", "label: Health and wellbeing"))
    assert scheme_load(newer, dry_run=True).startswith("would create outcomes 3")
    assert current_scheme().version == "2"  # the last of the shipped files
    assert scheme_load(newer).startswith("created outcomes 3")
    assert current_scheme().area_label("health") == "Health and wellbeing"


def test_every_problem_in_a_file_is_named():
    text = """
slug: outcomes
version: "9"
name: Broken
source: nowhere
pfa_areas:
  - code: Employment
    label: Employment
  - code: employment
ratings:
  - code: not_met
    label: Not met
    score: 1
  - code: met
    label: Met
    score: 1
"""
    with pytest.raises(FrameworkFileError) as raised:
        parse(text, "broken.yaml")
    messages = raised.value.messages
    assert "broken.yaml: pfa_areas entry 1: code 'Employment' may use only lowercase letters, " \
           "digits and _." in messages
    assert "broken.yaml: pfa_areas entry 2 needs a code and a label." in messages
    assert "broken.yaml: each rating needs a different score." in messages
