from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class RestApiConfig(AppConfig):
    name = "restapi"
    verbose_name = "REST API"

    def ready(self):
        # Each app's api.py registers its resources, as admin.py registers its models.
        autodiscover_modules("api")
