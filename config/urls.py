from django.contrib import admin
from django.urls import include, path

from config import probes
from restapi import API_PREFIX

handler500 = "config.errors.server_error"

urlpatterns = [
    path("healthz", probes.healthz, name="healthz"),
    path("readyz", probes.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path(API_PREFIX.removeprefix("/"), include(("restapi.urls", "api"), namespace="api")),
    path("meetings/", include("meetings.urls")),
    path("forums/", include("forums.urls")),
    path("", include("workplan.urls")),
    path("", include("workplan.export_urls")),
]
