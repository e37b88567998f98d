"""``make load``'s virtual users (locust, ``demo/locustfile.py``) sign in through the real
sign-in page and save a criterion in place as the page's htmx does, against a live server: a
change to the sign-in form or the in-place save must not leave the driver failing only when run
by hand."""
from django.db import connection

from demo.load import Person, drive, plan, stored, stored_as
from demo.load_report import lost_writes
from demo.seed import DEMO_PASSWORD
from organisations.models import User


def test_locust_users_sign_in_read_and_save_with_no_lost_write(live_server, world, start, tmp_path):
    start("si-qaf")  # the provider lead's (and staff's) draft
    for user in User.objects.all():
        user.set_password(DEMO_PASSWORD)
        user.save()
    savers = [p for p in plan(per_role=1) if p.save_url]
    lead = next(p for p in savers if p.role == "provider lead")
    reader = Person(lead.email, "reader", lead.pages)  # the same person, reading only

    run = drive([lead, reader], live_server.url, seconds=3, floor_seconds=1, save_share=0.5,
                sign_ins_at_once=2, log=tmp_path / "locust.log")

    assert run.unfinished == "", (tmp_path / "locust.log").read_text()
    assert run.mix.errors == run.floor.errors == 0, run.error_samples
    assert len(run.mix.ms["read"]) > 0 and len(run.floor.ms["healthz"]) > 0
    assert run.acks, "no save was acknowledged"
    connection.close()
    checked = stored_as(run.acks)
    assert lost_writes(checked, stored({a.row for a in checked}), run.uncertain) == []
    assert all(a.revision is not None for a in checked)
