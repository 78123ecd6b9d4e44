from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from workshops import views as workshop_views

urlpatterns = [
    path("", workshop_views.home, name="home"),
    path("healthz", workshop_views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("workshops.urls")),
    path("", include("ideas.urls")),
    path("", include("processes.urls")),
    path("", include("registrations.urls")),
]
