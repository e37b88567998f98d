"""Book the worker's daily run (reminders, digests, housekeeping) if none is waiting: at once
when none has run today, else for tomorrow morning."""
from django.core.management.base import BaseCommand
from django.utils import timezone

from reminders.tasks import schedule_daily


class Command(BaseCommand):
    help = ("Book the daily reminders run for the task worker (at once if none has run today), "
            "unless one is already booked.")

    def handle(self, *args, **options):
        at = schedule_daily()
        if at is None:
            self.stdout.write("The daily reminders run is already booked.")
        else:
            self.stdout.write(f"Booked the daily reminders run for "
                              f"{timezone.localtime(at):%-d %B %Y at %H:%M}.")
