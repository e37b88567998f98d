"""Import a local authority's learner outcomes from a CSV or XLSX file (see
``outcomes.importer``): ``import_outcomes FILE --la SLUG --by EMAIL [--dry-run]``."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.imports.command import run_import
from organisations.models import Organisation, User
from organisations.permissions import can
from outcomes import services
from outcomes.importer import import_check

UNKNOWN_LA = "No local authority has the slug '{slug}'."
NOT_AN_LA = "{name} is not a local authority: outcomes are imported for an LA's learners."
BY_REQUIRED = "Give --by, the email of the LA commissioner the import is recorded as."
UNKNOWN_USER = "No active user has the email '{email}'."


class Command(BaseCommand):
    help = "Import learner outcomes (CSV or XLSX) for a local authority; --dry-run writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument("--la", required=True, metavar="LA_SLUG",
                            help="The local authority's portal slug.")
        parser.add_argument("--by", metavar="EMAIL",
                            help="The LA commissioner recorded as making the import "
                                 "(required unless --dry-run).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Check the file and say what it would change; write nothing.")

    def handle(self, *args, file, la, by, dry_run, **options):
        path = Path(file)
        org = Organisation.objects.filter(slug=la).first()
        if org is None:
            raise CommandError(UNKNOWN_LA.format(slug=la))
        if org.kind != Organisation.Kind.LOCAL_AUTHORITY:
            raise CommandError(NOT_AN_LA.format(name=org.name))
        user = None
        if not dry_run:
            if not by:
                raise CommandError(BY_REQUIRED)
            user = User.objects.filter(email__iexact=by, is_active=True).first()
            if user is None:
                raise CommandError(UNKNOWN_USER.format(email=by))
            if not can(user, "outcomes.manage_outcomes", org):
                raise CommandError(services.NOT_ALLOWED)
        run_import(self, path, dry_run=dry_run, imported=f" for {org.name}",
                   check=lambda content, name: import_check(content=content, filename=name,
                                                            local_authority=org),
                   apply=lambda plan: services.import_apply(plan=plan, by=user))
