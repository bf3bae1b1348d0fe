"""A secretariat officer as the tests need one, on any database state.

Transactional tests flush the database, and with it the groups the migrations create:
the officer gets the group by name and the permissions on the user itself.
"""

from django.contrib.auth.models import Group, Permission, User


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
