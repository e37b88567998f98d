"""The framework browser as a signed-in user reads it, through the test client."""
import pytest
from django.urls import reverse

from frameworks.models import Criterion, Framework
from frameworks.services import framework_load

from .conftest import data_text
from .test_loader_validation import TINY

PORTAL_DEFAULT = "This is the portal's default scale: the source document defines no rating scale"


def detail_url(slug, version="1"):
    return reverse("frameworks:detail", kwargs={"slug": slug, "version": version})


def test_list_shows_every_framework_with_its_current_version(reader_client, loaded):
    html = reader_client.get(reverse("frameworks:list")).content.decode()
    for result in loaded.values():
        assert result.data.name in html
        assert detail_url(result.data.slug) in html
    assert html.count("govuk-tag--green\">Current</strong>") == 3
    assert "Centres for Excellence in SEND" in html  # publisher
    assert "Self-assessment" in html and "QA visit" in html and "Benchmark review" in html
    assert "13 in 3 groups" in html  # IntegratED's sections


def test_list_marks_only_the_newest_version_current(reader_client, loaded):
    framework_load(path_or_text=data_text("si-qaf").replace('version: "1"', 'version: "2"')
                   .replace("Leadership", "Leading", 1), filename="si-qaf-2.yaml")
    html = reader_client.get(reverse("frameworks:list")).content.decode()
    assert html.index(detail_url("si-qaf", "2")) < html.index(detail_url("si-qaf", "1"))
    assert "Earlier version" in html
    assert html.count("govuk-tag--green\">Current</strong>") == 3


def test_detail_shows_criteria_prompts_and_the_source_scale(reader_client, loaded):
    response = reader_client.get(detail_url("si-qaf"))
    html = response.content.decode()
    assert response.status_code == 200
    assert ('<h1 class="govuk-heading-l">Supported Internship Quality Assurance Framework</h1>'
            in html)
    criterion = Criterion.objects.get(framework__slug="si-qaf", code="4.2")
    assert criterion.text in html
    assert "Prompts / Expected Practice" in html
    assert "Travel training" in html
    assert "Stage 2, Continuous Improvement" in html  # guidance
    assert "Corrections to the source text" in html
    assert "They are employed no less the 16 hours per week" in html  # the source's slip, listed
    assert "A total of 35 or below needs an action plan" in html
    assert "Print this page" in html
    assert PORTAL_DEFAULT not in html


def test_detail_labels_the_portal_default_scale_as_the_portals(reader_client, loaded):
    html = reader_client.get(detail_url("integrated-ap-benchmarks")).content.decode()
    assert PORTAL_DEFAULT in html
    assert "Portal default four-level scale" in html
    for group in ("Community", "Curriculum", "Currency"):
        assert f'<h2 class="govuk-heading-l" id="group-{group.lower()}">{group}</h2>' in html
    assert "Special educational needs and disability (SEND)" in html
    assert "A rating of “Not yet in place” or “Developing” proposes an area for improvement" in html


def test_detail_shows_when_each_requirement_is_checked(reader_client, loaded):
    html = reader_client.get(detail_url("leics-ap-visit")).content.decode()
    assert html.count(">Before the visit</td>") == 7
    assert html.count(">At the visit</td>") == 13
    assert "Requirements in section 4, Systems and Processes" in html
    assert "Evaluative question:</strong> Is the AP ensuring effective Learner Safety?" in html
    assert "Key aspect" in html
    assert '<strong class="app-rag app-rag--red">Red</strong>' in html


def test_an_earlier_version_points_to_the_current_one(reader_client, loaded):
    framework_load(path_or_text=data_text("si-qaf").replace('version: "1"', 'version: "2"')
                   .replace("Leadership", "Leading", 1), filename="si-qaf-2.yaml")
    html = reader_client.get(detail_url("si-qaf", "1")).content.decode()
    assert "This is an earlier version of this framework" in html
    assert f'href="{detail_url("si-qaf", "2")}"' in html


def test_headings_do_not_skip_a_level(reader_client, loaded):
    import re
    for slug in loaded:
        html = reader_client.get(detail_url(slug)).content.decode()
        main = html[html.index("<main"):html.index("</main>")]
        # A GOV.UK notification banner's title is an h2 that comes before the page's h1 by
        # design (here the hidden "we have put back what you typed" banner): not an outline.
        levels = [int(level) for level in re.findall(
            r"<h([1-6])\b(?![^>]*govuk-notification-banner__title)", main)]
        assert levels[0] == 1
        assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), (slug, levels)


@pytest.mark.parametrize("url", [reverse("frameworks:list"), "/frameworks/si-qaf/1/"])
def test_signed_out_visitor_is_sent_to_sign_in(client, loaded, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("slug", "version"), [("si-qaf", "9"), ("no-such-framework", "1")])
def test_unknown_framework_or_version_is_404(reader_client, loaded, slug, version):
    assert reader_client.get(detail_url(slug, version)).status_code == 404


@pytest.mark.parametrize("slug", ["tiny", "si-qaf", "leics-ap-visit", "integrated-ap-benchmarks"])
def test_detail_queries_do_not_grow_with_criteria(reader_client, loaded, slug,
                                                  django_assert_max_num_queries):
    framework_load(path_or_text=TINY, filename="tiny-1.yaml")  # 4 criteria, against 20 or 36
    with django_assert_max_num_queries(11):
        response = reader_client.get(detail_url(slug))
    assert response.status_code == 200


def test_list_queries_do_not_grow_with_versions(reader_client, loaded,
                                                django_assert_max_num_queries):
    for version in range(2, 6):
        framework_load(path_or_text=TINY.replace('version: "1"', f'version: "{version}"')
                       .replace("The first criterion.", f"The first criterion, v{version}."),
                       filename=f"tiny-{version}.yaml")
    with django_assert_max_num_queries(5):
        response = reader_client.get(reverse("frameworks:list"))
    html = response.content.decode()
    assert all(detail_url("tiny", str(version)) in html for version in range(2, 6))
    assert html.count("Version ") == Framework.objects.count()
