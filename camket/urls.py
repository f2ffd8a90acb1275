from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from camket import home, twofactor
from camket.agencies.forms import AuditedPasswordChangeForm, AuditedSetPasswordForm
from camket.portal import views as portal_views

urlpatterns = [
    path("", home.home, name="home"),
    path("help/", home.help_page, name="help"),
    path("register/", include("camket.registry.urls")),
    path("implementation/", include("camket.obligations.urls")),
    path("compatibility/", include("camket.compatibility.urls")),
    path("monitoring/", include("camket.monitoring.urls")),
    path("evaluation/", include("camket.evaluation.urls")),
    path("scorecards/", include("camket.evaluation.scoring.urls")),
    path("reviews/", include("camket.evaluation.reviews.urls")),
    path("coordination/", include("camket.coordination.urls")),
    path("mechanisms/", include("camket.coordination.mechanisms.urls")),
    path("public/", include("camket.portal.urls")),
    path("sitemap.xml", portal_views.sitemap, name="sitemap"),
    path("robots.txt", portal_views.robots_txt, name="robots"),
    # Open data owns api/v1/ and public/data/, public/feeds/, public/subscriptions/;
    # consultation owns consultation/, public/consultations/ and public/feedback/.
    path("", include("camket.portal.opendata.urls")),
    path("", include("camket.portal.consultation.urls")),
    path("accounts/two-factor/", twofactor.enrol, name="two-factor"),
    path("accounts/two-factor/verify/", twofactor.verify, name="two-factor-verify"),
    path("accounts/two-factor/remove/", twofactor.remove, name="two-factor-remove"),
    # Password changes go through the audited action (agencies/forms.py) before auth's own urls.
    path(
        "accounts/password_change/",
        auth_views.PasswordChangeView.as_view(form_class=AuditedPasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=AuditedSetPasswordForm),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
