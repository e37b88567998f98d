"""The visit's contact log and its LEBC check (``visits.contacts``): the visiting
partnership's pages, which the provider never reaches."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from core.forms import add_service_errors, posted
from core.lists import page_of
from organisations.permissions import can

from . import contacts
from .forms import ContactForm, LebcForm
from .models import VisitContact, VisitDetail
from .pages import crumbs, visit_or_404

CONTACTS_PAGE_SIZE = 25


def visit_contacts(request, pk):
    """The log of contacts with the provider, newest first, 25 to a page, with the form to
    add one for those who may."""
    visit = visit_or_404(request, pk)
    if not can(request.user, "visits.view_visit_contacts", visit):
        raise PermissionDenied("Only the visiting partnership sees its contact log.")
    may_log = can(request.user, "visits.log_visit_contact", visit)
    form = ContactForm(posted(request)) if may_log else None
    if request.method == "POST":
        if not may_log:
            raise PermissionDenied(contacts.NOT_ALLOWED_TO_LOG)
        if form.is_valid():
            try:
                contacts.contact_record(visit=visit, by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Added to the contact log.")
                return redirect("visits:contacts", pk=visit.pk)
    log = page_of(VisitContact.objects.filter(visit=visit).select_related("recorded_by"),
                  request.GET.get("page"), CONTACTS_PAGE_SIZE)
    return render(request, "visits/visit_contacts.html", {
        "visit": visit, "form": form, "log": log,
        "breadcrumbs": crumbs(visit, ("Contact log", None)),
    }, status=400 if request.method == "POST" else 200)


def visit_lebc(request, pk):
    """The LEBC check, recorded while the visit is prepared."""
    visit = visit_or_404(request, pk)
    if not can(request.user, "visits.change_visit_setup", visit):
        raise PermissionDenied(contacts.NOT_ALLOWED_TO_CHECK)
    detail = VisitDetail.objects.filter(visit=visit).first()
    initial = {}
    if detail is not None and detail.lebc_listed is not None:
        initial = {"listed": "yes" if detail.lebc_listed else "no",
                   "checked_on": detail.lebc_checked_on, "outstanding": detail.lebc_outstanding}
    form = LebcForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contacts.lebc_record(visit=visit, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The LEBC check is saved.")
            return redirect("visits:overview", pk=visit.pk)
    return render(request, "visits/visit_lebc.html", {
        "visit": visit, "form": form, "breadcrumbs": crumbs(visit, ("LEBC check", None)),
    }, status=400 if request.method == "POST" else 200)
