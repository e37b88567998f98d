"""`manage.py seed_scale --providers N --years Y`: many providers with years of submitted
self-assessments, to see pages and dashboards at a commissioner's real size."""
import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment, Response
from frameworks.models import Criterion, Framework
from organisations.models import Commissioning, Organisation, User
from qaportal.periods import period_starting, start_year

NOT_ALLOWED = "Scale data is not allowed with these settings (ALLOW_DEMO_DATA is off, as in production)."
NO_FRAMEWORK = "Load the frameworks first: python manage.py load_frameworks"


class Command(BaseCommand):
    help = ("Create N providers commissioned by one local authority, each with Y years of "
            "submitted SI QAF self-assessments (random but repeatable ratings). Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("--providers", type=int, default=300)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--seed", type=int, default=2026, help="Random seed for the ratings.")

    def handle(self, *args, providers, years, seed, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError(NOT_ALLOWED)
        if providers < 1 or years < 1:
            raise CommandError("--providers and --years must be at least 1.")
        framework = Framework.objects.current().filter(slug="si-qaf").first()
        if framework is None:
            raise CommandError(NO_FRAMEWORK)
        began = time.perf_counter()
        created = self._seed(framework, providers, years, random.Random(seed))
        self.stdout.write(self.style.SUCCESS(
            f"{providers} providers, {years} years: {created} new self-assessments "
            f"in {time.perf_counter() - began:.1f} s. Sign in as scale-commissioner@qaportal.example "
            f"(password qa-portal-demo) to see them."))

    @transaction.atomic
    def _seed(self, framework, n_providers, n_years, rng) -> int:
        la, _ = Organisation.objects.get_or_create(
            slug="scale-county-council",
            defaults={"name": "Scale County Council", "kind": Organisation.Kind.LOCAL_AUTHORITY})
        user = User.objects.filter(email="scale-commissioner@qaportal.example").first()
        if user is None:
            user = User.objects.create_user("scale-commissioner@qaportal.example", "qa-portal-demo",
                                            full_name="Scale Commissioner")
        la.memberships.get_or_create(user=user, defaults={"role": "la_commissioner"})
        existing = set(Organisation.objects.filter(slug__startswith="scale-provider-")
                       .values_list("slug", flat=True))
        Organisation.objects.bulk_create([
            Organisation(slug=f"scale-provider-{i:04d}", name=f"Scale Provider {i:04d}",
                         kind=Organisation.Kind.PROVIDER,
                         provider_type=Organisation.ProviderType.SUPPORTED_INTERNSHIP)
            for i in range(1, n_providers + 1) if f"scale-provider-{i:04d}" not in existing
        ])
        providers = list(Organisation.objects.filter(slug__startswith="scale-provider-")
                         .order_by("slug")[:n_providers])
        linked = set(Commissioning.objects.filter(commissioner=la).values_list("provider_id", flat=True))
        Commissioning.objects.bulk_create([
            Commissioning(commissioner=la, provider=p) for p in providers if p.pk not in linked])

        today = timezone.localdate()
        last_start = start_year(today)
        periods = [period_starting(last_start - offset) for offset in range(n_years)]
        have = set(Assessment.objects.filter(framework_slug=framework.slug, provider__in=providers)
                   .values_list("provider_id", "period"))
        levels = {lv.code: lv for lv in framework.item_scale.levels.all()}
        criteria = list(Criterion.objects.filter(framework=framework).order_by("section__order", "order"))
        now = timezone.now()
        new = [
            Assessment(framework=framework, framework_slug=framework.slug, kind=framework.kind,
                       provider=p, period=period, state=Assessment.State.SUBMITTED, created_by=user,
                       submitted_by=user, submitted_at=now)
            for p in providers for period in periods if (p.pk, period) not in have
        ]
        Assessment.objects.bulk_create(new, batch_size=500)
        made = Assessment.objects.filter(framework_slug=framework.slug, provider__in=providers,
                                         responses__isnull=True)
        responses = []
        for assessment in made:
            strength = rng.random()  # some providers evidence nearly everything, some little
            for criterion in criteria:
                evidenced = rng.random() < 0.55 + 0.45 * strength
                responses.append(Response(
                    assessment=assessment, criterion=criterion,
                    level=levels["evidenced" if evidenced else "not_evidenced"],
                    evidence=f"Scale data for {criterion.code}", revision=1, updated_by=user))
        Response.objects.bulk_create(responses, batch_size=2000)
        return len(new)
