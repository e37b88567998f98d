"""``manage.py faults`` (``make faults``): the database-outage drill. A scratch PostgreSQL
cluster of its own (never the main one on 5432), gunicorn serving the portal from it, requests
before, during and after stopping it; exits 1 on any 500, or if the first request after the
database is back fails. Needs root (``pg_createcluster``). Not part of ``make test``."""
import signal
import sys

from django.core.management.base import BaseCommand, CommandError

from operations import fault_drill


class Command(BaseCommand):
    help = ("Stop and start a scratch PostgreSQL cluster under gunicorn and show that requests "
            "get 503 (never 500) during the outage and succeed as soon as it is back.")

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=5499,
                            help="The scratch cluster's port, or the next free one after it.")
        parser.add_argument("--pg-version", default=None,
                            help="PostgreSQL version (default: the newest installed).")
        parser.add_argument("--outage-seconds", type=float, default=4,
                            help="How long requests are made while the database is stopped.")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers.")

    def handle(self, *args, port, pg_version, outage_seconds, workers, **options):
        if port == 5432:
            raise CommandError("Port 5432 is the main cluster's: the drill never touches it.")
        # Stopped from outside (kill, CI timeout): unwind, so the cluster and gunicorn go too.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            passed = fault_drill.run(self.stdout, port=port, version=pg_version,
                                     outage_seconds=outage_seconds, workers=workers)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        if not passed:
            raise CommandError("The outage drill failed (see FAIL above).")
        self.stdout.write(self.style.SUCCESS("The outage drill passed."))
