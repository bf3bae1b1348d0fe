from django.apps import AppConfig

# The apps whose records partners mirror and whose pages and API responses are cached.
SYNCED_APPS = ("meetings", "forums", "workplan")


class SyncConfig(AppConfig):
    name = "sync"
    verbose_name = "Data version and deletions"

    def ready(self):
        from sync import signals

        signals.connect(SYNCED_APPS)
