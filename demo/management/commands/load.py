"""``manage.py load``: many users at once against gunicorn on loopback (``make load``).

It prepares the scratch database for ``--providers`` x ``--years`` if it is missing (as
``make bench`` does: ``demo.scratch``), then runs itself again against it (``--inside``):
gunicorn serves it, ``--users`` virtual users sign in and read pages and save criteria for
``--seconds``, then ask ``/healthz`` for ``--floor-seconds`` (the same number of users on the
cheapest page: the floor). Finally every acknowledged save is looked for in the database.
Prints req/s and p50/p95/p99 latency; exits 1 on a lost write or any error. Not part of
``make test``.
"""
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from itertools import cycle, zip_longest
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse

from demo.load import Server, VirtualUser, plan, run_phase, stored, stored_as
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
            return self.drive(**options)
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

    def drive(self, *, users, seconds, floor_seconds, workers, per_role, save_share, **options):
        people = plan(per_role)
        if not people:
            raise CommandError("No users to sign in as: seed the database first.")
        by_role = {}
        for person in people:
            by_role.setdefault(person.role, []).append(person)
        # Roles taken in turn, so that a few virtual users still cover every role.
        turns = [p for group in zip_longest(*by_role.values()) for p in group if p]
        chosen = [person for _, person in zip(range(users), cycle(turns), strict=False)]
        distinct = {p.email: p for p in chosen}.values()
        savers = [p for p in distinct if p.save_url]
        roles = Counter(p.role for p in distinct)
        self.stdout.write(f"Signing in {users} virtual users as {len(distinct)} real users ("
                          + ", ".join(f"{n} {role}" for role, n in roles.items())
                          + f"); {len(savers)} of them save in a draft\n")
        if not savers:
            self.stdout.write(self.style.WARNING("No draft self-assessment: reads only.\n"))
        run_id = time.strftime("%H%M%S")
        log = Path(settings.BASE_DIR) / "var" / "load-gunicorn.log"
        with Server(workers, log) as server:
            virtual = [VirtualUser(n, person, server.base, save_share, run_id)
                       for n, person in enumerate(chosen)]
            with ThreadPoolExecutor(workers) as pool:  # signing in hashes a password: not timed
                list(pool.map(lambda v: v.client.sign_in(v.person.email), virtual))
            self.stdout.write(f"Driving for {seconds:.0f} s ...\n")
            mix, outcome = run_phase(virtual, seconds)
            self.stdout.write(f"/healthz for {floor_seconds:.0f} s ...\n")
            floor, floor_outcome = run_phase(virtual, floor_seconds, reverse("healthz"))
        connection.close()  # read what gunicorn's workers committed, on a fresh connection
        checked = stored_as(outcome.acks)
        lost = lost_writes(checked, stored({a.row for a in checked}), outcome.uncertain)
        answered = {(a.row, a.evidence): a.revision for a in outcome.acks}
        misreported = sum(1 for a in checked if a.revision not in (None, answered[a.row, a.evidence]))
        self.stdout.write("\n" + summary(
            mix=mix, floor=floor, acks=len(outcome.acks), lost=lost, users=users,
            workers=workers, misreported=misreported,
            engine="PostgreSQL" if connection.vendor == "postgresql" else "SQLite") + "\n")
        for sample in outcome.error_samples + floor_outcome.error_samples:
            self.stdout.write(f"  error: {sample}\n")
        if lost or mix.errors or floor.errors:
            raise CommandError(f"{len(lost)} lost writes, {mix.errors + floor.errors} errors; "
                               f"gunicorn's log: {log}")
        self.stdout.write(self.style.SUCCESS("Every acknowledged save is stored; no errors.\n"))
