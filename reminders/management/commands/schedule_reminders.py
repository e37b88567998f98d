"""Book the worker's daily run (reminders, digests, housekeeping) if none is waiting."""
from django.core.management.base import BaseCommand

from reminders.tasks import next_run_after, schedule_daily


class Command(BaseCommand):
    help = "Book the daily reminders run for the task worker, unless one is already booked."

    def handle(self, *args, **options):
        from django.utils import timezone

        if schedule_daily():
            self.stdout.write(f"Booked the daily run for "
                              f"{timezone.localtime(next_run_after(timezone.now())):%d %B %Y %H:%M}.")
        else:
            self.stdout.write("The daily run is already booked.")
