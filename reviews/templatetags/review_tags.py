"""Template tags that show reviews on other pages: a self-assessment's reviews beside its own
score, with the button to start one; and a review's state as a tag."""
from django import template

from .. import workflow
from ..selectors import assessment_reviews, review_next_step, reviewing_organisations

register = template.Library()

STATE_TAGS = {
    workflow.State.DRAFT: "govuk-tag--blue",
    workflow.State.SHARED: "govuk-tag--light-blue",
    workflow.State.FINAL: "govuk-tag--green",
}


@register.inclusion_tag("reviews/includes/_state_tag.html")
def review_state(review):
    """The review's state as a GOV.UK tag."""
    return {"label": review.get_state_display(), "tag_class": STATE_TAGS[review.state]}


@register.inclusion_tag("reviews/includes/_assessment_reviews.html", takes_context=True)
def reviews_of(context, assessment, result, sections=None, levels=None, heading_level=2):
    """The reviews of the assessment the signed-in user may see: each one's moderated score
    beside the self-assessed ``result`` and its disagreements; and "Start a review" where
    the user may start one. ``sections`` and ``levels``: the framework's, when the page has
    read them already."""
    user = context["request"].user
    return {"assessment": assessment, "result": result, "heading_level": heading_level,
            "summaries": assessment_reviews(user, assessment, sections=sections,
                                            levels=levels),
            "can_start": bool(reviewing_organisations(user, assessment)),
            "points": result.scheme == "points"}


@register.inclusion_tag("reviews/includes/_review_next_step.html", takes_context=True)
def review_next_step_for(context, assessment):
    """The reader's next step as a reviewer, on a page that shows the self-assessment but not
    its reviews (its summary, where the dashboard's result links lead): "Start a review", or
    the way into their organisation's review of it. Nothing for anyone else."""
    return {"assessment": assessment,
            "step": review_next_step(context["request"].user, assessment)}
