"""The trends page with known data: every count in its tables, what never counts, who sees
which organisation's figures, and a query count that does not grow with the providers. Rows are
made directly: the page only reads them (the services that make them are tested in their apps)."""
import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, Response
from core.periods import academic_year
from dashboards.charts import stacked_bars
from dashboards.provider_table import dashboard_years
from dashboards.trends import Bar, Series, Trend
from frameworks.models import RatingLevel
from tests.factories import CommissioningFactory, ProviderFactory
from tests.list_data import visit
from visits.models import VisitJudgement

URL = "/dashboard/trends/"
# The page's five years, newest first: THIS (the current year), LAST, BEFORE, ...
YEARS = dashboard_years(academic_year(datetime.date.today()))
THIS, LAST, BEFORE = YEARS[0], YEARS[1], YEARS[2]
SI_TABLE = "Supported Internship Quality Assurance Framework: submitted totals by band"
IED_TABLE = "IntegratED AP Quality Benchmark Toolkit: items at each level by benchmark"


def self_assessment(world, frameworks, provider, period, ratings, *, slug="si-qaf",
                    state="submitted", default="", shared=False):
    """An assessment with a response per criterion: ``ratings`` maps criterion code to level
    code, ``default`` rates the rest ("" leaves them unrated)."""
    framework = frameworks[slug]
    assessment = Assessment.objects.create(
        framework=framework, framework_slug=slug, kind=framework.kind, provider=provider,
        period=period, state=state, shared_with_commissioners=shared,
        created_by=world.users["provider_lead"])
    levels = {lv.code: lv for lv in RatingLevel.objects.filter(scale=framework.item_scale)}
    Response.objects.bulk_create(
        Response(assessment=assessment, criterion=criterion,
                 level=levels.get(ratings.get(criterion.code, default)))
        for criterion in framework.criteria.all())
    return assessment


def si_qaf(world, frameworks, provider, period, total, **kwargs):
    """An SI QAF whose first ``total`` criteria are evidenced, the rest not."""
    codes = [c.code for c in frameworks["si-qaf"].criteria.order_by("section__order", "order")]
    ratings = {code: "evidenced" if n < total else "not_evidenced" for n, code in enumerate(codes)}
    return self_assessment(world, frameworks, provider, period, ratings, **kwargs)


def judged(world, frameworks, provider, colours, *, state="final", period=LAST):
    """A visit in ``state`` with one judgement per question, in ``colours`` order."""
    record = visit(world, frameworks, provider, state=state, day=None, period=period)
    levels = {lv.colour: lv for lv in RatingLevel.objects.filter(
        scale=frameworks["leics-ap-visit"].judgement_scale)}
    VisitJudgement.objects.bulk_create(
        VisitJudgement(visit=record, section=section, level=levels[colour])
        for section, colour in zip(frameworks["leics-ap-visit"].sections.order_by("order"),
                                   colours, strict=True))
    return record


def commissioned(world, name):
    provider = ProviderFactory(name=name)
    CommissioningFactory(commissioner=world.la, provider=provider)
    CommissioningFactory(commissioner=world.partnership, provider=provider)
    return provider


@pytest.fixture
def known(world, frameworks):
    """The LA's providers: Riverside and P1 to P4. SI QAF totals last year 36, 33, 30, 24, 10;
    the year before 29 and 36. IntegratED last year: Riverside embedded but for 3a (developing)
    and 7a (not yet in place), P1 established throughout. Visits last year: Riverside final
    (Red, Amber, Green, Green), P1 judgements shared (all Green); the year before Riverside
    final, all Amber. None of these count: a draft (this year, 36), a shared draft (P2, this
    year), a recorded visit not yet shared (P2, all Red), a visit being prepared (P3, all Red).
    Hilltop (the other LA's): SI QAF 36 and a final all-Red visit last year."""
    p1, p2, p3, p4 = (commissioned(world, f"Provider {n}") for n in range(1, 5))
    for provider, total in [(world.provider, 36), (p1, 33), (p2, 30), (p3, 24), (p4, 10)]:
        si_qaf(world, frameworks, provider, LAST, total)
    si_qaf(world, frameworks, world.provider, BEFORE, 29)
    si_qaf(world, frameworks, p1, BEFORE, 36)
    si_qaf(world, frameworks, world.provider, THIS, 36, state="draft")
    si_qaf(world, frameworks, p2, THIS, 36, state="draft", shared=True)
    self_assessment(world, frameworks, world.provider, LAST, {"3a": "developing",
                                                              "7a": "not_in_place"},
                    slug="integrated-ap-benchmarks", default="embedded")
    self_assessment(world, frameworks, p1, LAST, {}, slug="integrated-ap-benchmarks",
                    default="established")
    self_assessment(world, frameworks, p2, LAST, {}, slug="integrated-ap-benchmarks",
                    default="not_in_place", state="draft")
    judged(world, frameworks, world.provider, ["red", "amber", "green", "green"])
    judged(world, frameworks, p1, ["green"] * 4, state="judgements_shared")
    judged(world, frameworks, world.provider, ["amber"] * 4, period=BEFORE)
    judged(world, frameworks, p2, ["red"] * 4, state="visit_recorded")
    judged(world, frameworks, p3, ["red"] * 4, state="preparing")
    si_qaf(world, frameworks, world.other_provider, LAST, 36)
    judged(world, frameworks, world.other_provider, ["red"] * 4)


def table(response, caption: str) -> dict[str, list[str]]:
    """The table whose caption starts with ``caption``: row header -> its cells, with the
    column headers under "" ."""
    html = response.content.decode()
    start = html.index(re.search(rf"<caption[^>]*>{re.escape(caption)}", html).group(0))
    body = html[start:html.index("</table>", start)]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip()
                 for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
        rows["" if "scope=\"col\"" in row else cells[0]] = cells[1:]
    return rows


def test_si_qaf_totals_are_counted_in_their_bands_per_year(known, world, client_for):
    response = client_for(world.users["la_commissioner"]).get(URL)
    rows = table(response, SI_TABLE)
    assert rows[""] == ["Full marks (36), no action plan needed", "30 to 35", "24 to 29",
                        "below 24"]
    assert rows[LAST] == ["1", "2", "1", "1"]
    assert rows[BEFORE] == ["1", "0", "1", "0"]
    assert rows[THIS] == ["0", "0", "0", "0"]  # a draft, shared or not, counts nowhere
    assert list(rows)[1:] == list(reversed(YEARS))


def test_benchmark_items_are_counted_at_each_level_in_the_chosen_year(known, world, client_for):
    response = client_for(world.users["la_commissioner"]).get(URL, {"year": LAST})
    rows = table(response, IED_TABLE)
    assert rows[""] == ["Not yet in place", "Developing", "Established", "Embedded"]
    one = next(v for k, v in rows.items() if k.startswith("1. "))
    three = next(v for k, v in rows.items() if k.startswith("3. "))
    seven = next(v for k, v in rows.items() if k.startswith("7. "))
    assert one == ["0", "0", "1", "1"]
    assert three == ["0", "1", "4", "3"]  # 3a to 3d: Riverside 3a developing, P1 established
    assert seven == ["1", "0", "3", "2"]
    assert len(rows) == 1 + 13  # every benchmark, whatever was rated


def test_a_year_with_no_submitted_benchmarks_says_so(known, world, client_for):
    response = client_for(world.users["la_commissioner"]).get(URL, {"year": THIS})
    assert f"No submitted IntegratED AP Quality Benchmark Toolkit in {THIS}." in (
        response.content.decode())
    assert IED_TABLE not in response.content.decode()


def test_visit_judgements_are_counted_per_question_and_year(known, world, client_for):
    response = client_for(world.users["la_commissioner"]).get(URL)
    safety = table(response, "Question 1, Learner Safety")
    assert safety[""] == ["Red", "Amber", "Green"]
    assert safety[LAST] == ["1", "0", "1"]  # not P2's recorded visit nor P3's in preparation
    assert safety[BEFORE] == ["0", "1", "0"]
    progress = table(response, "Question 2, Learner Progress")
    assert progress[LAST] == ["0", "1", "1"]
    systems = table(response, "Question 4, Systems and Processes")
    assert systems[LAST] == ["0", "0", "2"]


def test_each_chart_is_labelled_and_drawn_without_inline_style(known, world, client_for):
    html = client_for(world.users["la_commissioner"]).get(URL).content.decode()
    charts = re.findall(r"<svg [^>]*>.*?</svg>", html, flags=re.S)
    assert len(charts) == 1 + 4  # SI QAF and four questions (no benchmarks this year)
    for chart in charts:
        ids = re.search(r'aria-labelledby="([^"]+)"', chart).group(1).split()
        assert 'role="img"' in chart and 'viewBox="0 0 ' in chart and 'width="100%"' in chart
        assert f'<title id="{ids[0]}">' in chart and f'<desc id="{ids[1]}">' in chart
        assert "style=" not in chart and "<style" not in chart
    safety = next(c for c in charts if "Question 1, Learner Safety" in c)
    assert ">R 1</text>" in safety and ">G 1</text>" in safety and ">A 1</text>" in safety
    assert 'fill="#d4351c"' in safety and 'fill="#f47738"' in safety


def test_another_las_commissioner_sees_only_its_own_providers(known, world, client_for):
    response = client_for(world.users["other_la_commissioner"]).get(URL)
    assert table(response, SI_TABLE)[LAST] == ["1", "0", "0", "0"]  # Hilltop's 36
    assert table(response, "Question 1, Learner Safety")[LAST] == ["1", "0", "0"]
    assert table(response, "Question 1, Learner Safety")[BEFORE] == ["0", "0", "0"]
    assert "Far Council" in response.content.decode()


@pytest.mark.parametrize("role", ["provider_lead", "provider_staff", "no_membership"])
def test_people_who_commission_nothing_get_403(world, client_for, role):
    assert client_for(world.users[role]).get(URL).status_code == 403


def test_a_year_no_form_offers_is_ignored(known, world, client_for):
    client = client_for(world.users["la_commissioner"])
    for params in ({"year": "1999/00"}, {"year": "2025/26 OR 1=1"}, {"org": "nope"}):
        assert client.get(URL, params).status_code == 200


def _add_providers(world, frameworks, first, n):
    for i in range(first, first + n):
        provider = commissioned(world, f"Scale {i:03d}")
        si_qaf(world, frameworks, provider, LAST, 20 + i % 17)
        self_assessment(world, frameworks, provider, LAST, {}, slug="integrated-ap-benchmarks",
                        default="developing")
        judged(world, frameworks, provider, ["green", "amber", "red", "green"])


def test_the_number_of_queries_does_not_grow_with_the_providers(world, frameworks, client_for):
    client = client_for(world.users["la_commissioner"])
    counts = []
    for first, n in [(1, 5), (6, 45)]:
        _add_providers(world, frameworks, first, n)
        client.get(URL, {"year": LAST})
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, {"year": LAST})
        counts.append(len(queries))
    assert table(response, "Question 1, Learner Safety")[LAST] == ["0", "0", "50"]
    assert counts[0] == counts[1], counts


def test_the_bands_follow_the_frameworks_maximum():
    from dashboards.bands import point_bands
    from frameworks.models import Framework

    labels = [band.label for band in point_bands(Framework(scoring_parameters={"total_max": 40}))]
    assert labels == ["Full marks (40), no action plan needed", "30 to 39", "24 to 29", "below 24"]


def chart_bar_labels(svg: str) -> list[str]:
    """The name above each bar of a chart (the bold text at the left edge)."""
    return [html.unescape(label) for label in re.findall(
        r'<text x="0" y="\d+" fill="[^"]+" font-weight="bold">([^<]+)</text>', svg)]


def test_the_benchmark_chart_names_its_bars_as_its_table_does(known, world, client_for):
    response = client_for(world.users["la_commissioner"]).get(URL, {"year": LAST})
    page = response.content.decode()
    svg = next(c for c in re.findall(r"<svg [^>]*>.*?</svg>", page, flags=re.S)
               if IED_TABLE in c)
    names = [html.unescape(name) for name in table(response, IED_TABLE) if name]
    assert names[0] == "1. Workforce development and wellbeing"
    assert chart_bar_labels(svg) == names
    assert "Benchmark 1" not in svg


def test_a_name_too_long_for_the_chart_is_shortened_and_given_in_full_in_its_description():
    long_name = "12. Appropriate transition into post-16 education, employment and training"
    trend = Trend(framework=None, heading="Benchmarks", title="Items at each level",
                  description="For each benchmark, items at each level.",
                  series=[Series("a", "Embedded")],
                  bars=[Bar(long_name, [2], title=long_name), Bar("3. Partnership working", [1])],
                  unit="items")
    chart = stacked_bars(trend, "ied")
    assert [bar.label for bar in chart.bars] == [
        "12. Appropriate transition into post-16 edu…", "3. Partnership working"]
    assert chart.description == (
        "For each benchmark, items at each level. Names shortened in the chart: "
        f"{long_name}.")
    assert stacked_bars(Trend(framework=None, heading="", title="", description="Short.",
                              series=trend.series, bars=trend.bars[1:]), "x"
                        ).description == "Short."
