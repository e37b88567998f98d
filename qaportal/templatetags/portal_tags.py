"""Template tags for the page layout in templates/base.html."""
from django import template

from qaportal.context_processors import current_navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def service_navigation(context):
    """The service navigation with the current section marked, read from the page's
    breadcrumbs (see ``current_navigation``)."""
    request = context.get("request")
    return current_navigation(context.get("navigation") or [], request.path if request else "",
                              context.get("breadcrumbs"))
