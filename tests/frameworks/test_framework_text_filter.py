"""``framework_text`` renders the data files' paragraphs and lists as escaped GOV.UK HTML."""
from django.template import Context, Template

from frameworks.templatetags.framework_text import framework_text

UL = '<ul class="govuk-list govuk-list--bullet">'


def test_blank_lines_separate_paragraphs_and_wrapped_lines_join():
    assert framework_text("One\nstill one.\n\nTwo.") == (
        '<p class="govuk-body">One still one.</p>\n<p class="govuk-body">Two.</p>')


def test_dash_lines_become_a_bullet_list_after_their_lead_in():
    assert framework_text("The QAF will:\n\n- set out standards\n- show quality") == (
        f'<p class="govuk-body">The QAF will:</p>\n{UL}<li>set out standards</li>'
        "<li>show quality</li></ul>")


def test_indented_items_nest_under_the_item_above():
    html = framework_text(
        "- 5. At the visit:\n  - observe activities\n  - speak to staff\n- 6. End")
    assert html == (f"{UL}<li>5. At the visit:{UL}<li>observe activities</li>"
                    "<li>speak to staff</li></ul></li><li>6. End</li></ul>")


def test_a_list_directly_under_a_paragraph_line_is_still_a_list():
    assert framework_text("It has three elements:\n- One\n- Two") == (
        f'<p class="govuk-body">It has three elements:</p>\n{UL}<li>One</li><li>Two</li></ul>')


def test_an_indented_line_continues_the_item_above():
    assert framework_text("- a long item\n  that wraps\n- next") == (
        f"{UL}<li>a long item that wraps</li><li>next</li></ul>")


def test_everything_is_escaped():
    html = framework_text('<script>alert("x")</script>\n\n- <b>bold</b> & more')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    assert "<li>&lt;b&gt;bold&lt;/b&gt; &amp; more</li>" in html


def test_hyphens_inside_text_are_not_bullets():
    assert framework_text("Meetings - regular or in addition\n-5 is not a bullet") == (
        '<p class="govuk-body">Meetings - regular or in addition -5 is not a bullet</p>')


def test_empty_text_renders_nothing_and_the_filter_loads_in_templates():
    assert framework_text("") == ""
    assert framework_text(None) == ""
    rendered = Template("{% load framework_text %}{{ text|framework_text }}").render(
        Context({"text": "A & B"}))
    assert rendered == '<p class="govuk-body">A &amp; B</p>'
