"""The scale data's reviews (``demo.scale_content`` calls ``reviews`` last for each chunk):
an LA's review of some of the chunk's submitted self-assessments, with its items, section
comments and history rows, as ``reviews.services`` would have written them."""
import datetime
import random

from django.utils import timezone

from assessments.models import Assessment
from reviews.models import Review, ReviewItem, ReviewSection

from .scale import email
from .scale_content import history_row
from .scale_sql import insert_objects, raw_insert

State = Assessment.State

# One in four of a provider's submitted self-assessments is reviewed by one of its LAs (which
# ones turns with the provider's number); the reviews' states follow the cycle, so even a few
# providers have each: mostly final, some shared, some draft.
REVIEW_EVERY = 4
REVIEW_CYCLE = [Review.State.FINAL, Review.State.SHARED, Review.State.FINAL, Review.State.DRAFT,
                Review.State.FINAL, Review.State.FINAL]



def _steps(*targets) -> list:
    """The times of a record's steps: each target, never after now, and each at least a
    second after the one before (so history rows keep their order)."""
    now = timezone.now()
    steps = []
    for target in targets:
        when = min(target, now)
        steps.append(when if not steps else max(when, steps[-1] + datetime.timedelta(seconds=1)))
    return steps


def reviews(ctx, work):
    """An LA's review of one in four submitted self-assessments (``REVIEW_EVERY``), as
    ``reviews.services`` would leave it: started after the submission with an item per
    response and a section row per section, items agreed but for a few disagreements at
    another level of the item scale (a draft has only its first items reviewed), shared, the
    provider's replies, finalised; each step with its history row."""
    reviews, plans = [], []
    for a in _reviewed(ctx, work):
        spec = work.specs[id(a)]
        las = ctx.la_links[a.provider_id]
        # Seeded by the provider, framework and year alone, not by ids: the same review
        # however much other data the database holds.
        rng = random.Random(f"{ctx.seed}/review/{spec['number']}/{a.framework_slug}/{a.period}")
        la_id, la = las[rng.randrange(len(las))]
        reviewer = ctx.users[email(la, rng.choice(["commissioner", "commissioner-2"]))]
        state = REVIEW_CYCLE[len(reviews) % len(REVIEW_CYCLE)]
        responds = state != Review.State.DRAFT and rng.random() < 0.6
        created, recorded, shared, responded, finalised = _steps(
            a.submitted_at + datetime.timedelta(days=rng.randint(2, 30), hours=-4),
            a.submitted_at + datetime.timedelta(days=rng.randint(31, 40)),
            a.submitted_at + datetime.timedelta(days=rng.randint(41, 50)),
            a.submitted_at + datetime.timedelta(days=rng.randint(51, 60)),
            a.submitted_at + datetime.timedelta(days=rng.randint(61, 90)))
        review = Review(
            assessment_id=a.pk, organisation_id=la_id, state=state,
            reviewed_submitted_at=a.submitted_at, created_by_id=reviewer, created_at=created,
            shared_at=shared if state != Review.State.DRAFT else None,
            finalised_at=finalised if state == Review.State.FINAL else None,
            provider_response=("Thank you: we have taken the points on board in our action plan."
                               if responds else ""))
        reviews.append(review)
        plans.append((review, spec, rng, reviewer, [created, recorded, shared, responded,
                                                       finalised]))
    insert_objects(Review, reviews)
    history, items, item_history, sections, section_history = [], [], [], [], []
    for review, spec, rng, reviewer, (created, recorded, shared, responded, finalised) in plans:
        history += _review_history(review, spec["by"], reviewer, created, shared, responded,
                                   finalised)
        made = _review_items(review, spec, rng, reviewer, created, recorded, responded)
        items += [item for item, _ in made]
        item_history += [(item, row) for item, rows in made for row in rows]
        for section in spec["fw"].sections:
            comment = (f"{section.title}: the evidence supports most ratings."
                       if rng.random() < 0.4 else "")
            row = ReviewSection(review_id=review.pk, section_id=section.pk, comment=comment,
                                updated_at=recorded if comment else created)
            sections.append(row)
            section_history.append((row, created, recorded, reviewer))
    raw_insert(Review.history.model, history)
    insert_objects(ReviewItem, items)
    raw_insert(ReviewItem.history.model, [history_row(item, **values) for item, values in item_history])
    insert_objects(ReviewSection, sections)
    rows = []
    for row, created, recorded, reviewer in section_history:
        rows.append(history_row(row, when=created, by=reviewer, comment="", updated_at=created))
        if row.comment:
            rows.append(history_row(row, when=recorded, by=reviewer, kind="~"))
    raw_insert(ReviewSection.history.model, rows)


def _reviewed(ctx, work) -> list:
    """The submitted self-assessments to review: a provider's ``j``-th (in framework and year
    order) when ``number + j`` is 3 in ``REVIEW_EVERY``: so the second provider's second,
    the first of the chunk's reviews and final, which the first LA's commissioners, the first
    partnership's officers and the second provider's lead (the ones ``make bench`` picks)
    all see at any size, and the third provider's first."""
    chosen, seen = [], {}
    for a in work.assessments:
        if a.state != State.SUBMITTED or not ctx.la_links.get(a.provider_id):
            continue
        number = work.specs[id(a)]["number"]
        j = seen[number] = seen.get(number, -1) + 1
        if (number + j) % REVIEW_EVERY == REVIEW_EVERY - 1:
            chosen.append(a)
    return chosen


def _review_history(review, lead, reviewer, created, shared, responded, finalised) -> list:
    """The review's rows as the services write them: started, shared, the provider's
    response, finalised."""
    blank = {"shared_at": None, "finalised_at": None, "provider_response": ""}
    rows = [history_row(review, when=created, by=reviewer, reason="Review started",
                        state=Review.State.DRAFT, **blank)]
    if review.state == Review.State.DRAFT:
        return rows
    rows.append(history_row(review, when=shared, by=reviewer, kind="~",
                            reason="Shared with the provider", state=Review.State.SHARED,
                            **{**blank, "shared_at": review.shared_at}))
    if review.provider_response:
        rows.append(history_row(review, when=responded, by=lead, kind="~",
                                reason="Provider responded", state=Review.State.SHARED,
                                finalised_at=None))
    if review.state == Review.State.FINAL:
        rows.append(history_row(review, when=finalised, by=reviewer, kind="~", reason="Finalised"))
    return rows


def _review_items(review, spec, rng, reviewer, created, recorded, responded) -> list:
    """(item, [history values]) per response: agreed, but for 0-4 disagreements at a
    neighbouring level of the item scale with a comment (a draft: only its first items
    reviewed); the provider lead's reply to disagreements once the provider has responded."""
    fw = spec["fw"]
    levels = list(fw.levels.values())  # the item scale, in order
    criteria = fw.criteria
    reviewed = (len(criteria) if review.state != Review.State.DRAFT
                else round(rng.uniform(0.3, 0.9) * len(criteria)))
    disagree = set(rng.sample(range(reviewed), min(reviewed, rng.choice([0, 1, 1, 2, 2, 3, 4]))))
    made = []
    for position, criterion in enumerate(criteria):
        own = spec["ratings"].get(criterion.pk)
        item = ReviewItem(review_id=review.pk, response_id=spec["response_ids"][criterion.pk],
                          updated_by_id=reviewer, updated_at=created)
        rows = [{"when": created, "by": reviewer}]
        if position < reviewed:
            item.agrees, item.revision, item.updated_at = True, 1, recorded
            if position in disagree and own is not None:
                index = levels.index(own)
                step = rng.choice([-1, 1]) if 0 < index < len(levels) - 1 else (
                    1 if index == 0 else -1)
                item.agrees, item.level_id = False, levels[index + step].pk
                item.comment = (f"The evidence for {criterion.code} shows "
                                f"{levels[index + step].label.lower()}, not {own.label.lower()}.")
                if rng.random() < 0.3:
                    item.internal_note = "Discussed at the moderation meeting."
            rows.append({"when": recorded, "by": reviewer, "kind": "~"})
            if item.agrees is False and review.provider_response:
                # The provider lead's reply is the item's next revision, saved by the lead.
                item.provider_reply = "We have added further evidence to the portfolio."
                rows[-1].update(provider_reply="", revision=1, updated_by_id=reviewer)
                item.revision, item.updated_by_id, item.updated_at = 2, spec["by"], responded
                rows.append({"when": responded, "by": spec["by"], "kind": "~"})
        # The first row: as started, nothing reviewed.
        rows[0].update(agrees=None, level_id=None, comment="", internal_note="", provider_reply="",
                       revision=0, updated_by_id=reviewer, updated_at=created)
        if len(rows) > 2:
            rows[1]["updated_at"] = recorded
        made.append((item, rows))
    return made
