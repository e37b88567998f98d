"""The data-protection view of a local authority: its data-protection lead searches the
records of who saw or downloaded its learners' rows (by person, learner reference and date),
and downloads them as CSV. Anyone else is refused (403); a person sees nothing of another LA's
records."""
import datetime

from crispy_forms_gds.layout import Button, Field, Size
from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.cells import csv_bytes
from core.downloads import attachment
from core.forms import GovDateField, date_input, gds_helper
from core.lists import page_of, search_text

from .access_models import LearnerAccess
from .permissions import data_protection_las

# Tests assert these.
NOT_ALLOWED = ("The records of access to learners’ data are for the local authority’s "
               "data-protection lead.")
UNTIL_BEFORE_SINCE = "The end date must be the same as or after the start date."
COLUMNS = ["when", "who", "acting_for", "local_authority", "what", "learner_refs", "rows",
           "page", "purpose"]


class AccessSearchForm(forms.Form):
    """The search: a person (their email or part of it), a learner reference (exactly), and
    the days from and to (each optional)."""

    who = forms.CharField(label="Person", required=False, max_length=254,
                          help_text="Their email address, or part of it.")
    reference = forms.CharField(label="Learner reference", required=False, max_length=40)
    since = GovDateField(label="From", required=False, what="the first day",
                         example="1 9 2026")
    until = GovDateField(label="To", required=False, what="the last day",
                         example="31 12 2026")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = gds_helper(Field.text("who", label_size=Size.SMALL, field_width=30),
                                 Field.text("reference", label_size=Size.SMALL, field_width=20),
                                 date_input("since"), date_input("until"),
                                 Button("search", "Search"))

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", UNTIL_BEFORE_SINCE)
        return data


def lead_las(request) -> list:
    """The LAs whose data-protection lead the user is; 403 for anyone who leads none (every
    data-protection page starts here)."""
    las = data_protection_las(request.user)
    if not las:
        raise PermissionDenied(NOT_ALLOWED)
    return las


def _searched(request):
    """The user's LAs' records (403 for anyone who leads none), narrowed by the search where
    it is valid, newest first; and the form."""
    las = lead_las(request)
    form = AccessSearchForm(request.GET or None)
    records = (LearnerAccess.objects.visible_to(request.user)
               .select_related("acted_for", "local_authority").order_by("-at", "-pk"))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        who = search_text(data["who"])
        if who:
            records = records.filter(who__icontains=who)
        reference = search_text(data["reference"]).replace(",", "")
        if reference:
            records = records.filter(references__contains=f",{reference},")
        zone = timezone.get_current_timezone()
        if data.get("since"):
            records = records.filter(at__gte=datetime.datetime.combine(
                data["since"], datetime.time.min, tzinfo=zone))
        if data.get("until"):
            records = records.filter(at__lt=datetime.datetime.combine(
                data["until"] + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone))
    return las, form, records


@require_GET
def access_records(request):
    """The records, 50 a page, with the search above them and a link to them as CSV."""
    las, form, records = _searched(request)
    page = page_of(records, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "outcomes/access_records.html", {
        "form": form, "page": page, "records": page.object_list, "las": las,
        "searched": bool(request.GET.get("search") or form.is_bound and form.has_changed()),
        "query": query.urlencode() + "&" if query else "",
        "breadcrumbs": [("Home", reverse("home")), ("Outcomes", reverse("dashboards:outcomes")),
                        ("Records of access to learners’ data", None)],
    }, status=400 if form.errors else 200)


@require_GET
def access_records_csv(request):
    """Every record the search finds, as CSV (a search with errors: every record)."""
    _, form, records = _searched(request)
    rows = ([timezone.localtime(r.at).strftime("%Y-%m-%d %H:%M:%S"), r.who,
             r.acted_for.name if r.acted_for else "Administrator", r.local_authority.name,
             r.get_kind_display(), " ".join(r.reference_list), str(r.rows), r.path, r.purpose]
            for r in records.iterator(chunk_size=2000))
    return attachment(csv_bytes(COLUMNS, rows), "learner-data-access.csv")
