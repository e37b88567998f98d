"""``make faults``' verdict on what the drill's requests got (the drill itself needs root and a
scratch PostgreSQL cluster, so it runs as ``make faults``, not here)."""
from operations.fault_drill import ExportCheck, Row, export_table, table, verdict, worker_verdict


def row(phase, status, *, at=0.0, expected=200, page=None, retry_after=None, path="/"):
    unavailable = status == 503 if page is None else page
    return Row(at=at, phase=phase, who="signed in", method="GET", path=path, status=status,
               ms=5, expected=expected, unavailable_page=unavailable,
               retry_after=("60" if status == 503 else "") if retry_after is None else retry_after)


def drill(*outage, back=(200, 200), restarted=(200,)):
    return ([row("before", 200)] + [row("outage", s) for s in outage]
            + [row("back", s) for s in back] + [row("restarted", s) for s in restarted])


def test_503s_during_the_outage_and_200s_after_pass():
    assert verdict(drill(503, 503)) == []


def test_a_500_during_the_outage_fails():
    assert verdict(drill(503, 500)) == [
        "  0.00s GET / (outage, signed in): 500"]


def test_a_200_during_the_outage_fails_the_database_was_not_really_gone():
    assert "200 during the outage" in verdict(drill(200))[0]


def test_a_503_without_retry_after_or_without_the_page_fails():
    no_header = drill(503)
    no_header[1].retry_after = ""
    assert "not the 503 page with Retry-After" in verdict(no_header)[0]
    no_page = drill(503)
    no_page[1].unavailable_page = False
    assert "not the 503 page with Retry-After" in verdict(no_page)[0]


def test_the_first_request_after_the_database_is_back_must_succeed():
    problems = verdict(drill(503, back=(503, 200)))
    assert "The first request after the database came back (back) answered 503." in problems
    assert verdict(drill(503, restarted=(503,)))[-1] == (
        "The first request after the database came back (restarted) answered 503.")


def test_no_answer_at_all_fails():
    rows = drill(503)
    rows[1].status, rows[1].note = None, "Connection refused"
    assert verdict(rows) == ["  0.00s GET / (outage, signed in): no answer: Connection refused"]


def test_a_drill_with_no_outage_or_no_recovery_fails():
    assert "No request during the outage." in verdict(drill())
    assert "No request after the database came back (back)." in verdict(drill(503, back=()))


def test_the_table_shows_time_phase_request_status_and_the_503s_retry_after():
    text = table([row("outage", 503, at=1.5, path="/organisations/")])
    assert "time" in text and "status" in text
    assert "  1.50s  outage     signed in  GET /organisations/" in text
    assert "503" in text and "unavailable page, Retry-After: 60" in text


def made(*phases, outcome="ready"):
    return [ExportCheck(phase, "/exports/1/", outcome, 2.5) for phase in phases]


def test_a_worker_that_lived_and_made_every_export_passes():
    assert worker_verdict(made("before", "back", "restarted"), None) == []


def test_a_worker_that_exited_during_the_drill_fails_it():
    assert worker_verdict(made("before", "back", "restarted"), 1) == [
        "The task worker exited with status 1 during the drill: it must wait through an outage."]
    assert "was killed by SIGKILL" in worker_verdict(made("back", "restarted"), -9)[0]


def test_an_export_still_waiting_after_the_outage_fails_the_drill():
    checks = made("before", "restarted") + made("back", outcome="Waiting to start")
    assert worker_verdict(checks, None) == [
        "The bulk export asked for back (/exports/1/) was not made within 2 s: Waiting to start."]


def test_a_drill_that_asked_for_no_export_after_the_outage_fails():
    assert worker_verdict(made("before", "back"), None) == [
        "No bulk export was asked for after the database came back (restarted)."]


def test_the_export_table_shows_phase_export_outcome_and_seconds():
    text = export_table(made("back"))
    assert "phase" in text and "outcome" in text
    assert "back       /exports/1/              2.5  ready" in text
