"""/healthz, production settings and the demo data command."""
import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from organisations.models import Commissioning, Membership, Organisation, User

ROOT = settings.BASE_DIR


def test_healthz_reports_the_database_ok_without_signing_in(db, client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.once  # a fresh process on an unreachable server, whatever DATABASE_URL names
def test_healthz_is_503_with_the_reason_when_the_database_is_unreachable():
    # A real, unreachable PostgreSQL server (nothing listens on port 9), in a fresh process.
    code = (
        "import django, json; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "qaportal.settings.test",
           "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none", "DB_CONN_MAX_AGE": "0"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    assert result["status"] == 503
    assert result["body"]["status"] == "error"
    assert result["body"]["database"] == "unavailable"
    assert "127.0.0.1" in result["body"]["reason"] or "connect" in result["body"]["reason"]


def _prod(env_extra):
    env = {k: v for k, v in os.environ.items()
           if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE",
                        "SERVICE_CONTROLLER", "SERVICE_DPO_CONTACT", "SERVICE_CONTACT_EMAIL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "qaportal.settings.prod", **env_extra})
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level",
                           "WARNING"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


@pytest.mark.once  # a subprocess with the production settings: same on any database
def test_production_refuses_to_start_without_a_secret_key():
    result = _prod({"ALLOWED_HOSTS": "qa.example.org"})
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


@pytest.mark.once  # a subprocess with the production settings: same on any database
def test_production_refuses_to_start_without_allowed_hosts():
    result = _prod({"SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS in the environment" in result.stderr


PROD = {"SECRET_KEY": "a-dummy-but-long-and-random-looking-secret-" + "k3y" * 10,
        "ALLOWED_HOSTS": "qa.example.org", "SERVICE_CONTROLLER": "Example Council",
        "SERVICE_DPO_CONTACT": "dpo@example.org", "SERVICE_CONTACT_EMAIL": "qa@example.org"}


@pytest.mark.once  # a subprocess with the production settings: same on any database
def test_production_settings_pass_the_deployment_checklist():
    result = _prod({**PROD, "SITE_URL": "https://qa.example.org"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.once  # a subprocess with the production settings: same on any database
def test_the_deployment_checklist_warns_until_the_privacy_notice_names_who_runs_it():
    result = _prod({**PROD, "SITE_URL": "https://qa.example.org", "SERVICE_DPO_CONTACT": ""})
    assert result.returncode != 0
    assert "qaportal.W001" in result.stderr and "Set SERVICE_DPO_CONTACT" in result.stderr


@pytest.mark.parametrize("site_url", [None, "", "qa.example.org", "ftp://qa.example.org",
                                      "https://", "https://qa.example.org/?next=/"])
@pytest.mark.once  # a subprocess with the production settings: same on any database
def test_the_deployment_checklist_fails_without_the_portal_s_own_address(site_url):
    """Emails sent by the worker link to SITE_URL: without it they would point at a
    developer's address (or nowhere)."""
    from qaportal.checks import SITE_URL_MISSING

    result = _prod(PROD if site_url is None else {**PROD, "SITE_URL": site_url})
    assert result.returncode != 0
    assert "qaportal.E001" in result.stderr
    assert SITE_URL_MISSING.splitlines()[0] in result.stderr


def test_make_run_tells_the_server_and_the_worker_the_address_it_serves():
    """`make run PORT=8102`: the worker's reminder emails link to port 8102, not 8000."""
    def commands(*args):
        """The lines of `make run` that start the worker and the server, as make would run them."""
        out = subprocess.run(["make", "-n", "run", *args], cwd=ROOT, capture_output=True,
                             text=True, timeout=60, check=True,
                             env={k: v for k, v in os.environ.items() if k != "SITE_URL"}).stdout
        lines = out.splitlines()
        return (next(line for line in lines if "manage.py run_worker" in line),
                next(line for line in lines if "manage.py runserver" in line))

    for args, address in [(["PORT=8102"], "http://127.0.0.1:8102"),
                          (["HOST=localhost", "PORT=8080"], "http://localhost:8080"),
                          # Listening on every address: link to this machine's own.
                          (["HOST=0.0.0.0", "PORT=8102"], "http://127.0.0.1:8102"),
                          (["PORT=8102", "SITE_URL=https://qa.example.org"],
                           "https://qa.example.org")]:
        worker, server = commands(*args)
        assert f"SITE_URL='{address}' .venv/bin/python manage.py run_worker" in worker, args
        assert f"SITE_URL='{address}' .venv/bin/python manage.py runserver" in server, args


def test_seed_demo_is_idempotent_and_covers_every_role(db):
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Organisation.objects.count(), User.objects.count(), Membership.objects.count(),
              Commissioning.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (Organisation.objects.count(), User.objects.count(),
                      Membership.objects.count(), Commissioning.objects.count())
    assert set(Membership.objects.values_list("role", flat=True)) == set(Membership.Role.values)
    assert Organisation.objects.filter(kind="provider").count() >= 2
    assert User.objects.filter(is_superuser=True).exists()


def test_seed_demo_refuses_where_demo_data_is_not_allowed(db, settings):
    from django.core.management.base import CommandError
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="Demo data is not allowed"):
        call_command("seed_demo")
    assert not User.objects.exists()


@pytest.mark.parametrize("sso, problem", [
    ({"SSO_ISSUER": "http://login.example.org/tenant/v2.0", "SSO_CLIENT_ID": "a",
      "SSO_CLIENT_SECRET": "b"}, "SSO_ISSUER is not an https:// address"),
    ({"SSO_ISSUER": "https://login.example.org/tenant/v2.0"}, "SSO_CLIENT_ID is not set"),
])
@pytest.mark.once  # a subprocess with the production settings: same on any database
def test_the_deployment_checklist_fails_on_single_sign_on_half_set_up(sso, problem):
    result = _prod({**PROD, "SITE_URL": "https://qa.example.org", **sso})
    assert result.returncode != 0
    assert "qaportal.E002" in result.stderr and problem in result.stderr


@pytest.mark.once  # a subprocess with the production settings: same on any database
def test_single_sign_on_set_up_passes_the_deployment_checklist():
    result = _prod({**PROD, "SITE_URL": "https://qa.example.org",
                    "SSO_ISSUER": "https://login.microsoftonline.com/t/v2.0",
                    "SSO_CLIENT_ID": "client", "SSO_CLIENT_SECRET": "secret"})
    assert result.returncode == 0, result.stdout + result.stderr
