from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self):
        from webhooks import checks, outbox  # noqa: F401 (checks registers itself)

        outbox.connect()
