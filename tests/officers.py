"""A secretariat officer as the tests need one, on any database state.

Transactional tests flush the database, and with it the groups the migrations create:
the officer gets the group by name and the permissions on the user itself.
"""

from django.contrib.auth.models import Group, Permission, User
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

# What every admin page costs besides its own queries, counted apart in the pages' tests:
# the second-factor device of the session, and the session's idle expiry pushed back
# (savepoint, update, release).
SECOND_FACTOR_QUERIES = 4


def secretariat_officer(username="officer", password="Correct-horse-battery-42"):
    user = User.objects.create_user(username, password=password, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Secretariat")[0])
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["meetings", "forums", "workplan"],
            codename__regex=r"^(view|add|change)_",
        )
    )
    return user


def authenticator_of(user):
    """A confirmed authenticator app (TOTP device) for the user, as enrolment leaves it."""
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def code_of(device):
    """The code the authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
