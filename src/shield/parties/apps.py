from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "shield.parties"
    label = "parties"
    verbose_name = "States and Parties"
