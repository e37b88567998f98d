"""What a provider says beside its ratings (issue 27): the SI QAF cohort's figures against the
framework's 70% (a rule from the framework file), and the narrative and strengths, entered by
the provider on its draft and read by its commissioners on every page, the PDF, the review,
the dashboard (a column and a "below 70%" filter), the profile and the trends."""
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments import cohort
from assessments.models import Assessment, CohortResult, Narrative
from assessments.narrative import cohort_save, narrative_save
from organisations.models import Organisation
from tests.factories import CommissioningFactory, ProviderFactory

from ..reports.conftest import pdf_text

pytestmark = pytest.mark.django_db
RIVERSIDE = {"started": "8", "completed": "7", "employed": "6", "employed_qualifying": "5",
             "sustained": "", "follow_up_months": "6"}


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def submitted(assessment) -> Assessment:
    Assessment.objects.filter(pk=assessment.pk).update(
        state=Assessment.State.SUBMITTED, submitted_at=timezone.now())
    return Assessment.objects.get(pk=assessment.pk)


@pytest.mark.parametrize(("qualifying", "completed", "rate", "met"), [
    (5, 7, 71, True), (7, 10, 70, True), (139, 200, 70, False), (0, 3, 0, False)])
def test_the_rate_is_of_those_who_completed_and_meets_the_target_exactly(
        qualifying, completed, rate, met):
    figures = cohort.Figures(started=completed, completed=completed, employed=qualifying,
                             employed_qualifying=qualifying, sustained=None,
                             follow_up_months=6, target=70, minimum_hours=16)
    assert (figures.rate, figures.meets_target) == (rate, met)


def test_nobody_completed_has_no_rate():
    figures = cohort.Figures(3, 0, 0, 0, None, 6, 70, 16)
    assert figures.rate is None and figures.meets_target is None
    assert "nobody completed" in figures.rate_text


def test_the_database_form_of_the_rule_agrees(world, start):
    rows = {}
    for i, (qualifying, completed) in enumerate([(5, 7), (7, 10), (139, 200), (0, 3), (0, 0)]):
        provider = ProviderFactory(slug=f"si-{i}", provider_type=world.provider.provider_type)
        assessment = Assessment.objects.create(
            framework=start().framework, framework_slug="si-qaf", kind="self_assessment",
            provider=provider, period="2024/25", state="draft",
            created_by=world.users["provider_lead"])
        rows[assessment.pk] = CohortResult.objects.create(
            assessment=assessment, started=completed, completed=completed, employed=qualifying,
            employed_qualifying=qualifying, updated_by=world.users["provider_lead"])
    below = set(CohortResult.objects.filter(cohort.below_target(70))
                .values_list("assessment_id", flat=True))
    assert below == {pk for pk, row in rows.items()
                     if row.completed and not cohort.meets(row.employed_qualifying,
                                                          row.completed, 70)}
    assert len(below) == 2


def test_the_lead_enters_the_cohort_and_sees_the_rate_against_70(world, start, client_for):
    assessment = start()
    client = client_for(world.users["provider_lead"])
    page = client.get(reverse("assessments:cohort", args=[assessment.pk]))
    assert "reach 70% or above" in text(page) and "16 hours a week or more" in text(page)
    response = client.post(reverse("assessments:cohort", args=[assessment.pk]), RIVERSIDE)
    assert response.status_code == 302
    overview = text(client.get(assessment.get_absolute_url()))
    assert "71% (5 of 7 who completed), against the framework's 70%: met" in overview
    assert "Still employed after 6 months Not yet known" in overview
    row = CohortResult.objects.get(assessment=assessment)
    assert (row.started, row.completed, row.employed_qualifying, row.sustained) == (8, 7, 5, None)
    assert row.history.count() == 1


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"completed": "9"}, "completed",
     "The number of interns who completed cannot be more than the number of interns who "
     "started (8)."),
    ({"employed_qualifying": "7"}, "employed_qualifying",
     "The number of interns in qualifying work cannot be more than the number of interns in "
     "paid employment (6)."),
    ({"started": ""}, "started", "Enter the number of interns who started, 0 if none."),
    ({"started": "eight"}, "started",
     "The number of interns who started must be a whole number, like 8."),
    ({"started": "99999999999999999999"}, "started",
     "The number of interns who started must be between 0 and 100,000."),
    ({"employed": "-1"}, "employed",
     "The number of interns in paid employment must be between 0 and 100,000."),
    ({"started": "8\x00"}, "started",
     "The number of interns who started must be a whole number, like 8."),
    ({"follow_up_months": "0"}, "follow_up_months",
     "The follow-up point must be between 1 and 36 months."),
], ids=["completed-over-started", "qualifying-over-employed", "missing", "words", "huge",
        "negative", "nul", "follow-up"])
def test_bad_figures_are_refused_beside_the_field_and_nothing_is_saved(
        world, start, client_for, changes, field, message):
    assessment = start()
    client = client_for(world.users["provider_lead"])
    response = client.post(reverse("assessments:cohort", args=[assessment.pk]),
                           {**RIVERSIDE, **changes})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not CohortResult.objects.filter(assessment=assessment).exists()


def test_only_the_providers_people_change_a_draft(world, start, client_for):
    assessment = start()
    url = reverse("assessments:cohort", args=[assessment.pk])
    assert client_for(world.users["la_commissioner"]).post(url, RIVERSIDE).status_code == 404
    Assessment.objects.filter(pk=assessment.pk).update(shared_with_commissioners=True)
    assert client_for(world.users["la_commissioner"]).post(url, RIVERSIDE).status_code == 403
    assert client_for(world.users["other_provider_lead"]).get(url).status_code == 404
    submitted(assessment)
    assert client_for(world.users["provider_lead"]).post(url, RIVERSIDE).status_code == 403
    assert not CohortResult.objects.exists()


def test_a_framework_without_cohort_targets_has_no_cohort_page(world, start, client_for):
    world.provider.provider_type = Organisation.ProviderType.AP_SCHOOL
    world.provider.save()
    assessment = start("integrated-ap-benchmarks")
    client = client_for(world.users["provider_lead"])
    assert client.get(reverse("assessments:cohort", args=[assessment.pk])).status_code == 404
    assert "Cohort figures" not in text(client.get(assessment.get_absolute_url()))


def test_narrative_and_strengths_for_the_whole_and_a_section(world, start, client_for):
    assessment = start()
    section = assessment.framework.sections.get(code="6")
    client = client_for(world.users["provider_lead"])
    url = reverse("assessments:narrative", args=[assessment.pk])
    response = client.post(url, {"strengths_all": "Five of seven in paid work.",
                                 "narrative_all": "A year of new employers.",
                                 f"strengths_{section.pk}": "Above 70% again."})
    assert response.status_code == 302
    overview = text(client.get(assessment.get_absolute_url()))
    assert "The whole self-assessment Strengths to celebrate Five of seven in paid work." in overview
    assert "6. Results Strengths to celebrate Above 70% again." in overview
    assert Narrative.objects.filter(assessment=assessment).count() == 2
    # Saving the same again writes nothing new to the history.
    client.post(url, {"strengths_all": "Five of seven in paid work.",
                      "narrative_all": "A year of new employers.",
                      f"strengths_{section.pk}": "Above 70% again."})
    assert sum(n.history.count() for n in Narrative.objects.all()) == 2


def test_too_long_a_narrative_is_refused_beside_it(world, start, client_for):
    assessment = start()
    response = client_for(world.users["provider_lead"]).post(
        reverse("assessments:narrative", args=[assessment.pk]), {"narrative_all": "x" * 10_001})
    assert response.context["form"].errors["narrative_all"] == [
        "Narrative must be 10,000 characters or fewer."]
    assert not Narrative.objects.exists()


def test_the_service_refuses_a_section_of_another_framework(world, start, frameworks):
    from django.core.exceptions import ValidationError

    assessment = start()
    other = frameworks["leics-ap-visit"].sections.first()
    with pytest.raises(ValidationError):
        narrative_save(assessment=assessment, by=world.users["provider_lead"],
                       texts={other.pk: ("a", "b")})


def entered(world, assessment, **figures):
    cohort_save(assessment=assessment, by=world.users["provider_lead"],
                **{**{k: int(v) if v else None for k, v in RIVERSIDE.items()}, **figures})
    narrative_save(assessment=assessment, by=world.users["provider_lead"],
                   texts={None: ("The year's story.", "What we celebrate.")})


def test_the_commissioner_reads_them_on_the_summary_pdf_and_profile(world, start, client_for):
    assessment = start(period="2024/25")
    entered(world, assessment)
    assessment = submitted(assessment)
    client = client_for(world.users["la_commissioner"])
    summary = text(client.get(reverse("assessments:summary", args=[assessment.pk])))
    assert "71% (5 of 7 who completed)" in summary and "What we celebrate." in summary
    pdf = pdf_text(client.get(reverse("reports:assessment_pdf", args=[assessment.pk])).content)
    assert "Interns who started 8" in pdf and "Employment rate: 71% (5 of 7 who completed)" in pdf
    assert "The year's story." in pdf and "What we celebrate." in pdf
    profile = text(client.get(reverse("dashboards:provider_profile",
                                      args=[world.provider.slug])))
    assert "Cohort into work (target 70%)" in profile and "71% 5 of 7 who completed" in profile


def test_the_dashboard_filter_below_70_leaves_out_a_cohort_at_71(world, start, client_for,
                                                                  frameworks):
    riverside = start(period="2024/25")
    entered(world, riverside)
    submitted(riverside)
    low = ProviderFactory(name="Lowfield College", slug="lowfield",
                          provider_type=world.provider.provider_type)
    CommissioningFactory(commissioner=world.la, provider=low)
    from assessments.services import assessment_start
    from tests.factories import MembershipFactory, UserFactory

    lead = UserFactory(email="lead@lowfield.test")
    MembershipFactory(user=lead, organisation=low, role="provider_lead")
    theirs, _ = assessment_start(provider=low, framework=frameworks["si-qaf"], period="2024/25",
                                 by=lead)
    cohort_save(assessment=theirs, by=lead, started=10, completed=10, employed=6,
                employed_qualifying=6, sustained=None, follow_up_months=6)
    submitted(theirs)
    client = client_for(world.users["la_commissioner"])
    everyone = text(client.get(reverse("dashboards:providers")))
    assert "cohort into work (target 70%)" in everyone
    assert "71% 5 of 7 who completed" in everyone and "60% 6 of 10 who completed, below 70%" in everyone
    below = client.get(reverse("dashboards:providers") + "?cohort=si-qaf")
    shown = text(below)
    assert "Lowfield College" in shown and "Riverside College" not in shown
    assert "Supported Internship Quality Assurance Framework: employment rate below 70%" in shown
    csv = client.get(reverse("dashboards:providers_csv") + "?cohort=si-qaf").content.decode()
    assert "Lowfield College" in csv and "Riverside College" not in csv and "60%" in csv
    trends = text(client.get(reverse("dashboards:trends")))
    assert "Cohorts into work" in trends and "Met the 70% target" in trends


def test_one_narrative_for_the_whole_and_one_per_section_on_either_database(world, start):
    from django.db import IntegrityError, transaction

    assessment = start()
    section = assessment.framework.sections.first()
    lead = world.users["provider_lead"]
    for section_or_none in (None, section):
        Narrative.objects.create(assessment=assessment, section=section_or_none, narrative="a",
                                 updated_by=lead)
        with pytest.raises(IntegrityError), transaction.atomic():
            Narrative.objects.create(assessment=assessment, section=section_or_none,
                                     narrative="b", updated_by=lead)
