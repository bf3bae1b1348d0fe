from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "workplan"
    verbose_name = "Work plans and priorities"
