"""Page costs at two sizes of service, for ``manage.py bench`` (``make bench``).

``every_probe()`` readies, inside one database, a probe for every list, dashboard and detail
page as the busiest LA commissioner, partnership officer and provider lead (Django's test
client, signed in, the whole middleware stack), with its queries and rows read after two
requests to warm up; beside each page the floor: a bare template, extending the same base
page, rendering as many table rows through the same client; and the API's probes
(``demo.api_bench``). ``demo.bench_pair`` times two databases' probes in turn, in two live
processes, so that the machine's moods fall on both sizes alike; ``measure()`` times one
database's alone. ``results()`` takes the medians and ``table()`` sets two sizes side by
side.
"""
import re
from contextlib import contextmanager

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Value, When
from django.test import Client, override_settings
from django.urls import reverse

from actionplans.models import ActionPlan
from assessments.models import Assessment
from assessments.scoring_db import points_total
from commissioning.models import Agreement, DueDiligenceCheck
from organisations.models import Commissioning, Membership, Organisation
from organisations.permissions import can
from outcomes.models import Learner
from reviews.models import Review
from visits.models import Concern, Visit

from . import api_bench
from .probes import Probe, first, get, results

ROLES = {
    "commissioner": Membership.Role.LA_COMMISSIONER,
    "officer": Membership.Role.PARTNERSHIP_OFFICER,
    "provider lead": Membership.Role.PROVIDER_LEAD,
}
ROW = re.compile(rb"<tr[ >]")


def busiest_first(role):
    """Active memberships in ``role``, the organisation with the most commissioning links (or,
    for a provider, the most self-assessments and visits) first: the users whose pages are the
    heaviest."""
    if role == Membership.Role.PROVIDER_LEAD:
        # Distinct: the two joins multiply each other's rows.
        n = (Count("organisation__assessments", distinct=True)
             + Count("organisation__visits_received", distinct=True))
    else:
        n = Count("organisation__commissions")
    return (Membership.objects.filter(role=role, user__is_active=True)
            .annotate(n=n).order_by("-n", "pk").select_related("user"))


def busiest(role):
    """The user in ``role`` whose pages are the heaviest (``busiest_first``)."""
    membership = busiest_first(role).first()
    return membership.user if membership else None


def fullest_provider(user):
    """A provider the user sees whose profile has the most of its parts (a submitted
    self-assessment, a visit, an action plan and, where the user sees them, a concern and a
    review), the first by name among equals, so that both sizes of service measure the same
    page as far as the data allows."""
    visible = Organisation.objects.visible_to(user).providers()
    parts = [Exists(Assessment.objects.visible_to(user).filter(
                 provider=OuterRef("pk"), state=Assessment.State.SUBMITTED)),
             Exists(Visit.objects.visible_to(user).filter(provider=OuterRef("pk"))),
             Exists(ActionPlan.objects.visible_to(user).filter(provider=OuterRef("pk"))),
             Exists(Concern.objects.visible_to(user).filter(provider=OuterRef("pk"))),
             Exists(Review.objects.visible_to(user).filter(assessment__provider=OuterRef("pk")))]
    has = sum((Case(When(part, then=1), default=0, output_field=IntegerField())
               for part in parts), Value(0))
    return visible.annotate(parts=has).order_by("-parts", "name", "pk").first()


def pages_for(user) -> list[tuple[str, str]]:
    """(name, url) of every list, dashboard and detail page, for objects the user can see."""
    pages = [("home", reverse("home")),
             ("providers list", reverse("organisations:list")),
             ("providers search", reverse("organisations:list") + "?q=a"),
             ("self-assessments list", reverse("assessments:list")),
             ("visits list", reverse("visits:list")),
             ("action plans list", reverse("actionplans:list"))]
    if can(user, "dashboards.view_provider_dashboard"):
        pages += [("provider dashboard", reverse("dashboards:providers")),
                  ("visit heatmap", reverse("dashboards:heatmap")),
                  ("concerns dashboard", reverse("dashboards:concerns")),
                  ("self-assessment and visit", reverse("dashboards:beside")),
                  ("trends", reverse("dashboards:trends"))]
    if can(user, "dashboards.view_outcomes_dashboard"):
        pages.append(("outcomes dashboard", reverse("dashboards:outcomes")))
    if Learner.objects.visible_to(user).exists():
        pages += [("learners list", reverse("outcomes:learners")),
                  ("progress from providers", reverse("outcomes:progress_list"))]
    pages.append(("notifications", reverse("notifications:list")))
    pages.append(("due-diligence checks", reverse("commissioning:list")))
    check = DueDiligenceCheck.objects.visible_to(user).order_by("-opened_at", "pk").first()
    if check:
        pages.append(("due-diligence check", check.get_absolute_url()))
    agreement = Agreement.objects.visible_to(user).order_by("pk").first()
    if agreement:
        pages += [("agreements of a link", reverse("commissioning:link_agreements",
                                                   args=[agreement.link_id])),
                  ("agreement", agreement.get_absolute_url())]
    if can(user, "exports.use_exports"):
        pages += [("bulk exports list", reverse("exports:list")),
                  ("new bulk export", reverse("exports:new"))]
    org = user.memberships.select_related("organisation").first().organisation
    pages.append(("own organisation page", org.get_absolute_url()))
    provider = fullest_provider(user)
    if provider:
        pages.append(("provider profile", reverse("dashboards:provider_profile",
                                                  args=[provider.slug])))
        pages.append(("support log", reverse("commissioning:support", args=[provider.slug])))
    # The same kind of page at every size: a submitted self-assessment with the fewest points
    # (one that needs an action plan, whose page also lists its actions), newest first, of a
    # provider the user's organisation commissions now where it commissions any (the page then
    # asks whether it may start a review: a de-commissioned provider's would skip that query).
    now_commissioned = Commissioning.objects.active().filter(
        commissioner__memberships__user=user, provider=OuterRef("provider"))
    assessment = (Assessment.objects.visible_to(user)
                  .filter(state=Assessment.State.SUBMITTED)
                  .annotate(points=points_total("responses__level",
                                                scheme_field="framework__scoring_scheme"),
                            now_commissioned=Exists(now_commissioned))
                  .order_by(F("now_commissioned").desc(), F("points").asc(nulls_last=True),
                            "-period", "pk")
                  .select_related("framework").first())
    if assessment:
        section = assessment.framework.sections.order_by("order").first()
        pages += [("self-assessment overview", assessment.get_absolute_url()),
                  ("self-assessment section", reverse("assessments:section",
                                                      args=[assessment.pk, section.code])),
                  ("self-assessment summary", reverse("assessments:summary", args=[assessment.pk]))]
    visit = (Visit.objects.visible_to(user).order_by("-period", "pk")
             .select_related("framework").first())
    if visit:
        section = visit.framework.sections.order_by("order").first()
        pages += [("visit overview", visit.get_absolute_url()),
                  ("visit section", reverse("visits:section", args=[visit.pk, section.code]))]
    plan = ActionPlan.objects.visible_to(user).select_related("provider").order_by("pk").first()
    if plan:
        pages.append(("action plan", plan.get_absolute_url()))
    concern = Concern.objects.visible_to(user).order_by("pk").first()
    if concern:
        pages.append(("cause for concern", concern.get_absolute_url()))
    pages.append(("reviews list", reverse("reviews:list")))
    review = (Review.objects.visible_to(user).order_by("pk")
              .select_related("assessment__framework").first())
    if review:
        section = review.assessment.framework.sections.order_by("order").first()
        pages += [("review overview", review.get_absolute_url()),
                  ("review section", reverse("reviews:section", args=[review.pk, section.code]))]
    return pages


def page_probes() -> list[Probe]:
    """Every page as each role, and the floor for each page's number of rows."""
    probes, floors = [], {}
    for role_name, role in ROLES.items():
        user = busiest(role)
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        for page, url in pages_for(user):
            response, queries = first(client, url)
            rows = len(ROW.findall(response.content))
            probes.append(Probe(f"{role_name}|{page}", "page", {
                "role": role_name, "page": page, "url": url, "status": response.status_code,
                "queries": queries, "rows": rows, "floor": f"floor|{rows}"}, get(client, url)))
            if rows not in floors:
                floor_url = reverse("bench_floor", args=[rows])
                first(client, floor_url)
                floors[rows] = Probe(f"floor|{rows}", "floor", {}, get(client, floor_url))
    return probes + list(floors.values())


# As in production (no debug; cached templates) but for static files, which are served from
# the app folders without collectstatic.
MEASURE_SETTINGS = {
    "ROOT_URLCONF": "demo.bench_urls", "DEBUG": False, "ALLOWED_HOSTS": ["testserver"],
    "STORAGES": {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                 "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
    **api_bench.SETTINGS,  # no 429s while measuring
}


@contextmanager
def every_probe():
    """The pages' probes and the API's (whose tokens are deleted after), in this database."""
    with override_settings(**MEASURE_SETTINGS), api_bench.probes(
            {name: busiest_first(role).first() for name, role in ROLES.items()}) as api_probes:
        yield page_probes() + api_probes


def measure(repeat: int = 7) -> list[dict]:
    """Every probe timed ``repeat`` times in this one database (``demo.bench_pair`` times two
    databases' in turn instead, for ``make bench``)."""
    with every_probe() as probes:
        return results(probes, {probe.key: [probe.ask() for _ in range(
            min(repeat, probe.rounds or repeat))] for probe in probes})


def table(small: list[dict], large: list[dict], sizes: tuple[int, int]) -> tuple[str, list[str]]:
    """The two runs side by side, and the pages whose query count grew with the data (and
    the API's paging under its goal, ``demo.api_bench``)."""
    by_key = {(m["role"], m["page"]): m for m in small if not api_bench.is_paging(m)}
    head = (f"{'role':<14} {'page':<26} {'queries':>11} {'ms ' + str(sizes[0]):>9} "
            f"{'ms ' + str(sizes[1]):>9} {'ratio':>6} {'rows':>5} {'floor ms':>9} {'x floor':>8}")
    lines, grew = [head, "-" * len(head)], []
    for m in large:
        s = None if api_bench.is_paging(m) else by_key.get((m["role"], m["page"]))
        if s is None:
            continue
        ratio = m["ms"] / s["ms"] if s["ms"] else 0
        over_floor = m["ms"] / m["floor_ms"] if m["floor_ms"] else 0
        flag = "" if s["queries"] == m["queries"] else "  <- queries grow"
        if flag:
            grew.append(f"{m['role']}: {m['page']}")
        flag += api_bench.flag(m, ratio)
        floor = (f"{m['floor_ms']:>9.1f} {over_floor:>8.1f}" if m["floor_ms"]
                 else f"{'-':>9} {'-':>8}")
        lines.append(
            f"{m['role']:<14} {m['page']:<26} {s['queries']:>4} -> {m['queries']:<4} "
            f"{s['ms']:>9.1f} {m['ms']:>9.1f} {ratio:>6.2f} {m['rows']:>5} {floor}{flag}")
    paging, slow = api_bench.paging_table(small, large, sizes)
    return "\n".join(lines) + "\n\n" + paging, grew + slow
