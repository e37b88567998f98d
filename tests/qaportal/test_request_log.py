"""Each request's id, in its response header, its one log line and the lines of the tasks it
enqueued; and nothing personal in any log line, whatever the pages are asked."""
import io
import json
import logging
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core import tracing
from notifications.tasks import ATTEMPTS
from people.models import Invitation
from people.tasks import send_invitation
from qaportal.log_format import logging_settings
from tests.factories import PASSWORD
from tests.outcomes.helpers import shared_learners
from tests.tasks import run_tasks


@pytest.fixture
def log_lines():
    """Every line logged while the test runs, as the service writes them (``LOGGING``'s
    console formatter and filters), each read back as JSON."""
    root = logging.getLogger()
    [console] = [h for h in root.handlers if h.name == "console"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for kept_out in console.filters:
        handler.addFilter(kept_out)
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def requests_logged(lines) -> list[dict]:
    return [line for line in lines if line["event"] == "request"]


def test_a_response_carries_its_request_id_and_one_line_says_how_it_went(client, world,
                                                                       log_lines):
    client.force_login(world.users["provider_lead"])
    response = client.get(reverse("organisations:list") + "?q=Riverside")
    request_id = response[tracing.HEADER]
    assert len(request_id) == 32
    [line] = requests_logged(log_lines())
    assert line["request_id"] == request_id and line["level"] == "info"
    assert line["method"] == "GET" and line["status"] == 200
    assert line["view"] == "organisations:list" and line["route"] == "organisations/"
    assert line["queries"] > 0 and line["ms"] > 0 and line["timestamp"].endswith("Z")
    assert "Riverside" not in json.dumps(line)  # the query string is never logged
    # Another request, another id.
    assert client.get(reverse("organisations:list"))[tracing.HEADER] != request_id


@pytest.mark.parametrize(("sent", "kept"), [
    ("3f2a9c1e-proxy-0042", True), ("0123456789abcdef0123456789abcdef", True),
    ("short", False), ("x" * 65, False), ("<script>alert(1)</script>", False),
    ("nia.jones@example.test", False)])
def test_an_id_sent_by_the_proxy_is_kept_only_if_it_looks_like_one(db, client, log_lines, sent,
                                                                  kept):
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID=sent)
    assert (response[tracing.HEADER] == sent) is kept
    [line] = requests_logged(log_lines())
    assert line["request_id"] == response[tracing.HEADER]


def test_the_load_balancers_health_check_is_not_logged_at_info(db, client, log_lines):
    assert client.get(reverse("healthz")).status_code == 200
    assert requests_logged(log_lines()) == []


def test_a_task_enqueued_by_a_request_logs_under_the_requests_id(client, world, log_lines):
    client.force_login(world.users["provider_lead"])
    response = client.post(reverse("people:invite", args=[world.provider.slug]),
                           {"email": "new@riverside.test", "role": "provider_staff"})
    assert response.status_code == 302
    request_id = response[tracing.HEADER]
    run_tasks()
    assert [m.to for m in mail.outbox] == [["new@riverside.test"]]
    assert Invitation.objects.get().sent_at is not None  # the task ran as before
    [task] = [line for line in log_lines() if line["event"] == "task"]
    assert task["request_id"] == request_id
    assert task["task"] == "people.tasks.send_invitation" and task["status"] == "SUCCESSFUL"
    assert task["task_id"] and task["attempts"] == 1 and task["ms"] >= 0


def test_a_task_keeps_its_requests_id_when_it_enqueues_another_and_a_failure_is_a_warning(
        client, world, log_lines):
    client.force_login(world.users["provider_lead"])
    refused = mock.patch("people.services.deliver", side_effect=ConnectionRefusedError)
    with refused:
        response = client.post(reverse("people:invite", args=[world.provider.slug]),
                               {"email": "new@riverside.test", "role": "provider_staff"})
        run_tasks()  # the first attempt: refused, tried again later
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.task_result.kwargs[tracing.KWARG] == response[tracing.HEADER]
    with refused:
        send_invitation.enqueue(Invitation.objects.get().pk, "", ATTEMPTS)  # no request
        run_tasks()
    first, last = [line for line in log_lines() if line["event"] == "task"]
    assert first["request_id"] == response[tracing.HEADER] and first["level"] == "info"
    assert last["request_id"] == "" and last["status"] == "FAILED"
    assert last["level"] == "warning"


def test_no_personal_data_reaches_the_logs(client, world, outcome_scheme, log_lines):
    """Everyone signs in through the form (mistyping their password first), and pages are
    asked with names, email addresses and learner references in their addresses, searches and
    forms; the invitation emails go out through the worker. No line holds any of them."""
    lead = world.users["provider_lead"]
    learners = [learner.reference for learner in
                shared_learners(world.la, world.provider, lead, 3, prefix="QZLOG")]
    secrets = {PASSWORD, "wrong-password-typed", *learners}
    for user in world.users.values():
        secrets |= {user.email, user.full_name}
        client.post(reverse("login"), {"login": user.email, "password": "wrong-password-typed"})
        client.post(reverse("login"), {"login": user.email, "password": PASSWORD})
        for text in [user.email, user.full_name, *learners]:
            client.get(reverse("organisations:list"), {"q": text})
            client.get(reverse("outcomes:learners"), {"q": text})
            client.get(f"/organisations/{text}/")
        client.post(reverse("people:invite", args=[world.provider.slug]),
                    {"email": f"new.{user.email}", "role": "provider_staff"})
        client.post(reverse("logout"))
    run_tasks()
    assert mail.outbox  # the worker sent the invitations
    lines = log_lines()
    assert len(requests_logged(lines)) > 10 * len(world.users)
    logged = "\n".join(json.dumps(line) for line in lines)
    assert [text for text in secrets if text and text in logged] == []


def test_a_log_format_other_than_json_or_text_stops_the_portal_starting():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT must be one of json, text"):
        logging_settings("xml", "INFO")
    text = logging_settings("text", "INFO")["formatters"]["lines"]
    assert type(text["processors"][-1]).__name__ == "ConsoleRenderer"
