"""Home page: what needs doing, per role."""
from django.shortcuts import render

from organisations.selectors import request_memberships

from .selectors import admin_summary, home_sections


def home(request):
    user = request.user
    memberships = request_memberships(request)
    context = {
        "sections": home_sections(user, memberships),
        "summary": admin_summary() if user.is_admin else None,
    }
    return render(request, "dashboards/home.html", context)
