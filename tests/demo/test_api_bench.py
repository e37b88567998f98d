"""The bench's API part: every address in the API's schema is measured as an organisation's
token, the largest LA's self-assessments are paged through to the last row, and the table
flags an endpoint over the ratio and fails paging under its rows a second."""
from api.models import ApiToken
from assessments.selectors import self_assessments
from demo import api_bench
from demo.bench import ROLES, busiest_first, table
from organisations.querysets import acting_as
from people.grants import lead_role


def api_row(ms, status=200):
    return {"role": "commissioner", "page": "api providers", "url": "/api/v1/providers?limit=10",
            "status": status, "queries": 4, "ms": ms, "rows": 10, "floor_ms": 0}


def paging_row(rows_per_s, queries=(10, 10)):
    return {"role": "commissioner", "paging": "self-assessments", "url": "", "rows": 2000,
            "pages": 4, "seconds": 2000 / rows_per_s, "rows_per_s": rows_per_s,
            "queries": list(queries)}


def test_an_api_row_has_no_floor_and_is_flagged_over_the_ratio():
    text, failed = table([api_row(10.0)], [api_row(14.0)], (30, 3000))
    assert failed == []
    line = next(line for line in text.splitlines() if "api providers" in line)
    assert "4 -> 4" in line and "1.40" in line and "over 1.3x" in line and " - " in line


def test_paging_under_its_rows_a_second_at_the_larger_size_fails_the_bench():
    text, failed = table([api_row(10.0), paging_row(900)], [api_row(11.0), paging_row(2500)],
                         (30, 3000))
    assert failed == [] and "2,500" in text and "under" not in text
    text, failed = table([paging_row(2500)], [paging_row(1500)], (30, 3000))
    assert failed == ["commissioner self-assessments at 3000: 1,500 rows/s, under 2,000"]
    assert "<- under 2,000 rows/s" in text


def test_paging_whose_queries_a_page_grow_with_fuller_pages_fails_the_bench():
    text, failed = table([paging_row(2500)], [paging_row(2500, (10, 510))], (30, 3000))
    assert failed == ["commissioner self-assessments: queries a page grow"]
    assert "10-510" in text and "<- queries grow" in text


def test_every_address_in_the_schema_is_measured_and_all_rows_are_paged(demo, monkeypatch):
    monkeypatch.setattr(api_bench, "LARGEST_PAGE", 1)  # so the walk follows next and Link
    tokens = ApiToken.objects.count()
    memberships = {name: busiest_first(role).first() for name, role in ROLES.items()}
    results = api_bench.measure(memberships, repeat=1, walks=1)

    measured = [m for m in results if not api_bench.is_paging(m)]
    commissioner = {m["page"] for m in measured if m["role"] == "commissioner"}
    assert commissioner == {"api " + api_bench.below_root(path) for path, _ in api_bench.endpoints()}
    assert {m["status"] for m in measured} == {200}
    assert {m["role"] for m in measured} == {"commissioner", "officer"}

    la = memberships["commissioner"]
    seen = self_assessments().visible_to(
        acting_as(la.user, la.organisation, lead_role(la.organisation))).count()
    paged = [m for m in results if api_bench.is_paging(m)]
    assert {m["paging"] for m in paged} == {"self-assessments", "self-assessments.csv"}
    for m in paged:
        assert m["rows"] == m["pages"] == seen > 1
        assert m["queries"][0] == m["queries"][1]
    assert ApiToken.objects.count() == tokens
