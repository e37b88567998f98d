"""`manage.py seed_demo`: create the demo organisations and logins (never in production)."""
from django.core.management.base import BaseCommand, CommandError

from demo.seed import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = "Create demo organisations, people in every role and commissioning links. Idempotent."

    def handle(self, *args, **options):
        try:
            logins = demo_seed()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Demo data is in place. Sign in with:"))
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.email.ljust(width)}  {login.role}, {login.organisation}")
        self.stdout.write(f"Password for every demo login: {DEMO_PASSWORD}")
