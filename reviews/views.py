"""Review pages: the list, starting a review from a submitted self-assessment, its overview,
a section's items (the reviewer's ratings and comments, or the provider lead's replies),
sharing, the provider's response and finalising. Every review is resolved through
``visible_to``; every change goes through ``reviews.services``."""
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from assessments.models import Assessment
from assessments.narrative import beside_ratings
from assessments.row_editor import posted, refresh, save_row, section_or_404
from assessments.selectors import scale_levels, section_neighbours
from core.forms import add_service_errors
from core.lists import ListFilters, page_of, years_of
from organisations.permissions import can

from . import services, workflow
from .forms import ReplyForm, ReviewItemForm, ReviewResponseForm, SectionCommentForm, StartReviewForm
from .models import Review, ReviewSection
from .pages import crumbs, perms_for, review_or_404
from .permissions import reviewable
from .sampling_selectors import sampling_organisations
from .selectors import changes_since_review, review_data, reviewing_organisations, section_items

STATE_CHOICES = [(state.value, state.label) for state in Review.State]


def review_list(request):
    """The reviews the user can see, 50 to a page, newest first, filtered by academic year and
    state and searched by provider name."""
    visible = Review.objects.visible_to(request.user)
    # The years through the reviews' own join: asked as "assessments whose id is among the
    # visible reviews'", PostgreSQL read every assessment (22 of 67 ms at 3,000 providers).
    filters = ListFilters.read(request.GET, years=years_of(visible, "assessment__period"),
                               states=STATE_CHOICES)
    reviews = visible
    if filters.year:
        reviews = reviews.filter(assessment__period=filters.year)
    if filters.state:
        reviews = reviews.filter(state=filters.state)
    if filters.q:
        reviews = reviews.filter(assessment__provider__name__icontains=filters.q)
    reviews = (reviews.select_related("assessment__provider", "assessment__framework",
                                      "organisation")
               .defer("assessment__framework__description", "assessment__framework__guidance",
                      "assessment__framework__source", "assessment__framework__corrections")
               .order_by("-assessment__period", "assessment__provider__name", "pk"))
    page = page_of(reviews, request.GET.get("page"))
    return render(request, "reviews/review_list.html", {
        "reviews": page, "page": page, "filters": filters,
        "sees_samples": bool(sampling_organisations(request.user)),
        "breadcrumbs": [("Home", reverse("home")), ("Reviews", None)],
    })


def _start_refusal(user, assessment) -> str:
    """Why the user cannot start a review of this assessment."""
    if not reviewable(assessment):
        return services.NOT_REVIEWABLE.format(state=assessment.get_state_display().lower())
    return services.NOT_ALLOWED_TO_START


def review_start(request, assessment_pk):
    """Start a review of a submitted self-assessment, for the user's partnership or LA (asked
    when there is more than one). A review the user's organisation already has is opened."""
    assessment = get_object_or_404(
        Assessment.objects.visible_to(request.user)
        .select_related("framework", "provider"), pk=assessment_pk)
    organisations = reviewing_organisations(request.user, assessment)
    if not organisations:
        own = Review.objects.visible_to(request.user).filter(
            assessment=assessment, organisation__memberships__user=request.user).first()
        if own is not None:
            messages.info(request, f"{own.organisation.name} has already started a review of "
                                   "this self-assessment: here it is.")
            return redirect("reviews:overview", pk=own.pk)
        raise PermissionDenied(_start_refusal(request.user, assessment))
    form = StartReviewForm(request.POST if request.method == "POST" else None,
                           organisations=organisations,
                           initial={"organisation": organisations[0].pk})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_start(assessment=assessment, by=request.user,
                                           organisation=form.cleaned_data["organisation"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"You have started {review.organisation.name}'s review. "
                                      "Rate each item: agree, or give your own rating.")
            return redirect("reviews:overview", pk=review.pk)
    return render(request, "reviews/review_start.html", {
        "assessment": assessment, "form": form, "organisations": organisations,
        "breadcrumbs": [("Home", reverse("home")),
                        ("Self-assessments", reverse("assessments:list")),
                        (f"{assessment.framework.name}, {assessment.period}",
                         assessment.get_absolute_url()),
                        ("Start a review", None)],
    }, status=400 if request.method == "POST" else 200)


def review_overview(request, pk):
    review = review_or_404(request, pk)
    data = review_data(request.user, review)
    perms = perms_for(request.user, review)
    return render(request, "reviews/review_overview.html", {
        "review": review, "assessment": review.assessment, "data": data,
        "changes": changes_since_review(review),
        "is_draft": review.state in workflow.EDITABLE,
        "is_final": review.state in workflow.FINAL,
        "first_unreviewed": next((row.section for row in data.sections
                                  if row.reviewed < row.total), None),
        # What the provider says beside its ratings, read by the reviewer; never edited here.
        "beside": beside_ratings(review.assessment), "can_edit": False,
        **perms, "breadcrumbs": crumbs(review),
    })


def _save_item(request, form):
    return services.item_record(
        item=form.row, by=request.user, expected_revision=form.cleaned_data["revision"],
        agrees=form.agrees, level=form.reviewer_level, comment=form.cleaned_data["comment"],
        internal_note=form.cleaned_data["internal_note"])


def _save_reply(request, form):
    reply = form.cleaned_data["reply"]
    if not reply or reply == form.row.provider_reply:
        return form.row
    return services.item_reply(item=form.row, by=request.user, reply=reply)


def _save_section_comment(request, review_section, form) -> bool:
    """Save the section's overall comment if it changed; whether the form was valid."""
    if not form.is_bound:
        return True
    if not form.is_valid():
        return False
    if form.cleaned_data["comment"] != review_section.comment:
        services.section_comment(review_section=review_section, by=request.user,
                                 comment=form.cleaned_data["comment"])
    return True


def review_section(request, pk, code):
    """One section's items: the criterion, the provider's rating and evidence, and the
    reviewer's rating and comment (a form while the review is a draft); the provider lead's
    reply to each (a form while it is shared)."""
    review = review_or_404(request, pk)
    assessment = review.assessment
    section = section_or_404(assessment, code)
    perms = perms_for(request.user, review)
    levels = scale_levels(assessment.framework.item_scale_id)
    items = section_items(request.user, review, section)
    review_section = get_object_or_404(ReviewSection, review=review, section=section)
    post = request.POST if request.method == "POST" else None
    if perms["can_record"]:
        forms = [ReviewItemForm(post if posted(request, i) else None, row=i, levels=levels)
                 for i in items]
        save = _save_item
        section_form = SectionCommentForm(post if post and "section-comment" in post else None,
                                          initial={"comment": review_section.comment})
    elif perms["can_respond"]:
        forms = [ReplyForm(post if posted(request, i) else None, row=i) for i in items]
        save, section_form = _save_reply, None
    else:
        forms, save, section_form = [None] * len(items), None, None
    conflicts = {}
    if request.method == "POST":
        if save is None:
            raise PermissionDenied(services.NOT_ALLOWED_TO_RECORD)
        for form in forms:
            if form.is_bound and form.is_valid():
                _stored, current = save_row(request, form, save)
                if current is not None:
                    conflicts[form.row.pk] = current
        comment_ok = section_form is None or _save_section_comment(
            request, review_section, section_form)
        if comment_ok and not conflicts and all(f.is_valid() for f in forms if f.is_bound):
            messages.success(request, f"Saved {section.title}.")
            _, following = section_neighbours(assessment, section)
            if request.POST.get("next") == "next":
                if following:
                    return redirect("reviews:section", pk=review.pk, code=following[0])
                return redirect("reviews:overview", pk=review.pk)
            return redirect("reviews:section", pk=review.pk, code=section.code)
        refresh([f for f in forms if f], section_items(request.user, review, section))
        items = [f.row for f in forms]
    previous, following = section_neighbours(assessment, section)
    rows = [{"item": item, "criterion": item.response.criterion, "response": item.response,
             "form": form, "conflict": conflicts.get(item.pk)}
            for item, form in zip(items, forms, strict=True)]
    return render(request, "reviews/review_section.html", {
        "review": review, "assessment": assessment, "section": section, "rows": rows,
        "levels": levels, "section_form": section_form, "section_comment": review_section.comment,
        "editable": save is not None, "previous": previous, "following": following,
        "error_forms": [f for f in forms if f and f.is_bound and f.errors]
        + ([section_form] if section_form is not None and section_form.errors else []),
        "has_conflicts": bool(conflicts), **perms,
        "breadcrumbs": crumbs(review, (f"{section.code}. {section.title}", None)),
    }, status=400 if request.method == "POST" else 200)


def _step(request, pk, *, permission, refusal, service, template, title, success):
    """A confirmation page for one workflow step (share, finalise)."""
    review = review_or_404(request, pk)
    if not can(request.user, permission, review):
        raise PermissionDenied(refusal)
    data = review_data(request.user, review)
    errors = []
    if request.method == "POST":
        try:
            service(review=review, by=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, success.format(provider=review.assessment.provider.name))
            return redirect("reviews:overview", pk=review.pk)
    return render(request, template, {
        "review": review, "assessment": review.assessment, "data": data, "errors": errors,
        "breadcrumbs": crumbs(review, (title, None)),
    }, status=400 if errors else 200)


def review_share(request, pk):
    return _step(request, pk, permission="reviews.share_review",
                 refusal=services.NOT_ALLOWED_TO_SHARE, service=services.review_share,
                 template="reviews/review_share.html", title="Share with the provider",
                 success="Shared. {provider}'s lead can now read the review and reply.")


def review_finalise(request, pk):
    return _step(request, pk, permission="reviews.finalise_review",
                 refusal=services.NOT_ALLOWED_TO_FINALISE, service=services.review_finalise,
                 template="reviews/review_finalise.html", title="Finalise the review",
                 success="Finalised. The review is read-only, and every commissioner of "
                         "{provider} can now see it.")


def review_respond(request, pk):
    """The provider lead's overall response to a shared review."""
    review = review_or_404(request, pk)
    if not can(request.user, "reviews.respond_to_review", review):
        raise PermissionDenied(services.NOT_ALLOWED_TO_RESPOND)
    form = ReviewResponseForm(request.POST or None,
                              initial={"response": review.provider_response})
    if request.method == "POST" and form.is_valid():
        try:
            services.review_respond(review=review, by=request.user,
                                    response=form.cleaned_data["response"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Your response has been sent to "
                                      f"{review.organisation.name}.")
            return redirect("reviews:overview", pk=review.pk)
    return render(request, "reviews/review_respond.html", {
        "review": review, "assessment": review.assessment, "form": form,
        "data": review_data(request.user, review),
        "breadcrumbs": crumbs(review, ("Respond to the review", None)),
    })
