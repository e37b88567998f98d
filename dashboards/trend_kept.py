"""The trends' charts kept for each reader while nothing they count has changed, so that a view
reads a few short rows whatever the number of providers.

The trends count the final self-assessments and QA visits of an organisation's commissioned
providers (``dashboards.trends``): at 3,000 providers, the busiest LA's 439 providers have
2,195 self-assessments and 1,752 visits in the dashboard's years. Worked out, the charts cost
in proportion to those rows; kept, a view reads its key's parts and the charts.

What the charts depend on, and so their key:
- the reader and their memberships (each reader's charts are their own: visibility is theirs),
  the organisation, the years, the frameworks' versions, and ``METHOD`` (change it when the
  trends' code changes, so no charts from the old code are served);
- the organisation's *counted version*: a token replaced after every committed write to a row
  the trends count (a self-assessment, its cohort, a QA visit, its judgements) of a provider it
  commissions. Saves and deletions are followed by signal; each write's commissioners get new
  tokens once its transaction commits (one callback a write), so charts worked out from rows
  still being written are kept under a token no reader asks for again;
- which providers each organisation commissions and whether they are in use: the newest
  history rows of commissioning links and organisations (``core.versions``), since imports
  write those in bulk, without signals.

A token lost from the cache is made again: that only means the charts are worked out once more.
"""
import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from assessments.models import Assessment, CohortResult
from core import versions
from core.kept import kept, key_for
from organisations.models import Commissioning, Organisation
from organisations.querysets import reader_of
from visits.models import Visit, VisitJudgement

METHOD = 1
TOKEN = "trends-counted:{}"

# A written row → how it names its provider: ("provider", id), ("assessment", id) or
# ("visit", id).
_PROVIDER_OF = {
    Assessment: lambda row: ("provider", row.provider_id),
    Visit: lambda row: ("provider", row.provider_id),
    CohortResult: lambda row: ("assessment", row.assessment_id),
    VisitJudgement: lambda row: ("visit", row.visit_id),
}


def kept_charts(user, organisation, frameworks, visit_framework, years, year, make) -> dict:
    """``make()``'s charts (``trend_views.trend_charts``), kept under what they depend on:
    three short reads when kept."""
    return kept(key_for("trend-charts", (
        METHOD, reader_of(user), organisation.pk, sorted(f.pk for f in frameworks),
        visit_framework.pk if visit_framework else None, list(years), year,
        counted_version(organisation.pk),
        versions.history_version((Commissioning, Organisation)))), make)


def counted_version(organisation_id: int) -> str:
    """The organisation's token, made if there is none."""
    token = cache.get(TOKEN.format(organisation_id))
    if token is None:
        cache.add(TOKEN.format(organisation_id), uuid.uuid4().hex, None)
        token = cache.get(TOKEN.format(organisation_id))
    return token


def counted_changed(sender, instance, **kwargs) -> None:
    """A counted row was saved or deleted: its provider's commissioners get new tokens once
    the transaction commits (at once outside one; never when it rolls back)."""
    kind, pk = _PROVIDER_OF[sender](instance)
    transaction.on_commit(lambda: _replace_tokens(kind, pk))


def _replace_tokens(kind: str, pk: int) -> None:
    """New tokens for the commissioners of the provider ``kind`` names: one query, and one
    cache write per commissioner."""
    provider = {"provider": "provider_id", "assessment": "provider__assessments",
                "visit": "provider__visits_received"}[kind]
    commissioners = set(Commissioning.objects.filter(**{provider: pk})
                        .values_list("commissioner_id", flat=True))
    cache.set_many({TOKEN.format(org): uuid.uuid4().hex for org in commissioners}, None)


def follow_writes() -> None:
    """Connect the signals (``DashboardsConfig.ready``)."""
    for model in _PROVIDER_OF:
        post_save.connect(counted_changed, sender=model, dispatch_uid=f"trends-{model.__name__}")
        post_delete.connect(counted_changed, sender=model,
                            dispatch_uid=f"trends-del-{model.__name__}")
