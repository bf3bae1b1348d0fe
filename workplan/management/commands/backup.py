import datetime
import os

from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.serializers import json
from django.db import connection, transaction

# Rebuilt by `migrate` in the target database; the backup refers to them by natural key.
REBUILT_BY_MIGRATE = ["contenttypes", "auth.permission"]
FORMAT = "json-exact"


class ExactEncoder(json.DjangoJSONEncoder):
    """Django's encoder cuts times to the millisecond; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat().replace("+00:00", "Z")
        return super().default(o)


class Serializer(json.Serializer):
    """Django's JSON format, exact to the microsecond: `loaddata` reads it as plain JSON."""

    def _init_options(self):
        self.options.setdefault("cls", ExactEncoder)
        super()._init_options()


Deserializer = json.Deserializer


class Command(BaseCommand):
    help = (
        "Write every record of the database to a JSON file that `restore` loads into an "
        "empty, migrated database. Primary keys are kept, so the copy is identical."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the file to write")

    def handle(self, *, path, **options):
        serializers.register_serializer(FORMAT, __name__)
        partial = f"{path}.partial"
        # Password hashes, API tokens and participants' private contacts are in it.
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        # One snapshot: tables read one after another must agree with each other
        # even while the application keeps writing.
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            call_command(
                "dumpdata",
                format=FORMAT,
                natural_foreign=True,
                exclude=REBUILT_BY_MIGRATE,
                indent=1,
                output=partial,
                verbosity=0,
            )
        # A backup that stopped half-way never takes the place of a good one.
        os.replace(partial, path)
        self.stdout.write(f"Backed up the database to {path}")
