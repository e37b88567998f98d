"""Every row editor's edit-conflict check holds for any posted revision: a revision the row
never had (above its current one: crafted, or 30 digits long) is a conflict that writes
nothing, never a save that skips the check. The self-assessment's criteria, the review's
items and the QA visit's provider evidence, observer notes and section judgements each go
through it, on SQLite and on PostgreSQL."""
from dataclasses import dataclass

import pytest
from django.urls import reverse

from assessments import services
from reviews import services as review_services
from reviews.models import ReviewItem
from tests.reviews.conftest import submitted  # noqa: F401  (the fixture)
from tests.visits.helpers import NARRATIVE, scale, shared_visit
from visits import services as visit_services
from visits.models import VisitJudgement

THIRTY_DIGITS = "9" * 30


@dataclass
class Editor:
    save: object  # (row, by, expected_revision, text) -> the saved row; raises on a conflict
    row: object  # the row, saved once by someone else (revision 1)
    by: object  # the person saving from a crafted page
    text: object  # (row) -> the text this editor writes


def _self_assessment(world, start, **_):
    assessment = start("si-qaf")
    row = assessment.responses.get(criterion__code="1.1")

    def save(row, by, revision, text):
        return services.response_record(response=row, by=by, expected_revision=revision,
                                        level=None, evidence=text)
    save(row, world.users["provider_lead"], 0, "The lead's evidence")
    row.refresh_from_db()
    return Editor(save, row, world.users["provider_staff"], lambda r: r.evidence)


def _review_item(world, submitted, **_):  # noqa: F811
    commissioner = world.users["la_commissioner"]
    review = review_services.review_start(assessment=submitted, organisation=world.la,
                                          by=commissioner)
    row = ReviewItem.objects.get(review=review, response__criterion__code="1.1")

    def save(row, by, revision, text):
        return review_services.item_record(item=row, by=by, expected_revision=revision,
                                           agrees=True, level=None, comment=text,
                                           internal_note="")
    from organisations.models import Membership
    colleague = world.users["partnership_officer"]
    Membership.objects.create(user=colleague, organisation=world.la,
                              role=Membership.Role.LA_COMMISSIONER)
    save(row, colleague, 0, "The colleague's comment")
    row.refresh_from_db()
    return Editor(save, row, commissioner, lambda r: r.comment)


def _second_officer(world):
    second = world.users["partnership_officer"].__class__.objects.create_user(
        "second@north.test", "pw")
    world.partnership.memberships.create(user=second, role="partnership_officer")
    return second


def _visit_evidence(world, frameworks, **_):
    visit = shared_visit(world, frameworks)
    row = visit.responses.get(criterion__code="1.2")

    def save(row, by, revision, text):
        return visit_services.provider_evidence_record(response=row, by=by,
                                                       expected_revision=revision, evidence=text)
    lead = world.users["provider_lead"]
    save(row, lead, row.revision, "The lead's evidence")
    row.refresh_from_db()
    staff = world.users["provider_staff"]
    return Editor(save, row, staff, lambda r: r.evidence)


def _visit_observations(world, frameworks, **_):
    visit = shared_visit(world, frameworks)
    row = visit.responses.get(criterion__code="1.2")
    green = scale(visit)["green"]

    def save(row, by, revision, text):
        return visit_services.requirement_record(
            response=row, by=by, expected_revision=revision, level=green, observer_notes=text,
            action_points="", internal_notes="")
    save(row, world.users["partnership_officer"], row.revision, "The first officer's notes")
    row.refresh_from_db()
    return Editor(save, row, _second_officer(world), lambda r: r.observer_notes)


def _visit_judgement(world, frameworks, **_):
    visit = shared_visit(world, frameworks)
    row = VisitJudgement.objects.get(visit=visit, section__code="2")
    green = scale(visit)["green"]

    def save(row, by, revision, text):
        return visit_services.visit_record_judgement(
            judgement=row, by=by, expected_revision=revision, level=green, narrative=text,
            follow_up_actions="", justification="")
    save(row, world.users["partnership_officer"], row.revision, NARRATIVE)
    row.refresh_from_db()
    return Editor(save, row, _second_officer(world), lambda r: r.narrative)


EDITORS = [_self_assessment, _review_item, _visit_evidence, _visit_observations,
           _visit_judgement]


@pytest.fixture(params=EDITORS, ids=lambda f: f.__name__.strip("_"))
def editor(request, world, frameworks):
    needs = {"world": world, "frameworks": frameworks}
    if request.param is _self_assessment:
        needs["start"] = request.getfixturevalue("start")
    if request.param is _review_item:
        needs["submitted"] = request.getfixturevalue("submitted")
    return request.param(**needs)


@pytest.mark.parametrize("crafted", ["next", "far", THIRTY_DIGITS, str(2**63), "-1"])
def test_a_revision_the_row_never_had_is_a_conflict_that_writes_nothing(editor, crafted):
    row = editor.row
    saved_text, saved_revision = editor.text(row), row.revision
    assert saved_revision >= 1
    revision = {"next": row.revision + 1, "far": row.revision + 1000}.get(crafted)
    revision = int(crafted) if revision is None else revision
    with pytest.raises(services.EditConflict) as conflict:
        editor.save(row, editor.by, revision, "Written over theirs")
    assert editor.text(conflict.value.current) == saved_text  # theirs, to show the user
    row.refresh_from_db()
    assert (editor.text(row), row.revision) == (saved_text, saved_revision)


def test_the_revision_the_row_has_still_saves(editor):
    row = editor.row
    saved = editor.save(row, editor.by, row.revision, "Mine, on the latest")
    assert editor.text(saved) == "Mine, on the latest"


def test_a_review_section_posted_with_a_30_digit_revision_is_a_conflict_not_a_save(
        world, submitted, client_for):  # noqa: F811
    """The attack as it was made: the page's hidden revision replaced by a 30-digit number."""
    commissioner = world.users["la_commissioner"]
    review = review_services.review_start(assessment=submitted, organisation=world.la,
                                          by=commissioner)
    data = {"next": "stay"}
    for current in ReviewItem.objects.filter(review=review, response__criterion__section__code="1"):
        prefix = f"c{current.pk}"
        data.update({f"{prefix}-revision": current.revision, f"{prefix}-comment": "",
                     f"{prefix}-level": current.response.level_id, f"{prefix}-internal_note": ""})
    target = ReviewItem.objects.get(review=review, response__criterion__code="1.1")
    data[f"c{target.pk}-revision"] = THIRTY_DIGITS
    data[f"c{target.pk}-comment"] = "Saved without the check"
    response = client_for(commissioner).post(reverse("reviews:section", args=[review.pk, "1"]),
                                             data)
    assert response.status_code == 400
    assert "someone else saved this item after you opened the page" in response.content.decode()
    target.refresh_from_db()
    assert (target.comment, target.revision) == ("", 0)


def test_a_section_page_posted_with_a_30_digit_revision_is_a_conflict_not_a_save(
        world, start, client_for):
    assessment = start("si-qaf")
    row = assessment.responses.get(criterion__code="1.1")
    url = reverse("assessments:section", args=[assessment.pk, "1"])
    page = client_for(world.users["provider_staff"]).post(url, {
        f"c{row.pk}-evidence": "Saved without the check", f"c{row.pk}-revision": THIRTY_DIGITS})
    assert page.status_code == 200
    assert "after you opened the page" in page.content.decode()
    row.refresh_from_db()
    assert (row.evidence, row.revision) == ("", 0)
