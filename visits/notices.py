"""What a QA visit's workflow tells people as it happens (``notifications.events`` is the
table of every event and its audience; the reminders of dates are ``reminders.rules``). Each
is called by ``visits.services`` or ``visits.concerns`` inside the action's transaction."""
from collections import defaultdict

from django.urls import reverse

from notifications import events
from notifications.audiences import LA_COMMISSIONERS, commissioners_of, holders
from notifications.services import notify_event
from organisations.models import Membership, User
from organisations.selectors import people_in

from .dates import long_date
from .models import Concern, ConcernDecision, Visit, VisitTeamMember

Role = Membership.Role


def visiting_officers(visits) -> dict[int, list[User]]:
    """Each visit's visiting officers, by visit id: its team's active officers, else its
    partnership's officers (two queries, however many visits)."""
    team = defaultdict(list)
    for member in (VisitTeamMember.objects.filter(visit__in=[v.pk for v in visits],
                                                  kind=VisitTeamMember.Kind.OFFICER,
                                                  user__is_active=True)
                   .select_related("user").order_by("user__email")):
        team[member.visit_id].append(member.user)
    partnership = people_in({v.commissioner_id for v in visits}, [Role.PARTNERSHIP_OFFICER])
    return {v.pk: team.get(v.pk) or partnership[v.commissioner_id] for v in visits}


def _when(visit: Visit) -> str:
    return long_date(visit.visit_date) if visit.visit_date else visit.period


def _overview(visit: Visit) -> str:
    return reverse("visits:overview", kwargs={"pk": visit.pk})


def visit_shared(visit: Visit, *, by: User, base_url: str = "") -> None:
    """The record is shared for the provider's evidence: its lead and staff add it."""
    notify_event(
        events.VISIT_SHARED, about=visit.pk, by=by, base_url=base_url, url=_overview(visit),
        recipients=holders([visit.provider_id], [Role.PROVIDER_LEAD, Role.PROVIDER_STAFF]),
        partnership=visit.commissioner.name, provider=visit.provider.name, date=_when(visit))


def judgements_shared(visit: Visit, *, by: User | None = None, base_url: str = "") -> None:
    """Tell the provider's leads the judgements are shared and until when they may respond."""
    notify_event(
        events.JUDGEMENTS_SHARED, about=visit.pk, by=by, base_url=base_url,
        url=_overview(visit), recipients=holders([visit.provider_id], [Role.PROVIDER_LEAD]),
        partnership=visit.commissioner.name, provider=visit.provider.name, date=_when(visit),
        due=long_date(visit.response_due))


def visit_responded(visit: Visit, *, by: User, base_url: str = "") -> None:
    """The provider responded: the visiting officers may now finalise."""
    notify_event(
        events.VISIT_RESPONDED, about=visit.pk, by=by, base_url=base_url, url=_overview(visit),
        recipients=visiting_officers([visit])[visit.pk],
        partnership=visit.commissioner.name, provider=visit.provider.name, date=_when(visit))


def concern_raised(concern: Concern, *, base_url: str = "") -> None:
    """The partnership's chairs decide (always emailed at once); the local authorities
    that commission the provider need to know."""
    visit = concern.visit
    fields = {"provider": concern.provider.name, "section": concern.section.title,
              "basis": concern.get_basis_display(), "partnership": concern.partnership.name,
              "date": long_date(visit.visit_date) if visit.visit_date else "a recent date",
              "raised_by": concern.raised_by.display_name}
    url = concern.get_absolute_url()
    notify_event(events.CONCERN_RAISED, about=concern.pk, by=concern.raised_by,
                 base_url=base_url, url=url,
                 recipients=holders([concern.partnership_id], [Role.PARTNERSHIP_CHAIR]),
                 **fields)
    notify_event(events.CONCERN_RAISED_FOR_COMMISSIONERS, about=concern.pk,
                 by=concern.raised_by, base_url=base_url, url=url,
                 recipients=commissioners_of(concern.provider_id, LA_COMMISSIONERS), **fields)


def concern_decided(decision: ConcernDecision, *, status: str, base_url: str = "") -> None:
    """The chair's decision: the visiting officers act on it, and every local authority
    commissioning the provider needs to know. ``status`` is the partnership's commissioning
    status now, in words."""
    concern = decision.concern
    notify_event(
        events.CONCERN_DECIDED, about=decision.pk, by=decision.decided_by, base_url=base_url,
        url=concern.get_absolute_url(),
        recipients=[*visiting_officers([concern.visit])[concern.visit_id],
                    *commissioners_of(concern.provider_id, LA_COMMISSIONERS)],
        chair=decision.decided_by.display_name, partnership=concern.partnership.name,
        decision=decision.get_decision_display(), provider=concern.provider.name,
        section=concern.section.title, status=status.lower())
