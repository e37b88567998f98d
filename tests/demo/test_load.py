"""make load's verdicts: which acknowledged saves count as lost, and the printed summary."""
import pytest

from demo.load_report import Ack, Tally, lost_writes, percentile, summary


def test_the_latest_acknowledged_save_stored_loses_nothing():
    acks = [Ack(1, 1, "a"), Ack(1, 2, "b"), Ack(2, 5, "c")]
    assert lost_writes(acks, {1: (2, "b"), 2: (5, "c")}) == []


def test_a_save_superseded_by_a_later_acknowledged_save_is_not_lost():
    assert lost_writes([Ack(1, 3, "old"), Ack(1, 4, "new")], {1: (4, "new")}) == []


def test_a_save_never_stored_is_lost():
    lost = lost_writes([Ack(1, None, "a")], {1: (0, "")})
    assert [(x.ack.evidence, x.why) for x in lost] == [("a", "never stored")]


def test_a_stored_row_older_than_an_acknowledged_save_loses_it():
    lost = lost_writes([Ack(1, 1, "a"), Ack(1, 2, "b")], {1: (1, "a")})
    assert [x.ack.evidence for x in lost] == ["b"]


def test_two_saves_stored_as_the_same_revision_lose_one():
    lost = lost_writes([Ack(1, 2, "a"), Ack(1, 2, "b")], {1: (2, "b")})
    assert len(lost) == 1 and "twice" in lost[0].why


def test_other_text_at_the_acknowledged_revision_is_a_lost_write():
    lost = lost_writes([Ack(1, 2, "a")], {1: (2, "someone else")})
    assert len(lost) == 1


def test_a_later_write_whose_answer_never_came_may_supersede():
    acks = [Ack(1, 2, "a")]
    assert lost_writes(acks, {1: (3, "timed out")}, {1: {"timed out"}}) == []
    assert len(lost_writes(acks, {1: (3, "nobody")}, {1: {"timed out"}})) == 1


@pytest.mark.parametrize(("p", "expected"), [(50, 50), (95, 95), (99, 99), (100, 100)])
def test_percentiles_are_nearest_rank(p, expected):
    assert percentile([float(n) for n in range(100, 0, -1)], p) == expected


def test_percentile_of_nothing_is_zero():
    assert percentile([], 99) == 0.0


def test_the_summary_sets_the_page_mix_against_the_healthz_floor():
    mix = Tally(10.0, {"read": [100.0] * 90, "save": [200.0] * 10}, errors=1, conflicts=3)
    floor = Tally(5.0, {"healthz": [10.0] * 500})
    text = summary(mix=mix, floor=floor, acks=10, lost=[], users=5, workers=3, engine="SQLite")
    assert "all pages       100     10.0      100      200      200" in text
    assert "/healthz        500    100.0       10       10       10" in text
    assert "page mix 10.0 req/s = 10.0% of the /healthz floor (100.0 req/s)" in text
    assert "errors: 1 (page mix), 0 (/healthz); conflicts (409, by design): 3" in text
    assert "saves acknowledged: 10; lost writes: 0" in text


def test_the_summary_names_lost_writes():
    lost = lost_writes([Ack(7, 2, "a")], {7: (1, "")})
    text = summary(mix=Tally(1.0, {}), floor=Tally(1.0, {}), acks=1, lost=lost, users=1,
                   workers=1, engine="SQLite")
    assert "lost writes: 1" in text and "row 7 revision 2" in text
