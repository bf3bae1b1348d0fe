"""The secretariat keeps the webhook subscriptions and reads and redelivers the log;
viewers read both. Changing a delivery means redelivering it: the log is never edited."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT = [
    "view_webhooksubscription",
    "add_webhooksubscription",
    "change_webhooksubscription",
    "delete_webhooksubscription",
    "view_delivery",
    "change_delivery",
    "view_attempt",
]
VIEWERS = ["view_webhooksubscription", "view_delivery", "view_attempt"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("webhooks")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Secretariat", SECRETARIAT), ("Viewers", VIEWERS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="webhooks", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(
        name__in=["Secretariat", "Viewers"]
    ):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="webhooks"))


class Migration(migrations.Migration):
    dependencies = [
        ("webhooks", "0001_initial"),
        ("workplan", "0002_secretariat_and_viewers_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
