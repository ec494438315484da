from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "shield.jobs"
    label = "jobs"
    verbose_name = "Long work as jobs"
