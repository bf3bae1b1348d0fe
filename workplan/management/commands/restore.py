from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from workplan.management.commands.backup import REBUILT_BY_MIGRATE

# `migrate` creates the admin's roles; the backup holds them as they were, permissions and all.
SEEDED_BY_MIGRATE = ["auth.group"]


class Command(BaseCommand):
    help = (
        "Load a file written by `backup` into an empty, migrated database, all or nothing. "
        "Refuses a database that already holds records."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file written by `backup`")

    def handle(self, *, path, **options):
        holding = [
            model._meta.label
            for model in apps.get_models()
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.app_label not in REBUILT_BY_MIGRATE
            and model._meta.label_lower not in [*REBUILT_BY_MIGRATE, *SEEDED_BY_MIGRATE]
            and model._base_manager.exists()
        ]
        if holding:
            raise CommandError(
                "The database is not empty (it holds "
                + ", ".join(holding)
                + "): restore into a new database after `manage.py migrate`."
            )
        # All or nothing; loaddata also resets the primary-key sequences.
        with transaction.atomic():
            Group.objects.all().delete()
            call_command("loaddata", path, from_backup=True, verbosity=0)
        self.stdout.write(f"Restored the database from {path}")
