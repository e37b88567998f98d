"""``{% link "name" arg ... %}``: ``{% url %}`` for the rows of long tables (``core.links``)."""
from django import template

from core.links import Links

register = template.Library()


@register.simple_tag(takes_context=True)
def link(context, name, *args):
    links = context.render_context.get(Links)
    if links is None:
        links = context.render_context[Links] = Links()
    return links(name, *args)
