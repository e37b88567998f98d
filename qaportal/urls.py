"""Root URLconf."""
from allauth.account.decorators import secure_admin_login
from allauth.socialaccount import views as socialaccount_views
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from api.views import api_reference
from dashboards.views import home
from organisations.forms import (
    PortalPasswordChangeForm,
    PortalPasswordResetForm,
    PortalSetPasswordForm,
)
from people.accounts import PasswordAgainView, SignInView

from . import views

# The admin has no sign-in page of its own: the portal's asks for the second factor too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "QA Portal administration"
admin.site.site_title = "QA Portal administration"
admin.site.index_title = "Organisations, people and frameworks"

auth_patterns = [
    # Signing in is django-allauth's (people/accounts.py); "account_login" is the name allauth's
    # own pages send people back to.
    path("login/", SignInView.as_view(), name="login"),
    path("login/", SignInView.as_view(), name="account_login"),
    path("reauthenticate/", PasswordAgainView.as_view(), name="account_reauthenticate"),
    # Two-factor: setting up an authenticator app, recovery codes, the code step at sign-in.
    path("two-factor/", include("allauth.mfa.urls")),
    # Single sign-on (people/single_sign_on.py): on to the identity provider and back, and
    # the pages for a sign-in cancelled there or gone wrong.
    path("single-sign-on/", include("allauth.socialaccount.providers.openid_connect.urls")),
    path("single-sign-on/cancelled/", socialaccount_views.login_cancelled,
         name="socialaccount_login_cancelled"),
    path("single-sign-on/problem/", login_not_required(socialaccount_views.login_error),
         name="socialaccount_login_error"),
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
    path("commissioning/", include("commissioning.urls")),
    path("visits/", include("visits.urls")),
    path("reviews/", include("reviews.urls")),
    path("outcomes/", include("outcomes.urls")),
    # Before the API's own addresses: the reference is a page for people, not an endpoint.
    path("api/v1/docs/", api_reference, name="api_reference"),
    path("api/v1/", include("api.urls")),
    path("", include("api.page_urls")),
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
