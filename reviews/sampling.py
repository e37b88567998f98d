"""Drawing a moderation sample: which of the providers a partnership or LA commissions it
second-marks in an academic year.

The rule, once:

- The population is every provider the organisation commissions through a link not
  de-commissioned (active, under review or suspended), as it stands at the draw.
- "All" takes every one. "A number" takes that many (1 to the population). "A percentage"
  takes that share of the population, rounded half up, and at least one provider.
- The sample is stratified by provider type with proportional allocation: each type's
  places are ``size × providers of the type / population``, rounded down; the places left
  go one each to the largest remainders (ties: the larger type, then the type's order in
  ``Organisation.ProviderType``). When there are at least as many places as types with
  providers, every such type gets at least one place, taken from the type with the most
  places: each kind of provision is moderated. With fewer places than types, the
  proportional allocation stands.
- Within each type, providers are chosen by ``random.Random(seed)`` from the type's
  providers in primary-key order, types in ``Organisation.ProviderType`` order, so the same
  seed over the same population draws the same sample. A seed is made with ``secrets`` when
  none is given, and the seed is always recorded (also for "All", where it chooses nothing).
- Drawing again for the same year supersedes the current sample: it is kept, marked
  superseded, and the new sample names it (``ModerationSample.replaces``).
"""
import random
import secrets
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from assessments.models import Assessment
from assessments.services import require
from assessments.workflow import FINAL
from core.history import save_with_history
from core.periods import (
    PERIOD_VALIDATOR,
    academic_year,
    is_open_period,
    latest_open_period,
    period_starting,
    periods_between,
    previous_period,
)
from organisations.models import Commissioning, Organisation, User
from organisations.permissions import can

from .sampling_models import SEED_MAX, SHARE_MAX, ModerationSample, SampledProvider, SampleStratum

Method = ModerationSample.Method
# Strata in this order: the order the draw visits them, and the order pages show them.
TYPE_ORDER = [value for value, _ in Organisation.ProviderType.choices]

NOT_ALLOWED_TO_DRAW = ("Only a partnership officer or chair, or an LA commissioner, of the "
                       "organisation can draw its moderation sample.")
NOT_A_COMMISSIONER = "Only a partnership or a local authority draws a moderation sample."
METHOD_REQUIRED = "Choose how to choose the providers."
SIZE_REQUIRED = "Enter the number of providers to sample."
SIZE_RANGE = "Enter a number of providers from 1 to {population}."
SIZE_NOT_ASKED = "Give a number of providers only when sampling a number of providers."
SHARE_REQUIRED = "Enter the percentage of providers to sample."
SHARE_RANGE = f"Enter a percentage from 1 to {SHARE_MAX}."
SHARE_NOT_ASKED = "Give a percentage only when sampling a percentage of providers."
SEED_RANGE = f"Enter a seed from 0 to {SEED_MAX:,}, or leave it blank."
NO_PROVIDERS = "{organisation} commissions no providers to sample."
YEAR_NOT_OPEN = "{period} has not begun: choose {latest} or an earlier academic year."
# How far back a sample may be drawn, at most: years of self-assessments before this are
# history, not moderation.
SAMPLE_YEARS_BACK = 10


def share_size(share: int, population: int) -> int:
    """``share`` per cent of ``population``, rounded half up, at least one (none of none):
    25% of 10 is 3, 20% of 10 is 2, 1% of 10 is 1."""
    if population == 0:
        return 0
    return max(1, (2 * share * population + 100) // 200)


def allocate(populations: Mapping[str, int], size: int) -> dict[str, int]:
    """The places each stratum gets out of ``size`` (see the module docstring for the rule).
    ``populations`` gives each stratum's providers, in stratum order; ``size`` is at most
    their total. 6 and 4 providers, 5 places: 3 and 2."""
    total = sum(populations.values())
    if size > total:
        raise ValueError(f"{size} places among {total} providers")
    order = list(populations)
    if total == 0:
        return {name: 0 for name in order}
    places = {name: size * n // total for name, n in populations.items()}
    remainders = {name: size * n % total for name, n in populations.items()}
    left = size - sum(places.values())
    by_remainder = sorted(order, key=lambda name: (-remainders[name], -populations[name],
                                                   order.index(name)))
    for name in by_remainder[:left]:
        places[name] += 1
    non_empty = [name for name in order if populations[name]]
    if size >= len(non_empty):
        for name in non_empty:
            if places[name] == 0:
                donor = max(order, key=lambda d: (places[d], -order.index(d)))
                places[donor] -= 1
                places[name] = 1
    return places


def choose(strata: Mapping[str, list], places: Mapping[str, int], seed: int) -> list:
    """Choose ``places[name]`` items from each stratum's list with one ``random.Random(seed)``,
    strata in the mapping's order and each list in the order given."""
    rng = random.Random(seed)
    chosen = []
    for name, members in strata.items():
        chosen += rng.sample(members, places.get(name, 0))
    return chosen


def sampling_population(organisation: Organisation) -> dict[str, list[Organisation]]:
    """The providers the organisation commissions through a link not de-commissioned, by
    provider type in ``TYPE_ORDER``, each type's in primary-key order (one query)."""
    strata = {provider_type: [] for provider_type in TYPE_ORDER}
    links = (Commissioning.objects.active().filter(commissioner=organisation,
                                                   provider__kind=Organisation.Kind.PROVIDER)
             .select_related("provider").order_by("provider_id"))
    for link in links:
        strata.setdefault(link.provider.provider_type, []).append(link.provider)
    return strata


def sample_years(organisation: Organisation, today) -> list[str]:
    """The academic years the organisation may draw a sample for, newest first: from the
    newest year open to self-assessment (``periods.latest_open_period``: the current one, or
    the next once the setting opens it) back to the first year in which a provider it
    commissions submitted a self-assessment, and at least to last year, but no further back
    than ``SAMPLE_YEARS_BACK`` years (one query)."""
    current = academic_year(today)
    oldest = previous_period(current)
    first = (Assessment.objects.all()
             .filter(provider__commissioned_by__commissioner=organisation, state__in=FINAL)
             .order_by("period").values_list("period", flat=True).first())
    if first is not None and first < oldest:
        oldest = max(first, period_starting(int(current[:4]) - SAMPLE_YEARS_BACK))
    return periods_between(latest_open_period(today), oldest)


def _check_request(*, period, method, size, share, seed) -> None:
    """The request's own mistakes, each beside its field."""
    errors = {}
    try:
        PERIOD_VALIDATOR(period)
    except ValidationError as exc:
        errors["period"] = exc.messages
    else:
        today = timezone.localdate()
        if not is_open_period(period, today):
            errors["period"] = YEAR_NOT_OPEN.format(period=period,
                                                    latest=latest_open_period(today))
    if method not in Method.values:
        errors["method"] = METHOD_REQUIRED
    if method == Method.SIZE and size is None:
        errors["size"] = SIZE_REQUIRED
    elif method != Method.SIZE and size is not None:
        errors["size"] = SIZE_NOT_ASKED
    if method == Method.SHARE and share is None:
        errors["share"] = SHARE_REQUIRED
    elif method != Method.SHARE and share is not None:
        errors["share"] = SHARE_NOT_ASKED
    elif share is not None and not 1 <= share <= SHARE_MAX:
        errors["share"] = SHARE_RANGE
    if seed is not None and not 0 <= seed <= SEED_MAX:
        errors["seed"] = SEED_RANGE
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def draw_sample(*, organisation: Organisation, period: str, method: str, size: int | None = None,
                share: int | None = None, seed: int | None = None, by: User) -> ModerationSample:
    """Draw the organisation's moderation sample for ``period`` (see the module docstring),
    superseding its current sample for the year, and record it with a history row naming
    ``by``. ValidationError keyed by the argument at fault; PermissionDenied for anyone but
    the organisation's reviewers."""
    require(can(by, "reviews.draw_sample", organisation), NOT_ALLOWED_TO_DRAW)
    if not organisation.is_commissioner:
        raise ValidationError(NOT_A_COMMISSIONER)
    _check_request(period=period, method=method, size=size, share=share, seed=seed)
    # Draws for one organisation queue here, so two cannot both become its current sample.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    strata = sampling_population(organisation)
    population = sum(len(members) for members in strata.values())
    if population == 0:
        raise ValidationError(NO_PROVIDERS.format(organisation=organisation.name))
    if method == Method.SIZE and not 1 <= size <= population:
        raise ValidationError({"size": SIZE_RANGE.format(population=population)})
    wanted = {Method.ALL: population, Method.SIZE: size,
              Method.SHARE: share_size(share or 0, population)}[method]
    seed = secrets.randbelow(SEED_MAX + 1) if seed is None else seed
    places = allocate({name: len(members) for name, members in strata.items()}, wanted)
    chosen = choose(strata, places, seed)

    now = timezone.now()
    current = (ModerationSample.objects.select_for_update()
               .filter(organisation=organisation, period=period).current().first())
    if current is not None:
        current.superseded_at = now
        save_with_history(current, by=by, reason="Superseded by a new draw")
    sample = ModerationSample(
        organisation=organisation, period=period, method=method, size=size, share=share,
        seed=seed, population=population, drawn=len(chosen), drawn_by=by, drawn_at=now,
        replaces=current)
    sample.full_clean()
    save_with_history(sample, by=by, reason="Drawn")
    bulk_create_with_history(
        [SampleStratum(sample=sample, provider_type=name, population=len(members),
                       drawn=places[name]) for name, members in strata.items() if members],
        SampleStratum, default_user=by)
    bulk_create_with_history(
        [SampledProvider(sample=sample, provider=provider, provider_type=provider.provider_type)
         for provider in chosen],
        SampledProvider, default_user=by)
    return sample
