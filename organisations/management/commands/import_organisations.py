"""Import providers, and their commissioning links, from a CSV or XLSX file (see
``organisations.importer``): ``import_organisations FILE [--dry-run] [--by EMAIL]``."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.imports.command import run_import
from organisations import import_services as services
from organisations.importer import import_check
from organisations.models import User
from organisations.permissions import can

UNKNOWN_USER = "No active user has the email '{email}'."


class Command(BaseCommand):
    help = ("Import providers (CSV or XLSX) and their commissioning links; --dry-run writes "
            "nothing.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and say what it would change; write nothing.")
        parser.add_argument("--by", metavar="EMAIL",
                            help="The administrator the history names as making the import "
                                 "(without it, the history names nobody).")

    def handle(self, *args, file, dry_run, by, **options):
        path = Path(file)
        user = None
        if by:
            user = User.objects.filter(email__iexact=by, is_active=True).first()
            if user is None:
                raise CommandError(UNKNOWN_USER.format(email=by))
            if not can(user, "organisations.import_organisations"):
                raise CommandError(services.NOT_ALLOWED)
        run_import(self, path, dry_run=dry_run, imported="",
                   check=lambda content, name: import_check(content=content, filename=name),
                   apply=lambda plan: services.import_apply(plan=plan, by=user))
