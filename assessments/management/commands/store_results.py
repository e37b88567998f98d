"""``manage.py store_results``: store the result of every self-assessment that has none yet
(those from before results were stored with them). Pages read them right meanwhile, from the
ratings, only more slowly. Safe to run again: it does nothing once all are stored."""
from django.core.management.base import BaseCommand

from assessments.results import store_missing


class Command(BaseCommand):
    help = "Store the result of each self-assessment that has none stored yet."

    def handle(self, *args, **options):
        count = store_missing()
        self.stdout.write(self.style.SUCCESS(f"Stored the results of {count} self-assessment(s)."))
