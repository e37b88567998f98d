"""The row-page editor on a self-assessment's section page: saving every criterion, invalid
input kept as typed, the in-place save, and edit conflicts between two people."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Response


def test_a_second_save_from_a_stale_form_is_a_conflict_and_overwrites_nothing(world, start):
    assessment = start("si-qaf")
    response = assessment.responses.order_by("criterion__order").first()
    opened_at = response.revision  # both people open the page now
    services.response_record(response=response, by=world.users["provider_lead"],
                             expected_revision=opened_at, level=None, evidence="Lead's text")
    with pytest.raises(services.EditConflict) as conflict:
        services.response_record(response=response, by=world.users["provider_staff"],
                                 expected_revision=opened_at, level=None, evidence="Staff text")
    assert conflict.value.current.evidence == "Lead's text"
    response.refresh_from_db()
    assert response.evidence == "Lead's text"


def test_conflict_on_the_section_page_shows_the_other_persons_value_and_keeps_typing(
        world, start, client_for):
    assessment = start("si-qaf")
    response = assessment.responses.get(criterion__code="1.1")
    services.response_record(response=response, by=world.users["provider_lead"],
                             expected_revision=0, level=None, evidence="Lead saved this first")
    client = client_for(world.users["provider_staff"])
    url = reverse("assessments:section", args=[assessment.pk, "1"])
    data = {f"c{response.pk}-evidence": "Staff typed this", f"c{response.pk}-revision": "0"}
    page = client.post(url, data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "after you opened the page" in html
    assert ('<a href="#criterion-1.1">1.1: someone else saved this criterion after you opened '
            'the page.') in html  # the error summary links to the criterion
    assert 'id="criterion-1.1"' in html
    assert "Lead saved this first" in html  # their version
    assert "Staff typed this" in html  # what this user typed is still in the form
    response.refresh_from_db()
    assert response.evidence == "Lead saved this first"


def test_section_page_saves_every_criterion_and_moves_on(world, start, client_for):
    assessment = start("si-qaf")
    scale = {lv.code: lv for lv in assessment.framework.item_scale.levels.all()}
    responses = list(Response.objects.filter(assessment=assessment, criterion__section__code="1")
                     .order_by("criterion__order"))
    data = {"next": "next"}
    for r in responses:
        data[f"c{r.pk}-revision"] = r.revision
        data[f"c{r.pk}-level"] = scale["evidenced"].pk
        data[f"c{r.pk}-evidence"] = f"Evidence for {r.criterion.code}"
    page = client_for(world.users["provider_staff"]).post(
        reverse("assessments:section", args=[assessment.pk, "1"]), data)
    assert page.status_code == 302
    assert page["Location"] == reverse("assessments:section", args=[assessment.pk, "2"])
    assert Response.objects.filter(assessment=assessment, level=scale["evidenced"]).count() == 6


def test_invalid_rating_keeps_what_was_typed_and_saves_the_rest(world, start, client_for):
    assessment = start("si-qaf")
    r1, r2 = Response.objects.filter(
        assessment=assessment, criterion__section__code="1").order_by("criterion__order")[:2]
    data = {f"c{r1.pk}-revision": 0, f"c{r1.pk}-level": "999999",
            f"c{r1.pk}-evidence": "Typed for 1.1",
            f"c{r2.pk}-revision": 0, f"c{r2.pk}-evidence": "Typed for 1.2"}
    page = client_for(world.users["provider_lead"]).post(
        reverse("assessments:section", args=[assessment.pk, "1"]), data)
    html = page.content.decode()
    assert page.status_code == 200
    assert "1.1: Choose one of the ratings shown." in html
    assert "Typed for 1.1" in html
    r2.refresh_from_db()
    assert r2.evidence == "Typed for 1.2"


def test_in_place_save_returns_the_status_and_new_revision(world, start, client_for):
    assessment = start("si-qaf")
    response = assessment.responses.get(criterion__code="2.1")
    url = reverse("assessments:criterion_save", args=[assessment.pk, response.pk])
    client = client_for(world.users["provider_lead"])
    page = client.post(url, {f"c{response.pk}-evidence": "Saved in place",
                             f"c{response.pk}-revision": 0}, HTTP_HX_REQUEST="true")
    html = page.content.decode()
    assert 'data-saved="true"' in html and "Saved at" in html
    assert f'value="1" id="id_c{response.pk}-revision" hx-swap-oob="true"' in html
    other = client_for(world.users["provider_staff"])  # opened the page before that save
    stale = other.post(url, {f"c{response.pk}-evidence": "Stale",
                             f"c{response.pk}-revision": 0}, HTTP_HX_REQUEST="true")
    assert "Not saved" in stale.content.decode()
    response.refresh_from_db()
    assert response.evidence == "Saved in place"


def test_a_users_own_newer_save_is_not_a_conflict_but_someone_elses_in_between_is(world, start):
    lead, staff = world.users["provider_lead"], world.users["provider_staff"]
    assessment = start("si-qaf")
    response = assessment.responses.get(criterion__code="3.1")
    # The lead's in-place save lands while their page still holds revision 0.
    services.response_record(response=response, by=lead, expected_revision=0, level=None,
                             evidence="autosaved")
    services.response_record(response=response, by=lead, expected_revision=0, level=None,
                             evidence="the whole form")
    response.refresh_from_db()
    assert response.evidence == "the whole form"
    # Staff save in between: the lead's stale form is now a conflict.
    services.response_record(response=response, by=staff, expected_revision=response.revision,
                             level=None, evidence="staff change")
    with pytest.raises(services.EditConflict):
        services.response_record(response=response, by=lead, expected_revision=0, level=None,
                                 evidence="stale")


def test_an_in_place_save_answers_with_the_revision_it_wrote_not_a_later_one(
        world, start, client, monkeypatch):
    """Someone else saves the row just after this save commits, before the answer is built:
    the page must get this save's revision, so its next save is a conflict instead of quietly
    replacing theirs."""
    lead, staff = world.users["provider_lead"], world.users["provider_staff"]
    assessment = start("si-qaf")
    response = assessment.responses.get(criterion__code="2.1")
    record = services.response_record

    def then_someone_else_saves(**kwargs):
        mine = record(**kwargs)
        record(response=mine, by=staff, expected_revision=mine.revision, level=None,
               evidence="Staff's evidence, saved a moment later")
        return mine

    monkeypatch.setattr(services, "response_record", then_someone_else_saves)
    client.force_login(lead, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("assessments:criterion_save", args=[assessment.pk, response.pk])
    page = client.post(url, {f"c{response.pk}-evidence": "Lead's evidence",
                             f"c{response.pk}-revision": 0}, HTTP_HX_REQUEST="true")
    assert f'value="1" id="id_c{response.pk}-revision"' in page.content.decode()
    monkeypatch.undo()
    again = client.post(url, {f"c{response.pk}-evidence": "Lead's second thoughts",
                              f"c{response.pk}-revision": 1}, HTTP_HX_REQUEST="true")
    assert again.status_code == 409
    response.refresh_from_db()
    assert response.evidence == "Staff's evidence, saved a moment later"
