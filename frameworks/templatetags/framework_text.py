"""``{{ text|framework_text }}``: the data files' multi-paragraph text as GOV.UK HTML, escaped.

Paragraphs are separated by a blank line; lines starting "- " are bullet list items, and
an item indented by two more spaces ("  - ") is nested under the item above it. A line
that does not start a new item continues the paragraph or item before it.
"""
import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

BULLET = re.compile(r"^(?P<indent> *)-(?: (?P<text>.*))?$")
LIST_OPEN = '<ul class="govuk-list govuk-list--bullet">'


def _blocks(text: str):
    """Yield ("p", text) and ("ul", items) where items are (text, children) pairs."""
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        paragraph: list[str] = []
        stack: list[tuple[int, list]] = []  # (indent, items) from the outer list inwards
        for line in chunk.splitlines():
            bullet = BULLET.match(line.rstrip())
            if bullet:
                if paragraph:
                    yield "p", " ".join(paragraph)
                    paragraph = []
                indent, item = len(bullet["indent"]), [(bullet["text"] or "").strip(), []]
                if not stack:
                    stack.append((indent, []))
                while len(stack) > 1 and indent < stack[-1][0]:
                    stack.pop()
                if indent > stack[-1][0] and stack[-1][1]:
                    stack.append((indent, stack[-1][1][-1][1]))
                stack[-1][1].append(item)
            elif stack and line.startswith(" "):
                stack[-1][1][-1][0] += " " + line.strip()
            else:
                if stack:
                    yield "ul", stack[0][1]
                    stack = []
                if line.strip():
                    paragraph.append(line.strip())
        if stack:
            yield "ul", stack[0][1]
        if paragraph:
            yield "p", " ".join(paragraph)


def _render_list(items) -> str:
    parts = [LIST_OPEN]
    for text, children in items:
        parts.append(f"<li>{escape(text)}{_render_list(children) if children else ''}</li>")
    parts.append("</ul>")
    return "".join(parts)


@register.filter
def framework_text(value) -> str:
    """Render paragraphs and (nested) bullet lists; everything in the text is escaped."""
    if not value:
        return ""
    html = []
    for kind, content in _blocks(str(value)):
        if kind == "p":
            html.append(f'<p class="govuk-body">{escape(content)}</p>')
        else:
            html.append(_render_list(content))
    return mark_safe("\n".join(html))
