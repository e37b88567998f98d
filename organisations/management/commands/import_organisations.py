"""Import providers, and their commissioning links, from a CSV or XLSX file (see
``organisations.importer``): ``import_organisations FILE [--dry-run] [--by EMAIL]``."""
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.imports.files import ImportFileError
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
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror}).") from None
        try:
            plan = import_check(content=content, filename=path.name)
        except ImportFileError as exc:
            raise CommandError("\n".join(f"{path.name}: {m}" for m in exc.messages)) from None
        self.stdout.write(plan.summary())
        if not plan.ok:
            for error in plan.errors:
                self.stdout.write(str(error))
            raise CommandError(f"{path.name}: {len(plan.errors)} "
                               f"{'error' if len(plan.errors) == 1 else 'errors'}; nothing was "
                               "imported.")
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")
            return
        try:
            services.import_apply(plan=plan, by=user)
        except (PermissionDenied, ValidationError) as exc:
            raise CommandError(" ".join(getattr(exc, "messages", [str(exc)]))) from None
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {plan.applied_summary()}."))
