from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from nghiquyet.api.api import api
from nghiquyet.web import views as web_views

urlpatterns = [
    path("", include("nghiquyet.web.urls")),
    path("orgs/", include("nghiquyet.orgs.urls")),
    path("meetings/", include("nghiquyet.meetings.urls")),
    path("resolutions/", include("nghiquyet.resolutions.urls")),
    path("oversight/", include("nghiquyet.oversight.urls")),
    path("quality/", include("nghiquyet.quality.urls")),
    path("documents/", include("nghiquyet.documents.urls")),
    path("inbox/", include("nghiquyet.notify.urls")),
    path("api/", api.urls),
    path("accounts/api-tokens/", include("nghiquyet.api.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Django's set_language, which also records the choice for the notifications (web.views.set_language).
    path("i18n/setlang/", web_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

# The application's own pages for errors, in the user's language (nghiquyet/web/errors.py).
handler400 = "nghiquyet.web.errors.bad_request"
