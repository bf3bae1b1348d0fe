from django.contrib import admin
from django.urls import include, path

from sync import views as sync_views

handler500 = "config.errors.server_error"

urlpatterns = [
    path("healthz", sync_views.healthz, name="healthz"),
    path("readyz", sync_views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(("config.api", "api"), namespace="api")),
    path("meetings/", include("meetings.urls")),
    path("forums/", include("forums.urls")),
    path("", include("workplan.urls")),
    path("", include("workplan.export_urls")),
]
