from django.contrib import admin
from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_urls

from config import probes
from config.secondfactor import SecondFactorView
from restapi import API_PREFIX

handler500 = "config.errors.server_error"

urlpatterns = [
    path("healthz", probes.healthz, name="healthz"),
    path("readyz", probes.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("account/second-factor/", SecondFactorView.as_view(), name="second-factor"),
    path("", include(two_factor_urls)),
    path(API_PREFIX.removeprefix("/"), include(("restapi.urls", "api"), namespace="api")),
    path("meetings/", include("meetings.urls")),
    path("forums/", include("forums.urls")),
    path("", include("workplan.urls")),
    path("", include("workplan.export_urls")),
]
