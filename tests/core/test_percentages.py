"""Percentages round half up, and shares shown together add up to 100 (largest remainder)."""
from hypothesis import given
from hypothesis import strategies as st

from core.percentages import percent, shares, shown


def test_a_half_rounds_up_not_to_even():
    assert percent(13, 40) == 33  # 32.5%
    assert percent(1, 8) == 13  # 12.5%
    assert percent(5, 8) == 63  # 62.5%
    assert percent(0, 0) is None


def test_shares_shown_together_add_up_to_100():
    assert shares([1, 1, 1]) == [34, 33, 33]
    assert shares([13, 13, 14]) == [33, 32, 35]  # 32.5, 32.5, 35
    assert shares([1, 2, 3, 1]) == [14, 29, 43, 14]
    assert shares([0, 0]) == [None, None]
    assert shown(45) == "45%" and shown(None) == "–"


@given(st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=8))
def test_shares_always_add_up_to_100_and_stay_within_one_point(counts):
    result = shares(counts)
    if not sum(counts):
        assert result == [None] * len(counts)
        return
    assert sum(result) == 100
    for count, share in zip(counts, result, strict=True):
        assert abs(share - 100 * count / sum(counts)) < 1
