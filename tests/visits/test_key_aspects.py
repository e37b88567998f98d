"""Which sections of the QA visit record are key aspects, where a Red judgement is a cause for
concern: the framework file's, by version, and any the partnership adds for a visit."""
import pytest

from frameworks.models import Framework
from visits.models import Concern

from .helpers import recorded_visit

pytestmark = pytest.mark.django_db


def test_learner_progress_is_a_key_aspect_of_the_visit_record_as_quality_of_provision(
        world, frameworks):
    """Step 7: "a cause for concern in any key aspect of safeguarding, health and safety and
    quality of provision": version 2 of the visit record makes Learner Progress key, from its
    file; a visit on version 1 keeps version 1's (Learner Safety only)."""
    assert frameworks["leics-ap-visit"].version == "2"
    visit = recorded_visit(world, frameworks, judgements={"2": "red"})
    concern = Concern.objects.get()
    assert (concern.visit, concern.section.title, concern.basis) == (
        visit, "Learner Progress", "key_aspect")
    from visits import rag_rules

    def key_codes(framework):
        return {s.code for s in framework.sections.all() if rag_rules.is_key_section(
            section_code=s.code, key_aspect=s.key_aspect,
            key_sections=framework.scoring_parameters["key_sections"])}

    assert key_codes(Framework.objects.get(slug="leics-ap-visit", version="1")) == {"1"}
    assert key_codes(frameworks["leics-ap-visit"]) == {"1", "2"}
