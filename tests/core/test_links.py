"""``core.links``: the links of long tables, each pattern reversed once, are exactly what
``reverse()`` gives, for every named URL with values, and refuse what it refuses."""
import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.base import set_script_prefix
from hypothesis import given
from hypothesis import strategies as st

from core.links import Links


def named_patterns(resolver=None, namespace=""):
    """(name, number of values) for every named URL pattern taking values."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name and entry.pattern.converters:
            yield f"{namespace}{entry.name}", list(entry.pattern.converters.values())


def sample(converter) -> str | int:
    return 12345 if type(converter).__name__ == "IntConverter" else "oakfield-ap_2"


NAMED = sorted(named_patterns())


def test_there_are_patterns_to_check():
    assert len(NAMED) > 50


@pytest.mark.parametrize(("name", "converters"), NAMED, ids=[n for n, _ in NAMED])
def test_every_named_url_links_as_reverse_does(name, converters):
    args = [sample(c) for c in converters]
    assert Links()(name, *args) == reverse(name, args=args)


@given(st.text(max_size=12))
def test_any_value_gives_what_reverse_gives_or_is_refused_as_it_is(value):
    links = Links()
    for name, args in (("dashboards:provider_profile", [value]),
                       ("visits:section", [7, value]), ("visits:overview", [value]),
                       ("actionplans:plan", ["oak", value])):
        try:
            expected = reverse(name, args=args)
        except NoReverseMatch:
            with pytest.raises(NoReverseMatch):
                links(name, *args)
        else:
            assert links(name, *args) == expected


def test_the_script_prefix_is_honoured():
    set_script_prefix("/qa/")
    try:
        assert Links()("dashboards:provider_profile", "oak") == "/qa/dashboard/providers/oak/"
    finally:
        set_script_prefix("/")
    assert Links()("dashboards:provider_profile", "oak") == "/dashboard/providers/oak/"


def test_the_template_tag_links_as_url_does():
    template = Template("{% load links %}{% for pk in pks %}{% link 'visits:section' pk code %} "
                        "{% url 'visits:section' pk code %}|{% endfor %}")
    pairs = template.render(Context({"pks": [1, 22, 333], "code": "q2"})).split("|")[:-1]
    assert [a.split() for a in pairs] == [
        [f"/visits/{pk}/sections/q2/"] * 2 for pk in (1, 22, 333)]
