"""What every QA visit page shares: the visit the user may see, what they may do with it, the
breadcrumbs, and the rows telling what blocks the next step."""
from django.shortcuts import get_object_or_404
from django.urls import reverse

from organisations.permissions import can

from .models import Visit

PERMS = {
    "can_change_setup": "visits.change_visit_setup",
    "can_observe": "visits.record_visit_observations",
    "can_share": "visits.share_visit",
    "can_add_evidence": "visits.add_provider_evidence",
    "can_judge": "visits.record_visit_judgement",
    "can_mark_recorded": "visits.mark_visit_recorded",
    "can_share_judgements": "visits.share_visit_judgements",
    "can_respond": "visits.respond_to_visit",
    "can_finalise": "visits.finalise_visit",
    "can_withdraw": "visits.withdraw_visit",
    "can_view_internal": "visits.view_visit_internal_notes",
    "can_view_findings": "visits.view_visit_findings",
    "can_view_contacts": "visits.view_visit_contacts",
    "can_log_contact": "visits.log_visit_contact",
}


def visit_or_404(request, pk) -> Visit:
    """The QA visit with this id if the user may see it, else a 404."""
    return get_object_or_404(
        Visit.objects.visible_to(request.user)
        .select_related("framework", "provider", "commissioner"),
        pk=pk,
    )


def perms_for(user, visit) -> dict:
    """What the user may do with the visit, as booleans for templates."""
    return {name: can(user, perm, visit) for name, perm in PERMS.items()}


def title(visit) -> str:
    """The provider and the visit date (or the year before a date is set)."""
    when = f"{visit.visit_date:%d/%m/%Y}" if visit.visit_date else visit.period
    return f"{visit.provider.name}, {when}"


def crumbs(visit, *tail):
    """Home, QA visits, this visit, then ``tail``."""
    return [
        ("Home", reverse("home")),
        ("QA visits", reverse("visits:list")),
        (title(visit), reverse("visits:overview", args=[visit.pk]) if tail else None),
        *tail,
    ]


def base_url(request) -> str:
    """The site's address, for links in emails."""
    return request.build_absolute_uri("/")


def failure_rows(visit, data, failures) -> list[dict]:
    """Each reason the next step is blocked, with links to where the user fixes it."""
    titles = {row.section.code: row.section.title for row in data.rows}
    rows = []
    for failure in failures:
        name = "visits:judgement" if failure.fix == "judge" else "visits:section"
        verb = "Judge" if failure.fix == "judge" else "Rate"
        rows.append({"message": failure.message, "links": [
            (f"{verb} {code}. {titles[code]}", reverse(name, args=[visit.pk, code]))
            for code in failure.section_codes]})
    return rows
