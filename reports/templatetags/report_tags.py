"""Template tags for links to report downloads."""
from django import template
from django.urls import reverse

from core.periods import period_slug

register = template.Library()


@register.simple_tag
def action_plan_url(provider, period, fmt="pdf"):
    """The download URL of a provider's action plan for a year: ``{% action_plan_url
    assessment.provider assessment.period "csv" %}``."""
    return reverse(f"reports:action_plan_{fmt}",
                   kwargs={"slug": provider.slug, "year": period_slug(period)})
