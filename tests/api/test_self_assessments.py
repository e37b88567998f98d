"""Self-assessments through the API: each token sees the ones its organisation's lead sees,
with the result and each section's by the framework's own rule (the dashboard's), filtered by
academic year, provider and framework, and the same rows as CSV."""
import csv
import io

from django.utils import timezone

from assessments.models import Assessment
from dashboards.provider_table import result_history
from tests.assessments.conftest import rate, si_ratings

URL = "/api/v1/self-assessments"


def _submitted(world, start, period, per_section):
    assessment = start(period=period)
    rate(assessment, world.users["provider_lead"], si_ratings(per_section))
    # Submitted as rows (a total under 36 would need its action plan first).
    Assessment.objects.filter(pk=assessment.pk).update(state=Assessment.State.SUBMITTED,
                                                       submitted_at=timezone.now())
    return assessment


def test_results_are_the_frameworks_own_and_each_token_sees_its_leads_share(world, start,
                                                                          api_for, frameworks):
    last = _submitted(world, start, "2024/25", [6, 6, 4, 6, 6, 6])
    draft = start(period="2025/26")  # the provider's own draft: not its commissioners'
    la = api_for("la_commissioner").get(URL)
    assert la.status_code == 200, la.content
    [row] = la.json()["results"]
    assert (row["id"], row["provider_slug"], row["framework"], row["academic_year"]) == (
        last.pk, world.provider.slug, "si-qaf", "2024/25")
    assert (row["totalled"], row["score"], row["max_score"], row["summary"]) == (
        True, 34, 36, "34 of 36")
    assert [s["summary"] for s in row["sections"]] == ["6 of 6", "6 of 6", "4 of 6", "6 of 6",
                                                       "6 of 6", "6 of 6"]
    # The dashboard's own result for the same assessment.
    [[shown]] = result_history(world.users["la_commissioner"], [world.provider.pk],
                               [last.framework]).values()
    assert shown.summary == row["summary"]
    own = {r["id"] for r in api_for("provider_lead").get(URL).json()["results"]}
    assert own == {last.pk, draft.pk}
    assert api_for("other_la_commissioner").get(URL).json()["results"] == []


def test_filters_narrow_and_the_csv_holds_the_same_rows(world, start, api_for, frameworks):
    _submitted(world, start, "2023/24", [6, 6, 6, 6, 6, 6])
    _submitted(world, start, "2024/25", [6, 6, 4, 6, 6, 6])
    client = api_for("la_commissioner")
    years = lambda q: [r["academic_year"] for r in client.get(URL, q).json()["results"]]  # noqa: E731
    assert years({}) == ["2023/24", "2024/25"]
    assert years({"academic_year": "2024/25"}) == ["2024/25"]
    assert years({"provider": world.other_provider.slug}) == []
    assert years({"framework": "ap-benchmarks"}) == []
    response = client.get(URL + ".csv", {"academic_year": "2024/25"})
    [line] = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (line["summary"], line["score"], line["sections"].split("; ")[2]) == (
        "34 of 36", "34", "3: 4 of 6")
