"""Delete learners' rows and access records past their retention periods, as the worker's
daily run does: `python manage.py apply_retention [--dry-run]`."""
from django.core.management.base import BaseCommand

from outcomes.retention import retention_run


class Command(BaseCommand):
    help = ("Delete the learners past their local authority's retention period, with their "
            "goals, steps, progress and history, and the access records past theirs; record "
            "what went (counts). --dry-run lists what would go and deletes nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="List what is past retention; delete nothing.")

    def handle(self, *args, dry_run=False, **options):
        due = retention_run(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for item in due:
            self.stdout.write(f"{item.local_authority.name}: {verb.lower()} "
                              f"{len(item.learner_ids)} learner"
                              f"{'' if len(item.learner_ids) == 1 else 's'} born before "
                              f"{item.born_before}, and:")
            for label, count in item.counts.items():
                self.stdout.write(f"  {label}: {count}")
        total = sum(item.total for item in due)
        self.stdout.write(f"{verb} {total} row{'' if total == 1 else 's'} past retention "
                          f"from {len(due)} local authorit{'y' if len(due) == 1 else 'ies'}.")
