"""`manage.py seed_scale`: a realistic service at a small size, made once, refused where demo
data is not allowed."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from actionplans.models import Action, ActionPlan
from assessments.models import Assessment, Response
from core.periods import academic_year, is_open_period, previous_period
from organisations.models import Commissioning, Membership, Organisation
from visits import workflow as visit_workflow
from visits.models import (
    Concern,
    ConcernDecision,
    Visit,
    VisitAnswer,
    VisitDetail,
    VisitJudgement,
    VisitTeamMember,
)

SCALE = {"providers": 6, "years": 2}


@pytest.fixture
def seeded(db, frameworks):
    out = io.StringIO()
    call_command("seed_scale", stdout=out, **SCALE)
    return out.getvalue()


def scale_providers():
    return Organisation.objects.filter(slug__startswith="scale-provider-")


def test_seed_scale_makes_providers_of_every_type_each_with_an_active_commissioner(seeded):
    providers = scale_providers()
    assert providers.count() == 6
    assert set(providers.values_list("provider_type", flat=True)) == set(
        Organisation.ProviderType.values)
    for provider in providers:
        assert provider.commissioned_by.filter(status=Commissioning.Status.ACTIVE).exists()
    kinds = set(Commissioning.objects.filter(provider__in=providers)
                .values_list("commissioner__kind", flat=True))
    assert kinds == {Organisation.Kind.LOCAL_AUTHORITY, Organisation.Kind.PARTNERSHIP}
    roles = set(Membership.objects.filter(organisation__slug__startswith="scale-")
                .values_list("role", flat=True))
    # Every role but a school's or trust's AP commissioner: the scale data's commissioners are
    # local authorities and partnerships (the demo has a school).
    assert roles == set(Membership.Role.values) - {Membership.Role.AP_COMMISSIONER}


def test_seed_scale_makes_self_assessments_where_each_framework_applies(seeded, frameworks):
    for provider in scale_providers():
        slugs = set(provider.assessments.values_list("framework_slug", flat=True))
        expected = {f.slug for f in frameworks.values()
                    if f.kind != "qa_visit" and f.applies_to_provider_type(provider.provider_type)}
        assert slugs == expected
    own = Assessment.objects.filter(provider__in=scale_providers())
    assert own.filter(state="submitted").count() > own.filter(state="draft").count() > 0
    assert own.filter(state="draft", shared_with_commissioners=True).exists()
    for assessment in own.filter(state="submitted"):
        assert not assessment.responses.filter(level=None).exists()
        assert list(assessment.history.order_by("history_date").values_list("state", flat=True)) \
            == ["draft", "submitted"]


def test_seed_scale_makes_no_self_assessment_for_a_year_not_begun(seeded):
    """The same rule the start and submit services keep (``periods.is_open_period``)."""
    today = timezone.localdate()
    periods = set(Assessment.objects.filter(provider__in=scale_providers())
                  .values_list("period", flat=True))
    assert periods == {academic_year(today), previous_period(academic_year(today))}
    assert all(is_open_period(period, today) for period in periods)


def test_seed_scale_makes_visits_in_every_state_with_history_that_agrees(seeded):
    visits = Visit.objects.filter(provider__in=scale_providers())
    assert set(visits.values_list("state", flat=True)) == set(visit_workflow.STATES)
    assert VisitDetail.objects.filter(visit__in=visits).count() == visits.count()
    for visit in visits:
        assert VisitTeamMember.objects.filter(visit=visit, kind="officer").exists()
        states = list(visit.history.order_by("history_date").values_list("state", flat=True))
        assert states[0] == "preparing" and states[-1] == visit.state
        judged = VisitJudgement.objects.filter(visit=visit, level__isnull=False).count()
        if visit.state in {"visit_recorded", "judgements_shared", "final"}:
            assert judged == visit.judgements.count() > 0
            assert not VisitAnswer.objects.filter(visit=visit, level=None).exists()
        elif visit.state in {"preparing", "shared_with_provider"}:
            assert judged == 0
    withdrawn = visits.filter(state="withdrawn")
    assert withdrawn.exists()
    assert all(visit_workflow.ever_shared_with_provider(v) == ("shared_with_provider" in set(
        v.history.values_list("state", flat=True))) for v in withdrawn)


def test_seed_scale_raises_concerns_on_red_key_sections_and_records_decisions(seeded):
    concerns = Concern.objects.filter(provider__in=scale_providers())
    assert concerns.exists()
    for concern in concerns:
        judgement = VisitJudgement.objects.get(visit=concern.visit, section=concern.section)
        assert judgement.level.colour == "red"
        assert concern.visit.commissioner_id == concern.partnership_id
    decided = concerns.filter(status=Concern.Status.DECIDED)
    assert decided.exists()
    assert ConcernDecision.objects.filter(concern__in=decided).count() == decided.count()


def test_seed_scale_makes_action_plans_with_overdue_actions(seeded):
    plans = ActionPlan.objects.filter(provider__in=scale_providers())
    assert plans.exists()
    actions = Action.objects.filter(plan__in=plans)
    assert actions.overdue().exists()
    assert actions.filter(status=Action.Status.DONE).exists()
    assert actions.filter(source_visit__isnull=False).exists()
    assert actions.filter(source_assessment__isnull=False).exists()
    assert not actions.filter(source_visit__isnull=False, source_assessment__isnull=False).exists()


def test_seed_scale_prints_counts_and_time_and_makes_nothing_twice(seeded):
    assert "assessments:" in seeded and "responses:" in seeded and "concerns:" in seeded
    assert " s." in seeded
    before = {m: m.objects.count() for m in (Organisation, Commissioning, Assessment, Response,
                                             Visit, VisitAnswer, Concern, Action)}
    again = io.StringIO()
    call_command("seed_scale", stdout=again, **SCALE)
    assert {m: m.objects.count() for m in before} == before
    assert "responses: 0 (" in again.getvalue()


def test_seed_scale_refuses_where_demo_data_is_not_allowed(db, settings):
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="Scale data is not allowed"):
        call_command("seed_scale", providers=1, years=1)
    assert not Organisation.objects.exists()
