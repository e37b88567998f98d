"""The list helpers: what a filter form sent, checked before the database sees it."""
from django.http import QueryDict

from core.lists import ListFilters, page_of, page_query, search_text


def test_search_text_drops_control_characters_and_keeps_100_characters():
    assert search_text("  Oak\x00field\n ") == "Oakfield"
    assert search_text("é" * 500) == "é" * 100
    assert search_text(None) == ""


def test_filters_keep_only_values_the_form_offers():
    params = QueryDict("year=2024/25&state=nope&q=%20oak%20")
    filters = ListFilters.read(params, years=["2025/26", "2024/25"], states=[("final", "Final")])
    assert (filters.year, filters.state, filters.q) == ("2024/25", "", "oak")
    assert filters.query == "year=2024%2F25&q=oak&"
    assert not ListFilters.read(QueryDict("year=2023/24"), years=["2025/26"], states=()).active


def test_any_page_number_gives_a_page():
    rows = list(range(120))
    assert page_of(rows, "99999999999999999999").number == 3
    assert page_of(rows, "two").number == 1
    assert page_query() == ""
