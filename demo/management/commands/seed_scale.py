"""`manage.py seed_scale --providers N --years Y`: a realistic service at a commissioner's
real size (providers of every type, their commissioners and people, Y years of
self-assessments, QA visits, concerns and action plans), to measure pages' speed."""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.scale import NO_FRAMEWORK, NOT_ALLOWED, email, la_slug, seed_scale
from frameworks.models import Framework


class Command(BaseCommand):
    help = ("Create N providers of every type, commissioned by several local authorities and AP "
            "partnerships, each with Y years of self-assessments, QA visits in every state, "
            "causes for concern and action plans (random but repeatable). Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("--providers", type=int, default=300)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=2026, help="Random seed for the data.")

    def handle(self, *args, providers, years, seed, verbosity=1, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(NOT_ALLOWED)
        if providers < 1 or years < 1:
            raise CommandError("--providers and --years must be at least 1.")
        if not Framework.objects.exists():
            raise CommandError(NO_FRAMEWORK)

        def progress(done, total, seconds):
            if verbosity > 1:
                self.stdout.write(f"  {done} of {total} providers, {seconds:.1f} s")

        result = seed_scale(providers=providers, years=years, seed=seed, progress=progress)
        self.stdout.write("Made (total in brackets):")
        for name, made in result["made"].items():
            self.stdout.write(f"  {name}: {made} ({result['total'][name]})")
        self.stdout.write(self.style.SUCCESS(
            f"{providers} providers, {years} years in {result['seconds']:.1f} s. Sign in as "
            f"{email(la_slug(1), 'commissioner')} (password qa-portal-demo) to see them; "
            f"providers, partnerships and their people follow the same pattern."))
