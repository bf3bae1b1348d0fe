import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

PASSWORD_VARIABLE = "SECRETARIAT_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create a staff account for a secretariat officer, in the Secretariat group. "
        f"The password is asked for, or read from {PASSWORD_VARIABLE} when set (for scripts)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username, email, first_name, last_name, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        try:
            group = Group.objects.get(name="Secretariat")
        except Group.DoesNotExist:
            raise CommandError(
                "The Secretariat group does not exist yet: run `manage.py migrate` first."
            ) from None

        user = User(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=True,
        )
        password = self.read_password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("The password was refused: " + " ".join(error.messages)) from None
        user.set_password(password)
        with transaction.atomic():
            user.save()
            user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"Created {username!r} in the Secretariat group."))

    def read_password(self):
        password = os.environ.get(PASSWORD_VARIABLE)
        if password:
            return password
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        if not password:
            raise CommandError("The password is empty.")
        return password
