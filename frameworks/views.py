"""The read-only framework browser: every signed-in user can read every framework version."""
from django.http import Http404
from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from .models import Framework
from .selectors import framework_library, framework_page

NO_SUCH_VERSION = "There is no such framework version."


class FrameworkListView(TemplateView):
    """Every framework with all its versions, the current one marked."""

    template_name = "frameworks/framework_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["families"] = framework_library()
        context["breadcrumbs"] = [("Home", reverse("home")), ("Frameworks", None)]
        return context


class FrameworkDetailView(DetailView):
    """One framework version in full: guidance, scales, scoring, sections, criteria, corrections."""

    template_name = "frameworks/framework_detail.html"
    context_object_name = "framework"

    def get_object(self, queryset=None):
        try:
            self.page = framework_page(slug=self.kwargs["slug"], version=self.kwargs["version"])
        except Framework.DoesNotExist:
            raise Http404(NO_SUCH_VERSION) from None
        return self.page.framework

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        framework = self.object
        context["page"] = self.page
        context["breadcrumbs"] = [
            ("Home", reverse("home")),
            ("Frameworks", reverse("frameworks:list")),
            (f"{framework.name}, version {framework.version}", None),
        ]
        return context
