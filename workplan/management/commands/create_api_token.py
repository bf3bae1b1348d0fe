from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from workplan.api import SECRETARIAT


class Command(BaseCommand):
    help = (
        "Create a new API token for a user (replacing the user's old token) and print it on "
        "the last line; with --revoke, delete the user's token. Partners send it as "
        "'Authorization: Token <token>'."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--revoke", action="store_true", help="delete the user's token instead")

    @transaction.atomic
    def handle(self, *, username, revoke, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        deleted, _ = Token.objects.filter(user=user).delete()
        if revoke:
            self.stdout.write(
                f"Revoked the token of {username}." if deleted else f"{username} had no token."
            )
            return
        if not user.is_active:
            raise CommandError(f"{username} is inactive: an inactive user's token is refused.")
        if not (
            user.groups.filter(name=SECRETARIAT).exists()
            or user.has_perm("workplan.change_priority")
        ):
            self.stdout.write(
                f"Note: {username} is not in the {SECRETARIAT} group: the token can read but not write."
            )
        if deleted:
            self.stdout.write(f"The old token of {username} no longer works.")
        self.stdout.write(Token.objects.create(user=user).key)
