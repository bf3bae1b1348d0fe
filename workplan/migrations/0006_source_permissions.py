from django.contrib.auth.management import create_permissions
from django.db import migrations

SECRETARIAT = ["view_source", "add_source", "change_source"]
VIEWERS = ["view_source"]


def grant(apps, schema_editor):
    """The secretariat cites sources and adds them (never deletes one: records cite it);
    viewers read them. The groups are this app's (0002)."""
    app_config = apps.get_app_config("meetings")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in (("Secretariat", SECRETARIAT), ("Viewers", VIEWERS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="meetings", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(
        name__in=["Secretariat", "Viewers"]
    ):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="meetings", codename__in=SECRETARIAT)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_lists_and_search"),
        ("workplan", "0005_lists_and_search"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
