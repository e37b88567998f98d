"""The user's notifications: the list (newest first, 50 a page, unread marked), opening one
(marks it read and goes to what it is about), marking all read, and how reminders reach
them. Every page is the signed-in user's own: another user's notification is a 404."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.lists import chosen, page_of, page_query

from . import services
from .forms import PreferenceForm
from .models import Notification, Preference

ALL_READ = "Marked {count} notifications as read."
PREFERENCE_SAVED = "Saved: {choice}."
SHOWN = {"unread": "Unread only"}


def _crumbs(*more):
    return [("Home", reverse("home")), ("Notifications", reverse("notifications:list")), *more]


@require_GET
def notification_list(request):
    rows = Notification.objects.visible_to(request.user)
    shown = chosen(request.GET.get("show"), SHOWN)
    if shown:
        rows = rows.unread()
    page = page_of(rows, request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page, "notifications": page.object_list, "unread_only": bool(shown),
        "query": page_query(show=shown),
        "preference": Preference.Reminders(services.preference_of(request.user)).label,
        "breadcrumbs": _crumbs(),
    })


@require_GET
def notification_open(request, pk):
    """Mark the notification read and go to the page it is about."""
    notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
    services.mark_read(notification)
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = reverse("notifications:list")
    return redirect(target)


@require_POST
def notification_read_all(request):
    count = services.mark_all_read(request.user)
    messages.success(request, ALL_READ.format(count=count))
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferenceForm(request.POST if request.method == "POST" else None,
                          initial={"reminders": services.preference_of(request.user)})
    if request.method == "POST" and form.is_valid():
        preference = services.preference_set(user=request.user,
                                             reminders=form.cleaned_data["reminders"])
        messages.success(request, PREFERENCE_SAVED.format(
            choice=preference.get_reminders_display()))
        return redirect("notifications:list")
    return render(request, "notifications/preferences.html", {
        "form": form, "breadcrumbs": _crumbs(("How reminders reach you", None)),
    }, status=400 if form.errors else 200)
