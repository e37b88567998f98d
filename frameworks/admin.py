"""Admin for the framework library: read-only rows, plus "Upload a framework file".

Framework content is never edited through forms: a changed framework is a new version,
loaded from its data file by ``manage.py load_frameworks`` or by the upload here, which
validates the file, previews what it will create and loads it only on Confirm.
"""
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from .forms import FrameworkConfirmForm, FrameworkUploadForm, sign_upload
from .loader import FrameworkFileError, LoadStatus
from .models import Criterion, Framework, RatingScale, Section, provider_type_labels
from .selectors import count_per_framework
from .services import framework_load

ALREADY_LOADED = "{name} version {version} is already loaded with this content: nothing changed."
LOADED = "Loaded {name} version {version}: {summary}."
APPLIES_TO_UPDATED = "{name} version {version} now applies to: {applies_to}. Its content is unchanged."
USE_UPDATED = "{name} version {version}: {changes}. Its content is unchanged."


def _is_admin(request) -> bool:
    return bool(request.user.is_authenticated and request.user.is_admin)


class ReadOnly:
    """Admins may look; nobody adds, changes or deletes here (a framework changes only by
    loading a new version)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return _is_admin(request)


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False


class RatingScaleInline(ReadOnlyInline):
    model = RatingScale
    fields = ("code", "name", "portal_default", "level_labels")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("levels")

    @admin.display(description="Levels, lowest first")
    def level_labels(self, scale):
        return ", ".join(level.label for level in scale.levels.all())


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ("code", "title", "group", "criterion_count", "key_aspect")
    readonly_fields = fields

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("group")
                .annotate(criteria_n=Count("criteria")))

    @admin.display(description="Criteria")
    def criterion_count(self, section):
        return section.criteria_n


@admin.register(Framework)
class FrameworkAdmin(ReadOnly, admin.ModelAdmin):
    """Read-only for everyone: no add, change or delete through forms."""

    list_display = ("name", "version", "slug", "kind", "applies_to_display", "scoring_scheme",
                    "section_count", "criterion_count", "loaded_at", "source_file")
    list_filter = ("kind", "scoring_scheme")
    search_fields = ("name", "slug", "publisher")
    ordering = ("name", "-loaded_at")
    fields = ("name", "slug", "version", "browser_link", "publisher", "source", "kind",
              "applies_to_display", "scoring_scheme", "scoring_parameters", "item_scale", "judgement_scale",
              "source_file", "content_hash", "loaded_at")
    readonly_fields = fields
    inlines = [RatingScaleInline, SectionInline]
    change_list_template = "frameworks/admin/framework_change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            section_n=count_per_framework(Section), criterion_n=count_per_framework(Criterion))

    @admin.display(description="Sections", ordering="section_n")
    def section_count(self, framework):
        return framework.section_n

    @admin.display(description="Criteria", ordering="criterion_n")
    def criterion_count(self, framework):
        return framework.criterion_n

    @admin.display(description="Applies to")
    def applies_to_display(self, framework):
        return ", ".join(framework.applies_to_labels) or "No provider type (load its file again)"

    @admin.display(description="Full text")
    def browser_link(self, framework):
        return format_html('<a href="{}">Read this version in the framework browser</a>',
                           framework.get_absolute_url())

    def has_module_permission(self, request):
        return _is_admin(request)

    # Upload a framework file -------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view),
                 name="{}_{}_upload".format(*info)),
            path("upload/confirm/", self.admin_site.admin_view(self.upload_confirm_view),
                 name="{}_{}_upload_confirm".format(*info)),
            *super().get_urls(),
        ]

    def _context(self, request, **extra):
        return {**self.admin_site.each_context(request), "opts": self.opts,
                "title": "Upload a framework file", **extra}

    def _change_url(self, framework_id):
        return reverse("admin:frameworks_framework_change", args=[framework_id])

    def upload_view(self, request):
        """Choose a file; a valid one is previewed, with Confirm to load it."""
        if not _is_admin(request):
            raise PermissionDenied
        form = FrameworkUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            text, filename = form.cleaned_data["text"], form.cleaned_data["filename"]
            try:
                result = framework_load(path_or_text=text, filename=filename, dry_run=True)
            except FrameworkFileError as exc:
                for message in exc.messages:
                    form.add_error("file", message)
            else:
                if result.status == LoadStatus.UNCHANGED:
                    self.message_user(request, ALREADY_LOADED.format(
                        name=result.data.name, version=result.data.version), messages.INFO)
                    return redirect(self._change_url(result.framework_id))
                confirm = FrameworkConfirmForm(
                    initial={"payload": sign_upload(text=text, filename=filename)})
                return TemplateResponse(
                    request, "frameworks/admin/framework_upload_preview.html",
                    self._context(request, title="Check the framework before loading it",
                                  result=result, data=result.data, confirm_form=confirm,
                                  kind=Framework.Kind(result.data.kind).label,
                                  applies_to=provider_type_labels(result.data.applies_to),
                                  applies_to_before=provider_type_labels(
                                      result.previous_applies_to),
                                  scheme=Framework.Scheme(result.data.scoring_scheme).label))
        return TemplateResponse(request, "frameworks/admin/framework_upload.html",
                                self._context(request, form=form))

    def upload_confirm_view(self, request):
        """Load the previewed file, validating it again."""
        if not _is_admin(request):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:frameworks_framework_upload")
        confirm = FrameworkConfirmForm(request.POST)
        load_errors = []
        if confirm.is_valid():
            try:
                result = framework_load(path_or_text=confirm.cleaned_data["text"],
                                        filename=confirm.cleaned_data["filename"])
            except FrameworkFileError as exc:
                load_errors = exc.messages
            else:
                data = result.data
                if result.status == LoadStatus.UNCHANGED:
                    self.message_user(request, ALREADY_LOADED.format(
                        name=data.name, version=data.version), messages.INFO)
                elif result.is_update:
                    framework = Framework.objects.get(pk=result.framework_id)
                    self.log_change(request, framework, [
                        {"changed": {"name": "framework", "object": f"from {result.filename}",
                                     "fields": list(result.previous_use)}}])
                    if list(result.previous_use) == ["applies_to"]:
                        message = APPLIES_TO_UPDATED.format(
                            name=data.name, version=data.version,
                            applies_to=", ".join(framework.applies_to_labels))
                    else:
                        message = USE_UPDATED.format(
                            name=data.name, version=data.version,
                            changes=result.summary().split(": ", 1)[1])
                    self.message_user(request, message, messages.SUCCESS)
                else:
                    framework = Framework.objects.get(pk=result.framework_id)
                    self.log_addition(request, framework, [
                        {"added": {"name": "framework", "object": f"from {result.filename}"}}])
                    self.message_user(request, LOADED.format(
                        name=data.name, version=data.version,
                        summary=result.counts_text()), messages.SUCCESS)
                return redirect(self._change_url(result.framework_id))
        else:
            load_errors = confirm.errors["payload"]
        return TemplateResponse(request, "frameworks/admin/framework_upload.html",
                                self._context(request, form=FrameworkUploadForm(),
                                              load_errors=load_errors))
