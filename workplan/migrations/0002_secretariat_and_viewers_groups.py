"""The two roles of the admin: the secretariat keeps the data current, viewers read it.

Secretariat: add, change and view on every work-plan, meeting and forum model; delete only
where nothing of the record's history goes with it (a forum's or meeting's participants and
presentations). The history of updates is read-only for everyone: the service writes it.
Viewers: view only.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("meetings", "forums", "workplan")
READ_ONLY = {"priorityupdate"}
DELETABLE = {"participant", "presentation"}


def model_names(apps):
    return [
        model._meta.model_name
        for label in APPS
        for model in apps.get_app_config(label).get_models()
    ]


def create_groups(apps, schema_editor):
    # On a fresh database the permissions are only created after all migrations have run:
    # create them now so that the groups can hold them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(codenames):
        return Permission.objects.filter(content_type__app_label__in=APPS, codename__in=codenames)

    names = model_names(apps)
    secretariat = [f"view_{name}" for name in names]
    secretariat += [
        f"{action}_{name}"
        for name in names
        if name not in READ_ONLY
        for action in ("add", "change")
    ]
    secretariat += [f"delete_{name}" for name in names if name in DELETABLE]
    group, _ = Group.objects.get_or_create(name="Secretariat")
    group.permissions.set(permissions(secretariat))

    group, _ = Group.objects.get_or_create(name="Viewers")
    group.permissions.set(permissions([f"view_{name}" for name in names]))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Secretariat", "Viewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("meetings", "0001_initial"),
        ("forums", "0001_initial"),
        ("workplan", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
