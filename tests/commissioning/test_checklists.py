"""The due-diligence checklist is data, versioned like a framework: read and checked with file
and line, loaded by ``load_frameworks``, never changed once loaded (issue 28)."""
import pytest
from django.conf import settings

from commissioning.checklists import checklist_load, current_checklist, parse_checklist
from commissioning.models import Checklist, ChecklistItem
from frameworks.loader import FrameworkFileError

pytestmark = pytest.mark.django_db
SHIPPED = settings.BASE_DIR / "fixtures" / "checklists" / "due-diligence-1.yaml"
TINY = """\
slug: tiny-checks
version: "1"
name: Tiny checklist
source: A test.
groups:
  - code: policies
    title: Policies in place
items:
  - code: safeguarding
    group: policies
    text: A safeguarding policy.
    source: 'Islington: "all the right policies in place"'
"""


def problems(text: str) -> list[str]:
    with pytest.raises(FrameworkFileError) as caught:
        parse_checklist(text, filename="tiny-checks-1.yaml")
    return caught.value.messages


def test_the_shipped_checklist_is_loaded_with_every_item_saying_where_it_comes_from():
    checklist = current_checklist()
    assert (checklist.slug, checklist.version) == ("due-diligence", "1")
    items = list(checklist.items.all())
    assert len(items) == 13 and all(item.source for item in items)
    codes = {item.code for item in items}
    assert {"safeguarding-policy", "behaviour-policy", "send-policy", "health-safety-policy",
            "complaints-policy", "risk-assessment", "staff-qualifications", "dbs-checks",
            "insurance", "registration"} <= codes
    assert "Policies in place" in {item.group for item in items}


def test_loading_again_is_unchanged_and_a_changed_version_is_refused(tmp_path):
    before = ChecklistItem.objects.count()
    assert checklist_load(SHIPPED) == "unchanged checklist due-diligence 1: 13 items"
    changed = tmp_path / "due-diligence-1.yaml"
    changed.write_text(SHIPPED.read_text().replace("A complaints policy", "A complaint policy"))
    with pytest.raises(FrameworkFileError) as caught:
        checklist_load(changed)
    assert "already loaded with different content" in caught.value.messages[0]
    assert ChecklistItem.objects.count() == before


def test_a_new_file_loads_and_a_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "tiny-checks-1.yaml"
    path.write_text(TINY)
    assert checklist_load(path, dry_run=True) == "would create checklist tiny-checks 1: 1 items"
    assert not Checklist.objects.filter(slug="tiny-checks").exists()
    assert checklist_load(path) == "created checklist tiny-checks 1: 1 items"
    assert current_checklist().slug == "tiny-checks"


@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("    group: policies\n    text", "    group: policy\n    text", 10,
     "item safeguarding: 'group' names group 'policy', which is not defined under 'groups' "
     "(policies)"),
    ("    text: A safeguarding policy.\n", "", 9, "item safeguarding: 'text' is required"),
    ('version: "1"', "version: 1", 2,
     "'version' must be text, not a number (1) (put it in quotes: \"1\")"),
    ("    source: 'Islington", "    sauce: 'Islington", 12,
     "item safeguarding: unknown field 'sauce' (did you mean 'source'?)"),
], ids=["unknown-group", "no-text", "unquoted-version", "misspelt-field"])
def test_a_bad_file_is_refused_naming_the_file_and_line(old, new, line, message):
    assert old in TINY
    found = problems(TINY.replace(old, new))
    assert f"tiny-checks-1.yaml, line {line}: {message}" in found, found


def test_a_file_that_is_not_yaml_names_its_line():
    found = problems(TINY + "  - code: [unclosed\n")
    assert found[0].startswith("tiny-checks-1.yaml, line ")
