"""make load's run read back from the virtual users' records (``demo.load_report.read_run``):
each phase's requests and failures, the acknowledged and uncertain saves, and a run that stopped
short."""
import json

from demo.load_report import Ack, read_run


def lines(*items):
    return [json.dumps(item) for item in items]


def test_the_records_give_each_phase_its_requests_failures_and_length():
    run = read_run(lines(
        {"request": "read", "phase": "mix", "ms": 10.0, "error": None},
        {"request": "save", "phase": "mix", "ms": 30.0, "error": None},
        {"ack": 7, "revision": 3, "evidence": "load 1"},
        {"request": "save", "phase": "mix", "ms": 60.0, "error": "POST /x/: 500"},
        {"uncertain": 7, "evidence": "load 2"},
        {"conflict": 7},
        {"ended": "mix", "seconds": 2.0},
        {"request": "healthz", "phase": "floor", "ms": 1.0, "error": None},
        {"ended": "floor", "seconds": 1.0},
    ))
    assert run.unfinished == ""
    assert (run.mix.seconds, run.mix.ms, run.mix.errors, run.mix.conflicts) == (
        2.0, {"read": [10.0], "save": [30.0, 60.0]}, 1, 1)
    assert (run.floor.seconds, run.floor.ms, run.floor.errors) == (1.0, {"healthz": [1.0]}, 0)
    assert run.acks == [Ack(7, 3, "load 1")]
    assert run.uncertain == {7: {"load 2"}}
    assert run.error_samples == ["POST /x/: 500"]


def test_a_run_that_stopped_short_says_why():
    failed = read_run(lines({"sign_in_failed": "signing in as a@b answered 200, not a redirect"}))
    assert failed.unfinished == "signing in as a@b answered 200, not a redirect"
    cut = read_run(lines({"request": "read", "phase": "mix", "ms": 1.0, "error": None},
                         {"ended": "mix", "seconds": 60.0}))
    assert "ended before" in cut.unfinished
