"""Self-assessment rules through services and pages: start, save, conflicts, submit, lock,
reopen, visibility to commissioners, history."""
import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import escape

from actionplans.services import stage2_action_create
from assessments import services
from assessments.models import Assessment
from frameworks.models import Section
from organisations.models import Membership, Organisation
from tests.factories import MembershipFactory, ProviderFactory, UserFactory

from .conftest import rate, si_ratings

FUTURE = datetime.date.today() + datetime.timedelta(days=90)


def add_action(assessment, by, section_code):
    section = Section.objects.get(framework=assessment.framework, code=section_code)
    return stage2_action_create(
        assessment=assessment, by=by, section=section, area=section.title,
        smart_action="Train two more job coaches in systematic instruction by March.",
        due_date=FUTURE, owner="Head of Supported Internships",
        success_measure="Both coaches certified; observed sessions rated good.")


def test_start_creates_a_response_for_every_criterion(start):
    assessment = start("si-qaf")
    assert assessment.state == "draft"
    assert assessment.responses.count() == 36
    assert not assessment.responses.exclude(level=None).exists()


def test_starting_again_opens_the_existing_one(world, frameworks, start):
    first = start("si-qaf")
    again, created = services.assessment_start(
        provider=world.provider, framework=frameworks["si-qaf"], period="2025/26",
        by=world.users["provider_staff"])
    assert (again, created) == (first, False)
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize("role", ["la_commissioner", "partnership_officer", "other_provider_lead"])
def test_only_the_providers_own_people_can_start(world, frameworks, role):
    with pytest.raises(PermissionDenied):
        services.assessment_start(provider=world.provider, framework=frameworks["si-qaf"],
                                  period="2025/26", by=world.users[role])
    assert not Assessment.objects.exists()


@pytest.fixture
def beacon_lead(db):
    """The lead of Beacon Academy PRU, an AP school (as in the demo)."""
    beacon = ProviderFactory(name="Beacon Academy PRU", slug="beacon-academy",
                             provider_type=Organisation.ProviderType.AP_SCHOOL)
    lead = UserFactory(email="lead@beacon.test")
    MembershipFactory(user=lead, organisation=beacon, role=Membership.Role.PROVIDER_LEAD)
    return lead


def test_the_si_qaf_is_not_offered_to_an_ap_school(beacon_lead, frameworks, client_for):
    html = client_for(beacon_lead).get(reverse("assessments:start")).content.decode()
    assert "IntegratED AP Quality Benchmark Toolkit (version 1)" in html
    assert "Supported Internship Quality Assurance Framework" not in html
    assert f'value="{frameworks["si-qaf"].pk}"' not in html


def test_a_forged_start_of_the_si_qaf_by_an_ap_school_is_refused_beside_the_field(
        beacon_lead, frameworks, client_for):
    page = client_for(beacon_lead).post(reverse("assessments:start"), {
        "framework": frameworks["si-qaf"].pk, "period": "2025/26"})
    html = page.content.decode()
    message = services.NOT_FOR_PROVIDER.format(
        framework="Supported Internship Quality Assurance Framework",
        provider="Beacon Academy PRU", provider_type="AP school or pupil referral unit")
    assert page.status_code == 200
    assert ('<p id="id_framework-error" class="govuk-error-message"><span '
            f'class="govuk-visually-hidden">Error:</span> {message}</p>') in html
    assert not Assessment.objects.exists()


def test_an_ap_school_starts_the_integrated_benchmarks_from_the_start_page(
        beacon_lead, frameworks, client_for):
    page = client_for(beacon_lead).post(reverse("assessments:start"), {
        "framework": frameworks["integrated-ap-benchmarks"].pk, "period": "2025/26"})
    assessment = Assessment.objects.get()
    assert page.status_code == 302 and page["Location"] == assessment.get_absolute_url()
    assert assessment.provider.name == "Beacon Academy PRU"


@pytest.mark.parametrize(("slug", "provider_type"), [
    ("si-qaf", "ap_school"), ("si-qaf", "independent_ap"),
    ("integrated-ap-benchmarks", "supported_internship"),
])
def test_the_start_service_refuses_a_framework_not_for_the_providers_type(
        world, frameworks, slug, provider_type):
    Organisation.objects.filter(pk=world.provider.pk).update(provider_type=provider_type)
    world.provider.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.assessment_start(provider=world.provider, framework=frameworks[slug],
                                  period="2025/26", by=world.users["provider_lead"])
    assert caught.value.message_dict["framework"] == [services.NOT_FOR_PROVIDER.format(
        framework=frameworks[slug].name, provider=world.provider.name,
        provider_type=world.provider.get_provider_type_display())]
    assert not Assessment.objects.exists()


def test_start_from_last_year_copies_evidence_and_resets_ratings(world, start):
    lead = world.users["provider_lead"]
    last = start("si-qaf", period="2024/25")
    rate(last, lead, default="evidenced", evidence="Job coach training log 2024")
    this = start("si-qaf", period="2025/26", from_last_year=True)
    responses = list(this.responses.all())
    assert all(r.evidence == "Job coach training log 2024" for r in responses)
    assert all(r.level_id is None for r in responses)
    assert all(r.carried_over for r in responses)
    assert this.carried_over_from == last
    # Saving an item marks it checked.
    first = this.responses.order_by("criterion__order").first()
    services.response_record(response=first, by=lead, expected_revision=first.revision,
                             level=None, evidence=first.evidence)
    first.refresh_from_db()
    assert first.carried_over is False


def test_start_from_last_year_without_one_says_so(world, frameworks):
    with pytest.raises(ValidationError, match="There is no Supported Internship"):
        services.assessment_start(provider=world.provider, framework=frameworks["si-qaf"],
                                  period="2025/26", by=world.users["provider_lead"],
                                  from_last_year=True)


def test_every_save_leaves_a_history_row_with_who_and_what(world, start, client_for):
    assessment = start("si-qaf")
    lead = world.users["provider_lead"]
    rate(assessment, lead, {"1.1": "evidenced"})
    rate(assessment, world.users["provider_staff"], {"1.1": "not_evidenced"})
    html = client_for(lead).get(reverse("assessments:history", args=[assessment.pk])).content.decode()
    assert "1.1 Rating" in html
    assert "Not yet rated" in html and "Evidenced" in html and "Not yet evidenced" in html
    assert escape(world.users["provider_staff"].display_name) in html  # a name may hold an apostrophe


def test_cannot_submit_until_every_criterion_is_rated(world, start):
    assessment = start("si-qaf")
    rate(assessment, world.users["provider_lead"], {"1.1": "evidenced"})
    with pytest.raises(ValidationError, match="Rate every criterion before you submit"):
        services.assessment_submit(assessment=assessment, by=world.users["provider_lead"])


def test_35_of_36_needs_an_action_for_the_section_below_6(world, start, client_for):
    lead = world.users["provider_lead"]
    assessment = start("si-qaf")
    rate(assessment, lead, si_ratings((6, 6, 6, 6, 6, 5)))
    with pytest.raises(ValidationError) as error:
        services.assessment_submit(assessment=assessment, by=lead)
    assert "Add a SMART action (area, action, when and who) for Results." in str(error.value)
    page = client_for(lead).post(reverse("assessments:submit", args=[assessment.pk]))
    assert page.status_code == 400
    assert "for Results." in page.content.decode()
    add_action(assessment, lead, "6")
    services.assessment_submit(assessment=assessment, by=lead)
    assessment.refresh_from_db()
    assert assessment.state == "submitted"
    assert assessment.submitted_by == lead and assessment.submitted_at


def test_36_of_36_submits_without_an_action_plan(world, start):
    lead = world.users["provider_lead"]
    assessment = start("si-qaf")
    rate(assessment, lead, default="evidenced")
    services.assessment_submit(assessment=assessment, by=lead)
    assert Assessment.objects.get(pk=assessment.pk).state == "submitted"


def test_an_action_in_another_section_does_not_count(world, start):
    lead = world.users["provider_lead"]
    assessment = start("si-qaf")
    rate(assessment, lead, si_ratings((6, 4, 6, 6, 6, 6)))
    add_action(assessment, lead, "1")
    with pytest.raises(ValidationError, match="for Planning"):
        services.assessment_submit(assessment=assessment, by=lead)


def test_provider_staff_cannot_submit(world, start):
    assessment = start("si-qaf")
    rate(assessment, world.users["provider_lead"], default="evidenced")
    with pytest.raises(PermissionDenied):
        services.assessment_submit(assessment=assessment, by=world.users["provider_staff"])


@pytest.fixture
def submitted(world, start):
    lead = world.users["provider_lead"]
    assessment = start("si-qaf")
    rate(assessment, lead, default="evidenced")
    services.assessment_submit(assessment=assessment, by=lead)
    assessment.refresh_from_db()
    return assessment


def test_submitted_is_read_only_through_the_services(world, submitted):
    lead = world.users["provider_lead"]
    response = submitted.responses.first()
    with pytest.raises(PermissionDenied, match="read-only"):
        services.response_record(response=response, by=lead, expected_revision=response.revision,
                                 level=None, evidence="changed")
    from django.core.files.uploadedfile import SimpleUploadedFile
    with pytest.raises(PermissionDenied):
        services.evidence_add(response=response, by=lead,
                              upload=SimpleUploadedFile("a.txt", b"late evidence"))
    response.refresh_from_db()
    assert response.evidence != "changed"


def test_submitted_is_read_only_through_the_pages(world, submitted, client_for):
    client = client_for(world.users["provider_lead"])
    response = submitted.responses.get(criterion__code="1.1")
    section = reverse("assessments:section", args=[submitted.pk, "1"])
    data = {f"c{response.pk}-evidence": "changed", f"c{response.pk}-revision": response.revision}
    assert client.post(section, data).status_code == 403
    save = reverse("assessments:criterion_save", args=[submitted.pk, response.pk])
    assert client.post(save, data, HTTP_HX_REQUEST="true").status_code == 403
    page = client.get(section).content.decode()
    assert "<textarea" not in page and 'type="radio"' not in page
    assert "has been submitted and is read-only" in page
    response.refresh_from_db()
    assert response.evidence != "changed"


def test_submitted_is_read_only_in_the_admin_for_non_superusers(world, submitted, client):
    from django.contrib.auth.models import Permission

    staff = world.users["admin"]
    staff.is_superuser = False
    staff.save()
    staff.user_permissions.set(Permission.objects.filter(
        content_type__app_label="assessments"))
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    response = submitted.responses.first()
    url = reverse("admin:assessments_response_change", args=[response.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="evidence"' not in page.content.decode()  # shown read-only
    client.post(url, {"evidence": "changed in admin"})
    response.refresh_from_db()
    assert response.evidence != "changed in admin"


def test_reopen_needs_the_lead_and_a_reason_and_history_keeps_both(world, submitted, client_for):
    staff_client = client_for(world.users["provider_staff"])
    url = reverse("assessments:reopen", args=[submitted.pk])
    assert staff_client.post(url, {"reason": "typo"}).status_code == 403
    lead_client = client_for(world.users["provider_lead"])
    page = lead_client.post(url, {"reason": "   "})
    assert "Give the reason for reopening this self-assessment." in page.content.decode()
    lead_client.post(url, {"reason": "Evidence for 2.3 was in the wrong place."})
    submitted.refresh_from_db()
    assert submitted.state == "draft"
    states = list(submitted.history.order_by("history_date").values_list("state", flat=True))
    assert states[-2:] == ["submitted", "draft"]
    history = lead_client.get(reverse("assessments:history", args=[submitted.pk])).content.decode()
    assert "Reopened: Evidence for 2.3 was in the wrong place." in history


def test_commissioners_never_see_a_draft_unless_it_is_shared(world, start, client_for):
    assessment = start("si-qaf")
    url = reverse("assessments:overview", args=[assessment.pk])
    commissioner = client_for(world.users["la_commissioner"])
    assert commissioner.get(url).status_code == 404
    assert "Riverside College" not in commissioner.get(reverse("assessments:list")).content.decode()
    services.assessment_share(assessment=assessment, by=world.users["provider_lead"], shared=True)
    assert commissioner.get(url).status_code == 200


def test_commissioners_see_a_submitted_assessment_read_only_with_scores(world, submitted,
                                                                        client_for):
    client = client_for(world.users["la_commissioner"])
    summary = client.get(reverse("assessments:summary", args=[submitted.pk])).content.decode()
    assert "Total score 36/36" in summary
    section = client.get(reverse("assessments:section", args=[submitted.pk, "1"])).content.decode()
    assert "<textarea" not in section
    assert client_for(world.users["other_la_commissioner"]).get(
        reverse("assessments:summary", args=[submitted.pk])).status_code == 404


def test_integrated_benchmarks_complete_submit_and_summarise(world, frameworks, client_for):
    # The benchmarks are for alternative provision: Hilltop AP, an independent AP.
    lead = world.users["other_provider_lead"]
    assessment, _ = services.assessment_start(
        provider=world.other_provider, framework=frameworks["integrated-ap-benchmarks"],
        period="2025/26", by=lead)
    ratings = {"3b": "developing", "7a": "not_in_place", "12c": "established"}
    rate(assessment, lead, ratings, default="embedded")
    services.assessment_submit(assessment=assessment, by=lead)
    html = client_for(world.users["other_la_commissioner"]).get(
        reverse("assessments:summary", args=[assessment.pk])).content.decode()
    for category in ("Community", "Curriculum", "Currency"):
        assert category in html
    assert "2 of 20 items are rated" in html
    assert "Summary: Not yet in place 0; Developing 1; Established 0; Embedded 6." in html
    assert "7a Literacy: Not yet in place" in html
    assert "portal’s default scale" in html


@pytest.mark.parametrize("answered", [0, 36])
def test_overview_and_section_queries_do_not_grow_with_answers(
        world, start, client_for, answered, django_assert_max_num_queries):
    assessment = start("si-qaf")
    if answered:
        rate(assessment, world.users["provider_lead"], default="evidenced")
    client = client_for(world.users["provider_lead"])
    # Measured: 13, 12 and 12 queries whether 0 or 36 criteria are answered (one spare each):
    # the overview and summary read the cohort figures, narrative and SAR and QIP beside the
    # ratings (three), and the overview last year's open actions (one).
    with django_assert_max_num_queries(14):
        overview = client.get(reverse("assessments:overview", args=[assessment.pk]))
    with django_assert_max_num_queries(13):
        section = client.get(reverse("assessments:section", args=[assessment.pk, "1"]))
    with django_assert_max_num_queries(13):
        summary = client.get(reverse("assessments:summary", args=[assessment.pk]))
    assert [overview.status_code, section.status_code, summary.status_code] == [200, 200, 200]
    assert f"{answered} of 36" in overview.content.decode()
    assert "1.1" in section.content.decode()
    assert f"<strong>{answered}/36</strong>" in summary.content.decode()


def test_the_list_pages_fifty_at_a_time_filters_by_year_and_keeps_queries_flat(
        world, frameworks, client_for, django_assert_max_num_queries):
    from django.core.management import call_command

    from organisations.models import Organisation
    from tests.factories import CommissioningFactory

    call_command("seed_scale", providers=30, years=2, stdout=__import__("io").StringIO())
    for provider in Organisation.objects.filter(slug__startswith="scale-provider-"):
        CommissioningFactory(commissioner=world.la, provider=provider)
    user = world.users["la_commissioner"]
    visible = Assessment.objects.visible_to(user)
    total = visible.count()
    assert total > 50
    client = client_for(user)
    with django_assert_max_num_queries(10):
        first = client.get(reverse("assessments:list")).content.decode()
    assert f"1 to 50 of {total}" in first
    # Each of the 50 rows counts its own rated criteria.
    assert len(re.findall(r'govuk-table__cell--numeric">\d+ of \d+</td>', first)) == 50
    second = client.get(reverse("assessments:list") + "?page=2").content.decode()
    assert f"51 to {total} of {total}" in second
    year = Assessment.objects.order_by("-period").values_list("period", flat=True).first()
    filtered = client.get(reverse("assessments:list"), {"year": year}).content.decode()
    assert f"Self-assessments you can see for {year}" in filtered
    assert filtered.count("govuk-table__row") == 1 + visible.filter(period=year).count()


def test_an_unstarted_draft_offers_continue_and_says_how_much_is_rated(world, start, client_for):
    assessment = start("si-qaf")
    html = client_for(world.users["provider_lead"]).get(assessment.get_absolute_url()).content.decode()
    assert "0 of 36 criteria rated." in html
    first = reverse("assessments:section", args=[assessment.pk, "1"])
    assert re.search(rf'<a href="{first}" role="button"[^>]*>Continue', html)
    assert reverse("assessments:submit", args=[assessment.pk]) not in html
    assert "Submit self-assessment" not in html and "Review and submit" not in html


def test_continue_goes_to_the_first_section_with_criteria_to_rate(world, start, client_for):
    lead = world.users["provider_lead"]
    assessment = start("si-qaf")
    rate(assessment, lead, si_ratings((6, 6)))  # sections 1 and 2 only
    html = client_for(lead).get(assessment.get_absolute_url()).content.decode()
    third = reverse("assessments:section", args=[assessment.pk, "3"])
    assert re.search(rf'<a href="{third}" role="button"[^>]*>Continue', html)


def test_a_complete_draft_that_needs_an_action_says_so_and_offers_no_submit(world, start, client_for):
    lead = world.users["provider_lead"]
    assessment = start("si-qaf")
    rate(assessment, lead, si_ratings((6, 6, 6, 6, 6, 5)))
    html = client_for(lead).get(assessment.get_absolute_url()).content.decode()
    assert "36 of 36 criteria rated." in html
    assert "for Results." in html
    assert "Review and submit" not in html and ">Continue" not in html


def test_a_draft_ready_to_submit_offers_review_and_submit_to_the_lead_only(world, start, client_for):
    lead = world.users["provider_lead"]
    assessment = start("si-qaf")
    rate(assessment, lead, si_ratings((6, 6, 6, 6, 6, 6)))
    submit = reverse("assessments:submit", args=[assessment.pk])
    html = client_for(lead).get(assessment.get_absolute_url()).content.decode()
    assert re.search(rf'<a href="{submit}" role="button"[^>]*>Review and submit</a>', html)
    staff_html = client_for(world.users["provider_staff"]).get(
        assessment.get_absolute_url()).content.decode()
    assert "Review and submit" not in staff_html and "Everything needed is in place." in staff_html
