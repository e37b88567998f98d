"""``{% current_agreement link as agreement %}``: the agreement a commissioning link works to
today (the latest to start of those in force), or None, for pages of apps below this one (the
QA visit record "is linked to the Service Level Agreement")."""
from django import template
from django.utils import timezone

from commissioning.models import Agreement

register = template.Library()


@register.simple_tag
def current_agreement(link):
    if link is None:
        return None
    return (Agreement.objects.filter(link=link).in_force(timezone.localdate())
            .order_by("-starts", "-pk").first())
