"""Root URLconf."""
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dashboards.views import home
from organisations.forms import (
    PortalAuthenticationForm,
    PortalPasswordChangeForm,
    PortalPasswordResetForm,
    PortalSetPasswordForm,
)

from . import views

admin.site.site_header = "QA Portal administration"
admin.site.site_title = "QA Portal administration"
admin.site.index_title = "Organisations, people and frameworks"

auth_patterns = [
    path("login/", auth_views.LoginView.as_view(
        authentication_form=PortalAuthenticationForm, redirect_authenticated_user=True),
        name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("keep-alive/", views.keep_alive, name="keep_alive"),
    path("password/change/", auth_views.PasswordChangeView.as_view(
        form_class=PortalPasswordChangeForm), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(),
         name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(
        form_class=PortalPasswordResetForm), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(),
         name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=PortalSetPasswordForm), name="password_reset_confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
]

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/", include(auth_patterns)),
    path("organisations/", include("organisations.urls")),
    path("", include("people.urls")),
    path("frameworks/", include("frameworks.urls")),
    path("assessments/", include("assessments.urls")),
    path("action-plans/", include("actionplans.urls")),
    path("visits/", include("visits.urls")),
    path("reviews/", include("reviews.urls")),
    path("outcomes/", include("outcomes.urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("exports/", include("exports.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "qaportal.views.bad_request"
handler403 = "qaportal.views.permission_denied"
handler404 = "qaportal.views.page_not_found"
handler500 = "qaportal.views.server_error"
