"""``manage.py prune_exports [--dry-run]``: fail bulk exports whose worker was lost and delete
the ZIPs of those past their 7 days. Safe to run as often as wanted (e.g. every few minutes
from cron or the reminders' periodic run)."""
from django.core.management.base import BaseCommand

from exports.services import exports_housekeeping


class Command(BaseCommand):
    help = "Fail bulk exports whose worker was lost, and delete expired export files."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Say how many would change, changing nothing.")

    def handle(self, *args, dry_run=False, **options):
        counts = exports_housekeeping(dry_run=dry_run)
        verb = "Would mark" if dry_run else "Marked"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} {counts['failed']} stalled export(s) failed and "
            f"{counts['expired']} export(s) expired."))
