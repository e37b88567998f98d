"""Fixtures for review tests: Riverside's SI QAF submitted at 34/36, and helpers that review
it through the services."""
import datetime

import pytest

from actionplans import services as action_services
from assessments import services as assessment_services
from frameworks.models import Section
from reviews import services
from reviews.models import ReviewItem
from tests.assessments.conftest import rate, si_ratings

SOON = datetime.date.today() + datetime.timedelta(days=30)


@pytest.fixture
def submitted(world, start):
    """Riverside's SI QAF 2025/26 submitted at 34/36: section 3 at 4/6, with the Stage 2
    action a total of 35 or below needs."""
    lead = world.users["provider_lead"]
    draft = start("si-qaf")
    rate(draft, lead, si_ratings((6, 6, 4, 6, 6, 6)))
    section = Section.objects.get(framework=draft.framework, code="3")
    action_services.stage2_action_create(
        assessment=draft, by=lead, section=section, area=section.title,
        smart_action="Job coaches carve two roles with the hospital by March.", due_date=SOON,
        owner="Lead job coach", success_measure="Two carved roles in use.")
    return assessment_services.assessment_submit(assessment=draft, by=lead)


def level(assessment, code):
    return assessment.framework.item_scale.levels.get(code=code)


def item(review, criterion_code) -> ReviewItem:
    return ReviewItem.objects.get(review=review, response__criterion__code=criterion_code)


def record(review, by, criterion_code, *, agrees=True, level=None, comment="",
           internal_note=""):
    current = item(review, criterion_code)
    return services.item_record(item=current, by=by, expected_revision=current.revision,
                                agrees=agrees, level=level, comment=comment,
                                internal_note=internal_note)


def agree_with_all(review, by):
    """Agree with every item not yet reviewed."""
    for current in ReviewItem.objects.filter(review=review, agrees__isnull=True):
        services.item_record(item=current, by=by, expected_revision=current.revision,
                             agrees=True, level=None, comment="", internal_note="")


@pytest.fixture
def integrated_submitted(world, frameworks):
    """Hilltop AP's IntegratED benchmark review for 2025/26, every benchmark rated embedded,
    submitted (Far Council commissions Hilltop)."""
    lead = world.users["other_provider_lead"]
    assessment, _ = assessment_services.assessment_start(
        provider=world.other_provider, framework=frameworks["integrated-ap-benchmarks"],
        period="2025/26", by=lead)
    rate(assessment, lead, default="embedded")
    return assessment_services.assessment_submit(assessment=assessment, by=lead)
