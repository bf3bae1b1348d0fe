from django.contrib.admin.apps import AdminConfig


class SecretariatAdminConfig(AdminConfig):
    """The admin, open only to staff who have passed the second factor."""

    default_site = "config.secondfactor.SecretariatAdminSite"
