"""The row-page editor that self-assessments and QA visits both use.

A section's rows (its record's ``responses``: a ``Response`` each, a ``VisitAnswer`` for a
visit) are a page of forms (``forms.RowForm``), each prefixed by its row's id and carrying the
revision the page was drawn from. Saving the page saves every row that was posted and is
valid. A row someone else saved meanwhile comes back as a conflict; a conflict or anything
invalid is drawn again as the user typed it, over what is now saved.
One row can also be saved in place (htmx), falling back to the page without JavaScript.

Each page gives the editor its save function, ``save(request, form)``: it records the row
through the app's service and returns the saved row, or raises ``EditConflict``.
"""
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from core.forms import parse_id
from frameworks.models import Section

from .selectors import section_neighbours
from .services import EditConflict

ROW_STATUS_TEMPLATE = "assessments/includes/_criterion_status.html"


def section_or_404(assessment, code) -> Section:
    """The assessment's framework section with this code, or a 404."""
    return get_object_or_404(
        Section.objects.select_related("group"), framework=assessment.framework, code=code
    )


def row_or_404(record, row_pk):
    """One of the record's rows (a self-assessment's response, a visit's answer: its
    ``responses``), or a 404."""
    return get_object_or_404(record.responses.select_related("criterion__section", "level"),
                             pk=row_pk)


def posted(request, row) -> bool:
    """Whether the row's fields were posted. A row not posted is left as it is, not treated
    as blank."""
    return request.method == "POST" and f"c{row.pk}-revision" in request.POST


def set_revision(form, revision: int):
    """Move a bound form's revision to the latest, so the page redrawn from it does not
    conflict with itself, and saving again after a conflict knowingly replaces theirs."""
    if form.is_bound:
        form.data = form.data.copy()
        form.data[form.add_prefix("revision")] = str(revision)


def save_row(request, form, save) -> tuple[object | None, object | None]:
    """Run one row's save: (the row as this save stored it, or None; the other person's
    version when there was a conflict). The form's revision moves to the latest either way."""
    try:
        saved = save(request, form)
    except EditConflict as conflict:
        set_revision(form, conflict.current.revision)
        return None, conflict.current
    set_revision(form, saved.revision)
    return saved, None


def _save_rows(request, forms, save, ignore_errors) -> tuple[int, dict]:
    """Save every posted, valid row (a row whose only errors are in ``ignore_errors`` is saved
    too: a rejected file does not stop its text being saved). Returns (how many saved,
    conflicts by row id). A row the user may not change has no form (None)."""
    saved, conflicts = 0, {}
    for form in forms:
        if form is None or not form.is_bound:
            continue
        if form.is_valid() or (ignore_errors and set(form.errors) <= set(ignore_errors)):
            stored, current = save_row(request, form, save)
            saved += stored is not None
            if current is not None:
                conflicts[form.row.pk] = current
    return saved, conflicts


def _remove_posted_file(request, assessment, remove) -> bool:
    """Remove the evidence file the user asked to remove ("remove_file"), through ``remove``."""
    removed = parse_id(request.POST.get("remove_file"))
    evidence = removed and assessment.files.filter(pk=removed).first()
    if not evidence:
        return bool(removed)
    remove(evidence=evidence, by=request.user)
    messages.success(request, f"Removed {evidence.original_name}.")
    return True


def post_page(request, *, assessment, section, forms, save, remove_file, url_name: str,
              noun: str, ignore_errors=()):
    """Handle a row page's POST: save the rows, remove a file if asked. Returns (a redirect
    when everything posted was saved, else None; conflicts by row id). With None the caller
    draws the page again from fresh rows (``refresh``), keeping what the user typed."""
    saved, conflicts = _save_rows(request, forms, save, ignore_errors)
    removed = _remove_posted_file(request, assessment, remove_file)
    if not conflicts and all(form.is_valid() for form in forms if form and form.is_bound):
        if not removed:
            messages.success(request, f"Saved {section.title}.")
        return redirect_after_save(request, assessment, section, url_name), conflicts
    if saved:
        messages.info(request, f"{saved} of {len(forms)} {noun} were saved. "
                               "Check the ones marked below.")
    return None, conflicts


def redirect_after_save(request, assessment, section, url_name: str):
    """After a section's page is saved: "Save and continue" ("next") goes to the next section's
    page, or to the overview after the last; "Save" comes back to the same page."""
    if request.POST.get("next") == "next":
        _, following = section_neighbours(assessment, section)
        if following:
            return redirect(url_name, pk=assessment.pk, code=following[0])
        return redirect(assessment)
    return redirect(url_name, pk=assessment.pk, code=section.code)


def refresh(forms, rows):
    """Point each form at the freshly read row with its id, so the redrawn page shows what is
    saved now under what the user typed."""
    fresh = {row.pk: row for row in rows}
    for form in forms:
        if form is not None:
            form.row = fresh[form.row.pk]


def save_one(request, *, form, save, page_url: str, anchor: str):
    """Save one row in place (htmx): the row's status fragment, 200 saved, 409 conflict, 422
    invalid. Without htmx, back to the row on its page. Files go with the page's own submit."""
    row = form.row
    context = {"response": row, "form": form, "conflict": None, "saved": False}
    if form.is_valid():
        form.cleaned_data["files"] = []
        stored, current = save_row(request, form, save)
        # The revision sent back is the one this save wrote (or, on a conflict, theirs):
        # never the row read again afterwards, which may hold a later save by someone else
        # that this page would then overwrite without a conflict.
        context.update(saved=stored is not None, conflict=current,
                       response=stored or current or row)
    if not request.htmx:
        if context["saved"]:
            messages.success(request, f"Saved {row.criterion.code}.")
        return redirect(f"{page_url}#{anchor}")
    return render(request, ROW_STATUS_TEMPLATE, context,
                  status=200 if context["saved"] else 409 if context["conflict"] else 422)
