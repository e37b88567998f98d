"""``manage.py load``: many users at once against gunicorn on loopback (``make load``).

It prepares the scratch database for ``--providers`` x ``--years`` if it is missing (as
``make bench`` does: ``demo.scratch``), then runs itself again against it (``--inside``):
gunicorn serves it, ``--users`` virtual users sign in and read pages and save criteria for
``--seconds``, then ask ``/healthz`` for ``--floor-seconds`` (the same number of users on the
cheapest page: the floor); locust drives them (``demo.load.drive``, ``demo/locustfile.py``).
Finally every acknowledged save is looked for in the database.
Prints req/s and p50/p95/p99 latency; exits 1 on a lost write or any error. Not part of
``make test``.
"""
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.load import Server, drive, plan, stored, stored_as, virtual_users
from demo.load_report import lost_writes, summary
from demo.scratch import engine_name, exists, manage, prepare, scratch_url


class Command(BaseCommand):
    help = "Serve a large scratch database with gunicorn and drive many users at it."

    def add_arguments(self, parser):
        parser.add_argument("--providers", type=int, default=3000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--users", type=int, default=50, help="Virtual users at once.")
        parser.add_argument("--seconds", type=float, default=60, help="How long the page mix runs.")
        parser.add_argument("--floor-seconds", type=float, default=10,
                            help="How long the same users then ask /healthz.")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers.")
        parser.add_argument("--per-role", type=int, default=5,
                            help="Real users picked for each role (busiest first).")
        parser.add_argument("--save-share", type=float, default=0.3,
                            help="Share of a provider lead's turns that save a criterion.")
        parser.add_argument("--fresh", action="store_true",
                            help="Seed the scratch database again even if it exists.")
        parser.add_argument("--inside", action="store_true",
                            help="(internal) run against this process's database.")

    def handle(self, *args, providers, years, inside, fresh, **options):
        if inside:
            return self.run_here(**options)
        url = scratch_url(providers, years)
        if fresh or not exists(url):
            prepare(url, providers, years, fresh, self.stdout)
        passed = [f"--{k.replace('_', '-')}={options[k]}" for k in
                  ("users", "seconds", "floor_seconds", "workers", "per_role", "save_share")]
        self.stdout.write(f"{engine_name(url)} scratch database {providers} providers x "
                          f"{years} years\n")
        try:
            manage("load", "--inside", *passed, url=url)
        except Exception as exc:
            raise CommandError("The load run failed (see above).") from exc

    def run_here(self, *, users, seconds, floor_seconds, workers, per_role, save_share, **options):
        people = plan(per_role)
        if not people:
            raise CommandError("No users to sign in as: seed the database first.")
        chosen = virtual_users(people, users)
        distinct = {p.email: p for p in chosen}.values()
        savers = [p for p in distinct if p.save_url]
        roles = Counter(p.role for p in distinct)
        self.stdout.write(f"Signing in {users} virtual users as {len(distinct)} real users ("
                          + ", ".join(f"{n} {role}" for role, n in roles.items())
                          + f"); {len(savers)} of them save in a draft\n")
        if not savers:
            self.stdout.write(self.style.WARNING("No draft self-assessment: reads only.\n"))
        var = Path(settings.BASE_DIR) / "var"
        log, locust_log = var / "load-gunicorn.log", var / "load-locust.log"
        with Server(workers, log) as server:
            self.stdout.write(f"locust: {seconds:.0f} s of pages and saves, then /healthz for "
                              f"{floor_seconds:.0f} s ...\n")
            run = drive(chosen, server.base, seconds=seconds, floor_seconds=floor_seconds,
                        save_share=save_share, sign_ins_at_once=workers, log=locust_log)
        if run.unfinished:
            raise CommandError(f"The load run stopped short: {run.unfinished}; locust's output: "
                               f"{locust_log}, gunicorn's log: {log}")
        connection.close()  # read what gunicorn's workers committed, on a fresh connection
        checked = stored_as(run.acks)
        lost = lost_writes(checked, stored({a.row for a in checked}), run.uncertain)
        answered = {(a.row, a.evidence): a.revision for a in run.acks}
        misreported = sum(1 for a in checked if a.revision not in (None, answered[a.row, a.evidence]))
        self.stdout.write("\n" + summary(
            mix=run.mix, floor=run.floor, acks=len(run.acks), lost=lost, users=users,
            workers=workers, misreported=misreported,
            engine="PostgreSQL" if connection.vendor == "postgresql" else "SQLite") + "\n")
        for sample in run.error_samples:
            self.stdout.write(f"  error: {sample}\n")
        if lost or run.mix.errors or run.floor.errors:
            raise CommandError(f"{len(lost)} lost writes, {run.mix.errors + run.floor.errors} errors; "
                               f"gunicorn's log: {log}; locust's output: {locust_log}")
        self.stdout.write(self.style.SUCCESS("Every acknowledged save is stored; no errors.\n"))
