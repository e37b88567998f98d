"""Send the reminders due today, for those who run them from cron rather than the worker's
daily run: `python manage.py send_reminders [--dry-run] [--date YYYY-MM-DD]`."""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders.services import send_reminders
from reminders.tasks import daily_work


class Command(BaseCommand):
    help = ("Send the reminders due today (each once per person and event, as each person "
            "chose), then the daily digests and the daily housekeeping, as the worker's daily "
            "run does. --dry-run lists the reminders and sends nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="List who would be reminded of what; write and send nothing.")
        parser.add_argument("--date", help="The day to remind for (YYYY-MM-DD; default today).")

    def handle(self, *args, dry_run=False, date=None, **options):
        today = timezone.localdate()
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}.") from exc
        if dry_run:
            sent, summary = send_reminders(today, dry_run=True), None
        else:
            sent, summary = daily_work(timezone.now(), today)
        verb = "Would send" if dry_run else "Sent"
        for item in sent:
            self.stdout.write(f"{verb} to {item.user.email} ({item.how}): {item.subject}")
        self.stdout.write(f"{verb} {len(sent)} reminder{'' if len(sent) == 1 else 's'} for "
                          f"{today.isoformat()}.")
        if summary:
            digests = summary["digests"]
            self.stdout.write(f"Sent {digests} digest email{'' if digests == 1 else 's'}; "
                              f"deleted {summary['notifications_pruned']} notifications kept "
                              f"12 months; marked {summary['abandoned_tasks']} stopped tasks "
                              "failed.")
            previews = summary["outcome_previews_deleted"]
            self.stdout.write(f"Deleted {previews} outcomes "
                              f"{'file' if previews == 1 else 'files'} previewed but not "
                              "imported.")
            previews = summary["organisation_previews_deleted"]
            self.stdout.write(f"Deleted {previews} organisations "
                              f"{'file' if previews == 1 else 'files'} previewed but not "
                              "imported.")
            removed = summary["rows_past_retention_deleted"]
            self.stdout.write(f"Deleted {removed} learners’ "
                              f"{'row' if removed == 1 else 'rows'} and access records past "
                              "retention.")
