"""`manage.py render_report ID --out FILE.pdf [--audience provider|commissioner] [--visit]`."""
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from assessments.models import Assessment
from reports import renderers
from reports.audience import COMMISSIONER_COPY
from tests.migrated import differences
from visits.models import Visit
from visits.records import VISITS

from .conftest import pdf_pages

# What load_frameworks writes, which the test session loads before any test runs.
LOADED_BY_THE_SESSION = ["frameworks_", "outcomes_outcomescheme", "commissioning_checklist"]


def run(*args):
    out = io.StringIO()
    call_command("render_report", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def _visit(demo, state="preparing", **fields):
    """A QA visit record for Oakfield, made directly: the visit workflow is not under test."""
    from frameworks.models import Framework

    framework = Framework.objects.current().get(slug="leics-ap-visit")
    return Visit.objects.create(
        framework=framework, provider=demo.oakfield, commissioner_id=demo.visit.commissioner_id,
        period="2025/26", state=state, created_by=demo.user("seip_officer"), **fields)


def test_render_report_writes_the_provider_copy_by_default(demo, tmp_path):
    out = tmp_path / "si.pdf"
    message = run(demo.si.pk, "--out", out)
    pdf = out.read_bytes()
    assert pdf.startswith(b"%PDF")
    assert "Wrote the provider copy" in message
    pages = pdf_pages(pdf)
    assert "Total score 34/36" in pages[0]
    assert not any(COMMISSIONER_COPY in page for page in pages)


def test_render_report_commissioner_copy(demo, tmp_path):
    out = tmp_path / "review.pdf"
    run(demo.review.pk, "--out", out, "--audience", "commissioner")
    # Made for no one in particular, it holds no reviewer's internal notes, and says so.
    pages = pdf_pages(out.read_bytes())
    assert all("Commissioner copy: not for the provider" in page for page in pages)
    assert not any(COMMISSIONER_COPY in page for page in pages)


def test_an_unknown_id_is_an_error_with_a_message(db, tmp_path):
    with pytest.raises(CommandError, match=r"^No assessment with id 999999 \(for a QA visit's "
                                           r"id, add --visit\)\.$"):
        run(999999, "--out", tmp_path / "x.pdf")
    with pytest.raises(CommandError, match=r"^No QA visit with id 999999\.$"):
        run(999999, "--out", tmp_path / "x.pdf", "--visit")
    assert not (tmp_path / "x.pdf").exists()


def test_an_unknown_id_exits_non_zero_from_the_command_line(db, tmp_path, capsys):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["manage.py", "render_report", "999999", "--out",
                           str(tmp_path / "x.pdf")]).execute()
    assert exit_.value.code != 0
    assert "No assessment with id 999999 (for a QA visit's id, add --visit)." in (
        capsys.readouterr().err)


def test_the_commissioner_copy_of_an_unshared_draft_is_refused(demo, tmp_path):
    with pytest.raises(CommandError, match="commissioner cannot see it.*not shared"):
        run(demo.draft.pk, "--out", tmp_path / "d.pdf", "--audience", "commissioner")
    assert not (tmp_path / "d.pdf").exists()
    # The provider sees its own draft.
    run(demo.draft.pk, "--out", tmp_path / "d.pdf", "--audience", "provider")
    assert (tmp_path / "d.pdf").read_bytes().startswith(b"%PDF")


def test_the_commissioner_copy_of_a_shared_draft_is_made(demo, tmp_path):
    Assessment.objects.filter(pk=demo.draft.pk).update(shared_with_commissioners=True)
    run(demo.draft.pk, "--out", tmp_path / "d.pdf", "--audience", "commissioner")
    text = " ".join(pdf_pages((tmp_path / "d.pdf").read_bytes()))
    assert "Status: Draft (shared with commissioners)" in text


def test_a_qa_visit_report_is_rendered_by_the_visits_id(demo, tmp_path):
    visit = _visit(demo, state="visit_recorded")
    message = run(visit.pk, "--out", tmp_path / "v.pdf", "--visit")
    assert "Wrote the provider copy" in message
    assert "QA visit" in " ".join(pdf_pages((tmp_path / "v.pdf").read_bytes()))


def test_an_id_names_a_self_assessment_and_with_visit_a_qa_visit(demo, tmp_path):
    """Self-assessments and QA visits number their records separately: one id may name one
    of each."""
    pk = demo.si.pk
    if not Visit.objects.filter(pk=pk).exists():
        _visit(demo, state="visit_recorded", pk=pk)
    run(pk, "--out", tmp_path / "s.pdf")
    assert "Total score 34/36" in pdf_pages((tmp_path / "s.pdf").read_bytes())[0]
    run(pk, "--out", tmp_path / "v.pdf", "--visit")
    assert "QA Visit Record" in pdf_pages((tmp_path / "v.pdf").read_bytes())[0]


def test_a_registered_visit_renderer_is_used_for_audiences_that_see_the_visit(
        demo, tmp_path, monkeypatch):
    calls = []

    def fake_visit_pdf(assessment, *, audience, base_url=renderers.REPORT_BASE_URL):
        calls.append((assessment.pk, audience))
        return b"%PDF-1.7 visit record"

    monkeypatch.setitem(renderers.ASSESSMENT_RENDERERS, VISITS, fake_visit_pdf)
    visit = _visit(demo, state="visit_recorded")
    run(visit.pk, "--out", tmp_path / "v.pdf", "--audience", "commissioner", "--visit")
    assert (tmp_path / "v.pdf").read_bytes() == b"%PDF-1.7 visit record"
    assert calls == [(visit.pk, "commissioner")]

    preparing = _visit(demo, state="preparing")
    with pytest.raises(CommandError, match="provider cannot see it.*being prepared"):
        run(preparing.pk, "--out", tmp_path / "p.pdf", "--audience", "provider", "--visit")


def test_a_missing_output_folder_is_an_error(demo, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run(demo.si.pk, "--out", tmp_path / "no-such-folder" / "si.pdf")


@pytest.mark.own_database
def test_render_report_from_a_fresh_make_run_database(tmp_path, db):
    """What `make run` leaves behind (migrate, load_frameworks, seed_demo on a new SQLite
    file), then render_report from the shell for every demo assessment and visit. On the way,
    the database `migrate` made is the test database as the suite made it from the models
    (``tests/migrated.py``)."""
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                "MEDIA_ROOT": str(tmp_path / "media")})

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *map(str, args)], cwd=root, env=env,
                              capture_output=True, text=True, timeout=300)

    for step in (["migrate", "--noinput"], ["load_frameworks"], ["seed_demo"]):
        done = manage(*step)
        assert done.returncode == 0, done.stderr
        if step[0] == "migrate" and connection.vendor == "sqlite":
            loaded = [table for table in connection.introspection.table_names()
                      if table.startswith(tuple(LOADED_BY_THE_SESSION))]
            assert differences(tmp_path / "db.sqlite3", loaded) == []
    # Self-assessments and QA visits number their records separately.
    ids = {"riverside si-qaf 2024/25": (1,), "riverside si-qaf 2025/26": (2,),
           "oakfield integrated 2025/26": (3,), "oakfield visit": (1, "--visit"),
           "beacon visit": (2, "--visit")}
    for name, (pk, *visit) in ids.items():
        out = tmp_path / f"{name.replace(' ', '-').replace('/', '-')}.pdf"
        done = manage("render_report", pk, "--out", out, *visit)
        assert done.returncode == 0, (name, done.stderr)
        assert "Wrote the provider copy" in done.stdout
        assert out.read_bytes().startswith(b"%PDF")
    visit = manage("render_report", 1, "--visit", "--out", tmp_path / "c.pdf",
                   "--audience", "commissioner")
    assert visit.returncode == 0, visit.stderr
    assert "Wrote the commissioner copy" in visit.stdout
    text = " ".join(pdf_pages((tmp_path / "c.pdf").read_bytes()))
    assert "Oakfield Alternative Provision" in text and "Chair’s decision" in text

