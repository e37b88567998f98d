"""The bench's table: the two sizes side by side, and a page whose queries grow is named."""
from demo.bench import table


def run(queries, ms):
    return [{"role": "commissioner", "page": "providers list", "url": "/organisations/",
             "status": 200, "queries": queries, "ms": ms, "rows": 51, "floor_ms": ms / 4}]


def test_equal_query_counts_pass_and_the_ratio_is_shown():
    text, grew = table(run(7, 10.0), run(7, 12.0), (30, 3000))
    assert grew == []
    assert "providers list" in text and "7 -> 7" in text and "1.20" in text


def test_a_query_count_that_grows_is_named():
    text, grew = table(run(7, 10.0), run(3007, 700.0), (30, 3000))
    assert grew == ["commissioner: providers list"]
    assert "queries grow" in text
