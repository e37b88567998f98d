"""Recording access to learner-level rows: a page or download that shows or gives learners'
rows calls ``record_access`` once, and it writes one record per local authority whose
learners were shown, in one insert (``outcomes.access_models.LearnerAccess``). Aggregated,
suppressed figures are not learner-level and are not recorded."""
from collections.abc import Iterable

from organisations.querysets import memberships_of

from .access_models import LearnerAccess
from .querysets import LA_KINDS

Kind = LearnerAccess.Kind


def _acted_for(user, local_authority_id: int) -> int | None:
    """The organisation whose membership gave the user this LA's learners: the LA itself,
    else their provider (the LA shares the rows with it); none for an administrator."""
    memberships = memberships_of(user)
    for membership in memberships:
        if membership.organisation_id == local_authority_id:
            return membership.organisation_id
    for membership in memberships:
        if membership.organisation.kind not in LA_KINDS:
            return membership.organisation_id
    return None


def record_access(request, kind: str, rows: Iterable[tuple[int, str]], *,
                  purpose: str = "") -> list[LearnerAccess]:
    """Record that ``request.user`` was shown or given ``rows``: for each row, its learner's LA
    id and reference. One record for each LA, with its learners' references and its count of
    rows, in one insert; nothing when no row was shown."""
    by_la: dict[int, dict[str, None]] = {}
    counts: dict[int, int] = {}
    for la_id, reference in rows:
        by_la.setdefault(la_id, {})[reference] = None
        counts[la_id] = counts.get(la_id, 0) + 1
    if not by_la:
        return []
    user = request.user
    path = request.get_full_path()[:500]
    return LearnerAccess.objects.bulk_create([
        LearnerAccess(user=user, who=user.email, kind=kind, local_authority_id=la_id,
                      acted_for_id=_acted_for(user, la_id),
                      references="," + ",".join(references) + ",", rows=counts[la_id],
                      path=path, purpose=purpose[:200])
        for la_id, references in sorted(by_la.items())])
