"""The service navigation marks the section the breadcrumbs name, so the two never disagree."""
import re

import pytest
from django.urls import reverse

NAV_CURRENT = re.compile(r'govuk-service-navigation__link" href="([^"]+)" aria-current="page">\s*'
                         r'<strong[^>]*>([^<]+)</strong>')
CRUMBS = re.compile(r'<li class="govuk-breadcrumbs__list-item">(?:<a class="govuk-breadcrumbs__link" '
                    r'href="([^"]*)">([^<]+)</a>|<span aria-current="page">([^<]+)</span>)</li>')


def current_nav(html):
    return NAV_CURRENT.findall(html)


def breadcrumb_section(html):
    """The crumb after Home: (url or None, label)."""
    url, link_label, here_label = CRUMBS.findall(html)[1]
    return url or None, link_label or here_label


@pytest.mark.parametrize("page", ["stage2_action", "assessment", "plan", "action_create",
                                  "assessments", "organisation"])
def test_the_menu_marks_the_section_the_breadcrumbs_name(world, frameworks, start, client_for, page):
    assessment = start("si-qaf")
    url = {
        "stage2_action": reverse("actionplans:stage2_action_create", args=[assessment.pk]),
        "assessment": assessment.get_absolute_url(),
        "plan": reverse("actionplans:plan", args=[world.provider.slug, "2025-26"]),
        "action_create": reverse("actionplans:action_create", args=[world.provider.slug, "2025-26"]),
        "assessments": reverse("assessments:list"),
        "organisation": world.provider.get_absolute_url(),
    }[page]
    response = client_for(world.users["provider_lead"]).get(url)
    html = response.content.decode()
    section_url, section_label = breadcrumb_section(html)
    [(nav_url, nav_label)] = current_nav(html)
    assert nav_url == (section_url or response.request["PATH_INFO"])
    if page != "organisation":  # a provider's menu says "Your organisation" for the list
        assert nav_label.strip() == section_label


def test_adding_a_stage2_action_is_part_of_the_self_assessment_in_both_places(
        world, frameworks, start, client_for):
    assessment = start("si-qaf")
    html = client_for(world.users["provider_lead"]).get(
        reverse("actionplans:stage2_action_create", args=[assessment.pk])).content.decode()
    assert [label.strip() for _, label in current_nav(html)] == ["Self-assessments"]
    assert breadcrumb_section(html)[1] == "Self-assessments"


def test_a_page_without_breadcrumbs_is_marked_by_its_address(world, client_for):
    html = client_for(world.users["provider_lead"]).get(reverse("home")).content.decode()
    assert [label.strip() for _, label in current_nav(html)] == ["Home"]


def test_no_page_says_error_twice_in_its_title():
    """``base.html`` starts the title with "Error: " when the page's ``form`` has errors, so a
    page's own title never does for that form (a screen reader read "Error: Error:" on eight
    pages). A page whose errors are elsewhere (a review's sections) says so itself."""
    from pathlib import Path

    from django.conf import settings

    doubled = [str(path.relative_to(settings.BASE_DIR))
               for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
               if re.search(r"{% block (page_)?title %}{% if form.errors %}Error: ",
                            path.read_text())]
    assert doubled == []
